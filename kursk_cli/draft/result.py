"""What drafting proposes: a source, new actors, claims with their statements, and
what was left out and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kursk_cli.model import Stance


@dataclass(frozen=True)
class NewSource:
    id: str
    title: str
    published: dt.date
    publisher: str | None = None
    url: str | None = None


@dataclass
class NewActor:
    id: str
    name: str
    role: str | None
    kind: str  # person | organization
    line: int  # where the report first names them
    affiliation: str | None = None  # "Hesperin" for "Hesperin's Northern Command"


@dataclass(frozen=True)
class Drafted:
    """One drafted statement (exactly one of quote and paraphrase is set)."""

    actor: str
    stance: Stance
    date: dt.date
    quote: str | None
    paraphrase: str | None
    line: int
    excerpt: str  # the report's words the statement was drafted from, shortened
    #: What was guessed, and from which words, for the reviewer ("speaker from 'he' on
    #: line 12", "date from 'on thursday'").
    guesses: tuple[str, ...] = ()

    @property
    def words(self) -> str:
        return self.quote if self.quote is not None else (self.paraphrase or "")


@dataclass
class DraftClaim:
    """A claim of the fragment: an existing claim of the ledger (``existing``) that gets
    new statements, or a new claim whose text is the sentence the words came from."""

    id: str
    text: str
    existing: bool
    statements: list[Drafted] = field(default_factory=list)


@dataclass(frozen=True)
class LeftOut:
    """A quote found but not drafted, and why, for the person reviewing the draft."""

    line: int
    words: str
    why: str


@dataclass
class Fragment:
    """What ``kursk draft`` proposes: one source, the actors the ledger does not know,
    and the claims with the statements found; plus the quotes it left out (no speaker
    found, or a reply of a word or two)."""

    source: NewSource | None  # None when the statements cite a source the ledger has
    source_id: str
    actors: list[NewActor]
    claims: list[DraftClaim]
    left_out: list[LeftOut]
    #: Statements found that the ledger already holds (same actor, source and words:
    #: a report drafted again after its merge), not proposed again.
    held: int = 0

    @property
    def statements(self) -> list[Drafted]:
        return [s for c in self.claims for s in c.statements]
