"""Cheap cache keys that hold across processes: the change counters of migration 0009.

A figure computed from the complaints (or the forums, the training records, the organisation) is
cached under `versions(session, "complaints", ...)`; any change to those tables, by any process,
moves the counter in the same transaction, so the next read computes afresh. One primary-key read.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from models.core.versions import DataVersion

TOPICS = ("complaints", "forums", "training", "org")


def versions(session: Session, *topics: str) -> tuple[int, ...]:
    """The counters of `topics`, in that order (0 for a topic not changed since the migration)."""
    unknown = set(topics) - set(TOPICS)
    if unknown:
        raise ValueError(f"unknown data topics {sorted(unknown)}")
    query = select(DataVersion.topic, DataVersion.version).where(col(DataVersion.topic).in_(topics))
    found = dict(session.exec(query).all())
    return tuple(int(found.get(topic, 0)) for topic in topics)
