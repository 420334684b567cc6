"""Read a ledger file into a checked :class:`Ledger`, or into every problem it has.

The only module that imports ``yaml``. It never constructs Python objects the YAML way:
it walks the parser's events itself, so every value stays the text the user wrote
(``no`` is the word no, ``0123`` is four characters, ``2025-03-14`` is text until a rule
reads it as a date), tags, anchors and aliases are refused before they can act, and
every value keeps its line and column for the error messages.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import yaml

from kursk_cli import files, layout, rules
from kursk_cli.errors import LedgerInvalid, Problem, close_matches
from kursk_cli.memory import collector_paused
from kursk_cli.model import Actor, ActorKind, Claim, Ledger, Pos, Source, Stance, Statement
from kursk_cli.rules import Draft

#: Deeper nesting is refused; a valid ledger never goes past 5 levels.
MAX_DEPTH = 32



# --------------------------------------------------------------------------- nodes


class Scalar(NamedTuple):
    """A scalar as written: its text, where it starts, and whether it was unquoted."""

    value: str
    pos: Pos
    plain: bool


@dataclass(slots=True)
class Seq:
    pos: Pos
    items: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Map:
    pos: Pos
    entries: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)
    pending_key: Scalar | Refused | None = None


@dataclass
class Refused:
    """Content already reported (an alias, a complex key): checked no further."""

    pos: Pos


Node = Scalar | Seq | Map | Refused


class _Stop(Exception):
    """Reading cannot go on; the problems so far are final."""


class _Problems:
    """Collects problems for one file, in the compiler's ``FILE:LINE:COL`` form (and
    keeps what reading that one file shares across entries)."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.items: list[Problem] = []
        #: Dates already read in this file, by their text: equal dates are one object.
        self.dates: dict[str, dt.date] = {}

    def add(self, pos: Pos | None, message: str) -> None:
        line, column = pos or (0, 0)
        self.items.append(Problem(self.shown, line, column, message))

    def stop(self, pos: Pos | None, message: str) -> _Stop:
        self.add(pos, message)
        return _Stop()


# ------------------------------------------------------------------- the file's text


