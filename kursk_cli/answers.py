"""Views remembered: the one layer above ``query`` through which every view is asked.

A view's answer is a function of the ledger and the question (the view's name and its
arguments, as the user gave them), so it is remembered in the cache under a key of the
ledger's key (every file's name and bytes, see ``loader.Opened``) and the question. An
unchanged ledger then answers a question asked before without its entries being decoded.
An answer that cannot be decoded as its kind is computed again; a view that fails (an
unknown actor) is never remembered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from kursk_cli import files
from kursk_cli.cache import shape
from kursk_cli.loader import Opened
from kursk_cli.model import Ledger

R = TypeVar("R")


def answer(opened: Opened, question: tuple[object, ...], compute: Callable[[Ledger], R],
           kind: type[R]) -> R:
    """``compute(ledger)``, remembered under the ledger's key and ``question``, which
    must name the view and every argument ``compute`` depends on besides the ledger."""
    import msgspec

    cache = opened.cache
    if cache is None or opened.key is None or opened.problems:
        return compute(opened.ledger)
    # The question as its repr (any text the user typed, even bytes that are not UTF-8).
    key = files.hexdigest(f"{opened.key}:{question!r}".encode("utf-8", "surrogateescape"))
    made = shape(kind)  # type: ignore[arg-type]  # (a type is hashable)
    known = cache.recall("answer", key, made)
    if known is not None:
        try:
            return msgspec.msgpack.decode(known, type=kind)
        except (msgspec.DecodeError, ValueError):
            pass
    found = compute(opened.ledger)
    cache.remember("answer", key, made, msgspec.msgpack.encode(found))
    return found
