"""Pengguna layanan: how many people each unit served per period (N), and the minimum SKM sample
that follows from it (Krejcie-Morgan)."""

import pandas as pd
import streamlit as st

from services import i18n
from services.core import clock
from services.satisfaction import ikm, surveys
from ui.context import call, lang, read, tr
from ui.periods import period_picker
from ui.satisfaction.widgets import field_labels
from ui.widgets import choice

st.title(tr("survey.users.title"))
st.caption(tr("survey.users.subtitle"))

units = read(surveys.entry_units)
if not units:
    st.info(tr("survey.no_units"))
    st.stop()

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(tr("survey.users.enter"))
    unit_id = choice(tr("common.unit"), {u.id: u.label for u in units}, "users_unit")
    period = period_picker("users_period", kinds=("quarter", "semester", "year", "month"))
    entered = {(r.unit_id, r.period): r.users for r in read(surveys.list_service_users, unit_id=unit_id)}
    count = st.number_input(
        tr("survey.users.count"),
        min_value=0,
        max_value=100_000_000,
        value=entered.get((unit_id, period.code), 0),  # a count already entered, to correct it
        step=50,
        key=f"users_count_{unit_id}_{period.code}",
    )
    st.caption(
        tr(
            "survey.users.minimum_is",
            n=count,
            s=i18n.fmt_number(ikm.min_sample(count), lang()),
        )
    )
    if st.button(tr("common.save"), type="primary", key="users_save"):
        ok, saved = call(
            surveys.set_service_users,
            {"unit_id": unit_id, "period": period.code, "users": count},
            labels=field_labels(),
        )
        if ok:
            st.success(tr("survey.users.saved", unit=saved.unit_code, period=saved.period))
with right:
    st.subheader(tr("survey.users.how"))
    st.markdown(tr("survey.users.how_text"))
    st.dataframe(
        pd.DataFrame(
            [
                {tr("survey.users.count"): i18n.fmt_number(n, lang()), tr("ikm.sample.minimum"): ikm.min_sample(n)}
                for n in (100, 500, 1000, 5000, 10000)
            ]
        ),
        hide_index=True,
    )

st.subheader(tr("survey.users.entered"))
year = st.selectbox(
    tr("period.year"), list(range(clock.today().year, clock.today().year - 6, -1)), key="users_year", width=160
)
rows = read(surveys.list_service_users, year=year)
if not rows:
    st.caption(tr("survey.users.none"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("common.unit"): r.unit_code,
                    tr("ikm.period"): r.period,
                    tr("survey.users.count"): r.users,
                    tr("ikm.sample.minimum"): ikm.min_sample(r.users),
                    tr("survey.users.updated"): i18n.fmt_datetime(r.updated_at, lang()),
                }
                for r in rows
            ]
        ),
        hide_index=True,
        width="stretch",
    )
