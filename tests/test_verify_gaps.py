"""A quote's ellipses are matched part by part, with the answers of the regular expression
that matched them before (kept here, and only here, as the oracle).

That expression joined the parts with lazy gaps; its time grew as the archive's length to
the power of the ellipses, so the oracle only sees small texts. Two things it does that
a plain part-by-part search would not, and that the new matcher keeps:

- its gap's optional group is greedy: the gap tries the *next* space first and the
  space it opens with last, so "a ... b" in "a b c b" matches all of "a b c b";
- it looks for the next match from the end of the previous one, and a match that ends
  inside a word is dropped only afterwards, not replaced by a shorter one.
"""

from __future__ import annotations

import re
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kursk_cli import verify

# ------------------------------------------------ the oracle: the matcher as it was

_GAP = r"[^\w ]*(?: .*?)? [^\w ]*"


def _old_insert(piece: str, spaced_before: bool, spaced_after: bool, edge: bool) -> str:
    inner = piece[1:-1].strip()
    most = max(4, len(inner.split()) + 2)
    alternatives = rf"[\[(]{re.escape(inner)}[\])]"
    if not edge:
        alternatives += rf"|[^ ]+(?: [^ ]+){{0,{most - 1}}}"
    if spaced_before:
        return rf"(?: (?:{alternatives}))?"
    if spaced_after:
        return rf"(?:(?:{alternatives}) )?"
    return rf"(?:{alternatives})?"


def _old_regex(quote: str) -> re.Pattern[str] | None:
    """The expression the quote was matched with (None for a plain search)."""
    text = verify.plain(quote)
    if text.endswith((".", ",")) and not text.endswith("..."):
        text = text[:-1].rstrip()
    items = [[verify._kind(p), p] for p in verify._PIECES.split(text) if p]
    if all(kind == "text" for kind, _piece in items):
        return None
    spaced: list[tuple[bool, bool]] = []
    for n, (kind, _piece) in enumerate(items):
        before = items[n - 1] if n else None
        after = items[n + 1] if n + 1 < len(items) else None
        spaced.append((before is not None and before[1].endswith(" "),
                       after is not None and after[1].startswith(" ")))
        if kind == "text":
            continue
        if (before is not None and before[0] == "text"
                and (kind == "gap" or before[1].endswith(" "))):
            before[1] = before[1][:-1] if kind == "insert" else before[1].rstrip()
            if kind == "insert":
                continue
        if after is not None and after[0] == "text" and (kind == "gap" or spaced[n][1]):
            after[1] = after[1].lstrip() if kind == "gap" else after[1][1:]
    regex: list[str] = []
    for n, (kind, piece) in enumerate(items):
        if kind == "text":
            regex.append(re.escape(piece))
        elif kind == "gap":
            if 0 < n < len(items) - 1:
                regex.append(_GAP)
        else:
            regex.append(_old_insert(piece, *spaced[n], edge=n in (0, len(items) - 1)))
    return re.compile("".join(regex))


def _old_starts(regex: re.Pattern[str], text: str) -> list[int]:
    return [m.start() for m in regex.finditer(text)
            if m.end() > m.start() and verify._bounded(text, m.start(), m.end(), m.group())]


# ------------------------------------------------------------------ generated cases

WORDS = ["the", "a", "b", "said", "x1", "é"]
QUOTE_BITS = [*WORDS, " ", " ", " ", "...", " ... ", "…", " (...) ", "[...]", "[a]", " [a] ",
              "(the b)", " [x1 said] ", ",", "!", "'", '"', "-", "—", "."]
TEXT_BITS = [*WORDS, *WORDS, " ", " ", " ", " ", ",", "!", "'", '"', "-", ".", "[a]",
             "(the b)", "(", "]", "  ", "\n", "…", "xa", "ab"]

filler = st.lists(st.sampled_from(TEXT_BITS), max_size=6).map("".join)


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, str]:
    """A quote, and an archive made from it (some bits kept, ellipses and insertions
    filled with other text, a bit changed here and there) among other text."""
    bits = draw(st.lists(st.sampled_from(QUOTE_BITS), min_size=1, max_size=9))
    archive = [draw(filler)]
    for bit in bits:
        if "." in bit or "…" in bit or "[" in bit or "(" in bit or draw(st.integers(0, 9)) == 0:
            archive.append(draw(filler))
        else:
            archive.append(bit)
        if draw(st.integers(0, 5)) == 0:
            archive.append(draw(filler))
    return "".join(bits), "".join(archive)


def test_ellipses_match_where_the_old_expression_did() -> None:
    tally = {"compared": 0, "gapped": 0, "found": 0}

    @settings(max_examples=1000, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(cases())
    def same(case: tuple[str, str]) -> None:
        quote, archive = case
        regex = _old_regex(quote)
        if regex is None:
            return
        text = verify.plain(archive)
        wanted = verify.pattern(quote)
        assert verify._spans(wanted, text) == _old_starts(regex, text), (quote, text)
        tally["compared"] += 1
        tally["gapped"] += "..." in verify.plain(quote).strip(". ")
        tally["found"] += bool(_old_starts(regex, text))

    same()
    assert tally["compared"] >= 500, tally
    # Most compared quotes hold an ellipsis between words, and a good share are found.
    assert tally["gapped"] >= tally["compared"] // 2, tally
    assert tally["found"] >= tally["compared"] // 6, tally


CASES = [
    # (quote, archive, where the oracle finds it)
    ("a ... b", "a b c b", [0]),  # the gap reaches the last b
    ("a ... b", "a b c bx", []),  # ... which ends inside a word: dropped, not shortened
    ("a ... b ... c", "a b c b", [0]),  # the later b leaves no c: the first b it is
    ("a ... b", "a b a b", [0]),  # one match, to the last b, not two
    ("the ... the ... xylophone", "the the the the", []),
    ("a, ... b!", "a, z b! a, y, b!", [0, 8]),  # the nearest later space first
    ("a [x] ... b", "a q b", [0]),
    ("a ... a a", "z a a a", [2]),  # the last place the rest can start overlaps another
    # An insertion between two ellipses takes the space the second one needs (as before).
    ("x1 ... [a] ... é", "x1 said a é x1 é", []),
]


def test_known_cases_of_the_old_expression() -> None:
    for quote, archive, starts in CASES:
        regex = _old_regex(quote)
        assert regex is not None
        text = verify.plain(archive)
        assert _old_starts(regex, text) == starts, (quote, archive)
        assert verify._spans(verify.pattern(quote), text) == starts, (quote, archive)


def test_many_ellipses_in_a_long_text_are_found_and_missed() -> None:
    # The old expression did not finish this in two minutes (4 ellipses, 10 KB).
    filler = " ".join(string.ascii_lowercase[i % 26] + "x" for i in range(2000))
    text = verify.plain(("the " + filler + " ") * 5)
    missing = verify.pattern("the ... the ... the ... the ... xylophone")
    assert verify._spans(missing, text) == []
    present = verify.pattern("the ... the ... the ... ax ... zx")
    assert verify._spans(present, text) == [0]
