"""Log audit: who changed, revealed or exported what, newest first, paged in SQL. Admins only."""

import json

import pandas as pd
import streamlit as st

from services import audit, i18n
from ui.context import lang, read, tr
from ui.widgets import choice, current_page, pager

st.title(tr("audit.title"))
st.caption(tr("audit.subtitle"))

entities = {e: e for e in read(audit.entities)}
with st.container(horizontal=True):
    entity = choice(tr("audit.entity"), entities, "audit_entity", none_label=tr("common.all"))
    username = st.text_input(tr("audit.user"), key="audit_user")
    period = st.date_input(tr("audit.period"), value=(), key="audit_period", format="DD/MM/YYYY")
since, until = (period[0], period[-1]) if len(period) else (None, None)

page = read(
    audit.list_entries,
    entity=entity,
    username=username or None,
    since=since,
    until=until,
    page=current_page("audit_page", entity, username, since, until),
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
                    tr("audit.action"): e.action,
                    tr("audit.entity"): e.entity,
                    tr("audit.record"): e.entity_id or "",
                    tr("audit.before"): json.dumps(e.before, ensure_ascii=False) if e.before else "",
                    tr("audit.after"): json.dumps(e.after, ensure_ascii=False) if e.after else "",
                    tr("audit.note"): e.note or "",
                }
                for e in page.items
            ]
        ),
        hide_index=True,
        width="stretch",
    )
pager(page, "audit_page")
