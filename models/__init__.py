"""SQLModel tables and their Create/Update/Public models, one file (or package) per module.

Importing this package registers every table on `SQLModel.metadata`, which Alembic reads: every file
and package in this folder is imported, so a new module adds `models/<module>.py` and touches nothing
else.
"""

import importlib
import pkgutil

from models.core.base import ALL_ROLES, Role, utcnow  # noqa: F401

for _info in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
    importlib.import_module(_info.name)
