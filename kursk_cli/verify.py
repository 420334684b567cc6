"""Whether each quote stands in the archived report its statement cites.

Pure: a ledger and the archives' text in, one :class:`Check` per quote out (the archives
are read at the edge, by ``archive``). Both sides are normalised for what typesetting
changes, and only that: typographic quotes and apostrophes (Cyrillic and German « » „ “
too, and the Ukrainian apostrophe's variants ' ’ ʼ), dashes, non-breaking and repeated
white space, soft hyphens and zero-width characters, line breaks, and ё written as е.
Case, words and punctuation must agree. A statement's ``original`` words are checked the
same way against the archive of their own source.

In a quote, an ellipsis (``...`` or ``…``) matches any words in between, in order; a
bracketed insertion (``[the troops]`` or ``(the troops)``) matches itself, the words it
replaces (one to a few) or nothing. Words in double quote marks inside a paraphrase are
checked the same way. A quote not found is compared with its closest passage (fuzzy
alignment, rapidfuzz): close enough, it *differs*, and the differing words are named;
otherwise it is *not found*.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from kursk_cli.errors import printable
from kursk_cli.gaps import Gapped
from kursk_cli.model import Ledger, Original, Statement

if TYPE_CHECKING:
    from kursk_cli.archive import Archive
    from kursk_cli.errors import Problem

VERIFIED = "verified"
DIFFERS = "differs"
NOT_FOUND = "not found"
NO_ARCHIVE = "no archive"
STATUSES = (VERIFIED, DIFFERS, NOT_FOUND, NO_ARCHIVE)

#: The least rapidfuzz partial-ratio score (0-100) at which a passage is close enough to
#: call the quote a different wording of it rather than absent.
CLOSE = 70.0

_DOUBLE = frozenset("“”„‟«»″〝〞＂")
#: With the Ukrainian apostrophe's variants (ʼ U+02BC, the one Ukrainian orthography
#: prefers, typed as ' or ’ as often).
_SINGLE = frozenset("‘’‚‛′‹›＇ʼ")
#: Letters a text may or may not write apart: ё as е (Russian prints ё rarely).
_FOLDED = {"ё": "е", "Ё": "Е"}
_DASHES = frozenset("‐‑‒–—―−⸺⸻")
_DROPPED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")


#: A run of characters that normalising leaves as they are: words and the single spaces
#: between them (a run a word long made a megabyte take seconds).
_KEPT = ("[^\\s" + re.escape("".join(_DOUBLE | _SINGLE | _DASHES | _DROPPED | set(_FOLDED)))
         + "\\-…]+")
_ORDINARY = re.compile(f"{_KEPT}(?: {_KEPT})*")


def normalise(text: str) -> tuple[str, Sequence[int]]:
    """The text as compared, and for each of its characters the index in ``text`` of the
    character it comes from (8 bytes each: an archive may be megabytes long)."""
    out: list[str] = []
    index = array("q")
    last = ""  # the last character put out
    space = False  # a space is pending
    space_at = 0  # where the last white space was
    at, end = 0, len(text)
    while at < end:
        run = _ORDINARY.match(text, at)
        if run is not None:
            if space and last != "-":
                out.append(" ")
                index.append(space_at)
            space = False
            out.append(run.group())
            index.extend(range(at, run.end()))
            last, at = text[run.end() - 1], run.end()
            continue
        char, i = text[at], at
        at += 1
        if char in _DROPPED:
            continue
        if char.isspace():
            space, space_at = bool(last), i
            continue
        if char in _DOUBLE:
            char = '"'
        elif char in _FOLDED:
            char = _FOLDED[char]
        elif char in _SINGLE:
            char = "'"
        elif char in _DASHES:
            char = "-"
        if char == "-" and last == "-":
            continue  # "--" is how a dash is typed
        # Spaces around a dash are dropped, so "a — b" and "a—b" compare equal.
        if space and char != "-" and last != "-":
            out.append(" ")
            index.append(space_at)
        space = False
        if char == "…":
            out.append("...")
            index.extend((i, i, i))
            last = "."
            continue
        out.append(char)
        index.append(i)
        last = char
    return "".join(out), index


def plain(text: str) -> str:
    return normalise(text)[0]


# --------------------------------------------------------------------- quote patterns

_PIECES = re.compile(r"(\[[^\]]*\]|\([^)]*\)|\.{3,})")


class Pattern(Struct, frozen=True):
    """A normalised quote as something to look for: ``literal`` when it has no ellipsis
    or insertion (a plain search), else ``parts``: one regular expression when it has no
    ellipsis between words, else its parts between ellipses; ``words`` is the quote without its
    ellipses and brackets, for fuzzy comparison."""

    literal: str | None
    #: The quote's parts between ellipses (regular expressions of words and insertions).
    parts: Gapped | re.Pattern[str] | None
    words: str
    #: Whether any word of the quote is the speaker's own, outside insertions and
    #: ellipses: a quote of insertions alone matches anything and proves nothing.
    anchored: bool = True


def pattern(quote: str) -> Pattern:
    text = plain(quote)
    if text.endswith((".", ",")) and not text.endswith("..."):
        # The full stop or comma closing a quote is the reporter's: "..., resident,"
        # she said" and "... resident." quote the same words.
        text = text[:-1].rstrip()
    items = [[_kind(p), p] for p in _PIECES.split(text) if p]
    if all(kind == "text" for kind, _piece in items):
        return Pattern(text, None, text)
    # Spaces next to an ellipsis or an insertion belong to it: drop them from the text.
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
    parts: list[list[str]] = [[]]
    words: list[str] = []
    for n, (kind, piece) in enumerate(items):
        if kind == "text":
            parts[-1].append(re.escape(piece))
            words.append(piece)
        elif kind == "gap":
            if 0 < n < len(items) - 1:
                parts.append([])
                words.append(" ")
        else:
            parts[-1].append(_insert(piece, *spaced[n], edge=n in (0, len(items) - 1)))
            words.append(f" {piece} ")
    anchored = any(kind == "text" and re.search(r"\w", piece) for kind, piece in items)
    joined = ["".join(part) for part in parts]
    return Pattern(None, Gapped(joined) if len(joined) > 1 else re.compile(joined[0]),
                   " ".join("".join(words).split()), anchored)


def _kind(piece: str) -> str:
    if _PIECES.fullmatch(piece):
        inner = piece.strip("[]()")
        return "gap" if piece.startswith(".") or inner.strip(". ") == "" else "insert"
    return "text"


def _insert(piece: str, spaced_before: bool, spaced_after: bool, edge: bool) -> str:
    """An insertion: the bracket as written (either kind of bracket), one to a few
    words, or nothing; it carries one of the spaces around it, so that nothing leaves
    one space, not two. At either end of a quote, nothing bounds the words it replaces:
    there it matches itself or nothing, and the match starts (or ends) at the quote's
    own words."""
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


# ---------------------------------------------------------------------------- checks


# Structs, not dataclasses: `kursk show` and `kursk actor` import this module (to compare
# wordings), and a dataclass costs milliseconds to define at every start.
class Check(Struct, frozen=True):
    """One quote of one statement, checked against its source's archive."""

    statement: Statement
    #: The words checked: the quote, or words quoted within a paraphrase.
    words: str
    in_paraphrase: bool
    status: str
    #: Where the match (or, for ``differs``, the first difference) is in the archive.
    archive_place: str | None = None
    #: For ``differs``: the archive's closest passage and the differing words.
    passage: str | None = None
    differences: tuple[str, ...] = ()
    #: How many times a verified quote stands in the archive.
    found: int = 0
    #: Whether the words checked are the statement's original (against its own source).
    original: bool = False

    @property
    def source(self) -> str:
        """The source whose archive the words are checked against."""
        held = self.statement.original
        return held.source if self.original and held is not None else self.statement.source

    @property
    def ledger_place(self) -> str:
        line, column = self.statement.where("original_words" if self.original else "words")
        return f"{printable(self.statement.file)}:{line}:{column}"


