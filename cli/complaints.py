"""Command-line commands of the complaint module: the scheduled closing of quiet follow-ups."""

from __future__ import annotations

from services.complaints import workflow


def cmd_close_expired(args) -> int:
    """Close every followed-up complaint whose quiet period passed without a reply from the
    complainant, in every district, as the system (for cron: idempotent, exit 0, prints what it closed)."""
    from services.core import db
    from services.core.access import system_actor

    total = 0
    while True:  # in batches, each in its own transaction
        with db.session_scope() as s:
            closed = workflow.close_expired(s, system_actor("manage.py"))
        for tracking_id in closed:
            print(f"closed {tracking_id}")
        total += len(closed)
        if len(closed) < workflow.CLOSE_BATCH:
            break
    print(f"{total} complaint(s) closed")
    return 0


def register(sub) -> None:
    sub.add_parser(
        "close-expired", help="close the follow-ups whose quiet period has passed (run daily from cron)"
    ).set_defaults(func=cmd_close_expired)
