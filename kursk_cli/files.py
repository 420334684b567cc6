"""Which ledger file to read, and its bytes or its digest, read safely.

Kept apart from the YAML reader so that a command answered from the cache never
imports the parser.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kursk_cli.errors import LedgerInvalid, Problem

try:  # CPython's own SHA-256, without loading OpenSSL (about 2.5 ms of a start-up)
    from _sha256 import sha256 as _builtin_sha256  # type: ignore[import-not-found]
except ImportError:  # (Python 3.12 and later name it _sha2; else there is only hashlib)
    try:
        from _sha2 import sha256 as _builtin_sha256  # type: ignore[import-not-found]
    except ImportError:
        _builtin_sha256 = None

#: Bytes hashed by the built-in SHA-256 before hashlib's (several times faster on
#: large inputs, slower to import) takes over: a small ledger never imports hashlib.
_BUILTIN_BUDGET = [256 * 1024]


def digest(data: bytes) -> bytes:
    """The SHA-256 of ``data`` (the same digest whichever implementation computes it)."""
    if _builtin_sha256 is not None and len(data) <= _BUILTIN_BUDGET[0]:
        _BUILTIN_BUDGET[0] -= len(data)
        return bytes(_builtin_sha256(data).digest())
    import hashlib

    return hashlib.sha256(data).digest()


def hexdigest(data: bytes) -> str:
    return digest(data).hex()


#: Larger files are refused before reading: a ledger of 100,000 claims is about 80 MB.
MAX_BYTES = 256 * 1024 * 1024


class Unreadable(Exception):
    """The file cannot be read; the message says why."""


#: A ledger that is not there: its path was given (--ledger, $KURSK_LEDGER, an include),
#: since without one kursk reads ./facts.yaml or the shipped ledger.
LEDGER_MISSING = "no such file"


def _open(path: Path, noun: str, missing: str, limit: int) -> BinaryIO:
    """Open an ordinary file of at most MAX_BYTES; anything else is one clear sentence."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise Unreadable(missing) from None
    except PermissionError:
        raise Unreadable("permission denied: kursk may not read this file") from None
    except OSError as err:
        raise Unreadable(f"cannot read the file: {err.strerror or err}") from None
    if stat.S_ISDIR(info.st_mode):
        raise Unreadable(f"this is a folder, not {noun}")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("not an ordinary file (a pipe, device or socket); kursk reads files")
    if info.st_size > limit:
        raise Unreadable(f"the file is {info.st_size:,} bytes, more than the "
                         f"{limit:,} bytes kursk reads")
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO since stat(), open must not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise Unreadable(f"cannot open the file: {err.strerror or err}") from None
    handle = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise Unreadable("not an ordinary file (a pipe, device or socket); kursk reads files")
    return handle


def _read(handle: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes; a failing read (``/proc/self/mem``, a bad disk) is a
    sentence, not a traceback."""
    try:
        return handle.read(size)
    except OSError as err:
        raise Unreadable(f"cannot read the file: {err.strerror or err}") from None


def _invalid(shown: str, err: Unreadable) -> LedgerInvalid:
    return LedgerInvalid([Problem(shown, 0, 0, str(err))])


def read_bytes(path: Path, noun: str = "a ledger file", missing: str = LEDGER_MISSING,
               limit: int | None = None) -> bytes:
    """An ordinary file's bytes, at most MAX_BYTES, or :class:`Unreadable` saying why
    they cannot be read (``noun``: what the file should be, ``missing``: what to say
    when there is none)."""
    limit = MAX_BYTES if limit is None else limit
    with _open(path, noun, missing, limit) as handle:
        data = _read(handle, limit + 1)
    if len(data) > limit:
        raise Unreadable(f"the file is more than the {limit:,} bytes kursk reads")
    return data


def read(path: Path, shown: str) -> bytes:
    """The ledger file's bytes, or :class:`LedgerInvalid` saying why it cannot be read."""
    try:
        return read_bytes(path)
    except Unreadable as err:
        raise _invalid(shown, err) from None


def position(data: bytes, offset: int) -> tuple[int, int]:
    """The (line, column) of the byte at ``offset``, both from 1, columns in characters
    (what is before it decoded as far as it goes): where a text file stops being UTF-8."""
    head = data[:offset]
    line = head.count(b"\n") + 1
    return line, len(head[head.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1


def shipped_ledger() -> Path:
    """The facts.yaml that comes with kursk: inside the installed package, or, when
    running from a source checkout, the top-level file the build puts there."""
    packaged = Path(__file__).with_name("facts.yaml")
    return packaged if packaged.is_file() else Path(__file__).parent.parent / "facts.yaml"


def resolve(option: Path | None, environ: dict[str, str] | None = None,
            cwd: Path | None = None) -> tuple[Path, str]:
    """Which ledger to read, and how to name it in messages: ``--ledger``, else
    ``$KURSK_LEDGER``, else ``./facts.yaml``, else the shipped ledger."""
    env = os.environ if environ is None else environ
    if option is not None:
        return option, str(option)
    if env.get("KURSK_LEDGER"):
        return Path(env["KURSK_LEDGER"]), env["KURSK_LEDGER"]
    local = (cwd or Path.cwd()) / "facts.yaml"
    if local.exists():
        return local, "facts.yaml"
    shipped = shipped_ledger()
    return shipped, str(shipped)


def glob_matcher(pattern: str) -> Callable[[str], re.Match[str] | None]:
    """A glob as Python's ``glob`` reads it, recursive: ``*`` and ``?`` within one name,
    ``[...]`` a character class, ``**`` any number of folders; a name starting with ``.``
    only where the pattern's part does too. ValueError for a class no regular expression
    can hold (``[z-a]``)."""
    parts: list[str] = []
    for index, part in enumerate(pattern.split("/")):
        last = index == pattern.count("/")
        if part == "**":
            parts.append("(?:[^/.][^/]*/)*" if not last else "(?:[^/.][^/]*/)*[^/.][^/]*")
            continue
        regex = "" if part.startswith(".") else "(?![.])"
        i = 0
        while i < len(part):
            char = part[i]
            end = part.find("]", i + 2) if char == "[" else -1
            if char == "*":
                regex += "[^/]*"
            elif char == "?":
                regex += "[^/]"
            elif end != -1:
                inner = part[i + 1:end]
                negated = inner.startswith("!")
                body = re.escape(inner[1:] if negated else inner).replace("\\-", "-")
                regex += f"[{'^' if negated else ''}{body}]"
                i = end
            else:
                regex += re.escape(char)
            i += 1
        parts.append(regex + ("" if last else "/"))
    try:
        return re.compile("".join(parts) + r"\Z").match
    except re.error as err:
        raise ValueError(str(err)) from None
