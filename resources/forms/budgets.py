"""Forms of budgets and costs: they read input; the services write."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import version_field, version_of
from pmo_portal.validators import no_control_characters
from portfolios.forms import DateInput
from resources.import_limits import limits_text
from resources.models import ActualCost, BudgetLine, CommittedCost, CostCategory, Nature


class BudgetLineForm(forms.Form):
    """Approve a new budget line, or revise the approved amount of an existing one."""

    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)
    nature = forms.ChoiceField(label=_("Nature"), choices=Nature.choices)
    category = forms.ChoiceField(label=_("Category"), choices=CostCategory.choices)
    amount = forms.DecimalField(
        label=_("Approved budget (€)"), max_digits=14, decimal_places=2, min_value=Decimal("0.00")
    )
    reason = forms.CharField(
        label=_("Reason for the revision"),
        required=False,
        max_length=100,
        help_text=_("Required when the line already exists (a revision)."),
        validators=[no_control_characters],
    )

    # The version of the line the page showed (0: none yet), see pmo_portal/concurrency.py.
    version = version_field()

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].initial = timezone.localdate().year
        self.line = None
        if not self.is_bound and project is not None:
            # Opened to revise a line: show its approved amount, and remember its version.
            self.line = _line_of(project, self.initial)
            self.initial["version"] = version_of(self.line)
            if self.line is not None:
                self.initial["amount"] = self.line.approved_amount


def _line_of(project, keys: dict) -> BudgetLine | None:
    try:
        year = int(keys.get("fiscal_year", ""))
    except ValueError:
        return None
    return BudgetLine.objects.filter(
        project=project,
        fiscal_year=year,
        nature=keys.get("nature"),
        category=keys.get("category"),
    ).first()


class ActualCostForm(forms.ModelForm):
    class Meta:
        model = ActualCost
        fields = ["date", "nature", "category", "amount", "supplier", "reference", "description"]
        widgets = {"date": DateInput()}

    def clean_reference(self) -> str:
        # The database refuses a second cost with the same reference; say it in plain words.
        reference = self.cleaned_data["reference"].strip()
        if reference and ActualCost.objects.filter(reference=reference).exists():
            raise forms.ValidationError(
                _("A cost with this reference is already recorded (imported or entered).")
            )
        return reference


class CommittedCostForm(forms.ModelForm):
    class Meta:
        model = CommittedCost
        fields = ["date", "nature", "category", "amount", "supplier", "reference"]
        widgets = {"date": DateInput()}


class CostImportForm(forms.Form):
    file = forms.FileField(
        label=_("Finance export"),
        help_text=format_lazy(
            "{} {}",
            _("CSV (any separator, UTF-8 or Windows-1252) or Excel .xlsx."),
            limits_text(),
        ),
    )
