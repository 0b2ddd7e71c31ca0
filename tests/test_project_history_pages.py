"""Issue 14, done when 4: "A test edits each audited model through its page and finds the change
in the project's History tab with the user's name."

tests/test_project_history.py covers the project itself (project_update), a milestone
(project_milestones), a budget line (budget_line_edit) and actual costs imported from a file
(cost_import). Each case below covers one more history source (pmo_portal/history.py, filled
by each app's history_sources.py): it signs in as a role that may make the change, submits the
page's own form (the data its page tests post), checks the row changed, then reads project A's
History tab as the PMO and finds, on one row, the thing changed (kind · label), the name of who
changed it and, for an edit, the new value.

| case                 | history source                | page posted                              |
|----------------------|-------------------------------|------------------------------------------|
| report_submit        | reporting · reports           | reporting:report_edit (submit)           |
| raid_edit            | reporting · raid              | reporting:raid_edit                      |
| decision_follow_up   | reporting · decisions         | reporting:decision_edit                  |
| actual_cost_entry    | resources · actuals           | resources:actual_cost_create             |
| committed_cost_entry | resources · commitments       | resources:committed_cost_create          |
| allocation_request   | resources · allocations       | resources:project_allocations (grid)     |
| team_need            | resources · team_needs        | resources:project_team_needs_save        |
| lifecycle_start      | governance · lifecycle        | governance:lifecycle_start               |
| gate_request         | governance · gates            | governance:gate_request                  |
| gate_decision        | governance · gates            | governance:gate_decide                   |
| deliverable_waiver   | governance · deliverables     | governance:deliverable_waive             |
| closure_review       | lessons · closure             | lessons:closure_start + closure_edit     |
| lesson_decision      | lessons · lessons (routes)    | lessons:project_lesson_decide            |
| score                | portfolios · scores           | portfolios:scoring_project_scores        |
| contribution         | portfolios · contributions    | portfolios:project_contribution_set      |
| business_case        | portfolios · business_case    | portfolios:business_case_save            |
| dependency           | portfolios · dependencies     | portfolios:business_case_dependency_add  |

Actual and committed costs have a creation page only (no page edits or deletes one: a
correction is a new line or a re-import), so their cases create one.

report_submit also finds the project's latest declared status that the submit writes
("Overall health : — → Stormy" on the project's row, by the PM). Those fields are not
editable in a form, and simple_history's diff compares editable fields only, so the row used
to be dropped as "saved without a visible change"; the project's history source now names
them (HistorySource.written).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from lxml import html

from governance.models import (
    Deliverable,
    GateDecision,
    GateReview,
    ProjectLifecycle,
    RequiredDeliverable,
)
from governance.services import lifecycle as lifecycle_services
from lessons.models import ClosureReview, LessonRoute, RouteStatus
from lessons.services.routing import clear_index_cache
from pmo_portal.users import user_label
from portfolios.models import (
    BusinessCaseYear,
    ObjectiveContribution,
    ProjectDependency,
    ProjectStatus,
    ScoringModel,
)
from portfolios.models.strategy import ProjectScore
from reporting.models import CopilDecision, RaidItem, ReportStatus
from resources.forms.capacity import cell_name
from resources.models import ActualCost, Allocation, CommittedCost, PlannedTeamNeed
from resources.selectors.capacity import months_ahead
from tests.concurrency import form_data
from tests.governance.factories import methodology_with_phases, start_lifecycle
from tests.lessons.factories import make_lesson
from tests.portfolios.factories import ContributionFactory
from tests.reporting.factories_copil import CopilDecisionFactory, CopilMeetingFactory
from tests.reporting.test_reports import form_data as report_data
from tests.resources.factories_capacity import AllocationFactory, ResourceFactory, TeamFactory

pytestmark = pytest.mark.django_db

PHASES = [("cadrage", "Cadrage"), ("realisation", "Réalisation"), ("cloture", "Clôture")]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@dataclass
class Seen:
    """A row the History tab must show: who (a role of the world), what (the "Kind · label"
    cell) and one line of the change cell ("Field : old → new", or "added")."""

    role: str
    what: str
    change: str


@dataclass
class Row:
    who: str
    what: str
    changes: list[str]  # the lines of the change cell


def history_rows(client, project) -> list[Row]:
    response = client.get(reverse("portfolios:project_history", args=[project.pk]))
    assert response.status_code == 200
    tree = html.fromstring(response.content.decode())
    rows = []
    for tr in tree.xpath('//table[@id="history"]/tbody/tr'):
        cells = tr.xpath("./td")
        _when, who, what, change = (" ".join(td.text_content().split()) for td in cells)
        lines = [" ".join(span.text_content().split()) for span in cells[3].xpath("./span")]
        rows.append(Row(who=who, what=what, changes=lines or [change]))
    return rows


CASES = []


def case(function):
    CASES.append(pytest.param(function, id=function.__name__))
    return function


def _form_post(client, url, post_url=None, **changes):
    """GET the page, POST its own form back with ``changes`` (what the user typed)."""
    page = client.get(url)
    assert page.status_code == 200
    return client.post(post_url or url, {**form_data(page.context["form"]), **changes})


# --- reporting ---------------------------------------------------------------------------------


@case
def report_submit(client_for, world):
    draft = world.draft_a
    data = report_data(draft, health_overall=4, action="submit")
    response = client_for("pm").post(reverse("reporting:report_edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.health_overall) == (ReportStatus.SUBMITTED, 4)
    # The project's latest declared status, written by the submit, is told too.
    return [
        Seen("pm", f"Status report · {draft}", "Status : Draft → Submitted"),
        Seen("pm", "Project · PRJ-A — Projet Alpha", "Overall health : — → Stormy"),
    ]


@case
def raid_edit(client_for, world):
    url = reverse("reporting:raid_edit", args=[world.risk_a.pk])
    response = _form_post(client_for("pm"), url, title="Risque Alpha révisé", probability="4")
    assert response.status_code == 302
    assert RaidItem.objects.get(pk=world.risk_a.pk).title == "Risque Alpha révisé"
    title = "Title : Risque Alpha → Risque Alpha révisé"
    return Seen("pm", "RAID item · Risque Alpha révisé", title)


@case
def decision_follow_up(client_for, world):
    meeting = CopilMeetingFactory(title="COPIL Nord", portfolio=world.p1)
    decision = CopilDecisionFactory(meeting=meeting, project=world.project_a)
    url = reverse("reporting:decision_edit", args=[decision.pk])
    response = _form_post(
        client_for("executive"), url, status="done", follow_up="Appel d'offres publié."
    )
    assert response.status_code == 302
    assert CopilDecision.objects.get(pk=decision.pk).follow_up == "Appel d'offres publié."
    return Seen("executive", f"COPIL decision · {decision}", "Status : Open → Done")


# --- resources ---------------------------------------------------------------------------------


@case
def actual_cost_entry(client_for, world):
    url = reverse("resources:actual_cost_create", args=[world.project_a.pk])
    data = {
        "date": "2026-04-02",
        "nature": "opex",
        "category": "software",
        "amount": "1234.56",
        "reference": "FAC-HIST",
    }
    assert client_for("finance").post(url, data).status_code == 302
    assert ActualCost.objects.get(reference="FAC-HIST").amount == Decimal("1234.56")
    return Seen("finance", "Actual cost · PRJ-A · FAC-HIST", "added")


@case
def committed_cost_entry(client_for, world):
    url = reverse("resources:committed_cost_create", args=[world.project_a.pk])
    data = {
        "date": "2026-04-02",
        "nature": "capex",
        "category": "hardware",
        "amount": "10",
        "reference": "BC-HIST",
    }
    assert client_for("finance").post(url, data).status_code == 302
    assert CommittedCost.objects.get(reference="BC-HIST").amount == Decimal("10")
    return Seen("finance", "Committed cost · PRJ-A · BC-HIST", "added")


@case
def allocation_request(client_for, world):
    team = TeamFactory(manager=world.users["resource_manager"])
    dev = ResourceFactory(name="Dev Senior", team=team)
    month = months_ahead()[0]
    AllocationFactory(project=world.project_a, resource=dev, month=month, fte=Decimal("0.50"))
    url = reverse("resources:project_allocations", args=[world.project_a.pk])
    client = client_for("pm")
    page = client.get(url)
    data = {**form_data(page.context["form"]), "row": [str(dev.pk)]}
    data[cell_name(dev.pk, month)] = "0.8"
    assert client.post(url, data).status_code == 302
    assert Allocation.objects.get(resource=dev, month=month).fte == Decimal("0.80")
    return Seen("pm", f"Allocation · Dev Senior · {month:%m/%Y}", "FTE : 0.50 → 0.80")


@case
def team_need(client_for, world):
    team = TeamFactory(name="Data")
    BusinessCaseYear.objects.create(project=world.project_a, year=2027)
    PlannedTeamNeed.objects.create(project=world.project_a, team=team, year=2027, fte=1)
    client = client_for("pm")
    page = client.get(reverse("resources:project_team_needs", args=[world.project_a.pk]))
    digest = html.fromstring(page.content.decode()).xpath('//input[@name="digest"]/@value')[0]
    response = client.post(
        reverse("resources:project_team_needs_save", args=[world.project_a.pk]),
        {"digest": digest, f"need_{team.pk}_2027": "1.5"},
    )
    assert response.status_code == 302
    assert PlannedTeamNeed.objects.get(team=team).fte == Decimal("1.50")
    return Seen("pm", "Planned team need · Data · 2027", "FTE : 1.00 → 1.50")


# --- governance --------------------------------------------------------------------------------


@case
def lifecycle_start(client_for, world):
    methodology_with_phases(world.project_a.project_type, phases=PHASES)
    url = reverse("governance:lifecycle_start", args=[world.project_a.pk])
    assert client_for("pm").post(url).status_code == 302
    assert ProjectLifecycle.objects.get(project=world.project_a).current_phase.name == "Cadrage"
    return Seen("pm", "Project lifecycle · Cadrage", "added")


@case
def gate_request(client_for, world):
    start_lifecycle(world.project_a, methodology_with_phases(world.project_a.project_type))
    url = reverse("governance:gate_request", args=[world.project_a.pk])
    response = client_for("pm").post(url, {"note": "Dossier complet", "planned_on": "2026-03-02"})
    assert response.status_code == 302
    assert GateReview.objects.get(project=world.project_a).request_note == "Dossier complet"
    return Seen("pm", "Gate review · Cadrage", "added")


@case
def gate_decision(client_for, world):
    version = methodology_with_phases(world.project_a.project_type, phases=PHASES)
    start_lifecycle(world.project_a, version)
    review, _created = lifecycle_services.request_gate_review(
        project=world.project_a, user=world.users["pm"], note="Prêt"
    )
    url = reverse("governance:gate_decide", args=[review.pk])
    response = client_for("pmo").post(url, {"decision": GateDecision.NO_GO, "reasons": "Motifs"})
    assert response.status_code == 302
    assert GateReview.objects.get(pk=review.pk).decision == GateDecision.NO_GO
    return Seen("pmo", "Gate review · Cadrage", "Decision : — → No-go")


@case
def deliverable_waiver(client_for, world):
    version = methodology_with_phases(world.project_a.project_type, phases=PHASES)
    lifecycle = start_lifecycle(world.project_a, version)
    requirement = RequiredDeliverable.objects.filter(phase=lifecycle.current_phase).first()
    url = reverse("governance:deliverable_waive", args=[world.project_a.pk, requirement.pk])
    assert client_for("pmo").post(url, {"reason": "Projet sans achat"}).status_code == 302
    assert Deliverable.objects.get(requirement=requirement).waived
    waiver = "Reason for the waiver : — → Projet sans achat"
    return Seen("pmo", f"Deliverable · {requirement}", waiver)


# --- lessons -----------------------------------------------------------------------------------


@case
def closure_review(client_for, world):
    project = world.project_a
    project.status = ProjectStatus.CLOSED
    project.actual_end = date(2026, 5, 20)
    project.save()
    client = client_for("pm")
    assert client.post(reverse("lessons:closure_start", args=[project.pk])).status_code == 302
    review = ClosureReview.objects.get(project=project)
    url = reverse("lessons:closure_edit", args=[review.pk])
    response = _form_post(client, url, went_well="Le sponsor présent")
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.went_well == "Le sponsor présent"
    return Seen("pm", f"Closure review · {review}", "What went well : — → Le sponsor présent")


@case
def lesson_decision(client_for, world):
    clear_index_cache()
    pmo = world.users["pmo"]
    lesson = make_lesson(user=pmo, validated_by=pmo, title="Experts métier en recette")
    url = reverse("lessons:project_lesson_decide", args=[world.project_a.pk, lesson.pk])
    client_for("pm").post(url, {"status": "not_relevant", "reason": "Déjà prévu"})
    route = LessonRoute.objects.get(lesson=lesson, project=world.project_a)
    assert (route.status, route.reason) == (RouteStatus.NOT_RELEVANT, "Déjà prévu")
    return Seen("pm", "Routed lesson · Experts métier en recette", "added")


# --- portfolios --------------------------------------------------------------------------------


@case
def score(client_for, world):
    value = ScoringModel.objects.get(is_default=True).criteria.get(key="value")
    ProjectScore.objects.create(project=world.project_a, criterion=value, value=2)
    url = reverse("portfolios:scoring_project", args=[world.project_a.pk])
    post_url = reverse("portfolios:scoring_project_scores", args=[world.project_a.pk])
    response = _form_post(client_for("pmo"), url, post_url, **{f"score_{value.pk}": "4"})
    assert response.status_code == 302
    assert ProjectScore.objects.get(project=world.project_a, criterion=value).value == 4
    return Seen("pmo", f"Project score · {value}", "Score : 2 → 4")


@case
def contribution(client_for, world):
    ContributionFactory(project=world.project_a, objective=world.objective, score=3)
    url = reverse("portfolios:project_contribution_set", args=[world.project_a.pk])
    data = {"objective": world.objective.pk, "score": 1, "rationale": "Faible"}
    assert client_for("pmo").post(url, data).status_code == 302
    assert ObjectiveContribution.objects.get(project=world.project_a).score == 1
    return Seen(
        "pmo", f"Contribution to an objective · {world.objective}", "Score : 3 — high → 1 — low"
    )


@case
def business_case(client_for, world):
    BusinessCaseYear.objects.create(project=world.project_a, year=2027, capex=Decimal("1000"))
    client = client_for("pm")
    page = client.get(reverse("portfolios:business_case", args=[world.project_a.pk]))
    data = {
        "digest": page.context["state"]["digest"].value(),
        "years-TOTAL_FORMS": "1",
        "years-INITIAL_FORMS": "1",
        "years-MIN_NUM_FORMS": "0",
        "years-MAX_NUM_FORMS": "1000",
        "years-0-year": "2027",
        "years-0-capex": "5000",
        "years-0-opex": "0",
        "years-0-fte": "0",
        "years-0-benefits": "0",
    }
    response = client.post(
        reverse("portfolios:business_case_save", args=[world.project_a.pk]), data
    )
    assert response.status_code == 302
    assert BusinessCaseYear.objects.get(project=world.project_a).capex == Decimal("5000")
    return Seen("pm", "Business case year · 2027", "CAPEX (€) : 1,000.00 → 5,000.00")


@case
def dependency(client_for, world):
    url = reverse("portfolios:business_case_dependency_add", args=[world.project_a.pk])
    data = {"kind": "requires", "other": world.project_b.pk, "note": "Même socle"}
    assert client_for("pmo").post(url, data).status_code == 302
    assert ProjectDependency.objects.get(project=world.project_a).other == world.project_b
    return Seen("pmo", "Project dependency · PRJ-A · requires · PRJ-B", "added")


@pytest.mark.parametrize("edit", CASES)
def test_an_edit_through_its_page_shows_in_the_history_tab_with_who_made_it(
    client_for, world, edit
):
    expected = edit(client_for, world)
    rows = history_rows(client_for("pmo"), world.project_a)
    for seen in expected if isinstance(expected, list) else [expected]:
        who = user_label(world.users[seen.role])
        assert who
        mine = [row for row in rows if row.what == seen.what and row.who == who]
        assert mine, f"no row '{seen.what}' by {who} in {rows}"
        assert any(seen.change in row.changes for row in mine), mine
