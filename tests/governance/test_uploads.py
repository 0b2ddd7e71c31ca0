"""Uploads checked like an attacker sent them (issue 11, done-when 2): each bad file gets a
clear message and nothing is stored (no row, no file in MEDIA_ROOT)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from governance import uploads
from governance.models import Deliverable, TemplateVersion
from governance.services import library as library_services
from governance.uploads import UploadRefused, check_upload, display_name
from tests.governance.factories import DocumentTemplateFactory, docx_bytes
from tests.governance.files import (
    executable_bytes,
    odt_bytes,
    pdf_bytes,
    small_xlsx_bytes,
    stored_files,
    traversal_docx_bytes,
    xlsx_bomb_bytes,
    zip_bytes,
)


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read English messages."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _refused(name: str, data: bytes) -> str:
    with pytest.raises(UploadRefused) as refused:
        check_upload(name=name, data=data)
    return refused.value.message


# --- The check itself -----------------------------------------------------------------------


def test_each_accepted_format_is_recognised_by_its_content():
    assert check_upload(name="note.docx", data=docx_bytes("x")).format == "docx"
    assert check_upload(name="budget.xlsx", data=small_xlsx_bytes()).format == "xlsx"
    assert check_upload(name="texte.odt", data=odt_bytes()).format == "odt"
    checked = check_upload(name="pv.pdf", data=pdf_bytes())
    assert (checked.format, checked.content_type) == ("pdf", "application/pdf")


def test_an_executable_renamed_docx_is_refused():
    message = _refused("note de lancement.docx", executable_bytes())
    assert "not a document of an accepted kind" in message
    assert "note de lancement.docx" in message


def test_the_extension_must_agree_with_the_content():
    message = _refused("rapport.docx", pdf_bytes())
    assert "its content is a .pdf document" in message


def test_a_zip_that_is_no_office_document_is_refused():
    assert "not a document of an accepted kind" in _refused(
        "archive.docx", zip_bytes([("readme.txt", b"hello")])
    )


def test_a_zip_bomb_xlsx_is_refused_before_extraction():
    message = _refused("budget.xlsx", xlsx_bomb_bytes(60))
    assert "Once unzipped, this document takes 60 MB" in message
    assert "50 MB" in message


def test_an_oversized_file_is_refused():
    data = b"%PDF-1.4\n" + b"0" * (uploads.MAX_UPLOAD_BYTES + 1)
    assert "too large" in _refused("gros.pdf", data)


def test_a_member_whose_name_leaves_the_archive_is_refused():
    message = _refused("note.docx", traversal_docx_bytes("../../../etc/cron.d/evil"))
    assert "../../../etc/cron.d/evil" in message
    assert "leaves the archive" in message
    assert "leaves the archive" in _refused("note.docx", traversal_docx_bytes("/etc/passwd"))
    assert "leaves the archive" in _refused("note.docx", traversal_docx_bytes("C:\\x.txt"))


def test_an_upload_name_with_folders_is_refused():
    message = _refused("../../settings.docx", docx_bytes("x"))
    assert "without folders" in message


def test_a_garbled_archive_is_refused():
    data = bytearray(docx_bytes("Un texte assez long " * 200))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    # Flip bytes inside the compressed document: the checksum no longer matches.
    start = info.header_offset + 30 + len(info.filename) + 10
    for offset in range(start, start + 20):
        data[offset] ^= 0xFF
    assert "damaged or garbled" in _refused("note.docx", bytes(data))


def test_an_encrypted_archive_is_refused():
    data = bytearray(small_xlsx_bytes())
    # Set the "encrypted" flag of every member in the central directory.
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        data[position + 8] |= 0x1
        position = data.find(b"PK\x01\x02", position + 4)
    assert "encrypted" in _refused("budget.xlsx", bytes(data))


def test_the_display_name_is_a_plain_basename():
    assert display_name("C:\\Users\\x\\Note\x07 de lancement.docx") == "Note de lancement.docx"
    long = display_name("a" * 300 + ".docx")
    assert len(long) == uploads.DISPLAY_NAME_LENGTH
    assert long.endswith(".docx")


# --- Through the pages: nothing stored --------------------------------------------------------

BAD_FILES = {
    "executable": ("outil.docx", executable_bytes(), "not a document of an accepted kind"),
    "zip bomb": ("budget.xlsx", xlsx_bomb_bytes(60), "Once unzipped"),
    "oversized": ("gros.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "too large"),
    "traversal member": ("note.docx", traversal_docx_bytes(), "leaves the archive"),
    "unknown placeholder": (
        "note.docx",
        docx_bytes("Projet {{ project_name }} — {{ mot_de_passe_admin }}"),
        "mot_de_passe_admin",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_template_file_is_refused_with_nothing_stored(client_for, world, settings, case):
    name, data, expected = BAD_FILES[case]
    template = DocumentTemplateFactory()
    response = client_for("pmo").post(
        reverse("governance:version_upload", args=[template.pk]),
        {"file": SimpleUploadedFile(name, data), "bump": "minor", "change_note": ""},
    )
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert "The file was not stored" in response.content.decode()
    assert TemplateVersion.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []


def test_the_unknown_placeholder_message_lists_the_known_ones(world):
    template = DocumentTemplateFactory()
    with pytest.raises(UploadRefused) as refused:
        library_services.upload_version(
            template=template,
            user=world.users["pmo"],
            name="note.docx",
            data=docx_bytes("{{ project_nam }}"),
            bump="major",
        )
    assert "no one provides: project_nam." in refused.value.message
    assert "project_name" in refused.value.message.split("Known placeholders:")[1]
    assert TemplateVersion.objects.count() == 0


def test_a_bad_deliverable_file_is_refused_with_nothing_stored(client_for, world, settings):
    from tests.governance.test_library import lifecycle_of

    requirement = lifecycle_of(world.project_a)
    response = client_for("pm").post(
        reverse("governance:deliverable_upload", args=[world.project_a.pk, requirement.pk]),
        {"file": SimpleUploadedFile("livrable.docx", executable_bytes()), "version": "0"},
    )
    assert response.status_code == 200
    assert "not a document of an accepted kind" in response.content.decode()
    assert not Deliverable.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_an_upload_name_with_folders_keeps_only_its_basename(client_for, world, settings):
    """Browsers send a bare name; a crafted request's path is cut by Django's parser, and the
    file is stored under a random name in MEDIA_ROOT."""
    template = DocumentTemplateFactory()
    client_for("pmo").post(
        reverse("governance:version_upload", args=[template.pk]),
        {"file": SimpleUploadedFile("../../../evil.docx", docx_bytes("x")), "bump": "major"},
    )
    version = TemplateVersion.objects.get()
    assert version.original_name == "evil.docx"
    [stored] = stored_files(settings.MEDIA_ROOT)
    assert stored.startswith("governance/templates/")
    assert "evil" not in stored
