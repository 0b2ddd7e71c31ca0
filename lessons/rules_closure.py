"""Permissions of closure reviews and improvement actions. Imported by
``LessonsConfig.ready()``.

- Closure review (object: the review, or the project for ``start``): every role reads the
  review of a project it reads (the cost figures only with ``resources.view_budget``); the
  project's manager (or a deputy) and the PMO start it and edit it while it is a draft (the
  PMO also once submitted); the manager submits it; only the PMO validates it or sends it
  back, and lists every review.
- Improvement actions: every role reads them; the PMO creates and edits them; the PMO or the
  action's owner marks one done.
"""

import rules

from pmo_portal.roles import has_a_role, is_pmo, manages_project, rules_only


@rules.predicate
def manages_review_project(user, review) -> bool:
    return review is not None and manages_project(user, review.project)


@rules.predicate
def review_is_draft(user, review) -> bool:
    return review is not None and review.status == "draft"


@rules.predicate
def review_is_submitted(user, review) -> bool:
    return review is not None and review.status == "submitted"


@rules.predicate
def owns_action(user, action) -> bool:
    return action is not None and action.owner_id == getattr(user, "pk", None)


@rules.predicate
def review_is_validated(user, review) -> bool:
    return review is not None and review.status == "validated"


rules.add_perm("lessons.start_closure_review", is_pmo | manages_project)  # obj: a project
rules.add_perm(  # obj: a review
    "lessons.change_closure_review",
    (is_pmo & ~review_is_validated) | (manages_review_project & review_is_draft),
)
rules.add_perm("lessons.submit_closure_review", (is_pmo | manages_review_project) & review_is_draft)
rules.add_perm("lessons.validate_closure_review", is_pmo)
rules.add_perm("lessons.list_closure_reviews", is_pmo)
rules.add_perm("lessons.view_actions", has_a_role)
rules.add_perm("lessons.change_action", is_pmo)
rules.add_perm("lessons.complete_action", is_pmo | owns_action)  # obj: an action

# The state decides for the PMO too: a validated review is frozen, a submitted one is not
# submitted again.
rules_only("lessons.change_closure_review", "lessons.submit_closure_review")
