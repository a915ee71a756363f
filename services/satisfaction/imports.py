"""SKM imports from CSV/XLSX: check row by row, then insert all of it or nothing.

An import with any bad row imports nothing unless the caller accepts the good rows only, and then
all of them go in one transaction (nothing half-saved). Imports are safe to repeat: the same file
twice is refused, and a row identical to a response already imported from an earlier file (same
unit, date, service, profile, nine scores and suggestion) is reported by its line and skipped unless
the caller includes it, so a file corrected after "import only the good rows" adds only the rows
that were fixed.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from models.core.accounts import User
from models.core.base import Role, utcnow
from models.core.org import Unit, UnitService
from models.satisfaction import (
    ELEMENTS,
    Source,
    SurveyImport,
    SurveyImportRow,
    SurveyResponse,
)
from services.core import audit, clock, db, settings
from services.core.access import Actor, district_filter, in_scope, require
from services.core.errors import FieldError, NotFound, ValidationFailed, from_pydantic
from services.satisfaction.surveys import ENTRY_ROLES, _creator, insert_responses, may_enter_for

INSERT_CHUNK = 2_000
REQUIRED_COLUMNS = ("date", *ELEMENTS)
OPTIONAL_COLUMNS = ("unit_code", "service", "gender", "age", "education", "occupation", "suggestion")
TEMPLATE_COLUMNS = ("date", "unit_code", "service", "gender", "age", "education", "occupation", *ELEMENTS, "suggestion")
PARSE_STEP = 1_000  # rows between two progress reports while a file is checked
# While import_file parses a file itself, the parse is this share of the progress bar; the insert
# (batched COPY or multi-row INSERTs) is the rest.
PARSE_SHARE = 0.5
# What makes two questionnaires "the same answer": everything a row of an import file carries.
SAME_ANSWER = ("unit_id", "answered_on", "service_id", "gender", "age", "education", "occupation", *ELEMENTS,
               "suggestion")  # fmt: skip
DAYS_PER_QUERY = 500  # answered_on IN (...) values per query when looking for earlier imports


# --- import --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # line in the file, the header being line 1
    column: str | None
    code: str  # catalogue key without "err."
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportPreview:
    """What a file would import: the good rows, the good rows already imported from an earlier file,
    each bad row's reasons, and the columns we ignore. Made for one actor, file and default unit."""

    file_name: str
    sha256: str
    actor_id: int | None = None
    default_unit_code: str | None = None
    rows_total: int = 0
    good: list[dict] = field(default_factory=list)  # SurveyResponseCreate fields, ready to insert
    good_lines: list[int] = field(default_factory=list)
    already: list[dict] = field(default_factory=list)  # good rows identical to responses imported before
    already_lines: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)  # row errors
    file_errors: list[FieldError] = field(default_factory=list)  # the whole file is unusable
    extra_columns: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def importable(self) -> bool:
        return not self.file_errors and bool(self.good)


@dataclass(frozen=True)
class ImportResult:
    import_id: int
    imported: int
    skipped: int  # bad rows left out
    already: int = 0  # rows left out as already imported from an earlier file


def line_ranges(lines: Iterable[int], limit: int = 50) -> str:
    """File lines as short ranges for a message: "2-4, 7, 9-12" (at most `limit` ranges, then "…")."""
    spans: list[list[int]] = []
    for line in sorted(set(lines)):
        if spans and line == spans[-1][1] + 1:
            spans[-1][1] = line
        else:
            spans.append([line, line])
    parts = [str(a) if a == b else f"{a}-{b}" for a, b in spans[:limit]]
    return ", ".join(parts) + (", …" if len(spans) > limit else "")


