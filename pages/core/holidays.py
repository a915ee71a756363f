"""Hari libur: the working-day calendar behind every complaint deadline. National holidays and cuti
bersama come from the `holidays` package; admins add late cuti bersama or local days off, or turn a
listed holiday back into a working day. Changes apply at once to deadlines computed from then on."""

import pandas as pd
import streamlit as st

from services import i18n
from services.core import clock, workdays
from ui.context import actor, call, lang, read, tr

me = actor()
st.title(tr("holidays.title"))
st.caption(tr("holidays.subtitle"))

flash = st.session_state.pop("hol_flash", None)
if flash:
    st.success(flash)

this_year = clock.today().year
year = st.selectbox(tr("holidays.year"), list(range(this_year - 2, this_year + 3)), index=2, key="hol_year")
view = read(workdays.year_view, year, lang())

c1, c2 = st.columns(2)
c1.metric(tr("holidays.working_days"), i18n.fmt_number(view.working_days, lang()))
weekday_offs = [d for d in view.days_off if d.source != "removed" and d.day.weekday() < 5]
c2.metric(tr("holidays.days_off"), i18n.fmt_number(len(weekday_offs), lang()))

st.dataframe(
    pd.DataFrame(
        [
            {
                tr("holidays.day"): i18n.fmt_date(d.day, lang()),
                tr("holidays.weekday"): i18n.fmt_weekday(d.day, lang()),
                tr("holidays.name"): d.name,
                tr("holidays.source"): tr(f"holidays.source.{d.source}"),
            }
            for d in view.days_off
        ]
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(tr("holidays.changes"))
if not view.overrides:
    st.caption(tr("holidays.no_changes"))
for o in view.overrides:
    with st.container(horizontal=True, vertical_alignment="center"):
        source = tr("holidays.source.removed") if o.working else tr("holidays.source.added")
        st.text(f"{i18n.fmt_date(o.day, lang())} · {source} · {o.name}")
        if me.all_districts and st.button(tr("holidays.undo"), key=f"hol_undo_{o.id}", icon=":material/undo:"):
            ok, _ = call(workdays.remove_override, o.id)
            if ok:
                st.session_state["hol_flash"] = tr("holidays.undone")
                st.rerun()

labels = {"day": tr("holidays.day"), "name": tr("holidays.reason")}
if not me.all_districts:
    st.info(tr("holidays.national_only"))
else:
    add_col, remove_col = st.columns(2)
    with add_col, st.form("hol_add"):
        st.markdown(f"**{tr('holidays.add')}**")
        st.caption(tr("holidays.add_help"))
        day = st.date_input(tr("holidays.day"), value=None, format="DD/MM/YYYY")
        name = st.text_input(tr("holidays.name"), max_chars=150)
        if st.form_submit_button(tr("common.save"), type="primary"):
            ok, _ = call(workdays.add_override, {"day": day, "name": name, "working": False}, labels=labels)
            if ok:
                st.session_state["hol_flash"] = tr("holidays.saved")
                st.rerun()
    with remove_col, st.form("hol_remove"):
        st.markdown(f"**{tr('holidays.make_working')}**")
        st.caption(tr("holidays.make_working_help"))
        listed = {
            d.day: f"{i18n.fmt_date(d.day, lang())} · {d.name}"
            for d in view.days_off
            if d.source in ("national", "cuti_bersama")
        }
        picked = st.selectbox(
            tr("holidays.pick_listed"),
            list(listed),
            format_func=listed.get,
            index=None,
            placeholder=tr("common.choose"),
        )
        reason = st.text_input(tr("holidays.reason"), max_chars=150)
        if st.form_submit_button(tr("holidays.make_working")):
            ok, _ = call(workdays.add_override, {"day": picked, "name": reason, "working": True}, labels=labels)
            if ok:
                st.session_state["hol_flash"] = tr("holidays.saved")
                st.rerun()

with st.expander(tr("holidays.calculator"), icon=":material/calculate:"):
    with st.container(horizontal=True):
        start = st.date_input(tr("holidays.calc_from"), value=clock.today(), format="DD/MM/YYYY", key="hol_calc_from")
        n = st.number_input(tr("holidays.calc_days"), min_value=1, max_value=60, value=3, key="hol_calc_n")
    end = read(workdays.deadline, start, int(n))
    st.markdown(
        tr("holidays.calc_result", n=int(n), start=i18n.fmt_date(start, lang()), end=i18n.fmt_date(end, lang()))
    )
