"""The page list the app builds its navigation from: every module's screens, read from the registry.

A module adds its screens to its own `Module(pages=...)` (services/<module>/__init__.py); app.py builds
the navigation for the user's roles from `pages_for` only. (Services check access again: hiding a
page is not security.) Services and home items name a page by its URL id; `path_of` gives its script.
"""

from __future__ import annotations

from services import registry
from services.core.modules import PageSpec

PAGES: list[PageSpec] = registry.pages()
SECTIONS: list[str] = registry.sections()
HOME = "pages/core/home.py"  # every role's landing page

_BY_URL = {p.url_path: p for p in PAGES}


def pages_for(roles) -> list[PageSpec]:
    """The sidebar pages a user holding `roles` may open, in registry order."""
    held = set(roles)
    return [p for p in PAGES if not p.public and held.intersection(p.roles)]


def public_pages() -> list[PageSpec]:
    """Pages anyone may open by URL; they check their own token or PIN in a service."""
    return [p for p in PAGES if p.public]


def refused_specs(roles) -> list[PageSpec]:
    """The screens a user holding `roles` may not open (None: not logged in), public pages aside."""
    allowed = set() if roles is None else {p.path for p in pages_for(roles)}
    return [p for p in PAGES if not p.public and p.path not in allowed]


def spec(path: str) -> PageSpec:
    return next(p for p in PAGES if p.path == path)


def by_url(url_path: str) -> PageSpec:
    """The screen whose URL id is `url_path` (the name services and home items use)."""
    return _BY_URL[url_path]


def path_of(url_path: str) -> str:
    """The script of the screen `url_path`, for st.page_link and st.switch_page."""
    return _BY_URL[url_path].path
