"""The portal's own error pages (DEBUG off, as ``make run`` and production serve it): an unknown
URL gets a 404 page in the browser's language with a way back home; the 500 page renders with
no request context and no database, in both languages, styled like the portal."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.views.defaults import server_error


def main_text(page: str) -> str:
    main = re.search(r"<main\b.*?</main>", page, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.mark.django_db
def test_an_unknown_url_gets_the_french_page_for_a_french_browser(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "<title>Page introuvable · Portail PMO</title>" in page
    assert main_text(page) == (
        "Accueil Page introuvable Cette page n'existe pas, ou elle se trouve hors des "
        "portefeuilles que vous voyez. Retour à l'accueil"
    )
    for english in ("Page not found", "Back to the home page", "Home", "Skip to main"):
        assert english not in page
    assert '<a href="/">Retour à l\'accueil</a>' in page


@pytest.mark.django_db
def test_an_unknown_url_gets_the_english_page_for_an_english_browser(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert main_text(page) == (
        "Home Page not found This page does not exist, or it is outside the portfolios you "
        "can see. Back to the home page"
    )


def test_the_server_error_page_needs_no_context_nor_database():
    # No django_db mark: a database query here fails the test.
    response = server_error(RequestFactory().get("/projects/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Une erreur est survenue&nbsp;; l'équipe technique a été prévenue." in page
    assert '<p lang="en">Something went wrong; the technical team has been told.' in page
    assert '<a href="/">Retour à l\'accueil</a>' in page
    assert '<a href="/" lang="en">Back to the home page</a>' in page
    # Styled like the portal, from static paths that exist (no template tag needed).
    sheets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)">', page)
    assert "css/portal.css" in sheets
    assert all(finders.find(sheet) for sheet in sheets)
    assert 'class="portal-header"' in page
