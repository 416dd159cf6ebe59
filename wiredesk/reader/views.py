"""Public pages. Views stay thin: visibility lives in Article.objects.published()."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from wiredesk.desk.models import Article

HOME_LATEST = 20


def home(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.published().latest_first().select_related("country")
    page = Paginator(articles, HOME_LATEST).get_page(request.GET.get("page"))
    return render(request, "reader/home.html", {"page": page})


def article(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    obj = get_object_or_404(
        Article.objects.published().select_related("country"), pk=pk
    )
    if slug != obj.slug:
        return redirect(obj, permanent=True)
    return render(request, "reader/article.html", {"article": obj})
