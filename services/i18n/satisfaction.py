"""Messages of the satisfaction module: key -> (Bahasa Indonesia, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}
