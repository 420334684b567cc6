"""Questions asked of a ledger, answered as plain rows.

Pure functions: a ledger and filters in, a result out. Every result carries one
:class:`Table` (headers plus rows of plain values), which every output format renders;
views that need more for the terminal (an actor's header, a claim's sides) carry it
beside the table.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING

from msgspec import Struct

from kursk_cli.errors import NotFound, close_matches, did_you_mean
from kursk_cli.model import Actor, Claim, Ledger, Stance, Statement, Status, status_of
from kursk_cli.rows import Cell, Table

if TYPE_CHECKING:
    from kursk_cli.timeline import Reversal

class Filters(Struct, frozen=True):
    """Which claims (and statements) a question is about. Unset filters keep everything."""

    disputed: bool = False
    actor: str | None = None  # an actor id, already resolved
    topic: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    search: str | None = None
    stance: Stance | None = None

    def keeps_statement(self, statement: Statement) -> bool:
        return (
            (self.actor is None or statement.actor == self.actor)
            and (self.stance is None or statement.stance is self.stance)
            and (self.since is None or statement.date >= self.since)
            and (self.until is None or statement.date <= self.until)
        )

    @property
    def claim_level(self) -> bool:
        """Whether only a claim's status and topics decide (no statement filter)."""
        return (self.actor is None and self.stance is None and self.since is None
                and self.until is None and self.search is None)

    def _keeps_topics(self, topics: tuple[str, ...]) -> bool:
        return self.topic is None or fold(self.topic) in {fold(t) for t in topics}

    def keeps_claim(self, claim: Claim, status: Status | None = None,
                    also: tuple[str, ...] = ()) -> bool:
        """Whether the filters keep CLAIM; ``status`` is the status the views give it
        (its group's: :meth:`Ledger.status`), by default the claim's own (a claim of
        ``claims_once`` is its whole group); ``also``: its group's other wordings, which
        ``search`` looks in too."""
        if self.disputed and (status or claim.status) is not Status.DISPUTED:
            return False
        if not self._keeps_topics(claim.topics):
            return False
        if self.claim_level:
            return True
        if self.search is not None and not _mentions(claim, fold(self.search), also):
            return False
        return any(self.keeps_statement(s) for s in claim.statements)


def fold(text: str) -> str:
    """Text for matching: accents removed, case folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _mentions(claim: Claim, needle: str, also: tuple[str, ...] = ()) -> bool:
    texts = [claim.text, *also, *(s.words for s in claim.statements)]
    return any(needle in fold(t) for t in texts)


def check_topic(ledger: Ledger, topic: str) -> None:
    """A topic some claim has (any case, any accents), or :class:`NotFound` naming the
    close ones: a misspelt ``--topic`` is an error, not an empty answer."""
    held = dict.fromkeys(t for c in ledger.claims for t in c.topics)
    if fold(topic) in {fold(t) for t in held}:
        return
    close = close_matches(fold(topic), list(held), n=3, cutoff=0.6)
    hint = did_you_mean(close) if close else "; no claim has it"
    raise NotFound(f"unknown topic '{topic}'{hint}")


def select(ledger: Ledger, filters: Filters, grouped: bool = False) -> list[Claim]:
    """The claims the filters keep, in date order (latest statement), then by id;
    ``grouped``: a group of claims that are the same once, as one claim; else each
    claim on its own, kept or not by its group's status (as every view shows it)."""
    kept = ([c for c in ledger.claims_once if filters.keeps_claim(c, also=_also(ledger, c))]
            if grouped else
            [c for c in ledger.claims if filters.keeps_claim(c, ledger.status(c))])
    return sorted(kept, key=lambda c: (c.latest, c.id))


# ----------------------------------------------------------------------------- claims

CLAIM_HEADERS = ("id", "claim", "status", "asserted_by", "denied_by", "latest", "sources",
                 "also_worded_as")

#: The claims view's order: by latest statement (ISO dates sort as the dates do), then id.
CLAIM_ORDER = itemgetter(CLAIM_HEADERS.index("latest"), CLAIM_HEADERS.index("id"))


class ClaimsResult(Struct, frozen=True):
    table: Table
    noun: str = "claims"


