"""audit rows carry their district; failed logins remember when the last one was

Revision ID: 0005
Revises: 0004

- audit_log.district_id (nullable, indexed, references district): the district a row concerns, so a
  district admin reads only their district's rows. Rows written before this revision cannot be
  placed reliably (the record may have moved, the acting user may have been any scope), so they keep
  NULL and stay visible to all-district admins only.
- user_account.last_failed_login_at: failed logins count towards a lock only while each comes within
  the lock window of the one before (a typo weeks ago no longer adds up with one today).
- The login notes of the audit log become codes the audit page translates ("wrong password" ->
  wrong_password; "15 min" on an account_locked row -> too_many_failures with {"lock_minutes": 15}
  in `after`).
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Old free-text notes of services/accounts.py and the codes that replace them.
NOTE_CODES = {"unknown username": "unknown_username", "wrong password": "wrong_password"}
LOCK_NOTE = re.compile(r"^(\d+) min$")

audit_log = sa.table(
    "audit_log",
    sa.column("id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("note", sa.String),
    sa.column("after", sa.JSON),
)


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("district_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_log_district_id"), ["district_id"], unique=False)
        batch_op.create_foreign_key("fk_audit_log_district_id_district", "district", ["district_id"], ["id"])
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_failed_login_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))

    for text, code in NOTE_CODES.items():
        op.execute(
            audit_log.update().where(audit_log.c.action == "login_failed", audit_log.c.note == text).values(note=code)
        )
    conn = op.get_bind()
    locked = conn.execute(
        sa.select(audit_log.c.id, audit_log.c.note).where(audit_log.c.action == "account_locked")
    ).all()
    for row_id, note in locked:
        match = LOCK_NOTE.match(note or "")
        if match:
            conn.execute(
                audit_log.update()
                .where(audit_log.c.id == row_id)
                .values(note="too_many_failures", after={"lock_minutes": int(match.group(1))})
            )


def downgrade() -> None:
    conn = op.get_bind()
    locked = conn.execute(
        sa.select(audit_log.c.id, audit_log.c.after).where(
            audit_log.c.action == "account_locked", audit_log.c.note == "too_many_failures"
        )
    ).all()
    for row_id, after in locked:
        minutes = (after or {}).get("lock_minutes")
        conn.execute(
            audit_log.update()
            .where(audit_log.c.id == row_id)
            .values(note=f"{minutes} min" if minutes is not None else None, after=None)
        )
    for text, code in NOTE_CODES.items():
        op.execute(
            audit_log.update().where(audit_log.c.action == "login_failed", audit_log.c.note == code).values(note=text)
        )

    # Not through batch mode: on SQLite it would recreate user_account, whose implicit DELETE (foreign
    # keys are on) would cascade to user_role. SQLite 3.35+ and PostgreSQL both drop a column in place.
    op.execute("ALTER TABLE user_account DROP COLUMN last_failed_login_at")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_constraint("fk_audit_log_district_id_district", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_audit_log_district_id"))
        batch_op.drop_column("district_id")