def template_csv() -> bytes:
    """The import template: the columns in the documented order and two example rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerow(["2026-11-02", "WGR-DUKCAPIL", "KTP-el", "P", "34", "SMA", "wiraswasta", 3, 3, 2, 4, 3, 3, 4, 3, 3,
                     "Antrean pagi terlalu panjang"])  # fmt: skip
    writer.writerow(["2026-11-02", "WGR-DUKCAPIL", "Kartu Keluarga", "L", "51", "S1", "pns", 4, 3, 3, 4, 3, 4, 4, 3, 3,
                     ""])  # fmt: skip
    return out.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "skm"
    rows = list(csv.reader(io.StringIO(template_csv().decode("utf-8-sig"))))
    for row in rows:
        ws.append(row)
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            header = rows[0][cell.column - 1]
            if header in ELEMENTS or header == "age":
                cell.value = int(cell.value) if cell.value not in (None, "") else None
            cell.number_format = "@" if header == "date" else cell.number_format
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _read_table(content: bytes, file_name: str) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of a CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or XLSX file."""
    name = (file_name or "").lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:
            raise ValidationFailed.one("file", "import_unreadable") from None
        ws = wb.worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        wb.close()
    elif name.endswith(".csv") or name.endswith(".txt"):
        text = _decode(content)
        first = text.split("\n", 1)[0]
        # Indonesian spreadsheets write CSV with ';' (the comma is the decimal separator).
        delimiter = max((",", ";", "\t"), key=first.count)
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        except csv.Error:  # e.g. NUL bytes: not a text file at all
            raise ValidationFailed.one("file", "import_unreadable_csv") from None
    else:
        raise ValidationFailed.one("file", "import_file_type")
    if not rows:
        raise ValidationFailed.one("file", "import_empty")
    header = ["" if h is None else str(h).strip().lower() for h in rows[0]]
    return header, rows[1:]


