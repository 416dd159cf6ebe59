from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from wiredesk.desk.forms import DeskLoginForm


class DeskLoginView(auth_views.LoginView):
    """Sign-in for writers, editors and admins (attempts are rate-limited)."""

    form_class = DeskLoginForm
    template_name = "desk/login.html"
    redirect_authenticated_user = True
    next_page = reverse_lazy("desk:home")


class DeskLogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("desk:login")
