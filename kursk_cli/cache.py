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
- a cache file or folder that another user could have written is never read;
- after an edit, what is reused of the cache of the version before is reused entry by
  entry, by the SHA-256 of each entry's bytes (``ledger.reread``, which gives way to a
  whole read on any doubt, and on any problem it cannot place), and only from a cache
  this kursk wrote; so are the claims view's rows of the claims reused, unless an
  actor's name changed.

The ledger is stored as blocks of pickled entries, each named by its entries'
fingerprints, so that writing the cache after an edit takes over the unchanged blocks
of the cache it replaces (read and checked against their digests to reuse their
entries) rather than pickling the whole ledger again.

It lives in ``$XDG_CACHE_HOME/kursk`` (else ``~/.cache/kursk``), one SQLite file per
ledger path. ``--no-cache`` or ``KURSK_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kursk_cli import __version__, files, query
from kursk_cli.errors import LedgerInvalid
from kursk_cli.memory import collector_paused
from kursk_cli.model import Actor, Claim, Ledger, Source, Status

if TYPE_CHECKING:
    from kursk_cli.ledger import Earlier, Fingerprints

#: Bumped whenever what the cache holds changes shape.
FORMAT = 2

_SECTIONS = {"sources": Source, "actors": Actor, "claims": Claim}

#: The ledger is pickled in blocks of entries, so that after an edit only the blocks
#: holding changed entries are pickled again. A block ends after an entry whose
#: fingerprint's first byte is below this (1 entry in 32): where blocks end depends on
#: the entries alone, so an entry added or removed changes only its own block.
_BLOCK_END = 8

#: Blocks of pickled entries by name: each block's digest and its bytes.
Blocks = dict[str, tuple[str, bytes]]

#: Per status: positions in the claims view's order, each claim's topics, and its row.
Group = tuple[list[int], list[tuple[str, ...]], list[tuple[Any, ...]]]


@dataclass
class Seen:
    """The claims view of an earlier version of the ledger: each claim's row by claim id,
    with the very claim it was made from, and the actor names it was made with. A claim
    of the new ledger that *is* that claim (reused by ``ledger.reread``) has that row
    again, as long as no actor's name changed."""

    rows: dict[str, tuple[Claim, tuple[Any, ...]]]
    names: dict[str, str]

    @classmethod
    def of(cls, ledger: Ledger, rows: Iterable[tuple[Any, ...]]) -> Seen:
        """The view of ``ledger`` whose rows (``query.claims`` of every claim) are
        ``rows``, each claim's id first."""
        claims = ledger.claim_by_id
        return cls({row[0]: (claims[row[0]], row) for row in rows},
                   {actor.id: actor.name for actor in ledger.actors})


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
    return f"{content_digest}{_made_by()}"


def _made_by() -> str:
    """The end of every key this kursk writes: what made the cache, whatever its content."""
    return f":{__version__}:{FORMAT}"


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
    key: str

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

    def ledger(self, blocks: Blocks | None = None) -> Ledger:
        """The cached ledger, from its blocks (read here unless given, as by
        :meth:`blocks`)."""
        import marshal
        import pickle

        try:
            index = marshal.loads(self._blob("ledger"))
            if blocks is None:
                blocks = self.blocks()
            with collector_paused():
                parts = {section: tuple(entry for name in index[section]
                                        for entry in pickle.loads(blocks[name][1]))
                         for section in _SECTIONS}
        except Corrupt:
            raise
        except Exception as err:
            raise Corrupt(f"ledger payload: {type(err).__name__}") from None
        for section, kind in _SECTIONS.items():
            if not all(type(entry) is kind for entry in parts[section]):
                raise Corrupt(f"ledger payload: {section} of the wrong kind")
        return Ledger(parts["sources"], parts["actors"], parts["claims"])

    def blocks(self) -> Blocks:
        """Every block of pickled entries, each checked against its digest."""
        import sqlite3

        try:
            with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as db:
                found = db.execute("SELECT name, digest, blob FROM blobs "
                                   "WHERE name >= 'block:' AND name < 'block;'").fetchall()
        except sqlite3.Error as err:
            raise Corrupt(str(err)) from None
        if any(_digest(blob) != digest for _name, digest, blob in found):
            raise Corrupt("a block of the ledger is damaged")
        return {name: (digest, bytes(blob)) for name, digest, blob in found}

    def _groups(self, status: str | None, payload: str) -> list[Any]:
        """One payload per status group: of one status, or of all four."""
        import marshal

        try:
            return [marshal.loads(self._blob(f"{payload}:{name}")) for name in _statuses(status)]
        except (ValueError, EOFError, TypeError) as err:
            raise Corrupt(f"{payload} payload: {err}") from None

    def claim_rows(self, status: str | None
                   ) -> tuple[list[tuple[str, ...]], list[tuple[Any, ...]]]:
        """The claims view's rows as ``query.claims`` made them with no filter, in its
        order, and each row's claim topics: of one status, or of all."""
        return _merged(self._groups(status, "claims"), status is None)

    def claim_csv(self, status: str) -> str:
        """The CSV lines of one status group's rows, made by ``export.csv_lines`` when
        the cache was written."""
        [text] = self._groups(status, "claims-csv")
        if not isinstance(text, str):
            raise Corrupt("claims-csv payload is not text")
        return text

    def fingerprints(self) -> Fingerprints:
        """Each entry's fingerprint, for re-reading only what changed (``ledger.reread``)."""
        import marshal

        try:
            found = marshal.loads(self._blob("entries"))
        except (ValueError, EOFError, TypeError) as err:
            raise Corrupt(f"entries payload: {err}") from None
        if not (isinstance(found, dict) and all(
                isinstance(found.get(name), list)
                and all(type(mark) is bytes and mark for mark in found[name])
                for name in _SECTIONS)):
            raise Corrupt("entries payload is not what kursk writes")
        return found


