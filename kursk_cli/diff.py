"""What changed between two versions of a ledger. Pure: two ledgers in, a :class:`Diff`
out, and its JSON and Markdown forms (the terminal's is in ``render``).

Sources, actors and claims are matched by id. A statement is matched within its claim
by its identity: actor, stance, date and source. Two statements with the same identity
and different words, note or other fields are one statement *changed* (the fields that
differ are named); a statement whose identity changed (a new date, another source, the
other stance) is one removed and one added. When a claim holds several statements with
one identity, those equal in every field are matched first, the rest in ledger order.
Statements of claims added or removed are counted with their claim, not listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Generic, TypeVar

from kursk_cli import schema
from kursk_cli.errors import printable
from kursk_cli.model import (
    Actor,
    Claim,
    Ledger,
    Original,
    Relation,
    Source,
    Statement,
    Status,
)

#: The fields compared, beyond the id (or, for a statement, its identity): every key of
#: the format's table, so that a key added there is compared here too.
SOURCE_FIELDS = tuple(k for k in schema.SOURCE.names if k != "id")
ACTOR_FIELDS = tuple(k for k in schema.ACTOR.names if k != "id")
CLAIM_FIELDS = tuple(k for k in schema.CLAIM.names if k not in ("id", "statements"))
STATEMENT_IDENTITY = ("actor", "stance", "date", "source")
STATEMENT_FIELDS = tuple(k for k in schema.STATEMENT.names if k not in STATEMENT_IDENTITY)

E = TypeVar("E", Source, Actor, Claim, Statement)
Named = TypeVar("Named", Source, Actor, Claim)


@dataclass(frozen=True)
class Changed(Generic[E]):
    """One entry in both versions, and the names of the fields that differ."""

    old: E
    new: E
    fields: tuple[str, ...]


@dataclass(frozen=True)
class StatusChange:
    claim: Claim
    old: Status
    new: Status


@dataclass(frozen=True)
class Part(Generic[E]):
    """The entries of one kind added, removed and changed."""

    added: tuple[E, ...] = ()
    removed: tuple[E, ...] = ()
    changed: tuple[Changed[E], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Diff:
    """Everything that differs between an old and a new version of a ledger."""

    sources: Part[Source]
    actors: Part[Actor]
    claims: Part[Claim]
    statuses: tuple[StatusChange, ...]
    statements: Part[Statement]
    #: The status of each claim added, removed or changed, as its version's views give
    #: it (its same-as group's): the new version's, a removed claim's the old one's.
    shown: dict[str, Status] = field(default_factory=dict)

    def status_of(self, claim: Claim) -> Status:
        """CLAIM's status as its version's views give it (its group's)."""
        return self.shown.get(claim.id, claim.status)

    @property
    def changed(self) -> bool:
        return bool(self.sources or self.actors or self.claims or self.statuses
                    or self.statements)


def _differing(old: Any, new: Any, names: Sequence[str]) -> tuple[str, ...]:
    return tuple(n for n in names if getattr(old, n) != getattr(new, n))


def _by_id(old: Sequence[Named], new: Sequence[Named], names: Sequence[str]
           ) -> Part[Named]:
    before = {e.id: e for e in old}
    after = {e.id: e for e in new}
    values = attrgetter(*names)
    changed = []
    for ident, entry in after.items():
        was = before.get(ident)
        if was is not None and values(was) != values(entry):
            changed.append(Changed(was, entry, _differing(was, entry, names)))
    return Part(tuple(e for i, e in after.items() if i not in before),
                tuple(e for i, e in before.items() if i not in after), tuple(changed))


#: A statement's identity and then its other fields, as one tuple (attrgetter: a
#: large ledger has hundreds of thousands of statements to compare).
_signature = attrgetter(*STATEMENT_IDENTITY, *STATEMENT_FIELDS)


def _statements(old: Claim, new: Claim, added: list[Statement], removed: list[Statement],
                changed: list[Changed[Statement]]) -> bool:
    """Match the statements of one claim in both versions (see the module's rule);
    whether they differ at all."""
    olds = list(map(_signature, old.statements))
    news = list(map(_signature, new.statements))
    if olds == news:
        return False
    gone: dict[tuple[Any, ...], list[Statement]] = {}
    for sig, s in zip(olds, old.statements, strict=True):
        gone.setdefault(sig[:4], []).append(s)
    fresh: dict[tuple[Any, ...], list[Statement]] = {}
    for sig, s in zip(news, new.statements, strict=True):
        same = gone.get(sig[:4], [])
        twin = next((i for i, o in enumerate(same) if _signature(o) == sig), None)
        if twin is not None:
            del same[twin]
        else:
            fresh.setdefault(sig[:4], []).append(s)
    for key, statements in fresh.items():
        left = gone.get(key, [])
        for s in statements:
            if left:
                was = left.pop(0)
                changed.append(Changed(was, s, _differing(was, s, STATEMENT_FIELDS)))
            else:
                added.append(s)
    removed.extend(s for key, statements in gone.items() for s in statements)
    return True


def compare(old: Ledger, new: Ledger) -> Diff:
    """What differs from ``old`` to ``new``: entries in the new version's order, removed
    ones in the old version's."""
    claims = _by_id(old.claims, new.claims, CLAIM_FIELDS)
    before = {c.id: c for c in old.claims}
    statuses = []
    added: list[Statement] = []
    removed: list[Statement] = []
    changed: list[Changed[Statement]] = []
    # A claim's status is its same-as group's (as every view shows it): a claim in a
    # group in either version may change status with no statement of its own changed.
    grouped = set(old.groups) | set(new.groups)
    for claim in new.claims:
        was = before.get(claim.id)
        if was is None:
            continue
        # Equal statements make an equal status: it is derived only where they differ.
        differ = _statements(was, claim, added, removed, changed)
        if differ or claim.id in grouped:
            then, now = old.status(was), new.status(claim)
            if then is not now:
                statuses.append(StatusChange(claim, then, now))
    shown = {c.id: old.status(c) for c in claims.removed}
    shown.update((c.id, new.status(c)) for c in (*claims.added,
                                                 *(c.new for c in claims.changed)))
    return Diff(_by_id(old.sources, new.sources, SOURCE_FIELDS),
                _by_id(old.actors, new.actors, ACTOR_FIELDS), claims, tuple(statuses),
                Part(tuple(added), tuple(removed), tuple(changed)), shown)


# ------------------------------------------------------------------------ as text

def statement_key(s: Statement) -> str:
    """A statement's identity in words: ``claim: actor stance date (source)``."""
    return f"{s.claim}: {s.actor} {s.stance.value} {s.date} ({s.source})"


def counts(diff: Diff) -> str:
    """One line saying how much changed, by kind."""
    parts = []
    for noun, part, extra in (("claims", diff.claims, len(diff.statuses)),
                              ("statements", diff.statements, 0),
                              ("actors", diff.actors, 0), ("sources", diff.sources, 0)):
        said = [f"{len(items)} {verb}" for verb, items in
                (("added", part.added), ("removed", part.removed), ("changed", part.changed))
                if items]
        if extra:
            said.append(f"{extra} changed status")
        if said:
            parts.append(f"{noun}: " + ", ".join(said))
    return "; ".join(parts) if parts else "no changes"


#: A changed text longer than this (in characters, on either side) is shown shortened:
#: the words that differ, marked, with up to CONTEXT words around them.
SHORT = 60
CONTEXT = 4


@dataclass(frozen=True)
class FieldChange:
    """A changed field as shown to a person: its name and both values as text (None:
    the field was absent), a long text shortened to the words that differ, marked as
    ``kursk variants`` marks them (``[-...-]`` old only, ``{+...+}`` new only)."""

    name: str
    old: str | None
    new: str | None


def field_changes(change: Changed[Any]) -> tuple[FieldChange, ...]:
    """Each changed field of CHANGE, old and new."""
    shown = []
    for name in change.fields:
        old, new = _text(getattr(change.old, name)), _text(getattr(change.new, name))
        if old is not None and new is not None and max(len(old), len(new)) > SHORT:
            old, new = _shortened(old, new)
        shown.append(FieldChange(name, old, new))
    return tuple(shown)


def _text(value: Any) -> str | None:
    """A field's value in words: None when absent (an empty list too); relations as
    ``kind: claim`` joined by commas; an original as ``lang (source): words``, its
    words in double quotes when they are a quote."""
    if value is None or value == ():
        return None
    if isinstance(value, tuple):
        return ", ".join(_text(v) or "" for v in value)
    if isinstance(value, Relation):
        return f"{value.kind}: {value.claim}"
    if isinstance(value, Original):
        words = f'"{value.quote}"' if value.quote is not None else value.words
        return f"{value.lang} ({value.source}): {words}"
    return str(getattr(value, "value", value))


def _shortened(old: str, new: str) -> tuple[str, str]:
    """Both texts with the words only each has marked, and runs of words both share cut
    to ``…`` beyond CONTEXT words from a difference."""
    import difflib

    from kursk_cli.outlets import ONLY_FIRST, ONLY_SECOND

    mine, theirs = old.split(), new.split()
    if mine == theirs:  # (only the spacing differs: nothing to mark)
        return old, new
    left: list[tuple[bool, list[str]]] = []
    right: list[tuple[bool, list[str]]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, mine, theirs,
                                                       autojunk=False).get_opcodes():
        if tag == "equal":
            left.append((False, mine[i1:i2]))
            right.append((False, theirs[j1:j2]))
            continue
        if i2 > i1:
            left.append((True, mine[i1:i2]))
        if j2 > j1:
            right.append((True, theirs[j1:j2]))
    return _elided(left, ONLY_FIRST), _elided(right, ONLY_SECOND)


def _elided(pieces: list[tuple[bool, list[str]]], marks: tuple[str, str]) -> str:
    out: list[str] = []
    for number, (only, words) in enumerate(pieces):
        if only:
            out.append(marks[0] + " ".join(words) + marks[1])
            continue
        after = CONTEXT if number else 0  # (words after a difference)
        before = CONTEXT if number < len(pieces) - 1 else 0  # (words before one)
        if len(words) <= after + before + 1:
            out.append(" ".join(words))
            continue
        out.append(" ".join([*words[:after], "…", *words[len(words) - before:]]))
    return " ".join(out)


def _json_value(value: Any) -> Any:
    """A field's value as JSON: text, a list, an ISO date, an object (a relation, an
    original, with the keys the ledger gives them) or null."""
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, Relation):
        return {"kind": value.kind, "claim": value.claim}
    if isinstance(value, Original):
        return {"source": value.source, "lang": value.lang, "quote": value.quote,
                "paraphrase": value.paraphrase}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return getattr(value, "value", value)


