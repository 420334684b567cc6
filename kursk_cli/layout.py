"""Where each entry of a ledger starts, read off its lines without parsing the YAML.

A ledger laid out plainly (top-level keys at the start of a line, every entry of a
section starting with ``- `` at one indentation) can be cut into its entries by
looking at the start of each line. That lets kursk re-read only the entries whose bytes
changed since its last checked read (see ``ledger.reread``).

Lines may end in LF or CRLF. The cut is conservative: any line the plain layout does
not explain (a deeper-than-expected ``-``, a line less indented than the entries, a tab
at the start of a line, a carriage return not followed by a line feed, an unknown or
repeated top-level key, a document marker, anything but a simple ``version`` value)
makes :func:`split` answer None, and the whole file is read.
A cut can still fall inside a quoted text or a ``[ ]`` list that runs over several
lines; the entry before it is then not valid YAML on its own, which the reader of the
entries reports, and the whole file is read. Between those two, every cut is where
YAML itself starts a new entry: a block construct cannot continue past a line indented
as little as the entries.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

SECTIONS = ("sources", "actors", "claims")

#: The start of a line that begins at column 0 with something other than a comment.
_TOP = re.compile(rb"\n[^ \r\n#]")
#: A section's key alone on its line, or with a comment after a space ("claims:#x" is text).
_SECTION = re.compile(rb"(sources|actors|claims):(?:[ ]+(?:#[^\n]*)?)?")
_VERSION = re.compile(rb"version:[ ]+(?:[0-9A-Za-z.]+|\"[^\"\\\n]*\"|'[^'\n]*')[ ]*(?:#[^\n]*)?")
#: The start of a line with content (not blank, not only a comment).
_CONTENT = re.compile(rb"\n[ ]*[^ \r\n#]")


@cache
def _shallow(indent: int) -> re.Pattern[bytes]:
    """Lines whose content starts at column ``indent`` or before."""
    return re.compile(rb"\n[ ]{0,%d}[^ \r\n#]" % indent)


class Entry(NamedTuple):
    """One entry's bytes: the line of its ``- `` to the line before the next entry.
    (A named tuple, not a dataclass: a large ledger has 100,000 of them, made on every
    re-read, and a tuple is made several times faster.)"""

    section: str
    start: int  # where its first byte is in the file
    text: bytes

    @property
    def digest(self) -> bytes:
        return fingerprint(self.section, self.text)


@dataclass(frozen=True)
class Layout:
    """The top-level lines, each section written as ``name: []`` (what YAML checks at the
    top level), and every entry in the order written."""

    skeleton: bytes
    entries: tuple[Entry, ...]


def fingerprint(section: str, text: bytes) -> bytes:
    return hashlib.sha256(_PREFIX[section] + text).digest()


_PREFIX = {section: section.encode() + b"\0" for section in SECTIONS}


def outside(data: bytes, entries: Iterable[Entry]) -> Iterator[bytes]:
    """The parts of ``data`` that none of ``entries`` (in file order) covers."""
    at = 0
    for entry in entries:
        yield data[at : entry.start]
        at = entry.start + len(entry.text)
    yield data[at:]


def split(data: bytes) -> Layout | None:
    """The file cut into its entries, or None when its lines leave any doubt."""
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # a carriage return alone, which YAML reads as a line break
    buf = b"\n" + data  # every line, the first too, now follows a '\n'
    if not buf.endswith(b"\n"):
        buf += b"\n"
    starts = [m.start() for m in _TOP.finditer(buf)]
    if not starts or _CONTENT.search(buf, 0, starts[0]):
        return None  # content before the first top-level line (indented: not plain)
    skeleton: list[bytes] = []
    entries: list[Entry] = []
    seen: set[bytes] = set()
    index = 0
    while index < len(starts):
        start = starts[index]
        end_of_line = buf.index(b"\n", start + 1)
        line = buf[start + 1 : end_of_line].removesuffix(b"\r")
        index += 1
        section = _SECTION.fullmatch(line)
        if section is None:
            if not _VERSION.fullmatch(line) or b"version" in seen:
                return None
            seen.add(b"version")
            skeleton.append(line + b"\n")
            following = starts[index] if index < len(starts) else len(buf) - 1
            if _CONTENT.search(buf, end_of_line, following):
                return None  # the value goes on over more lines
            continue
        name = section.group(1)
        if name in seen:
            return None
        seen.add(name)
        skeleton.append(name + b": []\n")
        first = _CONTENT.search(buf, end_of_line)
        if first is None:
            return None  # a section with no entries: the whole read explains it
        indent = first.end() - first.start() - 2
        if indent == 0:  # entries at column 0: they are top-level lines themselves
            while index < len(starts) and buf[starts[index] + 1 : starts[index] + 2] == b"-":
                index += 1
        end = starts[index] if index < len(starts) else len(buf) - 1
        found = _entries(buf, name.decode(), indent, end_of_line, end)
        if not found:
            return None
        entries += found
    return Layout(b"".join(skeleton), tuple(entries))


def _entries(buf: bytes, section: str, indent: int, start: int, end: int) -> list[Entry] | None:
    """The entries between ``start`` and ``end`` (each a '\\n'), all at ``indent``."""
    cuts: list[int] = []
    for match in _shallow(indent).finditer(buf, start, end):
        at = match.end() - 1  # the first character of the line's content
        if at - match.start() - 1 != indent or buf[at : at + 2] not in (b"- ", b"-\n", b"-\r"):
            return None
        cuts.append(match.start() + 1)
    if not cuts:
        return None
    # buf has one byte ('\n') before the file's first: here - 1 is where it is in the file.
    return [Entry(section, here - 1, buf[here:after])
            for here, after in zip(cuts, [*cuts[1:], end + 1], strict=True)]
