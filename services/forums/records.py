"""Forum records: the meetings themselves, their areas (a managed list per district), theme tags
(merged by an admin) and the optional participant list (personal data, shown masked)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete
from sqlmodel import Session, col, func, or_, select

from models.core.base import Role, utcnow
from models.core.org import District, Unit
from models.forums import (
    OPEN_ACTION,
    AreaCreate,
    FeedbackItem,
    FollowUpAction,
    Forum,
    ForumArea,
    ForumCreate,
    ForumParticipant,
    ForumPublic,
    ForumStatus,
    ForumTag,
    ForumUpdate,
    ItemTag,
    ParticipantCreate,
)
from services.core import audit, clock, masking
from services.core.access import Actor, district_filter, require
from services.core.errors import FieldError, NotFound, ValidationFailed, validate
from services.forums.access import READERS, WRITERS, check_version, forum_in_scope

LIST_LIMIT = 500  # a list or calendar of forums shows at most this many (filters narrow it)

# --- forums ---------------------------------------------------------------------------------------


def _district_for(session: Session, actor: Actor, district_id: int | None) -> int:
    if not actor.all_districts:
        return actor.district_id
    if district_id is None or session.get(District, district_id) is None:
        raise ValidationFailed.one("district_id", "required")
    return district_id


def _check_rules(session: Session, district_id: int, data) -> list[FieldError]:
    """Rules across fields and tables: a forum held is not in the future; its area and partner units
    belong to its district."""
    errors = []
    if data.status == ForumStatus.held and data.held_on > clock.today():
        errors.append(FieldError("status", "forum_held_in_future"))
    if data.area_id is not None:
        area = session.get(ForumArea, data.area_id)
        if area is None or area.district_id != district_id:
            errors.append(FieldError("area_id", "choice_invalid"))
    for unit_id in data.partner_unit_ids:
        unit = session.get(Unit, unit_id)
        if unit is None or unit.district_id != district_id:
            errors.append(FieldError("partner_unit_ids", "unit_outside_district"))
            break
    return errors


def create_forum(session: Session, actor: Actor, data: dict) -> int:
    """Record a forum (planned ahead or already held) in the organizer's district; returns its id."""
    require(actor, *WRITERS)
    new = validate(ForumCreate, data)
    district_id = _district_for(session, actor, new.district_id)
    errors = _check_rules(session, district_id, new)
    if errors:
        raise ValidationFailed(errors)
    values = new.model_dump(exclude={"district_id"}, mode="python")
    forum = Forum(district_id=district_id, created_by=actor.id or None, **values)
    forum.type, forum.status = new.type.value, new.status.value
    session.add(forum)
    session.flush()
    audit.record(session, actor, "create", "forum", forum.id, after=new, district_id=district_id)
    return forum.id


def update_forum(session: Session, actor: Actor, forum_id: int, data: dict) -> int:
    """Change a forum's record; refused when someone saved it since the form was read. Returns the
    new version."""
    forum = forum_in_scope(session, actor, forum_id, write=True)
    change = validate(ForumUpdate, data)
    check_version(forum, change.version, "forum_changed")
    errors = _check_rules(session, forum.district_id, change)
    if errors:
        raise ValidationFailed(errors)
    before = forum.model_dump(mode="json")
    values = change.model_dump(exclude={"version"}, mode="python")
    values["type"], values["status"] = change.type.value, change.status.value
    forum.sqlmodel_update(values)
    forum.version += 1
    forum.updated_at = utcnow()
    session.add(forum)
    session.flush()
    old, new = audit.diff(before, forum.model_dump(mode="json", exclude={"version", "updated_at"}))
    audit.record(session, actor, "update", "forum", forum.id, before=old, after=new, district_id=forum.district_id)
    return forum.version


