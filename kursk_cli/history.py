"""Ledgers as they were at git revisions: the edge where kursk reads git.

git runs as a subprocess with a list of arguments, never through a shell, and only
reads (``rev-parse``, ``cat-file``, ``show``, ``ls-tree``). Every file of a ledger at a
revision is read through one door, :meth:`Revision.read` ("this file's bytes at this
commit"); :class:`AtRevision` hands it, with the globs of ``include:`` matched against the
commit's files, to the loader in place of the disk, so a ledger in several files is read
whole at one commit and checked exactly as on disk (and cached by the same bytes).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from kursk_cli import files
from kursk_cli.errors import KurskError, LedgerInvalid, Problem
from kursk_cli.files import glob_matcher
from kursk_cli.model import Ledger


class GitError(KurskError):
    """git could not answer: not a repository, an unknown revision, no such file then."""


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed; it is needed to read a revision") from None
    except OSError as err:
        raise GitError(f"cannot run git: {err.strerror or err}") from None


def _said(result: subprocess.CompletedProcess[bytes]) -> str:
    """git's last line of complaint."""
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "git failed"


@dataclass(frozen=True)
class Revision:
    """One commit of one git repository, named as the user named it."""

    top: Path  # the work tree's top folder, symbolic links resolved
    name: str  # as the user gave it: HEAD~1, main, a tag, a hash
    commit: str  # the commit's full hash, so every file is read at the same commit

    def path_in(self, path: Path) -> str:
        """``path`` (a file in the work tree) as git names it at a revision."""
        try:
            return path.resolve().relative_to(self.top).as_posix()
        except ValueError:
            raise GitError(f"{path} is not inside the git repository at {self.top}") from None

    def require(self, path: Path) -> str:
        """``commit:path`` of the file at ``path``, or :class:`GitError` when it did not
        exist at this revision (or was not a file there)."""
        inside = self.path_in(path)
        spec = f"{self.commit}:{inside}"
        kind = _git(["cat-file", "-t", spec], self.top)
        if kind.returncode != 0 or kind.stdout.strip() != b"blob":
            raise GitError(f"{inside} is not in revision '{self.name}' (not committed "
                           "then, or under another name)")
        return spec

    def read(self, path: Path) -> bytes:
        """The bytes the file at ``path`` held at this revision, or :class:`GitError`
        when it did not exist then (or is not a file there)."""
        inside = self.path_in(path)
        spec = self.require(path)
        shown = _git(["show", spec], self.top)
        if shown.returncode != 0:
            raise GitError(f"cannot read {inside} at '{self.name}': {_said(shown)}")
        if len(shown.stdout) > files.MAX_BYTES:
            raise GitError(f"{inside} at '{self.name}' is larger than kursk reads")
        return shown.stdout


def revision(where: Path, name: str) -> Revision:
    """The commit ``name`` means in the git repository holding the folder ``where``."""
    if not where.is_dir():
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
        except GitError as err:
            raise LedgerInvalid([Problem(shown, 0, 0, str(err))]) from None

    def glob(self, folder: Path, pattern: str) -> list[str]:
        """What ``glob.glob(pattern, root_dir=folder, recursive=True)`` would find among
        the commit's files (files only: git keeps no empty folders)."""
        inside = self.at.path_in(folder)
        where = [] if inside == "." else ["--", inside + "/"]
        listed = _git(["ls-tree", "-r", "-z", "--name-only", self.at.commit, *where],
                      self.at.top)
        if listed.returncode != 0:
            raise GitError(f"cannot list the files of '{self.at.name}': {_said(listed)}")
        prefix = "" if inside == "." else inside + "/"
        names = [n.decode("utf-8", "surrogateescape")[len(prefix):]
                 for n in listed.stdout.split(b"\0") if n]
        matches = glob_matcher(pattern)
        return sorted(name for name in names if matches(name))


def ledger_at(path: Path, name: str, use_cache: bool = True) -> tuple[Ledger, str]:
    """The ledger at ``path`` as it was at revision ``name``, its included files read at
    the same commit, checked as any ledger is; and how to name it in messages
    (``REV:path``). :class:`GitError`, or :class:`LedgerInvalid` with every problem, each
    named ``REV:file``."""
    from kursk_cli import loader

    at = revision(path.resolve().parent, name)
    shown = f"{name}:{at.path_in(path)}"
    at.require(path)  # a ledger that was not there then is one clear sentence
    opened = loader.open_ledger(path, shown, use_cache, source=AtRevision(at))
    if opened.problems:
        prefix = f"{name}:"
        raise LedgerInvalid([p if p.path.startswith(prefix) else
                             Problem(prefix + p.path, p.line, p.column, p.message)
                             for p in opened.problems])
    return opened.ledger, shown
