"""Entering SKM responses by hand: validation, who may enter for which unit, taking an entry back,
and the service-user counts behind the minimum sample."""

from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from models.core.audit import AuditLog
from models.core.base import utcnow
from models.core.org import UnitService
from models.satisfaction import ELEMENTS, ServiceUserCount, SurveyResponse
from services.core import clock, periods
from services.core.errors import AccessDenied, NotFound, ValidationFailed
from services.satisfaction import surveys
from tests.satisfaction.factories import form_data

DAY = date(2026, 10, 5)


def count(session) -> int:
    return session.exec(select(func.count()).select_from(SurveyResponse)).one()


def codes(exc: ValidationFailed) -> set[tuple[str | None, str]]:
    return {(e.field, e.code) for e in exc.errors}


def test_an_officer_saves_a_complete_questionnaire(session, world):
    unit = world.units["WGR-DUKCAPIL"]
    service = session.exec(select(UnitService).where(UnitService.unit_id == unit.id)).first()
    saved = surveys.create_response(
        session,
        world["officer"],
        form_data(unit.id, DAY, 3, service_id=service.id, gender="P", age=34, education="SMA", occupation="swasta",
                  suggestion="  Antrean pagi panjang  "),
    )  # fmt: skip
    row = session.get(SurveyResponse, saved.id)
    assert (row.unit_id, row.answered_on, row.source, row.created_by) == (unit.id, DAY, "form", world["officer"].id)
    assert [getattr(row, e) for e in ELEMENTS] == [3] * 9
    assert (row.gender, row.age, row.education, row.occupation) == ("P", 34, "sma", "swasta")
    assert row.suggestion == "Antrean pagi panjang"
    assert saved.service_name == service.name
    assert session.exec(select(AuditLog).where(AuditLog.entity == "survey_response")).first() is not None


@pytest.mark.parametrize(
    "change, field, code",
    [
        ({"u3": 0}, "u3", "score_invalid"),
        ({"u3": 5}, "u3", "score_invalid"),
        ({"u3": 2.5}, "u3", "score_invalid"),
        ({"u9": None}, "u9", "required"),
        ({"gender": "X"}, "gender", "gender_invalid"),
        ({"age": 7}, "age", "age_invalid"),
        ({"education": "TK"}, "education", "education_invalid"),
        ({"answered_on": "2026-13-01"}, "answered_on", "date_format"),
        ({"suggestion": "x" * 1001}, "suggestion", "string_too_long"),
    ],
)
def test_bad_input_is_refused_with_the_field_and_nothing_is_saved(session, world, change, field, code):
    data = {**form_data(world.units["WGR-DUKCAPIL"].id, DAY), **change}
    with pytest.raises(ValidationFailed) as exc:
        surveys.create_response(session, world["officer"], data)
    assert (field, code) in codes(exc.value)
    assert count(session) == 0


def test_a_date_in_the_future_is_refused(session, world):
    data = form_data(world.units["WGR-DUKCAPIL"].id, clock.today() + timedelta(days=1))
    with pytest.raises(ValidationFailed) as exc:
        surveys.create_response(session, world["officer"], data)
    assert codes(exc.value) == {("answered_on", "date_future")}


def test_a_service_of_another_unit_is_refused(session, world):
    other = session.exec(select(UnitService).where(UnitService.unit_id == world.units["WGR-PTSP"].id)).first()
    data = form_data(world.units["WGR-DUKCAPIL"].id, DAY, service_id=other.id)
    with pytest.raises(ValidationFailed) as exc:
        surveys.create_response(session, world["officer"], data)
    assert codes(exc.value) == {("service_id", "service_not_of_unit")}


@pytest.mark.parametrize(
    "who, unit, allowed",
    [
        ("officer", "WGR-DUKCAPIL", True),
        ("officer", "WGR-PTSP", True),
        ("officer", "SWL-DUKCAPIL", False),  # another district
        ("officer.dukcapil", "WGR-DUKCAPIL", True),
        ("officer.dukcapil", "WGR-PTSP", False),  # a unit's liaison enters for that unit only
        ("officer.swl", "SWL-DPMPTSP", True),
        ("admin", "SWL-DPMPTSP", True),
        ("admin.wgr", "SWL-DPMPTSP", False),
        ("admin.wgr", "WGR-PTSP", True),
    ],
)
def test_who_may_enter_for_which_unit(session, world, who, unit, allowed):
    data = form_data(world.units[unit].id, DAY)
    if allowed:
        surveys.create_response(session, world[who], data)
        assert count(session) == 1
    else:
        with pytest.raises(ValidationFailed) as exc:
            surveys.create_response(session, world[who], data)
        assert exc.value.errors[0].code in ("scope_outside_yours", "survey_other_unit")
        assert count(session) == 0


@pytest.mark.parametrize("who", ["manager", "organizer", "trainer"])
def test_roles_that_do_not_enter_surveys_are_refused(session, world, who):
    with pytest.raises(AccessDenied):
        surveys.create_response(session, world[who], form_data(world.units["WGR-DUKCAPIL"].id, DAY))


