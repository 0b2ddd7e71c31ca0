"""The project list's filter form, rendered once and kept in the cache (issue 16: crispy
rendered it for 4.7 ms on every request, and its five choice lists cost five queries).

The fields' HTML depends only on the language and on the rows the choices come from
(portfolios, project types, business domains, active project managers, strategic
objectives), not on the reader: every role sees the same choices. So the form without any
filter value (the list as opened, or leafed through), and the form of a portfolio's list
(that portfolio selected), are cached per language (``cached_fields``, which reporting's
dashboard filters use too); a saved or deleted choice row drops every entry at once and again
after its transaction commits (so that a request that read the old rows meanwhile cannot
leave them cached). A filtered list renders its form as before (its values are selected in
it).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TEMPLATE = "portfolios/partials/project_filter_fields.html"
# A safety net for changes no signal sees (a bulk update, a raw SQL fix): a stale choice
# lives at most this long.
TIMEOUT = 300  # seconds
_GENERATION = "portfolios:filter-fields:generation"
_VARIANT_KEY = "portfolios:filter-fields:v1:{}:{}:{}:{}"


def portfolio_variant(project_filter, *, ignored: tuple[str, ...] = ()) -> str | None:
    """The variant under which ``project_filter``'s fields may be read from the cache: the
    chosen portfolio's pk ("" for none) when no other field but ``ignored`` has a value and
    the portfolio is one the filter accepts; None when the fields show values of their own
    (render them). Shared by the project list and the dashboards."""
    form = project_filter.form
    data = form.data if form.is_bound else QueryDict()
    skipped = {"portfolio", *ignored}
    if any(any(data.getlist(name)) for name in form.fields if name not in skipped):
        return None
    chosen = data.get("portfolio") or ""
    if not chosen:
        return ""
    if not form.is_valid():
        return None
    portfolio = form.cleaned_data.get("portfolio")
    return chosen if portfolio is not None and chosen == str(portfolio.pk) else None


def filter_fields(project_filter) -> SafeString:
    """The HTML of the filter's fields (all but the ordering) for the project list."""
    form = project_filter.form
    variant = portfolio_variant(project_filter, ignored=("o",))
    if variant is None:
        return render_to_string(TEMPLATE, {"form": form})
    # The list as opened ("") or a portfolio's list (from the tree or a dashboard).
    return cached_fields(
        "project-list", variant, lambda: render_to_string(TEMPLATE, {"form": form})
    )


def cache_key(name: str, variant: str, language: str | None = None) -> str:
    """Where ``cached_fields`` keeps ``name``'s ``variant`` in ``language`` (default: the
    active one) under the current generation (started if there is none)."""
    generation = cache.get(_GENERATION)
    if generation is None:
        cache.add(_GENERATION, uuid.uuid4().hex, None)
        generation = cache.get(_GENERATION)
    language = language or get_language() or settings.LANGUAGE_CODE
    return _VARIANT_KEY.format(name, generation, language, variant)


def cached_fields(name: str, variant: str, render: Callable[[], str]) -> SafeString:
    """The HTML ``render()`` gives, kept per language under ``name`` and ``variant`` (the
    few values a form may show selected, e.g. a dashboard's portfolio) until a row its
    choices come from changes (``forget``): for other forms whose choices are read from the
    same rows (reporting's dashboard filters). ``render`` must not depend on the reader.

    The entries of every name and variant live under a generation that ``forget`` drops,
    so that one deletion forgets them all."""
    key = cache_key(name, variant)
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 (our own rendering, cached as it was)


def forget() -> None:
    """Drop every ``cached_fields`` entry, in every language (a new generation)."""
    cache.delete(_GENERATION)


# A user's sign-in (last_login) or new password changes no choice label.
_IRRELEVANT_USER_FIELDS = frozenset({"last_login", "password"})


def _changed(sender=None, update_fields=None, **kwargs) -> None:
    if update_fields and set(update_fields) <= _IRRELEVANT_USER_FIELDS:
        return
    forget()
    transaction.on_commit(forget)


def connect() -> None:
    """Called by PortfoliosConfig.ready(): the models the form's choices are read from."""
    from portfolios.models import BusinessDomain, Portfolio, ProjectType, StrategicObjective

    user = get_user_model()
    for model in (Portfolio, ProjectType, BusinessDomain, StrategicObjective, user):
        post_save.connect(_changed, sender=model, dispatch_uid=f"filter-form-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"filter-form-{model.__name__}")
    # A user who becomes (or stops being) a project manager.
    m2m_changed.connect(_changed, sender=user.groups.through, dispatch_uid="filter-form-groups")