def _decode(content: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM) or Windows-1252, else unreadable. (Some
    bytes, 0x81 or 0x8D for instance, mean nothing in Windows-1252: such a file is neither.)"""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed.one("file", "import_unreadable_csv")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_import(
    session: Session,
    actor: Actor,
    content: bytes,
    file_name: str,
    default_unit_code: str | None = None,
    *,
    progress: Callable[[float], None] | None = None,
) -> ImportPreview:
    """Read and validate every row of an import file without saving anything, and set apart the good
    rows identical to responses already imported from an earlier file. `progress` hears the share of
    rows checked, from 0 to 1."""
    require(actor, *ENTRY_ROLES)
    preview = ImportPreview(
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
        actor_id=actor.id,
        default_unit_code=default_unit_code,
    )
    try:
        header, rows = _read_table(content, file_name)
    except ValidationFailed as exc:
        preview.file_errors = exc.errors
        return preview
    preview.columns = [h for h in header if h]
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    preview.extra_columns = [h for h in preview.columns if h not in known]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        preview.file_errors.append(FieldError("file", "import_columns_missing", {"columns": ", ".join(missing)}))
    default_unit = None
    if default_unit_code:
        default_unit = session.exec(select(Unit).where(Unit.code == default_unit_code.strip().upper())).first()
        if default_unit is None or not in_scope(actor, default_unit.district_id):
            preview.file_errors.append(FieldError("unit", "unit_code_unknown", {"code": default_unit_code[:20]}))
        elif not default_unit.active:
            preview.file_errors.append(FieldError("unit", "unit_inactive"))
        elif not may_enter_for(actor, default_unit):
            preview.file_errors.append(FieldError("unit", "survey_other_unit"))
    if "unit_code" not in header and default_unit_code is None:
        preview.file_errors.append(FieldError("unit_code", "import_unit_missing"))
    limit = settings.get(session, "satisfaction.import_max_rows")
    data_rows = [(i + 2, r) for i, r in enumerate(rows) if not all(_blank(c) for c in r)]
    preview.rows_total = len(data_rows)
    if len(data_rows) > limit:
        preview.file_errors.append(FieldError("file", "import_too_many_rows", {"max": limit}))
    if not data_rows and not preview.file_errors:
        preview.file_errors.append(FieldError("file", "import_empty"))
    previous = session.exec(select(SurveyImport).where(SurveyImport.sha256 == preview.sha256)).first()
    if previous is not None:
        preview.file_errors.append(
            FieldError("file", "import_duplicate", {"date": previous.created_at.date().isoformat()})
        )
    if preview.file_errors:
        return preview

    units = {u.code: u for u in session.exec(select(Unit))}
    services: dict[tuple[int, str], int] = {
        (unit_id, name.casefold()): sid
        for sid, unit_id, name in session.exec(
            select(UnitService.id, UnitService.unit_id, UnitService.name).where(UnitService.active == True)  # noqa: E712
        )
    }
    index = {name: i for i, name in enumerate(header) if name in known}
    good: list[dict] = []
    good_lines: list[int] = []
    context = {"today": clock.today()}  # "not in the future" by the app's calendar
    for done, (line, cells) in enumerate(data_rows, start=1):
        if progress and done % PARSE_STEP == 0:
            progress(done / len(data_rows))
        raw = {name: (cells[i] if i < len(cells) else None) for name, i in index.items()}
        errors: list[RowError] = []
        try:
            row = SurveyImportRow.model_validate(raw, context=context)
        except ValidationError as exc:
            for e in from_pydantic(exc).errors:
                errors.append(RowError(line, e.field, e.code, e.params))
            row = None
        unit = None
        code = raw.get("unit_code")
        if _blank(code):
            unit = default_unit
        else:
            unit = units.get(str(code).strip().upper())
            if unit is None or not in_scope(actor, unit.district_id):
                errors.append(RowError(line, "unit_code", "unit_code_unknown", {"code": str(code)[:20]}))
                unit = None
            elif not unit.active:
                errors.append(RowError(line, "unit_code", "unit_inactive"))
                unit = None
            elif not may_enter_for(actor, unit):
                errors.append(RowError(line, "unit_code", "survey_other_unit"))
                unit = None
        service_id = None
        if unit is not None and row is not None and row.service:
            service_id = services.get((unit.id, row.service.casefold()))
            if service_id is None:
                errors.append(RowError(line, "service", "service_unknown", {"service": row.service[:40]}))
        if errors or row is None or unit is None:
            preview.errors.extend(errors)
            continue
        good.append(
            {
                "unit_id": unit.id,
                "service_id": service_id,
                "answered_on": row.date,
                **{e: getattr(row, e) for e in ELEMENTS},
                "gender": row.gender,
                "age": row.age,
                "education": row.education,
                "occupation": row.occupation,
                "suggestion": row.suggestion,
            }
        )
        good_lines.append(line)
    _set_apart_already_imported(session, preview, good, good_lines)
    if progress:
        progress(1.0)
    return preview


def _same_answer(row: dict) -> tuple:
    return tuple(row[name] for name in SAME_ANSWER)


def _imported_before(session: Session, rows: list[dict]) -> Counter:
    """How many responses imported from earlier files there are of each answer among `rows`.

    Reads only the responses of the units and days the rows are about, over the (unit_id,
    answered_on) index, a few hundred days per query."""
    days: dict[int, set[date]] = {}
    for row in rows:
        days.setdefault(row["unit_id"], set()).add(row["answered_on"])
    columns = [getattr(SurveyResponse, name) for name in SAME_ANSWER]
    found: Counter = Counter()
    for unit_id, unit_days in days.items():
        ordered = sorted(unit_days)
        for start in range(0, len(ordered), DAYS_PER_QUERY):
            found.update(
                tuple(r)
                for r in session.exec(
                    select(*columns).where(
                        SurveyResponse.unit_id == unit_id,
                        col(SurveyResponse.answered_on).in_(ordered[start : start + DAYS_PER_QUERY]),
                        col(SurveyResponse.import_id).is_not(None),
                    )
                )
            )
    return found


def _set_apart_already_imported(session: Session, preview: ImportPreview, rows: list[dict], lines: list[int]) -> None:
    """Split the good rows into new ones and those already imported from an earlier file.

    Identical answers are legitimate (two people can answer alike), so they are counted: when an
    earlier import holds k responses identical to a row, the first k such rows of this file are the
    ones already imported and any further one is new."""
    preview.good, preview.good_lines, preview.already, preview.already_lines = [], [], [], []
    left = _imported_before(session, rows) if rows else Counter()
    for line, row in zip(lines, rows, strict=True):
        key = _same_answer(row)
        if left[key] > 0:
            left[key] -= 1
            preview.already.append(row)
            preview.already_lines.append(line)
        else:
            preview.good.append(row)
            preview.good_lines.append(line)


def _still_valid(session: Session, actor: Actor, preview: ImportPreview | None, content: bytes, file_name: str,
                 default_unit_code: str | None) -> bool:  # fmt: skip
    """Whether a preview can be imported without reading the file again: made of this very content,
    name and default unit, for this actor, and nothing it checked in the database has changed since
    (the file not imported meanwhile, every unit still one the actor may enter for, every service
    still active at its unit, the row limit). The rows' own checks depend on nothing else."""
    if preview is None or preview.file_errors:
        return False
    if (preview.sha256, preview.file_name, preview.default_unit_code, preview.actor_id) != (
        hashlib.sha256(content).hexdigest(), file_name, default_unit_code, actor.id,
    ):  # fmt: skip
        return False
    if preview.rows_total > settings.get(session, "satisfaction.import_max_rows"):
        return False
    if session.exec(select(SurveyImport.id).where(SurveyImport.sha256 == preview.sha256)).first() is not None:
        return False
    rows = preview.good + preview.already
    unit_ids = {r["unit_id"] for r in rows}
    units = session.exec(select(Unit).where(col(Unit.id).in_(unit_ids))).all() if unit_ids else []
    if len(units) != len(unit_ids) or not all(may_enter_for(actor, u) for u in units):
        return False
    wanted = {(r["unit_id"], r["service_id"]) for r in rows if r["service_id"] is not None}
    if wanted:
        active = set(
            session.exec(
                select(UnitService.unit_id, UnitService.id).where(
                    col(UnitService.id).in_({sid for _, sid in wanted}),
                    UnitService.active == True,  # noqa: E712
                )
            ).all()
        )
        if not wanted <= active:
            return False
    return True


