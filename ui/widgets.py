"""Reusable widgets: pickers, pager, badges, safe display of user text. One place each."""

from __future__ import annotations

import re

import streamlit as st

from services import i18n
from services.core.paging import Page
from ui.context import lang, tr

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def md_escape(text: str | None) -> str:
    """User text made inert for st.markdown (no links, images, HTML or formatting)."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def current_page(key: str, *filters) -> int:
    """The page number to fetch for a paged table; back to page 1 whenever the filters change."""
    signature = repr(filters)
    if st.session_state.get(f"{key}__filters") != signature:
        st.session_state[f"{key}__filters"] = signature
        st.session_state[key] = 1
    return int(st.session_state.get(key, 1))


def pager(page: Page, key: str) -> int:
    """Page selector under a table (its state is `key`); returns the page number chosen (1-based)."""
    if st.session_state.get(key, 1) > page.pages:
        st.session_state[key] = page.pages
    if page.pages <= 1:
        st.caption(tr("common.rows_total", n=page.total))
        return 1
    cols = st.columns([1, 3])
    number = cols[0].number_input(tr("common.page"), min_value=1, max_value=page.pages, step=1, key=key)
    cols[1].caption(
        tr(
            "common.page_of",
            page=i18n.fmt_number(number, lang()),
            pages=i18n.fmt_number(page.pages, lang()),
            n=page.total,
        )
    )
    return int(number)


def choice(label: str, options: dict, key: str, *, none_label: str | None = None, index: int | None = 0, **kw):
    """A selectbox over {value: label}; with none_label, a first 'none/all' option returning None."""
    values = list(options)
    if none_label is not None:
        values = [None, *values]
    return st.selectbox(
        label,
        values,
        format_func=lambda v: none_label if v is None else options[v],
        key=key,
        index=index,
        **kw,
    )


def code_label(prefix: str, code: str, params: dict | None = None) -> str:
    """The label of a code kept in data (`prefix.code` in the catalogue, e.g. audit.action.login), or
    the code itself when no module has labelled it yet."""
    return i18n.label(f"{prefix}.{code}", code, lang(), params)


def role_label(role) -> str:
    return tr(f"role.{role}")


def yes_no(value: bool) -> str:
    return tr("common.yes") if value else tr("common.no")
