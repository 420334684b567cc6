"""Open a ledger: its files gathered through ``include:``, each read (or taken from the
cache by its bytes), and the rules run across all of them.

A ledger file's own entries come first, then those of each file it includes, in the order
of its ``include`` list (a glob's matches in sorted order), each included file's own
includes followed the same way. Every problem names the file and line it is in.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from kursk_cli import files, rules
from kursk_cli.cache import Cache, Stored, open_cache
from kursk_cli.errors import KurskError, LedgerInvalid, Problem, printable
from kursk_cli.memory import collector_paused
from kursk_cli.model import FileRead, Include, Ledger

_GLOB = files.GLOB_CHARACTERS

#: What the rules' verdict across files is remembered as: each problem's file, line,
#: column and message.
_Verdict = list[tuple[str, int, int, str]]
_VERDICT = "list[tuple[str,int,int,str]]"

#: Files deep that includes may go (a ledger needs two or three).
MAX_INCLUDE_DEPTH = 100


class Files(Protocol):
    """Where a ledger's files are read from: the disk, or a git revision
    (``history.AtRevision``), so that a ledger is gathered the same way from either."""

    def read(self, path: Path, shown: str) -> bytes:
        """The file's bytes, or :class:`LedgerInvalid` saying why it cannot be read."""
        ...

    def glob(self, folder: Path, pattern: str) -> list[str]:
        """The names, relative to ``folder``, that an include's glob matches, sorted (by
        :func:`files.glob_names`, the one rule for both)."""
        ...

    def real(self, path: Path) -> Path:
        """The file ``path`` names, symbolic links followed (as they are, or were at the
        revision): two names of one file are one file of the ledger."""
        ...


class Disk:
    """The ledger's files as they are on disk."""

    def read(self, path: Path, shown: str) -> bytes:
        return files.read(path, shown)

    def glob(self, folder: Path, pattern: str) -> list[str]:
        return files.glob_names(pattern, lambda inside: _entries(folder / inside))

    def real(self, path: Path) -> Path:
        return _real(path)


def _entries(folder: Path) -> list[tuple[str, bool, bool]]:
    """A folder's entries for :func:`files.glob_names`: name, whether a folder (a link to
    one counts), whether a symbolic link; none when it cannot be listed."""
    def is_folder(entry: os.DirEntry[str]) -> bool:
        try:
            return entry.is_dir()
        except OSError:
            return False

    try:
        with os.scandir(folder) as listed:
            return [(entry.name, is_folder(entry), entry.is_symlink()) for entry in listed]
    except OSError:
        return []


class _File:
    """One file of the ledger: its name, the SHA-256 of its bytes, and its read, whole or
    (from the cache) its head alone until the entries are needed."""

    def __init__(self, path: Path, name: str, digest: str, read: FileRead | None,
                 stored: Stored | None, cache: Cache | None = None,
                 source: Files | None = None) -> None:
        self.path, self.name, self.digest = path, name, digest
        self._read, self._stored, self._cache = read, stored, cache
        self._source: Files = source or Disk()
        self.head: FileRead = read if read is not None else stored.head  # type: ignore[union-attr]

    def read(self) -> FileRead:
        if self._read is None:
            found = self._stored.read() if self._stored is not None else None
            if found is None:  # the entries are damaged: read the file, cache it again
                from kursk_cli import ledger

                data = self._source.read(self.path, self.name)
                if files.hexdigest(data) != self.digest:
                    # Its head was read from other bytes: never mix two versions.
                    raise KurskError(f"{printable(self.name)} changed while kursk read it; "
                                     "run the command again")
                found = ledger.read(data)
                if self._cache is not None:
                    self._cache.put(self.digest, found)
                if _head(found) != _head(self.head):
                    # What was gathered from the head (problems, includes) was not this
                    # file's: never answer from it. The cache now holds the file's read.
                    raise KurskError(f"kursk's cache held a damaged read of "
                                     f"{printable(self.name)}, now mended; run the command "
                                     "again")
            found.placed_in(self.name)
            self._read = found
        return self._read


def _head(read: FileRead) -> FileRead:
    """A read without its entries: what gathering a ledger takes from it."""
    import msgspec

    return msgspec.structs.replace(read, sources=(), actors=(), claims=())


