"""Dasbor: how satisfied citizens are with each unit, why (the nine elements, their own words), and
whether it is improving; then every module's panel (complaints, later forums and training).

Filters live in the URL, so a view can be shared. Clicking a point or a bar narrows the page. The
body is a fragment that redraws itself every `satisfaction.refresh_seconds`; the aggregates are
cached until a cheap data-version query says a response was added or removed.
"""

from datetime import datetime

import pandas as pd
import streamlit as st

from models.satisfaction import ELEMENTS
from services import i18n
from services.core import clock, org, periods
from services.satisfaction import dashboard, ikm, stats
from ui import dashboard as registry
from ui.context import actor, lang, read, tr
from ui.satisfaction import widgets as ui
from ui.widgets import md_escape

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

    counts: dict[int, int] = {}
    for cell in cells:
        if cell.unit_id in selection.units and dashboard.bucket_of(cell.month, step) == focus.code:
            counts[cell.unit_id] = counts.get(cell.unit_id, 0) + cell.n
    sample = read(dashboard.sample_check, selection, focus, counts)
    headline(dash, sample)

    title = (
        tr("dash.element_axis", element=f"{element.upper()} {ui.element_name(element)}") if element else tr("ikm.ikm")
    )
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.markdown(f"**{tr('dash.trend', what=title, where=md_escape(where))}**")
        rows = [
            {
                "code": p.period.code,
                "label": periods.short_label(p.period, lang()),
                "value": p.value,
                "value_text": ui.num(p.value),
                "grade": p.grade,
                "grade_text": ui.grade_text(p.grade),
                "n": p.result.n,
                "n_text": i18n.fmt_number(p.result.n, lang()),
            }
            for p in dash.trend
        ]
        key = f"dash_trend_{district_id}_{unit_id}_{step}_{span}_{element}_{focus.code}"
        st.altair_chart(
            ui.trend_chart(rows, target=target, title=title, selected=focus.code),
            key=key,
            on_select=on_period(key),
            selection_mode="pick_period",
            width="stretch",
        )
        st.caption(tr("dash.trend_help"))
    with right:
        level_title = tr(f"dash.by_{dash.group_level}", what=title, period=periods.label(focus, lang()))
        st.markdown(f"**{level_title}**")
        ranked = [g for g in dash.groups if g.value is not None]
        if ranked:
            rows = [
                {
                    "id": g.id,
                    "name": g.name if dash.group_level == "district" else f"{g.code}",
                    "value": g.value,
                    "value_text": ui.num(g.value),
                    "grade": g.grade,
                    "grade_text": ui.grade_text(g.grade),
                    "n_text": i18n.fmt_number(g.result.n, lang()),
                }
                for g in ranked
            ]
            key = f"dash_rank_{district_id}_{unit_id}_{step}_{span}_{element}_{focus.code}"
            st.altair_chart(
                ui.ranking_chart(rows, target=target, title=title, selected_id=unit_id),
                key=key,
                on_select=on_group(key, dash.group_level),
                selection_mode="pick_group",
                width="stretch",
            )
            st.caption(tr(f"dash.by_{dash.group_level}_help"))
        missing = [g.name if dash.group_level == "district" else g.code for g in dash.groups if g.value is None]
        if missing:
            st.caption(tr("dash.no_responses_in", names=", ".join(md_escape(name) for name in missing)))

    left, right = st.columns([1, 1], gap="medium")
    with left:
        st.markdown(f"**{tr('dash.elements', where=md_escape(where), period=periods.label(focus, lang()))}**")
        if dash.current.n:
            rows = [
                {
                    "element": e,
                    "name": f"{e.upper()} {ui.element_name(e)}",
                    "nrr": dash.current.nrr[e],
                    "nrr_text": ui.num(dash.current.nrr[e]),
                    "grade": dash.current.element_grades[e],
                    "grade_text": ui.grade_text(dash.current.element_grades[e]),
                }
                for e in dash.current.lowest_elements()
            ]
            key = f"dash_elements_{district_id}_{unit_id}_{step}_{span}_{element}_{focus.code}"
            st.altair_chart(
                ui.elements_chart(rows, target_nrr=target / ikm.SCALE, selected=element),
                key=key,
                on_select=on_element(key),
                selection_mode="pick_element",
                width="stretch",
            )
            st.caption(tr("dash.elements_help"))
        else:
            st.caption(tr("dash.no_responses_period"))
    with right:
        heat_title = tr(f"dash.heat_{dash.heat_level}", period=periods.label(focus, lang()))
        st.markdown(f"**{heat_title}**")
        if dash.heat_rows:
            labels = {b.code: periods.short_label(b, lang()) for b in buckets}
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
                            "name": ui.element_name(e),
                            "nrr": result.nrr[e],
                            "nrr_text": ui.num(result.nrr[e]),
                            "grade": result.element_grades[e],
                            "grade_text": ui.grade_text(result.element_grades[e]),
                        }
                    )
            key = f"dash_heat_{district_id}_{unit_id}_{step}_{span}_{element}_{focus.code}"
            st.altair_chart(
                ui.heatmap_chart(rows, row_title=tr(f"dash.row_{dash.heat_level}"), row_order=order),
                key=key,
                on_select=on_cell(key, dash.heat_level),
                selection_mode="pick_cell",
                width="stretch",
            )
            st.caption(tr("dash.heat_help"))
    ui.grade_legend()

    left, right = st.columns([1, 1], gap="medium")
    with left:
        sample_table(sample, focus)
    with right:
        voices(district_id, unit_id, focus, version)

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


