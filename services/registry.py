"""The module registry: the one list of the app's modules, in the order they appear.

Adding a module means adding its folders (models, services, pages, ui, seed, tests, a catalogue in
services/i18n/) and one line here. The app, the home page, the dashboard, the demo seed and
`manage.py` read what the modules declare through this file only; nothing in the core names a module.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from services import complaints, core, forums, satisfaction, training
from services.core.access import Actor
from services.core.modules import Attention, Figure, Module, Origin, PageSpec, Panel

MODULES: tuple[Module, ...] = (
    core.MODULE,
    complaints.MODULE,
    satisfaction.MODULE,
    forums.MODULE,
    training.MODULE,
)

_SEVERITY = {"error": 0, "warning": 1, "info": 2}


def sections() -> list[str]:
    """Sidebar section keys in display order."""
    order: dict[str, int] = {}
    for m in MODULES:
        order.update(m.sections)
    return sorted(order, key=lambda key: order[key])


def pages() -> list[PageSpec]:
    """Every screen of every module in sidebar order: by section, then by `order`, then module order."""
    rank = {key: i for i, key in enumerate(sections())}
    every = [p for m in MODULES for p in m.pages]
    return sorted(every, key=lambda p: (rank[p.section], p.order))


def attention(session: Session, actor: Actor) -> list[Attention]:
    """Every module's home items for this user, most severe first."""
    items = [item for m in MODULES for provider in m.attention for item in provider(session, actor)]
    return sorted(items, key=lambda a: _SEVERITY.get(a.severity, 3))


def figures(session: Session, actor: Actor) -> list[Figure]:
    """Key numbers for the home page, in module order."""
    return [f for m in MODULES for provider in m.figures for f in provider(session, actor)]


def panels() -> list[Panel]:
    """The dashboard panels every module adds below the satisfaction charts, in order."""
    return [p for m in MODULES for p in m.panels]


def origins(session: Session, actor: Actor, record: str, key: str) -> list[Origin]:
    """Where a record (`record` "complaint", `key` its tracking ID) came from in other modules."""
    return [o for m in MODULES for provider in m.origins for o in provider(session, actor, record, key)]


def demo_steps() -> list[tuple[str, str]]:
    """(module name, dotted demo step) in order: the organisation and accounts first."""
    return [(m.name, m.demo) for m in MODULES if m.demo]


def scale_steps() -> list[tuple[str, str]]:
    """(module name, dotted scale part) in order: the organisation (units, staff) first."""
    return [(m.name, m.scale) for m in MODULES if m.scale]


def purge_personal_data(session: Session, actor: Actor, before: date) -> dict[str, dict[str, int]]:
    """Every module's retention step for records closed before `before`, in one transaction."""
    return {m.name: m.retention(session, actor, before) for m in MODULES if m.retention}


def cli_registrars() -> list[str]:
    return [m.cli for m in MODULES if m.cli]
