"""Helpers of the COPIL pack's tests (test_copil_pack_*.py; their fixtures are in
conftest.py): projects with everything a pack shows, rendering, reading the PDF's text."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from pypdf import PdfReader

from portfolios.models import Project
from reporting.copil import render as copil_render
from reporting.models import CopilSettings
from reporting.periods import Frequency, period_containing
from resources.models import Nature
from tests.portfolios.factories import ProjectFactory
from tests.reporting.factories import MilestoneFactory, RiskFactory, StatusReportFactory
from tests.resources.factories import ActualCostFactory, BudgetLineFactory

PAGE = re.compile(r"page (\d+) / (\d+)")
# Fixed parts of a small pack: cover, contents, executive summary (2), appendices (3).
FIXED_PAGES = 1 + 1 + 2 + 3
ENGLISH_LEFTOVERS = (
    "Sunny",
    "Cloudy",
    "Rainy",
    "Stormy",
    "Executive summary",
    "Contents",
    "Decisions requested",
    "Milestones",
    "Confidential",
    "Not reported",
    "Appendix",
)


# --- fixtures ---------------------------------------------------------------------------


def build_projects(portfolio, count: int, *, manager, today: date, start: int = 0) -> list:
    """``count`` live projects of ``portfolio``, each with a submitted report (every other
    one asking the COPIL for a decision), two milestones, two risks, budget lines and costs
    of this fiscal year, and the declared status the submit service writes."""
    period = period_containing(today, Frequency.MONTHLY).previous()
    projects = []
    for index in range(start, start + count):
        health = 1 + index % 4
        project = ProjectFactory(
            portfolio=portfolio,
            manager=manager,
            name=f"Projet Pack {index:02d}",
            planned_start=date(today.year, 1, 1),
            planned_end=date(today.year + 1, 6, 30),
        )
        StatusReportFactory(
            project=project,
            period=period,
            health_overall=health,
            escalations=f"Arbitrage demandé pour le projet {index:02d}." if index % 2 == 0 else "",
            achievements="Lot 1 livré.\nRecette terminée.",
        )
        Project.objects.filter(pk=project.pk).update(
            health_overall=health,
            health_schedule=health,
            health_budget=1,
            health_scope=2,
            health_resources=1,
            percent_complete=10 * (index % 10),
            eac=Decimal("250000.00"),
            forecast_end=date(today.year + 1, 7, 31),
            status_date=period.end,
            priority_score=Decimal(100 - index),
        )
        MilestoneFactory(project=project, name=f"Jalon A {index:02d}")
        MilestoneFactory(
            project=project,
            name=f"Jalon B {index:02d}",
            baseline_date=today + timedelta(days=20),
            forecast_date=today + timedelta(days=45),
        )
        RiskFactory(project=project, title=f"Risque majeur {index:02d}", probability=4, impact=4)
        RiskFactory(project=project, title=f"Risque mineur {index:02d}", probability=1, impact=2)
        BudgetLineFactory(project=project, nature=Nature.CAPEX, fiscal_year=today.year)
        BudgetLineFactory(project=project, nature=Nature.OPEX, fiscal_year=today.year)
        ActualCostFactory(project=project, nature=Nature.OPEX, date=date(today.year, 1, 15))
        projects.append(project)
    return projects


def render(meeting, **kwargs) -> copil_render.RenderedPack:
    return copil_render.render_pack(
        meeting=meeting,
        settings=kwargs.pop("copil_settings", CopilSettings.current()),
        today=timezone.localdate(),
        **kwargs,
    )


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def assert_numbered(rendered: copil_render.RenderedPack) -> list[str]:
    """Every page but the cover says "page X / Y", X its position, Y the page count."""
    texts = page_texts(rendered.pdf)
    assert len(texts) == rendered.page_count
    assert not PAGE.search(texts[0]), "the cover has no footer"
    for index, text in enumerate(texts[1:], start=2):
        numbers = PAGE.findall(text)
        assert numbers == [(str(index), str(rendered.page_count))], (index, text[-200:])
    return texts


def assert_sections_where_they_say(rendered, texts: list[str]) -> None:
    """Each project's section starts on the page the sections list (and the contents) says."""
    for section in rendered.sections:
        if section.key.startswith("project-"):
            name = section.title.split(" — ", 1)[1]
            assert name in texts[section.first_page - 1], section
