"""The 20-JP ledger: JP per staff member per year, from completed cohorts (their certificates) and
learning recorded by hand; per unit the share at or above 20 JP, a year-end forecast from what is
booked, and who is furthest below; the training history export with the SIASN fields.

A JP counts in the year its learning ended (a cohort of 28 Dec - 3 Jan counts in the new year).
Everything is summed in SQL per staff member; pages receive one row per person or per unit.
The target is shown for every active ASN (PNS and PPPK alike: both are entitled to development).
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
from sqlmodel import Session, col, func, select

from models.core.org import Staff, Unit
from models.training import (
    JP_TARGET,
    Certificate,
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    ExternalLearning,
    ExternalLearningCreate,
    Programme,
)
from services.core import audit, documents
from services.core.access import Actor, district_filter, require
from services.core.errors import AccessDenied, ValidationFailed, validate
from services.training.access import READERS, RUNNERS, staff_in_scope, unit_head
from services.training.certificates import number_in_use

LEDGER_COLUMNS = [
    "staff_id",
    "nip",
    "name",
    "unit_id",
    "unit_code",
    "unit_name",
    "completed_jp",
    "booked_jp",
    "forecast_jp",
    "gap_jp",
]
SIASN_COLUMNS = [
    "NIP", "Nama", "Nama Diklat", "Institusi Penyelenggara", "Jenis Kompetensi", "Jenis Diklat",
    "Jumlah Jam (JP)", "Nomor Sertifikat", "Tanggal Mulai", "Tanggal Selesai", "Tahun",
]  # fmt: skip


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _scope(actor: Actor, district_id: int | None, unit_id: int | None) -> tuple[int | None, int | None]:
    """Readers see their districts; a unit head sees their unit only, whatever they ask for."""
    if actor.has(*READERS):
        return district_id, unit_id
    if unit_head(actor):
        return district_id, actor.unit_id
    raise AccessDenied()


def ledger(
    session: Session, actor: Actor, year: int, *, district_id: int | None = None, unit_id: int | None = None
) -> pd.DataFrame:
    """One row per active staff member in scope: JP completed in `year` (certificates plus learning
    recorded by hand), JP booked in cohorts still to finish that year, the forecast (their sum) and
    the gap to 20 JP. Sorted by the largest gap first."""
    district_id, unit_id = _scope(actor, district_id, unit_id)
    start, end = _year(year)
    # Per person, correlated on the staff row: the database reads only the certificates, recorded
    # learning and enrolments of the staff in scope (by their staff_id indexes), never every
    # district's rows aggregated first (at 20,000 staff that was most of the page's time).
    issued = (
        select(func.coalesce(func.sum(Certificate.jp), 0))
        .where(Certificate.staff_id == Staff.id, Certificate.end_on >= start, Certificate.end_on <= end)
        .scalar_subquery()
    )
    recorded = (
        select(func.coalesce(func.sum(ExternalLearning.jp), 0))
        .where(ExternalLearning.staff_id == Staff.id, ExternalLearning.end_on >= start, ExternalLearning.end_on <= end)
        .scalar_subquery()
    )
    booked = (
        select(func.coalesce(func.sum(Programme.jp), 0))
        .select_from(Enrolment)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .join(Programme, Programme.id == Cohort.programme_id)
        .where(
            Enrolment.staff_id == Staff.id,
            Enrolment.status == EnrolmentStatus.enrolled.value,
            col(Cohort.status).in_([CohortStatus.draft.value, CohortStatus.open.value, CohortStatus.running.value]),
            Cohort.end_on >= start,
            Cohort.end_on <= end,
        )
        .scalar_subquery()
    )
    query = (
        select(Staff.id, Staff.nip, Staff.name, Unit.id, Unit.code, Unit.name, issued + recorded, booked)
        .join(Unit, Unit.id == Staff.unit_id)
        .where(Staff.active == True, district_filter(actor, Unit.district_id))  # noqa: E712
    )
    if district_id is not None:
        query = query.where(Unit.district_id == district_id)
    if unit_id is not None:
        query = query.where(Unit.id == unit_id)
    rows = session.exec(query).all()
    frame = pd.DataFrame([list(r) for r in rows], columns=LEDGER_COLUMNS[:8])
    frame["completed_jp"] = frame["completed_jp"].astype(float).round(2)
    frame["booked_jp"] = frame["booked_jp"].astype(float).round(2)
    frame["forecast_jp"] = (frame["completed_jp"] + frame["booked_jp"]).round(2)
    frame["gap_jp"] = (JP_TARGET - frame["completed_jp"]).clip(lower=0).round(2)
    return frame.sort_values(["gap_jp", "name"], ascending=[False, True]).reset_index(drop=True)


UNIT_COLUMNS = [
    "unit_id",
    "unit_code",
    "unit_name",
    "staff",
    "at_target",
    "share",
    "forecast_at_target",
    "forecast_share",
    "furthest_below",
    "furthest_jp",
]


def unit_summary(
    session: Session, actor: Actor, year: int, *, district_id: int | None = None, unit_id: int | None = None
) -> pd.DataFrame:
    """Per unit: staff, how many reached 20 JP (and the share), the same by the year-end forecast,
    and the person furthest below (with their JP)."""
    frame = ledger(session, actor, year, district_id=district_id, unit_id=unit_id)
    out = []
    for (uid, code, name), group in frame.groupby(["unit_id", "unit_code", "unit_name"], sort=True):
        at = int((group["completed_jp"] >= JP_TARGET).sum())
        forecast = int((group["forecast_jp"] >= JP_TARGET).sum())
        lowest = group.sort_values(["completed_jp", "name"]).iloc[0]
        n = len(group)
        out.append(
            [uid, code, name, n, at, at / n, forecast, forecast / n, lowest["name"], float(lowest["completed_jp"])]
        )
    return pd.DataFrame(out, columns=UNIT_COLUMNS)


def furthest_below(session: Session, actor: Actor, year: int, limit: int = 10, **scope) -> pd.DataFrame:
    """The staff furthest below 20 JP this year (the largest gap first)."""
    frame = ledger(session, actor, year, **scope)
    return frame[frame["gap_jp"] > 0].head(limit)


def record_external(session: Session, actor: Actor, data: dict) -> int:
    """Record learning done elsewhere (length in JP or minutes; 1 JP = 45 minutes) with its
    certificate number, unique among all certificates, and where the evidence is kept."""
    require(actor, *RUNNERS)
    new = validate(ExternalLearningCreate, data)
    _, unit = staff_in_scope(session, actor, new.staff_id)
    if number_in_use(session, new.certificate_number):
        raise ValidationFailed.one("certificate_number", "training_certificate_taken")
    row = ExternalLearning(
        **new.model_dump(mode="json", exclude={"minutes", "start_on", "end_on"}),
        start_on=new.start_on,
        end_on=new.end_on,
        created_by=actor.id or None,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "training_external", row.id, after=new, district_id=unit.district_id)
    return row.id


def history(
    session: Session,
    actor: Actor,
    year: int | None = None,
    *,
    district_id: int | None = None,
    unit_id: int | None = None,
    staff_id: int | None = None,
) -> pd.DataFrame:
    """Training history in scope with the SIASN fields, one row per certificate or recorded learning."""
    district_id, unit_id = _scope(actor, district_id, unit_id)
    issued = (
        select(
            Staff.nip,
            Staff.name,
            Certificate.programme_title,
            Certificate.organiser,
            Programme.competency,
            Programme.form,
            Certificate.jp,
            Certificate.number,
            Certificate.start_on,
            Certificate.end_on,
        )  # fmt: skip
        .join(Staff, Staff.id == Certificate.staff_id)
        .join(Unit, Unit.id == Staff.unit_id)
        .join(Enrolment, Enrolment.id == Certificate.enrolment_id)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .join(Programme, Programme.id == Cohort.programme_id)
        .where(district_filter(actor, Unit.district_id))
    )
    recorded = (
        select(
            Staff.nip,
            Staff.name,
            ExternalLearning.title,
            ExternalLearning.organiser,
            ExternalLearning.competency,
            ExternalLearning.form,
            ExternalLearning.jp,
            ExternalLearning.certificate_number,
            ExternalLearning.start_on,
            ExternalLearning.end_on,
        )  # fmt: skip
        .join(Staff, Staff.id == ExternalLearning.staff_id)
        .join(Unit, Unit.id == Staff.unit_id)
        .where(district_filter(actor, Unit.district_id))
    )
    parts = []
    for query, end_col, staff_col in (
        (issued, Certificate.end_on, Certificate.staff_id),
        (recorded, ExternalLearning.end_on, ExternalLearning.staff_id),
    ):
        if year:
            start, end = _year(year)
            query = query.where(end_col >= start, end_col <= end)
        if district_id is not None:
            query = query.where(Unit.district_id == district_id)
        if unit_id is not None:
            query = query.where(Unit.id == unit_id)
        if staff_id is not None:
            query = query.where(staff_col == staff_id)
        parts += [list(r) for r in session.exec(query).all()]
    frame = pd.DataFrame(parts, columns=SIASN_COLUMNS[:10])
    frame["Tahun"] = [d.year for d in frame["Tanggal Selesai"]]
    # Whole JP print as whole numbers (16, not 16.0); a recorded 60 minutes stays 1.33.
    frame["Jumlah Jam (JP)"] = [
        int(v) if float(v).is_integer() else round(float(v), 2) for v in frame["Jumlah Jam (JP)"]
    ]
    return frame.sort_values(["Nama", "Tanggal Selesai"]).reset_index(drop=True)


def _export_frame(session: Session, actor: Actor, year: int | None, **scope) -> pd.DataFrame:
    frame = history(session, actor, year, **scope)
    audit.record(session, actor, "export", "training_history", None, after={"year": year, "rows": len(frame), **scope})
    return frame.map(documents.spreadsheet_text)


def export_csv(session: Session, actor: Actor, year: int | None, **scope) -> bytes:
    """The SIASN history as CSV (UTF-8 with BOM, so spreadsheet programs read the names right)."""
    frame = _export_frame(session, actor, year, **scope)
    out = io.StringIO()
    frame.to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL, date_format="%Y-%m-%d")
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(session: Session, actor: Actor, year: int | None, **scope) -> bytes:
    """The SIASN history as an XLSX workbook (one sheet)."""
    frame = _export_frame(session, actor, year, **scope)
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="Riwayat Diklat")
    return out.getvalue()