def test_the_unit_picker_lists_only_the_units_one_may_enter_for(session, world):
    assert [u.code for u in surveys.entry_units(session, world["officer"])] == ["WGR-DUKCAPIL", "WGR-PTSP"]
    assert [u.code for u in surveys.entry_units(session, world["officer.dukcapil"])] == ["WGR-DUKCAPIL"]
    assert len(surveys.entry_units(session, world["admin"])) == 4
    services = surveys.entry_units(session, world["officer.dukcapil"])[0].services
    assert sorted(services.values()) == ["KTP-el", "Kartu Keluarga"]


def test_an_entry_can_be_taken_back_by_its_author_for_a_day_only(session, world):
    saved = surveys.create_response(session, world["officer"], form_data(world.units["WGR-PTSP"].id, DAY))
    with pytest.raises(NotFound):
        surveys.delete_response(session, world["officer.swl"], saved.id)  # outside the district
    with pytest.raises(NotFound):
        surveys.delete_response(session, world["officer.dukcapil"], saved.id)  # another unit's response
    theirs = surveys.create_response(session, world["officer"], form_data(world.units["WGR-DUKCAPIL"].id, DAY))
    with pytest.raises(ValidationFailed):
        surveys.delete_response(session, world["officer.dukcapil"], theirs.id)  # the unit's, not the author
    surveys.delete_response(session, world["officer"], theirs.id)
    row = session.get(SurveyResponse, saved.id)
    row.created_at = utcnow() - timedelta(hours=surveys.UNDO_HOURS + 1)
    session.add(row)
    session.flush()
    with pytest.raises(ValidationFailed) as exc:
        surveys.delete_response(session, world["officer"], saved.id)
    assert exc.value.errors[0].code == "survey_undo_expired"
    surveys.delete_response(session, world["admin"], saved.id)  # an admin still can
    assert count(session) == 0


def test_recent_entries_are_the_authors_own(session, world):
    surveys.create_response(session, world["officer"], form_data(world.units["WGR-PTSP"].id, DAY))
    surveys.create_response(session, world["officer.dukcapil"], form_data(world.units["WGR-DUKCAPIL"].id, DAY))
    mine = surveys.my_recent_responses(session, world["officer"])
    assert [r.unit_code for r in mine] == ["WGR-PTSP"]
    assert surveys.entered_today(session, world["officer"]) == 1


# --- service users --------------------------------------------------------------------------------


def test_service_users_are_entered_corrected_and_audited(session, world):
    unit = world.units["WGR-DUKCAPIL"]
    surveys.set_service_users(session, world["officer"], {"unit_id": unit.id, "period": "2026-q3", "users": 1000})
    change = {"unit_id": unit.id, "period": "2026-Q3", "users": 1200}
    saved = surveys.set_service_users(session, world["officer"], change)
    assert (saved.period, saved.users) == ("2026-Q3", 1200)
    assert session.exec(select(func.count()).select_from(ServiceUserCount)).one() == 1
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity == "service_user_count")).all()
    assert actions == ["create", "update"]


@pytest.mark.parametrize(
    "data, field, code",
    [
        ({"period": "2026-Q5", "users": 10}, "period", "period_invalid"),
        ({"period": "2026-Q1", "users": -1}, "users", "greater_than_equal"),
        ({"period": "2026-Q1", "users": "banyak"}, "users", "number_invalid"),
    ],
)
def test_bad_service_user_counts_are_refused(session, world, data, field, code):
    with pytest.raises(ValidationFailed) as exc:
        surveys.set_service_users(session, world["officer"], {"unit_id": world.units["WGR-PTSP"].id, **data})
    assert (field, code) in codes(exc.value)


def test_a_liaison_officer_enters_counts_for_their_unit_only(session, world):
    with pytest.raises(ValidationFailed):
        surveys.set_service_users(
            session, world["officer.dukcapil"], {"unit_id": world.units["WGR-PTSP"].id, "period": "2026", "users": 5}
        )


def test_a_year_adds_up_its_quarters_when_it_has_no_count_of_its_own(session, world):
    unit = world.units["WGR-PTSP"].id
    for q, users in (("2026-Q1", 100), ("2026-Q2", 200), ("2026-Q3", 300)):
        surveys.set_service_users(session, world["officer"], {"unit_id": unit, "period": q, "users": users})
    year = periods.parse("2026")
    assert surveys.service_users_for(session, [unit], year) == {unit: None}  # Q4 missing
    surveys.set_service_users(session, world["officer"], {"unit_id": unit, "period": "2026-Q4", "users": 400})
    assert surveys.service_users_for(session, [unit], year) == {unit: 1000}
    assert surveys.service_users_for(session, [unit], periods.parse("2026-S2")) == {unit: 700}
    surveys.set_service_users(session, world["officer"], {"unit_id": unit, "period": "2026", "users": 999})
    assert surveys.service_users_for(session, [unit], year) == {unit: 999}  # an entered year wins
    assert surveys.service_users_for(session, [unit], periods.parse("2026-03")) == {unit: None}


def test_managers_read_counts_in_their_scope_only(session, world):
    for code in ("WGR-PTSP", "SWL-DUKCAPIL"):
        surveys.set_service_users(
            session, world["admin"], {"unit_id": world.units[code].id, "period": "2026-Q3", "users": 10}
        )
    assert [r.unit_code for r in surveys.list_service_users(session, world["manager.swl"])] == ["SWL-DUKCAPIL"]
    assert len(surveys.list_service_users(session, world["manager"], year=2026)) == 2
    assert surveys.list_service_users(session, world["manager"], year=2025) == []
