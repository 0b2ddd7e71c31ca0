"""The "My API tokens" pages: list, create (the secret is shown once), revoke. Any signed-in
user manages their own tokens; the PMO sees and revokes everyone's and issues service
tokens (for the finance and HR systems)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmo_portal import roles
from pmo_portal.api import tokens
from pmo_portal.models import ApiTokenKind, ApiTokenScope
from pmo_portal.validators import no_control_characters

DEFAULT_DAYS = 90


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        validators=[no_control_characters],
        help_text=gettext_lazy("What the token is for, e.g. “Power BI report”."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=ApiTokenKind.choices, initial=ApiTokenKind.PERSONAL
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        choices=ApiTokenScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ApiTokenScope.READ],
        help_text=gettext_lazy("A token never does more than your own role allows."),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("One year at most."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["expires_on"].initial = today + timedelta(days=DEFAULT_DAYS)
        self.fields["expires_on"].widget.attrs.update(
            min=(today + timedelta(days=1)).isoformat(),
            max=tokens.max_expiry_day(today).isoformat(),
        )
        if not tokens.can_issue(user, ApiTokenKind.SERVICE):
            # Service tokens are the PMO's: others choose nothing.
            self.fields["kind"].choices = [
                (value, label)
                for value, label in ApiTokenKind.choices
                if value == ApiTokenKind.PERSONAL
            ]


@login_required
@require_GET
def token_list(request):
    now = timezone.now()
    mine = list(tokens.tokens_for(request.user).filter(owner=request.user))
    others = []
    if roles.is_pmo(request.user):
        others = list(tokens.tokens_for(request.user).exclude(owner=request.user))
    return render(
        request,
        "api/token_list.html",
        {"mine": mine, "others": others, "now": now, "is_pmo": roles.is_pmo(request.user)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_create(request):
    form = TokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = tokens.issue_token(
                owner=request.user,
                created_by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            # The secret is in this answer only (never_cache): it is not stored anywhere.
            return render(request, "api/token_created.html", {"token": token, "secret": secret})
    return render(request, "api/token_form.html", {"form": form})


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = tokens.get_token_for_user(request.user, pk)
    if token.revoked_at is None:
        tokens.revoke_token(token=token, user=request.user)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens")
