"""A cache of checked ledgers, so that an unchanged ledger is not parsed again.

Invisible to correctness by construction:

- keyed on the ledger's bytes (SHA-256) and kursk's version, never on a modification
  time, so an edit, a checkout or a copy is always seen;
- written only for a ledger that passed every check, so an invalid ledger is never
  served as valid;
- written whole or not at all (a temporary file, then a rename), so a reader never sees
  half a cache, and two writers at once leave one whole cache;
- every payload carries its own SHA-256; a cache that is missing, unreadable, corrupt
  or from another version is ignored and rebuilt;
- a cache file or folder that another user could have written is never read.

It lives in ``$XDG_CACHE_HOME/kursk`` (else ``~/.cache/kursk``), one SQLite file per
ledger path. ``--no-cache`` or ``KURSK_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kursk_cli import __version__, files, query
from kursk_cli.memory import collector_paused
from kursk_cli.model import Ledger, Status

#: Bumped whenever what the cache holds changes shape.
FORMAT = 1


def directory(environ: dict[str, str] | os._Environ[str] | None = None) -> Path | None:
    """Where caches live; None when there is no home to put them in (kursk then works
    uncached)."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):
            return None
    return Path(base) / "kursk"


def disabled(environ: dict[str, str] | os._Environ[str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return env.get("KURSK_NO_CACHE", "") not in ("", "0")


def key_of(data: bytes) -> str:
    """What a cache must have been built from: these bytes, this kursk."""
    return _key(hashlib.sha256(data).hexdigest())


def _key(content_digest: str) -> str:
    return f"{content_digest}:{__version__}:{FORMAT}"


def file_for(folder: Path, ledger_path: Path) -> Path:
    """One cache file per ledger path, so two ledgers never evict each other."""
    name = hashlib.sha256(str(ledger_path.resolve()).encode()).hexdigest()[:32]
    return folder / f"{name}.sqlite"


class Corrupt(Exception):
    """The cache file is not what kursk wrote; it is ignored and rebuilt."""


def _digest(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


@dataclass
class Hit:
    """A cache file whose key matched: the checked ledger and its precomputed views."""

    path: Path
    summary: dict[str, int]

    def _blob(self, name: str) -> bytes:
        import sqlite3

        try:
            with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as db:
                found = db.execute("SELECT digest, blob FROM blobs WHERE name = ?",
                                   (name,)).fetchone()
        except sqlite3.Error as err:
            raise Corrupt(str(err)) from None
        if found is None or _digest(found[1]) != found[0]:
            raise Corrupt(f"payload {name!r} is missing or damaged")
        return bytes(found[1])

    def ledger(self) -> Ledger:
        import pickle

        blob = self._blob("ledger")
        try:
            with collector_paused():
                ledger = pickle.loads(blob)
        except Exception as err:
            raise Corrupt(f"ledger payload: {type(err).__name__}") from None
        if not isinstance(ledger, Ledger):
            raise Corrupt("ledger payload is not a ledger")
        return ledger

    def _groups(self, status: str | None, payload: str) -> list[Any]:
        """One payload per status group: of one status, or of all four."""
        import marshal

        names = [status] if status else [s.value for s in Status]
        try:
            return [marshal.loads(self._blob(f"{payload}:{name}")) for name in names]
        except (ValueError, EOFError, TypeError) as err:
            raise Corrupt(f"{payload} payload: {err}") from None

    def claim_rows(self, status: str | None
                   ) -> tuple[list[tuple[str, ...]], list[tuple[Any, ...]]]:
        """The claims view's rows as ``query.claims`` made them with no filter, in its
        order, and each row's claim topics: of one status, or of all."""
        order: list[int] = []
        topics: list[tuple[str, ...]] = []
        rows: list[tuple[Any, ...]] = []
        try:
            for positions, group_topics, group_rows in self._groups(status, "claims"):
                order += positions
                topics += group_topics
                rows += group_rows
        except (ValueError, TypeError) as err:
            raise Corrupt(f"claims payload: {err}") from None
        if len(topics) != len(rows) or len(order) != len(rows):
            raise Corrupt("claims payload: lists of unequal length")
        if status is None:
            ranked = sorted(range(len(rows)), key=order.__getitem__)
            topics, rows = [topics[i] for i in ranked], [rows[i] for i in ranked]
        return topics, rows

    def claim_csv(self, status: str) -> str:
        """The CSV lines of one status group's rows, made by ``export.csv_lines`` when
        the cache was written."""
        [text] = self._groups(status, "claims-csv")
        if not isinstance(text, str):
            raise Corrupt("claims-csv payload is not text")
        return text


def lookup(folder: Path, ledger_path: Path, key: str) -> Hit | None:
    """The cache for this ledger if it was built from exactly these bytes, else None."""
    import sqlite3

    path = file_for(folder, ledger_path)
    if not _private(folder) or not _private(path):
        return None
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
    except sqlite3.Error:
        return None
    if meta.get("key") != key:
        return None
    try:
        summary = {name: int(meta[name]) for name in ("claims", "actors", "statements",
                                                       "disputed")}
    except (KeyError, ValueError):
        return None
    return Hit(path, summary)


def _private(path: Path) -> bool:
    """Whether only this user could have written ``path``: the cache holds a pickle,
    and a pickle planted by someone else must never be loaded."""
    try:
        info = path.stat()
    except OSError:
        return False
    owner = getattr(os, "getuid", lambda: info.st_uid)()
    return info.st_uid == owner and not info.st_mode & 0o022


def _payloads(ledger: Ledger) -> Iterator[tuple[str, bytes]]:
    import marshal
    import pickle

    yield "ledger", pickle.dumps(ledger, protocol=pickle.HIGHEST_PROTOCOL)
    rows = query.claims(ledger, query.Filters()).table.rows
    from kursk_cli import export

    # Per status: positions in the view's order, each claim's topics and its row; and,
    # apart, the rows as CSV (the commonest export, made once here, not on every run).
    groups: dict[str, tuple[list[int], list[tuple[str, ...]], list[tuple[Any, ...]]]] = {
        s.value: ([], [], []) for s in Status}
    status_at = query.CLAIM_HEADERS.index("status")
    topics = {c.id: c.topics for c in ledger.claims}
    for position, row in enumerate(rows):
        group = groups[str(row[status_at])]
        group[0].append(position)
        group[1].append(topics[str(row[0])])
        group[2].append(row)
    for status, grouped in groups.items():
        yield f"claims:{status}", marshal.dumps(grouped)
        yield f"claims-csv:{status}", marshal.dumps("".join(export.csv_lines(grouped[2])))


def store(folder: Path, ledger_path: Path, key: str, ledger: Ledger) -> None:
    """Write the cache for a checked ledger, whole or not at all. Any failure (a
    read-only home, a full disk) leaves kursk working, only uncached."""
    import sqlite3
    import tempfile

    with collector_paused(), suppress(OSError, sqlite3.Error):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temporary = tempfile.mkstemp(prefix=".kursk-", suffix=".tmp", dir=folder)
        os.close(fd)
        try:
            with closing(sqlite3.connect(temporary)) as db:
                db.executescript(
                    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
                    "CREATE TABLE blobs (name TEXT PRIMARY KEY, digest TEXT NOT NULL,"
                    " blob BLOB NOT NULL);")
                meta = {"key": key, **{k: str(v) for k, v in ledger.summary.items()}}
                db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
                db.executemany("INSERT INTO blobs VALUES (?, ?, ?)",
                               ((name, _digest(blob), blob) for name, blob in _payloads(ledger)))
                db.commit()
            os.replace(temporary, file_for(folder, ledger_path))
        finally:
            Path(temporary).unlink(missing_ok=True)


class Loaded:
    """A checked ledger, read from its file or from the cache, whichever is faster."""

    def __init__(self, path: Path, shown: str, ledger: Ledger | None, hit: Hit | None,
                 folder: Path | None) -> None:
        self.path, self.shown = path, shown
        self._ledger, self._hit, self._folder = ledger, hit, folder

    @property
    def summary(self) -> dict[str, int]:
        return self._hit.summary if self._hit else self.ledger.summary

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            if self._hit is not None:
                with suppress(Corrupt):
                    self._ledger = self._hit.ledger()
            if self._ledger is None:
                self._ledger = _read_and_store(self.path, self.shown, self._folder)
                self._hit = None
        return self._ledger

    def claims(self, filters: query.Filters) -> query.ClaimsResult:
        """The claims view; from precomputed rows when only status and topics filter."""
        if self._hit is not None and filters.claim_level:
            try:
                topics, rows = self._hit.claim_rows("disputed" if filters.disputed else None)
            except Corrupt:
                self._hit = None
            else:
                if filters.topic is not None:  # the status was chosen by the payload read
                    rows = [row for row, held in zip(rows, topics, strict=True)
                            if filters.keeps_status_and_topics(row[2], held)]
                return query.ClaimsResult(query.Table(query.CLAIM_HEADERS, tuple(rows)))
        return query.claims(self.ledger, filters)

    def claims_csv(self, filters: query.Filters) -> str | None:
        """The claims view as CSV, header included, straight from the CSV the cache
        wrote with ``export.csv_lines``; None when the cache cannot answer this question
        (it keeps CSV for ``--disputed`` alone, the commonest one on a large ledger)."""
        if self._hit is None or filters != query.Filters(disputed=True):
            return None
        try:
            rows = self._hit.claim_csv(Status.DISPUTED.value)
        except Corrupt:
            self._hit = None
            return None
        from kursk_cli import export

        return "".join(export.csv_lines([query.CLAIM_HEADERS])) + rows


def _read_and_store(path: Path, shown: str, folder: Path | None) -> Ledger:
    """Parse and check the file; cache it under the key of the very bytes parsed."""
    from kursk_cli import ledger as reader

    data = files.read(path, shown)
    found = reader.load_bytes(data, shown)
    if folder is not None:
        store(folder, path, key_of(data), found)
    return found


def open_ledger(path: Path, shown: str, use_cache: bool = True) -> Loaded:
    """The checked ledger at ``path``, or :class:`LedgerInvalid` with every problem."""
    folder = directory() if use_cache and not disabled() else None
    if folder is not None:
        hit = lookup(folder, path, _key(files.digest(path, shown)))
        if hit is not None:
            return Loaded(path, shown, None, hit, folder)
    return Loaded(path, shown, _read_and_store(path, shown, folder), None, folder)
