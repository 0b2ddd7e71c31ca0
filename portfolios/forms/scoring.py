"""Forms of prioritisation: weights (direct or pairwise), a project's scores, a rejection."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import VersionedFormMixin, version_field, version_of
from pmo_portal.validators import no_control_characters, no_control_characters_multiline
from portfolios import ahp
from portfolios.models import Portfolio

HUNDRED = Decimal("100")

# Saaty's scale, read as "the first criterion is … than the second".
_MORE = {
    1: _("equally important"),
    2: _("equally to moderately more important"),
    3: _("moderately more important"),
    4: _("moderately to strongly more important"),
    5: _("strongly more important"),
    6: _("strongly to very strongly more important"),
    7: _("very strongly more important"),
    8: _("very strongly to extremely more important"),
    9: _("extremely more important"),
}
_LESS = {
    2: _("equally to moderately less important"),
    3: _("moderately less important"),
    4: _("moderately to strongly less important"),
    5: _("strongly less important"),
    6: _("strongly to very strongly less important"),
    7: _("very strongly less important"),
    8: _("very strongly to extremely less important"),
    9: _("extremely less important"),
}


def saaty_label(value: Fraction) -> str:
    if value >= 1:
        return f"{value} — {_MORE[int(value)]}"
    return f"{value} — {_LESS[value.denominator]}"


def saaty_choices() -> list[tuple[str, str]]:
    """From 9 (much more important) down to 1/9 (much less important)."""
    return [(ahp.judgement_label(v), saaty_label(v)) for v in reversed(ahp.SCALE)]


def _weight_text(value) -> str:
    return f"{number_format(value, decimal_pos=2, use_l10n=True)} %"


class WeightsForm(VersionedFormMixin, forms.Form):
    """The weight (%) and the definition of every criterion of a model; weights total 100."""

    def __init__(self, *args, model, **kwargs):
        self.instance = model  # VersionedFormMixin: the version the page was opened at
        self.criteria = list(model.criteria.all())
        super().__init__(*args, **kwargs)
        for criterion in self.criteria:
            self.fields[f"weight_{criterion.pk}"] = forms.DecimalField(
                label=_("Weight of “%(criterion)s” (%%)") % {"criterion": criterion.label},
                max_digits=5,
                decimal_places=2,
                validators=[MinValueValidator(Decimal("0")), MaxValueValidator(HUNDRED)],
                initial=criterion.weight,
                localize=True,
            )
            self.fields[f"definition_{criterion.pk}"] = forms.CharField(
                label=_("Definition of “%(criterion)s” (what 0 and 5 mean)")
                % {"criterion": criterion.label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                validators=[no_control_characters_multiline],
                initial=criterion.definition,
            )

    def rows(self):
        """(criterion, weight field, definition field) for the template."""
        return [(c, self[f"weight_{c.pk}"], self[f"definition_{c.pk}"]) for c in self.criteria]

    def clean(self):
        cleaned = super().clean()
        weights = [cleaned.get(f"weight_{c.pk}") for c in self.criteria]
        if all(w is not None for w in weights):
            total = sum(weights, Decimal("0"))
            if total != HUNDRED:
                raise ValidationError(
                    _("The weights total %(total)s; they must total exactly 100 %%.")
                    % {"total": _weight_text(total)},
                    code="weights_total",
                )
        return cleaned

    def weights(self) -> dict[str, Decimal]:
        return {c.key: self.cleaned_data[f"weight_{c.pk}"] for c in self.criteria}

    def definitions(self) -> dict[str, str]:
        return {c.key: self.cleaned_data[f"definition_{c.pk}"].strip() for c in self.criteria}

    def conflict_rows(self, current) -> list[dict]:
        """The weights stored now beside the ones typed, where they differ."""
        stored = {c.key: c for c in current.criteria.all()} if current else {}
        rows = []
        for criterion in self.criteria:
            mine = self.cleaned_data.get(f"weight_{criterion.pk}")
            theirs = stored.get(criterion.key)
            if theirs is None or mine is None or theirs.weight == mine:
                continue
            rows.append(
                {
                    "label": capfirst(str(criterion.label)),
                    "theirs": _weight_text(theirs.weight),
                    "mine": _weight_text(mine),
                }
            )
        return rows


class PairwiseForm(VersionedFormMixin, forms.Form):
    """One judgement per pair of criteria on Saaty's scale (AHP)."""

    def __init__(self, *args, model, **kwargs):
        self.instance = model
        self.criteria = list(model.criteria.all())
        super().__init__(*args, **kwargs)
        self.pairs = []
        choices = saaty_choices()
        for i, a in enumerate(self.criteria):
            for j in range(i + 1, len(self.criteria)):
                b = self.criteria[j]
                name = f"pair_{a.pk}_{b.pk}"
                stored = (model.pairwise or {}).get(ahp.pair_key(a.key, b.key))
                if stored is None and ahp.pair_key(b.key, a.key) in (model.pairwise or {}):
                    stored = 1 / ahp.parse_judgement(model.pairwise[ahp.pair_key(b.key, a.key)])
                initial = (
                    ahp.judgement_label(ahp.nearest_on_scale(float(stored)))
                    if stored is not None
                    else "1"
                )
                self.fields[name] = forms.ChoiceField(
                    label=_("“%(a)s” compared with “%(b)s”") % {"a": a.label, "b": b.label},
                    choices=choices,
                    initial=initial,
                )
                self.pairs.append((name, a, b))

    def judgements(self) -> dict[str, str]:
        return {ahp.pair_key(a.key, b.key): self.cleaned_data[name] for name, a, b in self.pairs}

    def conflict_rows(self, current) -> list[dict]:
        stored = current.pairwise if current else {}
        rows = []
        for name, a, b in self.pairs:
            mine = self.cleaned_data.get(name)
            theirs = stored.get(ahp.pair_key(a.key, b.key))
            theirs = ahp.judgement_label(ahp.nearest_on_scale(theirs)) if theirs else "1"
            if mine is None or mine == theirs:
                continue
            rows.append(
                {
                    "label": self.fields[name].label,
                    "theirs": saaty_label(Fraction(theirs)),
                    "mine": saaty_label(Fraction(mine)),
                }
            )
        return rows


