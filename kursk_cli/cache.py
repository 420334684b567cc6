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

Besides reads, it keeps bytes for any layer above it that names everything they depend on
in their key (see :meth:`Cache.remember`): the verdict of the rules across a ledger's
files, keyed by every file's name and bytes, and the answers of views (``answers``). It
never imports the views themselves.

It lives in ``$XDG_CACHE_HOME/kursk`` (else ``~/.cache/kursk``), one file per entry, named
by its key. ``--no-cache`` or ``KURSK_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import os
import re
import stat
import sys
import time
from array import array
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import suppress
from itertools import chain, islice, repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import force_setattr

from kursk_cli import __version__, atomic, files, invariants
from kursk_cli.model import Actor, Claim, FileRead, Original, Relation, Source, Stance, Statement

#: Bumped whenever what the cache holds changes shape, or what reading a file finds.
FORMAT = 10

#: Entries kept at most; past this the least recently used go. Each is one file's read.
MAX_ENTRIES = 2000

_SUFFIX = ".bin"

#: The most bytes one part of an entry may hold (a view's answer, the verdict across
#: files); a part of a file's read may hold at most READ_BUDGET times the file's size
#: and a mebibyte (its encoding is smaller than the file's YAML, with its problems'
#: messages a few times larger at worst). A length beyond that is never read.
MAX_PART = files.MAX_BYTES
READ_BUDGET = 16


def directory(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the cache lives; None when there is no home to put it in (kursk then works
    uncached)."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):  # (a relative one is ignored, as XDG says)
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):
            return None
    return Path(base) / "kursk"


