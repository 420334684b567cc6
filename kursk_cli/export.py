"""Rows and ledgers written to text streams and files: CSV, JSON, JSON Lines, Markdown,
JSON-LD and SQLite. No Rich here, and nothing printed: the CLI picks the stream.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from kursk_cli.csvsafe import FORMULA_STARTS
from kursk_cli.errors import ACTIVE, KurskError, inert, json_inert
from kursk_cli.model import Actor, Claim, Ledger, Source, Stance, Statement
from kursk_cli.query import Filters, original_cells, select
from kursk_cli.rows import Cell, Table, join

# ------------------------------------------------------------------------ plain rows


def guard(text: str) -> str:
    """A cell a spreadsheet will show as text: a leading ``'`` before a formula start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unguard(text: str) -> str:
    """The inverse of :func:`guard`, for readers that want the ledger's own text back."""
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_STARTS and text[1:] else text


def _texts(column: tuple[Cell, ...]) -> list[str] | tuple[str, ...]:
    """One column as CSV text: lists joined with "; ", nothing as empty."""
    kinds = set(map(type, column))
    if kinds == {str}:
        return column  # type: ignore[return-value]  # every cell is already text
    if kinds <= {int, str}:
        return list(map(str, column))
    if set(map(type, column[1:])) == {tuple} and type(column[0]) in (str, tuple):
        # (a column of lists, under its header)
        first = column[0] if type(column[0]) is str else join(column[0])  # type: ignore[arg-type]
        return [first, *map("; ".join, column[1:])]  # type: ignore[arg-type]
    return [v if type(v) is str else "" if v is None else join(v) if type(v) is tuple
            else str(v) for v in column]


#: What text may hold in ASCII without being escaped by :func:`inert` (ACTIVE's ASCII
#: characters are the rest), and the NUL that joins a column's cells.
_ASCII_INERT = bytes(range(0x20, 0x7F)) + b"\t\n\x00"


def _inert_column(texts: list[str] | tuple[str, ...], joined: str
                  ) -> list[str] | tuple[str, ...]:
    """:func:`inert` on every cell of a column (``joined``: its cells joined with NUL),
    one pass over it when no cell needs it: ASCII text can only hold an ASCII control
    character, found by one ``bytes.translate``; other text is searched for ACTIVE."""
    if joined.isascii():
        clean = not joined.encode("ascii").translate(None, _ASCII_INERT)
    else:
        clean = ACTIVE.search(joined.replace("\x00", "\n")) is None
    # (a NUL inside a cell is ACTIVE: the cells are then one NUL apart no more)
    if clean and joined.count("\x00") == len(texts) - 1:
        return texts
    return [inert(t) for t in texts]


def _guard_column(texts: list[str] | tuple[str, ...], joined: str | None = None
                  ) -> tuple[list[str] | tuple[str, ...], str]:
    """:func:`guard` on every cell of a column, a search per formula character rather
    than a call per cell, with the cells joined by NUL (``joined``, if given); the
    column unchanged where no cell needs it."""
    if joined is None:
        joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:  # a NUL in a cell: go slowly
        texts = [guard(t) for t in texts]
        return texts, "\x00".join(texts)
    guarded = False
    for start in FORMULA_STARTS:
        if start in joined and "\x00" + start in joined:  # (the first: one fast search)
            joined = joined.replace("\x00" + start, "\x00'" + start)
            guarded = True
    if texts and texts[0].startswith(FORMULA_STARTS):
        joined, guarded = "'" + joined, True
    return (joined.split("\x00") if guarded else texts), joined


def _column(column: tuple[Cell, ...]) -> list[str] | tuple[str, ...]:
    """One column as CSV cells: as text, inert, formula-guarded and quoted. Its cells
    are joined with NUL (which no cell holds once inert) and looked at in that one text:
    a pass per formula character and per character that needs quoting, rather than a
    call per cell; a cell is changed only where one is found."""
    texts = _texts(column)
    if not texts:
        return texts
    joined = "\x00".join(texts)
    inert_texts = _inert_column(texts, joined)
    if inert_texts is not texts:
        texts = inert_texts
        joined = "\x00".join(texts)
    texts, joined = _guard_column(texts, joined)
    if '"' in joined or "," in joined or "\n" in joined or "\r" in joined:
        # RFC 4180 minimal quoting, as ``csv.writer`` does it: a cell holding a comma,
        # a quote mark or a line break is quoted, its quote marks doubled.
        return [f'"{t.replace(chr(34), chr(34) * 2)}"'
                if ('"' in t or "," in t or "\n" in t or "\r" in t) else t for t in texts]
    return texts


