"""The governance journey in the browser, in French (issue 11, done when 1).

The PMO publishes the "Note de lancement" template (v1, then a major v2) and a methodology of
five phases for project A's type; the PM starts the lifecycle, downloads the note de lancement
pre-filled for the project (read back with python-docx: name, manager, budget), uploads the
filled deliverable and requests the gate review; the PMO decides "go with conditions"; the
project enters its second phase and the dashboard's compliance figures change. axe-core runs
on every governance page of the journey; screenshots go to /tmp/e2e-shots/governance-*.png.
"""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document
from playwright.sync_api import expect

from governance.models import (
    Deliverable,
    DocumentTemplate,
    GateCondition,
    GateReview,
    ProjectLifecycle,
)
from pmo_portal.text_values import text_amount
from pmo_portal.users import user_label
from tests.e2e.conftest import BLOCKING_IMPACTS, SHOTS_DIR, format_violations, run_axe
from tests.governance.factories import docx_bytes
from tests.resources.factories import BudgetLineFactory

pytestmark = pytest.mark.e2e

PHASES = ["Cadrage", "Conception", "Réalisation", "Recette", "Clôture"]
TEMPLATE = "Note de lancement"
CONDITION = "Valider l'architecture cible avec la sécurité"


def _template_file(tmp_path, name: str, *extra: str):
    path = tmp_path / name
    path.write_bytes(
        docx_bytes(
            "Note de lancement",
            *extra,
            "Projet : {{ project_name }}",
            "Chef de projet : {{ project_manager }}",
            "Budget approuvé : {{ budget_approved }}",
        )
    )
    return path


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


class Journey:
    """Screenshots and axe-core on each governance page of the journey."""

    def __init__(self, page):
        self.page = page
        SHOTS_DIR.mkdir(parents=True, exist_ok=True)

    def check(self, name: str) -> None:
        self.page.screenshot(path=str(SHOTS_DIR / f"governance-{name}.png"), full_page=True)
        violations = run_axe(self.page)
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert blocking == [], f"{name}:\n{format_violations(blocking)}"


def _figures(page, live_server) -> tuple[str, str]:
    page.goto(live_server.url + reverse("reporting:dashboard"))
    panel = page.locator("#compliance-panel")
    expect(panel).to_be_visible()
    score = panel.locator("[data-figure=score] .fs-2").inner_text().strip()
    missing = panel.locator("[data-figure=missing] .fs-2").inner_text().strip()
    return score, missing


