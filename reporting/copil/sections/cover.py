"""The cover: meeting, scope, date, agenda, attendees (order 0; not in the contents)."""

from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import CopilSection

SECTION = CopilSection(
    key="cover",
    title=_("Steering committee pack"),  # the outline shows the meeting's title
    order=0,
    template="reporting/copil/pack/_cover.html",
    read=lambda scope: scope.pack,
    in_contents=False,
    title_of=lambda data: data.meeting.title,
)
