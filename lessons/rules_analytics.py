"""Permissions of the past-performance analytics. Imported by ``LessonsConfig.ready()``.

- only the PMO reads the analytics page and its CSV export (every closed project, every
  project manager's figures);
- every reader of a project reads its tab "Outlook": how comparable closed projects finished
  (medians, never another project's own figures) and the overrun-risk prediction.
"""

import rules

from pmo_portal.roles import has_a_role, is_pmo

rules.add_perm("lessons.view_analytics", is_pmo)
rules.add_perm("lessons.view_project_outlook", has_a_role)
