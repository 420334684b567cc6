"""Which ledger file to read, and its bytes or its digest, read safely.

Kept apart from the YAML reader so that a command answered from the cache never
imports the parser.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

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


def _open(path: Path, noun: str, missing: str, limit: int) -> tuple[int, int]:
    """Open an ordinary file of at most MAX_BYTES: its descriptor and its size as opened;
    anything else is one clear sentence."""
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
    try:
        opened = os.fstat(fd)
    except OSError as err:
        os.close(fd)
        raise Unreadable(f"cannot read the file: {err.strerror or err}") from None
    if not stat.S_ISREG(opened.st_mode):
        os.close(fd)
        raise Unreadable("not an ordinary file (a pipe, device or socket); kursk reads files")
    return fd, opened.st_size


def _read(fd: int, size: int, limit: int) -> bytes:
    """Every byte up to the end of the file, or the first ``limit + 1`` of them: one
    ``os.read`` of its size and one more (and then more) until the file ends, which a
    file that grew since takes. (A buffered reader asked for ``limit + 1`` bytes took
    four times as long over a large ledger.) A failing read (``/proc/self/mem``, a bad
    disk) is a sentence, not a traceback."""
    chunks: list[bytes] = []
    total = 0
    try:
        want = min(size, limit) + 1
        while total <= limit:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = min(1 << 16, limit + 1 - total)
    except OSError as err:
        raise Unreadable(f"cannot read the file: {err.strerror or err}") from None
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _invalid(shown: str, err: Unreadable) -> LedgerInvalid:
    return LedgerInvalid([Problem(shown, 0, 0, str(err))])


def read_bytes(path: Path, noun: str = "a ledger file", missing: str = LEDGER_MISSING,
               limit: int | None = None) -> bytes:
    """An ordinary file's bytes, at most MAX_BYTES, or :class:`Unreadable` saying why
    they cannot be read (``noun``: what the file should be, ``missing``: what to say
    when there is none)."""
    limit = MAX_BYTES if limit is None else limit
    fd, size = _open(path, noun, missing, limit)
    try:
        data = _read(fd, size, limit)
    finally:
        os.close(fd)
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


#: Why a file a ledger names is not read.
OUTSIDE = ("it is outside the folder of the ledger file that names it (symlinks followed); "
           "kursk reads nothing outside the ledger's folder")


def climbs_out(value: str) -> bool:
    """Whether a path written in a ledger file leaves that file's folder as written: from
    the top of the disk (``/etc/passwd``) or up through ``..`` (``../secret.env``)."""
    return os.path.isabs(value) or os.path.normpath(value).split(os.sep)[0] == ".."


def within(folder: str, path: str) -> bool:
    """Whether ``path`` is inside ``folder`` (or is the folder) once every symlink of both
    is followed: a link out of the folder is outside. Nothing is read."""
    return Folder(folder).holds(path)


class Folder:
    """A folder, its symlinks followed once, that says which paths are inside it."""

    def __init__(self, folder: str) -> None:
        try:
            self.real: str | None = os.path.realpath(folder or ".")
        except (OSError, ValueError):
            self.real = None

    def holds(self, path: str) -> bool:
        """Whether ``path`` is inside the folder once every symlink is followed."""
        try:
            real = os.path.realpath(path)
        except (OSError, ValueError):
            return False
        home = self.real
        return home is not None and os.path.commonpath([home, real]) == home


def shipped_ledger() -> Path:
    """The facts.yaml that comes with kursk: inside the installed package, or, when
    running from a source checkout, the top-level file the build puts there."""
    packaged = Path(__file__).with_name("facts.yaml")
    return packaged if packaged.is_file() else Path(__file__).parent.parent / "facts.yaml"


def present(path: Path) -> bool:
    """Whether something is at ``path`` (a link to nothing is nothing), without an
    error: a path the system will not look into (a folder one may not enter, a link
    loop) counts as there, so that reading it then says why; a name too long to be a
    file's, or holding a NUL, as not there."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return False
    except OSError as err:
        return err.errno != errno.ENAMETOOLONG
    return True


def nearest(cwd: Path | None = None) -> Path | None:
    """``facts.yaml`` in ``cwd`` or the nearest folder above it (as git finds ``.git``):
    from a subfolder of a ledger split into several files, its main file."""
    try:
        here = cwd or Path.cwd()
    except OSError:  # the folder kursk runs in was deleted: no facts.yaml there
        return None
    for folder in (here, *here.parents):
        candidate = folder / "facts.yaml"
        if present(candidate):
            return candidate
    return None


