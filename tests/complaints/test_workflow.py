"""The complaint state machine, exhaustively: every state x every action, for the district coordinator
and for the liaison of the handling unit; allowed moves land in the right state and are recorded,
refused ones change nothing."""

from datetime import timedelta

import pytest

from models.complaints import State
from services.complaints import access, report, rules, steps, workflow
from services.complaints.rules import TRANSITIONS, Action
from services.core import clock
from services.core.errors import AccessDenied, NotFound, ValidationFailed
from tests.complaints.factories import events, placed, row

S = State
OPEN4 = {"received", "verified", "forwarded", "in_follow_up"}
# action -> {state it may start from: state it ends in}. Written out by hand from SP4N-LAPOR!'s
# lifecycle, not derived from the code, so a change to the rules must change this table too.
EXPECTED = {
    "verify": {"received": "verified"},
    "forward": {s: "forwarded" for s in OPEN4},
    "send_back": {"forwarded": "verified", "in_follow_up": "verified"},
    "follow_up": {"forwarded": "in_follow_up", "in_follow_up": "in_follow_up"},
    "reply": {"in_follow_up": "forwarded", "done": "forwarded"},
    "done": {"in_follow_up": "done"},
    "close": {"in_follow_up": "closed", "done": "closed"},
    "postpone": {s: "postponed" for s in OPEN4},
    "resume": {"postponed": "forwarded"},  # back to where it was postponed (forwarded here)
    "reject": {"received": "not_authority", "verified": "not_authority"},
    "merge": {s: "duplicate" for s in OPEN4 | {"postponed"}},
    "archive": {s: "archived" for s in ("received", "verified", "not_authority", "duplicate", "closed")},
    "reopen": {"closed": "verified", "not_authority": "verified"},
}
LIAISON_PART = {"send_back", "follow_up", "reply", "done", "close", "postpone", "resume"}
WITH_UNIT = {"forwarded", "in_follow_up", "done", "postponed", "closed"}  # the liaison's unit handled these


def test_the_expected_table_covers_every_state_and_action():
    assert set(EXPECTED) == {a.value for a in Action}
    assert {
        a.value: {s.value: (t.value if t else "forwarded") for s, t in m.items()} for a, m in TRANSITIONS.items()
    } == EXPECTED


def data_for(action: str, world, target_tid: str) -> dict:
    today_ = clock.today()
    data = {"note": f"Catatan untuk {action}.", "public": False}
    if action == "forward":
        data["unit_id"] = world.units["WGR-PTSP"].id
    elif action == "postpone":
        data["until"] = today_ + timedelta(days=10)
    elif action == "merge":
        data["target"] = target_tid
    elif action == "close":
        data["rating"] = 4
    return data


CASES = [(a, s.value) for a in EXPECTED for s in State]


@pytest.mark.parametrize("action, state", CASES, ids=[f"{a}-{s}" for a, s in CASES])
def test_coordinator_every_state_and_action(session, world, today, action, state):
    c = placed(session, world, S(state))
    target = placed(session, world, S.received)
    coordinator = world["officer"]
    before = (row(session, c.tracking_id).version, len(events(session, c.tracking_id)))
    data = data_for(action, world, target.tracking_id)
    expected = EXPECTED[action].get(state)
    if expected and action != "send_back":
        assert workflow.act(session, coordinator, c.tracking_id, action, data) == expected
        session.commit()
        after = row(session, c.tracking_id)
        assert after.state == expected
        last = events(session, c.tracking_id)[-1]
        assert (last.action, last.from_state, last.to_state) == (action, state, expected)
        assert last.actor_name == coordinator.full_name and last.day == clock.today()
        assert last.note == data["note"]
    else:
        error = AccessDenied if expected else ValidationFailed  # send_back is the unit's move, not the coordinator's
        with pytest.raises(error) as info:
            workflow.act(session, coordinator, c.tracking_id, action, data)
        session.rollback()
        if error is ValidationFailed:
            assert [e.code for e in info.value.errors] == ["transition_illegal"]
        assert (row(session, c.tracking_id).version, len(events(session, c.tracking_id))) == before
        assert row(session, c.tracking_id).state == state


@pytest.mark.parametrize("action, state", CASES, ids=[f"{a}-{s}" for a, s in CASES])
def test_unit_liaison_every_state_and_action(session, world, today, action, state):
    c = placed(session, world, S(state))
    target = placed(session, world, S.received)
    liaison = world["officer.dukcapil"]
    data = data_for(action, world, target.tracking_id)
    expected = EXPECTED[action].get(state)
    before = (row(session, c.tracking_id).version, len(events(session, c.tracking_id)))
    if state not in WITH_UNIT:
        outcome = NotFound  # never forwarded to the liaison's unit: it does not exist for them
    elif expected and action in LIAISON_PART and state != "closed":
        outcome = None
    elif expected:
        outcome = AccessDenied  # a legal move, but the coordinator's
    else:
        outcome = ValidationFailed
    if outcome is None:
        assert workflow.act(session, liaison, c.tracking_id, action, data) == expected
        session.commit()
        assert row(session, c.tracking_id).state == expected
        assert events(session, c.tracking_id)[-1].actor_name == liaison.full_name
    else:
        with pytest.raises(outcome):
            workflow.act(session, liaison, c.tracking_id, action, data)
        session.rollback()
        assert (row(session, c.tracking_id).version, len(events(session, c.tracking_id))) == before


