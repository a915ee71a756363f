"""Complaint triage (SP4N-LAPOR!): complaints, their timeline, attachments and reply templates.

The complaint row stores its next deadline (`due_on`, `due_kind`) and the fields the queue filters on,
recomputed at every transition, so the triage queue never computes working days per row at query time.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum

from pydantic import field_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.core import validators as v
from models.core.base import utcnow

# --- vocabularies -------------------------------------------------------------------------------


class ComplaintKind(StrEnum):
    """The three classes of report in SP4N-LAPOR!."""

    aspirasi = "aspirasi"
    pengaduan = "pengaduan"
    informasi = "informasi"  # permintaan informasi


class Channel(StrEnum):
    walk_in = "walk_in"
    phone = "phone"
    letter = "letter"
    online = "online"  # the district's online form or complaint app
    social_media = "social_media"
    forum = "forum"  # heard at a community forum or outreach visit
    lapor = "lapor"  # forwarded from SP4N-LAPOR!


class Priority(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    urgent = "urgent"


class State(StrEnum):
    received = "received"
    verified = "verified"
    forwarded = "forwarded"  # disposisi: a unit owes a follow-up
    in_follow_up = "in_follow_up"  # the unit answered; waiting for the complainant
    done = "done"
    closed = "closed"
    postponed = "postponed"  # tunda: the clock stops
    not_authority = "not_authority"  # bukan wewenang
    duplicate = "duplicate"  # merged into another complaint
    archived = "archived"


class DueKind(StrEnum):
    """What the next deadline is for."""

    forward = "forward"  # verify and forward (coordinator)
    follow_up = "follow_up"  # the unit's follow-up
    resume = "resume"  # a postponed complaint is to be taken up again
    auto_close = "auto_close"  # closes itself unless the complainant replies (nobody is late)


class Maladministration(StrEnum):
    """Ombudsman RI maladministration types (optional tag at closing)."""

    penundaan_berlarut = "penundaan_berlarut"
    penyimpangan_prosedur = "penyimpangan_prosedur"
    tidak_memberikan_pelayanan = "tidak_memberikan_pelayanan"
    tidak_kompeten = "tidak_kompeten"
    penyalahgunaan_wewenang = "penyalahgunaan_wewenang"
    permintaan_imbalan = "permintaan_imbalan"
    tidak_patut = "tidak_patut"
    diskriminasi = "diskriminasi"
    berpihak = "berpihak"
    konflik_kepentingan = "konflik_kepentingan"


# Category -> the unit kinds (models.org.Unit.kind) that usually handle it, first match first.
# The intake form suggests the unit from this list; the officer may pick another.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "adminduk": ("dukcapil", "kantor", "kelurahan"),
    "perizinan": ("perizinan", "kantor"),
    "kesehatan": ("puskesmas", "kesehatan", "rumah_sakit"),
    "bansos": ("sosial", "kampung", "kelurahan", "kantor"),
    "infrastruktur": ("kantor", "kelurahan", "kampung"),
    "layanan_umum": ("kantor", "kelurahan"),
    "perilaku_petugas": ("kepegawaian", "kantor"),
    "layanan_digital": ("kominfo", "kantor"),
    "lingkungan": ("kelurahan", "kantor", "kampung"),
    "lainnya": ("kantor",),
}

OPEN_STATES = (State.received, State.verified, State.forwarded, State.in_follow_up, State.done, State.postponed)
# Not yet answered by a unit: the national 14/60-day limit is still running for these.
UNANSWERED_STATES = (State.received, State.verified, State.forwarded)
# Deadlines that a person can miss (auto_close is the system's).
STAFF_DUE_KINDS = (DueKind.forward, DueKind.follow_up, DueKind.resume)

TRACKING_RE = re.compile(r"^([A-Z]{3})-(\d{4})-(\d{1,6})$")
# An Indonesian number without its separators: the country code (+62, 0062, 62), optionally with the
# trunk 0 written after it ("+62 (0)812"), or the trunk 0 alone; then the national number, which never
# starts with 0: 7-13 digits (landlines from (0984) 21234, mobiles up to 0812-3456-78901).
PHONE_RE = re.compile(r"^(?:(?:\+|00)?620?|0)([1-9]\d{6,12})$")

# A chain of duplicates of duplicates is followed this far (far beyond any real one).
MERGE_DEPTH = 20
TITLE_MAX = 150
DESCRIPTION_MAX = 4000
NOTE_MAX = 4000
AREA_MAX = 100


def tracking_id(district_code: str, year: int, seq: int) -> str:
    """WGR-2026-000123: district code, year of receipt, six-digit sequence per district and year."""
    return f"{district_code}-{year}-{seq:06d}"


def normalise_tracking_id(raw: str | None) -> str:
    text = (raw if isinstance(raw, str) else "").strip().upper().replace(" ", "")
    m = TRACKING_RE.match(text)
    return tracking_id(m.group(1), int(m.group(2)), int(m.group(3))) if m else text


# --- validators -----------------------------------------------------------------------------------


def check_phone(value: str | None) -> str | None:
    """An Indonesian phone number (mobile or landline): 0812-3456-7890, +62 812 3456 7890,
    62 812..., +62 0812..., (0984) 21234. Stored in one national form: the trunk 0 and the digits,
    no separators (081234567890), whichever way it was written."""
    value = v.clean_text(value)
    if value is None:
        return None
    compact = re.sub(r"[\s\-.()]", "", value)
    m = PHONE_RE.match(compact)
    if not m:
        raise PydanticCustomError("phone_invalid", "Not a phone number")
    return "0" + m.group(1)


def check_category(value: str) -> str:
    if value not in CATEGORIES:
        raise PydanticCustomError("choice_invalid", "Unknown category")
    return value


# --- Complaint ------------------------------------------------------------------------------------


class Complaint(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("district_id", "year", "seq"),
        # The triage queue: scope by district or unit, then state, sorted by the next deadline.
        Index("ix_complaint_queue_district", "district_id", "state", "due_on"),
        Index("ix_complaint_queue_unit", "unit_id", "state", "due_on"),
        # The dashboard's aggregates read these indexes alone (they cover the grouped columns).
        Index("ix_complaint_received", "received_on", "category"),
        Index("ix_complaint_district_received", "district_id", "received_on", "category"),
        Index("ix_complaint_closed", "closed_on", "handling_days", "on_time"),
        Index("ix_complaint_district_closed", "district_id", "closed_on", "handling_days", "on_time"),
        # The queue's counts (overdue, due today, escalated, awaiting) over the open work, and the
        # area picker (DISTINCT area of a district), each read from its index alone (migration 0009).
        Index("ix_complaint_open_work", "state", "district_id", "unit_id", "due_kind", "due_on", "resolve_by"),
        Index("ix_complaint_district_area", "district_id", "area", "secret"),
        # Each unit's share closed on time over a date range (the training panel), from the index alone.
        Index("ix_complaint_unit_closed", "unit_id", "closed_on", "on_time"),
    )
    id: int | None = Field(default=None, primary_key=True)
    tracking_id: str = Field(max_length=20, unique=True)
    district_id: int = Field(foreign_key="district.id")  # indexed first in the composite indexes
    year: int
    seq: int
    kind: str = Field(max_length=12)  # a ComplaintKind value
    channel: str = Field(max_length=12)  # a Channel value
    category: str = Field(max_length=20)
    title: str = Field(max_length=TITLE_MAX)
    description: str = Field(sa_type=Text)
    area: str | None = Field(default=None, max_length=AREA_MAX)  # kelurahan / desa / kampung
    external_ref: str | None = Field(default=None, max_length=60)  # SP4N-LAPOR! number, forum, letter no.
    received_on: date
    priority: str = Field(default=Priority.medium.value, max_length=8)
    state: str = Field(default=State.received.value, max_length=16, index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")  # concerned, then handling unit
    assignee_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    # Confidentiality: rahasia hides the report outside the handling units; anonim hides identity.
    secret: bool = False
    anonymous: bool = False
    complainant_name: str | None = Field(default=None, max_length=150)
    complainant_phone: str | None = Field(default=None, max_length=20)
    complainant_email: str | None = Field(default=None, max_length=200)
    pin_hash: str = Field(max_length=200)  # the receipt's PIN, hashed (services/complaint_status.py)
    field_check: bool = False  # needs a field check: 60 days instead of 14
    # Deadlines, recomputed at each transition (services/complaint_rules.py).
    due_on: date | None = Field(default=None, index=True)
    due_kind: str | None = Field(default=None, max_length=12)
    resolve_by: date  # national limit: 14 (or 60) calendar days, extended while postponed
    late: bool = False  # some deadline was missed on the way
    paused_state: str | None = Field(default=None, max_length=16)
    paused_due_kind: str | None = Field(default=None, max_length=12)
    paused_remaining: int | None = None  # working days left on the stopped clock
    postponed_on: date | None = None
    paused_days: int = 0  # working days spent postponed, not counted as handling time
    forwarded_on: date | None = None
    resolved_on: date | None = None  # the unit's latest answer (follow-up or done)
    closed_on: date | None = None
    # Set at closing: working days from receipt until the unit marked it done (or until the closing
    # when it never was), less the days postponed (services/complaint_rules.apply).
    handling_days: int | None = None
    on_time: bool | None = None  # set at closing: every deadline met
    rating: int | None = None  # the complainant's satisfaction with the handling, 1-5
    maladministration: str | None = Field(default=None, max_length=30)
    merged_into_id: int | None = Field(default=None, foreign_key="complaint.id", index=True)
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 0  # bumped by every change; a write based on a stale read is refused


class ComplaintCreate(SQLModel):
    """What the intake form may send."""

    district_id: int | None = None  # only for officers scoped to every district
    kind: ComplaintKind
    channel: Channel
    category: str
    unit_id: int | None = None
    area: str | None = Field(default=None, max_length=AREA_MAX)
    external_ref: str | None = Field(default=None, max_length=60)
    title: str = Field(min_length=5, max_length=TITLE_MAX)
    description: str = Field(min_length=10, max_length=DESCRIPTION_MAX)
    received_on: date
    priority: Priority = Priority.medium
    field_check: bool = False
    secret: bool = False
    anonymous: bool = False
    complainant_name: str | None = Field(default=None, max_length=150)
    complainant_phone: str | None = None
    complainant_email: str | None = None
    duplicate_of: str | None = None  # tracking ID of an open complaint this one repeats

    _title = field_validator("title", mode="before")(lambda x: v.require_text(v.single_line(x)))
    _description = field_validator("description", mode="before")(v.require_text)
    _optional = field_validator("area", "external_ref", "complainant_name", "duplicate_of", mode="before")(
        v.single_line
    )
    _phone = field_validator("complainant_phone", mode="before")(check_phone)
    _email = field_validator("complainant_email", mode="before")(v.check_email)
    _category = field_validator("category")(check_category)


class Transition(SQLModel):
    """Input of a workflow action; each action reads the fields it needs (services/complaints.py)."""

    note: str | None = Field(default=None, max_length=NOTE_MAX)
    public: bool = False
    unit_id: int | None = None
    assignee_id: int | None = None
    until: date | None = None  # postpone: the day it is to be taken up again
    rating: int | None = Field(default=None, ge=1, le=5)
    maladministration: Maladministration | None = None
    target: str | None = None  # merge: tracking ID of the complaint that stays
    field_check: bool | None = None
    priority: Priority | None = None

    _note = field_validator("note", mode="before")(v.clean_text)
    _target = field_validator("target", mode="before")(v.single_line)


class ComplaintCounter(SQLModel, table=True):
    """The last sequence number per district and year: tracking IDs are handed out by one UPDATE."""

    __tablename__ = "complaint_counter"
    district_id: int = Field(foreign_key="district.id", primary_key=True)
    year: int = Field(primary_key=True)
    last: int = 0


class ComplaintHandler(SQLModel, table=True):
    """Every unit a complaint has been forwarded to (the hops); they may read it even when rahasia."""

    __tablename__ = "complaint_handler"
    complaint_id: int = Field(foreign_key="complaint.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", primary_key=True, index=True)


class ComplaintEvent(SQLModel, table=True):
    """One line of the timeline: a transition or a note, who and when, internal or public."""

    __tablename__ = "complaint_event"
    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    day: date  # the working day the step counts for
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    actor_name: str = Field(max_length=150)
    action: str = Field(max_length=20)
    from_state: str | None = Field(default=None, max_length=16)
    to_state: str | None = Field(default=None, max_length=16)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    assignee_id: int | None = Field(default=None, foreign_key="user_account.id")
    note: str | None = Field(default=None, sa_type=Text)
    public: bool = False  # the note may be shown to the complainant
    due_on: date | None = None  # the deadline after this step
    due_kind: str | None = Field(default=None, max_length=12)


class ComplaintAttachment(SQLModel, table=True):
    """A file stored under data/attachments/ with a generated name; the user's name is display-only."""

    __tablename__ = "complaint_attachment"
    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True)
    stored_name: str = Field(max_length=80, unique=True)
    original_name: str = Field(max_length=150)
    mime: str = Field(max_length=60)
    size: int
    sha256: str = Field(max_length=64)
    uploaded_by: int | None = Field(default=None, foreign_key="user_account.id")
    uploaded_at: datetime = Field(default_factory=utcnow)


