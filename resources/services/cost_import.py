"""Import of actual costs from a finance export (CSV or .xlsx).

What is read (see shared/samples/README.md):

* encoding: UTF-8 with or without a byte-order mark, UTF-16 with a BOM, else Windows-1252;
* separator: ``;``, ``,`` or tab, the one found most often in the header line;
* columns found by their header name, case-, accent- and punctuation-insensitive, with
  French and English synonyms (``N° pièce`` → reference, ``Élément d'OTP`` → project code…);
  columns not recognised (cost centre…) are ignored, in any order;
* amounts with a decimal comma or point (decided once for the file from its amounts), thousands
  grouped by a space, a no-break space, a narrow no-break space, or the other of ``.``/``,``;
  negative amounts (credit notes) with a leading or trailing minus sign;
* dates ``dd/mm/yyyy`` (also ``dd.mm.yyyy``, ``dd-mm-yyyy``) or ISO ``yyyy-mm-dd``;
* a total line (first cell starting with "Total", or neither reference nor project) and blank
  lines are ignored.

Nature: the ``Nature`` column (CAPEX/OPEX, also "investissement"/"fonctionnement"); without
that column every cost is OPEX (the common case of a run-budget export); an unreadable value is
an error since it decides which budget is consumed. Category: the ``Catégorie`` column mapped to
CostCategory (French and English labels); a missing column, an empty or an unknown label gives
"Other" — the preview shows the category each row gets.

A reference already in the database is reported as already imported and skipped, so
importing the same file twice creates nothing new. Any error in any row → nothing is saved.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from portfolios.models import Project
from portfolios.services.rollups import refresh_projects
from resources.import_limits import MAX_UPLOAD_BYTES  # noqa: F401 - the views' name for it
from resources.models import ActualCost, CostCategory, CostSource, ImportKind, Nature
from resources.services.import_files import (
    UploadError,
    check_upload,  # noqa: F401 - callers and tests name it cost_import.check_upload
    iter_rows,
)
from resources.services.import_log import record_import_run
from resources.services.import_rows import ImportPreview, ImportRow
from resources.services.remaining_need import write_remaining_need


class ImportRejected(Exception):
    """Some rows have errors: nothing was saved."""

    def __init__(self, preview: Preview):
        super().__init__("rows with errors")
        self.preview = preview


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation collapsed to single spaces: "N° pièce" → "n piece"."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


COLUMNS = {
    "date": [
        "date comptable",
        "date",
        "date piece",
        "date de piece",
        "date facture",
        "posting date",
        "document date",
        "invoice date",
    ],
    "reference": [
        *("n piece", "no piece", "num piece", "numero piece", "numero de piece", "piece"),
        *("reference", "ref", "document", "document number", "document no", "n document"),
        "invoice number",
    ],
    "project": [
        "element d otp",
        "element otp",
        "otp",
        "code projet",
        "projet",
        "project",
        "project code",
        "wbs",
        "wbs element",
    ],
    "nature": ["nature", "type de depense", "capex opex", "expense type"],
    "category": ["categorie", "category", "categorie de cout", "cost category"],
    "description": ["libelle", "description", "designation", "texte", "text"],
    "supplier": ["fournisseur", "supplier", "vendor", "tiers", "nom fournisseur"],
    "amount": ["montant", "amount", "montant ht", "montant eur", "montant en eur", "valeur"],
    "currency": ["devise", "currency", "monnaie"],
}
HEADER_TO_FIELD = {synonym: name for name, synonyms in COLUMNS.items() for synonym in synonyms}
REQUIRED = ("date", "reference", "project", "amount")

NATURES = {
    "capex": Nature.CAPEX,
    "investissement": Nature.CAPEX,
    "invest": Nature.CAPEX,
    "opex": Nature.OPEX,
    "fonctionnement": Nature.OPEX,
    "exploitation": Nature.OPEX,
}
CATEGORIES = {
    "prestations externes": CostCategory.EXTERNAL_SERVICES,
    "prestation externe": CostCategory.EXTERNAL_SERVICES,
    "sous traitance": CostCategory.EXTERNAL_SERVICES,
    "external services": CostCategory.EXTERNAL_SERVICES,
    "licences logicielles": CostCategory.SOFTWARE,
    "licence logicielle": CostCategory.SOFTWARE,
    "licences": CostCategory.SOFTWARE,
    "logiciel": CostCategory.SOFTWARE,
    "logiciels": CostCategory.SOFTWARE,
    "software": CostCategory.SOFTWARE,
    "materiel": CostCategory.HARDWARE,
    "hardware": CostCategory.HARDWARE,
    "main d oeuvre interne": CostCategory.INTERNAL_LABOUR,
    "main d œuvre interne": CostCategory.INTERNAL_LABOUR,
    "personnel interne": CostCategory.INTERNAL_LABOUR,
    "internal labour": CostCategory.INTERNAL_LABOUR,
    "internal labor": CostCategory.INTERNAL_LABOUR,
}
for _choice in CostCategory:
    CATEGORIES.setdefault(normalise(_choice.value), _choice)

DATE_PATTERNS = [
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"), ("day", "month", "year")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$"), ("year", "month", "day")),
]
SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


@dataclass
class Row(ImportRow):
    project: Project | None = None


@dataclass
class Preview(ImportPreview):
    @property
    def total(self) -> Decimal:
        return sum((row.values["amount"] for row in self.new), Decimal("0.00"))


# --- Reading --------------------------------------------------------------------------------


def parse_date(value) -> date:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern, order in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(group) for group in match.groups()), strict=True))
            try:
                return date(parts["year"], parts["month"], parts["day"])
            except ValueError:
                raise NoSuchDate(text) from None  # 31/02/2026: the format is right
    raise ValueError(text)


class NoSuchDate(ValueError):
    """A date written in an accepted format that is not in the calendar (31/02/2026)."""


def decimal_comma(values: list) -> bool:
    """Whether the amounts of the file use a decimal comma (decided once for the file)."""
    comma = point = 0
    for value in values:
        if not isinstance(value, str):
            continue
        text = SPACES.sub("", value)
        if re.search(r",\d{1,2}-?$", text):
            comma += 1
        elif re.search(r"\.\d{1,2}-?$", text):
            point += 1
    return comma >= point if comma or point else True


def parse_amount(value, *, comma: bool) -> Decimal:
    if isinstance(value, Decimal):
        amount = value
    else:
        text = SPACES.sub("", str(value)).replace("€", "").replace("EUR", "")
        negative = False
        if text.endswith("-"):
            negative, text = True, text[:-1]
        if text.startswith("(") and text.endswith(")"):
            negative, text = True, text[1:-1]
        decimal_mark, group_mark = (",", ".") if comma else (".", ",")
        if text.count(decimal_mark) > 1:
            raise ValueError(text)
        whole, _sep, fraction = text.partition(decimal_mark)
        if group_mark in whole:
            sign = whole[:1] if whole[:1] in "+-" else ""
            groups = whole[len(sign) :].split(group_mark)
            if not groups[0] or any(len(group) != 3 for group in groups[1:]):
                raise ValueError(text)
            whole = sign + "".join(groups)
        if not re.fullmatch(r"[+-]?\d+", whole) or (fraction and not fraction.isdigit()):
            raise ValueError(text)
        try:
            amount = Decimal(f"{whole}.{fraction or '0'}")
        except InvalidOperation as error:
            raise ValueError(text) from error
        if negative:
            amount = -amount
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(str(value))
    if abs(amount) >= Decimal("1e12"):
        raise ValueError(str(value))
    return amount.quantize(Decimal("0.01"))


def _is_total(cells: list, mapped: dict) -> bool:
    first = next((str(cell) for cell in cells if str(cell).strip()), "")
    if normalise(first).startswith(("total", "sous total", "somme")):
        return True
    return (
        not str(mapped.get("reference", "")).strip() and not str(mapped.get("project", "")).strip()
    )


def parse(data: bytes, kind: str) -> list[Row]:
    """Rows of the file with their values or their errors (no database access). The file is
    read line by line and refused (UploadError) as soon as it passes the row limit."""
    lines = iter_rows(data, kind)
    header = next((cells for cells in lines if any(str(cell).strip() for cell in cells)), None)
    if header is None:
        raise UploadError(_("The file has no header line."))
    header_line = 1
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        name = HEADER_TO_FIELD.get(normalise(title))
        if name and name not in columns:
            columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        labels = {
            "date": _("date (Date comptable)"),
            "reference": _("reference (N° pièce)"),
            "project": _("project code (Élément d'OTP)"),
            "amount": _("amount (Montant)"),
        }
        raise UploadError(
            _("Columns not found in the header line: %(columns)s.")
            % {"columns": ", ".join(str(labels[name]) for name in missing)}
        )
    body = []  # (line, the mapped cells, whether it is a total line): not the whole rows
    for offset, cells in enumerate(lines, start=header_line + 1):
        if not any(str(cell).strip() for cell in cells):
            continue
        raw = {
            name: (cells[index] if index < len(cells) else "") for name, index in columns.items()
        }
        body.append((offset, raw, _is_total(cells, raw)))
    comma = decimal_comma([raw["amount"] for _line, raw, _total in body])
    rows = []
    for offset, raw, total in body:
        row = Row(line=offset)
        if total:
            row.status = "ignored"
            row.errors.append(_("total line"))
        else:
            _read_row(row, raw, comma=comma)
        rows.append(row)
    return rows


def _text(value) -> str:
    """A cell as one line of text: finance exports carry tabs, line breaks and invisible
    characters in their labels, which the portal's text fields refuse; each becomes a space
    (the cell is readable as before, and the row is not rejected for it)."""
    if value is None:
        return ""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in str(value))
    return " ".join(text.split())


def _read_row(row: Row, raw: dict, *, comma: bool) -> None:
    values = row.values
    values.update(date=None, amount=None, nature=None)
    values["reference"] = _text(raw.get("reference"))
    values["project_code"] = _text(raw.get("project")).upper()
    values["supplier"] = _text(raw.get("supplier"))[:150]
    values["description"] = _text(raw.get("description"))[:250]
    if not values["reference"]:
        row.errors.append(_("missing reference (N° pièce)"))
    elif len(values["reference"]) > 60:
        row.errors.append(_("reference longer than 60 characters"))
    if not values["project_code"]:
        row.errors.append(_("missing project code"))
    try:
        values["date"] = parse_date(raw.get("date"))
    except NoSuchDate:
        row.errors.append(
            _("the date “%(value)s” does not exist") % {"value": _text(raw.get("date"))}
        )
    except ValueError:
        row.errors.append(
            _("bad date “%(value)s” (expected dd/mm/yyyy)") % {"value": _text(raw.get("date"))}
        )
    try:
        values["amount"] = parse_amount(raw.get("amount"), comma=comma)
    except ValueError:
        row.errors.append(_("bad amount “%(value)s”") % {"value": _text(raw.get("amount"))})
    nature = normalise(_text(raw.get("nature")))
    if "nature" not in raw or not nature:
        values["nature"] = Nature.OPEX
    elif nature in NATURES:
        values["nature"] = NATURES[nature]
    else:
        row.errors.append(
            _("unknown nature “%(value)s” (expected CAPEX or OPEX)")
            % {"value": _text(raw.get("nature"))}
        )
    values["category"] = CATEGORIES.get(normalise(_text(raw.get("category"))), CostCategory.OTHER)
    currency = _text(raw.get("currency")).upper()
    if currency not in {"", "EUR", "€"}:
        row.errors.append(_("currency %(value)s is not EUR") % {"value": currency})
    if row.errors:
        row.status = "error"


def parse_records(records: list[dict]) -> list[Row]:
    """Rows of a batch sent through the API: each record a mapping with the columns' names
    (``reference``, ``project``, ``date``, ``amount``, and optionally ``nature``,
    ``category``, ``supplier``, ``description``, ``currency``), read by the same rules as a
    file's cells (amounts with a decimal point; a JSON number is accepted too). ``line`` is
    the record's position in the batch, from 1."""
    rows = []
    for position, record in enumerate(records, start=1):
        row = Row(line=position)
        raw = {name: _scalar(record.get(name)) for name in COLUMNS if name in record}
        for name in ("reference", "project", "date", "amount"):
            raw.setdefault(name, "")
        if isinstance(raw["amount"], float):
            raw["amount"] = repr(raw["amount"])  # 1234.5, never 1234.4999…
        _read_row(row, raw, comma=False)
        rows.append(row)
    return rows