def csv_lines(rows: Sequence[tuple[Cell, ...]]) -> list[str]:
    """The rows as CSV lines, each ending CRLF: RFC 4180 minimal quoting, every cell
    formula-guarded and its characters that could act on a terminal escaped.

    Built a column at a time: a 100,000-claim view is a few C-level passes, not a
    Python call per cell."""
    return [line + "\r\n" for line in map(",".join, _csv_rows(rows))]


def _csv_rows(rows: Sequence[tuple[Cell, ...]]) -> Iterator[tuple[str, ...]]:
    """Each row's cells as CSV writes them (see :func:`csv_lines`)."""
    columns = [_column(column) for column in zip(*rows, strict=True)]
    return zip(*columns, strict=True)


def csv_text(table: Table) -> str:
    """The table as CSV text (see :func:`csv_lines`), its headers first."""
    lines = list(map(",".join, _csv_rows([table.headers, *table.rows])))
    return "\r\n".join(lines) + "\r\n" if lines else ""


def write_csv(table: Table, stream: TextIO) -> None:
    """The table as CSV, in one write even when the stream is unbuffered
    (PYTHONUNBUFFERED)."""
    stream.write(csv_text(table))


def _plain(cell: Cell) -> str | int | list[str] | None:
    return list(cell) if isinstance(cell, tuple) else cell


def _record(table: Table, row: tuple[Cell, ...]) -> dict[str, str | int | list[str] | None]:
    return {h: _plain(c) for h, c in zip(table.headers, row, strict=True)}


def write_json_rows(table: Table, stream: TextIO) -> None:
    """A JSON array of objects, one per row, keyed by the headers."""
    records = [_record(table, row) for row in table.rows]
    stream.write(json_inert(json.dumps(records, ensure_ascii=False, indent=2)) + "\n")


def write_jsonl(table: Table, stream: TextIO) -> None:
    """One JSON object per line, keyed by the headers."""
    for row in table.rows:
        stream.write(json_inert(json.dumps(_record(table, row), ensure_ascii=False)) + "\n")


# ------------------------------------------------------------------- statement rows

STATEMENT_HEADERS = (
    "claim_id", "claim", "status", "actor_id", "actor", "affiliation", "stance", "date",
    "quote", "paraphrase", "source_id", "source_title", "source_url",
    "note", "source_published", "source_publisher", "topics", "group", "original_quote",
    "original_lang", "original_source",
)


def statements(ledger: Ledger, filters: Filters) -> list[tuple[Claim, Statement]]:
    """The statements an export holds: those the filters keep, in the claims they keep."""
    return [
        (claim, s)
        for claim in select(ledger, filters)
        for s in sorted(claim.statements, key=lambda s: (s.date, s.actor))
        if filters.keeps_statement(s)
    ]


def statement_table(ledger: Ledger, filters: Filters) -> Table:
    """One row per statement, with its claim, actor and source spelled out. A claim in
    a ``same-as`` group keeps its own rows; ``group`` names the group (its first
    claim's id) and the status is the group's."""
    rows = []
    for claim, s in statements(ledger, filters):
        who, where = ledger.actor_by_id[s.actor], ledger.source_by_id[s.source]
        rows.append((
            claim.id, claim.text, ledger.status(claim).value, who.id, who.name,
            who.affiliation, s.stance.value, s.date.isoformat(), s.quote, s.paraphrase,
            where.id, where.title, where.url, s.note, where.published.isoformat(),
            where.publisher, claim.topics, ledger.group_of(claim.id), *original_cells(s),
        ))
    return Table(STATEMENT_HEADERS, tuple(rows))


# ---------------------------------------------------------------- the whole ledger

#: Version of the JSON document's shape; bumped only when a field changes meaning.
JSON_SHAPE = 1


def _source_dict(s: Source) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "published": s.published.isoformat(),
            "publisher": s.publisher, "url": s.url, "archive": s.archive, "note": s.note,
            "lang": s.lang, "publisher_wikidata": s.publisher_wikidata}


def _actor_dict(a: Actor) -> dict[str, Any]:
    return {"id": a.id, "name": a.name, "role": a.role, "affiliation": a.affiliation,
            "kind": a.kind.value if a.kind else None, "aliases": list(a.aliases),
            "wikidata": a.wikidata}


