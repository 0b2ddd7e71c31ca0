"""The COPIL pack: its data (a constant number of queries), its PDF (content, languages,
page numbers right whatever the renderer guessed), and its renderer's limits (time, fork).

The French tests read the pack through a catalogue compiled here from the repository's .po
and scripts/fr_catalogue.py, so they do not depend on ``make messages`` having been run.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from pypdf import PdfReader

from portfolios.models import Project
from reporting import copil_pdf
from reporting.models import CopilSettings, DecisionStatus, MeetingStatus
from reporting.periods import Frequency, period_containing
from reporting.selectors.copil_pack import clamp, pack_data
from resources.models import Nature
from tests.portfolios.factories import PortfolioFactory, ProjectFactory
from tests.reporting.factories import MilestoneFactory, RiskFactory, StatusReportFactory
from tests.reporting.factories_copil import CopilDecisionFactory, CopilMeetingFactory
from tests.resources.factories import ActualCostFactory, BudgetLineFactory
from tests.resources.factories_alerts import AlertFactory

ROOT = Path(__file__).resolve().parents[2]
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


@pytest.fixture(scope="session")
def french_catalogue(tmp_path_factory) -> Path:
    """A locale directory whose French catalogue is the repository's .po completed with every
    translation of scripts/fr_catalogue.py (what ``make messages`` will compile)."""
    spec = importlib.util.spec_from_file_location(
        "fr_catalogue", ROOT / "scripts" / "fr_catalogue.py"
    )
    catalogue = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(catalogue)
    catalogue._merge_parts()
    po = polib.pofile(str(ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    known = {entry.msgid for entry in po}
    for msgid, msgstr in catalogue.FR.items():
        if msgid not in known:
            po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    for msgid, (one, many) in catalogue.PLURALS.items():
        if msgid not in known:
            po.append(
                polib.POEntry(msgid=msgid, msgid_plural=msgid, msgstr_plural={0: one, 1: many})
            )
    locale = tmp_path_factory.mktemp("locale")
    (locale / "fr" / "LC_MESSAGES").mkdir(parents=True)
    po.save_as_mofile(str(locale / "fr" / "LC_MESSAGES" / "django.mo"))
    return locale


@pytest.fixture
def french(settings, french_catalogue):
    settings.LOCALE_PATHS = [str(french_catalogue), *django_settings.LOCALE_PATHS]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


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


@pytest.fixture
def pack_meeting(world):
    """A COPIL of portfolio P1 (project A of the world and five more), in French, with a
    previous COPIL whose three decisions are followed up, and one unflagged budget alert."""
    today = timezone.localdate()
    build_projects(world.p1, 5, manager=world.users["pm"], today=today)
    AlertFactory(project=world.project_a, period=today.year)
    previous = CopilMeetingFactory(
        portfolio=world.p1,
        title="COPIL précédent",
        scheduled_at=timezone.now() - timedelta(days=30),
        status=MeetingStatus.HELD,
    )
    for index, status in enumerate(
        (DecisionStatus.DONE, DecisionStatus.IN_PROGRESS, DecisionStatus.OPEN)
    ):
        CopilDecisionFactory(
            meeting=previous,
            text=f"Décision suivie {index}",
            status=status,
            owner=world.users["executive"],
            due_date=today - timedelta(days=5),
            follow_up="Point fait en comité." if index == 0 else "",
        )
    return CopilMeetingFactory(
        portfolio=world.p1,
        title="COPIL Portefeuille Nord",
        scheduled_at=timezone.now() + timedelta(days=2),
        attendees=[world.users["executive"]],
    )


def render(meeting, **kwargs) -> copil_pdf.RenderedPack:
    return copil_pdf.render_pack(
        meeting=meeting,
        settings=kwargs.pop("copil_settings", CopilSettings.current()),
        today=timezone.localdate(),
        **kwargs,
    )


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def assert_numbered(rendered: copil_pdf.RenderedPack) -> list[str]:
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


# --- data -------------------------------------------------------------------------------


def test_pack_data_reads_in_a_constant_number_of_queries(world, django_assert_max_num_queries):
    """The same bound with 5 and 40 projects (no per-project query)."""
    today = timezone.localdate()
    small, large = PortfolioFactory(name="Petit"), PortfolioFactory(name="Grand")
    build_projects(small, 5, manager=world.users["pm"], today=today)
    build_projects(large, 40, manager=world.users["pm"], today=today, start=5)
    counts = []
    for portfolio, expected in ((small, 5), (large, 40)):
        meeting = CopilMeetingFactory(portfolio=portfolio)
        with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as queries:
            data = pack_data(meeting, today=today)
        assert len(data.projects) == expected
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_pack_data_orders_projects_worst_health_first_or_by_priority(pack_meeting):
    data = pack_data(pack_meeting, today=timezone.localdate())
    healths = [s.project.health_overall for s in data.projects]
    assert healths == sorted(healths, key=lambda h: (h is None, -(h or 0)))
    pack_meeting.project_order = "priority"
    data = pack_data(pack_meeting, today=timezone.localdate())
    scores = [s.project.priority_score for s in data.projects if s.project.priority_score]
    assert scores == sorted(scores, reverse=True)


def test_pack_data_gathers_the_summary(pack_meeting, world):
    today = timezone.localdate()
    data = pack_data(pack_meeting, today=today)
    assert len(data.projects) == 6  # project A and five more
    assert {ask.text for ask in data.decisions_requested} == {
        f"Arbitrage demandé pour le projet {index:02d}." for index in (0, 2, 4)
    }
    asking = [s.key for s in data.projects if s.escalations]
    assert [ask.key for ask in data.decisions_requested] == asking  # in the pack's order
    assert [alert.code for alert in data.alerts] == [world.project_a.code]
    assert len(data.follow_ups) == 3
    assert sum(1 for f in data.follow_ups if f.late) == 2  # past due and not done
    assert data.risk_counts == {"open": 11, "critical": 6}  # A's risk is 3 × 4
    total = data.budget_total
    assert total.approved == Decimal("1000000.00")  # 5 projects × 2 lines of 100 k€
    assert sum(data.health_counts.values()) == 6
    assert len(data.trend) == 12


def test_clamp_cuts_at_a_word_with_an_ellipsis():
    assert clamp("court", 600) == "court"
    text = "mot " * 200
    cut = clamp(text, 50)
    assert len(cut) <= 51
    assert cut.endswith(" mot…")  # cut between two words
    assert clamp("a\nb\nc\nd", 600, 2) == "a\nb…"


def test_css_strings_cannot_break_out_of_the_style_element():
    value = copil_pdf.css_string('Portefeuille "Nord" \\ </style><script>')
    assert value == '"Portefeuille \\"Nord\\" \\\\ \\3C /style>\\3C script>"'


# --- the PDF ----------------------------------------------------------------------------


def test_the_french_pack_renders_with_its_content_and_page_numbers(
    pack_meeting, world, french, media
):
    rendered = render(pack_meeting)
    projects = pack_data(pack_meeting, today=timezone.localdate()).projects
    # The layout rule: cover, contents, two summary pages, one page per project, three
    # appendices.
    assert rendered.page_count == FIXED_PAGES + len(projects) == 13
    assert rendered.stats["mode"] == "parallel"
    texts = assert_numbered(rendered)
    everything = "\n".join(texts)
    assert "COPIL Portefeuille Nord" in texts[0]
    assert "CONFIDENTIEL — DIFFUSION RESTREINTE" in texts[0]
    assert "Confidentiel — diffusion restreinte" in texts[1]  # and in every footer
    scheduled = timezone.localtime(pack_meeting.scheduled_at).date()
    assert scheduled.strftime("%d/%m/%Y") in texts[0]
    for section in projects:
        assert section.project.name in everything
    for index in (0, 2, 4):
        assert f"Arbitrage demandé pour le projet {index:02d}." in everything
    folded = everything.casefold()  # headings are printed in capitals
    for word in ("Synthèse", "Sommaire", "Météo du portefeuille", "Décisions attendues"):
        assert word.casefold() in folded
    for word in ("Ensoleillé", "Nuageux", "Pluvieux", "Orageux", "Atterrissage", "Glissement"):
        assert word.casefold() in folded
    for leftover in ENGLISH_LEFTOVERS:
        assert leftover.casefold() not in folded, leftover
    assert "None" not in everything
    assert_sections_where_they_say(rendered, texts)
    assert "Décision suivie 1" in texts[-1]
    assert "En cours" in texts[-1]


def test_the_english_pack_speaks_english(pack_meeting):
    pack_meeting.language = "en"
    rendered = render(pack_meeting)
    texts = assert_numbered(rendered)
    folded = "\n".join(texts).casefold()  # headings are printed in capitals
    for word in ("Executive summary", "Contents", "Decisions requested", "Confidential"):
        assert word.casefold() in folded
    for french_word in ("Synthèse", "Sommaire", "Ensoleillé", "Annexe", "Atterrissage"):
        assert french_word.casefold() not in folded
    scheduled = timezone.localtime(pack_meeting.scheduled_at).date()
    assert f"{scheduled.day} {scheduled:%b %Y}" in texts[0]  # 25 Nov 2026


def test_the_table_of_contents_and_the_outline_point_at_the_sections(pack_meeting, french):
    rendered = render(pack_meeting)
    reader = PdfReader(io.BytesIO(rendered.pdf))
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == [
        "COPIL Portefeuille Nord",
        "Sommaire",
        "Synthèse",
        "Projets",
        "Annexe A — Budget consolidé",
        "Annexe B — Calendrier des jalons",
        "Annexe C — Suivi des décisions",
    ]
    projects = next(item for item in reader.outline if isinstance(item, list))
    first_pages = {s.title: s.first_page for s in rendered.sections if s.level == 2}
    assert len(projects) == len(first_pages) == 6
    for item in projects:
        assert reader.get_destination_page_number(item) + 1 == first_pages[item.title]
    contents = reader.pages[1]
    targets = [
        link.get_object()["/Dest"][0]
        for link in contents["/Annots"]
        if "/Dest" in link.get_object()
    ]
    assert len(targets) == 6 + 5  # projects, summary, "Projects", three appendices
    text = contents.extract_text()
    for section in rendered.sections:
        if section.key.startswith("project-"):
            code = section.title.split(" — ", 1)[0]
            line = next(line for line in text.splitlines() if code in line)
            assert line.rstrip().endswith(str(section.first_page)), line


def test_a_wrong_page_estimate_still_gives_right_numbers(pack_meeting, monkeypatch):
    estimate = copil_pdf.estimate_pages

    def wrong(pack):
        pages = estimate(pack)
        pages["summary"] += 2  # the contents and chunk B would print wrong numbers
        pages["toc"] += 1
        return pages

    monkeypatch.setattr(copil_pdf, "estimate_pages", wrong)
    rendered = render(pack_meeting)
    assert rendered.stats["rounds"] >= 2
    assert rendered.stats["mode"] == "parallel"
    texts = assert_numbered(rendered)
    assert rendered.page_count == 13
    assert_sections_where_they_say(rendered, texts)


def test_numbers_that_keep_moving_fall_back_to_one_process(pack_meeting, monkeypatch):
    monkeypatch.setattr(copil_pdf, "MAX_ROUNDS", 1)
    monkeypatch.setattr(
        copil_pdf, "estimate_pages", lambda pack: dict.fromkeys([p.key for p in pack.parts], 2)
    )
    rendered = render(pack_meeting)
    assert rendered.stats["mode"] == "single"
    texts = assert_numbered(rendered)
    assert_sections_where_they_say(rendered, texts)


def test_without_fork_the_chunks_render_in_turn(pack_meeting, monkeypatch):
    monkeypatch.setattr(copil_pdf, "_can_fork", lambda: False)
    rendered = render(pack_meeting)
    assert rendered.stats["mode"] == "sequential"
    assert_numbered(rendered)


def test_a_small_pack_renders_in_one_document(world):
    meeting = CopilMeetingFactory(portfolio=world.p1)
    rendered = render(meeting)
    assert rendered.stats["mode"] == "single"
    assert rendered.page_count == FIXED_PAGES + 1
    assert_numbered(rendered)


def test_the_archival_variant_is_pdf_a_and_tagged(pack_meeting):
    started = time.perf_counter()
    rendered = render(pack_meeting, archival=True)
    assert time.perf_counter() - started < 60
    assert rendered.stats["mode"] == "archival"
    reader = PdfReader(io.BytesIO(rendered.pdf))
    root = reader.trailer["/Root"]
    assert b"pdfaid:part" in root["/Metadata"].get_object().get_data()
    assert "/StructTreeRoot" in root
    assert_numbered(rendered)


def test_the_logo_is_embedded_from_storage(pack_meeting, media):
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
        b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
        b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    copil_settings = CopilSettings(organisation="Groupe Test", confidentiality="Diffusion COPIL")
    copil_settings.logo.save("logo.png", ContentFile(png), save=False)
    assert copil_pdf.logo_data_url(copil_settings).startswith("data:image/png;base64,")
    rendered = render(pack_meeting, copil_settings=copil_settings)
    cover = PdfReader(io.BytesIO(rendered.pdf)).pages[0]
    assert len(cover.images) == 1
    texts = page_texts(rendered.pdf)
    assert "Groupe Test" in texts[0]
    assert "Diffusion COPIL" in texts[1]


def test_a_render_over_its_time_limit_is_stopped(pack_meeting, monkeypatch):
    """The forked renderer is killed and reaped; the caller gets a clear error."""
    real = copil_pdf._render_chunk

    def slow(html, keys, options, **kwargs):
        time.sleep(30)
        return real(html, keys, options, **kwargs)

    monkeypatch.setattr(copil_pdf, "_render_chunk", slow)
    monkeypatch.setattr(copil_pdf, "PARALLEL_MIN_PAGES", 10_000)  # one forked document
    pack_meeting.language = "en"  # the error speaks the meeting's language
    started = time.perf_counter()
    with pytest.raises(copil_pdf.PackRenderTimeout, match="longer than 1 s"):
        render(pack_meeting, timeout=1)
    assert time.perf_counter() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


def test_a_slow_child_of_the_parallel_render_is_killed_at_the_deadline(pack_meeting, monkeypatch):
    real, parent = copil_pdf._render_chunk, os.getpid()

    def slow_in_the_child(html, keys, options, **kwargs):
        if os.getpid() != parent:
            time.sleep(30)
        return real(html, keys, options, **kwargs)

    monkeypatch.setattr(copil_pdf, "_render_chunk", slow_in_the_child)
    started = time.perf_counter()
    with pytest.raises(copil_pdf.PackRenderTimeout):
        render(pack_meeting, timeout=3)
    assert time.perf_counter() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_failing_child_reports_its_error(pack_meeting, monkeypatch):
    def broken(html, keys, options, **kwargs):
        raise ValueError("broken layout")

    monkeypatch.setattr(copil_pdf, "_render_chunk", broken)
    monkeypatch.setattr(copil_pdf, "PARALLEL_MIN_PAGES", 10_000)
    with pytest.raises(copil_pdf.PackRenderError, match="broken layout"):
        render(pack_meeting)


def test_the_pack_language_does_not_leak(pack_meeting):
    with translation.override("en"):
        render(pack_meeting)  # a French pack
        assert translation.get_language() == "en"


def test_a_project_with_every_text_at_its_longest_still_takes_one_page(world):
    """Texts are clamped and tables capped, so that a project's page never runs over."""
    today = timezone.localdate()
    long_words = " ".join(["dépassement"] * 400)
    project = ProjectFactory(
        portfolio=world.p2,
        name="Programme de transformation " + "très " * 33 + "long",
        manager=world.users["pm"],
    )
    StatusReportFactory(
        project=project,
        period=period_containing(today, Frequency.MONTHLY).previous(),
        achievements="\n".join([long_words[:90]] * 20),
        next_steps=long_words,
        escalations=long_words,
        health_overall=4,
    )
    Project.objects.filter(pk=project.pk).update(health_overall=4, eac=Decimal("1.00"))
    for index in range(12):
        MilestoneFactory(project=project, name=f"Jalon {index} " + "x" * 150)
        RiskFactory(project=project, title="Risque " + "y" * 190, response=long_words)
    for nature in (Nature.CAPEX, Nature.OPEX):
        BudgetLineFactory(project=project, nature=nature, fiscal_year=today.year)
    meeting = CopilMeetingFactory(portfolio=world.p2)
    rendered = render(meeting)
    assert rendered.page_count == FIXED_PAGES + 2  # project B and this one
    texts = assert_numbered(rendered)
    sections = [s for s in rendered.sections if s.level == 2]
    assert [s.first_page for s in sections] == [5, 6]
    assert "…" in texts[4]  # the clamped texts say so


def test_a_project_copil_has_its_one_project(world):
    today = timezone.localdate()
    (project,) = build_projects(world.p2, 1, manager=world.users["pm"], today=today)
    meeting = CopilMeetingFactory(portfolio=None, project=project, language="en")
    data = pack_data(meeting, today=today)
    assert [s.project for s in data.projects] == [project]
    assert data.scope_name == str(project)
    assert not data.has_envelope
    rendered = render(meeting)
    assert rendered.page_count == FIXED_PAGES + 1
    texts = assert_numbered(rendered)
    assert "Arbitrage demandé pour le projet 00." in texts[4]