class _Gathering:
    """The files of a ledger as they are reached through includes, and the problems
    found in them or in their includes."""

    def __init__(self, cache: Cache | None, replaced: dict[Path, bytes],
                 source: Files | None = None) -> None:
        self.cache = cache
        self.files: list[_File] = []
        #: Each file reached, by its real path: the name it was first reached by.
        self.reached: dict[Path, str] = {}
        #: Each included file, by its real path: the file and the include that reached it.
        self.included_by: dict[Path, tuple[str, Include]] = {}
        self.problems: list[Problem] = []
        #: Bytes to read instead of a file's own, by its real path (a merge checks its
        #: result this way before writing it).
        self.replaced = replaced
        #: Where the files are read from: the disk, or a git revision.
        self.source: Files = source or Disk()

    def read(self, path: Path, shown: str) -> _File:
        """One file's read: from the cache when these bytes were read before."""
        data = self.replaced.get(_real(path)) if self.replaced else None
        if data is None:
            data = self.source.read(path, shown)
        digest = files.hexdigest(data)
        stored = self.cache.get(digest, len(data)) if self.cache is not None else None
        if stored is not None:
            return _File(path, shown, digest, None, stored, self.cache, self.source)
        from kursk_cli import ledger

        found = ledger.read(data)
        if self.cache is not None:
            self.cache.put(digest, found)
        found.placed_in(shown)
        return _File(path, shown, digest, found, None)

    def visit(self, path: Path, shown: str, within: tuple[Path, ...]) -> None:
        found = self.read(path, shown)
        self.files.append(found)
        self.problems += [Problem(shown, p.line, p.column, p.message)
                          for p in found.head.problems]
        for include in found.head.includes:
            for target, name in self.matches(path, shown, include):
                self.follow(target, name, shown, include, within)
    def matches(self, path: Path, shown: str, include: Include) -> list[tuple[Path, str]]:
        """The files an include names, with the names messages give them."""
        folder, pattern = path.parent, include.pattern
        if _GLOB.isdisjoint(pattern) and not files.climbs_out(pattern):
            names = [pattern]
        elif os.path.isabs(pattern) and not _GLOB.isdisjoint(pattern):
            self.problems.append(Problem(shown, include.line, include.column,
                                         f"include '{pattern}' is a glob from the top of the "
                                         "disk; write it relative to this file"))
            return []
        elif files.climbs_out(pattern):
            self.problems.append(Problem(shown, include.line, include.column,
                                         f"include '{pattern}' is outside this file's folder; "
                                         "kursk reads nothing outside the ledger's folder"))
            return []
        else:
            try:
                names = self.source.glob(folder, pattern)
            except ValueError as err:
                self.problems.append(Problem(shown, include.line, include.column,
                                             f"include '{pattern}' is not a glob kursk can "
                                             f"read ({err})"))
                return []
            if not names:
                self.problems.append(Problem(shown, include.line, include.column,
                                             f"include '{pattern}' matches no file"))
        shown_folder = os.path.dirname(shown)
        found = [(folder / name, os.path.join(shown_folder, name)) for name in names]
        if not isinstance(self.source, Disk):
            return found
        inside, home = [], files.Folder(str(folder))
        for target, name in found:
            if home.holds(str(target)):
                inside.append((target, name))
            else:  # (and nothing of it is read)
                self.problems.append(Problem(
                    shown, include.line, include.column, f"cannot include '{name}': a "
                    "symlink leads out of this file's folder; kursk reads nothing outside "
                    "the ledger's folder"))
        return inside

    def follow(self, target: Path, name: str, by: str, include: Include,
               within: tuple[Path, ...]) -> None:
        def refuse(message: str) -> None:
            self.problems.append(Problem(by, include.line, include.column, message))

        real = self.source.real(target)
        if len(within) >= MAX_INCLUDE_DEPTH:
            refuse(f"includes nested more than {MAX_INCLUDE_DEPTH} files deep; include the "
                   "files from fewer levels")
            return
        if real in within:
            refuse(f"include loop: '{name}' includes this file again, directly or through "
                   "other files")
            return
        if real in self.reached:
            refuse(f"'{name}' is already part of the ledger (as '{self.reached[real]}'); "
                   "include each file once")
            return
        self.reached[real] = name
        self.included_by[real] = (by, include)
        try:
            self.visit(target, name, (*within, real))
        except LedgerInvalid as err:  # the file cannot be read at all
            why = err.problems[0].message
            refuse(f"cannot include '{name}': "
                   + ("no such file" if why == files.LEDGER_MISSING else why))


class Opened:
    """A ledger's files, gathered, and every problem found in them or across them. Its
    ``key`` names every file and its bytes (None when uncached): whatever is computed
    from the ledger alone may be remembered under it."""

    def __init__(self, gathering: _Gathering, key: str | None) -> None:
        self._files, self.key, self.cache = gathering.files, key, gathering.cache
        self.problems = gathering.problems
        #: The real path of every file of the ledger.
        self.paths = frozenset(gathering.reached)
        #: The real path of each file of the ledger, by the name its entries carry.
        self.named = {shown: path for path, shown in gathering.reached.items()}
        #: Each included file, by its real path: the file and the include that reached it.
        self.included_by = gathering.included_by
        self._whole: rules.Whole | None = None

    @property
    def whole(self) -> rules.Whole:
        if self._whole is None:
            with collector_paused():
                self._whole = rules.Whole([(found.name, found.read())
                                           for found in self._files])
        return self._whole

    @property
    def ledger(self) -> Ledger:
        """The checked ledger (only when there are no problems)."""
        if self.problems:
            raise LedgerInvalid(self.problems)
        return self.whole.ledger

    @property
    def summary(self) -> dict[str, int]:
        return self.ledger.summary


