"""Angkatan pelatihan: every cohort in scope with its seats and waitlist, filtered by status and
year (kept in the URL); a trainer opens a new cohort here.

`?show=soon` (starting within the week) and `?show=attendance` (a session held without attendance
taken) open it on exactly the cohorts the home page counted."""

import pandas as pd
import streamlit as st

from services import i18n
from services.core import clock, org
from services.training import catalogue, cohorts, home
from services.training.access import RUNNERS
from ui.context import actor, call, lang, read, saved, show_flash, tr
from ui.training.widgets import link_to, status_labels
from ui.widgets import choice, md_escape

me = actor()
st.title(tr("training.cohorts.title"))
st.caption(tr("training.cohorts.subtitle"))
show_flash()

statuses = status_labels()
params = st.query_params
show = params.get("show")
with st.container(horizontal=True, vertical_alignment="bottom"):
    wanted_status = params.get("status") if params.get("status") in statuses else None
    status = choice(
        tr("training.f.status"), statuses, "tr_c_status", none_label=tr("common.all"),
        index=([None, *statuses].index(wanted_status)),
    )  # fmt: skip
    years = list(range(clock.today().year + 1, clock.today().year - 4, -1))
    raw_year = params.get("year")
    year = st.selectbox(
        tr("training.f.year"), [None, *years], key="tr_c_year",
        format_func=lambda y: tr("common.all") if y is None else str(y),
        index=[None, *years].index(int(raw_year)) if raw_year and raw_year.isdigit() and int(raw_year) in years else 0,
    )  # fmt: skip
for name, value in (("status", status), ("year", year)):
    if value is None:
        params.pop(name, None)
    else:
        params[name] = str(value)

rows = read(cohorts.list_cohorts, status=status, year=year)
districts = {d.id: d.name for d in read(org.list_districts)}
if show == "soon":
    only = set(read(home.starting_soon))
    rows = [c for c in rows if c.id in only]
    st.info(tr("training.cohorts.showing_soon"))
elif show == "attendance":
    only = set(read(home.attendance_missing))
    rows = [c for c in rows if c.id in only]
    st.info(tr("training.cohorts.showing_attendance"))

if not rows:
    st.info(tr("training.no_cohorts"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("training.f.cohort_name"): c.name,
                    tr("training.f.programme"): c.programme_title,
                    tr("common.district"): districts.get(c.district_id, ""),
                    tr("training.f.status"): statuses[c.status],
                    tr("training.f.start_on"): i18n.fmt_date(c.start_on, lang()),
                    tr("training.f.end_on"): i18n.fmt_date(c.end_on, lang()),
                    tr("training.f.jp"): c.jp,
                    tr("training.f.enrolled"): f"{c.enrolled} / {c.capacity}",
                    tr("training.f.waitlisted"): c.waitlisted,
                }
                for c in rows
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    options = {c.id: f"{c.name} · {c.programme_title}" for c in rows}
    opened = choice(tr("training.cohorts.open"), options, "tr_c_open", index=None, placeholder=tr("common.choose"))
    if opened is not None:
        link_to("training-cohort", "training.cohorts.go_cohort", opened)
        link_to("training-completion", "training.cohorts.go_completion", opened, ":material/workspace_premium:")

if me.has(*RUNNERS):
    programmes = {p.id: f"{p.title} ({p.jp} JP)" for p in read(catalogue.list_programmes)}
    with st.expander(tr("training.cohorts.new"), icon=":material/add:"), st.form("tr_c_new"):
        programme = choice(
            tr("training.f.programme"), programmes, "tr_c_prog", index=None, placeholder=tr("common.choose")
        )
        district = choice(tr("common.district"), districts, "tr_c_district")
        name = st.text_input(tr("training.f.cohort_name"), max_chars=200)
        left, right = st.columns(2)
        start_on = left.date_input(tr("training.f.start_on"), value=None, format="DD-MM-YYYY")
        end_on = right.date_input(tr("training.f.end_on"), value=None, format="DD-MM-YYYY")
        capacity = left.number_input(tr("training.f.capacity"), min_value=1, max_value=1000, value=25)
        facilitator = right.text_input(tr("training.f.facilitator"), max_chars=150)
        min_pct = left.number_input(tr("training.f.min_attendance"), min_value=0, max_value=100, value=80)
        min_post = right.number_input(tr("training.f.min_post_test"), min_value=0, max_value=100, value=70)
        no_test = st.checkbox(tr("training.f.no_post_test"))
        if st.form_submit_button(tr("common.save"), type="primary"):
            data = {
                "programme_id": programme, "district_id": district, "name": name, "start_on": start_on,
                "end_on": end_on, "capacity": capacity, "facilitator": facilitator, "min_attendance_pct": min_pct,
                "min_post_test": None if no_test else min_post,
            }  # fmt: skip
            labels = {
                "programme_id": tr("training.f.programme"), "district_id": tr("common.district"),
                "name": tr("training.f.cohort_name"), "start_on": tr("training.f.start_on"),
                "end_on": tr("training.f.end_on"), "capacity": tr("training.f.capacity"),
            }  # fmt: skip
            ok, c = call(cohorts.create_cohort, data, labels=labels)
            if ok:
                st.query_params.clear()
                saved(tr("training.cohorts.created", name=md_escape(c.name)))
