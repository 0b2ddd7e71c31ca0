"""Templates that fill themselves (issue 11): a .docx template rendered with a project's facts
(portfolios), latest declared status (reporting) and budget (resources), through the
placeholder registry, in the language of the request."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.urls import reverse
from docx import Document

from governance.models import RequiredDeliverable
from governance.services import library as services
from pmo_portal import registry
from tests.governance.factories import (
    DocumentTemplateFactory,
    TemplateVersionFactory,
    docx_bytes,
    methodology_with_phases,
    start_lifecycle,
)
from tests.resources.factories import ActualCostFactory, BudgetLineFactory

NOTE = [
    "Note de lancement — {{ project_name }} ({{ project_code }})",
    "Chef de projet : {{ project_manager }} ; sponsor : {{ sponsor }}",
    "Portefeuille : {{ portfolio }} ; début prévu : {{ planned_start }}",
    "Budget approuvé : {{ budget_approved }} ; coûts réels : {{ actual_costs }}",
    "Météo : {{ health_overall }} ; avancement : {{ percent_complete }}",
    "Réalisations : {{ achievements }}",
    "{% for line in budget_lines %}{{ line.year }} {{ line.nature }} {{ line.approved }} | "
    "{% endfor %}",
]


def _published_note(world):
    template = DocumentTemplateFactory(name="Note de lancement")
    version = services.upload_version(
        template=template, user=world.users["pmo"], name="note.docx", data=docx_bytes(*NOTE),
        bump="major",
    )  # fmt: skip
    services.publish_version(version=version, user=world.users["pmo"])
    return template


def _text(response) -> str:
    document = Document(io.BytesIO(response.content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def _project_with_budget(world):
    project = world.project_a
    project.name = "Projet Alpha R&D <v2>"
    project.planned_start = date(2026, 1, 6)
    project.save()
    BudgetLineFactory(project=project, fiscal_year=2026, approved_amount=Decimal("120000.00"))
    BudgetLineFactory(
        project=project, fiscal_year=2027, nature="capex", approved_amount=Decimal("60000.50")
    )
    ActualCostFactory(project=project, date=date(2026, 2, 3), amount=Decimal("4250.00"))
    return project


def test_the_pm_downloads_the_note_filled_for_their_project_in_french(client_for, world, settings):
    settings.LANGUAGE_CODE = "fr"
    template = _published_note(world)
    project = _project_with_budget(world)
    client = client_for("pm")
    client.cookies["django_language"] = "fr"
    response = client.get(
        reverse("governance:template_fill", args=[template.pk, project.pk]),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    text = _text(response)
    pm = world.users["pm"].get_full_name() or world.users["pm"].get_username()
    assert "Note de lancement — Projet Alpha R&D <v2> (PRJ-A)" in text  # escaped, still valid
    assert f"Chef de projet : {pm}" in text
    assert "début prévu : 06/01/2026" in text
    assert "Budget approuvé : 180\u202f000,50\xa0€" in text
    assert "coûts réels : 4\u202f250,00\xa0€" in text
    assert (
        "2026 OPEX (fonctionnement) 120\u202f000,00\xa0€ | "
        "2027 CAPEX (investissement) 60\u202f000,50\xa0€ |"
    ) in text
    assert f"Réalisations : {world.report_a.achievements}" in text


def test_dates_and_amounts_follow_the_language_of_the_request(client_for, world, settings):
    settings.LANGUAGE_CODE = "fr"
    template = _published_note(world)
    project = _project_with_budget(world)
    client = client_for("pmo")
    client.cookies["django_language"] = "en"
    text = _text(
        client.get(
            reverse("governance:template_fill", args=[template.pk, project.pk]),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    )
    assert "6 Jan 2026" in text
    assert "180,000.50\xa0€" in text


def test_a_reader_without_budget_rights_gets_no_budget(client_for, world):
    template = _published_note(world)
    project = _project_with_budget(world)
    text = _text(
        client_for("resource_manager").get(
            reverse("governance:template_fill", args=[template.pk, project.pk])
        )
    )
    assert "Projet Alpha" in text
    assert "Budget approuvé :  ;" in text
    assert "120" not in text


def test_a_project_outside_the_reader_s_scope_answers_404(client_for, world):
    template = _published_note(world)
    url = reverse("governance:template_fill", args=[template.pk, world.project_b.pk])
    assert client_for("pm").get(url).status_code == 404


def test_every_contributed_placeholder_has_a_value_for_a_project(world):
    names = [placeholder.name for placeholder in registry.placeholders()]
    assert {"project_name", "health_overall", "budget_lines"} <= set(names)
    for placeholder in registry.placeholders():
        value = placeholder.value(world.project_a)
        assert isinstance(value, str | list), placeholder.name


def test_the_governance_tab_offers_the_required_template_filled_for_the_project(client_for, world):
    """The PM finds the pre-filled document where the deliverable is asked for: one link per
    required deliverable whose template's current version is a .docx (none for an .xlsx)."""
    note = _published_note(world)
    sheet = TemplateVersionFactory(format="xlsx", placeholders=[]).template
    version = methodology_with_phases(
        world.project_a.project_type, phases=[("cadrage", "Cadrage")], deliverables_per_phase=0
    )
    phase = version.phases.get()
    RequiredDeliverable.objects.create(phase=phase, name="Note", template=note, order=1)
    RequiredDeliverable.objects.create(phase=phase, name="Planning", template=sheet, order=2)
    start_lifecycle(world.project_a, version)

    page = client_for("pm").get(reverse("governance:project_lifecycle", args=[world.project_a.pk]))
    html = page.content.decode()
    note_url = reverse("governance:template_fill", args=[note.pk, world.project_a.pk])
    sheet_url = reverse("governance:template_fill", args=[sheet.pk, world.project_a.pk])
    assert f'href="{note_url}"' in html
    assert f'href="{sheet_url}"' not in html
    filled = client_for("pm").get(note_url)
    assert filled.status_code == 200
    assert world.project_a.name in _text(filled)
