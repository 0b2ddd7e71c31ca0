"""The prioritised backlog (issue 12): candidates ranked by priority score (rank computed by
the database), mandatory projects first and outside the ranking, the explanation on every
row, the business-case total, the project list's filters, CSV / Excel exports with the same
rows, and a query count that does not grow from 20 to 2,000 projects ("done when" point 4).
"""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from portfolios.models import BusinessCaseYear, Project
from tests.concurrency import client_as
from tests.portfolios.factories import ProjectFactory

BACKLOG = reverse("portfolios:backlog")


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def explained(value, urgency):
    """A stored explanation: value and urgency points, the rest not scored."""
    return [
        {"key": "value", "name": "", "kind": "value", "points": value, "score": 1, "scored": True},
        {
            "key": "urgency",
            "name": "",
            "kind": "urgency",
            "points": urgency,
            "score": 1,
            "scored": True,
        },
        {"key": "risk", "name": "", "kind": "risk", "points": 0, "score": None, "scored": False},
    ]


def candidate(world, code, score, *, portfolio=None, status="proposed", **fields):
    value, urgency = Decimal(score) - 10, Decimal(10)
    return ProjectFactory(
        code=code,
        portfolio=portfolio or world.p1,
        status=status,
        priority_score=Decimal(score),
        priority_explanation=explained(float(value), float(urgency)),
        **fields,
    )


@pytest.fixture
def backlog_world(world):
    """In P1: C1 (50), C2 (70), C3 (50, on hold), M (mandatory, 20), an active project and
    an archived candidate (neither listed). In P2: D (90), which the PM of project A does
    not see."""
    projects = {
        "C1": candidate(world, "C1", "50"),
        "C2": candidate(world, "C2", "70", status="approved"),
        "C3": candidate(world, "C3", "50", status="on_hold"),
        "M": candidate(world, "M", "20", is_mandatory=True),
        "ACT": candidate(world, "ACT", "99", status="active"),
        "ARC": candidate(world, "ARC", "99", is_archived=True),
        "D": candidate(world, "D", "90", portfolio=world.p2),
    }
    BusinessCaseYear.objects.create(
        project=projects["C2"], year=2026, capex=Decimal("100000"), opex=Decimal("20000")
    )
    BusinessCaseYear.objects.create(
        project=projects["C2"], year=2027, capex=Decimal("50000"), opex=Decimal("30000")
    )
    return projects


def rows(response) -> list[tuple[str, str]]:
    """(code, rank) of the rows in the page's order."""
    return [
        (row["project"].code, row["rank"]) for g in response.context["groups"] for row in g["rows"]
    ]


def test_backlog_ranks_candidates_with_mandatory_first(client_for, backlog_world, english):
    response = client_for("pmo").get(BACKLOG)
    assert rows(response) == [("M", None), ("D", 1), ("C2", 2), ("C1", 3), ("C3", 3)]
    content = response.content.decode()
    assert "Mandatory — outside the ranking" in content
    assert content.index("Mandatory — outside the ranking") < content.index("Ranked candidates")
    assert "70 pts: Value / ROI 60, Urgency 10, Risk not scored" in content
    # Business case of C2: 100 + 20 + 50 + 30 = 200 k€.
    c2 = next(
        r["project"]
        for g in response.context["groups"]
        for r in g["rows"]
        if r["project"].code == "C2"
    )
    assert c2.business_case_total == Decimal("200000.00")
    assert "ACT" not in [code for code, _rank in rows(response)]
    assert "ARC" not in [code for code, _rank in rows(response)]


def test_backlog_is_scoped_and_filtered_like_the_project_list(client_for, world, backlog_world):
    pm = client_for("pm")
    assert [code for code, _ in rows(pm.get(BACKLOG))] == ["M", "C2", "C1", "C3"]
    pmo = client_as(world.users["pmo"])
    by_portfolio = pmo.get(BACKLOG, {"portfolio": world.p1.pk})
    assert rows(by_portfolio) == [("M", None), ("C2", 1), ("C1", 2), ("C3", 2)]
    on_hold = pmo.get(BACKLOG, {"status": "on_hold"})
    assert rows(on_hold) == [("C3", 1)]
    assert rows(pmo.get(BACKLOG, {"q": "C2"})) == [("C2", 1)]
    # Only candidate statuses are offered.
    choices = [value for value, _label in on_hold.context["filter"].form.fields["status"].choices]
    assert choices == ["proposed", "approved", "on_hold"]


