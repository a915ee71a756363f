"""SQLModel tables and their Create/Update/Public models.

Importing this package registers every table on `SQLModel.metadata`, which Alembic reads.
"""

from models import accounts, complaints, org, satisfaction, throttle  # noqa: F401
from models.base import ALL_ROLES, Role, utcnow  # noqa: F401
