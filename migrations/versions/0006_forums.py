"""forums (forum records, areas, theme tags, participants, feedback items, follow-up actions)

Revision ID: 0006
Revises: 0005

Hand-checked for the forums module's tables only. Coded values are plain strings (no database enums);
lists that are only shown (partner units, vulnerable groups present) are JSON; theme tags are rows of
feedback_item_tag so reports count by theme in SQL; timestamps are UTC. Indexes follow the access
paths: a district's forums by date, an owner unit's open actions by due date.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "forum_tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "forum_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["district.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("district_id", "name"),
    )
    with op.batch_alter_table("forum_area", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forum_area_district_id"), ["district_id"], unique=False)

    op.create_table(
        "forum",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("venue", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("online_link", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("organizers", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("partner_unit_ids", sa.JSON(), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.Column("attendance_total", sa.Integer(), nullable=True),
        sa.Column("attendance_women", sa.Integer(), nullable=True),
        sa.Column("attendance_men", sa.Integer(), nullable=True),
        sa.Column("vulnerable_groups", sa.JSON(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["forum_area.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["district.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("forum", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forum_area_id"), ["area_id"], unique=False)
        batch_op.create_index("ix_forum_district_date", ["district_id", "held_on"], unique=False)

    op.create_table(
        "feedback_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("service", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=True),
        sa.Column("priority", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forum.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("feedback_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_item_complaint_id"), ["complaint_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_item_forum_id"), ["forum_id"], unique=False)
        batch_op.create_index("ix_feedback_item_unit", ["unit_id", "kind"], unique=False)

    op.create_table(
        "forum_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("community", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=True),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forum.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("forum_participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forum_participant_forum_id"), ["forum_id"], unique=False)

    op.create_table(
        "feedback_item_tag",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["feedback_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"],
            ["forum_tag.id"],
        ),
        sa.PrimaryKeyConstraint("item_id", "tag_id"),
    )
    with op.batch_alter_table("feedback_item_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_item_tag_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "follow_up_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("owner_unit_id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("public_note", sa.Text(), nullable=True),
        sa.Column("internal_note", sa.Text(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("evidence_name", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=True),
        sa.Column("evidence_stored", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("evidence_mime", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["feedback_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["owner_unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("follow_up_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_action_item_id"), ["item_id"], unique=False)
        batch_op.create_index("ix_follow_up_owner_due", ["owner_unit_id", "status", "due_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("follow_up_action", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_owner_due")
        batch_op.drop_index(batch_op.f("ix_follow_up_action_item_id"))

    op.drop_table("follow_up_action")
    with op.batch_alter_table("feedback_item_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_item_tag_tag_id"))

    op.drop_table("feedback_item_tag")
    with op.batch_alter_table("forum_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_participant_forum_id"))

    op.drop_table("forum_participant")
    with op.batch_alter_table("feedback_item", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_item_unit")
        batch_op.drop_index(batch_op.f("ix_feedback_item_forum_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_item_complaint_id"))

    op.drop_table("feedback_item")
    with op.batch_alter_table("forum", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_district_date")
        batch_op.drop_index(batch_op.f("ix_forum_area_id"))

    op.drop_table("forum")
    with op.batch_alter_table("forum_area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_area_district_id"))

    op.drop_table("forum_area")
    op.drop_table("forum_tag")
