"""Scores of a project: entered by the PMO, proposed by its manager and validated or
rejected by the PMO (split from test_scoring.py, whose helpers it uses)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portfolios.models import (
    ProjectScore,
    ScoreStatus,
)
from portfolios.services.scoring import refresh_priority
from portfolios.services.scoring_scores import enter_scores, propose_scores
from tests.concurrency import client_as, form_data
from tests.portfolios.factories import (
    ProjectFactory,
)
from tests.portfolios.test_scoring import criteria


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


# --- scores: entered by the PMO, proposed by the project manager ---------------------------


def scores_url(project):
    return reverse("portfolios:scoring_project_scores", args=[project.pk])


def tab_url(project):
    return reverse("portfolios:scoring_project", args=[project.pk])


def test_pm_proposes_nothing_changes_until_the_pmo_validates(world, english):
    project = world.project_a
    project.status = "proposed"
    project.save()
    refresh_priority(project_ids=[project.pk])
    value = criteria()["value"]
    pm, pmo = client_as(world.users["pm"]), client_as(world.users["pmo"])
    response = pm.post(
        scores_url(project), {f"score_{value.pk}": "5", f"rationale_{value.pk}": "ROI 4x"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.priority_score == Decimal("0.00")
    tab = pm.get(tab_url(project)).content.decode()
    assert "5 proposed, awaiting PMO validation" in tab
    assert "Value / ROI not scored" in tab
    proposals = pmo.get(reverse("portfolios:scoring_proposals")).content.decode()
    assert project.code in proposals
    assert "ROI 4x" in proposals
    proposal = ProjectScore.objects.get(project=project, criterion=value)
    response = pmo.post(reverse("portfolios:scoring_proposal_validate", args=[proposal.pk]))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.priority_score == Decimal("25.00")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.value, proposal.validated_by) == (
        ScoreStatus.VALIDATED,
        5,
        world.users["pmo"],
    )
    assert "Value / ROI 25" in pm.get(tab_url(project)).content.decode()


def test_a_proposal_over_a_validated_score_keeps_it_counting_until_decided(world):
    project = world.project_a
    value = criteria()["value"]
    enter_scores(project=project, user=world.users["pmo"], values={value.pk: 2})
    project.refresh_from_db()
    assert project.priority_score == Decimal("10.00")
    propose_scores(project=project, user=world.users["pm"], values={value.pk: 5})
    project.refresh_from_db()
    assert project.priority_score == Decimal("10.00")
    proposal = ProjectScore.objects.get(project=project, criterion=value)
    assert proposal.proposed_value == 5
    pmo = client_as(world.users["pmo"])
    response = pmo.post(
        reverse("portfolios:scoring_proposal_reject", args=[proposal.pk]),
        {f"reject-{proposal.pk}-reason": "Benefits not demonstrated"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.value, proposal.proposed_value, proposal.status) == (2, None, "validated")
    project.refresh_from_db()
    assert project.priority_score == Decimal("10.00")
    reasons = list(proposal.history.values_list("history_change_reason", flat=True))
    assert "proposal rejected: Benefits not demonstrated" in reasons


def test_rejecting_without_a_reason_is_refused(world, english):
    value = criteria()["value"]
    propose_scores(project=world.project_a, user=world.users["pm"], values={value.pk: 5})
    proposal = ProjectScore.objects.get(project=world.project_a, criterion=value)
    pmo = client_as(world.users["pmo"])
    url = reverse("portfolios:scoring_proposal_reject", args=[proposal.pk])
    response = pmo.post(url, {f"reject-{proposal.pk}-reason": "  "})
    assert response.status_code == 200
    assert "Say why the proposal is rejected." in response.content.decode()
    assert ProjectScore.objects.filter(pk=proposal.pk, proposed_value=5).exists()
    # With a reason: a criterion never validated is unscored again.
    pmo.post(url, {f"reject-{proposal.pk}-reason": "Pas de chiffrage"})
    assert not ProjectScore.objects.filter(pk=proposal.pk).exists()


def test_pmo_scores_are_validated_at_once_and_a_blank_clears_one(world, english):
    project = world.project_a
    value, urgency = criteria()["value"], criteria()["urgency"]
    pmo = client_as(world.users["pmo"])
    response = pmo.post(scores_url(project), {f"score_{value.pk}": "4", f"score_{urgency.pk}": "5"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.priority_score == Decimal("35.00")  # 25 × 4 / 5 + 15
    pmo.post(scores_url(project), {f"score_{value.pk}": "4", f"score_{urgency.pk}": ""})
    project.refresh_from_db()
    assert project.priority_score == Decimal("20.00")
    assert not ProjectScore.objects.filter(project=project, criterion=urgency).exists()
    history = ProjectScore.history.filter(project_id=project.pk, criterion_id=value.pk).first()
    assert history.history_user == world.users["pmo"]


def test_a_score_out_of_range_is_refused(world):
    value = criteria()["value"]
    pmo = client_as(world.users["pmo"])
    response = pmo.post(scores_url(world.project_a), {f"score_{value.pk}": "6"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ProjectScore.objects.filter(project=world.project_a).exists()


def test_the_strategic_fit_cannot_be_scored_by_hand(world):
    fit = criteria()["fit"]
    pmo = client_as(world.users["pmo"])
    pmo.post(scores_url(world.project_a), {f"score_{fit.pk}": "5"})
    assert not ProjectScore.objects.filter(project=world.project_a).exists()


def test_mandatory_and_non_candidate_projects_say_why_they_are_not_ranked(world, english):
    mandatory = ProjectFactory(portfolio=world.p1, status="proposed", is_mandatory=True)
    client = client_as(world.users["pmo"])
    assert "Mandatory — outside the ranking" in client.get(tab_url(mandatory)).content.decode()
    active = client.get(tab_url(world.project_a)).content.decode()  # project A is active
    assert "Not ranked: the ranking covers the proposed, approved and on-hold projects" in active


def test_proposals_page_costs_the_same_for_5_and_50_proposals(world):
    value = criteria()["value"]
    pmo = client_as(world.users["pmo"])
    url = reverse("portfolios:scoring_proposals")
    pmo.get(url)  # warm the session
    counts = []
    for size in (5, 50):
        for project in ProjectFactory.create_batch(size - len(counts) * 5, portfolio=world.p1):
            propose_scores(project=project, user=project.manager, values={value.pk: 3})
        with CaptureQueriesContext(connection) as captured:
            response = pmo.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
    assert response.context["page_obj"].paginator.count == 50
    assert counts[0] == counts[1]


def test_pmo_saving_other_scores_leaves_pending_proposals_alone(world):
    project = world.project_a
    value, urgency, risk = criteria()["value"], criteria()["urgency"], criteria()["risk"]
    enter_scores(project=project, user=world.users["pmo"], values={value.pk: 2})
    propose_scores(project=project, user=world.users["pm"], values={value.pk: 5, urgency.pk: 4})
    pmo = client_as(world.users["pmo"])
    page = pmo.get(tab_url(project))
    data = form_data(page.context["form"])  # the PMO's form: validated values, blanks
    data[f"score_{risk.pk}"] = "1"
    assert pmo.post(scores_url(project), data).status_code == 302
    pending = ProjectScore.objects.filter(project=project, proposed_value__isnull=False)
    assert sorted(pending.values_list("criterion__key", "proposed_value")) == [
        ("urgency", 4),
        ("value", 5),
    ]
    project.refresh_from_db()
    assert project.priority_score == Decimal("22.00")  # value 10 + risk 15 × 4 / 5
