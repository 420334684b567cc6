"""The ledger's cross-entry rules: ids, references, dates, repeats.

Each rule is one small function over a :class:`Draft` that yields the problems it finds
and states its rule in its docstring. ``RULES`` gathers them; the loader runs them all,
so one run reports every problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from kursk_cli.errors import Problem, close_matches
from kursk_cli.model import Actor, Claim, Ledger, Pos, Source, Statement


@dataclass
class Draft:
    """What the loader built: the entries whose shape is sound, and every id declared
    (sound entry or not, so that one bad actor does not make each of its statements an
    "unknown actor" too)."""

    path: str
    sources: list[Source] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    declared: dict[str, list[tuple[str, Pos]]] = field(
        default_factory=lambda: {"source": [], "actor": [], "claim": []}
    )

    referred: dict[str, list[tuple[str, Pos]]] = field(
        default_factory=lambda: {"source": [], "actor": []}
    )

    #: Statements' actors written as something other than an id (a name, perhaps):
    #: the text, where, the message, and the hint to give when no actor is meant. The
    #: message is completed by ``actors_given_by_id`` once every actor is known.
    misnamed: list[tuple[str, Pos, str, str]] = field(default_factory=list)

    #: Where claims and statements, and the fields the rules point at, were written
    #: ("" is the entry itself), by the entry's identity: positions matter only while
    #: checking, so the model itself does not carry them.
    spans: dict[int, dict[str, Pos]] = field(default_factory=dict)

    #: Kept by a re-read (``ledger.reread``), whose reused entries carry no position:
    #: they are declared and referred to at line 0, and have no spans. A rule that would
    #: point at one gets a stand-in position, and what it pointed at (that line-0
    #: position, or the claim or statement) is noted here; the re-read then reads those
    #: entries again, placed, and runs the rules anew. None in a whole read.
    unplaced: list[Pos | Claim | Statement] | None = None

    def locate(self, entry: Claim | Statement, spans: dict[str, Pos]) -> None:
        self.spans[id(entry)] = spans

    def at(self, entry: Claim | Statement, name: str = "") -> Pos:
        spans = self.spans.get(id(entry))
        return self._stand_in(entry) if spans is None else spans[name]

    def line(self, pos: Pos) -> int:
        """The line of ``pos``, for a message that names it."""
        return self._stand_in(pos)[0] if pos[0] == 0 else pos[0]

    def _stand_in(self, about: Pos | Claim | Statement) -> Pos:
        if self.unplaced is None:
            raise LookupError(f"no position for {about!r}")  # a whole read places all
        self.unplaced.append(about)
        return (-1, -1)  # (any problem made with it is dropped with the round)

    def refer(self, kind: str, ident: str, pos: Pos) -> None:
        self.referred[kind].append((ident, pos))

    def declare(self, kind: str, ident: str, pos: Pos) -> None:
        self.declared[kind].append((ident, pos))

    def ids(self, kind: str) -> set[str]:
        return {ident for ident, _pos in self.declared[kind]}

    def problem(self, pos: Pos, message: str) -> Problem:
        if pos[0] == 0:
            pos = self._stand_in(pos)
        return Problem(self.path, pos[0], pos[1], message)

    def ledger(self) -> Ledger:
        return Ledger(tuple(self.sources), tuple(self.actors), tuple(self.claims))


Rule = Callable[[Draft], Iterator[Problem]]


def unique_ids(draft: Draft) -> Iterator[Problem]:
    """Each source, actor and claim id is declared once."""
    for kind, declared in draft.declared.items():
        first: dict[str, Pos] = {}
        for ident, pos in declared:
            if ident in first:
                yield draft.problem(pos, f"duplicate {kind} id '{ident}' "
                                         f"(first on line {draft.line(first[ident])})")
            else:
                first[ident] = pos


def _hint(kind: str, ident: str, declared: list[str], actors: list[Actor]) -> str:
    close = (_actors_meant(ident, actors) if kind == "actor" else []) or close_matches(
        ident, declared, n=3, cutoff=0.6)
    if close:
        return _did_you_mean(close)
    return f"; declare it under {kind}s"


def _did_you_mean(idents: list[str]) -> str:
    return "; did you mean " + " or ".join(f"'{i}'" for i in dict.fromkeys(idents)) + "?"


def slugify(text: str) -> str:
    """The id a text would have: ASCII letters and digits, lowercase, joined by hyphens."""
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def _actors_meant(text: str, actors: list[Actor]) -> list[str]:
    """The ids of the actors TEXT names (``Dmitry Peskov``, ``dmitry-peskov``): by name
    or alias, in any case or spelling of the same letters, or very close to one."""
    wanted = slugify(text)
    if not wanted:
        return []
    keys = {slugify(key): actor.id for actor in actors
            for key in (actor.id, actor.name, *actor.aliases)}
    if wanted in keys:
        return [keys[wanted]]
    return [keys[k] for k in close_matches(wanted, list(keys), n=3, cutoff=0.85)]


def _statements(draft: Draft) -> Iterator[Statement]:
    for claim in draft.claims:
        yield from claim.statements


def _known(draft: Draft, kind: str) -> Iterator[Problem]:
    ids = draft.ids(kind)
    declared = sorted(ids)
    # One suggestion per unknown id, however often it is used: a misspelt actor in
    # 100,000 statements must not mean 100,000 searches of every actor id.
    hints: dict[str, str] = {}
    for ident, pos in draft.referred[kind]:
        if ident not in ids:
            if ident not in hints:
                hints[ident] = _hint(kind, ident, declared, draft.actors)
            yield draft.problem(pos, f"unknown {kind} '{ident}'{hints[ident]}")


def known_actors(draft: Draft) -> Iterator[Problem]:
    """Every statement's actor is declared under actors."""
    return _known(draft, "actor")


