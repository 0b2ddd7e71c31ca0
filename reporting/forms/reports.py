"""The status report form and its milestone formset."""

from __future__ import annotations

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from portfolios.forms import DateInput
from portfolios.models import Health
from reporting.models import HEALTH_FIELDS, MilestoneStatus, StatusReport
from reporting.services.reports import REPORT_FIELDS, MilestoneChange


class StatusReportForm(forms.ModelForm):
    """One column; each field shows last period's value beside it (``previous``).

    ``previous`` may be given as a function returning it: it is then read only when the form
    is shown, never for a submit that succeeds (issue 16: the submit's query budget).
    """

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = StatusReport
        fields = list(REPORT_FIELDS)
        widgets = {
            **dict.fromkeys(HEALTH_FIELDS, forms.RadioSelect),
            "forecast_end": DateInput(),
            "achievements": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
            "escalations": forms.Textarea(attrs={"rows": 3}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "escalations": _("What the steering committee must decide or unblock."),
            "eac": _("Forecast total cost at completion, in euros."),
        }

    def __init__(self, *args, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._previous = previous
        for name in HEALTH_FIELDS:
            self.fields[name].choices = Health.choices
        self.fields["percent_complete"].widget.attrs.update({"min": 0, "max": 100, "step": 1})
        self.fields["eac"].widget.attrs.update({"min": "0", "step": "0.01"})
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_forecast_end(self):
        value = self.cleaned_data.get("forecast_end")
        project = self.instance.project
        if value and value < project.planned_start:
            raise forms.ValidationError(
                _("The forecast end cannot be before the project starts (%(date)s)."),
                params={"date": project.planned_start.strftime("%d/%m/%Y")},
            )
        return value

    @cached_property
    def previous(self) -> StatusReport | None:
        return self._previous() if callable(self._previous) else self._previous

    def previous_value(self, name: str):
        if self.previous is None:
            return None
        return getattr(self.previous, name)

    def report_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in REPORT_FIELDS}


class MilestoneUpdateForm(forms.Form):
    """A milestone's forecast as the PM states it in the report (baseline is read-only)."""

    id = forms.IntegerField(widget=forms.HiddenInput)
    forecast_date = forms.DateField(label=_("Forecast date"), widget=DateInput())
    actual_date = forms.DateField(label=_("Actual date"), widget=DateInput(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == MilestoneStatus.ACHIEVED and not cleaned.get("actual_date"):
            self.add_error("actual_date", _("An achieved milestone needs its date."))
        return cleaned


class BaseMilestoneFormSet(forms.BaseFormSet):
    def __init__(self, *args, milestones=(), **kwargs):
        self.milestones = {m.pk: m for m in milestones}
        kwargs.setdefault(
            "initial",
            [
                {
                    "id": m.pk,
                    "forecast_date": m.forecast_date,
                    "actual_date": m.actual_date,
                    "status": m.status,
                }
                for m in milestones
            ],
        )
        super().__init__(*args, **kwargs)
        for form in self.forms:
            pk = form.initial.get("id") or _int(form.data.get(form.add_prefix("id")))
            form.milestone = self.milestones.get(pk)

    def clean(self):
        super().clean()
        for form in self.forms:
            if form.cleaned_data and form.cleaned_data.get("id") not in self.milestones:
                raise forms.ValidationError(_("This milestone does not belong to the project."))

    def changes(self) -> list[MilestoneChange]:
        return [
            MilestoneChange(
                milestone_id=form.cleaned_data["id"],
                forecast_date=form.cleaned_data["forecast_date"],
                actual_date=form.cleaned_data["actual_date"],
                status=form.cleaned_data["status"],
            )
            for form in self.forms
            if form.cleaned_data
        ]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


MilestoneFormSet = forms.formset_factory(
    MilestoneUpdateForm, formset=BaseMilestoneFormSet, extra=0, max_num=200, validate_max=True
)
