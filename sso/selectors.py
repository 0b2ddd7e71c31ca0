"""Reads of the mapping pages."""

from __future__ import annotations

from django.http import Http404

from sso.models import SsoGroupMapping, SsoIdentity


def mappings():
    """The table, by group (two queries with the portfolios' names)."""
    return SsoGroupMapping.objects.select_related("portfolio").order_by("group", "role", "pk")


def get_mapping(pk: int) -> SsoGroupMapping:
    mapping = SsoGroupMapping.objects.select_related("portfolio").filter(pk=pk).first()
    if mapping is None:
        raise Http404
    return mapping


def identity_count() -> int:
    """How many portal accounts have signed in through the provider."""
    return SsoIdentity.objects.count()
