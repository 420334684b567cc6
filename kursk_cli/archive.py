"""Saved copies of reports, read as the text a reader sees, each character knowing where
it stands in the file: plain text and Markdown as written, HTML as its visible text.

The edge where archives are read; ``verify`` works on what this returns and never opens
a file. HTML is read as a browser's tokenizer reads it, in one pass (``page``): what a
browser does not show (comments, scripts, styles, templates, the head, hidden elements)
is dropped, tags are dropped (block-level ones leave a line break so that words on either
side stay apart), entities are decoded. Text between tags is kept character for
character, so a match is located exactly in the original file; a decoded entity
(``&rsquo;``) is located at its ``&``.
"""

from __future__ import annotations

import bisect
import os
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kursk_cli import files
from kursk_cli import page as page_text
from kursk_cli.errors import Problem, printable
from kursk_cli.model import Ledger

#: The extensions ``--archive-dir`` looks for, in this order.
EXTENSIONS = (".txt", ".md", ".html")

#: Larger archives are refused: a saved report is a few hundred kilobytes at most.
MAX_BYTES = 32 * 1024 * 1024


class Unreadable(Exception):
    """The archive cannot be read; the message says why, and where when it can."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.line, self.column = line, column


@dataclass(frozen=True)
class Archive:
    """A saved report's visible text; ``origin[i]`` is the offset in the file's text of
    ``text[i]`` (a range for a text file, an array of 8-byte offsets for a page: never a
    Python int per character), and ``lines`` the offsets at which the file's lines
    start."""

    shown: str
    text: str
    origin: Sequence[int]
    lines: tuple[int, ...]

    def where(self, index: int) -> tuple[int, int]:
        """(line, column), both from 1, in the original file of visible character
        ``index`` (the end of the text counts as its last character)."""
        if not self.origin:
            return (1, 1)
        offset = self.origin[min(max(index, 0), len(self.origin) - 1)]
        line = bisect.bisect_right(self.lines, offset)
        return line, offset - self.lines[line - 1] + 1

    def place(self, index: int) -> str:
        line, column = self.where(index)
        return f"{printable(self.shown)}:{line}:{column}"  # (a name from outside)


def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(i + 1 for i, char in enumerate(text) if char == "\n"))


def _bytes(path: str) -> bytes:
    try:
        return files.read_bytes(Path(path), "a saved report", "no such file", MAX_BYTES)
    except files.Unreadable as err:
        raise Unreadable(str(err)) from None


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Unreadable(f"not UTF-8 text (byte 0x{data[err.start]:02x} here); save it as "
                         "UTF-8", *files.position(data, err.start)) from None
    if not text.strip():
        raise Unreadable("the file is empty")
    return text


#: Control characters (but tab and line ends) and bidirectional overrides: an archive is
#: untrusted text, and these would act on a terminal. Each becomes U+FFFD, one for one,
#: so every other character keeps its place.
_INERT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def read(path: str, shown: str) -> Archive:
    """The archive at ``path`` (named ``shown`` in messages), or :class:`Unreadable`."""
    raw = _INERT.sub("\ufffd", _decode(_bytes(path)))
    lines = _line_starts(raw)
    if path.lower().endswith((".html", ".htm")):
        text, origin = visible(raw)
        if not text.strip():
            raise Unreadable("the page has no visible text")
        return Archive(shown, text, origin, lines)
    return Archive(shown, raw, range(len(raw)), lines)


def find(folder: str, source_id: str) -> str | None:
    """``FOLDER/<source-id>.txt|.md|.html``, the first of those that exists."""
    for extension in EXTENSIONS:
        candidate = os.path.join(folder, source_id + extension)
        if os.path.lexists(candidate):
            return candidate
    return None


# ---------------------------------------------------------------------------- HTML


def visible(page: str) -> tuple[str, Sequence[int]]:
    """An HTML page's visible text (:func:`kursk_cli.page.visible`), and each character's
    offset in ``page``."""
    parts: list[str] = []
    origin = array("q")
    for piece in page_text.visible(page):
        if piece.kind == page_text.TITLE:
            continue
        if piece.kind == page_text.TEXT:
            parts.append(piece.text)
            origin.extend(range(piece.at, piece.at + len(piece.text)))
        elif piece.kind == page_text.BREAK:
            if parts and not parts[-1].endswith("\n"):
                parts.append("\n")
                origin.append(piece.at)
        elif piece.text:
            # A reference can name a character the raw text may not hold (&#x202e;):
            # made inert like it, one for one.
            parts.append(_INERT.sub("\ufffd", piece.text))
            origin.extend(array("q", [piece.at]) * len(piece.text))
    return "".join(parts), origin


# ------------------------------------------------------------------ a ledger's archives


def gather(ledger: Ledger, folder: str | None) -> tuple[dict[str, Archive | None], list[Problem]]:
    """The archive of each source: its ``archive:`` (relative to the ledger file that
    declares the source), else ``FOLDER/<id>.txt|.md|.html``; None when it has neither.
    An archive that cannot be read is a problem, located at the ``archive:`` key or in
    the archive itself. An archive outside the folder of the file that names it (or
    outside ``FOLDER``), symlinks followed, is a problem and is never opened."""
    found: dict[str, Archive | None] = {}
    problems: list[Problem] = []
    given = None if folder is None else files.Folder(folder)
    for source in ledger.sources:
        if source.archive is not None:
            home = os.path.dirname(source.file)
            shown = os.path.join(home, source.archive)
        elif folder is not None:
            home, shown = folder, find(folder, source.id) or ""
        else:
            home, shown = "", ""
        if not shown:
            found[source.id] = None
            continue
        try:
            # Only a file inside its folder, symlinks followed: nothing else is read.
            if source.archive is not None and (files.climbs_out(source.archive)
                                               or not files.within(home, shown)):
                raise Unreadable(files.OUTSIDE)
            if source.archive is None and given is not None and not given.holds(shown):
                raise Unreadable("it is outside the --archive-dir folder (symlinks "
                                 "followed); kursk reads nothing outside it")
            found[source.id] = read(shown, shown)
        except Unreadable as err:
            found[source.id] = None
            if err.line:
                problems.append(Problem(shown, err.line, err.column, str(err)))
            elif source.archive is not None:
                line, column = source.where("archive")
                problems.append(Problem(source.file, line, column,
                                        f"archive '{shown}' of source '{source.id}': {err}"))
            else:
                problems.append(Problem(shown, 0, 0, f"archive of source '{source.id}': {err}"))
    return found, problems
