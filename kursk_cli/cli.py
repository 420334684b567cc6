"""The kursk command line: parses options, asks the core, hands the answer to emit().

The only module that prints, raises ``typer.Exit`` or picks an exit code: 0 success,
1 a bad ledger or an unknown name, 2 a bad command line (Typer's own).
"""

# No `from __future__ import annotations` here: Typer reads every command's
# annotations on each run, and string annotations cost it a typing.get_type_hints
# evaluation apiece (about 15 ms a run, measured).
import datetime as dt
import errno
import functools
import io
import os
import re
import sys
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager, suppress
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from kursk_cli import __version__, answers, files, loader, query
from kursk_cli.errors import KurskError, LedgerInvalid, Problem, json_inert, printable
from kursk_cli.memory import collector_paused
from kursk_cli.model import Ledger, Stance

if TYPE_CHECKING:
    from rich.console import Console

# Start-up is paid on every command: Rich's console and the export module (csv, json,
# sqlite3, tempfile) are imported only by the commands that use them.

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


#: Where the commands are registered (``@commands.command()``); ``app`` runs them.
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


# ------------------------------------------------------------------ consoles & errors

#: Spaces at the end of a line, before any closing style codes.
_TRAILING_SPACES = re.compile(r" +(?=(?:\x1b\[[0-9;]*m)*$)", re.M)


def _import_render() -> None:
    """Import Rich and kursk's renderers, the first time a view is drawn, with the
    collector paused as for the rest of start-up (see ``kursk_cli.__main__``)."""
    if "kursk_cli.render" not in sys.modules:
        with collector_paused():
            import kursk_cli.render  # noqa: F401


def _console() -> "Console":
    """A stdout console that never reads markup or emoji codes, and styles nothing when
    NO_COLOR is set (Rich itself turns styling off when stdout is not a terminal)."""
    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR"))
    return Console(markup=False, emoji=False, highlight=False,
                   color_system=None if plain else "auto")


def _say(message: str) -> None:
    """A message for the person at the terminal, on stderr, one line: control characters
    (in a file's name, say) are shown escaped, never sent raw."""
    print(printable(message), file=sys.stderr)


def _problems(problems: list[Problem], shown: str) -> None:
    for problem in problems:
        _say(str(problem))
    count = len(problems)
    _say(f"{count} problem{'s' if count != 1 else ''} in {shown}")


def _to_devnull(stream: Any) -> None:
    """Point a failed stream's file descriptor at /dev/null, so that what is still
    buffered goes nowhere at the final flush instead of failing a second time."""
    with suppress(OSError, ValueError):  # no descriptor: CliRunner's stream, say
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, stream.fileno())
        os.close(fd)


def _silence_stdout() -> None:
    _to_devnull(sys.stdout)


class _OutputFailed(OSError):
    """Writing to stdout failed outside a command, for a reason :func:`main` says."""


def _stdout_failed(err: OSError) -> None:
    """A write to stdout failed. A reader that went away (`kursk check | head -c1`) ends
    the output quietly, and the command goes on to the exit status it earns; anything
    else (a full disk, `> /dev/full`) is a sentence and exit 1."""
    _silence_stdout()
    if err.errno != errno.EPIPE:
        raise KurskError(f"cannot write to standard output: {err.strerror or err}") from None


def _pipe_closed(err: OSError) -> None:
    """A write to stdout failed outside a command (help, version, completion): a reader
    that went away (`kursk --help | head -1`) ends the output quietly, exit 0; anything
    else (a full disk, a terminal gone) is said by :func:`main`, exit 1."""
    _silence_stdout()
    if err.errno != errno.EPIPE:
        raise _OutputFailed(err.errno, err.strerror) from None


