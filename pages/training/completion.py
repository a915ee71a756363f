"""Kelulusan & sertifikat (`?id=`): the cohort's rule applied once to every participant; each who
passes gets a PDF certificate with a verification number and a QR code of the public check."""

import pandas as pd
import streamlit as st

from services import i18n
from services.training import attendance, certificates, completion
from services.training.access import RUNNERS
from ui.context import actor, call, lang, read, saved, show_flash, tr
from ui.training.widgets import cohort_caption, pick_cohort
from ui.widgets import choice, md_escape

me = actor()
st.title(tr("training.completion.title"))
show_flash()
cohort = pick_cohort("tr_done_pick")
if cohort is None:
    st.stop()
st.caption(md_escape(cohort.name) + " · " + cohort_caption(cohort))

if cohort.status != "completed":
    people = read(attendance.progress, cohort.id)
    passing = sum(1 for p in people if p.passes)
    st.markdown(tr("training.completion.preview", passing=passing, total=len(people)))
    if people:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("training.f.name"): p.name,
                        tr("training.f.attendance"): "–"
                        if p.attendance_pct is None
                        else f"{i18n.fmt_number(p.attendance_pct, lang())} %",
                        tr("training.f.post_test"): p.post_test,
                        tr("training.f.passes"): "✓" if p.passes else "✗",
                        tr("training.f.missing"): ", ".join(tr(r) for r in p.reasons),
                    }
                    for p in people
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    if me.has(*RUNNERS) and cohort.status != "cancelled":
        sure = st.checkbox(tr("training.completion.confirm"), key=f"tr_done_sure_{cohort.id}")
        if st.button(tr("training.completion.go"), key=f"tr_done_go_{cohort.id}", type="primary", disabled=not sure):
            ok, result = call(completion.complete, cohort.id, cohort.version)
            if ok:
                saved(tr("training.completion.done", passed=len(result.passed), failed=len(result.failed)))
else:
    st.success(tr("training.completion.completed_on", date=i18n.fmt_date(cohort.completed_on, lang())))

certs = read(certificates.list_for_cohort, cohort.id)
if certs:
    st.subheader(tr("training.certificates"))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("training.f.name"): c.staff_name,
                    tr("training.f.certificate_number"): c.number,
                    tr("training.f.jp"): c.jp,
                    tr("training.f.issued_on"): i18n.fmt_date(c.issued_on, lang()),
                }
                for c in certs
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    chosen = choice(
        tr("training.completion.pick"), {c.id: f"{c.staff_name} · {c.number}" for c in certs},
        f"tr_cert_pick_{cohort.id}", index=None, placeholder=tr("common.choose"),
    )  # fmt: skip
    # The PDF is made (and its download written to the audit log) only when asked for.
    if chosen is not None and st.button(tr("training.completion.prepare"), key=f"tr_cert_make_{chosen}"):
        ok, pdf = call(certificates.certificate_pdf, chosen, lang())
        if ok:
            number = next(c.number for c in certs if c.id == chosen)
            st.download_button(
                tr("training.completion.download"), pdf, file_name=f"sertifikat-{number}.pdf", mime="application/pdf",
                key=f"tr_cert_dl_{chosen}", icon=":material/download:",
            )  # fmt: skip
