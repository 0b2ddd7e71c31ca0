"""Extension points: what each app adds to pages it does not own (shared/DESIGN.md).

The foundations name no app. Each app declares, from its ``AppConfig.ready()``, the menu
area and entries, project tabs, portfolio settings tabs, home-page panels, dashboard panels,
COPIL meeting panels and COPIL pack sections it contributes::

    def ready(self):
        from pmo_portal import registry

        from . import rules  # noqa: F401  (the app's permission rules)

        registry.contribute(self.label, menu=[...], project_tabs=[...], home_panels=[...])

Besides what pages show, one registry carries data down to a lower layer: ``team_needs``, by
which resources tells the scenarios of portfolios which teams there are and what each project
needs from each (``TeamNeeds``).

Each app's REST API resources (``api_routes``) are mounted under /api/v1/ the same way, and
what an app adds to the API's project representation (``project_api_fields``: governance's
lifecycle phase) travels like the project list's filters.

``contribute`` replaces what the app contributed before (``ready()`` may run again when a
test installs an extra app), and what an app that is no longer installed contributed is
left out, so the registries always describe the installed apps. Every entry states the
permission that shows it: navigation never offers a link that answers 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class Area:
    """A top-level menu (one per app of the five roles of a PMO)."""

    key: str
    label: Any  # a lazy translation
    order: int


@dataclass(frozen=True)
class MenuEntry:
    """A link of an area's menu, shown to users who have ``perm`` (no object); without
    ``perm``, to every user with a role (the menu is only drawn for them)."""

    area: str
    url_name: str
    label: Any
    order: int
    perm: str | None = None


@dataclass(frozen=True)
class ProjectTab:
    """A section of a project's pages: ``url_name`` takes the project's pk. Tabs are drawn
    on pages of a project the user already reads, so a tab without ``perm`` is shown to
    every reader; with ``perm``, only to users who have it on the project."""

    url_name: str
    label: Any
    order: int
    perm: str | None = None


@dataclass(frozen=True)
class PortfolioTab:
    """A settings page of one portfolio node (envelopes, reporting policy, alert recipients…):
    ``url_name`` takes the portfolio's pk; shown to users who have ``perm`` (no object)."""

    url_name: str
    label: Any
    order: int
    perm: str | None = None


@dataclass(frozen=True)
class ProjectListFilter:
    """A filter of the project list (portfolios.filters.ProjectFilter) that another app owns,
    since the list's app cannot import it: ``build()`` returns a django-filter ``Filter``
    (label, choices, and a callable ``method(queryset, name, value)``) added under the GET
    parameter ``name``. The list, its exports and its counts all apply it."""

    name: str
    build: Callable[[], Any]
    order: int = 0


@dataclass(frozen=True)
class Panel:
    """A block of the home page or of the portfolio dashboard.

    ``context`` returns the template's context (the panel is left out when it returns
    None): ``context(request)`` for the home page, ``context(request, board)`` for the
    dashboard (``board`` is the dashboard's figures, with its filtered project queryset as
    ``board.filter.qs``). The template is included with that context under ``panel``.
    Panels are only drawn for users with a role; ``perm`` narrows that further.

    Meeting panels (``meeting_panels``) are blocks of a COPIL meeting's page:
    ``context(request, meeting)``, for a meeting the user already reads.

    ``deferred`` (dashboard panels): the page shows a placeholder and the panel is fetched
    once the page is on screen (its own HTMX request, same filters), so a panel that sums
    over every project of the scope does not delay the dashboard. Its ``board`` then holds
    only ``filter``.
    """

    key: str
    order: int
    template: str
    context: Callable[..., dict | None]
    perm: str | None = None
    deferred: bool = False


@dataclass(frozen=True)
class CopilScope:
    """What a COPIL pack section reads: the meeting, its projects (a Project queryset,
    already ordered as in the pack, and their ids), the day the data is read as of."""

    meeting: Any
    projects: Any
    project_ids: list[int]
    today: date
    language: str
    # Added for the COPIL renderer: the data the pack's own core sections share, read once
    # (reporting.copil.data.PackData); other apps' sections need not look at it.
    pack: Any = None


