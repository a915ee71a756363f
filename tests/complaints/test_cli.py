"""`python manage.py close-expired`: the scheduled closing of quiet follow-ups, for cron."""

from sqlmodel import select

from models.complaints import Complaint
from tests.complaints.factories import expired


def test_close_expired_closes_every_district_as_the_system_prints_them_and_can_run_again(session, world, today, capsys):
    import manage

    tid = expired(session, world)
    other = expired(session, world, district=world.swl, unit="SWL-DUKCAPIL")
    assert manage.main(["close-expired"]) == 0
    out = capsys.readouterr().out
    assert f"closed {tid}" in out and f"closed {other}" in out and "2 complaint(s) closed" in out
    session.expire_all()
    assert session.exec(select(Complaint.state).where(Complaint.tracking_id == tid)).one() == "closed"
    assert manage.main(["close-expired"]) == 0  # idempotent
    assert "0 complaint(s) closed" in capsys.readouterr().out
