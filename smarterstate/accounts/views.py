from django.contrib.auth import views as auth_views

from smarterstate.authz import Level
from smarterstate.authz.views import requires

from .forms import SignInForm

login = requires(Level.PUBLIC)(
    auth_views.LoginView.as_view(
        template_name="registration/login.html",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
        extra_context={"page_title": "Sign in"},
    )
)
# Logging out is POST-only (Django 5); a GET shows a 405.
logout = requires(Level.PUBLIC)(auth_views.LogoutView.as_view())
password_change = requires(Level.AUTHENTICATED)(
    auth_views.PasswordChangeView.as_view(
        template_name="core/form_page.html",
        success_url="/",
        extra_context={"page_title": "Change your password"},
    )
)
