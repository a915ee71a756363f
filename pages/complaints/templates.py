"""Templat jawaban: the public reply texts officers start from, per category and state (admins)."""

import pandas as pd
import streamlit as st

from models.complaints import TEMPLATE_PLACEHOLDERS, TEMPLATE_STATES
from services import i18n
from services.complaints import replies
from ui.complaints.widgets import category_labels, state_labels
from ui.context import actor, call, lang, read, tr
from ui.widgets import choice, md_escape

st.title(tr("templates.title"))
st.caption(tr("templates.subtitle", names=", ".join("{" + p + "}" for p in TEMPLATE_PLACEHOLDERS)))

flash = st.session_state.pop("tpl_flash", None)
if flash:
    st.success(flash)

cats, states = category_labels(), state_labels()
reply_states = {s.value: states[s.value] for s in TEMPLATE_STATES}
templates = read(replies.list_templates)
if not templates:
    st.info(tr("templates.none"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("templates.name"): t.title,
                    tr("templates.category"): cats.get(t.category, tr("templates.any_category")),
                    tr("templates.state"): states[t.state],
                    tr("templates.body"): t.body,
                    tr("templates.active"): t.active,
                    tr("audit.at"): i18n.fmt_datetime(t.updated_at, lang()),
                }
                for t in templates
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={tr("templates.body"): st.column_config.TextColumn(width="large")},
    )

if not replies.may_edit(actor()):
    # The templates serve every district: a district's administrator reads them, no forms to refuse.
    st.info(tr("templates.read_only"), icon=":material/lock:")
    st.stop()

labels = {
    "category": tr("templates.category"),
    "state": tr("templates.state"),
    "title": tr("templates.name"),
    "body": tr("templates.body"),
}


def template_form(form_key: str, current=None) -> dict | None:
    """The fields of one template; returns the data when submitted."""
    with st.form(form_key):
        category = choice(
            tr("templates.category"),
            cats,
            f"{form_key}_cat",
            none_label=tr("templates.any_category"),
            index=([None, *cats].index(current.category) if current else 0),
        )
        state = st.selectbox(
            tr("templates.state"),
            list(reply_states),
            format_func=reply_states.get,
            index=list(reply_states).index(current.state) if current else 0,
        )
        title = st.text_input(tr("templates.name"), value=current.title if current else "", max_chars=100)
        body = st.text_area(tr("templates.body"), value=current.body if current else "", max_chars=2000, height=150)
        active = st.checkbox(tr("templates.active"), value=current.active if current else True)
        if st.form_submit_button(tr("common.save"), type="primary"):
            return {"category": category, "state": state, "title": title, "body": body, "active": active}
    return None


add_tab, edit_tab = st.tabs([tr("templates.add"), tr("templates.edit")])
with add_tab:
    data = template_form("tpl_new")
    if data is not None:
        ok, saved = call(replies.save_template, data, labels=labels)
        if ok:
            st.session_state["tpl_flash"] = tr("templates.saved", title=md_escape(saved.title))
            st.rerun()
with edit_tab:
    options = {t.id: f"{t.title} · {states[t.state]}" for t in templates}
    chosen = choice(tr("templates.pick"), options, "tpl_pick", index=None, placeholder=tr("common.choose"))
    if chosen is not None:
        current = next(t for t in templates if t.id == chosen)
        data = template_form(f"tpl_edit_{chosen}", current)
        if data is not None:
            ok, saved = call(replies.save_template, data, chosen, labels=labels)
            if ok:
                st.session_state["tpl_flash"] = tr("templates.saved", title=md_escape(saved.title))
                st.rerun()
        if st.button(tr("templates.delete"), icon=":material/delete:", key=f"tpl_delete_{chosen}"):
            ok, _ = call(replies.delete_template, chosen)
            if ok:
                st.session_state["tpl_flash"] = tr("templates.deleted")
                st.rerun()
