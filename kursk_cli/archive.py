"""Saved copies of reports, read as the text a reader sees, each character knowing where
it stands in the file: plain text and Markdown as written, HTML as its visible text.

The edge where archives are read; ``verify`` works on what this returns and never opens
a file. HTML is read with the standard library's :mod:`html.parser` (no dependency):
scripts, styles and templates are dropped, tags are dropped (block-level ones leave a line
break so that words on either side stay apart), entities are decoded. Text between tags
is kept character for character, so a match is located exactly in the original file; a
decoded entity (``&rsquo;``) is located at its ``&``.
"""

from __future__ import annotations

import bisect
import os
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from kursk_cli import files
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
        text, origin = visible(raw, lines)
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

_HIDDEN = frozenset({"script", "style", "template"})
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "title", "tr",
    "ul",
})


class _Visible(HTMLParser):
    """Collects visible text with each character's offset in the page's text."""

    def __init__(self, lines: tuple[int, ...]) -> None:
        # convert_charrefs off: text arrives as written, entities one by one, so each
        # character's place in the file is known.
        super().__init__(convert_charrefs=False)
        self.lines = lines
        self.parts: list[str] = []
        self.origin = array("q")
        self.hidden = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def _add(self, text: str, start: int, each: bool) -> None:
        if self.hidden or not text:
            return
        self.parts.append(text)
        self.origin.extend(range(start, start + len(text)) if each
                           else array("q", [start]) * len(text))

    def _gap(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self._add("\n", self._offset(), False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK:
            self._gap()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self._gap()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK:
            self._gap()

    def handle_data(self, data: str) -> None:
        self._add(data, self._offset(), True)

    # A reference can name a character the raw text may not hold (&#x202e;): made inert
    # like it, one for one.
    def handle_entityref(self, name: str) -> None:
        decoded = _INERT.sub("\ufffd", unescape(f"&{name};"))
        self._add(decoded, self._offset(), False)

    def handle_charref(self, name: str) -> None:
        decoded = _INERT.sub("\ufffd", unescape(f"&#{name};"))
        self._add(decoded, self._offset(), False)


def visible(page: str, lines: tuple[int, ...]) -> tuple[str, Sequence[int]]:
    """An HTML page's visible text, and each character's offset in ``page``."""
    parser = _Visible(lines)
    parser.feed(page)
    parser.close()
    return "".join(parser.parts), parser.origin


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