def resolve(option: Path | None, environ: dict[str, str] | None = None,
            cwd: Path | None = None) -> tuple[Path, str]:
    """Which ledger to read, and how to name it in messages: ``--ledger``, else
    ``$KURSK_LEDGER``, else ``facts.yaml`` here or in the nearest folder above, else the
    example ledger shipped with kursk."""
    env = os.environ if environ is None else environ
    if option is not None:
        return option, str(option)
    if env.get("KURSK_LEDGER"):
        return Path(env["KURSK_LEDGER"]), env["KURSK_LEDGER"]
    try:
        here = cwd or Path.cwd()
    except OSError:  # the folder kursk runs in was deleted: no facts.yaml there
        here = None
    local = None if here is None else nearest(here)
    if local is not None and here is not None:
        return local, os.path.relpath(local, here)
    shipped = shipped_ledger()
    return shipped, str(shipped)


def example(option: Path | None, environ: dict[str, str] | None = None,
            cwd: Path | None = None) -> bool:
    """Whether :func:`resolve` falls back to the example ledger shipped with kursk."""
    env = os.environ if environ is None else environ
    return option is None and not env.get("KURSK_LEDGER") and nearest(cwd) is None


#: What kursk says when it shows the example ledger, and when it will not write to it.
EXAMPLE_NOTE = ("no facts.yaml here or above; showing the example ledger; kursk init "
                "starts one")


#: The characters that make an include a glob.
GLOB_CHARACTERS = frozenset("*?[")

#: A folder's entries, for :func:`glob_names`: given a folder (relative to where the glob
#: starts, '' for there), each entry's name, whether it is a folder (a symbolic link to
#: one counts) and whether it is a symbolic link; an empty list for anything not a folder.
Listing = Callable[[str], Iterable[tuple[str, bool, bool]]]


def _part_regex(part: str) -> str:
    """One name of a glob as a regular expression: ``*`` and ``?`` within the name,
    ``[...]`` a character class; a name starting with ``.`` only where the pattern's part
    does too."""
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
    return regex


def _compiled(regex: str) -> Callable[[str], re.Match[str] | None]:
    try:
        return re.compile(regex + r"\Z").match
    except re.error as err:
        raise ValueError(str(err)) from None


def _joined(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def _below(folder: str, listing: Listing, last: bool) -> list[str]:
    """What ``**`` reaches from ``folder``: every folder beneath it, itself included (or,
    as the glob's last part, every entry beneath it), through neither symbolic links nor
    hidden folders (two links to ``.`` would make the search endless)."""
    found = [] if last else [folder]
    waiting = [folder]
    while waiting:
        here = waiting.pop()
        for name, is_folder, is_link in listing(here):
            if name.startswith("."):
                continue
            path = _joined(here, name)
            if last or (is_folder and not is_link):
                found.append(path)
            if is_folder and not is_link:
                waiting.append(path)
    return found


def glob_names(pattern: str, listing: Listing) -> list[str]:
    """The names an include's glob matches, relative to where it starts, sorted: the one
    rule for a ledger on disk and at a git revision, whichever lists the folders. As
    Python's ``glob`` (recursive): a part without ``*?[`` is a name, ``**`` any number of
    folders (see :func:`_below`), other parts as :func:`_part_regex`; a folder a part
    other than the last matches is entered (a symbolic link to one too); the last part
    matches files and folders alike (an included folder is then refused where it is
    named). ValueError for a glob no regular expression can hold."""
    parts = pattern.split("/")
    matchers = [None if part == "**" or GLOB_CHARACTERS.isdisjoint(part)
                else _compiled(_part_regex(part)) for part in parts]
    reached = [""]
    for index, (part, matches) in enumerate(zip(parts, matchers, strict=True)):
        last = index == len(parts) - 1
        found: list[str] = []
        for folder in reached:
            if part == "**":
                found += _below(folder, listing, last)
            elif matches is None:  # a plain name: looked for only where it is the last
                if not last or part in (".", "..") or any(
                        name == part for name, _folder, _link in listing(folder)):
                    found.append(_joined(folder, part))
            else:
                found += [_joined(folder, name) for name, is_folder, _link in listing(folder)
                          if (last or is_folder) and matches(name)]
        reached = found
    return sorted(set(reached))
