"""Read one ledger file into what it holds (:class:`FileRead`), or into every problem in it.

The only module that imports ``yaml``. It never constructs Python objects the YAML way:
it walks the parser's events itself, so every value stays the text the user wrote
(``no`` is the word no, ``0123`` is four characters, ``2025-03-14`` is text until a rule
reads it as a date), tags, anchors and aliases are refused before they can act, and
every value keeps its line and column for the error messages.

What a read finds depends on the file's bytes alone: which name the file is reached by,
what includes it and what the other files hold are the business of ``whole``, which
gathers the files of a ledger and runs the rules across them.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import yaml

from kursk_cli import files, rules, schema
from kursk_cli.errors import HIDDEN, close_matches, unseen
from kursk_cli.memory import collector_paused
from kursk_cli.model import (
    Actor,
    ActorKind,
    Claim,
    Dated,
    FileRead,
    Found,
    Include,
    Mention,
    Misnamed,
    Original,
    Pos,
    Relation,
    Source,
    Stance,
    Statement,
)

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


class _Broken(_Stop):
    """The YAML breaks off at ``line``: what was built before it is ``root`` (the entries
    already closed are built; the ones still open are dropped)."""

    def __init__(self, line: int, root: Node | None) -> None:
        super().__init__(line)
        self.line, self.root = line, root


class _Problems:
    """Collects the problems of one file (and what reading it shares across entries)."""

    def __init__(self) -> None:
        self.items: list[Found] = []
        self.misnamed: list[Misnamed] = []
        self.broken = False
        #: Dates already read in this file, by their text: equal dates are one object.
        self.dates: dict[str, dt.date] = {}

    def add(self, pos: Pos | None, message: str) -> None:
        line, column = pos or (0, 0)
        self.items.append(Found(line, column, message))

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
        raise out.stop(
            files.position(data, err.start),
            f"the file is not UTF-8 text (byte 0x{data[err.start]:02x} here); "
            "save it as UTF-8 in your editor",
        ) from None
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


def _pos(event: yaml.Event) -> Pos:
    mark = event.start_mark
    assert mark is not None  # the parser marks every event
    return (mark.line + 1, mark.column + 1)


#: An entry under one of these top-level keys is built as soon as its mapping closes,
#: so a large ledger never holds more than one entry's nodes at a time.
EntryHandler = Callable[[str, "Map"], None]


def compose(text: str, out: _Problems, on_entry: EntryHandler | None = None
            ) -> Node | None:
    """Build the node tree from parser events, refusing what could change the data.

    Each mapping listed under a top-level key is handed to ``on_entry`` when it closes
    and left out of the tree."""
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
                    _refuse_anchor_and_tag(event, out)
                mark = event.start_mark
                attach(Scalar(event.value, (mark.line + 1, mark.column + 1),
                              event.implicit[0]))
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    _refuse_anchor_and_tag(event, out)
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1)
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
                out.add(_pos(event), f"alias '*{event.anchor}' is not allowed; "
                                                 "write the value out in full")
                attach(Refused(_pos(event)))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise out.stop(_pos(event),
                                   "a second YAML document starts here ('---'); "
                                   "a ledger is one document")
    except yaml.MarkedYAMLError as err:
        where, message = _explain(err, text)
        out.add(where, message)
        out.broken = True
        # Entries still open when the YAML broke off are dropped, not half read.
        for open_node, parent in zip(stack[1:], stack, strict=False):
            if isinstance(parent, Seq) and parent.items and parent.items[-1] is open_node:
                parent.items.pop()
            elif isinstance(parent, Map):
                parent.entries = {name: entry for name, entry in parent.entries.items()
                                  if entry[1] is not open_node}
        raise _Broken(where[0] if where else 0, root[0] if root else None) from None
    except yaml.YAMLError as err:
        raise out.stop(None, f"the file is not valid YAML: {err}") from None
    except _Stop:
        raise
    except Exception as err:  # a parser fault must become a message, never a traceback
        raise out.stop(None, f"the file could not be read as YAML ({type(err).__name__})") from None
    finally:
        loader.dispose()
    return root[0] if root else None  # (an empty file, or one of comments only)


def _refuse_anchor_and_tag(event: yaml.NodeEvent, out: _Problems) -> None:
    if event.anchor is not None:
        out.add(_pos(event), f"anchor '&{event.anchor}' is not allowed; "
                                         "write each value out in full")
    tag = getattr(event, "tag", None)
    if tag is not None:
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        out.add(_pos(event), f"tag '{tag}' is not allowed; remove it "
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


#: A key and a quoted value that ends before its line does: the quote mark that
#: ended it is inside the words (``quote: "spent "two days" telling"``).
_ENDED_EARLY = re.compile(r"""( *(?:- +)?[\w-]+: +)(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')"""
                          r"""(?=[^\s#]|\s+[^\s#])""")
