"""Governance pages: best-practice guides (Markdown, rendered through governance.markdown).
Everyone with a role reads them; the PMO writes them. Mounted by governance/views/methods.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.forms.methods import GuideForm
from governance.markdown import render_markdown
from governance.models import Guide
from governance.selectors import methods as selectors
from governance.services import methods as services
from pmo_portal.viewtools import posted, require_perm

VIEW, MANAGE = "governance.view_referential", "governance.manage_referential"


@login_required
@require_GET
def guide_list(request):
    require_perm(request.user, VIEW)
    return render(
        request,
        "governance/methods/guide_list.html",
        {"guides": selectors.guide_list(), "can_manage": request.user.has_perm(MANAGE)},
    )


@login_required
@require_GET
def guide_detail(request, pk: int):
    require_perm(request.user, VIEW)
    guide = get_object_or_404(
        Guide.objects.select_related("project_type", "business_domain"), pk=pk
    )
    return render(
        request,
        "governance/methods/guide_detail.html",
        {
            "guide": guide,
            "html": render_markdown(guide.body),
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


def _guide_form(request, guide: Guide | None):
    require_perm(request.user, MANAGE)
    form = GuideForm(posted(request), instance=guide)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_guide(guide=guide, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Guide saved."))
            return redirect("governance:guide_detail", saved.pk)
    return render(
        request,
        "governance/methods/guide_form.html",
        {"form": form, "guide": guide, "title": guide.title if guide else _("New guide")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def guide_create(request):
    return _guide_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def guide_edit(request, pk: int):
    require_perm(request.user, MANAGE)
    return _guide_form(request, get_object_or_404(Guide, pk=pk))


@login_required
@require_POST
def guide_delete(request, pk: int):
    require_perm(request.user, MANAGE)
    services.delete_guide(guide=get_object_or_404(Guide, pk=pk))
    messages.success(request, _("Guide deleted."))
    return redirect("governance:guide_list")


urlpatterns = [
    path("guides/", guide_list, name="guide_list"),
    path("guides/new/", guide_create, name="guide_create"),
    path("guides/<int:pk>/", guide_detail, name="guide_detail"),
    path("guides/<int:pk>/edit/", guide_edit, name="guide_edit"),
    path("guides/<int:pk>/delete/", guide_delete, name="guide_delete"),
]
