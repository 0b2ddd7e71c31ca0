"""Control endpoints of the test provider: the test creates its users and client and
switches its faults (validator.MODE). Guarded by a secret header; JSON in, JSON out."""

from __future__ import annotations

import hmac
import json
import os
from functools import wraps

from django.contrib.auth.models import Group, User
from django.http import HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider.models import Application

from tests.sso.provider import validator


def _controlled(view):
    @csrf_exempt
    @require_POST
    @wraps(view)
    def wrapper(request):
        given = request.headers.get("X-Control-Secret", "")
        if not hmac.compare_digest(given, os.environ["SSO_PROVIDER_CONTROL_SECRET"]):
            return HttpResponseForbidden()
        return JsonResponse(view(json.loads(request.body)))

    return wrapper


@_controlled
def set_user(data):
    user, _created = User.objects.get_or_create(username=data["username"])
    user.set_password(data["password"])
    user.email = data.get("email", "")
    user.first_name = data.get("given_name", "")
    user.last_name = data.get("family_name", "")
    user.save()
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in data["groups"]])
    return {"sub": str(user.pk)}


@_controlled
def set_client(data):
    application, _created = Application.objects.get_or_create(client_id=data["client_id"])
    application.name = "PMO Portal"
    application.client_secret = data["client_secret"]
    application.client_type = Application.CLIENT_CONFIDENTIAL
    application.authorization_grant_type = Application.GRANT_AUTHORIZATION_CODE
    application.algorithm = Application.RS256_ALGORITHM
    application.redirect_uris = " ".join(data["redirect_uris"])
    application.post_logout_redirect_uris = " ".join(data["post_logout_redirect_uris"])
    application.skip_authorization = True
    application.save()
    return {"client_id": application.client_id}


@_controlled
def set_mode(data):
    validator.MODE["value"] = data["mode"]
    return {"mode": data["mode"]}