def claims(ledger: Ledger, filters: Filters) -> ClaimsResult:
    names = {actor.id: actor.name for actor in ledger.actors}
    asserts, denies = Stance.ASSERTS, Stance.DENIES
    rows = []
    # One pass over each claim's statements: this view of every claim is what the cache
    # keeps of a large ledger. Same values, same order as ``select`` with
    # ``Claim.status``, ``actors_with``, ``latest`` and ``sources`` (a test holds it so).
    # Where only the status decides (--disputed alone, or nothing), that pass decides it.
    by_status = filters.claim_level and filters.topic is None
    only_disputed = by_status and filters.disputed
    grouped = bool(ledger.groups)
    both, stance_of = {asserts, denies}, attrgetter("stance")
    for c in ledger.claims_once:
        if not by_status and not filters.keeps_claim(
                c, also=_also(ledger, c) if grouped else ()):
            continue
        if only_disputed and not both.issubset(map(stance_of, c.statements)):
            continue  # (most claims: one C-level look at their stances)
        asserting: dict[str, None] = {}
        denying: dict[str, None] = {}
        sources = set()
        latest = c.statements[0].date
        for s in c.statements:
            if s.stance is asserts:
                asserting[s.actor] = None
            elif s.stance is denies:
                denying[s.actor] = None
            sources.add(s.source)
            if s.date > latest:
                latest = s.date
        rows.append((c.id, c.text, status_of(bool(asserting), bool(denying)).value,
                     tuple(names[a] for a in asserting), tuple(names[a] for a in denying),
                     latest.isoformat(), len(sources), _also(ledger, c) if grouped else ()))
    rows.sort(key=CLAIM_ORDER)
    return ClaimsResult(Table(CLAIM_HEADERS, tuple(rows)))


def _also(ledger: Ledger, claim: Claim) -> tuple[str, ...]:
    """The other wordings of a claim's group (none for a claim in no group)."""
    members = ledger.groups.get(claim.id, ())
    return tuple(ledger.claim_by_id[m].text for m in members if m != claim.id)


# ------------------------------------------------------------------------------ actors


