"""Import of an existing lessons register (CSV or .xlsx), as PMOs keep it in a spreadsheet.

Same behaviour as the actual-cost import (resources/services/cost_import.py), whose generic
machinery it reuses: the upload checks and the row reader of resources/services/
import_files.py (size, content, zip bombs, UTF-8 with or without BOM / UTF-16 / Windows-1252,
``;`` ``,`` or tab separators), the staged file of resources/services/staging.py, the preview
pages. What is read (see shared/samples/README.md):

* columns found by their header name, French or English, case-, accent- and
  punctuation-insensitive, in any order: Titre/Title, Contexte/Context,
  Recommandation/Recommendation (required), Ce qui s'est passé/What happened,
  Catégorie/Category, Phase, Domaine/Domain, Type de projet/Project type, Mots-clés/Tags,
  Projet source/Source project, Date, Langue/Language, Impact; other columns are ignored;
* category by its French or English label; an unknown one gives "Other" (the preview says so);
* domain and project type by the portal's code or name: an unknown one is an error;
* source project: a portal project's code links the lesson to it; anything else is kept as
  the name of a past project;
* language ``fr``/``en`` (also français/anglais, French/English); when empty, the language of
  the headers;
* dates ``dd/mm/yyyy`` or ``yyyy-mm-dd``, optional.

A lesson already in the register (same title, source project and date, compared without
case, accents or punctuation: ``Lesson.fingerprint``) is reported and skipped, so importing the
same file twice adds nothing. Two identical lessons in one file are an error. Any error in any
row: nothing is saved. Imported lessons are validated by the importer (the PMO, whose register
it is).
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from lessons.models import Category, Impact, Language, Lesson, LessonStatus
from lessons.services.register import fingerprint, normalise_tags, refresh_search_vectors
from portfolios.models import BusinessDomain, Project, ProjectType
from resources.import_limits import STAGED_IMPORT_MAX_AGE  # noqa: F401 - said on the pages
from resources.models import ImportKind, StagedImport
from resources.services.cost_import import NoSuchDate, normalise, parse_date
from resources.services.import_files import UploadError, iter_rows
from resources.services.import_rows import ImportPreview, ImportRow
from resources.services.staging import stage_import

# The kind of the StagedImport rows of this import.
STAGED_KIND = ImportKind.LESSONS

FRENCH_COLUMNS = {
    "title": ["titre", "intitule", "lecon", "lecon apprise"],
    "context": ["contexte"],
    "what_happened": ["ce qui s est passe", "faits", "constat", "deroulement"],
    "recommendation": ["recommandation", "recommandations", "action recommandee"],
    "category": ["categorie", "theme"],
    "phase": ["phase", "etape"],
    "domain": ["domaine", "domaine d activite", "domaine metier"],
    "project_type": ["type de projet", "type"],
    "tags": ["mots cles", "mot cle", "mots clefs", "etiquettes"],
    "source": ["projet source", "projet", "projet d origine"],
    "date": ["date", "date de la lecon"],
    "language": ["langue"],
    "impact": ["impact", "importance"],
}
ENGLISH_COLUMNS = {
    "title": ["title", "lesson", "lesson learned"],
    "context": ["context", "background"],
    "what_happened": ["what happened", "facts", "observation"],
    "recommendation": ["recommendation", "recommendations", "recommended action"],
    "category": ["category", "theme"],
    "phase": ["phase", "stage"],
    "domain": ["domain", "business domain"],
    "project_type": ["project type", "type"],
    "tags": ["tags", "keywords", "key words"],
    "source": ["source project", "project", "originating project"],
    "date": ["date"],
    "language": ["language", "lang"],
    "impact": ["impact", "severity"],
}
HEADER_TO_FIELD = {
    synonym: name
    for columns in (FRENCH_COLUMNS, ENGLISH_COLUMNS)
    for name, synonyms in columns.items()
    for synonym in synonyms
}
FRENCH_HEADERS = {synonym for synonyms in FRENCH_COLUMNS.values() for synonym in synonyms}
ENGLISH_HEADERS = {synonym for synonyms in ENGLISH_COLUMNS.values() for synonym in synonyms}
REQUIRED = ("title", "context", "recommendation")

CATEGORIES = {
    "planification": Category.PLANNING,
    "planning": Category.PLANNING,
    "delais": Category.PLANNING,
    "fournisseurs": Category.SUPPLIERS,
    "fournisseur": Category.SUPPLIERS,
    "achats": Category.SUPPLIERS,
    "suppliers": Category.SUPPLIERS,
    "supplier": Category.SUPPLIERS,
    "procurement": Category.SUPPLIERS,
    "conduite du changement": Category.CHANGE_MANAGEMENT,
    "change management": Category.CHANGE_MANAGEMENT,
    "technique": Category.TECHNICAL,
    "technical": Category.TECHNICAL,
    "securite": Category.SECURITY,
    "security": Category.SECURITY,
    "gouvernance": Category.GOVERNANCE,
    "governance": Category.GOVERNANCE,
    "ressources": Category.RESOURCES,
    "resources": Category.RESOURCES,
    "budget": Category.BUDGET,
    "couts": Category.BUDGET,
    "costs": Category.BUDGET,
    "qualite": Category.QUALITY,
    "quality": Category.QUALITY,
    "communication": Category.COMMUNICATION,
    "autre": Category.OTHER,
    "other": Category.OTHER,
}
LANGUAGES = {
    "fr": Language.FRENCH,
    "francais": Language.FRENCH,
    "french": Language.FRENCH,
    "en": Language.ENGLISH,
    "anglais": Language.ENGLISH,
    "english": Language.ENGLISH,
}
IMPACTS = {
    "faible": Impact.LOW,
    "low": Impact.LOW,
    "moyen": Impact.MEDIUM,
    "moyenne": Impact.MEDIUM,
    "medium": Impact.MEDIUM,
    "eleve": Impact.HIGH,
    "elevee": Impact.HIGH,
    "fort": Impact.HIGH,
    "forte": Impact.HIGH,
    "high": Impact.HIGH,
}
LIMITS = {"title": 200, "phase": 100, "tags": 500, "source": 200}


class ImportRejected(Exception):
    """Some rows have errors: nothing was saved."""

    def __init__(self, preview: Preview):
        super().__init__("rows with errors")
        self.preview = preview


# The rows of the preview: resources' shared ones (resources/services/import_rows.py).
Row, Preview = ImportRow, ImportPreview


def stage_register(*, owner, name: str, file_format: str, data: bytes) -> StagedImport:
    """Keep the checked file until its owner confirms it (resources' StagedImport, of kind
    ``lessons``): one staged register per owner."""
    return stage_import(
        owner=owner, kind=STAGED_KIND, name=name, file_format=file_format, data=data
    )


# --- Reading --------------------------------------------------------------------------------


def _cell(value, *, multiline: bool = False) -> str:
    """A cell as text: control characters become spaces (line breaks kept in long texts)."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    kept = "\n" if multiline else ""
    text = "".join(ch if ch in kept or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    if multiline:
        return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()
    return " ".join(text.split())


def _columns(header: list) -> tuple[dict[str, int], str]:
    columns: dict[str, int] = {}
    french = english = 0
    for index, title in enumerate(header):
        key = normalise(title)
        name = HEADER_TO_FIELD.get(key)
        if name and name not in columns:
            columns[name] = index
            french += key in FRENCH_HEADERS
            english += key in ENGLISH_HEADERS
    return columns, Language.FRENCH if french >= english else Language.ENGLISH


def parse(data: bytes, kind: str) -> list[Row]:
    """Rows of the file with their values or their errors (no database access)."""
    lines = iter_rows(data, kind)
    header = next((cells for cells in lines if any(str(cell).strip() for cell in cells)), None)
    if header is None:
        raise UploadError(_("The file has no header line."))
    columns, header_language = _columns(header)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        labels = {
            "title": _("title (Titre)"),
            "context": _("context (Contexte)"),
            "recommendation": _("recommendation (Recommandation)"),
        }
        raise UploadError(
            _("Columns not found in the header line: %(columns)s.")
            % {"columns": ", ".join(str(labels[name]) for name in missing)}
        )
    rows = []
    for line, cells in enumerate(lines, start=2):
        if not any(str(cell).strip() for cell in cells):
            continue
        raw = {
            name: (cells[index] if index < len(cells) else "") for name, index in columns.items()
        }
        row = Row(line=line)
        _read_row(row, raw, default_language=header_language)
        rows.append(row)
    return rows


def _choice(row: Row, raw: dict, name: str, mapping: dict, default, unknown_message):
    text = _cell(raw.get(name))
    if not text:
        return default
    value = mapping.get(normalise(text))
    if value is None:
        row.errors.append(unknown_message % {"value": text})
    return value


def _read_row(row: Row, raw: dict, *, default_language: str) -> None:
    values = row.values
    values["title"] = _cell(raw.get("title"))
    values["context"] = _cell(raw.get("context"), multiline=True)
    values["what_happened"] = _cell(raw.get("what_happened"), multiline=True)
    values["recommendation"] = _cell(raw.get("recommendation"), multiline=True)
    values["phase"] = _cell(raw.get("phase"))
    values["tags"] = normalise_tags(_cell(raw.get("tags")))
    values["source"] = _cell(raw.get("source"))
    values["domain"] = _cell(raw.get("domain"))
    values["project_type"] = _cell(raw.get("project_type"))
    for name, label in (
        ("title", _("missing title")),
        ("context", _("missing context")),
        ("recommendation", _("missing recommendation")),
    ):
        if not values[name]:
            row.errors.append(label)
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            row.errors.append(
                _("%(column)s longer than %(limit)s characters") % {"column": name, "limit": limit}
            )
    category_text = _cell(raw.get("category"))
    values["category"] = CATEGORIES.get(normalise(category_text), Category.OTHER)
    if category_text and normalise(category_text) not in CATEGORIES:
        row.notes.append(_("unknown category “%(value)s”: Other") % {"value": category_text})
    values["language"] = _choice(
        row,
        raw,
        "language",
        LANGUAGES,
        default_language,
        _("unknown language “%(value)s” (expected fr or en)"),
    )
    values["impact"] = _choice(
        row,
        raw,
        "impact",
        IMPACTS,
        Impact.MEDIUM,
        _("unknown impact “%(value)s” (expected low, medium or high)"),
    )
    values["date"] = None
    date_text = raw.get("date")
    if str(date_text or "").strip():
        try:
            values["date"] = parse_date(date_text)
        except NoSuchDate:
            row.errors.append(
                _("the date “%(value)s” does not exist") % {"value": _cell(date_text)}
            )
        except ValueError:
            row.errors.append(
                _("bad date “%(value)s” (expected dd/mm/yyyy)") % {"value": _cell(date_text)}
            )
    if row.errors:
        row.status = "error"


def _references(model) -> dict[str, object]:
    """Code and name of every row of ``model``, normalised, to the row (one query)."""
    found = {}
    for item in model.objects.all():
        found.setdefault(normalise(item.code), item)
        found.setdefault(normalise(item.name), item)
    return found


def preview(data: bytes, kind: str) -> Preview:
    """Parse ``data`` and check it against the database: domains and types exist, lessons are
    new. Four queries whatever the number of rows."""
    rows = parse(data, kind)
    domains = _references(BusinessDomain)
    types = _references(ProjectType)
    codes = {row.values["source"].upper() for row in rows} - {""}
    projects = {project.code: project for project in Project.objects.filter(code__in=codes)}
    for row in rows:
        values = row.values
        values["business_domain"] = values["project_type_obj"] = None
        if values["domain"]:
            values["business_domain"] = domains.get(normalise(values["domain"]))
            if values["business_domain"] is None:
                row.errors.append(
                    _("unknown business domain “%(value)s”") % {"value": values["domain"]}
                )
        if values["project_type"]:
            values["project_type_obj"] = types.get(normalise(values["project_type"]))
            if values["project_type_obj"] is None:
                row.errors.append(
                    _("unknown project type “%(value)s”") % {"value": values["project_type"]}
                )
        values["source_project"] = projects.get(values["source"].upper())
        source = values["source_project"].code if values["source_project"] else values["source"]
        values["fingerprint"] = fingerprint(
            title=values["title"], source=source, date=values["date"]
        )
        if not row.errors:
            try:  # the model's own rules (lengths, characters), without a query
                _lesson(row, user=None, now=timezone.now())
            except ValidationError as error:
                row.errors.extend(error.messages)
    known = set(
        Lesson.objects.filter(
            fingerprint__in={row.values["fingerprint"] for row in rows}
        ).values_list("fingerprint", flat=True)
    )
    seen: dict[str, int] = {}
    for row in rows:
        key = row.values["fingerprint"]
        if key in seen:
            row.errors.append(
                _("the same lesson already appears on line %(line)s") % {"line": seen[key]}
            )
        else:
            seen[key] = row.line
        if row.errors:
            row.status = "error"
        elif key in known:
            row.status = "duplicate"
    return Preview(rows=rows)


def _lesson(row: Row, *, user, now) -> Lesson:
    values = row.values
    lesson = Lesson(
        title=values["title"],
        context=values["context"],
        what_happened=values["what_happened"],
        recommendation=values["recommendation"],
        category=values["category"],
        phase=values["phase"],
        business_domain=values["business_domain"],
        project_type=values["project_type_obj"],
        tags=values["tags"],
        impact=values["impact"],
        source_project=values["source_project"],
        source_project_label="" if values["source_project"] else values["source"],
        date=values["date"],
        language=values["language"],
        status=LessonStatus.VALIDATED,
        validated_by=user,
        validated_at=now,
        created_by=user,
        fingerprint=values["fingerprint"],
    )
    # The references were read in preview(); a query per row would make a long file slow.
    lesson.full_clean(
        exclude=["business_domain", "project_type", "source_project", "created_by", "validated_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    return lesson


@transaction.atomic
def import_lessons(*, data: bytes, kind: str, user) -> Preview:
    """Import every new row of the file, validated by ``user``, or nothing (ImportRejected)
    when a row has an error. Lessons already in the register are skipped."""
    result = preview(data, kind)
    if result.errors:
        raise ImportRejected(result)
    now = timezone.now()
    lessons = [_lesson(row, user=user, now=now) for row in result.new]
    created = bulk_create_with_history(lessons, Lesson, batch_size=500, default_user=user)
    refresh_search_vectors(lesson.pk for lesson in created)
    return result
