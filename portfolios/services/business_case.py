"""Writes of a project's business case (year by year), its mandatory flag and its
dependencies on other projects. Permission checks are the caller's (the views check
``portfolios.change_business_case``, ``change_project_governance`` and
``manage_dependencies``).

Concurrency of the grid: the page carries a digest of the edited columns it showed
(``selectors.business_case.grid_digest``), not the project's version: editing the business
case must not put an open edit page of the project in conflict, nor the reverse. The save
takes the project's business-case lock (``lock_business_cases``, which resources' writer of
the remaining need takes too, so the two never interleave), compares the digest with the
stored rows and raises ``EditConflict`` when they differ: nothing is written.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from pmo_portal.concurrency import EditConflict
from portfolios.models import BusinessCaseYear, DependencyKind, Project, ProjectDependency
from portfolios.selectors.business_case import EDITED, grid_digest, requires_graph, requires_path
from portfolios.services.scoring import refresh_priority

ZERO = Decimal("0.00")
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Advisory lock keys (PostgreSQL): adding dependencies is serialised company-wide (a cycle
# may close through any project); business cases per project, from this base up.
DEPENDENCY_LOCK = zlib.crc32(b"portfolios.project_dependency")
BUSINESS_CASE_LOCK = 0x4243 << 40
MANY_PROJECTS = 50


@dataclass(frozen=True)
class YearInput:
    year: int
    capex: Decimal = ZERO
    opex: Decimal = ZERO
    fte: Decimal = ZERO
    benefits: Decimal = ZERO


def lock_business_cases(project_ids) -> None:
    """Inside a transaction: wait for, then hold until it ends, the right to write the
    business-case rows of ``project_ids``. The grid's save and resources' remaining-need writer
    take it, and take no other lock after it, so they wait for each other without ever
    deadlocking with the row locks of the services that call them; the statements that follow
    read what the other one committed.

    PostgreSQL advisory locks (SQLite runs one writer at a time anyway): a few projects take
    the company-wide key in shared mode, then one key per project in the order of their ids;
    more than ``MANY_PROJECTS`` (an import, the nightly batch) take the company-wide key alone,
    exclusively, so a transaction never holds thousands of locks."""
    ids = sorted({int(pk) for pk in project_ids})
    if not ids or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if len(ids) > MANY_PROJECTS:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [BUSINESS_CASE_LOCK])
            return
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [BUSINESS_CASE_LOCK])
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s + ids.id) "
            "FROM (SELECT unnest(%s::bigint[]) AS id ORDER BY 1) AS ids",
            [BUSINESS_CASE_LOCK, ids],
        )


@transaction.atomic
def save_business_case(
    *, project: Project, user, years: list[YearInput], digest: str | None = None
) -> dict[str, int]:
    """Make the business case of ``project`` the grid ``years``: a year not stored is added,
    a stored one changed, a stored year missing from ``years`` removed — except a year that
    carries a remaining need written by resources, whose CAPEX, OPEX, FTE and benefits are set
    to 0 instead (the remaining need is resources', not the grid's). All or nothing.

    ``digest``: what the page showed (None: no check). EditConflict when the stored grid
    changed since; ValidationError (nothing saved) for a duplicate year, a year outside
    2000–2100 or a negative amount. Returns counts of created, changed and removed years."""
    lock_business_cases([project.pk])
    stored = {row.year: row for row in BusinessCaseYear.objects.filter(project=project)}
    if digest is not None and digest != grid_digest(stored.values()):
        raise EditConflict(None, details=sorted(stored.values(), key=lambda row: row.year))
    seen: set[int] = set()
    for line in years:
        if line.year in seen:
            raise ValidationError(
                _("The year %(year)s appears twice: each year has one row.") % {"year": line.year}
            )
        seen.add(line.year)

    counts = {"created": 0, "changed": 0, "deleted": 0}
    writes: list[tuple[BusinessCaseYear, bool]] = []
    errors: list[ValidationError] = []
    for line in sorted(years, key=lambda item: item.year):
        if not FIRST_YEAR <= line.year <= LAST_YEAR:
            errors.append(
                ValidationError(
                    _("%(year)s: a year of the business case runs from 2000 to 2100.")
                    % {"year": line.year}
                )
            )
            continue
        negative = [
            str(BusinessCaseYear._meta.get_field(name).verbose_name)
            for name in EDITED
            if getattr(line, name) is not None and getattr(line, name) < 0
        ]
        if negative:
            errors.append(
                ValidationError(
                    _("%(year)s: amounts cannot be negative (%(fields)s).")
                    % {"year": line.year, "fields": ", ".join(negative)}
                )
            )
            continue
        row = stored.get(line.year)
        created = row is None
        if created:
            row = BusinessCaseYear(project=project, year=line.year)
        values = {name: getattr(line, name) or ZERO for name in EDITED}
        if not created and all(getattr(row, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(row, name, value)
        try:
            row.full_clean(exclude=["project"], validate_unique=False)
        except ValidationError as error:
            errors.append(_year_error(line.year, error))
        writes.append((row, created))
    removed = [row for year, row in sorted(stored.items()) if year not in seen]
    for row in removed:
        if row.remaining_at is not None:
            for name in EDITED:
                setattr(row, name, ZERO)
            writes.append((row, False))
    if errors:
        raise ValidationError(errors)

    for row, created in writes:
        row._history_user = user
        if created:
            row.save()
            counts["created"] += 1
        else:
            row.save(update_fields=list(EDITED))
            counts["changed" if row.year in seen else "deleted"] += 1
    for row in removed:
        if row.remaining_at is None:
            row._history_user = user
            row.delete()
            counts["deleted"] += 1
    return counts


def _year_error(year: int, error: ValidationError) -> ValidationError:
    messages = []
    for name, field_errors in error.message_dict.items():
        label = BusinessCaseYear._meta.get_field(name).verbose_name if name != "__all__" else ""
        for message in field_errors:
            messages.append(f"{year} — {label}: {message}" if label else f"{year} — {message}")
    return ValidationError(messages)


@transaction.atomic
def set_mandatory(*, project: Project, user, mandatory: bool) -> bool:
    """Mark ``project`` mandatory (a regulatory obligation: every scenario selects it, the
    ranking lists it apart) or not, and recompute its priority. Returns False when it already
    was (nothing written: the flag states the wanted value, so a second click changes
    nothing)."""
    locked = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    if locked.is_mandatory == mandatory:
        return False
    locked.is_mandatory = mandatory
    locked.full_clean()
    locked._history_user = user
    locked._change_reason = _("Marked mandatory") if mandatory else _("No longer mandatory")
    locked.save()
    project.is_mandatory, project.version = locked.is_mandatory, locked.version
    refresh_priority(project_ids=[project.pk])
    return True


def _code(project_id: int, codes: dict[int, str]) -> str:
    return codes.get(project_id, "?")


@transaction.atomic
def add_dependency(
    *, project: Project, other: Project, kind: str, note: str = "", user=None
) -> ProjectDependency:
    """``project`` requires ``other`` (selected only with it), or the two exclude each other.

    Refused (ValidationError, nothing saved): a dependency on itself, one already recorded, a
    pair that would both require and exclude each other, and a "requires" that closes a cycle
    (the message names it: "A requires B requires A")."""
    if connection.vendor == "postgresql":
        # Two additions closing one cycle from both ends must not both pass the check.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DEPENDENCY_LOCK])
    if other.pk == project.pk:
        raise ValidationError({"other": _("A project cannot depend on itself.")})
    pair = ProjectDependency.objects.filter(
        project_id__in=[project.pk, other.pk], other_id__in=[project.pk, other.pk]
    )
    links = {(link.project_id, link.kind) for link in pair}
    if kind == DependencyKind.REQUIRES:
        if (project.pk, DependencyKind.REQUIRES) in links:
            raise ValidationError(
                _("%(a)s already requires %(b)s.") % {"a": project.code, "b": other.code}
            )
        if any(k == DependencyKind.EXCLUDES for _p, k in links):
            raise ValidationError(
                _("%(a)s and %(b)s exclude each other: one cannot require the other.")
                % {"a": project.code, "b": other.code}
            )
        path = requires_path(requires_graph(), other.pk, project.pk)
        if path is not None:
            codes = dict(Project.objects.filter(pk__in=path).values_list("pk", "code"))
            chain = _(" requires ").join(_code(pk, codes) for pk in [project.pk, *path])
            raise ValidationError(
                _("This would make a cycle: %(cycle)s. A project cannot require itself.")
                % {"cycle": chain}
            )
    else:
        if any(k == DependencyKind.EXCLUDES for _p, k in links):
            raise ValidationError(
                _("%(a)s and %(b)s already exclude each other.")
                % {"a": project.code, "b": other.code}
            )
        if any(k == DependencyKind.REQUIRES for _p, k in links):
            raise ValidationError(
                _("One of %(a)s and %(b)s requires the other: they cannot exclude each other.")
                % {"a": project.code, "b": other.code}
            )
    dependency = ProjectDependency(project=project, other=other, kind=kind, note=note.strip())
    dependency.full_clean()
    dependency._history_user = user
    dependency.save()
    return dependency


@transaction.atomic
def remove_dependency(*, dependency: ProjectDependency, user=None) -> None:
    dependency._history_user = user
    dependency.delete()