def _statement_dict(s: Statement) -> dict[str, Any]:
    found: dict[str, Any] = {
        "actor": s.actor, "stance": s.stance.value, "date": s.date.isoformat(),
        "source": s.source, "quote": s.quote, "paraphrase": s.paraphrase, "note": s.note}
    if s.original is not None:
        found["original"] = {"source": s.original.source, "lang": s.original.lang,
                             "quote": s.original.quote, "paraphrase": s.original.paraphrase}
    return found


def ledger_document(ledger: Ledger, filters: Filters) -> dict[str, Any]:
    """The ledger as one JSON-ready document (shape in docs/exports.md): every source and
    actor, and the claims the filters keep, each with its derived status."""
    kept = statements(ledger, filters)
    claims: dict[str, dict[str, Any]] = {}
    for claim, s in kept:
        entry = claims.setdefault(claim.id, {
            "id": claim.id, "text": claim.text, "topics": list(claim.topics),
            "status": ledger.status(claim).value, "group": ledger.group_of(claim.id),
            "relations": [{r.kind: r.claim} for r in claim.relations],
            "asserted_by": list(claim.actors_with(Stance.ASSERTS)),
            "denied_by": list(claim.actors_with(Stance.DENIES)),
            "qualified_by": list(claim.actors_with(Stance.QUALIFIES)),
            "statements": [],
        })
        entry["statements"].append(_statement_dict(s))
    return {
        "kursk": JSON_SHAPE,
        "sources": [_source_dict(s) for s in ledger.sources],
        "actors": [_actor_dict(a) for a in ledger.actors],
        "claims": list(claims.values()),
    }


def write_json(ledger: Ledger, filters: Filters, stream: TextIO) -> None:
    stream.write(json_inert(json.dumps(ledger_document(ledger, filters), ensure_ascii=False,
                                       indent=2)) + "\n")


# -------------------------------------------------------------------------- JSON-LD

_LD_TYPES = {"person": "Person", "organization": "Organization"}


def _ld_actor(a: Actor) -> dict[str, Any]:
    """A Person or Organization node; an actor of unknown kind is a plain Thing."""
    person = a.kind is not None and a.kind.value == "person"
    node: dict[str, Any] = {
        "@type": _LD_TYPES[a.kind.value] if a.kind else "Thing",
        "@id": f"#actor-{a.id}", "identifier": a.id, "name": a.name,
    }
    if a.role:
        node["jobTitle" if person else "description"] = a.role
    if a.affiliation:
        # schema.org: a Person's affiliation, an Organization's parentOrganization.
        node["affiliation" if person else "parentOrganization"] = {
            "@type": "Organization", "name": a.affiliation}
    if a.aliases:
        node["alternateName"] = list(a.aliases)
    if a.wikidata:
        node["sameAs"] = wikidata_url(a.wikidata)
    return node


def wikidata_url(item: str) -> str:
    """The address of a Wikidata item (checked for form: Q and digits)."""
    return f"https://www.wikidata.org/wiki/{item}"


def _ld_source(s: Source) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "CreativeWork", "@id": f"#source-{s.id}",
                            "identifier": s.id, "name": s.title,
                            "datePublished": s.published.isoformat()}
    if s.url:
        node["url"] = s.url
    if s.lang:
        node["inLanguage"] = s.lang
    if s.publisher:
        node["publisher"] = {"@type": "Organization", "name": s.publisher}
        if s.publisher_wikidata:
            node["publisher"]["sameAs"] = wikidata_url(s.publisher_wikidata)
    return node


