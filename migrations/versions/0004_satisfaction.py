"""satisfaction (SKM responses, service users, kiosk links, import batches, follow-up plans)

Revision ID: 0004
Revises: 0003

Hand-written for the satisfaction module's tables only. Scores are small integers with a CHECK 1..4;
coded values are plain strings (no database enums); timestamps are UTC. Indexes follow the
dashboard's access paths: (unit_id, answered_on) for a unit or a district's units over a date range,
answered_on for every unit over a date range.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('ikm_follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('plan', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.ForeignKeyConstraint(['updated_by'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unit_id', 'period')
    )
    with op.batch_alter_table('ikm_follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ikm_follow_up_unit_id'), ['unit_id'], unique=False)

    op.create_table('kiosk_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revoked_by', sa.Integer(), nullable=True),
    sa.Column('last_used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['revoked_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('kiosk_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kiosk_link_unit_id'), ['unit_id'], unique=False)

    op.create_table('service_user_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('users', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.ForeignKeyConstraint(['updated_by'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unit_id', 'period')
    )
    with op.batch_alter_table('service_user_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_user_count_unit_id'), ['unit_id'], unique=False)

    op.create_table('survey_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('survey_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_import_sha256'), ['sha256'], unique=False)

    op.create_table('survey_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.Column('u1', sa.SmallInteger(), nullable=False),
    sa.Column('u2', sa.SmallInteger(), nullable=False),
    sa.Column('u3', sa.SmallInteger(), nullable=False),
    sa.Column('u4', sa.SmallInteger(), nullable=False),
    sa.Column('u5', sa.SmallInteger(), nullable=False),
    sa.Column('u6', sa.SmallInteger(), nullable=False),
    sa.Column('u7', sa.SmallInteger(), nullable=False),
    sa.Column('u8', sa.SmallInteger(), nullable=False),
    sa.Column('u9', sa.SmallInteger(), nullable=False),
    sa.Column('gender', sqlmodel.sql.sqltypes.AutoString(length=1), nullable=True),
    sa.Column('age', sa.SmallInteger(), nullable=True),
    sa.Column('education', sa.String(length=10), nullable=True),
    sa.Column('occupation', sa.String(length=10), nullable=True),
    sa.Column('suggestion', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('source', sa.String(length=6), nullable=False),
    sa.Column('kiosk_link_id', sa.Integer(), nullable=True),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.CheckConstraint('u1 BETWEEN 1 AND 4', name='ck_survey_response_u1'),
    sa.CheckConstraint('u2 BETWEEN 1 AND 4', name='ck_survey_response_u2'),
    sa.CheckConstraint('u3 BETWEEN 1 AND 4', name='ck_survey_response_u3'),
    sa.CheckConstraint('u4 BETWEEN 1 AND 4', name='ck_survey_response_u4'),
    sa.CheckConstraint('u5 BETWEEN 1 AND 4', name='ck_survey_response_u5'),
    sa.CheckConstraint('u6 BETWEEN 1 AND 4', name='ck_survey_response_u6'),
    sa.CheckConstraint('u7 BETWEEN 1 AND 4', name='ck_survey_response_u7'),
    sa.CheckConstraint('u8 BETWEEN 1 AND 4', name='ck_survey_response_u8'),
    sa.CheckConstraint('u9 BETWEEN 1 AND 4', name='ck_survey_response_u9'),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['import_id'], ['survey_import.id'], ),
    sa.ForeignKeyConstraint(['kiosk_link_id'], ['kiosk_link.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['unit_service.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_response_answered_on'), ['answered_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_response_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_response_kiosk_link_id'), ['kiosk_link_id'], unique=False)
        batch_op.create_index('ix_survey_response_unit_date', ['unit_id', 'answered_on'], unique=False)
        batch_op.create_index('ix_survey_response_suggested', ['answered_on'], unique=False, sqlite_where=sa.text('suggestion IS NOT NULL'), postgresql_where=sa.text('suggestion IS NOT NULL'))

    op.create_table('survey_month',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('s1', sa.Integer(), nullable=False),
    sa.Column('s2', sa.Integer(), nullable=False),
    sa.Column('s3', sa.Integer(), nullable=False),
    sa.Column('s4', sa.Integer(), nullable=False),
    sa.Column('s5', sa.Integer(), nullable=False),
    sa.Column('s6', sa.Integer(), nullable=False),
    sa.Column('s7', sa.Integer(), nullable=False),
    sa.Column('s8', sa.Integer(), nullable=False),
    sa.Column('s9', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('unit_id', 'month')
    )
    with op.batch_alter_table('survey_month', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_month_month'), ['month'], unique=False)

    create_month_triggers()

    # ### end Alembic commands ###


def downgrade() -> None:
    drop_month_triggers()
    with op.batch_alter_table("survey_month", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_month_month"))
    op.drop_table("survey_month")
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_response_suggested")
        batch_op.drop_index("ix_survey_response_unit_date")
        batch_op.drop_index(batch_op.f("ix_survey_response_kiosk_link_id"))
        batch_op.drop_index(batch_op.f("ix_survey_response_import_id"))
        batch_op.drop_index(batch_op.f("ix_survey_response_answered_on"))
    op.drop_table("survey_response")
    with op.batch_alter_table("survey_import", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_import_sha256"))
    op.drop_table("survey_import")
    with op.batch_alter_table("service_user_count", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_user_count_unit_id"))
    op.drop_table("service_user_count")
    with op.batch_alter_table("kiosk_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kiosk_link_unit_id"))
    op.drop_table("kiosk_link")
    with op.batch_alter_table("ikm_follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ikm_follow_up_unit_id"))
    op.drop_table("ikm_follow_up")


# --- the monthly roll-up, kept by triggers ------------------------------------------------------
# survey_month holds, per unit and month, the number of responses and each element's sum. These
# triggers keep it exact in the same transaction as every insert, update and delete of a response,
# whoever writes (the app, an import, a seed, psql). NOTE for later migrations: on SQLite a batch
# operation that recreates survey_response drops its triggers; call create_month_triggers() again.

S = [f"s{i}" for i in range(1, 10)]
U = [f"u{i}" for i in range(1, 10)]


def _sqlite_month(row: str) -> str:
    return f"date({row}.answered_on, 'start of month')"


def create_month_triggers() -> None:
    cols = ", ".join(S)
    add = ", ".join(f"{s} = {s} + excluded.{s}" for s in S)
    if op.get_bind().dialect.name == "sqlite":
        def insert(row: str) -> str:
            values = ", ".join(f"{row}.{u}" for u in U)
            return (
                f"INSERT INTO survey_month (unit_id, month, n, {cols}) "
                f"VALUES ({row}.unit_id, {_sqlite_month(row)}, 1, {values}) "
                f"ON CONFLICT (unit_id, month) DO UPDATE SET n = n + 1, {add};"
            )

        def remove(row: str) -> str:
            less = ", ".join(f"{s} = {s} - {row}.{u}" for s, u in zip(S, U))
            return (
                f"UPDATE survey_month SET n = n - 1, {less} "
                f"WHERE unit_id = {row}.unit_id AND month = {_sqlite_month(row)};"
            )

        op.execute(f"CREATE TRIGGER survey_month_insert AFTER INSERT ON survey_response BEGIN {insert('NEW')} END")
        op.execute(f"CREATE TRIGGER survey_month_delete AFTER DELETE ON survey_response BEGIN {remove('OLD')} END")
        op.execute(
            "CREATE TRIGGER survey_month_update AFTER UPDATE OF unit_id, answered_on, "
            + ", ".join(U)
            + f" ON survey_response BEGIN {remove('OLD')} {insert('NEW')} END"
        )
    else:
        # PostgreSQL: statement-level triggers over transition tables add up each statement's rows
        # per unit and month first, so a bulk insert touches each roll-up row once per statement
        # (a row-level upsert of the same row thousands of times in one transaction would build
        # long MVCC version chains and slow imports down quadratically).
        month = "date_trunc('month', answered_on)::date"
        sums = ", ".join(f"SUM({u}) AS {s}" for s, u in zip(S, U))
        grouped = f"SELECT unit_id, {month} AS month, COUNT(*) AS n, {sums} FROM {{rows}} GROUP BY unit_id, {month}"
        add = ", ".join(f"{s} = survey_month.{s} + EXCLUDED.{s}" for s in S)
        less = ", ".join(f"{s} = survey_month.{s} - d.{s}" for s in S)
        upsert = (
            f"INSERT INTO survey_month (unit_id, month, n, {cols}) {grouped.format(rows='new_rows')} "
            f"ON CONFLICT (unit_id, month) DO UPDATE SET n = survey_month.n + EXCLUDED.n, {add};"
        )
        subtract = (
            f"UPDATE survey_month SET n = survey_month.n - d.n, {less} "
            f"FROM ({grouped.format(rows='old_rows')}) d "
            "WHERE survey_month.unit_id = d.unit_id AND survey_month.month = d.month;"
        )
        for name, body in (
            ("survey_month_added", upsert),
            ("survey_month_removed", subtract),
            ("survey_month_changed", subtract + " " + upsert),
        ):
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {body} RETURN NULL; END $$"
            )
        op.execute(
            "CREATE TRIGGER survey_month_insert AFTER INSERT ON survey_response "
            "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION survey_month_added()"
        )
        op.execute(
            "CREATE TRIGGER survey_month_delete AFTER DELETE ON survey_response "
            "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION survey_month_removed()"
        )
        op.execute(
            "CREATE TRIGGER survey_month_update AFTER UPDATE ON survey_response "
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION survey_month_changed()"
        )
    # Responses already present (none when this revision is new) are counted once.
    month = _sqlite_month("survey_response") if op.get_bind().dialect.name == "sqlite" else (
        "date_trunc('month', answered_on)::date"
    )
    sums = ", ".join(f"SUM({u})" for u in U)
    op.execute(
        f"INSERT INTO survey_month (unit_id, month, n, {cols}) "
        f"SELECT unit_id, {month}, COUNT(*), {sums} FROM survey_response GROUP BY unit_id, {month}"
    )


def drop_month_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("survey_month_insert", "survey_month_delete", "survey_month_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name in ("survey_month_insert", "survey_month_delete", "survey_month_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON survey_response")
        for name in ("survey_month_added", "survey_month_removed", "survey_month_changed"):
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
