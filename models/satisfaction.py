"""Satisfaction (SKM, PermenPAN-RB 14/2017): survey responses, service-user counts, kiosk links,
import batches and the managers' follow-up plans.

A response holds the nine element scores u1..u9 (1..4, 4 best) and an anonymous respondent profile
(gender, age, education, occupation); never a name or contact. Aggregates (NRR, IKM) are computed in
SQL from these rows, see services/satisfaction_stats.py.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import CheckConstraint, Index, SmallInteger, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from models.core import validators as v
from models.core.base import utcnow

ELEMENTS = tuple(f"u{i}" for i in range(1, 10))  # the nine SKM elements (unsur), in the rule's order
SCORE_MIN, SCORE_MAX = 1, 4
AGE_MIN, AGE_MAX = 10, 110
SUGGESTION_MAX = 1000
PLAN_MAX = 4000
OLDEST_SURVEY = date(2000, 1, 1)


class Education(StrEnum):
    """Education levels as the SKM form usually groups them."""

    sd = "sd"  # SD ke bawah
    smp = "smp"
    sma = "sma"  # SMA/SMK
    diploma = "diploma"  # D1-D4
    s1 = "s1"
    s2 = "s2"  # S2 ke atas


class Occupation(StrEnum):
    pns = "pns"  # PNS/TNI/Polri
    swasta = "swasta"  # pegawai swasta
    wiraswasta = "wiraswasta"  # wiraswasta/usahawan
    pelajar = "pelajar"  # pelajar/mahasiswa
    lainnya = "lainnya"


class Source(StrEnum):
    form = "form"  # staff typed a paper form
    kiosk = "kiosk"  # a citizen at a counter tablet
    imported = "import"  # CSV/XLSX import
    demo = "demo"  # demo seed


# Spellings accepted from imports and forms for the coded profile fields (lower-cased).
_EDUCATION_ALIASES = {
    "sd": "sd", "sd ke bawah": "sd", "tidak sekolah": "sd",
    "smp": "smp", "sltp": "smp",
    "sma": "sma", "smk": "sma", "slta": "sma", "sma/smk": "sma",
    "d1": "diploma", "d2": "diploma", "d3": "diploma", "d4": "diploma", "diploma": "diploma",
    "d1-d3": "diploma", "d1-d4": "diploma",
    "s1": "s1",
    "s2": "s2", "s3": "s2", "s2 ke atas": "s2",
}  # fmt: skip
_OCCUPATION_ALIASES = {
    "pns": "pns", "pns/tni/polri": "pns", "tni": "pns", "polri": "pns", "asn": "pns",
    "swasta": "swasta", "pegawai swasta": "swasta",
    "wiraswasta": "wiraswasta", "usahawan": "wiraswasta", "wiraswasta/usahawan": "wiraswasta",
    "pelajar": "pelajar", "mahasiswa": "pelajar", "pelajar/mahasiswa": "pelajar",
    "lainnya": "lainnya", "lain-lain": "lainnya",
}  # fmt: skip
_GENDER_ALIASES = {
    "l": "L", "laki-laki": "L", "laki laki": "L", "pria": "L", "m": "L", "male": "L",
    "p": "P", "perempuan": "P", "wanita": "P", "f": "P", "female": "P",
}  # fmt: skip


def _coded(aliases: dict[str, str], code: str):
    def check(value):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        found = aliases.get(str(value).strip().lower())
        if found is None:
            raise PydanticCustomError(code, "Unknown value", {"value": str(value)[:30]})
        return found

    return check


def _cell_text(value):
    """A spreadsheet cell as trimmed text: a number typed in a text column (a suggestion "123") is text."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return v.clean_text(str(value))


_SCORE_TEXT = {str(n): n for n in range(SCORE_MIN, SCORE_MAX + 1)}


def check_score(value):
    """A score is a whole number 1..4; '3', 3 and 3.0 (from a spreadsheet) are the same answer."""
    # The common cells first (an import checks nine per row): the text "1".."4" and the ints 1..4.
    if type(value) is str and value in _SCORE_TEXT:
        return _SCORE_TEXT[value]
    if type(value) is int and SCORE_MIN <= value <= SCORE_MAX:
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError("required", "This field is required")
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise PydanticCustomError("score_invalid", "Score must be 1 to 4", {"value": str(value)[:20]}) from None
    if not number.is_integer() or not SCORE_MIN <= number <= SCORE_MAX:
        raise PydanticCustomError("score_invalid", "Score must be 1 to 4", {"value": str(value)[:20]})
    return int(number)


