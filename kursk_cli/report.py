"""A news report's text, read from its bytes: plain text, Markdown or HTML.

Pure: bytes in, paragraphs out, each paragraph knowing the line of the file every part of
it came from (so a drafted statement can say "drafted from line 12"). No I/O here; the
command line reads the file.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from dataclasses import dataclass

from kursk_cli import page
from kursk_cli.errors import KurskError, without_unseen


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the report, its lines joined by single spaces.

    ``lines`` maps offsets in ``text`` to lines of the file: ``(offset, line)`` pairs in
    increasing order, the first at offset 0.
    """

    text: str
    lines: tuple[tuple[int, int], ...]

    def line_at(self, offset: int) -> int:
        """The file's line of the character at ``offset`` (a binary search: a paragraph of
        a pasted transcript may have thousands of lines)."""
        if len(self.lines) == 1:
            return self.lines[0][1]
        at = bisect.bisect_right(self.lines, (offset, float("inf")))
        return self.lines[max(at - 1, 0)][1]


@dataclass(frozen=True)
class Report:
    """A report's headline (or first line), its body paragraphs and its dateline."""

    title: str
    paragraphs: tuple[Paragraph, ...]
    published: dt.date | None
    publisher: str | None
    #: Why the date could not be read for sure, when ``published`` is None.
    undated: str


class NotAReport(KurskError):
    """The input cannot be read as a news report."""


def read(data: bytes, name: str) -> Report:
    """The report in ``data`` (``name`` decides HTML or Markdown by its ending, else the
    content does), or :class:`NotAReport` saying why it is not one."""
    if not data.strip():
        raise NotAReport(f"{name}: the report is empty")
    if b"\x00" in data:
        raise NotAReport(f"{name}: not a text report (it holds binary data); give a UTF-8 "
                         "text, Markdown or HTML file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise NotAReport(f"{name}: not a text report (byte {err.start + 1} is not UTF-8); "
                         "give a UTF-8 text, Markdown or HTML file") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = inert(text)
    if re.search(r"^(?:version|sources|actors|claims):", text, re.M) and not re.search(
            r"[.!?][\"”']?\s*$", text.split("\n", 1)[0]):
        raise NotAReport(f"{name}: this looks like a ledger, not a report; kursk draft "
                         "reads a news report")
    lowered = name.lower()
    if lowered.endswith((".html", ".htm")) or re.match(r"\s*<(?:!doctype|html|head|body|p\b)",
                                                       text, re.I):
        title, paragraphs = _html(text)
    else:
        title, paragraphs = _plain(text)
    if not any(re.search(r"[A-Za-z]{2,}(?:\W+\w+){4,}", p.text) for p in paragraphs):
        raise NotAReport(f"{name}: no sentences found; kursk draft reads a news report")
    published, publisher, why = dateline(paragraphs)
    return Report(title, tuple(_without_dateline(p) for p in paragraphs), published, publisher,
                  why)


def _without_dateline(paragraph: Paragraph) -> Paragraph:
    """The paragraph without its dateline (``MOSCOW, March 14 (Reuters) -``), if it has one."""
    for pattern in _DATELINES:
        found = pattern.match(paragraph.text)
        if found and MONTHS.get(found["month"].lower()) is not None:
            rest = re.match(r"\s*[-–—:]*\s*", paragraph.text[found.end():])
            cut = found.end() + (rest.end() if rest else 0)
            text = paragraph.text[cut:]
            if not text:
                return paragraph
            marks = [(max(0, start - cut), line) for start, line in paragraph.lines]
            kept = [m for m in marks if m[0] > 0]
            first = [m for m in marks if m[0] == 0][-1]
            return Paragraph(text, (first, *kept))
    return paragraph


# ------------------------------------------------------------------ text and Markdown

# Each span is bounded (a few hundred characters): unbounded, every unclosed "**" or "["
# of a line searched to its end, and a long line took minutes.
_MARKDOWN = [
    (re.compile(r"^\s{0,3}#{1,6}\s+"), ""),         # headings
    (re.compile(r"^\s{0,3}>\s?"), ""),              # block quotes
    (re.compile(r"^\s{0,3}(?:[-+*]|\d+[.)])\s+"), ""),  # list items
    (re.compile(r"!?\[([^\]]{0,500})\]\([^)]{0,2000}\)"), r"\1"),  # links, images: their text
    (re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)(.{1,500}?)(?<=\S)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"`([^`]{0,500})`"), r"\1"),
]


def _unmark(line: str) -> str:
    for pattern, replacement in _MARKDOWN:
        line = pattern.sub(replacement, line)
    return line


def _plain(text: str) -> tuple[str, list[Paragraph]]:
    """Paragraphs of a text or Markdown report: blank lines separate paragraphs; a report
    with no blank line between its lines has one paragraph a line."""
    lines = [_unmark(line).strip() for line in text.split("\n")]
    blank_separated = any(not line for line in lines[1:-1]) and any(
        a and b for a, b in itertools.pairwise(lines))
    paragraphs: list[Paragraph] = []
    parts: list[tuple[int, str]] = []

    def close() -> None:
        if parts:
            paragraphs.append(_joined(parts))
            parts.clear()

    for number, line in enumerate(lines, start=1):
        if not line or re.fullmatch(r"[-=*_]{3,}", line):
            close()
            continue
        parts.append((number, line))
        if not blank_separated:
            close()
    close()
    title = paragraphs[0].text if paragraphs else ""
    return title, paragraphs


