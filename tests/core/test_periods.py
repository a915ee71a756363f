"""Reporting periods: one parser for screens, reports and the command line."""

from datetime import date

import pytest

from services.core import periods
from services.core.errors import ValidationFailed


@pytest.mark.parametrize(
    "code, start, end, kind",
    [
        ("2026-03", date(2026, 3, 1), date(2026, 3, 31), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), "quarter"),
        ("2026-q4", date(2026, 10, 1), date(2026, 12, 31), "quarter"),
        ("2026-S1", date(2026, 1, 1), date(2026, 6, 30), "semester"),
        ("2026-S2", date(2026, 7, 1), date(2026, 12, 31), "semester"),
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "year"),
    ],
)
def test_period_codes(code, start, end, kind):
    p = periods.parse(code)
    assert (p.start, p.end, p.kind) == (start, end, kind)
    assert periods.parse(p.code) == p


@pytest.mark.parametrize("code", ["2026-13", "2026-Q5", "2026-S3", "26", "Q1-2026", "", "2026-00", "1999"])
def test_bad_period_codes_are_refused(code):
    with pytest.raises(ValidationFailed) as exc:
        periods.parse(code)
    assert exc.value.errors[0].code == "period_invalid"


def test_containing_previous_and_split():
    q = periods.containing(date(2026, 11, 23), "quarter")
    assert q.code == "2026-Q4"
    assert periods.previous(q).code == "2026-Q3"
    assert periods.previous(periods.parse("2026-01")).code == "2025-12"
    assert [m.code for m in periods.split(periods.parse("2026-Q1"), "month")] == ["2026-01", "2026-02", "2026-03"]


def test_custom_range_must_not_run_backwards():
    assert periods.custom(date(2026, 1, 5), date(2026, 2, 10)).days == 37
    with pytest.raises(ValidationFailed):
        periods.custom(date(2026, 2, 10), date(2026, 1, 5))