#: A line that is a key and its value: ``title: A report``, ``- id: report``.
_KEY_LINE = re.compile(r"( *)(?:- +)?[\w-]+:(?: |$)")


def _explain(err: yaml.MarkedYAMLError, text: str) -> tuple[Pos | None, str]:
    """A PyYAML syntax error in words a reporter understands, at its place."""
    mark = err.problem_mark or err.context_mark
    pos = (mark.line + 1, mark.column + 1) if mark else None
    problem = f"{err.problem or ''} {err.context or ''}"
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        problem = "tab"
    if mark is not None and (told := _quote_ended_early(text, mark.line)):
        return told
    start = err.context_mark
    if "end of stream" in problem and "quoted scalar" in problem and start is not None:
        mark_char = _char_at(text, start.line, start.column)
        return ((start.line + 1, start.column + 1),
                f"this quoted text is never closed; add the closing {mark_char} at its end")
    if "expected '-' indicator" in problem and mark is not None:
        line = text.split("\n", mark.line + 1)[mark.line] if mark is not None else ""
        if line[:mark.column].strip() == "" and line[mark.column:].startswith("- "):
            return pos, ("this list item is indented further than the items around it; "
                         "line its '- ' up with theirs")
    if "mapping values are not allowed" in problem and mark is not None:
        lines = text.split("\n")
        this = _KEY_LINE.match(lines[mark.line]) if mark.line < len(lines) else None
        if this is not None and lines[mark.line].index(":") == mark.column:
            return ((mark.line + 1, len(this.group(1)) + 1),
                    "this line is indented further than the keys around it; line its key "
                    "up with theirs")
    for needle, words in _YAML_WORDS:
        if needle in problem:
            return pos, words
    return pos, f"not valid YAML: {err.problem or err.context}"


def _quote_ended_early(text: str, line: int) -> tuple[Pos, str] | None:
    """The place and words for a quoted value ended by a quote mark inside its words,
    on LINE (from 0) or the line before it, if that is what happened."""
    lines = text.split("\n", line + 1)
    for number in (line, line - 1):
        if not 0 <= number < len(lines):
            continue
        found = _ENDED_EARLY.match(lines[number])
        if found is None:
            continue
        mark = lines[number][found.end(1)]
        inner = found.end() - 1
        if mark == '"':
            fix = ("put the value in single quotes ('...') instead, or write each \" "
                   "inside as \\\"")
        else:
            fix = "write each ' inside as '', or put the value in double quotes instead"
        return ((number + 1, inner + 1),
                f"this {mark} ends the quoted value, but the words go on; to keep {mark} "
                f"inside the words, {fix}")
    return None


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


# ------------------------------------------------------------------------ nodes → model

