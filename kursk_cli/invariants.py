"""What reading a ledger file guarantees of what it returns, checked again on data that
did not come from reading (a cache entry that anyone able to write the cache could have
forged, its seal recomputed): a read that breaks any of these is not served.

The rules are the reader's own (``ledger``: an id is a slug, text is non-empty and holds
no control or invisible character, a claim has statements, each with a quote or a
paraphrase and the claim's id), taken from the schema's table of keys; nothing here
imports YAML.

They run on every entry of every cached read a command uses (300,000 statements in a
large ledger), so they are checked a key at a time over all entries of a kind: a column
of values is gathered with C-level passes, and all the text of a read is searched at once
(one ``bytes.translate`` over the text that is ASCII, one search for any character that
could be hidden or unseen over the rest); only where something is found is each value
looked at alone, by the same test as one at a time. Same answer, a few passes instead of
millions of calls.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from itertools import chain, compress, filterfalse, repeat
from operator import attrgetter, is_, is_not
from typing import Any

from msgspec import Struct

from kursk_cli import schema
from kursk_cli.errors import _NOTHING, CONTROLS, HIDDEN, unseen
from kursk_cli.model import Actor, FileRead, Original, Relation, Source

_SLUG = re.compile(schema.ID_PATTERN + r"\Z")
_URL = re.compile(schema.URL_PATTERN + r"\Z")
_WIKIDATA = re.compile(schema.WIKIDATA_PATTERN + r"\Z")
_LANG = re.compile(schema.LANG_PATTERN + r"\Z")
#: Every character a HIDDEN or an UNSEEN match (errors) can start with: where
#: none is in a text, it passes both.
_SUSPECT = re.compile(f"[{CONTROLS}{_NOTHING}\U0001f3f4\u200c\u200d]")
#: The ASCII characters text may hold (besides them, ASCII has only control characters).
_ASCII_TEXT = bytes(range(0x20, 0x7F)) + b"\t\n"
#: The characters of an id, and the line feed the ids of a column are joined with.
_ID_CHARACTERS = b"abcdefghijklmnopqrstuvwxyz0123456789-\n"
#: The kinds of entry an entry may hold, by name (``Key.of``).
_KINDS = {"original": (schema.ORIGINAL, Original)}


def _text(value: object) -> bool:
    """Text as the reader accepts it: non-empty, nothing hidden, nothing unseen (a
    subdivision flag is text)."""
    return (isinstance(value, str) and bool(value.strip()) and not HIDDEN.search(value)
            and unseen(value) is None)


def _value(check: str, value: object) -> bool:
    if check == "id":
        return isinstance(value, str) and _SLUG.match(value) is not None
    if check in ("texts", "paths"):
        return isinstance(value, tuple) and all(_text(item) for item in value)
    if check == "ids":
        return isinstance(value, tuple) and all(_value("id", item) for item in value)
    if check == "date":
        return isinstance(value, dt.date)
    if check == "choice":
        return True  # (decoded as its enum: a value outside it is not decoded at all)
    if check == "url":
        return isinstance(value, str) and _text(value) and _URL.match(value) is not None
    if check in ("wikidata", "lang"):
        pattern = _WIKIDATA if check == "wikidata" else _LANG
        return isinstance(value, str) and pattern.match(value) is not None
    return _text(value)


def sound_head(read: FileRead) -> bool:
    """Whether what a read holds besides its entries could come from reading a file."""
    return (set(read.sections) <= set(schema.SECTIONS)
            and all(_text(include.pattern) for include in read.includes))


def _texts(values: list[object]) -> bool:
    """``all(map(_text, values))``, in a few passes over all of them."""
    if not set(map(type, values)) <= {str}:
        return all(map(_text, values))
    strings: list[str] = values  # type: ignore[assignment]  # (each is a str)
    if not all(map(str.strip, strings)):
        return False
    # An ASCII text can only hide a control character; the rest is searched for any
    # character that could start a hidden or unseen one, and looked at one by one if so.
    plain = "\n".join(filter(str.isascii, strings)).encode("ascii")
    if plain.translate(None, _ASCII_TEXT):
        return False
    other = list(filterfalse(str.isascii, strings))
    return not other or _SUSPECT.search("\n".join(other)) is None or all(map(_text, other))


def _ids(values: list[object]) -> bool:
    """``all(_value("id", v) for v in values)``, in a few passes: joined by line feeds
    (one more would make two ids of one), nothing but an id's characters, no id empty,
    none starting or ending with a hyphen or holding two in a row."""
    if not set(map(type, values)) <= {str} or not all(values):
        return all(_value("id", value) for value in values)
    values = list(set(values))  # (each once: a few hundred actors make 300,000 statements)
    joined = "\n".join(values)  # type: ignore[arg-type]  # (each is a str)
    return (joined.isascii() and joined.count("\n") == len(values) - 1
            and not joined.encode("ascii").translate(None, _ID_CHARACTERS)
            and "--" not in joined and "\n-" not in joined and "-\n" not in joined
            and not joined.startswith("-") and not joined.endswith("-"))


def _all_of(entries: Sequence[object], kind: schema.Kind) -> bool:
    """Whether every entry is as reading makes one of this kind: each key required
    present, each value present passing its check (``_value``), exactly one of
    ``kind.one_of`` given; a key at a time over all of them."""
    if not entries:
        return True
    return _all_in({key.name: list(map(attrgetter(key.name), entries))
                    for key in kind.keys if key.check != "entries"}, kind)


def _all_in(columns: Mapping[str, Sequence[Any]], kind: schema.Kind) -> bool:
    """``_all_of`` over entries given as columns: one list per key of ``kind`` (but
    ``entries``), item ``i`` of each being entry ``i``'s value, all of one length."""
    if not all(columns.values()):  # (no entries: every column empty, none of another length)
        return not any(columns.values())
    texts: list[object] = []
    ids: list[object] = []
    for key in kind.keys:
        if key.check == "entries":
            continue
        column = columns[key.name]
        present = column
        kinds = set(map(type, column))
        if type(None) in kinds or (tuple in kinds and () in column):
            present = ([value for value in column if value is not None and value != ()]
                       if tuple in kinds else  # (else in C: every value but None)
                       list(compress(column, map(is_not, column, repeat(None)))))
            if key.required:
                return False
            if not present:
                continue
        check = key.check
        if check == "id":
            ids += present
        elif check in ("texts", "paths", "ids"):
            if not set(map(type, present)) <= {tuple}:
                return False
            (ids if check == "ids" else texts).extend(chain.from_iterable(present))
        elif check == "date":
            if not all(map(isinstance, present, repeat(dt.date))):
                return False
        elif check in ("url", "wikidata", "lang"):
            if not all(_value(check, value) for value in present):
                return False
        elif check == "entry":
            inner, struct = _KINDS[key.of]
            if not (set(map(type, present)) <= {struct} and _all_of(present, inner)):
                return False
        elif check == "relations":
            # As the reader makes them: each a known relation to a claim id.
            if not set(map(type, present)) <= {tuple}:
                return False
            relations = list(chain.from_iterable(present))
            if not (set(map(type, relations)) <= {Relation}
                    and set(map(attrgetter("kind"), relations)) <= set(schema.RELATIONS)):
                return False
            ids += map(attrgetter("claim"), relations)
        elif check != "choice":  # (a choice is decoded as its enum, or not at all)
            texts += present
    if len(kind.one_of) == 2:  # (exactly one of two: where the first is absent, the other is not)
        first, second = (columns[name] for name in kind.one_of)
        if list(map(is_, first, repeat(None))) != list(map(is_not, second, repeat(None))):
            return False
    elif kind.one_of:
        given = [map(is_not, columns[name], repeat(None)) for name in kind.one_of]
        if set(map(sum, zip(*given, strict=True))) != {1}:
            return False
    return _texts(texts) and _ids(ids)


