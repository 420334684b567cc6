"""A cache of file reads, so that a file whose bytes were read before is not parsed again.

Invisible to correctness by construction:

- the unit is one file's read (``ledger.read``: its entries with their positions, its
  includes and every problem inside it), which depends on the file's bytes alone; it is
  keyed on their SHA-256 and kursk's version, never on a name or a modification time;
- what the rules find across files is never cached: they run over the whole every time;
- it stores plain typed data (MessagePack decoded by msgspec into kursk's own structs
  and nothing else), never pickle: reading a cache cannot run code;
- every entry carries the SHA-256 of its payload, checked before a byte is used; an entry
  that is missing, damaged, of another shape or from another version is ignored (and
  written again);
- a cache folder or file that another user could have written is never read;
- each entry is written whole or not at all (a temporary file, then a rename).

It lives in ``$XDG_CACHE_HOME/kursk`` (else ``~/.cache/kursk``), one file per read, named
by its key. ``--no-cache`` or ``KURSK_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

from kursk_cli import __version__
from kursk_cli.model import FileRead

#: Bumped whenever what the cache holds changes shape.
FORMAT = 4

#: Entries kept at most; past this the least recently used go. Each is one file's read.
MAX_ENTRIES = 2000

#: A temporary file older than this was left by a run that was killed.
STALE_SECONDS = 600

_SUFFIX = ".read"
_TEMPORARY = ".kursk-"


def directory(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the cache lives; None when there is no home to put it in (kursk then works
    uncached)."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):
            return None
    return Path(base) / "kursk"


def disabled(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return env.get("KURSK_NO_CACHE", "") not in ("", "0")


def _private(info: os.stat_result) -> bool:
    """Whether only this user could have written it."""
    owner = getattr(os, "getuid", lambda: info.st_uid)()
    return info.st_uid == owner and not info.st_mode & 0o022


class Cache:
    """The cache folder: file reads by the SHA-256 of the file's bytes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._trusted: bool | None = None
        self._pruned = False

    def _path(self, digest: str) -> Path:
        name = hashlib.sha256(f"{digest}:{__version__}:{FORMAT}".encode()).hexdigest()
        return self.folder / f"{name}{_SUFFIX}"

    def trusted(self) -> bool:
        """The folder exists, is a folder, and only this user could have written it."""
        if self._trusted is None:
            try:
                info = os.lstat(self.folder)
                self._trusted = stat.S_ISDIR(info.st_mode) and _private(info)
            except OSError:
                self._trusted = False
        return self._trusted

    def get(self, digest: str) -> FileRead | None:
        """The read of a file with these bytes, if one was cached and is sound."""
        if not self.trusted():
            return None
        path = self._path(digest)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not (stat.S_ISREG(info.st_mode) and _private(info)):
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                blob = handle.read()
        except OSError:
            return None
        finally:
            os.close(fd)
        if info.st_mtime < time.time() - 86400:
            with suppress(OSError):  # recently used: kept when the cache is pruned
                os.utime(path)
        return _decode(blob)

    def put(self, digest: str, read: FileRead) -> None:
        """Cache a file's read, whole or not at all; any failure (a read-only home, a
        full disk) leaves kursk working, only uncached. Call before the read's entries
        are placed in a file (``FileRead.placed_in``): a read is cached without names."""
        import msgspec

        payload = msgspec.msgpack.encode(read)
        blob = hashlib.sha256(payload).digest() + payload
        with suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._trusted = None
            if not self.trusted():
                return
            temporary = self.folder / f"{_TEMPORARY}{os.getpid()}-{os.urandom(4).hex()}.tmp"
            try:
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(blob)
                os.replace(temporary, self._path(digest))
            finally:
                temporary.unlink(missing_ok=True)
            self._prune()

    def _prune(self) -> None:
        """Once a run: remove temporaries left by killed runs, and the least recently
        used entries past ``MAX_ENTRIES``."""
        if self._pruned:
            return
        self._pruned = True
        entries: list[tuple[float, Path]] = []
        now = time.time()
        with suppress(OSError), os.scandir(self.folder) as listing:
            for item in listing:
                with suppress(OSError):
                    if item.name.endswith(_SUFFIX):
                        entries.append((item.stat().st_mtime, Path(item.path)))
                    elif (item.name.startswith(_TEMPORARY)
                          and item.stat().st_mtime < now - STALE_SECONDS):
                        os.unlink(item.path)
        entries.sort()
        for _mtime, path in entries[: max(0, len(entries) - MAX_ENTRIES)]:
            path.unlink(missing_ok=True)


def _decode(blob: bytes) -> FileRead | None:
    """The read in a cache entry, if its digest holds and it has the shape kursk writes."""
    import msgspec

    digest, payload = blob[:32], blob[32:]
    if len(digest) != 32 or hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return msgspec.msgpack.decode(payload, type=FileRead)
    except (msgspec.DecodeError, ValueError):
        return None


def open_cache(use: bool = True, environ: Mapping[str, str] | None = None) -> Cache | None:
    """The cache to use, or None when it is turned off or has no home."""
    if not use or disabled(environ):
        return None
    folder = directory(environ)
    return Cache(folder) if folder is not None else None