_QUOTED = re.compile(r'["“”„‟«»″〝〞＂]([^"“”„‟«»″〝〞＂]+)["“”„‟«»″〝〞＂]')


def quotes_of(statement: Statement | Original) -> list[tuple[str, bool]]:
    """The words of a statement (or of its original) to check: its quote, or the words in
    double quote marks inside its paraphrase (typographic, «guillemets» or „low-high“, or
    straight), each with whether it is the latter."""
    if statement.quote is not None:
        return [(statement.quote, False)]
    return [(m.group(1), True) for m in _QUOTED.finditer(statement.paraphrase or "")
            if m.group(1).strip()]


class _Text(Struct, frozen=True):
    """An archive's visible text, normalised, with each character's visible index."""

    archive: Archive
    text: str
    index: Sequence[int]

    def place(self, at: int) -> str:
        return self.archive.place(self.index[min(at, len(self.index) - 1)] if self.index else 0)


def check(statement: Statement, words: str, in_paraphrase: bool, text: _Text | None,
          original: bool = False) -> Check:
    if text is None:
        return Check(statement, words, in_paraphrase, NO_ARCHIVE, original=original)
    wanted = pattern(words)
    spans = _spans(wanted, text.text) if wanted.anchored else []
    if spans:
        return Check(statement, words, in_paraphrase, VERIFIED, text.place(spans[0]),
                     found=len(spans), original=original)
    found = _closest(statement, words, in_paraphrase, wanted.words, text)
    return replace(found, original=True) if original else found


