"""What every generated document (PDF receipt, published report, XLSX/CSV export) needs alike:
text the PDF core fonts can draw, and spreadsheet cells that can never run as formulas."""

from __future__ import annotations

import unicodedata
from typing import Any

_PUNCTUATION = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "*", "≥": ">=", "≤": "<="}
)
# A cell starting with one of these is run as a formula by Excel and LibreOffice (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def pdf_text(text: str | None) -> str:
    """Text fpdf2's core fonts can draw (Latin-1): typographic punctuation made plain, other
    accented letters folded to their base letter, anything else (漢) shown as '?'."""
    out = []
    for ch in (text or "").translate(_PUNCTUATION):
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            folded = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(folded or "?")
    return "".join(out)


def spreadsheet_text(value: Any) -> Any:
    """A cell value safe to write into CSV/XLSX: typed text that would start a formula is kept as
    text (a leading apostrophe); numbers and dates pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
