"""The dashboard's chart rows: each figure with its text in the reader's language (pure, no database)."""

from services.core import periods
from services.satisfaction import dashboard, figures
from services.satisfaction.stats import Cell, Selection, UnitRef

UNITS = {
    1: UnitRef(1, "WGR-DUKCAPIL", "Dukcapil", 10, "Wanggar"),
    2: UnitRef(2, "WGR-PTSP", "PTSP", 10, "Wanggar"),
}
SELECTION = Selection(district_id=10, unit_id=None, units=UNITS)
YEAR = periods.parse("2026")
BUCKETS = periods.split(YEAR, "quarter")
Q3 = periods.parse("2026-Q3")


def cell(unit_id: int, month: str, n: int, score: int) -> Cell:
    return Cell(unit_id=unit_id, month=month, n=n, sums=(score * n,) * 9)


CELLS = [
    cell(1, "2026-07", 1200, 4),  # all answers 4 -> IKM 100
    cell(1, "2026-08", 34, 4),
    cell(2, "2026-08", 10, 3),  # all answers 3 -> IKM 75
    cell(2, "2026-02", 5, 2),  # another quarter: not in the focus
]


def composed():
    return dashboard.compose(CELLS, SELECTION, UNITS, buckets=BUCKETS, step="quarter", focus=Q3)


def test_focus_counts_cover_only_the_focused_quarter():
    assert figures.focus_counts(CELLS, SELECTION, Q3, "quarter") == {1: 1234, 2: 10}


def test_trend_rows_write_numbers_and_grades_in_the_readers_language():
    q3_id = next(r for r in figures.trend_rows(composed(), "id") if r["code"] == "2026-Q3")
    q3_en = next(r for r in figures.trend_rows(composed(), "en") if r["code"] == "2026-Q3")
    assert q3_id["n"] == 1244 and q3_id["n_text"] == "1.244" and q3_en["n_text"] == "1,244"
    assert q3_id["grade"] == "A" and q3_id["grade_text"] == "A · Sangat Baik"
    assert q3_en["grade_text"] == "A · Very good"


def test_ranking_rows_leave_out_units_without_responses_and_name_them():
    dash = dashboard.compose(CELLS[:2], SELECTION, UNITS, buckets=BUCKETS, step="quarter", focus=Q3)
    assert [r["name"] for r in figures.ranking_rows(dash, "id")] == ["WGR-DUKCAPIL"]
    assert figures.missing_groups(dash) == ["WGR-PTSP"]


def test_element_rows_come_lowest_first_and_heat_rows_cover_nine_elements_per_row():
    rows = figures.element_rows(composed(), "en")
    assert len(rows) == 9 and rows[0]["nrr"] <= rows[-1]["nrr"]
    order, cells = figures.heat_rows(composed(), BUCKETS, "id")
    assert len(cells) == 9 * len(order) and {c["short"] for c in cells} == {f"U{i}" for i in range(1, 10)}
