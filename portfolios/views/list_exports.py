"""The files of the portfolio lists that had none (``?export=csv|xlsx`` on the list's own URL,
through pmo_portal/exports.py): the columns each list shows. The project list, the backlog
and the objectives keep their dedicated export URLs (views/__init__.py, scoring_backlog.py,
objectives_export.py)."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pmo_portal.exports import Column
from pmo_portal.users import user_label
from portfolios.models import ScoreStatus

CONTRIBUTION_COLUMNS = [
    Column(_("Code"), lambda c: c.project.code),
    Column(_("Project"), lambda c: c.project.name),
    Column(_("Portfolio"), lambda c: c.project.portfolio.name),
    Column(_("Status"), lambda c: c.project.get_status_display()),
    Column(capfirst(_("archived")), lambda c: c.project.is_archived),
    Column(_("Contribution"), lambda c: c.get_score_display()),
    Column(_("Rationale"), lambda c: c.rationale),
]

PROPOSAL_COLUMNS = [
    Column(_("Code"), lambda s: s.project.code),
    Column(_("Project"), lambda s: s.project.name),
    Column(_("Portfolio"), lambda s: s.project.portfolio.name),
    Column(_("Criterion"), lambda s: s.criterion.label),
    Column(_("Validated score"), lambda s: s.value if s.status == ScoreStatus.VALIDATED else None),
    Column(
        _("Proposed score"),
        lambda s: s.proposed_value if s.proposed_value is not None else s.value,
    ),
    Column(_("Rationale"), lambda s: s.rationale),
    Column(_("Proposed by"), lambda s: user_label(s.proposed_by)),
    Column(_("Date"), lambda s: s.updated_at),
]
