"""Every list page offers its rows as CSV and Excel (pmo_portal/exports.py): the page's two
buttons keep its filters, both files open, their header row is in the reader's language and
their rows are the filtered rows, not one page of them.

Each case builds, on the shared world (tests/conftest.py), rows the filter (or the page's own
scope: one project, one meeting, the reader's teams) keeps and one it leaves out, and names
the column that tells them apart."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import parse_qs, urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from pmo_portal.exports import XLSX_CONTENT_TYPE
from portfolios.models import ProjectScore, ScoreStatus
from portfolios.services.scoring import refresh_priority
from reporting.models import DecisionStatus, RaidKind
from reporting.services.reports import current_period
from resources.models import AllocationStatus
from tests.governance.compliance_world import build_hand_world
from tests.portfolios.factories import ContributionFactory, ProjectFactory, UserFactory
from tests.reporting.factories import RiskFactory, StatusReportFactory
from tests.reporting.factories_copil import CopilDecisionFactory, CopilMeetingFactory, in_days
from tests.resources.factories import ActualCostFactory, BudgetLineFactory, CommittedCostFactory
from tests.resources.factories_alerts import AlertFactory
from tests.resources.factories_capacity import AllocationFactory, ResourceFactory, TeamFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}
CONTENT_TYPES = {"csv": "text/csv", "xlsx": XLSX_CONTENT_TYPE}
# A Wednesday in March: every month of the capacity horizon lies ahead, within 2026.
TODAY = datetime(2026, 3, 18, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
APRIL = date(2026, 4, 1)
MONTHS = 12  # the capacity and FTE pages' horizon: a grid writes one line per month


@pytest.fixture(autouse=True)
def clock():
    """Set before the world is built (autouse fixtures come first)."""
    with time_machine.travel(TODAY, tick=False):
        yield


@dataclass
class Listing:
    """A list page as a role reads it: its URL and filters, the column that names its rows,
    and the values that column must hold in the file (sorted)."""

    role: str
    url: str
    key: str
    expected: list[str]
    params: dict = field(default_factory=dict)
    table: str | None = None  # one of several lists on the page
    page_count: bool = True  # the page's paginator counts the same rows as the file


CASES: dict[str, Callable] = {}


def case(function):
    CASES[function.__name__] = function
    return function


# --- Shared data ---------------------------------------------------------------------------


def teams(world):
    """Team Data (managed by ``resource_manager``, resource Alpha, working on A in April) and
    team Infra (resource Bravo, on B; managed by someone else)."""
    data = TeamFactory(name="Équipe Data", manager=world.users["resource_manager"])
    infra = TeamFactory(name="Équipe Infra", manager=UserFactory(username="other_rm"))
    alpha = ResourceFactory(name="Ressource Alpha", team=data)
    bravo = ResourceFactory(name="Ressource Bravo", team=infra)
    return data, alpha, bravo


def allocations(world, status=AllocationStatus.APPROVED):
    data, alpha, bravo = teams(world)
    AllocationFactory(resource=alpha, project=world.project_a, month=APRIL, status=status)
    AllocationFactory(resource=bravo, project=world.project_b, month=APRIL, status=status)
    return data


def north(world) -> dict:
    return {"portfolio": world.north.pk}


# --- reporting -----------------------------------------------------------------------------


@case
def missing_reports(world):
    return Listing("pmo", reverse("reporting:missing_reports"), "Code", ["PRJ-A"], north(world))


@case
def milestones_ahead(world):
    url = reverse("reporting:milestones")
    return Listing("pmo", url, "Milestone", ["Go-live Alpha"], north(world))


@case
def top_risks(world):
    return Listing("pmo", reverse("reporting:top_risks"), "Risk", ["Risque Alpha"], north(world))


@case
def health_worse(world):
    """C (north) and D (south): sunny two periods ago, rainy last period."""
    last = current_period(world.project_a).previous()
    for code, portfolio in (("PRJ-C", world.p1), ("PRJ-D", world.p2)):
        project = ProjectFactory(
            code=code, portfolio=portfolio, health_overall=3, status_date=last.end
        )
        StatusReportFactory(project=project, period=last.previous(), health_overall=1)
        StatusReportFactory(project=project, period=last, health_overall=3)
    return Listing("pmo", reverse("reporting:health_worse"), "Code", ["PRJ-C"], north(world))


@case
def status_history(world):
    """Project A's reports; B's report is not on A's page."""
    world.draft_a.percent_complete = 55
    world.draft_a.save()
    world.report_b.percent_complete = 77
    world.report_b.save()
    url = reverse("reporting:project_reports", args=[world.project_a.pk])
    return Listing("pm", url, "Completion (%)", ["40", "55"], page_count=False)


