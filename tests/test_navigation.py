"""Menus never lead to a refusal: every link of the main menu, of the home page and every
project tab shown to a role opens for that role (200)."""

from urllib.parse import urlparse

import html5lib
import pytest
from django.urls import reverse

from tests.conftest import ROLE_NAMES

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _tree(response):
    return html5lib.parse(response.content.decode(), namespaceHTMLElements=False)


def _links(element) -> set[str]:
    """Internal GET links under ``element`` (not anchors, not the language form)."""
    links = set()
    for anchor in element.iter("a"):
        href = anchor.get("href") or ""
        parsed = urlparse(href)
        if parsed.scheme or parsed.netloc or not parsed.path.startswith("/"):
            continue
        links.add(href)
    return links


def _by_label(tree, tag: str, label: str):
    return [e for e in tree.iter(tag) if e.get("aria-label") == label]


def _menu_and_home_links(client) -> set[str]:
    response = client.get(reverse("home"), **EN)
    assert response.status_code == 200
    tree = _tree(response)
    links = set()
    for nav in _by_label(tree, "nav", "Main navigation"):
        links |= _links(nav)
    for main in tree.iter("main"):
        links |= _links(main)
    return links


def _tab_links(client, project) -> set[str]:
    response = client.get(reverse("portfolios:project_detail", args=[project.pk]), **EN)
    if response.status_code != 200:
        return set()
    tabs = _by_label(_tree(response), "nav", "Project sections")
    return set().union(*(_links(nav) for nav in tabs)) if tabs else set()


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_every_link_and_tab_shown_opens(client_for, world, fresh_heartbeat, role):
    client = client_for(role)
    if role == "anonymous":
        assert client.get(reverse("home")).status_code == 302
        return
    links = _menu_and_home_links(client)
    tabs = set()
    for project in (world.project_a, world.project_b):
        tabs |= _tab_links(client, project)
    if role == "outsider":
        # No role: no menu, no tab; the home page only says whom to ask.
        assert not any(link.startswith(("/reporting/", "/resources/")) for link in links)
        assert tabs == set()
    else:
        assert reverse("reporting:dashboard") in links
        assert reverse("reporting:project_reports", args=[world.project_a.pk]) in tabs
    refused = {}
    for link in sorted(links | tabs):
        status = client.get(link, **EN).status_code
        if status != 200:
            refused[link] = status
    assert refused == {}


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (
            "pmo",
            {"resources:pending_allocations", "resources:cost_import", "reporting:my_reports"},
            set(),
        ),
        (  # a PM reads the budget alerts of their own projects (issue 14's PM cockpit)
            "pm",
            {"resources:alert_list"},
            {"resources:pending_allocations", "resources:cost_import"},
        ),
        (
            "resource_manager",
            {"resources:pending_allocations"},
            {"resources:cost_import", "reporting:my_reports"},
        ),
        (
            "finance",
            {"resources:cost_import", "resources:alert_list", "resources:import_log"},
            {"resources:pending_allocations"},
        ),
        ("executive", set(), {"resources:cost_import", "resources:alert_list"}),
    ],
)
def test_menu_shows_each_role_its_own_work(client_for, world, role, shown, hidden):
    links = _menu_and_home_links(client_for(role))
    assert {reverse(name) for name in shown} <= links
    assert not {reverse(name) for name in hidden} & links


def test_budget_tab_hidden_from_the_resource_manager(client_for, world):
    budget = reverse("resources:project_budget", args=[world.project_a.pk])
    assert budget not in _tab_links(client_for("resource_manager"), world.project_a)
    assert budget in _tab_links(client_for("finance"), world.project_a)


def test_menu_links_follow_the_script_prefix(world):
    """The portal served under a sub-path (SCRIPT_NAME /pmo/) links there, and served at the
    root, at the root: the menu's remembered URLs are kept per prefix."""
    from django.urls import get_script_prefix, set_script_prefix

    from pmo_portal.navigation import build_navigation

    def urls():
        return [
            e["url"] for area in build_navigation(world.users["pmo"], "/") for e in area["links"]
        ]

    saved = get_script_prefix()
    try:
        set_script_prefix("/")
        at_root = urls()
        set_script_prefix("/pmo/")
        under = urls()
    finally:
        set_script_prefix(saved)
    assert at_root
    assert all(not url.startswith("/pmo/") for url in at_root)
    assert under == ["/pmo" + url for url in at_root]
