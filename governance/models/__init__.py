"""Governance: the PMO's référentiel (shared/DESIGN.md, issue 11).

- A ``Methodology`` per project type (optionally per business domain) has numbered
  ``MethodologyVersion``s; each version has ordered ``Phase``s, each ending in a gate with its
  criteria, deciders and ``RequiredDeliverable``s. A published version is frozen: the PMO
  edits a draft copy and publishes it as the next number. A project keeps the version it
  started with (``ProjectLifecycle``) until the PMO migrates it.
- ``GateReview``: the PM requests the review of the current phase's gate with its evidence;
  a decider decides (go, go with conditions, no-go, postpone); a go moves the project to the
  next phase, conditions become ``GateCondition`` actions.
- ``Deliverable``: a project's file for a required deliverable (or a waiver by the PMO),
  with the template version it was made from.
- ``DocumentTemplate`` / ``TemplateVersion``: the PMO's library of document templates with
  semantic versions; files are checked like an attacker sent them (governance.uploads)
  and stored under random names.
- ``Guide``: best-practice guidance in Markdown per domain, type and phase.

Phases are matched across versions by their ``key`` (e.g. ``cadrage``): applicability of
templates and guides names phase keys, so they survive a new methodology version.
"""

from governance.models.projects import (  # noqa: F401
    ComplianceSnapshot,
    CurrentCompliance,
    Deliverable,
    GateCondition,
    GateDecision,
    GateReview,
    GateStatus,
    ProjectLifecycle,
)
from governance.models.referential import (  # noqa: F401
    KEY,
    DeciderRole,
    DocumentTemplate,
    Guide,
    Methodology,
    MethodologyVersion,
    Phase,
    RequiredDeliverable,
    TemplateFormat,
    TemplateVersion,
    VersionStatus,
    deliverable_upload_to,
    template_upload_to,
)