class _Stdout:
    """A standard stream kursk writes to (stdout, and stderr for messages): failures to
    write are handled by ``failed`` (for stdout while a command runs,
    :func:`_stdout_failed`); after one, output is dropped."""

    def __init__(self, stream: Any, failed: Callable[[OSError], None] | None = None) -> None:
        self.stream = stream
        self.failed = False
        self._on_failure = failed or _stdout_failed

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # a text stream, as Click's probes expect
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if not self.failed and text:  # (an empty write, Click's probe, is not sent on)
            try:
                self.stream.write(text)
            except OSError as err:
                self.failed = True
                self._on_failure(err)
        return len(text)

    def flush(self) -> None:
        if not self.failed:
            try:
                self.stream.flush()
            except OSError as err:
                self.failed = True
                self._on_failure(err)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def _guarded_stdout() -> Iterator[None]:
    guarded = _Stdout(sys.stdout)
    sys.stdout = guarded
    try:
        yield
    finally:
        sys.stdout = guarded.stream
        guarded.flush()  # here, not at exit, where a failure could only be a traceback


F = TypeVar("F", bound=Callable[..., Any])


def _friendly(command: F) -> F:
    """Turn the core's errors into messages and exit 1, never a traceback."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            with _guarded_stdout():
                return command(*args, **kwargs)
        except LedgerInvalid as err:
            _problems(err.problems, err.problems[0].path)
            raise typer.Exit(1) from None
        except KurskError as err:
            _say(f"kursk: {err}")
            raise typer.Exit(1) from None

    return run  # type: ignore[return-value]


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


def _open(ctx: typer.Context) -> loader.Opened:
    path, no_cache = _ledger_options(ctx)
    where, shown = files.resolve(path)
    opened = loader.open_ledger(where, shown, use_cache=not no_cache)
    if opened.problems:
        raise LedgerInvalid(opened.problems)
    return opened


# -------------------------------------------------------------------- completion


def _completion_ledger(ctx: typer.Context) -> Ledger | None:
    try:
        return _open(ctx).ledger
    except Exception:  # completion must never break the shell
        return None


def _complete_actor(ctx: typer.Context, incomplete: str) -> list[str]:
    """Actor ids, names and aliases that start with what is typed: ``kursk actor Zel<TAB>``
    offers ``Zelenskyy`` and ``Zelensky``; with nothing typed, the ids. Names of several
    words are left out: a shell would insert them unquoted, as several arguments. (Typer
    keeps only the offers that start with the typed text as typed, so case matters.)"""
    found = _completion_ledger(ctx)
    if not found:
        return []
    # With nothing typed yet, the ids alone (not putin and Putin, trump and Trump...).
    keys = (key for a in found.actors
            for key in ((a.id, a.name, *a.aliases) if incomplete else (a.id,)))
    return list(dict.fromkeys(key for key in keys
                              if key.startswith(incomplete) and len(key.split()) == 1))


def _complete_claim(ctx: typer.Context, incomplete: str) -> list[str]:
    found = _completion_ledger(ctx)
    return [c.id for c in found.claims if c.id.startswith(incomplete)] if found else []


def _complete_topic(ctx: typer.Context, incomplete: str) -> list[str]:
    found = _completion_ledger(ctx)
    if not found:
        return []
    topics = dict.fromkeys(t for c in found.claims for t in c.topics)
    return [t for t in topics if t.startswith(incomplete)]


# ---------------------------------------------------------------------- options

# Every command declares --ledger and --no-cache, and so does the callback (before the
# command); _ledger_options reads them from the context, never from the parameters.
LedgerOpt = Annotated[
    Path | None,
    typer.Option("--ledger", "-l", help="Ledger file. Default: $KURSK_LEDGER, else "
                 "./facts.yaml, else the ledger shipped with kursk.", metavar="FILE",
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
    metavar="NAME", autocompletion=_complete_actor)]
TopicOpt = Annotated[str | None, typer.Option("--topic", "-t", help="Only claims with "
                                              "this topic.", metavar="TOPIC",
                                              autocompletion=_complete_topic)]
def _named(output: Path) -> str:
    """A file written, as messages name it: ``./-`` for the file named ``-`` (``-``
    alone means standard output)."""
    return f"./{output}" if str(output) == "-" else str(output)


def _day(given: str) -> dt.date:
    """A date option (``--since``, ``--until``, ``--published``): a day written
    YYYY-MM-DD, leading zeros optional."""
    if found := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", given.strip()):
        with suppress(ValueError):  # (2025-02-30)
            return dt.date(*map(int, found.groups()))
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


def _count(number: int, plural: str) -> str:
    """``1 more claim``, ``2 more claims``: NOUN is the plural (claims, actors...)."""
    return f"{number} more {plural if number != 1 else plural.removesuffix('s')}"


# --------------------------------------------------------------------- commands


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


@commands.command()
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
) -> None:
    """Check the ledger and report every problem, located as FILE:LINE:COLUMN.

    Exits 0 when the ledger is sound, 1 when it has problems.

    Example: kursk check --ledger facts.yaml
    """
    path, without_cache = _ledger_options(ctx)
    chosen = [files.resolve(path)] if path is not None or not ledgers else []
    chosen += [(given, str(given)) for given in ledgers or ()]
    reports = []
    for where, shown in chosen:
        summary: dict[str, int] | None = None
        problems: list[Problem] = []
        try:
            opened = loader.open_ledger(where, shown, use_cache=not without_cache)
            if opened.problems:
                raise LedgerInvalid(opened.problems)
            summary = answers.answer(opened, ("summary",), lambda ledger: ledger.summary,
                                     dict[str, int])
        except LedgerInvalid as err:
            problems = err.problems
        reports.append({"ledger": shown, "ok": not problems, "summary": summary,
                        "problems": [p.as_dict() for p in problems]})
        if fmt is CheckFormat.json:
            continue
        if summary is not None:
            print(f"{printable(shown)}: ok: {summary['claims']} claims, "
                  f"{summary['actors']} actors, "
                  f"{summary['statements']} statements, {summary['disputed']} disputed")
        else:
            _problems(problems, shown)
    if fmt is CheckFormat.json:
        import json

        sys.stdout.write(json_inert(json.dumps(reports if ledgers else reports[0],
                                               ensure_ascii=False, indent=2)) + "\n")
    if not all(report["ok"] for report in reports):
        raise typer.Exit(1)


@commands.command()
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

    emit(answers.answer(
        _open(ctx), ("claims", disputed, actor, topic, since, until, search),
        view, query.ClaimsResult), fmt, limit)


@commands.command("actor", cls=_Command)
@_friendly
def actor_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="An actor's id, name or alias, any case; "
                                        "a unique prefix will do.", metavar="NAME",
                                        autocompletion=_complete_actor)],
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
    emit(answers.answer(
        _open(ctx), ("actor", name, filters),
        lambda ledger: query.actor(ledger, query.find_actor(ledger, name), filters),
        query.ActorResult), fmt, limit)


@commands.command()
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
    emit(answers.answer(_open(ctx), ("actors",), query.actors, query.ActorsResult),
         fmt, limit)


@commands.command(cls=_Command)
@_friendly
def show(
    ctx: typer.Context,
    claim: Annotated[str, typer.Argument(help="A claim id, any case; a unique prefix will "
                                         "do.", metavar="CLAIM",
                                         autocompletion=_complete_claim)],
    ledger_path: LedgerOpt = None,
    fmt: ViewFormatOpt = ViewFormat.table,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show one claim and its two sides: who asserts, who denies, who qualifies.

    Example: kursk show kursk-encirclement
    """
    from kursk_cli.timeline import reversals_in

    def marked(ledger: Ledger) -> query.ShowResult:
        chosen = query.find_claim(ledger, claim)
        return query.show(ledger, chosen, reversals_in(chosen))

    emit(answers.answer(_open(ctx), ("show", claim), marked, query.ShowResult), fmt)


