"""Exports for other tools: kursk export (csv, json, markdown, sqlite, parquet) and
kursk site."""

# No `from __future__ import annotations` here: Typer reads every command's
# annotations on each run, and string annotations cost it a typing.get_type_hints
# evaluation apiece (about 15 ms a run, measured).
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from kursk_cli import files, query
from kursk_cli.cli.app import (
    ActorOpt,
    DisputedOpt,
    ExportFormat,
    LedgerOpt,
    NoCacheOpt,
    SearchOpt,
    SinceOpt,
    TopicOpt,
    UntilOpt,
    _Command,
    _export_output,
    _filters,
    _Folder,
    _ledger_options,
    _named,
    _not_the_ledger,
    _open,
    commands,
)
from kursk_cli.cli.streams import _friendly, _say
from kursk_cli.errors import printable


@commands.command("export", cls=_Command)
@_friendly
def export_command(
    ctx: typer.Context,
    ledger_path: LedgerOpt = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv: one row per "
                   "statement; json: the whole ledger; jsonl: one statement per line; "
                   "markdown: a report by claim; jsonld: schema.org Claim nodes; sqlite: "
                   "a database (needs --output); parquet: a folder of tables, one per "
                   "kind (needs --output DIR and the parquet extra).")]
    = ExportFormat.csv,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (whole or not at all) instead of "
        "stdout; - is stdout. A folder for parquet.", metavar="FILE",
        parser=_export_output)] = None,
    disputed: DisputedOpt = False,
    actor: ActorOpt = None,
    topic: TopicOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    search: SearchOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Export statements for spreadsheets, scripts, articles, the web and databases.

    CSV cells that a spreadsheet would run as a formula start with a ' instead.

    Example: kursk export --disputed -o disputed.csv
    """
    from kursk_cli import export

    if fmt is ExportFormat.sqlite and output is None:
        raise typer.BadParameter("sqlite writes a database file; give it with --output FILE",
                                 ctx=ctx, param_hint="'--format'")
    if isinstance(output, _Folder) and fmt is not ExportFormat.parquet:
        raise typer.BadParameter(f"{printable(output.given)} names a folder; give the name "
                                 "of a file", ctx=ctx, param_hint="'--output' / '-o'")
    if fmt is ExportFormat.parquet and output is None:
        raise typer.BadParameter("parquet writes a folder of tables; give it with --output "
                                 "DIR", ctx=ctx, param_hint="'--format'")
    where = files.resolve(_ledger_options(ctx)[0])[0]
    opened = _open(ctx)
    if output is not None:
        _not_the_ledger(output, opened, where)
    found = opened.ledger
    filters = _filters(found, disputed, actor, topic, since, until, search)
    if topic is not None:
        query.check_topic(found, topic)
    if fmt is ExportFormat.sqlite and output is not None:
        export.atomic_write(output, lambda path: export.write_sqlite(found, filters, path),
                            ledger=where)
        _say(f"wrote {_named(output)}")
        return
    if fmt is ExportFormat.parquet and output is not None:
        from kursk_cli import parquet

        tables = parquet.write(found, filters, output, keep=where)
        _say(f"wrote {', '.join(printable(str(t)) for t in tables)}")
        return
    writers: dict[ExportFormat, Callable[[Any], None]] = {
        ExportFormat.csv: lambda s: export.write_csv(export.statement_table(found, filters), s),
        ExportFormat.json: lambda s: export.write_json(found, filters, s),
        ExportFormat.jsonl: lambda s: export.write_jsonl(
            export.statement_table(found, filters), s),
        ExportFormat.markdown: lambda s: export.write_markdown(found, filters, s),
        ExportFormat.jsonld: lambda s: export.write_jsonld(found, filters, s),
    }
    write = writers[fmt]
    if output is None:
        write(sys.stdout)
    else:
        export.atomic_write(output, export.text_writer(write), ledger=where)
        _say(f"wrote {_named(output)}")


def _site_folder(given: str) -> Path:
    if not given:
        raise typer.BadParameter("give a folder to write the site into")
    return Path(given)


def _base_url(given: str) -> str:
    if not re.fullmatch(r"https?://[^\s\x00-\x1f\x7f]+", given, re.I):
        raise typer.BadParameter(f"{printable(given)} is not an http or https address")
    return given


@commands.command("site")
@_friendly
def site_command(
    ctx: typer.Context,
    ledger_path: LedgerOpt = None,
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The site's folder: new, empty, or one kursk site wrote "
        "before (only its files are replaced or deleted).", metavar="DIR",
        parser=_site_folder)] = Path("site"),
    title: Annotated[str, typer.Option(
        "--title", help="The site's title, atop every page.", metavar="TEXT")] = "kursk ledger",
    base_url: Annotated[str | None, typer.Option(
        "--base-url", help="Where the site will be published (http or https), for "
        "canonical links and the JSON-LD's urls.", metavar="URL", parser=_base_url)] = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Write a static site of the ledger: an index with filters and search, a page per
    claim and per actor, a sources page. Opens from the folder or any static host; nothing
    is fetched from elsewhere. Pages that did not change are not rewritten.

    Example: kursk site -o site && python -m http.server -d site
    """
    from kursk_cli import site

    found = _open(ctx).ledger
    done = site.build(found, output, site.Settings(title=title, base_url=base_url))
    _say(f"wrote {printable(str(output))}: {len(done.written)} files written, "
         f"{len(done.unchanged)} unchanged, {len(done.removed)} removed")
