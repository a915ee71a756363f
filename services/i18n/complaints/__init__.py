"""Messages of the complaints module: key -> (Bahasa Indonesia, English), in two files."""

from services.i18n.complaints import screens, vocabulary

assert not screens.MESSAGES.keys() & vocabulary.MESSAGES.keys(), "a complaints message key is defined twice"
MESSAGES = {**vocabulary.MESSAGES, **screens.MESSAGES}
