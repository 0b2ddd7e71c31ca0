"""Permissions of strategic alignment (portfolios, projects, objectives).

Imported by ``PortfoliosConfig.ready()``; the predicates are the foundations'
(pmo_portal/roles.py). Lists are scoped by ``Project.objects.visible_to(user)``.
"""

import rules

from pmo_portal.roles import has_a_role, is_executive, is_pmo, manages_project, sees_project

rules.add_perm("portfolios.access", has_a_role)  # the area pages: any role
rules.add_perm("portfolios.view_project", sees_project)
rules.add_perm("portfolios.add_project", is_pmo)
rules.add_perm("portfolios.change_project", is_pmo | manages_project)
# Fields that shape the portfolio (code, portfolio, manager, sponsor, status) stay with the PMO.
rules.add_perm("portfolios.change_project_governance", is_pmo)

# Strategic alignment (issue 12). Lists stay scoped by Project.objects.visible_to(user).
# Objectives, the coverage map, the ranking and the prioritised backlog: any role reads them.
rules.add_perm("portfolios.view_alignment", has_a_role)
# Objectives, their KPIs and the contributions of projects to them: the PMO.
rules.add_perm("portfolios.manage_objectives", is_pmo)
# Scoring models, criteria, weights (direct or pairwise): the PMO.
rules.add_perm("portfolios.manage_scoring", is_pmo)
# A project's scores: the PMO enters and validates; the project's manager proposes.
rules.add_perm("portfolios.validate_score", is_pmo)
rules.add_perm("portfolios.propose_score", is_pmo | manages_project)
# The business case (CAPEX, OPEX, FTE, benefits per year) and dependencies of a project.
rules.add_perm("portfolios.change_business_case", is_pmo | manages_project)
rules.add_perm("portfolios.manage_dependencies", is_pmo)
# Scenarios: executives read them; only the PMO creates, solves and commits them.
rules.add_perm("portfolios.view_scenarios", is_pmo | is_executive)
rules.add_perm("portfolios.manage_scenarios", is_pmo)
# A portfolio's yearly CAPEX/OPEX envelopes (its settings pages): the PMO.
rules.add_perm("portfolios.manage_envelopes", is_pmo)
