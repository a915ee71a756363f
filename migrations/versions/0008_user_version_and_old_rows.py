"""accounts carry a version (no lost writes); rows from before 0005 brought into today's form

Revision ID: 0008
Revises: 0007

- user_account.version: every change of an account bumps it; a form saved on an older version is
  refused with who changed it and when, so two admins editing one account lose nothing.
- Data written before 0005 in the forms of that time, now as the code writes them:
  - audit rows without a district get the district of the record they concern (complaint, unit,
    staff, user, forum), else of the acting user; rows about installation-wide things (settings, the
    holiday calendar) or by an all-district admin keep none, as new ones do;
  - phone numbers stored as "00812..." (an old normaliser doubled the trunk 0 of "+62 0812...")
    become "0812...";
  - timeline steps of the system stored with the display name "Sistem" keep no display name (the
    screens name the system through the catalogue).
  The downgrade drops the version column and leaves the corrected data as it is (it is not wrong in
  the older code either).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The record an audit row names -> the SQL that finds that record's district from entity_id (text).
DISTRICT_OF = {
    "complaint": "SELECT district_id FROM complaint WHERE tracking_id = audit_log.entity_id",
    "unit": "SELECT district_id FROM unit WHERE CAST(id AS TEXT) = audit_log.entity_id",
    "staff": (
        "SELECT unit.district_id FROM staff JOIN unit ON unit.id = staff.unit_id "
        "WHERE CAST(staff.id AS TEXT) = audit_log.entity_id"
    ),
    "user": "SELECT district_id FROM user_account WHERE CAST(id AS TEXT) = audit_log.entity_id",
    "district": "SELECT id FROM district WHERE CAST(id AS TEXT) = audit_log.entity_id",
    "forum": "SELECT district_id FROM forum WHERE CAST(id AS TEXT) = audit_log.entity_id",
}
INSTALLATION_WIDE = ("setting", "holiday_override", "database")


def upgrade() -> None:
    # Plain ALTER TABLE, never a batch copy: rebuilding user_account on SQLite would cascade-delete its
    # roles (user_role ... ON DELETE CASCADE) when the old table is dropped.
    op.add_column("user_account", sa.Column("version", sa.Integer(), nullable=False, server_default="0"))

    for entity, district_sql in DISTRICT_OF.items():
        op.execute(
            f"UPDATE audit_log SET district_id = ({district_sql}) "
            f"WHERE district_id IS NULL AND entity = '{entity}' AND entity_id IS NOT NULL"
        )
    wide = ", ".join(f"'{e}'" for e in INSTALLATION_WIDE)
    op.execute(
        "UPDATE audit_log SET district_id = "
        "(SELECT district_id FROM user_account WHERE user_account.id = audit_log.user_id) "
        f"WHERE district_id IS NULL AND user_id IS NOT NULL AND entity NOT IN ({wide})"
    )
    op.execute(
        "UPDATE complaint SET complainant_phone = SUBSTR(complainant_phone, 2) "
        "WHERE complainant_phone LIKE '00%' AND LENGTH(complainant_phone) > 9"
    )
    op.execute("UPDATE complaint_event SET actor_name = '' WHERE actor_id IS NULL AND actor_name = 'Sistem'")


def downgrade() -> None:
    op.execute("ALTER TABLE user_account DROP COLUMN version")  # SQLite 3.35+ and PostgreSQL, no table copy
