"""Roll-ups: per-portfolio-node figures kept up to date by the services (issue 16, "Scale").

Decisions (shared/DESIGN.md, "Roll-ups"; the services in portfolios/services/rollups.py):

- **Granularity: per node, own projects only.** A ``Rollup`` row holds the figures of the
  projects placed directly in its portfolio node; a subtree's figure is the SQL sum of its
  nodes' rows (the tree has a few hundred nodes at most). Exact, a project move touches two
  nodes, and the cost does not depend on the number of projects.
- **Figures are facts keyed by a date, never "as of today".** ``period`` is the date a
  figure belongs to: a report's period start ("sub"), a month (trend, creation), a day
  (milestone forecast, planned start), a fiscal year's first day (budgets), or ``ALWAYS``
  for figures of the current state (health counts, open risks). The readers apply today's
  date (this period, the previous one, 60 days ahead), so a period rolling over, a month
  ending or a milestone falling overdue needs no write at all.
- **Per project, the ledger.** ``RollupEntry`` keeps each project's own contribution (the
  same keys). A service that changes a project's inputs calls
  ``refresh_projects([id])``: one statement recomputes the project's rows from the source
  tables, replaces its ledger rows and adds the difference to the node rows. The service
  never needs the state before the change, and a project moving takes its figures along.
- **Short lists, the items a dashboard may list.** ``RollupItem`` holds, per project under
  way, the items of the dashboards' top-10 lists (open risks, open milestones, the project
  itself when worse than its previous report) with the values the list is sorted by,
  written by the same refresh statement and reconciled with the ledger. One index walk per
  node (``ORDER BY … LIMIT 10`` within a node, then the best ten of those) gives a list in
  a cost that depends on the number of nodes, not of projects; the dashboards then read the
  ten rows themselves.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

# The period of figures that describe the current state (no date of their own).
ALWAYS = date(1, 1, 1)
ROLLUP_VALUE = {"max_digits": 18, "decimal_places": 2}


class Rollup(models.Model):
    """The sum of the ``RollupEntry`` rows of a node's own projects, per key and period."""

    portfolio = models.ForeignKey(
        "portfolios.Portfolio",
        verbose_name=_("portfolio"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(_("figure"), max_length=40)
    period = models.DateField(_("period"))
    value = models.DecimalField(_("value"), **ROLLUP_VALUE)

    class Meta:
        verbose_name = _("roll-up")
        verbose_name_plural = _("roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "key", "period"], name="rollup_one_per_node_key_period"
            ),
        ]
        indexes = [
            # Dashboards at company scope: a few keys at a few periods, every node.
            models.Index(fields=["key", "period"], name="rollup_key_period"),
        ]

    def __str__(self) -> str:
        return f"{self.portfolio_id} {self.key} {self.period:%Y-%m-%d} {self.value}"


class ProjectLedgerRow(models.Model):
    """A row of one project, filed under the portfolio the project sat in when it was
    written (a refresh deletes the project's rows and writes them again)."""

    project = models.ForeignKey(
        "portfolios.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    portfolio = models.ForeignKey(
        "portfolios.Portfolio",
        verbose_name=_("portfolio"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        abstract = True


class RollupEntry(ProjectLedgerRow):
    """One project's contribution to its node's roll-ups (what a refresh takes back)."""

    key = models.CharField(_("figure"), max_length=40)
    period = models.DateField(_("period"))
    value = models.DecimalField(_("value"), **ROLLUP_VALUE)

    class Meta:
        verbose_name = _("roll-up entry")
        verbose_name_plural = _("roll-up entries")
        indexes = [
            # A refresh deletes a project's rows.
            models.Index(fields=["project"], name="rollupentry_project"),
            # The dashboard's "worse since the last report" rows: the few projects flagged.
            models.Index(fields=["key", "period"], name="rollupentry_key_period"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.key} {self.period:%Y-%m-%d} {self.value}"


class RollupItem(ProjectLedgerRow):
    """One item a dashboard's short list may show (a risk, a milestone, a project), with the
    values the list is sorted by: ``sort_number``, ``sort_text``, ``sort_date`` then
    ``item_id``, ascending (the meaning of each is the list's, pmo_portal/rollup_sources.py)."""

    key = models.CharField(_("list"), max_length=40)
    sort_number = models.IntegerField(_("sort number"))
    sort_text = models.CharField(_("sort text"), max_length=40, blank=True)
    sort_date = models.DateField(_("sort date"), null=True, blank=True)
    item_id = models.BigIntegerField(_("item"))

    class Meta:
        verbose_name = _("roll-up item")
        verbose_name_plural = _("roll-up items")
        indexes = [
            # A refresh deletes a project's rows.
            models.Index(fields=["project"], name="rollupitem_project"),
            # The dashboards' top-10 lists: the first ten of a list within each node, in
            # the list's order, from the index alone (reporting.selectors.dashboard_lists).
            models.Index(
                fields=["key", "portfolio", "sort_number", "sort_text", "sort_date", "item_id"],
                name="rollupitem_node_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.key} {self.item_id}"
