"""Katalog program: the programmes cohorts are run from, and the two managed lists behind them
(topics, organiser institutions). Trainers and admins add; managers read."""

import altair as alt
import pandas as pd
import streamlit as st

from models.complaints import CATEGORIES
from services.core import clock
from services.training import catalogue, stats, suggestions
from services.training.access import RUNNERS
from ui.context import actor, call, read, saved, show_flash, tr
from ui.training.widgets import competency_labels, form_labels, organiser_kind_labels
from ui.widgets import choice, md_escape, yes_no

me = actor()


def weak_label(source: str, code: str) -> str:
    """An SKM element's or a complaint category's name (the satisfaction and complaints catalogues)."""
    return tr(f"ikm.element.{code}") if source == "skm" else tr(f"complaints.cat.{code}")


st.title(tr("training.catalogue.title"))
st.caption(tr("training.catalogue.subtitle"))
show_flash()

kinds, forms = competency_labels(), form_labels()
programmes = read(catalogue.list_programmes)
if not programmes:
    st.info(tr("training.catalogue.none"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("training.f.title"): p.title,
                    tr("training.f.competency"): kinds[p.competency],
                    tr("training.f.topic"): p.topic,
                    tr("training.f.form"): forms[p.form],
                    tr("training.f.classroom"): yes_no(p.classroom),
                    tr("training.f.organiser"): p.organiser,
                    tr("training.f.abroad"): yes_no(p.abroad),
                    tr("training.f.jp"): p.jp,
                }
                for p in programmes
            ]
        ),
        hide_index=True,
        width="stretch",
    )

suggested = read(suggestions.suggestions)
if suggested:
    st.subheader(tr("training.suggest.title"))
    st.caption(tr("training.suggest.help", days=suggestions.SUGGEST_DAYS))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("common.unit"): s.unit_code,
                    tr("training.suggest.because"): tr(
                        f"training.suggest.{s.source}", what=weak_label(s.source, s.code)
                    ),
                    tr("training.f.topic"): s.topic,
                    tr("training.suggest.programmes"): "; ".join(s.programmes),
                }
                for s in suggested
            ]
        ),
        hide_index=True,
        width="stretch",
    )

