"""A COPIL pack section contributed by another app (tests/plugin_app) through
``pmo_portal.registry`` alone (a read, a template, a page estimate): it is listed in the
contents and the outline, and printed on the page the contents give, in the parallel render
and in the one-document one."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from pmo_portal import registry
from pmo_portal.registry import CopilSection
from tests.reporting.copil_pack_helpers import FIXED_PAGES, assert_numbered, render
from tests.reporting.factories_copil import CopilMeetingFactory


@pytest.fixture
def contribute(plugin_app):
    """``contribute(section)``: the installed plugin app (tests/plugin_app) contributes
    ``section`` instead of its own COPIL section; its own contributions back afterwards."""
    own = registry._contributions["plugin_app"]

    def add(entry: CopilSection) -> None:
        registry.contribute("plugin_app", **{**vars(own), "copil_sections": [entry]})

    yield add
    registry._contributions["plugin_app"] = own


def section(**fields) -> CopilSection:
    (own,) = registry._contributions["plugin_app"].copil_sections
    return replace(own, **fields)


def contents_line(text: str, title: str) -> str:
    return next(line for line in text.splitlines() if title in line)


def test_a_contributed_section_is_in_the_contents_outline_and_pdf(pack_meeting, plugin_app):
    rendered = render(pack_meeting)
    assert rendered.stats["mode"] == "parallel"
    assert rendered.page_count == 13 + 1
    texts = assert_numbered(rendered)
    (entry,) = [s for s in rendered.sections if s.key == "plugin-section"]
    assert entry.level == 1
    assert "Plugin section: 6 projects" in texts[entry.first_page - 1]
    # Between the projects (50) and the appendices (80).
    projects = [s.first_page for s in rendered.sections if s.key.startswith("project-")]
    appendix = next(s.first_page for s in rendered.sections if s.key == "appendix-budget")
    assert max(projects) < entry.first_page < appendix
    line = contents_line(texts[1], "Plugin section")
    assert line.rstrip().endswith(str(entry.first_page)), line
    reader = PdfReader(io.BytesIO(rendered.pdf))
    (item,) = [i for i in reader.outline if not isinstance(i, list) and i.title == "Plugin section"]
    assert reader.get_destination_page_number(item) + 1 == entry.first_page


def test_an_appendix_section_is_listed_with_the_appendices_in_a_one_document_pack(
    world, contribute
):
    contribute(section(order=90, appendix=True, title="Appendix Z — Plugin"))
    meeting = CopilMeetingFactory(portfolio=world.p1)
    rendered = render(meeting)
    assert rendered.stats["mode"] == "single"
    assert rendered.page_count == FIXED_PAGES + 1 + 1
    texts = assert_numbered(rendered)
    assert "Plugin section: 1 projects" in texts[-1]
    contents = texts[1].splitlines()
    appendices = next(
        i for i, line in enumerate(contents) if "Appendices" in line or "Annexes" in line
    )
    plugin = next(i for i, line in enumerate(contents) if "Appendix Z" in line)
    assert plugin > appendices
    assert contents[plugin].rstrip().endswith(str(rendered.page_count))


def test_a_section_whose_read_returns_none_is_left_out(world, contribute):
    contribute(section(read=lambda scope: None))
    rendered = render(CopilMeetingFactory(portfolio=world.p1))
    assert rendered.page_count == FIXED_PAGES + 1
    assert "Plugin section" not in "\n".join(assert_numbered(rendered))
