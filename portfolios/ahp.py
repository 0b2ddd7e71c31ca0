"""Analytic Hierarchy Process (Saaty): criteria weights from pairwise comparisons.

Pure numpy, no Django. Judgements are on Saaty's scale, 1/9 … 9: ``{"a|b": v}`` means
criterion ``a`` is ``v`` times as important as ``b`` (so ``b`` is 1/v times as important as
``a``). A pair left out counts as 1 (equally important).

- The weights are the principal (Perron) eigenvector of the reciprocal matrix, normalised to
  100 %.
- λmax is its eigenvalue; the consistency index CI = (λmax − n) / (n − 1) and the consistency
  ratio CR = CI / RI, RI being Saaty's random index for n criteria (CR = 0 for n = 1 or 2,
  whose matrices are always consistent). Saaty's rule: CR above 0.10 means the judgements
  contradict each other and should be revised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np

# Saaty's random consistency indices (mean CI of random reciprocal matrices) by size.
RANDOM_INDEX = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
CR_THRESHOLD = 0.10
# The values of the scale, as they are offered ("1/3" …) and their numbers.
SCALE = [Fraction(1, n) for n in range(9, 1, -1)] + [Fraction(n) for n in range(1, 10)]


def pair_key(a: str, b: str) -> str:
    return f"{a}|{b}"


def parse_judgement(value) -> float:
    """A judgement as typed or stored ("1/3", "5", 0.2, 3) → a positive float on the scale's
    range; ValueError otherwise."""
    try:
        number = float(Fraction(str(value).strip()))
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"not a judgement: {value!r}") from exc
    if not (1 / 9 - 1e-5 <= number <= 9 + 1e-5):  # stored judgements have 6 decimals
        raise ValueError(f"outside Saaty's scale 1/9 … 9: {value!r}")
    return number


def nearest_on_scale(value: float) -> Fraction:
    """The value of the scale nearest to ``value`` (compared on a log scale)."""
    return min(SCALE, key=lambda s: abs(np.log(float(s)) - np.log(value)))


def judgement_label(value: Fraction) -> str:
    """ "1/3", "1", "5"… as offered in the forms and stored."""
    return str(value)


def matrix(keys: Sequence[str], judgements: Mapping[str, object]) -> np.ndarray:
    """The reciprocal comparison matrix of ``keys`` (order kept). A judgement given both ways
    ("a|b" and "b|a") uses the first in the order of ``keys``."""
    n = len(keys)
    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            forward = judgements.get(pair_key(keys[i], keys[j]))
            backward = judgements.get(pair_key(keys[j], keys[i]))
            if forward is not None:
                value = parse_judgement(forward)
            elif backward is not None:
                value = 1 / parse_judgement(backward)
            else:
                value = 1.0
            a[i, j] = value
            a[j, i] = 1 / value
    return a


@dataclass(frozen=True)
class AhpResult:
    weights: dict[str, float]  # key -> share of 1 (unrounded)
    lambda_max: float
    consistency_index: float
    consistency_ratio: float

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio <= CR_THRESHOLD


def solve(keys: Sequence[str], judgements: Mapping[str, object]) -> AhpResult:
    """Weights and consistency of the judgements on ``keys``."""
    keys = list(keys)
    n = len(keys)
    if n == 0:
        return AhpResult({}, 0.0, 0.0, 0.0)
    a = matrix(keys, judgements)
    eigenvalues, eigenvectors = np.linalg.eig(a)
    principal = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[principal].real)
    vector = np.abs(eigenvectors[:, principal].real)
    vector = vector / vector.sum()
    if n <= 2:
        ci = cr = 0.0
    else:
        ci = max(0.0, (lambda_max - n) / (n - 1))
        cr = ci / RANDOM_INDEX.get(n, RANDOM_INDEX[max(RANDOM_INDEX)])
    return AhpResult(
        weights={key: float(w) for key, w in zip(keys, vector, strict=True)},
        lambda_max=lambda_max,
        consistency_index=ci,
        consistency_ratio=cr,
    )


def percentages(weights: Mapping[str, float], *, total: int = 100) -> dict[str, Decimal]:
    """Shares of 1 → percentages with 2 decimals that add up to exactly ``total`` (largest
    remainder: the cents lost to rounding go to the largest remainders)."""
    if not weights:
        return {}
    cents_total = total * 100
    raw = {key: value * cents_total for key, value in weights.items()}
    floors = {key: int(np.floor(value)) for key, value in raw.items()}
    missing = cents_total - sum(floors.values())
    order = sorted(raw, key=lambda key: (raw[key] - floors[key], raw[key]), reverse=True)
    for key in order[:missing]:
        floors[key] += 1
    return {key: (Decimal(cents) / 100).quantize(Decimal("0.01")) for key, cents in floors.items()}


def ratio_decimal(value: float) -> Decimal:
    """A consistency ratio as stored (4 decimals)."""
    return Decimal(str(value)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
