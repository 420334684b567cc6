"""What reading a ledger file guarantees of what it returns, checked again on data that
did not come from reading (a cache entry that anyone able to write the cache could have
forged, its seal recomputed): a read that breaks any of these is not served.

The rules are the reader's own (``ledger``: an id is a slug, text is non-empty and holds
no control or invisible character, a claim has statements, each with a quote or a
paraphrase and the claim's id), taken from the schema's table of keys; nothing here
imports YAML.
"""

from __future__ import annotations

import datetime as dt
import re

from kursk_cli import schema
from kursk_cli.errors import unseen
from kursk_cli.model import Actor, Claim, FileRead, Original, Relation, Source, Statement

_SLUG = re.compile(schema.ID_PATTERN + r"\Z")
_URL = re.compile(schema.URL_PATTERN + r"\Z")
_WIKIDATA = re.compile(schema.WIKIDATA_PATTERN + r"\Z")
_LANG = re.compile(schema.LANG_PATTERN + r"\Z")
#: As the reader's: control characters and the marks that reorder text.
HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


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
    if check == "wikidata":
        return isinstance(value, str) and _WIKIDATA.match(value) is not None
    if check == "lang":
        return isinstance(value, str) and _LANG.match(value) is not None
    if check == "relations":
        return isinstance(value, tuple) and all(
            isinstance(r, Relation) and r.kind in schema.RELATIONS and _value("id", r.claim)
            for r in value)
    if check == "entry":  # (a statement's original words, the one entry kept inside one)
        return isinstance(value, Original) and _entry(value, schema.ORIGINAL)
    return _text(value)


def _entry(entry: Source | Actor | Claim | Statement | Original, kind: schema.Kind) -> bool:
    for key in kind.keys:
        if key.check == "entries":
            continue
        value = getattr(entry, key.name)
        if value is None or value == ():
            if key.required:
                return False
        elif not _value(key.check, value):
            return False
    return sum(getattr(entry, name) is not None for name in kind.one_of) == (
        1 if kind.one_of else 0)


def _claim(claim: Claim) -> bool:
    return (_entry(claim, schema.CLAIM) and bool(claim.statements)
            and all(s.claim == claim.id and _entry(s, schema.STATEMENT)
                    for s in claim.statements))


def sound_head(read: FileRead) -> bool:
    """Whether what a read holds besides its entries could come from reading a file."""
    return (set(read.sections) <= set(schema.SECTIONS)
            and all(_text(include.pattern) for include in read.includes))


def sound_entries(read: FileRead) -> bool:
    """Whether a read's entries are as reading a file makes them."""
    return (all(_entry(s, schema.SOURCE) for s in read.sources)
            and all(_entry(a, schema.ACTOR) for a in read.actors)
            and all(_claim(c) for c in read.claims))
