"""Where output goes: files, pipes, devices and full disks, signals and left-overs.

Some of these run kursk as its own process (``python -m kursk_cli`` on the work tree),
because what they test happens only there: the last flush of stdout at exit, a pipe
whose reader is gone, a signal, a file size limit.
"""

from __future__ import annotations

import os
import pty
import resource
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from helpers import FACTS, MINIMAL, ROOT, kursk
from kursk_cli import atomic

Write = Callable[..., Path]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KURSK_LEDGER", "FORCE_COLOR")}
    env.update(COLUMNS="100", NO_COLOR="1", PYTHONPATH=str(ROOT))
    return env


def run(args: list[str], prefix: tuple[str, ...] = (),
        **options: Any) -> subprocess.CompletedProcess[str]:
    """kursk (the work tree's) as its own process."""
    options.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([*prefix, sys.executable, "-m", "kursk_cli", *args], env=_env(),
                          stderr=subprocess.PIPE, text=True, timeout=120, **options)


def exported(*args: str) -> bytes:
    """What the export writes on stdout, byte for byte."""
    result = kursk(["export", "-l", str(FACTS), *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---------------------------------------------------------------- modes (item 5)


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o027])
@pytest.mark.parametrize("fmt", ["csv", "sqlite"])
def test_a_new_file_gets_the_mode_a_plain_create_gives(tmp_path: Path, mask: int,
                                                       fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    with umask(mask):
        result = kursk(["export", "-l", str(FACTS), "-f", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert mode(target) == 0o666 & ~mask


@pytest.mark.parametrize("kept", [0o640, 0o604, 0o664, 0o4755])
def test_an_existing_file_keeps_its_mode(tmp_path: Path, kept: int) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(kept)
    with umask(0o077):  # the umask is for new files only
        result = kursk(["export", "-l", str(FACTS), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert mode(target) == kept
    assert target.read_bytes() == exported()


# --------------------------------------------- pipes, devices, symlinks (item 6)


def test_a_fifo_is_written_into_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = kursk(["export", "-l", str(FACTS), "-o", str(fifo)])
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the pipe was replaced"
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {fifo}\n"
    assert received == [exported()]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.csv"]


def test_a_symlink_stays_a_symlink_and_its_target_is_written(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "real.csv"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(Path("data") / "real.csv")
    result = kursk(["export", "-l", str(FACTS), "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {link}\n"
    assert link.is_symlink() and os.readlink(link) == os.path.join("data", "real.csv")
    assert real.read_bytes() == exported()
    assert mode(real) == 0o640
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["real.csv"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "new.json")
    result = kursk(["export", "-l", str(FACTS), "-f", "json", "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert (tmp_path / "new.json").read_bytes() == exported("-f", "json")


@pytest.mark.parametrize("fmt", ["csv", "markdown", "sqlite"])
def test_a_device_behind_a_symlink_is_written_into(tmp_path: Path, fmt: str) -> None:
    link = tmp_path / "null.out"
    link.symlink_to("/dev/null")
    result = kursk(["export", "-l", str(FACTS), "-f", fmt, "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {link}\n"
    assert link.is_symlink()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symlink_to_standard_output_writes_there(tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to("/proc/self/fd/1")
    result = run(["export", "-l", str(FACTS), "-f", "jsonl", "-o", str(link)])
    assert result.returncode == 0, result.stderr
    assert result.stdout == exported("-f", "jsonl").decode()
    assert result.stderr == f"wrote {link}\n"
    assert link.is_symlink()


def test_dash_means_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = kursk(["export", "-l", str(FACTS), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == exported()
    assert result.stderr == ""
    assert list(tmp_path.iterdir()) == []


# -------------------------------------------------- failures are sentences (item 7)


@pytest.mark.parametrize("command", [["export"], ["claims"], ["check"], ["claims", "-f", "csv"],
                                     ["--version"], ["--help"]])
def test_a_full_standard_output_is_one_sentence(command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = run([*command, "-l", str(FACTS)] if command[0][0] != "-" else command,
                     stdout=full)
    assert result.returncode == 1
    assert result.stderr == "kursk: cannot write to standard output: No space left on device\n"


def _close(fd: int) -> Callable[[], None]:
    return lambda: os.close(fd)


@pytest.mark.parametrize("command", [["claims", "-f", "csv"], ["claims"], ["export"],
                                     ["check"], ["--help"], ["--version"]])
def test_a_closed_standard_output_is_one_sentence(command: list[str]) -> None:
    args = [*command, "-l", str(FACTS)] if command[0][0] != "-" else command
    result = run(args, stdout=None, preexec_fn=_close(1))
    assert result.returncode == 1
    assert result.stderr == "kursk: cannot write to standard output: Bad file descriptor\n"


def test_a_closed_standard_error_sends_nothing_to_standard_output(tmp_path: Path) -> None:
    # The messages are lost with the stream; they never land in the data instead.
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nsources: []\nactors: []\nclaims: []\nextra: 1\n")
    result = subprocess.run([sys.executable, "-m", "kursk_cli", "check", "-l", str(broken)],
                            env=_env(), stdout=subprocess.PIPE, stderr=None, text=True,
                            timeout=120, preexec_fn=_close(2))
    assert (result.returncode, result.stdout) == (1, "")
    exported = subprocess.run([sys.executable, "-m", "kursk_cli", "export", "-l", str(FACTS),
                               "--actor", "nobody-at-all"], env=_env(), stdout=subprocess.PIPE,
                              stderr=None, text=True, timeout=120, preexec_fn=_close(2))
    assert (exported.returncode, exported.stdout) == (1, "")


@pytest.mark.parametrize("unbuffered", ["1", ""])
def test_a_full_standard_error_loses_the_messages_not_the_exit_status(
        tmp_path: Path, unbuffered: str) -> None:
    env = {**_env(), "PYTHONUNBUFFERED": unbuffered}
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nsources: []\nactors: []\nclaims: []\nextra: 1\n")
    with open("/dev/full", "w") as full:
        wrote = subprocess.run([sys.executable, "-m", "kursk_cli", "export", "-l", str(FACTS),
                                "-o", str(tmp_path / "out.csv")], env=env, stderr=full,
                               timeout=120)
        checked = subprocess.run([sys.executable, "-m", "kursk_cli", "check", "-l",
                                  str(broken)], env=env, stdout=subprocess.PIPE, stderr=full,
                                 text=True, timeout=120)
    assert wrote.returncode == 0  # ("wrote out.csv" is lost; the file is whole)
    assert (tmp_path / "out.csv").read_bytes() == exported()
    assert (checked.returncode, checked.stdout) == (1, "")


@pytest.mark.parametrize("request_env", [{"COMP_WORDS": "kursk cl", "COMP_CWORD": "one"},
                                         {"COMP_CWORD": "1"}])
def test_a_completion_request_kursk_cannot_read_is_one_sentence(
        request_env: dict[str, str]) -> None:
    # As the console script runs it (the shell completes the command named "kursk").
    script = [sys.executable, "-c",
              "import sys; sys.argv[0] = 'kursk'; from kursk_cli.__main__ import main; main()"]
    env = {**_env(), "_KURSK_COMPLETE": "complete_bash", **request_env}
    result = subprocess.run(script, env=env, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("kursk: cannot complete: the shell's request (COMP_WORDS, "
                             "COMP_CWORD) cannot be read\n")
    env.update(COMP_WORDS="kursk cl", COMP_CWORD="1")  # as a shell asks
    completed = subprocess.run(script, env=env, capture_output=True, text=True, timeout=120)
    assert (completed.returncode, completed.stdout, completed.stderr) == (0, "claims\n", "")


@pytest.mark.parametrize("fmt", ["csv", "sqlite"])
def test_a_full_device_is_one_sentence_and_stays_a_device(tmp_path: Path, fmt: str) -> None:
    link = tmp_path / "out.file"
    link.symlink_to("/dev/full")
    result = kursk(["export", "-l", str(FACTS), "-f", fmt, "-o", str(link)])
    assert result.exit_code == 1
    assert result.stderr == f"kursk: cannot write {link}: No space left on device\n"
    assert link.is_symlink()
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("command", [["export"], ["draft", "report.txt"]])
@pytest.mark.parametrize("given", ["out.csv/", "folder", "folder/", "new/", "out.csv/.",
                                   "folder/..", ".."])
def test_an_output_naming_a_folder_is_a_mistake_and_nothing_is_written(
        tmp_path: Path, command: list[str], given: str) -> None:
    # "out.csv/" used to lose its slash on the way and write out.csv beside it.
    (tmp_path / "out.csv").write_bytes(b"precious\n")
    (tmp_path / "folder").mkdir()
    (tmp_path / "report.txt").write_text('Putin said: "The troops are surrounded."\n')
    result = run([*command, "-l", str(FACTS), "-o", given], cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.endswith(f"Error: Invalid value for '--output' / '-o': {given} names "
                                  "a folder; give the name of a file\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "out.csv", "report.txt"]
    assert (tmp_path / "out.csv").read_bytes() == b"precious\n"
    assert list((tmp_path / "folder").iterdir()) == []


@pytest.mark.parametrize("command", [["export"], ["draft", "report.txt", "--published",
                                                 "2025-03-14"]])
def test_an_empty_output_is_a_mistake_and_dot_slash_dash_is_a_file(
        tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "report.txt").write_text('Putin said: "The troops are surrounded."\n')
    empty = run([*command, "-l", str(FACTS), "-o", ""], cwd=tmp_path)
    assert (empty.returncode, empty.stdout) == (2, "")
    assert empty.stderr.endswith("Error: Invalid value for '--output' / '-o': give the name of "
                                 "a file to write\n")
    to_stdout = run([*command, "-l", str(FACTS), "-o", "-"], cwd=tmp_path)
    to_file = run([*command, "-l", str(FACTS), "-o", "./-"], cwd=tmp_path)
    assert (to_file.returncode, to_file.stdout) == (0, "")
    assert to_file.stderr.endswith("wrote ./-\n")  # (not "wrote -": that reads as stdout)
    assert (tmp_path / "-").read_text(encoding="utf-8") == to_stdout.stdout != ""


def _small_file_limit() -> None:
    # As `ulimit -f 4` does: 4 KiB; the export of the shipped ledger is larger.
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.parametrize(("fmt", "reason"), [("csv", "File too large"),
                                             ("sqlite", "disk I/O error")])
def test_a_file_size_limit_is_one_sentence_and_the_old_file_stays(
        tmp_path: Path, fmt: str, reason: str) -> None:
    target = tmp_path / "out.file"
    target.write_bytes(b"precious\n")
    result = run(["export", "--no-cache", "-l", str(FACTS), "-f", fmt, "-o", "out.file"],
                 cwd=tmp_path, preexec_fn=_small_file_limit)
    assert result.returncode == 1
    assert result.stderr == f"kursk: cannot write out.file: {reason}\n"
    assert target.read_bytes() == b"precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.file"]


def test_a_folder_kursk_may_not_write_in_is_one_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:  # root writes anywhere; without these capabilities it cannot
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop the override")
        prefix = (setpriv, "--bounding-set=-dac_override,-dac_read_search")
    result = run(["export", "-l", str(FACTS), "-o", str(folder / "x.csv")], prefix)
    assert result.returncode == 1
    assert result.stderr == f"kursk: cannot write {folder / 'x.csv'}: Permission denied\n"
    assert list(folder.iterdir()) == []


def test_a_long_name_is_written_and_a_too_long_name_is_one_sentence(tmp_path: Path) -> None:
    longest = tmp_path / ("x" * 251 + ".csv")  # 255 characters, what a folder holds
    result = kursk(["export", "-l", str(FACTS), "-o", str(longest)])
    assert result.exit_code == 0, result.output
    assert longest.read_bytes() == exported()
    too_long = tmp_path / ("x" * 252 + ".csv")
    result = kursk(["export", "-l", str(FACTS), "-o", str(too_long)])
    assert result.exit_code == 1
    assert result.stderr == f"kursk: cannot write {too_long}: File name too long\n"
    assert [p.name for p in tmp_path.iterdir()] == [longest.name]


# ------------------------------------------------ signals and left-overs (item 8)

# Runs the export with its writer stopped half way: it says so on stdout, then waits for
# the signal the test sends. It waits in short sleeps: Python runs a signal's handler
# between two steps of the program, so a signal that lands after the last step before a
# long sleep began would wait for the whole sleep (a loaded machine can stop the process
# in just that place). Ctrl-C is set up as a terminal gives it to the command it runs: a
# suite started in the background of a script (nohup, `&`) inherits SIGINT ignored.
STOPPED_HALF_WAY = textwrap.dedent("""\
    import os, signal, sys, time
    from kursk_cli import cli, export

    signal.signal(signal.SIGINT, signal.default_int_handler)

    def stopped(table, stream):
        stream.write("half a row,")
        stream.flush()
        os.write(1, b"half way\\n")
        for _ in range(6000):  # a minute, then the export goes on and the test fails
            time.sleep(0.01)

    export.write_csv = stopped
    sys.argv = ["kursk", "export", "--no-cache", "-l", sys.argv[1], "-o", sys.argv[2]]
    cli.main()
    """)


@contextmanager
def _stopped_half_way(tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The export stopped half way, once it has said so (a signal sent sooner could land
    before kursk set its handlers); killed at the end of the block if it is still
    running, so that a failing test leaves no process behind."""
    target = tmp_path / "out.csv"
    target.write_text("precious\n")
    with subprocess.Popen([sys.executable, "-c", STOPPED_HALF_WAY, str(FACTS), str(target)],
                          env=_env(), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline() == b"half way\n"
            assert len(list(tmp_path.iterdir())) == 2  # the file and the half-written temporary
            yield process
        finally:
            if process.poll() is None:
                process.kill()


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 128 + signal.SIGTERM),
                                                (signal.SIGHUP, 128 + signal.SIGHUP),
                                                (signal.SIGINT, 130)])
def test_a_signal_during_export_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, signum: int, status: int) -> None:
    with _stopped_half_way(tmp_path) as process:
        process.send_signal(signum)
        assert process.wait(timeout=60) == status
        assert process.stderr is not None
        assert b"Traceback" not in process.stderr.read()
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    assert (tmp_path / "out.csv").read_text() == "precious\n"


def test_a_later_run_removes_the_temporary_of_a_killed_one(tmp_path: Path) -> None:
    with _stopped_half_way(tmp_path) as process:
        process.kill()
        process.wait(timeout=60)
    (left,) = (p for p in tmp_path.iterdir() if p.name != "out.csv")
    assert left.name.startswith(".kursk-")
    an_hour_ago = time.time() - 3600
    os.utime(left, (an_hour_ago, an_hour_ago))
    assert kursk(["export", "-l", str(FACTS), "-o", str(tmp_path / "out.csv")]).exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def _dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", ""])
    gone.wait()
    return gone.pid


def test_remove_stale_removes_only_kursks_own_left_overs(tmp_path: Path) -> None:
    dead, alive = _dead_pid(), os.getpid()
    now = time.time()
    ages = {
        f".kursk-{dead}-0a1b2c3d.tmp": (120, "removed"),  # its process is gone
        f".kursk-{dead}-0a1b2c3d.tmp-journal": (120, "removed"),  # SQLite's, beside it
        f".kursk-{dead}-1a1b2c3d.tmp": (10, "kept"),  # too fresh to judge by its PID
        f".kursk-{alive}-2a1b2c3d.tmp": (1800, "kept"),  # a run still writing
        f".kursk-{alive}-3a1b2c3d.tmp": (7200, "removed"),  # far too old in any case
        ".kursk-x8_zq0ab.tmp": (7200, "removed"),  # an old cache's, named without PID
        ".kursk-y8_zq0ab.tmp": (600, "kept"),
        ".out.csv.abcd1234.tmp": (7200, "kept"),  # not kursk's name: never touched
        ".kursk-notes.tmp": (7200, "kept"),
        "report.tmp": (7200, "kept"),
    }
    for name, (age, _fate) in ages.items():
        path = tmp_path / name
        path.write_text("x")
        os.utime(path, (now - age, now - age))
    # Named like one, but a symlink, which kursk never makes: not its own.
    link = tmp_path / f".kursk-{dead}-4a1b2c3d.tmp"
    link.symlink_to("report.tmp")
    os.utime(link, (now - 7200, now - 7200), follow_symlinks=False)
    atomic.remove_stale(tmp_path)
    kept = {name for name, (_age, fate) in ages.items() if fate == "kept"}
    assert {p.name for p in tmp_path.iterdir()} == kept | {link.name}


# ------------------------------------------------------- broken pipes (item 9)


def _into_a_closed_pipe(args: list[str], prefix: tuple[str, ...] = ()
                        ) -> subprocess.CompletedProcess[str]:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before kursk writes a byte
    try:
        return run(args, prefix, stdout=write_end)
    finally:
        os.close(write_end)


#: kursk run by bash, as from a terminal (bash waits for it, so stays its parent):
#: ``--show-completion`` takes the shell it prints for from the processes above kursk
#: (Typer asks shellingham, which looks ten parents up). Run straight from the suite, the
#: answer would depend on what started the suite: with no shell close enough above it,
#: "Shell  not supported.", exit 1.
UNDER_BASH = ("bash", "-c", '"$@"; exit $?', "bash")


def _invalid_ledger(write: Write, mistakes: int) -> Path:
    head, claim = MINIMAL.split("claims:\n")
    broken = "".join(claim.replace("id: encirclement", f"id: c{i}").replace(
        "source: report", "source: nowhere") for i in range(mistakes))
    return write(head + "claims:\n" + broken)


@pytest.mark.parametrize("mistakes", [1, 200])  # a short answer and one past any buffer
def test_a_failing_check_keeps_exit_1_through_a_closed_pipe(write: Write,
                                                            mistakes: int) -> None:
    # `kursk check -f json | head -c1` on an invalid ledger
    result = _into_a_closed_pipe(["check", "-f", "json", "-l", str(_invalid_ledger(
        write, mistakes))])
    assert result.returncode == 1
    assert result.stderr == ""


def test_a_sound_command_keeps_exit_0_through_a_closed_pipe() -> None:
    for args in (["claims"], ["export", "-f", "json"], ["check"]):
        result = _into_a_closed_pipe([*args, "-l", str(FACTS)])
        assert result.returncode == 0, (args, result.stderr)
        assert result.stderr == ""


@pytest.mark.parametrize("args", [["--help"], ["claims", "--help"], ["--version"],
                                  ["--show-completion", "bash"], ["clams"]])
def test_help_and_version_keep_their_exit_status_through_a_closed_pipe(
        args: list[str]) -> None:
    # `kursk --help | head -1`: Typer's own handling exited 1 here. (A mistyped command
    # writes to stderr only: exit 2 as ever.)
    result = _into_a_closed_pipe(args, UNDER_BASH if "--show-completion" in args else ())
    assert result.returncode == (2 if args == ["clams"] else 0)
    assert (result.stderr == "") == (args != ["clams"])


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["claims", "-l", str(FACTS)]])
def test_a_terminal_that_went_away_is_one_sentence(args: list[str]) -> None:
    # A terminal whose other end is closed: writing fails with EIO.
    controller, terminal = pty.openpty()
    os.close(controller)
    try:
        result = run(args, stdout=terminal)
    finally:
        os.close(terminal)
    assert result.returncode == 1
    assert result.stderr == "kursk: cannot write to standard output: Input/output error\n"


def test_a_note_is_wrapped_at_spaces_to_a_terminal_and_one_line_in_a_pipe() -> None:
    controller, terminal = pty.openpty()
    try:
        env = {**_env(), "COLUMNS": "40"}
        subprocess.run([sys.executable, "-m", "kursk_cli", "claims", "--limit", "1", "-l",
                        str(FACTS)], env=env, stdout=subprocess.DEVNULL, stderr=terminal,
                       timeout=120, check=True)
        os.close(terminal)
        seen = b""
        while chunk := _read(controller):
            seen += chunk
    finally:
        os.close(controller)
    assert seen.decode().splitlines() == [
        "… 13 more claims not shown; use --limit",
        "0 to see all, or --format csv",
    ]
    piped = run(["claims", "--limit", "1", "-l", str(FACTS)])
    assert piped.stderr == ("… 13 more claims not shown; use --limit 0 to see all, or "
                            "--format csv\n")


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 4096)
    except OSError:  # (Linux: EIO once the other end is closed and all is read)
        return b""


@pytest.mark.parametrize("command", [
    ["show", "kursk-encirclement"], ["actor", "zelenskyy"],
    ["export", "-f", "markdown"]])
def test_an_output_encoding_without_the_ledgers_characters_escapes_them_and_says_so(
        command: list[str]) -> None:
    # PYTHONIOENCODING=ascii (or a Latin-1 locale) cannot write the ledger's curly quotes:
    # every row is still written, those characters as \u escapes, and stderr says so
    env = {**_env(), "PYTHONIOENCODING": "ascii"}
    result = subprocess.run([sys.executable, "-m", "kursk_cli", *command, "-l", str(FACTS)],
                            env=env, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    whole = run([*command, "-l", str(FACTS)]).stdout
    if "show" in command or command == ["actor", "zelenskyy"]:
        # a table drawn in ASCII lines instead (Rich's own choice), same rows
        whole = whole.translate(str.maketrans("│─┼", "|-+"))
        assert len(result.stdout.splitlines()) == len(whole.splitlines())
    else:  # data: exactly the UTF-8 output, with those characters escaped
        data = subprocess.run([sys.executable, "-m", "kursk_cli", *command, "-l", str(FACTS)],
                              env=_env(), capture_output=True, timeout=120).stdout
        assert data.decode("utf-8").encode("ascii", "backslashreplace") == result.stdout
    assert b"\\u201c" in result.stdout
    assert result.stderr.decode("ascii") == (
        "kursk: the output's encoding (ascii) cannot write some characters of the ledger; "
        "they were written as \\u escapes. Set PYTHONIOENCODING=utf-8 or use a UTF-8 "
        "locale to get them as they are.\n")


def test_an_output_encoding_that_writes_every_character_says_nothing_of_escapes() -> None:
    env = {**_env(), "PYTHONIOENCODING": "latin-1"}
    result = subprocess.run([sys.executable, "-m", "kursk_cli", "check", "-l", "/nowhere/é.yaml"],
                            env=env, capture_output=True, timeout=120)
    assert (result.returncode, result.stderr) == (1, "/nowhere/é.yaml: no such file\n"
                                                  .encode("latin-1"))
