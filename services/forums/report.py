""" "You said, we did": what was heard (counted by kind and theme, in SQL) and what was done about it
(each action's status, progress and public note), per forum, per area or per district; exported to
PDF (a Unicode font, so every Indonesian name prints as typed) and XLSX for the next meeting.

The staff report lists each item's text; the public page (services/forums/public.py) is built by the
same function with `public=True`: aggregates and public notes only, no item text, no internal note,
nothing of an item linked to a rahasia complaint.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, exists, true
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from models.complaints import Complaint
from models.core.org import District, Unit
from models.forums import FeedbackItem, FollowUpAction, Forum, ForumArea, ForumStatus, ForumTag, ItemTag
from services import i18n
from services.core import audit, documents
from services.core.access import Actor, district_filter, in_scope, require
from services.core.errors import NotFound
from services.forums.access import READERS
from services.forums.items import acted_and_done, follow_up_counts, item_status

ROW_LIMIT = 2_000  # rows listed in one report; the counts always cover everything


@dataclass(frozen=True)
class ReportRow:
    forum_title: str
    held_on: date
    area: str | None
    kind: str
    item_text: str | None  # None in the public report
    themes: str
    unit_code: str | None
    unit_name: str | None
    action_title: str | None
    status: str  # the action's status, or the item's follow-up status when it has no action
    progress: int | None
    due_on: date | None
    public_note: str | None
    complaint: str | None  # tracking ID (staff report only)
    complaint_state: str | None


@dataclass
class YouSaidWeDid:
    title: str
    forums: int = 0
    items: int = 0
    acted: int = 0  # items with a follow-up (an action or a complaint)
    done: int = 0  # items whose follow-up is finished (done)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_theme: list[tuple[str, int]] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)  # actions by status
    rows: list[ReportRow] = field(default_factory=list)


def build(session: Session, where, title: str, *, public: bool) -> YouSaidWeDid:
    """The report over the forums matching `where` (an SQL condition on Forum). Only held forums
    count: a planned one has heard nothing yet."""
    held = and_(where, Forum.status == ForumStatus.held.value)
    report = YouSaidWeDid(title=title)
    report.forums = session.exec(select(func.count()).select_from(Forum).where(held)).one()
    if public:  # an item linked to a rahasia complaint is not counted, listed or themed in public
        secret = aliased(Complaint)
        hidden = exists(select(secret.id).where(secret.id == FeedbackItem.complaint_id, secret.secret == True))  # noqa: E712
        held = and_(held, ~hidden)
    items = select(FeedbackItem.id).join(Forum, Forum.id == FeedbackItem.forum_id).where(held)
    report.by_kind = dict(
        session.exec(
            select(FeedbackItem.kind, func.count())
            .join(Forum, Forum.id == FeedbackItem.forum_id)
            .where(held)
            .group_by(FeedbackItem.kind)
        ).all()
    )
    report.items = sum(report.by_kind.values())
    report.by_theme = [
        (name, n)
        for name, n in session.exec(
            select(ForumTag.name, func.count())
            .join(ItemTag, ItemTag.tag_id == ForumTag.id)
            .where(col(ItemTag.item_id).in_(items))
            .group_by(ForumTag.name)
            .order_by(func.count().desc(), ForumTag.name)
        ).all()
    ]
    report.by_status = dict(
        session.exec(
            select(FollowUpAction.status, func.count())
            .where(col(FollowUpAction.item_id).in_(items))
            .group_by(FollowUpAction.status)
        ).all()
    )
    counts = follow_up_counts()
    acted, done = acted_and_done(counts)
    row = session.exec(
        select(func.sum(acted), func.sum(done))
        .select_from(FeedbackItem)
        .join(Forum, Forum.id == FeedbackItem.forum_id)
        .join(counts, counts.c.item_id == FeedbackItem.id, isouter=True)
        .join(Complaint, Complaint.id == FeedbackItem.complaint_id, isouter=True)
        .where(held)
    ).one()
    report.acted, report.done = int(row[0] or 0), int(row[1] or 0)
    report.rows = _rows(session, held, public)
    return report


def _rows(session: Session, held, public: bool) -> list[ReportRow]:
    tags = select(ItemTag.item_id, ForumTag.name).join(ForumTag, ForumTag.id == ItemTag.tag_id).order_by(ForumTag.name)
    counts = follow_up_counts()
    query = (
        select(
            FeedbackItem.id, Forum.title, Forum.held_on, ForumArea.name, FeedbackItem.kind, FeedbackItem.text,
            Unit.code, Unit.name, FollowUpAction.title, FollowUpAction.status, FollowUpAction.progress,
            FollowUpAction.due_on, FollowUpAction.public_note, Complaint.tracking_id, Complaint.state,
            Complaint.secret, counts.c.n, counts.c.done, counts.c.np,
        )
        .select_from(FeedbackItem)
        .join(Forum, Forum.id == FeedbackItem.forum_id)
        .join(ForumArea, ForumArea.id == Forum.area_id, isouter=True)
        .join(FollowUpAction, FollowUpAction.item_id == FeedbackItem.id, isouter=True)
        .join(Unit, Unit.id == func.coalesce(FollowUpAction.owner_unit_id, FeedbackItem.unit_id), isouter=True)
        .join(Complaint, Complaint.id == FeedbackItem.complaint_id, isouter=True)
        .join(counts, counts.c.item_id == FeedbackItem.id, isouter=True)
        .where(held)
    )  # fmt: skip
    if public:
        # Nothing of a rahasia complaint; what the public sees is what was done, not who said what.
        query = query.where(Complaint.secret.is_not(True)).where(FollowUpAction.id.is_not(None))
    rows = session.exec(
        query.order_by(col(Forum.held_on).desc(), FeedbackItem.id, FollowUpAction.id).limit(ROW_LIMIT)
    ).all()
    item_ids = {r[0] for r in rows}
    themes: dict[int, list[str]] = {}
    if item_ids:
        for item_id, name in session.exec(tags.where(col(ItemTag.item_id).in_(item_ids))).all():
            themes.setdefault(item_id, []).append(name)
    out = []
    for r in rows:
        (item_id, ftitle, held_on, area, kind, text, ucode, uname, atitle, astatus, progress, due, note,
         tid, cstate, _secret, n, d, np) = r  # fmt: skip
        out.append(
            ReportRow(
                forum_title=ftitle,
                held_on=held_on,
                area=area,
                kind=kind,
                item_text=None if public else text,
                themes=", ".join(themes.get(item_id, [])),
                unit_code=ucode,
                unit_name=uname,
                action_title=atitle,
                status=astatus or item_status(n or 0, d or 0, np or 0, cstate),
                progress=progress,
                due_on=due,
                public_note=note,
                complaint=None if public else tid,
                complaint_state=None if public else cstate,
            )
        )
    return out


def you_said_we_did(
    session: Session,
    actor: Actor,
    *,
    forum_id: int | None = None,
    area_id: int | None = None,
    district_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> YouSaidWeDid:
    """The staff report for one forum, one area or a district (the actor's scope), over a period."""
    require(actor, *READERS)
    where = district_filter(actor, Forum.district_id)
    title = i18n.t("forums.report.scope_all", actor.language)
    if forum_id is not None:
        forum = session.get(Forum, forum_id)
        if forum is None or not session.exec(select(Forum.id).where(where, Forum.id == forum_id)).first():
            raise NotFound()
        where, title = and_(where, Forum.id == forum_id), forum.title
    if area_id is not None:
        area = session.get(ForumArea, area_id)
        if area is None or not in_scope(actor, area.district_id):  # another district's area: not found
            raise NotFound()
        where, title = and_(where, Forum.area_id == area_id), area.name
    if district_id is not None:
        district = session.get(District, district_id)
        if district is None or not in_scope(actor, district.id):
            raise NotFound()
        where = and_(where, Forum.district_id == district_id)
        title = district.name if forum_id is None and area_id is None else title
    if since:
        where = and_(where, Forum.held_on >= since)
    if until:
        where = and_(where, Forum.held_on <= until)
    return build(session, where if where is not None else true(), title, public=False)


# --- exports ---------------------------------------------------------------------------------------------


def _label(prefix: str, code: str | None, lang: str) -> str:
    return i18n.label(f"{prefix}.{code}", code or "", lang) if code else ""


def _headers(lang: str, public: bool) -> list[str]:
    keys = ["forum", "date", "area", "kind", "text", "themes", "unit", "action", "status", "progress", "due", "note"]
    if public:
        keys.remove("text")
    else:
        keys += ["complaint", "complaint_state"]
    return [i18n.t(f"forums.report.col.{k}", lang) for k in keys]


def _cells(row: ReportRow, lang: str, public: bool) -> list:
    cells = [
        row.forum_title, i18n.fmt_date(row.held_on, lang), row.area or "", _label("forums.kind", row.kind, lang),
        row.item_text or "", row.themes, row.unit_code or "", row.action_title or "",
        _label("forums.status", row.status, lang), "" if row.progress is None else f"{row.progress} %",
        i18n.fmt_date(row.due_on, lang) if row.due_on else "", row.public_note or "",
    ]  # fmt: skip
    if public:
        del cells[4]
    else:
        cells += [row.complaint or "", _label("complaints.state", row.complaint_state, lang)]
    return cells


def to_xlsx(report: YouSaidWeDid, lang: str, public: bool = False) -> bytes:
    """The report as a workbook: a summary sheet and one row per item and action. Cells that would
    start a formula are kept as text."""
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF4"})
    summary = book.add_worksheet(i18n.t("forums.report.sheet_summary", lang)[:31])
    summary.write(0, 0, documents.spreadsheet_text(report.title), bold)
    lines = [
        (i18n.t("forums.report.forums", lang), report.forums),
        (i18n.t("forums.report.items", lang), report.items),
        (i18n.t("forums.report.acted", lang), report.acted),
        (i18n.t("forums.report.done", lang), report.done),
    ]
    lines += [(_label("forums.kind", k, lang), n) for k, n in sorted(report.by_kind.items())]
    lines += [(documents.spreadsheet_text(t), n) for t, n in report.by_theme]
    for i, (label, n) in enumerate(lines, start=2):
        summary.write(i, 0, label)
        summary.write_number(i, 1, n)
    summary.set_column(0, 0, 40)
    sheet = book.add_worksheet(i18n.t("forums.report.sheet_rows", lang)[:31])
    sheet.write_row(0, 0, _headers(lang, public), bold)
    for i, row in enumerate(report.rows, start=1):
        sheet.write_row(i, 0, [documents.spreadsheet_text(c) for c in _cells(row, lang, public)])
    sheet.freeze_panes(1, 0)
    for j, width in enumerate([30, 12, 18, 12, 50, 20, 16, 30, 14, 8, 12, 40, 18, 14]):
        sheet.set_column(j, j, width)
    book.close()
    return buf.getvalue()


def to_pdf(report: YouSaidWeDid, lang: str, public: bool = False) -> bytes:
    """The report as a PDF in the bundled Unicode font; every text is drawn as plain text."""
    pdf = documents.new_pdf()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font(documents.FONT, "B", 14)
    pdf.multi_cell(width, 7, i18n.t("forums.report.pdf_title", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(documents.FONT, "B", 11)
    pdf.multi_cell(width, 6, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(documents.FONT, "", 10)
    pdf.ln(2)
    summary = i18n.t(
        "forums.report.summary", lang, forums=report.forums, items=report.items, acted=report.acted, done=report.done
    )
    pdf.multi_cell(width, 5, summary, new_x="LMARGIN", new_y="NEXT")
    if report.by_kind:
        kinds = ", ".join(f"{_label('forums.kind', k, lang)} {n}" for k, n in sorted(report.by_kind.items()))
        pdf.multi_cell(width, 5, f"{i18n.t('forums.report.by_kind', lang)}: {kinds}", new_x="LMARGIN", new_y="NEXT")
    if report.by_theme:
        themes = ", ".join(f"{t} {n}" for t, n in report.by_theme[:15])
        pdf.multi_cell(width, 5, f"{i18n.t('forums.report.by_theme', lang)}: {themes}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for row in report.rows:
        pdf.set_font(documents.FONT, "B", 9)
        head = f"{i18n.fmt_date(row.held_on, lang)} · {row.forum_title}" + (f" · {row.area}" if row.area else "")
        pdf.multi_cell(width, 5, head, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(documents.FONT, "", 9)
        said = row.item_text or row.themes or _label("forums.kind", row.kind, lang)
        pdf.multi_cell(width, 5, f"{i18n.t('forums.report.you_said', lang)}: {said}", new_x="LMARGIN", new_y="NEXT")
        did = row.action_title or "–"
        status = _label("forums.status", row.status, lang)
        progress = "" if row.progress is None else f" ({row.progress} %)"
        unit = f" · {row.unit_name}" if row.unit_name else ""
        line = f"{i18n.t('forums.report.we_did', lang)}: {did} · {status}{progress}{unit}"
        pdf.multi_cell(width, 5, line, new_x="LMARGIN", new_y="NEXT")
        if row.public_note:
            pdf.multi_cell(width, 5, row.public_note, new_x="LMARGIN", new_y="NEXT")
        if row.complaint:
            pdf.multi_cell(width, 5, f"{row.complaint} · {_label('complaints.state', row.complaint_state, lang)}")
        pdf.ln(2)
    return bytes(pdf.output())


def export(session: Session, actor: Actor, fmt: str, **scope) -> tuple[str, bytes]:
    """(file name, content) of the staff report as 'pdf' or 'xlsx'; every export is audited."""
    report = you_said_we_did(session, actor, **scope)
    content = to_pdf(report, actor.language) if fmt == "pdf" else to_xlsx(report, actor.language)
    audit.record(session, actor, "export", "forum_report", None, after={"format": fmt, **scope})
    return f"kamu-bilang-kami-kerjakan.{fmt}", content