def _publics(session: Session, forums: list[Forum]) -> list[ForumPublic]:
    """The forums with their district, area and partner-unit names and counts, in four queries."""
    if not forums:
        return []
    counts = _counts(session, [f.id for f in forums])
    districts = dict(session.exec(select(District.id, District.name).where(
        col(District.id).in_({f.district_id for f in forums}))).all())  # fmt: skip
    area_ids = {f.area_id for f in forums if f.area_id}
    areas = dict(session.exec(select(ForumArea.id, ForumArea.name).where(col(ForumArea.id).in_(area_ids))).all())
    unit_ids = {u for f in forums for u in f.partner_unit_ids or []}
    units = dict(session.exec(select(Unit.id, Unit.code).where(col(Unit.id).in_(unit_ids))).all()) if unit_ids else {}
    out = []
    for forum in forums:
        items, open_actions = counts.get(forum.id, (0, 0))
        out.append(
            ForumPublic(
                **forum.model_dump(exclude={"created_by", "created_at", "updated_at"}),
                district_name=districts[forum.district_id],
                area_name=areas.get(forum.area_id),
                partner_units=sorted(units[u] for u in forum.partner_unit_ids or [] if u in units),
                items=items,
                actions_open=open_actions,
            )
        )
    return out


def _counts(session: Session, forum_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Items heard and actions still open, per forum."""
    if not forum_ids:
        return {}
    items = dict(
        session.exec(
            select(FeedbackItem.forum_id, func.count())
            .where(col(FeedbackItem.forum_id).in_(forum_ids))
            .group_by(FeedbackItem.forum_id)
        ).all()
    )
    open_actions = dict(
        session.exec(
            select(FeedbackItem.forum_id, func.count())
            .join(FollowUpAction, FollowUpAction.item_id == FeedbackItem.id)
            .where(col(FeedbackItem.forum_id).in_(forum_ids), col(FollowUpAction.status).in_(OPEN_ACTION))
            .group_by(FeedbackItem.forum_id)
        ).all()
    )
    return {i: (items.get(i, 0), open_actions.get(i, 0)) for i in forum_ids}


def list_forums(
    session: Session,
    actor: Actor,
    *,
    district_id: int | None = None,
    area_id: int | None = None,
    forum_type: str | None = None,
    status: str | None = None,
    since: date | None = None,
    until: date | None = None,
    search: str | None = None,
) -> list[ForumPublic]:
    """Forums in the actor's scope matching the filters, latest first (at most LIST_LIMIT)."""
    require(actor, *READERS)
    query = select(Forum).where(district_filter(actor, Forum.district_id))
    if district_id is not None:
        query = query.where(Forum.district_id == district_id)
    if area_id is not None:
        query = query.where(Forum.area_id == area_id)
    if forum_type:
        query = query.where(Forum.type == forum_type)
    if status:
        query = query.where(Forum.status == status)
    if since:
        query = query.where(Forum.held_on >= since)
    if until:
        query = query.where(Forum.held_on <= until)
    if search and search.strip():
        like = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(Forum.title).like(like), func.lower(Forum.venue).like(like)))
    rows = session.exec(query.order_by(col(Forum.held_on).desc(), col(Forum.id).desc()).limit(LIST_LIMIT)).all()
    return _publics(session, list(rows))


def get_forum(session: Session, actor: Actor, forum_id: int) -> ForumPublic:
    """One forum with its counts; NotFound outside the actor's scope."""
    forum = forum_in_scope(session, actor, forum_id)
    return _publics(session, [forum])[0]


def can_record(actor: Actor, forum: ForumPublic | None = None) -> bool:
    """May the actor edit this forum (or record a new one)? For pages to show or hide the forms."""
    return actor.has(*WRITERS) and (forum is None or actor.all_districts or forum.district_id == actor.district_id)


def forum_counts_by_status(session: Session, actor: Actor) -> dict[str, int]:
    require(actor, *READERS)
    rows = session.exec(
        select(Forum.status, func.count()).where(district_filter(actor, Forum.district_id)).group_by(Forum.status)
    ).all()
    return dict(rows)


# --- areas ----------------------------------------------------------------------------------------


def list_areas(session: Session, actor: Actor, district_id: int | None = None) -> list[ForumArea]:
    """Active areas of the actor's district (or of `district_id` for an all-district user), by name."""
    require(actor, *READERS)
    query = select(ForumArea).where(district_filter(actor, ForumArea.district_id), ForumArea.active == True)  # noqa: E712
    if district_id is not None:
        query = query.where(ForumArea.district_id == district_id)
    return [ForumArea.model_validate(a) for a in session.exec(query.order_by(ForumArea.name)).all()]


