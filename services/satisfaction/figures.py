"""The dashboard's figures as rows for its charts: each number with its text in the reader's language,
composed from a Dashboard (dashboard.py) so the page only draws them.

Every function is pure: no database, no Streamlit; the charts in ui/satisfaction/charts.py take these
rows as they are.
"""

from __future__ import annotations

from models.satisfaction import ELEMENTS
from services import i18n
from services.core import periods
from services.satisfaction.dashboard import Dashboard, bucket_of
from services.satisfaction.stats import Cell, Selection


def num(value: float | None, lang: str, decimals: int = 2) -> str:
    return i18n.fmt_number(value, lang, decimals) if value is not None else "–"


def grade_text(grade: str | None, lang: str) -> str:
    """'B · Baik', or a dash without data."""
    return f"{grade} · {i18n.t(f'ikm.grade.{grade}', lang)}" if grade else "–"


def element_name(element: str, lang: str) -> str:
    return i18n.t(f"ikm.element.{element}", lang)


def focus_counts(cells: list[Cell], selection: Selection, focus: periods.Period, step: str) -> dict[int, int]:
    """Responses per unit of the selection in the focused month or quarter (for the sample check)."""
    counts: dict[int, int] = {}
    for cell in cells:
        if cell.unit_id in selection.units and bucket_of(cell.month, step) == focus.code:
            counts[cell.unit_id] = counts.get(cell.unit_id, 0) + cell.n
    return counts


def trend_rows(dash: Dashboard, lang: str) -> list[dict]:
    """One point per period: the IKM (or the followed element x 25), its grade and respondents."""
    return [
        {
            "code": p.period.code,
            "label": periods.short_label(p.period, lang),
            "value": p.value,
            "value_text": num(p.value, lang),
            "grade": p.grade,
            "grade_text": grade_text(p.grade, lang),
            "n": p.result.n,
            "n_text": i18n.fmt_number(p.result.n, lang),
        }
        for p in dash.trend
    ]


def ranking_rows(dash: Dashboard, lang: str) -> list[dict]:
    """Districts or units with responses in the focused period, as ranked by the dashboard."""
    return [
        {
            "id": g.id,
            "name": g.name if dash.group_level == "district" else f"{g.code}",
            "value": g.value,
            "value_text": num(g.value, lang),
            "grade": g.grade,
            "grade_text": grade_text(g.grade, lang),
            "n_text": i18n.fmt_number(g.result.n, lang),
        }
        for g in dash.groups
        if g.value is not None
    ]


def missing_groups(dash: Dashboard) -> list[str]:
    """The districts or units of the selection without a response in the focused period."""
    return [g.name if dash.group_level == "district" else g.code for g in dash.groups if g.value is None]


def element_rows(dash: Dashboard, lang: str) -> list[dict]:
    """The nine elements of the focused period, lowest first."""
    cur = dash.current
    if not cur.n:
        return []
    return [
        {
            "element": e,
            "name": f"{e.upper()} {element_name(e, lang)}",
            "nrr": cur.nrr[e],
            "nrr_text": num(cur.nrr[e], lang),
            "grade": cur.element_grades[e],
            "grade_text": grade_text(cur.element_grades[e], lang),
        }
        for e in cur.lowest_elements()
    ]


def heat_rows(dash: Dashboard, buckets: list[periods.Period], lang: str) -> tuple[list[str], list[dict]]:
    """The heat map's row names in order, and one cell per row x element."""
    labels = {b.code: periods.short_label(b, lang) for b in buckets}
    order, rows = [], []
    for row_id, label, result in dash.heat_rows:
        name = labels.get(label, label)
        order.append(name)
        for i, e in enumerate(ELEMENTS, start=1):
            rows.append(
                {
                    "row": name,
                    "row_id": row_id,
                    "element": e,
                    "short": f"U{i}",
                    "name": element_name(e, lang),
                    "nrr": result.nrr[e],
                    "nrr_text": num(result.nrr[e], lang),
                    "grade": result.element_grades[e],
                    "grade_text": grade_text(result.element_grades[e], lang),
                }
            )
    return order, rows
