"""Figures of the forums for charts: items heard and acted on per month, themes over time by area,
and the dates of forums (to mark on the IKM trend). Grouped by day in SQL (an index range, no date
functions per row, the same on SQLite and PostgreSQL), then into months or quarters here."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import and_
from sqlmodel import Session, func, select

from models.complaints import Complaint
from models.core.base import Role
from models.core.org import Unit
from models.forums import FeedbackItem, Forum, ForumArea, ForumStatus, ForumTag, ItemTag
from services.core import periods
from services.core.access import Actor, district_filter, require, require_district
from services.core.errors import NotFound
from services.forums.items import acted_and_done, follow_up_counts

READERS = (Role.manager, Role.organizer, Role.officer, Role.admin)


def _bucket(day, kind: str) -> str:
    if isinstance(day, str):  # SQLite hands back ISO text for grouped dates
        day = date.fromisoformat(day)
    size = periods.MONTHS_IN[kind] if kind != "month" else 1
    first = (day.month - 1) // size * size + 1
    return periods.format_code(day.year, first, kind)


def _scope(session: Session, actor: Actor, district_id: int | None, unit_id: int | None, start: date, end: date):
    require(actor, *READERS)
    conditions = [
        district_filter(actor, Forum.district_id),
        Forum.status == ForumStatus.held.value,
        Forum.held_on >= start,
        Forum.held_on <= end,
    ]
    if district_id is not None:
        require_district(actor, district_id)
        conditions.append(Forum.district_id == district_id)
    if unit_id is not None:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound()
        require_district(actor, unit.district_id)
        conditions.append(FeedbackItem.unit_id == unit_id)
    return and_(*conditions)


def heard_and_acted(
    session: Session,
    actor: Actor,
    start: date,
    end: date,
    kind: str = "month",
    district_id: int | None = None,
    unit_id: int | None = None,
) -> pd.DataFrame:
    """Per month (or quarter) of the forum: items heard, items acted on (an action or a complaint)
    and items done. Columns: code, heard, acted, done, share (acted / heard, 0..1)."""
    counts = follow_up_counts()
    acted, done = acted_and_done(counts)
    rows = session.exec(
        select(Forum.held_on, func.count(), func.sum(acted), func.sum(done))
        .select_from(FeedbackItem)
        .join(Forum, Forum.id == FeedbackItem.forum_id)
        .join(counts, counts.c.item_id == FeedbackItem.id, isouter=True)
        .join(Complaint, Complaint.id == FeedbackItem.complaint_id, isouter=True)
        .where(_scope(session, actor, district_id, unit_id, start, end))
        .group_by(Forum.held_on)
    ).all()
    out: dict[str, list[int]] = {}
    for day, heard, a, d in rows:
        row = out.setdefault(_bucket(day, kind), [0, 0, 0])
        row[0] += int(heard)
        row[1] += int(a or 0)
        row[2] += int(d or 0)
    frame = pd.DataFrame(
        [{"code": c, "heard": h, "acted": a, "done": d} for c, (h, a, d) in sorted(out.items())],
        columns=["code", "heard", "acted", "done"],
    )
    frame["share"] = (frame["acted"] / frame["heard"]).where(frame["heard"] > 0, 0.0) if len(frame) else []
    return frame


def themes_over_time(
    session: Session,
    actor: Actor,
    start: date,
    end: date,
    kind: str = "month",
    district_id: int | None = None,
    unit_id: int | None = None,
) -> pd.DataFrame:
    """Items per month (or quarter), area and theme. Columns: code, area, theme, n."""
    rows = session.exec(
        select(Forum.held_on, ForumArea.name, ForumTag.name, func.count())
        .select_from(ItemTag)
        .join(ForumTag, ForumTag.id == ItemTag.tag_id)
        .join(FeedbackItem, FeedbackItem.id == ItemTag.item_id)
        .join(Forum, Forum.id == FeedbackItem.forum_id)
        .join(ForumArea, ForumArea.id == Forum.area_id, isouter=True)
        .where(_scope(session, actor, district_id, unit_id, start, end))
        .group_by(Forum.held_on, ForumArea.name, ForumTag.name)
    ).all()
    out: dict[tuple[str, str, str], int] = {}
    for day, area, theme, n in rows:
        key = (_bucket(day, kind), area or "–", theme)
        out[key] = out.get(key, 0) + int(n)
    return pd.DataFrame(
        [{"code": c, "area": a, "theme": t, "n": n} for (c, a, t), n in sorted(out.items())],
        columns=["code", "area", "theme", "n"],
    )


def forum_dates(
    session: Session, actor: Actor, start: date, end: date, district_id: int | None = None, unit_id: int | None = None
) -> pd.DataFrame:
    """Held forums in the range (one row each): columns held_on, title, type. With a unit: the
    forums where something was said to that unit or the unit was a partner."""
    require(actor, *READERS)
    conditions = [
        district_filter(actor, Forum.district_id),
        Forum.status == ForumStatus.held.value,
        Forum.held_on >= start,
        Forum.held_on <= end,
    ]
    if district_id is not None:
        require_district(actor, district_id)
        conditions.append(Forum.district_id == district_id)
    query = select(Forum.id, Forum.held_on, Forum.title, Forum.type, Forum.partner_unit_ids).where(*conditions)
    rows = session.exec(query.order_by(Forum.held_on)).all()
    if unit_id is not None:
        heard = set(session.exec(select(FeedbackItem.forum_id).where(FeedbackItem.unit_id == unit_id).distinct()).all())
        rows = [r for r in rows if r[0] in heard or unit_id in (r[4] or [])]
    return pd.DataFrame(
        [{"held_on": r[1], "title": r[2], "type": r[3]} for r in rows], columns=["held_on", "title", "type"]
    )
