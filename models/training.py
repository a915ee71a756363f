"""Staff development: the programme catalogue, cohorts with sessions, enrolment, attendance, scores,
certificates, learning recorded by hand, and the ASN Berprestasi nominations and awards.

Rules (../shared/domain.md): every PNS is entitled to at least 20 JP a year; 1 JP = 45 minutes;
competency kinds teknis / manajerial / sosial kultural; classroom (klasikal) and non-classroom forms.
Coded values are plain strings (no database enums). A certificate keeps a copy of what it certifies
(name, programme, dates, JP), so a later rename never changes a certificate already handed out.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from pydantic import field_validator, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.core import validators as v
from models.core.base import utcnow

JP_MINUTES = 45  # 1 JP (jam pelajaran) = 45 minutes
JP_TARGET = 20  # PP 11/2017 art. 203(4): at least 20 JP of competency development per PNS per year
SCORE_MAX = 100
TITLE_MAX = 200
NOTE_MAX = 1000


class Competency(StrEnum):
    teknis = "teknis"
    manajerial = "manajerial"
    sosial_kultural = "sosial_kultural"


class Form(StrEnum):
    # classroom (klasikal)
    pelatihan = "pelatihan"
    seminar = "seminar"
    workshop = "workshop"
    kursus = "kursus"
    penataran = "penataran"
    bimtek = "bimtek"
    # non-classroom
    e_learning = "e_learning"
    coaching = "coaching"
    mentoring = "mentoring"
    magang = "magang"
    pertukaran = "pertukaran"
    detasering = "detasering"
    belajar_mandiri = "belajar_mandiri"


CLASSROOM_FORMS = frozenset({Form.pelatihan, Form.seminar, Form.workshop, Form.kursus, Form.penataran, Form.bimtek})


class OrganiserKind(StrEnum):
    university = "university"
    ministry = "ministry"
    agency = "agency"
    local_government = "local_government"
    other = "other"


class CohortStatus(StrEnum):
    draft = "draft"
    open = "open"
    running = "running"
    completed = "completed"
    cancelled = "cancelled"


class EnrolmentStatus(StrEnum):
    enrolled = "enrolled"
    waitlisted = "waitlisted"
    withdrawn = "withdrawn"
    completed = "completed"
    failed = "failed"


class Presence(StrEnum):
    present = "present"
    late = "late"
    excused = "excused"
    absent = "absent"


# Late counts as attended; excused does not count either way (left out of the denominator).
ATTENDED = frozenset({Presence.present, Presence.late})


def jp_from_minutes(minutes: int) -> float:
    """JP for a length in minutes (1 JP = 45 minutes), to two decimals."""
    return round(minutes / JP_MINUTES, 2)


def _score(value):
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise PydanticCustomError("number_invalid", "Must be a number") from None
    if not 0 <= number <= SCORE_MAX:
        raise PydanticCustomError("out_of_range", "Out of range", {"min": 0, "max": SCORE_MAX})
    return number


# --- managed lists --------------------------------------------------------------------------------


class TrainingTopic(SQLModel, table=True):
    """A topic of the catalogue (IT and e-government, public-service management, ...): a managed list."""

    __tablename__ = "training_topic"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    active: bool = True


class TrainingOrganiser(SQLModel, table=True):
    """An organiser or partner institution (a university, a ministry, an agency): a managed list."""

    __tablename__ = "training_organiser"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=150, unique=True)
    kind: str = Field(sa_type=String(20))  # an OrganiserKind value
    active: bool = True


class NamedCreate(SQLModel):
    name: str = Field(min_length=2, max_length=150)
    kind: OrganiserKind | None = None

    _name = field_validator("name", mode="before")(v.single_line)


class LinkSource(StrEnum):
    skm = "skm"  # an SKM element, u1..u9
    complaint = "complaint"  # a complaint category


class TopicLink(SQLModel, table=True):
    """The managed mapping from a unit's weak spot to a training topic: a unit whose lowest SKM
    element, or most frequent complaint category, is linked here gets that topic's programmes
    suggested on the trainer's home page."""

    __tablename__ = "training_topic_link"
    __table_args__ = (UniqueConstraint("source", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(sa_type=String(10))  # a LinkSource value
    code: str = Field(max_length=30)
    topic_id: int = Field(foreign_key="training_topic.id", index=True)


class TopicLinkCreate(SQLModel):
    source: LinkSource
    code: str = Field(min_length=2, max_length=30)
    topic_id: int


# --- programme ------------------------------------------------------------------------------------


class ProgrammeBase(SQLModel):
    title: str = Field(min_length=3, max_length=TITLE_MAX)
    competency: Competency
    topic_id: int
    form: Form
    classroom: bool = True
    organiser_id: int
    abroad: bool = False
    jp: int = Field(ge=1, le=1000)
    description: str | None = Field(default=None, max_length=NOTE_MAX)


class Programme(SQLModel, table=True):
    __tablename__ = "training_programme"
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=TITLE_MAX)
    competency: str = Field(sa_type=String(20))
    topic_id: int = Field(foreign_key="training_topic.id", index=True)
    form: str = Field(sa_type=String(20))
    classroom: bool = True
    organiser_id: int = Field(foreign_key="training_organiser.id", index=True)
    abroad: bool = False
    jp: int
    description: str | None = Field(default=None, max_length=NOTE_MAX)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class ProgrammeCreate(ProgrammeBase):
    _title = field_validator("title", mode="before")(v.single_line)
    _text = field_validator("description", mode="before")(v.clean_text)


class ProgrammeUpdate(SQLModel):
    title: str | None = Field(default=None, min_length=3, max_length=TITLE_MAX)
    jp: int | None = Field(default=None, ge=1, le=1000)
    organiser_id: int | None = None
    active: bool | None = None

    _title = field_validator("title", mode="before")(v.single_line)


class ProgrammePublic(ProgrammeBase):
    id: int
    topic: str
    organiser: str
    active: bool


# --- cohort and its sessions ----------------------------------------------------------------------


class Cohort(SQLModel, table=True):
    __tablename__ = "training_cohort"
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="training_programme.id", index=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    name: str = Field(max_length=TITLE_MAX)
    start_on: date = Field(index=True)
    end_on: date
    capacity: int
    facilitator: str | None = Field(default=None, max_length=150)
    status: str = Field(default=CohortStatus.draft.value, sa_type=String(12), index=True)
    # Completion rule: attended share of the sessions held (excused left out) and the post-test.
    min_attendance_pct: int = 80
    # None: no post-test needed. No default here: SQLAlchemy would put a column default in place of an
    # explicit None on INSERT, so "no post-test" would silently become 70 (CohortCreate holds the 70).
    min_post_test: int | None = None
    completed_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    version: int = 0  # bumped by every change; a write based on a stale read is refused


class CohortCreate(SQLModel):
    programme_id: int
    district_id: int
    name: str = Field(min_length=3, max_length=TITLE_MAX)
    start_on: date
    end_on: date
    capacity: int = Field(ge=1, le=1000)
    facilitator: str | None = Field(default=None, max_length=150)
    min_attendance_pct: int = Field(default=80, ge=0, le=100)
    min_post_test: int | None = Field(default=70, ge=0, le=SCORE_MAX)

    _name = field_validator("name", mode="before")(v.single_line)
    _facilitator = field_validator("facilitator", mode="before")(v.single_line)

    @model_validator(mode="after")
    def _dates(self):
        if self.end_on < self.start_on:
            raise PydanticCustomError("period_reversed", "The end date is before the start date")
        return self


class CohortUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=3, max_length=TITLE_MAX)
    start_on: date | None = None
    end_on: date | None = None
    capacity: int | None = Field(default=None, ge=1, le=1000)
    facilitator: str | None = Field(default=None, max_length=150)
    status: CohortStatus | None = None
    min_attendance_pct: int | None = Field(default=None, ge=0, le=100)
    min_post_test: int | None = Field(default=None, ge=0, le=SCORE_MAX)

    _name = field_validator("name", mode="before")(v.single_line)
    _facilitator = field_validator("facilitator", mode="before")(v.single_line)