def decode(data: bytes, out: _Problems) -> str:
    """The file must be UTF-8 (a leading byte-order mark is allowed and dropped)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise out.stop(None, "the file is UTF-16 text; save it as UTF-8 in your editor")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        head = data[: err.start]
        line = head.count(b"\n") + 1
        column = len(head[head.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise out.stop(
            (line, column),
            f"the file is not UTF-8 text (byte 0x{data[err.start]:02x} here); "
            "save it as UTF-8 in your editor",
        ) from None
    if not text or text.isspace():  # (not strip(): that copies a large file)
        raise out.stop(None, "the ledger is empty; see the README for the format")
    return text


# Characters YAML itself refuses, plus the line separators editors and YAML count
# differently (which would put every later message on the wrong line).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


#: Control characters listed one by one; past this, a binary file would flood the screen.
_LISTED_CHARACTERS = 100


def check_characters(text: str, out: _Problems) -> None:
    """The file may not contain control characters other than tab and line breaks.

    The search stops at the first one past those listed: counting every NUL of a
    256 MiB binary file took over a minute."""
    found = 0
    for match in _UNPRINTABLE.finditer(text):
        found += 1
        if found > _LISTED_CHARACTERS:
            out.add(None, f"more than {_LISTED_CHARACTERS} invisible control characters in "
                          f"the file; the first {_LISTED_CHARACTERS} are listed")
            break
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        out.add((line, column), f"invisible control character "
                                f"{_codepoint(match.group())} in the file; delete it")
    if found:
        raise _Stop()


def _codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


# ------------------------------------------------------------------------ YAML → nodes


def _pos(event: yaml.Event, first_line: int = 1) -> Pos:
    mark = event.start_mark
    assert mark is not None  # the parser marks every event
    return (mark.line + first_line, mark.column + 1)


#: An entry under one of these top-level keys is built as soon as its mapping closes,
#: so a large ledger never holds more than one entry's nodes at a time.
EntryHandler = Callable[[str, "Map"], None]


def compose(text: str, out: _Problems, on_entry: EntryHandler | None = None,
            first_line: int = 1) -> Node:
    """Build the node tree from parser events, refusing what could change the data.

    Each mapping listed under a top-level key is handed to ``on_entry`` when it closes
    and left out of the tree. Positions count ``text``'s first line as ``first_line``
    (other than 1 when ``text`` is a part of its file)."""
    stack: list[Seq | Map] = []
    root: list[Node] = []
    sections: dict[int, str] = {}  # id of a top-level list -> its key

    def attach(node: Node) -> None:
        if not stack:
            root.append(node)
            return
        parent = stack[-1]
        if type(parent) is Seq:
            parent.items.append(node)
            return
        assert isinstance(parent, Map)
        key = parent.pending_key
        if key is None:
            if type(node) is Scalar:
                parent.pending_key = node
            else:
                if type(node) is not Refused:
                    out.add(node.pos, "a key must be a plain name, not a list or mapping")
                parent.pending_key = Refused(node.pos)
            return
        parent.pending_key = None
        if type(key) is not Scalar:
            return
        first = parent.entries.get(key.value)
        if first is not None:
            out.add(key.pos, f"duplicate key '{key.value}' (first on line {first[0].pos[0]}); "
                             "YAML would silently keep only the last one")
            return
        parent.entries[key.value] = (key, node)
        if len(stack) == 1 and type(node) is Seq:
            sections[id(node)] = key.value

    # Imported here, not at the top: a ledger served from the cache never needs YAML.
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    documents = 0
    try:
        while (event := loader.get_event()) is not None:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    _refuse_anchor_and_tag(event, out, first_line)
                mark = event.start_mark
                attach(Scalar(event.value, (mark.line + first_line, mark.column + 1),
                              event.implicit[0]))
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    _refuse_anchor_and_tag(event, out, first_line)
                mark = event.start_mark
                pos = (mark.line + first_line, mark.column + 1)
                collection: Seq | Map = Map(pos) if kind is yaml.MappingStartEvent else Seq(pos)
                attach(collection)
                stack.append(collection)
                if len(stack) > MAX_DEPTH:
                    raise out.stop(pos, f"nested more than {MAX_DEPTH} levels deep; "
                                        "a ledger needs at most 5")
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                closed = stack.pop()
                if on_entry is not None and len(stack) == 2 and type(closed) is Map:
                    listing = stack[1]
                    section = sections.get(id(listing))
                    if section is not None and isinstance(listing, Seq):
                        listing.items.pop()
                        on_entry(section, closed)
            elif kind is yaml.AliasEvent:
                out.add(_pos(event, first_line), f"alias '*{event.anchor}' is not allowed; "
                                                 "write the value out in full")
                attach(Refused(_pos(event, first_line)))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise out.stop(_pos(event, first_line),
                                   "a second YAML document starts here ('---'); "
                                   "a ledger is one document")
    except yaml.MarkedYAMLError as err:
        raise out.stop(*_explain(err, text, first_line)) from None
    except yaml.YAMLError as err:
        raise out.stop(None, f"the file is not valid YAML: {err}") from None
    except _Stop:
        raise
    except Exception as err:  # a parser fault must become a message, never a traceback
        raise out.stop(None, f"the file could not be read as YAML ({type(err).__name__})") from None
    finally:
        loader.dispose()
    if not root:
        raise out.stop(None, "the ledger holds only comments; see the README for the format")
    return root[0]


def _refuse_anchor_and_tag(event: yaml.NodeEvent, out: _Problems, first_line: int) -> None:
    if event.anchor is not None:
        out.add(_pos(event, first_line), f"anchor '&{event.anchor}' is not allowed; "
                                         "write each value out in full")
    tag = getattr(event, "tag", None)
    if tag is not None:
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        out.add(_pos(event, first_line), f"tag '{tag}' is not allowed; remove it "
                                         "(put the value in quotes if it is text)")


_YAML_WORDS: tuple[tuple[str, str], ...] = (
    ("tab", "a tab character here; use spaces to indent"),
    ("cannot start any token", "this character cannot start a value; put the value in quotes"),
    ("mapping values are not allowed",
     "a ': ' here that YAML reads as a new key; put the whole value in quotes"),
    ("could not find expected ':'", "expected 'key: value' here; check the line above"),
    ("did not find expected key",
     "this line does not line up with the keys around it; check the indentation"),
    ("did not find expected '-' indicator",
     "expected a list item ('- ') here; check the indentation"),
    ("did not find expected ',' or ']'", "a list in [ ] is not closed; add the ']'"),
    ("did not find expected ',' or '}'", "a mapping in { } is not closed; add the '}'"),
    ("invalid Unicode character escape",
     "a \\u escape in double quotes that is not a character (half of a pair?); "
     "write the character itself"),
    ("unknown escape character",
     "unknown escape after a backslash in double quotes; write \\\\ or use single quotes"),
    ("unexpected end of stream",
     "the file ends inside a quoted text; add the closing quote"),
    ("block sequence entries are not allowed",
     "a list item ('- ') cannot start here; check the indentation"),
    ("undefined tag handle", "tags are not allowed; remove the '!'"),
    ("did not find expected node content", "a value is missing here"),
    ("did not find expected <document start>", "unexpected text after the end of the ledger"),
    ("found unexpected ':'", "a ':' here is not allowed; put the value in quotes"),
    ("maximum nesting depth", "nested too deeply; a ledger needs at most 5 levels"),
    ("could not find expected", "the YAML is incomplete here; check quotes and indentation"),
)


def _explain(err: yaml.MarkedYAMLError, text: str, first_line: int
             ) -> tuple[Pos | None, str]:
    """A PyYAML syntax error in words a reporter understands, at its place."""
    mark = err.problem_mark or err.context_mark
    pos = (mark.line + first_line, mark.column + 1) if mark else None
    problem = f"{err.problem or ''} {err.context or ''}"
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        problem = "tab"
    for needle, words in _YAML_WORDS:
        if needle in problem:
            return pos, words
    return pos, f"not valid YAML: {err.problem or err.context}"


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


# ------------------------------------------------------------------------ nodes → model

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# Control characters, plus the bidirectional overrides and isolates that can make a
# quote display in an order other than the one it is stored in.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

_KIND_NAMES = {
    Seq: "a list",
    Map: "a mapping of keys",
}


class _Entry:
    """One mapping of the ledger, read field by field against the rules of its kind."""

    def __init__(self, node: Map, what: str, keys: dict[str, bool], out: _Problems) -> None:
        self.node, self.what, self.out = node, what, out
        self.ok = True
        for name, (key, _value) in node.entries.items():
            if name not in keys:
                self.fail(key.pos, f"unknown key '{name}' in {what}{_did_you_mean(name, keys)}")
        for name, required in keys.items():
            if required and name not in node.entries:
                self.fail(node.pos, f"{what} is missing '{name}'")

    def fail(self, pos: Pos, message: str) -> None:
        self.ok = False
        self.out.add(pos, message)

    def pos(self, name: str) -> Pos:
        entry = self.node.entries.get(name)
        return entry[1].pos if entry else self.node.pos

    def spans(self, *names: str) -> dict[str, Pos]:
        """Where the entry ("") and the named fields were written: only what a rule may
        need to point at, since a large ledger keeps this for every entry."""
        spans = {name: self.pos(name) for name in names}
        spans[""] = self.node.pos
        return spans

    def _scalar(self, name: str) -> Scalar | None:
        entry = self.node.entries.get(name)
        if entry is None:
            return None
        value = entry[1]
        if isinstance(value, Refused):
            self.ok = False
            return None
        if not isinstance(value, Scalar):
            self.fail(value.pos, f"'{name}' must be text, not {_KIND_NAMES[type(value)]}")
            return None
        if value.plain and value.value in _NULLS:
            self.fail(value.pos, f"'{name}' has no value; write the value, in quotes if need be")
            return None
        return value

    def text(self, name: str) -> str | None:
        """Text exactly as written: non-empty, without control characters."""
        scalar = self._scalar(name)
        if scalar is None:
            return None
        if not scalar.value.strip():
            self.fail(scalar.pos, f"'{name}' is empty")
            return None
        return self._visible(name, scalar)

    def _visible(self, name: str, scalar: Scalar) -> str | None:
        hidden = _HIDDEN.search(scalar.value)
        if hidden:
            self.fail(scalar.pos, f"'{name}' contains the invisible control character "
                                  f"{_codepoint(hidden.group())}; remove it")
            return None
        return scalar.value

    def slug(self, name: str) -> str | None:
        """An id: lowercase letters, digits and single hyphens."""
        scalar = self._scalar(name)
        if scalar is None:
            return None
        return self._slug_value(name, scalar)

    def _slug_value(self, name: str, scalar: Scalar) -> str | None:
        if _SLUG.match(scalar.value):
            # Ids recur in every statement: one string object each keeps a large
            # ledger smaller in memory and in the cache.
            return sys.intern(scalar.value)
        suggestion = _slugify(scalar.value)
        hint = f"; try '{suggestion}'" if suggestion else ""
        self.fail(scalar.pos, f"'{name}' must be a lowercase id (a-z, 0-9 and single hyphens), "
                              f"not {_shown(scalar.value)}{hint}")
        return None

    def date(self, name: str) -> dt.date | None:
        """A real calendar date written YYYY-MM-DD."""
        scalar = self._scalar(name)
        if scalar is None:
            return None
        value = scalar.value.strip()
        known = self.out.dates.get(value)
        if known is not None:
            return known
        if not _DATE.match(value):
            self.fail(scalar.pos, f"'{name}' must be a date written YYYY-MM-DD, like 2025-03-14, "
                                  f"not {_shown(scalar.value)}")
            return None
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.fail(scalar.pos, f"'{name}' is {value}, which is not a real date")
            return None
        # Shared like the ids: a ledger has many statements and few distinct days.
        return self.out.dates.setdefault(value, day)

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        scalar = self._scalar(name)
        if scalar is None:
            return None
        if scalar.value in allowed:
            return scalar.value
        self.fail(scalar.pos, f"'{name}' must be {_either(allowed)}, not {_shown(scalar.value)}"
                              f"{_did_you_mean(scalar.value, allowed)}")
        return None

    def url(self, name: str) -> str | None:
        value = self.text(name)
        if value is not None and not re.match(r"https?://\S+\Z", value):
            self.fail(self.pos(name), f"'{name}' must be a web address starting with "
                                      f"http:// or https://, not {_shown(value)}")
            return None
        return value

    def items(self, name: str, example: str) -> list[Scalar]:
        """The scalars of a list of text; an optional list that is absent is empty."""
        entry = self.node.entries.get(name)
        if entry is None:
            return []
        value = entry[1]
        if isinstance(value, Refused):
            self.ok = False
            return []
        if not isinstance(value, Seq):
            self.fail(value.pos, f"'{name}' must be a list, like {name}: {example}")
            return []
        scalars: list[Scalar] = []
        for item in value.items:
            if isinstance(item, Scalar):
                scalars.append(item)
            elif isinstance(item, Refused):
                self.ok = False
            else:
                self.fail(item.pos, f"each item of '{name}' must be text, "
                                    f"not {_KIND_NAMES[type(item)]}")
        return scalars

    def texts(self, name: str, example: str) -> tuple[str, ...]:
        values = []
        for item in self.items(name, example):
            if (item.plain and item.value in _NULLS) or not item.value.strip():
                self.fail(item.pos, f"an item of '{name}' is empty")
            else:
                visible = self._visible(name, item)
                if visible is not None:
                    values.append(visible)
        return tuple(values)

    def slugs(self, name: str, example: str) -> tuple[str, ...]:
        values = [self._slug_value(name, item) for item in self.items(name, example)]
        return tuple(v for v in values if v is not None)


def _shown(value: str) -> str:
    value = value if len(value) <= 40 else value[:39] + "…"
    return "'" + _HIDDEN.sub("?", value) + "'"


def _either(words: Iterable[str]) -> str:
    words = list(words)
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _slugify(value: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


_TOP_KEYS = {"version": False, "sources": True, "actors": True, "claims": True}
_SOURCE_KEYS = {"id": True, "title": True, "published": True, "publisher": False,
                "url": False, "note": False}
_ACTOR_KEYS = {"id": True, "name": True, "role": False, "affiliation": False, "kind": False,
               "aliases": False}
_CLAIM_KEYS = {"id": True, "text": True, "topics": False, "statements": True}
_STATEMENT_KEYS = {"actor": True, "stance": True, "date": True, "source": True, "quote": False,
                   "paraphrase": False, "note": False}
_STANCES = tuple(s.value for s in Stance)
_KINDS = tuple(k.value for k in ActorKind)


_BUILDERS: dict[str, Callable[[Map, Draft, _Problems], None]] = {}


def build(root: Node, out: _Problems, draft: Draft) -> None:
    """Check the top level and build whatever entries were not streamed already."""
    if not isinstance(root, Map):
        raise out.stop(root.pos, "the ledger must be a mapping with the keys "
                                 "sources, actors and claims")
    top = _Entry(root, "the ledger", _TOP_KEYS, out)
    if "version" in root.entries:
        version = top.text("version")
        if version is not None and version.strip() != "1":
            top.fail(top.pos("version"), f"this kursk reads ledger format version 1, "
                                         f"not {_shown(version)}")
    for section, what in (("sources", "source"), ("actors", "actor"), ("claims", "claim")):
        for map_node in _entries(top, section, what):
            _BUILDERS[section](map_node, draft, out)


_FIRST_KEY = {"source": "id", "actor": "id", "claim": "id", "statement": "actor"}


def _entries(parent: _Entry, name: str, what: str) -> Iterator[Map]:
    """The mappings listed under ``name``; anything else there is reported."""
    entry = parent.node.entries.get(name)
    if entry is None:
        return
    value = entry[1]
    if isinstance(value, Scalar):
        if value.plain and value.value in _NULLS:
            parent.fail(value.pos, f"'{name}' has no entries; write {name}: [] for none")
        else:
            parent.fail(value.pos, f"'{name}' must be a list of entries, each starting with '- '")
        return
    if isinstance(value, Map):
        parent.fail(value.pos, f"'{name}' must be a list of entries, each starting with '- '")
        return
    if isinstance(value, Refused):
        return
    for item in value.items:
        if isinstance(item, Map):
            yield item
        elif not isinstance(item, Refused):
            parent.fail(item.pos, f"each entry under '{name}' must be a {what} with keys "
                                  f"(like '{_FIRST_KEY[what]}: ...'), not {_describe(item)}")


def _describe(node: Node) -> str:
    if isinstance(node, Scalar):
        return f"the text {_shown(node.value)}"
    return _KIND_NAMES.get(type(node), "that")


def _source(node: Map, draft: Draft, out: _Problems) -> None:
    entry = _Entry(node, "source", _SOURCE_KEYS, out)
    ident = entry.slug("id")
    if ident is not None:
        draft.declare("source", ident, entry.pos("id"))
    title, published = entry.text("title"), entry.date("published")
    publisher, url, note = entry.text("publisher"), entry.url("url"), entry.text("note")
    if entry.ok and ident and title and published:
        draft.sources.append(Source(ident, title, published, publisher, url, note))


def _actor(node: Map, draft: Draft, out: _Problems) -> None:
    entry = _Entry(node, "actor", _ACTOR_KEYS, out)
    ident = entry.slug("id")
    if ident is not None:
        draft.declare("actor", ident, entry.pos("id"))
    name, role, affiliation = entry.text("name"), entry.text("role"), entry.text("affiliation")
    kind = entry.choice("kind", _KINDS)
    aliases = entry.texts("aliases", "[Putin]")
    if entry.ok and ident and name:
        draft.actors.append(Actor(ident, name, role, affiliation,
                                  ActorKind(kind) if kind else None, aliases))


def _claim(node: Map, draft: Draft, out: _Problems) -> None:
    entry = _Entry(node, "claim", _CLAIM_KEYS, out)
    ident = entry.slug("id")
    if ident is not None:
        draft.declare("claim", ident, entry.pos("id"))
    text, topics = entry.text("text"), entry.slugs("topics", "[kursk, ceasefire]")
    statements: list[Statement] = []
    listed = node.entries.get("statements")
    if listed is not None and isinstance(listed[1], Seq) and not listed[1].items:
        entry.fail(listed[1].pos, "a claim needs at least one statement")
    for map_node in _entries(entry, "statements", "statement"):
        statement = _statement(map_node, ident or "", draft, out)
        if statement is None:
            entry.ok = False
        else:
            statements.append(statement)
    if entry.ok and ident and text and statements:
        claim = Claim(ident, text, tuple(statements), topics)
        draft.claims.append(claim)
        draft.locate(claim, entry.spans("text"))


def _statement(node: Map, claim: str, draft: Draft, out: _Problems) -> Statement | None:
    entry = _Entry(node, "statement", _STATEMENT_KEYS, out)
    actor, stance = entry.slug("actor"), entry.choice("stance", _STANCES)
    date, source = entry.date("date"), entry.slug("source")
    # References are checked even when the rest of the statement is not sound.
    if actor is not None:
        draft.refer("actor", actor, entry.pos("actor"))
    if source is not None:
        draft.refer("source", source, entry.pos("source"))
    quote, paraphrase, note = entry.text("quote"), entry.text("paraphrase"), entry.text("note")
    has_quote, has_paraphrase = "quote" in node.entries, "paraphrase" in node.entries
    if has_quote and has_paraphrase:
        entry.fail(entry.pos("paraphrase"), "a statement has a quote or a paraphrase, not both; "
                                            "put the other in a second statement or the note")
    elif not has_quote and not has_paraphrase:
        entry.fail(node.pos, "statement needs a 'quote' (the exact words) "
                             "or a 'paraphrase' (reported speech)")
    if not (entry.ok and actor and stance and date and source):
        return None
    statement = Statement(claim, actor, Stance(stance), date, source, quote, paraphrase, note)
    draft.locate(statement, entry.spans("date"))
    return statement


_BUILDERS.update(sources=_source, actors=_actor, claims=_claim)


# ------------------------------------------------------------------------ entry points


def check_bytes(data: bytes, shown: str) -> tuple[Ledger | None, list[Problem]]:
    """Check a ledger's bytes: the ledger if it has no problem, and every problem found."""
    with collector_paused():
        return _check(data, shown)