def find_actor(ledger: Ledger, name: str) -> Actor:
    """The actor NAME means: an id, name or alias (any case, any accents), or a unique
    prefix of one. None or several is :class:`NotFound`, with suggestions."""
    wanted = fold(name)
    if not wanted:
        raise NotFound("give an actor's id, name or alias")
    by_id = ledger.actor_by_id.get(name.strip())
    if by_id is not None:  # an id, as written, is never ambiguous ("give the id")
        return by_id
    keys = {a.id: {fold(k) for k in (a.id, a.name, *a.aliases)} for a in ledger.actors}
    exact = [a for a in ledger.actors if wanted in keys[a.id]]
    if len(exact) == 1:
        return exact[0]
    matches = exact or [
        a for a in ledger.actors if any(k.startswith(wanted) for k in keys[a.id])
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(f"{a.id} ({a.name})" for a in matches)
        raise NotFound(f"'{name}' could mean more than one actor: {listed}; "
                       "give the id")
    every = {k: a.id for a in ledger.actors for k in keys[a.id]}
    close = close_matches(wanted, list(every), n=3, cutoff=0.6)
    # Several keys of one actor (id, name, aliases) can be close: name each actor once.
    hint = (did_you_mean(every[c] for c in close) if close
            else "; 'kursk actors' lists them all")
    raise NotFound(f"no actor called '{name}'{hint}")


ACTOR_HEADERS = ("date", "claim_id", "claim", "stance", "words", "quoted", "source",
                 "original_quote", "original_lang", "original_source", "group")


class ActorResult(Struct, frozen=True):
    actor: Actor
    table: Table
    noun: str = "statements"
    #: The rows a terminal shows: a statement several sources report once, its next to
    #: last cell every source of it, its last its claim's group.
    said: tuple[tuple[Cell, ...], ...] = ()
    #: For each row of ``said``, the words as spoken, as ``original`` gives them.
    originals: tuple[str | None, ...] = ()


def actor(ledger: Ledger, who: Actor, filters: Filters) -> ActorResult:
    mine = Filters(actor=who.id, stance=filters.stance, since=filters.since,
                   until=filters.until)
    statements = sorted(
        (s for c in ledger.claims for s in c.statements if mine.keeps_statement(s)),
        key=lambda s: (s.date, s.claim),
    )
    # A statement keeps its own claim's id and wording (the words it was made about);
    # ``group`` names the claim's same-as group beside it (its first claim's id).
    group, text = ledger.group_of, {c.id: c.text for c in ledger.claims}
    rows = tuple(
        (s.date.isoformat(), s.claim, text[s.claim], s.stance.value, s.words,
         "quote" if s.is_quote else "paraphrase", s.source, *original_cells(s),
         group(s.claim))
        for s in statements
    )
    from kursk_cli import outlets

    reported = outlets.reported(statements)
    said = tuple(
        (r.statement.date.isoformat(), r.statement.claim, text[r.statement.claim],
         r.statement.stance.value, r.statement.words,
         "quote" if r.statement.is_quote else "paraphrase", r.sources,
         group(r.statement.claim))
        for r in reported)
    return ActorResult(who, Table(ACTOR_HEADERS, rows), said=said,
                       originals=tuple(original(r.statement) for r in reported))


def original_cells(s: Statement) -> tuple[str | None, str | None, str | None]:
    """A statement's original words, language and source, as exports give them (a
    paraphrase in the original language is given as its words too)."""
    if s.original is None:
        return None, None, None
    return s.original.words, s.original.lang, s.original.source


def original(s: Statement) -> str | None:
    """The words as spoken, for a terminal: ``as spoken (ru, source): «words»``."""
    if s.original is None:
        return None
    words = (f"“{s.original.words}”" if s.original.is_quote
             else f"{s.original.words} (paraphrase)")
    return f"as spoken ({s.original.lang}, {s.original.source}): {words}"


ACTORS_HEADERS = ("id", "name", "affiliation", "asserts", "denies", "qualifies", "statements",
                  "wikidata")


class ActorsResult(Struct, frozen=True):
    table: Table
    noun: str = "actors"


def actors(ledger: Ledger) -> ActorsResult:
    counts = {a.id: dict.fromkeys(Stance, 0) for a in ledger.actors}
    for s in ledger.statements:
        counts[s.actor][s.stance] += 1
    rows = tuple(
        (a.id, a.name, a.affiliation, *(counts[a.id][st] for st in Stance),
         sum(counts[a.id].values()), a.wikidata)
        for a in sorted(ledger.actors, key=lambda a: a.id)
    )
    return ActorsResult(Table(ACTORS_HEADERS, rows))


# ------------------------------------------------------------------------------- show


def find_claim(ledger: Ledger, ident: str) -> Claim:
    """The claim IDENT names: its id in any case, or a unique prefix of it. None or
    several is :class:`NotFound`, suggesting the ids it starts or is close to."""
    wanted = fold(ident)
    if not wanted:
        raise NotFound("give a claim id; 'kursk claims' lists them all")
    claim = ledger.claim_by_id.get(wanted)
    if claim is not None:
        return claim
    prefixed = [c for c in ledger.claim_by_id if c.startswith(wanted)]
    if len(prefixed) == 1:
        return ledger.claim_by_id[prefixed[0]]
    close = close_matches(wanted, list(ledger.claim_by_id), n=3, cutoff=0.6)
    close = list(dict.fromkeys(prefixed + close))[:3]
    hint = did_you_mean(close) if close else "; 'kursk claims' lists them all"
    raise NotFound(f"no claim with id '{ident}'{hint}")


#: Each row names its claim too, so that csv and json say what the statements are about.
SHOW_HEADERS = ("claim_id", "claim", "status", "side", "actor_id", "actor", "date", "stance",
                "words", "quoted", "source", "original_quote", "original_lang",
                "original_source")


class ShowResult(Struct, frozen=True):
    claim: Claim
    status: Status
    sides: dict[Stance, tuple[tuple[Cell, ...], ...]]
    table: Table
    noun: str = "statements"
    #: Reversals on the claim, each (actor name, earlier stance, its date, later stance,
    #: its date), marked under the claim in the terminal.
    reversals: tuple[tuple[str, str, str, str, str], ...] = ()
    #: The claim's other wordings (``same-as``), each (id, text).
    also: tuple[tuple[str, str], ...] = ()
    #: How other claims stand to it, each (how, id, text, status): ``contradicts``,
    #: ``supersedes``, ``superseded by``, ``supports``, ``supported by``.
    related: tuple[tuple[str, str, str, str], ...] = ()


#: How a relation reads from the claim it names (the other side).
_FROM_THE_OTHER_SIDE = {"contradicts": "contradicts", "supersedes": "superseded by",
                        "supports": "supported by"}


def related(ledger: Ledger, claim: Claim) -> tuple[tuple[str, str, str, str], ...]:
    """How other claims stand to CLAIM (or to its group), in ledger order: each (how,
    other claim's id, its text, the status of its group)."""
    members = set(ledger.groups.get(claim.id, (claim.id,)))
    found: list[tuple[str, str, str, str]] = []
    for other in ledger.claims:
        for relation in other.relations:
            if relation.kind == "same-as":
                continue
            if other.id in members and relation.claim not in members:
                how, ident = relation.kind, relation.claim
            elif relation.claim in members and other.id not in members:
                how, ident = _FROM_THE_OTHER_SIDE[relation.kind], other.id
            else:
                continue
            them = ledger.claim_by_id[ident]
            found.append((how, ident, them.text, ledger.status(them).value))
    return tuple(dict.fromkeys(found))


def _first_appearance(ledger: Ledger, sources: Cell) -> str | None:
    """Where a statement several sources carry, published on different days, first
    appeared: its earliest source (each, when several share the earliest day)."""
    if not isinstance(sources, tuple) or len(sources) < 2:
        return None
    days = {ident: ledger.source_by_id[ident].published for ident in sources}
    first = min(days.values())
    if first == max(days.values()):
        return None  # the same day: which came first, the ledger does not say
    earliest = [ident for ident in sources if days[ident] == first]
    return f"first appeared: {', '.join(earliest)} ({first.isoformat()})"


def show(ledger: Ledger, claim: Claim, reversals: Sequence[Reversal] = ()) -> ShowResult:
    """The claim's statements grouped by side: asserts, denies, qualifies. The table has
    one row per statement as written; the sides show a statement several sources report
    once, with all its sources, and a note on each wording variant. ``reversals`` (from
    ``timeline.reversals_in``) are carried for the terminal to mark under the claim.
    A claim in a ``same-as`` group is shown as its group (its other wordings named)."""
    from kursk_cli import outlets

    claim = ledger.grouped(claim)
    ordered = sorted(claim.statements, key=lambda s: (s.date, s.actor))
    notes: dict[int, list[str]] = {}
    merged = outlets.reported(ordered)
    for variant in outlets.variants_of(claim):
        for of in (variant.first, variant.second):
            notes.setdefault(id(of.statement), []).append(outlets.note(variant, of))
    for r in merged:
        extra = [_first_appearance(ledger, r.sources), original(r.statement)]
        notes.setdefault(id(r.statement), []).extend(e for e in extra if e is not None)
    sides: dict[Stance, tuple[tuple[Cell, ...], ...]] = {}
    for stance in Stance:
        sides[stance] = tuple(
            (stance.value, r.statement.actor, ledger.actor_by_id[r.statement.actor].name,
             r.statement.date.isoformat(), stance.value, r.statement.words,
             "quote" if r.statement.is_quote else "paraphrase", r.sources,
             tuple(notes.get(id(r.statement), ())))
            for r in merged if r.statement.stance is stance
        )
    status = claim.status
    rows = tuple(
        (s.claim, ledger.claim_by_id[s.claim].text if s.claim in ledger.claim_by_id
         else claim.text, status.value, stance.value, s.actor,
         ledger.actor_by_id[s.actor].name, s.date.isoformat(), s.stance.value, s.words,
         "quote" if s.is_quote else "paraphrase", s.source, *original_cells(s))
        for stance in Stance for s in ordered if s.stance is stance)
    marked = tuple(
        (ledger.actor_by_id[r.later.actor].name, r.earlier.stance.value,
         r.earlier.date.isoformat(), r.later.stance.value, r.later.date.isoformat())
        for r in reversals
    )
    also = tuple((m, ledger.claim_by_id[m].text) for m in ledger.groups.get(claim.id, ())
                 if m != claim.id)
    return ShowResult(claim, status, sides, Table(SHOW_HEADERS, rows), reversals=marked,
                      also=also, related=related(ledger, claim))


# ----------------------------------------------------------------------------- matrix

class MatrixResult(Struct, frozen=True):
    """Actors by claims; each cell the actor's stances on the claim (empty: none)."""

    claims: tuple[Claim, ...]
    actors: tuple[Actor, ...]
    cells: tuple[tuple[tuple[Stance, ...], ...], ...]
    table: Table
    noun: str = "actors"


def matrix(ledger: Ledger, filters: Filters) -> MatrixResult:
    chosen = tuple(select(ledger, filters, grouped=True))
    stances: dict[tuple[str, str], list[Stance]] = {}
    for claim in chosen:
        for s in claim.statements:
            held = stances.setdefault((s.actor, claim.id), [])
            if s.stance not in held:
                held.append(s.stance)
    involved = {actor_id for actor_id, _claim in stances}
    people = tuple(a for a in sorted(ledger.actors, key=lambda a: a.id) if a.id in involved)
    cells = tuple(
        tuple(tuple(sorted(stances.get((a.id, c.id), []), key=_stance_order)) for c in chosen)
        for a in people
    )
    rows = tuple(
        (a.id, *(";".join(st.value for st in cell) or None for cell in row))
        for a, row in zip(people, cells, strict=True)
    )
    table = Table(("actor_id", *(c.id for c in chosen)), rows)
    return MatrixResult(chosen, people, cells, table)


def _stance_order(stance: Stance) -> int:
    return list(Stance).index(stance)