def known_sources(draft: Draft) -> Iterator[Problem]:
    """Every statement's source is declared under sources."""
    return _known(draft, "source")


def actors_given_by_id(draft: Draft) -> Iterator[Problem]:
    """A statement names its actor by id; one written as a name or an alias is told the
    id of the actor it names (a made-up id would only lead to "unknown actor")."""
    for text, pos, message, otherwise in draft.misnamed:
        meant = _actors_meant(text, draft.actors)
        yield draft.problem(pos, message + (_did_you_mean(meant) if meant else otherwise))


def statement_not_after_source(draft: Draft) -> Iterator[Problem]:
    """A statement cannot be dated after the source that reports it was published."""
    published = {s.id: s.published for s in draft.sources}
    for statement in _statements(draft):
        when = published.get(statement.source)
        if when is not None and statement.date > when:
            yield draft.problem(
                draft.at(statement, "date"),
                f"statement dated {statement.date} is later than its source "
                f"'{statement.source}', published {when}",
            )


def no_repeated_statement(draft: Draft) -> Iterator[Problem]:
    """The same actor, stance, date, source and words appear once per claim."""
    for claim in draft.claims:
        if len(claim.statements) < 2:
            continue
        seen: dict[tuple[object, ...], Statement] = {}
        for s in claim.statements:
            key = (s.actor, s.stance, s.date, s.source, s.quote, s.paraphrase)
            first = seen.setdefault(key, s)
            if first is not s:
                yield draft.problem(draft.at(s), f"this statement repeats the one on line "
                                                 f"{draft.line(draft.at(first))} of claim "
                                                 f"'{claim.id}'")


def distinct_claims(draft: Draft) -> Iterator[Problem]:
    """Two claims do not share the same text: one claim gathers all its statements."""
    seen: dict[str, Claim] = {}
    for claim in draft.claims:
        key = " ".join(claim.text.split()).casefold()
        if key in seen:
            first = seen[key]
            yield draft.problem(draft.at(claim, "text"),
                                f"claim '{claim.id}' has the same text as claim '{first.id}' "
                                f"(line {draft.line(draft.at(first))}); merge their "
                                "statements")
        else:
            seen[key] = claim


RULES: tuple[Rule, ...] = (
    unique_ids,
    known_actors,
    known_sources,
    actors_given_by_id,
    statement_not_after_source,
    no_repeated_statement,
    distinct_claims,
)

