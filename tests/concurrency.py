"""Two people on the same edit page (issue 10, item 4): helpers of the test_concurrency files."""

from __future__ import annotations

from django import forms
from django.test import Client

CONFLICT_EN = "someone else saved changes since you opened this page. Your changes were not saved."
CONFLICT_FR = "quelqu'un d'autre a enregistré des modifications depuis que vous avez ouvert"


def form_data(form) -> dict:
    """What the browser sends back for ``form`` as the page rendered it (no file chosen)."""
    data = {}
    for bound in form:
        widget = bound.field.widget
        value = bound.value()
        if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        shown = widget.format_value(value)
        if isinstance(shown, list | tuple):
            data[bound.html_name] = [str(item) for item in shown]
        else:
            data[bound.html_name] = "" if shown is None else str(shown)
    return data


def client_as(user) -> Client:
    """A separate browser session signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def two_stale_saves(first: Client, second: Client, url: str, change_1: dict, change_2: dict):
    """Both open ``url``; ``first`` saves ``change_1``, then ``second`` saves ``change_2`` from
    the page it opened before. Returns (first response, second response)."""
    page_1, page_2 = first.get(url), second.get(url)
    assert page_1.status_code == page_2.status_code == 200
    saved = first.post(url, {**form_data(page_1.context["form"]), **change_1})
    stale = second.post(url, {**form_data(page_2.context["form"]), **change_2})
    return saved, stale
