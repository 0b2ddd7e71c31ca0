"""The count panels of each role's cockpit on the home page (issue 14).

A cockpit panel is a ``registry.Panel`` whose template is ``COUNT_TEMPLATE`` and whose
context comes from ``count_panel``: a big count linking to the list that shows exactly those
rows, and one sentence saying what to do (or, at zero, that nothing is waiting). The apps
own their panels and their sentences; the home page lays the cards out side by side.
"""

from __future__ import annotations

from django.utils.formats import number_format

from pmo_portal import roles

COUNT_TEMPLATE = "includes/count_panel.html"


def count_panel(
    *, key: str, title, count: int, todo, done, url: str, detail=None, detail_url: str = ""
) -> dict:
    """The context of one card. ``todo`` is the sentence shown when ``count`` is not zero
    (already pluralised and formatted by the app), ``done`` the one shown at zero; ``detail``
    an optional second line (a date, a trend), a link to ``detail_url`` if given."""
    return {
        "card": True,
        "key": key,
        "title": title,
        "count": count,
        "shown": number_format(count, force_grouping=True),
        "sentence": todo if count else done,
        "url": url,
        "detail": detail,
        "detail_url": detail_url,
    }


def grouped(value: int) -> str:
    """A count as the sentences print it (thousands grouped per locale)."""
    return number_format(value, force_grouping=True)


def for_role(request, role: roles.Role) -> bool:
    """Cockpit panels are per role: the PMO's backend grants every permission, so a panel
    meant for one role checks the role itself, not only its permission."""
    return roles.has_role(request.user, role)
