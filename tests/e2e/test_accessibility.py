"""axe-core (WCAG 2.0/2.1 A and AA) on every page of the portal, in French, per role.

A violation of impact "serious" or "critical" fails the test; the others are reported as
warnings (they show in pytest's warnings summary).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import BLOCKING_IMPACTS, format_violations, run_axe
from tests.permission_rows import world_object

pytestmark = pytest.mark.e2e


def submit_end_before_start(page) -> None:
    main = page.locator("main")
    main.locator("#id_planned_start").fill("2027-06-01")
    main.locator("#id_planned_end").fill("2027-01-01")
    main.locator("input[type=submit][name=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()


def open_area_menu(page) -> None:
    toggle = page.locator("#portal-nav .navbar-nav.me-auto .dropdown-toggle").first
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")


def open_user_menu(page) -> None:
    toggle = page.locator("#portal-nav .navbar-nav:not(.me-auto) .dropdown-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")


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
    # Closed dropdowns are invisible to axe: check them open.
    Screen(
        "home_area_menu",
        PM_PMO,
        lambda w: reverse("home"),
        action=open_area_menu,
        variant_of="home",
    ),
    Screen(
        "home_user_menu",
        PM_PMO,
        lambda w: reverse("home"),
        action=open_user_menu,
        variant_of="home",
    ),
    Screen("project_list", PM_PMO, lambda w: reverse("portfolios:project_list")),
    Screen(
        "project_list_filtered",
        PM_PMO,
        lambda w: reverse("portfolios:project_list") + "?status=active",
        variant_of="project_list",
    ),
    Screen(
        "project_list_sorted",
        PM_PMO,
        lambda w: reverse("portfolios:project_list") + "?o=-code",
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
    # Tracking and reporting, resources and budgets.
    Screen("my_reports", PM_PMO, lambda w: reverse("reporting:my_reports")),
    Screen(
        "project_reports",
        PM_PMO,
        lambda w: reverse("reporting:project_reports", args=[w.project_a.pk]),
    ),
    Screen(
        "report_form",
        PM_PMO,
        lambda w: reverse("reporting:report_edit", args=[w.draft_a.pk]),
    ),
    Screen(
        "report_detail",
        PM_PMO,
        lambda w: reverse("reporting:report_detail", args=[w.report_a.pk]),
    ),
    Screen("capacity", PM_PMO, lambda w: reverse("resources:capacity")),
    Screen("resource_list", PM_PMO, lambda w: reverse("resources:resource_list")),
    Screen(
        "project_allocations",
        PM_PMO,
        lambda w: reverse("resources:project_allocations", args=[w.project_a.pk]),
    ),
    Screen("pending_allocations", ("pmo",), lambda w: reverse("resources:pending_allocations")),
    Screen(
        "project_budget",
        PM_PMO,
        lambda w: reverse("resources:project_budget", args=[w.project_a.pk]),
    ),
    Screen("portfolio_budget", PM_PMO, lambda w: reverse("resources:portfolio_budget")),
    Screen("cost_import", ("pmo",), lambda w: reverse("resources:cost_import")),
    Screen("alert_list", ("pmo",), lambda w: reverse("resources:alert_list")),
    Screen(
        "alert_detail",
        PM_PMO,
        lambda w: reverse("resources:alert_detail", args=[world_object(w, "alert_a").pk]),
    ),
    Screen("notification_preferences", PM_PMO, lambda w: reverse("notification_preferences")),
    Screen("forbidden", ("pm",), lambda w: reverse("portfolios:project_create"), status=403),
    Screen(
        "not_found",
        PM_PMO,
        lambda w: reverse("portfolios:project_detail", args=[999999]),
        status=404,
    ),
    Screen("not_found_anonymous", ("anonymous",), lambda w: "/no-such-page/", status=404),
]
ROLES = ("anonymous", "pm", "pmo")


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


def check_axe(page, role: str, screen: Screen) -> str | None:
    """axe on the screen as it is: minor findings are warned, blocking ones returned."""
    violations = run_axe(page)
    minor = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
    if minor:
        warnings.warn(
            f"{role} on {screen.key}: minor axe findings\n{format_violations(minor)}",
            stacklevel=1,
        )
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        return f"{role} on {screen.key} ({page.url}):\n{format_violations(blocking)}"
    return None


@pytest.mark.parametrize("role", ROLES)
def test_every_screen_passes_axe_and_has_its_own_title(
    page, live_server, e2e_world, sign_in, french, role
):
    """One browser session per role walks all its screens (one live-server world for all:
    a transactional test per screen cost a world, a flush and a reload each)."""
    sign_in(role)
    titles = {}
    blocking = []
    for screen in SCREENS:
        if role not in screen.roles:
            continue
        open_screen(page, live_server, e2e_world, screen)
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        titles[screen.key] = page_title(page)
        found = check_axe(page, role, screen)
        if found:
            blocking.append(found)
    assert not blocking, "axe violations\n" + "\n".join(blocking)
    variants = {s.key: s.variant_of for s in SCREENS if s.variant_of}
    error_prefix = "Erreur : "
    for key, base in variants.items():
        if key not in titles:
            continue
        if "errors" in key:
            # A form sent back with errors says so first in its title (WCAG 3.3.1).
            assert titles[key] == error_prefix + titles[base], key
        else:
            assert titles[key] == titles[base], f"{key} should keep the title of {base}"
    pages = {key: title for key, title in titles.items() if key not in variants}
    shared = {title for title in pages.values() if list(pages.values()).count(title) > 1}
    assert not shared, f"pages sharing a title for {role}: " + ", ".join(
        f"{key}={title!r}" for key, title in pages.items() if title in shared
    )
