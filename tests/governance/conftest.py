"""``english``: for the governance tests that read the English UI (the portal defaults to
French); a test that checks the French text sets ``settings.LANGUAGE_CODE = "fr"``."""

import pytest


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
