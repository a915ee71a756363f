#!/usr/bin/env python
"""Sigap administration command line.

python manage.py migrate               upgrade the database schema to the latest version
python manage.py check                 say whether the schema is current (exit 1 when behind)
python manage.py seed --demo           create the demo districts, units, staff and users
python manage.py createuser            make a real account (the password is prompted)
python manage.py units                 list unit codes
python manage.py import-skm FILE       import SKM responses (CSV/XLSX; --unit CODE for rows without one)
python manage.py report-ikm --period P [--unit CODE | --district NAME] [--json]
python manage.py rebuild-ikm           recompute the monthly IKM roll-up from the responses
python manage.py close-expired         close the follow-ups whose quiet period has passed (for cron)
"""

from __future__ import annotations

import argparse
import getpass
import sys

from models.base import Role

SCHEMA_ADVICE = {
    "behind": "the database is behind: run `python manage.py migrate`",
    "ahead": "the database was migrated by a newer version of Sigap: run that version (this code cannot use it)",
}


def cmd_migrate(args) -> int:
    from services import db

    status = db.schema_status()
    if status.state == db.SchemaState.ahead:
        print(f"database at {status.current}, unknown to this code (head {status.head})", file=sys.stderr)
        print(SCHEMA_ADVICE["ahead"], file=sys.stderr)
        return 1
    db.migrate()
    current, head = db.schema_revisions()
    print(f"database at {current} (head {head})")
    return 0


def cmd_check(args) -> int:
    from services import db

    status = db.schema_status()
    print(f"database at {status.current or '-'}; code expects {status.head}")
    if status.state != db.SchemaState.current:
        print(SCHEMA_ADVICE[status.state], file=sys.stderr)
        return 1
    return 0


def cmd_seed(args) -> int:
    from seed import demo
    from services import db

    if not args.demo:
        print("nothing to do: pass --demo", file=sys.stderr)
        return 2
    status = db.schema_status()
    if status.state != db.SchemaState.current:
        print(SCHEMA_ADVICE[status.state], file=sys.stderr)
        return 1
    if args.if_empty:
        with db.session_scope() as s:
            if not demo.is_empty(s):
                print("database already has data: demo seed skipped")
                return 0
    demo.run(db.session_scope)
    return 0


def cmd_createuser(args) -> int:
    from services import accounts, db
    from services.access import system_actor
    from services.errors import ValidationFailed
    from services.i18n import error_text

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if password and password != getpass.getpass("Repeat password: "):
            print("the passwords differ", file=sys.stderr)
            return 1
    if not password:
        print("no password given: refusing to create an account without one", file=sys.stderr)
        return 1
    district_id = None
    if args.district:
        from sqlmodel import select

        from models.org import District

        with db.session_scope() as s:
            district_id = s.exec(
                select(District.id).where((District.code == args.district.upper()) | (District.name == args.district))
            ).first()
        if district_id is None:
            print(f"unknown district {args.district!r}", file=sys.stderr)
            return 1
    data = {
        "username": args.username,
        "full_name": args.full_name,
        "email": args.email,
        "password": password,
        "roles": args.role,
        "district_id": district_id,
    }
    try:
        with db.session_scope() as s:
            user = accounts.create_user(s, system_actor("manage.py"), data)
    except ValidationFailed as exc:
        for e in exc.errors:
            print(f"{e.field or 'input'}: {error_text(e.code, 'en', e.params)}", file=sys.stderr)
        return 1
    print(f"created {user.username} ({', '.join(user.roles)})")
    return 0


# --- satisfaction (SKM/IKM) ----------------------------------------------------------------------


def cmd_units(args) -> int:
    """Unit codes for imports and reports: code, district, name (tab-separated)."""
    from sqlmodel import select

    from models.org import District, Unit
    from services import db

    with db.session_scope() as s:
        rows = s.exec(select(Unit.code, District.name, Unit.name, Unit.active).join(District).order_by(Unit.code)).all()
    for code, district, name, active in rows:
        print(f"{code}\t{district}\t{name}" + ("" if active else "\t(inactive)"))
    return 0


def cmd_import_skm(args) -> int:
    """Import SKM responses; any bad row refuses the whole file (nothing imported, exit 1). As on the
    screen, ignored columns are named, and rows identical to responses imported from an earlier file
    are named and skipped (unless --include-already-imported)."""
    from pathlib import Path

    from services import db, surveys
    from services.access import system_actor
    from services.errors import ValidationFailed
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
            preview = surveys.parse_import(s, actor, content, path.name, args.unit)
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
                    f"lines {surveys.line_ranges(preview.already_lines)}"
                )
            result = surveys.import_file(
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

    from models.org import District, Unit
    from services import db, ikm, periods, satisfaction_stats
    from services.access import system_actor
    from services.errors import ValidationFailed
    from services.i18n import t

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
        result = satisfaction_stats.ikm_for(s, actor, period=period, unit_id=unit_id, district_id=district_id)
        population = None
        if unit_id is not None:
            from services import surveys

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
    from services import db, satisfaction_stats

    with db.session_scope() as s:
        drift = satisfaction_stats.months_drift(s)
        months = satisfaction_stats.rebuild_months(s)
    print(f"rebuilt {months} unit-months ({drift} differed from the responses)")
    return 0


# --- complaints --------------------------------------------------------------------------------


def cmd_close_expired(args) -> int:
    """Close every followed-up complaint whose quiet period passed without a reply from the
    complainant, in every district, as the system (for cron: idempotent, exit 0, prints what it closed)."""
    from services import complaints, db
    from services.access import system_actor

    total = 0
    while True:  # in batches, each in its own transaction
        with db.session_scope() as s:
            closed = complaints.close_expired(s, system_actor("manage.py"))
        for tracking_id in closed:
            print(f"closed {tracking_id}")
        total += len(closed)
        if len(closed) < complaints.CLOSE_BATCH:
            break
    print(f"{total} complaint(s) closed")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="manage.py", description="Sigap administration")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="upgrade the schema to head").set_defaults(func=cmd_migrate)
    sub.add_parser("check", help="exit 1 when the schema is behind").set_defaults(func=cmd_check)
    p = sub.add_parser("seed", help="load demo data")
    p.add_argument("--demo", action="store_true", help="the five demo districts, units, staff and demo users")
    p.add_argument("--if-empty", action="store_true", help="only when the database has no districts yet")
    p.set_defaults(func=cmd_seed)
    p = sub.add_parser("createuser", help="create an account (password prompted)")
    p.add_argument("--username", required=True)
    p.add_argument("--full-name", required=True)
    p.add_argument("--email")
    p.add_argument("--role", action="append", required=True, choices=[r.value for r in Role])
    p.add_argument("--district", help="district code or name; omit for all districts")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=cmd_createuser)
    sub.add_parser("units", help="list unit codes (for imports and reports)").set_defaults(func=cmd_units)
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
    sub.add_parser(
        "close-expired", help="close the follow-ups whose quiet period has passed (run daily from cron)"
    ).set_defaults(func=cmd_close_expired)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
