"""Files an attacker (or a careless user) may upload, built in code, and the library objects
the library tests and permission rows need."""

from __future__ import annotations

import io
import os
import zipfile

from tests.governance.factories import docx_bytes

CONTENT_TYPES_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def zip_bytes(members: list[tuple[str, bytes]], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name) if name.startswith("/") else name, data)
    return buffer.getvalue()


def executable_bytes() -> bytes:
    """The start of a Windows executable (MZ header, PE signature)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 46 + b"PE\x00\x00"


def xlsx_bomb_bytes(unzipped_mb: int = 60) -> bytes:
    """A valid-looking .xlsx whose one sheet unzips to ``unzipped_mb`` MB of zeros (a few
    tens of KB packed)."""
    return zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES_XML),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/worksheets/sheet1.xml", b"\x00" * (unzipped_mb * 1024 * 1024)),
        ]
    )


def small_xlsx_bytes() -> bytes:
    return zip_bytes(
        [("[Content_Types].xml", CONTENT_TYPES_XML), ("xl/workbook.xml", b"<workbook/>")]
    )


def traversal_docx_bytes(member: str = "../../../etc/cron.d/evil") -> bytes:
    """A .docx that also carries a member whose name leaves the archive."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes("Bonjour"))) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    return zip_bytes([*members, (member, b"* * * * * root rm -rf /")])


def odt_bytes() -> bytes:
    return zip_bytes(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>"),
            ("META-INF/manifest.xml", b"<manifest/>"),
        ],
        compression=zipfile.ZIP_STORED,
    )


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def stored_files(root) -> list[str]:
    """Every file under ``root`` (MEDIA_ROOT), relative."""
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            found.append(os.path.relpath(os.path.join(folder, name), root))
    return sorted(found)
