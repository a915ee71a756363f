"""`python manage.py seed --demo`: the demo installation, deterministic and idempotent.

Each module declares its demo step in its Module (`demo="seed.<module>:seed_<module>"`); they run in
registry order, the core's organisation and accounts first. Each step adds only what is missing, so
running it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, select

from models.core.org import District
from services import registry
from services.core.modules import resolve

STEPS: list[tuple[str, Callable[[Session], dict[str, int]]]] = [
    (name, resolve(dotted)) for name, dotted in registry.demo_steps()
]


def is_empty(session: Session) -> bool:
    return session.exec(select(District.id)).first() is None


def run(session_factory, log=print) -> None:
    """Run every step in its own transaction, so a large step never holds a lock for the whole seed."""
    for name, step in STEPS:
        with session_factory() as session:
            counts = step(session)
        log(f"seed {name}: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
