"""The template library: versions, publishing, downloads, deliverables, the outdated flag and
the "new major version" e-mail (issue 11)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from governance.models import Deliverable, RequiredDeliverable, TemplateVersion, VersionStatus
from governance.selectors.library import current_majors, is_outdated, outdated, with_outdated
from governance.services import library as services
from pmo_portal.models import Notification
from tests.governance.factories import (
    DocumentTemplateFactory,
    docx_bytes,
    methodology_with_phases,
    start_lifecycle,
)
from tests.governance.files import pdf_bytes, stored_files


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read English messages."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def lifecycle_of(project, template=None) -> RequiredDeliverable:
    """Start ``project`` on a methodology of its type; its first phase's required
    deliverable (made from ``template``) is returned."""
    version = methodology_with_phases(project.project_type)
    start_lifecycle(project, version)
    requirement = RequiredDeliverable.objects.get(phase__version=version, phase__order=1)
    if template is not None:
        requirement.template = template
        requirement.save()
    return requirement


def _upload(client, template, *, bump="minor", name="note.docx", data=None, note=""):
    return client.post(
        reverse("governance:version_upload", args=[template.pk]),
        {
            "file": SimpleUploadedFile(name, data or docx_bytes("Projet {{ project_name }}")),
            "bump": bump,
            "change_note": note,
        },
    )


def test_pmo_publishes_v1_then_a_minor_then_a_major(client_for, world, settings):
    client = client_for("pmo")
    template = DocumentTemplateFactory(name="Note de lancement")
    assert _upload(client, template, bump="patch").status_code == 302
    first = TemplateVersion.objects.get()
    assert (first.label, first.status, first.placeholders) == ("v1.0.0", "draft", ["project_name"])
    client.post(reverse("governance:version_publish", args=[first.pk]))
    _upload(client, template, bump="minor", note="Ajout du planning")
    minor = TemplateVersion.objects.get(minor=1)
    assert minor.label == "v1.1.0"
    client.post(reverse("governance:version_publish", args=[minor.pk]))
    _upload(client, template, bump="major", name="note-v2.docx")
    major = TemplateVersion.objects.get(major=2)
    assert major.label == "v2.0.0"
    assert major.original_name == "note-v2.docx"
    client.post(reverse("governance:version_publish", args=[major.pk]))
    assert current_majors() == {template.pk: 2}

    page = client_for("pm").get(reverse("governance:template_detail", args=[template.pk]))
    text = page.content.decode()
    assert "v2.0.0" in text
    assert "v1.1.0" in text
    assert "Ajout du planning" in text
    listing = client_for("pm").get(reverse("governance:library")).content.decode()
    assert "Note de lancement" in listing
    assert "v2.0.0" in listing
    assert len(stored_files(settings.MEDIA_ROOT)) == 3


def test_readers_see_only_published_versions(client_for, world):
    template = DocumentTemplateFactory(name="Fiche projet")
    draft = services.upload_version(
        template=template, user=world.users["pmo"], name="f.pdf", data=pdf_bytes(), bump="major"
    )
    # Nothing published: the template is not listed, its page and draft answer 404.
    assert (
        "Fiche projet" not in client_for("pm").get(reverse("governance:library")).content.decode()
    )
    assert (
        client_for("pm").get(reverse("governance:template_detail", args=[template.pk])).status_code
        == 404
    )
    assert (
        client_for("pm").get(reverse("governance:version_download", args=[draft.pk])).status_code
        == 404
    )
    services.publish_version(version=draft, user=world.users["pmo"])
    services.retire_version(version=draft, user=world.users["pmo"])
    assert (
        client_for("pm").get(reverse("governance:version_download", args=[draft.pk])).status_code
        == 404
    )


def test_a_version_downloads_as_an_attachment_with_safe_headers(client_for, world):
    template = DocumentTemplateFactory(name='Procès-verbal "recette"')
    version = services.upload_version(
        template=template, user=world.users["pmo"], name="pv.pdf", data=pdf_bytes(), bump="major"
    )
    services.publish_version(version=version, user=world.users["pmo"])
    response = client_for("finance").get(reverse("governance:version_download", args=[version.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Proces-verbal _recette_ v1.0.0.pdf"; ')
    assert "filename*=UTF-8''Proc%C3%A8s-verbal%20%22recette%22%20v1.0.0.pdf" in disposition
    assert disposition.isascii()
    assert response.content == pdf_bytes()


def test_publishing_a_new_major_flags_older_deliverables_and_tells_their_pm_once(client_for, world):
    pmo = world.users["pmo"]
    template = DocumentTemplateFactory(name="Note de lancement")
    requirement = lifecycle_of(world.project_a, template)
    v1 = services.upload_version(
        template=template, user=pmo, name="n.docx", data=docx_bytes("x"), bump="major"
    )
    services.publish_version(version=v1, user=pmo)
    client = client_for("pm")
    response = client.post(
        reverse("governance:deliverable_upload", args=[world.project_a.pk, requirement.pk]),
        {
            "file": SimpleUploadedFile("note remplie.docx", docx_bytes("Projet Alpha")),
            "template_version": v1.pk,
            "version": "0",
        },
    )
    assert response.status_code == 302
    deliverable = Deliverable.objects.select_related("template_version").get()
    assert deliverable.template_version == v1
    assert deliverable.original_name == "note remplie.docx"

    minor = services.upload_version(
        template=template, user=pmo, name="n.docx", data=docx_bytes("y"), bump="minor"
    )
    services.publish_version(version=minor, user=pmo)
    assert not outdated([deliverable])
    assert not Notification.objects.exists()

    major = services.upload_version(
        template=template, user=pmo, name="n.docx", data=docx_bytes("z"), bump="major"
    )
    services.publish_version(version=major, user=pmo)
    services.retire_version(version=major, user=pmo)
    services.publish_version(version=major, user=pmo)  # published again: no second e-mail
    assert is_outdated(deliverable, current_majors())
    assert with_outdated(Deliverable.objects.all()).get().is_outdated is True
    [message] = Notification.objects.all()
    assert message.recipient == world.users["pm"]
    assert message.dedup_key == f"template-major:{major.pk}:{world.users['pm'].pk}"
    assert "v2.0.0" in message.subject
    assert "PRJ-A" in message.body
    page = client.get(
        reverse("governance:deliverable_upload", args=[world.project_a.pk, requirement.pk])
    )
    assert "Outdated" in page.content.decode()


def test_a_reupload_replaces_the_file_and_a_stale_page_is_refused(
    client_for, world, settings, django_capture_on_commit_callbacks
):
    requirement = lifecycle_of(world.project_a)
    url = reverse("governance:deliverable_upload", args=[world.project_a.pk, requirement.pk])
    client = client_for("pm")
    client.post(url, {"file": SimpleUploadedFile("a.pdf", pdf_bytes()), "version": "0"})
    first = Deliverable.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, {"file": SimpleUploadedFile("b.pdf", pdf_bytes()), "version": str(first.version)}
        )
    second = Deliverable.objects.get()
    assert second.original_name == "b.pdf"
    assert second.file.name != first.file.name
    assert len(stored_files(settings.MEDIA_ROOT)) == 1  # the replaced file is gone
    stale = client.post(url, {"file": SimpleUploadedFile("c.pdf", pdf_bytes()), "version": "0"})
    assert stale.status_code == 409
    assert Deliverable.objects.get().original_name == "b.pdf"
    assert len(stored_files(settings.MEDIA_ROOT)) == 1
    download = client_for("executive").get(
        reverse("governance:deliverable_download", args=[second.pk])
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="b.pdf"' in download["Content-Disposition"]


def test_a_prefilled_docx_uploaded_back_is_recognised(client_for, world):
    pmo = world.users["pmo"]
    template = DocumentTemplateFactory()
    requirement = lifecycle_of(world.project_a, template)
    version = services.upload_version(
        template=template,
        user=pmo,
        name="n.docx",
        data=docx_bytes("{{ project_name }}"),
        bump="major",
    )
    services.publish_version(version=version, user=pmo)
    client = client_for("pm")
    filled = client.get(reverse("governance:template_fill", args=[template.pk, world.project_a.pk]))
    client.post(
        reverse("governance:deliverable_upload", args=[world.project_a.pk, requirement.pk]),
        {"file": SimpleUploadedFile("rempli.docx", filled.content), "version": "0"},
    )
    assert Deliverable.objects.get().template_version == version


@pytest.mark.parametrize("role", ["executive", "finance"])
def test_only_the_pm_and_pmo_upload_deliverables(client_for, world, role):
    requirement = lifecycle_of(world.project_a)
    url = reverse("governance:deliverable_upload", args=[world.project_a.pk, requirement.pk])
    assert client_for(role).get(url).status_code == 403


def test_a_requirement_of_another_methodology_answers_404(client_for, world):
    lifecycle_of(world.project_a)
    other = lifecycle_of(world.project_b)
    url = reverse("governance:deliverable_upload", args=[world.project_a.pk, other.pk])
    assert client_for("pmo").get(url).status_code == 404


def test_the_placeholder_list_shows_every_app_s_placeholders(client_for, world):
    text = client_for("pm").get(reverse("governance:placeholders")).content.decode()
    for name in ["project_name", "project_manager", "health_overall", "budget_approved"]:
        assert f"&#123;&#123; {name} &#125;&#125;" in text


def test_a_draft_cannot_be_retired(world):
    version = services.upload_version(
        template=DocumentTemplateFactory(),
        user=world.users["pmo"],
        name="f.pdf",
        data=pdf_bytes(),
        bump="major",
    )
    with pytest.raises(Exception, match="draft cannot be retired"):
        services.retire_version(version=version, user=world.users["pmo"])
    assert TemplateVersion.objects.get().status == VersionStatus.DRAFT
