"""ASN Berprestasi: units nominate staff for the year; the committee sees the candidates ranked by
evidence from the app (complaints closed on time, then JP completed, then citizens' mean rating, then
forum follow-up actions completed), every piece shown, and records the award with its reason and,
optionally, the 6/2022 rating."""

import pandas as pd
import streamlit as st

from models.training import Expectation
from services.core import clock
from services.training import berprestasi
from services.training.access import READERS, RUNNERS, unit_head
from ui.context import actor, call, read, saved, show_flash, tr
from ui.widgets import choice

me = actor()
st.title(tr("training.berprestasi.title"))
st.caption(tr("training.berprestasi.subtitle"))
show_flash()
if not (me.has(*READERS) or unit_head(me)):
    st.info(tr("training.berprestasi.unit_heads_only"))
    st.stop()

years = list(range(clock.today().year, clock.today().year - 5, -1))
year = st.selectbox(tr("training.f.year"), years, key="tr_b_year")
only = st.toggle(tr("training.berprestasi.nominated_only"), key="tr_b_only")
frame = read(berprestasi.candidates, year, nominated_only=only)
st.markdown(tr("training.berprestasi.order"))
st.caption(tr("training.berprestasi.evidence_help"))
st.dataframe(
    pd.DataFrame(
        {
            tr("training.f.name"): frame["name"],
            tr("common.unit"): frame["unit_code"],
            tr("training.berprestasi.nominated"): ["✓" if n else "" for n in frame["nominated"]],
            tr("training.berprestasi.on_time"): [
                f"{o} / {c}" for o, c in zip(frame["on_time"], frame["closed"], strict=True)
            ],
            tr("training.berprestasi.jp"): frame["jp"],
            tr("training.berprestasi.rating"): frame["rating"],
            tr("training.berprestasi.forum"): frame["forum_actions"],
            tr("training.berprestasi.awarded"): ["🏅" if a else "" for a in frame["awarded"]],
        }
    ),
    hide_index=True,
    width="stretch",
)

people = {int(r.staff_id): f"{r.name} · {r.unit_code}" for r in frame.itertuples()}
if me.has(*RUNNERS) or unit_head(me):
    with st.expander(tr("training.berprestasi.nominate"), icon=":material/how_to_reg:"), st.form("tr_b_nom"):
        person = choice(tr("training.f.name"), people, "tr_b_nom_staff", index=None, placeholder=tr("common.choose"))
        reason = st.text_area(tr("training.f.reason"), max_chars=1000)
        if st.form_submit_button(tr("common.save"), type="primary"):
            data = {"year": year, "staff_id": person, "reason": reason}
            ok, _ = call(
                berprestasi.nominate,
                data,
                labels={"staff_id": tr("training.f.name"), "reason": tr("training.f.reason")},
            )
            if ok:
                saved(tr("training.berprestasi.nominated_saved"))

if me.has(*RUNNERS):
    expectations = {e.value: tr(f"training.expectation.{e.value}") for e in Expectation}
    with st.expander(tr("training.berprestasi.award"), icon=":material/military_tech:"), st.form("tr_b_award"):
        person = choice(tr("training.f.name"), people, "tr_b_award_staff", index=None, placeholder=tr("common.choose"))
        reason = st.text_area(tr("training.f.reason"), max_chars=1000, key="tr_b_award_reason")
        left, right = st.columns(2)
        with left:
            results = choice(tr("training.f.results"), expectations, "tr_b_results", none_label="–")
        with right:
            behaviour = choice(tr("training.f.behaviour"), expectations, "tr_b_behaviour", none_label="–")
        if st.form_submit_button(tr("common.save"), type="primary"):
            data = {"year": year, "staff_id": person, "reason": reason, "results": results, "behaviour": behaviour}
            labels = {
                "staff_id": tr("training.f.name"),
                "reason": tr("training.f.reason"),
                "results": tr("training.f.results"),
            }
            ok, _ = call(berprestasi.record_award, data, labels=labels)
            if ok:
                saved(tr("training.berprestasi.award_saved"))

given = read(berprestasi.awards)
if len(given):
    st.subheader(tr("training.berprestasi.awards"))
    st.dataframe(
        pd.DataFrame(
            {
                tr("training.f.year"): given["year"].astype(str),
                tr("training.f.name"): given["name"],
                tr("common.unit"): given["unit_code"],
                tr("training.f.reason"): given["reason"],
                tr("training.berprestasi.rating_622"): [
                    tr(f"training.rating.{r}") if r else "–" for r in given["rating"]
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
