"""Sigap entry point: page config, the login gate, the page list for the user's roles, navigation."""

import streamlit as st

st.set_page_config(page_title="Sigap", page_icon=":material/diversity_3:", layout="wide")

from ui import auth, chrome, nav  # noqa: E402
from ui.context import ACTOR_KEY, database_guard, enter_page, tr  # noqa: E402

with database_guard():  # the database going away anywhere gets a message and a retry, not a traceback
    chrome.require_current_schema()
    actor = auth.current_actor()
    st.session_state[ACTOR_KEY] = actor
    if actor is not None:
        chrome.adopt_user_language(actor)
    chrome.language_picker()

    public = [
        st.Page(spec.path, title=tr(spec.title_key), icon=spec.icon, url_path=spec.url_path, visibility="hidden")
        for spec in nav.public_pages()
    ]
    if actor is None:
        login = st.Page(chrome.login_view, title=tr("login.title"), url_path=chrome.ROOT_ID, default=True)
        # A deep link opened before login is kept by a hidden stand-in; after login it opens if allowed.
        stand_ins = [*chrome.refused_pages(None), *chrome.root_aliases(login, ["login"])]
        pages = [login, *public, *stand_ins]
        current = st.navigation([*pages, *chrome.unknown_pages(pages)], position="hidden")
        enter_page(current.url_path)
        current.run()
    else:
        sections: dict[str, list[st.Page]] = {}
        by_path: dict[str, st.Page] = {}
        for spec in nav.pages_for(actor.roles):
            # The home page is the default, served at "/"; its own address (/home) is an alias below.
            url = chrome.ROOT_ID if spec.path == nav.HOME else spec.url_path
            page = by_path[spec.path] = st.Page(spec.path, title=tr(spec.title_key), icon=spec.icon, url_path=url)
            sections.setdefault(tr(spec.section), []).append(page)
        home = by_path[nav.HOME]
        ordered = {tr(s): sections[tr(s)] for s in nav.SECTIONS if tr(s) in sections}
        if public:  # citizens' pages stay reachable by URL for staff, out of the sidebar
            ordered.setdefault(tr("nav.section.main"), []).extend(public)
        # A link to a page this user may not open gets our answer, not Streamlit's English "Page not found".
        ordered.setdefault(tr("nav.section.main"), []).extend(chrome.refused_pages(actor))
        ordered[tr("nav.section.main")].extend(chrome.root_aliases(home, ["home", "login"]))
        every = [p for pages in ordered.values() for p in pages]
        ordered[tr("nav.section.main")].extend(chrome.unknown_pages(every))  # an address that names no screen
        current = st.navigation(ordered, expanded=True)
        chrome.user_panel(actor)
        enter_page(current.url_path)
        current.run()
