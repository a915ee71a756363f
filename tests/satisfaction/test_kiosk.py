"""Kiosk links: a survey for one unit without a staff login, only a hash of the token stored,
nothing but that unit's survey accepted, stopped by revoking, and a flood slowed down."""

import pytest
from sqlmodel import func, select

from models.core.audit import AuditLog
from models.core.org import UnitService
from models.satisfaction import ELEMENTS, KioskLink, SurveyResponse
from services.core import clock, settings
from services.core.errors import AccessDenied, NotFound, ValidationFailed
from services.satisfaction import kiosk

ANSWERS = {e: 3 for e in ELEMENTS}


@pytest.fixture
def link(session, world):
    public, token = kiosk.issue(
        session, world["admin"], {"unit_id": world.units["WGR-DUKCAPIL"].id, "label": "Loket 1"}
    )
    session.commit()
    return public, token


def count(session) -> int:
    return session.exec(select(func.count()).select_from(SurveyResponse)).one()


def test_only_a_hash_of_the_token_is_stored(session, link):
    public, token = link
    stored = session.get(KioskLink, public.id)
    assert stored.token_hash == kiosk.hash_token(token) and token not in stored.token_hash
    assert len(token) >= 32
    audit = session.exec(select(AuditLog).where(AuditLog.entity == "kiosk_link")).one()
    assert token not in repr(audit.after)


def test_the_link_opens_its_unit_and_nothing_else(session, world, link):
    view = kiosk.open_link(session, link[1])
    assert (view.unit_id, view.district_name) == (world.units["WGR-DUKCAPIL"].id, "Wanggar")
    assert sorted(view.services.values()) == ["KTP-el", "Kartu Keluarga"]
    for bad in ("", None, "x" * 300, link[1][:-1] + "A"):
        with pytest.raises(NotFound):
            kiosk.open_link(session, bad)


def test_a_response_goes_to_the_links_unit_dated_today(session, world, link):
    service = session.exec(select(UnitService).where(UnitService.unit_id == world.units["WGR-DUKCAPIL"].id)).first()
    kiosk.submit(session, link[1], {**ANSWERS, "service_id": service.id, "gender": "L", "age": 40}, "browser-1")
    row = session.exec(select(SurveyResponse)).one()
    assert (row.unit_id, row.answered_on, row.source, row.kiosk_link_id, row.created_by) == (
        world.units["WGR-DUKCAPIL"].id,
        clock.today(),
        "kiosk",
        link[0].id,
        None,
    )
    assert session.get(KioskLink, link[0].id).last_used_at is not None


@pytest.mark.parametrize(
    "extra, field, code",
    [
        ({"unit_id": "other"}, "unit_id", "kiosk_other_unit"),
        ({"answered_on": "2020-01-01"}, "answered_on", "kiosk_field_refused"),
        ({"source": "form"}, "source", "kiosk_field_refused"),
        ({"u4": 5}, "u4", "score_invalid"),
    ],
)
def test_it_accepts_nothing_but_a_survey_for_its_unit(session, world, link, extra, field, code):
    if extra.get("unit_id") == "other":
        extra = {"unit_id": world.units["WGR-PTSP"].id}
    with pytest.raises(ValidationFailed) as exc:
        kiosk.submit(session, link[1], {**ANSWERS, **extra}, "browser-1")
    assert (exc.value.errors[0].field, exc.value.errors[0].code) == (field, code)
    assert count(session) == 0


def test_a_service_of_another_unit_is_refused(session, world, link):
    other = session.exec(select(UnitService).where(UnitService.unit_id == world.units["SWL-DUKCAPIL"].id)).first()
    with pytest.raises(ValidationFailed) as exc:
        kiosk.submit(session, link[1], {**ANSWERS, "service_id": other.id}, "browser-1")
    assert exc.value.errors[0].code == "kiosk_other_unit"


def test_a_revoked_link_stops_at_once(session, world, link):
    kiosk.submit(session, link[1], ANSWERS, "browser-1")
    kiosk.revoke(session, world["admin"], link[0].id)
    with pytest.raises(NotFound):
        kiosk.open_link(session, link[1])
    with pytest.raises(NotFound):
        kiosk.submit(session, link[1], ANSWERS, "browser-1")
    assert count(session) == 1
    listed = kiosk.list_links(session, world["admin"])
    assert (listed[0].active, listed[0].responses) == (False, 1)


def test_a_flood_from_one_browser_is_slowed_down(session, world, link):
    limit = settings.get(session, "satisfaction.kiosk_max_per_browser")
    for _ in range(limit):
        kiosk.submit(session, link[1], ANSWERS, "browser-1")
        session.commit()
    with pytest.raises(ValidationFailed) as exc:
        kiosk.submit(session, link[1], ANSWERS, "browser-1")
    session.rollback()
    assert exc.value.errors[0].code == "kiosk_slow_down"
    assert 1 <= exc.value.errors[0].params["seconds"] <= settings.get(session, "satisfaction.kiosk_window_seconds") + 1
    kiosk.submit(session, link[1], ANSWERS, "browser-2")  # another counter is not held up
    assert count(session) == limit + 1


def test_the_link_as_a_whole_has_an_hourly_cap(session, world, link):
    settings.update(session, world["admin"], {"satisfaction.kiosk_max_per_link_hour": 10})
    for i in range(10):
        kiosk.submit(session, link[1], ANSWERS, f"browser-{i}")
    with pytest.raises(ValidationFailed):
        kiosk.submit(session, link[1], ANSWERS, "browser-new")


def test_only_admins_in_scope_issue_and_revoke(session, world, link):
    with pytest.raises(AccessDenied):
        kiosk.issue(session, world["officer"], {"unit_id": world.units["WGR-PTSP"].id, "label": "Loket 2"})
    with pytest.raises(ValidationFailed) as exc:
        kiosk.issue(session, world["admin.wgr"], {"unit_id": world.units["SWL-DUKCAPIL"].id, "label": "Loket 2"})
    assert exc.value.errors[0].code == "scope_outside_yours"
    with pytest.raises(ValidationFailed) as exc:
        kiosk.issue(session, world["admin"], {"unit_id": world.units["WGR-PTSP"].id, "label": " "})
    assert exc.value.errors[0].field == "label"
    swl_link, _ = kiosk.issue(session, world["admin"], {"unit_id": world.units["SWL-DUKCAPIL"].id, "label": "Loket"})
    with pytest.raises(AccessDenied):
        kiosk.revoke(session, world["admin.wgr"], swl_link.id)
    assert [x.unit_code for x in kiosk.list_links(session, world["admin.wgr"])] == ["WGR-DUKCAPIL"]