def _statement_dict(s: Statement) -> dict[str, str]:
    return {"claim": s.claim, "actor": s.actor, "stance": s.stance.value,
            "date": s.date.isoformat(), "source": s.source}


def _entry_dict(entry: Source | Actor | Claim, diff: Diff | None = None) -> dict[str, Any]:
    if isinstance(entry, Source):
        return {"id": entry.id, "title": entry.title}
    if isinstance(entry, Actor):
        return {"id": entry.id, "name": entry.name}
    status = diff.status_of(entry) if diff is not None else entry.status
    return {"id": entry.id, "text": entry.text, "status": status.value,
            "statements": len(entry.statements)}


def _part_dict(part: Part[Any], plain: Any) -> dict[str, list[dict[str, Any]]]:
    return {"added": [plain(e) for e in part.added],
            "removed": [plain(e) for e in part.removed],
            "changed": [{**plain(c.new), "fields": list(c.fields),
                         "changes": {name: {"old": _json_value(getattr(c.old, name)),
                                            "new": _json_value(getattr(c.new, name))}
                                     for name in c.fields}}
                        for c in part.changed]}


def document(diff: Diff, old: str, new: str) -> dict[str, Any]:
    """The diff as one JSON-ready document."""
    claims = _part_dict(diff.claims, lambda entry: _entry_dict(entry, diff))
    claims["status_changed"] = [{"id": s.claim.id, "from": s.old.value, "to": s.new.value}
                                for s in diff.statuses]
    return {"old": old, "new": new, "changed": diff.changed, "claims": claims,
            "statements": _part_dict(diff.statements, _statement_dict),
            "actors": _part_dict(diff.actors, _entry_dict),
            "sources": _part_dict(diff.sources, _entry_dict)}


