"""Best-practice guides in Markdown, rendered safely (the only door from Markdown to HTML).

Two layers, so that one mistake is not enough for a guide to run code in a reader's page:

1. markdown-it-py with raw HTML off: what a writer types as HTML (``<script>``,
   ``<img onerror>``) stays text, and links whose scheme is not safe (``javascript:``,
   ``vbscript:``, ``data:``) are left as text by its link validation;
2. nh3 (ammonia) on the result, with an allow-list of tags and attributes and of URL schemes
   (http, https, mailto and relative links only).

Headings are moved two levels down (``#`` becomes ``<h3>``): a guide sits under the page's
``h1`` and the section's ``h2``.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
HEADING_SHIFT = 2

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])


def render_markdown(text: str) -> SafeString:
    """``text`` (Markdown) as HTML safe to put in a page."""
    tokens = _md.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + HEADING_SHIFT, 6)
            token.tag = f"h{level}"
    html = _md.renderer.render(tokens, _md.options, {})
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
