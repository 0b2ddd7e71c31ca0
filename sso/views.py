"""Sign-in and sign-out through the identity provider (around mozilla-django-oidc's views),
and the sign-in page with its SSO button. The PMO's mapping pages are in pages.py."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from mozilla_django_oidc import views as oidc_views

from sso import config

logger = logging.getLogger(__name__)


def _unavailable(request):
    messages.error(
        request,
        _("The company sign-in cannot be reached at the moment. Please try again later."),
    )
    return redirect("login")


class SignInView(auth_views.LoginView):
    """The sign-in page: the SSO button when single sign-on is on; the password form when
    local accounts are on (LOCAL_LOGIN_ENABLED), else only at ?local=1 for a superuser's
    break-glass sign-in (pmo_portal.roles.PasswordBackend refuses the others)."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["local_login"] = (
            settings.LOCAL_LOGIN_ENABLED or self.request.GET.get("local") == "1"
        )
        if config.enabled():
            context["sso_login_url"] = reverse("sso:login")
            context["sso_provider_name"] = settings.OIDC_PROVIDER_NAME
        return context


class StartView(oidc_views.OIDCAuthenticationRequestView):
    """The SSO button: off to the provider's authorization endpoint (state, nonce, PKCE)."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the endpoints are read in dispatch, if SSO is on

    def dispatch(self, request, *args, **kwargs):
        if not config.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = config.setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except config.ProviderUnavailable:
            return _unavailable(request)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().dispatch(request, *args, **kwargs)


class CallbackView(oidc_views.OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code: SsoBackend checks it. Refused:
    back to the sign-in page with a message (the reason goes to the log)."""

    def dispatch(self, request, *args, **kwargs):
        if not config.enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def login_failure(self):
        if self.request.GET.get("error"):
            logger.warning("SSO: the provider answered %s", self.request.GET.get("error"))
        messages.error(
            self.request,
            _(
                "Your company account could not sign you in to the portal. Please try again, "
                "or ask the PMO."
            ),
        )
        return HttpResponseRedirect(reverse("login"))


class LogoutView(auth_views.LogoutView):
    """Sign-out (POST): the portal's session ends; a person signed in through the provider
    is then signed out there too (its end-session endpoint, with the ID token as hint), and
    the provider sends them back to the sign-in page."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        if not (id_token and config.enabled()):
            return response
        try:
            endpoint = config.setting("OIDC_OP_LOGOUT_ENDPOINT")
        except config.ProviderUnavailable:
            return response
        if not endpoint:
            return response
        query = urlencode(
            {
                "id_token_hint": id_token,
                "client_id": settings.OIDC_RP_CLIENT_ID,
                "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
            }
        )
        separator = "&" if "?" in endpoint else "?"
        return HttpResponseRedirect(f"{endpoint}{separator}{query}")
