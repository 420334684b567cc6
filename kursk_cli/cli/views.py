"""Reading views: kursk with no command, check, claims, actor, actors, show, matrix
and graph."""

# No `from __future__ import annotations` here: Typer reads every command's
# annotations on each run, and string annotations cost it a typing.get_type_hints
# evaluation apiece (about 15 ms a run, measured).
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kursk_cli import __version__, answers, files, loader, query
from kursk_cli.cli.app import (
    DEFAULT_LIMIT,
    ActorOpt,
    CheckFormat,
    DisputedOpt,
    LedgerOpt,
    LimitOpt,
    NoCacheOpt,
    SearchOpt,
    SinceOpt,
    TopicOpt,
    UntilOpt,
    ViewFormat,
    ViewFormatOpt,
    _Command,
    _complete_actor,
    _complete_claim,
    _filters,
    _ledger_options,
    _open,
    _part_of_a_ledger,
    _resolve,
    _summary,
    app,
    commands,
    emit_answer,
)
from kursk_cli.cli.streams import _friendly, _problems, _say
from kursk_cli.errors import LedgerInvalid, Problem, json_inert, printable
from kursk_cli.model import Ledger, Stance


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    ledger_path: LedgerOpt = None,
    no_cache: NoCacheOpt = False,
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")]
    = False,
) -> None:
    """Who asserted, denied or qualified what: a checked YAML ledger of contested claims.

    With no command, lists the claims (as `kursk claims`).

    Example: kursk claims --disputed
    """
    if version:
        print(f"kursk {__version__}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        claims(ctx)


def _archives_inside(opened: loader.Opened) -> None:
    """:class:`LedgerInvalid` for each ``archive:`` that a symlink takes out of the folder
    of its ledger file (the disk decides, so it is asked each time; nothing is read)."""
    declared = answers.answer(opened, ("archives",), lambda ledger: [
        (s.file, *s.where("archive"), s.archive, s.id) for s in ledger.sources if s.archive],
        list[tuple[str, int, int, str, str]])
    outside = [Problem(file, line, column, f"archive '{path}' of source '{source}': "
                       f"{files.OUTSIDE}")
               for file, line, column, value, source in declared
               for path in [os.path.join(os.path.dirname(file), value)]
               if not files.within(os.path.dirname(file), path)]
    if outside:
        raise LedgerInvalid(outside)


@commands.command(cls=_Command)
@_friendly
def check(
    ctx: typer.Context,
    ledgers: Annotated[list[Path] | None, typer.Argument(
        help="Ledger files to check, each on its own (as a pre-commit hook passes "
        "them); with --format json, a list of reports.", show_default=False,
        metavar="[FILE]...", readable=False)] = None,
    ledger_path: LedgerOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="text: problems on "
                   "stderr, compiler style; json: the same problems as JSON on stdout.")]
    = CheckFormat.text,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail also on warnings (an actor asserting two contradicting "
        "claims within 7 days).")] = False,
) -> None:
    """Check the ledger and report every problem, located as FILE:LINE:COLUMN.

    Exits 0 when the ledger is sound, 1 when it has problems (with --strict, also when
    it has warnings).

    Example: kursk check --ledger facts.yaml
    """
    path, without_cache = _ledger_options(ctx)
    chosen = [_resolve(path)] if path is not None or not ledgers else []
    chosen += [(given, str(given)) for given in ledgers or ()]
    reports = []
    for where, shown in chosen:
        summary: dict[str, int] | None = None
        problems: list[Problem] = []
        warnings: list[Problem] = []
        try:
            opened = loader.open_ledger(where, shown, use_cache=not without_cache)
            if opened.problems:
                raise LedgerInvalid(opened.problems)
            _archives_inside(opened)
            summary = answers.answer(opened, ("summary",), lambda ledger: ledger.summary,
                                     dict[str, int])
            warnings = answers.answer(opened, ("contradictions",), _contradictions,
                                      list[Problem])
        except LedgerInvalid as err:
            problems = err.problems
        reports.append({"ledger": shown, "ok": not problems and not (strict and warnings),
                        "summary": summary, "problems": [p.as_dict() for p in problems],
                        "warnings": [p.as_dict() for p in warnings]})
        if fmt is CheckFormat.json:
            continue
        if summary is not None:
            print(f"{printable(shown)}: ok: {_summary(summary)}")
            for warning in warnings:
                _say(str(warning))
            if strict and warnings:
                _say(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} in "
                     f"{shown}; --strict fails on warnings")
        else:
            _problems(problems)
            _part_of_a_ledger(where)
    if fmt is CheckFormat.json:
        import json

        sys.stdout.write(json_inert(json.dumps(reports if ledgers else reports[0],
                                               ensure_ascii=False, indent=2)) + "\n")
    if not all(report["ok"] for report in reports):
        raise typer.Exit(1)


def _contradictions(ledger: Ledger) -> list[Problem]:
    from kursk_cli import relations

    return relations.contradictions(ledger)


