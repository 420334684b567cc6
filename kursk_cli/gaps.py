"""Where a quote with ellipses stands in a text, part by part, in time linear in the
text's length times the number of parts.

A quote's parts (the regular expressions of its words and insertions between two
ellipses; none holds an ellipsis) are joined by gaps. Matched as one regular expression,
each gap ``[^\\w ]*(?: .*?)? [^\\w ]*`` was a lazy search for the rest of the quote, tried
again for every place of the part before it: time grew as the text's length to the power
of the ellipses (a ledger line could stall a CI run). This module finds the same matches
as that expression (its leftmost starts, and for each the very match its backtracking
settled on, so that what follows a match is searched from the same place) without
backtracking across a gap:

- a gap opens with the punctuation after a part, then a space ``p``; it closes with a
  space ``q`` and the punctuation before the next part. The expression tries the spaces
  after ``p`` first, nearest first, and ``q = p`` last (its optional group is greedy);
- so the rest of the quote can follow a part ending at ``f`` if and only if the part
  after the gap can start after some space ``q >= p``: if and only if ``f`` is followed
  by punctuation and a space, and ``f`` is at most the last space ``q`` from which the
  rest can be matched. That last space is found for each part, from the last part back
  to the first (one scan of the text each), and the search for a part ends there;
- then each match is walked forward, each gap by one search: the nearest space after
  ``p`` from which the next part (and the rest) can go on, else ``p`` itself.

Each search is of a part alone (bounded backtracking: words and insertions, no gap), with
a lookahead for the gap that follows it.

The text is normalised (``verify.normalise``): it holds no line break, which the
expression's ``.`` would not have crossed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: How far before its end the search for a part's last place starts (then twice as far...).
_WINDOW = 4096
#: What must follow a part for a gap to open after it.
_GAP_AFTER = r"(?=[^\w ]* )"


class Gapped:
    """A quote's parts, in order, with a gap between each two (at least two parts)."""

    def __init__(self, parts: Sequence[str]) -> None:
        if len(parts) < 2:
            raise ValueError("a quote with gaps has two parts or more")
        last = len(parts) - 1
        #: The first part, where a gap can follow it.
        self._first = re.compile(f"(?:{parts[0]})" + _GAP_AFTER)
        #: Each later part with the end of the gap before it (its closing space and
        #: punctuation), where a gap can follow it (but the last).
        self._after = [re.compile(rf" [^\w ]*(?:{part})" + (_GAP_AFTER if n < last else ""))
                       for n, part in enumerate(parts[1:], 1)]

    def matches(self, text: str) -> list[tuple[int, int]]:
        """The start and end of each match, as ``finditer`` of the parts joined by gaps
        would give them (leftmost, non-overlapping)."""
        ends = self._ends(text)
        if ends is None:
            return []
        found: list[tuple[int, int]] = []
        at = 0
        while (first := self._first.search(text, at, ends[0])) is not None:
            start, end = first.span()
            for n, part in enumerate(self._after, 1):
                # The space the gap opens with: the part was matched only where
                # punctuation and a space follow it.
                opened = text.index(" ", end)
                # The nearest later space the rest can go on from, else this one.
                step = (part.search(text, opened + 1, ends[n])
                        or part.match(text, opened, ends[n]))
                assert step is not None  # (the part's search ended where this holds)
                end = step.end()
            found.append((start, end))
            at = end  # (never empty: a gap holds a space)
        return found

    def _ends(self, text: str) -> list[int] | None:
        """Where each part's search must end: after the last space from which the rest of
        the quote can still be matched (the whole text for the last part); None when the
        rest can be matched from nowhere."""
        ends = [len(text)] * (len(self._after) + 1)
        for n in range(len(self._after), 0, -1):
            last = _last_start(self._after[n - 1], text, ends[n])
            if last is None:
                return None
            ends[n - 1] = last + 1
        return ends


def _last_start(part: re.Pattern[str], text: str, end: int) -> int | None:
    """The last place in ``text[:end]`` where ``part`` (which starts with a space)
    matches: searched in a window before ``end`` that doubles until it holds a match."""
    window = _WINDOW
    while True:
        low = max(0, end - window)
        last: re.Match[str] | None = None
        for found in part.finditer(text, low, end):
            last = found
        if last is not None:
            break
        if low == 0:
            return None
        window *= 2
    best = last.start()
    # finditer went on after the last match's end: a later start can only be inside it.
    space = text.find(" ", best + 1, last.end())
    while space >= 0:
        if part.match(text, space, end):
            best = space
        space = text.find(" ", space + 1, last.end())
    return best