def _joined(parts: list[tuple[int, str]]) -> Paragraph:
    text, marks = "", []
    for line, part in parts:
        if text:
            text += " "
        marks.append((len(text), line))
        text += part
    return Paragraph(text, tuple(marks))


# ------------------------------------------------------------------------------- HTML

_BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "article", "section",
    "blockquote", "tr", "td", "th", "header", "footer", "main", "figcaption", "dd",
    "dt", "pre", "title", "ul", "ol", "table", "body", "head", "html", "hr"})
_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object"})


#: Control characters (a terminal's escape sequences), direction overrides and the
#: private-use planes (which the drafting uses as placeholders).
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff"
                        "\u202a-\u202e\u2066-\u2069\U000F0000-\U0010FFFF]")


#: Characters that part words (line and paragraph separators, a vertical tab, a form
#: feed, next line): a space, so that "sep\u2028there" stays two words.
_SEPARATORS = re.compile("[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")


def inert(text: str) -> str:
    """Text from outside (a report, its name, a title given) without the characters
    that could act in a terminal or reorder what is shown, nor those that show as
    nothing (which the ledger refuses): they never reach a fragment."""
    return without_unseen(_INVISIBLE.sub("", _SEPARATORS.sub(" ", text)))


def _html(text: str) -> tuple[str, list[Paragraph]]:
    """The visible text of an HTML page (:func:`kursk_cli.page.visible`), one paragraph
    per block element; also scripts, styles, SVG and objects dropped."""
    starts = [0, *(i + 1 for i, char in enumerate(text) if char == "\n")]
    blocks: list[list[tuple[int, list[str]]]] = [[]]
    title: list[str] = []
    for piece in page.visible(text, _BLOCKS, _SKIPPED):
        if piece.kind == page.BREAK:
            blocks.append([])
            continue
        data = inert(piece.text)  # (character references are decoded by now: &#x202e; too)
        if piece.kind == page.TITLE:
            title.append(data)
            continue
        line = bisect.bisect_right(starts, piece.at)
        # Text that runs over several lines of the file: each piece keeps its own line;
        # pieces on one line (around an inline tag, a reference) join as written.
        for offset, part in enumerate(data.split("\n")):
            block = blocks[-1]
            if offset == 0 and block and block[-1][0] == line:
                block[-1][1].append(part)
            else:
                block.append((line + offset, [part]))
    paragraphs = []
    for block in blocks:
        joined = [(line, " ".join("".join(parts).split())) for line, parts in block]
        joined = [(line, part) for line, part in joined if part]
        if joined:
            paragraph = _joined(joined)
            paragraphs.append(Paragraph(" ".join(paragraph.text.split()), paragraph.lines))
    found = " ".join("".join(title).split())
    if not found and paragraphs:
        found = paragraphs[0].text
    return found, paragraphs


# --------------------------------------------------------------------------- dateline

MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
     ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
     ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")], start=1) for name in names}
_MONTH = r"(?P<month>[A-Z][a-z]{2,8})\.?"
_PLACE = r"(?P<place>[A-Z][A-Z .'’-]+(?:,\s+[A-Z][A-Za-z .'’-]+)?)"
_DATELINES = [
    re.compile(_PLACE + r",\s+" + _MONTH + r"\s+(?P<day>\d{1,2})\b(?!\d)"
               r"(?:,\s+(?P<year>\d{4})\b(?!\d))?"
               r"\s*(?:\((?P<agency>[^)]{1,40})\))?"),
    re.compile(_PLACE + r",\s+(?P<day>\d{1,2})\s+" + _MONTH + r"(?:\s+(?P<year>\d{4})\b(?!\d))?"
               r"\s*(?:\((?P<agency>[^)]{1,40})\))?"),
]
_FULL_DATE = [
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2}),\s+(?P<year>\d{4})\b"),
    re.compile(r"\b(?P<day>\d{1,2})\s+" + _MONTH + r"\s+(?P<year>\d{4})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b"),
]


def _date(year: str, month: str, day: str) -> dt.date | None:
    number = int(month) if month.isdigit() else MONTHS.get(month.lower())
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        return None


def dateline(paragraphs: list[Paragraph]) -> tuple[dt.date | None, str | None, str]:
    """The date and agency of the report's dateline (``MOSCOW, March 14, 2025 (Reuters)``
    or ``KYIV, 14 March 2025``), read only when sure: a dateline without a year takes it
    from a full date of the same day and month in the report's first lines, else no date.
    The third value says why there is no date."""
    head = paragraphs[:4]
    for paragraph in head:
        for pattern in _DATELINES:
            found = pattern.match(paragraph.text)
            if not found or MONTHS.get(found["month"].lower()) is None:
                continue
            agency = found["agency"]
            if found["year"]:
                day = _date(found["year"], found["month"], found["day"])
                if day is None:
                    return None, agency, f"the dateline's date {found.group(0)!r} is not a " \
                                          "real date"
                return day, agency, ""
            for other in head:
                for full in _FULL_DATE:
                    for match in full.finditer(other.text):
                        groups = match.groupdict()
                        day = _date(groups["year"], groups.get("month") or groups["mon"],
                                    groups["day"])
                        wanted = _date(str(day.year) if day else "2000", found["month"],
                                       found["day"])
                        if day is not None and day == wanted:
                            return day, agency, ""
            return None, agency, (f"the dateline {found.group(0).strip()!r} gives no year")
    return None, None, "no dateline found (like 'MOSCOW, March 14, 2025 (Reuters)')"
