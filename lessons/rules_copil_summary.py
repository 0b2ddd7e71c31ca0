"""Permissions of the drafted COPIL summary. Imported by ``LessonsConfig.ready()``.

Whoever reads a steering committee (reporting.view_copil, its scope checked by the meeting's
fetch: 404 outside it) reads its summary; only the PMO refreshes it, asks for the rewrite,
edits and approves it.
"""

import rules

from pmo_portal.roles import has_a_role, is_pmo

rules.add_perm("lessons.view_copil_summary", has_a_role)
rules.add_perm("lessons.change_copil_summary", is_pmo)
