"""Working-day arithmetic for SP4N-LAPOR! deadlines: weekends, national holidays, cuti bersama (from
the `holidays` package), the admin's added and removed days, the Idul Fitri weeks of 2026, and the
stopped clock while postponed."""

import random
from datetime import date, timedelta

import pytest

from models.core.calendar import HolidayOverride
from services.complaints.rules import Action, Rules, Track, apply, start
from services.core import workdays
from services.core.errors import AccessDenied, ValidationFailed
from services.core.workdays import Calendar
from tests.complaints.factories import codes, refused

CAL = Calendar()
D = date


@pytest.mark.parametrize(
    "received, n, due, why",
    [
        (D(2026, 1, 5), 3, D(2026, 1, 8), "Monday + 3 = Thursday"),
        (D(2026, 1, 9), 3, D(2026, 1, 14), "Friday: the weekend does not count"),
        (D(2026, 1, 10), 3, D(2026, 1, 14), "received on Saturday: counting starts on Monday"),
        (D(2026, 1, 11), 1, D(2026, 1, 12), "received on Sunday, 1 day: Monday"),
        (D(2026, 1, 15), 3, D(2026, 1, 21), "Isra Mi'raj (Fri 16 Jan) is a national holiday"),
        (D(2026, 2, 13), 1, D(2026, 2, 18), "cuti bersama Mon 16 Feb and Imlek Tue 17 Feb"),
        (D(2026, 5, 13), 1, D(2026, 5, 18), "Ascension Thu 14 May and its cuti bersama Fri 15 May"),
        (D(2026, 12, 23), 1, D(2026, 12, 28), "cuti bersama 24 Dec and Christmas 25 Dec"),
        (D(2026, 8, 14), 1, D(2026, 8, 18), "Independence Day Monday 17 Aug"),
        (D(2025, 12, 31), 1, D(2026, 1, 2), "New Year's Day across the year boundary"),
    ],
)
def test_deadlines_skip_weekends_national_holidays_and_cuti_bersama(received, n, due, why):
    assert CAL.add(received, n) == due, why


def test_the_idul_fitri_weeks_of_2026_are_not_working_days():
    # 18 Mar cuti (Nyepi), 19 Nyepi, 20 cuti (Idul Fitri), 21-22 Idul Fitri on the weekend, 23-24 cuti.
    for day in (D(2026, 3, 18), D(2026, 3, 19), D(2026, 3, 20), D(2026, 3, 23), D(2026, 3, 24)):
        assert not CAL.is_working_day(day), day
    assert CAL.is_working_day(D(2026, 3, 17)) and CAL.is_working_day(D(2026, 3, 25))
    # Received Tuesday 17 March: three working days are 25, 26 and 27 March.
    assert CAL.add(D(2026, 3, 17), 3) == D(2026, 3, 27)
    # Received on a holiday (Idul Fitri eve): the count starts on the next working day, 25 March.
    assert CAL.add(D(2026, 3, 20), 1) == D(2026, 3, 25)
    # Forwarded Monday 16 March: the unit's five working days end on Monday 30 March.
    assert CAL.add(D(2026, 3, 16), 5) == D(2026, 3, 30)
    assert CAL.between(D(2026, 3, 17), D(2026, 3, 24)) == 0


def test_a_day_the_admin_adds_is_not_a_working_day():
    cal = Calendar(added={D(2026, 1, 12): "Cuti bersama tambahan"})
    assert CAL.add(D(2026, 1, 9), 3) == D(2026, 1, 14)
    assert cal.add(D(2026, 1, 9), 3) == D(2026, 1, 15)


def test_a_holiday_the_admin_removes_is_a_working_day_again():
    cal = Calendar(removed={D(2026, 1, 16)})
    assert cal.is_working_day(D(2026, 1, 16))
    assert cal.add(D(2026, 1, 15), 3) == D(2026, 1, 20)


def test_zero_and_negative_counts():
    assert CAL.add(D(2026, 1, 7), 0) == D(2026, 1, 7)
    assert CAL.add(D(2026, 1, 12), -1) == D(2026, 1, 9)  # the working day before a Monday is Friday
    assert CAL.between(D(2026, 1, 14), D(2026, 1, 9)) == -3


def test_between_is_the_inverse_of_add_across_two_years():
    rng = random.Random(7)
    for _ in range(400):
        start_day = D(2025, 1, 1) + timedelta(days=rng.randrange(700))
        n = rng.randint(1, 25)
        end = CAL.add(start_day, n)
        assert CAL.is_working_day(end)
        assert CAL.between(start_day, end) == n
        assert CAL.between(start_day, end - timedelta(days=1)) == n - 1


def test_the_year_2026_has_the_expected_days_off():
    off = {d.day: d.source for d in CAL.days_off(2026, "id")}
    assert off[D(2026, 3, 20)] == "cuti_bersama" and off[D(2026, 3, 21)] == "national"
    assert {D(2026, 2, 16), D(2026, 3, 18), D(2026, 3, 23), D(2026, 3, 24), D(2026, 5, 15), D(2026, 12, 24)} <= {
        d for d, s in off.items() if s == "cuti_bersama"
    }


