"""One page per project (order 50), listed under "Projects" in the contents."""

from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import CopilSection


def items(projects) -> list[tuple]:
    return [(section.key, section.title, section) for section in projects]


SECTION = CopilSection(
    key="projects",
    title=_("Projects"),
    order=50,
    template="reporting/copil/pack/_project.html",
    read=lambda scope: scope.pack.projects,
    items=items,
)
