"""The mixed walk: a call given several records, one in the actor's scope and one outside it, refuses
the whole call and changes nothing (README: bulk forward or assign "all or none"; training: "never
enrolled by a crafted call"), and a read given such a mix tells nothing of the record outside.

Each case is one call by an actor of Wanggar with a mix: complaints of Wanggar and Sawahlunto (the
coordinator's bulk forward and assign), complaints at the liaison's unit and at another unit (the
liaison's bulk assign), staff of both districts (enrolment, and the overlap check the enrolment page
runs first), enrolments of the cohort and of another cohort (attendance marks, scores). The database is
read whole before and after (after the rollback a page does on a refusal): nothing may differ.

Functions taking a list of records are found by their parameter names (LIST_PARAMS); each must be a case
or be declared in PER_ROW_BY_DESIGN with the rule that makes it save the good part.
"""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from sqlmodel import SQLModel, select

from models.complaints import State
from services.complaints import workflow
from services.core.errors import AccessDenied, NotFound, ValidationFailed
from services.training import attendance, enrolment
from tests.complaints.factories import placed
from tests.factories import user
from tests.test_access_walk import add_actors, build_records
from tests.training.conftest import add_cohort, add_session, version
from tests.walk_helpers import discover_all

LIST_PARAMS = {"tids", "staff_ids", "marks", "scores", "rows", "unit_ids", "ids"}

PER_ROW_BY_DESIGN = {
    "services.forums.items.save_grid": "README (forums, the grid): every row is checked first; the good rows "
    "are saved, the rest stay in the grid with their reason (a unit of another district is a bad row)",
}


def snapshot(session) -> dict[str, list]:
    session.expire_all()
    return {
        t.name: sorted(map(repr, session.execute(t.select()).all()))
        for t in SQLModel.metadata.sorted_tables
        if t.name != "throttle"
    }


@pytest.fixture
def mixed(session, world, today):
    records = build_records(session, world, today)
    add_actors(session, world)
    w = {
        "liaison.ptsp": user(session, "liaison.ptsp", ["officer"], world.wgr.id, world.units["WGR-PTSP"].id),
        "trainer.wgr": world["trainer.wgr"],
    }
    session.commit()
    ours = placed(session, world, State.verified).tracking_id
    at_dukcapil = placed(session, world, State.forwarded).tracking_id
    at_ptsp = placed(session, world, State.forwarded, unit="WGR-PTSP").tracking_id
    theirs = placed(session, world, State.verified, unit="SWL-DUKCAPIL", district=world.swl).tracking_id
    # Sawahlunto: a cohort on the same morning as Wanggar's, with Sawahlunto's staff member in it
    swl_trainer = world["trainer.swl"]
    cohort = add_cohort(
        session, swl_trainer, records["programme_id"], world.swl.id, name="Angkatan SWL",
        start_on=date(2026, 3, 2), end_on=date(2026, 3, 2),
    )  # fmt: skip
    add_session(session, swl_trainer, cohort, date(2026, 3, 2))
    from models.core.org import Staff

    swl_staff = session.exec(select(Staff.id).where(Staff.name == "Rahmat Hidayat")).one()
    enrolment.enrol(session, swl_trainer, cohort, version(session, swl_trainer, cohort), [swl_staff])
    wgr_staff = session.exec(select(Staff.id).where(Staff.name == "Siti Aminah")).one()
    # another Wanggar cohort's enrolment (for the marks)
    other = add_cohort(session, w["trainer.wgr"], records["programme_id"], world.wgr.id, name="Angkatan III")
    enrolment.enrol(session, w["trainer.wgr"], other, version(session, w["trainer.wgr"], other), [wgr_staff])
    other_seat = enrolment.list_enrolments(session, w["trainer.wgr"], other)[0].id
    session.commit()
    cohort_id, seat = records["cohort_id"], records["enrolment_id"]
    v = version(session, w["trainer.wgr"], cohort_id)
    coordinator, liaison, trainer = world["officer"], world["officer.dukcapil"], w["trainer.wgr"]
    ptsp_unit, liaison_id = world.units["WGR-PTSP"].id, world["officer.dukcapil"].id
    cases = [
        ("services.complaints.workflow.bulk_forward", "officer", coordinator,
         lambda s, a: workflow.bulk_forward(s, a, [ours, theirs], {"unit_id": ptsp_unit})),
        ("services.complaints.workflow.bulk_assign", "officer", coordinator,
         lambda s, a: workflow.bulk_assign(s, a, [ours, theirs], {"assignee_id": liaison_id})),
        ("services.complaints.workflow.bulk_assign", "officer.dukcapil", liaison,
         lambda s, a: workflow.bulk_assign(s, a, [at_dukcapil, at_ptsp], {"assignee_id": liaison_id})),
        ("services.training.enrolment.enrol", "trainer.wgr", trainer,
         lambda s, a: enrolment.enrol(s, a, cohort_id, v, [wgr_staff, swl_staff], accept_overlaps=True)),
        ("services.training.attendance.record_attendance", "trainer.wgr", trainer,
         lambda s, a: attendance.record_attendance(
             s, a, cohort_id, v, records["session_id"], {seat: "present", other_seat: "present"})),
        ("services.training.attendance.record_scores", "trainer.wgr", trainer,
         lambda s, a: attendance.record_scores(
             s, a, cohort_id, v, {seat: {"pre_test": 50}, other_seat: {"pre_test": 50}})),
    ]  # fmt: skip
    reads = [
        ("services.training.enrolment.overlaps", "trainer.wgr", trainer,
         lambda s, a: enrolment.overlaps(s, a, cohort_id, [wgr_staff, swl_staff]), ("Rahmat", "Angkatan SWL")),
    ]  # fmt: skip
    return session, cases, reads


