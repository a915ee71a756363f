"""The complaint workflow as pure rules: which action moves which state where, and what each step
does to the deadlines. No database, no Streamlit: the service, the demo seed and the benchmark all
apply the same rules, so every stored deadline follows from the working-day calendar.

Deadlines (SP4N-LAPOR!, the numbers are settings):
- verify and forward within `verify_days` working days of receipt (`due_kind` forward);
- the unit follows up within `follow_up_days` working days of forwarding (follow_up);
- a followed-up complaint closes itself `auto_close_days` working days after the unit's latest
  answer unless the complainant replies (auto_close: nobody is late when it passes);
- the national limit to answer: `escalate_days` calendar days, `escalate_field_days` when a field
  check is needed (`resolve_by`); unanswered complaints past it are flagged for escalation;
- while postponed the clock stops: the working days left are kept and given back on resumption,
  and `resolve_by` moves by the calendar days spent postponed.

Who holds a complaint: a unit handles it while it is the complaint's *current unit* (`current_unit`):
from the forwarding until it is sent back, forwarded elsewhere, merged or archived (a closed complaint
stays with the unit that closed it). Before that its `unit_id` only names the unit concerned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from models.complaints import STAFF_DUE_KINDS, UNANSWERED_STATES, DueKind, State
from services.core.errors import ValidationFailed
from services.core.workdays import Calendar


class Action(StrEnum):
    verify = "verify"
    forward = "forward"  # disposisi to a unit (again: a new hop)
    send_back = "send_back"  # the unit returns it to the coordinator: not theirs
    follow_up = "follow_up"  # the unit's answer (tindak lanjut), public
    reply = "reply"  # the complainant replied: the unit owes another answer
    done = "done"
    close = "close"
    postpone = "postpone"
    resume = "resume"
    reject = "reject"  # not our authority
    merge = "merge"  # duplicate of another complaint
    archive = "archive"
    reopen = "reopen"


S = State
_FORWARDABLE = (S.received, S.verified, S.forwarded, S.in_follow_up)
RESUME = None  # resume returns to the state the complaint was postponed in

# action -> {from state: to state}. Anything not listed is refused.
TRANSITIONS: dict[Action, dict[State, State | None]] = {
    Action.verify: {S.received: S.verified},
    Action.forward: {s: S.forwarded for s in _FORWARDABLE},
    Action.send_back: {S.forwarded: S.verified, S.in_follow_up: S.verified},
    Action.follow_up: {S.forwarded: S.in_follow_up, S.in_follow_up: S.in_follow_up},
    Action.reply: {S.in_follow_up: S.forwarded, S.done: S.forwarded},
    Action.done: {S.in_follow_up: S.done},
    Action.close: {S.in_follow_up: S.closed, S.done: S.closed},
    Action.postpone: {s: S.postponed for s in _FORWARDABLE},
    Action.resume: {S.postponed: RESUME},
    Action.reject: {S.received: S.not_authority, S.verified: S.not_authority},
    Action.merge: {s: S.duplicate for s in (*_FORWARDABLE, S.postponed)},
    Action.archive: {s: S.archived for s in (S.received, S.verified, S.not_authority, S.duplicate, S.closed)},
    Action.reopen: {S.closed: S.verified, S.not_authority: S.verified},
}

# Who may act: a district coordinator (an officer without a unit) may do everything; the liaison of
# the unit the complaint is forwarded to may do the unit's part.
LIAISON_ACTIONS = frozenset(
    {Action.send_back, Action.follow_up, Action.reply, Action.done, Action.close, Action.postpone, Action.resume}
)
COORDINATOR_ACTIONS = frozenset(Action) - {Action.send_back}
# Actions whose note is required, and those whose note the complainant always sees.
NOTE_REQUIRED = frozenset(
    {Action.send_back, Action.follow_up, Action.reply, Action.done, Action.postpone, Action.reject, Action.archive,
     Action.reopen}
)  # fmt: skip
ALWAYS_PUBLIC = frozenset({Action.follow_up, Action.done, Action.reject})
POSTPONE_MAX_DAYS = 90  # calendar days a complaint may be parked before someone must look again

# The states in which a complaint sits with its unit (`unit_id`): forwarded to it, answered by it,
# done there, closed there; a postponed one sits where it was postponed. In every other state (received,
# verified: after a send-back too; not our authority, duplicate, archived) no unit holds it.
WITH_UNIT = (S.forwarded, S.in_follow_up, S.done)
HELD_BY_UNIT = (*WITH_UNIT, S.closed)


def current_unit(state: str, paused_state: str | None, unit_id: int | None) -> int | None:
    """The unit that handles the complaint now, or None while no unit holds it (see HELD_BY_UNIT)."""
    held = state in HELD_BY_UNIT or (state == S.postponed and paused_state in WITH_UNIT)
    return unit_id if held else None


@dataclass(frozen=True)
class Rules:
    """The configured numbers (services/settings.py, group "complaints")."""

    verify_days: int = 3
    follow_up_days: int = 5
    auto_close_days: int = 10
    escalate_days: int = 14
    escalate_field_days: int = 60


@dataclass(frozen=True)
class Track:
    """The workflow fields of one complaint (the same names as the columns of models.Complaint)."""

    state: str
    received_on: date
    resolve_by: date
    due_on: date | None = None
    due_kind: str | None = None
    field_check: bool = False
    late: bool = False
    paused_state: str | None = None
    paused_due_kind: str | None = None
    paused_remaining: int | None = None
    postponed_on: date | None = None
    paused_days: int = 0
    forwarded_on: date | None = None
    resolved_on: date | None = None
    closed_on: date | None = None
    handling_days: int | None = None
    on_time: bool | None = None

    FIELDS = (
        "state", "received_on", "resolve_by", "due_on", "due_kind", "field_check", "late", "paused_state",
        "paused_due_kind", "paused_remaining", "postponed_on", "paused_days", "forwarded_on", "resolved_on",
        "closed_on", "handling_days", "on_time",
    )  # fmt: skip

    FIELDS_SET = frozenset(FIELDS)

    @classmethod
    def of(cls, row) -> Track:
        return cls(**{f: getattr(row, f) for f in cls.FIELDS})

    def values(self) -> dict:
        return {f: getattr(self, f) for f in self.FIELDS}


def replace(track: Track, **changes) -> Track:
    """`dataclasses.replace` for a Track, without its per-field introspection on every call: the
    scale seed walks millions of steps through `apply`, and this was most of their cost."""
    unknown = changes.keys() - Track.FIELDS_SET
    if unknown:
        raise TypeError(f"Track has no field {sorted(unknown)[0]!r}")
    new = object.__new__(Track)
    new.__dict__.update(track.__dict__)
    new.__dict__.update(changes)
    return new


def next_state(action: Action, state: str, paused_state: str | None = None) -> State:
    """The state `action` leads to from `state`; ValidationFailed('transition_illegal') if none."""
    moves = TRANSITIONS[Action(action)]
    if State(state) not in moves:
        raise ValidationFailed.one(None, "transition_illegal", action=str(action), state=str(state))
    target = moves[State(state)]
    return State(paused_state) if target is RESUME else target


def allowed_actions(state: str) -> list[Action]:
    return [a for a, moves in TRANSITIONS.items() if State(state) in moves]


def national_limit(field_check: bool, rules: Rules) -> int:
    return rules.escalate_field_days if field_check else rules.escalate_days


def start(received_on: date, field_check: bool, cal: Calendar, rules: Rules) -> Track:
    """A new complaint: verify and forward within `verify_days` working days of receipt."""
    return Track(
        state=S.received,
        received_on=received_on,
        resolve_by=received_on + timedelta(days=national_limit(field_check, rules)),
        due_on=cal.add(received_on, rules.verify_days),
        due_kind=DueKind.forward,
        field_check=field_check,
    )


def is_overdue(track: Track, today: date) -> bool:
    """A person's deadline passed: the close of `due_on` is behind us."""
    return track.due_kind in STAFF_DUE_KINDS and track.due_on is not None and track.due_on < today