@dataclass
class Computed:
    """The same views as a :class:`Hit`, kept in memory from writing the cache, so that
    the run that wrote them does not compute them again."""

    groups: dict[str, Group]
    csv: dict[str, str]
    summary: dict[str, int]

    def claim_rows(self, status: str | None
                   ) -> tuple[list[tuple[str, ...]], list[tuple[Any, ...]]]:
        return _merged([self.groups[name] for name in _statuses(status)], status is None)

    def claim_csv(self, status: str) -> str:
        return self.csv[status]


def _statuses(status: str | None) -> list[str]:
    """The status groups a question reads: the one asked for, or all four."""
    return [status] if status else [s.value for s in Status]


def _merged(groups: list[Any], reorder: bool
            ) -> tuple[list[tuple[str, ...]], list[tuple[Any, ...]]]:
    """Status groups' rows and topics as one list, in the claims view's order."""
    order: list[int] = []
    topics: list[tuple[str, ...]] = []
    rows: list[tuple[Any, ...]] = []
    try:
        for positions, group_topics, group_rows in groups:
            order += positions
            topics += group_topics
            rows += group_rows
    except (ValueError, TypeError) as err:
        raise Corrupt(f"claims payload: {err}") from None
    if len(topics) != len(rows) or len(order) != len(rows):
        raise Corrupt("claims payload: lists of unequal length")
    if reorder:
        ranked = sorted(range(len(rows)), key=order.__getitem__)
        topics, rows = [topics[i] for i in ranked], [rows[i] for i in ranked]
    return topics, rows


def lookup(folder: Path, ledger_path: Path, key: str) -> Hit | None:
    """The cache for this ledger if it was built from exactly these bytes, else None."""
    hit = _open(folder, ledger_path)
    return hit if hit is not None and hit.key == key else None


def earlier(folder: Path, ledger_path: Path) -> tuple[Earlier, Blocks, Seen] | None:
    """What this kursk cached of an earlier version of this ledger: each of its entries
    by the fingerprint of its bytes, its blocks (each checked against its digest, so
    the next cache can take over those of unchanged entries) and its claims view; None
    when there is none to trust."""
    hit = _open(folder, ledger_path)
    if hit is None or not hit.key.endswith(_made_by()):
        return None
    try:
        blocks = hit.blocks()
        ledger, prints = hit.ledger(blocks), hit.fingerprints()
        _topics, rows = hit.claim_rows(None)
    except Corrupt:
        return None
    built: dict[str, tuple[Source | Actor | Claim, ...]] = {
        section: getattr(ledger, section) for section in _SECTIONS}
    if any(len(prints[section]) != len(entries) for section, entries in built.items()):
        return None
    claims = ledger.claim_by_id
    if len(rows) != len(claims) or not all(type(row) is tuple and row and row[0] in claims
                                           for row in rows):
        return None
    return {section: dict(zip(prints[section], entries, strict=True))
            for section, entries in built.items()}, blocks, Seen.of(ledger, rows)