def import_file(
    session: Session,
    actor: Actor,
    content: bytes,
    file_name: str,
    default_unit_code: str | None = None,
    *,
    accept_good_rows: bool = False,
    include_already_imported: bool = False,
    progress: Callable[[float], None] | None = None,
    preview: ImportPreview | None = None,
) -> ImportResult:
    """Import a file in one transaction.

    Any bad row refuses the whole file (ValidationFailed listing every row's reason) unless
    `accept_good_rows` is set, when only the good rows go in. A file already imported is refused.
    Rows identical to responses imported from an earlier file are left out (counted in the result)
    unless `include_already_imported` is set.

    `preview`, the parse_import of this file shown to the user, spares reading the file again when
    it is still valid (see _still_valid; its split of already-imported rows is made again, as another
    import may have come in meanwhile); otherwise the file is checked again. `progress` hears the
    share of the work done, from 0 to 1: the check (when the file is read again) and then the insert.
    """
    require(actor, *ENTRY_ROLES)
    # One import at a time: two overlapping files sent at the same instant cannot both pass the
    # duplicate checks below; the second waits, then finds the first one's rows.
    db.serialize(session, "survey_import")
    insert_from = 0.0
    if _still_valid(session, actor, preview, content, file_name, default_unit_code):
        in_file_order = sorted(
            zip(preview.good_lines + preview.already_lines, preview.good + preview.already, strict=True),
            key=lambda pair: pair[0],
        )
        _set_apart_already_imported(
            session, preview, [row for _, row in in_file_order], [line for line, _ in in_file_order]
        )
    else:
        insert_from = PARSE_SHARE if progress else 0.0
        checked = (lambda f: progress(f * PARSE_SHARE)) if progress else None
        preview = parse_import(session, actor, content, file_name, default_unit_code, progress=checked)
    if preview.file_errors:
        raise ValidationFailed(preview.file_errors)
    if preview.errors and not accept_good_rows:
        raise ValidationFailed([FieldError(e.column, e.code, {**e.params, "row": e.row}) for e in preview.errors])
    chosen = preview.good + (preview.already if include_already_imported else [])
    left_out = 0 if include_already_imported else len(preview.already)
    if not chosen:
        raise ValidationFailed.one("file", "import_nothing_new" if preview.already else "import_nothing_good")
    batch = SurveyImport(
        file_name=(file_name or "-")[:200], sha256=preview.sha256, rows=len(chosen), created_by=_creator(actor)
    )
    session.add(batch)
    session.flush()
    now = utcnow()
    extra = {
        "source": Source.imported.value,
        "import_id": batch.id,
        "kiosk_link_id": None,
        "created_at": now,
        "created_by": _creator(actor),
    }
    total = len(chosen)
    # In (unit, date) order, so concurrent imports lock the monthly roll-up rows in the same order.
    rows = sorted(chosen, key=lambda r: (r["unit_id"], r["answered_on"]))
    for start in range(0, total, INSERT_CHUNK):
        chunk = [{**row, **extra} for row in rows[start : start + INSERT_CHUNK]]
        insert_responses(session, chunk)
        if progress:
            progress(insert_from + (1.0 - insert_from) * min(1.0, (start + len(chunk)) / total))
    audit.record(
        session,
        actor,
        "import",
        "survey_import",
        batch.id,
        after={
            "file": batch.file_name,
            "rows": total,
            "skipped_rows": preview.bad_rows,
            "already_imported_rows": left_out,
        },
    )
    return ImportResult(batch.id, total, preview.bad_rows, left_out)