def check_survey_date(value, info: ValidationInfo):
    """Dates are YYYY-MM-DD (or a real date cell); not in the future and not before 2000.

    "The future" is judged against `today` from the validation context, which the services pass
    (`services.core.errors.validate` gives the app's today in its time zone); a model validated
    without one falls back to the machine's date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError("required", "This field is required")
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise PydanticCustomError("date_format", "Use YYYY-MM-DD")
        value = value.date()
    if not isinstance(value, date):
        text = str(value).strip()
        try:
            if len(text) != 10:
                raise ValueError
            value = date.fromisoformat(text)
        except ValueError:
            raise PydanticCustomError("date_format", "Use YYYY-MM-DD", {"value": text[:20]}) from None
    if value > ((info.context or {}).get("today") or date.today()):
        raise PydanticCustomError("date_future", "The date is in the future")
    if value < OLDEST_SURVEY:
        raise PydanticCustomError("date_too_old", "The date is too old")
    return value


def check_age(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        raise PydanticCustomError("age_invalid", "Age must be a whole number") from None
    if not number.is_integer() or not AGE_MIN <= number <= AGE_MAX:
        raise PydanticCustomError("age_invalid", "Age out of range", {"min": AGE_MIN, "max": AGE_MAX})
    return int(number)


# --- survey responses --------------------------------------------------------------------------


class SurveyResponse(SQLModel, table=True):
    """One completed SKM questionnaire. Anonymous: no name, no contact."""

    __tablename__ = "survey_response"
    __table_args__ = (
        # The dashboard's access paths: one unit (or a district's units) over a date range, and
        # every unit over a date range.
        Index("ix_survey_response_unit_date", "unit_id", "answered_on"),
        # The latest written suggestions of a period, without reading every response of it.
        Index(
            "ix_survey_response_suggested",
            "answered_on",
            sqlite_where=text("suggestion IS NOT NULL"),
            postgresql_where=text("suggestion IS NOT NULL"),
        ),
        *(CheckConstraint(f"{e} BETWEEN 1 AND 4", name=f"ck_survey_response_{e}") for e in ELEMENTS),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    service_id: int | None = Field(default=None, foreign_key="unit_service.id")
    answered_on: date = Field(index=True)
    u1: int = Field(sa_type=SmallInteger)
    u2: int = Field(sa_type=SmallInteger)
    u3: int = Field(sa_type=SmallInteger)
    u4: int = Field(sa_type=SmallInteger)
    u5: int = Field(sa_type=SmallInteger)
    u6: int = Field(sa_type=SmallInteger)
    u7: int = Field(sa_type=SmallInteger)
    u8: int = Field(sa_type=SmallInteger)
    u9: int = Field(sa_type=SmallInteger)
    gender: str | None = Field(default=None, max_length=1)  # L / P
    age: int | None = Field(default=None, sa_type=SmallInteger)
    education: str | None = Field(default=None, sa_type=String(10))  # an Education value
    occupation: str | None = Field(default=None, sa_type=String(10))  # an Occupation value
    suggestion: str | None = Field(default=None, max_length=SUGGESTION_MAX)
    source: str = Field(sa_type=String(6))  # a Source value
    kiosk_link_id: int | None = Field(default=None, foreign_key="kiosk_link.id", index=True)
    import_id: int | None = Field(default=None, foreign_key="survey_import.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: int | None = Field(default=None, foreign_key="user_account.id")


class SurveyMonth(SQLModel, table=True):
    """Count and element sums of one unit's responses in one month: the roll-up every IKM figure is
    read from (a quarter adds up three months, a district its units), so the dashboard stays fast
    however many responses there are.

    Database triggers on survey_response keep it exact in the same transaction as every insert,
    update and delete (migration 0004); nothing in the app writes it, and
    `satisfaction_stats.rebuild_months` can recompute it from the responses.
    """

    __tablename__ = "survey_month"
    unit_id: int = Field(foreign_key="unit.id", primary_key=True)
    month: date = Field(primary_key=True, index=True)  # the first day of the month
    n: int = 0
    s1: int = 0
    s2: int = 0
    s3: int = 0
    s4: int = 0
    s5: int = 0
    s6: int = 0
    s7: int = 0
    s8: int = 0
    s9: int = 0


class SurveyAnswers(SQLModel):
    """What a respondent answers (the kiosk accepts exactly this, for its own unit)."""

    service_id: int | None = None
    gender: str | None = None
    age: int | None = None
    education: str | None = None
    occupation: str | None = None
    u1: int
    u2: int
    u3: int
    u4: int
    u5: int
    u6: int
    u7: int
    u8: int
    u9: int
    suggestion: str | None = Field(default=None, max_length=SUGGESTION_MAX)

    _scores = field_validator(*ELEMENTS, mode="before")(check_score)
    _gender = field_validator("gender", mode="before")(_coded(_GENDER_ALIASES, "gender_invalid"))
    _education = field_validator("education", mode="before")(_coded(_EDUCATION_ALIASES, "education_invalid"))
    _occupation = field_validator("occupation", mode="before")(_coded(_OCCUPATION_ALIASES, "occupation_invalid"))
    _age = field_validator("age", mode="before")(check_age)
    _suggestion = field_validator("suggestion", mode="before")(v.clean_text)


class SurveyResponseCreate(SurveyAnswers):
    """A response typed by staff from a paper form, or one imported row once its unit is known."""

    unit_id: int
    answered_on: date

    _date = field_validator("answered_on", mode="before")(check_survey_date)


class SurveyImportRow(SQLModel):
    """One row of an import file, as written (columns documented in the README)."""

    date: date
    unit_code: str | None = None
    service: str | None = Field(default=None, max_length=150)
    gender: str | None = None
    age: int | None = None
    education: str | None = None
    occupation: str | None = None
    u1: int
    u2: int
    u3: int
    u4: int
    u5: int
    u6: int
    u7: int
    u8: int
    u9: int
    suggestion: str | None = Field(default=None, max_length=SUGGESTION_MAX)

    _date = field_validator("date", mode="before")(check_survey_date)
    _scores = field_validator(*ELEMENTS, mode="before")(check_score)
    _gender = field_validator("gender", mode="before")(_coded(_GENDER_ALIASES, "gender_invalid"))
    _education = field_validator("education", mode="before")(_coded(_EDUCATION_ALIASES, "education_invalid"))
    _occupation = field_validator("occupation", mode="before")(_coded(_OCCUPATION_ALIASES, "occupation_invalid"))
    _age = field_validator("age", mode="before")(check_age)
    _text = field_validator("unit_code", "service", "suggestion", mode="before")(_cell_text)


class SurveyResponsePublic(SQLModel):
    """A response as staff see it in their recent entries (no respondent identity exists)."""

    id: int
    unit_id: int
    unit_code: str
    service_name: str | None
    answered_on: date
    scores: list[int]
    source: str
    created_at: datetime


# --- import batches ----------------------------------------------------------------------------


class SurveyImport(SQLModel, table=True):
    """One imported file: who, when, how many rows, and its fingerprint (the same file twice is refused)."""

    __tablename__ = "survey_import"
    id: int | None = Field(default=None, primary_key=True)
    file_name: str = Field(max_length=200)
    sha256: str = Field(max_length=64, index=True)
    rows: int
    created_at: datetime = Field(default_factory=utcnow)
    created_by: int | None = Field(default=None, foreign_key="user_account.id")


# --- service users (the N of the minimum sample) -----------------------------------------------


class ServiceUserCount(SQLModel, table=True):
    """How many people a unit served in a period; the minimum sample is computed from it."""

    __tablename__ = "service_user_count"
    __table_args__ = (UniqueConstraint("unit_id", "period"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    period: str = Field(max_length=10)  # a period code: 2026-Q1, 2026-03, 2026-S1, 2026
    users: int
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: int | None = Field(default=None, foreign_key="user_account.id")


class ServiceUserCountCreate(SQLModel):
    unit_id: int
    period: str
    users: int = Field(ge=0, le=100_000_000)

    _period = field_validator("period", mode="before")(v.check_period_code)


class ServiceUserCountPublic(SQLModel):
    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    period: str
    users: int
    updated_at: datetime


# --- kiosk links -------------------------------------------------------------------------------


class KioskLink(SQLModel, table=True):
    """A link that opens the survey for one unit on a counter tablet without a staff login.

    Only a hash of the token is stored: the link is shown once, when it is issued.
    """

    __tablename__ = "kiosk_link"
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    label: str = Field(max_length=80)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    revoked_at: datetime | None = None
    revoked_by: int | None = Field(default=None, foreign_key="user_account.id")
    last_used_at: datetime | None = None


class KioskLinkCreate(SQLModel):
    unit_id: int
    label: str = Field(min_length=2, max_length=80)

    _label = field_validator("label", mode="before")(v.require_text)


class KioskLinkPublic(SQLModel):
    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    label: str
    created_at: datetime
    created_by_name: str | None
    revoked_at: datetime | None
    last_used_at: datetime | None
    responses: int

    @property
    def active(self) -> bool:
        return self.revoked_at is None


# --- follow-up plans ---------------------------------------------------------------------------


class FollowUpPlan(SQLModel, table=True):
    """The follow-up plan (rencana tindak lanjut) a manager writes for a unit's SKM result in a period."""

    __tablename__ = "ikm_follow_up"
    __table_args__ = (UniqueConstraint("unit_id", "period"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    period: str = Field(max_length=10)
    plan: str = Field(max_length=PLAN_MAX)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: int | None = Field(default=None, foreign_key="user_account.id")


class FollowUpPlanUpdate(SQLModel):
    plan: str = Field(default="", max_length=PLAN_MAX)

    @field_validator("plan", mode="before")
    @classmethod
    def _plan(cls, value):
        return v.as_text(value)