def _scalar(value):
    """A record's value as a cell: a string or a number; anything else (null, a list…) is
    an empty cell (missing nature: OPEX, as in a file without the column)."""
    return value if isinstance(value, str | int | float) and not isinstance(value, bool) else ""


def preview(data: bytes, kind: str) -> Preview:
    """Parse ``data`` and check it against the database: projects exist, references are new.
    Two queries whatever the number of rows."""
    return check_rows(parse(data, kind))


def check_rows(rows: list[Row]) -> Preview:
    """Check parsed rows against the database (two queries whatever their number)."""
    readable = [row for row in rows if row.status != "ignored"]
    codes = {row.values.get("project_code") for row in readable} - {""}
    projects = {project.code: project for project in Project.objects.filter(code__in=codes)}
    references = {row.values.get("reference") for row in readable} - {""}
    known = set(
        ActualCost.objects.filter(reference__in=references).values_list("reference", flat=True)
    )
    seen: dict[str, int] = {}
    for row in readable:
        code = row.values.get("project_code")
        if code:
            row.project = projects.get(code)
            if row.project is None:
                row.errors.append(_("unknown project code %(code)s") % {"code": code})
        reference = row.values.get("reference")
        if reference:
            if reference in seen:
                row.errors.append(
                    _("reference %(reference)s already appears on line %(line)s")
                    % {"reference": reference, "line": seen[reference]}
                )
            else:
                seen[reference] = row.line
        if row.errors:
            row.status = "error"
        elif reference in known:
            row.status = "duplicate"
    return Preview(rows=rows)