class ResponseTemplate(SQLModel, table=True):
    """A public reply text an officer can start from, per category (None: any) and state."""

    __tablename__ = "response_template"
    id: int | None = Field(default=None, primary_key=True)
    category: str | None = Field(default=None, max_length=20)
    state: str = Field(max_length=16)
    title: str = Field(max_length=100)
    body: str = Field(sa_type=Text)
    active: bool = True
    updated_by: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow)


TEMPLATE_PLACEHOLDERS = ("tracking_id", "unit", "due", "category")
TEMPLATE_STATES = (
    State.received,
    State.verified,
    State.forwarded,
    State.in_follow_up,
    State.done,
    State.closed,
    State.postponed,
    State.not_authority,
    State.duplicate,
)


def check_template_body(value: str) -> str:
    """Placeholders are limited to TEMPLATE_PLACEHOLDERS, and braces must pair."""
    import string

    value = v.require_text(value)
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError:
        raise PydanticCustomError("template_braces", "Unbalanced braces") from None
    unknown = sorted(n for n in names if n not in TEMPLATE_PLACEHOLDERS)
    if unknown:
        raise PydanticCustomError(
            "template_placeholder",
            "Unknown placeholder",
            {"name": unknown[0], "allowed": ", ".join(TEMPLATE_PLACEHOLDERS)},
        )
    return value


class TemplateCreate(SQLModel):
    category: str | None = None
    state: State
    title: str = Field(min_length=3, max_length=100)
    body: str = Field(min_length=10, max_length=2000)
    active: bool = True

    _title = field_validator("title", mode="before")(lambda x: v.require_text(v.single_line(x)))
    _body = field_validator("body", mode="before")(check_template_body)

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, value):
        value = v.clean_text(value)
        return None if value is None else check_category(value)

    @field_validator("state")
    @classmethod
    def _state(cls, value):
        if value not in TEMPLATE_STATES:
            raise PydanticCustomError("choice_invalid", "Not a reply state")
        return value


class TemplatePublic(SQLModel):
    id: int
    category: str | None
    state: str
    title: str
    body: str
    active: bool
    updated_at: datetime