@commands.command()
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

    emit(answers.answer(_open(ctx), ("matrix", disputed, topic), view, query.MatrixResult),
         fmt, limit)


@commands.command("schema")
@_friendly
def schema_command() -> None:
    """Print the ledger format as a JSON Schema (draft 2020-12), for editors.

    The YAML language server (VS Code and others) completes keys and underlines mistakes
    as you type with it; kursk check remains the authority on the rest.

    Example: kursk schema > ledger.schema.json
    """
    import json

    from kursk_cli import schema

    json.dump(schema.json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


@commands.command("export")
@_friendly
def export_command(
    ctx: typer.Context,
    ledger_path: LedgerOpt = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv: one row per "
                   "statement; json: the whole ledger; jsonl: one statement per line; "
                   "markdown: a report by claim; jsonld: schema.org Claim nodes; sqlite: "
                   "a database (needs --output).")] = ExportFormat.csv,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (whole or not at all) instead of "
        "stdout; - is stdout.", metavar="FILE", parser=_output_file)] = None,
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
    where = files.resolve(_ledger_options(ctx)[0])[0]
    found = _open(ctx).ledger
    filters = _filters(found, disputed, actor, topic, since, until, search)
    if topic is not None:
        query.check_topic(found, topic)
    if fmt is ExportFormat.sqlite and output is not None:
        export.atomic_write(output, lambda path: export.write_sqlite(found, filters, path),
                            ledger=where)
        _say(f"wrote {_named(output)}")
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