def _check(data: bytes, shown: str) -> tuple[Ledger | None, list[Problem]]:
    out = _Problems(shown)
    try:
        text = decode(data, out)
        check_characters(text, out)
        draft = Draft(out.shown)

        def on_entry(section: str, node: Map) -> None:
            # An entry under an unknown top-level key is dropped: build() reports the key.
            builder = _BUILDERS.get(section)
            if builder is not None:
                builder(node, draft, out)

        root = compose(text, out, on_entry)
        build(root, out, draft)
        for rule in rules.RULES:
            out.items.extend(rule(draft))
    except _Stop:
        pass
    problems = sorted(set(out.items))
    if problems:
        return None, problems
    return draft.ledger(), []


#: The entries of an earlier checked read, per section, by the fingerprint of their bytes.
Earlier = dict[str, dict[bytes, Source | Actor | Claim]]
#: Each section's entry fingerprints, in the order of the ledger's entries.
Fingerprints = dict[str, list[bytes]]


class Reread(NamedTuple):
    """What :func:`reread` found: the ledger (None when there are problems), every
    problem, and each entry's fingerprint."""

    ledger: Ledger | None
    problems: list[Problem]
    prints: Fingerprints


def fingerprints(data: bytes, ledger: Ledger) -> Fingerprints | None:
    """The fingerprint of each entry of a ledger just read from ``data``, for a later
    :func:`reread`; None when the file cannot be cut into entries with certainty."""
    plan = layout.split(data)
    if plan is None:
        return None
    found: Fingerprints = {}
    for section in layout.SECTIONS:
        cut = [entry for entry in plan.entries if entry.section == section]
        built: tuple[Source | Actor | Claim, ...] = getattr(ledger, section)
        # Cuts and entries line up one to one (a cut inside a quoted text would make
        # one more cut than entries); each entry's id in its own bytes confirms it.
        if len(cut) != len(built) or any(entry.id.encode() not in piece.text
                                         for piece, entry in zip(cut, built, strict=True)):
            return None
        found[section] = [piece.digest for piece in cut]
    return found


