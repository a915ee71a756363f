"""The catalogue and cohorts: validation with clear messages, district scope, optimistic locking."""

from datetime import date, time

import pytest

from services.core.errors import AccessDenied, NotFound, ValidationFailed
from services.training import catalogue, cohorts, enrolment
from tests.training.conftest import add_cohort, version


def errors(exc) -> list[tuple[str | None, str]]:
    return [(e.field, e.code) for e in exc.value.errors]


def test_a_programme_needs_a_listed_topic_and_organiser_and_a_sane_length(session, world, tw):
    t = world["trainer"]
    base = {
        "title": "Bimtek SIMPUS",
        "competency": "teknis",
        "topic_id": 999,
        "form": "bimtek",
        "organiser_id": 1,
        "jp": 0,
    }
    with pytest.raises(ValidationFailed) as exc:
        catalogue.create_programme(session, t, base)
    assert ("jp", "greater_than_equal") in errors(exc)
    with pytest.raises(ValidationFailed) as exc:
        catalogue.create_programme(session, t, {**base, "jp": 8})
    assert errors(exc) == [("topic_id", "choice_invalid")]
    with pytest.raises(ValidationFailed) as exc:
        catalogue.create_programme(session, t, {**base, "jp": 8, "topic_id": 1, "competency": "fisik"})
    assert errors(exc) == [("competency", "choice_invalid")]
    with pytest.raises(AccessDenied):
        catalogue.create_programme(session, world["manager"], {**base, "jp": 8, "topic_id": 1})


def test_managed_lists_refuse_a_name_twice_in_any_case(session, world, tw):
    with pytest.raises(ValidationFailed) as exc:
        catalogue.add_topic(session, world["trainer"], {"name": "ti DAN e-government"})
    assert errors(exc) == [("name", "name_taken")]
    assert list(catalogue.topics(session, world["manager"]).values()) == ["TI dan e-government"]


def test_a_session_outside_the_cohort_or_ending_before_it_starts_is_refused(session, world, tw):
    t = world["trainer"]
    v = version(session, t, tw.cohort_id)
    with pytest.raises(ValidationFailed) as exc:
        cohorts.add_session(
            session,
            t,
            tw.cohort_id,
            v,
            {"day": date(2026, 3, 9), "starts_at": time(8), "ends_at": time(9), "venue": "Aula"},
        )
    assert errors(exc) == [("day", "training_session_outside")]
    with pytest.raises(ValidationFailed) as exc:
        cohorts.add_session(
            session,
            t,
            tw.cohort_id,
            v,
            {"day": date(2026, 3, 2), "starts_at": time(10), "ends_at": time(9), "venue": "Aula"},
        )
    assert errors(exc) == [(None, "session_ends_before_start")]
    with pytest.raises(ValidationFailed) as exc:
        cohorts.add_session(
            session, t, tw.cohort_id, v, {"day": date(2026, 3, 2), "starts_at": time(8), "ends_at": time(9)}
        )
    assert errors(exc) == [(None, "session_place_required")]


def test_a_cohort_ending_before_it_starts_is_refused(session, world, tw):
    with pytest.raises(ValidationFailed) as exc:
        add_cohort(
            session, world["trainer"], tw.programme_id, world.wgr.id, start_on=date(2026, 4, 2), end_on=date(2026, 4, 1)
        )
    assert errors(exc) == [(None, "period_reversed")]


def test_a_district_trainer_cannot_open_a_cohort_elsewhere_nor_see_one(session, world, tw):
    with pytest.raises(ValidationFailed) as exc:
        add_cohort(session, world["trainer.swl"], tw.programme_id, world.wgr.id)
    assert errors(exc) == [("district_id", "scope_outside_yours")]
    with pytest.raises(NotFound):
        cohorts.get_cohort(session, world["trainer.swl"], tw.cohort_id)
    assert cohorts.list_cohorts(session, world["trainer.swl"]) == []
    assert [c.id for c in cohorts.list_cohorts(session, world["manager"])] == [tw.cohort_id]


def test_a_stale_edit_is_refused_and_the_first_one_kept(session, world, tw):
    t = world["trainer"]
    read = version(session, t, tw.cohort_id)
    cohorts.update_cohort(session, t, tw.cohort_id, read, {"capacity": 5})
    with pytest.raises(ValidationFailed) as exc:
        cohorts.update_cohort(session, t, tw.cohort_id, read, {"capacity": 3})
    assert errors(exc) == [(None, "training_cohort_changed")]
    assert cohorts.get_cohort(session, t, tw.cohort_id).capacity == 5


