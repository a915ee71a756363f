"""Retention (UU 27/2022) for forums: names and phone numbers on the attendance lists of forums held
before the retention period are blanked; the forums, their figures and every chart stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from models.core.audit import AuditLog
from models.forums import ForumParticipant
from services import registry
from services.core import clock
from services.core.access import system_actor
from services.core.errors import AccessDenied
from services.forums import items, records, retention, stats
from tests.forums.conftest import forum_data, grid_row

PERSON = {"name": "Wénda Ñoño", "phone": "081234567890", "community": "RT 03 Bumi Raya"}


def _forum(session, actor, days_ago: int, **over) -> int:
    forum_id = records.create_forum(
        session, actor, forum_data(held_on=clock.today() - timedelta(days=days_ago), area_id=None, **over)
    )
    records.add_participant(session, actor, forum_id, PERSON)
    records.add_participant(session, actor, forum_id, {"name": "Yohanes Wenda"})
    return forum_id


@pytest.fixture
def mix(session, forums):
    """Two old forums (Wanggar, Sawahlunto) and a recent one, each with two participants; the old
    Wanggar forum has an item heard."""
    out = {
        "old_wgr": _forum(session, forums["organizer"], 400),
        "old_swl": _forum(session, forums["organizer.swl"], 500, title="Musyawarah Kelurahan Lubang Panjang"),
        "recent": _forum(session, forums["organizer"], 30),
    }
    items.save_grid(session, forums["organizer"], out["old_wgr"], [grid_row()])
    session.commit()
    return out


def people(session, forum_id: int) -> list[tuple]:
    rows = session.exec(
        select(ForumParticipant).where(ForumParticipant.forum_id == forum_id).order_by(ForumParticipant.id)
    ).all()
    return [(p.name, p.phone, p.community) for p in rows]


def test_forum_participants_of_forums_held_before_the_period_lose_name_and_phone(session, forums, mix):
    before = clock.today() - timedelta(days=365)
    assert retention.count_expired(session, forums["admin"], before) == 4
    assert retention.purge(session, forums["admin"], before) == {"participants": 4}
    session.commit()
    session.expire_all()
    assert people(session, mix["old_wgr"]) == [("", None, "RT 03 Bumi Raya"), ("", None, None)]
    assert people(session, mix["old_swl"]) == [("", None, "RT 03 Bumi Raya"), ("", None, None)]
    assert people(session, mix["recent"])[0] == ("Wénda Ñoño", "081234567890", "RT 03 Bumi Raya")
    assert retention.count_expired(session, forums["admin"], before) == 0
    assert retention.purge(session, forums["admin"], before) == {"participants": 0}  # idempotent


def test_forum_list_still_shows_how_many_came_and_the_counts_and_charts_are_unchanged(session, forums, mix):
    manager, start, end = forums["manager"], clock.today() - timedelta(days=800), clock.today()
    forum_before = records.get_forum(session, manager, mix["old_wgr"])
    chart_before = stats.heard_and_acted(session, manager, start, end).to_dict("records")
    retention.purge(session, forums["admin"], clock.today() - timedelta(days=365))
    session.commit()
    session.expire_all()
    assert records.get_forum(session, manager, mix["old_wgr"]) == forum_before
    assert stats.heard_and_acted(session, manager, start, end).to_dict("records") == chart_before
    shown = records.list_participants(session, manager, mix["old_wgr"])
    assert len(shown) == 2 and all(p["name"] is None and p["phone"] is None for p in shown)


def test_forum_retention_audits_one_row_per_district_with_the_count_never_the_values(session, forums, mix):
    retention.purge(session, forums["admin"], clock.today() - timedelta(days=365))
    session.commit()
    rows = session.exec(
        select(AuditLog).where(AuditLog.action == "purge_personal", AuditLog.entity == "forum_participant")
    ).all()
    assert sorted((r.district_id, r.after["participants"]) for r in rows) == [(forums.wgr.id, 2), (forums.swl.id, 2)]
    assert all("Wénda" not in str(r.after) and "0812" not in str(r.after) for r in rows)


def test_only_an_admin_may_purge_forum_participants(session, forums, mix):
    for who in ("manager", "organizer", "officer"):
        with pytest.raises(AccessDenied):
            retention.purge(session, forums[who], clock.today())
        with pytest.raises(AccessDenied):
            retention.count_expired(session, forums[who], clock.today())


def test_the_registry_runs_the_forum_retention_step(session, forums, mix):
    done = registry.purge_personal_data(session, system_actor(), clock.today() - timedelta(days=365))
    assert done["forums"] == {"participants": 4}


def test_the_purge_command_reports_forum_participants_too(session, forums, mix, capsys):
    import manage

    assert manage.main(["purge-personal-data", "--older-than", "365", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "forums: would blank the personal data of 4 participants" in out
    assert "complaints: would blank the personal data of 0 complaints" in out
    session.expire_all()
    assert people(session, mix["old_wgr"])[0][0] == "Wénda Ñoño"  # a dry run changes nothing
    assert manage.main(["purge-personal-data"]) == 0  # the setting: 1,095 days, so nothing yet
    assert "forums: blanked the personal data of 0 participants" in capsys.readouterr().out
    assert manage.main(["purge-personal-data", "--older-than", "365"]) == 0
    assert "forums: blanked the personal data of 4 participants" in capsys.readouterr().out
    session.expire_all()
    assert people(session, mix["old_wgr"])[0][:2] == ("", None)
