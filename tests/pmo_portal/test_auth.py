"""Sign-in, lockout after repeated failures, sign-out, password change, language, role menu."""

import pytest
from django.urls import reverse

from tests.portfolios.factories import PASSWORD

LOGIN = reverse("login")


def test_sign_in_and_out(client, world):
    response = client.post(LOGIN, {"username": "pm_user", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_says_so(client, world):
    response = client.post(
        LOGIN, {"username": "pm_user", "password": "nope"}, headers={"accept-language": "en"}
    )
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_lockout_after_repeated_failures(client, world, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "pm_user", "password": "wrong"})
    # Even the right password is refused now.
    response = client.post(
        LOGIN, {"username": "pm_user", "password": PASSWORD}, headers={"accept-language": "en"}
    )
    assert response.status_code == 429
    assert b"Account temporarily locked" in response.content
    assert client.get(reverse("home")).status_code == 302


def test_password_change(client, world):
    client.post(LOGIN, {"username": "pm_user", "password": PASSWORD})
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-better-secret-2026",
            "new_password2": "a-much-better-secret-2026",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    world.users["pm"].refresh_from_db()
    assert world.users["pm"].check_password("a-much-better-secret-2026")


def test_password_change_rejects_a_weak_password(client_for, world):
    client = client_for("pm")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert b"too short" in response.content


@pytest.mark.parametrize(("language", "heading"), [("fr", "Projets"), ("en", "Projects")])
def test_language_switcher(client_for, world, language, heading):
    client = client_for("pm")
    response = client.post(
        reverse("set_language"),
        {"language": language, "next": reverse("portfolios:project_list")},
    )
    assert response["Location"] == reverse("portfolios:project_list")
    page = client.get(reverse("portfolios:project_list"))
    assert f'<html lang="{language}">'.encode() in page.content
    assert f"<h1>{heading}</h1>".encode() in page.content


def test_default_language_is_french(client_for, world):
    page = client_for("pm").get(reverse("home"))
    assert b'<html lang="fr">' in page.content


@pytest.mark.parametrize(
    ("role", "label"),
    [
        ("pmo", "PMO"),
        ("pm", "Project manager"),
        ("executive", "Executive"),
        ("resource_manager", "Resource manager"),
        ("finance", "Finance"),
        ("outsider", "No role"),
    ],
)
def test_user_menu_shows_the_role(client_for, world, role, label):
    page = client_for(role).get(reverse("home"), headers={"accept-language": "en"})
    assert f'<span class="role-label">{label}</span>'.encode() in page.content


def test_navigation_shows_only_built_areas(client_for, world):
    page = client_for("pm").get(reverse("home"), headers={"accept-language": "en"})
    keys = [area["key"] for area in page.context["nav_areas"]]
    # Areas in the order of the brief: governance first, continuous improvement last.
    assert keys == ["governance", "portfolios", "resources", "reporting", "lessons"]
    outsider = client_for("outsider").get(reverse("home"))
    assert outsider.context["nav_areas"] == []
