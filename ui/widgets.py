"""Reusable widgets: pickers, pager, badges, safe display of user text. One place each."""

from __future__ import annotations

import hashlib
import os
import re
import threading

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st
from altair.utils import schemapi

from services import i18n
from services.core.paging import Page
from ui.context import lang, tr

# Altair checks every chart against the Vega-Lite JSON schema twice (each part as it is built, the
# whole spec when drawn): about 35 ms a chart, most of a dashboard run. Our charts' shapes are fixed
# by code, so the checks run where the code changes, in the tests (SIGAP_CHECK_CHARTS=1), not on
# every redraw.
CHECK_CHARTS = os.environ.get("SIGAP_CHECK_CHARTS") == "1"
if not CHECK_CHARTS:
    schemapi.disable_debug_mode()
# Altair 6.3 builds a fresh _FromDict converter, hashing the JSON schema of all ~700 of its classes
# (6 ms), each time a channel is given as a shorthand string, a list or alt.value/alt.condition,
# about 25 times per dashboard run. Its one caller always passes every SchemaBase class, which are
# all defined once Altair is imported, so one converter serves every call.
_altair_from_dict = schemapi._FromDict
_shared_from_dict: dict[str, object] = {}


def _from_dict_once(wrapper_classes):
    converter = _shared_from_dict.get("all")
    if converter is None:
        converter = _shared_from_dict.setdefault("all", _altair_from_dict(wrapper_classes))
    return converter


schemapi._FromDict = _from_dict_once
_THEME_LOCK = threading.Lock()  # Altair's theme is global to the process; sessions draw in threads

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


def _arrow_datasets(data, datasets: dict) -> dict:
    """Altair data transformer: each table goes to `datasets` as Arrow bytes under a content hash
    (what st.altair_chart does; Altair's own turns every row into a dict of JSON values, slowly)."""
    table = pa.Table.from_pandas(data if isinstance(data, pd.DataFrame) else pd.DataFrame(data), preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    raw = sink.getvalue().to_pybytes()
    name = hashlib.md5(raw, usedforsecurity=False).hexdigest()
    datasets[name] = raw
    return {"name": name}


alt.data_transformers.register("sigap_arrow", _arrow_datasets)


def _spec(figure: alt.TopLevelMixin) -> dict:
    datasets: dict[str, bytes] = {}
    with _THEME_LOCK, alt.theme.enable("none"), alt.data_transformers.enable("sigap_arrow", datasets=datasets):
        spec = figure.to_dict(validate=CHECK_CHARTS)
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


@st.cache_data(max_entries=512, show_spinner=False)
def _built_spec(builder: str, args: tuple, kwargs: dict, language: str) -> dict:
    """The spec `builder(*args, **kwargs)` makes in `language` (its titles and tooltips are text)."""
    from services.core.modules import resolve

    return _spec(resolve(builder)(*args, **kwargs))


def draw_built_chart(builder, *args, where=None, options: dict | None = None, **kwargs):
    """draw_chart(builder(*args, **kwargs), **options), with the finished spec kept for the same
    arguments: a redraw of unchanged figures (the live dashboard's) builds no Altair objects at all.
    `builder` is a module-level function of plain data (rows, numbers, text)."""
    spec = _built_spec(f"{builder.__module__}:{builder.__qualname__}", args, kwargs, lang())
    return (where or st).vega_lite_chart(spec, **(options or {}))


def draw_chart(figure: alt.TopLevelMixin, where=None, **kwargs):
    """Draw an Altair chart (st.altair_chart's options: key, on_select, selection_mode, width...).

    The chart goes to the browser as its Vega-Lite spec and its (aggregated, small) tables as Arrow,
    as st.altair_chart sends it, but made without Altair's per-draw schema check (see CHECK_CHARTS)
    and without Altair's default 300-pixel sizes. Returns what st.vega_lite_chart returns (the
    selection with on_select)."""
    return (where or st).vega_lite_chart(_spec(figure), **kwargs)
