"""Templates that fill themselves: the placeholders a .docx template names, checked at upload,
and the template rendered with a project's values (docxtpl).

The values come from the apps that own the data, through ``registry.placeholders()``
(portfolios: the project's facts, reporting: its latest declared status, resources: its
budget): governance imports none of them. A name no app provides is refused at upload,
never discovered at rendering. Templates are rendered in a sandboxed Jinja environment with
autoescaping (a project named "R&D" stays valid XML); the rendered document records the
template version it came from in its core properties (``identifier``), so that a deliverable
made from it is recognised when it comes back.
"""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from docx import Document
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from governance.uploads import UploadRefused
from pmo_portal import registry

IDENTIFIER_PREFIX = "pmo-template-version:"
_IDENTIFIER = re.compile(rf"^{IDENTIFIER_PREFIX}(\d+)$")


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def known() -> dict[str, registry.Placeholder]:
    """The placeholders of the installed apps, by name, in order."""
    return {placeholder.name: placeholder for placeholder in registry.placeholders()}


def used_in(data: bytes) -> list[str]:
    """The placeholder names a .docx template uses (sorted), or UploadRefused when its
    placeholders cannot be read or name something no app provides."""
    try:
        names = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(
            jinja_env=_environment()
        )
    except TemplateError as error:
        raise UploadRefused(
            _("The placeholders of this template cannot be read (%(error)s): check the {{ }}.")
            % {"error": str(error)[:200]}
        ) from error
    except Exception as error:  # python-docx / lxml: any unreadable part
        raise UploadRefused(_("This Word document cannot be read.")) from error
    available = known()
    unknown = sorted(set(names) - set(available))
    if unknown:
        raise UploadRefused(
            _(
                "This template uses placeholders no one provides: %(unknown)s. "
                "Known placeholders: %(known)s."
            )
            % {
                "unknown": ", ".join(unknown),
                "known": ", ".join(available),
            }
        )
    return sorted(names)


def values_for(project, user, names: list[str] | None = None) -> dict:
    """The values of ``names`` (default: every placeholder) for ``project``, in the active
    language; a placeholder ``user`` may not see on the project (its ``perm``) is empty."""
    available = known()
    wanted = available if names is None else {n: available[n] for n in names if n in available}
    context = {}
    for name, placeholder in wanted.items():
        if placeholder.perm and not user.has_perm(placeholder.perm, project):
            context[name] = ""  # text, and an empty loop for a table
            continue
        context[name] = placeholder.value(project)
    return context


def render(data: bytes, context: dict, *, version_pk: int) -> bytes:
    """The .docx template ``data`` filled with ``context``, tagged with its version."""
    document = DocxTemplate(io.BytesIO(data))
    document.render(context, jinja_env=_environment(), autoescape=True)
    document.docx.core_properties.identifier = f"{IDENTIFIER_PREFIX}{version_pk}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def version_tag(data: bytes) -> int | None:
    """The template version a filled .docx says it came from (its core properties), or None.
    ``data`` has passed governance.uploads.check_upload."""
    try:
        identifier = Document(io.BytesIO(data)).core_properties.identifier or ""
    except Exception:  # a document we cannot read says nothing
        return None
    match = _IDENTIFIER.match(identifier.strip())
    return int(match.group(1)) if match else None
