"""A project's deliverable files (issue 11): the PM uploads the file of a required deliverable.

Same checks as the library's templates (governance.uploads): a refused file leaves no row
and no file. The template version it was made from is the one the PM chooses, else the one a
pre-filled .docx says it came from (its core properties, written by governance.placeholders).
A re-upload replaces the file, checked against the version the page was opened at (two PMs
uploading at once: the second is told, nothing is overwritten); the replaced file is deleted
once the transaction has committed.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from governance import placeholders
from governance.models import Deliverable, RequiredDeliverable, TemplateFormat, TemplateVersion
from governance.services.compliance import refresh_compliance
from governance.uploads import check_upload
from pmo_portal.concurrency import check_version


def detected_version(data: bytes, fmt: str, choices) -> TemplateVersion | None:
    """The version a filled .docx names, if it is one of ``choices`` (a queryset)."""
    if fmt != TemplateFormat.DOCX:
        return None
    pk = placeholders.version_tag(data)
    return choices.filter(pk=pk).first() if pk else None


def upload_deliverable(
    *,
    project,
    requirement: RequiredDeliverable,
    user,
    name: str,
    data: bytes,
    template_version: TemplateVersion | None,
    version_choices,
    version: int | None,
) -> Deliverable:
    """Store the file of ``requirement`` for ``project`` (UploadRefused, EditConflict:
    nothing stored). ``version``: the deliverable's version the page was opened at (0 when
    there was none; None: no check)."""
    checked = check_upload(name=name, data=data)
    made_from = template_version or detected_version(checked.data, checked.format, version_choices)
    stored_name = None
    try:
        with transaction.atomic():
            current = (
                Deliverable.objects.select_for_update()
                .filter(project=project, requirement=requirement)
                .first()
            )
            check_version(current, version)
            deliverable = current or Deliverable(project=project, requirement=requirement)
            replaced = deliverable.file.name if deliverable.file else None
            deliverable.original_name = checked.display_name
            deliverable.size = checked.size
            deliverable.template_version = made_from
            deliverable.uploaded_by = user
            deliverable.uploaded_at = timezone.now()
            deliverable.full_clean(exclude=["file", "waived_by"])
            deliverable.file.save(f"upload.{checked.format}", ContentFile(checked.data), save=False)
            stored_name = deliverable.file.name
            deliverable.save()
            refresh_compliance([project.pk])
            if replaced:
                storage = Deliverable._meta.get_field("file").storage
                transaction.on_commit(lambda: storage.delete(replaced))
    except Exception:
        if stored_name:
            Deliverable._meta.get_field("file").storage.delete(stored_name)
        raise
    return deliverable
