"""Community forums: meetings (forum diskusi, musyawarah, outreach visits ...), what was heard at
them (feedback items), and the follow-up actions units take on each item.

Table models store plain strings for coded values (no database enums) and do not validate; every
form and grid row goes through a Create/Update model below, whose errors are catalogue codes.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from pydantic import field_validator, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import JSON, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.core import validators as v
from models.core.base import utcnow

# --- vocabularies ---------------------------------------------------------------------------------


class ForumType(StrEnum):
    forum_diskusi = "forum_diskusi"
    musyawarah = "musyawarah"  # Musrenbang included
    outreach = "outreach"  # a visit to a community ("Wanggar Mendengarkan")
    focus_group = "focus_group"
    public_consultation = "public_consultation"
    service_user_forum = "service_user_forum"


class ForumStatus(StrEnum):
    planned = "planned"
    held = "held"
    cancelled = "cancelled"


class AreaLevel(StrEnum):
    kecamatan = "kecamatan"
    kelurahan = "kelurahan"
    desa = "desa"
    kampung = "kampung"


class ItemKind(StrEnum):
    aspirasi = "aspirasi"
    keluhan = "keluhan"
    saran = "saran"
    apresiasi = "apresiasi"
    pertanyaan = "pertanyaan"


class ItemPriority(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


class ActionStatus(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    not_possible = "not_possible"  # with a reason, told in public


# Groups whose presence the attendance records (vulnerable or often unheard).
VULNERABLE_GROUPS = ("disabled", "elderly", "women", "youth")
OPEN_ACTION = (ActionStatus.planned.value, ActionStatus.in_progress.value)

TITLE_MAX = 150
VENUE_MAX = 200
LINK_MAX = 300
ORGANIZERS_MAX = 300
AGENDA_MAX = 4000
MINUTES_MAX = 50_000  # long notes typed during or after a meeting
ITEM_TEXT_MAX = 2000
TAG_MAX = 40
TAGS_PER_ITEM = 8
SERVICE_MAX = 150
NOTE_MAX = 2000
REASON_MAX = 1000
AREA_NAME_MAX = 100


def check_tags(value) -> list[str]:
    """Theme tags from a list or a comma-separated text: trimmed, lower-cased, no repeats; each at
    most TAG_MAX characters and at most TAGS_PER_ITEM of them."""
    if value is None:
        return []
    value = value.replace(";", ",").split(",") if isinstance(value, str) else v.as_list(value)
    out: list[str] = []
    for tag in value:
        tag = " ".join(str(tag or "").split()).lower()
        if not tag:
            continue
        if len(tag) > TAG_MAX:
            raise PydanticCustomError("forum_tag_long", "Tag is too long", {"max": TAG_MAX})
        if tag not in out:
            out.append(tag)
    if len(out) > TAGS_PER_ITEM:
        raise PydanticCustomError("forum_tags_many", "Too many tags", {"max": TAGS_PER_ITEM})
    return out


def check_progress(value) -> int:
    """Progress in whole percent, 0..100; empty is 0."""
    if value is None or value == "":
        return 0
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        raise PydanticCustomError("number_invalid", "Must be a number") from None
    if not 0 <= number <= 100:
        raise PydanticCustomError("forum_progress_range", "Progress is 0-100")
    return number


def check_action_state(action):
    """Not possible needs a reason (it is told in public); done is 100 %."""
    if action.status == ActionStatus.not_possible and not action.reason:
        raise PydanticCustomError("forum_reason_required", "Say why it is not possible")
    if action.status == ActionStatus.done:
        action.progress = 100
    return action


# --- areas and tags (managed lists) -----------------------------------------------------------------


class ForumArea(SQLModel, table=True):
    """A kecamatan, kelurahan, desa or kampung of a district where forums are held."""

    __tablename__ = "forum_area"
    __table_args__ = (UniqueConstraint("district_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    name: str = Field(max_length=AREA_NAME_MAX)
    level: str = Field(max_length=12)  # an AreaLevel value
    active: bool = True


class AreaCreate(SQLModel):
    district_id: int | None = None
    name: str = Field(min_length=2, max_length=AREA_NAME_MAX)
    level: AreaLevel

    _name = field_validator("name", mode="before")(lambda x: v.require_text(v.single_line(x)))


class ForumTag(SQLModel, table=True):
    """A theme tag; organizers add new ones as they type, an admin merges near-duplicates."""

    __tablename__ = "forum_tag"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=TAG_MAX, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


# --- Forum ----------------------------------------------------------------------------------------


class Forum(SQLModel, table=True):
    __table_args__ = (Index("ix_forum_district_date", "district_id", "held_on"),)
    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id")
    area_id: int | None = Field(default=None, foreign_key="forum_area.id", index=True)
    type: str = Field(max_length=24)  # a ForumType value
    status: str = Field(default=ForumStatus.planned.value, max_length=10)
    title: str = Field(max_length=TITLE_MAX)
    held_on: date
    start_time: time | None = None
    end_time: time | None = None
    venue: str | None = Field(default=None, max_length=VENUE_MAX)
    online_link: str | None = Field(default=None, max_length=LINK_MAX)
    organizers: str | None = Field(default=None, max_length=ORGANIZERS_MAX)
    partner_unit_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    agenda: str | None = Field(default=None, sa_type=Text)
    attendance_total: int | None = None
    attendance_women: int | None = None
    attendance_men: int | None = None
    vulnerable_groups: list[str] = Field(default_factory=list, sa_type=JSON)
    minutes: str | None = Field(default=None, sa_type=Text)  # plain text, shown inert
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 0  # bumped by every change; a write based on a stale read is refused


class ForumFields(SQLModel):
    """The fields a forum form may send, shared by create and update."""

    type: ForumType
    status: ForumStatus = ForumStatus.planned
    title: str = Field(min_length=3, max_length=TITLE_MAX)
    held_on: date
    area_id: int | None = None
    start_time: time | None = None
    end_time: time | None = None
    venue: str | None = Field(default=None, max_length=VENUE_MAX)
    online_link: str | None = Field(default=None, max_length=LINK_MAX)
    organizers: str | None = Field(default=None, max_length=ORGANIZERS_MAX)
    partner_unit_ids: list[int] = Field(default_factory=list, max_length=20)
    agenda: str | None = Field(default=None, max_length=AGENDA_MAX)
    attendance_total: int | None = Field(default=None, ge=0, le=100_000)
    attendance_women: int | None = Field(default=None, ge=0, le=100_000)
    attendance_men: int | None = Field(default=None, ge=0, le=100_000)
    vulnerable_groups: list[str] = Field(default_factory=list)
    minutes: str | None = Field(default=None, max_length=MINUTES_MAX)

    _title = field_validator("title", mode="before")(lambda x: v.require_text(v.single_line(x)))
    _line = field_validator("venue", "organizers", mode="before")(v.single_line)
    _text = field_validator("agenda", "minutes", mode="before")(v.clean_text)

    @field_validator("online_link", mode="before")
    @classmethod
    def _link(cls, value):
        value = v.clean_text(value)
        if value is not None and not value.lower().startswith(("https://", "http://")):
            raise PydanticCustomError("forum_link_invalid", "Not a web address")
        return value

    @field_validator("vulnerable_groups", mode="before")
    @classmethod
    def _groups(cls, value):
        value = v.as_list(value)
        if any(g not in VULNERABLE_GROUPS for g in value):
            raise PydanticCustomError("choice_invalid", "Unknown group")
        return list(dict.fromkeys(value))

    @model_validator(mode="after")
    def _consistent(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise PydanticCustomError("forum_time_reversed", "The meeting ends before it starts")
        known = (self.attendance_women or 0) + (self.attendance_men or 0)
        if self.attendance_total is not None and known > self.attendance_total:
            raise PydanticCustomError("forum_attendance_sum", "More women and men than the total")
        return self


class ForumCreate(ForumFields):
    district_id: int | None = None  # only for users of every district


class ForumUpdate(ForumFields):
    version: int  # the version the form was read at


class ForumPublic(SQLModel):
    id: int
    district_id: int
    district_name: str
    area_id: int | None
    area_name: str | None
    type: str
    status: str
    title: str
    held_on: date
    start_time: time | None
    end_time: time | None
    venue: str | None
    online_link: str | None
    organizers: str | None
    partner_unit_ids: list[int]
    partner_units: list[str]
    agenda: str | None
    attendance_total: int | None
    attendance_women: int | None
    attendance_men: int | None
    vulnerable_groups: list[str]
    minutes: str | None
    version: int
    items: int = 0
    actions_open: int = 0


# --- participants (optional, personal data) ---------------------------------------------------------


class ForumParticipant(SQLModel, table=True):
    """Someone on the attendance list. Personal data: shown masked, never published."""

    __tablename__ = "forum_participant"
    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id", index=True)
    name: str = Field(max_length=150)
    phone: str | None = Field(default=None, max_length=20)
    community: str | None = Field(default=None, max_length=150)  # RT/RW, kampung, group represented


class ParticipantCreate(SQLModel):
    name: str = Field(min_length=2, max_length=150)
    phone: str | None = Field(default=None, max_length=20)
    community: str | None = Field(default=None, max_length=150)

    _name = field_validator("name", mode="before")(lambda x: v.require_text(v.single_line(x)))
    _opt = field_validator("phone", "community", mode="before")(v.single_line)


# --- feedback items -----------------------------------------------------------------------------------


class FeedbackItem(SQLModel, table=True):
    """One thing heard at a forum."""

    __tablename__ = "feedback_item"
    __table_args__ = (Index("ix_feedback_item_unit", "unit_id", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id", index=True)
    kind: str = Field(max_length=12)  # an ItemKind value
    text: str = Field(sa_type=Text)  # its theme tags are rows of feedback_item_tag
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    service: str | None = Field(default=None, max_length=SERVICE_MAX)
    priority: str = Field(default=ItemPriority.medium.value, max_length=8)
    complaint_id: int | None = Field(default=None, foreign_key="complaint.id", index=True)
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 0


class ItemTag(SQLModel, table=True):
    """An item's theme tags as rows, so reports count by theme in SQL."""

    __tablename__ = "feedback_item_tag"
    item_id: int = Field(foreign_key="feedback_item.id", primary_key=True)
    tag_id: int = Field(foreign_key="forum_tag.id", primary_key=True, index=True)