def _spans(wanted: Pattern, text: str) -> list[int]:
    """Where the quote starts, each place it stands in the text: never inside a word."""
    if wanted.literal is not None:
        literal = wanted.literal
        found, at = [], text.find(literal) if literal else -1
        while at >= 0:
            if _bounded(text, at, at + len(literal), literal):
                found.append(at)
            at = text.find(literal, at + 1)
        return found
    assert wanted.parts is not None
    spans = ([m.span() for m in wanted.parts.finditer(text)]
             if isinstance(wanted.parts, re.Pattern) else wanted.parts.matches(text))
    return [start for start, end in spans
            if end > start and _bounded(text, start, end, text[start:end])]


def _bounded(text: str, start: int, end: int, found: str) -> bool:
    """Whether the match neither starts nor ends inside a word of the text."""
    return not (
        (start > 0 and found[:1].isalnum() and text[start - 1].isalnum())
        or (end < len(text) and found[-1:].isalnum() and text[end].isalnum()))


#: Punctuation at a word's edges: words are compared without it.
_EDGES = "\"'()[].,;:!?-"


def _key(word: str) -> str:
    return word.strip(_EDGES)


def _closest(statement: Statement, words: str, in_paraphrase: bool, quote: str,
             text: _Text) -> Check:
    from rapidfuzz import fuzz

    found = fuzz.partial_ratio_alignment(quote, text.text, score_cutoff=CLOSE)
    if found is None or not quote:
        return Check(statement, words, in_paraphrase, NOT_FOUND)
    start, end = found.dest_start, found.dest_end
    # Whole words: widen the passage to the spaces around it.
    # Whole words, and a few more on each side: the alignment window is as long as the
    # quote, which the passage need not be; ``compare`` drops what is left over.
    for _ in range(4):
        start = max(0, text.text.rfind(" ", 0, max(start - 1, 0)))
    stop = end
    for _ in range(4):
        stop = text.text.find(" ", stop + 1)
        if stop < 0:
            break
    end = len(text.text) if stop < 0 else stop
    mine, theirs, starts = quote.split(), *_words_at(text.text, start, end)
    differences, first, (low, high) = compare(mine, theirs)
    passage = " ".join(theirs[low:high]).strip("\"'")
    at = starts[first] if first is not None and first < len(starts) else (
        starts[low] if low < len(starts) else start)
    return Check(statement, words, in_paraphrase, DIFFERS, text.place(at), passage,
                 differences or ("spacing",))


def _words_at(text: str, start: int, end: int) -> tuple[list[str], list[int]]:
    words: list[str] = []
    starts: list[int] = []
    for m in re.finditer(r"\S+", text[start:end]):
        words.append(m.group())
        starts.append(start + m.start())
    return words, starts


def compare(mine: list[str], theirs: list[str]
            ) -> tuple[tuple[str, ...], int | None, tuple[int, int]]:
    """The words that differ between a quote (``mine``) and a passage (``theirs``); the
    index in ``theirs`` of the first difference; and the span of ``theirs`` the quote
    covers (extra words at the passage's edges are alignment slack, not differences).

    Words are compared without the punctuation at their edges; when only punctuation
    differs, the first word whose punctuation does is named."""
    import difflib

    ops: list[tuple[str, int, int, int, int]] = list(difflib.SequenceMatcher(
        None, [_key(w) for w in mine], [_key(w) for w in theirs], autojunk=False
    ).get_opcodes())
    low, high = 0, len(theirs)
    if ops and ops[0][0] == "insert":
        low = ops.pop(0)[4]
    elif ops and ops[0][0] == "replace":  # as many archive words as the quote has there
        tag, i1, i2, j1, j2 = ops[0]
        low = max(j1, j2 - (i2 - i1))
        ops[0] = (tag, i1, i2, low, j2)
    if ops and ops[-1][0] == "insert":
        high = ops.pop()[3]
    elif ops and ops[-1][0] == "replace":
        tag, i1, i2, j1, j2 = ops[-1]
        high = min(j2, j1 + (i2 - i1))
        ops[-1] = (tag, i1, i2, j1, high)
    said: list[str] = []
    first: int | None = None
    for i1, i2, j1, j2 in _spans_of(ops):
        written = " ".join(mine[i1:i2])
        if written[:1] in "[(" and written[-1:] in ")]":
            continue  # an insertion stands for whatever words it replaces
        first = j1 if first is None else first
        ours, archived = _shown(mine[i1:i2]), _shown(theirs[j1:j2])
        if ours and archived:
            said.append(f"'{ours}' where the archive has '{archived}'")
        elif ours:
            said.append(f"'{ours}' is not in the archive")
        else:
            said.append(f"the archive has '{archived}' here")
    if not said:
        for n, (ours, archived) in enumerate(zip(mine, theirs[low:high], strict=False)):
            ours, archived = ours.strip("\"'"), archived.strip("\"'")
            edge = (n == len(mine) - 1 and archived.startswith(ours)) or (
                n == 0 and archived.endswith(ours))
            if ours != archived and not edge:
                said.append(f"'{ours}' where the archive has '{archived}'")
                first = low + n
                break
    return tuple(said), first, (low, high)


