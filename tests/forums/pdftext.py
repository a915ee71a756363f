"""Read back the text fpdf2 drew with an embedded TrueType font (no PDF library needed): each font's
ToUnicode CMap maps the 2-byte glyph codes of the page's `(...) Tj` strings back to characters."""

from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]{4,8})>")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _stream(body: bytes) -> bytes:
    start = body.index(b"stream") + len(b"stream")
    raw = body[start:].lstrip(b"\r\n").rsplit(b"endstream", 1)[0].rstrip(b"\r\n")
    return zlib.decompress(raw) if b"/FlateDecode" in body[:start] else raw


def _literal_strings(content: bytes) -> list[bytes]:
    """The literal strings `( ... )` of text-showing operators, unescaped."""
    out, i = [], 0
    while (i := content.find(b"(", i)) != -1:
        buf, depth, i = bytearray(), 1, i + 1
        while depth:
            ch = content[i : i + 1]
            if ch == b"\\":
                nxt = content[i + 1 : i + 2]
                if nxt.isdigit():
                    octal = re.match(rb"[0-7]{1,3}", content[i + 1 : i + 4]).group()
                    buf.append(int(octal, 8))
                    i += 1 + len(octal)
                    continue
                buf += _ESCAPES.get(nxt, nxt)
                i += 2
                continue
            depth += ch == b"("
            depth -= ch == b")"
            if depth:
                buf += ch
            i += 1
        out.append(bytes(buf))
    return out


def pdf_texts(data: bytes) -> list[str]:
    """Every text string of the PDF decoded with every font's CMap (a string decodes in its own)."""
    cmaps, contents = [], []
    for _, body in _OBJ.findall(data):
        if b"stream" not in body:
            continue
        stream = _stream(body)
        if b"beginbfchar" in stream:
            cmaps.append({int(g, 16): chr(int(u, 16)) for g, u in _BFCHAR.findall(stream)})
        elif b" Tj" in stream or b"TJ" in stream:
            contents.append(stream)
    texts = []
    for content in contents:
        for raw in _literal_strings(content):
            codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
            for cmap in cmaps:
                if codes and all(c in cmap for c in codes):
                    texts.append("".join(cmap[c] for c in codes))
    return texts
