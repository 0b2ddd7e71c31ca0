"""A project's "History" tab: every audited change of the rows that belong to the project
(the project itself, its reports, milestones, RAID items, budget lines, actual and committed
costs, allocations, scores, contributions…), merged into one timeline, newest first.

Each app lists its kinds of rows through the registry (``HistorySource``: pmo_portal/
registry.py), so this module imports none of them. A page reads at most PAGE entries older
than a cursor (the date of the last entry of the page before): per source, one query for its
newest rows with their previous version's id (a correlated subquery) and one for those
previous versions, so the queries grow with the number of sources, never with the history.

Rows added together by one person within a few seconds with the same reason (an import, a
bulk creation) form one entry ("12 actual costs"). What changed is told per field, old value
→ new value; a link to another row (a foreign key) is named as changed without its values
(they are ids).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils.formats import date_format, number_format
from django.utils.timezone import localtime
from django.utils.translation import gettext

from pmo_portal import registry

PAGE = 30
ACTIONS = {"+": "added", "~": "changed", "-": "deleted"}
SHOWN_TEXT = 120
GROUP_SECONDS = 5
SKIPPED_FIELDS = {"version", "updated_at", "created_at", "search_vector"}


@dataclass
class Change:
    label: str
    old: Any = None
    new: Any = None
    values: bool = True  # False: a link to another row (only said as changed)


@dataclass
class Entry:
    date: datetime
    user: Any
    kind: str  # the model's verbose name
    kind_plural: str
    action: str  # added | changed | deleted
    label: str  # the row as it reads at that version
    changes: list[Change] = field(default_factory=list)
    count: int = 1  # rows written together (an import)
    reason: str = ""  # the change reason recorded with it (an import: its file)


def _changes(newer, older, written: tuple[str, ...] = ()) -> list[Change]:
    if older is None:
        return []
    model = newer.instance_type
    delta = newer.diff_against(older, foreign_keys_are_objs=False)
    compared = [(change.field, change.old, change.new) for change in delta.changes]
    # simple_history compares the fields a form edits only: those a service writes in the
    # author's name (the source's ``written``) are compared here.
    for name in written:
        old, new = getattr(older, name), getattr(newer, name)
        if old != new:
            compared.append((name, old, new))
    found = []
    for name, old, new in sorted(compared, key=lambda change: change[0]):
        if name in SKIPPED_FIELDS:
            continue
        model_field = model._meta.get_field(name)
        label = str(model_field.verbose_name)
        if model_field.is_relation:
            found.append(Change(label, values=False))
            continue
        choices = dict(model_field.flatchoices) if model_field.choices else None
        if choices is not None:
            old, new = choices.get(old, old), choices.get(new, new)
        found.append(Change(label, _shown(old), _shown(new)))
    return found


def _shown(value):
    """A value as the pages show it: dates in the reader's short format, amounts with their
    two decimals, texts cut at SHOWN_TEXT characters."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return date_format(localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    text = str(value)
    return text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1] + "…"


def _label(record, project) -> str:
    instance = record.instance
    if getattr(instance, "project_id", None) == project.pk:
        instance.project = project  # its label names the project: no query per row
    try:
        return str(instance)
    except Exception:  # a __str__ reading a relation that is gone
        return str(record.instance_type._meta.verbose_name)


def _source_entries(source, project, before: datetime | None, size: int) -> list[Entry]:
    queryset = source.records(project)
    historical = queryset.model
    if before is not None:
        queryset = queryset.filter(history_date__lt=before)
    previous = (
        historical.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    rows = list(
        queryset.select_related("history_user")
        .annotate(previous_id=Subquery(previous))
        .order_by("-history_date", "-history_id")[:size]
    )
    wanted = [row.previous_id for row in rows if row.history_type == "~" and row.previous_id]
    older = historical.objects.in_bulk(wanted, field_name="history_id") if wanted else {}
    model = historical.instance_type
    entries = []
    for row in rows:
        changes = (
            _changes(row, older.get(row.previous_id), source.written)
            if row.history_type == "~"
            else []
        )
        if row.history_type == "~" and row.previous_id and not changes:
            continue  # saved without a visible change (a version bump, a timestamp)
        entries.append(
            Entry(
                date=row.history_date,
                user=row.history_user,
                kind=str(model._meta.verbose_name),
                kind_plural=str(model._meta.verbose_name_plural),
                action=ACTIONS.get(row.history_type, "changed"),
                label=source.label(row) if source.label else _label(row, project),
                changes=changes,
                reason=row.history_change_reason or "",
            )
        )
    return entries


def _grouped(entries: list[Entry]) -> list[Entry]:
    """Rows added or deleted together by one person (within GROUP_SECONDS, with the same
    reason: an import, a bulk creation): one entry."""
    grouped: list[Entry] = []
    for entry in entries:
        last = grouped[-1] if grouped else None
        if (
            last is not None
            and entry.action in {"added", "deleted"}
            and (last.user, last.kind, last.action, last.reason)
            == (entry.user, entry.kind, entry.action, entry.reason)
            and abs((last.date - entry.date).total_seconds()) <= GROUP_SECONDS
        ):
            last.count += 1
            continue
        grouped.append(entry)
    return grouped


def timeline(
    project, *, before: datetime | None = None, size: int = PAGE
) -> tuple[list[Entry], datetime | None]:
    """The project's changes older than ``before``, newest first (at most ``size`` entries),
    and the cursor of the next page (None on the last one)."""
    entries: list[Entry] = []
    for source in registry.history_sources():
        entries.extend(_source_entries(source, project, before, size + 1))
    entries.sort(key=lambda entry: entry.date, reverse=True)
    grouped = _grouped(entries)
    if len(grouped) <= size:
        return grouped, None
    page = grouped[:size]
    cursor = page[-1].date
    # The next page starts strictly before the last date shown: entries of that same
    # instant beyond the page were shown with it (or belong to its group).
    page = [entry for entry in grouped if entry.date >= cursor]
    return page, cursor


def recent_changes(records, *, label, size: int = 10) -> list[Entry]:
    """The newest ``size`` changes of some historical rows (``records``: a queryset of one
    model's history), for the "Last changes" table under a settings form: who, when, what
    changed. ``label(record)`` names a row from its own fields. Two queries."""
    source = registry.HistorySource(key="", order=0, records=lambda _project: records, label=label)
    return _source_entries(source, None, None, size)
