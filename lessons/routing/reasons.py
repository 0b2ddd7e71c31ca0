"""Reasons of a routed lesson, in words, in the reader's language (engine.py stores them as
data: ``{"kind": ..., ...}``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _source(source: str) -> str:
    return {
        "description": _("description"),
        "risk": _("similar risk"),
        "issue": _("similar issue"),
        "report": _("status report"),
    }.get(source, source)


def reason_text(reason: dict) -> str:
    kind = reason.get("kind")
    if kind == "domain":
        return _("same business domain")
    if kind == "type":
        return _("same project type")
    if kind == "upcoming_phase":
        return _("phase %(phase)s ahead") % {"phase": reason.get("phase", "")}
    if kind == "current_phase":
        return _("current phase %(phase)s") % {"phase": reason.get("phase", "")}
    if kind == "text":
        return _("%(source)s: “%(quote)s”") % {
            "source": _source(reason.get("source", "")),
            "quote": reason.get("quote", ""),
        }
    if kind == "feedback":
        parts = []
        if reason.get("applied"):
            count = reason["applied"]
            parts.append(
                ngettext(
                    "applied on %(count)d similar project",
                    "applied on %(count)d similar projects",
                    count,
                )
                % {"count": count}
            )
        if reason.get("not_relevant"):
            count = reason["not_relevant"]
            parts.append(
                ngettext(
                    "not relevant on %(count)d similar project",
                    "not relevant on %(count)d similar projects",
                    count,
                )
                % {"count": count}
            )
        return ", ".join(parts)
    if kind == "manual":
        return _("routed by the PMO")
    return ""


def reason_texts(reasons: list[dict]) -> list[str]:
    return [text for text in (reason_text(reason) for reason in reasons or []) if text]
