"""Compliance: figures equal a hand count (tests/governance/compliance_world.py), on the pages,
the exports, the dashboard panel, the COPIL section, the trend and the warning e-mail."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from lxml import html
from openpyxl import load_workbook

from governance.models import ComplianceSnapshot, GateReview, GateStatus
from governance.selectors import compliance as selectors
from governance.selectors.compliance_panels import copil_read
from governance.services.compliance import snapshot_compliance, warn_missing_deliverables
from pmo_portal.models import Notification
from pmo_portal.registry import CopilScope
from tests.governance.compliance_world import build_hand_world
from tests.portfolios.factories import UserFactory

TODAY = date(2026, 3, 18)


@pytest.fixture
def hand(world):
    return build_hand_world(world)


def _tree(response) -> dict[str, dict[str, str]]:
    """{node name: {figure: text}} of the compliance page's portfolio table."""
    page = html.fromstring(response.content.decode())
    rows = {}
    for tr in page.xpath('//table[@id="compliance-tree"]/tbody/tr'):
        name = tr.xpath("string(./th)").strip()
        rows[name] = {
            cell.get("data-figure"): " ".join(cell.text_content().split())
            for cell in tr.xpath(".//*[@data-figure]")
        }
    return rows


def _kpi(response, key: str) -> str:
    page = html.fromstring(response.content.decode())
    return " ".join(page.xpath(f'string(//a[@id="kpi-{key}"]/span[1])').split())


@time_machine.travel(TODAY, tick=False)
def test_page_figures_equal_the_hand_count(client_for, hand):
    response = client_for("pmo").get(reverse("governance:compliance"))
    assert response.status_code == 200
    tree = _tree(response)
    north = {
        "projects": "3",
        "ungoverned": "1",
        "expected": "7",
        "missing": "1",
        "late": "1",
        "outdated": "1",
        "score": "71,4 %",
    }
    assert tree["Portefeuille Nord 1"] == north
    assert tree["BU Nord"] == north
    assert tree["Portefeuille Sud 1"] == {
        "projects": "1",  # E is archived: not counted
        "ungoverned": "0",
        "expected": "4",
        "missing": "2",
        "late": "1",
        "outdated": "0",
        "score": "50,0 %",
    }
    assert tree["Compagnie"]["expected"] == "11"
    assert tree["Compagnie"]["score"] == "63,6 %"  # 7 / 11, not the mean of the nodes
    assert _kpi(response, "score") == "63,6 %"
    assert _kpi(response, "missing") == "3"
    assert _kpi(response, "late") == "2"
    assert _kpi(response, "outdated") == "1"
    assert _kpi(response, "waived") == "1"
    assert _kpi(response, "ungoverned") == "1"


@time_machine.travel(TODAY, tick=False)
def test_project_list_per_project(client_for, hand):
    response = client_for("pmo").get(reverse("governance:compliance_projects"))
    page = html.fromstring(response.content.decode())
    scores = {
        tr.get("data-project"): tr.xpath('string(.//td[@data-figure="score"])').strip()
        for tr in page.xpath('//table[@id="compliance-projects"]/tbody/tr')
    }
    assert scores == {
        "PRJ-A": "33,3\xa0%",
        "PRJ-B": "50,0\xa0%",
        "PRJ-C": "100,0\xa0%",
        "PRJ-D": "",
    }
    late = client_for("pmo").get(reverse("governance:compliance_projects"), {"state": "late"})
    assert [r["code"] for r in late.context["page_obj"].object_list] == ["PRJ-A", "PRJ-B"]
    none = client_for("pmo").get(reverse("governance:compliance_projects"), {"state": "none"})
    assert [r["code"] for r in none.context["page_obj"].object_list] == ["PRJ-D"]


@time_machine.travel(TODAY, tick=False)
def test_drill_down_lists_the_deliverables_behind_each_figure(client_for, hand, world):
    client = client_for("pmo")
    url = reverse("governance:compliance_deliverables")

    def listed(**params):
        response = client.get(url, params)
        return sorted(
            (r["code"], r["requirement_name"], r["state"])
            for r in response.context["page_obj"].object_list
        )

    assert listed(state="missing") == [
        ("PRJ-A", "Planning", "late"),
        ("PRJ-B", "Livrable Conception 1", "late"),
        ("PRJ-B", "Livrable Réalisation 1", "missing"),
    ]
    assert listed(state="late", portfolio=world.p1.pk) == [("PRJ-A", "Planning", "late")]
    assert listed(state="outdated") == [("PRJ-A", "Note de lancement", "outdated")]
    assert listed(state="waived") == [("PRJ-B", "Note de lancement", "waived")]
    assert len(listed()) == 11


