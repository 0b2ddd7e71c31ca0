"""Best-practice guides: written by the PMO in Markdown, rendered safely, shown on the
governance tab of the projects they match."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from governance.markdown import render_markdown
from governance.models import Guide
from tests.governance.factories import methodology_with_phases, start_lifecycle

pytestmark = pytest.mark.usefixtures("english")

HOSTILE = """# Titre

**Gras** et [un lien](https://example.org/guide).

<script>alert('x')</script>
<img src=x onerror="alert(1)">
<a href="https://example.org" onclick="alert(1)">html link</a>
[piège](javascript:alert(1)) [piège 2](JAVASCRIPT:alert(1))
[data](data:text/html;base64,PHNjcmlwdD4=)
"""


def test_markdown_is_rendered():
    html = render_markdown(
        "# Titre\n\n**Gras** et [un lien](https://example.org/guide)\n\n- a\n- b"
    )
    assert "<h3>Titre</h3>" in html
    assert "<strong>Gras</strong>" in html
    assert '<a href="https://example.org/guide" rel="noopener noreferrer nofollow">' in html
    assert "<li>a</li>" in html


def test_scripts_raw_html_and_javascript_links_are_removed():
    html = render_markdown(HOSTILE)
    assert "<script" not in html
    assert "<img" not in html
    assert not re.search(r"<[^>]*on(click|error)", html)  # no tag carries a handler
    assert '<a href="https://example.org"' not in html  # raw HTML anchors are text
    assert 'href="javascript' not in html.lower()
    assert 'href="data' not in html.lower()
    assert "&lt;script&gt;" in html  # what the writer typed stays visible as text


def test_the_pmo_writes_a_guide_and_a_reader_sees_it_safely(world, client_for):
    response = client_for("pmo").post(
        reverse("governance:guide_create"), {"title": "Bien cadrer", "body": HOSTILE}
    )
    guide = Guide.objects.get()
    assert response.url == reverse("governance:guide_detail", args=[guide.pk])
    page = client_for("finance").get(response.url).content.decode()
    assert "<strong>Gras</strong>" in page
    assert "<script>alert" not in page
    assert 'href="javascript' not in page.lower()
    assert client_for("pm").post(reverse("governance:guide_create"), {}).status_code == 403


def test_guides_matching_the_phase_are_on_the_project_page(world, client_for):
    project = world.project_a
    version = methodology_with_phases(project.project_type)
    start_lifecycle(project, version)  # phase "cadrage"
    Guide.objects.create(title="Pour le cadrage", body="*Cadrer*", phase_key="cadrage")
    Guide.objects.create(title="Pour la recette", body="*Tester*", phase_key="recette")
    Guide.objects.create(
        title="Autre type", body="x", project_type=world.project_b.project_type, phase_key=""
    )
    Guide.objects.create(title="Toujours", body="**Partout**")
    page = client_for("pm").get(reverse("governance:project_lifecycle", args=[project.pk]))
    html = page.content.decode()
    assert "Pour le cadrage" in html
    assert "<em>Cadrer</em>" in html
    assert "<strong>Partout</strong>" in html
    assert "Pour la recette" not in html
    if world.project_b.project_type_id != project.project_type_id:
        assert "Autre type" not in html