def test_every_function_taking_a_list_of_records_is_walked_or_declared(mixed):
    _session, cases, reads = mixed
    listed = {
        name for name, fn in discover_all().items() if LIST_PARAMS & set(list(inspect.signature(fn).parameters)[2:])
    }
    walked = {c[0] for c in cases} | {r[0] for r in reads}
    assert listed == walked | set(PER_ROW_BY_DESIGN), (
        f"not walked: {sorted(listed - walked - set(PER_ROW_BY_DESIGN))}; gone: {sorted(walked - listed)}"
    )


def test_a_mix_of_records_in_and_out_of_scope_is_refused_whole(mixed):
    session, cases, _reads = mixed
    broken = []
    for name, actor_name, actor, run in cases:
        before = snapshot(session)
        try:
            outcome = f"returned {run(session, actor)!r:.60}"
        except (AccessDenied, NotFound) as exc:
            outcome = type(exc).__name__
        except ValidationFailed as exc:
            outcome = f"ValidationFailed {[(e.field, e.code) for e in exc.errors]}"
        session.rollback()
        changed = sorted(t for t, rows in snapshot(session).items() if rows != before[t])
        if outcome.startswith("returned") or changed:
            broken.append(f"{name.removeprefix('services.'):45} {actor_name:17} {outcome} changed: {changed}")
    print(f"walked {len(cases)} mixed calls")
    assert not broken, f"acted on a mix: {len(broken)} of {len(cases)}\n" + "\n".join(broken)


def test_a_read_given_a_mix_tells_nothing_of_the_record_outside(mixed):
    session, _cases, reads = mixed
    broken = []
    for name, actor_name, actor, run, markers in reads:
        try:
            text = repr(run(session, actor))
        except (AccessDenied, NotFound, ValidationFailed) as exc:
            text = type(exc).__name__
        session.rollback()
        if any(m in text for m in markers):
            broken.append(f"{name.removeprefix('services.'):45} {actor_name:17} {text:.100}")
    assert not broken, "read another district through a mix:\n" + "\n".join(broken)
