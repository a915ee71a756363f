#!/usr/bin/env python
"""Sigap administration command line.

python manage.py migrate               upgrade the database schema to the latest version
python manage.py check                 say whether the schema is current (exit 1 when behind)
python manage.py seed --demo           create the demo districts, units, staff and users
python manage.py createuser            make a real account (the password is prompted)
"""

from __future__ import annotations

import argparse
import getpass
import sys

from models.base import Role


def cmd_migrate(args) -> int:
    from services import db

    db.migrate()
    current, head = db.schema_revisions()
    print(f"database at {current} (head {head})")
    return 0


def cmd_check(args) -> int:
    from services import db

    current, head = db.schema_revisions()
    print(f"database at {current or '-'}; code expects {head}")
    return 0 if current == head else 1


def cmd_seed(args) -> int:
    from seed import demo
    from services import db

    if not args.demo:
        print("nothing to do: pass --demo", file=sys.stderr)
        return 2
    if not db.schema_is_current():
        print("the database is behind: run `python manage.py migrate` first", file=sys.stderr)
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

    password = args.password_stdin and sys.stdin.readline().rstrip("\n") or getpass.getpass("Password: ")
    if not args.password_stdin and password != getpass.getpass("Repeat password: "):
        print("the passwords differ", file=sys.stderr)
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
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
