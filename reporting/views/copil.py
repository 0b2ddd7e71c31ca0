"""Steering committees (COPIL): meetings, decision log, and their PDF packs.

Reading follows ``CopilMeeting.objects.visible_to`` (404 outside it); the PMO plans meetings
(``reporting.manage_copil``); the PMO and executives record decisions and generate packs
(``reporting.record_decision``, ``reporting.generate_pack``; 403 for other roles).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmo_portal import registry
from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_rows,
    conflict_status,
    refreshed_data,
)
from pmo_portal.db_router import replica_reads
from pmo_portal.exports import export_table, requested_export
from pmo_portal.viewtools import require_perm
from reporting.copil.download import pack_response
from reporting.forms.copil import CopilSettingsForm, DecisionForm, MeetingForm, SeriesForm
from reporting.models import CopilMeeting, CopilSettings
from reporting.selectors import copil as selectors
from reporting.services import copil as services
from reporting.views import list_exports


def _post_data(request):
    return request.POST if request.method == "POST" else None


def _run(form, save):
    """Call the service on a valid form; its validation errors go back onto the form."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _conflict(form, current, thing: str) -> dict:
    return conflict_context(current, thing=thing, rows=conflict_rows(form, current))


@login_required
@require_GET
@replica_reads
def copil_list(request):
    require_perm(request.user, "reporting.view_copil")
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    pack_due = when == "upcoming" and request.GET.get("pack") == "due"
    queryset = selectors.meetings_for(request.user, when=when, pack_due=pack_due)
    if export := requested_export(request):
        return export_table(
            export,
            rows=queryset,
            columns=list_exports.MEETING_COLUMNS,
            filename=f"steering-committees-{when}",
            sheet_title=_("Steering committees"),
        )
    page = Paginator(queryset, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/copil/list.html",
        {
            "when": when,
            "pack_due": pack_due,
            "pack_due_days": selectors.PACK_DUE_DAYS,
            "page_obj": page,
            "meetings": page.object_list,
            "can_manage": request.user.has_perm("reporting.manage_copil"),
        },
    )


