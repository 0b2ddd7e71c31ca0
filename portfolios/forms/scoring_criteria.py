"""Forms of a scoring model's criteria: add one, edit one, remove one with the new weights of
the others. Each carries the hidden version of the model its page showed."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import VersionedFormMixin
from pmo_portal.validators import no_control_characters, no_control_characters_multiline
from portfolios.forms.scoring import HUNDRED, _weight_text
from portfolios.models import CriterionKind, ScoringCriterion

NAME_LENGTH = ScoringCriterion._meta.get_field("name").max_length


def _name_field():
    return forms.CharField(
        label=_("Name"),
        max_length=NAME_LENGTH,
        required=False,
        validators=[no_control_characters],
        help_text=_("Empty: the name of its kind, in the reader's language. Required for “Other”."),
    )


def _definition_field():
    return forms.CharField(
        label=_("Definition of the scale"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters_multiline],
        help_text=_("What 0 and 5 mean for this criterion."),
    )


class CriterionAddForm(VersionedFormMixin, forms.Form):
    """A new criterion: a kind the model does not use yet, or "Other" with a name."""

    def __init__(self, *args, model, kinds: list[str], **kwargs):
        self.instance = model  # VersionedFormMixin: the version the page was opened at
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label=_("Kind"),
            choices=[(kind, CriterionKind(kind).label) for kind in kinds],
            help_text=_(
                "Strategic fit is computed from the contributions to objectives; risk counts "
                "inverted; the other kinds are scored 0–5."
            ),
        )
        self.fields["name"] = _name_field()
        self.fields["definition"] = _definition_field()
        self.order_fields(["kind", "name", "definition"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == CriterionKind.OTHER and not cleaned.get("name", "").strip():
            self.add_error("name", _("Name this criterion: its kind says nothing of it."))
        return cleaned


class CriterionEditForm(VersionedFormMixin, forms.Form):
    """A criterion's name and the definition of its scale."""

    def __init__(self, *args, criterion, **kwargs):
        self.instance = criterion.model
        self.criterion = criterion
        super().__init__(*args, **kwargs)
        self.fields["name"] = _name_field()
        self.fields["definition"] = _definition_field()
        self.initial.setdefault("name", criterion.name)
        self.initial.setdefault("definition", criterion.definition)
        if criterion.kind == CriterionKind.OTHER:
            self.fields["name"].required = True
            self.fields["name"].help_text = ""

    def conflict_rows(self, current) -> list[dict]:
        """The criterion's name and definition stored now (``current``: the criterion read
        again, None when it is gone) beside the ones typed, where they differ."""
        if current is None:
            return []
        rows = []
        for name in ("name", "definition"):
            stored = getattr(current, name)
            mine = (self.cleaned_data.get(name) or "").strip()
            if stored != mine:
                rows.append(
                    {
                        "label": capfirst(self.fields[name].label),
                        "theirs": stored or "—",
                        "mine": mine or "—",
                    }
                )
        return rows


class CriterionRemoveForm(VersionedFormMixin, forms.Form):
    """The weights of the criteria left once ``criterion`` is removed; they total 100."""

    def __init__(self, *args, criterion, **kwargs):
        self.instance = criterion.model
        self.criterion = criterion
        self.criteria = [c for c in criterion.model.criteria.all() if c.pk != criterion.pk]
        super().__init__(*args, **kwargs)
        for other in self.criteria:
            self.fields[f"weight_{other.pk}"] = forms.DecimalField(
                label=_("Weight of “%(criterion)s” (%%)") % {"criterion": other.label},
                max_digits=5,
                decimal_places=2,
                validators=[MinValueValidator(Decimal("0")), MaxValueValidator(HUNDRED)],
                initial=other.weight,
                localize=True,
            )

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

    def conflict_rows(self, current_model) -> list[dict]:
        """The weights stored now beside the ones typed, where they differ."""
        stored = {c.key: c.weight for c in current_model.criteria.all()} if current_model else {}
        rows = []
        for other in self.criteria:
            mine = self.cleaned_data.get(f"weight_{other.pk}")
            theirs = stored.get(other.key)
            if theirs is None or mine is None or theirs == mine:
                continue
            rows.append(
                {
                    "label": capfirst(str(other.label)),
                    "theirs": _weight_text(theirs),
                    "mine": _weight_text(mine),
                }
            )
        return rows
