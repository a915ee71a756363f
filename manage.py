#!/usr/bin/env python
"""Sigap administration command line.

python manage.py migrate               upgrade the database schema to the latest version
python manage.py check                 say whether the schema is current (exit 1 when behind)
python manage.py seed --demo           create the demo districts, units, staff and users
python manage.py createuser            make a real account (the password is prompted)
python manage.py units                 list unit codes
python manage.py backup FILE           write the database and the data folder's files to one archive
python manage.py restore FILE          put an archive back (refuses a database with rows unless --force)
python manage.py import-skm FILE       import SKM responses (CSV/XLSX; --unit CODE for rows without one)
python manage.py report-ikm --period P [--unit CODE | --district NAME] [--json]
python manage.py rebuild-ikm           recompute the monthly IKM roll-up from the responses
python manage.py close-expired         close the follow-ups whose quiet period has passed (for cron)
python manage.py loadtest --users N --steps K URL   simulated users on the websocket stream (or --serve)
"""

from __future__ import annotations

import argparse
import sys

from services import registry
from services.core.modules import resolve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="manage.py", description="Sigap administration")
    sub = parser.add_subparsers(dest="command", required=True)
    for dotted in registry.cli_registrars():  # each module adds its own commands
        resolve(dotted)(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
