"""The Typer application: the lazy map of commands, the group, the options every
command shares, which ledger to read, completion, and the one function that prints an
answer (emit)."""

# No `from __future__ import annotations` here: Typer reads every command's
# annotations on each run, and string annotations cost it a typing.get_type_hints
# evaluation apiece (about 15 ms a run, measured).
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Iterator, MutableMapping
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from kursk_cli import answers, files, loader, query
from kursk_cli.cli.streams import _console, _import_render, _print, _problems, _say
from kursk_cli.errors import KurskError, printable
from kursk_cli.model import Ledger


class _Commands(MutableMapping[str, Any]):
    """The commands registered on ``commands``, each built into a Click command by Typer
    the first time it is looked up: a run builds the one it runs (building all 14 costs
    about 4 ms of every start-up); help, completion and suggestions list them all."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def _infos(self) -> dict[str, typer.models.CommandInfo]:
        return {info.name or typer.main.get_command_name(info.callback.__name__): info
                for info in commands.registered_commands if info.callback is not None}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            info = self._infos()[name]  # (a KeyError is Click's "no such command")
            self._built[name] = typer.main.get_command_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:  # (Click's add_command)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("a command registered with @commands.command() cannot be removed")

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self._infos()), **dict.fromkeys(self._built)})

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Group(TyperGroup):
    """kursk's group: its commands are :class:`_Commands` (with any Typer gives it)."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        given, self.commands = self.commands, _Commands()
        self.commands.update(given)


#: Where the commands are registered (``@commands.command(cls=_Command)``); ``app`` runs them.
commands = typer.Typer()