class CohortPublic(SQLModel):
    id: int
    programme_id: int
    programme_title: str
    jp: int
    district_id: int
    name: str
    start_on: date
    end_on: date
    capacity: int
    facilitator: str | None
    status: str
    min_attendance_pct: int
    min_post_test: int | None
    completed_on: date | None
    version: int
    enrolled: int = 0
    waitlisted: int = 0


class CohortSession(SQLModel, table=True):
    __tablename__ = "training_session"
    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="training_cohort.id", index=True)
    day: date
    starts_at: time
    ends_at: time
    venue: str | None = Field(default=None, max_length=200)
    online_link: str | None = Field(default=None, max_length=300)
    attendance_taken: bool = False


class SessionCreate(SQLModel):
    day: date
    starts_at: time
    ends_at: time
    venue: str | None = Field(default=None, max_length=200)
    online_link: str | None = Field(default=None, max_length=300)

    _venue = field_validator("venue", mode="before")(v.single_line)
    _link = field_validator("online_link", mode="before")(v.clean_text)

    @field_validator("online_link")
    @classmethod
    def _web_link(cls, value):
        if value and not value.lower().startswith(("https://", "http://")):
            raise PydanticCustomError("link_invalid", "Not a web link")
        return value

    @model_validator(mode="after")
    def _times(self):
        if self.ends_at <= self.starts_at:
            raise PydanticCustomError("session_ends_before_start", "The session ends before it starts")
        if not self.venue and not self.online_link:
            raise PydanticCustomError("session_place_required", "A venue or an online link is needed")
        return self


# --- enrolment, attendance, certificate -----------------------------------------------------------


