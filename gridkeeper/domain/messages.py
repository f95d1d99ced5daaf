"""Messages from below the UI: a stable code plus parameters, rendered in the user's language when shown.

The Qt UI translates its own widget text with ``tr()``; vocabulary labels carry both languages in
their data (``domain.vocab``). Everything else a lower layer tells the user — an error, a warning,
a line of a report — is a :class:`Message`: the key of a template in the catalogue and the values
to fill in. The UI or the CLI renders it at display time (``str(message)`` in the language chosen
with ``domain.lang.set_language``, or ``message.render("en")``), so the same message can be shown,
logged or written to ``--json`` in either language.

The templates live in ``domain/message_catalogue.py`` (one entry per key: Chinese, English; the
placeholders are ``str.format`` fields). A module that still writes its two texts inline is listed
in ``tests/test_messages.py`` as pending; the list only shrinks.
"""

from __future__ import annotations

from .lang import get_language
from .message_catalogue import CATALOGUE


class Message:
    """A catalogue key and its parameters. ``str()`` renders it in the current language."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params):
        if key not in CATALOGUE:
            raise KeyError(f"no message {key!r} in domain/message_catalogue.py")
        self.key = key
        self.params = params

    def render(self, lang: str | None = None) -> str:
        zh, en = CATALOGUE[self.key]
        lang = lang or get_language()
        template = en if lang == "en" else zh
        params = {k: v.render(lang) if isinstance(v, Message) else v for k, v in self.params.items()}
        return template.format(**params)

    @property
    def zh(self) -> str:
        return self.render("zh")

    @property
    def en(self) -> str:
        return self.render("en")

    def __str__(self) -> str:
        return self.render()

    def __eq__(self, other) -> bool:
        if isinstance(other, Message):
            return self.key == other.key and self.params == other.params
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"Message({self.key!r}{', ' if params else ''}{params})"


M = Message
