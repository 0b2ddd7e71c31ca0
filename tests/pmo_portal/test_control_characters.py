"""One rule for every text users type: no control characters (issue 10, item 1)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from pmo_portal.validators import no_control_characters, no_control_characters_multiline
from portfolios.models import Project
from reporting.models import CopilSettings
from tests.portfolios.test_project_form import valid_data

MESSAGE = (
    "Remove the control characters (such as tabs from a copy-paste, or invisible characters) "
    "from this text."
)


@pytest.fixture(autouse=True)
def english():
    """Messages compared in English (the test settings speak French by default)."""
    with translation.override("en"):
        yield


def test_the_message_speaks_french():
    with translation.override("fr"):
        with pytest.raises(ValidationError) as raised:
            no_control_characters("Projet\x0cAlpha")
        message = raised.value.messages[0]
    assert message.startswith("Retirez de ce texte les caractères de contrôle")


@pytest.mark.parametrize("char", ["\x00", "\x0c", "\x1b", "\x7f", "\x85", "\u200b", "\u202e"])
def test_both_validators_refuse_control_and_format_characters(char):
    for validator in (no_control_characters, no_control_characters_multiline):
        with pytest.raises(ValidationError) as raised:
            validator(f"Projet{char}Alpha")
        assert raised.value.messages == [MESSAGE]


@pytest.mark.parametrize("char", ["\t", "\n", "\r"])
def test_line_breaks_and_tabs_only_in_multi_line_texts(char):
    no_control_characters_multiline(f"Ligne 1{char}Ligne 2")
    with pytest.raises(ValidationError):
        no_control_characters(f"Ligne 1{char}Ligne 2")


def test_ordinary_text_passes():
    no_control_characters("Projet « Été 2027 » — 100 % : l’équipe & co. 🚀")
    no_control_characters_multiline("Lot 1 livré.\r\nRecette terminée.\n")


def test_the_project_form_refuses_a_control_character_and_saves_nothing(
    client_for, world, settings
):
    settings.LANGUAGE_CODE = "en"
    project = world.project_a
    url = reverse("portfolios:project_update", args=[project.pk])
    response = client_for("pm").post(
        url,
        valid_data(world, code="PRJ-A", name="Projet\x0cAlpha"),
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [MESSAGE]
    assert MESSAGE.encode() in response.content
    project.refresh_from_db()
    assert project.name == "Projet Alpha"
    assert project.history.count() == 1


def test_full_clean_refuses_a_control_character(world):
    project = world.project_a
    project.name = "Projet\x0cAlpha"
    with pytest.raises(ValidationError) as raised:
        project.full_clean()
    assert raised.value.message_dict["name"] == [MESSAGE]
    assert Project.objects.get(pk=project.pk).name == "Projet Alpha"


def test_the_copil_settings_refuse_a_control_character(client_for, world, settings):
    settings.LANGUAGE_CODE = "en"
    response = client_for("pmo").post(
        reverse("reporting:copil_settings"),
        {
            "organisation": "Groupe\x0cExemple",
            "confidentiality": "Diffusion restreinte",
            "days_before": "3",
            "exceptions_over": "40",
        },
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == [MESSAGE]
    assert CopilSettings.current().organisation != "Groupe\x0cExemple"


def test_a_multi_line_text_is_still_accepted(world):
    report = world.draft_a
    report.achievements = "Lot 1 livré.\r\nRecette terminée.\n\tDétail indenté."
    report.full_clean()
    report.save()
    report.refresh_from_db()
    assert "\n" in report.achievements
