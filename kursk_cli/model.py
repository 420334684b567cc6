"""The ledger's domain: sources, actors, claims and the statements that link them.

Frozen dataclasses, no I/O. Everything derived (a claim's status, who asserts it) is
computed here from the statements and never stored twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar, overload

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


@dataclass(frozen=True)
class Source:
    """A published report that carries statements."""

    id: str
    title: str
    published: dt.date
    publisher: str | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Actor:
    """A person or institution that makes statements."""

    id: str
    name: str
    role: str | None = None
    affiliation: str | None = None
    kind: ActorKind | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statement:
    """One actor's stance on one claim, on one date, as reported by one source.

    Exactly one of ``quote`` (verbatim words) and ``paraphrase`` (reported speech) is set.
    """

    claim: str
    actor: str
    stance: Stance
    date: dt.date
    source: str
    quote: str | None = None
    paraphrase: str | None = None
    note: str | None = None

    @property
    def words(self) -> str:
        """The quote, or else the paraphrase."""
        return self.quote if self.quote is not None else (self.paraphrase or "")

    @property
    def is_quote(self) -> bool:
        return self.quote is not None


@dataclass(frozen=True)
class Claim:
    """A contested proposition, worded neutrally, and every statement about it."""

    id: str
    text: str
    statements: tuple[Statement, ...]
    topics: tuple[str, ...] = ()

    # status, latest and sources are derived on first use and kept on the instance
    # (a view asks for each more than once); they are never pickled or compared.
    def __getstate__(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text, "statements": self.statements,
                "topics": self.topics}

    def actors_with(self, stance: Stance) -> tuple[str, ...]:
        """Actor ids taking ``stance``, each once, in order of their first such statement."""
        return tuple(dict.fromkeys(s.actor for s in self.statements if s.stance is stance))

    @derived
    def status(self) -> Status:
        """Disputed when at least one statement asserts and one denies the claim."""
        stances = {s.stance for s in self.statements}
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


@dataclass(frozen=True)
class Ledger:
    """A whole, checked ledger. Order is the order the user wrote."""

    sources: tuple[Source, ...]
    actors: tuple[Actor, ...]
    claims: tuple[Claim, ...]

    def __getstate__(self) -> dict[str, object]:
        # The lookup tables below are derived: rebuilt on demand, never stored.
        return {"sources": self.sources, "actors": self.actors, "claims": self.claims}

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
    def summary(self) -> dict[str, int]:
        """How many claims, actors, statements and disputed claims the ledger holds."""
        return self.summary_with(disputed=sum(c.disputed for c in self.claims))

    def summary_with(self, disputed: int) -> dict[str, int]:
        """The summary, given the count of disputed claims (which a view that has derived
        every claim's status already knows)."""
        return {"claims": len(self.claims), "actors": len(self.actors),
                "statements": sum(len(c.statements) for c in self.claims),
                "disputed": disputed}

    def actor_names(self, ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.actor_by_id[i].name for i in ids)
