"""Log audit: who changed, revealed or exported what, newest first, paged in SQL. Admins only.

A district admin reads the rows of their district only (the service decides). Action, record type and
note codes are shown through the catalogue; a code without a label (another module's) as it is."""

import json

import pandas as pd
import streamlit as st

from services import i18n
from services.core import audit
from ui.context import lang, read, tr
from ui.widgets import choice, code_label, current_page, pager

st.title(tr("audit.title"))
st.caption(tr("audit.subtitle"))

entities = {e: code_label("audit.entity", e) for e in read(audit.entities)}
actions = {a: code_label("audit.action", a) for a in read(audit.actions)}
with st.container(horizontal=True):
    entity = choice(tr("audit.entity"), entities, "audit_entity", none_label=tr("common.all"))
    action = choice(tr("audit.action"), actions, "audit_action", none_label=tr("common.all"))
    username = st.text_input(tr("audit.user"), key="audit_user")
    period = st.date_input(tr("audit.period"), value=(), key="audit_period", format="DD/MM/YYYY")
since, until = (period[0], period[-1]) if len(period) else (None, None)

page = read(
    audit.list_entries,
    entity=entity,
    action=action,
    username=username or None,
    since=since,
    until=until,
    page=current_page("audit_page", entity, action, username, since, until),
    page_size=50,
)
if not page.items:
    st.info(tr("audit.none"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("audit.at"): i18n.fmt_datetime(e.at, lang()),
                    tr("audit.user"): e.username or "–",
                    tr("audit.action"): code_label("audit.action", e.action),
                    tr("audit.entity"): code_label("audit.entity", e.entity),
                    tr("audit.record"): e.entity_id or "",
                    tr("audit.before"): json.dumps(e.before, ensure_ascii=False) if e.before else "",
                    tr("audit.after"): json.dumps(e.after, ensure_ascii=False) if e.after else "",
                    tr("audit.note"): code_label("audit.note", e.note, e.after) if e.note else "",
                }
                for e in page.items
            ]
        ),
        hide_index=True,
        width="stretch",
    )
pager(page, "audit_page")
