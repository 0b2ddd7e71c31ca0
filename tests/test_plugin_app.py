"""A new app plugs in through its own folder alone: tests/plugin_app registers a menu area
and entry, a project tab, a home panel, a dashboard panel and permission rules from its
AppConfig.ready(), and each appears where the portal draws them, for the roles its rules
allow. (Its COPIL section is checked in tests/reporting/test_copil_plugin_section.py.)"""

from django.urls import reverse

from pmo_portal import registry

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _page(client, url):
    response = client.get(url, **EN)
    assert response.status_code == 200, url
    return response.content.decode()


def test_plugin_entries_appear_for_allowed_roles(plugin_app, client_for, world):
    pmo = client_for("pmo")
    home = _page(pmo, reverse("home"))
    assert "Plugin area" in home  # its menu area
    assert 'href="/plugin/"' in home  # its menu entry
    assert "Plugin home panel" in home
    assert "For pmo_user" in home
    assert "Plugin dashboard panel" in _page(pmo, reverse("reporting:dashboard"))
    project = _page(pmo, reverse("portfolios:project_detail", args=[world.project_a.pk]))
    tab = reverse("plugin_app:project", args=[world.project_a.pk])
    assert f'href="{tab}"' in project
    assert "Plugin tab" in project
    assert "Plugin page" in _page(pmo, reverse("plugin_app:index"))
    assert "Plugin tab" in _page(pmo, tab)


def test_plugin_rules_decide_who_sees_its_entries(plugin_app, client_for, world):
    """Its rule (plugin_app.view: PMO and executives; the tab also the project's PM) hides
    its menu, panel and tab from the other roles, and its pages refuse them."""
    pm = client_for("pm")
    home = _page(pm, reverse("home"))
    assert "Plugin area" not in home
    assert "Plugin home panel" not in home
    assert pm.get(reverse("plugin_app:index")).status_code == 403
    tab = reverse("plugin_app:project", args=[world.project_a.pk])
    assert f'href="{tab}"' in _page(
        pm, reverse("portfolios:project_detail", args=[world.project_a.pk])
    )
    finance = client_for("finance")
    page = _page(finance, reverse("portfolios:project_detail", args=[world.project_a.pk]))
    assert f'href="{tab}"' not in page
    assert finance.get(tab).status_code == 403


def test_plugin_leaves_nothing_behind(client_for, world):
    """Without the app installed, nothing of it is drawn (the registries describe the
    installed apps only)."""
    assert "plugin-section" not in {section.key for section in registry.copil_sections()}
    assert "plugin_app:index" not in {entry.url_name for entry in registry.menu_entries()}
    home = _page(client_for("pmo"), reverse("home"))
    assert "Plugin" not in home
