"""Writes of the template library (issue 11): templates, their versions, publishing.

A version's file is checked (governance.uploads) and, for a .docx, its placeholders are
checked against the registry (governance.placeholders) BEFORE anything is written: a refused
file leaves no row and no file. The file is stored under a random name (models.py); were the
transaction to fail after the file was written, the file is removed again.

Versions are semantic: the first is 1.0.0; the PMO chooses the bump of each next one
(major, minor or patch of the highest existing version). Publishing a version whose major is
above every published one tells the project managers whose deliverables were made from an
older major (outbox, once per version and PM).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from governance import placeholders
from governance.models import (
    Deliverable,
    DocumentTemplate,
    TemplateFormat,
    TemplateVersion,
    VersionStatus,
)
from governance.services.compliance import refresh_compliance_of_templates
from governance.uploads import CheckedFile, UploadRefused, check_upload
from pmo_portal.emails import render_email
from pmo_portal.notifications import Message, enqueue_many, wants
from pmo_portal.tasks import deliver_notifications
from pmo_portal.users import user_label
from portfolios.models import ProjectStatus

MAJOR, MINOR, PATCH = "major", "minor", "patch"
MAJOR_VERSION_KIND = "template_major_version"
PREFERENCE = "email_alerts"
CLOSED_STATUSES = (ProjectStatus.CLOSED, ProjectStatus.CANCELLED)


def create_template(
    *,
    user,
    name: str,
    description: str = "",
    owner=None,
    project_types=(),
    business_domains=(),
    phase_keys=(),
) -> DocumentTemplate:
    with transaction.atomic():
        template = DocumentTemplate(
            name=name,
            description=description,
            owner=owner or user,
            phase_keys=sorted({key.strip() for key in phase_keys if key.strip()}),
        )
        template.full_clean()
        template.save()
        template.project_types.set(project_types)
        template.business_domains.set(business_domains)
    return template


def next_number(template: DocumentTemplate, bump: str) -> tuple[int, int, int]:
    """The version number after the highest existing one (1.0.0 for the first)."""
    latest = template.versions.order_by("-major", "-minor", "-patch").first()
    if latest is None:
        return 1, 0, 0
    if bump == MAJOR:
        return latest.major + 1, 0, 0
    if bump == MINOR:
        return latest.major, latest.minor + 1, 0
    return latest.major, latest.minor, latest.patch + 1


def check_template_file(*, name: str, data: bytes) -> tuple[CheckedFile, list[str]]:
    """The checked file and the placeholders it uses (UploadRefused otherwise)."""
    checked = check_upload(name=name, data=data)
    used = placeholders.used_in(checked.data) if checked.format == TemplateFormat.DOCX else []
    return checked, used


def upload_version(
    *, template: DocumentTemplate, user, name: str, data: bytes, bump: str, change_note: str = ""
) -> TemplateVersion:
    """A new draft version of ``template`` from the uploaded file (UploadRefused: nothing is
    stored)."""
    checked, used = check_template_file(name=name, data=data)
    stored_name = None
    try:
        with transaction.atomic():
            # One upload at a time per template: two bumps cannot take the same number.
            locked = DocumentTemplate.objects.select_for_update().get(pk=template.pk)
            major, minor, patch = next_number(locked, bump)
            version = TemplateVersion(
                template=locked,
                major=major,
                minor=minor,
                patch=patch,
                status=VersionStatus.DRAFT,
                change_note=change_note.strip(),
                original_name=checked.display_name,
                format=checked.format,
                size=checked.size,
                sha256=checked.sha256,
                placeholders=used,
                uploaded_by=user,
            )
            version.full_clean(exclude=["file"])
            version.file.save(f"upload.{checked.format}", ContentFile(checked.data), save=False)
            stored_name = version.file.name
            version.save()
    except Exception:
        if stored_name:
            TemplateVersion._meta.get_field("file").storage.delete(stored_name)
        raise
    return version


def publish_version(*, version: TemplateVersion, user) -> TemplateVersion:
    """Publish a draft (or re-publish a retired) version; a new major tells the PMs whose
    deliverables use an older one."""
    with transaction.atomic():
        current = TemplateVersion.objects.select_for_update().get(pk=version.pk)
        if current.status == VersionStatus.PUBLISHED:
            return current
        previous_major = TemplateVersion.objects.filter(
            template_id=current.template_id, status=VersionStatus.PUBLISHED
        ).aggregate(major=Max("major"))["major"]
        current.status = VersionStatus.PUBLISHED
        current.published_at = timezone.now()
        current.save(update_fields=["status", "published_at"])
        refresh_compliance_of_templates([current.template_id])  # which ones are outdated
        if previous_major is not None and current.major > previous_major:
            _notify_new_major(current)
    return current


def retire_version(*, version: TemplateVersion, user) -> TemplateVersion:
    with transaction.atomic():
        current = TemplateVersion.objects.select_for_update().get(pk=version.pk)
        if current.status == VersionStatus.DRAFT:
            raise ValidationError(_("A draft cannot be retired: publish it or leave it."))
        if current.status != VersionStatus.RETIRED:
            current.status = VersionStatus.RETIRED
            current.save(update_fields=["status"])
            refresh_compliance_of_templates([current.template_id])
    return current


def fill(*, version: TemplateVersion, project, user) -> bytes:
    """``version`` (a .docx) rendered with ``project``'s values in the active language."""
    with version.file.open("rb") as handle:
        data = handle.read()
    context = placeholders.values_for(project, user, version.placeholders or None)
    return placeholders.render(data, context, version_pk=version.pk)


# --- Notification ----------------------------------------------------------------------------


def _base_url() -> str:
    return str(getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def _notify_new_major(version: TemplateVersion) -> None:
    """To the PMs of open projects whose deliverables were made from an older major of this
    template: one message per PM and version (dedup key), listing their deliverables."""
    deliverables = (
        Deliverable.objects.filter(
            template_version__template_id=version.template_id,
            template_version__major__lt=version.major,
            waived=False,
            project__is_archived=False,
        )
        .exclude(project__status__in=CLOSED_STATUSES)
        .select_related("project__manager__notification_preference", "requirement")
        .order_by("project__code", "requirement__name")
    )
    by_manager: dict[int, tuple] = {}
    for deliverable in deliverables:
        manager = deliverable.project.manager
        by_manager.setdefault(manager.pk, (manager, []))[1].append(deliverable)
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for manager, items in by_manager.values():
            if not manager.is_active or not wants(manager, PREFERENCE):
                continue
            subject, body = render_email(
                "governance/email/template_major",
                {
                    "recipient": user_label(manager),
                    "template": version.template.name,
                    "version": version.label,
                    "change_note": version.change_note,
                    "deliverables": [
                        f"{d.project.code} {d.project.name} — {d.requirement.name}" for d in items
                    ],
                    "url": _base_url()
                    + reverse("governance:template_detail", args=[version.template_id]),
                },
            )
            messages.append(
                Message(
                    dedup_key=f"template-major:{version.pk}:{manager.pk}",
                    kind=MAJOR_VERSION_KIND,
                    recipient=manager,
                    subject=subject,
                    body=body,
                )
            )
    if enqueue_many(messages):
        transaction.on_commit(lambda: deliver_notifications.delay(), robust=True)


__all__ = [
    "MAJOR",
    "MINOR",
    "PATCH",
    "UploadRefused",
    "create_template",
    "fill",
    "publish_version",
    "retire_version",
    "upload_version",
]
