"""Ledgers as they were at git revisions: the edge where kursk reads git.

git runs as a subprocess with a list of arguments, never through a shell, and only
reads (``rev-parse``, ``ls-tree``, ``cat-file``), never fetching nor running a command
the repository's config names (see :data:`_GIT`). Every file of a ledger at a revision
is read through one door, :meth:`Revision.read` ("this file's bytes at this commit"),
its path followed through the symbolic links of that commit; :class:`AtRevision` hands
it, with the globs of ``include:`` matched against the commit's tree by the rule they
follow on disk, to the loader in place of the disk, so a ledger in several files is read
whole at one commit and checked exactly as on disk (and cached by the same bytes).
"""

from __future__ import annotations

import os
import subprocess
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kursk_cli import files
from kursk_cli.errors import KurskError, LedgerInvalid, Problem
from kursk_cli.model import Ledger


class GitError(KurskError):
    """git could not answer: not a repository, an unknown revision, no such file then."""


#: How git is run: no pager, and no transport at all, so that reading an object a partial
#: clone left out can never fetch it (a fetch runs what the repository's config names:
#: ``remote.<name>.uploadpack``, ``core.sshCommand``...). ``GIT_ALLOW_PROTOCOL`` naming
#: no protocol wins over any ``protocol.<name>.allow`` in that config; git 2.44 and later
#: also know ``GIT_NO_LAZY_FETCH``. kursk reads objects with ``cat-file`` and
#: ``ls-tree`` alone, which run no diff, textconv or filter.
_GIT = ("git", "--no-pager", "-c", "protocol.allow=never", "-c", "core.fsmonitor=false")
_QUIET = {"GIT_ALLOW_PROTOCOL": "-", "GIT_NO_LAZY_FETCH": "1", "GIT_TERMINAL_PROMPT": "0",
          "GIT_PROTOCOL_FROM_USER": "0"}

#: A symbolic link's blob holds its target; a submodule is a commit of another repository.
_LINK, _TREE, _BLOB = "120000", "tree", "blob"
#: Symbolic links followed in one path at most (as Linux's MAXSYMLINKS).
MAX_LINKS = 40


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run([*_GIT, *args], cwd=cwd, capture_output=True, check=False,
                              env={**os.environ, **_QUIET})
    except FileNotFoundError:
        raise GitError("git is not installed; it is needed to read a revision") from None
    except OSError as err:
        raise GitError(f"cannot run git: {err.strerror or err}") from None