def sound_columns(sources: tuple[Source, ...], actors: tuple[Actor, ...],
                  claims: Struct, statements: Mapping[str, Sequence[Any]],
                  tables: Mapping[str, list[str]]) -> bool:
    """Whether entries kept as columns (``cache.Entries``) are as reading a file makes
    them: every column of the claims one long, every column of the statements one long,
    each claim with at least one statement and the counts adding up to the statements,
    each statement's id in ``tables`` (its actor and source: their places in a table of
    ids each written once) a place in its table, and every value as reading a file
    makes it (a statement's claim is its owner's id, so it holds of them by
    construction; a table's ids are checked once each)."""
    claim_columns = {name: getattr(claims, name) for name in claims.__struct_fields__}
    counts = claim_columns["counts"]
    if not (len(set(map(len, claim_columns.values()))) == 1
            and len(set(map(len, statements.values()))) == 1
            and (not counts or min(counts) >= 1)
            and sum(counts) == len(statements["at"])
            and all(not statements[name] or max(statements[name]) < len(table)
                    for name, table in tables.items())):
        return False
    return (_all_of(sources, schema.SOURCE) and _all_of(actors, schema.ACTOR)
            and _all_in(claim_columns, schema.CLAIM)
            and (not counts or _all_in({**statements, **tables}, schema.STATEMENT)))
