"""Open a ledger: its files gathered through ``include:``, each read (or taken from the
cache by its bytes), and the rules run across all of them.

A ledger file's own entries come first, then those of each file it includes, in the order
of its ``include`` list (a glob's matches in sorted order), each included file's own
includes followed the same way. Every problem names the file and line it is in.
"""

from __future__ import annotations

import glob
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from kursk_cli import files, rules
from kursk_cli.cache import Cache, open_cache
from kursk_cli.errors import LedgerInvalid, Problem
from kursk_cli.memory import collector_paused
from kursk_cli.model import FileRead, Include, Ledger

_GLOB = frozenset("*?[")


@dataclass
class _Gathering:
    cache: Cache | None
    files: list[tuple[str, FileRead]] = field(default_factory=list)
    #: Each file reached, by its real path: the name it was first reached by.
    reached: dict[Path, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def read(self, path: Path, shown: str) -> FileRead:
        """One file's read: from the cache when these bytes were read before."""
        data = files.read(path, shown)
        digest = hashlib.sha256(data).hexdigest()
        found = self.cache.get(digest) if self.cache is not None else None
        if found is None:
            from kursk_cli import ledger

            found = ledger.read(data)
            if self.cache is not None:
                self.cache.put(digest, found)
        found.placed_in(shown)
        return found

    def visit(self, path: Path, shown: str, within: tuple[Path, ...]) -> None:
        found = self.read(path, shown)
        self.files.append((shown, found))
        self.problems += [Problem(shown, p.line, p.column, p.message) for p in found.problems]
        for include in found.includes:
            for target, name in self.matches(path, shown, include):
                self.follow(target, name, shown, include, within)

    def matches(self, path: Path, shown: str, include: Include) -> list[tuple[Path, str]]:
        """The files an include names, with the names messages give them."""
        folder, pattern = path.parent, include.pattern
        if _GLOB.isdisjoint(pattern):
            names = [pattern]
        else:
            names = sorted(glob.glob(pattern, root_dir=folder, recursive=True))
            if not names:
                self.problems.append(Problem(shown, include.line, include.column,
                                             f"include '{pattern}' matches no file"))
        shown_folder = os.path.dirname(shown)
        return [(folder / name, os.path.join(shown_folder, name)) for name in names]

    def follow(self, target: Path, name: str, by: str, include: Include,
               within: tuple[Path, ...]) -> None:
        def refuse(message: str) -> None:
            self.problems.append(Problem(by, include.line, include.column, message))

        try:
            real = target.resolve()
        except (OSError, RuntimeError):
            real = target.absolute()
        if real in within:
            refuse(f"include loop: '{name}' includes this file again, directly or through "
                   "other files")
            return
        if real in self.reached:
            refuse(f"'{name}' is already part of the ledger (as '{self.reached[real]}'); "
                   "include each file once")
            return
        self.reached[real] = name
        try:
            self.visit(target, name, (*within, real))
        except LedgerInvalid as err:  # the file cannot be read at all
            refuse(f"cannot include '{name}': {err.problems[0].message}")


def gather(path: Path, shown: str, cache: Cache | None) -> tuple[rules.Whole, list[Problem]]:
    """Every file of the ledger at ``path``, read, and every problem found in any of them
    or across them."""
    with collector_paused():
        gathering = _Gathering(cache)
        try:
            real = path.resolve()
        except (OSError, RuntimeError):
            real = path.absolute()
        gathering.reached[real] = shown
        gathering.visit(path, shown, (real,))
        whole = rules.Whole(gathering.files)
        problems = gathering.problems
        root = gathering.files[0][1]
        if root.sections or root.includes or not root.problems:
            present = {s for _name, read in whole.files for s in read.sections}
            problems += [Problem(shown, *root.at, f"the ledger is missing '{section}'")
                         for section in ("sources", "actors", "claims")
                         if section not in present]
        for rule in rules.RULES:
            problems.extend(rule(whole))
    return whole, sorted(set(problems))


def check(path: Path, shown: str | None = None, use_cache: bool = True
          ) -> tuple[Ledger | None, list[Problem]]:
    """Read and check a ledger: the ledger if it has no problem, and every problem."""
    named = shown if shown is not None else str(path)
    try:
        whole, problems = gather(path, named, open_cache(use_cache))
    except LedgerInvalid as err:
        return None, err.problems
    if problems:
        return None, problems
    return whole.ledger(), []


def load(path: Path, shown: str | None = None, use_cache: bool = True) -> Ledger:
    """The checked ledger, or :class:`LedgerInvalid` carrying every problem."""
    found, problems = check(path, shown, use_cache)
    if found is None:
        raise LedgerInvalid(problems)
    return found
