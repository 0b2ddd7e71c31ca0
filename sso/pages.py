"""The PMO's table of single sign-on group mappings: list, add, change, delete. Changes
apply at each user's next sign-in. Permission: ``sso.manage_group_mappings`` (the PMO)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pmo_portal.viewtools import apply_errors, posted, require_perm
from sso import config, selectors, services
from sso.forms import MappingForm
from sso.rules import MANAGE


@login_required
@require_GET
def mapping_list(request):
    require_perm(request.user, MANAGE)
    return render(
        request,
        "sso/mapping_list.html",
        {
            "mappings": selectors.mappings(),
            "sso_enabled": config.enabled(),
            "groups_claim": settings.OIDC_GROUPS_CLAIM,
            "identity_count": selectors.identity_count(),
        },
    )


def _form_page(request, form, mapping=None):
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_mapping(
                mapping=mapping, fields={name: form.cleaned_data[name] for name in form.fields}
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The mapping of the group “%(group)s” is saved.") % {"group": saved.group},
            )
            return redirect("sso:mapping_list")
    return render(request, "sso/mapping_form.html", {"form": form, "mapping": mapping})


@login_required
@require_http_methods(["GET", "POST"])
def mapping_create(request):
    require_perm(request.user, MANAGE)
    return _form_page(request, MappingForm(posted(request)))


@login_required
@require_http_methods(["GET", "POST"])
def mapping_update(request, pk: int):
    require_perm(request.user, MANAGE)
    mapping = selectors.get_mapping(pk)
    return _form_page(request, MappingForm(posted(request), instance=mapping), mapping)


@login_required
@require_http_methods(["GET", "POST"])
def mapping_delete(request, pk: int):
    require_perm(request.user, MANAGE)
    mapping = selectors.get_mapping(pk)
    if request.method == "POST":
        services.delete_mapping(mapping=mapping)
        messages.success(
            request,
            _("The mapping of the group “%(group)s” is deleted.") % {"group": mapping.group},
        )
        return redirect("sso:mapping_list")
    return render(request, "sso/mapping_delete.html", {"mapping": mapping})
