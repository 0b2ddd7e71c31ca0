"""Messages of ``Infeasible``: translatable templates rendered when shown, so a message
comes out in the language active then, with its amounts localised."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from portfolios.optimiser.data import NAMED_IN_MESSAGES

KIND_LABELS = {"capex": _("CAPEX (€)"), "opex": _("OPEX (€)"), "fte": _("FTE")}

MESSAGES = {
    "unknown_key": _(
        "A dependency names a project that is not among the candidates: %(projects)s."
    ),
    "unknown_selection": _(
        "The selection names projects that are not among the candidates: %(projects)s."
    ),
    "dependency_cycle": _(
        "The dependencies form a cycle: %(cycle)s. A project cannot require itself, even "
        "through other projects."
    ),
    "forced_conflict": ngettext_lazy(
        "%(projects)s is mandatory but forced out.",
        "%(projects)s are mandatory but forced out.",
        "count",
    ),
    "requires_out": _(
        "%(project)s must be selected (%(why)s) but it requires %(other)s, which is forced "
        "out: %(chain)s."
    ),
    "excluded_both_in": _(
        "%(first)s and %(second)s exclude each other, but both must be selected: %(why)s."
    ),
    "mandatory_over_limit": _(
        "The projects that must be selected (%(projects)s) need %(need)s in %(kind)s for "
        "%(year)s, above the limit of %(limit)s."
    ),
    "infeasible": _("No selection satisfies every limit and dependency together."),
}
WHY_MANDATORY = _("mandatory")
WHY_FORCED = _("forced in")
IS_MANDATORY = _("%(project)s is mandatory")
IS_FORCED = _("%(project)s is forced in")
IS_REQUIRED = _("%(project)s is required by %(other)s")
AND_OTHERS = ngettext_lazy(
    "%(names)s and %(count)s other", "%(names)s and %(count)s others", "count"
)


class Text:
    """A piece of a message rendered when the message is: a translatable template and its
    parameters (themselves texts, amounts or plain values), so that the message comes out
    in the language active when it is shown, not when it was raised."""

    def __init__(self, template, **params):
        self.template = template
        self.params = params

    def __str__(self) -> str:
        params = {name: str(value) for name, value in self.params.items()}
        if "count" in self.params:
            params["count"] = self.params["count"]
            return self.template % params
        return str(self.template) % params


class Amount:
    """An amount of a kind, localised when shown (``1 234 567`` in French)."""

    def __init__(self, value: float, kind: str):
        self.value = value
        self.kind = kind

    def __str__(self) -> str:
        decimals = 0 if float(self.value).is_integer() else 2
        return number_format(
            round(self.value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
        )


class Joined:
    """Texts joined by a separator when shown."""

    def __init__(self, parts: Iterable, separator: str = ", "):
        self.parts = list(parts)
        self.separator = separator

    def __str__(self) -> str:
        return self.separator.join(str(part) for part in self.parts)


def names(labels: Sequence[str]) -> object:
    """Labels for a message: all of them, or the first ten "and N others"."""
    if len(labels) <= NAMED_IN_MESSAGES:
        return Joined(labels)
    shown = Joined(labels[:NAMED_IN_MESSAGES])
    return Text(AND_OTHERS, names=shown, count=len(labels) - NAMED_IN_MESSAGES)


class Infeasible(ValueError):
    """The problem has no solution, or its data cannot describe one. ``str(exc)`` is the
    user-facing message (in the active language); ``cause`` one of the causes of the
    package's docstring; ``keys`` the projects involved; ``limit`` the (year, kind) involved,
    if any."""

    def __init__(
        self,
        cause: str,
        *,
        keys: Iterable[int] = (),
        limit: tuple[int, str] | None = None,
        params: Mapping[str, object] | None = None,
        template: str = "",
    ):
        super().__init__(cause)
        self.cause = cause
        self.keys = list(keys)
        self.limit = limit
        self.message = Text(MESSAGES[template or cause], **(params or {}))

    def __str__(self) -> str:
        return str(self.message)
