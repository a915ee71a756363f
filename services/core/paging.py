"""Server-side paging: a page of rows and the total, so screens never load a whole table."""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil
from typing import Any, Generic, TypeVar

from sqlmodel import Session, func, select

T = TypeVar("T")

MAX_PAGE_SIZE = 500


@dataclass
class Page(Generic[T]):
    items: list[T] = field(default_factory=list)
    total: int = 0
    page: int = 1
    page_size: int = 50

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.page_size)) if self.page_size else 1


def clamp(page: int, page_size: int) -> tuple[int, int]:
    """A sane (page, page_size): page from 1, size 1..MAX_PAGE_SIZE."""
    return max(1, int(page)), min(MAX_PAGE_SIZE, max(1, int(page_size)))


def fetch(session: Session, query, page: int, page_size: int, *order_by: Any) -> tuple[int, list]:
    """(total rows of `query`, the rows of page `page`) — counted and sliced in SQL."""
    page, page_size = clamp(page, page_size)
    total = session.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()
    rows = session.exec(query.order_by(*order_by).offset((page - 1) * page_size).limit(page_size)).all()
    return total, list(rows)
