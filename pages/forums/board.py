"""Papan masukan: what citizens raise, by theme and by follow-up status (one column per status,
the themes with most items first), and a chart of themes over time by area."""

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from services import i18n
from services.core import clock, org, periods
from services.forums import items, stats
from services.forums.items import ITEM_STATUSES
from ui.context import actor, lang, read, tr
from ui.forums.widgets import badge, item_status_labels, kind_labels
from ui.widgets import choice, draw_chart, md_escape

CARDS_PER_THEME = 5  # a column shows the first few items of each theme; the counts cover all

me = actor()
st.title(tr("forums.board.title"))
st.caption(tr("forums.board.subtitle"))
districts = {d.id: d.name for d in read(org.list_districts)}
district_id = (
    choice(tr("common.district"), districts, "fb_district", none_label=tr("common.all")) if me.all_districts else None
)
cards = read(items.board, district_id=district_id)
labels, kinds = item_status_labels(), kind_labels()
if not cards:
    st.info(tr("forums.board.none"))
else:
    frame = pd.DataFrame([c.__dict__ for c in cards])
    frame["theme"] = frame["theme"].replace("", tr("forums.board.untagged"))
    columns = st.columns(len(ITEM_STATUSES))
    for column, status in zip(columns, ITEM_STATUSES, strict=True):
        here = frame[frame["status"] == status]
        column.markdown(f"{badge(status)} **{i18n.fmt_number(here['item_id'].nunique(), lang())}**")
        for theme, group in sorted(here.groupby("theme"), key=lambda g: -len(g[1])):
            box = column.container(border=True)
            box.markdown(f"**{md_escape(theme)}** · {len(group)}")
            for card in group.head(CARDS_PER_THEME).itertuples():
                box.caption(f"{kinds.get(card.kind, card.kind)} · {md_escape(card.text[:120])}")

st.subheader(tr("forums.board.themes_chart"))
end = clock.today()
start = end - timedelta(days=730)
themes = read(stats.themes_over_time, start, end, "quarter", district_id)
if themes.empty:
    st.info(tr("forums.board.none"))
else:
    quarters = {p.code: periods.short_label(p, lang()) for p in periods.split(periods.custom(start, end), "quarter")}
    themes["label"] = themes["code"].map(quarters).fillna(themes["code"])
    areas = sorted(themes["area"].unique())
    area = choice(tr("forums.area"), {a: a for a in areas}, "fb_area", none_label=tr("common.all"))
    if area is not None:
        themes = themes[themes["area"] == area]
    top = themes.groupby("theme")["n"].sum().nlargest(8).index
    shown = themes[themes["theme"].isin(top)]
    chart = (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            x=alt.X("label:N", title=None, sort=list(quarters.values())),
            y=alt.Y("sum(n):Q", title=tr("forums.report.items")),
            color=alt.Color("theme:N", title=tr("forums.item.tags")),
            tooltip=["theme", "area", "label", "sum(n)"],
        )
    )
    draw_chart(chart, width="stretch")
