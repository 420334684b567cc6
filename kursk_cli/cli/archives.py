"""Quotes against saved reports: kursk verify and kursk variants."""

# No `from __future__ import annotations` here: Typer reads every command's
# annotations on each run, and string annotations cost it a typing.get_type_hints
# evaluation apiece (about 15 ms a run, measured).
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kursk_cli.cli.app import (
    DEFAULT_LIMIT,
    LedgerOpt,
    NoCacheOpt,
    VerifyLimitOpt,
    ViewFormat,
    ViewFormatOpt,
    _Command,
    _open,
    commands,
)
from kursk_cli.cli.streams import _console, _friendly, _import_render, _print, _say, _say_located
from kursk_cli.errors import json_inert

# ------------------------------------------- archives: verify, several outlets, variants


class VerifyFormat(str, Enum):
    table = "table"
    json = "json"


@commands.command("verify", cls=_Command)
@_friendly
def verify_command(
    ctx: typer.Context,
    ledger_path: LedgerOpt = None,
    archive_dir: Annotated[Path | None, typer.Option(
        "--archive-dir", metavar="DIR", help="Also look for DIR/SOURCE-ID.txt, .md or .html for "
        "sources "
        "without an 'archive:' key.", exists=True, file_okay=False, dir_okay=True,
        show_default=False)] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail also when a quote's source has no archive.")] = False,
    fmt: Annotated[VerifyFormat, typer.Option("--format", "-f", help="table: on stdout, "
                   "the summary on stderr; json: everything as JSON on stdout.")]
    = VerifyFormat.table,
    limit: VerifyLimitOpt = DEFAULT_LIMIT,
    no_cache: NoCacheOpt = False,
) -> None:
    """Check every quote against the saved copy of the report its statement cites.

    Each quote (and each phrase in double quote marks inside a paraphrase) is verified,
    differs, not found, or has no archive. The table lists those that differ or are not
    found first. Exits 1 when any differs or is not found (with --strict, also when any
    has no archive) or an archive cannot be read.

    Example: kursk verify --archive-dir archive --strict
    """
    from kursk_cli import archive, verify

    found = _open(ctx).ledger
    archives, problems = archive.gather(found, None if archive_dir is None else str(archive_dir))
    checks = verify.verify(found, archives)
    summary = verify.summary(checks)
    if fmt is VerifyFormat.json:
        import json

        sys.stdout.write(json_inert(json.dumps(verify.document(checks, problems, strict),
                                               ensure_ascii=False, indent=2)) + "\n")
    elif checks:
        _import_render()
        from kursk_cli import render

        console = _console()
        shown = verify.worst_first(checks)[:limit or None]
        _print(render.verify(shown, console.width), console)
        if len(shown) < len(checks):
            _say(f"… {len(checks) - len(shown)} more quotes not shown; use --limit 0 to see "
                 "all, or --format json")
    for problem in problems:
        _say_located(str(problem))
    _say(summary)
    if problems or verify.failed(checks, strict):
        raise typer.Exit(1)


@commands.command(cls=_Command)
@_friendly
def variants(
    ctx: typer.Context,
    ledger_path: LedgerOpt = None,
    fmt: ViewFormatOpt = ViewFormat.table,
    no_cache: NoCacheOpt = False,
) -> None:
    """List statements whose wording differs from source to source, side by side.

    Statements of one claim by the same actor, stance and date, from different sources,
    whose quotes are close but not equal. Words only the first wording has are marked
    [-so-], words only the other has {+so+}.

    Example: kursk variants --format csv
    """
    from kursk_cli import outlets

    found = _open(ctx).ledger
    listed = outlets.variants(found)
    if fmt is not ViewFormat.table:
        from kursk_cli import export

        write = export.write_csv if fmt is ViewFormat.csv else export.write_json_rows
        write(outlets.table(listed), sys.stdout)
    elif not listed:
        _say("no wording variants: no two sources quote one statement in different words")
    else:
        _import_render()
        from kursk_cli import render

        names = {a.id: a.name for a in found.actors}
        _print(render.variants(listed, names, _console().width))
