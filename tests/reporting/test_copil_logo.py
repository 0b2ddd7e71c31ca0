"""COPIL logo: an image bomb (tiny file, huge pixels) is refused, a large logo is downscaled,
and a bomb already stored is left out of the pack rather than crashing it."""

import logging
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from reporting.copil import document
from reporting.models import CopilSettings
from tests.reporting.copil_helpers import valid_html

pytestmark = pytest.mark.usefixtures("english")

LOGO_MAX_BOX = (1200, 600)  # the stored logo fits this box
BOMB_MESSAGE = "The logo has too many pixels: at most 25 megapixels."


def png_bytes(size, mode="RGB") -> bytes:
    buffer = BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """196 megapixels in a few KB: a bilevel image compresses to almost nothing."""
    return png_bytes((14000, 14000), mode="1")


def settings_data(logo) -> dict:
    return {
        "organisation": "Groupe Exemple",
        "confidentiality": "Diffusion restreinte",
        "days_before": "3",
        "exceptions_over": "40",
        "logo": logo,
    }


def post_logo(client_for, name, content):
    logo = SimpleUploadedFile(name, content, content_type="image/png")
    return client_for("pmo").post(reverse("reporting:copil_settings"), settings_data(logo))


def test_a_huge_pixel_png_is_refused_with_the_limit_and_nothing_saved(client_for, media, bomb):
    assert len(bomb) < 1024 * 1024  # passes the byte limit: only the pixel count stops it
    response = post_logo(client_for, "logo.png", bomb)
    assert response.status_code == 200
    assert response.context["form"].errors == {"logo": [BOMB_MESSAGE]}
    page = valid_html(response)
    assert BOMB_MESSAGE in page
    assert not CopilSettings.objects.exists()
    assert not list(media.rglob("*.*"))


def test_a_logo_just_over_the_limit_is_refused(client_for, media):
    # Under Pillow's own bomb threshold: only the portal's limit refuses it.
    response = post_logo(client_for, "logo.png", png_bytes((5001, 5000), mode="1"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"logo": [BOMB_MESSAGE]}
    assert not CopilSettings.objects.exists()


def test_a_large_logo_is_accepted_and_stored_downscaled(client_for, media):
    response = post_logo(client_for, "logo.png", png_bytes((3000, 1500)))
    assert response.status_code == 302
    saved = CopilSettings.current()
    assert saved.logo.name.endswith(".png")
    with Image.open(media / saved.logo.name) as stored:
        assert stored.format == "PNG"
        assert stored.width <= LOGO_MAX_BOX[0]
        assert stored.height <= LOGO_MAX_BOX[1]
        assert stored.size == (1200, 600)  # the aspect ratio is kept


def test_a_large_jpeg_logo_is_stored_as_a_small_png(client_for, media):
    buffer = BytesIO()
    Image.new("RGB", (2400, 600), (0, 90, 160)).save(buffer, format="JPEG")
    response = post_logo(client_for, "logo.jpg", buffer.getvalue())
    assert response.status_code == 302
    saved = CopilSettings.current()
    assert saved.logo.name.endswith(".png")
    with Image.open(media / saved.logo.name) as stored:
        assert (stored.format, stored.size) == ("PNG", (1200, 300))


def test_a_noisy_logo_is_stored_small_enough_for_the_pack(client_for, media):
    # Noise compresses badly: 1200 x 600 of it would pass 1 MB as a PNG, which the pack
    # leaves out; the stored logo is made smaller still.
    buffer = BytesIO()
    Image.effect_noise((1600, 800), 120).convert("RGB").save(buffer, format="JPEG", quality=40)
    assert len(buffer.getvalue()) < 1024 * 1024
    response = post_logo(client_for, "logo.jpg", buffer.getvalue())
    assert response.status_code == 302
    stored = media / CopilSettings.current().logo.name
    assert stored.stat().st_size <= 1024 * 1024
    assert document.logo_data_url(CopilSettings.current()).startswith("data:image/png;")


def test_the_settings_page_never_answers_500_on_a_bomb(client_for, media, bomb):
    client = client_for("pmo")
    url = reverse("reporting:copil_settings")
    for name in ("logo.png", "logo.jpg", "logo.jpeg"):
        logo = SimpleUploadedFile(name, bomb, content_type="image/png")
        assert client.post(url, settings_data(logo)).status_code == 200
    assert client.get(url).status_code == 200


def test_a_bomb_stored_before_the_fix_is_left_out_of_the_pack(media, bomb, caplog):
    copil_settings = CopilSettings(organisation="Groupe Test", confidentiality="Diffusion")
    copil_settings.logo.save("logo.png", ContentFile(bomb), save=False)
    with caplog.at_level(logging.WARNING, logger=document.logger.name):
        assert document.logo_data_url(copil_settings) is None
    assert "too many pixels" in caplog.text


def test_a_small_stored_logo_is_still_embedded(media):
    copil_settings = CopilSettings(organisation="Groupe Test", confidentiality="Diffusion")
    copil_settings.logo.save("logo.png", ContentFile(png_bytes((40, 20))), save=False)
    assert document.logo_data_url(copil_settings).startswith("data:image/png;base64,")
