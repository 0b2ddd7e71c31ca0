"""Import of allocations and capacity from CSV/Excel: preview saves nothing, one bad line
saves nothing, a good file becomes requests (allocations) or availability (capacity)."""

import io
from decimal import Decimal

import html5lib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from resources.models import Allocation, AllocationStatus, Availability
from resources.selectors.capacity import months_ahead
from tests.resources.factories_capacity import ResourceFactory, TeamFactory

pytestmark = pytest.mark.django_db
IMPORT = reverse("resources:capacity_import")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def alice(world):
    team = TeamFactory(name="Data", manager=world.users["resource_manager"])
    return ResourceFactory(name="Alice Martin", team=team)


def upload(text: str, name="allocations.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_preview_then_import_allocations(client_for, world, alice):
    m0, m1 = months_ahead()[:2]
    text = (
        "Projet;Ressource;Mois;ETP\n"
        f"PRJ-A;Alice Martin;{m0:%m/%Y};0,5\n"
        f"PRJ-A;Alice Martin;{m1:%Y-%m};1\n"
    )
    client = client_for("pm")
    preview = client.post(
        IMPORT, {"what": "allocations", "file": upload(text), "action": "preview"}
    )
    assert preview.status_code == 200
    assert not preview.context["result"].errors
    assert not Allocation.objects.exists()
    response = client.post(
        IMPORT, {"what": "allocations", "file": upload(text, encoding="cp1252"), "action": "import"}
    )
    assert response.status_code == 302
    allocations = Allocation.objects.order_by("month")
    assert [a.fte for a in allocations] == [Decimal("0.50"), Decimal("1.00")]
    assert {a.status for a in allocations} == {AllocationStatus.REQUESTED}


def test_one_bad_line_saves_nothing_and_says_why(client_for, world, alice):
    m0 = months_ahead()[0]
    text = (
        "project,resource,month,fte\n"
        f"PRJ-A,Alice Martin,{m0:%Y-%m},0.5\n"
        f"PRJ-B,Alice Martin,{m0:%Y-%m},0.5\n"  # not the PM's project
        f"PRJ-A,Bob Inconnu,{m0:%Y-%m},0.5\n"
        f"PRJ-A,Alice Martin,13/2026,12\n"
    )
    response = client_for("pm").post(
        IMPORT, {"what": "allocations", "file": upload(text), "action": "import"}
    )
    assert response.status_code == 200
    errors = {row.line: row.errors for row in response.context["result"].errors}
    assert set(errors) == {3, 4, 5}
    assert len(errors[5]) == 2
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(response.content)
    assert not Allocation.objects.exists()


def test_capacity_from_excel_for_the_resource_manager_only(client_for, world, alice):
    m2 = months_ahead()[2]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Ressource", "Mois", "ETP"])
    sheet.append(["Alice Martin", m2, 0.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = {"what": "capacity", "action": "import"}
    name = "capacite.xlsx"
    pm = client_for("pm").post(
        IMPORT, {**data, "file": SimpleUploadedFile(name, buffer.getvalue())}
    )
    assert pm.status_code == 200
    assert not Availability.objects.exists()
    response = client_for("resource_manager").post(
        IMPORT, {**data, "file": SimpleUploadedFile(name, buffer.getvalue())}
    )
    assert response.status_code == 302
    assert Availability.objects.get(resource=alice, month=m2).fte == Decimal("0.50")


def test_missing_columns_are_reported(client_for, world):
    response = client_for("pmo").post(
        IMPORT, {"what": "allocations", "file": upload("a;b\n1;2\n"), "action": "preview"}
    )
    assert "Missing columns" in response.content.decode()
