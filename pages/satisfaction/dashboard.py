"""Dasbor: how satisfied citizens are with each unit, why (the nine elements, their own words), and
whether it is improving; then every module's panel (complaints, later forums and training).

Filters live in the URL, so a view can be shared. Clicking a point or a bar narrows the page. The
body is a fragment that redraws itself every `satisfaction.refresh_seconds`; the aggregates are
cached until a cheap data-version query says a response was added or removed.
"""

from datetime import datetime

import streamlit as st

from models.satisfaction import ELEMENTS
from services.core import clock, org, periods
from services.satisfaction import dashboard, figures, ikm, stats
from ui import dashboard as registry
from ui.context import actor, lang, read, tr
from ui.satisfaction import charts
from ui.satisfaction import dashboard as sections
from ui.satisfaction import widgets as ui
from ui.widgets import draw_built_chart, md_escape

STEPS = ("quarter", "month")
ALL = 0  # the "every district / every unit" option (a selectbox shows None as "nothing chosen")
SPANS = {"1y": 1, "2y": 2, "3y": 3}
# The filters live in these plain session keys (the one source of truth, set from the URL, the
# widgets and chart clicks alike); the widgets only show and change them.
K = {
    "district": "dash_district",
    "unit": "dash_unit",
    "step": "dash_step",
    "range": "dash_range",
    "focus": registry.FOCUS_KEY,
    "element": "dash_element",
}

me = actor()
st.title(tr("dash.title"))
st.caption(tr("dash.subtitle"))

districts = {d.id: d for d in read(org.list_districts)}
units = {u.id: u for u in read(org.list_units, include_inactive=True)}
district_codes = {d.code: d.id for d in districts.values()}
unit_codes = {u.code: u.id for u in units.values()}
this_year = clock.today().year
RANGES = [*SPANS, *(str(y) for y in range(this_year, this_year - 3, -1))]
refresh, target = read(stats.dashboard_settings)


def seed_from_url() -> None:
    """On arrival (the filter widgets do not exist yet), take the filters from the URL."""
    qp = st.query_params
    unit_id = unit_codes.get((qp.get("unit") or "").upper())
    district_id = district_codes.get((qp.get("district") or "").upper())
    if unit_id is not None:
        district_id = units[unit_id].district_id
    if len(districts) == 1:
        district_id = next(iter(districts))
    st.session_state[K["district"]] = district_id or ALL
    st.session_state[K["unit"]] = unit_id or ALL
    st.session_state[K["step"]] = qp.get("step") if qp.get("step") in STEPS else "quarter"
    st.session_state[K["range"]] = qp.get("range") if qp.get("range") in RANGES else "2y"
    st.session_state[K["focus"]] = qp.get("focus") or None
    st.session_state[K["element"]] = qp.get("element") if qp.get("element") in ELEMENTS else None


def write_url(values: dict) -> None:
    """Keep the URL equal to the filters (defaults left out), so the address can be shared."""
    wanted = {k: v for k, v in values.items() if v not in (None, "")}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def range_of(code: str, step: str) -> periods.Period:
    if code in SPANS:
        count = SPANS[code] * (12 if step == "month" else 4)
        return periods.ending(clock.today(), step, count)
    return periods.parse(code)


# --- what a click in a chart does (callbacks run before the next run draws the widgets) ------------


def _picked(key: str, param: str) -> dict | None:
    state = st.session_state.get(key)
    points = (getattr(state, "selection", None) or {}).get(param) or []
    return points[0] if points else None


def on_period(key: str):
    def callback():
        point = _picked(key, "pick_period")
        if point and point.get("code"):
            st.session_state[K["focus"]] = point["code"]

    return callback


def on_group(key: str, level: str):
    def callback():
        point = _picked(key, "pick_group")
        if not point or point.get("id") is None:
            return
        if level == "district":
            st.session_state[K["district"]] = int(point["id"])
            st.session_state[K["unit"]] = ALL
        else:
            st.session_state[K["unit"]] = int(point["id"])

    return callback


def on_element(key: str):
    def callback():
        point = _picked(key, "pick_element")
        if point and point.get("element") in ELEMENTS:
            current = st.session_state.get(K["element"])
            st.session_state[K["element"]] = None if current == point["element"] else point["element"]

    return callback


def on_cell(key: str, level: str):
    def callback():
        point = _picked(key, "pick_cell")
        if not point or point.get("element") not in ELEMENTS:
            return
        st.session_state[K["element"]] = point["element"]
        if level == "district":
            st.session_state[K["district"]] = int(point["row_id"])
            st.session_state[K["unit"]] = ALL
        elif level == "unit":
            st.session_state[K["unit"]] = int(point["row_id"])
        else:
            st.session_state[K["focus"]] = str(point["row_id"])

    return callback


