"""Permintaan data pribadi: a complainant asks what is held on them, for a copy, or to be erased
(UU 27/2022). Admins find their complaints by phone or e-mail, download everything as JSON, and
erase the identity; each step is in the audit log."""

import pandas as pd
import streamlit as st

from services import i18n
from services.complaints import subjects
from ui.complaints.widgets import category_labels, state_labels
from ui.context import call, keep_on_page, lang, saved, show_flash, tr

st.title(tr("subjects.title"))
st.caption(tr("subjects.subtitle"))
show_flash()

with st.form("subject_find"):
    contact = st.text_input(tr("subjects.contact"), help=tr("subjects.contact_help"))
    found = st.form_submit_button(tr("subjects.find"), type="primary")
if found:
    ok, items = call(subjects.held, contact, labels={"contact": tr("subjects.contact")})
    keep_on_page("subject_result", (contact, items) if ok else None)

kept = st.session_state.get("subject_result")
if kept:
    contact, items = kept
    if not items:
        st.info(tr("subjects.none"))
    else:
        cats, states = category_labels(), state_labels()
        st.markdown(f"**{tr('subjects.found', n=len(items))}**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("complaints.col.tracking_id"): i.tracking_id,
                        tr("complaints.col.received"): i18n.fmt_date(i.received_on, lang()),
                        tr("complaints.col.category"): cats.get(i.category, i.category),
                        tr("complaints.col.state"): states.get(i.state, i.state),
                        tr("complaints.col.title"): i.title,
                        tr("complaints.col.name"): i.complainant_name or "–",
                        tr("complaints.col.phone"): i.complainant_phone or "–",
                        tr("complaints.col.email"): i.complainant_email or "–",
                        tr("subjects.events"): i.events,
                        tr("subjects.attachments"): i.attachments,
                    }
                    for i in items
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        left, right = st.columns(2)
        with left:
            if st.button(tr("subjects.prepare"), icon=":material/download:"):
                ok, data = call(subjects.export, contact)
                if ok:
                    st.download_button(
                        tr("subjects.download"), data, file_name="data-pribadi.json", mime="application/json"
                    )
        with right, st.form("subject_erase"):
            st.markdown(f"**{tr('subjects.erase_title')}**")
            st.caption(tr("subjects.erase_help"))
            sure = st.checkbox(tr("subjects.erase_confirm", n=len(items)))
            if st.form_submit_button(tr("subjects.erase"), type="primary", disabled=False):
                if not sure:
                    st.error(tr("subjects.erase_not_confirmed"))
                else:
                    ok, n = call(subjects.erase, contact)
                    if ok:
                        st.session_state.pop("subject_result", None)
                        saved(tr("subjects.erased", n=n))
