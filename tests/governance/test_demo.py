"""The governance demo built by ``seed_demo``: methods, template library, lifecycles with a
gate history, deliverables and a compliance trend that tells a story (issue 11)."""

import hashlib
import io
from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import F
from docx import Document
from docxtpl import DocxTemplate
from openpyxl import load_workbook

from governance.models import (
    ComplianceSnapshot,
    Deliverable,
    DocumentTemplate,
    GateCondition,
    GateReview,
    Methodology,
    MethodologyVersion,
    Phase,
    ProjectLifecycle,
    RequiredDeliverable,
    TemplateVersion,
)
from portfolios.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
LIVE = [ProjectStatus.APPROVED, ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD]
# The placeholders the apps contribute (portfolios, reporting, resources).
KNOWN_PLACEHOLDERS = {
    "project_name", "project_code", "project_manager", "sponsor", "portfolio",
    "business_domain", "project_type", "planned_start", "planned_end", "description",
    "estimated_cost", "health_overall", "percent_complete", "status_date", "approved_budget",
    "actual_costs",
}  # fmt: skip


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime(2026, 12, 6, 10, 0, tzinfo=PARIS), tick=False)


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def keys(version) -> list[str]:
    return list(version.phases.order_by("order").values_list("key", flat=True))


def test_the_demo_has_both_methods_and_their_versions(media, clock):
    output = seed("--projects", "60", "--history", "3")
    assert "Governance:" in output
    classic = Methodology.objects.get(name="Méthode classique (cycle en V)")
    agile = Methodology.objects.get(name="Méthode agile (Scrum à l'échelle)")
    assert classic.project_type.code == "SI-CYCLE-V"
    assert agile.project_type.code == "AGILE"
    # Every project type follows a method: the classic one but for the agile type.
    assert Methodology.objects.count() == 6
    assert Methodology.objects.filter(name__startswith="Méthode classique").count() == 5

    v1, v2 = classic.versions.get(number=1), classic.versions.get(number=2)
    assert {v1.status, v2.status} == {"published"}
    assert keys(v1) == ["cadrage", "conception", "realisation", "recette", "deploiement", "cloture"]
    assert "recette" in v2.change_note.lower()
    assert set(keys(v2)) - set(keys(v1)) == {"homologation"}
    assert keys(agile.versions.get(number=1)) == [
        "cadrage",
        "increments",
        "mise_en_production",
        "cloture",
    ]
    roles = dict(v1.phases.values_list("key", "decider_role"))
    assert roles["cadrage"] == roles["deploiement"] == "sponsor"
    assert roles["conception"] == roles["recette"] == roles["cloture"] == "pmo"
    for phase in Phase.objects.all():
        assert phase.gate_name
        assert phase.gate_criteria
        assert 1 <= phase.deliverables.count() <= 3, phase
    note = RequiredDeliverable.objects.filter(name="Note de lancement").first()
    assert note.template.name == "Note de lancement"

    # Projects keep the version they started with: some still follow version 1.
    on_classic = ProjectLifecycle.objects.filter(methodology_version__methodology=classic)
    assert set(on_classic.values_list("methodology_version__number", flat=True)) == {1, 2}


def test_the_template_library_holds_real_files_in_two_versions(media, clock):
    seed("--projects", "5", "--history", "0")
    names = ["Note de lancement", "Rapport de COPIL", "Suivi budgétaire", "Plan de recette"]
    for name in names:
        versions = TemplateVersion.objects.filter(template__name=name)
        assert versions.count() == 2, name
        for version in versions:
            assert version.status == "published"
            assert version.change_note
            content = version.file.read()
            assert len(content) == version.size > 0
            assert hashlib.sha256(content).hexdigest() == version.sha256
            assert version.file.name.startswith("governance/templates/")
            assert name.split()[0].lower() not in version.file.name  # a random-looking name
            assert set(version.placeholders) <= KNOWN_PLACEHOLDERS
    note = TemplateVersion.objects.filter(template__name="Note de lancement").first()
    assert (note.major, note.format) == (2, "docx")
    text = "\n".join(p.text for p in Document(note.file.open("rb")).paragraphs)
    tables = " ".join(c.text for t in Document(note.file.open("rb")).tables for c in t._cells)
    assert "{{ project_name }}" in text
    assert "{{ approved_budget }}" in tables
    assert {"project_name", "project_manager", "sponsor", "approved_budget"} <= set(
        note.placeholders
    )
    # docxtpl fills it: every placeholder sits in one run.
    template = DocxTemplate(note.file.open("rb"))
    template.render(
        {name: f"<{name}>" for name in KNOWN_PLACEHOLDERS} | {"project_name": "Projet Fos"}
    )
    buffer = io.BytesIO()
    template.save(buffer)
    buffer.seek(0)
    rendered = "\n".join(p.text for p in Document(buffer).paragraphs)
    assert "Projet Fos" in rendered
    assert "{{" not in rendered
    budget = TemplateVersion.objects.filter(template__name="Suivi budgétaire").first()
    assert budget.format == "xlsx"
    assert load_workbook(budget.file.open("rb")).active["A1"].value == "Suivi budgétaire du projet"
    assert DocumentTemplate.objects.get(name="Note de lancement").phase_keys == ["cadrage"]


