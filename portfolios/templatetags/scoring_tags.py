"""The priority score as every page shows it: "62 pts: Strategic fit 30, Value / ROI 20, …"."""

from django import template

from portfolios.selectors.scoring import explanation_text

register = template.Library()


@register.filter
def priority_explained(project) -> str:
    """The project's stored priority score explained criterion by criterion (no query)."""
    return explanation_text(project.priority_score, project.priority_explanation)