def _shown(words: list[str]) -> str:
    return " ".join(_key(w) or w for w in words)


def _spans_of(ops: Sequence[tuple[str, int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """The differing stretches, one per place: differences with at most one equal word
    between them are one stretch (so transposed words read as one difference)."""
    spans: list[list[int]] = []
    last_equal = 99
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            last_equal = i2 - i1
            continue
        if spans and last_equal <= 1:
            spans[-1][1], spans[-1][3] = i2, j2
        else:
            spans.append([i1, i2, j1, j2])
        last_equal = 0
    return [(a, b, c, d) for a, b, c, d in spans]


def verify(ledger: Ledger, archives: Mapping[str, Archive | None]) -> list[Check]:
    """Every quote of the ledger (and every quoted phrase of its paraphrases) checked
    against the archive of its source, in ledger order. ``archives`` holds each source id
    that has a readable archive."""
    texts: dict[str, _Text | None] = {}
    for source_id, found in archives.items():
        if found is not None:
            normal, index = normalise(found.text)
            texts[source_id] = _Text(found, normal, index)
    checks: list[Check] = []
    for s in ledger.statements:
        checks += [check(s, words, inner, texts.get(s.source)) for words, inner in quotes_of(s)]
        if s.original is not None:  # the words as spoken, against their own source
            checks += [check(s, words, inner, texts.get(s.original.source), original=True)
                       for words, inner in quotes_of(s.original)]
    return checks


def worst_first(checks: list[Check]) -> list[Check]:
    """Those that differ or are not found, then those without an archive, then those
    verified; each in ledger order."""
    order = {DIFFERS: 0, NOT_FOUND: 0, NO_ARCHIVE: 1, VERIFIED: 2}
    return sorted(checks, key=lambda c: order[c.status])


def summary(checks: list[Check]) -> str:
    """``20 quotes: 18 verified, 1 differs, 1 without an archive``."""
    counts = {status: sum(c.status == status for c in checks) for status in STATUSES}
    names = {VERIFIED: "verified", DIFFERS: "differs" if counts[DIFFERS] == 1 else "differ",
             NOT_FOUND: "not found", NO_ARCHIVE: "without an archive"}
    parts = [f"{counts[s]} {names[s]}" for s in STATUSES if counts[s]]
    total = len(checks)
    return f"{total} quote{'s' if total != 1 else ''}: " + (", ".join(parts) or "none")


def failed(checks: list[Check], strict: bool) -> bool:
    """Whether the run fails: a quote differs or is not found; with ``strict``, also a
    quote whose source has no archive."""
    bad = {DIFFERS, NOT_FOUND} | ({NO_ARCHIVE} if strict else set())
    return any(c.status in bad for c in checks)


HEADERS = ("status", "claim_id", "actor_id", "source_id", "words", "in_paraphrase",
           "ledger_place", "archive_place", "found", "passage", "differences", "original")


def rows(checks: list[Check]) -> tuple[tuple[str | int | bool | tuple[str, ...] | None, ...],
                                      ...]:
    """One row of plain values per check, under :data:`HEADERS`."""
    return tuple((c.status, c.statement.claim, c.statement.actor, c.source,
                  c.words, c.in_paraphrase, c.ledger_place, c.archive_place, c.found,
                  c.passage, c.differences, c.original) for c in checks)


def document(checks: list[Check], problems: list[Problem], strict: bool) -> dict[str, object]:
    """Everything a run found, as ``--format json`` gives it."""
    return {"ok": not problems and not failed(checks, strict), "summary": summary(checks),
            "quotes": [dict(zip(HEADERS, row, strict=True)) for row in rows(checks)],
            "problems": [p.as_dict() for p in problems]}
