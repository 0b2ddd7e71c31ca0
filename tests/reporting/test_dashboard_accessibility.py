"""axe-core (WCAG 2.1 A/AA) on the dashboard and the lists behind its figures, in French,
as the PMO (whole company) and the executive (their business unit), filters open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

# The browser fixtures of tests/e2e (autouse ones included: migrated data restored per test).
from tests.e2e.conftest import (  # noqa: F401
    SHOTS_DIR,
    _restore_migrated_data,
    _serialized_contents_for_playwright,
    e2e_world,
    format_violations,
    french,
    run_axe,
    sign_in,
)
from tests.reporting.factories import MilestoneFactory, RiskFactory, StatusReportFactory

pytestmark = pytest.mark.e2e


def _history(world):
    """Reports over three months with every health level, a worse project, milestones
    overdue and slipped, risks of every exposure."""
    from portfolios.models import Project
    from reporting.services.reports import current_period

    today = timezone.localdate()
    last = current_period(world.project_a).previous()
    before = last.previous()
    for level, project in enumerate(Project.objects.filter(code__startswith="PRJ-H"), 1):
        StatusReportFactory(project=project, period=before, health_overall=max(1, level - 1))
        StatusReportFactory(project=project, period=last, health_overall=level)
        Project.objects.filter(pk=project.pk).update(status_date=last.end)
        MilestoneFactory(
            project=project,
            name=f"Jalon <{level}> & co",
            baseline_date=today - timedelta(days=30),
            forecast_date=today + timedelta(days=level * 10 - 25),
        )
        RiskFactory(project=project, probability=level, impact=level, owner=world.users["pm"])


def open_filters(page) -> None:
    page.locator("details.filters summary").click()
    expect(page.locator("details.filters")).to_have_attribute("open", "")


def open_everything(page) -> None:
    """The filters and the trend chart's table of figures, both collapsed by default."""
    for summary in page.locator("details summary").all():
        summary.click()
    expect(page.locator("details:not([open])")).to_have_count(0)


SCREENS = [
    ("dashboard", lambda w: reverse("reporting:dashboard"), None),
    ("dashboard_open", lambda w: reverse("reporting:dashboard"), open_everything),
    (
        "dashboard_portfolio",
        lambda w: reverse("reporting:dashboard") + f"?portfolio={w.north.pk}&health=4",
        None,
    ),
    ("missing", lambda w: reverse("reporting:missing_reports"), None),
    ("late", lambda w: reverse("reporting:missing_reports") + "?which=late", None),
    ("milestones", lambda w: reverse("reporting:milestones"), None),
    ("risks", lambda w: reverse("reporting:top_risks"), open_filters),
    ("worse", lambda w: reverse("reporting:health_worse"), None),
]
CASES = [(role, key, url, action) for key, url, action in SCREENS for role in ("pmo", "executive")]


@pytest.mark.usefixtures("french")
@pytest.mark.parametrize(
    ("role", "key", "url", "action"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_no_serious_accessibility_violation(page, live_server, request, role, key, url, action):
    world = request.getfixturevalue("e2e_world")
    request.getfixturevalue("sign_in")(role)
    _history(world)
    response = page.goto(live_server.url + url(world))
    assert response is not None
    assert response.status == 200
    if action:
        action(page)
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS_DIR / f"dashboard-{role}-{key}.png"), full_page=True)
    violations = [v for v in run_axe(page) if v["impact"] in {"serious", "critical"}]
    assert not violations, f"{role} on {key}: axe violations\n{format_violations(violations)}"
