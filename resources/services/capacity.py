"""Write side of capacity and allocations: the project grid, decisions, resources and their
availability. Every function is transactional and locks the rows it changes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo_portal.concurrency import EditConflict, lock_version, version_of
from portfolios.models import Project
from resources.models import Allocation, AllocationStatus, Availability, Resource
from resources.services.import_files import iter_rows
from resources.services.import_log import record_import_run
from resources.services.remaining_need import write_remaining_need


def save_allocation_grid(
    *,
    project: Project,
    user,
    values: dict[tuple[int, date], Decimal | None],
    seen: dict[tuple[int, date], tuple[int, Decimal]] | None = None,
) -> dict:
    """Apply the grid of ``project``: ``values`` maps (resource id, month) to the FTE typed
    (None or 0 = empty). A new or changed cell becomes a *requested* allocation (an approved
    or rejected one goes back to requested); an emptied cell deletes its allocation.
    Returns counts of created, changed and deleted allocations.

    ``seen``: (version, FTE) of each allocation the page showed (a cell missing from it was
    empty). Only the cells the user changed from what the page showed are written; if any of
    them changed since, EditConflict (its ``details``: the cells) and nothing is written.
    None (an import): every cell of ``values`` is applied as given."""
    counts = {"created": 0, "changed": 0, "deleted": 0}
    if seen is not None:
        values = {key: fte for key, fte in values.items() if fte != seen.get(key, (0, None))[1]}
    if not values:
        return counts
    resource_ids = {resource_id for resource_id, _month in values}
    months = {month for _resource_id, month in values}
    with transaction.atomic():
        # Grid saves of one project wait for each other: two new cells cannot collide.
        Project.objects.select_for_update(no_key=True).filter(pk=project.pk).first()
        existing = {
            (allocation.resource_id, allocation.month): allocation
            for allocation in Allocation.objects.select_for_update().filter(
                project=project,
                resource_id__in=resource_ids,
                month__gte=min(months),
                month__lte=max(months),
            )
        }
        if seen is not None:
            _check_cells(values, seen, existing)
        for (resource_id, month), fte in sorted(values.items(), key=lambda item: item[0]):
            current = existing.get((resource_id, month))
            if not fte:
                if current is not None:
                    current.delete()
                    counts["deleted"] += 1
                continue
            if current is None:
                allocation = Allocation(
                    project=project,
                    resource_id=resource_id,
                    month=month,
                    fte=fte,
                    status=AllocationStatus.REQUESTED,
                    requested_by=user,
                )
                allocation.full_clean()
                allocation.save()
                counts["created"] += 1
            elif current.fte != fte or current.status == AllocationStatus.REJECTED:
                current.fte = fte
                current.status = AllocationStatus.REQUESTED
                current.requested_by = user
                current.decided_by = None
                current.decided_at = None
                current.full_clean()
                current.save()
                counts["changed"] += 1
        write_remaining_need(project_ids=[project.pk])
    return counts


def _check_cells(values: dict, seen: dict, existing: dict) -> None:
    """EditConflict if a cell the user changed was changed by someone else since."""
    stale = [
        (key, existing.get(key), fte)
        for key, fte in sorted(values.items(), key=lambda item: item[0])
        if version_of(existing.get(key)) != seen.get(key, (0, None))[0]
    ]
    if stale:
        raise EditConflict(None, details=stale)


def decide_allocation(*, allocation: Allocation, user, approve: bool, comment: str = "") -> bool:
    """Approve or reject one requested allocation. Returns False when it was no longer
    requested (decided meanwhile, or changed back by its PM: nothing done)."""
    with transaction.atomic():
        locked = (
            Allocation.objects.select_for_update(of=("self",))
            .select_related("resource__team")
            .filter(pk=allocation.pk)
            .first()
        )
        if locked is None or locked.status != AllocationStatus.REQUESTED:
            return False
        if not user.has_perm("resources.decide_allocation", locked):
            raise PermissionDenied
        locked.status = AllocationStatus.APPROVED if approve else AllocationStatus.REJECTED
        locked.comment = comment
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.full_clean()
        locked.save()
        write_remaining_need(project_ids=[locked.project_id])
    return True


def approve_project_allocations(*, project: Project, user, allocation_ids=None) -> int:
    """Approve every requested allocation of ``project`` that ``user`` may decide."""
    approved = 0
    now = timezone.now()
    with transaction.atomic():
        queryset = (
            Allocation.objects.select_for_update(of=("self",))
            .select_related("resource__team")
            .filter(project=project, status=AllocationStatus.REQUESTED)
        )
        if allocation_ids is not None:
            queryset = queryset.filter(pk__in=allocation_ids)
        for allocation in queryset:
            if not user.has_perm("resources.decide_allocation", allocation):
                continue
            allocation.status = AllocationStatus.APPROVED
            allocation.decided_by = user
            allocation.decided_at = now
            allocation.save()  # history needs one save per row (simple_history)
            approved += 1
    return approved


def save_resource(*, form, version: int | None = None) -> Resource:
    """Save a valid ResourceForm (fields, skills) inside a transaction. ``version``: the
    version the edit page was opened at; EditConflict, nothing saved, if it moved."""
    with transaction.atomic():
        if form.instance.pk is not None:
            lock_version(Resource, pk=form.instance.pk, version=version)
        resource = form.save(commit=False)
        resource.full_clean()
        resource.save()
        form.save_m2m()
    return resource


def set_availability(*, resource: Resource, values: dict[date, Decimal | None]) -> dict:
    """Set the monthly availability overrides of ``resource``: None removes the override (the
    default FTE applies again). Returns counts of created, changed and deleted overrides."""
    counts = {"created": 0, "changed": 0, "deleted": 0}
    with transaction.atomic():
        Resource.objects.select_for_update().filter(pk=resource.pk).first()
        existing = {
            row.month: row
            for row in Availability.objects.filter(resource=resource, month__in=list(values))
        }
        for month, fte in values.items():
            row = existing.get(month)
            if fte is None:
                if row is not None:
                    row.delete()
                    counts["deleted"] += 1
                continue
            if row is None:
                row = Availability(resource=resource, month=month, fte=fte)
                counts["created"] += 1
            elif row.fte == fte:
                continue
            else:
                counts["changed"] += 1
            row.fte = fte
            row.full_clean()
            row.save()
    return counts


# --- Import of allocations and capacity (CSV or Excel) ---------------------------------------

IMPORT_COLUMNS = {
    "project": {"project", "projet", "code projet", "project code", "code"},
    "resource": {"resource", "ressource", "nom", "name", "collaborateur"},
    "month": {"month", "mois", "periode", "période"},
    "fte": {"fte", "etp"},
}
MONTH_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})(?:-01)?$"), ("year", "month")),
    (re.compile(r"^(\d{1,2})/(\d{4})$"), ("month", "year")),
    (re.compile(r"^01/(\d{1,2})/(\d{4})$"), ("month", "year")),
]


@dataclass
class ImportRow:
    line: int
    raw: dict
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


@dataclass
class ImportResult:
    what: str
    rows: list
    saved: bool = False
    counts: dict = field(default_factory=lambda: {"created": 0, "changed": 0, "deleted": 0})

    @property
    def errors(self) -> list:
        return [row for row in self.rows if row.errors]


def _parse_month(value) -> date:
    if isinstance(value, date):
        if value.day != 1:
            raise ValueError(value)
        return value
    text = str(value).strip()
    for pattern, order in MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(group) for group in match.groups()), strict=True))
            return date(parts["year"], parts["month"], 1)
    raise ValueError(text)


def _parse_fte(value) -> Decimal:
    if isinstance(value, Decimal):
        number = value
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            number = Decimal(text or "0")
        except InvalidOperation as error:
            raise ValueError(text) from error
    if number < 0 or number > 10 or number != number.quantize(Decimal("0.01")):
        raise ValueError(number)
    return number.quantize(Decimal("0.01"))


def parse_capacity_file(*, data: bytes, kind: str, what: str, user) -> ImportResult:
    """Rows of an allocation file (project, resource, month, FTE) or a capacity file
    (resource, month, FTE), each with its errors. Constant number of queries."""
    # Read line by line; UploadError as soon as the file passes the row limit.
    lines = (row for row in iter_rows(data, kind) if any(str(cell).strip() for cell in row))
    wanted = _wanted(what)
    result = ImportResult(what, [])
    first = next(lines, None)
    if first is None:
        return result
    header = [str(cell).strip().lower() for cell in first]
    columns = {}
    for key in wanted:
        for index, name in enumerate(header):
            if name in IMPORT_COLUMNS[key]:
                columns[key] = index
                break
    missing = [key for key in wanted if key not in columns]
    if missing:
        row = ImportRow(1, {})
        row.errors.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        result.rows.append(row)
        return result
    rows = []
    for number, cells in enumerate(lines, start=2):
        raw = {key: cells[index] if index < len(cells) else "" for key, index in columns.items()}
        rows.append(ImportRow(number, raw))
    return check_capacity_rows(result, rows, user=user)


def parse_capacity_records(*, records: list[dict], what: str, user) -> ImportResult:
    """Rows of a batch sent through the API: records with the keys ``resource``, ``month``,
    ``fte`` (and ``project``, a project code, for allocations), read and checked as a file's
    cells are; ``line`` is the record's position in the batch, from 1."""
    rows = [
        ImportRow(
            position,
            {
                key: _cell(value) if isinstance(value, str | int | float) else ""
                for key in _wanted(what)
                for value in [record.get(key)]
            },
        )
        for position, record in enumerate(records, start=1)
    ]
    return check_capacity_rows(ImportResult(what, []), rows, user=user)


