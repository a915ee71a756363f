"""Items and the complaint queue: an item that is a complaint becomes one in one step, or is linked to
an existing open complaint (similar ones are suggested, as intake does); the item then shows the
complaint's state and closure, and the complaint's timeline says which forum it came from.

A *rahasia* complaint is never suggested, linked or shown here: it does not exist outside its
handling units.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process, utils
from sqlmodel import Session, col, func, or_, select

from models.complaints import OPEN_STATES, Channel, Complaint, ComplaintKind, normalise_tracking_id
from models.core.org import Unit
from models.forums import FeedbackItem, Forum, ForumArea, ItemKind
from services import i18n
from services.complaints import intake
from services.core import audit, settings
from services.core.access import Actor, district_filter, require
from services.core.errors import ValidationFailed
from services.core.modules import Origin
from services.forums.access import READERS, item_in_scope

SUGGESTIONS = 5
CANDIDATES = 2_000
TITLE_MAX = 150


def _origin(forum: Forum, lang: str) -> str:
    return i18n.t("forums.link.origin", lang, title=forum.title, date=i18n.fmt_date(forum.held_on, lang))


def forum_ref(forum: Forum) -> str:
    """The complaint's `external_ref` for a forum."""
    return f"FORUM-{forum.id}"


def _title(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_MAX else line[: TITLE_MAX - 1] + "…"


def to_complaint(session: Session, actor: Actor, item_id: int, data: dict) -> str:
    """Make a complaint of an item in one step (organizers of the forum's district): channel
    "forum", the forum as its reference, the item's text, unit and area, received on the forum's
    date. `data` gives the category and may change title, unit, kind and confidentiality. Returns
    the tracking ID; the item and the complaint then point at each other."""
    item, forum = item_in_scope(session, actor, item_id, write=True)
    if item.complaint_id is not None:
        raise ValidationFailed.one(None, "forum_item_has_complaint")
    area = session.get(ForumArea, forum.area_id) if forum.area_id else None
    kind = ComplaintKind.pengaduan if item.kind == ItemKind.keluhan else ComplaintKind.aspirasi
    complaint = {
        "district_id": forum.district_id,
        "kind": data.get("kind") or kind.value,
        "category": data.get("category"),
        "unit_id": data.get("unit_id", item.unit_id),
        "area": area.name if area else None,
        "external_ref": forum_ref(forum),
        "title": data.get("title") or _title(item.text),
        "description": item.text,
        "received_on": forum.held_on,
        "priority": {"high": "high", "low": "low"}.get(item.priority, "medium"),
        "secret": bool(data.get("secret", False)),
        "anonymous": True,  # no identity was taken at the forum
    }
    created = intake.create_from_forum(session, actor, complaint, _origin(forum, actor.language))
    row = session.exec(select(Complaint).where(Complaint.tracking_id == created.tracking_id)).one()
    item.complaint_id = row.id
    item.version += 1
    session.add(item)
    session.flush()
    audit.record(
        session, actor, "to_complaint", "feedback_item", item.id, after={"complaint": created.tracking_id},
        district_id=forum.district_id,
    )  # fmt: skip
    return created.tracking_id


def _linkable(session: Session, forum: Forum, tid: str) -> Complaint:
    c = session.exec(select(Complaint).where(Complaint.tracking_id == normalise_tracking_id(tid))).first()
    if c is None or c.district_id != forum.district_id or c.secret:
        raise ValidationFailed.one("tracking_id", "forum_complaint_unknown")
    return c


def link_complaint(session: Session, actor: Actor, item_id: int, tracking_id: str) -> str:
    """Link an item to an existing complaint of the forum's district (not a rahasia one)."""
    item, forum = item_in_scope(session, actor, item_id, write=True)
    if item.complaint_id is not None:
        raise ValidationFailed.one(None, "forum_item_has_complaint")
    c = _linkable(session, forum, tracking_id)
    item.complaint_id = c.id
    item.version += 1
    session.add(item)
    intake.note_on_timeline(session, actor, c.tracking_id, _origin(forum, actor.language))
    session.flush()
    audit.record(
        session, actor, "link", "feedback_item", item.id, after={"complaint": c.tracking_id},
        district_id=forum.district_id,
    )  # fmt: skip
    return c.tracking_id


def unlink_complaint(session: Session, actor: Actor, item_id: int) -> None:
    """Undo a wrong link (the complaint itself stays as it is)."""
    item, forum = item_in_scope(session, actor, item_id, write=True)
    if item.complaint_id is None:
        return
    c = session.get(Complaint, item.complaint_id)
    item.complaint_id = None
    item.version += 1
    session.add(item)
    session.flush()
    audit.record(
        session, actor, "unlink", "feedback_item", item.id, before={"complaint": c.tracking_id if c else None},
        district_id=forum.district_id,
    )  # fmt: skip


@dataclass(frozen=True)
class Suggestion:
    tracking_id: str
    title: str
    state: str
    received_on: date
    unit_code: str | None
    score: int


def similar_complaints(session: Session, actor: Actor, item_id: int) -> list[Suggestion]:
    """Open complaints of the item's unit or the forum's area whose text resembles the item (fuzzy
    token match, the intake's cut-off), best first; never a rahasia one."""
    item, forum = item_in_scope(session, actor, item_id, write=True)
    area = session.get(ForumArea, forum.area_id) if forum.area_id else None
    near = []
    if item.unit_id is not None:
        near.append(Complaint.unit_id == item.unit_id)
    if area is not None:
        near.append(func.lower(Complaint.area) == area.name.lower())
    query = (
        select(Complaint.id, Complaint.tracking_id, Complaint.title, Complaint.description, Complaint.state,
               Complaint.received_on, Unit.code)
        .join(Unit, Unit.id == Complaint.unit_id, isouter=True)
        .where(Complaint.district_id == forum.district_id, Complaint.secret == False,  # noqa: E712
               col(Complaint.state).in_(OPEN_STATES))
    )  # fmt: skip
    if near:
        query = query.where(or_(*near))
    rows = session.exec(query.order_by(col(Complaint.received_on).desc()).limit(CANDIDATES)).all()
    if not rows:
        return []
    matches = process.extract(
        item.text,
        {r[0]: f"{r[2]} {r[3][:400]}" for r in rows},
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        limit=SUGGESTIONS,
        score_cutoff=settings.get(session, "complaints.similar_score"),
    )
    by_id = {r[0]: r for r in rows}
    return [
        Suggestion(by_id[k][1], by_id[k][2], by_id[k][4], by_id[k][5], by_id[k][6], round(score))
        for _, score, k in matches
    ]


@dataclass(frozen=True)
class ForumOrigin:
    forum_id: int
    forum_title: str
    held_on: date
    item_id: int
    item_text: str


def items_of_complaint(session: Session, actor: Actor, tracking_id: str) -> list[ForumOrigin]:
    """The forum items a complaint came from or was linked to (the way back from the complaint)."""
    require(actor, *READERS)
    rows = session.exec(
        select(Forum.id, Forum.title, Forum.held_on, FeedbackItem.id, FeedbackItem.text)
        .join(FeedbackItem, FeedbackItem.forum_id == Forum.id)
        .join(Complaint, Complaint.id == FeedbackItem.complaint_id)
        .where(
            Complaint.tracking_id == normalise_tracking_id(tracking_id),
            Complaint.secret == False,  # noqa: E712
            district_filter(actor, Forum.district_id),
        )
        .order_by(FeedbackItem.id)
    ).all()
    return [ForumOrigin(*r) for r in rows]


def _forum_of_ref(ref: str | None) -> int | None:
    """The forum id of a complaint's `external_ref` written by `forum_ref` ("FORUM-12"), else None."""
    prefix, _, number = (ref or "").strip().upper().partition("-")
    return int(number) if prefix == "FORUM" and number.isdigit() else None


def complaint_origins(session: Session, actor: Actor, record: str, key: str) -> list[Origin]:
    """The forums a complaint came from, for its page ("Dari forum: <title>, <date>" linking to the
    forum): those of the items linked to it, and the forum its reference names when it was taken in
    from a forum. Nothing for a reader of no forum, a rahasia complaint or a forum outside the
    actor's districts (the Module's `origins` hook)."""
    if record != "complaint" or not actor.has(*READERS):
        return []
    complaint = session.exec(select(Complaint).where(Complaint.tracking_id == normalise_tracking_id(key))).first()
    if complaint is None or complaint.secret:
        return []
    forum_ids = list(
        session.exec(
            select(FeedbackItem.forum_id).where(FeedbackItem.complaint_id == complaint.id).order_by(FeedbackItem.id)
        ).all()
    )
    by_ref = _forum_of_ref(complaint.external_ref) if complaint.channel == Channel.forum else None
    if by_ref is not None:
        forum_ids.append(by_ref)
    forum_ids = list(dict.fromkeys(forum_ids))
    if not forum_ids:
        return []
    rows = session.exec(
        select(Forum).where(
            col(Forum.id).in_(forum_ids),
            Forum.district_id == complaint.district_id,
            district_filter(actor, Forum.district_id),
        )
    ).all()
    found = {f.id: f for f in rows}
    return [
        Origin(
            "forums.origin.complaint",
            {"title": found[i].title, "date": i18n.fmt_date(found[i].held_on, actor.language)},
            page="forum",
            query={"id": found[i].id},
            icon=":material/groups:",
        )
        for i in forum_ids
        if i in found
    ]
