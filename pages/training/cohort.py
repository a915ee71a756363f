"""Satu angkatan (`?id=`): its details and completion rule, its sessions, and enrolment: one staff
member, a whole unit, or a pasted or uploaded list of NIPs; the participants and the waitlist in
order, and withdrawal (the first in line then takes the seat)."""

import pandas as pd
import streamlit as st

from services import i18n
from services.core import org
from services.training import cohorts, enrolment
from services.training.access import RUNNERS
from ui.context import actor, call, lang, read, saved, show_flash, tr
from ui.training.widgets import cohort_caption, enrolment_labels, link_to, pick_cohort, status_labels
from ui.widgets import choice, md_escape

me = actor()
st.title(tr("training.cohort.title"))
show_flash()
cohort = pick_cohort("tr_one_pick")
if cohort is None:
    st.stop()
runner = me.has(*RUNNERS) and cohort.status not in ("completed", "cancelled")

st.subheader(md_escape(cohort.name))
st.caption(md_escape(cohort.programme_title) + " · " + cohort_caption(cohort))
rule = tr("training.rule", pct=cohort.min_attendance_pct)
if cohort.min_post_test is not None:
    rule += " " + tr("training.rule_post", score=cohort.min_post_test)
st.markdown(rule)
if cohort.facilitator:
    st.markdown(f"**{tr('training.f.facilitator')}:** {md_escape(cohort.facilitator)}")
link_to("training-attendance", "training.cohort.go_attendance", cohort.id, ":material/fact_check:")

if runner:
    statuses = status_labels()
    with st.expander(tr("training.cohort.edit"), icon=":material/edit:"), st.form(f"tr_edit_{cohort.id}"):
        status = st.selectbox(
            tr("training.f.status"), [s for s in statuses if s != "completed"], format_func=statuses.get,
            index=[s for s in statuses if s != "completed"].index(cohort.status),
        )  # fmt: skip
        capacity = st.number_input(tr("training.f.capacity"), min_value=1, max_value=1000, value=cohort.capacity)
        left, right = st.columns(2)
        start_on = left.date_input(tr("training.f.start_on"), value=cohort.start_on, format="DD-MM-YYYY")
        end_on = right.date_input(tr("training.f.end_on"), value=cohort.end_on, format="DD-MM-YYYY")
        if st.form_submit_button(tr("common.save"), type="primary"):
            data = {"status": status, "capacity": capacity, "start_on": start_on, "end_on": end_on}
            ok, _ = call(cohorts.update_cohort, cohort.id, cohort.version, data)
            if ok:
                saved(tr("training.cohort.saved"))

st.subheader(tr("training.sessions"))
sessions = read(cohorts.list_sessions, cohort.id)
if sessions:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("training.f.day"): i18n.fmt_date(s.day, lang()),
                    tr("training.f.time"): f"{s.starts_at:%H.%M}–{s.ends_at:%H.%M}",
                    tr("training.f.venue"): s.venue or "",
                    tr("training.f.online_link"): s.online_link or "",
                    tr("training.f.attendance_taken"): "✓" if s.attendance_taken else "",
                }
                for s in sessions
            ]
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.info(tr("training.no_sessions"))
if runner:
    with st.expander(tr("training.session.add"), icon=":material/add:"), st.form(f"tr_sess_{cohort.id}"):
        day = st.date_input(tr("training.f.day"), value=cohort.start_on, format="DD-MM-YYYY")
        left, right = st.columns(2)
        starts_at = left.time_input(tr("training.f.starts_at"), value=None, step=900)
        ends_at = right.time_input(tr("training.f.ends_at"), value=None, step=900)
        venue = st.text_input(tr("training.f.venue"), max_chars=200)
        link = st.text_input(tr("training.f.online_link"), max_chars=300)
        if st.form_submit_button(tr("common.save"), type="primary"):
            data = {"day": day, "starts_at": starts_at, "ends_at": ends_at, "venue": venue, "online_link": link}
            labels = {
                "day": tr("training.f.day"), "starts_at": tr("training.f.starts_at"),
                "ends_at": tr("training.f.ends_at"), "online_link": tr("training.f.online_link"),
            }  # fmt: skip
            ok, _ = call(cohorts.add_session, cohort.id, cohort.version, data, labels=labels)
            if ok:
                saved(tr("training.session.saved"))

if runner and any(not s.attendance_taken for s in sessions):
    with st.expander(tr("training.session.remove"), icon=":material/delete:"):
        removable = {
            s.id: f"{i18n.fmt_date(s.day, lang())} {s.starts_at:%H.%M}–{s.ends_at:%H.%M}"
            for s in sessions
            if not s.attendance_taken
        }
        gone = choice(
            tr("training.f.session"), removable, f"tr_sess_rm_{cohort.id}", index=None, placeholder=tr("common.choose")
        )
        if st.button(tr("training.session.remove"), key=f"tr_sess_rm_go_{cohort.id}", disabled=gone is None):
            ok, _ = call(cohorts.remove_session, cohort.id, cohort.version, gone)
            if ok:
                saved(tr("training.session.removed"))

