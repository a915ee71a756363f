"""complaint triage (tables of the complaints module)

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "complaint_counter",
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["district_id"], ["district.id"]),
        sa.PrimaryKeyConstraint("district_id", "year"),
    )
    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tracking_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("area", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("external_ref", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("priority", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("complainant_name", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=True),
        sa.Column("complainant_phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("complainant_email", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("pin_hash", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("field_check", sa.Boolean(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_kind", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
        sa.Column("resolve_by", sa.Date(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("paused_state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("paused_due_kind", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
        sa.Column("paused_remaining", sa.Integer(), nullable=True),
        sa.Column("postponed_on", sa.Date(), nullable=True),
        sa.Column("paused_days", sa.Integer(), nullable=False),
        sa.Column("forwarded_on", sa.Date(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("handling_days", sa.Integer(), nullable=True),
        sa.Column("on_time", sa.Boolean(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("maladministration", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["assignee_id"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["district_id"], ["district.id"]),
        sa.ForeignKeyConstraint(["merged_into_id"], ["complaint.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("district_id", "year", "seq"),
        sa.UniqueConstraint("tracking_id"),
    )
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_index("ix_complaint_received", ["received_on", "category"], unique=False)
        batch_op.create_index(
            "ix_complaint_district_received", ["district_id", "received_on", "category"], unique=False
        )
        batch_op.create_index("ix_complaint_closed", ["closed_on", "handling_days", "on_time"], unique=False)
        batch_op.create_index(
            "ix_complaint_district_closed", ["district_id", "closed_on", "handling_days", "on_time"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_complaint_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaint_merged_into_id"), ["merged_into_id"], unique=False)
        batch_op.create_index("ix_complaint_queue_district", ["district_id", "state", "due_on"], unique=False)
        batch_op.create_index("ix_complaint_queue_unit", ["unit_id", "state", "due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaint_state"), ["state"], unique=False)

    op.create_table(
        "complaint_handler",
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaint.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("complaint_id", "unit_id"),
    )
    with op.batch_alter_table("complaint_handler", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_handler_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "complaint_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("from_state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("to_state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_kind", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["assignee_id"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaint.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_event_complaint_id"), ["complaint_id"], unique=False)

    op.create_table(
        "complaint_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("stored_name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("original_name", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
        sa.Column("mime", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaint.id"]),
        sa.ForeignKeyConstraint(["uploaded_by"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("stored_name"),
    )
    with op.batch_alter_table("complaint_attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_attachment_complaint_id"), ["complaint_id"], unique=False)

    op.create_table(
        "response_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["updated_by"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "holiday_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("day"),
    )


def downgrade() -> None:
    op.drop_table("holiday_override")
    op.drop_table("response_template")
    with op.batch_alter_table("complaint_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_attachment_complaint_id"))
    op.drop_table("complaint_attachment")
    with op.batch_alter_table("complaint_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_event_complaint_id"))
    op.drop_table("complaint_event")
    with op.batch_alter_table("complaint_handler", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_handler_unit_id"))
    op.drop_table("complaint_handler")
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_state"))
        batch_op.drop_index("ix_complaint_queue_unit")
        batch_op.drop_index("ix_complaint_queue_district")
        batch_op.drop_index(batch_op.f("ix_complaint_merged_into_id"))
        batch_op.drop_index(batch_op.f("ix_complaint_due_on"))
        batch_op.drop_index("ix_complaint_district_received")
        batch_op.drop_index("ix_complaint_received")
        batch_op.drop_index("ix_complaint_district_closed")
        batch_op.drop_index("ix_complaint_closed")
        batch_op.drop_index(batch_op.f("ix_complaint_assignee_id"))
    op.drop_table("complaint")
    op.drop_table("complaint_counter")
