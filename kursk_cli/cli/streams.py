"""Standard streams as kursk needs them: the console, messages on stderr, and guards
that turn a full disk, a closed pipe or a terminal gone away into one sentence."""

# No `from __future__ import annotations` here: Typer reads every command's
# annotations on each run, and string annotations cost it a typing.get_type_hints
# evaluation apiece (about 15 ms a run, measured).
import codecs
import errno
import functools
import io
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from kursk_cli.errors import KurskError, LedgerInvalid, Problem, printable
from kursk_cli.memory import collector_paused

if TYPE_CHECKING:
    from rich.console import Console


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


def _problems(problems: list[Problem]) -> None:
    """Every problem, located and on a line of its own (an editor opens each), then how
    many there are in each file; a file kursk could not read at all is its one sentence."""
    for problem in problems:
        _say_located(str(problem))
    total = len(problems)
    if total == 1 and not problems[0].line:  # (the file itself: one sentence is all)
        return
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.path] = counts.get(problem.path, 0) + 1
    noun = f"{total} problem{'s' if total != 1 else ''}"
    if len(counts) == 1:
        _say(f"{noun} in {next(iter(counts))}")
    else:
        _say(f"{noun}: " + ", ".join(f"{n} in {path}" for path, n in counts.items()))


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
            _problems(err.problems)
            raise typer.Exit(1) from None
        except KurskError as err:
            _say(f"kursk: {err}")
            raise typer.Exit(1) from None

    return run  # type: ignore[return-value]

#: Errors writing help or version text to stdout (click writes and flushes those itself).
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EPIPE, errno.EBADF}

def _print(renderable: Any, console: "Console | None" = None) -> None:
    """A renderable on stdout: a table pads its last column with spaces, and none is
    left at the end of a line."""
    from kursk_cli.render import Inert

    console = console or _console()
    with console.capture() as captured:
        console.print(Inert(renderable), crop=False)  # (a place wider than the width stays whole)
    sys.stdout.write(_TRAILING_SPACES.sub("", captured.get()))

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


#: Encodings that can write every character a ledger may hold.
_WHOLE_UNICODE = frozenset({"utf-8", "utf-16", "utf-32", "gb18030", "utf-8-sig"})

#: The streams that have had to escape a character their encoding cannot write.
_ESCAPED: set[str] = set()


def _escaped(err: UnicodeError) -> tuple[str | bytes, int]:
    """Write a character the stream's encoding lacks as a ``\\u`` escape, and remember
    that it was done (the user is told, once, at the end: :func:`_say_escaped`)."""
    if isinstance(err, UnicodeEncodeError):
        _ESCAPED.add(err.encoding)
    return codecs.backslashreplace_errors(err)


codecs.register_error("kursk-escaped", _escaped)


def _unicode_streams() -> None:
    """A stream whose encoding cannot write every character (``PYTHONIOENCODING=ascii``,
    a Latin-1 locale) escapes what it cannot write instead of failing half-way with a
    traceback; :func:`_say_escaped` then says so on stderr."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if not isinstance(encoding, str) or not hasattr(stream, "reconfigure"):
            continue
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            continue
        if name not in _WHOLE_UNICODE:
            with suppress(OSError, ValueError, TypeError):
                stream.reconfigure(errors="kursk-escaped")


def _say_escaped() -> None:
    """After a command: if an output stream escaped characters, say so (a changed
    character is never silent)."""
    if _ESCAPED:
        encodings = ", ".join(sorted(_ESCAPED))
        _say(f"kursk: the output's encoding ({encodings}) cannot write some characters of "
             "the ledger; they were written as \\u escapes. Set PYTHONIOENCODING=utf-8 "
             "or use a UTF-8 locale to get them as they are.")
        _ESCAPED.clear()


def _standard_streams() -> None:
    """Standard streams as kursk needs them. One closed before kursk started (``kursk
    export >&-``) is None in Python: messages for a closed stderr go nowhere (``print``
    would send them to stdout, into the data); data for a closed stdout is a failure to
    write, said on stderr. A message that cannot be written is lost (:func:`_messages_lost`)."""
    if sys.stdout is None:
        sys.stdout = _Closed()
    _unicode_streams()
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
