"""SQLModel tables and their Create/Update/Public models, one file (or package) per module.

Importing this package registers every table on `SQLModel.metadata`, which Alembic reads.
"""

from models import complaints, satisfaction, training  # noqa: F401
from models.core import accounts, audit, calendar, org, settings, throttle  # noqa: F401
from models.core.base import ALL_ROLES, Role, utcnow  # noqa: F401
