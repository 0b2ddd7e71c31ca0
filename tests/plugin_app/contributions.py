from pmo_portal.registry import Area, CopilSection, MenuEntry, Panel, ProjectTab


def home_panel(request):
    return {"who": request.user.get_username()}


def dashboard_panel(request, board):
    return {"total": board.total}


def read_section(scope):
    return {"count": len(scope.project_ids)} if scope.project_ids else None


CONTRIBUTIONS = {
    "areas": [Area("plugin", "Plugin area", order=90)],
    "menu": [MenuEntry("plugin", "plugin_app:index", "Plugin page", 10, "plugin_app.view")],
    "project_tabs": [
        ProjectTab("plugin_app:project", "Plugin tab", 90, "plugin_app.view_project"),
    ],
    "home_panels": [
        Panel("plugin-home", 50, "plugin_app/home_panel.html", home_panel, "plugin_app.view")
    ],
    "dashboard_panels": [
        Panel("plugin-dashboard", 50, "plugin_app/dashboard_panel.html", dashboard_panel)
    ],
    "copil_sections": [
        CopilSection(
            key="plugin-section",
            title="Plugin section",
            order=60,
            template="plugin_app/copil_section.html",
            read=read_section,
            pages=lambda data: 1,
        )
    ],
}
