"""Rows of plain values: the one shape every question's answer takes (headers plus rows),
which every output format renders, and the symbols a stance is drawn with.

The lowest room of the views: query, outlets and timeline build tables, render and
export draw them, and none of them needs another's questions to do so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from msgspec import Struct

from kursk_cli.model import Stance

#: One value in a row: text, a count, a list of names, or nothing.
Cell = str | int | tuple[str, ...] | None


class Table(Struct, frozen=True):
    """Headers (snake_case names, as CSV and JSON use them) and rows of plain values."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.headers, row, strict=True)) for row in self.rows]


#: How a stance is drawn where a word will not fit (the matrix, narrow tables, lanes).
SYMBOLS = {Stance.ASSERTS: "+", Stance.DENIES: "-", Stance.QUALIFIES: "~"}


def symbols(cell: Sequence[Stance]) -> str:
    return "".join(SYMBOLS[s] for s in cell)


def join(values: Iterable[str]) -> str:
    return "; ".join(values)
