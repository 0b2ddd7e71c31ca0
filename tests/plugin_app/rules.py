import rules

from pmo_portal.roles import is_executive, is_pmo, manages_project

# The plugin's pages: the PMO and executives; its project tab: also the project's PM.
rules.add_perm("plugin_app.view", is_pmo | is_executive)
rules.add_perm("plugin_app.view_project", is_pmo | is_executive | manages_project)
