"""Claims over time: kursk timeline and kursk diff."""

# No `from __future__ import annotations` here: Typer reads every command's
# annotations on each run, and string annotations cost it a typing.get_type_hints
# evaluation apiece (about 15 ms a run, measured).
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kursk_cli import files, loader, query
from kursk_cli.cli.app import (
    DEFAULT_LIMIT,
    LedgerOpt,
    LimitOpt,
    NoCacheOpt,
    ReversalsOpt,
    SinceOpt,
    UntilOpt,
    ViewFormat,
    ViewFormatOpt,
    _Command,
    _complete_actor,
    _complete_claim,
    _emit_over_time,
    _ledger_options,
    _open,
    commands,
)
from kursk_cli.cli.streams import _friendly, _import_render, _print, _say
from kursk_cli.errors import LedgerInvalid, json_inert
from kursk_cli.model import Ledger

if TYPE_CHECKING:
    from kursk_cli.cli.app import OverTime


@commands.command("timeline", cls=_Command)
@_friendly
def timeline_command(
    ctx: typer.Context,
    claim: Annotated[str | None, typer.Argument(
        help="A claim id. Without one: every claim's status changes, by date.",
        metavar="CLAIM",
        shell_complete=_complete_claim)] = None,
    ledger_path: LedgerOpt = None,
    reversals: ReversalsOpt = False,
    actor: Annotated[str | None, typer.Option(
        "--actor", "-a", metavar="NAME",
        help="Only this actor's statements (id, name or alias); without "
        "a claim, only the claims they made statements on.",
        shell_complete=_complete_actor)] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: ViewFormatOpt = ViewFormat.table,
    limit: LimitOpt = DEFAULT_LIMIT,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show a claim's statements over time: a lane per actor, a column per date (or
    week, month, year, to fit), + asserts, - denies, ~ qualifies, and the claim's status
    after each. Without a claim: every claim's status changes, by date.

    Example: kursk timeline kursk-encirclement
    """
    from kursk_cli import timeline

    found = _open(ctx).ledger
    chosen = query.find_claim(found, claim) if claim is not None else None
    window = timeline.Window(query.find_actor(found, actor).id if actor else None,
                             since, until)
    if reversals:
        result: OverTime = timeline.reversals(found, [chosen] if chosen else found.claims,
                                              window)
    elif chosen is not None:
        result = timeline.claim_timeline(found, chosen, window)
    else:
        result = timeline.changes(found, window)
    _emit_over_time(result, fmt, limit)

if TYPE_CHECKING:
    from kursk_cli.cli.app import OverTime


# ---------------------------------------------------------------- diff (issue 14)


class DiffFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def _version(given: str | None, ctx: typer.Context) -> tuple[Ledger, str]:
    """A version of the ledger: a file if ``given`` names one, else the ledger at the git
    revision ``given``; without ``given``, the ledger as it is on disk."""
    path, no_cache = _ledger_options(ctx)
    if given is not None and not files.present(Path(given)):
        from kursk_cli import history

        return history.ledger_at(files.resolve(path)[0], given, use_cache=not no_cache)
    where, shown = files.resolve(Path(given) if given is not None else path)
    opened = loader.open_ledger(where, shown, use_cache=not no_cache)
    if opened.problems:
        raise LedgerInvalid(opened.problems)
    return opened.ledger, shown


@commands.command("diff", cls=_Command)
@_friendly
def diff_command(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(
        metavar="OLD", help="The old version: a ledger file, or a git "
                                       "revision of the ledger (HEAD~1, main, a tag).")],
    new: Annotated[str | None, typer.Argument(
        help="The new version, as OLD. Default: the ledger as it is on disk.", metavar="NEW",
        show_default=False)] = None,
    ledger_path: LedgerOpt = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="table: for the "
                   "terminal; json: for scripts; markdown: to paste into a review.")]
    = DiffFormat.table,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit 1 when anything changed, 0 when nothing did (as git "
        "diff --exit-code).")] = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show what changed between two versions of the ledger: claims added and removed,
    status changes, statements added, removed or changed (which fields), actors and
    sources. A file that exists is read as a file; anything else as a git revision.

    Example: kursk diff HEAD~1
    """
    from kursk_cli import diff

    before, old_name = _version(old, ctx)
    after, new_name = _version(new, ctx)
    changes = diff.compare(before, after)
    if fmt is DiffFormat.json:
        import json

        sys.stdout.write(json_inert(json.dumps(diff.document(changes, old_name, new_name),
                                               ensure_ascii=False, indent=2)) + "\n")
    elif fmt is DiffFormat.markdown:
        sys.stdout.write(diff.markdown(changes, old_name, new_name))
    elif changes.changed:
        _import_render()
        from kursk_cli import render

        _print(render.diff(changes, old_name, new_name))
    else:
        _say(f"no changes from {old_name} to {new_name}")
    if exit_code and changes.changed:
        raise typer.Exit(1)
