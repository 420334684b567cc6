"""One statement through several outlets: where they agree (corroboration) and where
their wording differs (variants).

Pure. The ledger keeps one statement per source; statements of one claim with the same
actor, stance, date and words (compared as ``verify`` compares them, so typesetting does
not count) are one statement *reported* by several sources. Statements of one claim by
the same actor, stance and date, from different sources, whose quotes are close but not
equal, are wording *variants*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from msgspec import Struct

from kursk_cli.model import Claim, Ledger, Stance, Statement
from kursk_cli.rows import Table

#: Quotes are close when rapidfuzz's ratio (0-100) reaches this...
CLOSE_RATIO = 70.0
#: ...or when one nearly stands whole in the other (a sentence dropped).
CLOSE_PARTIAL = 90.0
#: Plain markers for the words that differ, readable without colour (git's word diff).
ONLY_FIRST = ("[-", "-]")
ONLY_SECOND = ("{+", "+}")


# Structs, not dataclasses: `kursk show` and `kursk actor` import this module, and a
# dataclass costs milliseconds to define at every start.
class Reported(Struct, frozen=True):
    """A statement as reported by one or more sources: the first as written, and every
    source that reports the same words."""

    statement: Statement
    sources: tuple[str, ...]
    #: The statements behind it, one per source, in ledger order.
    statements: tuple[Statement, ...]


def reported(statements: Sequence[Statement]) -> list[Reported]:
    """The statements merged where they are one statement (of one claim) from several
    sources, in the order of each one's first report."""
    from kursk_cli.verify import plain

    groups: dict[tuple[object, ...], list[Statement]] = {}
    for s in statements:
        same = (s.claim, s.actor, s.stance, s.date, s.is_quote, plain(s.words))
        groups.setdefault(same, []).append(s)
    return [Reported(group[0], tuple(dict.fromkeys(s.source for s in group)), tuple(group))
            for group in groups.values()]


class Variant(Struct, frozen=True):
    """Two wordings of one statement from different sources, each with the words only it
    has marked, and those differences in words."""

    claim: str
    actor: str
    stance: Stance
    date: dt.date
    first: Reported
    second: Reported
    first_marked: str
    second_marked: str
    differences: tuple[tuple[str, str], ...]


def close(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    if fuzz.ratio(a, b) >= CLOSE_RATIO:
        return True
    return min(len(a.split()), len(b.split())) >= 3 and fuzz.partial_ratio(a, b) >= CLOSE_PARTIAL


def mark(first: str, second: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """Both wordings with the words only each has marked, and each differing stretch as
    (first's words, second's words)."""
    import difflib

    mine, theirs = first.split(), second.split()
    ops = difflib.SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes()
    left: list[str] = []
    right: list[str] = []
    differences: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in ops:
        ours, others = " ".join(mine[i1:i2]), " ".join(theirs[j1:j2])
        if tag == "equal":
            left.append(ours)
            right.append(others)
            continue
        if ours:
            left.append(ONLY_FIRST[0] + ours + ONLY_FIRST[1])
        if others:
            right.append(ONLY_SECOND[0] + others + ONLY_SECOND[1])
        differences.append((ours, others))
    return " ".join(left), " ".join(right), tuple(differences)


def variants_of(claim: Claim) -> list[Variant]:
    """The claim's wording variants, each pair once, in ledger order."""
    from kursk_cli.verify import plain

    quoted = reported([s for s in claim.statements if s.is_quote])
    found: list[Variant] = []
    for n, a in enumerate(quoted):
        for b in quoted[n + 1:]:
            sa, sb = a.statement, b.statement
            if (sa.actor, sa.stance, sa.date) != (sb.actor, sb.stance, sb.date):
                continue
            if set(a.sources) & set(b.sources):
                continue
            wa, wb = plain(sa.words), plain(sb.words)
            if not close(wa, wb):
                continue
            left, right, differences = mark(wa, wb)
            found.append(Variant(claim.id, sa.actor, sa.stance, sa.date, a, b, left, right,
                                 differences))
    return found


def variants(ledger: Ledger) -> list[Variant]:
    return [v for claim in ledger.claims for v in variants_of(claim)]


def note(variant: Variant, of: Reported) -> str:
    """One line on a variant, as seen from one of its two wordings (for ``show``)."""
    other = variant.second if of is variant.first else variant.first
    pairs = [(b, a) if of is variant.second else (a, b) for a, b in variant.differences]
    said = "; ".join(f"'{theirs}' for '{ours}'" if ours and theirs
                     else f"without '{ours}'" if ours else f"adds '{theirs}'"
                     for ours, theirs in pairs)
    return f"wording differs in {', '.join(other.sources)}: {said}"


VARIANT_HEADERS = ("claim_id", "actor_id", "stance", "date", "first_sources", "first_words",
                   "second_sources", "second_words")


def table(found: list[Variant]) -> Table:
    """The variants as rows, the words only each wording has marked ``[-...-]`` in the
    first and ``{+...+}`` in the second."""
    return Table(VARIANT_HEADERS, tuple(
        (v.claim, v.actor, v.stance.value, v.date.isoformat(), v.first.sources, v.first_marked,
         v.second.sources, v.second_marked) for v in found))
