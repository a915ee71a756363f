"""Presensi & nilai (`?id=`): one session's attendance grid for the whole cohort (present, late,
excused, absent), the pre- and post-test scores with their gain, and each participant's standing
against the cohort's rule, so who is at risk shows before the end."""

import pandas as pd
import streamlit as st

from services import i18n
from services.training import attendance, cohorts
from ui.context import call, lang, read, saved, show_flash, tr
from ui.training.widgets import cohort_caption, link_to, pick_cohort, presence_labels
from ui.widgets import choice, md_escape

st.title(tr("training.attendance.title"))
show_flash()
cohort = pick_cohort("tr_att_pick")
if cohort is None:
    st.stop()
st.caption(md_escape(cohort.name) + " · " + cohort_caption(cohort))
closed = cohort.status in ("completed", "cancelled")

people = read(attendance.progress, cohort.id)
if not people:
    st.info(tr("training.no_participants"))
    link_to("training-cohort", "training.cohorts.go_cohort", cohort.id)
    st.stop()
names = {p.enrolment_id: p for p in people}

st.subheader(tr("training.attendance.grid"))
sessions = read(cohorts.list_sessions, cohort.id)
if not sessions:
    st.info(tr("training.no_sessions"))
else:
    options = {
        s.id: f"{i18n.fmt_date(s.day, lang())} {s.starts_at:%H.%M}–{s.ends_at:%H.%M}"
        + (" ✓" if s.attendance_taken else "")
        for s in sessions
    }
    first_open = next((s.id for s in sessions if not s.attendance_taken), sessions[-1].id)
    chosen = choice(tr("training.f.session"), options, "tr_att_session", index=list(options).index(first_open))
    marks = read(attendance.session_marks, cohort.id, chosen)
    presence = presence_labels()
    by_label = {label: code for code, label in presence.items()}
    grid = pd.DataFrame(
        [
            {
                "id": eid,
                tr("training.f.name"): names[eid].name,
                "NIP": names[eid].nip,
                tr("training.f.presence"): presence[m],
            }
            for eid, m in marks.items()
        ]
    )
    edited = st.data_editor(
        grid,
        key=f"tr_att_grid_{cohort.id}_{chosen}",
        hide_index=True,
        width="stretch",
        disabled=["id", tr("training.f.name"), "NIP"] if not closed else True,
        column_config={
            "id": None,
            tr("training.f.presence"): st.column_config.SelectboxColumn(options=list(presence.values()), required=True),
        },
    )
    if not closed and st.button(tr("training.attendance.save"), key=f"tr_att_save_{cohort.id}", type="primary"):
        new = {int(r["id"]): by_label[r[tr("training.f.presence")]] for _, r in edited.iterrows()}
        ok, came = call(attendance.record_attendance, cohort.id, cohort.version, chosen, new)
        if ok:
            saved(tr("training.attendance.saved", n=came, of=len(new)))

st.subheader(tr("training.scores.title"))
scores = pd.DataFrame(
    [
        {"id": p.enrolment_id, tr("training.f.name"): p.name, tr("training.f.pre_test"): p.pre_test,
         tr("training.f.post_test"): p.post_test}
        for p in people
    ]
)  # fmt: skip
edited_scores = st.data_editor(
    scores,
    key=f"tr_scores_{cohort.id}",
    hide_index=True,
    width="stretch",
    disabled=["id", tr("training.f.name")] if not closed else True,
    column_config={
        "id": None,
        tr("training.f.pre_test"): st.column_config.NumberColumn(format="%.1f"),
        tr("training.f.post_test"): st.column_config.NumberColumn(format="%.1f"),
    },
)
if not closed and st.button(tr("training.scores.save"), key=f"tr_scores_save_{cohort.id}", type="primary"):

    def cell(value):
        return None if pd.isna(value) else float(value)

    new = {
        int(r["id"]): {"pre_test": cell(r[tr("training.f.pre_test")]), "post_test": cell(r[tr("training.f.post_test")])}
        for _, r in edited_scores.iterrows()
    }
    ok, changed = call(attendance.record_scores, cohort.id, cohort.version, new)
    if ok:
        saved(tr("training.scores.saved", n=changed))

st.subheader(tr("training.standing.title"))
risky = sum(1 for p in people if p.at_risk)
if risky:
    st.warning(tr("training.standing.at_risk", n=risky))
st.dataframe(
    pd.DataFrame(
        [
            {
                tr("training.f.name"): p.name,
                tr("training.f.attendance"): "–"
                if p.attendance_pct is None
                else f"{i18n.fmt_number(p.attendance_pct, lang())} %",
                tr("training.f.pre_test"): p.pre_test,
                tr("training.f.post_test"): p.post_test,
                tr("training.f.gain"): p.gain,
                tr("training.f.at_risk"): (
                    tr("training.standing.cannot_pass") if not p.can_still_pass_attendance else "⚠" if p.at_risk else ""
                ),
                tr("training.f.missing"): ", ".join(tr(r) for r in p.reasons),
            }
            for p in people
        ]
    ),
    hide_index=True,
    width="stretch",
)
link_to("training-completion", "training.cohorts.go_completion", cohort.id, ":material/workspace_premium:")
