"""Catat masukan (?id=forum): many items at once in a grid, typed or pasted from a spreadsheet
(select a cell and paste: the grid takes the rows). Each row is checked; the good rows are saved
together, the rows that cannot be saved stay in the grid with the reason, for correction."""

import pandas as pd
import streamlit as st

from models.forums import ItemKind, ItemPriority
from services import i18n
from services.core import org
from services.forums import items, records
from ui import nav
from ui.context import actor, call, lang, read, saved, show_flash, tr
from ui.forums.widgets import int_param, kind_labels, priority_labels
from ui.widgets import md_escape

me = actor()
forum_id = int_param("id")
st.title(tr("forums.grid.title"))
if forum_id is None:
    st.info(tr("forums.detail.choose"))
    st.page_link(nav.path_of("forums"), label=tr("nav.forum_list"), icon=":material/groups:")
    st.stop()
f = read(records.get_forum, forum_id)
st.caption(f"{md_escape(f.title)} · {i18n.fmt_date(f.held_on, lang())}")
show_flash()
st.page_link(
    nav.path_of("forum"), label=tr("forums.grid.back"), icon=":material/arrow_back:", query_params={"id": f.id}
)

# Rows that could not be saved last time (or seeded by a test: AppTest cannot type into the grid).
PENDING = f"forum_grid_pending_{f.id}"
ROUND = f"forum_grid_round_{f.id}"  # a new grid after each save, so its edits start afresh
pending: list[dict] = st.session_state.get(PENDING, [])
problems: list[str] = st.session_state.get(f"{PENDING}_why", [])

current = read(items.list_items, f.id)
units = [u.code for u in read(org.list_units, district_id=f.district_id)]
saved_rows = [
    {"id": i.id, "version": i.version, "kind": i.kind, "text": i.text, "tags": ", ".join(i.tags),
     "unit": i.unit_code, "service": i.service, "priority": i.priority}
    for i in current
]  # fmt: skip
columns = list(items.GRID_COLUMNS)
base = pd.DataFrame(saved_rows + [{k: r.get(k) for k in columns} for r in pending], columns=columns)
base = base.astype({"id": "Int64", "version": "Int64"})

kinds, priorities = kind_labels(), priority_labels()
st.caption(
    tr(
        "forums.grid.help",
        kinds=", ".join(f"{k} ({v})" for k, v in kinds.items()),
        priorities=", ".join(f"{k} ({v})" for k, v in priorities.items()),
    )
)
if problems:
    st.warning(tr("forums.grid.kept", n=len(pending)) + "\n\n" + "\n".join(f"- {p}" for p in problems))

edited = st.data_editor(
    base,
    num_rows="add",  # rows are removed on the forum page (only while nothing hangs on them)
    hide_index=True,
    width="stretch",
    key=f"forum_grid_{f.id}_{st.session_state.get(ROUND, 0)}",
    column_config={
        "id": None,
        "version": None,
        "kind": st.column_config.SelectboxColumn(tr("forums.item.kind"), options=[k.value for k in ItemKind],
                                                 format_func=lambda k: kinds.get(k, k), required=True),
        "text": st.column_config.TextColumn(tr("forums.item.text"), max_chars=2000, width="large"),
        "tags": st.column_config.TextColumn(tr("forums.item.tags"), help=tr("forums.grid.tags_help")),
        "unit": st.column_config.SelectboxColumn(tr("forums.item.unit"), options=units),
        "service": st.column_config.TextColumn(tr("forums.item.service"), max_chars=150),
        "priority": st.column_config.SelectboxColumn(tr("forums.item.priority"),
                                                     options=[p.value for p in ItemPriority], default="medium",
                                                     format_func=lambda p: priorities.get(p, p)),
    },
)  # fmt: skip


def _changed_rows(frame: pd.DataFrame) -> list[dict]:
    """New rows, and saved rows whose content differs from what was read (unchanged ones are not sent)."""
    before = {r["id"]: r for r in saved_rows}
    out = []
    for row in frame.to_dict("records"):
        row = {k: (None if pd.isna(v) else v) for k, v in row.items()}
        if row.get("id") is not None:
            row["id"], row["version"] = int(row["id"]), int(row["version"])
            old = before.get(row["id"])
            if old and all((old.get(k) or None) == (row.get(k) or None) for k in columns):
                continue
        out.append(row)
    return out


def _why(rejected: items.RejectedRow) -> str:
    """'Row 2 (KTP-el belum…): Text: required' in the user's language."""
    text = md_escape(str(rejected.row.get("text") or "")[:40])
    reasons = "; ".join(
        (f"{tr('forums.item.' + e.field)}: " if e.field in FIELDS else "") + i18n.error_text(e.code, lang(), e.params)
        for e in rejected.errors
    )
    return tr("forums.grid.line", line=rejected.line, text=text) + " " + reasons


FIELDS = ("kind", "text", "tags", "unit", "service", "priority")

if st.button(tr("forums.grid.save"), type="primary", key=f"forum_grid_save_{f.id}"):
    rows = _changed_rows(edited)
    ok, result = call(items.save_grid, f.id, rows)
    if ok:
        st.session_state[PENDING] = [r.row for r in result.rejected]
        st.session_state[f"{PENDING}_why"] = [_why(r) for r in result.rejected]
        st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
        message = tr("forums.grid.saved", created=result.created, updated=result.updated)
        if result.rejected:
            saved(message + " " + tr("forums.grid.rejected", n=len(result.rejected)), "warning")
        saved(message)
