"""The ledger's domain: sources, actors, claims and the statements that link them.

Frozen structs (msgspec), no I/O. Everything derived (a claim's status, who asserts it)
is computed here from the statements and never stored twice.

Each entry carries where it was written: ``file`` (as messages name it) and ``at``, the
(line, column) pairs of the entry and of the fields its kind lists in ``PLACES``, so a
rule or a view can point at it however the entry was obtained (read or cached).
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable
from enum import Enum
from itertools import chain, repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, overload

from msgspec import Struct
from msgspec.structs import force_setattr

T = TypeVar("T")

#: (line, column), both counted from 1, of a value in the ledger file.
Pos = tuple[int, int]


class Stance(str, Enum):
    """What a statement does to its claim."""

    ASSERTS = "asserts"
    DENIES = "denies"
    QUALIFIES = "qualifies"


class Status(str, Enum):
    """A claim's status, derived from its statements; kursk never judges truth."""

    DISPUTED = "disputed"
    ASSERTED = "asserted"
    DENIED = "denied"
    QUALIFIED = "qualified"


class ActorKind(str, Enum):
    """Whether an actor is a person or an organization (ministry, staff, government)."""

    PERSON = "person"
    ORGANIZATION = "organization"


def status_of(asserted: bool, denied: bool) -> Status:
    """A claim's status from whether any statement asserts it and any denies it (a claim
    with neither has only qualifying statements)."""
    if asserted and denied:
        return Status.DISPUTED
    if asserted:
        return Status.ASSERTED
    if denied:
        return Status.DENIED
    return Status.QUALIFIED


