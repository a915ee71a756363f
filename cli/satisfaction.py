"""Command-line commands of the satisfaction module: import SKM files, report and rebuild the IKM.
Their numbers are the screen's numbers."""

from __future__ import annotations

import sys

from services.satisfaction import imports, stats, surveys


def cmd_import_skm(args) -> int:
    """Import SKM responses; any bad row refuses the whole file (nothing imported, exit 1). As on the
    screen, ignored columns are named, and rows identical to responses imported from an earlier file
    are named and skipped (unless --include-already-imported)."""
    from pathlib import Path

    from services.core import db
    from services.core.access import system_actor
    from services.core.errors import ValidationFailed
    from services.i18n import error_text

    def say(line: str) -> None:
        print(line, file=sys.stderr)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    path = Path(args.file)
    if not path.is_file():
        say(f"no such file: {path}")
        return 2
    content, actor = path.read_bytes(), system_actor("manage.py")
    try:
        with db.session_scope() as s:
            preview = imports.parse_import(s, actor, content, path.name, args.unit)
            if preview.extra_columns:
                say(f"ignored columns: {', '.join(preview.extra_columns)}")
            if preview.file_errors:
                raise ValidationFailed(preview.file_errors)
            if preview.errors:
                for e in preview.errors:
                    say(f"line {e.row}: {e.column or 'row'}: {error_text(e.code, 'en', e.params)}")
                say(
                    f"nothing imported: {plural(preview.bad_rows, 'bad row')} in {path.name} "
                    f"({plural(len(preview.errors), 'problem')})"
                )
                return 1
            if preview.already and not args.include_already_imported:
                say(
                    f"skipped {plural(len(preview.already), 'row')} already imported from an earlier file: "
                    f"lines {imports.line_ranges(preview.already_lines)}"
                )
            result = imports.import_file(
                s,
                actor,
                content,
                path.name,
                args.unit,
                include_already_imported=args.include_already_imported,
                preview=preview,
            )
    except ValidationFailed as exc:
        for e in exc.errors:
            where = f"line {e.params['row']}: " if "row" in e.params else ""
            say(f"{where}{e.field or 'file'}: {error_text(e.code, 'en', e.params)}")
        say(f"nothing imported from {path.name}")
        return 1
    print(f"imported {result.imported} responses from {path.name} (import #{result.import_id})")
    return 0


def cmd_report_ikm(args) -> int:
    """The IKM of a unit, a district or everything, for a period; --json prints one JSON object."""
    import json

    from sqlalchemy import func
    from sqlmodel import select

    from models.core.org import District, Unit
    from services.core import db, periods
    from services.core.access import system_actor
    from services.core.errors import ValidationFailed
    from services.i18n import t
    from services.satisfaction import ikm

    try:
        period = periods.parse(args.period)
    except ValidationFailed:
        print(f"unknown period {args.period!r}: use 2026-03, 2026-Q1, 2026-S1 or 2026", file=sys.stderr)
        return 2
    actor = system_actor("manage.py")
    with db.session_scope() as s:
        unit_id = district_id = None
        what = "all districts"
        if args.unit:
            unit = s.exec(select(Unit).where(Unit.code == args.unit.strip().upper())).first()
            if unit is None:
                print(f"unknown unit code {args.unit!r} (see `python manage.py units`)", file=sys.stderr)
                return 2
            unit_id, what = unit.id, f"{unit.name} ({unit.code})"
        elif args.district:
            name = args.district.strip()
            district = s.exec(
                select(District).where((func.lower(District.name) == name.lower()) | (District.code == name.upper()))
            ).first()
            if district is None:
                print(f"unknown district {args.district!r}", file=sys.stderr)
                return 2
            district_id, what = district.id, district.name
        result = stats.ikm_for(s, actor, period=period, unit_id=unit_id, district_id=district_id)
        population = None
        if unit_id is not None:
            population = surveys.service_users_for(s, [unit_id], period).get(unit_id)
    if args.json:
        print(json.dumps(result.as_json()))
        return 0
    print(f"IKM of {what}, {period.code} ({period.start} to {period.end})")
    if not result.n:
        print("no responses in this period")
        return 0
    print(f"respondents: {result.n}")
    if population is not None:
        minimum = ikm.min_sample(population)
        status = "met" if result.n >= minimum else f"SHORT by {minimum - result.n}"
        print(f"service users: {population}; minimum sample: {minimum} ({status})")
    print(f"IKM: {result.ikm:.2f}  grade: {result.grade} ({t(f'ikm.grade.{result.grade}', 'en')})")
    print(f"{'element':<52} {'NRR':>5}  grade")
    for e in ikm.ELEMENTS:
        label = f"{e} {t(f'ikm.element.{e}', 'id')}"
        print(f"{label:<52} {result.nrr[e]:>5.2f}  {result.element_grades[e]}")
    return 0


def cmd_rebuild_ikm(args) -> int:
    """Recompute the monthly IKM roll-up from the responses (triggers keep it exact; this repairs a
    database edited with the triggers disabled or restored in part)."""
    from services.core import db

    with db.session_scope() as s:
        drift = stats.months_drift(s)
        months = stats.rebuild_months(s)
    print(f"rebuilt {months} unit-months ({drift} differed from the responses)")
    return 0


def register(sub) -> None:
    p = sub.add_parser("import-skm", help="import SKM responses from CSV/XLSX (all rows or nothing)")
    p.add_argument("file")
    p.add_argument("--unit", help="unit code for rows without unit_code")
    p.add_argument(
        "--include-already-imported",
        action="store_true",
        help="also import rows identical to responses imported from an earlier file (skipped by default)",
    )
    p.set_defaults(func=cmd_import_skm)
    p = sub.add_parser("report-ikm", help="IKM of a unit, a district or everything for a period")
    target = p.add_mutually_exclusive_group()
    target.add_argument("--unit", help="unit code, e.g. WGR-DUKCAPIL")
    target.add_argument("--district", help="district name or code")
    p.add_argument("--period", required=True, help="2026-03, 2026-Q1, 2026-S1 or 2026")
    p.add_argument("--json", action="store_true", help='one JSON object: {"ikm", "grade", "n", "nrr"}')
    p.set_defaults(func=cmd_report_ikm)
    sub.add_parser("rebuild-ikm", help="recompute the monthly IKM roll-up from the responses").set_defaults(
        func=cmd_rebuild_ikm
    )