def is_escalated(track: Track, today: date) -> bool:
    """Still unanswered after the national 14 (or 60) calendar days."""
    return track.state in UNANSWERED_STATES and track.resolve_by < today


def apply(
    track: Track,
    action: Action,
    day: date,
    cal: Calendar,
    rules: Rules,
    *,
    until: date | None = None,
    field_check: bool | None = None,
) -> Track:
    """The complaint after `action` taken on `day`. Raises ValidationFailed for an illegal move."""
    action = Action(action)
    to = next_state(action, track.state, track.paused_state)
    missed = track.due_kind in (DueKind.forward, DueKind.follow_up) and track.due_on is not None and day > track.due_on
    t = replace(track, state=to, late=track.late or missed)

    if field_check is not None and field_check != track.field_check:
        shift = national_limit(field_check, rules) - national_limit(track.field_check, rules)
        t = replace(t, field_check=field_check, resolve_by=track.resolve_by + timedelta(days=shift))

    if action is Action.verify:
        t = replace(t, late=track.late)  # verifying alone meets no deadline and misses none
    elif action is Action.forward or action is Action.reply:
        t = replace(t, due_kind=DueKind.follow_up, due_on=cal.add(day, rules.follow_up_days))
        if action is Action.forward:
            t = replace(t, forwarded_on=day)
    elif action in (Action.send_back, Action.reopen):
        t = replace(t, due_kind=DueKind.forward, due_on=cal.add(day, rules.verify_days))
        if action is Action.reopen:
            t = replace(t, closed_on=None, handling_days=None, on_time=None)
    elif action in (Action.follow_up, Action.done):
        t = replace(t, due_kind=DueKind.auto_close, due_on=cal.add(day, rules.auto_close_days), resolved_on=day)
    elif action is Action.close:
        answered = track.resolved_on or day
        # Handling ends when the unit marks it done (its resolved_on), else with this closing.
        finished = track.resolved_on if track.state == S.done and track.resolved_on else day
        t = replace(
            t,
            due_kind=None,
            due_on=None,
            closed_on=day,
            handling_days=max(0, cal.between(track.received_on, finished) - track.paused_days),
            on_time=not t.late and answered <= track.resolve_by,
        )
    elif action is Action.postpone:
        if until is None:
            raise ValidationFailed.one("until", "required")
        # An overdue clock stays overdue (negative) when it is given back on resumption.
        remaining = cal.days_left(day, track.due_on) if track.due_on is not None else None
        t = replace(
            t,
            paused_state=track.state,
            paused_due_kind=track.due_kind,
            paused_remaining=remaining,
            postponed_on=day,
            due_kind=DueKind.resume,
            due_on=until,
        )
    elif action is Action.resume:
        since = track.postponed_on or day
        due = cal.add(day, track.paused_remaining) if track.paused_remaining is not None else None
        t = replace(
            t,
            due_kind=track.paused_due_kind if due is not None else None,
            due_on=due,
            paused_days=track.paused_days + max(0, cal.between(since, day)),
            resolve_by=t.resolve_by + timedelta(days=max(0, (day - since).days)),
            paused_state=None,
            paused_due_kind=None,
            paused_remaining=None,
            postponed_on=None,
        )
    else:  # reject, merge, archive: no deadline any more
        t = replace(t, due_kind=None, due_on=None)
        if track.state == S.postponed:  # merged while postponed: the stopped clock ends here
            since = track.postponed_on or day
            t = replace(
                t,
                paused_days=track.paused_days + max(0, cal.between(since, day)),
                paused_state=None,
                paused_due_kind=None,
                paused_remaining=None,
                postponed_on=None,
            )
    return t


def message_keys() -> list[str]:
    """Catalogue keys built at run time from these vocabularies (checked by tests/test_i18n.py)."""
    from models.complaints import CATEGORIES, Channel, ComplaintKind, DueKind, Maladministration, Priority

    keys = [f"complaints.state.{s}" for s in State] + [f"complaints.state_public.{s}" for s in State]
    keys += [f"complaints.action.{a}" for a in Action] + [f"complaints.did.{a}" for a in Action]
    keys += [f"complaints.kind.{k}" for k in ComplaintKind] + [f"complaints.channel.{c}" for c in Channel]
    keys += [f"complaints.priority.{p}" for p in Priority] + [f"complaints.cat.{c}" for c in CATEGORIES]
    keys += [f"complaints.due.{d}" for d in DueKind] + [f"complaints.mal.{m}" for m in Maladministration]
    keys += [
        f"complaints.did.{a}" for a in ("create", "comment", "assign", "priority", "auto_close", "merged_in", "attach")
    ]
    keys += [f"holidays.source.{s}" for s in ("national", "cuti_bersama", "added", "removed")]
    keys += [f"complaints.rating.{n}" for n in range(1, 6)]
    return keys