@commands.command(cls=_Command)
@_friendly
def claims(
    ctx: typer.Context,
    ledger_path: LedgerOpt = None,
    disputed: DisputedOpt = False,
    actor: ActorOpt = None,
    topic: TopicOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    search: SearchOpt = None,
    fmt: ViewFormatOpt = ViewFormat.table,
    limit: LimitOpt = DEFAULT_LIMIT,
    no_cache: NoCacheOpt = False,
) -> None:
    """List claims with their status, who asserts and who denies them.

    Example: kursk claims --disputed --since 2025-03-01
    """
    def view(ledger: Ledger) -> query.ClaimsResult:
        result = query.claims(ledger, _filters(ledger, disputed, actor, topic, since, until,
                                               search))
        if topic is not None and not result.table.rows:
            query.check_topic(ledger, topic)
        return result

    emit_answer(_open(ctx), ("claims", disputed, actor, topic, since, until, search),
                view, query.ClaimsResult, fmt, limit)


@commands.command("actor", cls=_Command)
@_friendly
def actor_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="An actor's id, name or alias, any case; "
                                        "a unique prefix will do.", metavar="NAME",
                                        shell_complete=_complete_actor)],
    ledger_path: LedgerOpt = None,
    stance: Annotated[Stance | None, typer.Option("--stance", help="Only statements "
                                                  "with this stance.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: ViewFormatOpt = ViewFormat.table,
    limit: LimitOpt = DEFAULT_LIMIT,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show one actor and every statement they made.

    Example: kursk actor putin --stance asserts
    """
    filters = query.Filters(stance=stance, since=since, until=until)
    emit_answer(_open(ctx), ("actor", name, filters),
                lambda ledger: query.actor(ledger, query.find_actor(ledger, name), filters),
                query.ActorResult, fmt, limit)


@commands.command(cls=_Command)
@_friendly
def actors(
    ctx: typer.Context,
    ledger_path: LedgerOpt = None,
    fmt: ViewFormatOpt = ViewFormat.table,
    limit: LimitOpt = DEFAULT_LIMIT,
    no_cache: NoCacheOpt = False,
) -> None:
    """List every actor with their number of statements by stance.

    Example: kursk actors --format csv
    """
    emit_answer(_open(ctx), ("actors",), query.actors, query.ActorsResult, fmt, limit)


@commands.command(cls=_Command)
@_friendly
def show(
    ctx: typer.Context,
    claim: Annotated[str, typer.Argument(help="A claim id, any case; a unique prefix will "
                                         "do.", metavar="CLAIM",
                                         shell_complete=_complete_claim)],
    ledger_path: LedgerOpt = None,
    fmt: ViewFormatOpt = ViewFormat.table,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show one claim and its two sides: who asserts, who denies, who qualifies.

    Example: kursk show kursk-encirclement
    """
    from kursk_cli.timeline import reversals_in

    def marked(ledger: Ledger) -> query.ShowResult:
        chosen = ledger.grouped(query.find_claim(ledger, claim))
        return query.show(ledger, chosen, reversals_in(chosen))

    emit_answer(_open(ctx), ("show", claim), marked, query.ShowResult, fmt)


@commands.command(cls=_Command)
@_friendly
def matrix(
    ctx: typer.Context,
    ledger_path: LedgerOpt = None,
    disputed: DisputedOpt = False,
    topic: TopicOpt = None,
    fmt: ViewFormatOpt = ViewFormat.table,
    limit: LimitOpt = DEFAULT_LIMIT,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show actors by claims, each cell the actor's stance: + asserts, - denies,
    ~ qualifies.

    Example: kursk matrix --disputed
    """
    def view(ledger: Ledger) -> query.MatrixResult:
        if topic is not None:
            query.check_topic(ledger, topic)
        return query.matrix(ledger, query.Filters(disputed=disputed, topic=topic))

    emit_answer(_open(ctx), ("matrix", disputed, topic), view, query.MatrixResult, fmt,
                limit)


class GraphFormat(str, Enum):
    dot = "dot"
    mermaid = "mermaid"
    graphml = "graphml"
    json = "json"


@commands.command("graph")
@_friendly
def graph_command(
    ctx: typer.Context,
    claim: Annotated[str | None, typer.Argument(
        help="Only this claim (id, any case; a unique prefix will do) and the claims "
        "related to it, directly or through others.", metavar="CLAIM",
        shell_complete=_complete_claim, show_default=False)] = None,
    ledger_path: LedgerOpt = None,
    fmt: Annotated[GraphFormat, typer.Option("--format", "-f", help="dot: Graphviz; "
                   "mermaid: renders on GitHub; graphml: Gephi, yEd; json: claims and "
                   "relations.")] = GraphFormat.dot,
    no_cache: NoCacheOpt = False,
) -> None:
    """Write the claims and the relations between them as a graph, each claim labelled
    and coloured by its status.

    Example: kursk graph kursk-encirclement --format mermaid
    """
    from kursk_cli import relations

    found = _open(ctx).ledger
    keep = (relations.component(found, query.find_claim(found, claim).id)
            if claim is not None else None)
    nodes, edges = relations.graph(found, keep)
    write = {GraphFormat.dot: relations.write_dot, GraphFormat.mermaid: relations.write_mermaid,
             GraphFormat.graphml: relations.write_graphml,
             GraphFormat.json: relations.write_json}[fmt]
    write(nodes, edges, sys.stdout)