@dataclass(frozen=True)
class CopilSection:
    """A part of the COPIL pack, in ``order`` (cover 0, contents 10, executive summary 20,
    projects 50, appendices from 80).

    ``read(scope)`` is its selector: it returns the section's data, or None to leave the
    section out of this pack. ``template`` renders it (context: ``section`` = the data,
    ``d`` = the pack's data, ``part`` = its title and anchor). ``pages(data)`` estimates its
    printed pages (the renderer corrects a wrong estimate). ``appendix``: listed under
    "Appendices" in the contents.
    """

    key: str
    title: Any
    order: int
    template: str
    read: Callable[[CopilScope], Any]
    pages: Callable[[Any], int] = field(default=lambda data: 1)
    appendix: bool = False
    # Added for the COPIL renderer:
    # listed in the contents and the outline (False for the cover and the contents).
    in_contents: bool = True
    # A section of several page-breaking parts (the projects): ``items(data)`` gives each
    # one's (anchor, title, data); they are listed under the section's title in the
    # contents, rendered each with ``template`` (``section`` = its data) and ``pages(its
    # data)`` estimates each one's pages.
    items: Callable[[Any], list[tuple[str, Any, Any]]] | None = None
    # The section's title in this pack, from its data (default: ``title``).
    title_of: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class Placeholder:
    """A value a document template may name, ``{{ name }}`` in a docx template: the app that
    owns the data says what it is (``label``, an ``example`` shown to the PMO) and reads it
    for a project (``value(project)`` returns text, or a list of dicts for a table loop).
    Names are unique across apps (``placeholders()`` refuses a duplicate)."""

    name: str
    label: Any
    example: str
    order: int
    value: Callable[[Any], Any]
    # The permission the reader needs on the project to see the value (say a budget): without
    # it the document gets an empty value ("" or an empty table).
    perm: str | None = None


@dataclass(frozen=True)
class TeamNeeds:
    """Per-team FTE for the scenarios of portfolios (issue 12), which cannot import the app
    that owns the teams.

    ``teams()`` lists the teams a scenario may limit: ``[(id, name)]``, in display order.
    ``needs(project_ids=..., active_ids=..., years=...)`` returns the FTE (an annual average,
    like the business case's FTE) each project needs from each team each year:
    ``{(project_id, year, team_id): Decimal}``, zeros left out; ``active_ids`` are the active
    projects among them. Both run a fixed number of queries, whatever the number of projects.
    At most one app contributes it."""

    teams: Callable[[], list[tuple[int, str]]]
    needs: Callable[..., dict[tuple[int, int, int], Any]]
    order: int = 0


@dataclass(frozen=True)
class HistorySource:
    """One kind of audited row of a project, for its "History" tab (pmo_portal/history.py):
    ``records(project)`` returns the historical rows (simple_history) of that kind that
    belong to the project, as a queryset (the timeline orders, filters and slices it);
    ``label(record)``, when given, names a row from the record's own fields and the
    relations ``records`` selects (the row's ``__str__`` otherwise: ids, or a query per row);
    ``written`` names the fields no form edits (``editable=False``) that a service writes in
    the name of the change's author (the project's declared status): their change is told
    like the others'. Fields recomputed in bulk, without history, are never listed there: the
    next person's change would seem to have made it."""

    key: str
    order: int
    records: Callable[[Any], Any]
    label: Callable[[Any], str] | None = None
    written: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApiRoute:
    """A resource of the REST API under /api/v1/ (pmo_portal/api/urls.py): ``prefix`` is
    the URL prefix as DRF routers take it (a regex part such as
    ``projects/(?P<project_pk>[0-9]+)/milestones`` is allowed), ``viewset`` the app's view
    set, ``basename`` names its URLs ``api:<basename>-list`` and ``api:<basename>-detail``."""

    prefix: str
    viewset: Any
    basename: str
    order: int = 0


@dataclass(frozen=True)
class ProjectApiField:
    """A field of the REST API's project representation (portfolios/api.py) that another app
    owns, since portfolios cannot import it (governance's lifecycle phase, say).

    ``serializer_field()`` returns the read-only DRF field that reads it from a project (its
    type and help text document it in the OpenAPI schema); ``prepare(queryset)`` adds what
    it reads to a Project queryset (``select_related``, ``prefetch_related``, ``annotate``),
    so that the project list costs the same number of queries whatever its length."""

    name: str
    serializer_field: Callable[[], Any]
    prepare: Callable[[Any], Any] = field(default=lambda queryset: queryset)
    order: int = 0


