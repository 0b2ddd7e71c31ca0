"""Two people on a project's scores (issue 12): a save or a decision made from a stale page
is refused with the conflict box and the values stored now, and nothing is half-saved."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from pmo_portal.concurrency import EditConflict
from pmo_portal.roles import Role
from portfolios.models import ProjectScore, ScoreStatus
from portfolios.services.scoring_scores import enter_scores, propose_scores, validate_proposal
from tests.concurrency import CONFLICT_EN, client_as, form_data
from tests.portfolios.factories import UserFactory
from tests.portfolios.test_scoring import criteria


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def tab_url(project):
    return reverse("portfolios:scoring_project", args=[project.pk])


def scores_url(project):
    return reverse("portfolios:scoring_project_scores", args=[project.pk])


def differences(response) -> dict:
    """The conflict box's rows: label → (stored now, the page's)."""
    return {
        row["label"]: (row["theirs"], row["mine"]) for row in response.context["conflict"]["rows"]
    }


def stale_pair(world):
    """Two PMO sessions that opened project A's tab before either saved."""
    first = client_as(world.users["pmo"])
    second = client_as(UserFactory(username="pmo_two", roles=[Role.PMO]))
    page_1, page_2 = first.get(tab_url(world.project_a)), second.get(tab_url(world.project_a))
    return (first, form_data(page_1.context["form"])), (second, form_data(page_2.context["form"]))


def test_two_stale_pmo_forms_the_second_gets_the_conflict_with_the_stored_values(world, english):
    project = world.project_a
    value, urgency = criteria()["value"], criteria()["urgency"]
    enter_scores(project=project, user=world.users["pmo"], values={value.pk: 2})
    (first, data_1), (second, data_2) = stale_pair(world)
    saved = first.post(scores_url(project), {**data_1, f"score_{value.pk}": "4"})
    assert saved.status_code == 302
    # The second changes urgency only; its form still says value 2 (the stale value).
    change = {f"score_{urgency.pk}": "5", f"rationale_{urgency.pk}": "Échéance"}
    stale = second.post(scores_url(project), {**data_2, **change})
    assert stale.status_code == 409
    page = stale.content.decode()
    assert CONFLICT_EN in page
    rows = differences(stale)
    assert rows["Score for “Value / ROI” (0–5)"] == ("4", "2")
    assert rows["Score for “Urgency” (0–5)"] == ("not scored", "5")
    assert stale.context["conflict"]["by"] == world.users["pmo"]
    # Nothing of the second save was written; the first one stands.
    stored = dict(ProjectScore.objects.filter(project=project).values_list("criterion_id", "value"))
    assert stored == {value.pk: 4}
    project.refresh_from_db()
    assert project.priority_score == Decimal("20.00")
    # The form keeps what was typed, at the stored versions: saving again is deliberate.
    form = stale.context["form"]
    assert form[f"score_{urgency.pk}"].value() == "5"
    current = ProjectScore.objects.get(project=project, criterion=value)
    assert form[f"version_{value.pk}"].value() == str(current.version)
    again = second.post(scores_url(project), form_data(form))
    assert again.status_code == 302
    stored = dict(ProjectScore.objects.filter(project=project).values_list("criterion_id", "value"))
    assert stored == {value.pk: 2, urgency.pk: 5}


def test_a_score_created_meanwhile_is_a_conflict_too(world, english):
    project = world.project_a
    value = criteria()["value"]
    (first, data_1), (second, data_2) = stale_pair(world)
    assert first.post(scores_url(project), {**data_1, f"score_{value.pk}": "3"}).status_code == 302
    stale = second.post(scores_url(project), {**data_2, f"score_{value.pk}": "1"})
    assert stale.status_code == 409
    assert ProjectScore.objects.get(project=project, criterion=value).value == 3


