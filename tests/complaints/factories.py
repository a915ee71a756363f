"""Complaint test data: intake through the service, or rows put straight into any state."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, func, select

from models.complaints import Complaint, ComplaintEvent, ComplaintHandler, DueKind, State
from services.complaints import intake as complaint_intake
from services.complaints import status as complaint_status
from services.complaints import workflow
from services.complaints.rules import Rules, start
from services.core import clock, workdays
from services.core.errors import ValidationFailed
from tests.factories import MONDAY  # noqa: F401  (a Monday with no holiday around it)

_FAST_PIN_HASH = None


def intake(session: Session, actor, **over) -> complaint_intake.Created:
    """A complaint taken in through the service (committed)."""
    data = {
        "kind": "pengaduan",
        "channel": "walk_in",
        "category": "adminduk",
        "title": "KTP-el belum jadi setelah tiga bulan",
        "description": "Sudah tiga bulan menunggu KTP-el di kantor distrik, belum ada kabar kapan selesai.",
        "received_on": clock.today(),
        "complainant_name": "Yakomina Rumbiak",
        "complainant_phone": "0812 3456 7890",
    }
    data.update(over)
    files = data.pop("files", None)
    created = complaint_intake.create_complaint(session, actor, data, files)
    session.commit()
    return created


def act(session: Session, actor, tid: str, action: str, **data) -> str:
    state = workflow.act(session, actor, tid, action, data)
    session.commit()
    return state


def refused(session: Session, fn, *args, **kwargs) -> ValidationFailed:
    """Call fn expecting ValidationFailed; roll back like the app does; return the error."""
    with pytest.raises(ValidationFailed) as info:
        fn(session, *args, **kwargs)
    session.rollback()
    return info.value


def codes(error: ValidationFailed) -> set[str]:
    return {e.code for e in error.errors}


def row(session: Session, tid: str) -> Complaint:
    session.expire_all()
    return session.exec(select(Complaint).where(Complaint.tracking_id == tid)).one()


def events(session: Session, tid: str) -> list[ComplaintEvent]:
    c = row(session, tid)
    return list(
        session.exec(select(ComplaintEvent).where(ComplaintEvent.complaint_id == c.id).order_by(ComplaintEvent.id))
    )


def count(session: Session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def placed(
    session: Session,
    world,
    state: State,
    *,
    unit: str = "WGR-DUKCAPIL",
    district=None,
    secret: bool = False,
    received_on: date | None = None,
    created_by: int | None = None,
) -> Complaint:
    """A complaint put straight into `state` with the fields that state implies (the unit's liaison
    handles it once it has been forwarded)."""
    global _FAST_PIN_HASH
    district = district or world.wgr
    received_on = received_on or clock.today() - timedelta(days=7)
    cal = workdays.calendar(session)
    track = start(received_on, False, cal, Rules())
    unit_row = world.units[unit]
    tid, seq = complaint_intake.next_tracking_id(session, district, received_on.year)
    _FAST_PIN_HASH = _FAST_PIN_HASH or complaint_status.hash_pin("123456")
    values = track.values()
    with_unit = state in (State.forwarded, State.in_follow_up, State.done, State.postponed)
    if state != State.received:
        values["state"] = state.value
    if state in (State.forwarded,):
        values.update(due_kind=DueKind.follow_up.value, due_on=cal.add(clock.today(), 5), forwarded_on=clock.today())
    elif state in (State.in_follow_up, State.done):
        values.update(due_kind=DueKind.auto_close.value, due_on=cal.add(clock.today(), 10), resolved_on=clock.today())
    elif state == State.postponed:
        values.update(
            paused_state=State.forwarded.value,
            paused_due_kind=DueKind.follow_up.value,
            paused_remaining=3,
            postponed_on=clock.today(),
            due_kind=DueKind.resume.value,
            due_on=clock.today() + timedelta(days=14),
        )
    elif state in (State.closed, State.not_authority, State.duplicate, State.archived):
        values.update(due_kind=None, due_on=None)
        if state == State.closed:
            values.update(closed_on=clock.today(), resolved_on=clock.today(), handling_days=5, on_time=True)
    c = Complaint(
        tracking_id=tid,
        district_id=district.id,
        year=received_on.year,
        seq=seq,
        kind="pengaduan",
        channel="walk_in",
        category="adminduk",
        title=f"Pengaduan uji {seq}",
        description="Uraian pengaduan untuk pengujian alur kerja.",
        unit_id=unit_row.id,
        secret=secret,
        complainant_name="Pelapor Uji",
        complainant_phone="081234567890",
        pin_hash=_FAST_PIN_HASH,
        created_by=created_by,
        **values,
    )
    session.add(c)
    session.flush()
    if with_unit or state == State.closed:
        session.add(ComplaintHandler(complaint_id=c.id, unit_id=unit_row.id))
    session.commit()
    return c


def expired(session: Session, world, district=None, unit: str = "WGR-DUKCAPIL") -> str:
    """A follow-up whose quiet period ended yesterday: the next close_expired closes it."""
    c = placed(session, world, State.in_follow_up, district=district, unit=unit)
    r = row(session, c.tracking_id)
    r.due_on = clock.today() - timedelta(days=1)
    session.add(r)
    session.commit()
    return c.tracking_id
