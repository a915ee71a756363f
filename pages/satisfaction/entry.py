"""Entri survei: staff type one SKM questionnaire at a time from the paper forms of their unit."""

import pandas as pd
import streamlit as st

from services import i18n
from services.core import clock
from services.satisfaction import surveys
from ui.context import call, lang, read, saved, show_flash, tr
from ui.satisfaction.widgets import field_labels, questionnaire
from ui.widgets import choice

st.title(tr("survey.entry.title"))
st.caption(tr("survey.entry.subtitle"))
show_flash()

units = read(surveys.entry_units)
if not units:
    st.info(tr("survey.no_units"))
    st.stop()
by_id = {u.id: u for u in units}

# Unit and date stay as they are between forms: a pile of paper forms is usually one unit and day.
with st.container(horizontal=True, vertical_alignment="bottom"):
    unit_id = choice(tr("common.unit"), {u.id: u.label for u in units}, "survey_unit", width=420)
    answered_on = st.date_input(
        tr("survey.date"),
        value=clock.today(),
        max_value=clock.today(),
        format="DD/MM/YYYY",
        key="survey_date",
        width=180,
    )
    st.metric(tr("survey.entered_today"), i18n.fmt_number(read(surveys.entered_today), lang()), width="content")

unit = by_id[unit_id]
# A new form key after each saved questionnaire: every answer starts empty for the next paper form.
# A refused save keeps them all, so the staff fix the one field named instead of retyping the form.
round_no = st.session_state.setdefault("survey_round", 0)
with st.form(f"survey_entry_{round_no}", border=True):
    data = questionnaire(f"survey_{round_no}_{unit.id}", unit.services)
    if st.form_submit_button(tr("survey.save"), type="primary", icon=":material/save:"):
        ok, response = call(
            surveys.create_response, {**data, "unit_id": unit.id, "answered_on": answered_on}, labels=field_labels()
        )
        if ok:
            st.session_state["survey_round"] = round_no + 1
            saved(tr("survey.saved", unit=response.unit_code, date=i18n.fmt_date(response.answered_on, lang())))

st.subheader(tr("survey.recent"))
recent = read(surveys.my_recent_responses, limit=10)
if not recent:
    st.caption(tr("survey.recent_none"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": r.id,
                    tr("survey.date"): i18n.fmt_date(r.answered_on, lang()),
                    tr("common.unit"): r.unit_code,
                    tr("survey.service"): r.service_name or "–",
                    tr("survey.scores"): " ".join(str(s) for s in r.scores),
                    tr("survey.entered_at"): i18n.fmt_datetime(r.created_at, lang()),
                }
                for r in recent
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    with st.expander(tr("survey.undo")):
        st.caption(tr("survey.undo_help", hours=surveys.UNDO_HOURS))
        options = {r.id: f"#{r.id} · {r.unit_code} · {' '.join(str(s) for s in r.scores)}" for r in recent}
        target = choice(
            tr("survey.undo_pick"), options, "survey_undo_pick", index=None, placeholder=tr("common.choose")
        )
        if st.button(tr("survey.undo_button"), disabled=target is None, icon=":material/delete:"):
            ok, _ = call(surveys.delete_response, target)
            if ok:
                saved(tr("survey.undone", id=target))