def test_a_liaison_cannot_act_after_sending_the_complaint_back(session, world, today):
    c = placed(session, world, S.forwarded)
    liaison = world["officer.dukcapil"]
    workflow.act(session, liaison, c.tracking_id, "send_back", {"note": "Bukan urusan Dukcapil."})
    session.commit()
    assert row(session, c.tracking_id).state == "verified"
    with pytest.raises(AccessDenied):
        workflow.act(session, liaison, c.tracking_id, "postpone", {"note": "x", "until": clock.today() + timedelta(5)})
    assert report.get_complaint(session, liaison, c.tracking_id).actions == []  # still readable, no actions


def test_another_units_liaison_and_a_manager_can_do_nothing(session, world, today):
    c = placed(session, world, S.forwarded)
    from tests.factories import user

    other = user(session, "petugas.ptsp", ["officer"], world.wgr.id, world.units["WGR-PTSP"].id)
    session.commit()
    with pytest.raises(NotFound):
        workflow.act(session, other, c.tracking_id, "follow_up", {"note": "x"})
    with pytest.raises(AccessDenied):
        workflow.act(session, world["manager"], c.tracking_id, "follow_up", {"note": "x"})
    with pytest.raises(NotFound):  # a coordinator of another district does not see it at all
        workflow.act(session, world["officer.swl"], c.tracking_id, "follow_up", {"note": "x"})


def test_an_unknown_action_is_refused_as_illegal(session, world, today):
    c = placed(session, world, S.received)
    with pytest.raises(ValidationFailed) as info:
        workflow.act(session, world["officer"], c.tracking_id, "teleport", {})
    assert info.value.errors[0].code == "transition_illegal"


@pytest.mark.parametrize(
    "action, data, field, code",
    [
        ("forward", {}, "unit_id", "required"),
        ("forward", {"unit_id": "SWL-DUKCAPIL"}, "unit_id", "unit_outside_district"),
        ("forward", {"unit_id": "WGR-DUKCAPIL"}, "unit_id", "forward_same_unit"),
        ("forward", {"unit_id": "WGR-PTSP", "assignee_id": "officer.dukcapil"}, "assignee_id", "assignee_not_in_unit"),
        ("follow_up", {"note": "  "}, "note", "required"),
        ("postpone", {"note": "Menunggu berkas"}, "until", "required"),
        ("postpone", {"note": "Menunggu berkas", "until": -1}, "until", "until_not_future"),
        ("postpone", {"note": "Menunggu berkas", "until": 0}, "until", "until_not_future"),
        ("postpone", {"note": "Menunggu berkas", "until": 120}, "until", "until_too_far"),
        ("close", {"rating": 6}, "rating", "less_than_equal"),
        ("close", {"rating": 0}, "rating", "greater_than_equal"),
        ("close", {"maladministration": "korupsi"}, "maladministration", "choice_invalid"),
        ("follow_up", {"note": "x" * 4001}, "note", "string_too_long"),
        ("merge", {}, "target", "required"),
        ("merge", {"target": "WGR-2026-999999"}, "target", "merge_target_unknown"),
    ],
)
def test_bad_workflow_input_is_refused_and_nothing_saved(session, world, today, action, data, field, code):
    state = {"forward": S.forwarded, "follow_up": S.forwarded, "postpone": S.forwarded, "close": S.done}.get(
        action, S.received
    )
    c = placed(session, world, state)
    data = dict(data)
    for key in ("unit_id",):
        if isinstance(data.get(key), str):
            data[key] = world.units[data[key]].id
    if isinstance(data.get("assignee_id"), str):
        data["assignee_id"] = world[data["assignee_id"]].id
    if isinstance(data.get("until"), int):
        data["until"] = clock.today() + timedelta(days=data["until"])
    before = (row(session, c.tracking_id).version, len(events(session, c.tracking_id)))
    with pytest.raises(ValidationFailed) as info:
        workflow.act(session, world["officer"], c.tracking_id, action, data)
    session.rollback()
    assert (field, code) in {(e.field, e.code) for e in info.value.errors}
    assert (row(session, c.tracking_id).version, len(events(session, c.tracking_id))) == before


def test_merging_into_itself_a_closed_one_or_another_district_is_refused(session, world, today):
    c = placed(session, world, S.received)
    closed = placed(session, world, S.closed)
    elsewhere = placed(session, world, S.received, unit="SWL-DUKCAPIL", district=world.swl)
    coordinator = world["officer"]
    for target, code in ((c, "merge_self"), (closed, "merge_target_closed")):
        with pytest.raises(ValidationFailed) as info:
            workflow.act(session, coordinator, c.tracking_id, "merge", {"target": target.tracking_id})
        session.rollback()
        assert code in {e.code for e in info.value.errors}
    with pytest.raises(ValidationFailed) as info:  # out of the coordinator's sight: unknown, not "other district"
        workflow.act(session, coordinator, c.tracking_id, "merge", {"target": elsewhere.tracking_id})
    assert "merge_target_unknown" in {e.code for e in info.value.errors}


def test_a_stale_write_is_refused(session, world, today):
    """Two officers open the same complaint; the second to save gets a clear message, not a lost update."""
    c = placed(session, world, S.received)
    from sqlmodel import Session

    with Session(session.get_bind()) as other:
        stale = access._get(other, c.tracking_id)
        workflow.act(session, world["officer"], c.tracking_id, "verify", {})
        session.commit()
        with pytest.raises(ValidationFailed) as info:
            steps._save(other, stale, rules.Track.of(stale))
        assert info.value.errors[0].code == "complaint_changed"