class ItemCreate(SQLModel):
    kind: ItemKind
    text: str = Field(min_length=3, max_length=ITEM_TEXT_MAX)
    tags: list[str] = Field(default_factory=list)
    unit_id: int | None = None
    service: str | None = Field(default=None, max_length=SERVICE_MAX)
    priority: ItemPriority = ItemPriority.medium

    _text = field_validator("text", mode="before")(v.require_text)
    _tags = field_validator("tags", mode="before")(check_tags)
    _service = field_validator("service", mode="before")(v.single_line)


class ItemUpdate(ItemCreate):
    version: int


class ItemPublic(SQLModel):
    id: int
    forum_id: int
    kind: str
    text: str
    tags: list[str]
    unit_id: int | None
    unit_code: str | None
    service: str | None
    priority: str
    complaint_id: int | None
    complaint_tracking_id: str | None = None
    complaint_state: str | None = None
    complaint_closed_on: date | None = None
    actions: int = 0
    actions_done: int = 0
    version: int


# --- follow-up actions --------------------------------------------------------------------------------


class FollowUpAction(SQLModel, table=True):
    __tablename__ = "follow_up_action"
    __table_args__ = (Index("ix_follow_up_owner_due", "owner_unit_id", "status", "due_on"),)
    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="feedback_item.id", index=True)
    owner_unit_id: int = Field(foreign_key="unit.id")
    title: str = Field(max_length=TITLE_MAX)
    due_on: date
    status: str = Field(default=ActionStatus.planned.value, max_length=12)
    reason: str | None = Field(default=None, max_length=REASON_MAX)  # why it is not possible
    progress: int = 0  # 0..100 %
    public_note: str | None = Field(default=None, sa_type=Text)
    internal_note: str | None = Field(default=None, sa_type=Text)  # never leaves the staff screens
    done_on: date | None = None
    evidence_name: str | None = Field(default=None, max_length=150)  # the user's file name, display only
    evidence_stored: str | None = Field(default=None, max_length=80)  # generated name under data/
    evidence_mime: str | None = Field(default=None, max_length=60)
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 0


