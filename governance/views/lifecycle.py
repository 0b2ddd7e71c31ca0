"""Governance pages: a project's lifecycle (the "Governance" project tab, gate reviews,
decisions, waivers, gate conditions). Thin: fetch with access checks, call a service or a
selector, render.

Access: the project through ``get_project_for_user`` (404 outside the user's scope, 403 in
scope without the permission); a review or condition through its project likewise.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.forms.lifecycle import GateDecisionForm, GateRequestForm, WaiverForm
from governance.models import GateCondition, GateReview, RequiredDeliverable
from governance.selectors import lifecycle as selectors
from governance.services import lifecycle as services
from pmo_portal.viewtools import apply_errors, posted
from portfolios.selectors import get_project_for_user


@login_required
@require_GET
def project_lifecycle(request, pk: int):
    project = get_project_for_user(request.user, pk)
    data = selectors.project_governance(project)
    user = request.user
    review = data["open_review"]
    return render(
        request,
        "governance/lifecycle/project.html",
        {
            "project": project,
            **data,
            "can_start": data["lifecycle"] is None
            and user.has_perm("governance.start_lifecycle", project),
            "can_request": data["phase"] is not None
            and user.has_perm("governance.request_gate_review", project),
            "can_decide": review is not None
            and user.has_perm("governance.decide_gate_review", review),
            "can_waive": data["lifecycle"] is not None
            and user.has_perm("governance.waive_deliverable", project),
            "user_pk": user.pk,
            "manages": user.has_perm("governance.request_gate_review", project),
        },
    )


@login_required
@require_POST
def lifecycle_start(request, pk: int):
    project = get_project_for_user(request.user, pk, perm="governance.start_lifecycle")
    try:
        services.start_lifecycle(project=project, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The lifecycle has started."))
    return redirect("governance:project_lifecycle", project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def gate_request(request, pk: int):
    project = get_project_for_user(request.user, pk, perm="governance.request_gate_review")
    data = selectors.project_governance(project)
    if data["phase"] is None:
        messages.error(request, _("There is no gate to review: the lifecycle is not running."))
        return redirect("governance:project_lifecycle", project.pk)
    if data["open_review"] is not None:
        messages.info(request, _("A gate review is already requested for this project."))
        return redirect("governance:project_lifecycle", project.pk)
    form = GateRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            _review, created = services.request_gate_review(
                project=project,
                user=request.user,
                note=form.cleaned_data["note"],
                planned_on=form.cleaned_data["planned_on"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if created:
                messages.success(request, _("Gate review requested: the deciders are told."))
            else:
                messages.info(request, _("A gate review is already requested for this project."))
            return redirect("governance:project_lifecycle", project.pk)
    return render(
        request,
        "governance/lifecycle/request.html",
        {"project": project, "form": form, **data},
    )


def _review_for(request, pk: int) -> GateReview:
    review = get_object_or_404(GateReview.objects.select_related("phase"), pk=pk)
    review.project = get_project_for_user(request.user, review.project_id)
    if not request.user.has_perm("governance.decide_gate_review", review):
        raise PermissionDenied
    return review


@login_required
@require_http_methods(["GET", "POST"])
def gate_decide(request, pk: int):
    review = _review_for(request, pk)
    project = review.project
    form = GateDecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_gate_review(
                review=review,
                user=request.user,
                decision=form.cleaned_data["decision"],
                reasons=form.cleaned_data["reasons"],
                conditions=form.cleaned_data["conditions"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("governance:project_lifecycle", project.pk)
    return render(
        request,
        "governance/lifecycle/decide.html",
        {
            "project": project,
            "review": review,
            "form": form,
            "requirements": selectors.requirement_states(project, review.phase),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def deliverable_waive(request, pk: int, requirement_pk: int):
    project = get_project_for_user(request.user, pk, perm="governance.waive_deliverable")
    requirement = get_object_or_404(
        RequiredDeliverable.objects.select_related("phase"), pk=requirement_pk
    )
    form = WaiverForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.waive_deliverable(
                project=project,
                requirement=requirement,
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Deliverable waived."))
            return redirect("governance:project_lifecycle", project.pk)
    return render(
        request,
        "governance/lifecycle/waive.html",
        {"project": project, "requirement": requirement, "form": form},
    )


@login_required
@require_POST
def condition_done(request, pk: int):
    condition = get_object_or_404(GateCondition.objects.select_related("review"), pk=pk)
    project = get_project_for_user(request.user, condition.review.project_id)
    condition.review.project = project
    if not request.user.has_perm("governance.complete_condition", condition):
        raise PermissionDenied
    services.complete_condition(condition=condition, user=request.user)
    messages.success(request, _("Condition marked done."))
    return redirect("governance:project_lifecycle", project.pk)


urlpatterns = [
    path("projects/<int:pk>/", project_lifecycle, name="project_lifecycle"),
    path("projects/<int:pk>/start/", lifecycle_start, name="lifecycle_start"),
    path("projects/<int:pk>/gate-review/", gate_request, name="gate_request"),
    path(
        "projects/<int:pk>/deliverables/<int:requirement_pk>/waive/",
        deliverable_waive,
        name="deliverable_waive",
    ),
    path("gate-reviews/<int:pk>/decide/", gate_decide, name="gate_decide"),
    path("gate-conditions/<int:pk>/done/", condition_done, name="condition_done"),
]
