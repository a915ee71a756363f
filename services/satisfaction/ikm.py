"""The IKM engine (PermenPAN-RB 14/2017): pure functions, no database, no rounding until the end.

- NRR of element i = sum of its scores / number of respondents (each response answers all nine).
- IKM (raw) = sum of the nine NRR x 1/9 (equal weights); IKM (converted) = raw x 25, from 25 to 100.
- Grades of the converted IKM: A (Sangat Baik) 88.31-100, B (Baik) 76.61-88.30, C (Kurang Baik)
  65.00-76.60, D (Tidak Baik) 25.00-64.99. One element's NRR uses the same bands divided by 25:
  A >= 3.5324, B >= 3.0644, C >= 2.60, else D.
- Minimum sample (Krejcie-Morgan): s = X2*N*P*(1-P) / (d2*(N-1) + X2*P*(1-P)), rounded up.

Everything is computed with exact fractions from integer sums and counts. Only the published
figures are rounded, half up, to 2 decimals. The IKM's grade is read from that published figure
(88.305 is shown as 88.31 and graded A, so a reader never sees a grade that contradicts the
number); an element's grade is read from its unrounded NRR against the rule's 4-decimal bounds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ELEMENTS = tuple(f"u{i}" for i in range(1, 10))
WEIGHT = Fraction(1, len(ELEMENTS))  # each element weighs 1/9
SCALE = 25  # converts the 1..4 raw index to 25..100

# Lower bound of each grade of the converted IKM, best first (PermenPAN-RB 14/2017, lampiran).
IKM_BANDS: tuple[tuple[str, Decimal], ...] = (
    ("A", Decimal("88.31")),
    ("B", Decimal("76.61")),
    ("C", Decimal("65.00")),
    ("D", Decimal("25.00")),
)
# The same bands for one element's NRR (the IKM bounds / 25, as the rule prints them).
NRR_BANDS: tuple[tuple[str, Fraction], ...] = (
    ("A", Fraction("3.5324")),
    ("B", Fraction("3.0644")),
    ("C", Fraction("2.60")),
    ("D", Fraction(1)),
)
GRADES = ("A", "B", "C", "D")

# Krejcie-Morgan: chi-square for 1 degree of freedom at 95 % (3.841), P = 0.5, margin d = 0.05.
KM_CHI2 = Fraction("3.841")
KM_P = Fraction(1, 2)
KM_D = Fraction(5, 100)


def round_half_up(value: Fraction | Decimal | float, places: int = 2) -> float:
    """Round half up to `places` decimals, exactly (no binary-float surprises), for a published figure."""
    if isinstance(value, Fraction):
        scaled = value * 10**places
        whole = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)  # floor(x + 1/2)
        return float(Decimal(whole).scaleb(-places))
    exact = Decimal(str(value))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def round2(value: Fraction | Decimal | float) -> float:
    """Round half up to 2 decimals (82.145 -> 82.15): the only rounding of IKM and NRR."""
    return round_half_up(value, 2)


def ikm_grade(ikm: Fraction | Decimal | float) -> str:
    """Grade of a converted IKM (25..100), read from its published 2-decimal figure."""
    shown = Decimal(str(round2(ikm)))
    for grade, lower in IKM_BANDS:
        if shown >= lower:
            return grade
    return "D"


def nrr_grade(nrr: Fraction | float) -> str:
    """Grade of one element's NRR (1..4), from the unrounded value."""
    value = nrr if isinstance(nrr, Fraction) else Fraction(str(nrr))
    for grade, lower in NRR_BANDS:
        if value >= lower:
            return grade
    return "D"


def min_sample(population: int) -> int:
    """Krejcie-Morgan minimum number of respondents for `population` service users (rounded up).

    N = 100 -> 80, 1,000 -> 278, 10,000 -> 370; 0 service users need no sample.
    """
    n = int(population)
    if n <= 0:
        return 0
    pq = KM_P * (1 - KM_P)
    s = KM_CHI2 * n * pq / (KM_D**2 * (n - 1) + KM_CHI2 * pq)
    return math.ceil(s)