class Enrolment(SQLModel, table=True):
    __tablename__ = "training_enrolment"
    __table_args__ = (UniqueConstraint("cohort_id", "staff_id"),)
    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="training_cohort.id", index=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    status: str = Field(default=EnrolmentStatus.enrolled.value, sa_type=String(12))
    waitlist_position: int | None = None  # 1 = next in line; None when not waitlisted
    pre_test: float | None = None
    post_test: float | None = None
    enrolled_at: datetime = Field(default_factory=utcnow)


class Scores(SQLModel):
    pre_test: float | None = None
    post_test: float | None = None

    _scores = field_validator("pre_test", "post_test", mode="before")(_score)


class Attendance(SQLModel, table=True):
    __tablename__ = "training_attendance"
    session_id: int = Field(foreign_key="training_session.id", primary_key=True)
    enrolment_id: int = Field(foreign_key="training_enrolment.id", primary_key=True, index=True)
    status: str = Field(sa_type=String(8))  # a Presence value


class Certificate(SQLModel, table=True):
    __tablename__ = "training_certificate"
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=40, unique=True)
    enrolment_id: int = Field(foreign_key="training_enrolment.id", unique=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    staff_name: str = Field(max_length=150)
    programme_title: str = Field(max_length=TITLE_MAX)
    organiser: str = Field(max_length=150)
    start_on: date
    end_on: date
    jp: int
    issued_on: date


class ExternalLearning(SQLModel, table=True):
    """Learning done elsewhere and recorded by hand, with its certificate number and evidence."""

    __tablename__ = "training_external"
    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    title: str = Field(max_length=TITLE_MAX)
    organiser: str = Field(max_length=150)
    competency: str = Field(sa_type=String(20))
    form: str = Field(sa_type=String(20))
    start_on: date
    end_on: date = Field(index=True)
    jp: float
    certificate_number: str = Field(max_length=60, unique=True)
    evidence: str = Field(max_length=300)  # where the scan or letter is kept (a link or archive reference)
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)


class ExternalLearningCreate(SQLModel):
    staff_id: int
    title: str = Field(min_length=3, max_length=TITLE_MAX)
    organiser: str = Field(min_length=2, max_length=150)
    competency: Competency
    form: Form
    start_on: date
    end_on: date
    minutes: int | None = Field(default=None, ge=1, le=200_000)  # give minutes or JP
    jp: float | None = Field(default=None, gt=0, le=1000)
    certificate_number: str = Field(min_length=3, max_length=60)
    evidence: str = Field(min_length=3, max_length=300)

    _text = field_validator("title", "organiser", "certificate_number", "evidence", mode="before")(v.single_line)

    @model_validator(mode="after")
    def _rules(self):
        if self.end_on < self.start_on:
            raise PydanticCustomError("period_reversed", "The end date is before the start date")
        if self.jp is None and self.minutes is None:
            raise PydanticCustomError("jp_required", "Give the length in JP or in minutes")
        if self.jp is None:
            self.jp = jp_from_minutes(self.minutes)
        return self


# --- ASN Berprestasi ------------------------------------------------------------------------------


class Nomination(SQLModel, table=True):
    __tablename__ = "training_nomination"
    __table_args__ = (UniqueConstraint("year", "staff_id"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")
    reason: str = Field(max_length=NOTE_MAX)
    nominated_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)


class NominationCreate(SQLModel):
    year: int = Field(ge=2000, le=2100)
    staff_id: int
    reason: str = Field(min_length=10, max_length=NOTE_MAX)

    _reason = field_validator("reason", mode="before")(v.clean_text)


class Award(SQLModel, table=True):
    __tablename__ = "training_award"
    __table_args__ = (UniqueConstraint("year", "staff_id"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    staff_id: int = Field(foreign_key="staff.id")
    reason: str = Field(max_length=NOTE_MAX)
    rating: str | None = Field(default=None, max_length=20)  # PermenPAN-RB 6/2022 rating, if recorded
    decided_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)


class Expectation(StrEnum):
    below = "below"
    as_expected = "as_expected"
    above = "above"


class AwardCreate(SQLModel):
    year: int = Field(ge=2000, le=2100)
    staff_id: int
    reason: str = Field(min_length=10, max_length=NOTE_MAX)
    results: Expectation | None = None  # hasil kerja
    behaviour: Expectation | None = None  # perilaku

    _reason = field_validator("reason", mode="before")(v.clean_text)


# PermenPAN-RB 6/2022: the rating from results (hasil kerja) x behaviour (perilaku).
RATING_MATRIX: dict[tuple[str, str], str] = {
    ("above", "above"): "sangat_baik",
    ("above", "as_expected"): "baik",
    ("above", "below"): "kurang",  # Kurang/Misconduct: behaviour below expectation outweighs results
    ("as_expected", "above"): "baik",
    ("as_expected", "as_expected"): "baik",
    ("as_expected", "below"): "kurang",
    ("below", "above"): "butuh_perbaikan",
    ("below", "as_expected"): "butuh_perbaikan",
    ("below", "below"): "sangat_kurang",
}
