"""Forms of steering committees: a meeting, a recurring series, a decision, the settings."""

from __future__ import annotations

import warnings
from datetime import datetime, time
from io import BytesIO
from pathlib import PurePath

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ModelMultipleChoiceField
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import VersionedFormMixin, version_field, version_of
from pmo_portal.dates import month_start
from pmo_portal.users import user_label
from pmo_portal.validators import no_control_characters, no_control_characters_multiline
from portfolios.filters import UserChoiceField
from portfolios.forms import DateInput
from portfolios.models import Portfolio, Project
from reporting.copil.document import LOGO_MAX_PIXELS
from reporting.forms.raid import owner_choices
from reporting.models import CopilDecision, CopilMeeting, CopilSettings, MeetingStatus
from reporting.selectors.copil import meeting_projects
from reporting.services.copil import nth_weekday

MAX_LOGO_BYTES = 1024 * 1024
LOGO_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
# A larger logo is stored downscaled to fit this box (width, height), as a PNG.
LOGO_MAX_BOX = (1200, 600)
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
]
ORDINALS = [(1, _("first")), (2, _("second")), (3, _("third")), (4, _("fourth")), (-1, _("last"))]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class AttendeesField(ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return user_label(obj)


def _helper(*fields, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class ScopeMixin:
    """Portfolio or project (exactly one), with friendly messages before the model's rule."""

    def _scope_fields(self) -> None:
        self.fields["portfolio"].queryset = Portfolio.objects.order_by("name")
        self.fields["portfolio"].empty_label = _("No portfolio: a project COPIL")
        self.fields["project"].queryset = Project.objects.filter(is_archived=False).order_by("code")
        self.fields["project"].empty_label = _("No project: a portfolio COPIL")
        self.fields["attendees"].queryset = owner_choices()

    def _clean_scope(self, cleaned: dict) -> None:
        portfolio, project = cleaned.get("portfolio"), cleaned.get("project")
        if portfolio and project:
            self.add_error("project", _("Choose either a portfolio or a project, not both."))
        elif not portfolio and not project and "portfolio" not in self.errors:
            self.add_error("portfolio", _("Choose the portfolio (or the project) it steers."))


class MeetingForm(VersionedFormMixin, ScopeMixin, forms.ModelForm):
    attendees = AttendeesField(
        label=_("Attendees"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Executives, sponsor, PMO: they receive the pack by e-mail."),
    )

    class Meta:
        model = CopilMeeting
        fields = [
            "title",
            "portfolio",
            "project",
            "scheduled_at",
            "location",
            "attendees",
            "agenda",
            "language",
            "project_order",
            "status",
            "minutes",
        ]
        widgets = {
            "scheduled_at": DateTimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"minutes": _("After the meeting: what was said (the decisions go below).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_fields()
        if not self.instance.pk:
            del self.fields["status"]
            del self.fields["minutes"]
        self.helper = _helper(
            *self.fields,
            submit=_("Save changes") if self.instance.pk else _("Plan the steering committee"),
        )

    def clean(self):
        cleaned = super().clean()
        self._clean_scope(cleaned)
        self._clean_same_time(cleaned)
        return cleaned

    def _clean_same_time(self, cleaned: dict) -> None:
        # Said here in words; the model's constraint alone would only name itself. The error
        # on scheduled_at keeps _post_clean from checking that constraint again.
        portfolio, project = cleaned.get("portfolio"), cleaned.get("project")
        scheduled_at = cleaned.get("scheduled_at")
        if not scheduled_at or bool(portfolio) == bool(project):
            return
        same = CopilMeeting.objects.filter(
            portfolio=portfolio, project=project, scheduled_at=scheduled_at
        ).exclude(pk=self.instance.pk)
        if same.exists():
            self.add_error(
                "scheduled_at",
                _("A steering committee of this scope is already planned at that time."),
            )

    def _post_clean(self):
        # The scope rule is said once, by clean(); the model repeats it otherwise.
        if any(name in self.errors for name in ("portfolio", "project")):
            return
        super()._post_clean()


class SeriesForm(ScopeMixin, forms.Form):
    """Plan a recurring series, e.g. monthly on the first Tuesday at 10:00, for 12 months."""

    title = forms.CharField(label=_("Title"), max_length=200, validators=[no_control_characters])
    portfolio = forms.ModelChoiceField(label=_("Portfolio"), queryset=None, required=False)
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False)
    ordinal = forms.TypedChoiceField(label=_("Every month, on the"), choices=ORDINALS, coerce=int)
    weekday = forms.TypedChoiceField(label=_("Day"), choices=WEEKDAYS, coerce=int, initial=1)
    at = forms.TimeField(
        label=_("Time"), initial=time(10, 0), widget=forms.TimeInput(attrs={"type": "time"})
    )
    first_month = forms.DateField(
        label=_("From the month of"),
        widget=DateInput(),
        help_text=_("Any day of the first month of the series."),
    )
    months = forms.IntegerField(label=_("Number of months"), min_value=1, max_value=24, initial=12)
    location = forms.CharField(
        label=_("Location"),
        max_length=200,
        required=False,
        validators=[no_control_characters],
    )
    attendees = AttendeesField(
        label=_("Attendees"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Executives, sponsor, PMO: they receive the pack by e-mail."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_control_characters_multiline],
    )
    language = forms.ChoiceField(
        label=_("Language of the pack"), choices=CopilMeeting._meta.get_field("language").choices
    )
    project_order = forms.ChoiceField(
        label=_("Order of the projects in the pack"),
        choices=CopilMeeting._meta.get_field("project_order").choices,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_fields()
        self.helper = _helper(*self.fields, submit=_("Plan the meetings"))

    def clean_first_month(self):
        value = month_start(self.cleaned_data["first_month"])
        if value < month_start(timezone.localdate()):
            raise ValidationError(_("The series cannot start in a past month."))
        return value

    def clean(self):
        cleaned = super().clean()
        self._clean_scope(cleaned)
        self._clean_first_date(cleaned)
        return cleaned

    def _clean_first_date(self, cleaned: dict) -> None:
        """This month is fine only while its date is ahead (on the 15th, not "the first
        Tuesday"): a series does not plan a meeting in the past."""
        if any(cleaned.get(name) is None for name in ("first_month", "weekday", "ordinal", "at")):
            return
        month = cleaned["first_month"]
        first = nth_weekday(month.year, month.month, cleaned["weekday"], cleaned["ordinal"])
        if timezone.make_aware(datetime.combine(first, cleaned["at"])) <= timezone.now():
            self.add_error(
                "first_month",
                ValidationError(
                    _("The first date, %(day)s, is past: start the series next month."),
                    params={"day": date_format(first, "SHORT_DATE_FORMAT")},
                ),
            )

    def meeting_data(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("title", "portfolio", "project", "location", "agenda", "language")
        } | {"project_order": data["project_order"], "status": MeetingStatus.PLANNED}


class DecisionForm(VersionedFormMixin, forms.ModelForm):
    owner = UserChoiceField(label=_("Owner"), queryset=None, required=False)

    class Meta:
        model = CopilDecision
        fields = ["text", "project", "owner", "due_date", "status", "follow_up"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
            "due_date": DateInput(),
        }
        help_texts = {"follow_up": _("Where it stands; shown at the next steering committee.")}

    def __init__(self, *args, meeting: CopilMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(self.instance.owner_id)
        self.fields["owner"].empty_label = _("No owner yet")
        self.fields["project"].queryset = meeting_projects(meeting).order_by("code")
        self.fields["project"].empty_label = _("The whole portfolio")
        self.helper = _helper(
            *self.fields,
            submit=_("Save changes") if self.instance.pk else _("Record the decision"),
        )


class CopilSettingsForm(forms.ModelForm):
    class Meta:
        model = CopilSettings
        fields = ["organisation", "logo", "confidentiality", "days_before", "exceptions_over"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].widget.attrs["accept"] = "image/png,image/jpeg"
        # One row, edited in place: its version (0 until first saved), see
        # pmo_portal/concurrency.py.
        self.fields["version"] = version_field()
        self.initial["version"] = version_of(self.instance)
        self.helper = _helper(*self.fields, submit=_("Save the settings"))

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or logo == self.instance.logo:
            return logo
        if logo.size > MAX_LOGO_BYTES:
            raise ValidationError(_("The logo is too large: at most 1 MB."))
        head = logo.read(8)
        logo.seek(0)
        kind = next((k for sig, k in LOGO_SIGNATURES.items() if head.startswith(sig)), None)
        if kind is None:
            raise ValidationError(_("The logo must be a PNG or JPEG image."))
        extension = {"png": ".png", "jpeg": (".jpg", ".jpeg")}[kind]
        if not logo.name.lower().endswith(extension):
            raise ValidationError(_("The file name does not match its type (PNG or JPEG)."))
        return _checked_logo(logo, kind)


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The logo has too many pixels: at most %(limit)s megapixels."),
        params={"limit": LOGO_MAX_PIXELS // 1_000_000},
    )


def _checked_logo(upload, kind: str):
    """The upload once it decodes as a whole (Pillow comes with WeasyPrint), not just its first
    bytes; downscaled into LOGO_MAX_BOX (as a PNG) when larger. The pixel count is read from
    the header and checked before anything is decoded: a few KB can say 196 megapixels."""
    from PIL import Image, UnidentifiedImageError

    invalid = ValidationError(_("The logo must be a PNG or JPEG image."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if (image.format or "").lower() != kind:
                    raise invalid
                if image.width * image.height > LOGO_MAX_PIXELS:
                    raise _too_many_pixels()
                image.load()
                if image.width <= LOGO_MAX_BOX[0] and image.height <= LOGO_MAX_BOX[1]:
                    upload.seek(0)
                    return upload
                content = _downscaled_png(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise invalid from None
    finally:
        upload.seek(0)
    name = f"{PurePath(upload.name).stem or 'logo'}.png"
    return SimpleUploadedFile(name, content, content_type="image/png")


def _downscaled_png(image) -> bytes:
    """The image fitted into LOGO_MAX_BOX (smaller still if the PNG would pass 1 MB)."""
    from PIL import Image, ImageOps

    image.thumbnail(LOGO_MAX_BOX, Image.Resampling.LANCZOS)  # in place: the large copy goes
    image = ImageOps.exif_transpose(image)  # the EXIF orientation is not kept in a PNG
    if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    box = LOGO_MAX_BOX
    while True:
        small = image.copy()
        small.thumbnail(box, Image.Resampling.LANCZOS)
        buffer = BytesIO()
        small.save(buffer, format="PNG", optimize=True)
        if buffer.tell() <= MAX_LOGO_BYTES or small.width <= 100:
            return buffer.getvalue()
        box = (box[0] * 3 // 4, box[1] * 3 // 4)
