"""A view's answer read back from the cache is held to the shape of one computed: an
entry forged with its seal recomputed, whose rows are not as wide as the view makes
them, is computed again, never shown (nor let crash the view), as table, CSV or JSON."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from test_cache import Write, answer, entries, framed

from helpers import FACTS, MINIMAL
from kursk_cli import query
from kursk_cli.model import Stance
from kursk_cli.rows import Table

replace = msgspec.structs.replace


def _cut(table: Table) -> Table:
    return Table(table.headers, tuple(row[:1] for row in table.rows))


#: Each view, the type of its answer, and answers forged from the real one.
FORGERIES: dict[str, tuple[list[str], type[Any], Callable[[Any], Any]]] = {
    "claims, rows cut short": (["claims"], query.ClaimsResult,
                               lambda r: replace(r, table=_cut(r.table))),
    "claims, a header more": (["claims"], query.ClaimsResult, lambda r: replace(
        r, table=Table((*r.table.headers, "x"), tuple((*row, "x") for row in r.table.rows)))),
    "actors, rows cut short": (["actors"], query.ActorsResult,
                               lambda r: replace(r, table=_cut(r.table))),
    "actor, rows shown cut short": (["actor", "putin"], query.ActorResult, lambda r: replace(
        r, said=tuple(row[:3] for row in r.said))),
    "actor, a statement of no source": (["actor", "putin"], query.ActorResult,
                                        lambda r: replace(r, said=tuple(
                                            (*row[:6], (), *row[7:]) for row in r.said))),
    "actor, table cut short": (["actor", "putin"], query.ActorResult,
                               lambda r: replace(r, table=_cut(r.table))),
    "show, a side missing": (["show", "encirclement"], query.ShowResult, lambda r: replace(
        r, sides={Stance.ASSERTS: r.sides[Stance.ASSERTS]})),
    "show, a side's rows cut short": (["show", "encirclement"], query.ShowResult,
                                      lambda r: replace(r, sides={
                                          s: tuple(row[:2] for row in rows)
                                          for s, rows in r.sides.items()})),
    "show, a statement of no source": (["show", "encirclement"], query.ShowResult,
                                       lambda r: replace(r, sides={
                                           s: tuple((*row[:7], (), row[8]) for row in rows)
                                           for s, rows in r.sides.items()})),
    "matrix, an actor without cells": (["matrix"], query.MatrixResult,
                                       lambda r: replace(r, cells=r.cells[1:])),
    "matrix, a row of cells cut short": (["matrix"], query.MatrixResult,
                                         lambda r: replace(r, cells=tuple(
                                             row[1:] for row in r.cells))),
    "matrix, table cut short": (["matrix"], query.MatrixResult,
                                lambda r: replace(r, table=_cut(r.table))),
}


#: The formats that read what each forgery changes: the table a terminal shows reads
#: the rows shown (actor), the sides (show) and the cells (matrix); CSV and JSON the
#: table alone.
READ_BY = {case: (["table", "csv", "json"] if case.startswith(("claims", "actors"))
                  else ["csv", "json"] if case.endswith("table cut short") else ["table"])
           for case in FORGERIES}


@pytest.mark.parametrize(("case", "fmt"), [(case, fmt) for case in FORGERIES
                                           for fmt in READ_BY[case]])
def test_a_forged_answer_of_the_wrong_shape_is_computed_again(
        write: Write, private_cache: Path, case: str, fmt: str) -> None:
    view, kind, forge = FORGERIES[case]
    path = write(MINIMAL)
    args = [*view, "-f", fmt, "-l", str(path)]
    expected = answer([*args, "--no-cache"])
    assert expected[0] == 0
    answer([*view, "-f", "json", "-l", str(path)])  # (remembers the answer itself)
    [entry] = entries(private_cache, "answer")
    real = msgspec.msgpack.decode(b"".join(_payload(entry)), type=kind)
    forged = forge(real)
    assert forged != real
    entry.write_bytes(framed(entry, msgspec.msgpack.encode(forged)))
    assert answer(args) == expected
    assert answer(args) == expected  # (and the entry was mended)


def _payload(entry: Path) -> list[bytes]:
    """The payload of an entry of one part: after its length and its SHA-256."""
    blob = entry.read_bytes()
    return [blob[4 + 32:]]


def test_every_answer_computed_has_the_shape_an_answer_read_back_is_held_to() -> None:
    """The other side: the shipped ledger's answers, every actor's and every claim's, are
    all served from the cache (none is computed again for its shape)."""
    from kursk_cli import answers, loader
    from kursk_cli.timeline import reversals_in

    ledger = loader.load(FACTS, use_cache=False)
    found: list[Any] = [query.claims(ledger, query.Filters()), query.actors(ledger),
                        query.matrix(ledger, query.Filters()),
                        query.matrix(ledger, query.Filters(disputed=True))]
    found += [query.actor(ledger, who, query.Filters()) for who in ledger.actors]
    found += [query.show(ledger, ledger.grouped(c), reversals_in(ledger.grouped(c)))
              for c in ledger.claims]
    assert len(found) > 20
    assert [r for r in found if not answers.shaped(r)] == []


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_forged_summary_without_its_counts_is_computed_again(
        write: Write, private_cache: Path, fmt: str) -> None:
    path = write(MINIMAL)
    args = ["check", "-f", fmt, "-l", str(path)]
    expected = answer([*args, "--no-cache"])
    assert expected[0] == 0
    answer(args)
    summaries = [entry for entry in entries(private_cache, "answer")
                 if msgspec.msgpack.decode(b"".join(_payload(entry))) == {
                     "claims": 1, "actors": 2, "statements": 2, "disputed": 1, "groups": 0}]
    [entry] = summaries
    entry.write_bytes(framed(entry, msgspec.msgpack.encode({"claims": 1, "actors": 2})))
    assert answer(args) == expected


def test_a_forged_answer_of_the_right_shape_is_shown_without_a_crash(
        write: Write, private_cache: Path) -> None:
    """An entry forged whole can answer wrongly (docs/cache.md says so), never crash the
    view: here a claim of no id, which no read makes."""
    path = write(MINIMAL)
    args = ["claims", "-l", str(path)]
    answer(args)
    [entry] = entries(private_cache, "answer")
    real = msgspec.msgpack.decode(b"".join(_payload(entry)), type=query.ClaimsResult)
    forged = replace(real, table=Table(real.table.headers, tuple(
        ("", *row[1:]) for row in real.table.rows)))
    entry.write_bytes(framed(entry, msgspec.msgpack.encode(forged)))
    code, out, err = answer(args, COLUMNS="20")  # (where each word's width is weighed)
    assert (code, err) == (0, "")
    assert "encircled" in out
