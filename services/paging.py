"""Server-side paging: a page of rows and the total, so screens never load a whole table."""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil
from typing import Generic, TypeVar

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
