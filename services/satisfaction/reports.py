"""SKM reports for publication, per unit and period: IKM, grade, NRR per element, respondents and
their profile, the minimum-sample check and the manager's follow-up plan. Aggregates only: no
response, suggestion or respondent is ever listed. PDF (fpdf2) and XLSX (openpyxl).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from sqlmodel import Session, select

from models.core.accounts import User
from models.core.base import Role, utcnow
from models.core.org import Unit
from models.satisfaction import ELEMENTS, FollowUpPlan, FollowUpPlanUpdate
from services import i18n
from services.core import audit, clock, periods
from services.core.access import SYSTEM_ID, Actor, require
from services.core.documents import FONT, new_pdf, spreadsheet_text
from services.core.errors import validate
from services.satisfaction import ikm, stats, surveys

WRITERS = (Role.manager, Role.admin)


@dataclass(frozen=True)
class Report:
    unit_id: int
    unit_code: str
    unit_name: str
    district_name: str
    period: periods.Period
    result: ikm.IkmResult
    profile: stats.Profile
    population: int | None
    minimum: int | None
    plan: str
    plan_updated_at: object | None
    plan_updated_by: str | None


def get_plan(session: Session, actor: Actor, unit_id: int, period_code: str) -> FollowUpPlan | None:
    stats.select_scope(session, actor, unit_id=unit_id)
    period = periods.parse(period_code)
    return session.exec(
        select(FollowUpPlan).where(FollowUpPlan.unit_id == unit_id, FollowUpPlan.period == period.code)
    ).first()


def save_plan(session: Session, actor: Actor, unit_id: int, period_code: str, data: dict) -> FollowUpPlan:
    """Store the follow-up plan of a unit for a period (managers and admins in scope); audited."""
    require(actor, *WRITERS)
    stats.select_scope(session, actor, unit_id=unit_id)  # the unit's scope before the input
    change = validate(FollowUpPlanUpdate, data)
    period = periods.parse(period_code)
    row = get_plan(session, actor, unit_id, period.code)
    before = None if row is None else {"plan": row.plan}
    if row is None:
        row = FollowUpPlan(unit_id=unit_id, period=period.code, plan=change.plan)
    row.plan, row.updated_at = change.plan, utcnow()
    row.updated_by = None if actor.id == SYSTEM_ID else actor.id
    session.add(row)
    session.flush()
    if before != {"plan": change.plan}:
        audit.record(
            session, actor, "update" if before else "create", "ikm_follow_up", row.id, before,
            {"unit_id": unit_id, "period": period.code, "plan": change.plan},
            district_id=session.get(Unit, unit_id).district_id,
        )  # fmt: skip
    return row


def report(session: Session, actor: Actor, unit_id: int, period_code: str) -> Report:
    """Everything a published SKM report of one unit and period shows."""
    selection = stats.select_scope(session, actor, unit_id=unit_id)  # the unit's scope before the period
    period = periods.parse(period_code)
    unit = selection.units[unit_id]
    result = stats.ikm_for(session, actor, period=period, unit_id=unit_id)
    prof = stats.profile(session, actor, period=period, unit_id=unit_id)
    population = surveys.service_users_for(session, [unit_id], period).get(unit_id)
    plan = get_plan(session, actor, unit_id, period.code)
    author = session.get(User, plan.updated_by).full_name if plan and plan.updated_by else None
    return Report(
        unit_id=unit_id,
        unit_code=unit.code,
        unit_name=unit.name,
        district_name=unit.district_name,
        period=period,
        result=result,
        profile=prof,
        population=population,
        minimum=None if population is None else ikm.min_sample(population),
        plan=plan.plan if plan else "",
        plan_updated_at=plan.updated_at if plan else None,
        plan_updated_by=author,
    )


def report_units(session: Session, actor: Actor) -> list[stats.UnitRef]:
    """Units the actor may publish a report for."""
    require(actor, *WRITERS)
    return list(stats.units_in_scope(session, actor).values())


# --- rendering -----------------------------------------------------------------------------------


def profile_rows(rep: Report, lang: str) -> list[tuple[str, list[tuple[str, int]]]]:
    """(heading, [(label, count)]) for each profile question, in a fixed order."""

    def t(key: str) -> str:
        return i18n.t(key, lang)

    def ordered(counts: dict[str, int], keys: list[str], label) -> list[tuple[str, int]]:
        rows = [(label(k), counts.get(k, 0)) for k in keys]
        if counts.get("-"):
            rows.append((t("ikm.profile.unknown"), counts["-"]))
        return rows

    from models.satisfaction import Education, Occupation

    return [
        (t("survey.gender"), ordered(rep.profile.gender, ["L", "P"], lambda k: t(f"gender.{k}"))),
        (t("survey.age"), ordered(rep.profile.age, list(stats.AGE_BANDS), lambda k: k)),
        (
            t("survey.education"),
            ordered(rep.profile.education, [e.value for e in Education], lambda k: t(f"survey.education.{k}")),
        ),
        (
            t("survey.occupation"),
            ordered(rep.profile.occupation, [o.value for o in Occupation], lambda k: t(f"survey.occupation.{k}")),
        ),
    ]


def _num(value, lang: str, decimals: int = 2) -> str:
    return "–" if value is None else i18n.fmt_number(value, lang, decimals)


def _sample_text(rep: Report, lang: str) -> str:
    if rep.population is None:
        return i18n.t("ikm.sample.unknown", lang)
    key = "ikm.sample.short" if rep.result.n < (rep.minimum or 0) else "ikm.sample.ok"
    return i18n.t(
        key,
        lang,
        n=rep.result.n,
        population=i18n.fmt_number(rep.population, lang),
        minimum=i18n.fmt_number(rep.minimum, lang),
    )


def file_name(rep: Report, ext: str) -> str:
    return f"skm-{rep.unit_code}-{rep.period.code}.{ext}".lower()


def pdf(rep: Report, lang: str) -> bytes:
    """The report as an A4 PDF: heading, figures, the nine elements, the profile in two columns, the plan."""

    def t(key: str, **params) -> str:
        return i18n.t(key, lang, **params)

    doc = new_pdf("A4")
    doc.set_auto_page_break(auto=True, margin=15)
    doc.set_title(f"SKM {rep.unit_code} {rep.period.code}")
    doc.set_creator("Sigap")
    doc.add_page()
    width = doc.w - doc.l_margin - doc.r_margin

    def para(text: str, size: float, style: str = "", height: float = 5) -> None:
        doc.set_font(FONT, style, size)
        doc.multi_cell(width, height, text, new_x="LMARGIN", new_y="NEXT")

    para(i18n.t("ikm.report.heading", lang), 15, "B", 8)
    para(f"{rep.unit_name} ({rep.unit_code}) - {rep.district_name}", 11, "", 6)
    para(
        f"{periods.label(rep.period, lang)}: {i18n.fmt_date(rep.period.start, lang)} - "
        f"{i18n.fmt_date(rep.period.end, lang)}",
        11,
        "",
        6,
    )
    doc.ln(3)
    res = rep.result
    grade = i18n.t(f"ikm.grade.{res.grade}", lang) if res.grade else "-"
    para(
        i18n.t("ikm.report.summary", lang, ikm=_num(res.ikm, lang), grade=res.grade or "-", grade_name=grade),
        12,
        "B",
        7,
    )
    para(i18n.t("ikm.report.raw", lang, raw=_num(res.ikm_raw, lang)), 10)
    para(_sample_text(rep, lang), 10)
    doc.ln(3)

    para(i18n.t("ikm.report.elements", lang), 11, "B", 7)
    cols = (12, width - 12 - 22 - 28 - 36, 22, 28, 36)
    heads = [t("ikm.report.no"), t("ikm.report.element"), t("ikm.report.nrr"), t("ikm.report.weighted"), t("ikm.grade")]
    doc.set_font(FONT, "B", 9)
    for w, head in zip(cols, heads, strict=True):
        doc.cell(w, 6, head, border=1)
    doc.ln()
    doc.set_font(FONT, "", 9)
    for i, e in enumerate(ELEMENTS):
        g = res.element_grades[e]
        weighted = None if not res.n else ikm.round_half_up(res.nrr_exact[i] * ikm.WEIGHT, 3)
        values = [
            e.upper(),
            t(f"ikm.element.{e}"),
            _num(res.nrr[e], lang),
            "-" if weighted is None else i18n.fmt_number(weighted, lang, 3),
            f"{g} ({t(f'ikm.grade.{g}')})" if g else "-",
        ]
        for w, v, align in zip(cols, values, "LLRRL", strict=True):
            doc.cell(w, 6, v, border=1, align=align)
        doc.ln()
    doc.ln(3)

    para(i18n.t("ikm.report.profile", lang, n=res.n), 11, "B", 7)
    blocks = profile_rows(rep, lang)
    column = (width - 6) / 2
    top = doc.get_y()
    ends = []
    for side, pair in enumerate((blocks[:2], blocks[2:])):
        x = doc.l_margin + side * (column + 6)
        doc.set_xy(x, top)
        for heading, rows in pair:
            doc.set_x(x)
            doc.set_font(FONT, "B", 9)
            doc.cell(column, 5, heading, new_x="LEFT", new_y="NEXT")
            doc.set_font(FONT, "", 9)
            for label, count in rows:
                share = i18n.fmt_percent(count / res.n, lang, 1) if res.n else "-"
                doc.set_x(x)
                doc.cell(column - 40, 5, f"  {label}")
                doc.cell(18, 5, i18n.fmt_number(count, lang), align="R")
                doc.cell(22, 5, share, align="R", new_x="LEFT", new_y="NEXT")
            doc.ln(1)
        ends.append(doc.get_y())
    doc.set_xy(doc.l_margin, max(ends) + 2)

    para(i18n.t("ikm.report.plan", lang), 11, "B", 7)
    para(rep.plan or i18n.t("ikm.report.no_plan", lang), 10)
    doc.ln(4)
    para(i18n.t("ikm.report.footer", lang, date=i18n.fmt_date(clock.today(), lang)), 8, "I", 4)
    return bytes(doc.output())


def xlsx(rep: Report, lang: str) -> bytes:
    """The report as a workbook: a summary sheet (figures, elements, profile, plan)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    def t(key: str, **params) -> str:
        return i18n.t(key, lang, **params)

    res = rep.result
    wb = Workbook()
    ws = wb.active
    ws.title = "SKM"
    bold = Font(bold=True)

    def append(values: list) -> None:
        """One row; typed text (a unit's name, the plan) is never written as a formula."""
        ws.append([spreadsheet_text(v) for v in values])

    append([t("ikm.report.heading")])
    ws["A1"].font = Font(bold=True, size=14)
    append([t("common.unit"), f"{rep.unit_name} ({rep.unit_code})"])
    append([t("common.district"), rep.district_name])
    append([t("ikm.period"), periods.label(rep.period, lang), rep.period.start, rep.period.end])
    append([])
    append([t("ikm.ikm"), res.ikm])
    append([t("ikm.grade"), res.grade, t(f"ikm.grade.{res.grade}") if res.grade else None])
    append([t("ikm.respondents"), res.n])
    append([t("ikm.sample.population"), rep.population])
    append([t("ikm.sample.minimum"), rep.minimum])
    append([])
    append([t("ikm.report.no"), t("ikm.report.element"), t("ikm.report.nrr"), t("ikm.grade")])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for e in ELEMENTS:
        append([e.upper(), t(f"ikm.element.{e}"), res.nrr[e], res.element_grades[e]])
    append([])
    append([t("ikm.report.profile", n=res.n)])
    ws.cell(ws.max_row, 1).font = bold
    for heading, rows in profile_rows(rep, lang):
        append([heading])
        ws.cell(ws.max_row, 1).font = bold
        for label, count in rows:
            append([label, count, round(count / res.n, 4) if res.n else None])
            ws.cell(ws.max_row, 3).number_format = "0.0%"
    append([])
    append([t("ikm.report.plan")])
    ws.cell(ws.max_row, 1).font = bold
    append([rep.plan or t("ikm.report.no_plan")])
    for row in ws.iter_rows():
        for cell in row:
            if hasattr(cell.value, "year") and not isinstance(cell.value, str):
                cell.number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 46
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions["D"].width = 14
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