def _open(folder: Path, ledger_path: Path) -> Hit | None:
    import sqlite3

    path = file_for(folder, ledger_path)
    if not _private(folder) or not _private(path):
        return None
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
    except sqlite3.Error:
        return None
    try:
        summary = {name: int(meta[name]) for name in ("claims", "actors", "statements",
                                                       "disputed")}
    except (KeyError, ValueError):
        return None
    key = meta.get("key")
    return Hit(path, summary, key) if isinstance(key, str) else None


def _private(path: Path) -> bool:
    """Whether only this user could have written ``path``: the cache holds a pickle,
    and a pickle planted by someone else must never be loaded."""
    try:
        info = path.stat()
    except OSError:
        return False
    owner = getattr(os, "getuid", lambda: info.st_uid)()
    return info.st_uid == owner and not info.st_mode & 0o022


def views(ledger: Ledger, seen: Seen | None = None) -> Computed:
    """The claims view of every claim, grouped by status, and the disputed group's rows
    as CSV (the commonest export of a large ledger, made once here, not on every run).
    With the view of an earlier version (``seen``), only new claims' rows are made."""
    from kursk_cli import export

    rows = _claim_rows(ledger, seen)
    groups: dict[str, Group] = {s.value: ([], [], []) for s in Status}
    status_at = query.CLAIM_HEADERS.index("status")
    topics = {c.id: c.topics for c in ledger.claims}
    for position, row in enumerate(rows):
        group = groups[str(row[status_at])]
        group[0].append(position)
        group[1].append(topics[str(row[0])])
        group[2].append(row)
    disputed = groups[Status.DISPUTED.value]
    return Computed(groups, {Status.DISPUTED.value: "".join(export.csv_lines(disputed[2]))},
                    ledger.summary_with(disputed=len(disputed[2])))


def _claim_rows(ledger: Ledger, seen: Seen | None) -> tuple[tuple[Any, ...], ...]:
    """``query.claims`` of every claim, taking the rows of claims reused unchanged from
    the earlier version (a row depends on its claim and on actor names alone)."""
    everything = query.Filters()
    if seen is None or seen.names != {actor.id: actor.name for actor in ledger.actors}:
        return query.claims(ledger, everything).table.rows
    kept: list[tuple[Any, ...]] = []
    fresh: list[Claim] = []
    for claim in ledger.claims:
        before = seen.rows.get(claim.id)
        if before is not None and before[0] is claim:
            kept.append(before[1])
        else:
            fresh.append(claim)
    made = query.claims(Ledger(ledger.sources, ledger.actors, tuple(fresh)), everything)
    return tuple(sorted([*kept, *made.table.rows], key=query.CLAIM_ORDER))


def _blocks_of(ledger: Ledger, prints: Fingerprints | None
               ) -> Iterator[tuple[str, str, tuple[Any, ...]]]:
    """Each section's entries in blocks: (section, the block's name, its entries). A
    block is named by its entries' fingerprints, so equal names mean equal entries;
    without fingerprints, a section is one block, named ("") once pickled."""
    for section in _SECTIONS:
        entries: tuple[Any, ...] = getattr(ledger, section)
        if prints is None:  # no fingerprints: one block, named by its own bytes
            yield section, "", entries
            continue
        marks, start = prints[section], 0
        for end, mark in enumerate(marks, start=1):
            if mark[0] < _BLOCK_END or end == len(marks):
                name = "block:" + hashlib.sha256(b"".join(marks[start:end])).hexdigest()
                yield section, f"{name}:{section}", entries[start:end]
                start = end


def _payloads(computed: Computed, prints: Fingerprints | None
              ) -> Iterator[tuple[str, bytes]]:
    import marshal

    if prints is not None:
        yield "entries", marshal.dumps(prints)
    for status, grouped in computed.groups.items():
        yield f"claims:{status}", marshal.dumps(grouped)
    for status, text in computed.csv.items():
        yield f"claims-csv:{status}", marshal.dumps(text)


