"""pmo_portal.pdf.render_parallel: several documents rendered in several processes give what
one process rendering them in turn gives; a child over the time limit is killed; a child's
error surfaces here; without children everything renders here."""

import io
import os
import time

import billiard
import pytest
from pypdf import PdfReader

from pmo_portal import pdf

STYLE = "<style>@page { size: A6 } .p { break-before: page }</style>"


def html(name: str, pages: int) -> str:
    body = "".join(
        f'<div class="p" id="{name}-{page}">{name} page {page + 1}</div>' for page in range(pages)
    )
    return f"<!DOCTYPE html><html><head>{STYLE}</head><body>{body}</body></html>"


def texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def no_child_left() -> None:
    """Every renderer started is reaped (other tests' children, a browser, may be alive)."""
    assert billiard.active_children() == []


def test_parallel_results_equal_a_sequential_render():
    documents = [("a", 2), ("b", 3), ("c", 1)]
    jobs = [
        pdf.Job(html(name, pages), process=index % 2)
        for index, (name, pages) in enumerate(documents)
    ]
    parallel = pdf.render_parallel(jobs, timeout=60)
    assert parallel.processes == 2
    assert parallel.child_rss_kb > 0
    for (name, pages), rendered in zip(documents, parallel.documents, strict=True):
        alone = pdf.render_document(html(name, pages))
        assert rendered.page_count == alone.page_count == pages
        assert rendered.anchors == alone.anchors
        assert [rendered.anchors[f"{name}-{p}"][0] for p in range(pages)] == list(range(pages))
        assert texts(rendered.pdf) == texts(alone.pdf)
    no_child_left()


def test_a_job_may_write_its_html_when_it_renders():
    (rendered,) = pdf.render_parallel(
        [pdf.Job(lambda: html("x", 2), process=1)], timeout=60
    ).documents
    assert rendered.page_count == 2


def test_a_child_over_the_time_limit_is_killed_and_the_render_raises(monkeypatch):
    """Jobs go to whichever process is free: there this one is slow past the limit too, so
    that the render stops whichever jobs the child took."""
    real, parent = pdf.render_document, os.getpid()

    def slow_in_the_child(content, **kwargs):
        time.sleep(60 if os.getpid() != parent else 3)
        return real(content, **kwargs)

    monkeypatch.setattr(pdf, "render_document", slow_in_the_child)
    started = time.perf_counter()
    with pytest.raises(pdf.RenderTimeout):
        pdf.render_parallel([pdf.Job(html("a", 1)), pdf.Job(html("b", 1), process=1)], timeout=2)
    assert time.perf_counter() - started < 10
    no_child_left()


def test_a_child_exception_surfaces_as_an_error(monkeypatch):
    parent = os.getpid()
    real = pdf.render_document

    def broken_in_the_child(content, **kwargs):
        if os.getpid() != parent:
            raise ValueError("broken layout")
        return real(content, **kwargs)

    monkeypatch.setattr(pdf, "render_document", broken_in_the_child)
    with pytest.raises(pdf.RenderError, match="broken layout"):
        pdf.render_parallel([pdf.Job(html("a", 1)), pdf.Job(html("b", 1), process=1)], timeout=60)
    no_child_left()


def test_without_children_the_jobs_render_here_in_turn(monkeypatch):
    monkeypatch.setattr(pdf, "_start", lambda pairs: None)  # no process can be started
    parallel = pdf.render_parallel(
        [pdf.Job(html("a", 1)), pdf.Job(html("b", 2), process=1)], timeout=60
    )
    assert parallel.processes == 1
    assert [d.page_count for d in parallel.documents] == [1, 2]
    no_fork = pdf.render_parallel([pdf.Job(html("c", 1), process=1)], timeout=60, fork=False)
    assert no_fork.processes == 1


def test_merge_joins_the_documents():
    parallel = pdf.render_parallel(
        [pdf.Job(html("a", 2)), pdf.Job(html("b", 1), process=1)], timeout=60
    )
    writer = pdf.merge([d.pdf for d in parallel.documents])
    buffer = io.BytesIO()
    writer.write(buffer)
    assert [t.strip() for t in texts(buffer.getvalue())] == ["a page 1", "a page 2", "b page 1"]


def test_jobs_are_taken_by_whichever_process_is_free(monkeypatch):
    """Each process takes the next job when it is done with one. A parent slowed down leaves
    most jobs to the child, and every result lands at its own index."""
    real, parent = pdf.render_document, os.getpid()
    rendered_here = []

    def slow_here(content, **kwargs):
        if os.getpid() == parent:
            rendered_here.append(content)
            time.sleep(3)
        return real(content, **kwargs)

    monkeypatch.setattr(pdf, "render_document", slow_here)
    documents = [(f"d{index}", 1 + index % 3) for index in range(8)]
    jobs = [
        pdf.Job(html(name, pages), process=index % 2)
        for index, (name, pages) in enumerate(documents)
    ]
    parallel = pdf.render_parallel(jobs, timeout=60)
    assert parallel.processes == 2
    for (name, pages), rendered in zip(documents, parallel.documents, strict=True):
        assert rendered.page_count == pages
        assert texts(rendered.pdf)[0].strip() == f"{name} page 1"
    # The jobs' processes name this one for 4 jobs (12 s): the child took most.
    assert 1 <= len(rendered_here) <= 2
    no_child_left()