@login_required
@require_GET
@replica_reads
def decision_list(request):
    """The decision log across the meetings the user reads, by tab (``?show=``: open, due,
    overdue, closed, all); ``?owner=me``: the decisions they own."""
    require_perm(request.user, "reporting.view_copil")
    show = request.GET.get("show")
    show = show if show in selectors.DECISION_VIEWS else "open"
    mine = request.GET.get("owner") == "me"
    today = timezone.localdate()
    queryset = selectors.decisions_for(request.user, show=show, mine=mine, today=today)
    if export := requested_export(request):
        return export_table(
            export,
            rows=queryset,
            columns=list_exports.DECISION_LOG_COLUMNS,
            filename=f"copil-decisions-{show}",
            sheet_title=_("COPIL decisions"),
        )
    page = Paginator(queryset, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    labels = {
        "open": _("To do"),
        "due": _("Due within %(days)s days") % {"days": selectors.DECISION_DUE_DAYS},
        "overdue": _("Overdue"),
        "closed": _("Done or cancelled"),
        "all": _("All"),
    }
    owner = "&owner=me" if mine else ""
    return render(
        request,
        "reporting/copil/decision_list.html",
        {
            "show": show,
            "mine": mine,
            "today": today,
            "page_obj": page,
            "decisions": page.object_list,
            "tabs": [
                {"key": key, "label": labels[key], "url": f"?show={key}{owner}"}
                for key in selectors.DECISION_VIEWS
            ],
            "everyone_url": f"?show={show}",
            "mine_url": f"?show={show}&owner=me",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def copil_create(request):
    require_perm(request.user, "reporting.manage_copil")
    initial = {"language": request.LANGUAGE_CODE[:2]}
    form = MeetingForm(_post_data(request), initial=initial)
    meeting = _run(
        form,
        lambda data: services.create_meeting(
            user=request.user, data=data, attendees=data.get("attendees") or []
        ),
    )
    if meeting is not None:
        messages.success(request, _("Steering committee “%(title)s” planned.") % {"title": meeting})
        return redirect(meeting)
    return render(request, "reporting/copil/form.html", {"form": form, "meeting": None})


@login_required
@require_http_methods(["GET", "POST"])
def copil_edit(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk, perm="reporting.manage_copil")
    form = MeetingForm(_post_data(request), instance=meeting)
    conflict = None
    try:
        saved = _run(
            form,
            lambda data: services.update_meeting(
                meeting=meeting,
                user=request.user,
                data=data,
                attendees=data.get("attendees") or [],
                version=data["version"],
            ),
        )
    except EditConflict as exc:
        saved, meeting = None, exc.current
        conflict = _conflict(form, meeting, _("steering committee"))
        form = MeetingForm(refreshed_data(request.POST, meeting), instance=meeting)
    if saved is not None:
        messages.success(request, _("“%(title)s” saved.") % {"title": saved})
        return redirect(saved)
    return render(
        request,
        "reporting/copil/form.html",
        {"form": form, "meeting": meeting, "conflict": conflict},
        status=conflict_status(request) if conflict else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def copil_series(request):
    require_perm(request.user, "reporting.manage_copil")
    initial = {"language": request.LANGUAGE_CODE[:2], "first_month": timezone.localdate()}
    form = SeriesForm(_post_data(request), initial=initial)
    result = _run(
        form,
        lambda data: services.plan_series(
            user=request.user,
            data=form.meeting_data(),
            first_month=data["first_month"],
            months=data["months"],
            weekday=data["weekday"],
            ordinal=data["ordinal"],
            at=data["at"],
            attendees=data.get("attendees") or [],
        ),
    )
    if result is not None:
        created, skipped = result
        messages.success(
            request,
            _("%(created)s steering committees planned, %(skipped)s already in the calendar.")
            % {"created": len(created), "skipped": len(skipped)},
        )
        return redirect("reporting:copil_list")
    return render(request, "reporting/copil/series_form.html", {"form": form})


def _detail_context(request, meeting: CopilMeeting, decision_form=None) -> dict:
    user = request.user
    can_decide = user.has_perm("reporting.record_decision", meeting)
    packs = selectors.meeting_packs(meeting)
    return {
        "meeting": meeting,
        "attendees": selectors.meeting_attendees(meeting),
        "decisions": selectors.meeting_decisions(meeting),
        "previous": selectors.previous_meeting(meeting),
        "project_count": selectors.meeting_projects(meeting).count(),
        "packs": packs,
        "active_pack": next((pack for pack in packs if pack.is_active), None),
        "can_manage": user.has_perm("reporting.manage_copil", meeting),
        "can_decide": can_decide,
        "can_generate": user.has_perm("reporting.generate_pack", meeting),
        "decision_form": decision_form
        or (DecisionForm(meeting=meeting, prefix="decision") if can_decide else None),
        # What other apps show on the meeting's page (the lessons' drafted summary).
        "panels": registry.render_panels(registry.meeting_panels(), request, meeting),
    }


@login_required
@require_GET
def copil_detail(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    if export := requested_export(request):
        day = timezone.localtime(meeting.scheduled_at).date()
        return export_table(
            export,
            rows=selectors.meeting_decisions(meeting),
            columns=list_exports.DECISION_COLUMNS,
            filename=f"COPIL-{day:%Y-%m-%d}-decisions",
            sheet_title=_("Decision log"),
        )
    return render(request, "reporting/copil/detail.html", _detail_context(request, meeting))


@login_required
@require_POST
def decision_create(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk, perm="reporting.record_decision")
    form = DecisionForm(request.POST, meeting=meeting, prefix="decision")
    decision = _run(
        form,
        lambda data: services.record_decision(meeting=meeting, user=request.user, data=data),
    )
    if decision is not None:
        messages.success(request, _("Decision recorded."))
        return redirect(reverse("reporting:copil_detail", args=[meeting.pk]) + "#decisions")
    return render(
        request,
        "reporting/copil/detail.html",
        _detail_context(request, meeting, decision_form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk: int):
    decision = selectors.get_decision_for_user(request.user, pk)
    meeting = decision.meeting
    form = DecisionForm(_post_data(request), instance=decision, meeting=meeting)
    conflict = None
    try:
        saved = _run(
            form,
            lambda data: services.update_decision(
                decision=decision, user=request.user, data=data, version=data["version"]
            ),
        )
    except EditConflict as exc:
        saved, decision = None, exc.current
        conflict = _conflict(form, decision, _("decision"))
        data = refreshed_data(request.POST, decision)
        form = DecisionForm(data, instance=decision, meeting=meeting)
    if saved is not None:
        messages.success(request, _("Decision saved."))
        return redirect(reverse("reporting:copil_detail", args=[meeting.pk]) + "#decisions")
    return render(
        request,
        "reporting/copil/decision_form.html",
        {"form": form, "meeting": meeting, "decision": decision, "conflict": conflict},
        status=conflict_status(request) if conflict else 200,
    )


@login_required
@require_POST
def pack_generate(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk, perm="reporting.generate_pack")
    pack, created = services.request_pack(meeting=meeting, user=request.user)
    if request.headers.get("HX-Request"):
        # The partial takes the button's place and polls; no message left for the next page.
        return render(request, "reporting/copil/partials/pack_status.html", {"pack": pack})
    if created:
        messages.info(request, _("The pack is being generated; this page shows its progress."))
    else:
        messages.info(request, _("A pack is already being generated for this meeting."))
    return redirect(reverse("reporting:copil_detail", args=[meeting.pk]) + "#packs")


@login_required
@require_GET
def pack_status(request, pk: int):
    """The HTMX partial polled while a pack is generated (it stops polling once done)."""
    pack = selectors.get_pack_for_user(request.user, pk)
    return render(request, "reporting/copil/partials/pack_status.html", {"pack": pack})


@login_required
@require_GET
def pack_download(request, pk: int):
    return pack_response(selectors.get_pack_for_user(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def copil_settings(request):
    require_perm(request.user, "reporting.manage_copil")
    instance = CopilSettings.current()
    form = CopilSettingsForm(
        _post_data(request), request.FILES if request.method == "POST" else None, instance=instance
    )
    conflict = None
    try:
        saved = _run(
            form,
            lambda data: services.save_settings(
                instance=instance, data=data, version=data["version"]
            ),
        )
    except EditConflict:
        saved, instance = None, CopilSettings.current()
        conflict = _conflict(form, instance, _("COPIL settings"))
        form = CopilSettingsForm(refreshed_data(request.POST, instance), instance=instance)
    if saved is not None:
        messages.success(request, _("COPIL settings saved."))
        return redirect("reporting:copil_settings")
    return render(
        request,
        "reporting/copil/settings.html",
        {"form": form, "settings": instance, "conflict": conflict},
        status=conflict_status(request) if conflict else 200,
    )


urlpatterns = [
    path("copil/", copil_list, name="copil_list"),
    path("copil/new/", copil_create, name="copil_create"),
    path("copil/series/", copil_series, name="copil_series"),
    path("copil/settings/", copil_settings, name="copil_settings"),
    path("copil/<int:pk>/", copil_detail, name="copil_detail"),
    path("copil/<int:pk>/edit/", copil_edit, name="copil_edit"),
    path("copil/<int:pk>/decisions/new/", decision_create, name="decision_create"),
    path("copil/<int:pk>/generate/", pack_generate, name="pack_generate"),
    path("copil/decisions/", decision_list, name="decision_list"),
    path("copil/decisions/<int:pk>/edit/", decision_edit, name="decision_edit"),
    path("copil/packs/<int:pk>/status/", pack_status, name="pack_status"),
    path("copil/packs/<int:pk>/download/", pack_download, name="pack_download"),
]