# --- the clock stops while postponed ----------------------------------------------------------------


def test_postponing_stops_the_clock_and_resuming_gives_the_days_back():
    rules = Rules()
    t = start(D(2026, 2, 2), False, CAL, rules)  # Monday: verify and forward by Thursday 5 Feb
    assert t.due_on == D(2026, 2, 5)
    t = apply(t, Action.postpone, D(2026, 2, 3), CAL, rules, until=D(2026, 2, 20))
    assert t.state == "postponed" and t.paused_remaining == 2 and t.due_kind == "resume"
    t = apply(t, Action.resume, D(2026, 2, 9), CAL, rules)  # a week later
    assert t.state == "received" and t.due_kind == "forward"
    assert t.due_on == D(2026, 2, 11)  # the two working days left, counted from the resumption
    assert t.paused_days == 4  # 4, 5, 6 and 9 Feb were spent postponed
    assert t.resolve_by == D(2026, 2, 16) + timedelta(days=6)  # the national limit moves too


def test_postponed_across_idul_fitri_only_working_days_are_given_back():
    rules = Rules()
    t = start(D(2026, 3, 16), False, CAL, rules)
    t = apply(t, Action.forward, D(2026, 3, 16), CAL, rules)
    assert t.due_on == D(2026, 3, 30)
    t = apply(t, Action.postpone, D(2026, 3, 17), CAL, rules, until=D(2026, 4, 1))
    assert t.paused_remaining == 4  # 25, 26, 27 and 30 March were left
    t = apply(t, Action.resume, D(2026, 3, 26), CAL, rules)
    assert t.due_on == D(2026, 4, 1)  # 27, 30, 31 March, 1 April
    assert t.paused_days == 2  # only 25 and 26 March were working days


def test_a_clock_already_run_out_stays_run_out_after_resuming():
    rules = Rules()
    t = start(D(2026, 2, 2), False, CAL, rules)
    t = apply(t, Action.postpone, D(2026, 2, 9), CAL, rules, until=D(2026, 2, 20))  # two days late
    assert t.paused_remaining == -2
    t = apply(t, Action.resume, D(2026, 2, 16), CAL, rules)
    assert t.due_on == D(2026, 2, 12) and t.late  # still two working days overdue


def test_field_check_moves_the_national_limit_to_60_days():
    rules = Rules()
    t = start(D(2026, 2, 2), False, CAL, rules)
    assert t.resolve_by == D(2026, 2, 16)
    t = apply(t, Action.verify, D(2026, 2, 3), CAL, rules, field_check=True)
    assert t.resolve_by == D(2026, 2, 2) + timedelta(days=60)


def test_handling_days_run_from_receipt_to_closing_and_leave_out_the_postponed_days():
    rules = Rules()
    t = start(D(2026, 2, 2), False, CAL, rules)
    t = apply(t, Action.forward, D(2026, 2, 2), CAL, rules)
    t = apply(t, Action.postpone, D(2026, 2, 3), CAL, rules, until=D(2026, 2, 20))
    t = apply(t, Action.resume, D(2026, 2, 10), CAL, rules)  # 5 working days postponed
    t = apply(t, Action.follow_up, D(2026, 2, 12), CAL, rules)
    closed = apply(t, Action.close, D(2026, 2, 13), CAL, rules)  # closed from follow-up: to the closing
    assert closed.handling_days == CAL.between(D(2026, 2, 2), D(2026, 2, 13)) - 5 == 4
    assert closed.on_time is True
    # Marked done on Friday 13 Feb, closed on Wednesday 18 Feb: handling ended when it was done.
    done = apply(t, Action.done, D(2026, 2, 13), CAL, rules)
    assert apply(done, Action.close, D(2026, 2, 18), CAL, rules).handling_days == 4


def test_track_has_every_workflow_column():
    from models.complaints import Complaint

    assert set(Track.FIELDS) <= set(Complaint.model_fields)


# --- the admin's overrides, through the service, and the per-process cache ------------------------


def test_admin_adds_a_day_off_and_every_later_deadline_follows(session, world):
    admin = world["admin"]
    before = workdays.calendar(session)
    assert before.add(D(2026, 1, 9), 3) == D(2026, 1, 14)
    assert workdays.calendar(session) is before  # cached while nothing changes
    workdays.add_override(session, admin, {"day": D(2026, 1, 12), "name": "Cuti bersama susulan"})
    session.commit()
    after = workdays.calendar(session)
    assert after is not before
    assert after.add(D(2026, 1, 9), 3) == D(2026, 1, 15)
    override = session.get(HolidayOverride, workdays.year_view(session, admin, 2026).overrides[0].id)
    workdays.remove_override(session, admin, override.id)
    session.commit()
    assert workdays.calendar(session).add(D(2026, 1, 9), 3) == D(2026, 1, 14)


