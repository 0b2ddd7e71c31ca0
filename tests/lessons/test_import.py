"""The import of a lessons register: the cost import's bad-input cases (encodings,
separators, a bad row, a duplicate import), an .xlsx, English headers, and the pages."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from lessons.models import Category, Language, Lesson, LessonStatus
from lessons.selectors import search
from lessons.services import lesson_import
from pmo_portal.roles import Role
from resources.services.import_files import UploadError, check_upload
from tests.portfolios.factories import (
    BusinessDomainFactory,
    ProjectFactory,
    ProjectTypeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SAMPLE = Path("/work/shared/samples/lessons-register-fr.csv")
if not SAMPLE.exists():  # CI: shared/ sits beside the clone
    SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "lessons-register-fr.csv"
HEADER_FR = (
    "Titre;Contexte;Recommandation;Catégorie;Phase;Domaine;Type de projet;Mots-clés;"
    "Projet source;Date;Langue"
)
ROWS_FR = [
    "Dépassement du budget de licences;Le dossier ne chiffrait que le CAPEX.;"
    "Valider le coût complet.;budget;Cadrage;SI;AGILE;OPEX, licences;PRJ-0042;15/01/2020;fr",
    "Experts métier indisponibles;Les experts restaient à 100 %.;"
    "Contractualiser un temps dédié.;ressources;Conception;FIN;AGILE;ETP;Migration ERP 2020;"
    "02/03/2021;fr",
]
EN_FILE = (
    "Title,Context,What happened,Recommendation,Category,Phase,Domain,Project type,Tags,"
    "Source project,Date,Language,Impact\r\n"
    '"Overrun of the budget spotted late","Costs tracked from invoices only.","Found at '
    'year end.","Reconcile monthly, with finance.",Budget,Réalisation,Systèmes '
    'd\'information,Projet agile,"forecast, variance",Data platform 2022,2022-06-30,en,high\r\n'
)


@pytest.fixture
def pmo():
    return UserFactory(username="pmo_import", roles=[Role.PMO])


@pytest.fixture(autouse=True)
def references():
    for code, name in [
        ("SI", "Systèmes d'information"),
        ("IND", "Industrie et production"),
        ("RH", "Ressources humaines"),
        ("FIN", "Finance et achats"),
        ("COM", "Commercial et marketing"),
    ]:
        BusinessDomainFactory(code=code, name=name)
    for code, name in [
        ("SI-CYCLE-V", "Projet SI (cycle en V)"),
        ("INFRA", "Projet d'infrastructure"),
        ("ORGA", "Projet organisationnel"),
        ("AGILE", "Projet agile"),
    ]:
        ProjectTypeFactory(code=code, name=name)
    ProjectFactory(code="PRJ-0042", name="Outil de consolidation")


def run(data: bytes, user, name: str = "rex.csv") -> lesson_import.Preview:
    return lesson_import.import_lessons(
        data=data, kind=check_upload(name=name, data=data), user=user
    )


def fr_file(*rows: str, separator: str = ";") -> str:
    lines = [HEADER_FR, *rows]
    return "\r\n".join(line.replace(";", separator) for line in lines) + "\r\n"


def test_the_shared_sample(pmo):
    result = run(SAMPLE.read_bytes(), pmo)
    assert len(result.new) == 6
    lessons = {lesson.title: lesson for lesson in Lesson.objects.all()}
    first = lessons["Jeux de données de recette livrés trop tard"]
    assert first.category == Category.PLANNING
    assert first.phase == "Recette"
    assert first.business_domain.code == "SI"
    assert first.project_type.code == "SI-CYCLE-V"
    assert first.tags == "données de test, RGPD, recette"
    assert first.source_project is None
    assert first.source_project_label == "Refonte facturation 2022"
    assert first.date == date(2023, 3, 14)
    assert first.status == LessonStatus.VALIDATED
    assert first.validated_by == pmo
    english = lessons["Penetration test scheduled after go-live"]
    assert (english.language, english.category) == (Language.ENGLISH, Category.SECURITY)
    # A quoted text holding the separator is read whole.
    assert (
        "remplacement a pris six semaines"
        in lessons["Fournisseur unique sur un composant critique"].context
    )
    assert first.history.count() == 1
    assert search(Lesson.objects.all(), "dépassements budgétaires").exists()


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("utf-8-sig", ";"), ("utf-8", ";"), ("cp1252", ";"), ("utf-8", ","), ("cp1252", ",")],
)
def test_encodings_and_separators(pmo, encoding, separator):
    rows = [row if separator == ";" else _quoted(row) for row in ROWS_FR]
    text = fr_file(*rows, separator=separator) if separator == ";" else _comma_file(rows)
    result = run(text.encode(encoding), pmo)
    assert len(result.new) == 2
    lesson = Lesson.objects.get(source_project__code="PRJ-0042")
    assert lesson.title == "Dépassement du budget de licences"
    assert lesson.tags == "OPEX, licences"
    assert Lesson.objects.get(title="Experts métier indisponibles").category == Category.RESOURCES


def _quoted(row: str) -> str:
    return ",".join(f'"{cell}"' for cell in row.split(";"))


def _comma_file(rows: list[str]) -> str:
    return "\r\n".join([HEADER_FR.replace(";", ","), *rows]) + "\r\n"


def test_a_bad_row_saves_nothing(pmo):
    bad = "Sans recommandation;Contexte.;;budget;Cadrage;XYZ;AGILE;;;31/02/2024;de"
    with translation.override("en"), pytest.raises(lesson_import.ImportRejected) as rejected:
        run(fr_file(ROWS_FR[0], bad).encode(), pmo)
    (error,) = rejected.value.preview.errors
    assert error.line == 3
    assert "missing recommendation" in error.reason
    assert "unknown business domain “XYZ”" in error.reason
    assert "the date “31/02/2024” does not exist" in error.reason
    assert "unknown language “de”" in error.reason
    assert Lesson.objects.count() == 0


def test_an_unknown_category_is_other_and_said(pmo):
    row = ROWS_FR[0].replace(";budget;", ";juridique;")
    with translation.override("en"):
        result = lesson_import.preview(fr_file(row).encode(), "csv")
    (only,) = result.rows
    assert only.values["category"] == Category.OTHER
    assert only.notes == ["unknown category “juridique”: Other"]


def test_importing_the_same_file_twice_adds_nothing(pmo):
    data = fr_file(*ROWS_FR).encode()
    run(data, pmo)
    again = run(data, pmo)
    assert (len(again.new), len(again.duplicates)) == (0, 2)
    assert Lesson.objects.count() == 2
    # The same lesson written differently (case, accents, punctuation) is the same lesson.
    variant = fr_file(ROWS_FR[1].replace("Experts métier", "EXPERTS METIER")).encode()
    assert len(run(variant, pmo).duplicates) == 1


def test_the_same_lesson_twice_in_one_file_is_an_error(pmo):
    with translation.override("en"), pytest.raises(lesson_import.ImportRejected) as rejected:
        run(fr_file(ROWS_FR[0], ROWS_FR[0]).encode(), pmo)
    assert rejected.value.preview.errors[0].reason == "the same lesson already appears on line 2"


def test_english_headers_and_an_xlsx(pmo):
    run(EN_FILE.encode(), pmo)
    lesson = Lesson.objects.get()
    assert lesson.what_happened == "Found at year end."
    assert lesson.business_domain.code == "SI"  # by its name
    assert lesson.project_type.code == "AGILE"
    assert (lesson.impact, lesson.language, lesson.date) == ("high", "en", date(2022, 6, 30))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Titre", "Contexte", "Recommandation", "Date", "Langue"])
    sheet.append(["Leçon du classeur", "Ligne 1\nLigne 2", "Faire mieux.", date(2021, 5, 4), None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    run(buffer.getvalue(), pmo, name="rex.xlsx")
    from_xlsx = Lesson.objects.get(title="Leçon du classeur")
    assert from_xlsx.context == "Ligne 1\nLigne 2"
    assert from_xlsx.date == date(2021, 5, 4)
    assert from_xlsx.language == Language.FRENCH  # empty: the language of the headers


def test_missing_columns_and_not_a_spreadsheet():
    with translation.override("en"), pytest.raises(UploadError, match="recommendation"):
        lesson_import.preview(b"Titre;Contexte\nA;B\n", "csv")
    with pytest.raises(UploadError):
        check_upload(name="rex.csv", data=b"PK\x03\x04 not a csv")


def test_an_export_imports_back_as_duplicates(client, pmo):
    run(SAMPLE.read_bytes(), pmo)
    client.force_login(pmo)
    for language in ("fr", "en"):
        response = client.get(reverse("lessons:lesson_export_xlsx"), HTTP_ACCEPT_LANGUAGE=language)
        result = run(response.content, pmo, name="export.xlsx")
        assert (len(result.new), len(result.duplicates), result.errors) == (0, 6, [])


def test_upload_preview_confirm(client, pmo):
    client.force_login(pmo)
    upload = SimpleUploadedFile("rex.csv", SAMPLE.read_bytes(), content_type="text/csv")
    response = client.post(reverse("lessons:lesson_import"), {"file": upload})
    assert response.status_code == 200
    assert len(response.context["result"].new) == 6
    assert Lesson.objects.count() == 0
    staged = response.context["staged"]
    assert client.get(reverse("lessons:lesson_import_preview", args=[staged.pk])).status_code == 200
    confirm = reverse("lessons:lesson_import_confirm", args=[staged.pk])
    assert client.post(confirm).status_code == 302
    assert Lesson.objects.count() == 6
    # A second confirmation (a double click) imports nothing.
    assert client.post(confirm).status_code == 302
    assert Lesson.objects.count() == 6
    # Another PMO does not see this staged file.
    other = UserFactory(username="pmo_other", roles=[Role.PMO])
    client.force_login(other)
    assert client.get(reverse("lessons:lesson_import_preview", args=[staged.pk])).status_code == 404


def test_upload_with_errors_shows_them(client, pmo):
    client.force_login(pmo)
    bad = fr_file("Sans contexte;;Faire.;;;;;;;;fr").encode()
    response = client.post(
        reverse("lessons:lesson_import"),
        {"file": SimpleUploadedFile("rex.csv", bad)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert "Line 2" in page
    assert "missing context" in page
    assert (
        reverse("lessons:lesson_import_confirm", args=[response.context["staged"].pk]) not in page
    )
