"""Ledgers as they were at git revisions: the edge where kursk reads git.

git runs as a subprocess with a list of arguments, never through a shell, and only
reads (``rev-parse``, ``cat-file``, ``show``). Every file of a ledger at a revision is
read through one door, :meth:`Revision.read` ("this file's bytes at this commit"), so a
ledger in several files (``include:``) can be read whole at one commit by handing that
method to the loader in place of reading the disk.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from kursk_cli import files
from kursk_cli.errors import KurskError
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

    def read(self, path: Path) -> bytes:
        """The bytes the file at ``path`` held at this revision, or :class:`GitError`
        when it did not exist then (or is not a file there)."""
        inside = self.path_in(path)
        spec = f"{self.commit}:{inside}"
        kind = _git(["cat-file", "-t", spec], self.top)
        if kind.returncode != 0 or kind.stdout.strip() != b"blob":
            raise GitError(f"{inside} is not in revision '{self.name}' (not committed "
                           "then, or under another name)")
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


def ledger_at(path: Path, name: str) -> tuple[Ledger, str]:
    """The ledger file at ``path`` as it was at revision ``name``, checked as any ledger
    is, and how to name it in messages (``REV:path``); :class:`GitError` or
    :class:`LedgerInvalid` with every problem, located in that version."""
    from kursk_cli import ledger as reader

    at = revision(path.resolve().parent, name)
    shown = f"{name}:{at.path_in(path)}"
    return reader.load_bytes(at.read(path), shown), shown
