"""Command-line commands of the forums module: the overdue follow-up list (for a daily reminder)."""

from __future__ import annotations


def cmd_overdue(args) -> int:
    """Print every overdue follow-up action of every district, one line each, grouped by owner unit
    (for cron: read-only, exit 0)."""
    from services.core import db
    from services.core.access import system_actor
    from services.forums import actions

    with db.session_scope() as s:
        rows = actions.list_actions(s, system_actor("manage.py"), actions.ActionFilter(show=actions.SHOW_OVERDUE))
    for a in sorted(rows, key=lambda a: (a.owner_unit_code, a.due_on)):
        print(f"{a.owner_unit_code}\t{a.due_on.isoformat()}\t{a.progress}%\t{a.title}\t(forum {a.forum_id})")
    print(f"{len(rows)} overdue forum action(s)")
    return 0


def register(sub) -> None:
    sub.add_parser(
        "forum-overdue", help="list overdue forum follow-up actions per unit (for a daily reminder)"
    ).set_defaults(func=cmd_overdue)
