"""Views remembered: the one layer above ``query`` through which every view is asked.

A view's answer is a function of the ledger and the question (the view's name and its
arguments, as the user gave them), so it is remembered in the cache under a key of the
ledger's key (every file's name and bytes, see ``loader.Opened``) and the question. An
unchanged ledger then answers a question asked before without its entries being decoded.
An answer that cannot be decoded as its kind is computed again; a view that fails (an
unknown actor) is never remembered.

A view asked for as CSV is remembered also as the CSV text written (:func:`csv`), so that
an unchanged ledger's CSV is written as it was, neither decoded nor written again; text
read back is written only if it is CSV as kursk writes it (``csvsafe.sound``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from operator import itemgetter
from typing import TypeVar

from kursk_cli import files
from kursk_cli.cache import shape
from kursk_cli.loader import Opened
from kursk_cli.memory import collector_paused
from kursk_cli.model import Ledger

R = TypeVar("R")


def answer(opened: Opened, question: tuple[object, ...], compute: Callable[[Ledger], R],
           kind: type[R], keep: bool = True) -> R:
    """``compute(ledger)``, remembered under the ledger's key and ``question``, which
    must name the view and every argument ``compute`` depends on besides the ledger
    (``keep=False``: a remembered answer is used, a computed one not remembered)."""
    import msgspec

    cache = opened.cache
    if cache is None or opened.key is None or opened.problems:
        return compute(opened.ledger)
    key = _key(opened.key, question)
    made = shape(kind)  # type: ignore[arg-type]  # (a type is hashable)
    known = cache.recall("answer", key, made)
    if known is not None:
        try:
            decoded = msgspec.msgpack.decode(known, type=kind)
        except (msgspec.DecodeError, ValueError):
            pass
        else:
            if shaped(decoded, question):
                return decoded
    with collector_paused():  # (a view of 100,000 claims makes as many rows, no garbage)
        found = compute(opened.ledger)
    if keep:
        cache.remember("answer", key, made, msgspec.msgpack.encode(found))
    return found


#: What a ledger's summary counts (``Ledger.summary``), each read by ``kursk check``.
SUMMARY = frozenset({"claims", "actors", "statements", "disputed", "groups"})


def shaped(found: object, question: tuple[object, ...] = ()) -> bool:
    """Whether an answer read back has the shape of one computed, as the views and exports
    read it (the seal is no signature: a forged entry could hold rows of any width):
    each table's rows as wide as its headers, the headers of its view, and the rows a
    terminal shows as many cells as a view makes, each statement with its sources; a
    summary with every count. An answer that is not is computed again, never shown."""
    from kursk_cli import query
    from kursk_cli.model import Stance

    if question[:1] == ("summary",):
        return isinstance(found, dict) and found.keys() == SUMMARY

    table = getattr(found, "table", None)
    if table is not None and not _even(table.rows, len(table.headers)):
        return False
    if isinstance(found, query.ClaimsResult):
        return found.table.headers == query.CLAIM_HEADERS
    if isinstance(found, query.ActorsResult):
        return found.table.headers == query.ACTORS_HEADERS
    if isinstance(found, query.ActorResult):
        return (found.table.headers == query.ACTOR_HEADERS and _even(found.said, 8)
                and () not in map(itemgetter(6), found.said))
    if isinstance(found, query.ShowResult):
        return (found.table.headers == query.SHOW_HEADERS and set(found.sides) == set(Stance)
                and all(_even(rows, 9) and () not in map(itemgetter(7), rows)
                        for rows in found.sides.values()))
    if isinstance(found, query.MatrixResult):
        return (len(found.cells) == len(found.actors)
                and _even(found.cells, len(found.claims))
                and found.table.headers == ("actor_id", *(c.id for c in found.claims)))
    return True


def _even(rows: tuple[tuple[object, ...], ...], width: int) -> bool:
    """Every row ``width`` cells (in one pass, in C)."""
    return not rows or set(map(len, rows)) == {width}


def _header(kind: type[object]) -> tuple[bytes, ...]:
    """How the CSV of a view of this kind may start: its headers' row (a matrix's, with
    the claims' ids after the first)."""
    from kursk_cli import query

    views: dict[type[object], tuple[str, ...]] = {
        query.ClaimsResult: query.CLAIM_HEADERS, query.ActorsResult: query.ACTORS_HEADERS,
        query.ActorResult: query.ACTOR_HEADERS, query.ShowResult: query.SHOW_HEADERS}
    headers = views.get(kind)
    if headers is None:
        return (b"actor_id,", b"actor_id\r\n")
    return ((",".join(headers) + "\r\n").encode(),)


def _key(ledger: str, question: tuple[object, ...]) -> str:
    # The question as its repr (any text the user typed, even bytes that are not UTF-8).
    return files.hexdigest(f"{ledger}:{question!r}".encode("utf-8", "surrogateescape"))


def csv(opened: Opened, question: tuple[object, ...], compute: Callable[[Ledger], R],
        kind: type[R], write: Callable[[R], str]) -> str:
    """``write(answer(opened, question, compute, kind))``: the answer's CSV text,
    remembered under the answer's key (the answer itself is not remembered for it: the
    text is all a CSV asked again needs). Text read back that is not CSV as kursk writes
    it (an entry forged with its seal recomputed) is written again from the answer,
    never served."""
    from kursk_cli import csvsafe

    cache = opened.cache
    if cache is None or opened.key is None or opened.problems:
        return write(compute(opened.ledger))
    key = _key(opened.key, question)
    made = "csv:" + shape(kind)  # type: ignore[arg-type]  # (a type is hashable)
    known = cache.recall("csv", key, made)
    if (known is not None and known.startswith(_header(kind))
            and (text := csvsafe.sound(known)) is not None):
        return text
    with collector_paused():
        text = write(answer(opened, question, compute, kind, keep=False))
    with suppress(UnicodeEncodeError):  # (never: every cell is inert)
        cache.remember("csv", key, made, text.encode("utf-8"))
    return text
