"""Governance permissions (django-rules), on the shared predicates of pmo_portal.roles.

Each page family adds its rules here: methods and guides, lifecycle (gate reviews,
deliverables, waivers), the template library, compliance.
"""

from __future__ import annotations

import rules

from pmo_portal.roles import has_a_role, is_pmo

# Reading the référentiel (methods, guides, published templates): every role.
rules.add_perm("governance.view_referential", has_a_role)
# Writing it (methodologies, phases, guides, templates): the PMO.
rules.add_perm("governance.manage_referential", is_pmo)

# --- Lifecycle (gate reviews, deliverables, waivers): governance/services/lifecycle.py ------
from pmo_portal.roles import is_executive, manages_project, sees_project  # noqa: E402


@rules.predicate
def is_gate_decider(user, review) -> bool:
    """``user`` decides the gate of ``review``: one of the phase's named deciders when it
    names some, else by its decider role (the PMO, the project's sponsor, or an executive who
    reads the project). Reads ``review.phase.decider_ids`` when the selector set it."""
    if review is None or not user.is_authenticated:
        return False
    phase = review.phase
    named = getattr(phase, "decider_ids", None)
    if named is None:
        named = set(phase.deciders.values_list("pk", flat=True))
    if named:
        return user.pk in named
    if phase.decider_role == "sponsor":
        return review.project.sponsor_id == user.pk
    if phase.decider_role == "executive":
        return is_executive(user) and sees_project(user, review.project)
    return is_pmo(user)


@rules.predicate
def owns_condition_or_manages(user, condition) -> bool:
    if condition is None or not user.is_authenticated:
        return False
    return condition.owner_id == user.pk or manages_project(user, condition.review.project)


# Start a project's lifecycle: the PMO or the project's manager (and deputies).
rules.add_perm("governance.start_lifecycle", is_pmo | manages_project)
# Request the gate review of the current phase: the project's manager (and deputies).
rules.add_perm("governance.request_gate_review", manages_project)
# Decide a gate review (object: the review).
rules.add_perm("governance.decide_gate_review", is_gate_decider)
# Waive a required deliverable of a project: the PMO only.
rules.add_perm("governance.waive_deliverable", is_pmo)
# Mark a gate condition done: its owner or the project's manager.
rules.add_perm("governance.complete_condition", owns_condition_or_manages)

# --- Template library and deliverable files: governance/services/{library,deliverables}.py --
# Upload the file of a required deliverable of a project (obj: the project): its manager and
# deputies, and the PMO. Reading the library and filling a template for a project one reads:
# governance.view_referential (the project's scope is checked by get_project_for_user).
rules.add_perm("governance.upload_deliverable", is_pmo | manages_project)

# --- Compliance: governance/selectors/compliance.py ------------------------------------------
# Every role reads the compliance of the projects it reads; the PMO's home page lists the
# projects with late deliverables.
rules.add_perm("governance.view_compliance", has_a_role)
rules.add_perm("governance.watch_compliance", is_pmo)
