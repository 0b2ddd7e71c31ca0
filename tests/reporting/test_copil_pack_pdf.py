"""The COPIL pack's PDF: its content in French and English, its contents and outline, the
logo, texts fitted to one page per project, whatever their length."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone, translation
from pypdf import PdfReader

from portfolios.models import Project
from reporting.copil import document
from reporting.copil.data import pack_data
from reporting.periods import Frequency, period_containing
from resources.models import Nature
from tests.portfolios.factories import ProjectFactory
from tests.reporting.copil_pack_helpers import (
    ENGLISH_LEFTOVERS,
    FIXED_PAGES,
    assert_numbered,
    assert_sections_where_they_say,
    build_projects,
    render,
)
from tests.reporting.factories import MilestoneFactory, RiskFactory, StatusReportFactory
from tests.reporting.factories_copil import CopilMeetingFactory
from tests.resources.factories import BudgetLineFactory


def test_css_strings_cannot_break_out_of_the_style_element():
    value = document.css_string('Portefeuille "Nord" \\ </style><script>')
    assert value == (
        '"Portefeuille \\000022 Nord\\000022  \\00005C  \\00003C /style\\00003E '
        '\\00003C script\\00003E "'
    )


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
