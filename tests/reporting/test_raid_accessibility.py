"""axe-core (WCAG 2.1 A/AA) on the RAID log, risk matrix and milestone pages, in French,
as the project manager (forms) and the executive (read only), with and without errors."""

from __future__ import annotations

import pytest
from django.urls import reverse
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
from tests.reporting.factories import MilestoneFactory, RiskFactory

pytestmark = pytest.mark.e2e


def _rich(world):
    """Every exposure level, an owner, an issue and a late milestone on project A."""
    from reporting.models import RaidItem, RaidKind

    for probability, impact in [(1, 1), (2, 2), (2, 4), (4, 4), (4, 4)]:
        RiskFactory(
            project=world.project_a,
            probability=probability,
            impact=impact,
            owner=world.users["pm"],
        )
    RaidItem.objects.create(project=world.project_a, kind=RaidKind.ISSUE, title="Panne réseau")
    MilestoneFactory(project=world.project_a, name="Recette")


def submit_empty_risk(page) -> None:
    main = page.locator("main")
    main.locator("#id_kind").select_option("risk")
    main.locator("input[type=submit][name=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()


def submit_achieved_without_date(page) -> None:
    main = page.locator("main")
    main.locator("#id_milestones-0-status").select_option("achieved")
    main.locator("#id_milestones-0-actual_date").fill("")
    main.get_by_role("button", name="Save milestones").or_(
        main.get_by_role("button", name="Enregistrer les jalons")
    ).click()
    expect(page.locator("#form-errors")).to_be_visible()


SCREENS = [
    ("raid_list", lambda w: reverse("reporting:raid_list", args=[w.project_a.pk]), None),
    ("raid_new", lambda w: reverse("reporting:raid_create", args=[w.project_a.pk]), None),
    (
        "raid_new_errors",
        lambda w: reverse("reporting:raid_create", args=[w.project_a.pk]),
        submit_empty_risk,
    ),
    ("raid_edit", lambda w: reverse("reporting:raid_edit", args=[w.risk_a.pk]), None),
    ("risk_matrix", lambda w: reverse("reporting:risk_matrix", args=[w.project_a.pk]), None),
    (
        "milestones",
        lambda w: reverse("reporting:project_milestones", args=[w.project_a.pk]),
        None,
    ),
    (
        "milestones_errors",
        lambda w: reverse("reporting:project_milestones", args=[w.project_a.pk]),
        submit_achieved_without_date,
    ),
]
WRITES = {"raid_new", "raid_new_errors", "raid_edit", "milestones_errors"}
CASES = [
    (role, key, url, action)
    for key, url, action in SCREENS
    for role in ("pm", "executive")
    if role == "pm" or key not in WRITES
]


@pytest.mark.usefixtures("french")
@pytest.mark.parametrize(
    ("role", "key", "url", "action"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_no_serious_accessibility_violation(page, live_server, request, role, key, url, action):
    world = request.getfixturevalue("e2e_world")
    request.getfixturevalue("sign_in")(role)
    _rich(world)
    response = page.goto(live_server.url + url(world))
    assert response is not None
    assert response.status == 200
    if action:
        action(page)
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS_DIR / f"reporting-{role}-{key}.png"), full_page=True)
    violations = [v for v in run_axe(page) if v["impact"] in {"serious", "critical"}]
    assert not violations, f"{role} on {key}: axe violations\n{format_violations(violations)}"
