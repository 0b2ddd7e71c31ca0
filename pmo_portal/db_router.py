"""Reads of dashboards, lists and exports on a read replica (``DATABASE_REPLICA_URL``).

Nothing goes to the replica unless three things hold:

- a replica is configured (``settings.READ_REPLICA`` names its alias; ``None`` without
  ``DATABASE_REPLICA_URL``, and then this router answers "default" to everything);
- the read happens inside an explicit read scope: ``with replica_reads():`` or a view
  decorated with ``@replica_reads`` (dashboards, list pages, exports);
- the reader cannot be fooled by replication lag: the default connection is not inside a
  ``transaction.atomic`` block, nothing has been written during this request (or this
  scope, outside a request), and the browser did not write in the last
  ``READ_REPLICA_PIN_SECONDS`` (``ReplicaPinMiddleware``: a PM who has just submitted a
  report is redirected to pages read from the primary, so they see it).

Writes always go to default; migrations run only on default. Sessions, users, groups and
permissions, and django-axes' lockouts are always read from default: a role withdrawn or a
sign-out must count at once, never a few seconds later.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# Read from default whatever the scope: see the module docstring.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "axes"})
# Writes that do not pin the reader to default: the session is saved by most requests
# (messages live in it), and its rows are always read from default anyway.
UNPINNING_WRITE_APPS = frozenset({"sessions"})
PIN_COOKIE = "pmo_primary"


@dataclass
class _Routing:
    """The routing state of one request (or of one scope outside a request)."""

    depth: int = 0  # nested replica_reads() blocks
    wrote: bool = False  # something was written: read your writes from now on
    pinned: bool = False  # the browser wrote a moment ago (PIN_COOKIE)


_routing: ContextVar[_Routing | None] = ContextVar("pmo_db_routing", default=None)


def replica_alias() -> str | None:
    return getattr(settings, "READ_REPLICA", None) or None


@contextmanager
def _installed(state: _Routing) -> Iterator[_Routing]:
    token = _routing.set(state)
    try:
        yield state
    finally:
        _routing.reset(token)


@contextmanager
def _scope(state: _Routing) -> Iterator[None]:
    with _installed(state):
        state.depth += 1
        try:
            yield
        finally:
            state.depth -= 1


def _in_scope(iterator, state: _Routing) -> Iterator:
    """A streamed body read in the scope of its view: Django iterates it after the view has
    returned. The scope is entered around each ``next()``, never across a ``yield``, so each
    step sets and resets the context variable in the same context."""
    iterator = iter(iterator)
    while True:
        with _scope(state):
            try:
                chunk = next(iterator)
            except StopIteration:
                return
        yield chunk


def _read_in_scope(response, state: _Routing):
    """What the view hands back unevaluated is evaluated in the scope too: a template
    response is rendered here, a streamed body is wrapped."""
    if getattr(response, "streaming", False):
        response.streaming_content = _in_scope(response.streaming_content, state)
    elif callable(getattr(response, "render", None)) and not response.is_rendered:
        response.render()  # the caller is in the scope
    return response


def replica_reads(view: Callable | None = None):
    """The read scope: ``with replica_reads(): ...``, or ``@replica_reads`` on a view
    function (innermost, right above ``def``: the permission checks around it read users
    and sessions, which stay on default anyway).

    Only for code that reads: a view that may write should not be decorated (its writes go
    to default anyway, and pin the rest of the request to default)."""
    if view is None:
        return _scope(_routing.get() or _Routing())

    @functools.wraps(view)
    def read_from_replica(request, *args, **kwargs):
        state = _routing.get() or _Routing()
        with _scope(state):
            response = view(request, *args, **kwargs)
            return _read_in_scope(response, state)

    return read_from_replica


def reading_from_replica() -> bool:
    """Whether a read now (of a model without a primary-only app) would go to the replica."""
    state = _routing.get()
    return bool(
        replica_alias()
        and state is not None
        and state.depth
        and not state.wrote
        and not state.pinned
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry: see the module docstring."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS or not reading_from_replica():
            return DEFAULT_DB_ALIAS
        return replica_alias()

    def db_for_write(self, model, **hints):
        state = _routing.get()
        if state is not None and model._meta.app_label not in UNPINNING_WRITE_APPS:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as default: an object read from one may point to
        # an object read from the other.
        alias = replica_alias()
        if alias and {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, alias}:
            return True
        return None  # Django's rule: the same database

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaPinMiddleware:
    """Gives each request its routing state and keeps a browser that has just written on
    the primary for ``READ_REPLICA_PIN_SECONDS``: its next pages (the redirect after a form)
    must show what it wrote, whatever the replica's lag. Does nothing without a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_alias():
            return self.get_response(request)
        state = _Routing(pinned=PIN_COOKIE in request.COOKIES)
        with _installed(state):
            response = self.get_response(request)
        if state.wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.READ_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
