"""Daftar forum: the forums of the district as a list and as a month calendar (planned ones too),
filtered by area, type, status and period; the filters live in the URL, so a link opens the same
view. Organizers record a new forum here."""

import calendar
from datetime import date

import pandas as pd
import streamlit as st

from services import i18n
from services.core import clock, org, periods
from services.forums import records
from ui import nav
from ui.context import actor, call, lang, read, saved, show_flash, tr
from ui.forums.widgets import forum_status_labels, group_labels, int_param, level_labels, type_labels
from ui.widgets import choice, md_escape

me = actor()
st.title(tr("forums.list.title"))
st.caption(tr("forums.list.subtitle"))
show_flash()

types, statuses = type_labels(), forum_status_labels()
districts = {d.id: d.name for d in read(org.list_districts)}
params = st.query_params


def _from_url(key: str, name: str, options) -> None:
    """Start a filter from the URL the first time the page opens in this session."""
    if key not in st.session_state and params.get(name) in options:
        st.session_state[key] = params.get(name)


_from_url("fl_type", "type", types)
_from_url("fl_status", "status", statuses)
if "fl_area" not in st.session_state and int_param("area") is not None:
    st.session_state["fl_area"] = int_param("area")
if "fl_district" not in st.session_state and int_param("district") in districts:
    st.session_state["fl_district"] = int_param("district")
if "fl_q" not in st.session_state and params.get("q"):
    st.session_state["fl_q"] = params.get("q")

with st.container(horizontal=True, vertical_alignment="bottom"):
    district_id = (
        choice(tr("common.district"), districts, "fl_district", none_label=tr("common.all"))
        if me.all_districts
        else None
    )
    areas = {a.id: a.name for a in read(records.list_areas, district_id)}
    if st.session_state.get("fl_area") not in (None, *areas):
        st.session_state["fl_area"] = None
    area_id = choice(tr("forums.area"), areas, "fl_area", none_label=tr("common.all"))
    forum_type = choice(tr("forums.type"), types, "fl_type", none_label=tr("common.all"))
    status = choice(tr("forums.status"), statuses, "fl_status", none_label=tr("common.all"))
    search = st.text_input(tr("forums.list.search"), key="fl_q")

# The filters are written back to the URL: a link or a refresh shows the same forums.
wanted = {"district": district_id, "area": area_id, "type": forum_type, "status": status, "q": search or None}
for name, value in wanted.items():
    if value is None and name in params:
        del params[name]
    elif value is not None and params.get(name) != str(value):
        params[name] = str(value)

forums = read(
    records.list_forums,
    district_id=district_id,
    area_id=area_id,
    forum_type=forum_type,
    status=status,
    search=search,
)

list_tab, calendar_tab = st.tabs([tr("forums.list.tab_list"), tr("forums.list.tab_calendar")])
with list_tab:
    if not forums:
        st.info(tr("forums.list.none"))
    else:
        table = pd.DataFrame(
            [
                {
                    "link": f"/{nav.by_url('forum').url_path}?id={f.id}",
                    tr("forums.held_on"): i18n.fmt_date(f.held_on, lang()),
                    tr("forums.title"): f.title,
                    tr("forums.type"): types.get(f.type, f.type),
                    tr("forums.status"): statuses.get(f.status, f.status),
                    tr("forums.area"): f.area_name or "–",
                    tr("forums.list.items"): f.items,
                    tr("forums.list.actions_open"): f.actions_open,
                }
                for f in forums
            ]
        )
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config={"link": st.column_config.LinkColumn(tr("forums.list.open"), display_text=tr("forums.open"))},
        )
        st.caption(tr("common.rows_total", n=i18n.fmt_number(len(forums), lang())))

