"""Uploaded documents checked like an attacker sent them (templates and deliverables alike).

``check_upload(name=..., data=...)`` is the one door: it says what the file IS from its
content (magic bytes and, for the Office and OpenDocument formats, the archive's main part),
never from its name; the name's extension must then agree. Archives are inspected from
their central directory before anything is extracted: member count, declared sizes and
compression ratio, names (no absolute path, no ``..``), no encryption, and every member is
read once through (bounded by the declared sizes) so that a garbled archive fails its
checksum here rather than later in a parser. Nothing here writes anything: a refused file
leaves no trace, and the caller stores an accepted one under a random name.

Why these numbers: a real note de lancement or COPIL template is a few hundred KB, a
PowerPoint with pictures a few MB; Office files compress 2 to 20 times. 10 MB per file,
50 MB once unzipped and a ratio of 100 leave room for pictures and refuse a bomb.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MIN_BYTES_FOR_RATIO = 1024 * 1024  # a tiny archive of empty parts may compress very well
MAX_MEMBERS = 2000
DISPLAY_NAME_LENGTH = 120

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "pdf": "application/pdf",
}
FORMATS = tuple(CONTENT_TYPES)
# The part that makes an Office Open XML package a document of that kind.
OOXML_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_DRIVE = re.compile(r"^[A-Za-z]:")


class UploadRefused(Exception):
    """The file is refused; ``message`` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    format: str
    display_name: str
    size: int
    sha256: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


def megabytes(size: int) -> int:
    return size // 1024 // 1024


def _limits_text() -> str:
    return gettext(
        "Accepted: Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument text (.odt) "
        "and PDF, up to %(size)s MB per file (%(unzipped)s MB once unzipped)."
    ) % {"size": megabytes(MAX_UPLOAD_BYTES), "unzipped": megabytes(MAX_UNZIPPED_BYTES)}


# Said on the upload pages, in the language of the request.
limits_text = lazy(_limits_text, str)


def display_name(name: str) -> str:
    """The name shown for a file: its last path component, without control characters,
    capped in length (keeping the extension)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = _CONTROL.sub("", name).strip().strip(". ")
    if len(name) > DISPLAY_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) <= 5:
            name = stem[: DISPLAY_NAME_LENGTH - len(extension) - 1] + "." + extension
        else:
            name = name[:DISPLAY_NAME_LENGTH]
    return name


def read_upload(upload) -> tuple[str, bytes]:
    """The name and bytes of an uploaded file, reading no more than the limit allows (a
    larger file is refused before it is read)."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise too_large(upload.size)
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    return upload.name or "", data


def too_large(size: int) -> UploadRefused:
    return UploadRefused(
        _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
        % {"size": f"{size / 1024 / 1024:.1f}", "limit": megabytes(MAX_UPLOAD_BYTES)}
    )


