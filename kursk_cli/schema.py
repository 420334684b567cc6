"""The ledger format, written once: each kind of entry, its keys, which are required, and
how each value is checked.

The reader (``ledger``) checks every key against this table; docs/format.md
and ``kursk schema`` (a JSON Schema) are made from it. A new optional key is one line
here, plus whatever reads or shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from kursk_cli.model import ActorKind, Stance

#: What a value must be. ``text``: non-empty text without control characters; ``id``: a
#: lowercase id; ``date``: a real YYYY-MM-DD date; ``choice``: one of ``choices``;
#: ``url``: an http(s) address; ``texts`` / ``ids``: a list of those; ``path``: a file
#: path relative to the ledger file; ``paths``: a list of paths or globs; ``entries``: a
#: list of entries of the kind ``of``; ``entry``: one entry of the kind ``of``;
#: ``relations``: a list of one-key mappings, each key one of ``choices`` and its value a
#: claim id; ``wikidata``: a Wikidata item (Q and digits); ``lang``: a BCP 47 tag.
CHECKS = ("text", "id", "date", "choice", "url", "texts", "ids", "path", "paths", "entries",
          "entry", "relations", "wikidata", "lang")

#: An id: lowercase letters and digits, in groups joined by single hyphens.
ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"
URL_PATTERN = r"https?://\S+"
WIKIDATA_PATTERN = r"Q[1-9][0-9]*"
#: A BCP 47 language tag as ledgers need it: a language, then subtags (ru, uk, en-GB).
LANG_PATTERN = r"[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*"
#: How one claim may stand to another (``relations:``).
RELATIONS = ("same-as", "contradicts", "supersedes", "supports")


@dataclass(frozen=True)
class Key:
    """One key an entry may hold."""

    name: str
    check: str
    required: bool = False
    about: str = ""
    choices: tuple[str, ...] = ()
    of: str = ""  # with "entries": the kind of entry listed
    example: str = ""  # with lists: how one is written, for messages
    #: The message for a value that is not accepted, if not the usual one ({value}: it).
    refused: str = ""


@dataclass(frozen=True)
class Kind:
    """A kind of entry: what it is called in messages and the keys it holds."""

    name: str
    keys: tuple[Key, ...]
    #: Keys of which exactly one must be given.
    one_of: tuple[str, ...] = ()
    #: What else holds of it, in the format reference's words.
    note: str = ""

    def key(self, name: str) -> Key | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, Key]:
        return {key.name: key for key in self.keys}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys)


STANCES = tuple(stance.value for stance in Stance)
ACTOR_KINDS = tuple(kind.value for kind in ActorKind)

SOURCE = Kind("source", (
    Key("id", "id", True, "a lowercase id (a-z, 0-9, single hyphens)"),
    Key("title", "text", True, "the report's headline"),
    Key("published", "date", True, "a real date, YYYY-MM-DD"),
    Key("publisher", "text", about="who published it"),
    Key("url", "url", about="http:// or https:// only"),
    Key("note", "text", about="anything a reader should know"),
    Key("archive", "path", about="a saved copy of the report (.txt, .md or .html), relative "
        "to this ledger file and inside its folder; `kursk verify` checks quotes against it"),
    Key("lang", "lang", about="the language the report is written in, a BCP 47 tag "
        "(ru, uk, en-GB)"),
    Key("publisher_wikidata", "wikidata", about="the publisher's Wikidata item, like Q7747"),
))

ACTOR = Kind("actor", (
    Key("id", "id", True, "a lowercase id"),
    Key("name", "text", True, "the name to show"),
    Key("role", "text", about="as the report gives it"),
    Key("affiliation", "text", about="a country or side"),
    Key("kind", "choice", about="person or organization", choices=ACTOR_KINDS),
    Key("aliases", "texts", about="other names `kursk actor` accepts", example="[Putin]"),
    Key("wikidata", "wikidata", about="the actor's Wikidata item, like Q7747"),
))

ORIGINAL = Kind("original", (
    Key("source", "id", True, "the source that carries the words as spoken (a source id)"),
    Key("lang", "lang", True, "the language they were spoken in, a BCP 47 tag (ru, uk, en-GB)"),
    Key("quote", "text", about="the exact words as spoken"),
    Key("paraphrase", "text", about="what was said, in that language"),
), one_of=("quote", "paraphrase"), note="`kursk verify` checks an original's quote against "
   "its own source's archive.")

STATEMENT = Kind("statement", (
    Key("actor", "id", True, "an actor id"),
    Key("stance", "choice", True, "asserts, denies or qualifies", choices=STANCES),
    Key("date", "date", True, "the day the statement was made"),
    Key("source", "id", True, "a source id"),
    Key("quote", "text", about="the exact words"),
    Key("paraphrase", "text", about="reported speech"),
    Key("note", "text", about="anything a reader should know"),
    Key("original", "entry", about="the words in the language they were spoken in",
        of="original"),
), one_of=("quote", "paraphrase"))

CLAIM = Kind("claim", (
    Key("id", "id", True, "a lowercase id"),
    Key("text", "text", True, "the claim in one neutral sentence"),
    Key("topics", "ids", about="lowercase ids", example="[kursk, ceasefire]"),
    Key("statements", "entries", True, "at least one", of="statement"),
    Key("relations", "relations", about="how this claim stands to others: `same-as` (the "
        "same claim in other words), `contradicts` (both cannot hold), `supersedes` (a later, "
        "more precise claim), `supports` (evidence toward it)", choices=RELATIONS,
        example="[same-as: other-claim]"),
), note="A claim may not relate to itself; `same-as` and `contradicts` are written on one "
        "side only; `supersedes` makes no cycle; claims that are the same may not "
        "contradict each other.")

LEDGER = Kind("the ledger", (
    Key("version", "choice", about="the format version; kursk reads 1", choices=("1",),
        refused="this kursk reads ledger format version 1, not {value}"),
    Key("include", "paths", about="other ledger files, relative to this one and inside its "
        "folder; globs allowed",
        example="[actors.yaml, claims/*.yaml]"),
    Key("sources", "entries", about="the reports statements come from", of="source"),
    Key("actors", "entries", about="who makes statements", of="actor"),
    Key("claims", "entries", about="the contested claims and their statements", of="claim"),
), note="A ledger may be several files: each may hold any of these keys, and `sources`, "
        "`actors` and `claims` must each appear in at least one of them.")

KINDS = {kind.name: kind for kind in (LEDGER, SOURCE, ACTOR, CLAIM, STATEMENT, ORIGINAL)}

#: The top-level keys that hold entries, in the order a ledger lists them.
SECTIONS = tuple(key.name for key in LEDGER.keys if key.check == "entries")


def _value(key: Key) -> str:
    if key.check == "choice":
        return " or ".join(f"`{choice}`" for choice in key.choices)
    if key.check == "entries":
        return f"a list of {key.of} entries"
    if key.check == "entry":
        return f"an {key.of} entry" if key.of[0] in "aeiou" else f"a {key.of} entry"
    if key.check == "relations":
        return "a list of `relation: claim id`"
    return {"wikidata": "a Wikidata item", "lang": "a language tag", "text": "text",
            "id": "an id", "date": "a date", "url": "a web address",
            "texts": "a list of text", "ids": "a list of ids", "path": "a path",
            "paths": "a list of paths or globs"}[key.check]


def markdown() -> str:
    """The format's reference, one table per kind of entry, as docs/format.md shows it."""
    parts: list[str] = []
    for kind in KINDS.values():
        article = "An" if kind.name[0] in "aeiou" else "A"
        title = "The top level" if kind is LEDGER else f"{article} {kind.name}"
        parts.append(f"**{title}**\n\n| key | required | value |\n|---|---|---|\n")
        for key in kind.keys:
            about = f": {key.about}" if key.about else ""
            parts.append(f"| `{key.name}` | {'yes' if key.required else 'no'} | "
                         f"{_value(key)}{about} |\n")
        if kind.one_of:
            parts.append("\nExactly one of " + " and ".join(f"`{n}`" for n in kind.one_of)
                         + ".\n")
        if kind.note:
            parts.append(f"\n{kind.note}\n")
        parts.append("\n")
    return "".join(parts).rstrip("\n") + "\n"


