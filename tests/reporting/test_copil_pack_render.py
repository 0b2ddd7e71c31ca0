"""The COPIL pack's renderer: page numbers right whatever it guessed, one process when the
numbers keep moving or no child can start, the archival variant, its time limit and errors."""

from __future__ import annotations

import io
import os
import time

import billiard
import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from pmo_portal import pdf
from reporting.copil import document
from reporting.copil import render as copil_render
from reporting.models import CopilSettings
from tests.reporting.copil_pack_helpers import (
    FIXED_PAGES,
    assert_numbered,
    assert_sections_where_they_say,
    page_texts,
    render,
)
from tests.reporting.factories_copil import CopilMeetingFactory


def test_a_wrong_page_estimate_still_gives_right_numbers(pack_meeting, monkeypatch):
    estimate = copil_render.estimate_pages

    def wrong(pack):
        pages = estimate(pack)
        pages["summary"] += 2  # the contents and chunk B would print wrong numbers
        pages["toc"] += 1
        return pages

    monkeypatch.setattr(copil_render, "estimate_pages", wrong)
    rendered = render(pack_meeting)
    assert rendered.stats["rounds"] >= 2
    assert rendered.stats["mode"] == "parallel"
    texts = assert_numbered(rendered)
    assert rendered.page_count == 13
    assert_sections_where_they_say(rendered, texts)


def test_the_summary_is_measured_so_a_wrong_guess_costs_no_second_round(pack_meeting, monkeypatch):
    """The executive summary's length turns on the escalations' wrapping: it is laid out
    alone first, so a wrong estimate of it alone does not render every chunk again."""
    estimate = copil_render.estimate_pages

    def wrong(pack):
        pages = estimate(pack)
        pages["summary"] += 2
        return pages

    monkeypatch.setattr(copil_render, "estimate_pages", wrong)
    rendered = render(pack_meeting)
    assert rendered.stats["rounds"] == 1
    assert rendered.stats["mode"] == "parallel"
    texts = assert_numbered(rendered)
    assert rendered.page_count == 13
    assert_sections_where_they_say(rendered, texts)


def test_numbers_that_keep_moving_fall_back_to_one_process(pack_meeting, monkeypatch):
    monkeypatch.setattr(copil_render, "MAX_ROUNDS", 1)
    monkeypatch.setattr(
        copil_render, "estimate_pages", lambda pack: dict.fromkeys([p.key for p in pack.parts], 2)
    )
    rendered = render(pack_meeting)
    assert rendered.stats["mode"] == "single"
    texts = assert_numbered(rendered)
    assert_sections_where_they_say(rendered, texts)


def test_without_fork_the_chunks_render_in_turn(pack_meeting, monkeypatch):
    monkeypatch.setattr(copil_render, "FORK", False)
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
    assert document.logo_data_url(copil_settings).startswith("data:image/png;base64,")
    rendered = render(pack_meeting, copil_settings=copil_settings)
    cover = PdfReader(io.BytesIO(rendered.pdf)).pages[0]
    assert len(cover.images) == 1
    texts = page_texts(rendered.pdf)
    assert "Groupe Test" in texts[0]
    assert "Diffusion COPIL" in texts[1]


def test_a_render_over_its_time_limit_is_stopped(pack_meeting, monkeypatch):
    """The forked renderer is killed and reaped; the caller gets a clear error."""
    real = pdf.render_document

    def slow(html, **kwargs):
        time.sleep(30)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf, "render_document", slow)
    monkeypatch.setattr(copil_render, "PARALLEL_MIN_PAGES", 10_000)  # one forked document
    pack_meeting.language = "en"  # the error speaks the meeting's language
    started = time.perf_counter()
    with pytest.raises(copil_render.PackRenderTimeout, match="longer than 1 s"):
        render(pack_meeting, timeout=1)
    assert time.perf_counter() - started < 10
    assert billiard.active_children() == []  # no renderer left behind


def test_a_slow_child_of_the_parallel_render_is_killed_at_the_deadline(pack_meeting, monkeypatch):
    real, parent = pdf.render_document, os.getpid()

    def slow_in_the_child(html, **kwargs):
        if os.getpid() != parent:
            time.sleep(30)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf, "render_document", slow_in_the_child)
    started = time.perf_counter()
    with pytest.raises(copil_render.PackRenderTimeout):
        render(pack_meeting, timeout=3)
    assert time.perf_counter() - started < 10
    assert billiard.active_children() == []


def test_a_failing_child_reports_its_error(pack_meeting, monkeypatch):
    def broken(html, **kwargs):
        raise ValueError("broken layout")

    monkeypatch.setattr(pdf, "render_document", broken)
    monkeypatch.setattr(copil_render, "PARALLEL_MIN_PAGES", 10_000)
    with pytest.raises(copil_render.PackRenderError, match="broken layout"):
        render(pack_meeting)
