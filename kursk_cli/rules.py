"""The ledger's rules across entries and files: ids, references, dates, repeats.

Each rule is one small function over the :class:`Whole` that yields the problems it finds
and states its rule in its docstring. ``RULES`` gathers them; they run over every file of
a ledger together, every time (what one file holds is cached; how files agree is not).
A rule that looks at one file alone (``repeated_statements``) is applied by reading the
file instead, and cached with its read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, repeat
from operator import attrgetter, gt, itemgetter

from kursk_cli.errors import Problem, close_matches, did_you_mean
from kursk_cli.model import Actor, Claim, FileRead, Ledger, Located, Pos, Source, Statement

#: An id as declared or referred to: the id, the file it is written in, and where.
IdAt = tuple[str, str, Pos]

_TEXT = attrgetter("text")
_RELATIONS = attrgetter("relations")
_CLAIMS = attrgetter("claims")
_STATEMENTS = attrgetter("statements")
_SOURCE = attrgetter("source")
_DATE = attrgetter("date")
_ORIGINAL = attrgetter("original")


class Whole:
    """The files of one ledger, each read and named, in the order includes put them."""

    def __init__(self, files: list[tuple[str, FileRead]]) -> None:
        self.files = files
        self._statements: list[Statement] | None = None

    def entries(self, section: str) -> Iterator[Source | Actor | Claim]:
        for _name, read in self.files:
            yield from getattr(read, section)

    @property
    def actors(self) -> list[Actor]:
        return [actor for _name, read in self.files for actor in read.actors]

    @property
    def claims(self) -> Iterator[Claim]:
        return chain.from_iterable(map(_CLAIMS, map(itemgetter(1), self.files)))

    @property
    def statements(self) -> list[Statement]:
        """Every statement, in file order and claim order (gathered once, in C)."""
        if self._statements is None:
            self._statements = list(chain.from_iterable(map(_STATEMENTS, self.claims)))
        return self._statements

    def declared(self, kind: str) -> list[IdAt]:
        """Every id of this kind, sound entry or not, in file order and line order."""
        found: list[IdAt] = []
        for name, read in self.files:
            here: list[tuple[Pos, str]] = [
                (entry.where("id"), entry.id) for entry in getattr(read, kind + "s")]
            here += [((m.line, m.column), m.ident) for m in read.loose
                     if m.declares and m.kind == kind]
            found += [(ident, name, pos) for pos, ident in sorted(here)]
        return found

    def ids(self, kind: str) -> tuple[set[str], bool]:
        """The ids of this kind declared anywhere, and whether any is declared twice
        (counted without positions: on a large ledger that is the common, fast case)."""
        ids: set[str] = set()
        count = 0
        for _name, read in self.files:
            entries = getattr(read, kind + "s")
            ids.update(entry.id for entry in entries)
            ids.update(m.ident for m in read.loose if m.declares and m.kind == kind)
            count += len(entries) + sum(m.declares and m.kind == kind for m in read.loose)
        return ids, len(ids) != count

    def unknown(self, kind: str, ids: set[str]) -> Iterator[IdAt]:
        """Every reference to an id of this kind (``actor`` or ``source``) that is not
        among ``ids``, with where it is made."""
        statements = self.statements
        if (ids.issuperset(map(attrgetter(kind), statements))
                and (kind != "source" or not any(map(_ORIGINAL, statements)))
                and not any(m.kind == kind and not m.declares
                            for _name, read in self.files for m in read.loose)):
            return  # (a sound ledger: every reference known, found in one C-level pass)
        for name, read in self.files:
            for claim in read.claims:
                for s in claim.statements:
                    if getattr(s, kind) not in ids:
                        yield getattr(s, kind), name, s.where(kind)
                    if (kind == "source" and s.original is not None
                            and s.original.source not in ids):
                        yield s.original.source, name, s.where("original_source")
            for m in read.loose:
                if not m.declares and m.kind == kind and m.ident not in ids:
                    yield m.ident, name, (m.line, m.column)

    @property
    def ledger(self) -> Ledger:
        return Ledger(*(tuple(self.entries(section))  # type: ignore[arg-type]
                        for section in ("sources", "actors", "claims")))


def problem(file: str, pos: Pos, message: str) -> Problem:
    return Problem(file, pos[0], pos[1], message)


def _at(file: str, pos: Pos, than: str) -> str:
    """How a message names an earlier place: its line, and its file when another."""
    return f"on line {pos[0]}" if file == than else f"in {file}:{pos[0]}"


def _problem_at(entry: Located, name: str, message: str) -> Problem:
    return problem(entry.file, entry.where(name), message)


Rule = Callable[[Whole], Iterator[Problem]]


def unique_ids(whole: Whole) -> Iterator[Problem]:
    """Each source, actor and claim id is declared once in the whole ledger."""
    for kind in ("source", "actor", "claim"):
        if not whole.ids(kind)[1]:
            continue
        first: dict[str, tuple[str, Pos]] = {}
        for ident, file, pos in whole.declared(kind):
            if ident in first:
                yield problem(file, pos, f"duplicate {kind} id '{ident}' "
                                         f"(first {_at(*first[ident], file)})")
            else:
                first[ident] = (file, pos)


def _hint(kind: str, ident: str, declared: list[str], whole: Whole) -> str:
    close = (_actors_meant(ident, whole.actors) if kind == "actor" else []) or close_matches(
        ident, declared, n=3, cutoff=0.6)
    if close:
        return did_you_mean(close)
    return f"; declare it under {kind}s"


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


def _known(whole: Whole, kind: str) -> Iterator[Problem]:
    ids, _twice = whole.ids(kind)
    declared = sorted(ids)
    # One suggestion per unknown id, however often it is used: a misspelt actor in
    # 100,000 statements must not mean 100,000 searches of every actor id.
    hints: dict[str, str] = {}
    for ident, file, pos in whole.unknown(kind, ids):
        if ident not in hints:
            hints[ident] = _hint(kind, ident, declared, whole)
        yield problem(file, pos, f"unknown {kind} '{ident}'{hints[ident]}")


def known_actors(whole: Whole) -> Iterator[Problem]:
    """Every statement's actor is declared under actors."""
    return _known(whole, "actor")


