"""The drafted COPIL summary: the extractive draft is deterministic and cites its sources; the
optional rewrite by an OpenAI-compatible server (a small one started here on loopback), its
fallbacks (timeout, HTTP 500, refusal) that keep the draft and say so; the PMO's edit and
approval (409 on a stale version); the meeting page's panel and the pack section."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from lessons.models import CopilSummary, SummaryStatus
from lessons.selectors_copil_summary import COPIL_SECTION, copil_pages, copil_read
from lessons.services.copil_summary import build_draft
from pmo_portal import registry
from pmo_portal.registry import CopilScope
from reporting.copil.data import read_pack
from reporting.models import MeetingStatus, MilestoneSnapshot
from reporting.periods import Frequency, period_containing
from tests.portfolios.factories import ProjectFactory
from tests.reporting.factories import MilestoneFactory, StatusReportFactory
from tests.reporting.factories_copil import CopilMeetingFactory
from tests.resources.factories_alerts import AlertFactory

pytestmark = pytest.mark.django_db

ESCALATION = "Arbitrage demandé sur le budget du lot 2."
REWRITE = "SUM-1 se dégrade et demande un arbitrage [SUM-1] ; PRJ-A est stable [PRJ-A]."


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English UI and notes (the portal defaults to French)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def meeting(world):
    """An English COPIL of P1 in two days; the previous one was 60 days ago. Project SUM-1
    went from sunny to rainy between a report before that and one of the period, its go-live
    slipped 20 days, it escalates a budget decision and has an open budget alert."""
    today = timezone.localdate()
    project = ProjectFactory(code="SUM-1", name="Projet Synthèse", portfolio=world.p1)
    before = StatusReportFactory(
        project=project,
        period=period_containing(today - timedelta(days=120), Frequency.MONTHLY),
        health_overall=1,
        health_budget=1,
    )
    latest = StatusReportFactory(
        project=project,
        period=period_containing(today - timedelta(days=20), Frequency.MONTHLY),
        health_overall=3,
        health_budget=3,
        escalations=ESCALATION + "\n",
        percent_complete=55,
    )
    milestone = MilestoneFactory(project=project, name="Mise en service")
    planned = today + timedelta(days=40)
    MilestoneSnapshot.objects.create(report=before, milestone=milestone, forecast_date=planned)
    MilestoneSnapshot.objects.create(
        report=latest, milestone=milestone, forecast_date=planned + timedelta(days=20)
    )
    AlertFactory(project=project, period=today.year)
    CopilMeetingFactory(
        portfolio=world.p1,
        scheduled_at=timezone.now() - timedelta(days=60),
        status=MeetingStatus.HELD,
    )
    found = CopilMeetingFactory(
        portfolio=world.p1, scheduled_at=timezone.now() + timedelta(days=2), language="en"
    )
    found.latest_day = latest.period_end.isoformat()
    return found


def test_draft_is_deterministic_and_cites_its_sources(meeting, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        text, sources = build_draft(meeting)
    assert build_draft(meeting) == (text, sources)  # same data, same text
    mine = [source for source in sources if source["project"] == "SUM-1"]
    kinds = [source["kind"] for source in mine]
    assert kinds == ["weather", "weather", "milestone", "escalation", "alert"]
    day = meeting.latest_day
    assert mine[0]["text"] == "Overall weather worsened: Sunny → Rainy."
    assert mine[0]["date"] == day
    assert mine[0]["figures"] == "55 % complete"
    assert mine[1]["text"] == "Budget worsened: Sunny → Rainy."
    assert "“Mise en service” slipped by 20 days" in mine[2]["text"]
    assert mine[3]["text"] == f"Escalated: {ESCALATION}"
    assert "20.0 % over" in mine[4]["text"]
    assert "budget 100000 €" in mine[4]["figures"]
    lines = [line for line in text.splitlines() if "SUM-1" in line]
    assert len(lines) == 5
    assert all(line.endswith("]") and "[SUM-1, " in line for line in lines)
    assert f"- Overall weather worsened: Sunny → Rainy. [SUM-1, {day}]" in lines


class _Model(BaseHTTPRequestHandler):
    """An OpenAI-compatible /chat/completions answering as ``server.mode`` says."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.seen.append((self.path, self.headers.get("Authorization"), body))
        mode = self.server.mode
        if mode == "slow":
            time.sleep(2.5)
        if mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        message = {"role": "assistant", "content": REWRITE}
        if mode == "partial":  # drops a project of the draft
            message = {"role": "assistant", "content": "SUM-1 se dégrade."}
        if mode == "refusal":
            message = {"role": "assistant", "content": None, "refusal": "I cannot help."}
        answer = json.dumps({"choices": [{"index": 0, "message": message}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def model(settings, tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Model)
    server.seen, server.mode = [], "ok"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    key = tmp_path / "llm.key"
    key.write_text("secret-key\n")
    settings.LLM_URL = f"http://127.0.0.1:{server.server_address[1]}/v1"
    settings.LLM_MODEL = "local-model"
    settings.LLM_API_KEY_FILE = str(key)
    settings.LLM_TIMEOUT = 1
    yield server
    server.shutdown()
    server.server_close()


def test_a_rewrite_is_stored_and_shown_as_generated_beside_its_sources(meeting, model, client_for):
    client = client_for("pmo")
    url = reverse("lessons:copil_summary_rewrite", args=[meeting.pk])
    response = client.post(url, {"version": "0"})
    assert response.status_code == 302
    summary = CopilSummary.objects.get(meeting=meeting)
    assert summary.rewrite == REWRITE
    assert summary.rewrite_note == ""
    assert summary.generated
    assert summary.status == SummaryStatus.DRAFT
    ((path, authorization, body),) = model.seen
    assert path == "/v1/chat/completions"
    assert authorization == "Bearer secret-key"
    assert body["model"] == "local-model"
    assert body["temperature"] == 0
    assert summary.draft in body["messages"][1]["content"]
    page = client.get(reverse("lessons:copil_summary", args=[meeting.pk])).content.decode()
    assert "generated" in page
    assert "SUM-1 se dégrade" in page
    assert ESCALATION in page  # the sources, beside the rewrite


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("slow", "did not answer in time"),
        ("error", "HTTP error 500"),
        ("refusal", "declined"),
        ("partial", "leaves out projects of the draft (PRJ-A)"),
    ],
)
def test_a_failed_rewrite_keeps_the_draft_and_says_so(meeting, model, client_for, mode, reason):
    model.mode = mode
    client = client_for("pmo")
    client.post(reverse("lessons:copil_summary_rewrite", args=[meeting.pk]), {"version": "0"})
    summary = CopilSummary.objects.get(meeting=meeting)
    assert summary.rewrite == ""
    assert reason in summary.rewrite_note
    assert summary.text == summary.draft == build_draft(meeting)[0]
    page = client.get(reverse("lessons:copil_summary", args=[meeting.pk])).content.decode()
    assert "No rewrite:" in page
    assert "The extractive draft is kept." in page


def test_without_a_model_the_page_uses_the_draft(meeting, client_for, settings):
    settings.LLM_URL = ""
    client = client_for("pmo")
    response = client.post(reverse("lessons:copil_summary_rewrite", args=[meeting.pk]))
    assert response.status_code == 302
    assert not CopilSummary.objects.exists()
    page = client.get(reverse("lessons:copil_summary", args=[meeting.pk])).content.decode()
    assert "No model is configured" in page
    assert "Ask the model" not in page


def test_the_pmo_approves_an_edited_text_for_the_pack(meeting, client_for):
    client = client_for("pmo")
    url = reverse("lessons:copil_summary_edit", args=[meeting.pk])
    scope = CopilScope(meeting, None, [], timezone.localdate(), "en")
    assert client.post(url, {"edited": "Texte provisoire", "version": "0"}).status_code == 302
    assert copil_read(scope) is None  # a draft is not in the pack
    summary = CopilSummary.objects.get(meeting=meeting)
    assert summary.status == SummaryStatus.DRAFT
    assert summary.text == "Texte provisoire"
    response = client.post(
        url, {"edited": "SUM-1 : arbitrage budgétaire.", "version": summary.version, "approve": "1"}
    )
    assert response.status_code == 302
    summary.refresh_from_db()
    assert summary.status == SummaryStatus.APPROVED
    assert not summary.generated
    data = copil_read(scope)
    assert data["paragraphs"] == ["SUM-1 : arbitrage budgétaire."]
    assert [s["project"] for s in data["sources"]].count("SUM-1") == 5
    assert copil_pages(data) == 1
    stale = client.post(url, {"edited": "Autre texte", "version": "1"})
    assert stale.status_code == 409
    assert "Autre texte" in stale.content.decode()
    summary.refresh_from_db()
    assert summary.edited == "SUM-1 : arbitrage budgétaire."
    _scope, read = read_pack(meeting, today=timezone.localdate(), sections=[COPIL_SECTION])
    ((_section, section_data),) = read
    assert section_data == data
    html = render_to_string(
        COPIL_SECTION.template, {"section": data, "d": {"scope_name": "Nord"}, "part": {}}
    )
    assert "Summary of the period" in html
    assert "SUM-1 : arbitrage budgétaire." in html
    assert ESCALATION in html
    assert COPIL_SECTION in registry.copil_sections()


def test_the_meeting_page_shows_the_summary_panel(meeting, client_for):
    response = client_for("executive").get(reverse("reporting:copil_detail", args=[meeting.pk]))
    page = response.content.decode()
    assert 'data-panel="lessons-copil-summary"' in page
    assert f"Escalated: {ESCALATION}" in page
    assert reverse("lessons:copil_summary", args=[meeting.pk]) in page
    assert "Review, rewrite and approve" not in page  # the executive only reads it