app = typer.Typer(
    cls=_Group,
    name="kursk",
    help="Who asserted, denied or qualified what: a checked YAML ledger of contested "
    "claims, queried in the terminal.",
    no_args_is_help=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _Command(TyperCommand):
    """A command whose usage line names a required argument plainly (``show [OPTIONS]
    CLAIM``), not in the braces Typer puts around it (``{CLAIM}``)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
                for piece in super().collect_usage_pieces(ctx)]


#: Rows a table shows unless --limit says otherwise; csv and json give everything.
DEFAULT_LIMIT = 50


class ViewFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    jsonld = "jsonld"
    sqlite = "sqlite"
    parquet = "parquet"

def _ledger_options(ctx: typer.Context) -> tuple[Path | None, bool]:
    """``--ledger`` and ``--no-cache`` as given after the command or before it (``kursk
    -l X claims``): the command's own ``--ledger`` wins. The one place that reads them,
    for commands and for completion alike (where a value is still the text typed)."""
    path: Path | None = None
    no_cache = False
    here: Any = ctx
    while here is not None:
        value = here.params.get("ledger_path")
        if path is None and value is not None:
            path = Path(value)
        no_cache = no_cache or bool(here.params.get("no_cache"))
        here = here.parent
    return path, no_cache


def _resolve(path: Path | None, quiet: bool = False) -> tuple[Path, str]:
    """:func:`files.resolve`, saying on stderr when it shows the example ledger."""
    if not quiet and files.example(path):
        _say(files.EXAMPLE_NOTE)
    return files.resolve(path)


def _yours(path: Path | None, command: str) -> None:
    """``draft`` and ``merge`` never work against the example ledger."""
    if files.example(path):
        raise KurskError(f"no facts.yaml here or above, and kursk {command} works on a "
                         "ledger of your own (not the example shipped with kursk); kursk "
                         "init starts one, or give one with --ledger")


def _open(ctx: typer.Context, quiet: bool = False) -> loader.Opened:
    path, no_cache = _ledger_options(ctx)
    where, shown = _resolve(path, quiet)
    opened = loader.open_ledger(where, shown, use_cache=not no_cache)
    if opened.problems:
        _problems(opened.problems)
        _part_of_a_ledger(where)
        raise typer.Exit(1)
    return opened


def _part_of_a_ledger(where: Path) -> None:
    """Where a ledger with problems is one part of a split ledger, say which ledger it
    belongs to: read alone, its actors and sources are missing."""
    whole = loader.including(where)
    if whole is not None:
        shown = printable(os.path.relpath(whole))
        _say(f"note: {printable(str(where))} is one file of the ledger {shown}, which includes "
             f"it; read the whole ledger: kursk check -l {shown}")


# -------------------------------------------------------------------- completion


def _completion_ledger(ctx: typer.Context) -> Ledger | None:
    try:
        return _open(ctx, quiet=True).ledger
    except Exception:  # completion must never break the shell
        return None


def _complete_actor(ctx: typer.Context, _param: Any, incomplete: str) -> list[str]:
    """Actor ids, names and aliases that start with what is typed: ``kursk actor Zel<TAB>``
    offers ``Zelenskyy`` and ``Zelensky``; with nothing typed, the ids. Names of several
    words are left out: a shell would insert them unquoted, as several arguments. Any case
    matches, as the commands read them (hence ``shell_complete``: Typer's ``autocompletion``
    keeps only the offers that start with the typed text in its case)."""
    found = _completion_ledger(ctx)
    if not found:
        return []
    # With nothing typed yet, the ids alone (not putin and Putin, trump and Trump...).
    keys = (key for a in found.actors
            for key in ((a.id, a.name, *a.aliases) if incomplete else (a.id,)))
    offers: dict[str, str] = {}  # (one of putin and Putin: as typed, if one is)
    for key in keys:
        if _starts(key, incomplete) and len(key.split()) == 1:
            kept = offers.setdefault(key.casefold(), key)
            if not kept.startswith(incomplete) and key.startswith(incomplete):
                offers[key.casefold()] = key
    return list(offers.values())


def _starts(offer: str, typed: str) -> bool:
    """Whether a completion offer starts with what is typed, in any case (as the commands
    read ids and names)."""
    return offer.casefold().startswith(typed.casefold())


def _complete_claim(ctx: typer.Context, _param: Any, incomplete: str) -> list[str]:
    found = _completion_ledger(ctx)
    return [c.id for c in found.claims if _starts(c.id, incomplete)] if found else []


def _complete_topic(ctx: typer.Context, _param: Any, incomplete: str) -> list[str]:
    found = _completion_ledger(ctx)
    if not found:
        return []
    topics = dict.fromkeys(t for c in found.claims for t in c.topics)
    return [t for t in topics if _starts(t, incomplete)]


# ---------------------------------------------------------------------- options

# Every command declares --ledger and --no-cache, and so does the callback (before the
# command); _ledger_options reads them from the context, never from the parameters.
LedgerOpt = Annotated[
    Path | None,
    typer.Option("--ledger", "-l", help="Ledger file. Default: $KURSK_LEDGER, else "
                 "facts.yaml here or above, else the example shipped with kursk.",
                 metavar="FILE",
                 # readable=False: kursk itself says why a file cannot be read (exit 1),
                 # the same for --ledger and $KURSK_LEDGER.
                 show_default=False, dir_okay=True, readable=False),
]
NoCacheOpt = Annotated[bool, typer.Option(
    "--no-cache", help="Read the ledger file itself, not kursk's cache of it (also: "
    "KURSK_NO_CACHE=1).")]
DisputedOpt = Annotated[bool, typer.Option("--disputed", help="Only claims both asserted "
                                           "and denied.")]
ActorOpt = Annotated[str | None, typer.Option(
    "--actor", "-a", help="Only claims this actor (id, name or alias) made statements on.",
    metavar="NAME", shell_complete=_complete_actor)]
TopicOpt = Annotated[str | None, typer.Option("--topic", "-t", help="Only claims with "
                                              "this topic.", metavar="TOPIC",
                                              shell_complete=_complete_topic)]
def _named(output: Path) -> str:
    """A file written, as messages name it: ``./-`` for the file named ``-`` (``-``
    alone means standard output)."""
    return f"./{output}" if str(output) == "-" else str(output)


def _not_the_ledger(output: Path, opened: loader.Opened, root: Path) -> None:
    """:class:`KurskError` when ``output`` is a file of the ledger, root or included, by
    any path that leads to it (a symlink, ``./``, another hard link): checked before any
    work, and again by the writer for the root."""
    def same(a: Path, b: Path) -> bool:
        try:
            return os.path.samefile(a, b)
        except OSError:
            return False

    real = Path(os.path.realpath(output))
    try:
        links = os.stat(real).st_nlink
    except OSError:
        links = 0
    ours = real in opened.paths or (  # (a hard link: only a file with several names)
        links > 1 and any(same(real, path) for path in opened.paths))
    if not ours:
        _not_included(output, opened, root)
        return
    if same(real, root) or real == Path(os.path.realpath(root)):
        raise KurskError(f"refusing to write over the ledger itself ({printable(str(output))})")
    raise KurskError(f"refusing to write over {printable(str(output))}: it is one of the "
                     "ledger's files")


def _not_included(output: Path, opened: loader.Opened, root: Path) -> None:
    """:class:`KurskError` when one of the ledger's includes would match the file
    ``output`` once written: the next read would take it for a file of the ledger. Says
    which include, and another place for the file where none would."""
    if os.path.isdir(output):  # (parquet's folder of tables)
        return
    taken = loader.taken_by(opened, output)
    if taken is None:
        return
    holder, include = taken
    home = Path(os.path.realpath(root)).parent
    instead = next((place for place in (home / output.name, home.parent / output.name)
                    if loader.taken_by(opened, place) is None
                    and Path(os.path.realpath(place)) not in opened.paths), None)
    where = ("write it outside the ledger's folder" if instead is None else
             f"write it elsewhere, for example {printable(os.path.relpath(instead))}")
    raise KurskError(
        f"refusing to write {printable(str(output))}: the ledger's include "
        f"'{printable(include.pattern)}' ({printable(holder)}:{include.line}:"
        f"{include.column}) would make it one of the ledger's files; {where}")


def _day(given: str) -> dt.date:
    """A date option (``--since``, ``--until``, ``--published``): a day written
    YYYY-MM-DD, leading zeros optional."""
    if found := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", given.strip()):
        try:
            return dt.date(*map(int, found.groups()))
        except ValueError:  # (2025-06-31: in the right form)
            raise typer.BadParameter(f"{printable(repr(given))} is not a real date") from None
    raise typer.BadParameter(f"{printable(repr(given))} is not a date; write the day as "
                             "YYYY-MM-DD, for example 2025-03-14")


SinceOpt = Annotated[dt.date | None, typer.Option(
    "--since", parser=_day, metavar="YYYY-MM-DD",
    help="Only statements on or after this date.")]
UntilOpt = Annotated[dt.date | None, typer.Option(
    "--until", parser=_day, metavar="YYYY-MM-DD",
    help="Only statements on or before this date.")]
SearchOpt = Annotated[str | None, typer.Option(
    "--search", "-s", help="Only claims whose text, quotes or paraphrases contain this "
    "(any case, any accents).", metavar="TEXT")]
ViewFormatOpt = Annotated[ViewFormat, typer.Option("--format", "-f", help="Output format.")]
LimitOpt = Annotated[int, typer.Option(
    "--limit", "-n", min=0, metavar="N", help="Most rows a table shows; 0 shows all. csv "
    "and json always give every row.")]
#: verify writes a table or JSON, never csv.
VerifyLimitOpt = Annotated[int, typer.Option(
    "--limit", "-n", min=0, metavar="N", help="Most quotes the table shows; 0 shows all. "
    "json always gives every quote.")]


def _output_file(given: str) -> Path | None:
    """``--output``: a file's name, or ``-`` for standard output (None; ``./-`` is a file).
    A folder, or a name only a folder can have (``x/``, ``x/.``, ``..``), is a mistake of
    the command line: a path would drop the slash, and the file beside it be written."""
    if given == "-":
        return None
    if not given:
        raise typer.BadParameter("give the name of a file to write")
    if os.path.basename(given) in ("", ".", "..") or os.path.isdir(given):
        raise typer.BadParameter(f"{printable(given)} names a folder; give the name of a file")
    return Path(given)


def _export_output(given: str) -> Path | None:
    """export's ``--output``: a file as :func:`_output_file` takes it, or a folder (which
    only ``--format parquet`` writes; the command says so for the others)."""
    if given and given != "-" and (os.path.basename(given) in ("", ".", "..")
                                   or os.path.isdir(given)):
        folder = _Folder(given)
        folder.given = given
        return folder
    return _output_file(given)


class _Folder(type(Path())):  # type: ignore[misc]
    """An ``--output`` given as a folder, and how it was written."""

    given = ""


def _filters(ledger: Ledger, disputed: bool = False, actor: str | None = None,
             topic: str | None = None, since: dt.date | None = None,
             until: dt.date | None = None, search: str | None = None) -> query.Filters:
    actor_id = query.find_actor(ledger, actor).id if actor is not None else None
    return query.Filters(disputed=disputed, actor=actor_id, topic=topic, since=since,
                         until=until, search=search)


# ------------------------------------------------------------------------- emit

Result = (query.ClaimsResult | query.ActorResult | query.ActorsResult | query.ShowResult
          | query.MatrixResult)


def _as_data_or_empty(result: "Result | OverTime", fmt: ViewFormat) -> bool:
    """Write a result as CSV or JSON rows, or say that a table would be empty: True when
    that is all there is to do."""
    if fmt is not ViewFormat.table:
        from kursk_cli import export

        write = export.write_csv if fmt is ViewFormat.csv else export.write_json_rows
        write(result.table, sys.stdout)
        return True
    if not result.table.rows:
        _say(f"no {result.noun} match")
        return True
    return False


def _csv(result: Result) -> str:
    from kursk_cli import export

    return export.csv_text(result.table)


R = TypeVar("R", query.ClaimsResult, query.ActorResult, query.ActorsResult,
            query.ShowResult, query.MatrixResult)


def emit_answer(opened: loader.Opened, question: tuple[object, ...],
                compute: Callable[[Ledger], R], kind: type[R], fmt: ViewFormat,
                limit: int = DEFAULT_LIMIT) -> None:
    """``emit(answers.answer(opened, question, compute, kind), fmt, limit)``; as CSV,
    the text remembered for an unchanged ledger is written as it is (``answers.csv``)."""
    if fmt is ViewFormat.csv:
        sys.stdout.write(answers.csv(opened, question, compute, kind, _csv))
        return
    emit(answers.answer(opened, question, compute, kind), fmt, limit)


def emit(result: Result, fmt: ViewFormat, limit: int = DEFAULT_LIMIT) -> None:
    """Write one view's answer in the chosen format: data on stdout, notes on stderr."""
    if _as_data_or_empty(result, fmt):
        return
    _import_render()
    from kursk_cli import render

    console = _console()
    width = console.width
    shown_limit = limit or None
    renderable: Any
    hidden_columns = 0
    if isinstance(result, query.ClaimsResult):
        renderable = render.claims(result, shown_limit, width)
    elif isinstance(result, query.ActorResult):
        renderable = render.actor(result, shown_limit, width)
    elif isinstance(result, query.ActorsResult):
        renderable = render.actors(result, shown_limit, width)
    elif isinstance(result, query.ShowResult):
        renderable, shown_limit = render.show(result, width), None
    else:
        renderable, hidden_columns = render.matrix(result, width, shown_limit)
    _print(renderable, console)
    rows = result.said if isinstance(result, query.ActorResult) else result.table.rows
    hidden = len(rows) - (shown_limit or len(rows))
    if hidden > 0:
        _say(f"… {_count(hidden, result.noun)} not shown; use --limit 0 to see all, "
             "or --format csv")
    if hidden_columns:
        verb = "does" if hidden_columns == 1 else "do"
        _say(f"… {_count(hidden_columns, 'claims')} {verb} not fit the width; narrow with "
             "--topic or --disputed, or use --format csv")


