"""Invariants the governance tables keep whatever the caller."""

import pytest
from django.db import IntegrityError, transaction

from governance.models import GateReview, MethodologyVersion, VersionStatus, template_upload_to
from tests.governance.factories import (
    TemplateVersionFactory,
    methodology_with_phases,
    start_lifecycle,
)
from tests.portfolios.factories import ProjectFactory


def test_a_methodology_has_ordered_phases_and_one_draft_at_most(db):
    version = methodology_with_phases()
    assert [phase.name for phase in version.phases.all()][:2] == ["Cadrage", "Conception"]
    MethodologyVersion.objects.create(
        methodology=version.methodology, number=2, status=VersionStatus.DRAFT
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        MethodologyVersion.objects.create(
            methodology=version.methodology, number=3, status=VersionStatus.DRAFT
        )


def test_a_project_has_one_open_gate_review_at_a_time(db):
    version = methodology_with_phases()
    project = ProjectFactory()
    lifecycle = start_lifecycle(project, version)
    GateReview.objects.create(project=project, phase=lifecycle.current_phase)
    with pytest.raises(IntegrityError), transaction.atomic():
        GateReview.objects.create(project=project, phase=lifecycle.current_phase)


def test_stored_file_names_are_random_and_say_nothing(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = template_upload_to(None, "../../etc/passwd.docx")
    second = template_upload_to(None, "../../etc/passwd.docx")
    assert first != second
    assert ".." not in first
    assert first.startswith("governance/templates/")
    assert first.endswith(".docx")
    assert template_upload_to(None, "evil.d/ocx").endswith(".bin")
    version = TemplateVersionFactory()
    assert "modele" not in version.file.name