def jsonld_document(ledger: Ledger, filters: Filters) -> dict[str, Any]:
    """schema.org ``Claim`` nodes. Asserting actors are the ``author``; sources the
    ``appearance``; every statement, asserting, denying or qualifying, is a ``Comment``
    on the claim whose ``keywords`` hold the stance. No rating: kursk does not judge."""
    graph: list[dict[str, Any]] = [_ld_actor(a) for a in ledger.actors]
    graph += [_ld_source(s) for s in ledger.sources]
    by_claim: dict[str, list[Statement]] = {}
    claims: dict[str, Claim] = {}
    for claim, s in statements(ledger, filters):
        claims[claim.id] = claim
        by_claim.setdefault(claim.id, []).append(s)
    for claim_id, kept in by_claim.items():
        claim = claims[claim_id]
        graph.append({
            "@type": "Claim",
            "@id": f"#claim-{claim.id}",
            "identifier": claim.id,
            "text": claim.text,
            "keywords": list(claim.topics),
            "author": [{"@id": f"#actor-{a}"} for a in claim.actors_with(Stance.ASSERTS)],
            "appearance": [{"@id": f"#source-{s}"} for s in dict.fromkeys(x.source for x in kept)],
            "comment": [
                {
                    "@type": "Comment",
                    "keywords": s.stance.value,
                    "author": {"@id": f"#actor-{s.actor}"},
                    "dateCreated": s.date.isoformat(),
                    "text": s.words,
                    "additionalType": "Quotation" if s.is_quote else "Paraphrase",
                    "isBasedOn": {"@id": f"#source-{s.source}"},
                }
                for s in kept
            ],
        })
    return {"@context": "https://schema.org", "@graph": graph}


def write_jsonld(ledger: Ledger, filters: Filters, stream: TextIO) -> None:
    """JSON-LD is made to be embedded in a web page's ``<script type=
    "application/ld+json">``: ``<``, ``>`` and ``&`` are written as JSON escapes (the same
    text to a JSON reader), so that no quote can close the script element."""
    text = json_inert(json.dumps(jsonld_document(ledger, filters), ensure_ascii=False,
                                 indent=2))
    stream.write(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                 + "\n")


