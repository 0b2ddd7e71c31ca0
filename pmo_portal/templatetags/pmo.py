"""Shared template tags: health (météo) badges, sortable headers, people's names."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pmo_portal.users import user_label

register = template.Library()

# shared/UI.md: colour is never the only signal; each level has a shape and a label.
HEALTH = {
    1: ("sunny", "●", _("Sunny")),
    2: ("cloudy", "▲", _("Cloudy")),
    3: ("rainy", "◆", _("Rainy")),
    4: ("stormy", "■", _("Stormy")),
}
NOT_REPORTED = ("none", "○", _("Not reported"))


@register.simple_tag
def health_badge(level, *, short: bool = False):
    """A météo badge: shape + label (the label stays for screen readers when ``short``)."""
    key, shape, label = HEALTH.get(level, NOT_REPORTED)
    if short:
        return format_html(
            '<span class="health health-{}" role="img" aria-label="{}" title="{}">'
            '<span aria-hidden="true">{}</span></span>',
            key,
            label,
            label,
            shape,
        )
    return format_html(
        '<span class="health health-{}"><span aria-hidden="true">{}</span> {}</span>',
        key,
        shape,
        label,
    )


@register.filter
def person(user) -> str:
    """A user's full name, or their username; never a raw id."""
    return user_label(user) if user else ""


@register.simple_tag(takes_context=True)
def sort_header(context, field: str, label: str, css_class: str = ""):
    """A sortable column header: link toggling ``?o=field`` / ``-field``, with aria-sort."""
    request = context["request"]
    current = request.GET.get("o", "")
    params = request.GET.copy()
    params.pop("page", None)
    if current == field:
        params["o"] = f"-{field}"
        sort, arrow = "ascending", "▲"
    elif current == f"-{field}":
        params["o"] = field
        sort, arrow = "descending", "▼"
    else:
        params["o"] = field
        sort, arrow = None, ""
    if sort:
        return format_html(
            '<th scope="col" class="{}" aria-sort="{}"><a href="?{}">{}</a>'
            ' <span aria-hidden="true">{}</span></th>',
            css_class,
            sort,
            params.urlencode(),
            label,
            arrow,
        )
    return format_html(
        '<th scope="col" class="{}"><a href="?{}">{}</a></th>',
        css_class,
        params.urlencode(),
        label,
    )


@register.filter
def kilo(amount):
    """An amount in thousands (for k€ columns); format it with ``floatformat:"0g"``."""
    if amount is None or amount == "":
        return ""
    return amount / 1000


@register.inclusion_tag("includes/project_tabs.html", takes_context=True)
def project_tabs(context, project):
    """Tabs across a project's pages (overview, status reports, milestones, RAID…)."""
    from pmo_portal.navigation import project_sections

    request = context["request"]
    return {
        "sections": project_sections(request.user, project, request.path),
        "project": project,
    }


@register.inclusion_tag("includes/portfolio_tabs.html", takes_context=True)
def portfolio_tabs(context, portfolio):
    """Tabs across a portfolio's settings pages (envelopes, reporting, alert recipients…)."""
    from pmo_portal.navigation import portfolio_sections

    request = context["request"]
    return {
        "sections": portfolio_sections(request.user, portfolio, request.path),
        "portfolio": portfolio,
    }


@register.inclusion_tag("includes/health_choice.html")
def health_choice(field, previous=None):
    """A health field as radio buttons, each with its météo shape and label (fieldset)."""
    options = []
    for value, label in field.field.choices:
        key, shape, _label = HEALTH.get(int(value), NOT_REPORTED)
        options.append(
            {
                "value": value,
                "label": label,
                "key": key,
                "shape": shape,
                "id": f"{field.auto_id}_{value}",
                "checked": str(field.value()) == str(value),
            }
        )
    return {"field": field, "options": options, "previous": previous}
