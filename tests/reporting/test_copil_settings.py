"""Steering committees (COPIL): the PMO's settings of the packs (logo, mentions, notice)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from reporting.models import (
    CopilSettings,
)
from tests.reporting.copil_helpers import messages_of, valid_html
from tests.reporting.factories_copil import (
    small_pdf,
)

pytestmark = pytest.mark.usefixtures("english")


# --- settings ------------------------------------------------------------------------------


def png_bytes(size=(40, 20)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (0, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 20), (0, 90, 160)).save(buffer, format="JPEG")
    return buffer.getvalue()


def settings_data(logo=None, **overrides) -> dict:
    data = {
        "organisation": "Groupe Exemple",
        "confidentiality": "Diffusion restreinte",
        "days_before": "3",
        "exceptions_over": "40",
    }
    data.update(overrides)
    if logo is not None:
        data["logo"] = logo
    return data


def test_pmo_saves_the_settings_with_a_small_png_logo(client_for, media):
    url = reverse("reporting:copil_settings")
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client_for("pmo").post(url, settings_data(logo))
    assert response.status_code == 302
    assert messages_of(response) == ["COPIL settings saved."]
    saved = CopilSettings.current()
    assert saved.pk is not None
    assert (saved.organisation, saved.days_before) == ("Groupe Exemple", 3)
    assert saved.logo.name.startswith("copil/logo/")
    assert (media / saved.logo.name).read_bytes() == png_bytes()
    # Saving again without a new file keeps the logo (and the single row).
    response = client_for("pmo").post(url, settings_data(organisation="Groupe"))
    assert response.status_code == 302
    assert CopilSettings.objects.count() == 1
    assert CopilSettings.current().logo.name == saved.logo.name


def test_a_jpeg_logo_is_accepted(client_for, media):
    logo = SimpleUploadedFile("logo.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client_for("pmo").post(reverse("reporting:copil_settings"), settings_data(logo))
    assert response.status_code == 302
    assert CopilSettings.current().logo


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param(
            "logo.png",
            png_bytes() + b"\0" * (1024 * 1024),
            "The logo is too large: at most 1 MB.",
            id="over-1MB",
        ),
        pytest.param(
            "logo.png", small_pdf(1), "The logo must be a PNG or JPEG image.", id="pdf-as-png"
        ),
        pytest.param(
            "logo.png", b"Not an image at all\n", "The logo must be a PNG or JPEG image.", id="text"
        ),
        pytest.param(
            "logo.png", png_bytes()[:40], "The logo must be a PNG or JPEG image.", id="truncated"
        ),
        pytest.param(
            "logo.pdf",
            png_bytes(),
            "The file name does not match its type (PNG or JPEG).",
            id="png-named-pdf",
        ),
        pytest.param(
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            "The logo must be a PNG or JPEG image.",
            id="svg",
        ),
    ],
)
def test_a_bad_logo_is_refused_with_a_clear_message(client_for, media, name, content, message):
    logo = SimpleUploadedFile(name, content, content_type="image/png")
    response = client_for("pmo").post(reverse("reporting:copil_settings"), settings_data(logo))
    assert response.status_code == 200
    assert response.context["form"].errors == {"logo": [message]}
    page = valid_html(response)
    assert "The settings were not saved" in page
    assert message in page
    assert not CopilSettings.objects.exists()
    assert not list(media.rglob("*.*"))


def test_days_before_is_at_most_thirty(client_for):
    response = client_for("pmo").post(
        reverse("reporting:copil_settings"), settings_data(days_before="31")
    )
    assert response.status_code == 200
    assert "days_before" in response.context["form"].errors
    assert not CopilSettings.objects.exists()
