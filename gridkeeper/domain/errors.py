"""Errors that reach the user: each carries its message in Chinese and English."""

from __future__ import annotations

from .lang import pick


class GridkeeperError(Exception):
    """Base class of every error meant for the user. ``str(err)`` is in the user's language."""

    code = "error"

    def __init__(self, zh: str, en: str, *, code: str | None = None, field: str | None = None):
        super().__init__(en)
        self.zh = zh
        self.en = en
        self.field = field
        if code:
            self.code = code

    def __str__(self) -> str:
        return pick(self.zh, self.en)

    @property
    def message(self) -> str:
        return str(self)


class ValidationError(GridkeeperError):
    """One or more fields of a record are invalid. ``problems`` maps field -> FieldProblem."""

    code = "invalid"

    def __init__(self, problems: list["FieldProblem"]):
        self.problems = problems
        zh = "；".join(p.zh for p in problems)
        en = "; ".join(p.en for p in problems)
        super().__init__(zh, en, field=problems[0].field if problems else None)


class FieldProblem:
    __slots__ = ("field", "zh", "en")

    def __init__(self, field: str, zh: str, en: str):
        self.field, self.zh, self.en = field, zh, en

    def __str__(self) -> str:
        return pick(self.zh, self.en)

    def __repr__(self) -> str:
        return f"FieldProblem({self.field!r}, {self.en!r})"


class NotFoundError(GridkeeperError):
    code = "not_found"


class DatabaseError(GridkeeperError):
    code = "database"
