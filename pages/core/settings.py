"""Pengaturan: run-time rules an admin may change, grouped; every change is validated and audited.

The rules hold for every district, so a district admin reads them here but cannot change them."""

from contextlib import nullcontext

import streamlit as st

from services.core import settings
from ui.context import actor, call, read, saved, show_flash, tr

me = actor()
st.title(tr("settings.title"))
st.caption(tr("settings.subtitle"))
show_flash()

values = read(settings.current)
editable = settings.may_change(me)
if not editable:
    st.info(tr("settings.read_only"), icon=":material/lock:")
groups: dict[str, list[settings.SettingDef]] = {}
for d in settings.DEFINITIONS.values():
    groups.setdefault(d.group, []).append(d)

with st.form("settings_form") if editable else nullcontext():
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
                disabled=not editable,
            )
    if editable and st.form_submit_button(tr("common.save"), type="primary"):
        ok, changed = call(settings.update, entered, labels={k: tr(f"setting.{k}") for k in settings.DEFINITIONS})
        if ok:
            saved(tr("settings.saved", n=len(changed)))