def check_upload(*, name: str, data: bytes, formats=FORMATS) -> CheckedFile:
    """The checked file, or UploadRefused with a message for the user. ``name`` is the name
    the browser sent: only used for display and to agree with the content."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise too_large(len(data))
    if not data:
        raise UploadRefused(_("The file is empty."))
    shown = display_name(name)
    if re.search(r"[/\\]", str(name)) or _DRIVE.match(str(name)) or not shown:
        raise UploadRefused(
            _(
                "The file name “%(name)s” is not acceptable: give a plain file name, "
                "without folders."
            )
            % {"name": _CONTROL.sub("", str(name))[:DISPLAY_NAME_LENGTH]}
        )
    kind = _kind_of(data)
    extension = shown.rsplit(".", 1)[-1].lower() if "." in shown else ""
    if kind not in formats:
        raise UploadRefused(
            _(
                "This file is not a document of an accepted kind, whatever its name says "
                "(“%(name)s”). Accepted: %(formats)s."
            )
            % {"name": shown, "formats": ", ".join(f".{f}" for f in formats)}
        )
    if extension != kind:
        raise UploadRefused(
            _(
                "The file is named “%(name)s” but its content is a .%(kind)s document: "
                "rename it with the right extension."
            )
            % {"name": shown, "kind": kind}
        )
    return CheckedFile(
        data=data,
        format=kind,
        display_name=shown,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _kind_of(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(_ZIP):
        return _archive_kind(data)
    if data.startswith(_EMPTY_ZIP):
        raise UploadRefused(_("This archive is empty: it is no document."))
    return None


def _damaged() -> UploadRefused:
    return UploadRefused(_("This document is damaged or garbled and cannot be read."))


def _archive_kind(data: bytes) -> str | None:
    """What document an archive is, after inspecting every member before extracting any."""
    end = data.rfind(_END_OF_CENTRAL_DIRECTORY)
    if end < 0 or len(data) < end + 22:
        raise _damaged()
    # Refused before zipfile reads the whole central directory into memory.
    if int.from_bytes(data[end + 10 : end + 12], "little") > MAX_MEMBERS:
        raise UploadRefused(
            _("This archive holds more than %(count)s files: it is no document.")
            % {"count": MAX_MEMBERS}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise _damaged() from error
    with archive:
        members = archive.infolist()
        _check_members(members, len(data))
        _read_through(archive, members)
        names = {member.filename for member in members}
        if members and members[0].filename == "mimetype":
            first = members[0]
            if first.file_size <= 100 and archive.read(first).strip() == ODT_MIMETYPE:
                return "odt"
            return None
        if "[Content_Types].xml" in names:
            for kind, part in OOXML_MAIN_PARTS.items():
                if part in names:
                    return kind
    return None


def _check_members(members: list[zipfile.ZipInfo], packed: int) -> None:
    if len(members) > MAX_MEMBERS:
        raise UploadRefused(
            _("This archive holds more than %(count)s files: it is no document.")
            % {"count": MAX_MEMBERS}
        )
    seen: set[str] = set()
    for member in members:
        name = member.filename
        parts = re.split(r"[/\\]", name)
        if (
            name.startswith(("/", "\\"))
            or _DRIVE.match(name)
            or ".." in parts
            or _CONTROL.search(name)
        ):
            raise UploadRefused(
                _(
                    "This archive holds a file named “%(name)s”, a path that leaves the "
                    "archive: it is refused."
                )
                % {"name": _CONTROL.sub("?", name)[:DISPLAY_NAME_LENGTH]}
            )
        if name in seen:
            raise _damaged()
        seen.add(name)
        if member.flag_bits & 0x1:
            raise UploadRefused(
                _("This document is encrypted or password-protected: upload it without a password.")
            )
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _damaged()
    unzipped = sum(member.file_size for member in members)
    too_compressed = unzipped > MIN_BYTES_FOR_RATIO and unzipped > MAX_COMPRESSION_RATIO * max(
        packed, 1
    )
    if unzipped > MAX_UNZIPPED_BYTES or too_compressed:
        raise UploadRefused(
            _(
                "Once unzipped, this document takes %(size)s MB (%(ratio)s times its size); "
                "the limits are %(limit)s MB and %(max_ratio)s times. It is refused."
            )
            % {
                "size": megabytes(unzipped),
                "ratio": unzipped // max(packed, 1),
                "limit": megabytes(MAX_UNZIPPED_BYTES),
                "max_ratio": MAX_COMPRESSION_RATIO,
            }
        )


def _read_through(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Read every member once, in chunks, discarding the bytes: zipfile stops at the declared
    size (checked above) and verifies the checksum, so a garbled or lying member fails here."""
    try:
        for member in members:
            with archive.open(member) as stream:
                while stream.read(64 * 1024):
                    pass
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        RuntimeError,  # zipfile: "File is encrypted, password required"
        NotImplementedError,
    ) as error:
        raise _damaged() from error
