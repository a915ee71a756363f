"""Retention (UU 27/2022): personal data of closed complaints is blanked after the retention period;
the complaints, their timelines and every figure stay as they were."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import select

from models.complaints import Complaint, State
from models.core.audit import AuditLog
from services import registry
from services.complaints import retention, stats
from services.core import clock, periods
from services.core.access import system_actor
from services.core.errors import AccessDenied
from tests.complaints.factories import placed, row


def aged(session, c: Complaint, days: int) -> Complaint:
    r = row(session, c.tracking_id)
    r.updated_at = datetime.combine(clock.today() - timedelta(days=days), time(12), tzinfo=UTC)
    session.add(r)
    session.commit()
    return r


@pytest.fixture
def mix(session, world, today):
    return {
        "old_closed": aged(session, placed(session, world, State.closed), 400),
        "old_rejected": aged(
            session, placed(session, world, State.not_authority, district=world.swl, unit="SWL-DUKCAPIL"), 400
        ),  # fmt: skip
        "recent_closed": aged(session, placed(session, world, State.closed), 10),
        "old_open": aged(session, placed(session, world, State.in_follow_up), 400),
    }


def personal(session, tid: str) -> tuple:
    r = row(session, tid)
    return (r.complainant_name, r.complainant_phone, r.complainant_email)


def test_only_closed_complaints_past_the_period_lose_their_personal_data(session, world, mix):
    before = clock.today() - timedelta(days=365)
    assert retention.count_expired(session, world["admin"], before) == 2
    assert retention.purge(session, world["admin"], before) == {"complaints": 2, "attachments": 0}
    session.commit()
    session.expire_all()
    assert personal(session, mix["old_closed"].tracking_id) == (None, None, None)
    assert personal(session, mix["old_rejected"].tracking_id) == (None, None, None)
    assert personal(session, mix["recent_closed"].tracking_id)[0] == "Pelapor Uji"
    assert personal(session, mix["old_open"].tracking_id)[0] == "Pelapor Uji"  # still being handled
    assert retention.purge(session, world["admin"], before) == {"complaints": 0, "attachments": 0}  # idempotent


def test_counts_and_charts_are_unchanged(session, world, mix):
    year = periods.parse(str(clock.today().year))
    figures_before = stats.overview(session, world["manager"], year)
    retention.purge(session, world["admin"], clock.today() - timedelta(days=365))
    session.commit()
    assert stats.overview(session, world["manager"], year) == figures_before
    assert len(session.exec(select(Complaint)).all()) == 4


def test_each_district_gets_an_audit_row_with_the_count_never_the_values(session, world, mix):
    retention.purge(session, world["admin"], clock.today() - timedelta(days=365))
    session.commit()
    rows = session.exec(select(AuditLog).where(AuditLog.action == "purge_personal")).all()
    assert sorted((r.district_id, r.after["complaints"]) for r in rows) == [(world.wgr.id, 1), (world.swl.id, 1)]
    assert all("Pelapor" not in str(r.after) and "0812" not in str(r.after) for r in rows)


def test_only_an_admin_may_purge(session, world, mix):
    for who in ("manager", "officer"):
        with pytest.raises(AccessDenied):
            retention.purge(session, world[who], clock.today())


def test_the_registry_runs_every_modules_retention_step(session, world, mix):
    done = registry.purge_personal_data(session, system_actor(), clock.today() - timedelta(days=365))
    assert done["complaints"] == {"complaints": 2, "attachments": 0}


def test_the_command_uses_the_setting_or_older_than_and_can_dry_run(session, world, mix, capsys):
    import manage

    assert manage.main(["purge-personal-data", "--older-than", "365", "--dry-run"]) == 0
    assert "would blank the personal data of 2 complaints" in capsys.readouterr().out
    session.expire_all()
    assert personal(session, mix["old_closed"].tracking_id)[0] == "Pelapor Uji"  # a dry run changes nothing
    assert manage.main(["purge-personal-data"]) == 0  # the setting: 1,095 days, so nothing yet
    assert "blanked the personal data of 0 complaints" in capsys.readouterr().out
    assert manage.main(["purge-personal-data", "--older-than", "365"]) == 0
    assert "blanked the personal data of 2 complaints" in capsys.readouterr().out
    session.expire_all()
    assert personal(session, mix["old_closed"].tracking_id) == (None, None, None)


def test_files_of_complaints_closed_past_the_period_are_deleted_the_rest_kept(session, world, today):
    from models.complaints import ComplaintAttachment
    from services.complaints import files

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    old = aged(session, placed(session, world, State.closed), 400)
    recent = aged(session, placed(session, world, State.closed), 10)
    for c in (old, recent):
        files.store(session, world["officer"], c.id, [("ktp.png", png)])
        aged(session, c, 400 if c is old else 10)  # storing a file is not a step: keep the ages
    paths = {a.complaint_id: files.attachments_dir() / a.stored_name for a in session.exec(select(ComplaintAttachment))}
    result = retention.purge(session, world["admin"], clock.today() - timedelta(days=365))
    session.commit()
    assert result == {"complaints": 1, "attachments": 1}
    assert not paths[old.id].exists() and paths[recent.id].exists()
    assert session.exec(select(ComplaintAttachment.complaint_id)).all() == [recent.id]
