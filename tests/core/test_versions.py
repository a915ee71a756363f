"""The data-version counters (migration 0009) move with every change to their topic's tables, in
the writer's transaction, whoever writes; the dashboards' caches in every process key on them."""

from __future__ import annotations

from sqlalchemy import text

from services.core import versions
from tests.complaints.factories import act, intake


def _read(session, *topics):
    session.rollback()  # a fresh read, as another process would make
    return versions.versions(session, *topics)


def test_filing_and_handling_a_complaint_moves_the_complaints_counter_only(session, world, today):
    before = _read(session, "complaints", "forums", "training")
    created = intake(session, world["officer"])
    after_filing = _read(session, "complaints", "forums", "training")
    assert after_filing[0] > before[0] and after_filing[1:] == before[1:]
    act(session, world["officer"], created.tracking_id, "verify")
    assert _read(session, "complaints")[0] > after_filing[0]


def test_an_uncommitted_change_is_not_seen_and_a_rolled_back_one_leaves_the_counter(session, world, database_url):
    from services.core import db

    start = _read(session, "org")
    session.execute(text("UPDATE unit SET name = name || ' (x)'"))
    with db.session_scope() as other:  # another connection, as another process
        assert versions.versions(other, "org") == start
    session.rollback()
    assert _read(session, "org") == start


def test_a_write_outside_the_app_moves_the_counter_too(session, world):
    start = _read(session, "org")[0]
    session.execute(text("DELETE FROM unit_service"))  # not an org table: unchanged
    session.execute(text("UPDATE staff SET name = name"))
    session.commit()
    assert _read(session, "org")[0] > start


def test_an_unknown_topic_is_refused(session):
    import pytest

    with pytest.raises(ValueError):
        versions.versions(session, "complaint")