# ------------------------------------------- archives: verify, several outlets, variants


class VerifyFormat(str, Enum):
    table = "table"
    json = "json"


@commands.command("verify")
@_friendly
def verify_command(
    ctx: typer.Context,
    ledger_path: LedgerOpt = None,
    archive_dir: Annotated[Path | None, typer.Option(
        "--archive-dir", help="Also look for DIR/<source-id>.txt, .md or .html for sources "
        "without an 'archive:' key.", exists=True, file_okay=False, dir_okay=True,
        show_default=False)] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail also when a quote's source has no archive.")] = False,
    fmt: Annotated[VerifyFormat, typer.Option("--format", "-f", help="table: on stdout, "
                   "the summary on stderr; json: everything as JSON on stdout.")]
    = VerifyFormat.table,
    limit: LimitOpt = DEFAULT_LIMIT,
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
        _say(str(problem))
    _say(summary)
    if problems or verify.failed(checks, strict):
        raise typer.Exit(1)


@commands.command()
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
        _print(render.variants(listed, names))


#: Errors writing help or version text to stdout (click writes and flushes those itself).
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EPIPE, errno.EBADF}


# ------------------------------------------------------------- draft and merge (issue 13)

#: Reports larger than this are refused before reading: a long report is 50 kB of text.
_MAX_REPORT = 16 * 1024 * 1024


def _report_bytes(given: str) -> tuple[bytes, str]:
    """The report's bytes (``-`` is stdin) and its name for messages."""
    if given == "-":
        if sys.stdin is None:
            raise KurskError("there is no standard input to read the report from")
        data = sys.stdin.buffer.read(_MAX_REPORT + 1)
        if len(data) > _MAX_REPORT:
            raise KurskError(f"<stdin>: more than the {_MAX_REPORT:,} bytes kursk draft reads "
                             "in one report")
        return data, "<stdin>"
    try:
        return files.read_bytes(Path(given), "a report", "no such file", _MAX_REPORT), given
    except files.Unreadable as err:
        raise KurskError(f"{printable(given)}: {err}") from None