with calendar_tab:
    today = clock.today()
    month_options = [
        date(today.year + (today.month - 1 + k) // 12, (today.month - 1 + k) % 12 + 1, 1) for k in range(-12, 7)
    ]
    month_labels = {d: periods.label(periods.containing(d, "month"), lang()) for d in month_options}
    month = st.selectbox(tr("forums.list.month"), month_options, index=12, format_func=month_labels.get, key="fl_month")
    by_day: dict[date, list[str]] = {}
    for f in forums:
        if f.held_on.year == month.year and f.held_on.month == month.month:
            mark = "🗓" if f.status == "planned" else "✓"
            by_day.setdefault(f.held_on, []).append(f"{mark} {f.title}")
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    day_names = [tr(f"forums.day.{i}") for i in range(7)]
    grid = pd.DataFrame(
        [
            {
                day_names[i]: (f"{d.day}\n" + "\n".join(by_day.get(d, []))) if d.month == month.month else ""
                for i, d in enumerate(week)
            }
            for week in weeks
        ]
    )
    st.dataframe(grid, hide_index=True, width="stretch", row_height=70)
    st.caption(tr("forums.list.calendar_help"))

if records.can_record(me):
    with st.expander(tr("forums.new.title"), icon=":material/add:", expanded=not forums):
        with st.form("forum_new", clear_on_submit=False):
            c1, c2, c3 = st.columns(3)
            new_type = c1.selectbox(tr("forums.type"), list(types), format_func=types.get, key="fn_type")
            new_status = c2.selectbox(
                tr("forums.status"), ["planned", "held"], format_func=statuses.get, key="fn_status"
            )
            held_on = c3.date_input(tr("forums.held_on"), value=clock.today(), key="fn_date", format="DD/MM/YYYY")
            title = st.text_input(tr("forums.title"), max_chars=150, key="fn_title")
            c4, c5, c6 = st.columns(3)
            area_new = c4.selectbox(
                tr("forums.area"), [None, *areas], format_func=lambda a: "–" if a is None else areas[a], key="fn_area"
            )
            start_time = c5.time_input(tr("forums.start_time"), value=None, key="fn_start")
            end_time = c6.time_input(tr("forums.end_time"), value=None, key="fn_end")
            venue = st.text_input(tr("forums.venue"), max_chars=200, key="fn_venue")
            online = st.text_input(tr("forums.online_link"), max_chars=300, key="fn_link")
            organizers = st.text_input(tr("forums.organizers"), max_chars=300, key="fn_orgs")
            units = {u.id: f"{u.code} · {u.name}" for u in read(org.list_units, district_id=me.district_id)}
            partners = st.multiselect(tr("forums.partner_units"), list(units), format_func=units.get, key="fn_units")
            groups = group_labels()
            vulnerable = st.multiselect(tr("forums.vulnerable"), list(groups), format_func=groups.get, key="fn_groups")
            agenda = st.text_area(tr("forums.agenda"), max_chars=4000, key="fn_agenda")
            submitted = st.form_submit_button(tr("forums.new.save"), type="primary")
        if submitted:
            data = {
                "type": new_type,
                "status": new_status,
                "held_on": held_on,
                "title": title,
                "area_id": area_new,
                "start_time": start_time,
                "end_time": end_time,
                "venue": venue,
                "online_link": online,
                "organizers": organizers,
                "partner_unit_ids": partners,
                "vulnerable_groups": vulnerable,
                "agenda": agenda,
                "district_id": district_id,
            }
            labels = {k: tr(f"forums.{k}") for k in ("type", "status", "held_on", "title", "venue", "online_link")}
            ok, forum_id = call(records.create_forum, data, labels=labels)
            if ok:
                saved(tr("forums.new.saved", title=md_escape(title)))
    with st.expander(tr("forums.area.new"), icon=":material/add_location:"):
        with st.form("forum_area_new"):
            a1, a2 = st.columns([2, 1])
            area_name = a1.text_input(tr("forums.area.name"), max_chars=100, key="fa_name")
            levels = level_labels()
            level = a2.selectbox(tr("forums.area.level"), list(levels), format_func=levels.get, key="fa_level")
            if st.form_submit_button(tr("forums.area.save")):
                ok, _ = call(records.create_area, {"name": area_name, "level": level, "district_id": district_id})
                if ok:
                    saved(tr("forums.area.saved", name=md_escape(area_name)))
