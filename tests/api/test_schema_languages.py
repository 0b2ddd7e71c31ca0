"""The OpenAPI schema speaks French and English: ``?lang=fr`` gives the French descriptions
of the operations (from the catalogue), ``?lang=en`` the English ones."""

import pytest

pytestmark = pytest.mark.django_db


def _push_costs(client, lang: str) -> dict:
    response = client.get(f"/api/v1/schema/?lang={lang}")
    assert response.status_code == 200
    return response.json()["paths"]["/api/v1/imports/actual-costs/"]["post"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("fr", "Envoie des coûts réels"), ("en", "Push actual costs")],
)
def test_the_schema_in_each_language(client_for, world, lang, words):
    operation = _push_costs(client_for("pmo"), lang)
    assert operation["description"].startswith(words)
    batch = operation["requestBody"]["content"]["application/json"]["examples"]
    assert batch  # every push documents an example batch
