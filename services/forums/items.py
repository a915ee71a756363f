"""What was heard at a forum: feedback items, entered many at once in a grid (typed or pasted from
a spreadsheet) and edited afterwards; and the board of items by theme and follow-up status.

The grid saves what it can: every row is validated first; the good rows are written together in the
caller's transaction, the bad ones come back with their line and reasons, for correction in the grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, case, delete, or_
from sqlmodel import Session, col, func, select

from models.complaints import Complaint, State
from models.core.base import utcnow
from models.core.org import Unit
from models.forums import (
    ActionStatus,
    FeedbackItem,
    FollowUpAction,
    Forum,
    ForumTag,
    ItemCreate,
    ItemPublic,
    ItemTag,
    ItemUpdate,
)
from services.core import audit
from services.core.access import Actor, district_filter, require
from services.core.errors import FieldError, ValidationFailed, validate
from services.forums.access import READERS, check_version, forum_in_scope, item_in_scope, unit_of_district
from services.forums.records import tag_ids

# The grid's columns (the page's data_editor uses these names); `id`/`version` mark a saved row.
GRID_COLUMNS = ("id", "version", "kind", "text", "tags", "unit", "service", "priority")
GRID_MAX_ROWS = 500  # one meeting's notes; more is a wrong paste
CLOSED_COMPLAINT = (State.done.value, State.closed.value)

# Follow-up status of an item (the board's columns), from its actions and its complaint.
ITEM_STATUSES = ("open", "in_follow_up", "done", "not_possible")


@dataclass(frozen=True)
class RejectedRow:
    line: int  # 1-based row number in the grid
    row: dict  # the row as sent, kept for correction
    errors: list[FieldError]


@dataclass
class GridResult:
    created: int = 0
    updated: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


def _blank(row: dict) -> bool:
    return all(row.get(k) in (None, "") or str(row.get(k)).strip() == "" for k in GRID_COLUMNS[2:])


def _clean(value):
    """A grid cell: NaN and empty strings are empty."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def set_tags(session: Session, item_id: int, names: list[str]) -> None:
    session.exec(delete(ItemTag).where(col(ItemTag.item_id) == item_id))
    for tag_id in tag_ids(session, names):
        session.add(ItemTag(item_id=item_id, tag_id=tag_id))