def reread(data: bytes, shown: str, earlier: Earlier) -> Reread | None:
    """The ledger in ``data``, or every problem in it, re-reading only the entries whose
    bytes are not among those of an earlier checked read, with every check of a whole
    read applied.

    A problem that points at a reused entry (which carries no position) has that entry
    read again, placed, and the rules run anew. None whenever this cannot vouch for the
    answer: the layout leaves doubt, the top level or the file's characters have a
    problem, an entry is not valid YAML on its own, or more than a few rounds or many
    entries would have to be read again; a whole read then reports each problem at its
    place. What it returns, ledger or problems, is what a whole read would return; a
    property test holds it to that."""
    with collector_paused():
        try:
            return _reread(data, shown, earlier)
        except _Stop:
            return None


#: Rounds of reading again the reused entries that problems point at, before a re-read
#: gives way to a whole read.
_ROUNDS = 3


def _reread(data: bytes, shown: str, earlier: Earlier) -> Reread | None:
    plan = layout.split(data)
    if plan is None:
        return None
    digests = [entry.digest for entry in plan.entries]
    olds = [earlier.get(entry.section, {}).get(digest)
            for entry, digest in zip(plan.entries, digests, strict=True)]
    # A reused entry's bytes were part of a file whose every character was checked; the
    # rest (new entries, the top-level lines, comments between) is checked here.
    reused_entries = (entry for entry, known in zip(plan.entries, olds, strict=True)
                      if known is not None)
    if _mostly_new(olds) or not all(_plain_text(part)
                                    for part in layout.outside(data, reused_entries)):
        return None
    prints: Fingerprints = {section: [] for section in layout.SECTIONS}
    for entry, digest in zip(plan.entries, digests, strict=True):
        prints[entry.section].append(digest)
    for _round in range(_ROUNDS):
        draft = Draft(shown, unplaced=[])
        refs: list[tuple[str, str]] = []
        problems = _reread_round(data, plan, olds, draft, refs)
        if problems is None:
            return None
        if not draft.unplaced:
            if problems:
                return Reread(None, problems, prints)
            return Reread(draft.ledger(), [], prints)
        again = _pointed(draft.unplaced, olds, refs)
        if not again:
            return None  # (cannot happen: what a rule points at is a reused entry)
        for index in again:
            olds[index] = None
        if _mostly_new(olds):
            return None
    return None