class _Batch:
    """One ``git cat-file --batch``, started at the first blob read: header, bytes."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None

    def __del__(self) -> None:
        self.close()

    def read(self, oid: str, top: Path) -> bytes | None:
        """The blob's bytes, or None when the batch cannot say (the caller then asks git
        alone): an object the clone lacks (the batch stops there), one larger than kursk
        reads, a batch that failed (each stops it; the next read starts another)."""
        process = self.process
        if process is None or process.poll() is not None:
            try:
                process = self.process = subprocess.Popen(
                    [*_GIT, "cat-file", "--batch"], cwd=top, stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                    env={**os.environ, **_QUIET})
            except OSError:
                return None
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(oid.encode("ascii") + b"\n")
            process.stdin.flush()
            head = process.stdout.readline().split()
            if len(head) != 3 or head[0] != oid.encode("ascii") or head[1] != b"blob":
                self.close()
                return None
            size = int(head[2])
            if size > files.MAX_BYTES:
                self.close()
                return None
            data = process.stdout.read(size + 1)
        except (OSError, ValueError):
            self.close()
            return None
        if len(data) != size + 1:
            self.close()
            return None
        return data[:-1]

    def close(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    with suppress(OSError):
                        stream.close()
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Entry:
    """One entry of a git tree: its mode, its type (blob, tree, commit) and object."""

    mode: str
    kind: str
    oid: str


class _Absent(GitError):
    """No such path at the revision (or a part of it was not a folder then)."""


@dataclass(frozen=True)
class Revision:
    """One commit of one git repository, named as the user named it."""

    top: Path  # the work tree's top folder, symbolic links resolved
    name: str  # as the user gave it: HEAD~1, main, a tag, a hash
    commit: str  # the commit's full hash, so every file is read at the same commit
    #: The entries of each tree read so far, by the tree's object.
    _trees: dict[str, dict[str, Entry]] = field(default_factory=dict, compare=False,
                                                repr=False)
    #: The trees whose every tree beneath was read at once (:meth:`preload`).
    _deep: set[str] = field(default_factory=set, compare=False, repr=False)
    _batch: _Batch = field(default_factory=_Batch, compare=False, repr=False)

    def close(self) -> None:
        """Stop the git process reading blobs (a later read starts another)."""
        self._batch.close()

    def path_in(self, path: Path) -> str:
        """``path`` (a file in the work tree) as git names it, relative to the top: the
        folders leading to the repository followed as they are today, what is inside it
        kept as written (its links are followed as they were, by :meth:`locate`)."""
        parts = path.absolute().parts
        for index in range(len(parts) + 1):
            try:
                here = Path(*parts[:index]).resolve() if index else None
            except (OSError, RuntimeError):
                continue
            if here == self.top:
                return "/".join(parts[index:]) or "."
        raise GitError(f"{path} is not inside the git repository at {self.top}")

    def entries(self, tree: str, shown: str) -> dict[str, Entry]:
        """The entries of one tree (from git once)."""
        known = self._trees.get(tree)
        if known is None:
            listed = _git(["ls-tree", "-z", "--full-tree", tree], self.top)
            if listed.returncode != 0:
                raise GitError(f"{self.name}:{shown} is not in this clone (kursk never "
                               "fetches what a partial clone left out)")
            known = self._trees[tree] = _parse(listed.stdout)
        return known

    def preload(self, tree: str) -> None:
        """Every tree beneath ``tree`` read from git at once (a ``**`` glob visits them)."""
        if tree in self._deep:
            return
        self._deep.add(tree)
        listed = _git(["ls-tree", "-r", "-t", "-z", "--full-tree", tree], self.top)
        if listed.returncode != 0:
            return  # each tree is then asked for alone, and says what is missing
        below: dict[str, dict[str, Entry]] = {"": {}}
        oids = {"": tree}
        for path, entry in _parse(listed.stdout).items():
            folder, _, name = path.rpartition("/")
            below.setdefault(folder, {})[name] = entry
            if entry.kind == _TREE:
                oids[path] = entry.oid
                below.setdefault(path, {})
        for path, entries in below.items():
            if path in oids:
                self._trees.setdefault(oids[path], entries)

    def _blob(self, oid: str, shown: str) -> bytes:
        """A blob's bytes: through the one ``cat-file --batch`` of this revision (a
        ledger of many files is not a git process each), else alone (the batch stops
        at an object the clone lacks, and git alone says so)."""
        data = self._batch.read(oid, self.top)
        if data is not None:
            return data
        found = _git(["cat-file", "blob", oid], self.top)
        if found.returncode != 0:
            raise GitError(f"{self.name}:{shown} is not in this clone (kursk never fetches "
                           "what a partial clone left out)")
        return found.stdout

    def locate(self, inside: str) -> tuple[str, Entry]:
        """The entry at ``inside`` (relative to the top) at this commit, and its path
        there, symbolic links followed as they were then: a link's blob holds its
        target, read from the link's folder, at most :data:`MAX_LINKS` of them, never
        leading out of the repository. :class:`_Absent` when there was no such entry."""
        here: list[tuple[str, Entry]] = []  # the folders walked into, from the top
        top = Entry("040000", _TREE, self.commit + "^{tree}")
        waiting = [p for p in inside.split("/") if p not in ("", ".")]
        links = 0
        while waiting:
            part = waiting.pop(0)
            if part in ("", "."):
                continue
            if part == "..":
                if not here:
                    raise GitError(f"{inside} leads out of the git repository at "
                                   f"{self.top} at '{self.name}'")
                here.pop()
                continue
            folder = here[-1][1] if here else top
            walked = "/".join(name for name, _entry in here)
            if folder.kind != _TREE:
                raise _Absent(f"{inside} is not in revision '{self.name}' ({walked} was "
                              "not a folder then)")
            entry = self.entries(folder.oid, walked or ".").get(part)
            if entry is None:
                raise _Absent(f"{inside} is not in revision '{self.name}' (not committed "
                              "then, or under another name)")
            if entry.mode != _LINK:
                here.append((part, entry))
                continue
            links += 1
            if links > MAX_LINKS:
                raise GitError(f"{inside} at '{self.name}' goes through more than "
                               f"{MAX_LINKS} symbolic links")
            target = self._blob(entry.oid, f"{walked}/{part}".lstrip("/"))
            written = target.decode("utf-8", "surrogateescape")
            if written.startswith("/"):
                try:
                    written = PurePosixPath(written).relative_to(self.top.as_posix()).as_posix()
                except ValueError:
                    raise GitError(f"{inside} at '{self.name}' is a symbolic link out of "
                                   f"the git repository at {self.top}") from None
                here.clear()
            waiting[:0] = [p for p in written.split("/") if p not in ("", ".")]
        return "/".join(name for name, _entry in here), here[-1][1] if here else top

    def require(self, path: Path) -> str:
        """The object of the file at ``path`` at this revision (its links followed as
        they were), or :class:`GitError` when it was not a file then."""
        inside = self.path_in(path)
        _where, entry = self.locate(inside)
        if entry.kind == _TREE:
            raise _Absent(f"{inside} was a folder at '{self.name}', not a ledger file")
        if entry.kind != _BLOB:
            raise _Absent(f"{inside} was a submodule at '{self.name}', not a ledger file")
        return entry.oid

    def read(self, path: Path) -> bytes:
        """The bytes the file at ``path`` held at this revision, or :class:`GitError`
        when it was not a file then, or is not in this clone."""
        data = self._blob(self.require(path), self.path_in(path))
        if len(data) > files.MAX_BYTES:
            raise GitError(f"{self.path_in(path)} at '{self.name}' is larger than kursk "
                           "reads")
        return data


def _parse(listed: bytes) -> dict[str, Entry]:
    """``git ls-tree -z``'s entries, by name."""
    entries = {}
    for line in listed.split(b"\0"):
        if line:
            head, _, name = line.partition(b"\t")
            mode, kind, oid = head.decode("ascii").split(" ")
            entries[name.decode("utf-8", "surrogateescape")] = Entry(mode, kind, oid)
    return entries