st.subheader(tr("training.participants"))
people = read(enrolment.list_enrolments, cohort.id)
states = enrolment_labels()
if people:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("training.f.name"): p.name,
                    "NIP": p.nip,
                    tr("common.unit"): p.unit_code,
                    tr("training.f.enrolment"): states[p.status],
                    tr("training.f.waitlist_position"): p.waitlist_position or "",
                }
                for p in people
            ]
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.info(tr("training.no_participants"))


def report(result) -> None:
    """What an enrolment did, in one message kept for the next run."""
    parts = [tr("training.enrol.done", enrolled=len(result.enrolled), waitlisted=len(result.waitlisted))]
    if result.already:
        parts.append(tr("training.enrol.already", names=md_escape(", ".join(result.already))))
    if result.invalid:
        parts.append(tr("training.enrol.invalid", nips=md_escape(", ".join(result.invalid))))
    if result.unknown:
        parts.append(tr("training.enrol.unknown", nips=md_escape(", ".join(result.unknown))))
    kind = "warning" if result.invalid or result.unknown else "success"
    saved("\n\n".join(parts), kind)


if runner:
    st.subheader(tr("training.enrol.title"))
    accept = st.checkbox(tr("training.enrol.accept_overlaps"), key=f"tr_accept_{cohort.id}")
    one, unit_tab, nip_tab = st.tabs([tr("training.enrol.one"), tr("training.enrol.unit"), tr("training.enrol.nips")])
    with one:
        search = st.text_input(tr("training.enrol.search"), key=f"tr_search_{cohort.id}")
        found = read(org.list_staff, district_id=cohort.district_id, search=search or None, page_size=50).items
        person = choice(
            tr("training.f.name"), {s.id: f"{s.name} · {s.nip} · {s.unit_code}" for s in found},
            f"tr_person_{cohort.id}", index=None, placeholder=tr("common.choose"),
        )  # fmt: skip
        if person is not None:
            for o in read(enrolment.overlaps, cohort.id, [person]):
                st.warning(
                    tr(
                        "training.enrol.overlap",
                        name=md_escape(o.staff_name),
                        cohort=md_escape(o.other_cohort),
                        day=o.day,
                    )
                )
        if st.button(tr("training.enrol.go"), key=f"tr_enrol_one_{cohort.id}", type="primary", disabled=person is None):
            ok, result = call(enrolment.enrol, cohort.id, cohort.version, [person], accept_overlaps=accept)
            if ok:
                report(result)
    with unit_tab:
        units = {u.id: f"{u.code} · {u.name}" for u in read(org.list_units, district_id=cohort.district_id)}
        unit = choice(tr("common.unit"), units, f"tr_unit_{cohort.id}", index=None, placeholder=tr("common.choose"))
        if st.button(tr("training.enrol.go"), key=f"tr_enrol_unit_{cohort.id}", type="primary", disabled=unit is None):
            ok, result = call(enrolment.enrol_unit, cohort.id, cohort.version, unit, accept_overlaps=accept)
            if ok:
                report(result)
    with nip_tab:
        text = st.text_area(tr("training.enrol.nip_list"), key=f"tr_nips_{cohort.id}", height=150)
        upload = st.file_uploader(
            tr("training.enrol.nip_file"), type=["txt", "csv", "xlsx"], key=f"tr_nipfile_{cohort.id}"
        )
        if upload is not None:
            text = (text or "") + "\n" + enrolment.nips_from_file(upload.name, upload.getvalue())
        if st.button(tr("training.enrol.go"), key=f"tr_enrol_nips_{cohort.id}", type="primary"):
            ok, result = call(
                enrolment.enrol_nips, cohort.id, cohort.version, text, accept_overlaps=accept,
                labels={"nips": tr("training.enrol.nip_list")},
            )  # fmt: skip
            if ok:
                report(result)

    active = {p.id: f"{p.name} · {states[p.status]}" for p in people if p.status in ("enrolled", "waitlisted")}
    if active:
        with st.expander(tr("training.withdraw.title"), icon=":material/person_remove:"):
            leaving = choice(
                tr("training.f.name"), active, f"tr_leave_{cohort.id}", index=None, placeholder=tr("common.choose")
            )
            if st.button(tr("training.withdraw.go"), key=f"tr_leave_go_{cohort.id}", disabled=leaving is None):
                ok, promoted = call(enrolment.withdraw, leaving, cohort.version)
                if ok:
                    saved(tr("training.withdraw.done", n=len(promoted)))