# ------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md(text: str) -> str:
    """Ledger text made inert in Markdown: punctuation escaped, HTML neutralised,
    characters that could act on a terminal escaped, and line breaks kept inside a table
    cell."""
    text = inert(text).replace("&", "&amp;").replace("<", "&lt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return "<br>".join(line.strip() for line in text.splitlines())


def md_url(url: str) -> str:
    """A web address as a link destination inside a table cell: ``<``, ``>`` and ``\\``
    percent-encoded (as a Markdown renderer would encode them anyway) and ``|`` escaped,
    which a table needs even inside a link."""
    return (url.replace("\\", "%5C").replace("<", "%3C").replace(">", "%3E")
            .replace("|", "\\|"))


def write_markdown(ledger: Ledger, filters: Filters, stream: TextIO) -> None:
    """A report grouped by claim, ready to paste into a story or a wiki."""
    grouped: dict[str, list[Statement]] = {}
    claims: dict[str, Claim] = {}
    for claim, s in statements(ledger, filters):
        claims[claim.id] = claim
        grouped.setdefault(claim.id, []).append(s)
    stream.write("# Claims and who stands where\n")
    if not grouped:
        stream.write("\nNo claims match.\n")
    for claim_id, kept in grouped.items():
        claim = claims[claim_id]
        asserted = ", ".join(md(n) for n in ledger.actor_names(claim.actors_with(Stance.ASSERTS)))
        denied = ", ".join(md(n) for n in ledger.actor_names(claim.actors_with(Stance.DENIES)))
        stream.write(f"\n## {md(claim.text)}\n\n")
        stream.write(f"`{claim.id}` · **{ledger.status(claim).value}**")
        if ledger.group_of(claim.id) != claim.id:
            stream.write(f" · the same claim as `{ledger.group_of(claim.id)}`")
        stream.write(f" · asserted by: {asserted or 'nobody'}")
        stream.write(f" · denied by: {denied or 'nobody'}\n\n")
        stream.write("| Actor | Stance | Date | Words | Source |\n|---|---|---|---|---|\n")
        for s in kept:
            who, where = ledger.actor_by_id[s.actor], ledger.source_by_id[s.source]
            words = f"“{md(s.quote)}”" if s.quote is not None else f"*{md(s.words)}* (paraphrase)"
            if s.original is not None:
                spoken = s.original
                said = (f"“{md(spoken.words)}”" if spoken.is_quote
                        else f"*{md(spoken.words)}* (paraphrase)")
                words += f"<br>as spoken ({md(spoken.lang)}, {md(spoken.source)}): {said}"
            source = md(where.title)
            if where.url:
                source = f"[{source}](<{md_url(where.url)}>)"
            stream.write(f"| {md(who.name)} | {s.stance.value} | {s.date.isoformat()} "
                         f"| {words} | {source} |\n")


# --------------------------------------------------------------------------- SQLite

SQLITE_SCHEMA = """
CREATE TABLE sources (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, published TEXT NOT NULL,
    publisher TEXT, url TEXT, note TEXT
);
CREATE TABLE actors (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT, affiliation TEXT,
    kind TEXT CHECK (kind IN ('person', 'organization')),
    aliases TEXT NOT NULL  -- a JSON array of text
);
CREATE TABLE claims (
    id TEXT PRIMARY KEY, text TEXT NOT NULL,
    topics TEXT NOT NULL,  -- a JSON array of text
    status TEXT NOT NULL CHECK (status IN ('disputed', 'asserted', 'denied', 'qualified')),
    group_id TEXT NOT NULL  -- the first claim of its same-as group, else its own id
);
CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    stance TEXT NOT NULL CHECK (stance IN ('asserts', 'denies', 'qualifies')),
    date TEXT NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources(id),
    quote TEXT, paraphrase TEXT, note TEXT,
    original_quote TEXT, original_lang TEXT, original_source TEXT,
    CHECK ((quote IS NULL) <> (paraphrase IS NULL))
);
CREATE TABLE relations (
    claim_id TEXT NOT NULL REFERENCES claims(id),  -- the claim that writes it
    kind TEXT NOT NULL
        CHECK (kind IN ('same-as', 'contradicts', 'supersedes', 'supports')),
    other_id TEXT NOT NULL  -- the claim it names (absent from claims if a filter left it out)
);
CREATE INDEX statements_claim ON statements(claim_id);
CREATE INDEX statements_actor ON statements(actor_id);
CREATE VIEW disputed_claims AS
    SELECT * FROM claims WHERE status = 'disputed';
"""


def write_sqlite(ledger: Ledger, filters: Filters, path: Path) -> None:
    """A database with tables sources, actors, claims, statements and relations (every
    relation the kept claims write, of every kind), and a view of the disputed claims;
    opens as is in sqlite3 and Datasette."""
    import sqlite3

    kept = statements(ledger, filters)
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(SQLITE_SCHEMA)
        db.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)", [
            (s.id, s.title, s.published.isoformat(), s.publisher, s.url, s.note)
            for s in ledger.sources])
        db.executemany("INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?)", [
            (a.id, a.name, a.role, a.affiliation, a.kind.value if a.kind else None,
             json.dumps(list(a.aliases), ensure_ascii=False)) for a in ledger.actors])
        claims = {claim.id: claim for claim, _s in kept}
        db.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?)", [
            (c.id, c.text, json.dumps(list(c.topics), ensure_ascii=False),
             ledger.status(c).value, ledger.group_of(c.id))
            for c in claims.values()])
        db.executemany(
            "INSERT INTO statements (claim_id, actor_id, stance, date, source_id, quote, "
            "paraphrase, note, original_quote, original_lang, original_source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(c.id, s.actor, s.stance.value, s.date.isoformat(), s.source, s.quote,
              s.paraphrase, s.note, *original_cells(s)) for c, s in kept])
        db.executemany("INSERT INTO relations VALUES (?, ?, ?)", [
            (c.id, r.kind, r.claim) for c in claims.values() for r in c.relations])
        db.commit()
    finally:
        db.close()


# ------------------------------------------------------------------- atomic files


def atomic_write(target: Path, write: Callable[[Path], None], *, ledger: Path) -> None:
    """Write ``target`` with ``write``, as :func:`kursk_cli.atomic.write_file` does: a
    regular file whole or not at all (keeping an existing file's mode), a pipe or device
    written into. Any failure is a :class:`KurskError` naming the file and the reason;
    an existing file is then left as it was."""
    import sqlite3

    from kursk_cli import atomic

    try:
        atomic.write_file(target, write, keep=ledger)
    except atomic.Refused as err:
        raise KurskError(str(err)) from None
    except OSError as err:
        raise KurskError(f"cannot write {target}: {err.strerror or err}") from None
    except sqlite3.Error as err:  # "database or disk is full", "disk I/O error"
        raise KurskError(f"cannot write {target}: {err}") from None


def text_writer(render: Callable[[TextIO], None]) -> Callable[[Path], None]:
    """A file writer for :func:`atomic_write` from a stream writer (UTF-8, exact newlines)."""

    def write(path: Path) -> None:
        with open(path, "w", encoding="utf-8", newline="") as stream:
            render(stream)
            stream.flush()
            os.fsync(stream.fileno())

    return write

