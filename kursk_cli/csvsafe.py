"""What kursk's CSV promises whoever opens it, and the check that CSV text kept in the
cache keeps that promise.

``export`` writes every cell inert (no character that could act on a terminal: see
``errors.ACTIVE``), formula-guarded (a cell that would start as a spreadsheet formula
starts with ``'``) and quoted as RFC 4180 says (a cell holding a comma, a quote mark or a
line break between quote marks, its quote marks doubled), each row ending CRLF.

An answer's CSV text is remembered in the cache (``answers.csv``), and the cache's seal
is no signature: whoever can write the cache can write any text there. So text read back
is written only if it keeps the promise: :func:`sound` reads it as a spreadsheet would
and refuses a character that could act, a cell that starts as a formula, a quote mark
outside a quoted cell, a line break outside one that does not end a row (a carriage
return alone, which a spreadsheet takes for a row's end), rows of different widths. It
looks at the whole text in a few C-level passes (a bytes ``translate``, a search, a count
per character that may start a cell, a count per row), and at each quoted cell once.
"""

from __future__ import annotations

import re
from itertools import repeat

#: First characters a spreadsheet reads as the start of a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

#: The bytes of UTF-8 text that could not act on a terminal on their own: printable
#: ASCII, tab, and every byte of a longer character (looked at by _ACTIVE). What is
#: left of the text without them is its line breaks, which must all end rows (CRLF),
#: and anything that could act.
_PLAIN = bytes(range(0x20, 0x7F)) + b"\t" + bytes(range(0x80, 0x100))

#: The characters of ``errors.ACTIVE`` beyond ASCII, as UTF-8: C1 controls (U+0080 to
#: U+009F), the line and paragraph separators and bidirectional marks (U+2028 to
#: U+202E) and isolates (U+2066 to U+2069); each starts with one of _LEADS. (Lone
#: surrogates are not UTF-8: decoding refuses them.) A test holds this equal to ACTIVE
#: over every code point.
_ACTIVE = re.compile(rb"\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]")
_LEADS = (b"\xc2", b"\xe2")

#: A quoted cell as the writer writes one: opened where a cell starts (the text's start,
#: after a comma or a row's end), its first character not one a formula starts with,
#: quote marks inside doubled, no carriage return, closed where the cell ends (a comma
#: or the row's end).
_QUOTED = re.compile(rb'(?<![^,\n])"(?:[^"=+\-@\t\r\n]|"")(?:[^"\r]|"")*"(?![^,\r])')

#: Unquoted text with each byte as its class: 1 for what a cell starts after (a comma,
#: a row's end), 2 for a character a formula starts with that an unquoted cell can hold
#: (a line break in a cell is quoted), 0 for the rest; a cell that starts as a formula
#: is then b"\x01\x02", found by one search.
_STARTS = "".join(start for start in FORMULA_STARTS if start not in "\r\n").encode()
_CLASSES = bytes(1 if byte in b",\n" else 2 if byte in _STARTS else 0 for byte in range(256))
_FORMULA_CELL = b"\x01\x02"
#: The same first of all: the first cell's first byte.
_FORMULA_FIRST = tuple(bytes([byte]) for byte in _STARTS)


def sound(data: bytes) -> str | None:
    """The CSV text ``data`` holds as UTF-8, if it is as kursk's writer writes CSV: every
    character inert, every row ending CRLF with no other carriage return, no line feed
    outside a quoted cell but a row's end, each quoted cell opened where a cell starts and
    closed where it ends, no quote mark elsewhere, every row as wide as the first, and no
    cell, quoted or not, starting with a character a formula starts with. None
    otherwise."""
    breaks = data.translate(None, _PLAIN)
    if not data.endswith(b"\r\n") or (any(lead in data for lead in _LEADS)
                                       and _ACTIVE.search(data)):
        return None
    try:
        text = data.decode("utf-8")  # (strict: nothing but UTF-8, no lone surrogate)
    except UnicodeDecodeError:
        return None
    rest = data
    if b'"' in data:  # (line feeds in quoted cells: only CR and LF may be left)
        rest = _QUOTED.sub(b"\x00", data)
        if b'"' in rest or breaks.translate(None, b"\r\n"):
            return None
        breaks = rest.translate(None, _PLAIN + b"\x00")
    if breaks != b"\r\n" * (len(breaks) // 2) or rest.count(b"\r\n") * 2 != len(breaks):
        return None  # (a line break outside a quoted cell that is not a row's end)
    rows = rest.split(b"\r\n")
    if len(set(map(bytes.count, rows, repeat(b",", len(rows) - 1)))) != 1:
        return None  # (rows of different widths: the writer writes a table)
    if rest.startswith(_FORMULA_FIRST) or _FORMULA_CELL in rest.translate(_CLASSES):
        return None
    return text
