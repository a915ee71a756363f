"""The text a PDF shows, as a reader's viewer extracts it (pypdf), for 'the document says X' checks."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    # Lines joined with a space: a check reads the text, not where the PDF breaks its lines.
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)
