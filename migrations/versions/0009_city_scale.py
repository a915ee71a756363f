"""city scale: data versions (one change counter per kind of data, kept by triggers), and three
covering indexes over the complaints

Revision ID: 0009
Revises: 0008

ix_complaint_open_work covers the queue's counts over the open states (overdue, due today,
escalated, awaiting forwarding); ix_complaint_district_area the area picker's DISTINCT area of a
district; ix_complaint_unit_closed each unit's on-time share over a date range. At 500,000
complaints each query otherwise visits every row of its range in the table (0.8 s, 0.75 s and 1.4 s
on SQLite); from the index alone they read a fraction of the pages.

The dashboards cache their figures until the data under them changes. Across several app processes
that "has it changed?" must be asked of the database, cheaply: `data_version` holds one counter per
topic, and triggers on each topic's tables add one to it in the same transaction as any insert,
update or delete (whoever writes: the app, an import, a seed, psql). PostgreSQL fires once per
statement (also on TRUNCATE), so a bulk write costs one update of the counter; SQLite once per row.

The counter row is locked by a writing transaction until it commits, so writers of one topic queue
there; each such write is short (one complaint, one forum item). NOTE for later migrations: on
SQLite a batch operation that recreates one of these tables drops its triggers; call
create_version_triggers() again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# topic -> the tables whose changes move it (what the cached figures of that topic read)
TOPICS: dict[str, tuple[str, ...]] = {
    "complaints": ("complaint", "complaint_handler", "complaint_event"),
    "forums": ("forum", "feedback_item", "feedback_item_tag", "follow_up_action", "forum_tag", "forum_area"),
    "training": ("training_certificate", "training_external", "training_cohort", "training_enrolment"),
    "org": ("district", "unit", "staff", "setting", "holiday_override"),
}
BUMP = (
    "INSERT INTO data_version (topic, version) VALUES ('{topic}', 1) "
    "ON CONFLICT (topic) DO UPDATE SET version = data_version.version + 1"
)


def _name(table: str, what: str) -> str:
    return f"data_version_{table}_{what}"


def create_version_triggers() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.execute(
            "CREATE FUNCTION data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            + BUMP.replace("'{topic}'", "TG_ARGV[0]")
            + "; RETURN NULL; END $$"
        )
    for topic, tables in TOPICS.items():
        for table in tables:
            if sqlite:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    op.execute(
                        f"CREATE TRIGGER {_name(table, event.lower())} AFTER {event} ON {table} "
                        f"BEGIN {BUMP.format(topic=topic)}; END"
                    )
            else:
                op.execute(
                    f"CREATE TRIGGER {_name(table, 'change')} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('{topic}')"
                )


def drop_version_triggers() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for tables in TOPICS.values():
        for table in tables:
            if sqlite:
                for event in ("insert", "update", "delete"):
                    op.execute(f"DROP TRIGGER IF EXISTS {_name(table, event)}")
            else:
                op.execute(f"DROP TRIGGER IF EXISTS {_name(table, 'change')} ON {table}")
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS data_version_bump()")


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("topic"),
    )
    create_version_triggers()
    op.create_index(
        "ix_complaint_open_work", "complaint", ["state", "district_id", "unit_id", "due_kind", "due_on", "resolve_by"]
    )
    op.create_index("ix_complaint_district_area", "complaint", ["district_id", "area", "secret"])
    op.create_index("ix_complaint_unit_closed", "complaint", ["unit_id", "closed_on", "on_time"])


def downgrade() -> None:
    op.drop_index("ix_complaint_unit_closed", table_name="complaint")
    op.drop_index("ix_complaint_district_area", table_name="complaint")
    op.drop_index("ix_complaint_open_work", table_name="complaint")
    drop_version_triggers()
    op.drop_table("data_version")