def clear(*names: str):
    def callback():
        for name in names:
            st.session_state[K[name]] = None

    return callback


def on_district_change() -> None:
    unit_id = st.session_state.get(K["unit"])
    if unit_id and units[unit_id].district_id != st.session_state.get(K["district"]):
        st.session_state[K["unit"]] = ALL


def picker(name: str, label: str, options: list, format_func, width: int, then=None):
    """A selectbox showing the filter `name`. Its key carries the language and the current value, so
    a change from elsewhere (URL, chart click, language switch) draws a fresh widget at that value;
    the user's choice is copied back into the filter."""
    current = st.session_state[K[name]]
    key = f"w_{K[name]}_{lang()}_{current}"

    def changed():
        st.session_state[K[name]] = st.session_state[key]
        if then:
            then()

    return st.selectbox(
        label, options, index=options.index(current), format_func=format_func, key=key, on_change=changed, width=width
    )


# --- the page ----------------------------------------------------------------------------------------

if K["step"] not in st.session_state:
    seed_from_url()


@st.fragment(run_every=refresh)
def live() -> None:
    # Filters: district, unit, step and range, side by side.
    with st.container(horizontal=True, vertical_alignment="bottom"):
        district_options = [ALL, *districts] if len(districts) > 1 else list(districts)
        if st.session_state.get(K["district"]) not in district_options:
            st.session_state[K["district"]] = district_options[0]
        district_id = (
            picker(
                "district",
                tr("common.district"),
                district_options,
                lambda d: tr("dash.all_districts") if d == ALL else districts[d].name,
                200,
                then=on_district_change,
            )
            or None
        )
        unit_options = [ALL, *(u.id for u in units.values() if district_id in (None, u.district_id))]
        if st.session_state.get(K["unit"]) not in unit_options:
            st.session_state[K["unit"]] = ALL
        unit_id = (
            picker(
                "unit",
                tr("common.unit"),
                unit_options,
                lambda u: tr("dash.all_units") if u == ALL else f"{units[u].code} · {units[u].name}",
                340,
            )
            or None
        )
        step_key = f"w_{K['step']}_{lang()}_{st.session_state[K['step']]}"
        step = st.segmented_control(
            tr("dash.step"),
            list(STEPS),
            default=st.session_state[K["step"]],
            format_func=lambda s: tr(f"period.kind.{s}"),
            key=step_key,
            on_change=lambda: st.session_state.__setitem__(K["step"], st.session_state[step_key]),
            required=True,
        )
        span = picker("range", tr("dash.range"), RANGES, lambda r: tr(f"dash.range.{r}") if r in SPANS else r, 160)
    if unit_id is not None and district_id is None:
        district_id = units[unit_id].district_id
    window = range_of(span, step)
    buckets = periods.split(window, step)
    focus_code = st.session_state.get(K["focus"])
    chosen_focus = next((b for b in buckets if b.code == focus_code), None)
    if focus_code and chosen_focus is None:
        st.session_state[K["focus"]] = None
    element = st.session_state.get(K["element"])
    write_url(
        {
            "district": districts[district_id].code if district_id is not None and len(districts) > 1 else None,
            "unit": units[unit_id].code if unit_id is not None else None,
            "step": step if step != "quarter" else None,
            "range": span if span != "2y" else None,
            "focus": chosen_focus.code if chosen_focus else None,
            "element": element,
        }
    )

    version = ui.data_version()
    selection = read(stats.select_scope, district_id=district_id, unit_id=unit_id)
    context = selection if unit_id is None else read(stats.select_scope, district_id=district_id)
    cells = ui.cells(me, district_id, window.start, window.end, version)
    dash = dashboard.compose(
        cells, selection, context.units, buckets=buckets, step=step, focus=chosen_focus, element=element
    )
    focus = dash.focus
    where = (
        units[unit_id].name
        if unit_id is not None
        else districts[district_id].name
        if district_id is not None
        else tr("dash.all_districts")
    )
    st.caption(
        tr(
            "dash.live",
            time=datetime.now(clock.zone()).strftime("%H.%M.%S"),
            seconds=refresh,
            n=sum(c.n for c in cells),
        )
    )
    chips(chosen_focus, element)

    if not any(p.result.n for p in dash.trend):
        st.info(tr("dash.no_data", where=md_escape(where)), icon=":material/info:")
        draw_panels(selection, window, step, chosen_focus)
        return

    sample = read(dashboard.sample_check, selection, focus, figures.focus_counts(cells, selection, focus, step))
    sections.headline(dash, sample)

    title = (
        tr("dash.element_axis", element=f"{element.upper()} {ui.element_name(element)}") if element else tr("ikm.ikm")
    )
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.markdown(f"**{tr('dash.trend', what=title, where=md_escape(where))}**")
        rows = figures.trend_rows(dash, lang())
        key = f"dash_trend_{district_id}_{unit_id}_{step}_{span}_{element}_{focus.code}"
        draw_built_chart(
            charts.trend_chart, rows, target=target, title=title, selected=focus.code,
            options={"key": key, "on_select": on_period(key), "selection_mode": "pick_period", "width": "stretch"},
        )  # fmt: skip
        st.caption(tr("dash.trend_help"))
    with right:
        level_title = tr(f"dash.by_{dash.group_level}", what=title, period=periods.label(focus, lang()))
        st.markdown(f"**{level_title}**")
        rows = figures.ranking_rows(dash, lang())
        if rows:
            key = f"dash_rank_{district_id}_{unit_id}_{step}_{span}_{element}_{focus.code}"
            draw_built_chart(
                charts.ranking_chart, rows, target=target, title=title, selected_id=unit_id,
                options={"key": key, "on_select": on_group(key, dash.group_level), "selection_mode": "pick_group",
                         "width": "stretch"},
            )  # fmt: skip
            st.caption(tr(f"dash.by_{dash.group_level}_help"))
        missing = figures.missing_groups(dash)
        if missing:
            st.caption(tr("dash.no_responses_in", names=", ".join(md_escape(name) for name in missing)))

    left, right = st.columns([1, 1], gap="medium")
    with left:
        st.markdown(f"**{tr('dash.elements', where=md_escape(where), period=periods.label(focus, lang()))}**")
        rows = figures.element_rows(dash, lang())
        if rows:
            key = f"dash_elements_{district_id}_{unit_id}_{step}_{span}_{element}_{focus.code}"
            draw_built_chart(
                charts.elements_chart, rows, target_nrr=target / ikm.SCALE, selected=element,
                options={"key": key, "on_select": on_element(key), "selection_mode": "pick_element",
                         "width": "stretch"},
            )  # fmt: skip
            st.caption(tr("dash.elements_help"))
        else:
            st.caption(tr("dash.no_responses_period"))
    with right:
        heat_title = tr(f"dash.heat_{dash.heat_level}", period=periods.label(focus, lang()))
        st.markdown(f"**{heat_title}**")
        if dash.heat_rows:
            order, rows = figures.heat_rows(dash, buckets, lang())
            key = f"dash_heat_{district_id}_{unit_id}_{step}_{span}_{element}_{focus.code}"
            draw_built_chart(
                charts.heatmap_chart, rows, row_title=tr(f"dash.row_{dash.heat_level}"), row_order=order,
                options={"key": key, "on_select": on_cell(key, dash.heat_level), "selection_mode": "pick_cell",
                         "width": "stretch"},
            )  # fmt: skip
            st.caption(tr("dash.heat_help"))
    charts.grade_legend()

    left, right = st.columns([1, 1], gap="medium")
    with left:
        sections.sample_table(sample, focus)
    with right:
        sections.voices(me, district_id, unit_id, focus, version)

    draw_panels(selection, window, step, chosen_focus)


def chips(focus: periods.Period | None, element: str | None) -> None:
    """What the page is narrowed to by clicks, each with a way back."""
    if not focus and not element:
        return
    with st.container(horizontal=True):
        if focus:
            st.button(
                tr("dash.focus_chip", period=periods.label(focus, lang())),
                icon=":material/close:",
                on_click=clear("focus"),
                key="dash_clear_focus",
                type="tertiary",
            )
        if element:
            st.button(
                tr("dash.element_chip", element=f"{element.upper()} {ui.element_name(element)}"),
                icon=":material/close:",
                on_click=clear("element"),
                key="dash_clear_element",
                type="tertiary",
            )


def draw_panels(selection, window: periods.Period, step: str, focus: periods.Period | None) -> None:
    """Every module's panel below the satisfaction charts, with the same scope."""
    scope = registry.Scope(
        district_id=selection.district_id,
        unit_id=selection.unit_id,
        period=window,
        granularity=step,
        focus=focus,
    )
    for title_key, render in registry.panels():
        st.divider()
        st.subheader(tr(title_key))
        render(scope)


live()
