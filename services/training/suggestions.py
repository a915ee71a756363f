"""Training suggested by a unit's own service: a unit whose lowest SKM element, or most frequent
complaint category, in the last SUGGEST_DAYS days is linked (a managed mapping) to a training topic
gets that topic's programmes suggested on the trainer's home page and in the catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import distinct
from sqlmodel import Session, col, func, select

from models.complaints import CATEGORIES, Complaint
from models.core.org import Staff, Unit
from models.satisfaction import SurveyResponse
from models.training import (
    Certificate,
    Cohort,
    Enrolment,
    LinkSource,
    Programme,
    TopicLink,
    TopicLinkCreate,
    TrainingTopic,
)
from services.core import audit, clock
from services.core.access import Actor, district_filter, require
from services.core.errors import ValidationFailed, validate
from services.training.access import READERS, RUNNERS

SUGGEST_DAYS = 90  # look at the last quarter of a unit's surveys and complaints
ELEMENTS = tuple(f"u{i}" for i in range(1, 10))
MIN_RESPONSES = 10  # fewer answers than this say nothing reliable about a unit's weakest element
# Only a weak spot suggests training: an element graded below B (NRR under 3.0644, PermenPAN-RB
# 14/2017), or a complaint category with at least this many reports in the period.
WEAK_NRR = 3.0644
MIN_COMPLAINTS = 5
# ... and only while under half the unit's staff finished a programme of that topic in the last year.
COVERED_SHARE = 0.5


@dataclass(frozen=True)
class Suggestion:
    unit_id: int
    unit_code: str
    source: str  # skm | complaint
    code: str  # the element (u3) or the category (perizinan)
    topic: str
    programmes: tuple[str, ...]


def links(session: Session, actor: Actor) -> list[tuple[str, str, str]]:
    """The mapping as (source, code, topic name), by source then code."""
    require(actor, *READERS)
    rows = session.exec(
        select(TopicLink.source, TopicLink.code, TrainingTopic.name)
        .join(TrainingTopic, TrainingTopic.id == TopicLink.topic_id)
        .order_by(TopicLink.source, TopicLink.code)
    ).all()
    return [tuple(r) for r in rows]


def set_link(session: Session, actor: Actor, data: dict) -> None:
    """Link an SKM element or a complaint category to a topic (replacing its earlier topic)."""
    require(actor, *RUNNERS)
    new = validate(TopicLinkCreate, data)
    known = ELEMENTS if new.source == LinkSource.skm else tuple(CATEGORIES)
    if new.code not in known:
        raise ValidationFailed.one("code", "choice_invalid")
    if session.get(TrainingTopic, new.topic_id) is None:
        raise ValidationFailed.one("topic_id", "choice_invalid")
    row = session.exec(
        select(TopicLink).where(TopicLink.source == new.source.value, TopicLink.code == new.code)
    ).first()
    row = row or TopicLink(source=new.source.value, code=new.code, topic_id=new.topic_id)
    row.topic_id = new.topic_id
    session.add(row)
    session.flush()
    audit.record(session, actor, "update", "training_topic_link", row.id, after=new, district_id=None)


def _weakest_elements(session: Session, actor: Actor, since) -> dict[int, str]:
    averages = [func.avg(getattr(SurveyResponse, e) * 1.0) for e in ELEMENTS]
    rows = session.exec(
        select(SurveyResponse.unit_id, func.count(), *averages)
        .join(Unit, Unit.id == SurveyResponse.unit_id)
        .where(district_filter(actor, Unit.district_id), SurveyResponse.answered_on >= since)
        .group_by(SurveyResponse.unit_id)
    ).all()
    out = {}
    for unit_id, n, *avgs in rows:
        if n >= MIN_RESPONSES:
            element, nrr = min(zip(ELEMENTS, avgs, strict=True), key=lambda pair: (pair[1], pair[0]))
            if nrr < WEAK_NRR:
                out[unit_id] = element
    return out


def _top_categories(session: Session, actor: Actor, since) -> dict[int, str]:
    rows = session.exec(
        select(Complaint.unit_id, Complaint.category, func.count())
        .where(
            district_filter(actor, Complaint.district_id),
            Complaint.received_on >= since,
            col(Complaint.unit_id).is_not(None),
        )
        .group_by(Complaint.unit_id, Complaint.category)
    ).all()
    best: dict[int, tuple[int, str]] = {}
    for unit_id, category, n in rows:
        if unit_id not in best or (n, category) > best[unit_id]:
            best[unit_id] = (n, category)
    return {u: c for u, (n, c) in best.items() if n >= MIN_COMPLAINTS}


def suggestions(session: Session, actor: Actor) -> list[Suggestion]:
    """One suggestion per unit and weak spot that the mapping links to a topic with programmes."""
    require(actor, *READERS)
    since = clock.today() - timedelta(days=SUGGEST_DAYS)
    mapping = {(s, c): t for s, c, t in session.exec(select(TopicLink.source, TopicLink.code, TopicLink.topic_id))}
    if not mapping:
        return []
    topics = dict(session.exec(select(TrainingTopic.id, TrainingTopic.name)).all())
    offered: dict[int, list[str]] = {}
    for topic_id, title in session.exec(select(Programme.topic_id, Programme.title).where(Programme.active == True)):  # noqa: E712
        offered.setdefault(topic_id, []).append(title)
    codes = dict(session.exec(select(Unit.id, Unit.code).where(district_filter(actor, Unit.district_id))).all())
    covered = _covered(session, since=clock.today() - timedelta(days=365))
    out = []
    for source, weak in (
        ("skm", _weakest_elements(session, actor, since)),
        ("complaint", _top_categories(session, actor, since)),
    ):
        for unit_id, code in weak.items():
            topic_id = mapping.get((source, code))
            if topic_id is None or not offered.get(topic_id) or unit_id not in codes:
                continue
            if covered.get((unit_id, topic_id), 0) < COVERED_SHARE:
                out.append(
                    Suggestion(
                        unit_id, codes[unit_id], source, code, topics[topic_id], tuple(sorted(offered[topic_id]))
                    )
                )
    return sorted(out, key=lambda s: (s.unit_code, s.source))


def _covered(session: Session, since) -> dict[tuple[int, int], float]:
    """{(unit id, topic id): share of the unit's active staff certified in that topic since `since`}."""
    staff = dict(
        session.exec(select(Staff.unit_id, func.count()).where(Staff.active == True).group_by(Staff.unit_id)).all()
    )  # noqa: E712
    rows = session.exec(
        select(Staff.unit_id, Programme.topic_id, func.count(distinct(Staff.id)))
        .join(Certificate, Certificate.staff_id == Staff.id)
        .join(Enrolment, Enrolment.id == Certificate.enrolment_id)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .join(Programme, Programme.id == Cohort.programme_id)
        .where(Certificate.end_on >= since, Staff.active == True)  # noqa: E712
        .group_by(Staff.unit_id, Programme.topic_id)
    ).all()
    return {(u, t): n / staff[u] for u, t, n in rows if staff.get(u)}
