"""One counter per kind of data, moved by database triggers on every change to its tables
(migration 0009): the cache key of figures computed from those tables, the same for every
process of the app, read with one primary-key lookup."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class DataVersion(SQLModel, table=True):
    """`topic` ("complaints", "forums", "training", "org") and how many changes it has seen. Only
    the triggers write it, in the same transaction as the change, so a reader that sees the new
    number also sees the new rows."""

    __tablename__ = "data_version"
    topic: str = Field(primary_key=True, max_length=20)
    version: int = 0