def test_admin_turns_a_listed_holiday_into_a_working_day(session, world):
    workdays.add_override(session, world["admin"], {"day": D(2026, 1, 16), "name": "Libur digeser", "working": True})
    session.commit()
    assert workdays.calendar(session).add(D(2026, 1, 15), 3) == D(2026, 1, 20)
    sources = {d.day: d.source for d in workdays.year_view(session, world["admin"], 2026).days_off}
    assert sources[D(2026, 1, 16)] == "removed"


@pytest.mark.parametrize(
    "data, code",
    [
        ({"day": D(2026, 1, 17), "name": "Sabtu", "working": False}, "holiday_already_off"),  # a Saturday
        ({"day": D(2026, 1, 16), "name": "Isra Mi'raj lagi", "working": False}, "holiday_already_off"),
        ({"day": D(2026, 1, 13), "name": "Hari kerja biasa", "working": True}, "holiday_not_listed"),
        ({"day": D(2026, 1, 17), "name": "Sabtu kerja", "working": True}, "holiday_not_listed"),
        ({"day": D(2026, 1, 13), "name": "", "working": False}, "required"),
        ({"day": None, "name": "Tanpa tanggal", "working": False}, "required"),
    ],
)
def test_bad_holiday_input_is_refused_and_nothing_saved(session, world, data, code):
    error = refused(session, workdays.add_override, world["admin"], data)
    assert code in codes(error)
    assert workdays.year_view(session, world["admin"], 2026).overrides == []


def test_the_same_day_cannot_be_changed_twice(session, world):
    workdays.add_override(session, world["admin"], {"day": D(2026, 1, 13), "name": "Cuti daerah"})
    session.commit()
    assert "holiday_exists" in codes(
        refused(session, workdays.add_override, world["admin"], {"day": D(2026, 1, 13), "name": "Lagi"})
    )


def test_only_an_all_district_admin_edits_the_national_calendar(session, world):
    error = refused(session, workdays.add_override, world["admin.wgr"], {"day": D(2026, 1, 13), "name": "Lokal"})
    assert "holiday_national_only" in codes(error)
    with pytest.raises(AccessDenied):
        workdays.add_override(session, world["officer"], {"day": D(2026, 1, 13), "name": "Lokal"})
    with pytest.raises(AccessDenied):
        workdays.year_view(session, world["manager"], 2026)


def test_the_calculator_counts_for_officers_too(session, world):
    assert workdays.deadline(session, world["officer"], D(2026, 3, 17), 3) == D(2026, 3, 27)
    with pytest.raises(ValidationFailed):
        workdays.deadline(session, world["officer"], D(2026, 3, 17), 0)


# --- where today stands against a deadline (days_left) -----------------------------------------------


@pytest.mark.parametrize(
    "today, left",
    [
        (D(2026, 2, 5), 1),  # Thursday: one working day left
        (D(2026, 2, 6), 0),  # Friday, the due day itself: due today
        (D(2026, 2, 7), -1),  # Saturday: overdue, not "today"
        (D(2026, 2, 8), -1),
        (D(2026, 2, 9), -1),  # Monday: the first working day past the deadline
        (D(2026, 2, 10), -2),
    ],
)
def test_days_left_across_a_weekend(today, left):
    assert CAL.days_left(today, D(2026, 2, 6)) == left


@pytest.mark.parametrize(
    "today, left",
    [
        (D(2026, 12, 22), 1),
        (D(2026, 12, 23), 0),
        (D(2026, 12, 24), -1),  # cuti bersama
        (D(2026, 12, 25), -1),  # Christmas
        (D(2026, 12, 26), -1),
        (D(2026, 12, 27), -1),
        (D(2026, 12, 28), -1),
        (D(2026, 12, 29), -2),
    ],
)
def test_days_left_across_christmas_2026(today, left):
    assert CAL.days_left(today, D(2026, 12, 23)) == left


def test_a_deadline_on_a_day_off_is_never_due_today_before_it_comes():
    assert CAL.days_left(D(2026, 2, 6), D(2026, 2, 7)) == 1  # take up again on Saturday: not "today" on Friday
    assert CAL.days_left(D(2026, 2, 7), D(2026, 2, 7)) == 0


def test_an_overdue_clock_postponed_on_a_holiday_is_still_overdue_when_resumed():
    rules = Rules()
    t = start(D(2026, 12, 14), False, CAL, rules)
    t = apply(t, Action.forward, D(2026, 12, 16), CAL, rules)
    assert t.due_on == D(2026, 12, 23)
    t = apply(t, Action.postpone, D(2026, 12, 24), CAL, rules, until=D(2027, 1, 4))  # a day late, on cuti bersama
    t = apply(t, Action.resume, D(2027, 1, 4), CAL, rules)
    assert t.due_on < D(2027, 1, 4) and CAL.days_left(D(2027, 1, 4), t.due_on) == -1
