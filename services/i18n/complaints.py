"""Messages of the complaints module: key -> (Bahasa Indonesia, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}
