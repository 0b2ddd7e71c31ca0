"""Resources' filters of the project list (pmo_portal.registry.ProjectListFilter): the list
lives in portfolios, which cannot import the costs it filters on."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import ProjectListFilter
from resources.selectors.cockpit import MISSING, filter_actuals


def _actuals_filter() -> django_filters.Filter:
    return django_filters.ChoiceFilter(
        label=_("Actual costs this month"),
        choices=[(MISSING, _("None (active projects with a budget this year)"))],
        empty_label=_("Any"),
        method=filter_actuals,
    )


PROJECT_FILTERS = [ProjectListFilter("actuals", _actuals_filter, order=10)]