@dataclass
class Contribution:
    areas: list[Area] = field(default_factory=list)
    menu: list[MenuEntry] = field(default_factory=list)
    project_tabs: list[ProjectTab] = field(default_factory=list)
    portfolio_tabs: list[PortfolioTab] = field(default_factory=list)
    project_filters: list[ProjectListFilter] = field(default_factory=list)
    home_panels: list[Panel] = field(default_factory=list)
    dashboard_panels: list[Panel] = field(default_factory=list)
    meeting_panels: list[Panel] = field(default_factory=list)
    copil_sections: list[CopilSection] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)
    team_needs: list[TeamNeeds] = field(default_factory=list)
    history_sources: list[HistorySource] = field(default_factory=list)
    api_routes: list[ApiRoute] = field(default_factory=list)
    project_api_fields: list[ProjectApiField] = field(default_factory=list)


_contributions: dict[str, Contribution] = {}


def contribute(
    app_label: str,
    *,
    areas: Iterable[Area] = (),
    menu: Iterable[MenuEntry] = (),
    project_tabs: Iterable[ProjectTab] = (),
    portfolio_tabs: Iterable[PortfolioTab] = (),
    project_filters: Iterable[ProjectListFilter] = (),
    home_panels: Iterable[Panel] = (),
    dashboard_panels: Iterable[Panel] = (),
    meeting_panels: Iterable[Panel] = (),
    copil_sections: Iterable[CopilSection] = (),
    placeholders: Iterable[Placeholder] = (),
    team_needs: Iterable[TeamNeeds] = (),
    history_sources: Iterable[HistorySource] = (),
    api_routes: Iterable[ApiRoute] = (),
    project_api_fields: Iterable[ProjectApiField] = (),
) -> None:
    """Record what ``app_label`` adds (replacing what it added before)."""
    _contributions[app_label] = Contribution(
        areas=list(areas),
        menu=list(menu),
        project_tabs=list(project_tabs),
        portfolio_tabs=list(portfolio_tabs),
        project_filters=list(project_filters),
        home_panels=list(home_panels),
        dashboard_panels=list(dashboard_panels),
        meeting_panels=list(meeting_panels),
        copil_sections=list(copil_sections),
        placeholders=list(placeholders),
        team_needs=list(team_needs),
        history_sources=list(history_sources),
        api_routes=list(api_routes),
        project_api_fields=list(project_api_fields),
    )


def _installed(kind: str) -> list:
    installed = apps.app_configs  # label → AppConfig of the installed apps
    items = [
        item
        for label, contribution in _contributions.items()
        if label in installed
        for item in getattr(contribution, kind)
    ]
    return sorted(items, key=lambda item: item.order)


def areas() -> list[Area]:
    return _installed("areas")


def menu_entries() -> list[MenuEntry]:
    return _installed("menu")


def project_tabs() -> list[ProjectTab]:
    return _installed("project_tabs")


def portfolio_tabs() -> list[PortfolioTab]:
    return _installed("portfolio_tabs")


def project_filters() -> list[ProjectListFilter]:
    return _installed("project_filters")


def home_panels() -> list[Panel]:
    return _installed("home_panels")


def dashboard_panels() -> list[Panel]:
    return _installed("dashboard_panels")


def meeting_panels() -> list[Panel]:
    return _installed("meeting_panels")


def copil_sections() -> list[CopilSection]:
    return _installed("copil_sections")


def placeholders() -> list[Placeholder]:
    """Every document-template placeholder of the installed apps, in order."""
    found = _installed("placeholders")
    names = [placeholder.name for placeholder in found]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"placeholder names contributed twice: {', '.join(duplicates)}")
    return found


def history_sources() -> list[HistorySource]:
    return _installed("history_sources")


def api_routes() -> list[ApiRoute]:
    return _installed("api_routes")


def project_api_fields() -> list[ProjectApiField]:
    return _installed("project_api_fields")


def team_needs() -> TeamNeeds | None:
    """The installed provider of per-team FTE needs, or None (scenarios then have no team
    limits)."""
    found = _installed("team_needs")
    if len(found) > 1:
        raise ValueError("more than one app contributes team needs")
    return found[0] if found else None


def allowed(user, perm: str | None, obj=None) -> bool:
    return perm is None or user.has_perm(perm, obj)


def render_panels(panels: list[Panel], request, *args) -> list[dict]:
    """The panels ``request.user`` may see and that have something to show, with their
    context: ``[{"key", "template", "panel"}]`` for ``{% include %}``. A deferred panel is
    not computed: it is listed with ``"deferred": True`` for the page's placeholder."""
    shown = []
    for panel in panels:
        if not allowed(request.user, panel.perm):
            continue
        if panel.deferred:
            shown.append({"key": panel.key, "deferred": True})
            continue
        context = panel.context(request, *args)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, "panel": context})
    return shown