def known_sources(whole: Whole) -> Iterator[Problem]:
    """Every statement's source is declared under sources."""
    return _known(whole, "source")


def actors_given_by_id(whole: Whole) -> Iterator[Problem]:
    """A statement names its actor by id; one written as a name or an alias is told the
    id of the actor it names (a made-up id would only lead to "unknown actor")."""
    for name, read in whole.files:
        for wrong in read.misnamed:
            meant = _actors_meant(wrong.text, whole.actors)
            yield problem(name, (wrong.line, wrong.column),
                          wrong.message + (did_you_mean(meant) if meant else wrong.otherwise))


def statement_not_after_source(whole: Whole) -> Iterator[Problem]:
    """A statement cannot be dated after the source that reports it was published."""
    published: dict[str, dt.date] = {}
    for _name, read in whole.files:
        for source in read.sources:
            published.setdefault(source.id, source.published)
    statements = whole.statements
    # (all at once, in C: on a sound ledger no statement is later than its source; an
    # unknown source is compared with the last date there is, and never later)
    latest = list(map(published.get, map(_SOURCE, statements), repeat(dt.date.max)))
    if any(map(gt, map(_DATE, statements), latest)):
        for statement, last in zip(statements, latest, strict=True):
            if statement.date > last:
                yield _problem_at(statement, "date",
                                  f"statement dated {statement.date} is later than its "
                                  f"source '{statement.source}', published {last}")
    for name, read in whole.files:  # statements that are not sound otherwise
        for dated in read.dated:
            when = published.get(dated.source)
            if when is not None and dated.date > when:
                yield problem(name, (dated.line, dated.column),
                              f"statement dated {dated.date} is later than its source "
                              f"'{dated.source}', published {when}")


def repeated_statements(claims: Iterable[Claim]) -> Iterator[tuple[Pos, str]]:
    """The same actor, stance, date, source and words appear once per claim.

    A rule of one file (a claim's statements are all in its file), so reading the file
    applies it and its problems are cached with the file's read: an edit elsewhere does
    not run it again."""
    for claim in claims:
        if len(claim.statements) < 2:
            continue
        seen: dict[tuple[object, ...], Statement] = {}
        for s in claim.statements:
            key = (s.actor, s.stance, s.date, s.source, s.quote, s.paraphrase)
            first = seen.setdefault(key, s)
            if first is not s:
                yield s.where(), (f"this statement repeats the one on line "
                                  f"{first.where()[0]} of claim '{claim.id}'")


def distinct_claims(whole: Whole) -> Iterator[Problem]:
    """Two claims do not share the same text: one claim gathers all its statements."""
    # (all of them at once, in C: on a sound ledger no text is there twice)
    keys = list(map(str.casefold, map(" ".join, map(str.split, map(_TEXT, whole.claims)))))
    if len(set(keys)) == len(keys):
        return
    seen: dict[str, Claim] = {}
    for claim, key in zip(whole.claims, keys, strict=True):
        first = seen.setdefault(key, claim)
        if first is not claim:
            yield _problem_at(claim, "text",
                              f"claim '{claim.id}' has the same text as claim '{first.id}' "
                              f"(first {_at(first.file, first.where(), claim.file)}); merge their "
                              "statements")


