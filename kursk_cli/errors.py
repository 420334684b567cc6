"""The one error family the core raises, and the located problem it reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a ledger, located like a compiler message.

    ``line`` and ``column`` count from 1; 0 means the problem has no place in the file
    (the file is missing, empty, too large...).
    """

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{self.path}: {self.message}"

    def as_dict(self) -> dict[str, str | int | None]:
        return {
            "file": self.path,
            "line": self.line or None,
            "column": self.column or None,
            "message": self.message,
        }


class KurskError(Exception):
    """A problem the user can fix; the CLI prints it and exits 1, without a traceback."""


class LedgerInvalid(KurskError):
    """The ledger has problems; every one found is carried, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the ledger")
        self.problems = problems


class NotFound(KurskError):
    """An actor, claim or other name the user gave matches nothing, or more than one."""


def close_matches(word: str, choices: list[str], n: int, cutoff: float) -> list[str]:
    """Close matches for a did-you-mean; difflib is imported only when one is needed."""
    import difflib

    return difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)