if programmes:
    year = st.selectbox(
        tr("training.f.year"), list(range(clock.today().year, clock.today().year - 5, -1)), key="tr_cat_year"
    )
    results = read(stats.completion_by_programme, year)
    if results.empty:
        st.caption(tr("training.chart.none"))
    else:
        left, right = st.columns(2)
        rate = alt.Chart(results).mark_bar().encode(
            x=alt.X(
                "rate:Q", title=tr("training.chart.completion_rate"), axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            y=alt.Y("programme:N", title=None),
            tooltip=[alt.Tooltip("programme:N", title=tr("training.f.programme")), alt.Tooltip("rate:Q", format=".0%"),
                     alt.Tooltip("participants:Q", title=tr("training.participants"))],
        )  # fmt: skip
        left.altair_chart(rate, width="stretch")
        gain = alt.Chart(results.dropna(subset=["gain"])).mark_bar(color="#2e7d32").encode(
            x=alt.X("gain:Q", title=tr("training.chart.gain")),
            y=alt.Y("programme:N", title=None),
            tooltip=[alt.Tooltip("programme:N", title=tr("training.f.programme")), alt.Tooltip("gain:Q", format=".1f")],
        )  # fmt: skip
        right.altair_chart(gain, width="stretch")

if me.has(*RUNNERS):
    labels = {
        "title": tr("training.f.title"),
        "competency": tr("training.f.competency"),
        "topic_id": tr("training.f.topic"),
        "form": tr("training.f.form"),
        "organiser_id": tr("training.f.organiser"),
        "jp": tr("training.f.jp"),
        "name": tr("training.f.name"),
        "kind": tr("training.f.organiser_kind"),
    }
    add, edit, lists = st.tabs(
        [tr("training.catalogue.add"), tr("training.catalogue.edit"), tr("training.catalogue.lists")]
    )
    with edit:
        every = {p.id: p for p in read(catalogue.list_programmes, include_inactive=True)}
        picked = choice(tr("training.f.programme"), {i: p.title for i, p in every.items()}, "tr_prog_edit",
                        index=None, placeholder=tr("common.choose"))  # fmt: skip
        if picked is not None:
            current = every[picked]
            with st.form(f"tr_prog_edit_{picked}"):
                title = st.text_input(tr("training.f.title"), value=current.title, max_chars=200)
                jp = st.number_input(tr("training.f.jp"), min_value=1, max_value=1000, value=current.jp, step=1)
                active = st.checkbox(tr("common.active"), value=current.active)
                if st.form_submit_button(tr("common.save"), type="primary"):
                    ok, p = call(
                        catalogue.update_programme, picked, {"title": title, "jp": jp, "active": active}, labels=labels
                    )
                    if ok:
                        saved(tr("training.catalogue.saved", title=md_escape(p.title)))
    with add, st.form("tr_prog_new"):
        title = st.text_input(tr("training.f.title"), max_chars=200)
        left, right = st.columns(2)
        competency = choice(tr("training.f.competency"), kinds, "tr_prog_kind")
        topic = choice(tr("training.f.topic"), read(catalogue.topics), "tr_prog_topic", index=None)
        form = choice(tr("training.f.form"), forms, "tr_prog_form")
        organiser = choice(tr("training.f.organiser"), read(catalogue.organisers), "tr_prog_org", index=None)
        jp = st.number_input(tr("training.f.jp"), min_value=1, max_value=1000, value=8, step=1)
        classroom = st.checkbox(tr("training.f.classroom"), value=True)
        abroad = st.checkbox(tr("training.f.abroad"))
        description = st.text_area(tr("training.f.description"), max_chars=1000)
        if st.form_submit_button(tr("common.save"), type="primary"):
            data = {
                "title": title, "competency": competency, "topic_id": topic, "form": form, "classroom": classroom,
                "organiser_id": organiser, "abroad": abroad, "jp": jp, "description": description,
            }  # fmt: skip
            ok, p = call(catalogue.create_programme, data, labels=labels)
            if ok:
                saved(tr("training.catalogue.saved", title=md_escape(p.title)))
    with lists:
        left, right = st.columns(2)
        with left.form("tr_topic_new"):
            st.markdown(f"**{tr('training.f.topic')}**")
            st.caption(", ".join(md_escape(v) for v in read(catalogue.topics).values()) or "–")
            name = st.text_input(tr("training.f.name"), key="tr_topic_name", max_chars=100)
            if st.form_submit_button(tr("training.catalogue.add_topic")):
                ok, _ = call(catalogue.add_topic, {"name": name}, labels=labels)
                if ok:
                    saved(tr("training.catalogue.list_saved"))
        with right.form("tr_org_new"):
            st.markdown(f"**{tr('training.f.organiser')}**")
            st.caption(", ".join(md_escape(v) for v in read(catalogue.organisers).values()) or "–")
            name = st.text_input(tr("training.f.name"), key="tr_org_name", max_chars=150)
            kind = choice(tr("training.f.organiser_kind"), organiser_kind_labels(), "tr_org_kind")
            if st.form_submit_button(tr("training.catalogue.add_organiser")):
                ok, _ = call(catalogue.add_organiser, {"name": name, "kind": kind}, labels=labels)
                if ok:
                    saved(tr("training.catalogue.list_saved"))
        st.markdown(f"**{tr('training.suggest.mapping')}**")
        current = read(suggestions.links)
        if current:
            shown = (f"{md_escape(weak_label(src, code))} → {md_escape(topic)}" for src, code, topic in current)
            st.caption("; ".join(shown))
        with st.form("tr_link_new"):
            weak = {f"skm:{e}": weak_label("skm", e) for e in suggestions.ELEMENTS}
            weak |= {f"complaint:{c}": weak_label("complaint", c) for c in CATEGORIES}
            spot = choice(tr("training.suggest.weak_spot"), weak, "tr_link_spot")
            topic = choice(tr("training.f.topic"), read(catalogue.topics), "tr_link_topic", index=None)
            if st.form_submit_button(tr("training.suggest.link")):
                source, _, code = (spot or "").partition(":")
                ok, _ = call(suggestions.set_link, {"source": source, "code": code, "topic_id": topic}, labels=labels)
                if ok:
                    saved(tr("training.catalogue.list_saved"))