def undo_import(session: Session, actor: Actor, import_id: int) -> int:
    """Remove every response of one import batch (admins in scope); returns how many were removed."""
    require(actor, Role.admin)
    batch = session.get(SurveyImport, import_id)
    if batch is None:
        raise NotFound()
    outside = session.exec(
        select(func.count())
        .select_from(SurveyResponse)
        .join(Unit, Unit.id == SurveyResponse.unit_id)
        .where(SurveyResponse.import_id == import_id, ~district_filter(actor, Unit.district_id))
    ).one()
    if outside:
        inside = session.exec(
            select(func.count())
            .select_from(SurveyResponse)
            .join(Unit, Unit.id == SurveyResponse.unit_id)
            .where(SurveyResponse.import_id == import_id, district_filter(actor, Unit.district_id))
        ).one()
        if not inside:  # nothing of it in the actor's districts: it is not theirs to know of
            raise NotFound()
        raise ValidationFailed.one(None, "scope_outside_yours")
    removed = session.exec(delete(SurveyResponse).where(col(SurveyResponse.import_id) == import_id)).rowcount
    session.delete(batch)
    audit.record(
        session, actor, "delete", "survey_import", import_id, before={"file": batch.file_name, "rows": removed}
    )
    return removed


@dataclass(frozen=True)
class ImportBatch:
    id: int
    file_name: str
    rows: int
    created_at: Any
    created_by_name: str | None


def recent_imports(session: Session, actor: Actor, limit: int = 20) -> list[ImportBatch]:
    """The latest import batches that touched the actor's scope."""
    require(actor, *ENTRY_ROLES)
    in_reach = (
        select(SurveyResponse.import_id)
        .join(Unit, Unit.id == SurveyResponse.unit_id)
        .where(district_filter(actor, Unit.district_id), SurveyResponse.import_id.is_not(None))
        .distinct()
    )
    rows = session.exec(
        select(SurveyImport, User.full_name)
        .join(User, User.id == SurveyImport.created_by, isouter=True)
        .where(col(SurveyImport.id).in_(in_reach))
        .order_by(col(SurveyImport.id).desc())
        .limit(limit)
    ).all()
    return [ImportBatch(b.id, b.file_name, b.rows, b.created_at, name) for b, name in rows]
