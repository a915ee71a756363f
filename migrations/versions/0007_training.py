"""training (programme catalogue with its managed lists, cohorts, sessions, enrolment, attendance,
certificates, learning recorded by hand, ASN Berprestasi nominations and awards)

Revision ID: 0007
Revises: 0006

Generated from models/training.py, then read through. It depends on the core tables only (district,
unit, staff, user_account); the forums migration 0006 may land first, after which this revision is
re-pointed to it. Batch mode keeps the index changes working on SQLite; nothing here is SQLite-only.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'  # after the forums' tables (both landed together)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('training_organiser',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('training_topic',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('training_programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('competency', sa.String(length=20), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=20), nullable=False),
    sa.Column('classroom', sa.Boolean(), nullable=False),
    sa.Column('organiser_id', sa.Integer(), nullable=False),
    sa.Column('abroad', sa.Boolean(), nullable=False),
    sa.Column('jp', sa.Integer(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organiser_id'], ['training_organiser.id'], ),
    sa.ForeignKeyConstraint(['topic_id'], ['training_topic.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('training_programme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_programme_organiser_id'), ['organiser_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_programme_topic_id'), ['topic_id'], unique=False)

    op.create_table('training_topic_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['topic_id'], ['training_topic.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source', 'code')
    )
    with op.batch_alter_table('training_topic_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_topic_link_topic_id'), ['topic_id'], unique=False)

    op.create_table('training_cohort',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('facilitator', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('min_attendance_pct', sa.Integer(), nullable=False),
    sa.Column('min_post_test', sa.Integer(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], ),
    sa.ForeignKeyConstraint(['programme_id'], ['training_programme.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('training_cohort', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_cohort_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_cohort_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_cohort_start_on'), ['start_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_cohort_status'), ['status'], unique=False)

    op.create_table('training_award',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('rating', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', 'staff_id')
    )
    with op.batch_alter_table('training_award', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_award_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_award_year'), ['year'], unique=False)

    op.create_table('training_enrolment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('waitlist_position', sa.Integer(), nullable=True),
    sa.Column('pre_test', sa.Float(), nullable=True),
    sa.Column('post_test', sa.Float(), nullable=True),
    sa.Column('enrolled_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['training_cohort.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('cohort_id', 'staff_id')
    )
    with op.batch_alter_table('training_enrolment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_enrolment_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_enrolment_staff_id'), ['staff_id'], unique=False)

    op.create_table('training_external',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('organiser', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('competency', sa.String(length=20), nullable=False),
    sa.Column('form', sa.String(length=20), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=False),
    sa.Column('jp', sa.Float(), nullable=False),
    sa.Column('certificate_number', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('evidence', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('certificate_number')
    )
    with op.batch_alter_table('training_external', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_external_end_on'), ['end_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_external_staff_id'), ['staff_id'], unique=False)

    op.create_table('training_nomination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('nominated_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['nominated_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', 'staff_id')
    )
    with op.batch_alter_table('training_nomination', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_nomination_staff_id'), ['staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_nomination_year'), ['year'], unique=False)

    op.create_table('training_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('ends_at', sa.Time(), nullable=False),
    sa.Column('venue', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('online_link', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('attendance_taken', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['training_cohort.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_session_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('training_attendance',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['enrolment_id'], ['training_enrolment.id'], ),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], ),
    sa.PrimaryKeyConstraint('session_id', 'enrolment_id')
    )
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_attendance_enrolment_id'), ['enrolment_id'], unique=False)

    op.create_table('training_certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('staff_name', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('programme_title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('organiser', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=False),
    sa.Column('jp', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['enrolment_id'], ['training_enrolment.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('enrolment_id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('training_certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_certificate_staff_id'), ['staff_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('training_certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_certificate_staff_id'))

    op.drop_table('training_certificate')
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_attendance_enrolment_id'))

    op.drop_table('training_attendance')
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_session_cohort_id'))

    op.drop_table('training_session')
    with op.batch_alter_table('training_nomination', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_nomination_year'))
        batch_op.drop_index(batch_op.f('ix_training_nomination_staff_id'))

    op.drop_table('training_nomination')
    with op.batch_alter_table('training_external', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_external_staff_id'))
        batch_op.drop_index(batch_op.f('ix_training_external_end_on'))

    op.drop_table('training_external')
    with op.batch_alter_table('training_enrolment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_enrolment_staff_id'))
        batch_op.drop_index(batch_op.f('ix_training_enrolment_cohort_id'))

    op.drop_table('training_enrolment')
    with op.batch_alter_table('training_award', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_award_year'))
        batch_op.drop_index(batch_op.f('ix_training_award_district_id'))

    op.drop_table('training_award')
    with op.batch_alter_table('training_cohort', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_cohort_status'))
        batch_op.drop_index(batch_op.f('ix_training_cohort_start_on'))
        batch_op.drop_index(batch_op.f('ix_training_cohort_programme_id'))
        batch_op.drop_index(batch_op.f('ix_training_cohort_district_id'))

    op.drop_table('training_cohort')
    with op.batch_alter_table('training_topic_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_topic_link_topic_id'))

    op.drop_table('training_topic_link')
    with op.batch_alter_table('training_programme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_programme_topic_id'))
        batch_op.drop_index(batch_op.f('ix_training_programme_organiser_id'))

    op.drop_table('training_programme')
    op.drop_table('training_topic')
    op.drop_table('training_organiser')
