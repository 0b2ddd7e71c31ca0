"""The optional rewrite of a drafted COPIL summary by an OpenAI-compatible endpoint run by the
operator on premise (vLLM, Ollama…): settings LLM_URL, LLM_MODEL, LLM_API_KEY_FILE and
LLM_TIMEOUT (pmo_portal/settings.py). Without LLM_URL or LLM_MODEL the feature is off.

One ``POST {LLM_URL}/chat/completions``, temperature 0, with the draft and its sources. Any
failure — no answer in time, an HTTP error, an unreadable answer, a refusal, or a rewrite that
drops one of the cited projects — raises ``RewriteFailed`` with a message for the page; the
caller keeps the extractive draft. The standard library's urllib, no proxy (the endpoint is on
the premises)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

SYSTEM_PROMPT = {
    "fr": (
        "Tu es l'assistant d'un PMO. Réécris en français, en un texte court et fluide pour un "
        "comité de pilotage, le résumé ci-dessous. N'ajoute aucun fait ni chiffre. Garde chaque "
        "référence entre crochets [code projet, date] à côté de la phrase qui la cite."
    ),
    "en": (
        "You assist a PMO. Rewrite the summary below in English as a short, fluent text for a "
        "steering committee. Add no fact or figure. Keep every bracketed reference "
        "[project code, date] next to the sentence that cites it."
    ),
}


class RewriteFailed(Exception):
    """The model gave no usable rewrite; ``str(exc)`` says why (shown on the page)."""


def enabled() -> bool:
    return bool(settings.LLM_URL and settings.LLM_MODEL)


def _headers() -> dict:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if settings.LLM_API_KEY_FILE:
        try:
            key = Path(settings.LLM_API_KEY_FILE).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise RewriteFailed(_("the model's key file cannot be read")) from exc
        headers["Authorization"] = f"Bearer {key}"
    return headers


def _ask(payload: dict) -> dict:
    if not settings.LLM_URL.startswith(("http://", "https://")):
        raise RewriteFailed(_("the model's address must start with http:// or https://"))
    request = urllib.request.Request(  # noqa: S310  (scheme checked above)
        f"{settings.LLM_URL}/chat/completions",
        data=json.dumps(payload).encode("utf-8"),
        headers=_headers(),
        method="POST",
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=settings.LLM_TIMEOUT) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        message = _("the model answered with HTTP error %(status)s") % {"status": exc.code}
        raise RewriteFailed(message) from None
    except TimeoutError:
        raise RewriteFailed(_("the model did not answer in time")) from None
    except (urllib.error.URLError, OSError):
        raise RewriteFailed(_("the model cannot be reached")) from None
    except ValueError:
        raise RewriteFailed(_("the model's answer cannot be read")) from None


def rewrite(draft: str, sources: list[dict], language: str) -> str:
    """The model's rewrite of ``draft``; RewriteFailed when there is none to keep."""
    if not enabled():
        raise RewriteFailed(_("no model is configured"))
    cited = "\n".join(
        f"[{source['project']}, {source['date'] or '—'}] {source['figures']}".rstrip()
        for source in sources
    )
    body = _ask(
        {
            "model": settings.LLM_MODEL,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT.get(language, SYSTEM_PROMPT["en"])},
                {"role": "user", "content": f"{draft}\n\nSources:\n{cited}"},
            ],
        }
    )
    try:
        choice = body["choices"][0]
        message = choice["message"]
        content = (message.get("content") or "").strip()
    except (KeyError, IndexError, TypeError, AttributeError):
        raise RewriteFailed(_("the model's answer cannot be read")) from None
    if message.get("refusal") or choice.get("finish_reason") == "content_filter" or not content:
        raise RewriteFailed(_("the model declined to rewrite the summary"))
    missing = sorted({source["project"] for source in sources} - _cited_codes(content, sources))
    if missing:
        raise RewriteFailed(
            _("the rewrite leaves out projects of the draft (%(codes)s)")
            % {"codes": ", ".join(missing)}
        )
    return content


def _cited_codes(content: str, sources: list[dict]) -> set[str]:
    return {source["project"] for source in sources if source["project"] in content}
