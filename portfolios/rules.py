"""Permissions of strategic alignment (portfolios, projects, objectives).

Imported by ``PortfoliosConfig.ready()``; the predicates are the foundations'
(pmo_portal/roles.py). Lists are scoped by ``Project.objects.visible_to(user)``.
"""

import rules

from pmo_portal.roles import has_a_role, is_pmo, manages_project, sees_project

rules.add_perm("portfolios.access", has_a_role)  # the area pages: any role
rules.add_perm("portfolios.view_project", sees_project)
rules.add_perm("portfolios.add_project", is_pmo)
rules.add_perm("portfolios.change_project", is_pmo | manages_project)
# Fields that shape the portfolio (code, portfolio, manager, sponsor, status) stay with the PMO.
rules.add_perm("portfolios.change_project_governance", is_pmo)
