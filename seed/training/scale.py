"""The training part of the scale build: 100,000 enrolments over three years in cohorts of the
demo's programmes, with their sessions, attendance marks, test scores, completions and
certificates, as the services write them (seed.training runs the same steps one by one).

Cohorts past their end are completed: every session's attendance taken, the completion rule of
services.training.attendance.meets_rule applied to each participant (completed with a certificate,
or failed), a few withdrawn; cohorts under way have attendance up to yesterday; cohorts ahead are
open for enrolment. So the 20-JP ledger reads certificates for every year and district.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlmodel import select

from models.core.org import Staff
from models.training import (
    ATTENDED,
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    Enrolment,
    Programme,
    TrainingOrganiser,
)
from seed.scale.bulk import Build
from seed.training import FACILITATORS, PROGRAMMES, SESSION_TIMES, _days, _presence, _weekday
from services.training.attendance import meets_rule
from services.training.certificates import _ALPHABET, PREFIX

CITY_ENROLMENTS = 100_000
DAYS_BACK = 3 * 365
DAYS_AHEAD = 60
MIN_ATTENDANCE, MIN_POST_TEST = 80, 70  # the defaults of CohortCreate


def build(b: Build) -> dict[str, int]:
    session = b.session
    titles = {title: key for key, (title, *_rest) in PROGRAMMES.items()}
    programmes = [
        (pid, title, jp, organiser)
        for pid, title, jp, organiser in session.exec(
            select(Programme.id, Programme.title, Programme.jp, TrainingOrganiser.name)
            .join(TrainingOrganiser, TrainingOrganiser.id == Programme.organiser_id)
            .order_by(Programme.id)
        )
        if title in titles
    ]
    staff_by_district: dict[int, list[tuple[int, str]]] = {}
    district_of = {u.id: u.district_id for u in b.units}
    for staff_id, name, unit_id in session.exec(
        select(Staff.id, Staff.name, Staff.unit_id).where(Staff.active == True).order_by(Staff.id)  # noqa: E712
    ):
        if unit_id in district_of:
            staff_by_district.setdefault(district_of[unit_id], []).append((staff_id, name))
    used_numbers = set(session.exec(select(Certificate.number)).all())
    districts = sorted(staff_by_district)
    rng = b.rng("training")
    total = b.count(CITY_ENROLMENTS)
    cohort_id, session_id, enrolment_id = (b.next_id(t.__table__) for t in (Cohort, CohortSession, Enrolment))
    cohorts, sessions, enrolments, marks, certificates = [], [], [], [], []
    first = b.today - timedelta(days=DAYS_BACK)
    span = DAYS_BACK + DAYS_AHEAD
    per_cohort = 25
    n_cohorts = max(1, -(-total // per_cohort))
    left = total
    for k in range(n_cohorts):
        district_id = districts[k % len(districts)]
        people = staff_by_district[district_id]
        pid, title, jp, organiser = rng.choice(programmes)
        size = min(left if k == n_cohorts - 1 else per_cohort, len(people), left)
        if size <= 0:
            break
        left -= size
        days = _days(_weekday(first + timedelta(days=int(span * (k + rng.random()) / n_cohorts))), rng.randint(1, 4))
        start, end = days[0], days[-1]
        done = end < b.today
        running = start <= b.today <= end
        status = "completed" if done else "running" if running else "open"
        completed_on = min(b.today, end + timedelta(days=rng.randint(1, 7))) if done else None
        cohort_sessions, taken_sessions = [], []
        for day in days:
            for starts, ends in SESSION_TIMES:
                taken = day < b.today
                cohort_sessions.append(session_id)
                if taken:
                    taken_sessions.append(session_id)
                sessions.append({
                    "id": session_id, "cohort_id": cohort_id, "day": day, "starts_at": starts, "ends_at": ends,
                    "venue": f"Aula Diklat {k % 7 + 1}", "online_link": None, "attendance_taken": taken,
                })  # fmt: skip
                session_id += 1
        created = datetime.combine(start - timedelta(days=30), time(2, 0), tzinfo=UTC)
        cohorts.append({
            "id": cohort_id, "programme_id": pid, "district_id": district_id, "name": f"{title[:60]} #{k + 1}",
            "start_on": start, "end_on": end, "capacity": size + rng.randint(0, 5),
            "facilitator": rng.choice(FACILITATORS), "status": status, "min_attendance_pct": MIN_ATTENDANCE,
            "min_post_test": MIN_POST_TEST, "completed_on": completed_on, "created_at": created,
            # created, each session added, the enrolment, opened, started, completed: one bump each
            "version": len(cohort_sessions) + 2 + (1 if done or running else 0) + (1 if done else 0),
        })  # fmt: skip
        for staff_id, name in rng.sample(people, size):
            weak = rng.random() < 0.12  # a few who drift away
            withdrawn = done and rng.random() < 0.03
            pre = rng.randint(40, 70)
            post = None
            if done and not withdrawn:
                post = rng.randint(50, 72) if weak else min(100, pre + rng.randint(8, 32))
            row_marks = [] if withdrawn else [(s, _presence(rng, weak)) for s in taken_sessions]
            state = "withdrawn" if withdrawn else "enrolled"
            if done and not withdrawn:
                attended = sum(1 for _, m in row_marks if m in ATTENDED)
                counted = len(row_marks) - sum(1 for _, m in row_marks if m == "excused")
                passes, _ = meets_rule(attended, counted, post, MIN_ATTENDANCE, MIN_POST_TEST)
                state = "completed" if passes else "failed"
                if passes:
                    certificates.append({
                        "number": _number(rng, end.year, used_numbers), "enrolment_id": enrolment_id,
                        "staff_id": staff_id, "staff_name": name, "programme_title": title, "organiser": organiser,
                        "start_on": start, "end_on": end, "jp": jp, "issued_on": completed_on,
                    })  # fmt: skip
            enrolments.append({
                "id": enrolment_id, "cohort_id": cohort_id, "staff_id": staff_id, "status": state,
                "waitlist_position": None, "pre_test": None if status == "open" else float(pre),
                "post_test": None if post is None else float(post), "enrolled_at": created + timedelta(days=2),
            })  # fmt: skip
            marks += [{"session_id": s, "enrolment_id": enrolment_id, "status": m} for s, m in row_marks]
            enrolment_id += 1
        cohort_id += 1
    for table, rows in ((Cohort, cohorts), (CohortSession, sessions), (Enrolment, enrolments)):
        b.insert(table.__table__, rows)
    b.stage("training cohorts, sessions, enrolments", len(enrolments), f"{len(cohorts):,} cohorts")
    b.insert(Attendance.__table__, marks)
    b.insert(Certificate.__table__, certificates)
    b.stage("training attendance, certificates", len(marks), f"{len(certificates):,} certificates")
    return {
        "training_cohorts": len(cohorts),
        "training_sessions": len(sessions),
        "training_enrolments": len(enrolments),
        "training_attendance": len(marks),
        "training_certificates": len(certificates),
    }


def _number(rng, year: int, used: set[str]) -> str:
    """A certificate number of the app's form (SGP-2026-7K3M9QXA), unique, from the build's seed."""
    while True:
        number = f"{PREFIX}-{year}-" + "".join(rng.choices(_ALPHABET, k=8))
        if number not in used:
            used.add(number)
            return number
