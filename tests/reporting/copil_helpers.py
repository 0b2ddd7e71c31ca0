"""Helpers of the COPIL pages' tests (test_copil_*.py)."""

from zoneinfo import ZoneInfo

import html5lib
from django.contrib.messages import get_messages
from django.urls import reverse

PARIS = ZoneInfo("Europe/Paris")


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def valid_html(response) -> str:
    content = response.content.decode()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    if content.lstrip()[:9].lower() == "<!doctype":
        parser.parse(content)
    else:
        parser.parseFragment(content)
    return content


def detail_url(meeting) -> str:
    return reverse("reporting:copil_detail", args=[meeting.pk])
