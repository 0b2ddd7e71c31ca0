"""Permissions of the lessons register. Imported by ``LessonsConfig.ready()``.

Who does what (the views' docstring says it for each page):
- every role reads the register: validated lessons; a project manager also their own drafts;
  the PMO every lesson, archived ones included (lessons/selectors.py, ``visible_lessons``);
- the PMO and project managers draft lessons; a project manager edits only their own drafts,
  the PMO any lesson;
- only the PMO validates, archives and imports a register.
"""

import rules

from pmo_portal.roles import has_a_role, is_pmo, is_project_manager


@rules.predicate
def own_draft(user, lesson) -> bool:
    return (
        lesson is not None
        and lesson.status == "draft"
        and lesson.created_by_id == getattr(user, "pk", None)
    )


rules.add_perm("lessons.view_register", has_a_role)
rules.add_perm("lessons.add_lesson", is_pmo | is_project_manager)
rules.add_perm("lessons.change_lesson", is_pmo | (is_project_manager & own_draft))  # obj: a lesson
rules.add_perm("lessons.validate_lesson", is_pmo)
rules.add_perm("lessons.import_lessons", is_pmo)