def revision(where: Path, name: str) -> Revision:
    """The commit ``name`` means in the git repository holding the folder ``where``."""
    if not os.path.isdir(where):
        raise GitError(f"{where} is not a folder, so '{name}' cannot be read as a revision")
    top = _git(["rev-parse", "--show-toplevel"], where)
    if top.returncode != 0:
        raise GitError(f"{where} is not in a git repository, so '{name}' cannot be read "
                       "as a revision (nor is it a file)")
    if not name or name.startswith("-"):
        raise GitError(f"'{name}' is not a revision")
    root = Path(top.stdout.decode("utf-8", "surrogateescape").rstrip("\n")).resolve()
    commit = _git(["rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"], root)
    if commit.returncode != 0:
        raise GitError(f"unknown revision '{name}' in the git repository at {root} "
                       "(nor is it a file)")
    return Revision(root, name, commit.stdout.decode("ascii").strip())


class AtRevision:
    """A ledger's files as they were at a revision, for ``loader.open_ledger``."""

    def __init__(self, at: Revision) -> None:
        self.at = at

    def read(self, path: Path, shown: str) -> bytes:
        try:
            return self.at.read(path)
        except _Absent as err:
            raise LedgerInvalid([Problem(shown, 0, 0, str(err))]) from None

    def real(self, path: Path) -> Path:
        """The file ``path`` named at the revision, its links followed as they were."""
        try:
            return self.at.top / self.at.locate(self.at.path_in(path))[0]
        except GitError:
            return path.absolute()

    def glob(self, folder: Path, pattern: str) -> list[str]:
        """What an include's glob matched among the commit's files and folders, by the
        rule it follows on disk (:func:`files.glob_names`)."""
        inside = self.at.path_in(folder)

        def listing(relative: str) -> list[tuple[str, bool, bool]]:
            path = f"{inside}/{relative}" if relative else inside
            try:
                where, entry = self.at.locate(path)
            except _Absent:
                return []
            if entry.kind != _TREE:
                return []
            found = []
            for name, each in self.at.entries(entry.oid, where or ".").items():
                if each.mode != _LINK:
                    found.append((name, each.kind == _TREE, False))
                    continue
                try:
                    is_folder = self.at.locate(f"{where}/{name}")[1].kind == _TREE
                except _Absent:
                    is_folder = False  # a dangling link: a file that cannot be read
                found.append((name, is_folder, True))
            return found

        if "**" in pattern:
            try:
                _where, entry = self.at.locate(inside)
                if entry.kind == _TREE:
                    self.at.preload(entry.oid)
            except _Absent:
                pass
        return files.glob_names(pattern, listing)


def ledger_at(path: Path, name: str, use_cache: bool = True) -> tuple[Ledger, str]:
    """The ledger at ``path`` as it was at revision ``name``, its included files read at
    the same commit, checked as any ledger is; and how to name it in messages
    (``REV:path``). :class:`GitError`, or :class:`LedgerInvalid` with every problem, each
    named ``REV:file``."""
    from kursk_cli import loader

    try:
        at = revision(path.absolute().parent, name)
        inside = at.path_in(path)
    except GitError as err:  # a link from outside a repository: followed as it is today
        try:
            real = path.resolve()
        except (OSError, RuntimeError):
            raise err from None
        if real == path.absolute():
            raise
        at = revision(real.parent, name)
        path, inside = real, at.path_in(real)
    shown = f"{name}:{inside}"
    at.require(path)  # a ledger that was not there then is one clear sentence
    try:
        opened = loader.open_ledger(path, shown, use_cache, source=AtRevision(at))
    finally:
        at.close()
    if opened.problems:
        prefix = f"{name}:"
        raise LedgerInvalid([p if p.path.startswith(prefix) else
                             Problem(prefix + p.path, p.line, p.column, p.message)
                             for p in opened.problems])
    return opened.ledger, shown