def headline(dash: dashboard.Dashboard, sample: list[dashboard.SampleRow]) -> None:
    cur, prev = dash.current, dash.previous
    label = periods.label(dash.focus, lang())
    change = None
    if cur.ikm_exact is not None and prev is not None and prev.ikm_exact is not None:
        change = ikm.round2(cur.ikm_exact - prev.ikm_exact)
    cols = st.columns(4)
    cols[0].metric(
        tr("dash.ikm_of", period=label),
        ui.num(cur.ikm),
        delta=ui.signed(change),
        delta_description=tr("dash.vs_previous", period=periods.short_label(periods.previous(dash.focus), lang()))
        if change is not None
        else None,
        border=True,
        help=tr("dash.ikm_help"),
    )
    cols[1].metric(
        tr("dash.quality"),
        cur.grade or "–",
        delta=tr(f"ikm.grade.{cur.grade}") if cur.grade else None,
        delta_color="off",
        delta_arrow="off",
        border=True,
        help=tr("dash.quality_help"),
    )
    # One unit: its responses against its minimum sample. Several: how many units fall short.
    delta = None
    if dash.selection.unit_id is not None and sample and sample[0].minimum is not None:
        delta = tr("dash.vs_minimum", diff=ui.signed(cur.n - sample[0].minimum, 0))
    elif dash.selection.unit_id is None and any(r.short for r in sample):
        delta = "-" + tr("dash.units_short", n=sum(1 for r in sample if r.short))
    cols[2].metric(
        tr("ikm.respondents"),
        i18n.fmt_number(cur.n, lang()),
        delta=delta,
        border=True,
        help=tr("dash.respondents_help"),
    )
    if cur.n:
        lowest = cur.lowest_elements()[0]
        cols[3].metric(
            tr("dash.lowest"),
            f"{lowest.upper()} · {ui.num(cur.nrr[lowest])}",
            delta=ui.element_name(lowest),
            delta_color="off",
            delta_arrow="off",
            border=True,
            help=tr("dash.lowest_help"),
        )
    else:
        cols[3].metric(tr("dash.lowest"), "–", border=True)


def sample_table(rows: list[dashboard.SampleRow], focus: periods.Period) -> None:
    short = [r for r in rows if r.short]
    unknown = [r for r in rows if r.population is None]
    st.markdown(f"**{tr('dash.sample', period=periods.label(focus, lang()))}**")
    if focus.end >= clock.today():
        st.caption(tr("dash.sample_running", end=i18n.fmt_date(focus.end, lang())))
    if short:
        st.warning(tr("dash.sample_short", n=len(short), units=", ".join(r.unit.code for r in short[:6])), icon="⚠️")
    elif rows and not unknown:
        st.success(tr("dash.sample_ok"), icon=":material/check_circle:")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("common.unit"): r.unit.code,
                    tr("ikm.respondents"): i18n.fmt_number(r.n, lang()),
                    "N": i18n.fmt_number(r.population, lang()),  # "–" when not entered
                    tr("dash.minimum_short"): i18n.fmt_number(r.minimum, lang()),
                    tr("dash.sample_status"): "–"
                    if r.short is None
                    else (tr("dash.sample_status_short") if r.short else tr("dash.sample_status_ok")),
                }
                for r in sorted(rows, key=lambda r: (r.short is not True, r.unit.code))
            ]
        ),
        hide_index=True,
        width="stretch",
        height=min(400, 38 + 35 * len(rows)),
    )
    if unknown:
        st.caption(tr("dash.sample_unknown", n=len(unknown)))


def voices(district_id, unit_id, focus: periods.Period, version) -> None:
    st.markdown(f"**{tr('dash.voices', period=periods.label(focus, lang()))}**")
    items = ui.suggestions(me, district_id, unit_id, focus.start, focus.end, version)
    if not items:
        st.caption(tr("dash.voices_none"))
        return
    with st.container(height=min(420, 70 * len(items) + 20), border=False):
        for s in items:
            st.markdown(f"> {md_escape(s.text)}")
            low = tr("dash.voice_low", elements=", ".join(e.upper() for e in s.low)) if s.low else ""
            st.caption(" · ".join(p for p in (i18n.fmt_date(s.answered_on, lang()), s.unit_code, low) if p))


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
