"""What a module of the app declares, and the types modules hand back to the core.

Each module (core, complaints, satisfaction, ...) declares one `Module` in its
`services/<module>/__init__.py`; `services/registry.py` lists them, and the app, the home page, the
dashboard, the demo seed and `manage.py` read only the registry. These types live in the core, below
every module, so no module and the core import each other.

Things drawn or run above the services layer (a dashboard panel drawn with Streamlit, a demo step,
command-line commands) are named by a dotted path `"package.module:attribute"`, resolved by the layer
that uses them; a test resolves every one, so a typo fails the suite, not a user.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from models.core.base import Role
from services.core.access import Actor
from services.core.periods import Period


@dataclass(frozen=True)
class PageSpec:
    """One screen: its script, URL, title, who may open it and its sidebar section."""

    path: str  # script, e.g. "pages/complaints/queue.py"
    url_path: str  # the page's id in URLs and in services ("complaints")
    title_key: str
    icon: str
    roles: tuple[Role, ...]
    section: str  # catalogue key of the section heading
    public: bool = False  # reachable without a staff login (citizens, the counter kiosk); never in the sidebar
    order: int = 50  # place within its section, across modules (lower first; ties keep registry order)


@dataclass(frozen=True)
class Attention:
    """A home-page item: something that needs the user today, opening a page on exactly it."""

    text_key: str  # catalogue key; may use {n} and params
    count: int
    severity: str = "info"  # error | warning | info
    page: str | None = None  # URL id of the page to open for it (PageSpec.url_path)
    params: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)  # query parameters of that page, so it opens on exactly this


@dataclass(frozen=True)
class Figure:
    """A key number on the home page."""

    label_key: str
    value: float | int | str
    help_key: str | None = None
    params: dict = field(default_factory=dict)  # placeholders of the label ("IKM {district}")
    delta: str | None = None  # a change, already formatted with its sign ("+1,20")


@dataclass(frozen=True)
class Scope:
    """What the managers' dashboard is looking at; every panel draws within it."""

    district_id: int | None  # None: every district in the manager's scope
    unit_id: int | None  # None: every unit of the district(s)
    period: Period  # the range the trend charts cover
    granularity: str  # "month" or "quarter": the step of the trend charts
    focus: Period | None = None  # one month/quarter picked by clicking a chart, narrows the panels


@dataclass(frozen=True)
class Panel:
    """A dashboard panel: a title and `render(scope)`, a Streamlit function named by dotted path."""

    title_key: str
    render: str  # "ui.complaints.panel:render"


@dataclass(frozen=True)
class Origin:
    """Where a record of one module came from in another (a complaint made of a forum item): a line
    on the record's page linking to the page it came from. The page shows it only to users who may
    open that page."""

    text_key: str  # catalogue key; its params are user text and are shown escaped
    params: dict
    page: str  # URL id of the page it links to (PageSpec.url_path)
    query: dict = field(default_factory=dict)
    icon: str = ":material/link:"


AttentionProvider = Callable[[Session, Actor], list[Attention]]
FigureProvider = Callable[[Session, Actor], list[Figure]]
RetentionHook = Callable[[Session, Actor, date], dict[str, int]]
# fn(session, actor, record, key): record names a kind of record ("complaint"), key is its id there
# (a tracking ID); returns [] for records the module knows nothing of or the actor may not read.
OriginProvider = Callable[[Session, Actor, str, str], list[Origin]]


@dataclass(frozen=True)
class Module:
    """One job of the app, plugged into the core through the registry."""

    name: str  # folder name in every layer: services/<name>/, pages/<name>/, tests/<name>/ ...
    messages: str  # its catalogue, services/i18n/<messages>.py
    pages: tuple[PageSpec, ...] = ()
    sections: dict[str, int] = field(default_factory=dict)  # sidebar section key -> order (lower first)
    attention: tuple[AttentionProvider, ...] = ()
    figures: tuple[FigureProvider, ...] = ()
    panels: tuple[Panel, ...] = ()
    demo: str | None = None  # "seed.<name>:seed_<name>", fn(session) -> counts, run by `seed --demo`
    # "seed.<name>.scale:build", fn(ctx: seed.scale.bulk.Build) -> counts: the module's share of the
    # generated city-scale data, bulk-inserted on top of the demo (`seed --scale city|small`).
    scale: str | None = None
    cli: str | None = None  # "cli.<name>:register", fn(subparsers) adding the module's commands
    # Retention (UU 27/2022): fn(session, actor, before: date) -> {what: count} blanking the personal
    # data of records closed before that day, counts and charts unchanged; `purge-personal-data` runs it.
    retention: RetentionHook | None = None
    # Where another module's records came from in this one (a complaint made at a forum), for the
    # "came from" line on that record's page.
    origins: tuple[OriginProvider, ...] = ()


def resolve(dotted: str):
    """The object a `"package.module:attribute"` path names."""
    module, _, attr = dotted.partition(":")
    return getattr(importlib.import_module(module), attr)