SCORE_CHOICES = [(str(n), str(n)) for n in range(6)]


class ScoresForm(forms.Form):
    """A project's scores (0–5) on the criteria scored by hand, with a rationale each.

    ``propose``: the project manager's form (a blank means no proposal); else the PMO's (a
    blank clears the score). A hidden ``version_<criterion id>`` per criterion keeps the
    version of the score the page showed (0: none), so a stale save is refused."""

    def __init__(self, *args, rows, propose: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.propose = propose
        self.criteria = [row.criterion for row in rows if not row.criterion.computed]
        blank = _("— no proposal —") if propose else _("— not scored —")
        for row in rows:
            criterion = row.criterion
            if criterion.computed:
                continue
            initial = self._shown(row)
            self.fields[f"version_{criterion.pk}"] = version_field()
            self.initial[f"version_{criterion.pk}"] = version_of(row.score)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("Score for “%(criterion)s” (0–5)") % {"criterion": criterion.label},
                choices=[("", blank), *SCORE_CHOICES],
                coerce=int,
                empty_value=None,
                required=False,
                initial="" if initial is None else str(initial),
                help_text=criterion.definition,
            )
            self.fields[f"rationale_{criterion.pk}"] = forms.CharField(
                label=_("Rationale for “%(criterion)s”") % {"criterion": criterion.label},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                validators=[no_control_characters_multiline],
                initial=row.score.rationale if row.score else "",
            )

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"rationale_{c.pk}"]) for c in self.criteria]

    def values(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}

    def rationales(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[f"rationale_{c.pk}"].strip() for c in self.criteria}

    def versions(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"version_{c.pk}") for c in self.criteria}

    def _shown(self, row):
        """The value this form shows for a row: the pending proposal in the project manager's
        form, else the validated score (None: blank)."""
        return row.proposed if self.propose and row.proposed is not None else row.validated

    def conflict_rows(self, rows) -> list[dict]:
        """The scores and rationales stored now (``rows``: the project's criterion rows read
        again) beside the ones typed, where they differ."""
        rows = {row.criterion.pk: row for row in rows}
        blank = _("no proposal") if self.propose else _("not scored")
        differences = []
        for criterion in self.criteria:
            row = rows.get(criterion.pk)
            if row is None:
                continue
            stored = self._shown(row)
            mine = self.cleaned_data.get(f"score_{criterion.pk}")
            if stored != mine:
                differences.append(
                    {
                        "label": self.fields[f"score_{criterion.pk}"].label,
                        "theirs": blank if stored is None else str(stored),
                        "mine": blank if mine is None else str(mine),
                    }
                )
            stored_text = row.score.rationale if row.score else ""
            typed = (self.cleaned_data.get(f"rationale_{criterion.pk}") or "").strip()
            if stored_text != typed:
                differences.append(
                    {
                        "label": self.fields[f"rationale_{criterion.pk}"].label,
                        "theirs": stored_text or "—",
                        "mine": typed or "—",
                    }
                )
        return differences


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=80,  # kept whole in the score's history (change reasons hold 100)
        validators=[no_control_characters],
        error_messages={"required": _("Say why the proposal is rejected.")},
    )
    version = version_field()  # the version of the score the page showed

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the proposal is rejected."))
        return reason


class PortfolioModelForm(forms.Form):
    portfolio = forms.ModelChoiceField(
        label=_("Portfolio"),
        queryset=Portfolio.objects.none(),
        empty_label=_("Choose a portfolio"),
        help_text=_("It starts as a copy of the company default."),
    )

    def __init__(self, *args, portfolios, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["portfolio"].queryset = portfolios