def import_costs(
    *,
    data: bytes | None = None,
    kind: str = "",
    records: list[dict] | None = None,
    user,
    file_name: str = "",
) -> Preview:
    """Import every new row of the file, or nothing (ImportRejected) when a row has an error.
    References already imported are skipped. Each cost's history says who imported it from
    which file (the project's History tab shows the import as one entry). Either way the
    import log gets its row (ImportRun), written after the import's own transaction so that
    a rejection keeps it. A file (``data`` of ``kind``) or an API batch (``records``, see
    parse_records; ``file_name`` then names the batch)."""
    started = timezone.now()
    log = {"kind": ImportKind.COSTS, "user": user, "file_name": file_name, "started_at": started}
    try:
        result = _import_costs(
            read=(lambda: parse(data, kind)) if records is None else lambda: parse_records(records),
            user=user,
            file_name=file_name,
        )
    except ImportRejected as rejected:
        errors = rejected.preview.errors
        first = errors[0]
        record_import_run(
            **log,
            imported=False,
            rows_rejected=len(errors),
            message=_("Line %(line)s: %(reason)s") % {"line": first.line, "reason": first.reason},
        )
        raise
    except (UploadError, IntegrityError) as error:
        message = (
            str(error)
            if isinstance(error, UploadError)
            else _("Another import saved some of these references meanwhile.")
        )
        record_import_run(**log, imported=False, message=message)
        raise
    record_import_run(
        **log,
        imported=True,
        rows_imported=len(result.new),
        rows_skipped=len(result.duplicates),
    )
    return result


