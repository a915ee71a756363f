"""A data subject's request (UU 27/2022): everything held on one complainant, found by their phone
number or e-mail address, listed, exported and, on request, erased. Admins only, within their
district scope; every search, export and erasure is in the audit log (with how many, never the
contact itself)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date

from pydantic_core import PydanticCustomError
from sqlalchemy import func, update
from sqlmodel import Session, col, select

from models.complaints import Complaint, ComplaintAttachment, ComplaintEvent, check_phone
from models.core import validators as v
from models.core.base import Role
from services.complaints.files import remove_for
from services.complaints.retention import PERSONAL
from services.core import audit
from services.core.access import Actor, district_filter, require
from services.core.errors import ValidationFailed


@dataclass(frozen=True)
class HeldComplaint:
    tracking_id: str
    district_id: int
    received_on: date
    category: str
    state: str
    title: str
    complainant_name: str | None
    complainant_phone: str | None
    complainant_email: str | None
    events: int
    attachments: int


def _contact(raw: str) -> tuple[str | None, str | None]:
    """(phone, email) in their stored forms; refused when the text is neither."""
    text = (raw or "").strip()
    if "@" in text:
        try:
            return None, v.check_email(text)
        except PydanticCustomError:
            raise ValidationFailed.one("contact", "email_invalid") from None
    try:
        phone = check_phone(text)
    except PydanticCustomError:
        raise ValidationFailed.one("contact", "contact_invalid") from None
    if phone is None:
        raise ValidationFailed.one("contact", "required")
    return phone, None


def _matching(actor: Actor, phone: str | None, email: str | None):
    who = Complaint.complainant_phone == phone if phone else func.lower(Complaint.complainant_email) == email
    return who, district_filter(actor, Complaint.district_id)


def _fingerprint(phone: str | None, email: str | None) -> str:
    """What the audit log keeps of the contact: a short hash, so a repeated request can be matched
    without the log itself holding the personal data."""
    return hashlib.sha256((phone or email or "").encode()).hexdigest()[:12]


def held(session: Session, actor: Actor, contact: str) -> list[HeldComplaint]:
    """Every complaint in the admin's scope whose complainant gave this phone or e-mail."""
    require(actor, Role.admin)
    phone, email = _contact(contact)
    rows = session.exec(
        select(Complaint).where(*_matching(actor, phone, email)).order_by(col(Complaint.received_on))
    ).all()
    ids = [c.id for c in rows]
    events = dict(
        session.exec(
            select(ComplaintEvent.complaint_id, func.count())
            .where(col(ComplaintEvent.complaint_id).in_(ids))
            .group_by(ComplaintEvent.complaint_id)
        ).all()
    ) if ids else {}  # fmt: skip
    files = dict(
        session.exec(
            select(ComplaintAttachment.complaint_id, func.count())
            .where(col(ComplaintAttachment.complaint_id).in_(ids))
            .group_by(ComplaintAttachment.complaint_id)
        ).all()
    ) if ids else {}  # fmt: skip
    audit.record(session, actor, "subject_search", "data_subject", _fingerprint(phone, email),
                 after={"complaints": len(rows)})  # fmt: skip
    return [
        HeldComplaint(
            c.tracking_id,
            c.district_id,
            c.received_on,
            c.category,
            c.state,
            c.title,
            c.complainant_name,
            c.complainant_phone,
            c.complainant_email,
            events.get(c.id, 0),
            files.get(c.id, 0),
        )  # fmt: skip
        for c in rows
    ]


def export(session: Session, actor: Actor, contact: str) -> bytes:
    """Everything held on the complainant as JSON: each complaint with its text, its timeline (public
    and internal notes) and its attachments' names, for handing to them or to the data officer."""
    require(actor, Role.admin)
    phone, email = _contact(contact)
    rows = session.exec(select(Complaint).where(*_matching(actor, phone, email))).all()
    out = []
    for c in rows:
        timeline = session.exec(
            select(ComplaintEvent).where(ComplaintEvent.complaint_id == c.id).order_by(col(ComplaintEvent.at))
        ).all()
        files = session.exec(select(ComplaintAttachment).where(ComplaintAttachment.complaint_id == c.id)).all()
        record = c.model_dump(mode="json", exclude={"pin_hash"})
        record["timeline"] = [e.model_dump(mode="json", include={"at", "action", "to_state", "note", "public"})
                              for e in timeline]  # fmt: skip
        record["attachments"] = [{"name": f.original_name, "type": f.mime, "size": f.size} for f in files]
        out.append(record)
    audit.record(session, actor, "export", "data_subject", _fingerprint(phone, email), after={"complaints": len(out)})
    return json.dumps({"contact": phone or email, "complaints": out}, ensure_ascii=False, indent=2).encode()


def erase(session: Session, actor: Actor, contact: str) -> int:
    """Blank name, phone and e-mail on every complaint of this complainant in scope and delete the
    files they handed in (the complaints and their figures stay: handling them rests on the
    public-service legal basis). Returns how many complaints."""
    require(actor, Role.admin)
    phone, email = _contact(contact)
    ids = list(session.exec(select(Complaint.id).where(*_matching(actor, phone, email))).all())
    files = 0
    if ids:
        session.exec(update(Complaint).where(col(Complaint.id).in_(ids)).values(**dict.fromkeys(PERSONAL)))
        files = remove_for(session, ids)
    audit.record(session, actor, "erase_personal", "data_subject", _fingerprint(phone, email),
                 after={"complaints": len(ids), "attachments": files})  # fmt: skip
    return len(ids)


def as_rows(items: list[HeldComplaint]) -> list[dict]:
    return [asdict(i) for i in items]
