"""Import bombs and big files (issue 10 item 5): limits said on the page and enforced before
reading, files read line by line, the preview shown one page at a time, the previewed file
kept in a row of its owner (not in the session), confirmed once and by its owner only."""

import io
import json
import tracemalloc
import zipfile

import html5lib
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from resources.models import ActualCost, Allocation, StagedImport
from resources.selectors.capacity import months_ahead
from resources.services import import_files, staging
from resources.tasks import purge_staged_imports
from tests.portfolios.factories import ProjectFactory
from tests.resources.factories_capacity import ResourceFactory, TeamFactory

COSTS = reverse("resources:cost_import")
CAPACITY = reverse("resources:capacity_import")
HEADER = "Date comptable;N° pièce;Élément d'OTP;Montant\n"
TOO_MANY_ROWS = "The file has more than 10,000 rows: split it into several files."


def cost_csv(rows: int, *, code: str = "PRJ-0007") -> bytes:
    lines = (f"01/02/2026;R{number:06d};{code};{number % 997},50\n" for number in range(rows))
    return (HEADER + "".join(lines)).encode("utf-8")


def _xml_cell(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def workbook_bomb(rows: int = 200_000) -> bytes:
    """A real workbook whose sheet holds ``rows`` identical lines: a few hundred KB zipped,
    tens of MB unzipped (the file of the report took 21 s and 543 MB to preview)."""
    header = "".join(_xml_cell(title) for title in HEADER.strip().split(";"))
    line = "".join(
        _xml_cell(text)
        for text in ("01/02/2026", "4500000001", "PRJ-0007", "31 524,11", "Facture lot 1")
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData><row>{header}</row>{f'<row>{line}</row>' * rows}</sheetData></worksheet>"
    )
    return _with_sheet(sheet)


def _with_sheet(sheet_xml: str) -> bytes:
    """A workbook saved by openpyxl whose first sheet is replaced by ``sheet_xml``."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode("utf-8")
            archive.writestr(member.filename, data)
    return output.getvalue()


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def peak_memory(call):
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture
def project(db):
    return ProjectFactory(code="PRJ-0007")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Limits ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [COSTS, CAPACITY])
def test_the_upload_pages_say_the_limits(client_for, world, url):
    content = client_for("pmo").get(url).content.decode()

    assert "5 MB per file" in content
    assert "40 MB once unzipped for an Excel workbook" in content
    assert "10,000 rows" in content


@pytest.mark.parametrize(("url", "role"), [(COSTS, "finance"), (CAPACITY, "pm")])
def test_a_workbook_bomb_is_refused_before_it_is_opened(
    client_for, world, project, monkeypatch, url, role
):
    bomb = workbook_bomb()
    assert len(bomb) < 300 * 1024  # small enough to pass the upload limit by far

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    client = client_for(role)
    response, peak = peak_memory(
        lambda: client.post(
            url, {"file": upload(bomb, "export.xlsx"), "what": "allocations", "action": "preview"}
        )
    )

    assert response.status_code == 200
    assert "Once unzipped, this workbook takes" in response.content.decode()
    assert peak < 20 * 1024 * 1024  # measured about 3 MB
    assert StagedImport.objects.count() == 0
    assert ActualCost.objects.count() == 0
    assert Allocation.objects.count() == 0


def test_a_workbook_declaring_a_million_rows_is_refused_after_100_000_lines(project):
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:XFD1048576"/><sheetData>'
        f'<row r="1">{_xml_cell("Date")}</row>'
        f'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    data = _with_sheet(sheet)
    kind = import_files.check_upload(name="export.xlsx", data=data)

    with pytest.raises(import_files.UploadError, match="more than 100,000 lines"):
        import_files.read_table(data, kind)


def test_a_zip_of_thousands_of_members_is_no_workbook():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for number in range(1500):
            archive.writestr(f"x/{number}", "")

    with pytest.raises(import_files.UploadError, match="not an Excel workbook"):
        import_files.check_upload(name="export.xlsx", data=output.getvalue())


@pytest.mark.parametrize(("url", "role"), [(COSTS, "pmo"), (CAPACITY, "pm")])
def test_a_csv_of_100_000_rows_is_refused_by_the_row_limit(client_for, world, project, url, role):
    data = cost_csv(100_000) if url == COSTS else allocations_csv(100_000)
    assert len(data) < import_files.MAX_UPLOAD_BYTES

    response = client_for(role).post(
        url, {"file": upload(data, "export.csv"), "what": "allocations", "action": "preview"}
    )

    assert response.status_code == 200
    assert TOO_MANY_ROWS in response.content.decode()
    assert StagedImport.objects.count() == 0


def test_the_row_limit_counts_rows_not_blank_lines(settings, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_ROWS", 3)
    at_the_cap = HEADER + "\n\n" + "01/02/2026;R1;PRJ-0007;1\n" * 3 + "\n"

    assert len(import_files.read_table(at_the_cap.encode(), "csv")) == 7
    with pytest.raises(import_files.UploadError, match="more than 3 rows"):
        import_files.read_table((at_the_cap + "01/02/2026;R1;PRJ-0007;1\n").encode(), "csv")


# --- A file at the limit: paginated preview, confirmed once --------------------------------


def test_a_file_at_the_limit_is_previewed_page_by_page_and_imported_once(
    client_for, world, project
):
    client = client_for("finance")

    response = client.post(COSTS, {"file": upload(cost_csv(10_000), "export.csv")})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Import 10,000 costs" in content
    assert len(response.content) < 300 * 1024  # the whole file would be about 6 MB of HTML
    assert "R000049" in content  # file line 51: the 50th row
    assert "R000050" not in content
    staged = response.context["staged"]
    preview = reverse("resources:cost_import_preview", args=[staged.pk])
    assert f"{preview}?page=2" in content

    page_2 = client.get(preview, {"page": 2}).content.decode()

    assert "R000049" not in page_2
    assert "R000050" in page_2  # rows 51 to 100
    assert "R000099" in page_2
    assert "R000100" not in page_2
    assert ActualCost.objects.count() == 0

    confirm = reverse("resources:cost_import_confirm", args=[staged.pk])
    client.post(confirm)
    again = client.post(confirm, follow=True)

    assert ActualCost.objects.count() == 10_000
    assert "This file was already imported." in again.content.decode()


def test_errors_are_counted_listed_by_line_and_filtered(client_for, world, project):
    text = cost_csv(120).decode().replace(";PRJ-0007;", ";PRJ-9999;")
    client = client_for("pmo")

    response = client.post(COSTS, {"file": upload(text.encode(), "export.csv")})

    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(response.content)
    content = response.content.decode()
    assert "120 errors" in content
    assert "Line 2 : unknown project code PRJ-9999" in content
    assert "Line 21 :" in content
    assert "Line 22 :" not in content.split("<table")[0]  # 20 listed above the table
    assert "And 100 more lines with errors" in content
    staged = response.context["staged"]
    errors_only = client.get(
        reverse("resources:cost_import_preview", args=[staged.pk]), {"errors": 1, "page": 3}
    )
    assert [row.line for row in errors_only.context["rows_page"]] == list(range(102, 122))


def test_the_session_holds_no_file(client_for, world, project):
    client = client_for("finance")
    data = cost_csv(200)

    client.post(COSTS, {"file": upload(data, "export.csv")})

    session = json.dumps(dict(client.session.items()), default=str)
    assert len(session) < 1000
    assert bytes(StagedImport.objects.get().content) == data


def test_preview_pages_take_a_constant_number_of_queries(
    client_for, world, project, django_assert_max_num_queries
):
    client = client_for("finance")
    for size in (20, 400):
        staged = client.post(COSTS, {"file": upload(cost_csv(size), "export.csv")}).context[
            "staged"
        ]
        with django_assert_max_num_queries(6):
            client.get(reverse("resources:cost_import_preview", args=[staged.pk]), {"page": 2})


# --- Owner only, purged after a day ---------------------------------------------------------


def test_only_the_owner_sees_or_confirms_a_staged_file(world, project):
    owner = signed_in(world.users["pmo"])
    staged = owner.post(COSTS, {"file": upload(cost_csv(3), "export.csv")}).context["staged"]
    other = signed_in(world.users["finance"])  # may import costs, but not this file

    preview = other.get(reverse("resources:cost_import_preview", args=[staged.pk]))
    confirm = other.post(reverse("resources:cost_import_confirm", args=[staged.pk]))

    assert (preview.status_code, confirm.status_code) == (404, 404)
    assert ActualCost.objects.count() == 0


def test_staged_files_are_purged_after_a_day(world, project):
    client = signed_in(world.users["pmo"])
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False):
        old = client.post(COSTS, {"file": upload(cost_csv(3), "export.csv")}).context["staged"]
        staging.stage_import(
            owner=world.users["finance"], kind="costs", name="a.csv", file_format="csv", data=b"x"
        )
    with time_machine.travel("2026-03-03 08:00 +0100", tick=False):
        assert purge_staged_imports() == 0
    with time_machine.travel("2026-03-03 09:30 +0100", tick=False):
        assert purge_staged_imports() == 2
        assert purge_staged_imports() == 0
        assert not StagedImport.objects.filter(pk=old.pk).exists()


def test_a_new_upload_replaces_the_previous_one(client_for, world, project):
    client = client_for("pmo")
    first = client.post(COSTS, {"file": upload(cost_csv(3), "a.csv")}).context["staged"]
    client.post(COSTS, {"file": upload(cost_csv(4), "b.csv")})

    assert list(StagedImport.objects.values_list("name", flat=True)) == ["b.csv"]
    assert client.post(reverse("resources:cost_import_confirm", args=[first.pk])).status_code == 404


# --- Allocations and capacity ---------------------------------------------------------------


@pytest.fixture
def alice(world):
    team = TeamFactory(name="Data", manager=world.users["resource_manager"])
    return ResourceFactory(name="Alice Martin", team=team)


def allocations_csv(rows: int) -> bytes:
    months = months_ahead()
    lines = [
        f"PRJ-A;Alice Martin;{months[number % len(months)]:%Y-%m};0,{number % 9 + 1}\n"
        for number in range(rows)
    ]
    return ("Projet;Ressource;Mois;ETP\n" + "".join(lines)).encode("utf-8")


def test_capacity_preview_is_paginated_and_confirmed_once(client_for, world, alice):
    client = client_for("pm")
    data = allocations_csv(len(months_ahead()))

    response = client.post(
        CAPACITY, {"file": upload(data, "a.csv"), "what": "allocations", "action": "preview"}
    )

    staged = response.context["staged"]
    assert response.context["page_obj"].paginator.count == len(months_ahead())
    confirm = reverse("resources:capacity_import_confirm", args=[staged.pk])
    assert confirm in response.content.decode()
    client.post(confirm)
    again = client.post(confirm, follow=True)

    assert Allocation.objects.count() == len(months_ahead())
    assert "This file was already imported." in again.content.decode()
    assert Client().post(confirm).status_code == 302  # anonymous: to the sign-in page


def test_capacity_preview_page_2_and_its_queries(
    client_for, world, alice, django_assert_max_num_queries
):
    client = client_for("pm")
    for size in (60, 600):
        data = allocations_csv(size)
        staged = client.post(
            CAPACITY, {"file": upload(data, "a.csv"), "what": "allocations", "action": "preview"}
        ).context["staged"]
        with django_assert_max_num_queries(9):
            page = client.get(
                reverse("resources:capacity_import_preview", args=[staged.pk]), {"page": 2}
            )
        assert [row.line for row in page.context["rows_page"]][:2] == [52, 53]
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page.content)


def test_someone_elses_capacity_file_is_not_found(world, alice):
    owner = signed_in(world.users["pm"])
    staged = owner.post(
        CAPACITY,
        {"file": upload(allocations_csv(2), "a.csv"), "what": "allocations", "action": "preview"},
    ).context["staged"]
    other = signed_in(world.users["pmo"])

    preview = other.get(reverse("resources:capacity_import_preview", args=[staged.pk]))
    confirm = other.post(reverse("resources:capacity_import_confirm", args=[staged.pk]))

    assert (preview.status_code, confirm.status_code) == (404, 404)
    assert Allocation.objects.count() == 0
