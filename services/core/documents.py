"""What every generated document (PDF receipt, published report, certificate, XLSX/CSV export) needs
alike: a PDF with a bundled Unicode font, so every name prints as typed, and spreadsheet cells that
can never run as formulas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF

# A cell starting with one of these is run as a formula by Excel and LibreOffice (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


FONTS = Path(__file__).resolve().parent / "fonts"  # DejaVu Sans and Sans Mono (free licence, fonts/LICENSE)
FONT = "DejaVu"  # styles "", "B", "I"
MONO = "DejaVuMono"  # styles "", "B": tracking IDs, PINs, links


def new_pdf(page_format: str | tuple[float, float] = "A4") -> FPDF:
    """An empty PDF whose font is the bundled DejaVu Sans (regular and bold, "B"): Latin, Greek,
    Cyrillic and more, so every Indonesian name and any typed text prints as typed. User text is
    drawn as plain text (`cell`/`multi_cell` without markdown), never interpreted."""
    pdf = FPDF(format=page_format)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_font(FONT, "I", str(FONTS / "DejaVuSans-Oblique.ttf"))
    pdf.add_font(MONO, "", str(FONTS / "DejaVuSansMono.ttf"))
    pdf.add_font(MONO, "B", str(FONTS / "DejaVuSansMono-Bold.ttf"))
    pdf.set_font(FONT, size=10)
    return pdf


def spreadsheet_text(value: Any) -> Any:
    """A cell value safe to write into CSV/XLSX: typed text that would start a formula is kept as
    text (a leading apostrophe); numbers and dates pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
