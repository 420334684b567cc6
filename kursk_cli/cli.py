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
    """A message for the person at the terminal, on stderr, wrapped at its spaces to a
    terminal's width (a word is never broken): control characters (in a file's name, say) are shown
    escaped, never sent raw."""
    message = printable(message)
    if _is_terminal(sys.stderr):  # (in a pipe or a log, a message stays one line)
        import shutil
        import textwrap

        message = textwrap.fill(message, max(shutil.get_terminal_size().columns, 20),
                                break_long_words=False, break_on_hyphens=False)
    print(message, file=sys.stderr)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _say_located(message: str) -> None:
    """A problem located like a compiler's (``FILE:LINE:COL: ...``), on one line so that
    editors and tools read it whole; control characters shown escaped."""
    print(printable(message), file=sys.stderr)


def _problems(problems: list[Problem], shown: str) -> None:
    for problem in problems:
        _say_located(str(problem))
    count = len(problems)
    if count == 1 and not problems[0].line:  # (the file itself: one sentence is all)
        return
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
        raise LedgerInvalid(opened.problems)
    return opened


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
        return
    if same(real, root) or real == Path(os.path.realpath(root)):
        raise KurskError(f"refusing to write over the ledger itself ({printable(str(output))})")
    raise KurskError(f"refusing to write over {printable(str(output))}: it is one of the "
                     "ledger's files")


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
    """``14 claims, 9 actors, 20 statements, 2 disputed``; one in the singular."""
    return ", ".join(f"{summary[noun]} {noun if summary[noun] != 1 else noun[:-1]}"
                     for noun in ("claims", "actors", "statements")
                     ) + f", {summary['disputed']} disputed"


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
            _problems(problems, shown)
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

    emit(answers.answer(
        _open(ctx), ("claims", disputed, actor, topic, since, until, search),
        view, query.ClaimsResult), fmt, limit)


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
    emit(answers.answer(
        _open(ctx), ("actor", name, filters),
        lambda ledger: query.actor(ledger, query.find_actor(ledger, name), filters),
        query.ActorResult), fmt, limit)


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
    emit(answers.answer(_open(ctx), ("actors",), query.actors, query.ActorsResult),
         fmt, limit)


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

    emit(answers.answer(_open(ctx), ("show", claim), marked, query.ShowResult), fmt)


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

    emit(answers.answer(_open(ctx), ("matrix", disputed, topic), view, query.MatrixResult),
         fmt, limit)


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


@commands.command("schema", cls=_Command)
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


@commands.command("init")
@_friendly
def init_command(
    folder: Annotated[Path | None, typer.Argument(
        metavar="DIR", help="Where to start the ledger (made if missing). Default: "
        "this folder.", show_default=False, file_okay=False)] = None,
) -> None:
    """Start a ledger of your own: facts.yaml with empty sections and a commented example.

    Also writes ledger.schema.json beside it, which editors read to complete keys. Never
    writes over an existing file.

    Example: kursk init my-ledger
    """
    from kursk_cli import starter

    place = folder if folder is not None else Path(".")
    target = place / "facts.yaml"
    shown = printable(str(target) if folder is not None else "facts.yaml")
    try:
        place.mkdir(parents=True, exist_ok=True)
        starter.write_new(target, starter.LEDGER)
    except starter.Exists:
        raise KurskError(f"{shown} already exists; kursk init never writes over a "
                         "ledger") from None
    except OSError as err:
        raise KurskError(f"cannot write {shown}: {err.strerror or err}") from None
    wrote = [shown]
    try:
        starter.write_new(place / starter.SCHEMA_FILE, starter.schema_text())
        wrote.append(starter.SCHEMA_FILE)
    except (starter.Exists, OSError):
        pass  # (one there already serves; the ledger does not need it)
    _say(f"wrote {' and '.join(wrote)}; next: kursk draft REPORT -o draft.yaml")


