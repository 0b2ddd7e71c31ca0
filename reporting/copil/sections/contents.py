"""The table of contents (order 10): its data is the rows the renderer builds from every
section of the pack (reporting/copil/document.py ``contents_rows``)."""

from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import CopilSection
from reporting.copil.estimate import contents_pages

KEY = "toc"

SECTION = CopilSection(
    key=KEY,
    title=_("Contents"),
    order=10,
    template="reporting/copil/pack/_toc.html",
    read=lambda scope: [],  # replaced by the rows of the contents
    pages=contents_pages,
    in_contents=False,
)
