"""Beranda: what needs attention today for this user's roles, key figures, and the way to each screen."""

import streamlit as st

from services import i18n, registry
from services.core import clock
from ui import nav
from ui.context import actor, lang, read, show_flash, tr
from ui.widgets import md_escape

me = actor()
hour = clock.local_datetime(clock.now()).hour
greeting = tr(
    "home.morning" if hour < 11 else "home.day" if hour < 15 else "home.afternoon" if hour < 18 else "home.evening"
)
st.title(f"{greeting}, {md_escape(me.full_name)}")
st.caption(i18n.fmt_date(clock.today(), lang()))
show_flash()  # e.g. why a link brought the user here instead of the page it named

st.subheader(tr("home.attention"))
items = read(registry.attention)
if not items:
    st.success(tr("home.nothing_due"), icon=":material/task_alt:")
for item in items:
    # Parameters may carry admin text (a district or unit name): plain text inside the message.
    params = {k: md_escape(str(v)) for k, v in item.params.items()}
    text = tr(item.text_key, n=item.count, **params)
    box = {"error": st.error, "warning": st.warning}.get(item.severity, st.info)
    box(text)
    if item.page:
        st.page_link(
            nav.path_of(item.page),
            label=tr("home.open"),
            icon=":material/arrow_forward:",
            query_params=item.query or None,
        )

figures = read(registry.figures)
if figures:
    st.subheader(tr("home.figures"))
    cols = st.columns(min(4, len(figures)))
    for i, fig in enumerate(figures):
        value = fig.value if isinstance(fig.value, str) else i18n.fmt_number(fig.value, lang())
        cols[i % len(cols)].metric(
            tr(fig.label_key, **{k: md_escape(str(v)) for k, v in fig.params.items()}),
            value,
            delta=fig.delta,
            help=tr(fig.help_key) if fig.help_key else None,
        )

st.subheader(tr("home.your_work"))
for role in sorted(me.roles):
    st.markdown(f"**{tr(f'role.{role}')}** — {tr(f'role.{role}.about')}")
links = [p for p in nav.pages_for(me.roles) if p.path != nav.HOME]
cols = st.columns(3)
for i, spec in enumerate(links):
    cols[i % 3].page_link(spec.path, label=tr(spec.title_key), icon=spec.icon)
