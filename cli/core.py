"""Command-line commands of the core: the schema, the demo seed, accounts, the unit list, backups."""

from __future__ import annotations

import getpass
import sys

from models.core.base import Role

SCHEMA_ADVICE = {
    "behind": "the database is behind: run `python manage.py migrate`",
    "ahead": "the database was migrated by a newer version of Sigap: run that version (this code cannot use it)",
}


def cmd_migrate(args) -> int:
    from services.core import db

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
    from services.core import db

    status = db.schema_status()
    print(f"database at {status.current or '-'}; code expects {status.head}")
    if status.state != db.SchemaState.current:
        print(SCHEMA_ADVICE[status.state], file=sys.stderr)
        return 1
    return 0


def cmd_seed(args) -> int:
    from seed import demo
    from services.core import db

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
    from services.core import accounts, db
    from services.core.access import system_actor
    from services.core.errors import ValidationFailed
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

        from models.core.org import District

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


def cmd_units(args) -> int:
    """Unit codes for imports and reports: code, district, name (tab-separated)."""
    from sqlmodel import select

    from models.core.org import District, Unit
    from services.core import db

    with db.session_scope() as s:
        rows = s.exec(select(Unit.code, District.name, Unit.name, Unit.active).join(District).order_by(Unit.code)).all()
    for code, district, name, active in rows:
        print(f"{code}\t{district}\t{name}" + ("" if active else "\t(inactive)"))
    return 0


def cmd_purge_personal_data(args) -> int:
    """Blank the personal data of records closed longer ago than the retention period (for cron)."""
    from datetime import timedelta

    from services import registry
    from services.core import clock, db, settings
    from services.core.access import system_actor

    with db.session_scope() as s:
        days = args.older_than if args.older_than is not None else settings.get(s, "privacy.retention_days")
        if days < 1:
            print("--older-than must be at least 1 day", file=sys.stderr)
            return 2
        before = clock.today() - timedelta(days=days)
        done = registry.purge_personal_data(s, system_actor("manage.py"), before)
        if args.dry_run:
            s.rollback()
    verb = "would blank" if args.dry_run else "blanked"
    for module, counts in done.items():
        for what, n in counts.items():
            print(f"{module}: {verb} the personal data of {n} {what} past retention (before {before.isoformat()})")
    return 0


def cmd_backup(args) -> int:
    from sqlalchemy.exc import DBAPIError

    from services.core import backup

    try:
        report = backup.backup(args.file)
    except backup.BackupError as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    except DBAPIError as exc:
        print(f"backup failed: database error ({exc.orig})", file=sys.stderr)
        return 1
    print(
        f"backed up the {report.kind} database (schema {report.revision or '-'}): {len(report.tables)} tables, "
        f"{report.rows} rows; {report.files} files ({report.file_bytes} bytes) from the data folder"
    )
    print(f"wrote {report.path} ({report.archive_bytes} bytes) in {report.seconds:.1f} s")
    return 0


def cmd_restore(args) -> int:
    from sqlalchemy.exc import DBAPIError

    from services.core import backup

    try:
        report = backup.restore(args.file, force=args.force, progress=print)
    except backup.BackupError as exc:
        print(f"restore refused: {exc}", file=sys.stderr)
        return 1
    except DBAPIError as exc:
        print(f"restore failed: database error ({exc.orig})", file=sys.stderr)
        return 1
    print(
        f"restored the {report.kind} database of {report.created_at} (schema {report.revision or '-'}): "
        f"{len(report.tables)} tables, {report.rows} rows; {report.files} files into the data folder"
    )
    if report.migrated_to:
        print(f"migrated to {report.migrated_to}")
    print(f"done in {report.seconds:.1f} s")
    return 0


def cmd_loadtest(args) -> int:
    """Simulated users on the app's websocket stream (loadtest/): page run times, errors, writes, memory."""
    import json
    from contextlib import nullcontext
    from pathlib import Path

    import loadtest
    from loadtest import server, writes

    if args.serve == bool(args.url):
        print("give the app's URL, or --serve to start one here (not both)", file=sys.stderr)
        return 2
    if args.url and not args.allow_remote and not loadtest.is_loopback(args.url):
        print(f"{args.url} is not on this machine: pass --allow-remote to load it", file=sys.stderr)
        return 2
    log = Path(args.server_log) if args.server_log else None
    with server.serve(log=log) if args.serve else nullcontext() as served:
        url = served.url if served else args.url
        pid = served.pid if served else args.pid
        print(f"{args.users} users x {args.steps} steps against {url} ...", flush=True)
        report = loadtest.run(
            url,
            args.users,
            args.steps,
            pid=pid,
            duration=args.duration,
            ramp=args.ramp,
            think=args.think,
            password=args.password,
            verify=None if args.no_verify else writes.missing_writes,
            allow_remote=args.allow_remote,
            warm_up=not args.no_warm_up,
        )
    print(report.format())
    if args.json:
        Path(args.json).write_text(json.dumps(report.to_dict(), indent=2))
    return 0 if report.ok else 1


def register(sub) -> None:
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
    p = sub.add_parser("purge-personal-data", help="blank personal data past the retention period (for cron)")
    p.add_argument("--older-than", type=int, metavar="DAYS", help="days since closing (default: the setting)")
    p.add_argument("--dry-run", action="store_true", help="say how many, change nothing")
    p.set_defaults(func=cmd_purge_personal_data)
    p = sub.add_parser("backup", help="write the database and the data folder's files to one archive")
    p.add_argument("file", help="the archive to write (a .tar.gz; replaced when it exists)")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="put an archive's database and files back (the app stopped)")
    p.add_argument("file", help="an archive written by `backup`")
    p.add_argument("--force", action="store_true", help="replace a database that holds rows")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("loadtest", help="simulated users on the websocket stream: page times, errors, writes")
    p.add_argument(
        "url", nargs="?", help="the running app, e.g. http://127.0.0.1:8501 (loopback unless --allow-remote)"
    )
    p.add_argument("--users", type=int, default=10, help="concurrent sessions (default 10)")
    p.add_argument("--steps", type=int, default=5, help="steps per user after login (default 5)")
    p.add_argument(
        "--serve", action="store_true", help="start the app here on a free port (DATABASE_URL) and stop it after"
    )
    p.add_argument("--pid", type=int, help="the server's process id, for its memory per session")
    p.add_argument("--duration", type=float, default=600, help="stop after this many seconds (default 600)")
    p.add_argument("--ramp", type=float, default=5, help="start the users over this many seconds (default 5)")
    p.add_argument(
        "--think", type=float, default=0, help="mean pause before each action, seconds (default 0: flat out)"
    )
    p.add_argument("--password", default="demo1234", help="the demo accounts' password")
    p.add_argument("--no-warm-up", action="store_true", help="measure from a cold server (first runs import pages)")
    p.add_argument("--no-verify", action="store_true", help="skip the database check of the writes")
    p.add_argument("--allow-remote", action="store_true", help="allow a URL that is not on this machine")
    p.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    p.add_argument("--server-log", metavar="FILE", help="with --serve: the server's output")
    p.set_defaults(func=cmd_loadtest)
