"""Documents out of the complaint module: the intake receipt (PDF) and the queue export (CSV/XLSX),
both audited; personal data only for the rows the officer handles, and only when asked."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

from sqlmodel import Session, select

from models.complaints import Complaint, ComplaintEvent
from models.core.accounts import User
from models.core.base import Role, utcnow
from models.core.org import District, Unit
from services import i18n
from services.complaints import access, triage
from services.core import audit, clock
from services.core.access import Actor, require
from services.core.documents import FONT, MONO, new_pdf, spreadsheet_text
from services.core.errors import AccessDenied

# --- the receipt ----------------------------------------------------------------------------------


def receipt_pdf(session: Session, actor: Actor, tid: str, pin: str, status_url: str, lang: str = "id") -> bytes:
    """The counter receipt (A5 PDF): tracking ID, PIN, what was received, who received it, when it must
    be forwarded, and where to check the status. The PIN is known only right after intake or a reissue.
    For the complaint's handlers and the officer who took it in (a liaison at the unit's counter too)."""

    c, handling = access._readable(session, actor, tid)
    if not access.may_print_receipt(actor, c, handling):
        raise AccessDenied()
    district = session.get(District, c.district_id)
    unit = session.get(Unit, c.unit_id) if c.unit_id else None
    receiver = _receiver_name(session, c)

    def t(key: str, **params) -> str:
        return i18n.t(key, lang, **params)

    pdf = new_pdf((148, 210))  # A5 in mm
    pdf.set_auto_page_break(True, margin=12)
    pdf.set_title(f"{t('receipt.title')} {c.tracking_id}")
    pdf.add_page()
    pdf.set_font(FONT, "", 9)
    kind_label = i18n.t(f"district_kind.{district.kind}", lang)
    pdf.cell(0, 5, f"{t('receipt.government')} {kind_label} {district.name}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 15)
    pdf.cell(0, 9, t("receipt.title"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(120, 120, 120)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(3)

    pdf.set_font(FONT, "", 9)
    pdf.cell(0, 5, t("receipt.tracking_id"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(MONO, "B", 18)
    pdf.cell(0, 9, c.tracking_id, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.cell(0, 5, t("receipt.pin"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(MONO, "B", 18)
    pdf.cell(0, 9, " ".join(pin), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    rows = [
        (t("receipt.received"), i18n.fmt_date(c.received_on, lang)),
        (t("receipt.kind"), i18n.t(f"complaints.kind.{c.kind}", lang)),
        (t("receipt.category"), i18n.t(f"complaints.cat.{c.category}", lang)),
        (t("receipt.channel"), i18n.t(f"complaints.channel.{c.channel}", lang)),
        (t("receipt.unit"), unit.name if unit else "-"),
        (t("receipt.summary"), c.title),
        (
            t("receipt.complainant"),
            i18n.t("complaints.anonymous", lang) if c.anonymous else (c.complainant_name or "-"),
        ),
        (t("receipt.received_by"), receiver if receiver else t("complaints.system")),
    ]
    if c.due_on and c.due_kind == "forward":
        rows.append((t("receipt.next_step"), t("receipt.forward_by", date=i18n.fmt_date(c.due_on, lang))))
    label_w = 34
    for label, value in rows:
        pdf.set_font(FONT, "B", 9)
        pdf.cell(label_w, 5.5, label)
        pdf.set_font(FONT, "", 9)
        pdf.multi_cell(0, 5.5, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "B", 9)
    pdf.multi_cell(0, 5, t("receipt.status_at"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(MONO, "", 9)
    pdf.multi_cell(0, 5, status_url, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, "I", 8)
    pdf.multi_cell(0, 4.5, t("receipt.keep_pin"), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 4.5, t("receipt.printed", date=i18n.fmt_datetime(utcnow(), lang)), new_x="LMARGIN", new_y="NEXT")
    audit.record(session, actor, "receipt", "complaint", c.tracking_id, district_id=c.district_id)
    return bytes(pdf.output())


def _receiver_name(session: Session, c: Complaint) -> str:
    """Who took the complaint in, as its timeline records it (a reissued receipt prints the same name);
    empty for the system."""
    name = session.exec(
        select(ComplaintEvent.actor_name)
        .where(ComplaintEvent.complaint_id == c.id, ComplaintEvent.action == "create")
        .order_by(ComplaintEvent.id)
    ).first()
    if name is None and c.created_by is not None:  # no timeline row (data from elsewhere): the account
        user = session.get(User, c.created_by)
        name = user.full_name if user else None
    return name or ""


# --- export ---------------------------------------------------------------------------------------


def export_table(
    session: Session, actor: Actor, flt, include_personal: bool = False, lang: str = "id"
) -> tuple[list[str], list[list]]:
    """The filtered queue as a table (header, rows), up to EXPORT_MAX_ROWS rows. Personal data
    (name, phone, email) only when asked for, by an officer, for the complaints they handle;
    rahasia complaints they do not handle are left out entirely. Written to the audit log."""
    from services.core.errors import ValidationFailed

    require(actor, Role.officer, Role.manager)
    if include_personal and not actor.has(Role.officer):
        raise AccessDenied()
    today = clock.today()
    ids, handled, _ = triage._filtered(session, actor, flt, today)
    total = session.exec(select(ids.subquery().c.id).limit(triage.EXPORT_MAX_ROWS + 1)).all()
    if len(total) > triage.EXPORT_MAX_ROWS:
        raise ValidationFailed.one(None, "export_too_many", max=triage.EXPORT_MAX_ROWS)
    chosen = ids.subquery()
    rows = session.exec(
        select(Complaint, Unit.code, handled.label("handled"))
        .join(chosen, chosen.c.id == Complaint.id)
        .join(Unit, Unit.id == Complaint.unit_id, isouter=True)
        .order_by(Complaint.received_on, Complaint.id)
    ).all()

    def t(key: str) -> str:
        return i18n.t(key, lang)

    header = [
        t("complaints.col.tracking_id"),
        t("complaints.col.received"),
        t("complaints.col.kind"),
        t("complaints.col.channel"),
        t("complaints.col.category"),
        t("complaints.col.unit"),
        t("complaints.col.area"),
        t("complaints.col.title"),
        t("complaints.col.description"),
        t("complaints.col.priority"),
        t("complaints.col.state"),
        t("complaints.col.deadline"),
        t("complaints.col.closed"),
        t("complaints.col.rating"),
        t("complaints.col.maladministration"),
    ]
    personal = include_personal and actor.has(Role.officer)
    if personal:
        header += [t("complaints.col.name"), t("complaints.col.phone"), t("complaints.col.email")]
    out = []
    with_personal = 0
    for c, unit_code, is_handled in rows:
        if c.secret and not is_handled:
            continue
        line = [
            c.tracking_id,
            c.received_on.isoformat(),
            t(f"complaints.kind.{c.kind}"),
            t(f"complaints.channel.{c.channel}"),
            t(f"complaints.cat.{c.category}"),
            unit_code or "",
            c.area or "",
            c.title,
            c.description,
            t(f"complaints.priority.{c.priority}"),
            t(f"complaints.state.{c.state}"),
            c.due_on.isoformat() if c.due_on else "",
            c.closed_on.isoformat() if c.closed_on else "",
            c.rating if c.rating is not None else "",
            t(f"complaints.mal.{c.maladministration}") if c.maladministration else "",
        ]
        if personal:
            show = bool(is_handled) and not c.anonymous
            line += (
                [c.complainant_name or "", c.complainant_phone or "", c.complainant_email or ""]
                if show
                else [
                    "",
                    "",
                    "",
                ]
            )
            with_personal += show and bool(c.complainant_name or c.complainant_phone or c.complainant_email)
        out.append([spreadsheet_text(v) for v in line])
    audit.record(
        session,
        actor,
        "export",
        "complaint",
        None,
        after={"rows": len(out), "personal_rows": with_personal, "filter": _filter_summary(flt)},
        note="with_personal_data" if personal else "without_personal_data",
    )
    return header, out


def _filter_summary(flt) -> dict:
    return {
        k: (v.isoformat() if isinstance(v, date) else v) for k, v in vars(flt).items() if v not in (None, (), False, "")
    }


def to_csv(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def to_xlsx(header: list[str], rows: list[list], sheet: str = "Pengaduan") -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF4"})
    ws.write_row(0, 0, header, bold)
    for i, row in enumerate(rows, start=1):
        ws.write_row(i, 0, row)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(rows)), len(header) - 1)
    for j, width in enumerate([18, 12, 14, 14, 18, 16, 18, 40, 60, 10, 18, 12, 12, 8, 22, 24, 16, 24][: len(header)]):
        ws.set_column(j, j, width)
    book.close()
    return buf.getvalue()


def exporter(fmt: str) -> Callable[[list[str], list[list]], bytes]:
    return {"csv": to_csv, "xlsx": to_xlsx}[fmt]
