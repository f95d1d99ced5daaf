"""Errors that reach the user: each carries a :class:`~.messages.Message` (a code plus parameters),
rendered in the user's language when shown. A module not yet converted still passes its two texts
(``GridkeeperError(zh, en, code=…)``, see ``tests/test_messages.py``); they become a fixed message."""

from __future__ import annotations

from .lang import get_language
from .messages import Message


class _Texts:
    """The two texts of a module not yet converted, rendered like a :class:`Message`."""

    __slots__ = ("zh", "en")

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en

    def render(self, lang: str | None = None) -> str:
        return self.en if (lang or get_language()) == "en" else self.zh

    def __str__(self) -> str:
        return self.render()


class _Joined:
    """Several messages shown as one line: ``；`` between them in Chinese, ``; `` in English."""

    __slots__ = ("parts",)

    def __init__(self, parts):
        self.parts = list(parts)

    def render(self, lang: str | None = None) -> str:
        lang = lang or get_language()
        return ("; " if lang == "en" else "；").join(p.render(lang) for p in self.parts)

    @property
    def zh(self) -> str:
        return self.render("zh")

    @property
    def en(self) -> str:
        return self.render("en")

    def __str__(self) -> str:
        return self.render()


def as_message(text, en: str | None = None) -> Message | _Texts:
    """A Message as it is, or the legacy pair (zh, en) of a pending module."""
    if isinstance(text, (Message, _Texts, _Joined)) and en is None:
        return text
    if en is None:
        raise TypeError("an error needs a Message, or its Chinese and English texts")
    return _Texts(text, en)


class GridkeeperError(Exception):
    """Base class of every error meant for the user. ``str(err)`` is in the user's language."""

    code = "error"

    def __init__(self, message, en: str | None = None, *, code: str | None = None, field: str | None = None):
        self.text = as_message(message, en)
        super().__init__(self.text.en)
        self.field = field
        if code:
            self.code = code

    @property
    def zh(self) -> str:
        return self.text.zh

    @property
    def en(self) -> str:
        return self.text.en

    def __str__(self) -> str:
        return self.text.render()

    @property
    def message(self) -> str:
        return str(self)


class ValidationError(GridkeeperError):
    """One or more fields of a record are invalid. ``problems`` maps field -> FieldProblem."""

    code = "invalid"

    def __init__(self, problems: list["FieldProblem"]):
        self.problems = problems
        super().__init__(_Joined(p.text for p in problems), field=problems[0].field if problems else None)


class FieldProblem:
    """What is wrong with one field: a Message (or a pending module's two texts)."""

    __slots__ = ("field", "text")

    def __init__(self, field: str, message, en: str | None = None):
        self.field, self.text = field, as_message(message, en)

    @property
    def zh(self) -> str:
        return self.text.zh

    @property
    def en(self) -> str:
        return self.text.en

    def __str__(self) -> str:
        return self.text.render()

    def __repr__(self) -> str:
        return f"FieldProblem({self.field!r}, {self.en!r})"


class NotFoundError(GridkeeperError):
    code = "not_found"


class DatabaseError(GridkeeperError):
    code = "database"
