"""Masking personal data on screen (complainants, forum participants): enough to recognise, not to contact."""

from __future__ import annotations

# --- masking personal data ------------------------------------------------------------------------


def mask_name(name: str | None) -> str | None:
    if not name:
        return None
    return " ".join(word[0] + "•" * max(2, len(word) - 1) for word in name.split())


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return None
    return phone[:4] + "•" * max(3, len(phone) - 7) + phone[-3:]


def mask_email(email: str | None) -> str | None:
    if not email:
        return None
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"