@case
def project_milestones(world):
    url = reverse("reporting:project_milestones", args=[world.project_a.pk])
    return Listing("pm", url, "Milestone", ["Go-live Alpha"], page_count=False)


@case
def raid_log(world):
    RiskFactory(project=world.project_a, kind=RaidKind.ISSUE, title="Point bloquant Alpha")
    url = reverse("reporting:raid_list", args=[world.project_a.pk])
    return Listing("pm", url, "Title", ["Risque Alpha"], {"kind": RaidKind.RISK})


@case
def meetings(world):
    CopilMeetingFactory(title="COPIL à venir", portfolio=world.p1)
    CopilMeetingFactory(title="COPIL passé", portfolio=world.p1, scheduled_at=in_days(-10))
    url = reverse("reporting:copil_list")
    return Listing("pmo", url, "Steering committee", ["COPIL passé"], {"when": "past"})


@case
def decisions(world):
    meeting = CopilMeetingFactory(portfolio=world.p1)
    CopilDecisionFactory(meeting=meeting, text="Valider le lot 2")
    CopilDecisionFactory(meeting=CopilMeetingFactory(portfolio=world.p2), text="Autre COPIL")
    url = reverse("reporting:copil_detail", args=[meeting.pk])
    return Listing("pmo", url, "Decision", ["Valider le lot 2"], page_count=False)


@case
def decision_log(world):
    """Across meetings; the "closed" tab leaves the open decision out."""
    meeting = CopilMeetingFactory(portfolio=world.p1)
    CopilDecisionFactory(meeting=meeting, text="Décision ouverte")
    CopilDecisionFactory(meeting=meeting, text="Décision prise", status=DecisionStatus.DONE)
    url = reverse("reporting:decision_list")
    return Listing("pmo", url, "Decision", ["Décision prise"], {"show": "closed"})


# --- resources -----------------------------------------------------------------------------


@case
def alerts(world):
    AlertFactory(project=world.project_a)
    AlertFactory(project=world.project_b)
    return Listing("pmo", reverse("resources:alert_list"), "Code", ["PRJ-A"], north(world))


@case
def resources(world):
    data, _alpha, _bravo = teams(world)
    url = reverse("resources:resource_list")
    return Listing("resource_manager", url, "Name", ["Ressource Alpha"], {"team": data.pk})


@case
def capacity_by_team(world):
    data = allocations(world)
    url = reverse("resources:capacity")
    expected = ["Équipe Data"] * MONTHS
    return Listing("pmo", url, "Team", expected, {"team": data.pk}, page_count=False)


@case
def capacity_by_resource(world):
    data = allocations(world)
    url = reverse("resources:capacity")
    expected = ["Ressource Alpha"] * MONTHS
    params = {"by": "resource", "team": data.pk}
    return Listing("pmo", url, "Resource", expected, params, page_count=False)


@case
def capacity_cell(world):
    data = allocations(world)
    url = reverse("resources:capacity_cell")
    params = {"month": "2026-04", "team": data.pk}
    return Listing("pmo", url, "Resource", ["Ressource Alpha"], params)


@case
def fte_consumption(world):
    allocations(world)
    url = reverse("resources:fte_consumption")
    return Listing("pmo", url, "Code", ["PRJ-A"] * MONTHS, north(world), page_count=False)


@case
def allocations_to_decide(world):
    """The resource manager decides for their own team only."""
    allocations(world, status=AllocationStatus.REQUESTED)
    url = reverse("resources:pending_allocations")
    return Listing("resource_manager", url, "Resource", ["Ressource Alpha"], page_count=False)


@case
def project_allocations(world):
    allocations(world)
    url = reverse("resources:project_allocations", args=[world.project_a.pk])
    return Listing("pm", url, "Resource", ["Ressource Alpha"], page_count=False)


