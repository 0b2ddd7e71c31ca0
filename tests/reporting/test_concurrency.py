"""Two people on the same milestone, RAID, COPIL or settings page (issue 10, item 4): the
second stale save is refused with the stored values, and nothing is overwritten."""

from datetime import date

import pytest
from django.urls import reverse

from pmo_portal.roles import Role
from reporting.models import CopilDecision, CopilMeeting, CopilSettings, Milestone, RaidItem
from reporting.services.milestones import EDITABLE_FIELDS
from tests.concurrency import CONFLICT_EN, client_as, two_stale_saves
from tests.portfolios.factories import UserFactory
from tests.reporting.factories_copil import CopilDecisionFactory

pytestmark = pytest.mark.usefixtures("english")


def milestone_rows(page, changes: dict) -> dict:
    """The milestone table as the browser sends it back, ``changes`` typed in."""
    rows = page.context["rows"]
    data = {
        "milestones-TOTAL_FORMS": str(len(rows.forms)),
        "milestones-INITIAL_FORMS": str(len(rows.forms)),
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
    }
    for form in rows.forms:
        data[f"{form.prefix}-milestone"] = str(form.instance.pk)
        data[f"{form.prefix}-seen"] = form.seen_token
        data[f"{form.prefix}-version"] = str(form.instance.version)
        for name in EDITABLE_FIELDS:
            value = form.current[name]
            data[f"{form.prefix}-{name}"] = (
                value.isoformat() if isinstance(value, date) else (value or "")
            )
        data.update({f"{form.prefix}-{k}": v for k, v in changes.get(form.instance.pk, {}).items()})
    return data


def test_milestones_second_stale_save_is_refused(world):
    url = reverse("reporting:project_milestones", args=[world.project_a.pk])
    pm, pmo = client_as(world.users["pm"]), client_as(world.users["pmo"])
    page_pm, page_pmo = pm.get(url), pmo.get(url)
    pk = world.milestone_a.pk

    saved = pm.post(url, milestone_rows(page_pm, {pk: {"forecast_date": "2027-03-01"}}))
    stale = pmo.post(url, milestone_rows(page_pmo, {pk: {"forecast_date": "2027-09-30"}}))

    assert saved.status_code == 302
    assert stale.status_code == 409
    assert "Milestones: " + CONFLICT_EN in stale.content.decode()
    assert Milestone.objects.get(pk=pk).forecast_date == date(2027, 3, 1)
    again = pmo.post(url, milestone_rows(stale, {pk: {"forecast_date": "2027-09-30"}}))
    assert again.status_code == 302
    assert Milestone.objects.get(pk=pk).forecast_date == date(2027, 9, 30)


def test_a_version_moved_without_visible_change_is_still_a_conflict(world):
    """The version, not only the values, is compared (a change and its undo in between)."""
    url = reverse("reporting:project_milestones", args=[world.project_a.pk])
    pm = client_as(world.users["pm"])
    page = pm.get(url)
    Milestone.objects.get(pk=world.milestone_a.pk).save()  # saved again, same values
    response = pm.post(
        url, milestone_rows(page, {world.milestone_a.pk: {"forecast_date": "2027-03-01"}})
    )
    assert response.status_code == 409


def test_raid_item_second_stale_save_is_refused(world):
    url = reverse("reporting:raid_edit", args=[world.risk_a.pk])
    pm, pmo = client_as(world.users["pm"]), client_as(world.users["pmo"])

    saved, stale = two_stale_saves(pm, pmo, url, {"title": "Risque un"}, {"title": "Risque deux"})

    assert saved.status_code == 302
    assert stale.status_code == 409
    content = stale.content.decode()
    assert "RAID item: " + CONFLICT_EN in content
    assert "Risque un" in content
    assert "Risque deux" in content
    assert RaidItem.objects.get(pk=world.risk_a.pk).title == "Risque un"


def test_meeting_second_stale_save_is_refused(world, meeting_a):
    url = reverse("reporting:copil_edit", args=[meeting_a.pk])
    other_pmo = UserFactory(username="pmo_two", roles=[Role.PMO])
    first, second = client_as(world.users["pmo"]), client_as(other_pmo)

    saved, stale = two_stale_saves(
        first, second, url, {"location": "Salle A"}, {"location": "Salle B"}
    )

    assert saved.status_code == 302
    assert stale.status_code == 409
    assert "Steering committee: " + CONFLICT_EN in stale.content.decode()
    assert CopilMeeting.objects.get(pk=meeting_a.pk).location == "Salle A"


def test_decision_second_stale_save_is_refused(world, meeting_a):
    decision = CopilDecisionFactory(meeting=meeting_a, text="Lancer le lot 2")
    url = reverse("reporting:decision_edit", args=[decision.pk])
    pmo, executive = client_as(world.users["pmo"]), client_as(world.users["executive"])

    saved, stale = two_stale_saves(
        pmo, executive, url, {"follow_up": "Fait."}, {"follow_up": "Reporté."}
    )

    assert saved.status_code == 302
    assert stale.status_code == 409
    assert "Decision: " + CONFLICT_EN in stale.content.decode()
    assert CopilDecision.objects.get(pk=decision.pk).follow_up == "Fait."


@pytest.mark.parametrize("stored", [True, False], ids=["saved-row", "no-row-yet"])
def test_settings_second_stale_save_is_refused(world, media, stored):
    if stored:
        CopilSettings.objects.create(organisation="Groupe")
    url = reverse("reporting:copil_settings")
    other_pmo = UserFactory(username="pmo_two", roles=[Role.PMO])
    first, second = client_as(world.users["pmo"]), client_as(other_pmo)

    saved, stale = two_stale_saves(
        first, second, url, {"organisation": "Un"}, {"organisation": "Deux"}
    )

    assert saved.status_code == 302
    assert stale.status_code == 409
    assert "COPIL settings: " + CONFLICT_EN in stale.content.decode()
    assert CopilSettings.objects.get().organisation == "Un"