def _tags_of(session: Session, item_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {i: [] for i in item_ids}
    if not item_ids:
        return out
    rows = session.exec(
        select(ItemTag.item_id, ForumTag.name)
        .join(ForumTag, ForumTag.id == ItemTag.tag_id)
        .where(col(ItemTag.item_id).in_(item_ids))
        .order_by(ForumTag.name)
    ).all()
    for item_id, name in rows:
        out[item_id].append(name)
    return out


def save_grid(session: Session, actor: Actor, forum_id: int, rows: list[dict]) -> GridResult:
    """Save the grid of a forum's items: new rows are added, rows with an id are updated (refused
    when changed since they were read). Blank rows are ignored. Every row is checked before any is
    written; the good rows are saved together, the bad ones returned with line and reasons."""
    forum = forum_in_scope(session, actor, forum_id, write=True)
    if len(rows) > GRID_MAX_ROWS:
        raise ValidationFailed.one(None, "forum_grid_too_long", max=GRID_MAX_ROWS)
    unknown = sorted({str(k) for row in rows for k in row if k not in GRID_COLUMNS})
    if unknown:
        raise ValidationFailed.one(None, "forum_grid_columns", columns=", ".join(unknown)[:200])
    units = {
        code.upper(): uid
        for uid, code in session.exec(select(Unit.id, Unit.code).where(Unit.district_id == forum.district_id)).all()
    }
    result = GridResult()
    good: list[tuple[FeedbackItem | None, ItemCreate]] = []
    for line, raw in enumerate(rows, start=1):
        row = {k: _clean(v) for k, v in raw.items()}
        if _blank(row):
            continue
        errors: list[FieldError] = []
        unit_id = None
        if row.get("unit"):
            unit_id = units.get(str(row["unit"]).strip().upper())
            if unit_id is None:
                errors.append(FieldError("unit", "unit_outside_district"))
        data = {k: row.get(k) for k in ("tags", "service", "priority") if row.get(k) is not None}
        data.update(kind=row.get("kind"), text=row.get("text") or "")
        data["unit_id"] = unit_id
        try:
            item_data = validate(ItemCreate, data)
        except ValidationFailed as exc:
            errors += exc.errors
            item_data = None
        existing = None
        if row.get("id") is not None and not errors:
            existing = session.get(FeedbackItem, int(row["id"]))
            if existing is None or existing.forum_id != forum.id:
                errors.append(FieldError(None, "not_found"))
            elif row.get("version") is None or int(row["version"]) != existing.version:
                errors.append(FieldError(None, "forum_item_changed"))
        if errors:
            result.rejected.append(RejectedRow(line, dict(raw), errors))
        else:
            good.append((existing, item_data))
    for existing, item_data in good:
        _write(session, actor, forum, existing, item_data)
        if existing is None:
            result.created += 1
        else:
            result.updated += 1
    if good:
        audit.record(
            session,
            actor,
            "import",
            "feedback_item",
            forum.id,
            after={"created": result.created, "updated": result.updated, "rejected": len(result.rejected)},
            district_id=forum.district_id,
        )
    return result


def _write(session: Session, actor: Actor, forum: Forum, item: FeedbackItem | None, data: ItemCreate) -> int:
    values = {
        "kind": data.kind.value,
        "text": data.text,
        "unit_id": data.unit_id,
        "service": data.service,
        "priority": data.priority.value,
    }
    if item is None:
        item = FeedbackItem(forum_id=forum.id, created_by=actor.id or None, **values)
    else:
        item.sqlmodel_update(values)
        item.version += 1
        item.updated_at = utcnow()
    session.add(item)
    session.flush()
    set_tags(session, item.id, data.tags)
    session.flush()
    return item.id


def add_item(session: Session, actor: Actor, forum_id: int, data: dict) -> int:
    """Add one item to a forum (also after the forum)."""
    forum = forum_in_scope(session, actor, forum_id, write=True)
    new = validate(ItemCreate, data)
    unit_of_district(session, new.unit_id, forum.district_id)
    item_id = _write(session, actor, forum, None, new)
    audit.record(session, actor, "create", "feedback_item", item_id, after=new, district_id=forum.district_id)
    return item_id


def update_item(session: Session, actor: Actor, item_id: int, data: dict) -> int:
    """Edit one item; refused when it changed since it was read. Returns the new version."""
    item, forum = item_in_scope(session, actor, item_id, write=True)
    change = validate(ItemUpdate, data)
    check_version(item, change.version, "forum_item_changed")
    unit_of_district(session, change.unit_id, forum.district_id)
    before = item.model_dump(mode="json")
    _write(session, actor, forum, item, change)
    old, new = audit.diff(before, item.model_dump(mode="json", exclude={"version", "updated_at"}))
    audit.record(
        session, actor, "update", "feedback_item", item.id, before=old, after=new, district_id=forum.district_id
    )
    return item.version


def delete_item(session: Session, actor: Actor, item_id: int) -> None:
    """Remove an item entered by mistake: only while no action and no complaint hangs on it."""
    item, forum = item_in_scope(session, actor, item_id, write=True)
    has_action = session.exec(select(FollowUpAction.id).where(FollowUpAction.item_id == item.id).limit(1)).first()
    if has_action or item.complaint_id is not None:
        raise ValidationFailed.one(None, "forum_item_in_use")
    before = {"kind": item.kind, "text": item.text}
    session.exec(delete(ItemTag).where(col(ItemTag.item_id) == item.id))
    session.delete(item)
    session.flush()
    audit.record(session, actor, "delete", "feedback_item", item_id, before=before, district_id=forum.district_id)


# --- reading ------------------------------------------------------------------------------------------


def follow_up_counts():
    """SQL subquery: per item, its actions, the done ones and the not-possible ones."""
    return (
        select(
            FollowUpAction.item_id.label("item_id"),
            func.count().label("n"),
            func.sum(case((FollowUpAction.status == ActionStatus.done.value, 1), else_=0)).label("done"),
            func.sum(case((FollowUpAction.status == ActionStatus.not_possible.value, 1), else_=0)).label("np"),
        )
        .group_by(FollowUpAction.item_id)
        .subquery()
    )


def acted_and_done(counts):
    """SQL expressions (1/0 per item) over follow_up_counts() joined with the item's complaint: acted
    on (an action or a complaint), and done (the same rule as item_status)."""
    acted = case((or_(counts.c.n > 0, FeedbackItem.complaint_id.is_not(None)), 1), else_=0)
    done = case(
        (col(Complaint.state).in_(CLOSED_COMPLAINT), 1),
        (and_(counts.c.n > 0, counts.c.done > 0, counts.c.done + counts.c.np == counts.c.n), 1),
        else_=0,
    )
    return acted, done


def item_status(actions: int, done: int, not_possible: int, complaint_state: str | None) -> str:
    """The item's follow-up status: done when a complaint of it closed or every action is finished
    with at least one done; not possible when every action was; in follow-up while anything runs."""
    if complaint_state in CLOSED_COMPLAINT:
        return "done"
    if actions and done + not_possible == actions:
        return "done" if done else "not_possible"
    if actions or complaint_state:
        return "in_follow_up"
    return "open"


def _rows(session: Session, where) -> list[ItemPublic]:
    counts = follow_up_counts()
    rows = session.exec(
        select(
            FeedbackItem, Unit.code, Complaint.tracking_id, Complaint.state, Complaint.closed_on, counts.c.n,
            counts.c.done,
        )
        .join(Unit, Unit.id == FeedbackItem.unit_id, isouter=True)
        .join(Complaint, Complaint.id == FeedbackItem.complaint_id, isouter=True)
        .join(counts, counts.c.item_id == FeedbackItem.id, isouter=True)
        .where(where)
        .order_by(FeedbackItem.id)
    ).all()  # fmt: skip
    tags = _tags_of(session, [r[0].id for r in rows])
    return [
        ItemPublic(
            **item.model_dump(exclude={"created_by", "created_at", "updated_at"}),
            tags=tags[item.id],
            unit_code=code,
            complaint_tracking_id=tid,
            complaint_state=state,
            complaint_closed_on=closed,
            actions=n or 0,
            actions_done=done or 0,
        )
        for item, code, tid, state, closed, n, done in rows
    ]


def list_items(session: Session, actor: Actor, forum_id: int) -> list[ItemPublic]:
    """A forum's items in the order they were entered, with tags, unit, complaint and actions."""
    forum = forum_in_scope(session, actor, forum_id)
    return _rows(session, FeedbackItem.forum_id == forum.id)


def get_item(session: Session, actor: Actor, item_id: int) -> ItemPublic:
    item, _ = item_in_scope(session, actor, item_id)
    return _rows(session, FeedbackItem.id == item.id)[0]


@dataclass(frozen=True)
class BoardCard:
    item_id: int
    forum_id: int
    forum_title: str
    kind: str
    text: str
    theme: str  # one of the item's tags ("" when untagged); an item with two tags is on two rows
    status: str  # an ITEM_STATUSES value
    unit_code: str | None


def board(
    session: Session, actor: Actor, *, district_id: int | None = None, forum_id: int | None = None, limit: int = 2000
) -> list[BoardCard]:
    """Items by theme and follow-up status in the actor's scope (the board), latest forums first."""
    require(actor, *READERS)
    counts = follow_up_counts()
    query = (
        select(
            FeedbackItem.id,
            FeedbackItem.forum_id,
            Forum.title,
            FeedbackItem.kind,
            FeedbackItem.text,
            ForumTag.name,
            counts.c.n,
            counts.c.done,
            counts.c.np,
            Complaint.state,
            Unit.code,
        )
        .join(Forum, Forum.id == FeedbackItem.forum_id)
        .join(ItemTag, ItemTag.item_id == FeedbackItem.id, isouter=True)
        .join(ForumTag, ForumTag.id == ItemTag.tag_id, isouter=True)
        .join(counts, counts.c.item_id == FeedbackItem.id, isouter=True)
        .join(Complaint, Complaint.id == FeedbackItem.complaint_id, isouter=True)
        .join(Unit, Unit.id == FeedbackItem.unit_id, isouter=True)
        .where(district_filter(actor, Forum.district_id))
    )
    if district_id is not None:
        query = query.where(Forum.district_id == district_id)
    if forum_id is not None:
        query = query.where(Forum.id == forum_id)
    rows = session.exec(query.order_by(col(Forum.held_on).desc(), FeedbackItem.id).limit(limit)).all()
    return [
        BoardCard(i, f, title, kind, text, tag or "", item_status(n or 0, d or 0, np or 0, state), code)
        for i, f, title, kind, text, tag, n, d, np, state, code in rows
    ]
