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
from models.training import Enrolment
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
    assert set(PER_ROW_TEXT) <= set(discover_all()), "a function declared per row is gone"
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


# --- where saving the good part is the rule, the part outside is never saved and reads as unknown -----

# Lists typed or uploaded as text (no record-id parameter, so not found by LIST_PARAMS).
PER_ROW_TEXT = {
    "services.training.enrolment.enrol_nips": "README (training, Rules): NIPs unknown in the cohort's district are "
    "reported, the rest enrolled",
    "services.satisfaction.imports.import_file": "README (Import columns): with 'import only the good rows' ticked "
    "the good rows go in, each bad row reported with its line",
}


def test_a_mixed_list_saves_only_the_part_in_scope_and_names_the_rest_as_unknown(session, world, today):
    """enrol_nips, import_file (good rows accepted) and the forum grid save their good part by design:
    the part of another unit or district is never saved, and the reason given for another district's
    NIP or unit code is the one given for a NIP or code nobody has."""
    from datetime import timedelta

    from models.core.org import Staff
    from models.forums import FeedbackItem
    from models.satisfaction import SurveyResponse
    from services.forums import items
    from services.satisfaction import imports
    from tests.forums.conftest import grid_row

    records = build_records(session, world, today)
    add_actors(session, world)
    trainer, liaison, organizer = world["trainer.wgr"], world["officer.dukcapil"], world["organizer"]
    broken = []
    # NIPs: Wanggar's Siti Aminah, Sawahlunto's Rahmat Hidayat, a real-looking NIP nobody has
    theirs, nobody = "197812312005011002", "198001012006041001"
    cohort = records["cohort_id"]
    result = enrolment.enrol_nips(session, trainer, cohort, version(session, trainer, cohort),
                                  f"198503152010012003\n{theirs}\n{nobody}")  # fmt: skip
    rahmat = session.exec(select(Staff.id).where(Staff.nip == theirs)).one()
    if result.unknown != [theirs, nobody] or rahmat in {e.staff_id for e in session.exec(select(Enrolment))}:
        broken.append(f"training.enrolment.enrol_nips trainer.wgr {result}")
    session.rollback()
    # a survey file: rows of Dukcapil, of the permit desk, of Sawahlunto, of a unit code nobody has
    day = today.current() - timedelta(days=2)
    codes = ("WGR-DUKCAPIL", "WGR-PTSP", "SWL-DUKCAPIL", "XYZ-NOPE")
    content = "date,unit_code,u1,u2,u3,u4,u5,u6,u7,u8,u9\n" + "".join(f"{day},{u},3,3,3,3,3,3,3,3,3\n" for u in codes)
    before = session.exec(select(SurveyResponse.unit_id)).all()
    preview = imports.parse_import(session, liaison, content.encode(), "campur.csv")
    done = imports.import_file(session, liaison, content.encode(), "campur.csv", accept_good_rows=True)
    added = sorted(session.exec(select(SurveyResponse.unit_id)).all())
    reasons = {e.row: e.code for e in preview.errors}
    if done.imported != 1 or added != sorted([*before, world.units["WGR-DUKCAPIL"].id]) or reasons[4] != reasons[5]:
        broken.append(f"satisfaction.imports.import_file officer.dukcapil {done} {reasons}")
    session.rollback()
    # the forum grid: a row of Wanggar, one with Sawahlunto's unit, one with a code nobody has
    rows = [grid_row(text="Jalan kampung rusak"), grid_row(unit="SWL-DUKCAPIL"), grid_row(unit="XYZ-NOPE")]
    grid = items.save_grid(session, organizer, records["forum_id"], rows)
    saved_units = set(session.exec(select(FeedbackItem.unit_id)).all())
    why = [[e.code for e in r.errors] for r in grid.rejected]
    if grid.created != 1 or world.units["SWL-DUKCAPIL"].id in saved_units or len(why) != 2 or why[0] != why[1]:
        broken.append(f"forums.items.save_grid organizer {grid}")
    session.rollback()
    assert not broken, "a mixed list saved or told of the part outside:\n" + "\n".join(broken)
