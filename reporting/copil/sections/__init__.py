"""Reporting's own sections of the COPIL pack, in order: registered from
``reporting/apps.py`` through ``reporting/contributions.py`` like the sections other apps
contribute (``pmo_portal.registry.CopilSection``: a read, a template, a page estimate).

The core sections (cover, contents, executive summary, projects, appendices) read the pack's
shared data (``scope.pack``, ``reporting.copil.data.PackData``, read once); the contents
section's data is the table of contents the renderer builds from every section's parts.
"""

from reporting.copil.sections import (
    appendix_budget,
    appendix_calendar,
    appendix_decisions,
    contents,
    cover,
    exceptions,
    projects,
    summary,
)

SECTIONS = [
    cover.SECTION,
    contents.SECTION,
    summary.SECTION,
    exceptions.SELECTION,
    projects.SECTION,
    appendix_budget.SECTION,
    appendix_calendar.SECTION,
    appendix_decisions.SECTION,
    exceptions.APPENDIX,
]