_TEXT: dict[str, object] = {"type": ["string", "number", "boolean"]}


def _json_value(key: Key) -> dict[str, object]:
    """One key's value as JSON Schema. Editors read YAML 1.2, where `version: 1` is a
    number and `true` a boolean; kursk reads every scalar as the text written, so text
    accepts any scalar."""
    check = key.check
    if check == "id":
        return {"type": ["string", "integer"], "pattern": f"^{ID_PATTERN}$"}
    if check == "date":
        return {"type": "string", "pattern": f"^{DATE_PATTERN}$"}
    if check == "url":
        return {"type": "string", "pattern": f"^{URL_PATTERN}$"}
    if check == "wikidata":
        return {"type": "string", "pattern": f"^{WIKIDATA_PATTERN}$"}
    if check == "lang":
        return {"type": "string", "pattern": f"^{LANG_PATTERN}$"}
    if check == "entry":
        return {"$ref": f"#/$defs/{key.of}"}
    if check == "relations":
        target = {"type": ["string", "integer"], "pattern": f"^{ID_PATTERN}$"}
        return {"type": "array", "items": {
            "type": "object", "minProperties": 1, "maxProperties": 1,
            "properties": dict.fromkeys(key.choices, target), "additionalProperties": False}}
    if check == "choice":
        numbers = [int(choice) for choice in key.choices if choice.isdigit()]
        return {"enum": [*key.choices, *numbers]}
    if check in ("texts", "paths"):
        return {"type": "array", "items": _TEXT}
    if check == "ids":
        return {"type": "array", "items": {"type": ["string", "integer"],
                                           "pattern": f"^{ID_PATTERN}$"}}
    if check == "entries":
        listing: dict[str, object] = {"type": "array", "items": {"$ref": f"#/$defs/{key.of}"}}
        if key.required:
            listing["minItems"] = 1
        return listing
    return dict(_TEXT)


def _json_kind(kind: Kind) -> dict[str, object]:
    found: dict[str, object] = {
        "type": "object",
        "properties": {key.name: {"description": key.about, **_json_value(key)}
                       for key in kind.keys},
        "required": [key.name for key in kind.keys if key.required],
        "additionalProperties": False,
    }
    if kind.one_of:
        found["oneOf"] = [{"required": [name]} for name in kind.one_of]
    return found


def json_schema() -> dict[str, object]:
    """The ledger format as a JSON Schema (draft 2020-12), for editors: what a schema can
    say (keys, required keys, ids, stances, dates, exactly one of quote and paraphrase).
    ``kursk check`` remains the authority on the rest (references, duplicates, dates
    against sources)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kursk.invalid/ledger-1.schema.json",
        "title": "kursk ledger, format version 1",
        **_json_kind(LEDGER),
        "$defs": {kind.name: _json_kind(kind) for kind in KINDS.values() if kind is not LEDGER},
    }