def test_live_projects_have_a_gate_history_and_deliverables(media, clock):
    seed("--projects", "60", "--history", "3")
    live = Project.objects.filter(status__in=LIVE)
    assert ProjectLifecycle.objects.count() == live.count() > 20
    assert not ProjectLifecycle.objects.exclude(project__status__in=LIVE).exists()

    # The demo project manager has a gate review waiting for a decision, on its current phase.
    waiting = GateReview.objects.filter(
        status="requested", project__manager__username="chef.projet"
    )
    assert waiting.filter(phase=F("project__lifecycle__current_phase")).exists()
    decisions = Counter(GateReview.objects.values_list("decision", flat=True))
    assert decisions["go"] > decisions["go_conditions"] > 0
    assert decisions["no_go"] > 0
    assert decisions["postpone"] > 0
    today = date(2026, 12, 6)
    assert GateCondition.objects.exclude(done_at=None).exists()
    assert GateCondition.objects.filter(done_at=None, due_date__lt=today).exists()  # overdue

    waived = Deliverable.objects.filter(waived=True)
    assert waived.count() >= 2
    assert all(d.waiver_reason and d.waived_by.username == "pmo" for d in waived)
    present = Deliverable.objects.exclude(file="")
    for deliverable in present[:5]:
        assert deliverable.file.read().startswith(b"%PDF-")
        assert deliverable.original_name.endswith(".pdf")
    # Late: the gate of a phase went through while one of its deliverables is missing.
    passed = GateReview.objects.filter(decision__in=["go", "go_conditions"])
    late = [
        (review.project_id, requirement.pk)
        for review in passed.select_related("phase")
        for requirement in review.phase.deliverables.all()
        if not Deliverable.objects.filter(project_id=review.project_id, requirement=requirement)
        .exclude(file="", waived=False)
        .exists()
    ]
    assert len(late) >= 2
    # Outdated: made from an older major version than the template's latest.
    outdated = [
        d
        for d in present.exclude(template_version=None).select_related("template_version")
        if d.template_version.major
        < d.template_version.template.versions.order_by("-major").first().major
    ]
    assert outdated


def test_compliance_snapshots_tell_a_twelve_month_story(media, clock):
    seed("--projects", "60", "--history", "3")
    months = sorted(set(ComplianceSnapshot.objects.values_list("month", flat=True)))
    assert len(months) == 12
    assert months[-1].isoformat() == "2026-12-01"

    def score(month):
        rows = ComplianceSnapshot.objects.filter(month=month)
        expected = sum(r.expected for r in rows)
        return 100 * sum(r.expected - r.missing - r.outdated for r in rows) / expected

    assert score(months[1]) < 65
    assert 78 < score(months[-1]) < 92
    assert score(months[-1]) > score(months[5]) > score(months[1])


def test_seeding_twice_adds_nothing(media, clock):
    seed("--projects", "20", "--history", "0")
    models = [
        Methodology, MethodologyVersion, Phase, RequiredDeliverable, DocumentTemplate,
        TemplateVersion, ProjectLifecycle, GateReview, GateCondition, Deliverable,
        ComplianceSnapshot,
    ]  # fmt: skip

    def state():
        files = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
        return [m.objects.count() for m in models], files

    before = state()
    assert before[0][-1] > 0
    assert len(before[1]) > 8
    seed("--projects", "20", "--history", "0")
    assert state() == before
    assert default_storage.exists(TemplateVersion.objects.first().file.name)
