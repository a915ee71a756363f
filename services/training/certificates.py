"""Certificates: a unique verification number, a PDF with a Unicode font (every name prints as
typed) and a QR code that opens the public verification page for that number."""

from __future__ import annotations

import io
import os
import secrets
from dataclasses import dataclass
from datetime import date

import segno
from sqlmodel import Session, col, select

from models.core.org import Unit
from models.training import Certificate, Enrolment, ExternalLearning
from services.core import audit, documents
from services.core.access import Actor, in_scope, require
from services.core.errors import NotFound
from services.training.access import READERS, cohort_for

# Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_RANDOM_LENGTH = 8  # 31^8, about 8.5e11 numbers a year: guessing one is hopeless under the throttle
PREFIX = "SGP"
DEFAULT_PUBLIC_URL = "http://localhost:8501"


def public_url() -> str:
    """Where citizens reach the app (SIGAP_PUBLIC_URL), printed into certificates' QR codes."""
    return os.environ.get("SIGAP_PUBLIC_URL", DEFAULT_PUBLIC_URL).rstrip("/")


def verify_link(number: str) -> str:
    return f"{public_url()}/verify?no={number}"


def normalise_number(raw: str | None) -> str:
    return "".join((raw or "").split()).upper()[:40]


def new_number(session: Session, year: int) -> str:
    """A verification number not yet used: SGP-2026-7K3M9QXA."""
    while True:
        number = f"{PREFIX}-{year}-" + "".join(secrets.choice(_ALPHABET) for _ in range(_RANDOM_LENGTH))
        taken = session.exec(select(Certificate.id).where(Certificate.number == number)).first()
        taken = (
            taken
            or session.exec(select(ExternalLearning.id).where(ExternalLearning.certificate_number == number)).first()
        )
        if not taken:
            return number


def number_in_use(session: Session, number: str) -> bool:
    """Whether a certificate number is already known, issued here or recorded by hand."""
    n = normalise_number(number)
    return bool(
        session.exec(select(Certificate.id).where(Certificate.number == n)).first()
        or session.exec(
            select(ExternalLearning.id).where(col(ExternalLearning.certificate_number) == number.strip())
        ).first()
    )


@dataclass(frozen=True)
class CertificateRow:
    id: int
    number: str
    staff_name: str
    programme_title: str
    jp: int
    issued_on: date


def list_for_cohort(session: Session, actor: Actor, cohort_id: int) -> list[CertificateRow]:
    """Certificates issued to the cohort's participants, by name."""
    cohort_for(session, actor, cohort_id)
    rows = session.exec(
        select(Certificate)
        .join(Enrolment, Enrolment.id == Certificate.enrolment_id)
        .where(Enrolment.cohort_id == cohort_id)
        .order_by(Certificate.staff_name)
    ).all()
    return [CertificateRow(c.id, c.number, c.staff_name, c.programme_title, c.jp, c.issued_on) for c in rows]


def _certificate_in_scope(session: Session, actor: Actor, certificate_id: int) -> Certificate:
    require(actor, *READERS)
    cert = session.get(Certificate, certificate_id)
    if cert is None:
        raise NotFound()
    enrolment = session.get(Enrolment, cert.enrolment_id)
    cohort_for(session, actor, enrolment.cohort_id)
    return cert


def qr_png(text: str) -> bytes:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


def certificate_lines(cert: Certificate, lang: str = "id") -> list[tuple[str, int, str]]:
    """What the certificate says, line by line: (style, size, text). User text stays plain text."""
    from services import i18n

    dates = f"{i18n.fmt_date(cert.start_on, lang)} - {i18n.fmt_date(cert.end_on, lang)}"
    return [
        ("B", 26, i18n.t("training.cert.heading", lang)),
        ("", 13, i18n.t("training.cert.given_to", lang)),
        ("B", 22, cert.staff_name),
        ("", 13, i18n.t("training.cert.for_completing", lang)),
        ("B", 16, cert.programme_title),
        ("", 12, i18n.t("training.cert.details", lang, organiser=cert.organiser, dates=dates, jp=cert.jp)),
        ("", 12, i18n.t("training.cert.number", lang, number=cert.number)),
        ("", 9, i18n.t("training.cert.verify_at", lang, link=verify_link(cert.number))),
    ]


def certificate_pdf(session: Session, actor: Actor, certificate_id: int, lang: str = "id") -> bytes:
    """The certificate as a PDF (A4 landscape, the bundled Unicode font, a QR code of its public
    check), written to the audit log as a download."""
    cert = _certificate_in_scope(session, actor, certificate_id)
    pdf = documents.new_pdf("A4")
    pdf.add_page(orientation="L")
    width = pdf.w - 2 * pdf.l_margin
    pdf.ln(18)
    for style, size, text in certificate_lines(cert, lang):
        pdf.set_font(documents.FONT, style, size)
        pdf.multi_cell(width, size * 0.6, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.image(io.BytesIO(qr_png(verify_link(cert.number))), x=pdf.w - pdf.r_margin - 38, y=pdf.h - 58, w=36)
    audit.record(session, actor, "download", "training_certificate", cert.id, district_id=_district_of(session, cert))
    return bytes(pdf.output())


def _district_of(session: Session, cert: Certificate) -> int | None:
    from models.core.org import Staff

    staff = session.get(Staff, cert.staff_id)
    unit = session.get(Unit, staff.unit_id) if staff else None
    return unit.district_id if unit else None


def staff_certificates(session: Session, actor: Actor, staff_id: int) -> list[CertificateRow]:
    """A staff member's certificates (their history), newest first."""
    from services.training.access import staff_in_scope

    require(actor, *READERS)
    _, unit = staff_in_scope(session, actor, staff_id)
    if not in_scope(actor, unit.district_id):
        raise NotFound()
    rows = session.exec(
        select(Certificate).where(Certificate.staff_id == staff_id).order_by(col(Certificate.end_on).desc())
    )
    return [CertificateRow(c.id, c.number, c.staff_name, c.programme_title, c.jp, c.issued_on) for c in rows]
