"""Tema forum (admins): the theme tags organizers coined, with how often each is used; merge a
near-duplicate into the tag that stays."""

import pandas as pd
import streamlit as st

from services.forums import records
from ui.context import call, read, saved, show_flash, tr

st.title(tr("forums.tags.title"))
st.caption(tr("forums.tags.subtitle"))
show_flash()
tags = read(records.list_tags)
if not tags:
    st.info(tr("forums.tags.none"))
    st.stop()
st.dataframe(
    pd.DataFrame([{tr("forums.item.tags"): n, tr("forums.tags.used"): c} for _, n, c in tags]),
    hide_index=True,
    width="stretch",
)
names = {i: f"{n} ({c})" for i, n, c in tags}
with st.form("ft_merge"):
    left, right = st.columns(2)
    source = left.selectbox(tr("forums.tags.source"), list(names), format_func=names.get, key="ft_source")
    target = right.selectbox(tr("forums.tags.target"), list(names), format_func=names.get, key="ft_target")
    if st.form_submit_button(tr("forums.tags.merge"), type="primary"):
        ok, moved = call(records.merge_tags, source, target, labels={"target": tr("forums.tags.target")})
        if ok:
            saved(tr("forums.tags.merged", n=moved))