def disabled(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return env.get("KURSK_NO_CACHE", "") not in ("", "0")


class Claims(Struct, frozen=True, array_like=True, forbid_unknown_fields=True):
    """The claims of a file's read as columns, one item per claim in file order (each
    claim's statements are ``Statements``, ``counts`` of them a claim)."""

    id: list[str]
    text: list[str]
    topics: list[tuple[str, ...]]
    relations: list[tuple[Relation, ...]]
    relations_at: list[tuple[int, ...]]
    at: list[tuple[int, ...]]
    counts: list[int]


class Statements(Struct, frozen=True, array_like=True, forbid_unknown_fields=True):
    """Every statement of a file's read as columns, one item per statement, in claim
    order (a statement's claim is the claim whose ``counts`` it falls in: its id is not
    stored again)."""

    #: Each statement's actor and source as its place in ``actors`` and ``sources``, the
    #: ids each written once (see ``_packed``).
    actor: bytes
    stance: list[Stance]
    date: list[dt.date]
    source: bytes
    quote: list[str | None]
    paraphrase: list[str | None]
    note: list[str | None]
    original: list[Original | None]
    at: list[tuple[int, ...]]
    actors: list[str]
    sources: list[str]

    def columns(self) -> dict[str, Sequence[Any]] | None:
        """Every column, one item per statement (actors and sources as their places in
        ``actors`` and ``sources``); None if those places are not whole numbers."""
        actor, source = _unpacked(self.actor), _unpacked(self.source)
        if actor is None or source is None:
            return None
        return {"actor": actor, "stance": self.stance, "date": self.date, "source": source,
                "quote": self.quote, "paraphrase": self.paraphrase, "note": self.note,
                "original": self.original, "at": self.at}


#: Places in a table of ids, as unsigned 32-bit numbers, little-endian.
_PLACE = next(code for code in "IL" if array(code).itemsize == 4)


def _packed(values: list[str]) -> tuple[list[str], bytes]:
    """Values as a table of each once and the place of each in it, packed."""
    table = list(dict.fromkeys(values))
    place = {value: index for index, value in enumerate(table)}
    packed = array(_PLACE, map(place.__getitem__, values))
    if sys.byteorder == "big":
        packed.byteswap()
    return table, packed.tobytes()


def _unpacked(data: bytes) -> array[int] | None:
    if len(data) % 4:
        return None
    places = array(_PLACE)
    places.frombytes(data)
    if sys.byteorder == "big":
        places.byteswap()
    return places


class Entries(Struct, frozen=True, array_like=True, forbid_unknown_fields=True):
    """The entries of a file's read, kept apart from the rest of it (its head) so that
    the head can be decoded alone. Claims and statements are kept a column per field:
    300,000 statements decode as a few long lists rather than 300,000 arrays, and are
    checked a column at a time (``invariants.sound_columns``) before a struct is built."""

    sources: tuple[Source, ...]
    actors: tuple[Actor, ...]
    claims: Claims
    statements: Statements

    @classmethod
    def of(cls, sources: tuple[Source, ...], actors: tuple[Actor, ...],
           claims: tuple[Claim, ...]) -> Entries:
        said = list(chain.from_iterable(map(attrgetter("statements"), claims)))

        def column(entries: Sequence[object], name: str) -> list[Any]:
            return list(map(attrgetter(name), entries))

        return cls(sources, actors,
                   Claims(column(claims, "id"), column(claims, "text"),
                          column(claims, "topics"), column(claims, "relations"),
                          column(claims, "relations_at"), column(claims, "at"),
                          [len(c.statements) for c in claims]),
                   Statements(*_statements(said)))

    def claims_built(self, said: Mapping[str, Sequence[Any]]) -> tuple[Claim, ...]:
        """The claims the columns hold, their statements (``said``: their columns, as
        ``Statements.columns`` gives them) within them: call only once
        ``invariants.sound_columns`` has found the columns whole (of one length each,
        ``counts`` adding up to the statements, every place in its table)."""
        c, s = self.claims, self.statements
        owners = chain.from_iterable(map(repeat, c.id, c.counts))
        built = list(map(Statement, owners, map(s.actors.__getitem__, said["actor"]),
                         s.stance, s.date, map(s.sources.__getitem__, said["source"]),
                         s.quote, s.paraphrase, s.note, s.original))
        deque(map(force_setattr, built, repeat("at"), s.at), maxlen=0)
        flow = iter(built)
        groups = map(tuple, map(islice, repeat(flow), c.counts))
        claims = list(map(Claim, c.id, c.text, groups, c.topics, c.relations, c.relations_at))
        deque(map(force_setattr, claims, repeat("at"), c.at), maxlen=0)
        return tuple(claims)


def _statements(said: list[Statement]) -> tuple[Any, ...]:
    """The fields of ``Statements`` for these statements, in order."""
    def column(name: str) -> list[Any]:
        return list(map(attrgetter(name), said))

    actors, actor = _packed(column("actor"))
    sources, source = _packed(column("source"))
    return (actor, column("stance"), column("date"), source, column("quote"),
            column("paraphrase"), column("note"), column("original"), column("at"), actors,
            sources)


def _seal(name: str, index: int, payload: bytes) -> bytes:
    """The digest part ``index`` of the entry ``name`` starts with: of the entry's name,
    the part's place in it and the payload, so that neither an entry copied under another
    name nor a part copied to another place in its entry is served."""
    return files.digest(f"{name}:{index}:".encode() + payload)


def _sound(name: str, index: int, part: bytes) -> bytes | None:
    """A part's payload, if the digest it starts with is the payload's, under this name
    and at this place."""
    payload = part[32:]
    return payload if _seal(name, index, payload) == part[:32] else None


@functools.cache
def shape(kind: object) -> str:
    """What data of type ``kind`` looks like, field by field (a struct's fields with their
    annotations as written, and the structs and enums those name, with their values): part
    of every entry's name, so that data written by a kursk whose types differ is never
    decoded as this one's. (Read from the annotations' text: resolving them costs a
    millisecond and a half on every run.)"""
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind.__qualname__ + repr([member.value for member in kind])
    if not (isinstance(kind, type) and issubclass(kind, Struct)):
        return repr(kind)
    names = vars(sys.modules[kind.__module__])
    fields = []
    for field in kind.__struct_fields__:
        written = next(vars(c)["__annotations__"][field] for c in kind.__mro__
                       if field in vars(c).get("__annotations__", {}))
        text = written if isinstance(written, str) else repr(written)
        named = ([names.get(word) for word in dict.fromkeys(re.findall(r"[A-Za-z_]\w*", text))]
                 if isinstance(written, str) else list(_types_in(written)))
        fields.append(f"{field}:{text}" + "".join(
            shape(n) for n in named if isinstance(n, type)
            and issubclass(n, (Struct, enum.Enum)) and n is not kind))
    return f"{kind.__qualname__}(" + ",".join(fields) + ")"


def _types_in(annotation: object) -> Iterator[object]:
    """The types an annotation that is not text names, its arguments' too."""
    import typing

    yield annotation
    for argument in typing.get_args(annotation):
        yield from _types_in(argument)


@functools.cache
def _code() -> str | None:
    """kursk's own code as the cache knows it: where its modules are, and each one's
    name, size and modification time. Installing or checking out other code changes it
    (an install that keeps files' times, as Nix or ``cp -p`` do, puts them elsewhere), so
    that an answer or a read made by other rules is not served, even where the version
    and FORMAT stayed the same (a checkout of another commit). About 0.1 ms: a stat per
    module, nothing read. None when the modules cannot be listed (kursk run from a zip
    file, say): then kursk runs without its cache."""
    folder = Path(__file__).parent
    stamps = [str(folder)]
    waiting = [("", str(folder))]  # (the package and its subpackages: draft/, cli/)
    try:
        while waiting:
            prefix, here = waiting.pop()
            with os.scandir(here) as found:
                for entry in found:
                    if entry.name.startswith((".", "__pycache__")):
                        continue
                    if entry.name.endswith(".py"):
                        with suppress(OSError):  # (gone since listed)
                            info = entry.stat()
                            stamps.append(f"{prefix}{entry.name}:{info.st_size}:"
                                          f"{info.st_mtime_ns}")
                    elif entry.is_dir(follow_symlinks=False) and os.path.isfile(
                            os.path.join(entry.path, "__init__.py")):
                        waiting.append((f"{prefix}{entry.name}/", entry.path))
    except OSError:
        return None
    return files.hexdigest("\n".join(sorted(stamps)).encode("utf-8", "surrogateescape")
                           ) if len(stamps) > 1 else None


def _read_shape() -> str:
    return shape(FileRead) + shape(Entries)


class Stored:
    """A file's read from the cache: its head at once, its entries on demand (each
    checked against its own digest when used)."""

    def __init__(self, head: FileRead, entries: Callable[[], bytes | None], name: str) -> None:
        self.head, self._entries, self._name = head, entries, name

    def read(self) -> FileRead | None:
        """The whole read, or None if its entries are damaged or are not what reading a
        file gives (see ``invariants``: the seal is no signature, anyone who can write
        the cache can recompute it)."""
        import msgspec

        part = self._entries()
        body = _sound(self._name, 1, part) if part is not None else None
        if body is None:
            return None
        try:
            found = msgspec.msgpack.decode(body, type=Entries)
        except (msgspec.DecodeError, ValueError):
            return None
        said = found.statements.columns()
        if said is None or not invariants.sound_columns(
                found.sources, found.actors, found.claims, said,
                {"actor": found.statements.actors, "source": found.statements.sources}):
            return None
        return msgspec.structs.replace(self.head, sources=found.sources, actors=found.actors,
                                       claims=found.claims_built(said))


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
        #: Entries read or written by this run: never pruned by it.
        self._used: set[str] = set()

    def _name(self, kind: str, key: str, made: str) -> str:
        """An entry's file name: of what it holds, its key, and what made it (kursk's
        version and code, the cache's format, and the shape of the data)."""
        name = files.hexdigest(f"{kind}:{key}:{__version__}:{_code()}:{FORMAT}:{made}"
                               .encode())
        return f"{kind}-{name}{_SUFFIX}"

    def trusted(self) -> bool:
        """The folder exists, is a folder, and only this user could have written it."""
        if self._trusted is None:
            try:
                info = os.lstat(self.folder)
                self._trusted = stat.S_ISDIR(info.st_mode) and _private(info)
            except OSError:
                self._trusted = False
        return self._trusted

    def _load(self, name: str, parts: int | None = None,
              budget: int = MAX_PART) -> list[bytes] | None:
        """The parts of the entry ``name`` (the first ``parts`` of them, or all), if it
        is this user's and whole; each part is its SHA-256 followed by its payload,
        checked by :func:`_sound` before use. A part longer than ``budget`` bytes is not
        read (nor is anything allocated for it): the entry is ignored."""
        if not self.trusted():
            return None
        path = self.folder / name
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return None
        found: list[bytes] = []
        try:
            info = os.fstat(fd)
            if not (stat.S_ISREG(info.st_mode) and _private(info)):
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                left = info.st_size
                while parts is None or len(found) < parts:
                    size = handle.read(4)
                    if not size:
                        break
                    length = int.from_bytes(size, "big")
                    if len(size) != 4 or not 32 <= length <= min(left - 4, budget):
                        # (never trust it: a forged length would be read whole)
                        return None
                    found.append(handle.read(length))
                    left -= 4 + length
                    if len(found[-1]) != length:
                        return None
        except OSError:
            return None
        finally:
            os.close(fd)
        self._used.add(name)
        if info.st_mtime < time.time() - 86400:
            with suppress(OSError):  # recently used: kept when the cache is pruned
                os.utime(path)
        return found

    def _store(self, name: str, *payloads: bytes) -> None:
        """Write an entry of one or more parts, whole or not at all; any failure (a
        read-only home, a full disk) leaves kursk working, only uncached."""
        blob = b"".join(len(part).to_bytes(4, "big") + part for part in (
            _seal(name, index, payload) + payload for index, payload in enumerate(payloads)))
        self._used.add(name)
        with suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._trusted = None
            if not self.trusted():
                return
            with atomic.temporary(self.folder, 0o600) as temporary:
                temporary.write_bytes(blob)
                os.replace(temporary, self.folder / name)
            self._prune()

    def get(self, digest: str, size: int | None = None) -> Stored | None:
        """The read of a file with these bytes (``size`` of them), if one was cached and
        is sound: its head decoded (includes, problems, ...), its entries when asked
        for. Neither part may be larger than a read of so many bytes can be."""
        import msgspec

        name = self._name("read", digest, _read_shape())
        budget = MAX_PART if size is None else min(MAX_PART, READ_BUDGET * size + (1 << 20))
        parts = self._load(name, parts=1, budget=budget)
        if not parts or (head := _sound(name, 0, parts[0])) is None:
            return None
        try:
            found = msgspec.msgpack.decode(head, type=FileRead)
        except (msgspec.DecodeError, ValueError):
            return None
        if found.sources or found.actors or found.claims or not invariants.sound_head(found):
            return None

        def entries() -> bytes | None:
            # Read when the entries are needed; any entry under this name holds the read
            # of the same bytes, and the part's own digest is checked before use.
            whole = self._load(name, parts=2, budget=budget)
            return whole[1] if whole is not None and len(whole) == 2 else None

        return Stored(found, entries, name)

    def put(self, digest: str, read: FileRead) -> None:
        """Cache a file's read. Call before the read's entries are placed in a file
        (``FileRead.placed_in``): a read is cached without names."""
        import msgspec

        head = msgspec.msgpack.encode(msgspec.structs.replace(
            read, sources=(), actors=(), claims=()))
        body = msgspec.msgpack.encode(Entries.of(read.sources, read.actors, read.claims))
        self._store(self._name("read", digest, _read_shape()), head, body)

    def recall(self, kind: str, key: str, made: str) -> bytes | None:
        """Bytes remembered under ``kind`` and ``key`` by code whose data has the shape
        ``made`` (see :meth:`remember`)."""
        name = self._name(kind, key, made)
        parts = self._load(name)
        return _sound(name, 0, parts[0]) if parts is not None and len(parts) == 1 else None

    def remember(self, kind: str, key: str, made: str, payload: bytes) -> None:
        """Keep ``payload`` under ``kind`` and ``key``: for what is a function of a key
        that names everything it depends on, written as data of the shape ``made`` (give
        :func:`shape` of its type). The cache does not know what it holds."""
        self._store(self._name(kind, key, made), payload)

    def _prune(self) -> None:
        """Once a run: remove temporaries left by killed runs, and the least recently
        used entries past ``MAX_ENTRIES``."""
        if self._pruned:
            return
        self._pruned = True
        atomic.remove_stale(self.folder)
        entries: list[tuple[float, Path]] = []
        with suppress(OSError), os.scandir(self.folder) as listing:
            for item in listing:
                with suppress(OSError):
                    if item.name.endswith(_SUFFIX):
                        entries.append((item.stat().st_mtime, Path(item.path)))
        entries.sort()
        for _mtime, path in entries[: max(0, len(entries) - MAX_ENTRIES)]:
            if path.name not in self._used:  # (its head may be read, its entries not yet)
                path.unlink(missing_ok=True)


def open_cache(use: bool = True, environ: Mapping[str, str] | None = None) -> Cache | None:
    """The cache to use, or None when it is turned off or has no home."""
    if not use or disabled(environ) or _code() is None:
        return None
    folder = directory(environ)
    return Cache(folder) if folder is not None else None