def store(folder: Path, ledger_path: Path, key: str, ledger: Ledger,
          prints: Fingerprints | None = None, blocks: Blocks | None = None,
          seen: Seen | None = None) -> Computed:
    """Write the cache for a checked ledger, whole or not at all, and return the views
    it holds. Any failure (a read-only home, a full disk) leaves kursk working, only
    uncached. ``prints`` (see ``ledger.fingerprints``) let a later run re-read only the
    entries that changed; ``blocks`` and ``seen``, of the cache of the version before
    (see :func:`earlier`), spare pickling unchanged blocks and remaking unchanged rows."""
    import marshal
    import pickle
    import sqlite3
    import tempfile

    with collector_paused():
        computed = views(ledger, seen)
        with suppress(OSError, sqlite3.Error):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, temporary = tempfile.mkstemp(prefix=".kursk-", suffix=".tmp", dir=folder)
            os.close(fd)
            try:
                # Written to a new file, renamed into place when whole: the journal and
                # syncing would only protect a file nobody reads yet. A file damaged
                # anyway (a crash at the wrong moment) fails its digests and is rebuilt.
                with closing(sqlite3.connect(f"file:{temporary}", uri=True)) as db:
                    db.executescript(
                        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
                        "CREATE TABLE blobs (name TEXT PRIMARY KEY, digest TEXT NOT NULL,"
                        " blob BLOB NOT NULL);")
                    meta = {"key": key, **{k: str(v) for k, v in computed.summary.items()}}
                    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
                    index: dict[str, list[str]] = {section: [] for section in _SECTIONS}
                    for section, name, entries in _blocks_of(ledger, prints):
                        known = (blocks or {}).get(name)
                        if known is None:
                            blob = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
                            known = _digest(blob), blob
                            name = name or f"block:{known[0]}:{section}"
                        db.execute("INSERT OR IGNORE INTO blobs VALUES (?, ?, ?)",
                                   (name, *known))
                        index[section].append(name)
                    payloads = [("ledger", marshal.dumps(index)),
                                *_payloads(computed, prints)]
                    db.executemany("INSERT INTO blobs VALUES (?, ?, ?)",
                                   ((name, _digest(blob), blob) for name, blob in payloads))
                    db.commit()
                os.replace(temporary, file_for(folder, ledger_path))
            finally:
                Path(temporary).unlink(missing_ok=True)
    return computed


class Loaded:
    """A checked ledger, read from its file or from the cache, whichever is faster."""

    def __init__(self, path: Path, shown: str, ledger: Ledger | None,
                 views: Hit | Computed | None, folder: Path | None) -> None:
        self.path, self.shown = path, shown
        self._ledger, self._views, self._folder = ledger, views, folder

    @property
    def summary(self) -> dict[str, int]:
        return self._views.summary if self._views is not None else self.ledger.summary

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            if isinstance(self._views, Hit):
                with suppress(Corrupt):
                    self._ledger = self._views.ledger()
            if self._ledger is None:
                self._ledger, self._views = _read_and_store(self.path, self.shown,
                                                            self._folder)
        return self._ledger

    def claims(self, filters: query.Filters) -> query.ClaimsResult:
        """The claims view; from precomputed rows when only status and topics filter."""
        if self._views is not None and filters.claim_level:
            try:
                topics, rows = self._views.claim_rows("disputed" if filters.disputed else None)
            except Corrupt:
                self._views = None
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
        if self._views is None or filters != query.Filters(disputed=True):
            return None
        try:
            rows = self._views.claim_csv(Status.DISPUTED.value)
        except Corrupt:
            self._views = None
            return None
        from kursk_cli import export

        return "".join(export.csv_lines([query.CLAIM_HEADERS])) + rows


def _read_and_store(path: Path, shown: str, folder: Path | None
                    ) -> tuple[Ledger, Computed | None]:
    """Read and check the file, re-reading only the entries that changed since the
    cached read of an earlier version when there is one; cache the result under the key
    of the very bytes read, and return it with the views the cache holds."""
    from kursk_cli import ledger as reader

    data = files.read(path, shown)
    if folder is None:
        return reader.load_bytes(data, shown), None
    with collector_paused():
        before = earlier(folder, path)
        again = reader.reread(data, shown, before[0]) if before is not None else None
    if again is None:
        found = reader.load_bytes(data, shown)
        with collector_paused():
            prints = reader.fingerprints(data, found)
    elif again.ledger is None:
        raise LedgerInvalid(again.problems)
    else:
        found, prints = again.ledger, again.prints
    blocks, seen = (before[1], before[2]) if before is not None else (None, None)
    return found, store(folder, path, key_of(data), found, prints, blocks, seen)


def open_ledger(path: Path, shown: str, use_cache: bool = True) -> Loaded:
    """The checked ledger at ``path``, or :class:`LedgerInvalid` with every problem."""
    folder = directory() if use_cache and not disabled() else None
    if folder is not None:
        hit = lookup(folder, path, _key(files.digest(path, shown)))
        if hit is not None:
            return Loaded(path, shown, None, hit, folder)
    found, computed = _read_and_store(path, shown, folder)
    return Loaded(path, shown, found, computed, folder)