@commands.command("draft", cls=_Command)
@_friendly
def draft_command(
    ctx: typer.Context,
    report_path: Annotated[str, typer.Argument(
        metavar="REPORT", help="A news report: a UTF-8 text, Markdown or HTML file, or - "
        "for stdin.")],
    source: Annotated[str | None, typer.Option(
        "--source", metavar="TEXT",
        help="Id of the report's source entry. Default: from the file name; an "
        "id the ledger has is cited, not added.")] = None,
    title: Annotated[str | None, typer.Option(
        "--title", metavar="TEXT",
        help="The source's title. Default: the report's first line.")] = None,
    published: Annotated[dt.date | None, typer.Option(
        "--published", parser=_day, metavar="YYYY-MM-DD",
        help="Day of publication. Default: the report's dateline, when it can be read "
        "for sure.")] = None,
    publisher: Annotated[str | None, typer.Option(
        "--publisher", metavar="TEXT",
        help="The source's publisher. Default: the agency of the dateline.")]
    = None,
    url: Annotated[str | None, typer.Option(
        "--url", metavar="TEXT", help="The source's web address.")]
    = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the fragment to this file (whole or not at all) "
        "instead of stdout.", metavar="FILE", parser=_output_file)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Write over the --output file if it exists (never over a file of "
        "the ledger).")] = False,
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
    _yours(_ledger_options(ctx)[0], "draft")
    where = files.resolve(_ledger_options(ctx)[0])[0]
    opened = _open(ctx)
    if output is not None:  # (before any work: a draft is never made to be lost)
        _not_the_ledger(output, opened, where)
        if not force and os.path.isfile(output):
            raise KurskError(f"{printable(str(output))} exists; kursk draft writes a new "
                             "file (give --force to write over it)")
    data, name = _report_bytes(report_path)
    read = report.read(data, name)
    day = published or read.published
    if day is None:
        raise KurskError(f"{name}: cannot tell the day the report was published "
                         f"({read.undated}); give it with --published YYYY-MM-DD")
    known = opened.ledger
    source_id = source if source is not None else drafting.source_id_for(name, read.title)
    fragment = drafting.draft(read, known, source_id=source_id, published=day,
                              title=None if title is None else report.inert(title),
                              publisher=None if publisher is None else report.inert(publisher),
                              url=url)
    text = drafting.render(fragment, report.inert(name))
    for message in drafting.left_out_lines(fragment, name):
        _say_located(message)
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


