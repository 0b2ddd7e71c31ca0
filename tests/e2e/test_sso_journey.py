"""Single sign-on in a real browser against the real OpenID Connect provider of
tests/sso/conftest.py: sign-in through the provider's page, the home page with the role the
group claim gave, sign-out through the provider's end-session and back; then axe and the
Nu HTML checker on the SSO pages (the sign-in page with its button, SSO only, the PMO's
group mapping pages, the form with its errors).

Expected texts come from ``gettext``, so the assertions hold before and after the French
catalogue has the new strings."""

from __future__ import annotations

import re
import warnings

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from pmo_portal.roles import Role
from sso.models import SsoGroupMapping
from tests.e2e.conftest import BLOCKING_IMPACTS, format_violations, run_axe
from tests.e2e.test_accessibility import open_user_menu
from tests.e2e.test_page_sweep import Visit, run_vnu
from tests.sso.conftest import PASSWORD, provider, provider_process, sso_on  # noqa: F401

pytestmark = pytest.mark.e2e


def fr(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


@pytest.fixture
def sso_live(sso_on, live_server):  # noqa: F811 (the fixtures imported above)
    """SSO on, and the provider sending the browser back to the live server."""
    if f"{live_server.url}/accounts/sso/callback/" not in sso_on.redirect_uris:
        sso_on.register(live_server.url)
    return sso_on


def test_sign_in_and_out_through_the_identity_provider(page, live_server, french, sso_live):
    SsoGroupMapping.objects.create(group="pmo-pm", role=Role.PROJECT_MANAGER)
    sso_live.set_user(
        "jeanne.martin",
        groups=["pmo-pm"],
        email="jeanne.martin@example.org",
        given_name="Jeanne",
        family_name="Martin",
    )

    page.goto(live_server.url + reverse("home"))
    expect(page).to_have_url(re.compile(re.escape(reverse("login"))))
    page.get_by_role("link", name=re.compile("Keycloak")).click()
    # The provider's own sign-in page.
    expect(page).to_have_url(re.compile(re.escape(sso_live.url)))
    page.locator("#id_username").fill("jeanne.martin")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in to the provider").click()

    # Back on the portal's home, as a project manager.
    expect(page).to_have_url(live_server.url + reverse("home"))
    user_menu = page.locator("#portal-nav .navbar-nav:not(.me-auto) .dropdown-toggle")
    expect(user_menu).to_contain_text("Jeanne Martin")
    expect(user_menu.locator(".role-label")).to_have_text(fr("Project manager"))

    open_user_menu(page)
    page.get_by_role("button", name=fr("Sign out")).click()
    # Through the provider's end-session, back to the sign-in page, signed out of both.
    expect(page).to_have_url(live_server.url + reverse("login"))
    page.goto(live_server.url + reverse("home"))
    expect(page).to_have_url(re.compile(re.escape(reverse("login"))))
    page.get_by_role("link", name=re.compile("Keycloak")).click()
    expect(page.locator("#id_password")).to_be_visible()  # the provider asks again


def test_sso_pages_pass_axe_and_the_html_checker(
    page, context, live_server, french, sign_in, settings, sso_live, tmp_path
):
    visits = []

    def check(role: str, name: str, path: str, action=None) -> None:
        response = page.goto(live_server.url + path)
        if action:
            action()
        visit = Visit(role, "fr", name, path, status=response.status)
        visit.html = page.content()
        violations = run_axe(page)
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        if blocking:
            visit.problems["axe"] = [format_violations(blocking)]
        elif violations:
            warnings.warn(f"{name}: {format_violations(violations)}", stacklevel=1)
        visits.append(visit)

    check("anonymous", "login with the SSO button", reverse("login"))
    settings.LOCAL_LOGIN_ENABLED = False
    check("anonymous", "login, SSO only", reverse("login"))
    settings.LOCAL_LOGIN_ENABLED = True

    sign_in("pmo")
    mapping = SsoGroupMapping.objects.create(group="/pmo-nord", role=Role.EXECUTIVE)
    check("pmo", "mapping list", reverse("sso:mapping_list"))
    check("pmo", "mapping form", reverse("sso:mapping_update", args=[mapping.pk]))
    check("pmo", "mapping delete", reverse("sso:mapping_delete", args=[mapping.pk]))

    def submit_empty() -> None:
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#form-errors")).to_be_visible()

    check("pmo", "mapping form with errors", reverse("sso:mapping_create"), submit_empty)

    run_vnu(visits, tmp_path)
    problems = {visit.name: visit.problems for visit in visits if visit.problems}
    assert problems == {}
