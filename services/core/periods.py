"""Reporting periods: a month (2026-03), quarter (2026-Q1), semester (2026-S1) or year (2026).

One parser for every screen, report and command, so "2026-Q1" means the same days everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from models.core.validators import PERIOD_PATTERNS
from services.core.errors import ValidationFailed

_PATTERNS = PERIOD_PATTERNS  # the one grammar, shared with the models' validation
MONTHS_IN = {"month": 1, "quarter": 3, "semester": 6, "year": 12}


@dataclass(frozen=True, order=True)
class Period:
    start: date  # first day, inclusive
    end: date  # last day, inclusive
    kind: str  # month | quarter | semester | year | custom
    code: str  # "2026-Q1", or "2026-01-05..2026-02-10" for a custom range

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def parse(code: str) -> Period:
    """Parse a period code; raise ValidationFailed('period', 'period_invalid') for anything else."""
    text = (code or "").strip()
    for pattern, kind in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        year = int(m.group(1))
        if not 2000 <= year <= 2100:
            break
        if kind == "month":
            first_month = int(m.group(2))
        elif kind == "year":
            first_month = 1
        else:
            first_month = (int(m.group(2)) - 1) * MONTHS_IN[kind] + 1
        last_month = first_month + MONTHS_IN[kind] - 1
        return Period(
            date(year, first_month, 1), _month_end(year, last_month), kind, format_code(year, first_month, kind)
        )
    raise ValidationFailed.one("period", "period_invalid", value=text[:20])


def format_code(year: int, first_month: int, kind: str) -> str:
    if kind == "month":
        return f"{year}-{first_month:02d}"
    if kind == "quarter":
        return f"{year}-Q{(first_month - 1) // 3 + 1}"
    if kind == "semester":
        return f"{year}-S{(first_month - 1) // 6 + 1}"
    return f"{year}"


def containing(day: date, kind: str) -> Period:
    """The period of `kind` that contains `day` (this quarter, this month, ...)."""
    first_month = ((day.month - 1) // MONTHS_IN[kind]) * MONTHS_IN[kind] + 1
    return parse(format_code(day.year, first_month, kind))


def previous(period: Period) -> Period:
    """The period of the same kind just before `period`."""
    return containing(period.start - timedelta(days=1), period.kind)


def custom(start: date, end: date) -> Period:
    if end < start:
        raise ValidationFailed.one("period", "period_reversed")
    return Period(start, end, "custom", f"{start.isoformat()}..{end.isoformat()}")


def split(period: Period, kind: str) -> list[Period]:
    """The months (or quarters) that make up `period`, in order; for chart axes."""
    out, cursor = [], containing(period.start, kind)
    while cursor.start <= period.end:
        out.append(cursor)
        cursor = containing(cursor.end + timedelta(days=1), kind)
    return out


def ending(day: date, kind: str, count: int) -> Period:
    """The `count` whole periods of `kind` ending with the one that contains `day` (the last 8 quarters)."""
    last = containing(day, kind)
    first = last
    for _ in range(max(1, count) - 1):
        first = previous(first)
    return Period(first.start, last.end, "custom", f"{first.code}..{last.code}")


_ROMAN = ("I", "II", "III", "IV")


def _ordinal(period: Period, months: int, lang: str) -> str:
    """Indonesian reports number quarters and semesters in Roman numerals (Triwulan IV); English uses Q4."""
    number = (period.start.month - 1) // months + 1
    return _ROMAN[number - 1] if lang == "id" else str(number)


def label(period: Period, lang: str = "id") -> str:
    """A period as a reader says it: "November 2026", "Triwulan IV 2026" / "Q4 2026", "Semester I 2026"."""
    from babel import dates as babel_dates

    from services import i18n

    year = period.start.year
    if period.kind == "month":
        names = babel_dates.get_month_names("wide", locale=i18n.BABEL_LOCALE.get(lang, "id_ID"))
        return f"{names[period.start.month]} {year}"
    if period.kind == "quarter":
        return i18n.t("period.name.quarter", lang, q=_ordinal(period, 3, lang), year=year)
    if period.kind == "semester":
        return i18n.t("period.name.semester", lang, s=_ordinal(period, 6, lang), year=year)
    if period.kind == "year":
        return str(year)
    return f"{i18n.fmt_date(period.start, lang)} – {i18n.fmt_date(period.end, lang)}"


def short_label(period: Period, lang: str = "id") -> str:
    """A compact axis label: "Nov 26", "Q4 26" / "TW IV 26"."""
    from services import i18n

    yy = f"{period.start.year % 100:02d}"
    if period.kind == "month":
        return f"{i18n.month_names(lang)[period.start.month - 1]} {yy}"
    if period.kind == "quarter":
        return i18n.t("period.short.quarter", lang, q=_ordinal(period, 3, lang), year=yy)
    if period.kind == "semester":
        return i18n.t("period.short.semester", lang, s=_ordinal(period, 6, lang), year=yy)
    return label(period, lang)