def _mostly_new(olds: list[Source | Actor | Claim | None]) -> bool:
    """Too many entries to read one by one: one whole read is faster then."""
    return olds.count(None) > max(100, len(olds) // 2)


def _reread_round(data: bytes, plan: layout.Layout,
                  olds: list[Source | Actor | Claim | None], draft: Draft,
                  refs: list[tuple[str, str]]) -> list[Problem] | None:
    """One round of a re-read: new entries read, the rest reused, every rule run. A
    reused entry is declared at line 0, column its index in ``plan.entries``; the references
    of reused claims, each (kind, id) once, at line 0, column -1 - its index in ``refs``.
    Every problem found, or None when an entry does not read alone (nor can it be read
    whole from here)."""
    out = _Problems(draft.path)
    build(compose(plan.skeleton.decode(), out), out, draft)  # the top level: version, keys
    if out.items:
        return None
    reused: list[Claim] = []
    line, counted = 1, 0  # the line of the byte at offset `counted`
    for index, (entry, known) in enumerate(zip(plan.entries, olds, strict=True)):
        if known is None:
            line += data.count(b"\n", counted, entry.start)
            counted = entry.start
            if not _read_entry(entry, draft, out, line):
                return None
        elif isinstance(known, Claim):
            draft.claims.append(known)
            draft.declare("claim", known.id, (0, index))
            reused.append(known)
        elif isinstance(known, Actor):
            draft.actors.append(known)
            draft.declare("actor", known.id, (0, index))
        else:
            draft.sources.append(known)
            draft.declare("source", known.id, (0, index))
    # A reused claim's references, each id once: which claims a problem with one
    # concerns is found when it arises (see _pointed).
    referred = {"actor": {s.actor for claim in reused for s in claim.statements},
                "source": {s.source for claim in reused for s in claim.statements}}
    for kind, idents in referred.items():
        for ident in idents:
            draft.refer(kind, ident, (0, -1 - len(refs)))
            refs.append((kind, ident))
    for rule in rules.RULES:
        out.items.extend(rule(draft))
    return sorted(set(out.items))


def _pointed(unplaced: list[Pos | Claim | Statement],
             olds: list[Source | Actor | Claim | None],
             refs: list[tuple[str, str]]) -> set[int]:
    """The reused entries (their indexes) that what the rules pointed at is in, found in
    one pass however many problems pointed (a source re-dated may put thousands of
    reused statements after it)."""
    found: set[int] = set()
    objects: set[int] = set()  # ids of the claims and statements pointed at
    named: dict[str, set[str]] = {"actor": set(), "source": set()}  # ids referred to
    for about in unplaced:
        if not isinstance(about, tuple):
            objects.add(id(about))
        elif about[1] >= 0:
            found.add(about[1])
        else:
            kind, ident = refs[-1 - about[1]]
            named[kind].add(ident)
    for index, known in enumerate(olds) if objects or any(named.values()) else ():
        if isinstance(known, Claim) and (id(known) in objects or any(
                id(s) in objects or s.actor in named["actor"] or s.source in named["source"]
                for s in known.statements)):
            found.add(index)
    return {index for index in found if olds[index] is not None}


def _plain_text(part: bytes) -> bool:
    """UTF-8 with no character :func:`check_characters` refuses (cut at line ends, the
    parts of a file are each valid UTF-8 exactly when the whole file is)."""
    try:
        return _UNPRINTABLE.search(part.decode("utf-8")) is None
    except UnicodeDecodeError:
        return False


def _read_entry(entry: layout.Entry, draft: Draft, out: _Problems, line: int) -> bool:
    """Read one entry on its own, under its section's key, as a whole read would, its
    positions counted from its ``line`` in the file; False if it did not read as exactly
    one entry."""
    built: list[str] = []

    def on_entry(section: str, node: Map) -> None:
        built.append(section)
        _BUILDERS[section](node, draft, out)

    # The section's key goes on the line before the entry's first.
    root = compose(f"{entry.section}:\n" + entry.text.decode(), out, on_entry, line - 1)
    listing = root.entries.get(entry.section) if isinstance(root, Map) else None
    return (built == [entry.section] and isinstance(root, Map) and len(root.entries) == 1
            and listing is not None and isinstance(listing[1], Seq) and not listing[1].items)


def check(path: Path, shown: str | None = None) -> tuple[Ledger | None, list[Problem]]:
    """Read and check a ledger file: the ledger if it has no problem, and every problem."""
    named = shown if shown is not None else str(path)
    try:
        data = files.read(path, named)
    except LedgerInvalid as err:
        return None, err.problems
    return check_bytes(data, named)


def load_bytes(data: bytes, shown: str) -> Ledger:
    """The checked ledger, or :class:`LedgerInvalid` carrying every problem."""
    ledger, problems = check_bytes(data, shown)
    if ledger is None:
        raise LedgerInvalid(problems)
    return ledger


def load(path: Path, shown: str | None = None) -> Ledger:
    """The checked ledger in a file, or :class:`LedgerInvalid` carrying every problem."""
    named = shown if shown is not None else str(path)
    return load_bytes(files.read(path, named), named)
