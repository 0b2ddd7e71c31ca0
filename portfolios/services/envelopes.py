"""The yearly CAPEX/OPEX envelopes of a portfolio node, set by the PMO."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pmo_portal.concurrency import lock_version
from portfolios.models import Portfolio, PortfolioEnvelope

FIELDS = ("fiscal_year", "capex", "opex")


def _taken(portfolio: Portfolio, year: int) -> ValidationError:
    return ValidationError(
        {
            "fiscal_year": _(
                "%(portfolio)s already has an envelope for %(year)s: edit that one instead."
            )
            % {"portfolio": portfolio.name, "year": year}
        }
    )


def save_envelope(
    *,
    portfolio: Portfolio,
    data: dict,
    envelope: PortfolioEnvelope | None = None,
    version: int | None = None,
) -> PortfolioEnvelope:
    """Add a year's envelope to ``portfolio`` (``envelope`` None) or change one.

    One envelope per portfolio and year: a second one for the same year is refused with a
    message on the year (the database constraint catches a race). Editing an envelope
    checks ``version``, the version the page showed (EditConflict, nothing saved)."""
    with transaction.atomic():
        if envelope is None:
            envelope = PortfolioEnvelope(portfolio=portfolio)
        else:
            envelope = lock_version(
                PortfolioEnvelope.objects.filter(portfolio=portfolio),
                pk=envelope.pk,
                version=version,
            )
        for name in FIELDS:
            if name in data:
                setattr(envelope, name, data[name])
        clash = PortfolioEnvelope.objects.filter(
            portfolio=portfolio, fiscal_year=envelope.fiscal_year
        ).exclude(pk=envelope.pk)
        if clash.exists():
            raise _taken(portfolio, envelope.fiscal_year)
        envelope.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                envelope.save()
        except IntegrityError as error:  # another page added the same year meanwhile
            raise _taken(portfolio, envelope.fiscal_year) from error
    return envelope