@commands.command("merge", cls=_Command)
@_friendly
def merge_command(
    ctx: typer.Context,
    draft_path: Annotated[str, typer.Argument(
        metavar="DRAFT", help="A reviewed fragment, as kursk draft writes it.")],
    into: Annotated[Path | None, typer.Option(
        "--into", metavar="FILE",
        help="The ledger file to add to. Default: the ledger.", dir_okay=False)]
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
    ledger_path = _ledger_options(ctx)[0]
    root, root_shown = files.resolve(ledger_path)
    where, shown = files.resolve(into if into is not None else ledger_path)
    if into is None:
        _yours(ledger_path, "merge")
    files.read(where, shown)  # (a file that cannot be read is said so before the draft)
    if into is not None and not loader.part_of(where, root, root_shown):
        root, root_shown = where, shown  # a file of no ledger given: a ledger of its own
    data, draft_shown = _report_bytes(draft_path)
    draft_text = _decoded(data, draft_shown)
    if dry_run:  # (nothing is written: nothing to lock)
        _merge_into(where, shown, root, root_shown, draft_text, draft_shown, dry_run,
                    Path(draft_path), into is not None)
        return
    from kursk_cli import atomic

    def waiting(_target: Path) -> None:
        _say(f"waiting: another kursk merge is writing {printable(root_shown)}")

    try:  # (every merge into a ledger takes its main file's lock, and the file's own)
        with atomic.locked([root, where], waiting):
            _merge_into(where, shown, root, root_shown, draft_text, draft_shown, dry_run,
                        Path(draft_path), into is not None)
    except atomic.Refused as err:
        raise KurskError(str(err)) from None


class _Routes:
    """Which file of the ledger takes each entry of a draft: the statements of a claim go
    to the file that holds the claim; a new source, actor or claim to ``--into``, else to
    the file that holds that section (the main file when several do). A ledger that does
    not check as it is: everything to the one file (``--into``, else the main file)."""

    def __init__(self, primary: Path, root: Path, into: bool,
                 opened: loader.Opened | None) -> None:
        self.primary, self.into = primary, into
        self.claims: dict[str, Path] = {}
        self.sections: dict[str, Path] = {}
        self.names: dict[Path, str] = {}
        if opened is None:
            return
        real_root = Path(os.path.realpath(root))
        self.names = {path: name for name, path in opened.named.items()}
        for claim in opened.ledger.claims:
            self.claims.setdefault(claim.id, opened.named[claim.file])
        for section in ("sources", "actors", "claims"):
            holders = [opened.named[name] for name, read in opened.whole.files
                       if section in read.sections]
            self.sections[section] = (holders[0] if len(holders) == 1 or real_root not in
                                      holders else real_root) if holders else real_root

    def target(self, section: str, claim_id: str | None) -> Path:
        if section == "statements":
            return self.claims.get(claim_id or "", self.primary)
        if self.into or not self.sections:
            return self.primary
        return self.sections.get(section, self.primary)

    def candidates(self, draft_text: str) -> list[Path]:
        """The files that may take something of the draft, the main one first."""
        named = re.findall(r"id:[ \t]*[\"']?([a-z0-9-]+)", draft_text)
        found = [self.primary, *self.sections.values(),
                 *(self.claims[i] for i in named if i in self.claims)]
        return list(dict.fromkeys(found))


def _merge_into(where: Path, shown: str, root: Path, root_shown: str, draft_text: str,
                draft_shown: str, dry_run: bool, draft: Path, into: bool) -> None:
    """Read, check and write the ledger's files: under the lock unless nothing is
    written. Every changed file is written whole, or none is."""
    from kursk_cli import merge

    try:
        opened: loader.Opened | None = loader.open_ledger(root, root_shown)
    except LedgerInvalid:
        opened = None
    if opened is not None and opened.problems:
        opened = None
    primary = Path(os.path.realpath(where))
    routes = _Routes(primary, root, into, opened)
    elsewhere = ({c.id: c.file for c in opened.ledger.claims if c.file != shown}
                 if opened is not None else {})
    if opened is None:  # (the problems are said with the check of the merged whole)
        found_now, _ = loader.check(root, root_shown)
        elsewhere = ({c.id: c.file for c in found_now.claims if c.file != shown}
                     if found_now is not None else {})
    changed: list[tuple[Path, str, bytes, merge.Merged]] = []
    refused: list[Problem] = []
    for path in routes.candidates(draft_text):
        name = shown if path == primary else routes.names.get(path, str(path))
        original = files.read(where if path == primary else path, name)
        def wanted(section: str, claim: str | None, path: Path = path) -> bool:
            return routes.target(section, claim) == path

        try:
            merged = merge.merge(_decoded(original, name), draft_text, name, draft_shown,
                                 elsewhere, wanted)
        except merge.MergeRefused as err:
            refused += [p for p in err.problems if p not in refused]
            continue
        if any(merged.counts.values()):
            changed.append((path, name, original, merged))
    if refused:
        _merge_problems(refused)
        _say("nothing written")
        raise typer.Exit(1)
    if not changed:
        _say(f"nothing to add: {draft_shown} holds no entry {shown} lacks; nothing written")
        return
    # The whole ledger checked once, with every merged file in place of the one on disk.
    found, problems = loader.check(root, root_shown, use_cache=False, replaced={
        path: merged.text.encode("utf-8") for path, _name, _original, merged in changed})
    if found is None:
        located = {name: merged for _path, name, _original, merged in changed}
        _merge_problems([located[p.path].locate(p, p.path, draft_shown)
                         if p.path in located else p for p in problems])
        _say("nothing written")
        raise typer.Exit(1)
    altered = [p for _path, name, original, merged in changed
               for p in merge.altered(original.decode("utf-8"), merged.text, name)]
    if altered:  # (merge only adds: a safety net under the layout rules)
        _merge_problems(altered)
        _say("nothing written")
        raise typer.Exit(1)
    totals = {key: sum(m.counts[key] for *_rest, m in changed) for key in changed[0][3].counts}
    counts = ", ".join(f"{n} {name if n != 1 else name[:-1]}" for name, n in totals.items())
    names = " and ".join(name for _path, name, _original, _merged in changed)
    if dry_run:
        for _path, name, original, merged in changed:
            sys.stdout.write(merge.unified_diff(original.decode("utf-8"), merged.text, name,
                                                merged.insertions))
        _say(f"would add {counts} to {names}; nothing written (--dry-run)")
        return
    written: list[tuple[Path, str, bytes, merge.Merged]] = []
    try:
        for path, name, original, merged in changed:
            _replace(where if path == primary else path, merged.text, draft, original)
            written.append((path, name, original, merged))
    except KurskError as err:
        for path, _name, original, merged in written:  # (whole, or none)
            _replace(where if path == primary else path, original.decode("utf-8"), draft,
                     merged.text.encode("utf-8"))
        if written:
            raise KurskError(f"{err}; {' and '.join(n for _p, n, *_r in written)} put back "
                             "as they were") from None
        raise
    summary = found.summary
    _say(f"added {counts} to {names}: ok: {_summary(summary)}")


def _merge_problems(problems: list[Problem]) -> None:
    """Every problem, then how many there are in each file (the draft's, the ledger's)."""
    for problem in problems:
        _say(str(problem))
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.path] = counts.get(problem.path, 0) + 1
    total = len(problems)
    noun = f"{total} problem{'s' if total != 1 else ''}"
    if len(counts) == 1:
        _say(f"{noun} in {next(iter(counts))}")
    else:
        _say(f"{noun}: " + ", ".join(f"{n} in {path}" for path, n in counts.items()))


def _replace(target: Path, text: str, draft: Path, original: bytes) -> None:
    """Write the ledger file whole or not at all, keeping its permissions, and only if it
    still holds ``original`` (the bytes merged from) right before it is replaced."""
    import sqlite3
    import stat

    from kursk_cli import atomic

    mode = stat.S_IMODE(os.stat(target).st_mode)

    def write(path: Path) -> None:
        with open(path, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(path, mode)

    try:
        atomic.write_file(target, write, keep=draft, unchanged=original)
    except atomic.Changed as err:
        raise KurskError(f"{err}: another program wrote it; run the merge again") from None
    except atomic.Refused as err:
        raise KurskError(str(err)) from None
    except (OSError, sqlite3.Error) as err:
        raise KurskError(f"cannot write {target}: {getattr(err, 'strerror', None) or err}"
                         ) from None


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
        console.print(Inert(renderable), crop=False)  # (a place wider than the width stays whole)
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
