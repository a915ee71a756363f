"""Messages of the satisfaction module: key -> (Bahasa Indonesia, English), in two files."""

from services.i18n.satisfaction import ikm, screens

assert not ikm.MESSAGES.keys() & screens.MESSAGES.keys(), "a satisfaction message key is defined twice"
MESSAGES = {**ikm.MESSAGES, **screens.MESSAGES}