class derived(Generic[T]):
    """A value computed from an instance on first use and kept on it, like
    ``functools.cached_property`` without its lock (Python 3.11 takes one on every first
    use: a third of the claims view's time on a large ledger, measured)."""

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> derived[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> T | derived[T]:
        if instance is None:
            return self
        # A non-data descriptor: once stored, the instance's own value is found first.
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


_STANCE = attrgetter("stance")
_STATEMENTS = attrgetter("statements")


class Located(Struct, frozen=True, kw_only=True):
    """An entry of a ledger file, which knows where it was written."""

    #: The fields whose position ``at`` keeps, after the entry's own ("").
    PLACES: ClassVar[tuple[str, ...]] = ("",)
    #: The file the entry was read from, as messages name it.
    file: str = ""
    #: (line, column) of the entry and of each of its PLACES, flat.
    at: tuple[int, ...] = ()

    def where(self, name: str = "") -> Pos:
        """Where the entry (``""``) or one of its ``PLACES`` was written; (0, 0) for an
        entry made in memory rather than read."""
        index = 2 * self.PLACES.index(name)
        at = self.at
        return (at[index], at[index + 1]) if len(at) > index else (0, 0)

    def placed_in(self, file: str) -> None:
        """Name the file the entry was read from (a read is cached without it, since one
        file's bytes may be reached by several names)."""
        force_setattr(self, "file", file)


class Source(Located, frozen=True, gc=False, array_like=True):
    """A published report that carries statements."""

    PLACES: ClassVar[tuple[str, ...]] = ("", "id", "archive")

    id: str
    title: str
    published: dt.date
    publisher: str | None = None
    url: str | None = None
    note: str | None = None
    #: A saved copy of the report, relative to the ledger file that declares the source.
    archive: str | None = None
    #: The language the report is written in (a BCP 47 tag).
    lang: str | None = None
    #: The publisher's Wikidata item (Q and digits).
    publisher_wikidata: str | None = None


class Actor(Located, frozen=True, gc=False, array_like=True):
    """A person or institution that makes statements."""

    PLACES: ClassVar[tuple[str, ...]] = ("", "id")

    id: str
    name: str
    role: str | None = None
    affiliation: str | None = None
    kind: ActorKind | None = None
    aliases: tuple[str, ...] = ()
    #: The actor's Wikidata item (Q and digits).
    wikidata: str | None = None


class _Worded:
    """What a statement and its original words share: a quote (verbatim) or else a
    paraphrase (a mixin of the two structs; no fields of its own)."""

    __slots__ = ()
    if TYPE_CHECKING:
        quote: str | None
        paraphrase: str | None

    @property
    def words(self) -> str:
        """The quote, or else the paraphrase."""
        return self.quote if self.quote is not None else (self.paraphrase or "")

    @property
    def is_quote(self) -> bool:
        return self.quote is not None


class Original(Struct, _Worded, frozen=True, gc=False, array_like=True):
    """A statement's words in the language they were spoken in, from the source that
    carries them (where it is written is its statement's ``original_*`` places)."""

    source: str
    lang: str
    quote: str | None = None
    paraphrase: str | None = None


class Statement(Located, _Worded, frozen=True, gc=False, array_like=True):
    """One actor's stance on one claim, on one date, as reported by one source.

    Exactly one of ``quote`` (verbatim words) and ``paraphrase`` (reported speech) is set.
    """

    PLACES: ClassVar[tuple[str, ...]] = ("", "actor", "date", "source", "words",
                                         "original_source", "original_words")

    claim: str
    actor: str
    stance: Stance
    date: dt.date
    source: str
    quote: str | None = None
    paraphrase: str | None = None
    note: str | None = None
    original: Original | None = None


class Relation(Struct, frozen=True, gc=False, array_like=True):
    """How a claim stands to another (``same-as``, ``contradicts``, ``supersedes`` or
    ``supports``); where it is written is in its claim's ``relations_at``."""

    kind: str
    claim: str


class Claim(Located, frozen=True, dict=True, array_like=True):
    """A contested proposition, worded neutrally, and every statement about it.

    status, latest and sources are derived on first use and kept on the instance (a view
    asks for each more than once); they are never stored, encoded or compared."""

    PLACES: ClassVar[tuple[str, ...]] = ("", "id", "text")

    id: str
    text: str
    statements: tuple[Statement, ...]
    topics: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()
    #: (line, column) of each relation's claim id, flat, in the order of ``relations``.
    relations_at: tuple[int, ...] = ()

    def relation_at(self, index: int) -> Pos:
        at = self.relations_at
        return (at[2 * index], at[2 * index + 1]) if len(at) > 2 * index + 1 else (0, 0)

    def placed_in(self, file: str) -> None:
        force_setattr(self, "file", file)
        for statement in self.statements:
            statement.placed_in(file)

    def actors_with(self, stance: Stance) -> tuple[str, ...]:
        """Actor ids taking ``stance``, each once, in order of their first such statement."""
        return tuple(dict.fromkeys(s.actor for s in self.statements if s.stance is stance))

    @derived
    def status(self) -> Status:
        """Disputed when at least one statement asserts and one denies the claim."""
        stances = set(map(_STANCE, self.statements))
        return status_of(Stance.ASSERTS in stances, Stance.DENIES in stances)

    @property
    def disputed(self) -> bool:
        return self.status is Status.DISPUTED

    @derived
    def latest(self) -> dt.date:
        """The date of the most recent statement about the claim."""
        return max(s.date for s in self.statements)

    @derived
    def sources(self) -> tuple[str, ...]:
        """Source ids backing the claim, each once, in order of first use."""
        return tuple(dict.fromkeys(s.source for s in self.statements))


class Ledger(Struct, frozen=True, dict=True):
    """A whole, checked ledger, of one file or several. Order is the order the user
    wrote (an included file's entries where its include stands)."""

    sources: tuple[Source, ...]
    actors: tuple[Actor, ...]
    claims: tuple[Claim, ...]

    @derived
    def source_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @derived
    def actor_by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    @derived
    def claim_by_id(self) -> dict[str, Claim]:
        return {c.id: c for c in self.claims}

    @property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(s for c in self.claims for s in c.statements)

    @derived
    def groups(self) -> dict[str, tuple[str, ...]]:
        """Each claim that is ``same-as`` another, directly or through others, to its
        group's members in ledger order; the first names the group. Claims in no group
        are not listed."""
        if not any(claim.relations for claim in self.claims):
            return {}  # (most ledgers: a view of 100,000 claims pays one pass, no more)
        parent: dict[str, str] = {}

        def root(ident: str) -> str:
            while parent.get(ident, ident) != ident:
                ident = parent[ident]
            return ident

        for claim in self.claims:
            for relation in claim.relations:
                if relation.kind == "same-as" and relation.claim in self.claim_by_id:
                    mine, theirs = root(claim.id), root(relation.claim)
                    parent[mine] = mine
                    parent[theirs] = mine
                    parent.setdefault(claim.id, mine)
                    parent.setdefault(relation.claim, mine)
        members: dict[str, list[str]] = {}
        for claim in self.claims:
            if claim.id in parent:
                members.setdefault(root(claim.id), []).append(claim.id)
        return {ident: tuple(listed) for listed in members.values() if len(listed) > 1
                for ident in listed}

    def group_of(self, claim_id: str) -> str:
        """The id naming a claim's group: its first member's, or the claim's own."""
        members = self.groups.get(claim_id)
        return members[0] if members else claim_id

    @derived
    def merged(self) -> dict[str, Claim]:
        """Each group, by the id naming it, as one claim: the first member's id and text,
        every member's statements, topics and relations (a statement keeps its own
        claim's id). Its status is the group's."""
        found: dict[str, Claim] = {}
        for members in self.groups.values():
            if members[0] in found:
                continue
            claims = [self.claim_by_id[ident] for ident in members]
            first = claims[0]
            found[first.id] = Claim(
                first.id, first.text, tuple(s for c in claims for s in c.statements),
                tuple(dict.fromkeys(t for c in claims for t in c.topics)),
                tuple(r for c in claims for r in c.relations), file=first.file, at=first.at)
        return found

    def grouped(self, claim: Claim) -> Claim:
        """The claim as the views show it: its group as one claim, or itself."""
        return self.merged.get(self.group_of(claim.id), claim)

    def status(self, claim: Claim) -> Status:
        """A claim's status as every view, export and diff gives it: its group's, from
        every member's statements (a claim in no group: its own)."""
        return self.grouped(claim).status

    @derived
    def claims_once(self) -> tuple[Claim, ...]:
        """The claims as the views list them: a group once, where its first member is."""
        if not self.groups:
            return self.claims
        return tuple(self.grouped(c) for c in self.claims
                     if self.group_of(c.id) == c.id)

    @derived
    def summary(self) -> dict[str, int]:
        """How many claims, actors, statements and disputed claims the ledger holds; a
        ``same-as`` group counts once among the disputed (as ``kursk claims`` lists it),
        and ``groups`` says how many groups there are."""
        # (each claim's status as ``Claim.status`` decides it, without keeping it: a
        # check of 100,000 claims needs the count alone)
        both = {Stance.ASSERTS, Stance.DENIES}
        once = tuple(map(_STATEMENTS, self.claims_once))
        return {"claims": len(self.claims), "actors": len(self.actors),
                "statements": sum(map(len, map(_STATEMENTS, self.claims))),
                "disputed": sum(map(both.issubset, map(set, map(map, repeat(_STANCE),
                                                                   once)))),
                "groups": len(set(map(self.group_of, self.groups)))}

    def actor_names(self, ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.actor_by_id[i].name for i in ids)


# ------------------------------------------------------------------ one file, as read


class Mention(Struct, frozen=True, gc=False, array_like=True):
    """An id declared (``declares``) or referred to, with where: kept for entries that
    are not sound, whose ids still count (one bad actor must not make each of its
    statements an "unknown actor" too) and whose references are still checked."""

    kind: str
    ident: str
    line: int
    column: int
    declares: bool


class Include(Struct, frozen=True, gc=False, array_like=True):
    """One item of a file's ``include:`` list: a path or glob, relative to that file."""

    pattern: str
    line: int
    column: int


class Found(Struct, frozen=True, order=True, gc=False, array_like=True):
    """A problem found inside one file, at (line, column); 0, 0: no place in it."""

    line: int
    column: int
    message: str


class Dated(Struct, frozen=True, gc=False, array_like=True):
    """The source and date of a statement that is not sound, with where the date is
    written: a date after the source is still reported (all problems at once)."""

    source: str
    date: dt.date
    line: int
    column: int


class Misnamed(Struct, frozen=True, gc=False, array_like=True):
    """A statement's actor written as something other than an id (a name, perhaps): the
    text, where, the message, and the hint to give when no actor of the ledger is meant
    (which the rules decide, once every file's actors are known)."""

    text: str
    line: int
    column: int
    message: str
    otherwise: str


class FileRead(Struct, frozen=True):
    """Everything reading one ledger file found, all of it a function of the file's bytes
    alone (which is what lets it be cached by them): its sound entries with their
    positions, its includes, the sections it has, the ids and references of its entries
    that are not sound, and every problem found inside it."""

    sources: tuple[Source, ...] = ()
    actors: tuple[Actor, ...] = ()
    claims: tuple[Claim, ...] = ()
    includes: tuple[Include, ...] = ()
    sections: tuple[str, ...] = ()
    loose: tuple[Mention, ...] = ()
    misnamed: tuple[Misnamed, ...] = ()
    dated: tuple[Dated, ...] = ()
    problems: tuple[Found, ...] = ()
    #: Where the file's top-level mapping starts.
    at: tuple[int, int] = (1, 1)
    #: Whether the YAML broke off somewhere (then what is missing may be in the break).
    broken: bool = False

    def placed_in(self, file: str) -> None:
        """Name the file every entry of this read came from (each claim's statements
        too, as ``Claim.placed_in`` does: in one C-level pass, 400,000 entries in a large
        ledger)."""
        statements = chain.from_iterable(map(attrgetter("statements"), self.claims))
        entries = chain(self.sources, self.actors, self.claims, statements)
        deque(map(force_setattr, entries, repeat("file"), repeat(file)), maxlen=0)
