"""The PMO's decision on a score proposal is e-mailed to the project manager who proposed it
(issue 12): one message through the outbox, naming the project, the criterion, the proposed
and the decided score and, for a rejection, the PMO's reason; a retry never sends twice."""

import pytest
from django.urls import reverse
from django.utils import translation

from pmo_portal.models import Notification
from portfolios.models import ProjectScore
from portfolios.services import scoring_scores
from portfolios.services.scoring_scores import (
    enter_scores,
    propose_scores,
    reject_proposal,
    validate_proposal,
)
from tests.concurrency import client_as
from tests.portfolios.test_scoring import criteria


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.PORTAL_BASE_URL = "https://pmo.example.org"
    with translation.override("en"):
        yield


def propose(world, value, key="value"):
    criterion = criteria()[key]
    propose_scores(
        project=world.project_a,
        user=world.users["pm"],
        values={criterion.pk: value},
        rationales={criterion.pk: "ROI x4"},
    )
    return ProjectScore.objects.get(project=world.project_a, criterion=criterion)


def test_a_rejection_mails_the_proposer_the_reason_and_the_values(
    world, english, django_capture_on_commit_callbacks
):
    value = criteria()["value"]
    enter_scores(project=world.project_a, user=world.users["pmo"], values={value.pk: 2})
    proposal = propose(world, 5)
    pmo = client_as(world.users["pmo"])
    prefix = f"reject-{proposal.pk}"
    with django_capture_on_commit_callbacks() as callbacks:
        response = pmo.post(
            reverse("portfolios:scoring_proposal_reject", args=[proposal.pk]),
            {
                f"{prefix}-reason": "Benefits not demonstrated",
                f"{prefix}-version": proposal.version,
            },
        )
    assert response.status_code == 302
    assert len(callbacks) == 1  # delivery queued after commit
    mail = Notification.objects.get(kind=scoring_scores.REJECTED_KIND)
    assert mail.recipient == world.users["pm"]
    assert mail.dedup_key == f"score-proposal:{proposal.pk}:{proposal.version}:rejected"
    assert mail.subject == "Score proposal rejected: PRJ-A Projet Alpha, Value / ROI"
    body = mail.body
    assert "PRJ-A Projet Alpha" in body
    assert "Criterion: Value / ROI" in body
    assert "Proposed score: 5 / 5" in body
    assert "Score kept: 2 / 5" in body
    assert "Reason given by the PMO: Benefits not demonstrated" in body
    assert f"https://pmo.example.org/projects/{world.project_a.pk}/prioritisation/" in body


def test_rejecting_a_first_proposal_says_the_criterion_stays_unscored(world, english):
    proposal = propose(world, 4)
    reject_proposal(score=proposal, user=world.users["pmo"], reason="Pas de chiffrage")
    mail = Notification.objects.get(kind=scoring_scores.REJECTED_KIND)
    assert "Score kept: not scored" in mail.body
    assert "Pas de chiffrage" in mail.body


def test_a_validation_mails_the_proposer_once(world, english):
    proposal = propose(world, 4)
    validate_proposal(score=proposal, user=world.users["pmo"], version=proposal.version)
    mail = Notification.objects.get(kind=scoring_scores.VALIDATED_KIND)
    assert mail.recipient == world.users["pm"]
    assert mail.subject == "Score validated: PRJ-A Projet Alpha, Value / ROI"
    assert "Proposed score: 4 / 5" in mail.body
    assert "Validated score: 4 / 5" in mail.body
    # The same decision enqueued again (a retried request, a rerun) sends nothing more.
    scoring_scores._notify(
        score=proposal,
        key=f"score-proposal:{proposal.pk}:{proposal.version}",
        user=world.users["pmo"],
        validated=True,
        proposed=4,
        decided=4,
        reason="",
    )
    assert Notification.objects.filter(recipient=world.users["pm"]).count() == 1


def test_each_new_proposal_gets_its_own_mail(world, english):
    first = propose(world, 4)
    reject_proposal(score=first, user=world.users["pmo"], reason="Trop optimiste")
    second = propose(world, 3)
    validate_proposal(score=second, user=world.users["pmo"])
    keys = set(Notification.objects.values_list("kind", flat=True))
    assert keys == {scoring_scores.REJECTED_KIND, scoring_scores.VALIDATED_KIND}


def test_no_mail_to_an_inactive_proposer_or_a_refused_decision(world, english):
    proposal = propose(world, 4)
    pmo = client_as(world.users["pmo"])
    url = reverse("portfolios:scoring_proposal_reject", args=[proposal.pk])
    assert pmo.post(url, {f"reject-{proposal.pk}-reason": " "}).status_code == 200
    assert not Notification.objects.exists()  # no reason: refused, nothing sent
    world.users["pm"].is_active = False
    world.users["pm"].save()
    validate_proposal(score=proposal, user=world.users["pmo"])
    assert not Notification.objects.exists()


def test_the_mail_is_in_the_portal_language(world, settings):
    settings.LANGUAGE_CODE = "fr"
    proposal = propose(world, 4)
    with translation.override("en"):
        reject_proposal(score=proposal, user=world.users["pmo"], reason="Pas de chiffrage")
    mail = Notification.objects.get(kind=scoring_scores.REJECTED_KIND)
    assert mail.body.startswith("Bonjour")