def _across(opened: Opened, shown: str) -> list[Problem]:
    """What the rules find across the files (and the sections no file has)."""
    whole = opened.whole
    problems: list[Problem] = []
    root = whole.files[0][1]
    if not root.broken and (root.sections or root.includes or not root.problems):
        present = {s for _name, read in whole.files for s in read.sections}
        problems += [Problem(shown, *root.at, f"the ledger is missing '{section}'")
                     for section in ("sources", "actors", "claims") if section not in present]
    with collector_paused():
        for rule in rules.RULES:
            problems.extend(rule(whole))
    return problems


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def open_ledger(path: Path, shown: str, use_cache: bool = True,
                replaced: dict[Path, bytes] | None = None,
                source: Files | None = None) -> Opened:
    """The ledger at ``path``, gathered with every problem found in any of its files or
    across them (:class:`LedgerInvalid` only when the file itself cannot be read); its
    files are read from ``source``, by default the disk.

    What the rules find across the files is a function of every file's name and bytes:
    remembered under a key of them all, it is not found again for an unchanged ledger."""
    import msgspec

    cache = open_cache(use_cache)
    gathering = _Gathering(cache, replaced={_real(p): data for p, data in
                                            (replaced or {}).items()}, source=source)
    real = gathering.source.real(path)
    gathering.reached[real] = shown
    gathering.visit(path, shown, (real,))
    key = None
    if cache is not None:
        key = files.hexdigest("\0".join(f"{found.name}\0{found.digest}"
                                         for found in gathering.files
                                         ).encode("utf-8", "surrogateescape"))
    opened = Opened(gathering, key)
    verdict = (cache.recall("across", key, _VERDICT) if cache is not None and key is not None
               else None)
    across: list[Problem] | None = None
    if verdict is not None:
        try:
            across = [Problem(*item) for item in msgspec.msgpack.decode(
                verdict, type=_Verdict)]
        except (msgspec.DecodeError, ValueError):
            across = None
    if across is None:
        across = _across(opened, shown)
        if cache is not None and key is not None:
            cache.remember("across", key, _VERDICT, msgspec.msgpack.encode(
                [(p.path, p.line, p.column, p.message) for p in across]))
    opened.problems = sorted(set(opened.problems + across))
    return opened


def taken_by(opened: Opened, path: Path) -> tuple[str, Include] | None:
    """The file of the ledger and the include of it that would make the file ``path`` one
    of the ledger's files were it written there (it need not exist yet), matched as the
    include is matched on disk; None when no include would."""
    target = _real(path)
    for found in opened._files:
        folder = found.path.parent
        for include in found.head.includes:
            pattern = include.pattern
            if _GLOB.isdisjoint(pattern):
                if not files.climbs_out(pattern) and _real(folder / pattern) == target:
                    return found.name, include
                continue
            if os.path.isabs(pattern) or files.climbs_out(pattern):
                continue  # (a problem of the ledger already)

            def listing(inside: str, folder: Path = folder) -> list[tuple[str, bool, bool]]:
                entries = _entries(folder / inside)
                if _real(folder / inside) == target.parent and all(
                        name != target.name for name, _folder, _link in entries):
                    entries.append((target.name, False, False))  # (as if written)
                return entries

            try:
                names = files.glob_names(pattern, listing)
            except ValueError:
                continue
            if any(_real(folder / name) == target for name in names):
                return found.name, include
    return None


def part_of(path: Path, root: Path, shown: str, use_cache: bool = True) -> bool:
    """Whether the file at ``path`` is one of the files of the ledger at ``root``."""
    try:
        return _real(path) in open_ledger(root, shown, use_cache).paths
    except LedgerInvalid:
        return False


def including(path: Path) -> Path | None:
    """The ``facts.yaml`` in a folder above ``path`` whose ledger holds ``path`` as one of
    its included files (a part of a split ledger given as if it were the whole), or None."""
    try:
        real = _real(path)
    except OSError:
        return None
    for folder in Path(real).parents:
        candidate = folder / "facts.yaml"
        if files.present(candidate) and _real(candidate) != real:
            try:
                return candidate if real in open_ledger(candidate, str(candidate)).paths \
                    else None
            except LedgerInvalid:
                return None
    return None


def check(path: Path, shown: str | None = None, use_cache: bool = True,
          replaced: dict[Path, bytes] | None = None) -> tuple[Ledger | None, list[Problem]]:
    """Read and check a ledger: the ledger if it has no problem, and every problem.
    ``replaced`` gives bytes to read instead of some files' own, by path."""
    named = shown if shown is not None else str(path)
    try:
        opened = open_ledger(path, named, use_cache, replaced)
    except LedgerInvalid as err:
        return None, err.problems
    if opened.problems:
        return None, opened.problems
    return opened.ledger, []


def load(path: Path, shown: str | None = None, use_cache: bool = True) -> Ledger:
    """The checked ledger, or :class:`LedgerInvalid` carrying every problem."""
    found, problems = check(path, shown, use_cache)
    if found is None:
        raise LedgerInvalid(problems)
    return found


def check_bytes(data: bytes, shown: str) -> tuple[Ledger | None, list[Problem]]:
    """Check a ledger file's bytes as if they were the file ``shown`` (its includes found
    from there), without the cache."""
    return check(Path(shown), shown, use_cache=False, replaced={Path(shown): data})