def test_methodology_template_gate_review_and_compliance(
    page, live_server, e2e_world, sign_in, french, tmp_path
):
    world = e2e_world
    project = world.project_a
    pm = world.users["pm"]
    BudgetLineFactory(project=project, fiscal_year=2026, approved_amount=Decimal("180000.00"))
    BudgetLineFactory(project=project, fiscal_year=2027, approved_amount=Decimal("45000.00"))
    journey = Journey(page)
    page.set_default_timeout(10_000)

    # --- The PMO publishes the template: v1, then a major v2. ---------------------------
    sign_in("pmo")
    page.goto(live_server.url + reverse("portfolios:project_list"))
    page.get_by_role("button", name="Gouvernance").click()
    page.get_by_role("link", name="Bibliothèque de modèles").click()
    journey.check("library-empty")
    page.get_by_role("link", name="Nouveau modèle").first.click()
    page.locator("#id_name").fill(TEMPLATE)
    page.locator("#id_description").fill("Cadre le projet : objectifs, périmètre, budget.")
    journey.check("template-form")
    page.get_by_role("button", name="Créer le modèle").click()

    page.locator("#id_file").set_input_files(str(_template_file(tmp_path, "note-v1.docx")))
    page.locator("#id_change_note").fill("Première version.")
    journey.check("version-form")
    page.get_by_role("button", name="Déposer la version").click()
    expect(page.locator(".messages [role=status]")).to_contain_text("1.0.0")
    page.get_by_role("button", name="Publier v1.0.0").click()
    expect(page.locator("h1 + .context")).to_contain_text("1.0.0")

    page.get_by_role("link", name="Déposer une nouvelle version").click()
    page.locator("#id_file").set_input_files(
        str(_template_file(tmp_path, "note-v2.docx", "Version 2 : avec le budget"))
    )
    page.locator("#id_bump_0").check()  # major
    page.locator("#id_change_note").fill("Nouvelle structure : le budget approuvé.")
    page.get_by_role("button", name="Déposer la version").click()
    page.get_by_role("button", name="Publier v2.0.0").click()
    expect(page.locator("h1 + .context")).to_contain_text("2.0.0")
    journey.check("template-detail")

    # --- The PMO describes the methodology of project A's type and publishes it. --------
    page.get_by_role("button", name="Gouvernance").click()
    page.get_by_role("link", name="Méthodes").click()
    journey.check("methods-list")
    page.get_by_role("link", name="Nouvelle méthodologie").first.click()
    page.locator("#id_name").fill("Méthode classique")
    page.locator("#id_project_type").select_option(str(project.project_type_id))
    journey.check("methodology-form")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    for index, name in enumerate(PHASES):
        page.get_by_role("link", name="Ajouter une phase", exact=True).click()
        page.locator("#id_name").fill(name)
        page.locator("#id_gate_name").fill(f"Revue de fin de {name.lower()}")
        if index == 0:
            page.locator("#id_gate_criteria").fill("Note de lancement validée par le sponsor.")
            journey.check("phase-form")
        page.get_by_role("button", name="Enregistrer la phase").click()
        expect(page.get_by_role("heading", name=f"{index + 1}. {name}")).to_be_visible()
    page.get_by_role("link", name="Ajouter un livrable attendu (Cadrage)").click()
    page.locator("#id_name").fill(TEMPLATE)
    page.locator("#id_template").select_option(label=TEMPLATE)
    journey.check("requirement-form")
    page.get_by_role("button", name="Enregistrer le livrable").click()
    page.locator("#id_change_note").fill("Cinq phases, la note de lancement au cadrage.")
    journey.check("methodology-draft")
    page.get_by_role("button", name="Publier", exact=True).click()
    expect(page.locator(".messages [role=status]")).to_contain_text("publiée")
    journey.check("methodology-published")

    # --- The PM starts the lifecycle and downloads the pre-filled note de lancement. ----
    sign_in("pm")
    page.goto(live_server.url + project.get_absolute_url())
    page.get_by_role("link", name="Gouvernance", exact=True).click()
    page.get_by_role("button", name="Démarrer le cycle de vie").click()
    expect(page.locator("h1 + .context")).to_contain_text("phase : Cadrage")
    journey.check("project-cadrage")
    sign_in("pmo")
    before = _figures(page, live_server)

    sign_in("pm")
    page.goto(live_server.url + reverse("governance:project_lifecycle", args=[project.pk]))
    template = DocumentTemplate.objects.get(name=TEMPLATE)
    fill_url = reverse("governance:template_fill", args=[template.pk, project.pk])
    with page.expect_download() as download_info:
        page.locator(f"a[href='{fill_url}']").click()
    filled = download_info.value.path().read_bytes()
    text = _docx_text(filled)
    with translation.override("fr"):
        budget = text_amount(Decimal("225000.00"))
    assert f"Projet : {project.name}" in text
    assert f"Chef de projet : {user_label(pm)}" in text
    assert f"Budget approuvé : {budget}" in text
    assert "Version 2" in text  # made from the current major

    # The PM completes the document and uploads it as the phase's deliverable.
    document = Document(io.BytesIO(filled))
    document.add_paragraph("Objectifs : réduire de moitié les appels au support.")
    completed = tmp_path / "Note de lancement PRJ-A.docx"
    document.save(completed)
    page.get_by_role("link", name="Déposer", exact=True).click()
    journey.check("deliverable-form")
    page.locator("#id_file").set_input_files(str(completed))
    page.get_by_role("button", name="Déposer le livrable").click()
    expect(page.locator(".messages [role=status]")).to_contain_text(TEMPLATE)
    expect(page.get_by_role("link", name="Note de lancement PRJ-A.docx")).to_be_visible()
    deliverable = Deliverable.objects.get(project=project)
    assert deliverable.template_version.label == "v2.0.0"  # detected from the filled file

    # ... and requests the gate review.
    page.get_by_role("link", name="Demander la revue de passage").click()
    page.locator("#id_note").fill("Note de lancement déposée.")
    journey.check("gate-request")
    page.get_by_role("button", name="Demander la revue de passage").click()
    expect(page.locator(".alert-info[role=status]")).to_contain_text("Revue de fin de cadrage")

    # --- The PMO (the phase's decider) decides "go with conditions". --------------------
    sign_in("pmo")
    page.goto(live_server.url + reverse("governance:project_lifecycle", args=[project.pk]))
    page.get_by_role("link", name="Décider la revue de passage").click()
    page.get_by_label("Go sous conditions").check()
    page.locator("#id_reasons").fill("Cadrage solide ; l'architecture reste à valider.")
    due = timezone.localdate() + timedelta(days=30)
    page.locator("#id_condition_0_text").fill(CONDITION)
    page.locator("#id_condition_0_owner").select_option(str(pm.pk))
    page.locator("#id_condition_0_due").fill(due.isoformat())
    journey.check("gate-decide")
    page.get_by_role("button", name="Enregistrer la décision").click()

    # The project is in its second phase; the decision and its condition are in the history.
    expect(page.locator("h1 + .context")).to_contain_text("phase : Conception")
    history = page.locator("section[aria-labelledby=h-history]")
    expect(history).to_contain_text("Go sous conditions")
    expect(history).to_contain_text(CONDITION)
    journey.check("project-conception")
    lifecycle = ProjectLifecycle.objects.select_related("current_phase").get(project=project)
    assert lifecycle.current_phase.name == "Conception"
    review = GateReview.objects.get(project=project)
    assert review.decision == "go_conditions"
    assert GateCondition.objects.get(review=review).owner == pm

    # --- The dashboard's compliance figures changed. ------------------------------------
    after = _figures(page, live_server)
    journey.check("dashboard")
    assert before == ("0,0\xa0%", "1"), before
    assert after == ("100,0\xa0%", "0"), after