def test_the_pm_proposing_from_a_stale_page_gets_the_conflict(world, english):
    project = world.project_a
    value = criteria()["value"]
    pm = client_as(world.users["pm"])
    data = form_data(pm.get(tab_url(project)).context["form"])
    enter_scores(project=project, user=world.users["pmo"], values={value.pk: 3})
    stale = pm.post(scores_url(project), {**data, f"score_{value.pk}": "5"})
    assert stale.status_code == 409
    rows = differences(stale)
    assert rows["Score for “Value / ROI” (0–5)"] == ("3", "5")
    score = ProjectScore.objects.get(project=project, criterion=value)
    assert (score.value, score.proposed_value) == (3, None)


def test_nothing_is_half_saved_when_one_criterion_is_refused(world):
    project = world.project_a
    value, urgency = criteria()["value"], criteria()["urgency"]
    enter_scores(project=project, user=world.users["pmo"], values={value.pk: 1})
    with pytest.raises(EditConflict) as caught:
        enter_scores(
            project=project,
            user=world.users["pmo"],
            values={urgency.pk: 4, value.pk: 1},
            versions={urgency.pk: 0, value.pk: 0},  # the page showed no value score
        )
    assert caught.value.details == [value.pk]
    assert not ProjectScore.objects.filter(project=project, criterion=urgency).exists()


def propose(world, key="value", value=4):
    criterion = criteria()[key]
    propose_scores(project=world.project_a, user=world.users["pm"], values={criterion.pk: value})
    return ProjectScore.objects.get(project=world.project_a, criterion=criterion)


def test_validating_a_proposal_changed_since_the_page_was_shown_is_a_conflict(world, english):
    proposal = propose(world, value=4)
    pmo = client_as(world.users["pmo"])
    page = pmo.get(reverse("portfolios:scoring_proposals"))
    assert f'name="version" value="{proposal.version}"' in page.content.decode()
    shown = proposal.version
    propose(world, value=1)  # the PM changes it meanwhile
    url = reverse("portfolios:scoring_proposal_validate", args=[proposal.pk])
    response = pmo.post(url, {"version": shown})
    assert response.status_code == 409
    assert CONFLICT_EN in response.content.decode()
    rows = differences(response)
    assert rows["Proposed score"] == ("1", "4")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.proposed_value) == (ScoreStatus.PROPOSED, 1)
    # The page shows the current version: validating again is a deliberate choice.
    assert f'name="version" value="{proposal.version}"' in response.content.decode()
    assert pmo.post(url, {"version": proposal.version}).status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.value) == (ScoreStatus.VALIDATED, 1)


def test_rejecting_a_proposal_decided_since_is_a_conflict_and_keeps_the_reason(world, english):
    proposal = propose(world, value=4)
    shown = proposal.version
    validate_proposal(score=proposal, user=world.users["pmo"])
    propose(world, value=2)  # a new proposal on the same row
    pmo = client_as(world.users["pmo"])
    url = reverse("portfolios:scoring_proposal_reject", args=[proposal.pk])
    prefix = f"reject-{proposal.pk}"
    response = pmo.post(url, {f"{prefix}-reason": "Pas chiffré", f"{prefix}-version": shown})
    assert response.status_code == 409
    rows = differences(response)
    assert rows["Proposed score"] == ("2", "4")
    assert rows["Validated score"] == ("4", "not scored")
    assert "Pas chiffré" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.proposed_value == 2


def test_validating_from_the_project_tab_answers_the_conflict_on_the_tab(world, english):
    proposal = propose(world, value=4)
    shown = proposal.version
    propose(world, value=5)
    pmo = client_as(world.users["pmo"])
    response = pmo.post(
        reverse("portfolios:scoring_proposal_validate", args=[proposal.pk]),
        {"version": shown, "next_project": world.project_a.pk},
    )
    assert response.status_code == 409
    assert response.templates[0].name == "portfolios/scoring/project.html"
    assert CONFLICT_EN in response.content.decode()


def test_a_decision_without_a_version_is_not_checked(world):
    """A post without the hidden version (a script, an old page) is not checked."""
    proposal = propose(world, value=4)
    propose(world, value=3)
    pmo = client_as(world.users["pmo"])
    response = pmo.post(reverse("portfolios:scoring_proposal_validate", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.value == 3
