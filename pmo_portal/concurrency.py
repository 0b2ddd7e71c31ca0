"""Optimistic locking of the edit forms of shared data (one mechanism for every app).

Two people may open the same edit page; without a check the second save silently replaces
the first. So every row such a page edits carries a ``version``:

- ``VersionedModel`` gives the row its ``version``; every save of an existing row moves it
  (services, imports and the admin alike), like ``auto_now`` moves a timestamp.
- ``VersionedFormMixin`` adds the hidden ``version`` the page was opened at.
- ``lock_version`` is called by the service inside its write transaction: it re-reads the row
  with ``select_for_update`` and raises ``EditConflict`` when the version moved. Nothing is
  written; the view answers 409 (200 to an HTMX request, which does not swap errors) with the
  form still holding the user's entries, the stored values beside them (``conflict_rows``)
  and the hidden version set to the stored one, so that saving again is a deliberate choice.

Creating a row needs no check. The status report keeps its own older copy of this pattern
(reporting/services/reports.py).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.core.files import File
from django.db import models
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pmo_portal.constraints import PythonCheckConstraintsMixin

# The message above a form whose save was refused (the page adds the table of differences).
CONFLICT_MESSAGE = _(
    "%(thing)s: someone else saved changes since you opened this page. Your changes were not saved."
)
CONFLICT_HELP = _(
    "The form below still holds what you typed; the stored values are shown beside it. Check "
    "them, then save again to keep yours, or reload the page to start from the stored ones."
)
STALE_PAGE = _("This page is out of date: reload it and enter your changes again.")


class VersionedModel(PythonCheckConstraintsMixin, models.Model):
    """A row edited from shared pages: ``version`` counts its saves. Its check constraints
    are validated in Python (pmo_portal/constraints.py), without a query each.

    A partial save (``save(update_fields=...)``) writes bookkeeping columns that no edit form
    shows (the declared status of a project, say) and leaves the version alone; name
    ``"version"`` among the fields to move it too. ``QuerySet.update`` and ``bulk_update`` do
    not call save(): they set ``version=F("version") + 1`` themselves.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and (update_fields is None or "version" in update_fields):
            self.version += 1
        super().save(*args, **kwargs)


class EditConflict(Exception):
    """The row changed since the form was opened: nothing was saved.

    ``current`` is the stored row (or None when the page's row is gone); ``message`` may say
    more precisely what happened than the general CONFLICT_MESSAGE."""

    def __init__(self, current, *, message: str | None = None, details=()):
        super().__init__("the row changed since the form was opened")
        self.current = current
        self.message = message
        self.details = list(details)


def version_of(instance) -> int:
    """The version an edit page shows: 0 for a row not saved yet."""
    if instance is None or instance.pk is None:
        return 0
    return instance.version


def check_version(current, version: int | None, *, message: str | None = None) -> None:
    """EditConflict unless ``current`` (a locked row, or None) is at ``version``.
    ``version`` None: no page to compare with (an import, a command): no check."""
    if version is not None and version_of(current) != version:
        raise EditConflict(current, message=message)


def lock_version(queryset, *, pk, version: int | None):
    """Inside the write transaction: the row ``pk`` of ``queryset`` (a model or queryset),
    locked until the end of the transaction; EditConflict if it is no longer at ``version``."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    current = queryset.select_for_update(of=("self",)).get(pk=pk)
    check_version(current, version)
    return current


def version_field() -> forms.IntegerField:
    """The hidden version of an edit page. Every page renders it; a post without it (a
    script, an old test client) is not checked: None, like a service called by code."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=0,
        error_messages={"invalid": STALE_PAGE, "min_value": STALE_PAGE},
    )


class VersionedFormMixin:
    """Adds the hidden ``version`` field (initial: the instance's) to a ModelForm that edits
    an existing row; a form creating a row has none."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            self.fields["version"] = version_field()
            self.initial["version"] = instance.version


def refreshed_data(data, current, *, field: str = "version"):
    """The posted data with the hidden version set to the stored row's: the re-rendered form
    keeps the user's entries, and saving it again is a deliberate choice."""
    data = data.copy()
    data[field] = str(version_of(current))
    return data


def conflict_status(request) -> int:
    """409 for a normal post; 200 for an HTMX request, which swaps only 2xx answers."""
    return 200 if request.headers.get("HX-Request") else 409


def display(value) -> str:
    """A stored or typed value as the conflict table shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, (datetime.date, Decimal, int, float)):
        return str(localize(value))
    if isinstance(value, models.QuerySet | list | tuple | set):
        return ", ".join(sorted(display(item) for item in value)) or "—"
    if isinstance(value, File):  # a stored file or an upload
        return value.name.rsplit("/", 1)[-1] if value else "—"
    if hasattr(value, "get_full_name"):
        return value.get_full_name() or value.get_username()
    return str(value)


def _comparable(value):
    if isinstance(value, models.QuerySet | list | tuple | set):
        return {getattr(item, "pk", item) for item in value}
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, File):
        return value.name or None
    if value == "":
        return None
    return value


def conflict_rows(form, current) -> list[dict]:
    """The fields of ``form`` whose stored value differs from the one typed: label, stored
    value and the user's value, ready for includes/edit_conflict.html."""
    cleaned = getattr(form, "cleaned_data", {})
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name not in cleaned or field.disabled:
            continue
        stored = getattr(current, name)
        if hasattr(stored, "all"):  # a many-to-many manager
            stored = list(stored.all())
        choices = dict(getattr(field, "choices", ()) or ())
        mine = cleaned[name]
        if _comparable(stored) == _comparable(mine):
            continue
        rows.append(
            {
                "label": capfirst(field.label or name),
                "theirs": choices.get(stored, display(stored)) if choices else display(stored),
                "mine": choices.get(mine, display(mine)) if choices else display(mine),
            }
        )
    return rows


def conflict_context(current, *, thing: str, rows=(), message: str | None = None) -> dict:
    """What includes/edit_conflict.html shows: the message, who saved last and when (from the
    row's history when it has one), and the differing values."""
    by = at = None
    history = getattr(current, "history", None)
    if current is not None and history is not None:
        record = history.order_by("-history_date").select_related("history_user").first()
        if record is not None:
            by, at = record.history_user, record.history_date
    return {
        "message": message or CONFLICT_MESSAGE % {"thing": capfirst(thing)},
        "by": by,
        "at": at,
        "rows": list(rows),
        "help": CONFLICT_HELP,
    }