def test_exports_have_the_same_rows_and_the_explanation_as_text(client_for, backlog_world, english):
    client = client_for("pmo")
    response = client.get(reverse("portfolios:backlog_export_csv"))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0][:3] == ["Rank", "Code", "Name"]
    assert [(line[0], line[1]) for line in lines[1:]] == [
        ("", "M"),
        ("1", "D"),
        ("2", "C2"),
        ("3", "C1"),
        ("3", "C3"),
    ]
    c2 = lines[3]
    assert c2[8] == "70 pts: Value / ROI 60, Urgency 10, Risk not scored"
    assert c2[9] == "200000.00"
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("portfolios:backlog_export_xlsx")).content)
    )
    sheet = workbook.active
    values = list(sheet.values)
    assert [(row[0], row[1]) for row in values[1:]] == [
        (None, "M"),
        (1, "D"),
        (2, "C2"),
        (3, "C1"),
        (3, "C3"),
    ]
    assert values[3][8] == "70 pts: Value / ROI 60, Urgency 10, Risk not scored"
    assert values[3][9] == 200000


def _bulk_candidates(world, n, start):
    reference = world.project_a
    projects = [
        Project(
            code=f"BK-{start + i:05d}",
            name=f"Candidat {start + i}",
            portfolio=world.p1 if i % 2 else world.p2,
            business_domain=reference.business_domain,
            project_type=reference.project_type,
            manager=reference.manager,
            status=("proposed", "approved", "on_hold")[i % 3],
            is_mandatory=i % 17 == 0,
            planned_start=date(2026, 1, 1),
            planned_end=date(2026, 12, 31),
            priority_score=Decimal(i % 100),
            priority_explanation=explained(float(i % 90), 10.0),
        )
        for i in range(n)
    ]
    created = Project.objects.bulk_create(projects)
    BusinessCaseYear.objects.bulk_create(
        BusinessCaseYear(project=p, year=2026, capex=Decimal("1000"), opex=Decimal("10"))
        for p in created
    )


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["pmo", "pm", "executive"])
def test_query_count_is_the_same_with_20_and_2000_projects(
    client_for, world, django_assert_max_num_queries, role
):
    client = client_for(role)
    client.get(BACKLOG)  # warm the session
    _bulk_candidates(world, 20, 0)
    urls = [
        (BACKLOG, {}),
        (BACKLOG, {"portfolio": world.p1.pk, "page": 2}),
        (reverse("portfolios:backlog_export_csv"), {}),
        (reverse("portfolios:backlog_export_xlsx"), {}),
    ]
    small = [_count(client, url, params) for url, params in urls]
    _bulk_candidates(world, 1980, 20)
    large = [_count(client, url, params) for url, params in urls]
    assert small == large
    with django_assert_max_num_queries(20):
        client.get(BACKLOG)


def test_ranks_are_computed_over_the_whole_list_not_the_page(client_for, world, settings):
    settings.PAGINATE_BY = 5
    _bulk_candidates(world, 30, 0)
    client = client_for("pmo")
    second = client.get(BACKLOG, {"page": 2})
    first = client.get(BACKLOG)
    ranks_1 = [rank for _code, rank in rows(first) if rank is not None]
    ranks_2 = [rank for _code, rank in rows(second) if rank is not None]
    assert ranks_2[0] > ranks_1[-1]
    scores = [row["project"].priority_score for g in second.context["groups"] for row in g["rows"]]
    assert scores == sorted(scores, reverse=True)


def test_empty_backlog_says_what_it_lists(client_for, english):
    content = client_for("pm").get(BACKLOG).content.decode()
    assert "No candidate project in the portfolios you can see" in content
