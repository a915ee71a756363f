"""The "came from" lines of a record's page: where another module says the record came from (a
complaint made of a forum item: "Dari forum: <title>, <date>"), each a link to that page. Read from
every module's `Module.origins` through the registry, so the page naming the record imports no other
module; a line shows only when the user may open the page it links to."""

from __future__ import annotations

import streamlit as st

from services import registry
from services.core.modules import Origin
from ui import nav
from ui.context import actor, read, tr
from ui.widgets import md_escape


def origins_of(record: str, key: str) -> list[Origin]:
    """The origins of the record the user may follow (their roles include the page linked to)."""
    me = actor()
    found = read(registry.origins, record, key)
    return [o for o in found if me.has(*nav.by_url(o.page).roles)]


def show(record: str, key: str) -> None:
    """A link per origin, its user text escaped (a page link's label is Markdown)."""
    for o in origins_of(record, key):
        params = {k: md_escape(v) if isinstance(v, str) else v for k, v in o.params.items()}
        st.page_link(nav.path_of(o.page), label=tr(o.text_key, **params), query_params=o.query, icon=o.icon)
