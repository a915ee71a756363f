"""Pengaturan: run-time rules an admin may change, grouped; every change is validated and audited."""

import streamlit as st

from services import settings
from ui.context import call, read, tr

st.title(tr("settings.title"))
st.caption(tr("settings.subtitle"))

values = read(settings.current)
groups: dict[str, list[settings.SettingDef]] = {}
for d in settings.DEFINITIONS.values():
    groups.setdefault(d.group, []).append(d)

with st.form("settings_form"):
    entered = {}
    for group, defs in groups.items():
        st.subheader(tr(f"settings.group.{group}"))
        for d in defs:
            entered[d.key] = st.number_input(
                tr(f"setting.{d.key}"),
                value=values[d.key],
                step=type(d.default)(1),
                help=tr("settings.range", min=d.minimum, max=d.maximum, default=d.default),
                key=f"setting_{d.key}",
            )
    if st.form_submit_button(tr("common.save"), type="primary"):
        ok, changed = call(settings.update, entered, labels={k: tr(f"setting.{k}") for k in settings.DEFINITIONS})
        if ok:
            st.success(tr("settings.saved", n=len(changed)))
