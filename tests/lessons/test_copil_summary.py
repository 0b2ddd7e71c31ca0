"""The drafted COPIL summary: the extractive draft is deterministic and cites its sources; the
optional rewrite by an OpenAI-compatible server (a small one started here on loopback), its
fallbacks (timeout, HTTP 500, refusal) that keep the draft and say so; the PMO's edit and
approval (409 on a stale version); the meeting page's panel and the pack section."""

from __future__ import annotations

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
from tests.lessons.conftest import ESCALATION

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English UI and notes (the portal defaults to French)."""
    settings.LANGUAGE_CODE = "en"


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