def _summary(summary: dict[str, int]) -> str:
    """``14 claims, 9 actors, 20 statements, 2 disputed``; one in the singular. With
    ``same-as`` groups, the disputed count them once (as ``kursk claims`` lists them),
    and says so."""
    groups = summary.get("groups", 0)
    once = (f" ({groups} same-as group{'s' if groups != 1 else ''} counted once)"
            if groups else "")
    return ", ".join(f"{summary[noun]} {noun if summary[noun] != 1 else noun[:-1]}"
                     for noun in ("claims", "actors", "statements")
                     ) + f", {summary['disputed']} disputed{once}"


def _count(number: int, plural: str) -> str:
    """``1 more claim``, ``2 more claims``: NOUN is the plural (claims, actors...)."""
    return f"{number} more {plural if number != 1 else plural.removesuffix('s')}"

# ------------------------------------------------------- claims over time (issue 14)

ReversalsOpt = Annotated[bool, typer.Option(
    "--reversals", help="List reversals instead: an actor who asserted a claim and later "
    "denied it, or the reverse.")]


if TYPE_CHECKING:
    from kursk_cli.timeline import ChangesResult, ClaimTimeline, ReversalsResult

    OverTime = ClaimTimeline | ChangesResult | ReversalsResult


def _emit_over_time(result: "OverTime", fmt: ViewFormat, limit: int) -> None:
    """Write a timeline, status changes or reversals: data on stdout, notes on stderr."""
    _import_render()
    from kursk_cli import render, timeline

    if _as_data_or_empty(result, fmt):
        return
    width = _console().width
    if isinstance(result, timeline.ClaimTimeline):
        layout = timeline.chart(result, width)
        _print(render.timeline(result, layout))
        if layout.hidden:
            _say(f"… {layout.hidden} earlier {layout.scale.value}s do not fit the width; "
                 "narrow with --since, or use --format csv")
        return
    shown = limit or None
    if isinstance(result, timeline.ReversalsResult):
        _print(render.reversals(result, shown, width))
    else:
        _print(render.changes(result, shown, width))
    hidden = len(result.table.rows) - (shown or len(result.table.rows))
    if hidden > 0:
        _say(f"… {_count(hidden, result.noun)} not shown; use --limit 0 to see all, "
             "or --format csv")
