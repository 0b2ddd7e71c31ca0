"""Permissions of tracking and reporting (status reports, RAID, dashboards, COPIL).

Imported by ``ReportingConfig.ready()``. Reading follows the project (404 outside the
reader's scope). A PM writes the reports, milestones and RAID log of the projects they
manage or deputise; nobody edits a submitted report until the PMO reopens it.
"""

import rules

from pmo_portal.roles import (
    has_a_role,
    is_executive,
    is_pmo,
    is_project_manager,
    manages_item_project,
    manages_project,
    rules_only,
)
from reporting.models import ReportStatus


@rules.predicate
def report_is_open(user, report) -> bool:
    return report is not None and report.status != ReportStatus.SUBMITTED


rules.add_perm("reporting.write_project", is_pmo | manages_project)  # obj: a project
rules.add_perm("reporting.change_statusreport", (is_pmo | manages_item_project) & report_is_open)
rules.add_perm("reporting.reopen_statusreport", is_pmo)
rules.add_perm("reporting.change_raiditem", is_pmo | manages_item_project)
rules.add_perm("reporting.view_dashboard", has_a_role)
# "My status reports" in the menu: for those who write reports (the page opens for any role).
rules.add_perm("reporting.write_reports", is_pmo | is_project_manager)
# A submitted report is locked for everyone, the PMO included, until reopened.
rules_only("reporting.change_statusreport")

# Steering committees. Reading a meeting (and downloading its packs) follows
# ``CopilMeeting.objects.visible_to`` (404 outside it): the PMO, attendees, members of the
# portfolio, the people of a project COPIL's project. The PMO plans meetings and sets up the
# packs; executives record decisions and generate packs of the meetings they see.
rules.add_perm("reporting.view_copil", has_a_role)
rules.add_perm("reporting.manage_copil", is_pmo)
rules.add_perm("reporting.record_decision", is_pmo | is_executive)  # obj: a meeting
rules.add_perm("reporting.generate_pack", is_pmo | is_executive)  # obj: a meeting

# A portfolio's reporting policy (frequency, due days: its settings pages): the PMO.
rules.add_perm("reporting.manage_policies", is_pmo)
