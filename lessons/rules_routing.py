"""Permissions of lesson routing. Imported by ``LessonsConfig.ready()``.

- every reader of a project reads its tab "Lessons for your project" (validated lessons
  only, like the register);
- the project's manager or a deputy, and the PMO, mark a lesson applied or not relevant
  (``lessons.decide_route``, object: the project);
- only the PMO routes a lesson by hand and reads the coverage page.
"""

import rules

from pmo_portal.roles import has_a_role, is_pmo, manages_project

rules.add_perm("lessons.view_project_lessons", has_a_role)
rules.add_perm("lessons.decide_route", is_pmo | manages_project)  # obj: a project
rules.add_perm("lessons.route_lessons", is_pmo)