@dataclass(frozen=True)
class IkmResult:
    """The SKM result of a group of responses: exact values and the published (rounded) figures."""

    n: int
    sums: tuple[int, ...]  # sum of each element's scores, u1..u9
    nrr_exact: tuple[Fraction, ...] = field(repr=False)
    ikm_exact: Fraction | None = field(repr=False)

    @property
    def ikm(self) -> float | None:
        """The converted IKM rounded to 2 decimals (None without respondents)."""
        return None if self.ikm_exact is None else round2(self.ikm_exact)

    @property
    def ikm_raw(self) -> float | None:
        """The unconverted index (1..4), rounded to 2 decimals for display."""
        return None if self.ikm_exact is None else round2(self.ikm_exact / SCALE)

    @property
    def grade(self) -> str | None:
        return None if self.ikm_exact is None else ikm_grade(self.ikm_exact)

    @property
    def nrr(self) -> dict[str, float | None]:
        """Each element's NRR rounded to 2 decimals."""
        if not self.n:
            return {e: None for e in ELEMENTS}
        return {e: round2(v) for e, v in zip(ELEMENTS, self.nrr_exact, strict=True)}

    @property
    def element_grades(self) -> dict[str, str | None]:
        if not self.n:
            return {e: None for e in ELEMENTS}
        return {e: nrr_grade(v) for e, v in zip(ELEMENTS, self.nrr_exact, strict=True)}

    def lowest_elements(self) -> list[str]:
        """Elements from the lowest NRR to the highest (ties in the rule's order): where to act."""
        if not self.n:
            return list(ELEMENTS)
        return [e for _, _, e in sorted(zip(self.nrr_exact, range(9), ELEMENTS, strict=True))]

    def as_json(self) -> dict:
        """The command line's JSON: {"ikm": 82.15, "grade": "B", "n": 120, "nrr": {"u1": 3.31, ...}}."""
        return {"ikm": self.ikm, "grade": self.grade, "n": self.n, "nrr": self.nrr}


def compute(sums: Sequence[int] | Mapping[str, int], n: int) -> IkmResult:
    """The IKM of `n` responses whose element scores add up to `sums` (u1..u9)."""
    if isinstance(sums, Mapping):
        sums = [int(sums.get(e) or 0) for e in ELEMENTS]
    sums = tuple(int(s or 0) for s in sums)
    if len(sums) != len(ELEMENTS):
        raise ValueError("nine element sums expected")
    n = int(n or 0)
    if n <= 0:
        return IkmResult(0, (0,) * 9, (Fraction(0),) * 9, None)
    if any(not n * 1 <= s <= n * 4 for s in sums):
        raise ValueError("each element sum must lie between n and 4n")
    nrr = tuple(Fraction(s, n) for s in sums)
    ikm = SCALE * sum(v * WEIGHT for v in nrr)
    return IkmResult(n, sums, nrr, ikm)


def from_scores(responses: Iterable[Sequence[int]]) -> IkmResult:
    """The IKM of a list of responses, each nine scores 1..4 (for hand-computed checks)."""
    sums, n = [0] * 9, 0
    for scores in responses:
        if len(scores) != 9 or any(s not in (1, 2, 3, 4) for s in scores):
            raise ValueError("each response has nine scores from 1 to 4")
        for i, s in enumerate(scores):
            sums[i] += s
        n += 1
    return compute(sums, n)


def combine(parts: Iterable[tuple[int, Sequence[int]]]) -> tuple[int, tuple[int, ...]]:
    """Add (n, sums) pairs: groups roll up exactly (a quarter from its months, a district from its units)."""
    total_n, total = 0, [0] * 9
    for n, sums in parts:
        total_n += n
        for i, s in enumerate(sums):
            total[i] += s
    return total_n, tuple(total)
