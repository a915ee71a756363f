"""The satisfaction charts (Altair): the IKM trend over the grade bands, units or districts ranked,
the nine elements, the elements x units heat map, and the grade key. Each takes rows of figures
already composed (services/satisfaction/figures.py) and only draws them."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from services.satisfaction import ikm
from ui.context import tr
from ui.satisfaction.widgets import num

# Grade colours: strong for marks, pale for the bands behind a trend (colour-blind safe order).
GRADE_COLORS = {"A": "#1b7a43", "B": "#6aa84f", "C": "#e69f00", "D": "#c0392b"}
BAND_COLORS = {"A": "#dcefe2", "B": "#edf5e4", "C": "#fdf1d6", "D": "#f9e0dc"}
BANDS = (("D", 25.0, 65.0), ("C", 65.0, 76.61), ("B", 76.61, 88.31), ("A", 88.31, 100.0))


# --- charts ----------------------------------------------------------------------------------------


def _grade_scale() -> alt.Scale:
    return alt.Scale(domain=list(GRADE_COLORS), range=list(GRADE_COLORS.values()))


def trend_chart(
    rows: list[dict], *, target: float | None, title: str, selected: str | None, param: str = "pick_period"
) -> alt.LayerChart:
    """The IKM (or one element x 25) per month/quarter over the grade bands, with the target line.

    rows: {code, label, value, value_text, grade, n, n_text}. Clicking a point selects its `code`.
    """
    data = pd.DataFrame(rows)
    labels = [r["label"] for r in rows]
    values = [r["value"] for r in rows if r["value"] is not None]
    low = min([*values, target or 100.0, 100.0])
    y_min = _floor5(low)
    y = alt.Scale(domain=[y_min, 100], nice=False, clamp=True)
    x = alt.X("label:N", sort=labels, title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True))
    bands = pd.DataFrame([{"grade": g, "y0": max(lo, y_min), "y1": hi, "name": g} for g, lo, hi in BANDS])
    bands = bands[bands["y1"] > y_min]
    band = (
        alt.Chart(bands)
        .mark_rect(opacity=1)
        .encode(
            y=alt.Y("y0:Q", scale=y, title=title),
            y2="y1:Q",
            color=alt.Color(
                "grade:N", scale=alt.Scale(domain=list(BAND_COLORS), range=list(BAND_COLORS.values())), legend=None
            ),
            tooltip=alt.value(None),
        )
    )
    band_text = (
        alt.Chart(bands)
        .mark_text(align="left", baseline="top", dx=4, dy=3, fontSize=11, fontWeight="bold", color="#8a8a8a")
        .encode(x=alt.value(0), y=alt.Y("y1:Q", scale=y), text="name:N")
    )
    pick = alt.selection_point(name=param, fields=["code"], on="click", clear="dblclick")
    line = alt.Chart(data).mark_line(color="#24415c", strokeWidth=2.5).encode(x=x, y=alt.Y("value:Q", scale=y))
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=110, stroke="white", strokeWidth=1.5, cursor="pointer")
        .encode(
            x=x,
            y=alt.Y("value:Q", scale=y),
            color=alt.Color("grade:N", scale=_grade_scale(), legend=None),
            size=alt.condition(alt.datum.code == (selected or ""), alt.value(260), alt.value(110)),
            tooltip=[
                alt.Tooltip("label:N", title=tr("ikm.period")),
                alt.Tooltip("value_text:N", title=title),
                alt.Tooltip("grade_text:N", title=tr("ikm.grade")),
                alt.Tooltip("n_text:N", title=tr("ikm.respondents")),
            ],
        )
        .add_params(pick)
    )
    layers = [band, band_text, line, points]
    if target is not None:
        # The label sits over the last period; it uses the same x field so the periods keep their order.
        rule = pd.DataFrame([{"y": target, "text": tr("dash.target", value=num(target)), "label": labels[-1]}])
        layers.append(
            alt.Chart(rule)
            .mark_rule(strokeDash=[6, 4], color="#1f2d3d", strokeWidth=1.5)
            .encode(y=alt.Y("y:Q", scale=y))
        )
        layers.append(
            alt.Chart(rule)
            .mark_text(align="right", baseline="bottom", dx=24, dy=-3, fontSize=11, color="#1f2d3d")
            .encode(x=x, y=alt.Y("y:Q", scale=y), text="text:N")
        )
    # The bands and the points colour by grade with different palettes: keep their scales apart.
    return alt.layer(*layers).resolve_scale(color="independent").properties(height=320)


def _floor5(value: float, lowest: float = 25.0, highest: float = 65.0) -> float:
    """A round lower bound for a zoomed IKM axis: 5 below the lowest value, between 25 and 65."""
    return max(lowest, min(highest, (int(value) // 5) * 5 - 5))


def _vertical_bands(x: alt.Scale, x_min: float) -> alt.Chart:
    bands = pd.DataFrame([{"grade": g, "x0": max(lo, x_min), "x1": hi} for g, lo, hi in BANDS if hi > x_min])
    return (
        alt.Chart(bands)
        .mark_rect()
        .encode(
            x=alt.X("x0:Q", scale=x),
            x2="x1:Q",
            color=alt.Color(
                "grade:N", scale=alt.Scale(domain=list(BAND_COLORS), range=list(BAND_COLORS.values())), legend=None
            ),
        )
    )


def ranking_chart(
    rows: list[dict], *, target: float | None, title: str, selected_id: int | None, param: str = "pick_group"
) -> alt.LayerChart:
    """Districts or units for one period, lowest first, over the grade bands. Clicking a bar picks its id.

    rows: {id, name, value, value_text, grade, grade_text, n_text}.
    """
    data = pd.DataFrame(rows)
    order = [r["name"] for r in rows]
    x_min = _floor5(min([r["value"] for r in rows] + [target or 100.0]))
    x = alt.Scale(domain=[x_min, 100], nice=False, clamp=True)
    pick = alt.selection_point(name=param, fields=["id"], on="click", clear="dblclick")
    bars = (
        alt.Chart(data)
        .mark_bar(cornerRadiusEnd=3, cursor="pointer", height={"band": 0.65})
        .encode(
            y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("value:Q", scale=x, title=title),
            color=alt.Color("grade:N", scale=_grade_scale(), legend=None),
            opacity=alt.value(1.0)
            if selected_id is None
            else alt.condition(alt.datum.id == selected_id, alt.value(1.0), alt.value(0.4)),
            tooltip=[
                alt.Tooltip("name:N", title=tr("dash.name")),
                alt.Tooltip("value_text:N", title=title),
                alt.Tooltip("grade_text:N", title=tr("ikm.grade")),
                alt.Tooltip("n_text:N", title=tr("ikm.respondents")),
            ],
        )
        .add_params(pick)
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="right", dx=-5, fontSize=11, fontWeight="bold")
        .encode(
            y=alt.Y("name:N", sort=order),
            x=alt.X("value:Q", scale=x),
            text="value_text:N",
            # White on a strong bar; dark on the faded bars around a chosen one.
            color=alt.value("white")
            if selected_id is None
            else alt.condition(alt.datum.id == selected_id, alt.value("white"), alt.value("#1f2d3d")),
        )
    )
    layers = [_vertical_bands(x, x_min), bars, labels]
    if target is not None:
        layers.append(
            alt.Chart(pd.DataFrame([{"x": target}]))
            .mark_rule(strokeDash=[6, 4], color="#1f2d3d", strokeWidth=1.5)
            .encode(x=alt.X("x:Q", scale=x))
        )
    return alt.layer(*layers).resolve_scale(color="independent").properties(height=max(140, 30 * len(rows) + 40))


def elements_chart(rows: list[dict], *, target_nrr: float | None, selected: str | None) -> alt.LayerChart:
    """The nine elements, lowest NRR first, coloured by grade. Clicking a bar picks the element.

    rows: {element, name, nrr, nrr_text, grade, grade_text}.
    """
    data = pd.DataFrame(rows)
    order = [r["name"] for r in rows]
    x = alt.Scale(domain=[1, 4], nice=False, clamp=True)
    pick = alt.selection_point(name="pick_element", fields=["element"], on="click", clear="dblclick")
    bars = (
        alt.Chart(data)
        .mark_bar(cornerRadiusEnd=3, cursor="pointer", height={"band": 0.7})
        .encode(
            y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("nrr:Q", scale=x, title=tr("dash.nrr_axis")),
            color=alt.Color("grade:N", scale=_grade_scale(), legend=None),
            opacity=alt.value(1.0)
            if selected is None
            else alt.condition(alt.datum.element == selected, alt.value(1.0), alt.value(0.4)),
            tooltip=[
                alt.Tooltip("name:N", title=tr("dash.element")),
                alt.Tooltip("nrr_text:N", title="NRR"),
                alt.Tooltip("grade_text:N", title=tr("ikm.grade")),
            ],
        )
        .add_params(pick)
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="right", dx=-5, fontSize=11, fontWeight="bold")
        .encode(
            y=alt.Y("name:N", sort=order),
            x=alt.X("nrr:Q", scale=x),
            text="nrr_text:N",
            color=alt.value("white")
            if selected is None
            else alt.condition(alt.datum.element == selected, alt.value("white"), alt.value("#1f2d3d")),
        )
    )
    layers = [bars, labels]
    if target_nrr is not None:
        layers.append(
            alt.Chart(pd.DataFrame([{"x": target_nrr}]))
            .mark_rule(strokeDash=[6, 4], color="#1f2d3d")
            .encode(x=alt.X("x:Q", scale=x))
        )
    return alt.layer(*layers).properties(height=9 * 30 + 40)


def heatmap_chart(rows: list[dict], *, row_title: str, row_order: list[str]) -> alt.LayerChart:
    """Rows (districts, units or periods) x the nine elements, each cell an NRR coloured by grade.

    rows: {row, row_id, element, short, nrr, nrr_text, grade}. Clicking a cell picks (row_id, element).
    """
    data = pd.DataFrame(rows)
    columns = [f"U{i}" for i in range(1, 10)]
    pick = alt.selection_point(name="pick_cell", fields=["row_id", "element"], on="click", clear="dblclick")
    base = alt.Chart(data).encode(
        x=alt.X("short:N", sort=columns, title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("row:N", sort=row_order, title=row_title, axis=alt.Axis(labelLimit=240)),
    )
    cells = (
        base.mark_rect(stroke="white", strokeWidth=2, cursor="pointer")
        .encode(
            color=alt.Color("grade:N", scale=_grade_scale(), legend=None),
            tooltip=[
                alt.Tooltip("row:N", title=row_title),
                alt.Tooltip("name:N", title=tr("dash.element")),
                alt.Tooltip("nrr_text:N", title="NRR"),
                alt.Tooltip("grade_text:N", title=tr("ikm.grade")),
            ],
        )
        .add_params(pick)
    )
    text = base.mark_text(fontSize=11, color="white", fontWeight="bold").encode(text="nrr_text:N")
    return alt.layer(cells, text).properties(height=max(120, 28 * len(row_order) + 30))


def grade_legend() -> None:
    """A one-line key to the grade colours (PermenPAN-RB 14/2017 bands)."""
    parts = [
        f"<span style='display:inline-block;width:10px;height:10px;border-radius:2px;background:{GRADE_COLORS[g]};"
        f"margin:0 4px 0 10px'></span>{g} {tr(f'ikm.grade.{g}')} ({tr(f'ikm.band.{g}')})"
        for g in ikm.GRADES
    ]
    st.html(f"<div style='font-size:0.8rem;color:#555'>{''.join(parts)}</div>")
