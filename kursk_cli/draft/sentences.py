"""A masked paragraph cut into sentences."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kursk_cli.draft.lexicon import _ABBREVIATIONS
from kursk_cli.draft.quotes import _MARK, _MARKS, _is_mark


@dataclass
class _Sentence:
    masked: str  # quotes replaced by one placeholder character each
    quotes: list[int]  # indices into the paragraph's quotes, in order
    start: int  # offset in the paragraph
    paragraph: int


#: The first character after a sentence's end that is not a space.
_NEXT = re.compile(r"\s*(\S)")
_WORD_CHARACTER = re.compile(r"[\w.]")


def _word_before(text: str, stop: int) -> str | None:
    """The word (dots inside it kept: "U.S") that the full stop at ``stop`` ends, if the
    character there is a full stop and a word ends there."""
    if text[stop] != ".":
        return None
    start = stop
    while start > 0 and _WORD_CHARACTER.match(text, start - 1):
        start -= 1
    return text[start:stop] or None


#: A sentence's end: a full stop (or ! ?) or a quote, then a space; or, as online copy has
#: it, a full stop right after a word in lower case and right before the next sentence's
#: capital or quote ("Galpress reported.The ...", "his widow Ines.\"We ...").
_END = re.compile(r"[.!?]+[)\]]?(?=\s+)|[\U000F0000-\U000FFFFF](?=\s+)"
                  r"|(?<=[a-z][a-z])[.!?](?=[A-Z][a-z]|[\U000F0000-\U000FFFFF])")


def _sentences(masked: str, where: list[int], inners: list[str], paragraph: int
               ) -> list[_Sentence]:
    """Split a masked paragraph into sentences: after . ! ? (or a quote ending in one)
    followed by a capital, a digit or a quote; never after an abbreviation or initial."""
    cuts = [0]
    for found in _END.finditer(masked):
        end = found.end()
        following = _NEXT.match(masked, end)  # (never a copy of the rest: one paragraph
        first = following.group(1) if following else ""  # may be a whole report)
        if not first or not (first.isupper() or first.isdigit() or _is_mark(first)):
            continue
        token = found.group(0)
        if _is_mark(token[0]):
            inner = inners[ord(token[0]) - _MARK]
            if not re.search(r"[.!?][)\]]?$", inner):
                continue
        else:
            word = _word_before(masked, found.start())
            # an initial ("J. Smith"), never a number ("on July 5. The ...")
            if word and (word.lower() in _ABBREVIATIONS or (len(word) == 1
                                                            and word.isalpha())):
                continue
        cuts.append(end)
    cuts.append(len(masked))
    sentences = []
    for a, b in itertools.pairwise(cuts):
        piece = masked[a:b]
        stripped = piece.strip()
        if not stripped:
            continue
        lead = len(piece) - len(piece.lstrip())
        quotes = [ord(c) - _MARK for c in _MARKS.findall(stripped)]
        sentences.append(_Sentence(stripped, quotes, where[a + lead] if a + lead < len(where)
                                   else 0, paragraph))
    return sentences
