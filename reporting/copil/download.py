"""A done COPIL pack as a download: the stored PDF, the same answer for the meeting's page
and the REST API (its file name, digest and caching headers)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils import timezone

from reporting.models import CopilPack, PackStatus


def pack_response(pack: CopilPack) -> FileResponse:
    """The PDF of ``pack`` (fetched for its reader: ``get_pack_for_user``) as an attachment;
    404 while it is not done or when its file is missing from the storage."""
    if pack.status != PackStatus.DONE or not pack.file:
        raise Http404
    try:
        handle = pack.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    day = timezone.localtime(pack.meeting.scheduled_at).date()
    filename = f"COPIL-{day:%Y-%m-%d}-{pack.pk}.pdf"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["Content-Length"] = str(pack.size)
    response["Cache-Control"] = "private, no-store"
    response["ETag"] = f'"{pack.sha256}"'
    response["Digest"] = f"sha-256={pack.sha256}"
    return response
