"""Steering committees (COPIL): the decision log and its follow-up."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reporting.models import (
    CopilDecision,
    DecisionStatus,
    MeetingStatus,
)
from reporting.services import copil as services
from tests.reporting.copil_helpers import detail_url, messages_of, valid_html
from tests.reporting.factories_copil import (
    CopilDecisionFactory,
    CopilMeetingFactory,
    in_days,
)

pytestmark = pytest.mark.usefixtures("english")


# --- the decision log ------------------------------------------------------------------------


def decision_data(world, **overrides) -> dict:
    data = {
        "text": "Lancer l'appel d'offres du lot 2",
        "project": world.project_a.pk,
        "owner": world.users["pm"].pk,
        "due_date": "2027-02-15",
        "status": "open",
        "follow_up": "",
    }
    data.update(overrides)
    return {f"decision-{key}": value for key, value in data.items()}


@pytest.mark.parametrize("role", ["pmo", "executive"])
def test_a_decision_is_recorded(client_for, world, meeting_a, role):
    url = reverse("reporting:decision_create", args=[meeting_a.pk])
    response = client_for(role).post(url, decision_data(world))
    assert response.status_code == 302
    assert response["Location"] == detail_url(meeting_a) + "#decisions"
    decision = CopilDecision.objects.get()
    assert decision.meeting == meeting_a
    assert decision.project == world.project_a
    assert decision.owner == world.users["pm"]
    assert decision.due_date == date(2027, 2, 15)
    assert messages_of(response) == ["Decision recorded."]


def test_a_decision_on_a_project_outside_the_meeting_is_refused(client_for, world, meeting_a):
    url = reverse("reporting:decision_create", args=[meeting_a.pk])
    response = client_for("executive").post(url, decision_data(world, project=world.project_b.pk))
    assert response.status_code == 200
    errors = response.context["decision_form"].errors
    assert list(errors) == ["project"]
    page = valid_html(response)
    assert "The decision was not saved" in page
    assert '<details class="card" open>' in page  # the form stays open on its errors
    assert not CopilDecision.objects.exists()


def test_the_service_refuses_a_project_outside_the_meeting_with_a_message(world, meeting_a):
    with pytest.raises(ValidationError) as raised:
        services.record_decision(
            meeting=meeting_a,
            user=world.users["pmo"],
            data={"text": "Arrêter Bravo", "project": world.project_b},
        )
    assert raised.value.message_dict == {
        "project": ["Choose a project covered by this steering committee."]
    }
    assert not CopilDecision.objects.exists()


def test_a_portfolio_copil_covers_the_projects_of_its_sub_portfolios(world):
    meeting = CopilMeetingFactory(portfolio=world.north)
    decision = services.record_decision(
        meeting=meeting,
        user=world.users["pmo"],
        data={"text": "Prioriser Alpha", "project": world.project_a},
    )
    assert decision.project == world.project_a


def test_a_project_copil_takes_decisions_on_its_project_only(world):
    meeting = CopilMeetingFactory(portfolio=None, project=world.project_a)
    services.record_decision(
        meeting=meeting, user=world.users["pmo"], data={"text": "Go", "project": world.project_a}
    )
    with pytest.raises(ValidationError):
        services.record_decision(
            meeting=meeting,
            user=world.users["pmo"],
            data={"text": "Go", "project": world.project_b},
        )
    assert CopilDecision.objects.count() == 1


def test_an_empty_decision_is_refused(client_for, world, meeting_a):
    url = reverse("reporting:decision_create", args=[meeting_a.pk])
    response = client_for("pmo").post(url, decision_data(world, text=""))
    assert response.status_code == 200
    assert "text" in response.context["decision_form"].errors
    valid_html(response)
    assert not CopilDecision.objects.exists()


def test_a_decision_is_followed_up(client_for, world, meeting_a):
    decision = CopilDecisionFactory(meeting=meeting_a, project=world.project_a)
    url = reverse("reporting:decision_edit", args=[decision.pk])
    response = client_for("executive").post(
        url,
        {
            "text": decision.text,
            "project": world.project_a.pk,
            "owner": "",
            "due_date": "",
            "status": "done",
            "follow_up": "Appel d'offres publié le 10 février.",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DONE
    assert decision.follow_up == "Appel d'offres publié le 10 février."
    assert decision.history.first().history_change_reason == "changed by exec_user"


def test_the_next_meeting_shows_the_follow_up_of_the_previous_one(client_for, world):
    earlier = CopilMeetingFactory(
        portfolio=world.p1, title="COPIL de janvier", scheduled_at=in_days(-60)
    )
    cancelled = CopilMeetingFactory(
        portfolio=world.p1,
        title="COPIL annulé",
        scheduled_at=in_days(-30),
        status=MeetingStatus.CANCELLED,
    )
    CopilDecisionFactory(
        meeting=earlier,
        text="Recruter un architecte",
        status=DecisionStatus.IN_PROGRESS,
        follow_up="Deux candidats en lice.",
    )
    CopilDecisionFactory(meeting=cancelled, text="Décision d'une réunion annulée")
    meeting = CopilMeetingFactory(portfolio=world.p1, scheduled_at=in_days(5))
    page = valid_html(client_for("executive").get(detail_url(meeting)))
    assert "COPIL de janvier" in page
    assert "Recruter un architecte" in page
    assert "Deux candidats en lice." in page
    assert "In progress" in page
    assert "Décision d'une réunion annulée" not in page
