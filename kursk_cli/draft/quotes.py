"""Quotations in a paragraph: where each opens and closes, the words inside, and the
paragraph with each quote masked by one placeholder character."""

from __future__ import annotations

import itertools
import re

from kursk_cli.report import Paragraph

#: Placeholders for quotes in a paragraph's text: private-use characters, never in a report.
_MARK = 0xF0000
#: The most quotes one paragraph is read with; a longer one is read in parts of this many
#: (there are 131,072 placeholders).
_MOST_QUOTES = 0x10000
#: Any placeholder.
_MARKS = re.compile(r"[\U000F0000-\U000FFFFF]")


_DOUBLE = re.compile("[\"“”„]")


#: A single mark that may close a quote: after a letter or a stop, before no letter.
_CLOSING = re.compile(r"(?<=\S)['’](?!\w)")
#: A plural's apostrophe before a lower-case word: "soldiers' lives".
_POSSESSIVE = re.compile(r"s['’] +[a-z]")


def _quotes(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of each quotation in one paragraph: typographic or straight
    double marks; where a paragraph has none, single marks (not apostrophes)."""
    found: list[tuple[int, int, bool]] = []
    if _DOUBLE.search(text):
        opening = -1
        for mark in _DOUBLE.finditer(text):
            i = mark.start()
            char = text[i]
            if opening < 0 and char in "\"“„":
                opening = i
            elif opening >= 0 and char in "\"”" and i > opening:
                found.append((opening, i + 1, True))
                opening = -1
            elif opening >= 0 and char == "“":  # a quote left open: the next one starts
                found.append((opening, i, False))
                opening = i
        if opening >= 0:
            found.append((opening, len(text), False))
        return found
    opening = -1
    # the last mark that can only close a quote: "soldiers' lives" may be an apostrophe
    last_close = max((m.start() for m in _CLOSING.finditer(text)
                      if not _POSSESSIVE.match(text, m.start() - 1)), default=-1)
    for mark in re.finditer("['‘’]", text):
        i, char = mark.start(), mark.group()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if opening < 0 and char in "'‘" and not before.isalnum() and (after.isalnum()
                                                                       or after in "(["):
            opening = i
        elif opening >= 0 and char in "'’" and not before.isspace() and not after.isalnum():
            if _POSSESSIVE.match(text, i - 1) and last_close > i:
                # "soldiers' lives": an apostrophe, the quote closing later; with no mark
                # after it to close the quote ("called it 'baseless' and"), it closes here
                continue
            found.append((opening, i + 1, True))
            opening = -1
    if opening >= 0:
        found.append((opening, len(text), False))
    return found


def _parts(paragraph: Paragraph) -> list[Paragraph]:
    """The paragraph, or, when it holds more quotes than there are placeholders for, its
    parts, each cut just before an opening mark and knowing its lines."""
    if len(_DOUBLE.findall(paragraph.text)) + paragraph.text.count("'") + sum(
            paragraph.text.count(c) for c in "‘’") <= _MOST_QUOTES:
        return [paragraph]
    spans = _quotes(paragraph.text)
    if len(spans) <= _MOST_QUOTES:
        return [paragraph]
    cuts = [0, *(spans[i][0] for i in range(_MOST_QUOTES, len(spans), _MOST_QUOTES)),
            len(paragraph.text)]
    parts = []
    for start, end in itertools.pairwise(cuts):
        lines = [(0, paragraph.line_at(start))] + [(at - start, line) for at, line in
                                                   paragraph.lines if start < at < end]
        parts.append(Paragraph(paragraph.text[start:end], tuple(lines)))
    return parts


def _inner(text: str, start: int, end: int, closed: bool) -> str:
    """The words between the marks; a final comma (the attribution's, which wire style puts
    inside the marks) is not part of what was said."""
    return text[start + 1: end - 1 if closed else end].strip().removesuffix(",").rstrip()


_WORD = re.compile(r"[\w’'-]+")


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _mask(text: str, spans: list[tuple[int, int, bool]]) -> tuple[str, list[int]]:
    """The paragraph with each quote replaced by one placeholder, and for each character
    of the masked text its offset in the paragraph."""
    out: list[str] = []
    where: list[int] = []
    position = 0
    for index, (start, end, _closed) in enumerate(spans):
        out.append(text[position:start])
        where.extend(range(position, start))
        out.append(chr(_MARK + index))
        where.append(start)
        position = end
    out.append(text[position:])
    where.extend(range(position, len(text)))
    return "".join(out), where


def _is_mark(char: str) -> bool:
    return ord(char) >= _MARK


def _unmask(masked: str, inners: list[str], spans: list[tuple[int, int, bool]],
            text: str) -> str:
    def put(match: re.Match[str]) -> str:
        start, end, _closed = spans[ord(match.group(0)) - _MARK]
        return text[start:end]

    return _MARKS.sub(put, masked)


def _short(masked: str, inners: list[str], limit: int = 110) -> str:
    """The sentence for a note: each quote cut to its first words."""

    def put(match: re.Match[str]) -> str:
        words = inners[ord(match.group(0)) - _MARK].split()
        shown = " ".join(words[:6])
        tail = inners[ord(match.group(0)) - _MARK][-1:]
        return f'"{shown}..."' if len(words) > 6 else f'"{" ".join(words)}"' if tail else '""'

    text = _MARKS.sub(put, masked)
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