# ------------------------------------------------------------- relations between claims

_PHRASES = {"same-as": "is the same as", "contradicts": "contradicts",
            "supersedes": "supersedes", "supports": "supports"}


def _related(whole: Whole) -> bool:
    """Whether any claim has a relation (most ledgers: none, found in one C-level pass)."""
    return any(map(_RELATIONS, whole.claims))


def _relations(whole: Whole) -> Iterator[tuple[Claim, int, str, str]]:
    """Every relation written: its claim, its index there, its kind and its target."""
    if not _related(whole):
        return
    for claim in whole.claims:
        for index, relation in enumerate(claim.relations):
            yield claim, index, relation.kind, relation.claim


def _relation_problem(claim: Claim, index: int, message: str) -> Problem:
    return problem(claim.file, claim.relation_at(index), message)


def related_claims_exist(whole: Whole) -> Iterator[Problem]:
    """A relation names a claim of the ledger, other than its own."""
    if not _related(whole):
        return
    ids, _twice = whole.ids("claim")
    declared = sorted(ids)
    for claim, index, kind, target in _relations(whole):
        if target == claim.id:
            yield _relation_problem(claim, index, f"claim '{claim.id}' cannot be related to "
                                                  "itself; name another claim")
        elif target not in ids:
            close = close_matches(target, declared, n=3, cutoff=0.6)
            hint = did_you_mean(close) if close else "; 'kursk claims' lists them"
            yield _relation_problem(claim, index, f"'{kind}' names unknown claim "
                                                  f"'{target}'{hint}")


def relations_written_once(whole: Whole) -> Iterator[Problem]:
    """``same-as`` and ``contradicts`` go both ways, so each is written on one side only
    (and once)."""
    first: dict[tuple[str, object], tuple[Claim, int]] = {}
    for claim, index, kind, target in _relations(whole):
        if target == claim.id:
            continue
        key: tuple[str, object] = (kind, frozenset((claim.id, target))
                                   if kind in ("same-as", "contradicts") else (claim.id, target))
        if key not in first:
            first[key] = (claim, index)
            continue
        other, at = first[key]
        where = _at(other.file, other.relation_at(at), claim.file)
        if other.id == claim.id:
            yield _relation_problem(claim, index, f"'{kind}: {target}' is written twice "
                                                  f"(first {where}); remove one")
        else:
            yield _relation_problem(claim, index, f"claim '{other.id}' already says it "
                                    f"{_PHRASES[kind]} '{claim.id}' ({where}); write "
                                    f"'{kind}' on one side only")


def no_supersedes_cycle(whole: Whole) -> Iterator[Problem]:
    """No claim supersedes itself through others: ``supersedes`` goes one way in time."""
    edges: dict[str, list[tuple[str, Claim, int]]] = {}
    for claim, index, kind, target in _relations(whole):
        if kind == "supersedes" and target != claim.id:
            edges.setdefault(claim.id, []).append((target, claim, index))
    state: dict[str, int] = {}  # 1: on the path followed; 2: followed to the end
    for start in edges:
        if state.get(start):
            continue
        path, state[start] = [start], 1
        stack = [iter(edges[start])]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                state[path.pop()] = 2
                continue
            target, claim, index = step
            if state.get(target) == 1:
                names = " → ".join([*path[path.index(target):], target])
                yield _relation_problem(claim, index, f"'supersedes' makes a cycle: {names}; "
                                        "a later claim supersedes an earlier one, never the "
                                        "other way too")
            elif not state.get(target):
                state[target] = 1
                path.append(target)
                stack.append(iter(edges.get(target, [])))


def same_claims_do_not_contradict(whole: Whole) -> Iterator[Problem]:
    """Claims that are the same (``same-as``, directly or through others) cannot
    contradict one another."""
    if not _related(whole):
        return
    parent: dict[str, str] = {}

    def root(ident: str) -> str:
        while parent.get(ident, ident) != ident:
            ident = parent[ident]
        return ident

    for claim, _index, kind, target in _relations(whole):
        if kind == "same-as":
            parent[root(target)] = root(claim.id)
    for claim, index, kind, target in _relations(whole):
        if kind == "contradicts" and target != claim.id and root(claim.id) == root(target):
            yield _relation_problem(claim, index, f"claim '{claim.id}' cannot contradict "
                                    f"'{target}': they are marked as the same claim "
                                    "(same-as); remove one of the two relations")


RULES: tuple[Rule, ...] = (
    unique_ids,
    known_actors,
    known_sources,
    actors_given_by_id,
    statement_not_after_source,
    distinct_claims,
    related_claims_exist,
    relations_written_once,
    no_supersedes_cycle,
    same_claims_do_not_contradict,
)
