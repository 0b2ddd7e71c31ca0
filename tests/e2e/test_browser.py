"""A project manager's journey in a real browser, and screenshots of the main PMO screens.

Expected texts come from ``gettext`` in the language being checked, so the assertions hold
before and after the French catalogue is written: today only Django's own French strings
(e.g. "History" → "Historique", "Home" → "Accueil") differ from the English source.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.e2e.conftest import SHOTS_DIR
from tests.e2e.test_accessibility import submit_end_before_start
from tests.portfolios.factories import PASSWORD

pytestmark = pytest.mark.e2e


def tr(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


# Headings of the project detail page; "History" is in Django's French catalogue (admin),
# the others differ between languages once the portal's French catalogue lands.
DETAIL_HEADINGS = ["History", "Key facts", "Business case", "Latest declared status"]


def assert_detail_in(page, language: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    for text in DETAIL_HEADINGS:
        expect(page.get_by_role("heading", name=tr(language, text), exact=True)).to_be_visible()
    breadcrumb = page.get_by_role("navigation", name=tr(language, "Breadcrumb"))
    expect(breadcrumb.get_by_role("link", name=tr(language, "Home"), exact=True)).to_be_visible()
    pressed = page.locator("header button[name=language][aria-pressed=true]")
    expect(pressed).to_have_attribute("value", language)


def test_project_manager_signs_in_opens_a_project_and_switches_language(
    page, context, live_server, world
):
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    project = world.project_a

    # Anonymous: the home page sends to the sign-in form.
    page.goto(live_server.url + reverse("home"))
    expect(page).to_have_url(re.compile(re.escape(reverse("login"))))
    main = page.locator("main")
    main.locator("#id_username").fill(world.users["pm"].username)
    main.locator("#id_password").fill(PASSWORD)
    # The navbar holds the language switcher's submit buttons: use the one of the form.
    main.get_by_role("button", name=tr("en", "Sign in")).click()

    # Home page: the projects I manage.
    expect(page).to_have_url(live_server.url + reverse("home"))
    expect(page.get_by_role("heading", name=tr("en", "My projects"))).to_be_visible()
    expect(page.locator("#my-projects + .table-responsive")).to_contain_text(project.code)

    # Top bar: Portfolios → Projects, then PRJ-A in the list.
    nav = page.get_by_role("navigation", name=tr("en", "Main navigation"))
    nav.get_by_role("button", name=tr("en", "Portfolios")).click()  # dropdown toggle
    nav.get_by_role("link", name=tr("en", "Projects"), exact=True).click()
    expect(page).to_have_url(live_server.url + reverse("portfolios:project_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("en", "Projects"))
    page.locator("main table").get_by_role("link", name=project.code, exact=True).click()

    # Project detail.
    expect(page).to_have_url(
        live_server.url + reverse("portfolios:project_detail", args=[project.pk])
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{project.code} — {project.name}")
    expect(page.get_by_role("link", name=tr("en", "Edit project"))).to_be_visible()
    assert_detail_in(page, "en")

    # Language switcher (navbar): French, then back to English, staying on the page.
    header = page.locator("header")
    header.locator("button[name=language][value=fr]").click()
    expect(page).to_have_url(
        live_server.url + reverse("portfolios:project_detail", args=[project.pk])
    )
    assert_detail_in(page, "fr")
    history_fr = page.locator("#h-history").inner_text()

    header.locator("button[name=language][value=en]").click()
    assert_detail_in(page, "en")
    history_en = page.locator("#h-history").inner_text()
    # Django's own catalogue already translates this heading ("Historique").
    assert history_fr != history_en
    assert (history_fr, history_en) == (tr("fr", "History"), tr("en", "History"))
    # Once the portal's French catalogue lands, "Projects" differs too (today both equal).
    if tr("fr", "Projects") != tr("en", "Projects"):
        crumbs = page.get_by_role("navigation", name=tr("en", "Breadcrumb"))
        expect(crumbs.get_by_role("link", name=tr("en", "Projects"), exact=True)).to_be_visible()


def test_screenshots_of_pmo_screens(page, live_server, e2e_world, sign_in, french):
    """Full-page screenshots (French, as PMO) into /tmp/e2e-shots/ for a human look."""
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    sign_in("pmo")
    page.set_viewport_size({"width": 1366, "height": 900})
    project = e2e_world.project_a
    shots = [
        # Sorted by code, descending: the projects with a health report come first.
        ("project-list", reverse("portfolios:project_list") + "?o=-code", None),
        ("project-detail", reverse("portfolios:project_detail", args=[project.pk]), None),
        (
            "project-edit-errors",
            reverse("portfolios:project_update", args=[project.pk]),
            submit_end_before_start,
        ),
    ]
    for name, path, action in shots:
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == 200
        if action:
            action(page)
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        target = SHOTS_DIR / f"pmo-{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 0
