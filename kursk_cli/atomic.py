"""Files written whole or not at all, and the temporary files that makes.

A regular file is written to a temporary file beside it, then renamed over it. The
temporary file is kursk's own (``.kursk-PID-XXXXXXXX.tmp``, short whatever the target's
name), is removed on any failure and on SIGTERM or SIGHUP, and one left behind by a
process killed outright is removed by a later run (:func:`remove_stale`). The cache
can use :func:`temporary` and :func:`remove_stale` for its own files too.

Anything that is not a regular file (a pipe, a terminal, a device) is written into,
never replaced. No Rich, no Typer here: failures are ``OSError`` for the caller to word.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

#: Every temporary file kursk makes starts so, and only those are ever removed.
PREFIX = ".kursk-"

#: A temporary file of a process that is gone is removed once it is this old (seconds):
#: the margin covers a writer in another PID namespace sharing the folder, whose PID
#: means nothing here but who keeps the file's time recent while it writes.
DEAD_AFTER = 60
#: Any temporary file of kursk's this old is left over, whatever its PID says.
STALE_AFTER = 3600

# New names carry the writer's PID; names without one are those mkstemp made for the
# cache before, and are removed only by age.
_OURS = re.compile(r"\.kursk-(?:(\d+)-)?[a-z0-9_]{8}\.tmp(?:-journal|-wal|-shm)?\Z")

#: Signals that end kursk by default and leave a temporary file behind unless caught.
_ENDING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                if hasattr(signal, name))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process, or we may not ask: treat it as running
        return True
    return True


def remove_stale(folder: Path, now: float | None = None) -> None:
    """Remove kursk's left-over temporary files in ``folder``: those of a process that
    is no longer running, once :data:`DEAD_AFTER` seconds old, and any older than
    :data:`STALE_AFTER`. Nothing else is touched, and nothing here ever fails."""
    when = time.time() if now is None else now
    with suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            found = _OURS.match(entry.name) if entry.name.startswith(PREFIX) else None
            if found is None:
                continue
            with suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode):
                    continue
                age = when - info.st_mtime
                dead = found.group(1) is not None and not _alive(int(found.group(1)))
                if age > STALE_AFTER or (dead and age > DEAD_AFTER):
                    os.unlink(entry.path)


def _create(folder: Path, mode: int | None) -> Path:
    """A new empty file in ``folder`` with a name nobody else uses. Created as a plain
    create would (0666 less the umask) unless ``mode`` is given."""
    while True:
        path = folder / f"{PREFIX}{os.getpid()}-{os.urandom(4).hex()}.tmp"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        try:
            if mode is not None:
                os.fchmod(fd, mode)
        finally:
            os.close(fd)
        return path


class _Ended(SystemExit):
    """Raised by a signal that would end kursk while a temporary file exists."""


def _end(signum: int, _frame: Any) -> None:
    raise _Ended(128 + signum)


@contextmanager
def _cleanup_on_signals() -> Iterator[None]:
    """While active, SIGTERM and SIGHUP end kursk through Python's unwinding (exit
    status 128 + the signal), so that ``finally`` blocks run and remove temporaries."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; a caller there is rare
        return
    previous = {signum: signal.signal(signum, _end) for signum in _ENDING}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


#: For writers of many files that remove their own temporaries (``kursk site``).
signals_end_cleanly = _cleanup_on_signals


@contextmanager
def temporary(folder: Path, mode: int | None = None) -> Iterator[Path]:
    """A new temporary file in ``folder``, removed when the block ends unless it was
    renamed away, on any failure and on SIGTERM or SIGHUP."""
    with _cleanup_on_signals():
        path = _create(folder, mode)
        try:
            yield path
        finally:
            for leftover in (path, *(Path(f"{path}{s}") for s in ("-journal", "-wal", "-shm"))):
                with suppress(OSError):
                    os.unlink(leftover)


class Refused(Exception):
    """The target may not be written; the message is the whole sentence."""


class Changed(Refused):
    """The target is no longer what it was when it was read."""