def create_area(session: Session, actor: Actor, data: dict) -> int:
    """Add a kecamatan, kelurahan, desa or kampung to the district's list; a name is used once."""
    require(actor, Role.organizer, Role.admin)
    new = validate(AreaCreate, data)
    district_id = _district_for(session, actor, new.district_id)
    taken = session.exec(
        select(ForumArea.id).where(ForumArea.district_id == district_id, func.lower(ForumArea.name) == new.name.lower())
    ).first()
    if taken:
        raise ValidationFailed.one("name", "name_taken")
    area = ForumArea(district_id=district_id, name=new.name, level=new.level.value)
    session.add(area)
    session.flush()
    audit.record(session, actor, "create", "forum_area", area.id, after=new, district_id=district_id)
    return area.id


# --- theme tags -------------------------------------------------------------------------------------


def list_tags(session: Session, actor: Actor) -> list[tuple[int, str, int]]:
    """(id, name, items tagged in the actor's scope) of every tag, by name."""
    require(actor, *READERS, Role.admin)
    used = (
        select(ItemTag.tag_id, func.count().label("n"))
        .join(FeedbackItem, FeedbackItem.id == ItemTag.item_id)
        .join(Forum, Forum.id == FeedbackItem.forum_id)
        .where(district_filter(actor, Forum.district_id))
        .group_by(ItemTag.tag_id)
        .subquery()
    )
    rows = session.exec(
        select(ForumTag.id, ForumTag.name, func.coalesce(used.c.n, 0))
        .join(used, used.c.tag_id == ForumTag.id, isouter=True)
        .order_by(ForumTag.name)
    ).all()
    return [(i, n, c) for i, n, c in rows]


def tag_ids(session: Session, names: list[str]) -> list[int]:
    """The ids of these tag names, adding the new ones (organizers may coin tags as they type)."""
    ids = []
    for name in names:
        tag = session.exec(select(ForumTag).where(ForumTag.name == name)).first()
        if tag is None:
            tag = ForumTag(name=name)
            session.add(tag)
            session.flush()
        ids.append(tag.id)
    return ids


def merge_tags(session: Session, actor: Actor, source_id: int, target_id: int) -> int:
    """Merge one tag into another (an admin's job): every item of `source` gets `target`; `source`
    goes. Returns the number of items moved."""
    require(actor, Role.admin)
    source, target = session.get(ForumTag, source_id), session.get(ForumTag, target_id)
    if source is None or target is None:
        raise NotFound()
    if source.id == target.id:
        raise ValidationFailed.one("target", "forum_tag_same")
    items = session.exec(select(ItemTag.item_id).where(ItemTag.tag_id == source.id)).all()
    has_target = set(session.exec(select(ItemTag.item_id).where(ItemTag.tag_id == target.id)).all())
    moved = [i for i in items if i not in has_target]
    session.exec(delete(ItemTag).where(col(ItemTag.tag_id) == source.id))
    for item_id in moved:
        session.add(ItemTag(item_id=item_id, tag_id=target.id))
    session.flush()
    session.delete(source)
    audit.record(
        session, actor, "merge", "forum_tag", source.id, before={"name": source.name}, after={"into": target.name}
    )
    session.flush()
    return len(moved)


# --- participants -----------------------------------------------------------------------------------


def add_participant(session: Session, actor: Actor, forum_id: int, data: dict) -> int:
    forum = forum_in_scope(session, actor, forum_id, write=True)
    new = validate(ParticipantCreate, data)
    row = ForumParticipant(forum_id=forum.id, **new.model_dump())
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "forum_participant", row.id, district_id=forum.district_id)
    return row.id


def list_participants(session: Session, actor: Actor, forum_id: int) -> list[dict]:
    """The attendance list, masked like a complainant's identity: enough to recognise, not to contact."""
    forum = forum_in_scope(session, actor, forum_id)
    rows = session.exec(
        select(ForumParticipant).where(ForumParticipant.forum_id == forum.id).order_by(ForumParticipant.id)
    ).all()
    return [
        {"name": masking.mask_name(p.name), "phone": masking.mask_phone(p.phone), "community": p.community}
        for p in rows
    ]
