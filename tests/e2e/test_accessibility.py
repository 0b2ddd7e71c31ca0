"""axe-core (WCAG 2.0/2.1 A and AA) on every page of the portal, in French, per role.

A violation of impact "serious" or "critical" fails the test; the others are printed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import BLOCKING_IMPACTS, format_violations, run_axe

pytestmark = pytest.mark.e2e


def submit_end_before_start(page) -> None:
    main = page.locator("main")
    main.locator("#id_planned_start").fill("2027-06-01")
    main.locator("#id_planned_end").fill("2027-01-01")
    main.locator("input[type=submit][name=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()


@dataclass(frozen=True)
class Screen:
    key: str
    roles: tuple[str, ...]
    url: Callable  # world -> path
    status: int = 200
    action: Callable | None = None  # run on the page after it loads
    variant_of: str | None = None  # same page in another state: same <title>


PM_PMO = ("pm", "pmo")
SCREENS = [
    Screen("login", ("anonymous",), lambda w: reverse("login")),
    Screen("home", PM_PMO, lambda w: reverse("home")),
    Screen("project_list", PM_PMO, lambda w: reverse("portfolios:project_list")),
    Screen(
        "project_list_filtered",
        PM_PMO,
        lambda w: reverse("portfolios:project_list") + "?status=active",
        variant_of="project_list",
    ),
    Screen(
        "project_detail",
        PM_PMO,
        lambda w: reverse("portfolios:project_detail", args=[w.project_a.pk]),
    ),
    Screen(
        "project_edit",
        PM_PMO,
        lambda w: reverse("portfolios:project_update", args=[w.project_a.pk]),
    ),
    Screen(
        "project_edit_errors",
        PM_PMO,
        lambda w: reverse("portfolios:project_update", args=[w.project_a.pk]),
        action=submit_end_before_start,
        variant_of="project_edit",
    ),
    Screen("project_new", ("pmo",), lambda w: reverse("portfolios:project_create")),
    Screen("portfolio_tree", PM_PMO, lambda w: reverse("portfolios:tree")),
    Screen("objective_list", PM_PMO, lambda w: reverse("portfolios:objective_list")),
    Screen(
        "objective_detail",
        PM_PMO,
        lambda w: reverse("portfolios:objective_detail", args=[w.objective.pk]),
    ),
    Screen("password_change", PM_PMO, lambda w: reverse("password_change")),
    Screen("forbidden", ("pm",), lambda w: reverse("portfolios:project_create"), status=403),
    Screen("not_found", PM_PMO, lambda w: reverse("portfolios:project_detail", args=[999999]),
           status=404),
    Screen("not_found_anonymous", ("anonymous",), lambda w: "/no-such-page/", status=404),
]
ROLES = ("anonymous", "pm", "pmo")
CASES = [(role, screen) for screen in SCREENS for role in screen.roles]


def open_screen(page, live_server, world, screen: Screen) -> None:
    response = page.goto(live_server.url + screen.url(world))
    assert response is not None
    assert response.status == screen.status, f"{screen.key}: HTTP {response.status}"
    if screen.action:
        screen.action(page)
    page.wait_for_load_state("load")


def page_title(page) -> str:
    title = page.title()
    own = title.rsplit(" · ", 1)[0].strip()
    assert own, f"empty page title: {title!r}"
    return own


@pytest.mark.parametrize(
    ("role", "screen"), CASES, ids=[f"{role}-{screen.key}" for role, screen in CASES]
)
def test_no_serious_accessibility_violation(
    page, live_server, e2e_world, sign_in, french, role, screen
):
    sign_in(role)
    open_screen(page, live_server, e2e_world, screen)

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page_title(page)
    violations = run_axe(page)
    minor = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
    if minor:
        print(f"\n{role}-{screen.key}: non-blocking axe findings\n{format_violations(minor)}")
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, (
        f"{role} on {screen.key} ({page.url}): axe violations\n{format_violations(blocking)}"
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_page_has_its_own_title(page, live_server, e2e_world, sign_in, french, role):
    sign_in(role)
    titles = {}
    for screen in SCREENS:
        if role not in screen.roles:
            continue
        open_screen(page, live_server, e2e_world, screen)
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        titles[screen.key] = page_title(page)
    for key, title in titles.items():
        screen = next(s for s in SCREENS if s.key == key)
        if screen.variant_of:
            assert title == titles[screen.variant_of], key
    distinct = {key: t for key, t in titles.items() if not next(
        s for s in SCREENS if s.key == key).variant_of}
    duplicated = {t for t in distinct.values() if list(distinct.values()).count(t) > 1}
    assert not duplicated, f"pages sharing a title for {role}: " + ", ".join(
        f"{k}={t!r}" for k, t in distinct.items() if t in duplicated
    )
