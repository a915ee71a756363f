"""The programme catalogue and its two managed lists (topics, organiser institutions).

The catalogue is shared by every district (a programme of a university or ministry is offered to
all); cohorts, which carry people and dates, belong to one district.
"""

from __future__ import annotations

from sqlmodel import Session, func, select

from models.training import (
    NamedCreate,
    Programme,
    ProgrammeCreate,
    ProgrammePublic,
    ProgrammeUpdate,
    TrainingOrganiser,
    TrainingTopic,
)
from services.core import audit
from services.core.access import Actor, require
from services.core.errors import NotFound, ValidationFailed, validate
from services.training.access import READERS, RUNNERS


def topics(session: Session, actor: Actor) -> dict[int, str]:
    """Active topics {id: name}, by name."""
    require(actor, *READERS)
    rows = session.exec(select(TrainingTopic).where(TrainingTopic.active == True).order_by(TrainingTopic.name))  # noqa: E712
    return {t.id: t.name for t in rows}


def organisers(session: Session, actor: Actor) -> dict[int, str]:
    """Active organiser institutions {id: name}, by name."""
    require(actor, *READERS)
    rows = session.exec(
        select(TrainingOrganiser).where(TrainingOrganiser.active == True).order_by(TrainingOrganiser.name)  # noqa: E712
    )
    return {o.id: o.name for o in rows}


def _taken(session: Session, model, name: str) -> bool:
    return session.exec(select(model.id).where(func.lower(model.name) == name.lower())).first() is not None


def add_topic(session: Session, actor: Actor, data: dict) -> int:
    """Add a topic to the managed list; a name already there (any case) is refused."""
    require(actor, *RUNNERS)
    new = validate(NamedCreate, data)
    if _taken(session, TrainingTopic, new.name):
        raise ValidationFailed.one("name", "name_taken")
    topic = TrainingTopic(name=new.name)
    session.add(topic)
    session.flush()
    audit.record(session, actor, "create", "training_topic", topic.id, after={"name": new.name}, district_id=None)
    return topic.id


def add_organiser(session: Session, actor: Actor, data: dict) -> int:
    """Add an organiser institution (university, ministry, agency, ...) to the managed list."""
    require(actor, *RUNNERS)
    new = validate(NamedCreate, data)
    if new.kind is None:
        raise ValidationFailed.one("kind", "required")
    if _taken(session, TrainingOrganiser, new.name):
        raise ValidationFailed.one("name", "name_taken")
    organiser = TrainingOrganiser(name=new.name, kind=new.kind.value)
    session.add(organiser)
    session.flush()
    audit.record(session, actor, "create", "training_organiser", organiser.id, after=new, district_id=None)
    return organiser.id


def _public(session: Session, p: Programme) -> ProgrammePublic:
    topic = session.get(TrainingTopic, p.topic_id)
    organiser = session.get(TrainingOrganiser, p.organiser_id)
    return ProgrammePublic(**p.model_dump(), topic=topic.name, organiser=organiser.name)


def list_programmes(session: Session, actor: Actor, include_inactive: bool = False) -> list[ProgrammePublic]:
    """The catalogue, by title."""
    require(actor, *READERS)
    query = select(Programme, TrainingTopic.name, TrainingOrganiser.name).join(
        TrainingTopic, TrainingTopic.id == Programme.topic_id
    )
    query = query.join(TrainingOrganiser, TrainingOrganiser.id == Programme.organiser_id)
    if not include_inactive:
        query = query.where(Programme.active == True)  # noqa: E712
    rows = session.exec(query.order_by(Programme.title)).all()
    return [ProgrammePublic(**p.model_dump(), topic=t, organiser=o) for p, t, o in rows]


def get_programme(session: Session, actor: Actor, programme_id: int) -> ProgrammePublic:
    require(actor, *READERS)
    p = session.get(Programme, programme_id)
    if p is None:
        raise NotFound()
    return _public(session, p)


def create_programme(session: Session, actor: Actor, data: dict) -> ProgrammePublic:
    """Add a programme; its topic and organiser must be on the managed lists."""
    require(actor, *RUNNERS)
    new = validate(ProgrammeCreate, data)
    topic = session.get(TrainingTopic, new.topic_id)
    if topic is None or not topic.active:
        raise ValidationFailed.one("topic_id", "choice_invalid")
    organiser = session.get(TrainingOrganiser, new.organiser_id)
    if organiser is None or not organiser.active:
        raise ValidationFailed.one("organiser_id", "choice_invalid")
    if session.exec(select(Programme.id).where(func.lower(Programme.title) == new.title.lower())).first():
        raise ValidationFailed.one("title", "name_taken")
    programme = Programme(**new.model_dump(mode="json"))
    session.add(programme)
    session.flush()
    audit.record(session, actor, "create", "training_programme", programme.id, after=new, district_id=None)
    return _public(session, programme)


def update_programme(session: Session, actor: Actor, programme_id: int, data: dict) -> ProgrammePublic:
    """Rename, re-time, re-assign or retire a programme. Certificates already issued keep what they
    said (they hold their own copy); cohorts still to finish count the new JP."""
    require(actor, *RUNNERS)
    change = validate(ProgrammeUpdate, data)
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise NotFound()
    fields = change.model_dump(exclude_unset=True)
    if fields.get("organiser_id") is not None and session.get(TrainingOrganiser, fields["organiser_id"]) is None:
        raise ValidationFailed.one("organiser_id", "choice_invalid")
    if fields.get("title"):
        clash = session.exec(
            select(Programme.id).where(
                func.lower(Programme.title) == fields["title"].lower(), Programme.id != programme_id
            )
        ).first()
        if clash:
            raise ValidationFailed.one("title", "name_taken")
    before = {k: getattr(programme, k) for k in fields}
    programme.sqlmodel_update({k: v for k, v in fields.items() if v is not None})
    session.add(programme)
    session.flush()
    b, a = audit.diff(before, {k: getattr(programme, k) for k in fields})
    if a:
        audit.record(session, actor, "update", "training_programme", programme.id, b, a, district_id=None)
    return _public(session, programme)
