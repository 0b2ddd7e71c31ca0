"""Issue 10 item 15, the COPIL part: what a user saw on the meeting page and in the pack."""

from __future__ import annotations

import html5lib
import pytest
from django.urls import reverse

from reporting.models import MeetingLanguage
from tests.reporting.copil_pack_helpers import page_texts, render
from tests.reporting.factories_copil import CopilMeetingFactory, done_pack

pytestmark = pytest.mark.usefixtures("english")


def _tree(response):
    return html5lib.parse(response.content, namespaceHTMLElements=False)


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_the_no_pack_message_goes_away_with_the_form_it_stands_beside(client_for, world):
    """After "Generate the pack", HTMX swaps the form for the pack's status; the "no pack
    generated yet" line beside the form used to stay under the download button."""
    meeting = CopilMeetingFactory(portfolio=world.p1)
    response = client_for("pmo").get(reverse("reporting:copil_detail", args=[meeting.pk]))
    tree = _tree(response)
    form = tree.find(".//form[@data-hx-post]")
    target = form.get("data-hx-target")
    assert target.startswith("#")
    assert form.get("data-hx-swap") == "outerHTML"
    swapped = tree.find(f".//*[@id='{target[1:]}']")
    assert "No pack generated yet for this meeting." in _text(swapped)
    assert _text(tree.find(".//section[@id='packs']")).count("No pack generated yet") == 1


def test_with_an_archived_pack_the_page_says_no_pack_nowhere(client_for, world, media):
    meeting = CopilMeetingFactory(portfolio=world.p1)
    done_pack(meeting)
    response = client_for("pmo").get(reverse("reporting:copil_detail", args=[meeting.pk]))
    assert "No pack generated yet" not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "phrase"),
    [(MeetingLanguage.ENGLISH, "in English"), (MeetingLanguage.FRENCH, "in French")],
)
def test_the_language_of_the_pack_is_written_as_a_language(client_for, world, language, phrase):
    """ "in english" in lower case: English capitalises the names of languages."""
    meeting = CopilMeetingFactory(portfolio=world.p1, language=language)
    response = client_for("pmo").get(reverse("reporting:copil_detail", args=[meeting.pk]))
    section = _text(_tree(response).find(".//section[@id='packs']"))
    assert f", {phrase}, " in section
    assert phrase.lower() not in section


def test_the_french_page_says_en_anglais(client_for, world, settings, french):
    settings.LANGUAGE_CODE = "fr"
    meeting = CopilMeetingFactory(portfolio=world.p1, language=MeetingLanguage.ENGLISH)
    response = client_for("pmo").get(reverse("reporting:copil_detail", args=[meeting.pk]))
    assert ", en anglais, " in _text(_tree(response).find(".//section[@id='packs']"))


def test_an_empty_alerts_section_has_no_unit(world):
    """The pack's alerts heading carried "k€" above "No open budget alert…"."""
    meeting = CopilMeetingFactory(portfolio=world.p1, language=MeetingLanguage.ENGLISH)
    texts = page_texts(render(meeting).pdf)
    heading = "BUDGET ALERTS NOT FLAGGED"  # headings are set in capitals by the pack's CSS
    summary = next(text for text in texts if heading in text)
    heading = next(line for line in summary.splitlines() if heading in line)
    assert "K€" not in heading.upper()
    assert "No open budget alert" in summary