@case
def import_log(world):
    """Finance reads every import; the filter keeps the rejected one."""
    from resources.models import ImportOutcome, ImportRun

    for name, outcome, user in (
        ("refus.csv", ImportOutcome.REJECTED, world.users["pmo"]),
        ("ok.csv", ImportOutcome.IMPORTED, world.users["finance"]),
    ):
        ImportRun.objects.create(
            kind="costs",
            file_name=name,
            user=user,
            outcome=outcome,
            started_at=TODAY,
            finished_at=TODAY,
        )
    url = reverse("resources:import_log")
    return Listing("finance", url, "File", ["refus.csv"], {"outcome": "rejected"})


def budgets(world):
    BudgetLineFactory(project=world.project_a, fiscal_year=2026)
    BudgetLineFactory(project=world.project_b, fiscal_year=2025)
    ActualCostFactory(project=world.project_a, reference="FAC-A")
    ActualCostFactory(project=world.project_b, reference="FAC-B")
    CommittedCostFactory(project=world.project_a, reference="PO-A")
    CommittedCostFactory(project=world.project_b, reference="PO-B")
    return reverse("resources:project_budget", args=[world.project_a.pk])


@case
def budget_lines(world):
    url = budgets(world)
    return Listing("finance", url, "Fiscal year", ["2026"], table="lines", page_count=False)


@case
def actual_costs(world):
    return Listing("finance", budgets(world), "Reference", ["FAC-A"], table="actuals")


@case
def committed_costs(world):
    url = budgets(world)
    return Listing(
        "finance", url, "Purchase order", ["PO-A"], table="commitments", page_count=False
    )


# --- portfolios ----------------------------------------------------------------------------


@case
def projects(world):
    return Listing("pmo", reverse("portfolios:project_list"), "Code", ["PRJ-A"], north(world))


@case
def objective_contributions(world):
    """The executive reads project A (BU North), not B: B's contribution is not theirs."""
    ContributionFactory(project=world.project_a, objective=world.objective, score=3)
    ContributionFactory(project=world.project_b, objective=world.objective, score=1)
    url = reverse("portfolios:objective_detail", args=[world.objective.pk])
    return Listing("executive", url, "Code", ["PRJ-A"])


@case
def score_proposals(world):
    """A's proposal waits for the PMO; B's score is validated, so not on the list."""
    from tests.portfolios.test_scoring import criteria

    value = criteria()["value"]
    ProjectScore.objects.create(
        project=world.project_a, criterion=value, value=4, status=ScoreStatus.PROPOSED
    )
    ProjectScore.objects.create(
        project=world.project_b, criterion=value, value=2, status=ScoreStatus.VALIDATED
    )
    refresh_priority(project_ids=[world.project_a.pk, world.project_b.pk])
    return Listing("pmo", reverse("portfolios:scoring_proposals"), "Code", ["PRJ-A"])


# --- governance ----------------------------------------------------------------------------


@case
def compliance_projects(world):
    """Hand world (tests/governance/compliance_world.py): A and B have late deliverables."""
    build_hand_world(world)
    url = reverse("governance:compliance_projects")
    return Listing("pmo", url, "Code", ["PRJ-A", "PRJ-B"], {"state": "late"})


@case
def compliance_deliverables(world):
    build_hand_world(world)
    url = reverse("governance:compliance_deliverables")
    params = {"state": "late", **north(world)}
    return Listing("pmo", url, "Deliverable", ["Planning"], params)


@case
def compliance_heatmap(world):
    build_hand_world(world)
    url = reverse("governance:compliance_heatmap")
    return Listing("pmo", url, "Code", ["PRJ-A"], {"state": "late", **north(world)})


# --- Reading the page and its files --------------------------------------------------------

LINK = re.compile(r'data-export="(csv|xlsx)" href="([^"]*)"')


def export_links(content: str, table: str | None) -> dict[str, str]:
    links = {}
    for export, href in LINK.findall(content):
        href = html.unescape(href)
        if table is None or f"table={table}" in href:
            links.setdefault(export, href)
    return links