@transaction.atomic
def _import_costs(*, read, user, file_name: str) -> Preview:
    result = check_rows(read())
    if result.errors:
        raise ImportRejected(result)
    costs = []
    for row in result.new:
        cost = ActualCost(
            project=row.project,
            date=row.values["date"],
            nature=row.values["nature"],
            category=row.values["category"],
            amount=row.values["amount"],
            supplier=row.values["supplier"],
            reference=row.values["reference"],
            description=row.values["description"],
            source=CostSource.IMPORT,
            created_by=user,
        )
        # The references were checked for the whole file in one query by preview(), and the
        # database enforces their uniqueness in the insert (IntegrityError for a concurrent
        # import): validating the constraint here would cost a query per row (10 000 rows:
        # a minute).
        cost.full_clean(
            exclude=["project", "created_by"], validate_unique=False, validate_constraints=False
        )
        costs.append(cost)
    reason = (_("Import of %(file)s") % {"file": file_name})[:100] if file_name else ""
    bulk_create_with_history(
        costs,
        ActualCost,
        batch_size=1000,
        default_user=user,
        default_change_reason=reason or None,
    )
    write_remaining_need(project_ids={cost.project_id for cost in costs})
    refresh_projects({cost.project_id for cost in costs})  # the dashboards' budget block
    return result