def test_projects_export_csv_and_xlsx(client_for, hand):
    client = client_for("pmo")
    url = reverse("governance:compliance_projects")
    response = client.get(url, {"export": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="compliance-projects')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Code"
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["PRJ-A"][6:12] == ["3", "1", "1", "1", "1", "0"]
    assert set(by_code) == {"PRJ-A", "PRJ-B", "PRJ-C", "PRJ-D"}
    response = client.get(reverse("governance:compliance_deliverables"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Code"
    with translation.override("fr"):
        labels = [str(selectors.DELIVERABLE_STATES[key]) for key in ("outdated", "late", "ok")]
    assert sorted(row[4] for row in values[1:] if row[0] == "PRJ-A") == sorted(labels)
    assert len(values) == 12  # header + 11 expected deliverables


def test_export_cells_are_spreadsheet_safe(client_for, hand):
    hand.a.name = '=HYPERLINK("http://evil")'
    hand.a.save()
    response = client_for("pmo").get(
        reverse("governance:compliance_projects"), {"export": "csv", "q": "PRJ-A"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'


def test_scope_is_the_readers(client_for, hand):
    """The PM of A reads A (and its portfolio), not B: B's figures do not show."""
    response = client_for("pm").get(reverse("governance:compliance_projects"))
    codes = {r["code"] for r in response.context["page_obj"].object_list}
    assert "PRJ-B" not in codes
    assert "PRJ-A" in codes


def test_trend_sums_three_months_of_snapshots(client_for, hand, world):
    """Snapshots taken in January, February and March (upserted twice in March): the trend
    sums them per month; the current month is today's figure."""
    with time_machine.travel(date(2026, 1, 20), tick=False):
        snapshot_compliance()  # A 1/3 (… as today), B 2/4, C 4/4 → 7/11
    ComplianceSnapshot.objects.filter(project=hand.b, month=date(2026, 1, 1)).update(
        expected=4, missing=4, outdated=0
    )  # B had nothing in January: 5 / 11
    with time_machine.travel(date(2026, 2, 20), tick=False):
        assert snapshot_compliance() == 4  # A, B, C and the archived E
    with time_machine.travel(TODAY, tick=False):
        snapshot_compliance()
        snapshot_compliance()  # idempotent: one row per project and month
        assert ComplianceSnapshot.objects.filter(month=date(2026, 3, 1)).count() == 4
        response = client_for("pmo").get(reverse("governance:compliance"))
    trend = {point["month"]: point for point in response.context["trend"]}
    assert len(trend) == 12
    assert trend[date(2025, 12, 1)]["score"] is None  # no snapshot yet
    assert trend[date(2026, 1, 1)]["score"] == Decimal("45.5")  # 5 / 11
    assert trend[date(2026, 2, 1)]["score"] == Decimal("63.6")  # 7 / 11
    assert trend[date(2026, 3, 1)]["score"] == Decimal("63.6")
    # A node's trend counts its own projects only (Nord: A and C, 5 / 7).
    with time_machine.travel(TODAY, tick=False):
        response = client_for("pmo").get(
            reverse("governance:compliance"), {"portfolio": world.p1.pk}
        )
    trend = {point["month"]: point for point in response.context["trend"]}
    assert trend[date(2026, 2, 1)]["score"] == Decimal("71.4")


def _dashboard_panel(client, params) -> html.HtmlElement:
    """The compliance panel as the browser gets it: the dashboard holds a placeholder whose
    HTMX request (same filters) brings the panel once the page is shown."""
    page = html.fromstring(client.get(reverse("reporting:dashboard"), params).content.decode())
    placeholder = page.xpath('//*[@data-panel="governance-compliance"]')[0]
    assert placeholder.xpath('.//*[@id="compliance-panel"]') == []  # not computed with the page
    response = client.get(placeholder.get("data-hx-get"))
    assert response.status_code == 200
    return html.fromstring(response.content.decode()).xpath('//*[@id="compliance-panel"]')[0]


def test_dashboard_panel_shows_the_dashboards_projects(client_for, hand, world):
    client = client_for("pmo")
    panel = _dashboard_panel(client, {"status": ["proposed", "active"]})
    figures = {
        a.get("data-figure"): " ".join(a.xpath("string(./span[1])").split())
        for a in panel.xpath(".//a[@data-figure]")
    }
    assert figures == {"score": "63,6 %", "missing": "3", "late": "2"}
    link = panel.xpath('.//a[@data-figure="score"]')[0].get("href")
    assert link.startswith(reverse("governance:compliance"))
    assert "status=proposed" in link
    # Narrowed to the south portfolio, the dashboard shows B's figures.
    panel = _dashboard_panel(
        client, {"portfolio": world.south.pk, "status": ["proposed", "active"]}
    )
    score = panel.xpath('string(.//a[@data-figure="score"]/span[1])')
    assert " ".join(score.split()) == "50,0 %"


def test_dashboard_panel_is_empty_when_no_project_follows_a_methodology(client_for, world):
    response = client_for("pmo").get(
        reverse("reporting:dashboard_panel", args=["governance-compliance"])
    )
    assert response.status_code == 200
    assert b"compliance-panel" not in response.content
    assert b'data-panel="governance-compliance"' in response.content


def test_copil_section_lists_missing_and_late_deliverables(hand, world):
    scope = CopilScope(
        meeting=None,
        projects=None,
        project_ids=[hand.b.pk, hand.a.pk, hand.d.pk],
        today=TODAY,
        language="fr",
    )
    data = copil_read(scope)
    assert [row["code"] for row in data["rows"]] == ["PRJ-B", "PRJ-A"]  # the pack's order
    b, a = data["rows"]
    assert [d["requirement_name"] for d in b["late"]] == ["Livrable Conception 1"]
    assert [d["requirement_name"] for d in b["missing"]] == ["Livrable Réalisation 1"]
    assert [d["requirement_name"] for d in a["late"]] == ["Planning"]
    assert data["total"].score == Decimal("42.9")  # (1 + 2) / (3 + 4)
    assert data["ungoverned"] == 1
    only_d = CopilScope(None, None, [hand.d.pk], TODAY, "fr")
    assert copil_read(only_d) is None


def test_home_panel_lists_projects_with_late_deliverables(client_for, hand):
    page = client_for("pmo").get(reverse("home")).content.decode()
    panel = html.fromstring(page).xpath('//*[@id="late-deliverables-panel"]')[0]
    text = " ".join(panel.text_content().split())
    assert "PRJ-A" in text
    assert "PRJ-B" in text
    assert "PRJ-C" not in text
    assert (
        'id="late-deliverables-panel"' not in client_for("pm").get(reverse("home")).content.decode()
    )


@time_machine.travel(TODAY, tick=False)
def test_warning_once_before_a_planned_gate(hand, world):
    """B's Réalisation gate is planned in 5 days and R4 has no file: its PM and deputy are
    told once; a gate in 6 days, or a phase with nothing missing, tells no one."""
    deputy = UserFactory(username="deputy_b")
    hand.b.deputies.add(deputy)
    phases = {p.key: p for p in hand.version.phases.all()}
    GateReview.objects.create(
        project=hand.b,
        phase=phases["realisation"],
        status=GateStatus.REQUESTED,
        planned_on=TODAY + timedelta(days=5),
    )
    review_a = GateReview.objects.create(
        project=hand.a,
        phase=phases["conception"],
        status=GateStatus.REQUESTED,
        planned_on=TODAY + timedelta(days=2),
    )  # A's Conception deliverable R3 is present: nothing to say
    assert warn_missing_deliverables() == {"reviews": 1, "messages": 2}
    sent = Notification.objects.filter(kind="gate_deliverables_missing")
    assert {n.to_email for n in sent} == {hand.b.manager.email, deputy.email}
    body = sent.first().body
    assert "Livrable Réalisation 1" in body
    assert "PRJ-B" in body
    assert warn_missing_deliverables() == {"reviews": 1, "messages": 0}  # once
    assert sent.count() == 2
    review_a.delete()
    with time_machine.travel(TODAY - timedelta(days=1), tick=False):
        Notification.objects.all().delete()
        assert warn_missing_deliverables()["messages"] == 0  # 6 days ahead: not yet


def test_get_only(client_for, hand):
    for name in ("compliance", "compliance_projects", "compliance_deliverables"):
        assert client_for("pmo").post(reverse(f"governance:{name}")).status_code == 405


def test_hand_count_through_the_selector(hand, world):
    """The same figures straight from the selector (the page adds nothing of its own)."""
    from portfolios.models import Project

    figures = selectors.figures_by_project(projects=Project.objects.active())
    assert (figures[hand.a.pk].compliant, figures[hand.a.pk].expected) == (1, 3)
    assert figures[hand.b.pk].missing == 2
    assert figures[hand.b.pk].late == 1
    assert figures[hand.c.pk].score == Decimal("100.0")
    assert hand.d.pk not in figures