def write_file(target: Path, fill: Callable[[Path], None], *,
               keep: Path | None = None, unchanged: bytes | None = None) -> None:
    """Write ``target`` with ``fill`` (which writes a whole file at the path it is given).

    - A regular file, or a new one: ``fill`` writes a temporary file in the folder of
      the final target (symlinks followed, the link itself kept), renamed over it when
      whole. A new file gets the mode a plain create gives (0666 less the umask); an
      existing one keeps its mode and, where allowed, its owner. The rename makes a new
      inode: other hard links to the old file keep the old content.
    - A pipe, terminal or device is written into, never replaced: ``fill`` writes a
      temporary file in the system's temporary folder, copied into the target.

    Refuses a folder and ``keep`` (the ledger). With ``unchanged``, the target must
    still hold those bytes right before the rename (nobody wrote it since it was read),
    else :class:`Changed`. Raises :class:`Refused`, or the ``OSError`` that stopped it;
    an existing regular file is then left as it was."""
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise Refused(f"cannot write {target}: it is a folder")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_into(target, fill)
        return
    final = Path(os.path.realpath(target))
    if not final.parent.is_dir():
        folder = final.parent if target.is_symlink() else target.parent
        raise Refused(f"cannot write {target}: the folder {folder} does not exist")
    if info is not None and keep is not None and _same_file(final, keep):
        raise Refused(f"refusing to write over the ledger itself ({target})")
    remove_stale(final.parent)
    kept = None if info is None else stat.S_IMODE(info.st_mode)
    with temporary(final.parent, kept) as path:  # never more open than the old file
        fill(path)
        if info is not None:
            with suppress(OSError):
                os.chown(path, info.st_uid, info.st_gid)
            os.chmod(path, stat.S_IMODE(info.st_mode))  # chown clears set-id bits
        if unchanged is not None and _content(final) != unchanged:
            raise Changed(f"{target} changed while kursk was working on it; nothing "
                          "written")
        os.replace(path, final)


def _content(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except FileNotFoundError:
        return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _write_into(target: Path, fill: Callable[[Path], None]) -> None:
    """Fill a temporary file, then copy it into a pipe, terminal or device."""
    import tempfile

    folder = Path(tempfile.gettempdir())
    remove_stale(folder)
    with temporary(folder) as path:
        fill(path)
        fd = os.open(target, os.O_WRONLY)  # no O_CREAT, no O_TRUNC: written into
        if stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a file since stat()
            os.close(fd)
            raise Refused(f"cannot write {target}: it changed while kursk was writing")
        with open(fd, "wb") as sink, open(path, "rb") as source:
            while chunk := source.read(1 << 20):
                sink.write(chunk)


#: The lock file beside a file that ``kursk merge`` writes (``.facts.yaml.kursk-lock``).
LOCK_SUFFIX = ".kursk-lock"


def lock_path(target: Path) -> Path:
    """The lock file of ``target`` (symlinks followed: the file really written)."""
    final = Path(os.path.realpath(target))
    return final.with_name(f".{final.name}{LOCK_SUFFIX}")


def _lock_file(target: Path) -> int:
    """The lock file of ``target``, opened (made if missing): never through a symbolic
    link, which could make or lock a file anywhere, and only a regular file (a FIFO or a
    device is not one to take a lock on); :class:`Refused` otherwise."""
    lock = lock_path(target)

    def refuse(what: str) -> Refused:
        return Refused(f"cannot lock {target} for writing: {lock.name} beside it should be "
                       f"kursk's lock file, a plain file, but is {what}; remove it and run "
                       "the command again")

    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(lock, flags, 0o666)
    except OSError as err:
        if err.errno == errno.ELOOP or os.path.islink(lock):
            raise refuse("a symbolic link") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise refuse("not a plain file")
    return fd


@contextmanager
def locked(targets: list[Path], waiting: Callable[[Path], None]) -> Iterator[None]:
    """Hold an exclusive lock on each of ``targets`` (an ``flock`` on its lock file,
    taken in one order so that two writers never wait on each other) for the block.
    ``waiting`` is told of each target another process holds, before waiting for it.
    The lock files stay: removing one while another process waits on it would let a
    third lock a new file of the same name."""
    import fcntl

    held: list[int] = []
    try:
        every = {str(lock_path(target)): target for target in targets}
        for _name, target in sorted(every.items()):  # (one lock per file, however named)
            try:
                fd = _lock_file(target)
                held.append(fd)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    waiting(target)
                    fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as err:
                raise Refused(f"cannot lock {target} for writing ({lock_path(target).name}): "
                              f"{err.strerror or err}") from None
        yield
    finally:
        for fd in held:
            os.close(fd)  # (closing the last descriptor releases the lock)
