"""The ledger as Parquet tables for analysts: claims (with their derived status),
statements, actors and sources, one file each in a folder.

pyarrow is an optional extra (``pip install 'kursk[parquet]'``); without it the export
is a :class:`KurskError` naming the extra. Each file is written whole or not at all.
The schema is in docs/exports.md (under "Parquet"); ids are the ledger's own, and a
statement's id is its claim's id and its place among the claim's statements
(``claim-id/1``, ``claim-id/2``...), stable while the statements above it stay.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kursk_cli.errors import KurskError
from kursk_cli.model import Ledger, Stance
from kursk_cli.query import Filters, select

#: The tables and their columns, in order: (name, pyarrow type name, nullable).
SCHEMA: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "claims": (("claim_id", "string", False), ("text", "string", False),
               ("status", "string", False), ("topics", "list<string>", False),
               ("asserted_by", "list<string>", False), ("denied_by", "list<string>", False),
               ("qualified_by", "list<string>", False), ("latest", "date32", False),
               ("statements", "int32", False), ("group", "string", False)),
    "statements": (("statement_id", "string", False), ("claim_id", "string", False),
                   ("position", "int32", False), ("actor_id", "string", False),
                   ("stance", "string", False), ("date", "date32", False),
                   ("source_id", "string", False), ("quote", "string", True),
                   ("paraphrase", "string", True), ("note", "string", True)),
    "actors": (("actor_id", "string", False), ("name", "string", False),
               ("role", "string", True), ("affiliation", "string", True),
               ("kind", "string", True), ("aliases", "list<string>", False)),
    "sources": (("source_id", "string", False), ("title", "string", False),
                ("published", "date32", False), ("publisher", "string", True),
                ("url", "string", True), ("note", "string", True),
                ("archive", "string", True)),
}


def columns(ledger: Ledger, filters: Filters) -> dict[str, dict[str, list[Any]]]:
    """Each table's columns as plain lists: the claims the filters keep and their
    statements (all of them: a claim's status comes from all), every actor and source.
    A claim's status is its ``same-as`` group's, as every view gives it, and ``group``
    names the group (its first claim's id, else the claim's own)."""
    tables: dict[str, dict[str, list[Any]]] = {
        name: {column: [] for column, _, _ in spec} for name, spec in SCHEMA.items()}
    claims, statements = tables["claims"], tables["statements"]
    for claim in select(ledger, filters):
        row: tuple[Any, ...] = (
            claim.id, claim.text, ledger.status(claim).value, list(claim.topics),
            list(claim.actors_with(Stance.ASSERTS)), list(claim.actors_with(Stance.DENIES)),
            list(claim.actors_with(Stance.QUALIFIES)), claim.latest, len(claim.statements),
            ledger.group_of(claim.id))
        for column, value in zip(claims, row, strict=True):
            claims[column].append(value)
        for n, s in enumerate(claim.statements, 1):
            row = (f"{claim.id}/{n}", claim.id, n, s.actor, s.stance.value, s.date, s.source,
                   s.quote, s.paraphrase, s.note)
            for column, value in zip(statements, row, strict=True):
                statements[column].append(value)
    for a in ledger.actors:
        row = (a.id, a.name, a.role, a.affiliation, a.kind.value if a.kind else None,
               list(a.aliases))
        for column, value in zip(tables["actors"], row, strict=True):
            tables["actors"][column].append(value)
    for src in ledger.sources:
        row = (src.id, src.title, src.published, src.publisher, src.url, src.note, src.archive)
        for column, value in zip(tables["sources"], row, strict=True):
            tables["sources"][column].append(value)
    return tables


def _type(pa: Any, name: str) -> Any:
    return {"string": pa.string(), "int32": pa.int32(), "date32": pa.date32(),
            "list<string>": pa.list_(pa.string())}[name]


def write(ledger: Ledger, filters: Filters, folder: Path, *, keep: Path) -> list[Path]:
    """Write ``claims.parquet``, ``statements.parquet``, ``actors.parquet`` and
    ``sources.parquet`` into ``folder`` (made if missing); returns them."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise KurskError("the Parquet export needs pyarrow: pip install 'kursk[parquet]'") \
            from None
    from kursk_cli.export import atomic_write

    if folder.exists() and not folder.is_dir():
        raise KurskError(f"cannot write Parquet tables into {folder}: it is a file; "
                         "give a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise KurskError(f"cannot make the folder {folder}: {err.strerror or err}") from None
    written = []
    for name, values in columns(ledger, filters).items():
        schema = pa.schema([pa.field(column, _type(pa, kind), nullable=nullable)
                            for column, kind, nullable in SCHEMA[name]],
                           metadata={"kursk.table": name, "kursk.format": "1"})
        table = pa.table(values, schema=schema)
        target = folder / f"{name}.parquet"

        def fill(path: Path, table: Any = table) -> None:
            pq.write_table(table, path, compression="zstd")

        atomic_write(target, fill, ledger=keep)
        written.append(target)
    return written