class ActionFields(SQLModel):
    title: str = Field(min_length=3, max_length=TITLE_MAX)
    owner_unit_id: int
    due_on: date
    status: ActionStatus = ActionStatus.planned
    reason: str | None = Field(default=None, max_length=REASON_MAX)
    progress: int = Field(default=0, ge=0, le=100)
    public_note: str | None = Field(default=None, max_length=NOTE_MAX)
    internal_note: str | None = Field(default=None, max_length=NOTE_MAX)

    _title = field_validator("title", mode="before")(lambda x: v.require_text(v.single_line(x)))
    _text = field_validator("reason", "public_note", "internal_note", mode="before")(v.clean_text)

    _progress = field_validator("progress", mode="before")(lambda x: check_progress(x))

    @model_validator(mode="after")
    def _consistent(self):
        return check_action_state(self)


class ActionCreate(ActionFields):
    pass


class ActionUpdate(ActionFields):
    version: int


class ActionProgress(SQLModel):
    """What the owner unit's liaison may change: the state of the work and its notes."""

    status: ActionStatus
    progress: int = Field(default=0, ge=0, le=100)
    reason: str | None = Field(default=None, max_length=REASON_MAX)
    public_note: str | None = Field(default=None, max_length=NOTE_MAX)
    internal_note: str | None = Field(default=None, max_length=NOTE_MAX)
    version: int

    _text = field_validator("reason", "public_note", "internal_note", mode="before")(v.clean_text)
    _progress = field_validator("progress", mode="before")(lambda x: check_progress(x))

    @model_validator(mode="after")
    def _consistent(self):
        return check_action_state(self)


class ActionPublic(SQLModel):
    id: int
    item_id: int
    forum_id: int
    forum_title: str
    district_id: int
    item_text: str
    owner_unit_id: int
    owner_unit_code: str
    title: str
    due_on: date
    status: str
    reason: str | None
    progress: int
    public_note: str | None
    internal_note: str | None
    done_on: date | None
    evidence_name: str | None
    overdue: bool
    version: int
