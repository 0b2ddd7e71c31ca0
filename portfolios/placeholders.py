"""The project's facts a document template may name (``{{ project_name }}``…), contributed
to ``registry.placeholders()`` from contributions.py. Values are text in the active
language; the project comes from get_project_for_user (its portfolio, domain, type, manager
and sponsor already loaded)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import Placeholder
from pmo_portal.text_values import text_amount, text_date
from pmo_portal.users import user_label

PLACEHOLDERS = [
    Placeholder(
        "project_name", _("Project name"), "Refonte du portail client", 10, lambda p: p.name
    ),
    Placeholder("project_code", _("Project code"), "PRJ-0042", 11, lambda p: p.code),
    Placeholder(
        "project_manager",
        _("Project manager"),
        "Claire Martin",
        12,
        lambda p: user_label(p.manager),
    ),
    Placeholder("sponsor", _("Sponsor"), "Marc Dubois", 13, lambda p: user_label(p.sponsor)),
    Placeholder("portfolio", _("Portfolio"), "BU Nord", 14, lambda p: p.portfolio.name),
    Placeholder(
        "business_domain", _("Business domain"), "Finance", 15, lambda p: p.business_domain.name
    ),
    Placeholder("project_type", _("Project type"), "Applicatif", 16, lambda p: p.project_type.name),
    Placeholder(
        "planned_start", _("Planned start"), "06/01/2026", 17, lambda p: text_date(p.planned_start)
    ),
    Placeholder(
        "planned_end", _("Planned end"), "30/11/2026", 18, lambda p: text_date(p.planned_end)
    ),
    Placeholder(
        "description",
        _("Project description"),
        "Remplacer le portail…",
        19,
        lambda p: p.description,
    ),
    Placeholder(
        "estimated_cost",
        _("Estimated cost"),
        "250 000,00 €",
        20,
        lambda p: text_amount(p.estimated_cost),
    ),
]
