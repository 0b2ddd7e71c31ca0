"""A project's lifecycle: start, gate review requests, decisions and their effect on the phase,
conditions, waivers, concurrency, notifications and the governance tab's query count."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import (
    Deliverable,
    GateCondition,
    GateDecision,
    GateReview,
    GateStatus,
    Guide,
    Methodology,
    MethodologyVersion,
    ProjectLifecycle,
    RequiredDeliverable,
    VersionStatus,
)
from governance.services import lifecycle as services
from governance.services.lifecycle import ConditionInput
from pmo_portal.models import Notification
from pmo_portal.roles import Role
from tests.governance.factories import methodology_with_phases, start_lifecycle
from tests.portfolios.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")

THREE = [("cadrage", "Cadrage"), ("realisation", "Réalisation"), ("cloture", "Clôture")]


@pytest.fixture
def version(world):
    return methodology_with_phases(world.project_a.project_type, phases=THREE)


@pytest.fixture
def lifecycle(world, version):
    return start_lifecycle(world.project_a, version)


def _request(world, note="Prêt pour la revue"):
    review, _created = services.request_gate_review(
        project=world.project_a, user=world.users["pm"], note=note
    )
    return review


# --- Start ------------------------------------------------------------------------------------


def test_pm_starts_the_lifecycle_on_the_latest_published_version(world, version, client_for):
    methodology = version.methodology
    newer = MethodologyVersion.objects.create(
        methodology=methodology, number=2, status=VersionStatus.PUBLISHED
    )
    newer.phases.create(order=1, key="cadrage", name="Cadrage v2")
    MethodologyVersion.objects.create(methodology=methodology, number=3)  # a draft: not used
    response = client_for("pm").post(
        reverse("governance:lifecycle_start", args=[world.project_a.pk])
    )
    assert response.status_code == 302
    lifecycle = ProjectLifecycle.objects.get(project=world.project_a)
    assert lifecycle.methodology_version == newer
    assert lifecycle.current_phase.name == "Cadrage v2"
    page = client_for("pm").get(reverse("governance:project_lifecycle", args=[world.project_a.pk]))
    assert "Cadrage v2" in page.content.decode()


def test_a_domain_specific_methodology_wins_over_the_general_one(world, version):
    project = world.project_a
    specific = Methodology.objects.create(
        name="Spécifique",
        project_type=project.project_type,
        business_domain=project.business_domain,
    )
    published = specific.versions.create(number=1, status=VersionStatus.PUBLISHED)
    published.phases.create(order=1, key="x", name="Spécifique")
    lifecycle = services.start_lifecycle(project=project, user=world.users["pmo"])
    assert lifecycle.current_phase.name == "Spécifique"


def test_starting_without_a_methodology_says_so(world, client_for):
    response = client_for("pm").post(
        reverse("governance:lifecycle_start", args=[world.project_a.pk]), follow=True
    )
    assert "No methodology exists for this project" in response.content.decode()
    assert not ProjectLifecycle.objects.exists()


def test_an_executive_cannot_start_a_lifecycle(world, version, client_for):
    response = client_for("executive").post(
        reverse("governance:lifecycle_start", args=[world.project_a.pk])
    )
    assert response.status_code == 403
    assert not ProjectLifecycle.objects.exists()


# --- Request ----------------------------------------------------------------------------------


def test_requesting_twice_gives_one_review(world, lifecycle, client_for):
    client = client_for("pm")
    url = reverse("governance:gate_request", args=[world.project_a.pk])
    first = client.post(url, {"note": "Dossier complet", "planned_on": "2026-03-02"})
    second = client.post(url, {"note": "Encore"})
    assert first.status_code == second.status_code == 302
    review = GateReview.objects.get(project=world.project_a)
    assert review.request_note == "Dossier complet"
    assert review.planned_on == date(2026, 3, 2)
    again, created = services.request_gate_review(project=world.project_a, user=world.users["pm"])
    assert (again, created) == (review, False)


# --- Decide -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "phase_after"),
    [
        (GateDecision.GO, "Réalisation"),
        (GateDecision.GO_WITH_CONDITIONS, "Réalisation"),
        (GateDecision.NO_GO, "Cadrage"),
        (GateDecision.POSTPONE, "Cadrage"),
    ],
)
def test_each_decision_and_its_effect_on_the_phase(
    world, lifecycle, client_for, decision, phase_after
):
    review = _request(world)
    data = {"decision": decision, "reasons": "" if decision == GateDecision.GO else "Motifs"}
    if decision == GateDecision.GO_WITH_CONDITIONS:
        data |= {
            "condition_0_text": "Compléter le plan de tests",
            "condition_0_owner": world.users["pm"].pk,
            "condition_0_due": "2026-04-30",
        }
    response = client_for("pmo").post(reverse("governance:gate_decide", args=[review.pk]), data)
    assert response.status_code == 302
    review.refresh_from_db()
    lifecycle.refresh_from_db()
    assert (review.status, review.decision) == (GateStatus.DECIDED, decision)
    assert review.decided_by == world.users["pmo"]
    assert lifecycle.current_phase.name == phase_after
    assert lifecycle.history.count() == (2 if phase_after == "Réalisation" else 1)
    page = client_for("pm").get(reverse("governance:project_lifecycle", args=[world.project_a.pk]))
    assert str(GateDecision(decision).label) in page.content.decode()


def test_go_on_the_last_gate_completes_the_lifecycle(world, version):
    lifecycle = start_lifecycle(world.project_a, version, phase_order=3)
    review = _request(world)
    services.decide_gate_review(review=review, user=world.users["pmo"], decision=GateDecision.GO)
    lifecycle.refresh_from_db()
    assert lifecycle.current_phase is None
    assert lifecycle.completed_at is not None


def test_go_with_conditions_needs_a_condition_and_no_go_needs_reasons(world, lifecycle, client_for):
    review = _request(world)
    url = reverse("governance:gate_decide", args=[review.pk])
    response = client_for("pmo").post(
        url, {"decision": GateDecision.GO_WITH_CONDITIONS, "reasons": "Sous réserve"}
    )
    assert response.status_code == 200
    assert "needs at least one condition" in response.content.decode()
    response = client_for("pmo").post(url, {"decision": GateDecision.NO_GO, "reasons": ""})
    assert "Give the reasons for this decision." in response.content.decode()
    # A condition half filled in is refused too.
    response = client_for("pmo").post(
        url,
        {
            "decision": GateDecision.GO_WITH_CONDITIONS,
            "reasons": "x",
            "condition_0_text": "Plan",
        },
    )
    assert "Name who answers for it." in response.content.decode()
    review.refresh_from_db()
    lifecycle.refresh_from_db()
    assert review.status == GateStatus.REQUESTED
    assert lifecycle.current_phase.name == "Cadrage"
    assert not GateCondition.objects.exists()


def test_a_condition_owner_marks_it_done(world, lifecycle, client_for):
    review = _request(world)
    services.decide_gate_review(
        review=review,
        user=world.users["pmo"],
        decision=GateDecision.GO_WITH_CONDITIONS,
        reasons="Sous réserve",
        conditions=[ConditionInput("Plan de tests", world.users["executive"], date(2026, 5, 1))],
    )
    condition = GateCondition.objects.get()
    url = reverse("governance:condition_done", args=[condition.pk])
    assert client_for("finance").post(url).status_code == 403
    assert client_for("executive").post(url).status_code == 302
    condition.refresh_from_db()
    assert condition.done_at is not None


def test_a_second_decision_is_refused_with_a_clear_message(world, lifecycle, client_for):
    review = _request(world)
    url = reverse("governance:gate_decide", args=[review.pk])
    client_for("pmo").post(url, {"decision": GateDecision.GO})
    other_pmo = UserFactory(username="pmo2", first_name="Paule", roles=[Role.PMO])
    client_for("pmo").force_login(other_pmo)
    response = client_for("pmo").post(url, {"decision": GateDecision.NO_GO, "reasons": "Non"})
    assert response.status_code == 200
    assert "decided this gate review first" in response.content.decode()
    lifecycle.refresh_from_db()
    assert lifecycle.current_phase.name == "Réalisation"  # moved once, not twice


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_decisions_one_wins():
    project = ProjectFactory()
    version = methodology_with_phases(project.project_type, phases=THREE)
    start_lifecycle(project, version)
    deciders = [UserFactory(roles=[Role.PMO]) for _ in range(2)]
    review, _ = services.request_gate_review(project=project, user=project.manager)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(user, decision):
        from django.db import connections

        try:
            mine = GateReview.objects.select_related("project").get(pk=review.pk)
            barrier.wait(timeout=10)
            services.decide_gate_review(review=mine, user=user, decision=decision, reasons="r")
            outcomes.append("won")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(deciders[0], GateDecision.GO)),
        threading.Thread(target=decide, args=(deciders[1], GateDecision.GO)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("won") == 1
    assert any("decided this gate review first" in outcome for outcome in outcomes)
    lifecycle = ProjectLifecycle.objects.get(project=project)
    assert lifecycle.current_phase.name == "Réalisation"


# --- Deciders by role -------------------------------------------------------------------------


def test_the_sponsor_decides_when_the_phase_says_so(world, lifecycle, client_for):
    sponsor = world.users["executive"]
    world.project_a.sponsor = sponsor
    world.project_a.save()
    lifecycle.current_phase.decider_role = "sponsor"
    lifecycle.current_phase.save()
    review = _request(world)
    url = reverse("governance:gate_decide", args=[review.pk])
    assert client_for("executive").get(url).status_code == 200
    assert client_for("pm").get(url).status_code == 403


def test_named_deciders_replace_the_role(world, lifecycle, client_for):
    phase = lifecycle.current_phase
    phase.decider_role = "executive"
    phase.save()
    phase.deciders.set([world.users["finance"]])
    review = _request(world)
    url = reverse("governance:gate_decide", args=[review.pk])
    assert client_for("finance").get(url).status_code == 200
    assert client_for("executive").get(url).status_code == 403


# --- Waivers ----------------------------------------------------------------------------------


def test_only_the_pmo_waives_a_deliverable(world, lifecycle, client_for):
    requirement = RequiredDeliverable.objects.filter(phase=lifecycle.current_phase).first()
    url = reverse("governance:deliverable_waive", args=[world.project_a.pk, requirement.pk])
    assert client_for("pm").post(url, {"reason": "Pas utile"}).status_code == 403
    assert not Deliverable.objects.exists()
    response = client_for("pmo").post(url, {"reason": ""})
    assert response.status_code == 200
    assert not Deliverable.objects.exists()
    assert client_for("pmo").post(url, {"reason": "Projet sans achat"}).status_code == 302
    deliverable = Deliverable.objects.get()
    assert deliverable.waived
    assert deliverable.waived_by == world.users["pmo"]
    page = client_for("pm").get(reverse("governance:project_lifecycle", args=[world.project_a.pk]))
    assert "Projet sans achat" in page.content.decode()


# --- Notifications ----------------------------------------------------------------------------


def test_request_and_decision_are_notified_once_each(world, lifecycle, settings):
    settings.LANGUAGE_CODE = "en"
    world.project_a.sponsor = world.users["executive"]
    world.project_a.save()
    _request(world)
    _request(world)  # a second request returns the same review: no second e-mail
    requested = Notification.objects.filter(kind=services.REQUESTED_KIND)
    assert [n.recipient for n in requested] == [world.users["pmo"]]
    assert "Gate review requested on PRJ-A" in requested.get().subject
    review = GateReview.objects.get()
    services.decide_gate_review(review=review, user=world.users["pmo"], decision=GateDecision.GO)
    decided = Notification.objects.filter(kind=services.DECIDED_KIND)
    assert {n.recipient for n in decided} == {world.users["pm"], world.users["executive"]}
    review.refresh_from_db()
    services._notify_decided(review)  # a rerun sends nothing more
    assert decided.count() == 2
    assert "Go" in decided.first().subject


def test_notifications_are_in_french_when_the_portal_is(world, lifecycle, settings):
    settings.LANGUAGE_CODE = "fr"
    _request(world)
    body = Notification.objects.get().body
    assert "PRJ-A" in body
    assert "http" in body


# --- The governance tab -----------------------------------------------------------------------


def _fill(world, lifecycle, reviews: int):
    """``reviews`` decided no-go reviews with a condition each, guides, and deliverables."""
    phase = lifecycle.current_phase
    for index in range(reviews):
        review = GateReview.objects.create(
            project=world.project_a,
            phase=phase,
            status=GateStatus.DECIDED,
            decision=GateDecision.NO_GO,
            reasons=f"Motif {index}",
            requested_by=world.users["pm"],
            decided_by=world.users["pmo"],
        )
        GateCondition.objects.create(
            review=review, text=f"C{index}", owner=world.users["pm"], due_date=date(2026, 6, 1)
        )
        requirement = RequiredDeliverable.objects.create(phase=phase, name=f"Extra {index}")
        Deliverable.objects.create(
            project=world.project_a,
            requirement=requirement,
            waived=index % 2 == 0,
            waiver_reason="r",
        )
        Guide.objects.create(title=f"Guide {index}", body=f"**Règle {index}**", phase_key="")


def test_governance_tab_queries_do_not_grow_with_the_history(
    world, lifecycle, client_for, django_assert_max_num_queries
):
    client = client_for("pm")
    url = reverse("governance:project_lifecycle", args=[world.project_a.pk])
    client.get(url)  # warm the session and caches
    counts = []
    for size in (1, 12):
        _fill(world, lifecycle, size)
        with django_assert_max_num_queries(30):
            response = client.get(url)
        assert response.status_code == 200
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert "Règle 3" in response.content.decode()
