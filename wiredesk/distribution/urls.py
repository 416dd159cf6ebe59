from django.urls import path

from wiredesk.distribution.feeds import LatestRss

app_name = "distribution"
urlpatterns = [path("feeds/latest.rss", LatestRss(), name="latest-rss")]