def read_file(response, export: str) -> tuple[list[str], list[list]]:
    if export == "csv":
        text = b"".join(response.streaming_content).decode("utf-8")
        assert text.startswith("\ufeff")  # Excel reads it as UTF-8
        lines = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        lines = [
            ["" if value is None else value for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    return [str(label) for label in lines[0]], lines[1:]


def exported(client, listing: Listing, export: str, language=EN):
    page = client.get(listing.url, listing.params, **language)
    assert page.status_code == 200
    href = export_links(page.content.decode(), listing.table)[export]
    response = client.get(urljoin(listing.url, href), **language)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(CONTENT_TYPES[export])
    assert response["Content-Disposition"].startswith("attachment;")
    return page, href, read_file(response, export)


@pytest.mark.parametrize("export", ["csv", "xlsx"])
@pytest.mark.parametrize("name", list(CASES))
def test_each_list_exports_its_filtered_rows(client_for, world, name, export):
    listing = CASES[name](world)
    client = client_for(listing.role)
    page, href, (header, rows) = exported(client, listing, export)
    links = export_links(page.content.decode(), listing.table)
    assert set(links) == {"csv", "xlsx"}  # the page offers both files
    query = parse_qs(urlsplit(href).query)
    for key, value in listing.params.items():  # the button carries the page's filters
        assert query[key] == [str(value)]
    assert "page" not in query
    assert listing.key in header
    column = header.index(listing.key)
    assert sorted(str(row[column]) for row in rows) == listing.expected
    assert all(len(row) == len(header) for row in rows)
    if listing.page_count:
        assert len(rows) == page.context["page_obj"].paginator.count


def test_an_export_holds_every_row_not_one_page(client_for, world, settings):
    settings.PAGINATE_BY = 2
    for number in range(5):
        RiskFactory(project=world.project_a, title=f"Risque {number}")
    listing = Listing("pmo", reverse("reporting:top_risks"), "Risk", [], north(world))
    client = client_for("pmo")
    page, _href, (_header, rows) = exported(client, listing, "xlsx")
    assert len(page.context["rows"]) == 2
    assert len(rows) == 6  # Risque Alpha and the five


def test_headers_follow_the_readers_language(client_for, world):
    listing = top_risks(world)
    client = client_for("pmo")
    for export in ("csv", "xlsx"):
        _page, _href, (header, _rows) = exported(client, listing, export, language=FR)
        assert header[:3] == ["Code", "Portefeuille", "Risque"]
        assert "Probabilité" in header
        assert "Criticité" in header  # PMO vocabulary: exposure = criticité


def test_a_cell_that_looks_like_a_formula_is_exported_as_text(client_for, world):
    RiskFactory(project=world.project_a, title='=HYPERLINK("http://evil.example","Clic")')
    listing = top_risks(world)
    client = client_for("pmo")
    for export in ("csv", "xlsx"):
        _page, _href, (header, rows) = exported(client, listing, export)
        titles = {row[header.index("Risk")] for row in rows}
        assert '\'=HYPERLINK("http://evil.example","Clic")' in titles


def test_the_budget_page_tells_its_lists_apart(client_for, world):
    """The budget page has three lists: each button exports its own, and an unknown table
    is not found."""
    url = budgets(world)
    client = client_for("finance")
    links = re.findall(r'data-export="csv" href="([^"]*)"', client.get(url, **EN).content.decode())
    assert sorted(html.unescape(link) for link in links) == [
        "?export=csv&table=actuals",
        "?export=csv&table=commitments",
        "?export=csv&table=lines",
    ]
    assert client.get(url, {"export": "csv", "table": "other"}).status_code == 404
    assert client.get(url, {"export": "pdf"}, **EN)["Content-Type"].startswith("text/html")


def test_exports_read_in_a_constant_number_of_queries(
    client_for, world, django_assert_max_num_queries
):
    """Rows with prefetched relations (a risk's owner, a resource's skills) cost the same
    whether there are 2 or 30 of them."""
    data, _alpha, _bravo = teams(world)
    client = client_for("pmo")
    urls = [
        reverse("reporting:top_risks") + "?export=csv",
        reverse("resources:resource_list") + f"?export=csv&team={data.pk}",
        reverse("resources:alert_list") + "?export=csv",
    ]
    counts = []
    for size in (2, 30):
        RiskFactory.create_batch(size, project=world.project_a, owner=world.users["pm"])
        ResourceFactory.create_batch(size, team=data)
        for _number in range(size):
            AlertFactory(project=ProjectFactory(portfolio=world.p1))
        sizes = []
        for url in urls:
            with django_assert_max_num_queries(30) as captured:
                response = client.get(url, **EN)
                b"".join(response.streaming_content)
            sizes.append(len(captured))
        counts.append(sizes)
    assert counts[0] == counts[1]