def markdown(diff: Diff, old: str, new: str) -> str:
    """The diff as Markdown to paste into a pull request review; ledger text and the
    versions' names are escaped, so they never act as Markdown or HTML."""
    from kursk_cli.export import md

    lines = [f"### Ledger changes: {md(printable(old))} → {md(printable(new))}", "",
             md(counts(diff))]

    def section(title: str, items: Sequence[str]) -> None:
        if items:
            lines.extend(["", f"**{title} ({len(items)})**", "", *(f"- {i}" for i in items)])

    section("Claims added", [f"`{c.id}` {md(c.text)} ({diff.status_of(c).value})"
                             for c in diff.claims.added])
    section("Claims removed", [f"`{c.id}` {md(c.text)}" for c in diff.claims.removed])
    section("Claims changed", [f"`{c.new.id}`" + _md_fields(c) for c in diff.claims.changed])
    section("Status changed", [f"`{s.claim.id}`: {s.old.value} → {s.new.value}"
                               for s in diff.statuses])
    for title, items in (("Statements added", diff.statements.added),
                         ("Statements removed", diff.statements.removed)):
        section(title, [f"`{statement_key(s)}`" for s in items])
    section("Statements changed", [f"`{statement_key(c.new)}`" + _md_fields(c)
                                   for c in diff.statements.changed])
    for noun, part in (("Actors", diff.actors), ("Sources", diff.sources)):
        section(f"{noun} added", [f"`{e.id}` {md(_label(e))}" for e in part.added])
        section(f"{noun} removed", [f"`{e.id}` {md(_label(e))}" for e in part.removed])
        section(f"{noun} changed", [f"`{c.new.id}`" + _md_fields(c) for c in part.changed])
    return "\n".join(lines) + "\n"


def _md_fields(change: Changed[Any]) -> str:
    """Each changed field as a nested item, ``field: old → new``, values escaped."""
    from kursk_cli.export import md

    return "".join(f"\n  - {f.name}: {_md_value(f.old, md)} → {_md_value(f.new, md)}"
                   for f in field_changes(change))


def _md_value(value: str | None, md: Any) -> str:
    return "*(none)*" if value is None else md(value)


def _label(entry: Source | Actor) -> str:
    return entry.title if isinstance(entry, Source) else entry.name
