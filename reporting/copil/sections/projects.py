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
    # An exceptions pack has a page only for the projects that need the committee.
    title_of=lambda data: (
        _("Projects that need the committee") if data and data[0].reasons else _("Projects")
    ),
)