_SLUG = re.compile(schema.ID_PATTERN + r"\Z")
_DATE = re.compile(schema.DATE_PATTERN + r"\Z")
_URL = re.compile(schema.URL_PATTERN + r"\Z")
_WIKIDATA = re.compile(schema.WIKIDATA_PATTERN + r"\Z")
_LANG = re.compile(schema.LANG_PATTERN + r"\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# Control characters, plus the bidirectional overrides and isolates that can make a
# quote display in an order other than the one it is stored in.
_HIDDEN = HIDDEN

_KIND_NAMES = {
    Seq: "a list",
    Map: "a mapping of keys",
}

Value = str | dt.date | tuple[str, ...] | None


class _Entry:
    """One mapping of the ledger, read key by key against its kind in the schema."""

    def __init__(self, node: Map, kind: schema.Kind, out: _Problems) -> None:
        self.node, self.kind, self.what, self.out = node, kind, kind.name, out
        self.ok = True
        for name, (written, _value) in node.entries.items():
            if kind.key(name) is None:
                self.fail(written.pos, f"unknown key '{name}' in {self.what}"
                                       f"{_key_hint(kind, name)}")
        for key in kind.keys:
            if key.required and key.name not in node.entries:
                self.fail(node.pos, f"{self.what} is missing '{key.name}'")
        if kind.one_of:
            given = [name for name in kind.one_of if name in node.entries]
            if len(given) > 1:
                self.fail(self.pos(given[-1]), f"a {self.what} has a "
                          + " or a ".join(kind.one_of)
                          + ", not both; put the other in a second statement or the note")
            elif not given:
                self.fail(node.pos, f"{self.what} needs a " + " or a ".join(
                    f"'{name}' ({kind.key(name).about})"  # type: ignore[union-attr]
                    for name in kind.one_of))

    def fail(self, pos: Pos, message: str) -> None:
        self.ok = False
        self.out.add(pos, message)

    def pos(self, name: str) -> Pos:
        entry = self.node.entries.get(name)
        return entry[1].pos if entry else self.node.pos

    def at(self, *names: str) -> tuple[int, ...]:
        """The positions of the entry and of the named keys' values, for ``Located.at``."""
        flat = list(self.node.pos)
        for name in names:
            flat.extend(self.pos(name))
        return tuple(flat)

    def values(self) -> dict[str, Value]:
        """Every scalar key of the kind, checked; an absent optional key is None (or an
        empty list)."""
        return {key.name: self.value(key) for key in self.kind.keys
                if key.check not in ("entries", "entry", "relations")}

    def value(self, key: schema.Key) -> Value:
        check = key.check
        if check in ("texts", "ids", "paths"):
            return self.texts(key) if check != "ids" else self.slugs(key)
        scalar = self._scalar(key.name)
        if scalar is None:
            return None
        if check == "id":
            return self._slug_value(key.name, scalar,
                                    misnamed=self.kind is schema.STATEMENT and key.name == "actor")
        if check == "date":
            return self._date(key.name, scalar)
        if check == "choice":
            if scalar.value in key.choices:
                return scalar.value
            shown = _shown(scalar.value)
            self.fail(scalar.pos, key.refused.format(value=shown) if key.refused else
                      f"'{key.name}' must be {_either(key.choices)}, not {shown}"
                      f"{_did_you_mean(scalar.value, key.choices)}")
            return None
        text = self._text(key.name, scalar)
        if check == "url" and text is not None and not _URL.match(text):
            self.fail(scalar.pos, f"'{key.name}' must be a web address starting with "
                                  f"http:// or https://, not {_shown(text)}")
            return None
        if check == "path" and text is not None and files.climbs_out(text):
            self.fail(scalar.pos, f"'{key.name}' must be a path inside this file's folder, "
                                  f"not {_shown(text)}; kursk reads nothing outside the "
                                  "ledger's folder")
            return None
        if check == "wikidata" and text is not None and not _WIKIDATA.match(text):
            self.fail(scalar.pos, f"'{key.name}' must be a Wikidata item, Q and digits like "
                                  f"Q7747, not {_shown(text)}")
            return None
        if check == "lang" and text is not None and not _LANG.match(text):
            self.fail(scalar.pos, f"'{key.name}' must be a BCP 47 language tag like ru, uk or "
                                  f"en-GB, not {_shown(text)}")
            return None
        return text

    def relations(self, key: schema.Key) -> tuple[list[Relation], list[int]]:
        """The relations listed under ``key``: each a mapping of one relation to a claim
        id, and where each id is written."""
        entry = self.node.entries.get(key.name)
        if entry is None or isinstance(entry[1], Refused):
            self.ok = self.ok and entry is None
            return [], []
        listed = entry[1]
        if not isinstance(listed, Seq):
            self.fail(listed.pos, f"'{key.name}' must be a list, like "
                                  f"{key.name}: {key.example}")
            return [], []
        found: list[Relation] = []
        at: list[int] = []
        for item in listed.items:
            if isinstance(item, Refused):
                self.ok = False
                continue
            if not isinstance(item, Map) or len(item.entries) != 1:
                self.fail(item.pos, f"each item of '{key.name}' must be one relation and a "
                                    f"claim id, like {key.example[1:-1]}")
                continue
            [(name, (written, value))] = item.entries.items()
            if name not in key.choices:
                self.fail(written.pos, f"unknown relation '{name}'; a relation is "
                          f"{_either(key.choices)}{_did_you_mean(name, key.choices)}")
                continue
            scalar = self._scalar_node(name, value)
            ident = self._slug_value(name, scalar) if scalar is not None else None
            if ident is not None:
                found.append(Relation(name, ident))
                at.extend(scalar.pos)  # type: ignore[union-attr]
        return found, at

    def _scalar_node(self, name: str, value: Node) -> Scalar | None:
        if isinstance(value, Refused):
            self.ok = False
            return None
        if not isinstance(value, Scalar):
            self.fail(value.pos, f"'{name}' must be a claim id, not {_KIND_NAMES[type(value)]}")
            return None
        if value.plain and value.value in _NULLS:
            self.fail(value.pos, f"'{name}' has no value; write a claim id")
            return None
        return value

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

    def _text(self, name: str, scalar: Scalar) -> str | None:
        """Text exactly as written: non-empty, without control characters."""
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
        nothing = unseen(scalar.value)
        if nothing is not None:
            self.fail(scalar.pos, f"'{name}' contains the invisible character "
                                  f"{_codepoint(nothing)}; remove it")
            return None
        return scalar.value

    def _slug_value(self, name: str, scalar: Scalar, misnamed: bool = False) -> str | None:
        """An id: lowercase letters, digits and single hyphens. A statement's actor that
        is not one is left to the rules to report (``rules.actors_given_by_id``), which
        can name the actor it means, in whichever file that actor is."""
        if _SLUG.match(scalar.value):
            # Ids recur in every statement: one string object each keeps a large
            # ledger smaller in memory.
            return sys.intern(scalar.value)
        suggestion = rules.slugify(scalar.value)
        hint = f"; try '{suggestion}'" if suggestion else ""
        message = (f"'{name}' must be a lowercase id (a-z, 0-9 and single hyphens), "
                   f"not {_shown(scalar.value)}")
        if misnamed:
            self.ok = False
            self.out.misnamed.append(Misnamed(scalar.value, *scalar.pos, message, hint))
        else:
            self.fail(scalar.pos, message + hint)
        return None

    def _date(self, name: str, scalar: Scalar) -> dt.date | None:
        """A real calendar date written YYYY-MM-DD."""
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

    def items(self, key: schema.Key) -> list[Scalar]:
        """The scalars of a list of text; an optional list that is absent is empty."""
        entry = self.node.entries.get(key.name)
        if entry is None:
            return []
        value = entry[1]
        if isinstance(value, Refused):
            self.ok = False
            return []
        if not isinstance(value, Seq):
            self.fail(value.pos, f"'{key.name}' must be a list, like {key.name}: {key.example}")
            return []
        scalars: list[Scalar] = []
        for item in value.items:
            if isinstance(item, Scalar):
                scalars.append(item)
            elif isinstance(item, Refused):
                self.ok = False
            else:
                self.fail(item.pos, f"each item of '{key.name}' must be text, "
                                    f"not {_KIND_NAMES[type(item)]}")
        return scalars

    def texts(self, key: schema.Key) -> tuple[str, ...]:
        values = []
        for item in self.items(key):
            if (item.plain and item.value in _NULLS) or not item.value.strip():
                self.fail(item.pos, f"an item of '{key.name}' is empty")
            else:
                visible = self._visible(key.name, item)
                if visible is not None:
                    values.append(visible)
        return tuple(values)

    def slugs(self, key: schema.Key) -> tuple[str, ...]:
        values = [self._slug_value(key.name, item) for item in self.items(key)]
        return tuple(v for v in values if v is not None)

    def entries(self, name: str) -> Iterator[Map]:
        """The mappings listed under ``name``; anything else there is reported."""
        entry = self.node.entries.get(name)
        if entry is None:
            return
        value = entry[1]
        of = self.kind.key(name)
        what = of.of if of is not None else name
        if isinstance(value, Scalar):
            if value.plain and value.value in _NULLS and name in schema.SECTIONS:
                return  # (a bare "sources:" is a section of no entries, as "sources: []")
            if value.plain and value.value in _NULLS:
                self.fail(value.pos, f"'{name}' has no entries; write {name}: [] for none")
            else:
                self.fail(value.pos, f"'{name}' must be a list of entries, each starting "
                                     "with '- '")
            return
        if isinstance(value, Map):
            self.fail(value.pos, f"'{name}' must be a list of entries, each starting with '- '")
            return
        if isinstance(value, Refused):
            return
        for item in value.items:
            if isinstance(item, Map):
                yield item
            elif not isinstance(item, Refused):
                first = schema.KINDS[what].keys[0].name
                self.fail(item.pos, f"each entry under '{name}' must be a {what} with keys "
                                    f"(like '{first}: ...'), not {_describe(item)}")


def _describe(node: Node) -> str:
    if isinstance(node, Scalar):
        return f"the text {_shown(node.value)}"
    return _KIND_NAMES.get(type(node), "that")


def _shown(value: str) -> str:
    value = value if len(value) <= 40 else value[:39] + "…"
    return "'" + _HIDDEN.sub("?", value) + "'"


def _either(words: Iterable[str]) -> str:
    words = list(words)
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


#: Keys one might write in a claim that kursk derives from its statements instead.
_DERIVED = {**dict.fromkeys(("status", "disputed"),
                            "a claim's status (disputed, asserted, denied, qualified) is "
                            "derived from its statements and never written; remove it"),
            **dict.fromkeys(("asserted_by", "denied_by", "qualified_by"),
                            "who asserts, denies or qualifies a claim is derived from its "
                            "statements and never written; remove it")}


def _key_hint(kind: schema.Kind, name: str) -> str:
    if kind is schema.CLAIM and name in _DERIVED:
        return f"; {_DERIVED[name]}"
    return _did_you_mean(name, kind.names)


# ------------------------------------------------------------------- entries of a file


@dataclass
class _Found:
    """What a read has gathered so far."""

    sources: list[Source] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    loose: list[Mention] = field(default_factory=list)
    dated: list[Dated] = field(default_factory=list)

    def declare(self, kind: str, ident: str | None, pos: Pos) -> None:
        if ident is not None:
            self.loose.append(Mention(kind, ident, *pos, True))

    def refer(self, kind: str, ident: str | None, pos: Pos) -> None:
        if ident is not None:
            self.loose.append(Mention(kind, ident, *pos, False))


def _source(node: Map, found: _Found, out: _Problems) -> None:
    entry = _Entry(node, schema.SOURCE, out)
    values = entry.values()
    if entry.ok:
        found.sources.append(Source(**values, at=entry.at("id", "archive")))  # type: ignore[arg-type]
    else:
        found.declare("source", values["id"], entry.pos("id"))  # type: ignore[arg-type]


def _actor(node: Map, found: _Found, out: _Problems) -> None:
    entry = _Entry(node, schema.ACTOR, out)
    values = entry.values()
    if entry.ok:
        kind = values["kind"]
        values["kind"] = ActorKind(kind) if kind else None
        found.actors.append(Actor(**values, at=entry.at("id")))  # type: ignore[arg-type]
    else:
        found.declare("actor", values["id"], entry.pos("id"))  # type: ignore[arg-type]


def _claim(node: Map, found: _Found, out: _Problems) -> None:
    entry = _Entry(node, schema.CLAIM, out)
    values = entry.values()
    ident = values["id"]
    listed = node.entries.get("statements")
    if listed is not None and isinstance(listed[1], Seq) and not listed[1].items:
        entry.fail(listed[1].pos, "a claim needs at least one statement")
    statements: list[Statement] = []
    for map_node in entry.entries("statements"):
        statement = _statement(map_node, ident or "", found, out)  # type: ignore[arg-type]
        if statement is None:
            entry.ok = False
        else:
            statements.append(statement)
    relations_key = schema.CLAIM.key("relations")
    assert relations_key is not None
    relations, relations_at = entry.relations(relations_key)
    if entry.ok:
        found.claims.append(Claim(ident, values["text"], tuple(statements),  # type: ignore[arg-type]
                                  values["topics"], tuple(relations),  # type: ignore[arg-type]
                                  tuple(relations_at), at=entry.at("id", "text")))
        return
    found.declare("claim", ident, entry.pos("id"))  # type: ignore[arg-type]
    for statement in statements:  # sound statements of a claim that is not: still checked
        found.refer("actor", statement.actor, statement.where("actor"))
        found.refer("source", statement.source, statement.where("source"))
        if statement.original is not None:
            found.refer("source", statement.original.source, statement.where("original_source"))


def _original(entry: _Entry, found: _Found, out: _Problems
              ) -> tuple[Original | None, tuple[int, ...]]:
    """A statement's ``original:``, and where its source and its words are written."""
    written = entry.node.entries.get("original")
    if written is None:
        return None, ()
    node = written[1]
    if isinstance(node, Refused):
        entry.ok = False
        return None, ()
    if not isinstance(node, Map):
        entry.fail(node.pos, "'original' must be a mapping with source, lang and quote (or "
                             "paraphrase), each on its own line")
        return None, ()
    inner = _Entry(node, schema.ORIGINAL, out)
    values = inner.values()
    words = "quote" if "quote" in node.entries else "paraphrase"
    if not inner.ok:
        entry.ok = False
        found.refer("source", values["source"], inner.pos("source"))  # type: ignore[arg-type]
        return None, ()
    return Original(**values), (*inner.pos("source"), *inner.pos(words))  # type: ignore[arg-type]


#: Quote marks that open and close a quotation, in the languages' usual pairs.
_QUOTE_MARKS = {"“": "”", "„": "“”", "«": "»", "»": "«", "‘": "’", "‚": "‘’", "「": "」",
                "『": "』", '"': '"', "”": "”"}


def _marked_quote(words: str) -> str | None:
    """``“...”`` when WORDS are wholly inside a pair of quote marks (none of the closing
    mark within), else None."""
    words = words.strip()
    closing = _QUOTE_MARKS.get(words[:1], "")
    if len(words) > 2 and words[-1] in closing and not any(c in words[1:-1] for c in closing):
        return f"{words[0]}...{words[-1]}"
    return None


def _statement(node: Map, claim: str, found: _Found, out: _Problems) -> Statement | None:
    entry = _Entry(node, schema.STATEMENT, out)
    values = entry.values()
    words = "quote" if "quote" in node.entries else "paraphrase"
    original, original_at = _original(entry, found, out)
    quote = values.get("quote")
    if isinstance(quote, str) and (marks := _marked_quote(quote)):
        entry.fail(entry.pos("quote"), f"the quote is inside quote marks ({marks}), which "
                   "are not the speaker's words; write the words alone (kursk adds its own "
                   "marks where it shows them)")
    if not entry.ok:
        # References and dates are checked even when the rest of the statement is not.
        found.refer("actor", values["actor"], entry.pos("actor"))  # type: ignore[arg-type]
        found.refer("source", values["source"], entry.pos("source"))  # type: ignore[arg-type]
        if isinstance(values["date"], dt.date) and isinstance(values["source"], str):
            found.dated.append(Dated(values["source"], values["date"], *entry.pos("date")))
        return None
    values["stance"] = Stance(values["stance"])
    return Statement(claim, **values, original=original,  # type: ignore[arg-type]
                     at=entry.at("actor", "date", "source", words) + original_at)


_BUILDERS: dict[str, Callable[[Map, _Found, _Problems], None]] = {
    "sources": _source, "actors": _actor, "claims": _claim}


def _top(root: Node, out: _Problems, found: _Found
         ) -> tuple[list[Include], tuple[str, ...], Pos]:
    """Check the top level, build whatever entries were not streamed already, and give
    the file's includes and the sections it has."""
    if not isinstance(root, Map):
        raise out.stop(root.pos, "the ledger must be a mapping with the keys "
                                 "sources, actors and claims")
    top = _Entry(root, schema.LEDGER, out)
    top.value(schema.LEDGER.keys[0])  # version
    include = schema.LEDGER.key("include")
    assert include is not None
    includes = []
    for item in top.items(include):
        if not item.value.strip():
            top.fail(item.pos, "an item of 'include' is empty")
        elif top._visible("include", item) is not None:
            includes.append(Include(item.value, *item.pos))
    for section in schema.SECTIONS:
        for map_node in top.entries(section):
            _BUILDERS[section](map_node, found, out)
    return includes, tuple(s for s in schema.SECTIONS if s in root.entries), root.pos


# ------------------------------------------------------------------------ entry point


def read(data: bytes) -> FileRead:
    """Read one ledger file's bytes: its sound entries, with where each was written, and
    every problem inside it. Entries carry no file name yet (see ``FileRead.placed_in``).

    After a YAML syntax error, reading resumes at the next entry of the same section, as
    a compiler resumes after a syntax error, so that one run reports every mistake it can
    (the file is refused anyway: a resumption that guesses wrong can only add a message,
    never turn a mistake into an "ok")."""
    with collector_paused():
        out = _Problems()
        found = _Found()
        includes: list[Include] = []
        sections: list[str] = []
        at: Pos = (1, 1)
        parts, root = 0, None
        try:
            text = decode(data, out)
            check_characters(text, out)
            text = _mend_dashes(text, out)

            def on_entry(section: str, node: Map) -> None:
                # An entry under an unknown top-level key is dropped: _top reports the key.
                builder = _BUILDERS.get(section)
                if builder is not None:
                    builder(node, found, out)

            for parts, root in enumerate(_parts(text, out, found, on_entry), start=1):
                if root is None:
                    continue
                more, present, where = _top(root, out, found)
                includes += more
                sections += [s for s in present if s not in sections]
                if parts == 1:
                    at = where
            if parts == 1 and root is None and not out.items:
                # An empty file, or one of comments only: a ledger of nothing yet, as
                # one whose sections are all "[]".
                sections = list(schema.SECTIONS)
        except _Stop:
            pass
        for pos, message in rules.repeated_statements(found.claims):
            out.add(pos, message)
        return FileRead(tuple(found.sources), tuple(found.actors), tuple(found.claims),
                        tuple(includes), tuple(sections), tuple(found.loose),
                        tuple(out.misnamed), tuple(found.dated), tuple(sorted(set(out.items))),
                        at, broken=out.broken)


#: Resumptions after syntax errors in one file, at most.
_RESUMPTIONS = 100

_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:(?:\s|$)")
_ENTRY_START = re.compile(r"( *)- ")
_ENTRY_ID = re.compile(r" *(?:- +)?id: *[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)[\"']? *(?:#.*)?\r?$")


_BARE_ID = re.compile(r"^ *id:(?:\s|$)", re.M)


def _mend_dashes(text: str, out: _Problems) -> str:
    """TEXT with each entry of a section written without its '- ' (``    id: x`` where
    ``  - id: x`` was meant) reported once, at that line, and read as if it had it: else
    YAML reads the entry into the one before it and every later line goes wrong. (The
    file is refused all the same; what is mended only keeps the rest of the messages
    true.) An ``id:`` is such an entry when it is at the entries' own column, or is a
    second ``id:`` of one entry, or comes before any."""
    if not _BARE_ID.search(text):  # (the usual ledger: every id after its '- ')
        return text
    lines = text.split("\n")
    tops = [n for n, line in enumerate(lines) if _TOP_KEY.match(line)] + [len(lines)]
    for key_line, end in pairwise(tops):
        section = _TOP_KEY.match(lines[key_line]).group(1)  # type: ignore[union-attr]
        dashes = [len(m.group(1)) for line in lines[key_line + 1:end]
                  if (m := _ENTRY_START.match(line))]
        if section not in schema.SECTIONS or not dashes:
            continue
        indent = " " * min(dashes)
        entry, has_id = False, False
        for number in range(key_line + 1, end):
            line = lines[number]
            if line.startswith(indent + "-") and line[len(indent) + 1:len(indent) + 2] in " ":
                entry, has_id = True, line[len(indent) + 1:].lstrip().startswith("id:")
                continue
            bare = re.match(rf"{indent}(  )?id:(?:\s|$)", line)
            if bare is None:
                continue
            if bare.group(1) and entry and not has_id:
                has_id = True
                continue
            out.add((number + 1, len(indent) + 1 + len(bare.group(1) or "")),
                    f"this entry of '{section}' has no '- ' before its 'id:'; start it with "
                    "'- ' as the entries around it do")
            lines[number] = indent + "- " + line.lstrip(" ")
            entry, has_id = True, True
    return "\n".join(lines)


def _parts(text: str, out: _Problems, found: _Found,
           on_entry: EntryHandler) -> Iterator[Node | None]:
    """The top-level mappings of ``text``: the whole, or the parts read between syntax
    errors, each part after one resuming at the next entry of the section where the
    error was (with blank lines before it, so that every position stays the file's)."""
    lines: list[str] | None = None
    current = text
    for _attempt in range(_RESUMPTIONS):
        try:
            yield compose(current, out, on_entry)
            return
        except _Broken as broken:
            yield broken.root
            if lines is None:
                lines = text.split("\n")
            resumed = _resume(lines, broken.line, found)
            if resumed is None:
                return
            current = resumed


def _resume(lines: list[str], line: int, found: _Found) -> str | None:
    """The text from the first entry after ``line`` (counted from 1) of the section the
    line is in, behind its section key and blank lines; None when the line is in no
    section's entries or no entry follows. The id of the entry that broke, if it can be
    seen, still counts as declared: its references are not "unknown" too."""
    index = min(max(line - 1, 0), len(lines) - 1)
    section, key_line = None, -1
    for number in range(index, -1, -1):
        if (key := _TOP_KEY.match(lines[number])) is not None:
            section, key_line = key.group(1), number
            break
    if section not in schema.SECTIONS:
        return None
    indent = None
    for number in range(key_line + 1, len(lines)):
        if (start := _ENTRY_START.match(lines[number])) is not None:
            indent = start.group(1)
            break
    if indent is None:
        return None
    end = next((number for number in range(index + 1, len(lines))
                if _TOP_KEY.match(lines[number])), len(lines))
    starts = [number for number in range(key_line + 1, end)
              if lines[number].startswith(indent + "- ")]
    broken = max((number for number in starts if number <= index), default=key_line + 1)
    kind = section[:-1]
    # (an entry read whole before the error, as when a later line broke, is declared)
    read = {e.id for e in getattr(found, section)} | {
        m.ident for m in found.loose if m.declares and m.kind == kind}
    for number in range(broken, min([*(n for n in starts if n > index), end])):
        seen = _ENTRY_ID.match(lines[number])
        if seen is not None:
            if seen.group(1) not in read:
                found.declare(kind, seen.group(1),
                              (number + 1, lines[number].index("id:") + 5))
            break
    after = [number for number in starts if number > index]
    if not after:  # the section's last entry broke: resume at the next top-level key
        return "\n" * end + "\n".join(lines[end:]) if end < len(lines) else None
    resume = after[0]
    return "\n" * (resume - 1) + f"{section}:\n" + "\n".join(lines[resume:])
