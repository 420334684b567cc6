"""The one error family the core raises, and the located problem it reports."""

from __future__ import annotations

import re
from collections.abc import Iterable

from msgspec import Struct

# Control characters (C0, DEL, C1), line and paragraph separators, and the bidirectional
# marks, embeddings, overrides and isolates: each could move the cursor, retitle the
# terminal, start a new line or reorder what follows; and the lone surrogates that stand
# for a file name's bytes that are not UTF-8, which no stream could encode.
# Characters that show as nothing (see UNSEEN) are escaped too, so that two names that
# differ by one can be told apart in a message.
_NOTHING = ("\u200b\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb\u3164\uffa0\u17b4\u17b5"
            "\U0001bca0-\U0001bca3\U000e0000-\U000e007f")
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                     "\u202a-\u202e\u2066-\u2069\ud800-\udfff" + _NOTHING + "]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_LATIN_JOINER = "(?<=[A-Za-z])[\u200c\u200d](?=[A-Za-z])"
_JOINED = re.compile(_LATIN_JOINER)

#: Characters that show as nothing, in text from outside: a name or quote holding one
#: differs from the same words typed (an alias no longer matches), or carries words no
#: reader sees (tag characters). A subdivision flag (Scotland's: a black flag, the
#: region's code in tag letters, a cancel tag) is text; so are the joiners Persian,
#: Hindi and emoji need, but not between two Latin letters, where they do nothing.
UNSEEN = re.compile("\U0001f3f4[\U000e0061-\U000e007a]{2}[\U000e0030-\U000e0039"
                    "\U000e0061-\U000e007a]{1,4}\U000e007f"  # a flag: kept
                    "|[" + _NOTHING + "]|" + _LATIN_JOINER)


def unseen(text: str) -> str | None:
    """The first character of ``text`` that shows as nothing (see UNSEEN), if any."""
    for found in UNSEEN.finditer(text):
        if len(found.group()) == 1:
            return found.group()
    return None


def without_unseen(text: str) -> str:
    """``text`` without the characters that show as nothing (flags kept whole)."""
    return UNSEEN.sub(lambda found: found.group() if len(found.group()) > 1 else "", text)


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100
                                 else f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF
                                 else f"\\U{ord(char):08x}")


def printable(text: str) -> str:
    """``text`` safe to show in a message: each control character, and each character
    that shows as nothing, shown as an escape (``\\x1b``, ``\\n``, ``\\u202e``,
    ``\\u200b``), so that a file name can neither reach the terminal raw nor forge a line
    of its own, and two names that differ by an unseen character look different."""
    return _JOINED.sub(_visible, _UNSAFE.sub(_visible, text))


#: Control characters but tab and line feed, the line and paragraph separators,
#: bidirectional embeddings, overrides and isolates (the marks, which Arabic and Hebrew
#: text needs, are text), as a character class's insides.
CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"

#: What the reader refuses in ledger text (:data:`CONTROLS`).
HIDDEN = re.compile(f"[{CONTROLS}]")

#: What could act on a terminal or reorder text: :data:`CONTROLS` and lone surrogates.
#: The reader refuses them in ledger text; data from elsewhere (a cache entry, a saved
#: report) is shown through :func:`inert`.
ACTIVE = re.compile(f"[{CONTROLS}\ud800-\udfff]")


def inert(text: str) -> str:
    """``text`` for output: each character that could act (see ACTIVE) shown as an
    escape (``\\x1b``, ``\\u202e``); line breaks, tabs and all else as they are."""
    return ACTIVE.sub(_visible, text) if ACTIVE.search(text) else text


def json_inert(text: str) -> str:
    """JSON text with each character that could act written as a ``\\uXXXX`` escape:
    the same string to a JSON reader, inert on a terminal. (Such characters can only
    stand inside JSON strings.)"""
    return ACTIVE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


class Problem(Struct, frozen=True, order=True):
    """One thing wrong with a ledger, located like a compiler message.

    ``line`` and ``column`` count from 1; 0 means the problem has no place in the file
    (the file is missing, empty, too large...).
    """

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        """The compiler-style line, control characters shown escaped (see
        :func:`printable`): a file's name is whatever the user's files are called."""
        if self.line:
            return printable(f"{self.path}:{self.line}:{self.column}: {self.message}")
        return printable(f"{self.path}: {self.message}")

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


def did_you_mean(names: Iterable[str]) -> str:
    """``; did you mean 'a' or 'b'?``, each name once, for the end of a message."""
    return "; did you mean " + " or ".join(f"'{n}'" for n in dict.fromkeys(names)) + "?"