def _cell(value):
    """A record's value as a file's cell: control characters (a NUL the database refuses)
    become spaces, so the row gets its message (unknown resource…) like any other."""
    if not isinstance(value, str):
        return value
    return "".join(" " if unicodedata.category(char)[0] == "C" else char for char in value)


def _wanted(what: str) -> list[str]:
    return ["resource", "month", "fte"] + (["project"] if what == "allocations" else [])


def check_capacity_rows(result: ImportResult, rows: list[ImportRow], *, user) -> ImportResult:
    """Each row's resource, month, FTE (and project) checked; constant number of queries."""
    what = result.what
    names = {str(row.raw["resource"]).strip() for row in rows}
    resources: dict[str, list] = {}
    for resource in Resource.objects.filter(name__in=names):
        resources.setdefault(resource.name, []).append(resource)
    projects = {}
    if what == "allocations":
        codes = {str(row.raw["project"]).strip() for row in rows}
        for project in (
            Project.objects.visible_to(user).filter(code__in=codes).prefetch_related("deputies")
        ):
            project.deputy_ids = {deputy.pk for deputy in project.deputies.all()}
            projects[project.code] = project
    may_manage = user.has_perm("resources.manage_resources")
    seen = set()
    for row in rows:
        name = str(row.raw["resource"]).strip()
        found = resources.get(name, [])
        if not found:
            row.errors.append(_("Unknown resource “%(name)s”.") % {"name": name})
        elif len(found) > 1:
            row.errors.append(_("Several resources are named “%(name)s”.") % {"name": name})
        elif not found[0].is_active:
            row.errors.append(_("The resource “%(name)s” is no longer active.") % {"name": name})
        else:
            row.values["resource"] = found[0]
        try:
            row.values["month"] = _parse_month(row.raw["month"])
        except ValueError:
            row.errors.append(
                _("Month “%(value)s” not understood (expected 2026-07 or 07/2026).")
                % {"value": row.raw["month"]}
            )
        try:
            row.values["fte"] = _parse_fte(row.raw["fte"])
        except ValueError:
            row.errors.append(
                _("FTE “%(value)s” must be between 0 and 10 with two decimals at most.")
                % {"value": row.raw["fte"]}
            )
        if what == "allocations":
            code = str(row.raw["project"]).strip()
            project = projects.get(code)
            if project is None:
                row.errors.append(_("Unknown project “%(code)s”.") % {"code": code})
            elif not user.has_perm("resources.request_allocation", project):
                row.errors.append(
                    _("You may not request allocations for %(code)s.") % {"code": code}
                )
            else:
                row.values["project"] = project
        elif not may_manage:
            row.errors.append(_("Only the PMO and resource managers set capacity."))
        key = (
            getattr(row.values.get("resource"), "pk", None),
            getattr(row.values.get("project"), "pk", None),
            row.values.get("month"),
        )
        if not row.errors:
            if key in seen:
                row.errors.append(_("This line repeats an earlier line of the file."))
            seen.add(key)
    result.rows = rows
    return result