@commands.command("draft")
@_friendly
def draft_command(
    ctx: typer.Context,
    report_path: Annotated[str, typer.Argument(
        metavar="REPORT", help="A news report: a UTF-8 text, Markdown or HTML file, or - "
        "for stdin.")],
    source: Annotated[str | None, typer.Option(
        "--source", help="Id of the report's source entry. Default: from the file name; an "
        "id the ledger has is cited, not added.")] = None,
    title: Annotated[str | None, typer.Option(
        "--title", help="The source's title. Default: the report's first line.")] = None,
    published: Annotated[dt.date | None, typer.Option(
        "--published", parser=_day, metavar="YYYY-MM-DD",
        help="Day of publication. Default: the report's dateline, when it can be read "
        "for sure.")] = None,
    publisher: Annotated[str | None, typer.Option(
        "--publisher", help="The source's publisher. Default: the agency of the dateline.")]
    = None,
    url: Annotated[str | None, typer.Option("--url", help="The source's web address.")]
    = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the fragment to this file (whole or not at all) "
        "instead of stdout.", metavar="FILE", parser=_output_file)] = None,
    ledger_path: LedgerOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Draft the statements of a news report as a ledger fragment to review.

    Quotes and reported speech, each with its speaker, stance, date and claim; speakers
    the ledger does not know become new actors. Quotes left out (no speaker found, or a
    reply of a word or two) are listed on stderr. Review the fragment, then fold it in
    with kursk merge.

    Example: kursk draft report.txt -o draft.yaml
    """
    from kursk_cli import draft as drafting
    from kursk_cli import report

    # Mistakes of the command line (exit 2) before anything is read.
    if url is not None and not re.match(r"https?://\S+\Z", url):
        raise typer.BadParameter(f"must be a web address starting with http:// or https://, "
                                 f"not {printable(repr(url))}", ctx=ctx, param_hint="'--url'")
    if source is not None and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", source):
        raise typer.BadParameter(f"must be a lowercase id (a-z, 0-9 and single hyphens), "
                                 f"not {printable(repr(source))}", ctx=ctx,
                                 param_hint="'--source'")
    data, name = _report_bytes(report_path)
    read = report.read(data, name)
    day = published or read.published
    if day is None:
        raise KurskError(f"{name}: cannot tell the day the report was published "
                         f"({read.undated}); give it with --published YYYY-MM-DD")
    where = files.resolve(_ledger_options(ctx)[0])[0]
    known = _open(ctx).ledger
    source_id = source if source is not None else drafting.source_id_for(name, read.title)
    fragment = drafting.draft(read, known, source_id=source_id, published=day,
                              title=None if title is None else report.inert(title),
                              publisher=None if publisher is None else report.inert(publisher),
                              url=url)
    text = drafting.render(fragment, report.inert(name))
    for message in drafting.left_out_lines(fragment, name):
        _say(message)
    _say(drafting.summary(fragment))
    if output is None:
        sys.stdout.write(text)
        return
    from kursk_cli import export

    def write(stream: TextIO) -> None:
        stream.write(text)

    export.atomic_write(output, export.text_writer(write), ledger=where)
    _say(f"wrote {_named(output)}")


def _decoded(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise KurskError(f"{shown}: not UTF-8 text (byte {err.start + 1})") from None


@commands.command("merge")
@_friendly
def merge_command(
    ctx: typer.Context,
    draft_path: Annotated[str, typer.Argument(
        metavar="DRAFT", help="A reviewed fragment, as kursk draft writes it.")],
    into: Annotated[Path | None, typer.Option(
        "--into", help="The ledger file to add to. Default: the ledger.", dir_okay=False)]
    = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print the change as a unified diff; write nothing.")] = False,
    ledger_path: LedgerOpt = None,
) -> None:
    """Fold a reviewed draft into the ledger, changing nothing else in the file.

    New sources, actors and claims go at the end of their sections, new statements at the
    end of their claim's statements. The merged ledger is checked first: on any problem,
    reported at its line of the draft, nothing is written.

    Example: kursk merge draft.yaml --dry-run
    """
    from kursk_cli import merge

    ledger_path = _ledger_options(ctx)[0]
    root, root_shown = files.resolve(ledger_path)
    where, shown = files.resolve(into if into is not None else ledger_path)
    chosen = into is not None or ledger_path is not None or os.environ.get("KURSK_LEDGER")
    if not chosen and shown != "facts.yaml" and where == files.shipped_ledger():
        raise KurskError("kursk merge edits your ledger, not the one shipped with kursk; "
                         "give it with --ledger or --into (or run it where facts.yaml is)")
    before = _decoded(files.read(where, shown), shown)
    if into is not None and not loader.part_of(where, root, root_shown):
        root, root_shown = where, shown  # a file of no ledger given: a ledger of its own
    data, draft_shown = _report_bytes(draft_path)
    whole, _problems_now = loader.check(root, root_shown)
    elsewhere = {c.id: c.file for c in whole.claims if c.file != shown} if whole else {}
    try:
        merged = merge.merge(before, _decoded(data, draft_shown), shown, draft_shown,
                             elsewhere)
    except merge.MergeRefused as err:
        _problems(err.problems, draft_shown)
        _say("nothing written")
        raise typer.Exit(1) from None
    # The whole ledger checked with the merged file in place of the one on disk.
    found, problems = loader.check(root, root_shown, use_cache=False,
                                   replaced={where: merged.text.encode("utf-8")})
    if found is None:
        _problems([merged.locate(p, shown, draft_shown) if p.path == shown else p
                   for p in problems], f"{shown} merged with {draft_shown}")
        _say("nothing written")
        raise typer.Exit(1)
    altered = merge.altered(before, merged.text, shown)
    if altered:  # (merge only adds: a safety net under the layout rules)
        _problems(altered, shown)
        _say("nothing written")
        raise typer.Exit(1)
    counts = ", ".join(f"{n} {name if n != 1 else name[:-1]}"
                       for name, n in merged.counts.items())
    if dry_run:
        sys.stdout.write(merge.unified_diff(before, merged.text, shown))
        _say(f"would add {counts} to {shown}; nothing written (--dry-run)")
        return
    _replace(where, merged.text, Path(draft_path))
    summary = found.summary
    _say(f"added {counts} to {shown}: ok: {summary['claims']} claims, {summary['actors']} "
         f"actors, {summary['statements']} statements, {summary['disputed']} disputed")


def _replace(target: Path, text: str, draft: Path) -> None:
    """Write the ledger file whole or not at all, keeping its permissions."""
    import stat

    from kursk_cli import export

    mode = stat.S_IMODE(os.stat(target).st_mode)

    def write(path: Path) -> None:
        with open(path, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(path, mode)

    export.atomic_write(target, write, ledger=draft)


# ------------------------------------------------------- claims over time (issue 14)

ReversalsOpt = Annotated[bool, typer.Option(
    "--reversals", help="List reversals instead: an actor who asserted a claim and later "
    "denied it, or the reverse.")]


if TYPE_CHECKING:
    from kursk_cli.timeline import ChangesResult, ClaimTimeline, ReversalsResult

    OverTime = ClaimTimeline | ChangesResult | ReversalsResult


def _print(renderable: Any, console: "Console | None" = None) -> None:
    """A renderable on stdout: a table pads its last column with spaces, and none is
    left at the end of a line."""
    from kursk_cli.render import Inert

    console = console or _console()
    with console.capture() as captured:
        console.print(Inert(renderable))
    sys.stdout.write(_TRAILING_SPACES.sub("", captured.get()))


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


@commands.command("timeline")
@_friendly
def timeline_command(
    ctx: typer.Context,
    claim: Annotated[str | None, typer.Argument(
        help="A claim id. Without one: every claim's status changes, by date.",
        autocompletion=_complete_claim)] = None,
    ledger_path: LedgerOpt = None,
    reversals: ReversalsOpt = False,
    actor: Annotated[str | None, typer.Option(
        "--actor", "-a", help="Only this actor's statements (id, name or alias); without "
        "a claim, only the claims they made statements on.",
        autocompletion=_complete_actor)] = None,
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


# ---------------------------------------------------------------- diff (issue 14)


class DiffFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def _version(given: str | None, ctx: typer.Context) -> tuple[Ledger, str]:
    """A version of the ledger: a file if ``given`` names one, else the ledger at the git
    revision ``given``; without ``given``, the ledger as it is on disk."""
    path, no_cache = _ledger_options(ctx)
    if given is not None and not Path(given).exists():
        from kursk_cli import history

        return history.ledger_at(files.resolve(path)[0], given, use_cache=not no_cache)
    where, shown = files.resolve(Path(given) if given is not None else path)
    opened = loader.open_ledger(where, shown, use_cache=not no_cache)
    if opened.problems:
        raise LedgerInvalid(opened.problems)
    return opened.ledger, shown


@commands.command("diff")
@_friendly
def diff_command(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The old version: a ledger file, or a git "
                                       "revision of the ledger (HEAD~1, main, a tag).")],
    new: Annotated[str | None, typer.Argument(
        help="The new version, as OLD. Default: the ledger as it is on disk.",
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


def main() -> None:
    """Run the command line (``kursk_cli.__main__`` calls it, for the console script
    and ``python -m``): the last flush of stdout happens here, where a failure is still
    a sentence rather than a traceback at exit."""
    code: Any = 0
    _standard_streams()
    try:
        app()
    except SystemExit as done:
        code = done.code
    except (KeyError, ValueError):
        # Only a shell completion request kursk cannot read (COMP_CWORD not a number,
        # COMP_WORDS missing) gets here; a shell's own requests never do.
        if not os.environ.get("_KURSK_COMPLETE"):  # (Click ignores it when empty)
            raise
        _say("kursk: cannot complete: the shell's request (COMP_WORDS, COMP_CWORD) "
             "cannot be read")
        code = 1
    except OSError as err:
        if not isinstance(err, _OutputFailed) and err.errno not in _OUTPUT_ERRORS:
            raise
        code = _final_failure(err, code)
    try:
        sys.stdout.flush()
    except OSError as err:
        code = _final_failure(err, code)
    raise SystemExit(code)


class _Closed(io.TextIOBase):
    """A standard stream closed before kursk started: every write fails as the
    system's would."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def _messages_lost(stream: Any) -> Callable[[OSError], None]:
    """For sys.stderr's :class:`_Stdout`: a message that cannot be written (a full disk,
    a reader gone) is lost, and the command goes on to the exit status it earns; the
    descriptor is pointed at /dev/null, so that nothing fails again at exit."""

    def lost(_err: OSError) -> None:
        _to_devnull(stream)
        with suppress(OSError, ValueError):
            stream.flush()  # (what was buffered goes to /dev/null now)

    return lost


def _standard_streams() -> None:
    """Standard streams as kursk needs them. One closed before kursk started (``kursk
    export >&-``) is None in Python: messages for a closed stderr go nowhere (``print``
    would send them to stdout, into the data); data for a closed stdout is a failure to
    write, said on stderr. A message that cannot be written is lost (:func:`_messages_lost`)."""
    if sys.stdout is None:
        sys.stdout = _Closed()
    if not isinstance(sys.stderr, _Stdout):
        stream = _Closed() if sys.stderr is None else sys.stderr
        sys.stderr = _Stdout(stream, _messages_lost(stream))
    if not isinstance(sys.stdout, _Stdout):
        sys.stdout = _Stdout(sys.stdout, _pipe_closed)


def _final_failure(err: OSError, code: Any) -> Any:
    _silence_stdout()
    if err.errno == errno.EPIPE:
        return code
    _say(f"kursk: cannot write to standard output: {err.strerror or err}")
    return code or 1
