"""Demo staff development (filled in below)."""

from sqlmodel import Session


def seed_training(session: Session) -> dict[str, int]:
    return {}