def import_capacity_file(
    *,
    data: bytes | None = None,
    kind: str = "",
    records: list[dict] | None = None,
    what: str,
    user,
    file_name: str = "",
) -> ImportResult:
    """Parse, then save everything in one transaction, or nothing if any row is wrong.
    Allocations become requests (like the grid); capacity rows set the month's availability.
    The import log gets its row (ImportRun) either way. A file (``data`` of ``kind``) or an
    API batch (``records``). Importing the same rows again changes nothing (each row is
    keyed by its resource, month and project): ``result.counts`` says what changed."""
    log = {"kind": what, "user": user, "file_name": file_name, "started_at": timezone.now()}
    if records is None:
        result = parse_capacity_file(data=data, kind=kind, what=what, user=user)
    else:
        result = parse_capacity_records(records=records, what=what, user=user)
    if not result.rows or result.errors:
        first = result.errors[0] if result.errors else None
        record_import_run(
            **log,
            imported=False,
            rows_rejected=len(result.errors),
            message=(
                _("Line %(line)s: %(reason)s")
                % {"line": first.line, "reason": "; ".join(str(e) for e in first.errors)}
                if first
                else _("The file has no line to import.")
            ),
        )
        return result
    with transaction.atomic():
        if what == "allocations":
            by_project: dict[int, tuple] = {}
            for row in result.rows:
                project = row.values["project"]
                by_project.setdefault(project.pk, (project, {}))[1][
                    (row.values["resource"].pk, row.values["month"])
                ] = row.values["fte"] or None
            for project, values in by_project.values():
                for name, count in save_allocation_grid(
                    project=project, user=user, values=values
                ).items():
                    result.counts[name] += count
        else:
            by_resource: dict[int, tuple] = {}
            for row in result.rows:
                resource = row.values["resource"]
                by_resource.setdefault(resource.pk, (resource, {}))[1][row.values["month"]] = (
                    row.values["fte"]
                )
            for resource, values in by_resource.values():
                for name, count in set_availability(resource=resource, values=values).items():
                    result.counts[name] += count
    result.saved = True
    written = sum(result.counts.values())
    record_import_run(
        **log,
        imported=True,
        rows_imported=written,
        rows_skipped=max(len(result.rows) - written, 0),  # the same as stored already
    )
    return result
