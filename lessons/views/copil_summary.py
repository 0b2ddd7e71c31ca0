"""The drafted COPIL summary of a steering committee (issue 13): its page (the extractive
draft beside its sources, the optional rewrite by the operator's model, the PMO's text for
the pack), the PMO's writes, the panel of the meeting page and the COPIL pack section.

Who may do what (lessons/rules_copil_summary.py): whoever reads the meeting reads its summary
(404 outside the meeting's scope, like the meeting); only the PMO refreshes, rewrites, edits
and approves it. Writes are POST only and carry the version the page was opened at: a summary
saved by someone else meanwhile answers 409 with the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lessons.forms_copil_summary import SummaryTextForm
from lessons.selectors_copil_summary import COPIL_SECTION, summary_view
from lessons.services import copil_summary as services
from lessons.services import llm
from pmo_portal.concurrency import EditConflict, conflict_context, conflict_status, version_of
from pmo_portal.registry import Panel
from pmo_portal.viewtools import apply_errors, require_perm
from reporting.selectors.copil import get_meeting_for_user

READ = "lessons.view_copil_summary"
CHANGE = "lessons.change_copil_summary"

MENU: list = []
COPIL_SECTIONS = [COPIL_SECTION]


def _meeting(request, pk: int, perm: str = READ):
    require_perm(request.user, READ)
    meeting = get_meeting_for_user(request.user, pk)
    require_perm(request.user, perm)
    return meeting


def _page(request, meeting, *, form=None, conflict=None, status: int = 200):
    context = summary_view(meeting)
    summary = context["summary"]
    can_change = request.user.has_perm(CHANGE)
    if can_change and form is None:
        text = summary.text if summary else context["draft"]
        form = SummaryTextForm(initial={"edited": text, "version": version_of(summary)})
    context.update(
        meeting=meeting,
        version=version_of(summary),
        can_change=can_change,
        llm_enabled=llm.enabled(),
        rewriting=services.rewriting(summary),
        form=form if can_change else None,
        conflict=conflict,
    )
    return render(request, "lessons/copil_summary/page.html", context, status=status)


def _conflict(request, meeting, form=None):
    current = services.summary_of(meeting)
    conflict = conflict_context(current, thing=_("COPIL summary"))
    if form is not None:
        data = request.POST.copy()
        data["version"] = str(version_of(current))
        form = SummaryTextForm(data)
        form.is_valid()
    return _page(request, meeting, form=form, conflict=conflict, status=conflict_status(request))


def _version(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


@login_required
@require_GET
def copil_summary(request, pk: int):
    return _page(request, _meeting(request, pk))


@login_required
@require_POST
def copil_summary_refresh(request, pk: int):
    meeting = _meeting(request, pk, CHANGE)
    try:
        services.refresh_draft(meeting=meeting, version=_version(request))
    except EditConflict:
        return _conflict(request, meeting)
    messages.success(request, _("Draft refreshed from the latest reports and alerts."))
    return redirect("lessons:copil_summary", pk=meeting.pk)


@login_required
@require_POST
def copil_summary_rewrite(request, pk: int):
    meeting = _meeting(request, pk, CHANGE)
    if not llm.enabled():
        messages.error(request, _("No model is configured: the extractive draft is used."))
        return redirect("lessons:copil_summary", pk=meeting.pk)
    try:
        services.request_rewrite(meeting=meeting, version=_version(request))
    except EditConflict:
        return _conflict(request, meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.info(
            request, _("The model is writing: this page shows the rewrite as soon as it is ready.")
        )
    return redirect("lessons:copil_summary", pk=meeting.pk)


@login_required
@require_GET
def copil_summary_rewriting(request, pk: int):
    """The "being written" box, polled by the summary's page (htmx, every 2 s); once the
    worker has answered, HX-Refresh makes the page reload with the rewrite or its failure."""
    meeting = _meeting(request, pk)
    summary = services.summary_of(meeting)
    rewriting = services.rewriting(summary)
    response = render(
        request,
        "lessons/copil_summary/_rewriting.html",
        {"meeting": meeting, "summary": summary, "rewriting": rewriting, "polling": True},
    )
    if not rewriting:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def copil_summary_edit(request, pk: int):
    meeting = _meeting(request, pk, CHANGE)
    form = SummaryTextForm(request.POST)
    if form.is_valid():
        approve = bool(request.POST.get("approve"))
        try:
            services.save_text(
                meeting=meeting,
                user=request.user,
                edited=form.cleaned_data["edited"],
                approve=approve,
                version=form.cleaned_data.get("version"),
            )
        except EditConflict:
            return _conflict(request, meeting, form)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Summary approved for the pack.") if approve else _("Summary saved as a draft."),
            )
            return redirect(reverse("reporting:copil_detail", args=[meeting.pk]) + "#summary")
    return _page(request, meeting, form=form, status=200)


def meeting_panel(request, meeting) -> dict:
    """The meeting page's panel: the summary's state and its sentences with their sources."""
    context = summary_view(meeting)
    context.update(meeting=meeting, can_change=request.user.has_perm(CHANGE))
    return context


MEETING_PANELS = [
    Panel(
        key="lessons-copil-summary",
        order=10,
        template="lessons/copil_summary/meeting_panel.html",
        context=meeting_panel,
        perm=READ,
    )
]

urlpatterns = [
    path("copil/<int:pk>/summary/", copil_summary, name="copil_summary"),
    path("copil/<int:pk>/summary/refresh/", copil_summary_refresh, name="copil_summary_refresh"),
    path("copil/<int:pk>/summary/rewrite/", copil_summary_rewrite, name="copil_summary_rewrite"),
    path(
        "copil/<int:pk>/summary/rewriting/",
        copil_summary_rewriting,
        name="copil_summary_rewriting",
    ),
    path("copil/<int:pk>/summary/edit/", copil_summary_edit, name="copil_summary_edit"),
]