def test_new_dates_may_not_leave_a_session_outside_and_capacity_not_below_the_enrolled(session, world, tw):
    t = world["trainer"]
    with pytest.raises(ValidationFailed) as exc:
        cohorts.update_cohort(
            session, t, tw.cohort_id, version(session, t, tw.cohort_id), {"start_on": date(2026, 3, 3)}
        )
    assert errors(exc) == [("start_on", "training_sessions_outside")]
    enrolment.enrol(
        session,
        t,
        tw.cohort_id,
        version(session, t, tw.cohort_id),
        [tw.staff["Maria Tebai"], tw.staff["Petrus Kogoya"]],
    )
    with pytest.raises(ValidationFailed) as exc:
        cohorts.update_cohort(session, t, tw.cohort_id, version(session, t, tw.cohort_id), {"capacity": 1})
    assert errors(exc) == [("capacity", "training_capacity_below_enrolled")]


def test_raising_the_capacity_promotes_the_waitlist(session, world, tw):
    t = world["trainer"]
    ids = [tw.staff[n] for n in ("Maria Tebai", "Petrus Kogoya", "Ruth Yeimo")]
    enrolment.enrol(session, t, tw.cohort_id, version(session, t, tw.cohort_id), ids)
    cohorts.update_cohort(session, t, tw.cohort_id, version(session, t, tw.cohort_id), {"capacity": 3})
    assert cohorts.get_cohort(session, t, tw.cohort_id).waitlisted == 0


def test_status_moves_follow_the_rules(session, world, tw):
    t = world["trainer"]
    cohorts.update_cohort(session, t, tw.cohort_id, version(session, t, tw.cohort_id), {"status": "open"})
    with pytest.raises(ValidationFailed) as exc:
        cohorts.update_cohort(session, t, tw.cohort_id, version(session, t, tw.cohort_id), {"status": "completed"})
    assert errors(exc) == [("status", "training_status_move")]


def test_every_change_is_in_the_audit_log_of_its_district(session, world, tw):
    from sqlmodel import select

    from models.core.audit import AuditLog

    t = world["trainer"]
    cohorts.update_cohort(
        session, t, tw.cohort_id, version(session, t, tw.cohort_id), {"capacity": 4, "name": "Angkatan I"}
    )
    enrolment.enrol(session, t, tw.cohort_id, version(session, t, tw.cohort_id), [tw.staff["Maria Tebai"]])
    rows = session.exec(select(AuditLog).where(AuditLog.entity == "training_cohort").order_by(AuditLog.id)).all()
    assert [r.action for r in rows] == ["create", "update", "enrol"]
    assert {r.district_id for r in rows} == {world.wgr.id}
    assert (rows[1].before, rows[1].after) == ({"capacity": 2}, {"capacity": 4})  # only what changed


def test_a_session_not_yet_held_can_be_removed_a_held_one_cannot(session, world, tw):
    from services.training import attendance

    t = world["trainer"]
    enrolment.enrol(session, t, tw.cohort_id, version(session, t, tw.cohort_id), [tw.staff["Maria Tebai"]])
    e = enrolment.list_enrolments(session, t, tw.cohort_id)[0].id
    attendance.record_attendance(
        session, t, tw.cohort_id, version(session, t, tw.cohort_id), tw.session_ids[0], {e: "present"}
    )
    with pytest.raises(ValidationFailed) as exc:
        cohorts.remove_session(session, t, tw.cohort_id, version(session, t, tw.cohort_id), tw.session_ids[0])
    assert errors(exc) == [(None, "training_session_held")]
    cohorts.remove_session(session, t, tw.cohort_id, version(session, t, tw.cohort_id), tw.session_ids[1])
    assert [s.id for s in cohorts.list_sessions(session, t, tw.cohort_id)] == [tw.session_ids[0]]


def test_a_programme_is_renamed_or_retired_and_issued_certificates_keep_their_copy(session, world, tw):
    from sqlmodel import select

    from models.training import Certificate
    from tests.training.test_training_completion import run_cohort

    run_cohort(session, world, tw)
    t = world["trainer"]
    catalogue.update_programme(session, t, tw.programme_id, {"title": "Pelatihan pengaduan daring (revisi)", "jp": 18})
    assert session.exec(select(Certificate.programme_title, Certificate.jp)).one() == (
        "Pelatihan aplikasi pengaduan daring",
        16,
    )
    catalogue.update_programme(session, t, tw.programme_id, {"active": False})
    assert catalogue.list_programmes(session, t) == []
    with pytest.raises(ValidationFailed):
        add_cohort(session, t, tw.programme_id, world.wgr.id, name="Angkatan baru")
    with pytest.raises(AccessDenied):
        catalogue.update_programme(session, world["manager"], tw.programme_id, {"active": True})


def test_a_cohort_without_a_post_test_keeps_none_and_is_saved_so(session, world, tw):
    t = world["trainer"]
    none = add_cohort(session, t, tw.programme_id, world.wgr.id, name="Tanpa post-test", min_post_test=None)
    usual = add_cohort(session, t, tw.programme_id, world.wgr.id, name="Dengan post-test")
    session.commit()
    session.expire_all()  # read back from the database, not from the object just written
    assert cohorts.get_cohort(session, t, none).min_post_test is None
    assert cohorts.get_cohort(session, t, usual).min_post_test == 70  # the rule's default
