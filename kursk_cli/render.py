"""Rich renderables for the terminal views. Builds and returns; never prints.

Ledger text always goes in as :class:`rich.text.Text`, never as markup, so ``[bold]``
or ``[link=...]`` in a quote prints as those characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from kursk_cli.model import Stance, Status
from kursk_cli.query import (
    SYMBOLS,
    ActorResult,
    ActorsResult,
    Cell,
    ClaimsResult,
    MatrixResult,
    ShowResult,
    symbols,
)

if TYPE_CHECKING:
    from kursk_cli.outlets import Variant
    from kursk_cli.verify import Check

_STATUS_STYLE = {
    Status.DISPUTED.value: "bold magenta",
    Status.ASSERTED.value: "",
    Status.DENIED.value: "",
    Status.QUALIFIED.value: "",
}


def cell(value: Cell, style: str = "") -> Text:
    """Any ledger value as inert text."""
    if value is None:
        return Text("")
    if isinstance(value, tuple):
        return Text(", ".join(value), style=style)
    return Text(str(value), style=style)


def _table(title: str | None = None) -> RichTable:
    return RichTable(
        title=Text(title, style="bold") if title else None,
        box=box.SIMPLE_HEAD,
        header_style="bold",
        expand=True,
        title_justify="left",
        show_lines=False,
        pad_edge=False,
        show_edge=False,
    )


def _column(table: RichTable, header: str, *, ratio: int | None = None,
            nowrap: bool = False, justify: str = "left") -> None:
    table.add_column(
        Text(header), ratio=ratio, no_wrap=nowrap,
        overflow="ellipsis" if nowrap else "fold",
        justify="right" if justify == "right" else "left",
        min_width=8 if ratio else len(header),
    )


def claims(result: ClaimsResult, limit: int | None) -> RenderableType:
    table = _table()
    _column(table, "claim", ratio=2)
    _column(table, "status")
    _column(table, "asserted by", ratio=1)
    _column(table, "denied by", ratio=1)
    _column(table, "latest", nowrap=True)
    _column(table, "src", justify="right")
    for row in result.table.rows[:limit]:
        ident, text, status, asserted, denied, latest, sources = row
        claim = cell(text)
        claim.append(f"\n{ident}", style="dim")
        table.add_row(claim, cell(status, _STATUS_STYLE.get(str(status), "")),
                      cell(asserted), cell(denied), cell(latest), cell(sources))
    return table


def actor(result: ActorResult, limit: int | None) -> RenderableType:
    who = result.actor
    header = Text(who.name, style="bold")
    details = [x for x in (who.role, who.affiliation) if x]
    if details:
        header.append(" — " + "; ".join(details))
    header.append(f"  ({who.id})", style="dim")
    table = _table()
    _column(table, "date", nowrap=True)
    _column(table, "claim", ratio=2)
    _column(table, "stance")
    _column(table, "words", ratio=3)
    for date, claim_id, claim_text, stance, words, quoted, sources in result.said[:limit]:
        claim = cell(claim_text)
        claim.append(f"\n{claim_id}", style="dim")
        said = _words(str(words), quoted == "quote")
        said.append_text(_sources(sources))
        table.add_row(cell(date), claim, cell(stance), said)
    return Group(header, table)


def _sources(sources: Cell) -> Text:
    """``source: x``, or ``sources: x, y`` for a statement several sources report."""
    if isinstance(sources, tuple) and len(sources) > 1:
        return Text("\nsources: " + ", ".join(sources), style="dim")
    one = sources[0] if isinstance(sources, tuple) else sources
    return Text(f"\nsource: {one}", style="dim")


def _words(words: str, quoted: bool) -> Text:
    if quoted:
        return Text("“" + words + "”")
    text = Text(words, style="italic")
    text.append(" (paraphrase)", style="dim")
    return text


def actors(result: ActorsResult, limit: int | None) -> RenderableType:
    table = _table()
    _column(table, "id", ratio=2)
    _column(table, "name", ratio=3)
    _column(table, "affiliation", ratio=2)
    for header in ("asserts", "denies", "qualifies", "statements"):
        _column(table, header, justify="right")
    for row in result.table.rows[:limit]:
        table.add_row(*(cell(v) for v in row))
    return table


def show(result: ShowResult) -> RenderableType:
    claim = result.claim
    title = Text(claim.text, style="bold")
    status = Text("status: ")
    status.append(result.status.value, style=_STATUS_STYLE[result.status.value])
    status.append(f"   id: {claim.id}", style="dim")
    if claim.topics:
        status.append("   topics: " + ", ".join(claim.topics), style="dim")
    parts: list[RenderableType] = [title, status]
    sides = _table()
    sides.add_column(Text(f"asserts ({len(result.sides[Stance.ASSERTS])})"), ratio=1,
                     overflow="fold")
    sides.add_column(Text(f"denies ({len(result.sides[Stance.DENIES])})"), ratio=1,
                     overflow="fold")
    sides.add_row(_side(result.sides[Stance.ASSERTS]), _side(result.sides[Stance.DENIES]))
    parts += [Text(""), sides]
    if result.sides[Stance.QUALIFIES]:
        qualifies = _table()
        qualifies.add_column(Text(f"qualifies ({len(result.sides[Stance.QUALIFIES])})"),
                             overflow="fold")
        qualifies.add_row(_side(result.sides[Stance.QUALIFIES]))
        parts += [Text(""), qualifies]
    return Group(*parts)


def _side(rows: Sequence[tuple[Cell, ...]]) -> RenderableType:
    if not rows:
        return Text("nobody", style="dim")
    blocks: list[Text] = []
    for _side_name, _actor_id, name, date, _stance, words, quoted, sources, notes in rows:
        block = Text(str(name), style="bold")
        block.append(f"  {date}\n", style="dim")
        block.append_text(_words(str(words), quoted == "quote"))
        block.append_text(_sources(sources))
        for note in notes if isinstance(notes, tuple) else ():
            block.append(f"\n{note}", style="yellow")
        blocks.append(block)
    return Text("\n\n").join(blocks)


#: Width of one claim column in the matrix: a symbol or two and padding.
_MATRIX_CELL = 4


def matrix(result: MatrixResult, width: int, limit: int | None) -> tuple[RenderableType, int]:
    """The stance matrix, with as many claim columns as the width holds; returns it and
    the number of claims left out for lack of room."""
    name_width = max((len(a.name) for a in result.actors), default=5)
    name_width = min(name_width, max(12, width // 3))
    room = max(1, (width - name_width - 2) // _MATRIX_CELL)
    shown = result.claims[:room]
    table = _table()
    table.expand = False
    _column(table, "actor")
    for number in range(1, len(shown) + 1):
        table.add_column(Text(str(number)), justify="center", no_wrap=True)
    for who, row in list(zip(result.actors, result.cells, strict=True))[:limit]:
        table.add_row(Text(who.name, overflow="fold"),
                      *(Text(symbols(c) or "·") for c in row[: len(shown)]))
    legend = Text("  ".join(f"{sym} {stance.value}" for stance, sym in SYMBOLS.items()))
    legend.append("  · no statement\n")
    key = Text("\n").join(Text(f"{n:>3}  {c.id}") for n, c in enumerate(shown, start=1))
    return Group(table, Text(""), legend, key), len(result.claims) - len(shown)


# ------------------------------------------------------------------------- verify

_VERIFY_STYLE = {"verified": "green", "differs": "bold red", "not found": "bold red",
                 "no archive": "yellow"}

#: Narrower than this, ``kursk verify`` prints one record per quote instead of a table;
#: also when its locations leave the quotes less than ``VERIFY_WORDS`` columns.
VERIFY_TABLE_WIDTH = 80
VERIFY_WORDS = 36


def verify(checks: Sequence[Check], width: int) -> RenderableType:
    """Each quote checked: its status, words, where it is in the ledger and the archive,
    and for one that differs, the archive's passage and the differing words."""
    places = max(len(p) for c in checks for p in (c.ledger_place, c.archive_place or ""))
    if width < VERIFY_TABLE_WIDTH or width - places - 16 < VERIFY_WORDS:
        return Text("\n\n").join(_verify_record(c) for c in checks)
    table = _table()
    _column(table, "status", nowrap=True)
    _column(table, "quote", ratio=1)
    # Locations at their full width, on one line each, so a terminal can open them.
    table.add_column(Text("where"), no_wrap=True, overflow="fold")
    for c in checks:
        where = Text(c.ledger_place)
        if c.archive_place:
            where.append("\n" + c.archive_place)
        table.add_row(Text(c.status, style=_VERIFY_STYLE[c.status]), _verify_words(c), where)
    return table


def _verify_words(c: Check) -> Text:
    said = Text("“" + c.words + "”")
    s = c.statement
    about = f"{s.actor} · {s.claim} · {s.source}"
    if c.in_paraphrase:
        about += " · quoted in a paraphrase"
    if c.found > 1:
        about += f" · found {c.found} times"
    said.append("\n" + about, style="dim")
    for difference in c.differences:
        said.append("\n" + difference, style="red")
    if c.passage is not None:
        said.append("\narchive: “" + c.passage + "”")
    return said


def _verify_record(c: Check) -> Text:
    record = Text(c.status, style=_VERIFY_STYLE[c.status])
    record.append("  " + c.ledger_place)
    if c.archive_place:
        record.append("\n" + c.archive_place)
    record.append("\n")
    record.append_text(_verify_words(c))
    return record


# ----------------------------------------------------------------------- variants


def variants(found: Sequence[Variant], names: dict[str, str]) -> RenderableType:
    """Each pair of wordings side by side, the words only one has marked: ``[-...-]`` in
    the first, ``{+...+}`` in the second (and coloured when colour is on)."""
    table = _table()
    table.add_column(Text("wording"), ratio=1, overflow="fold")
    table.add_column(Text("other wording"), ratio=1, overflow="fold")
    for v in found:
        head = Text(f"{names.get(v.actor, v.actor)}  {v.date.isoformat()}  {v.stance.value}",
                    style="bold")
        head.append(f"\n{v.claim}", style="dim")
        table.add_row(head, Text(""))
        table.add_row(_marked(v.first_marked, v.first.sources, "red"),
                      _marked(v.second_marked, v.second.sources, "green"), end_section=True)
    return table


def _marked(words: str, sources: tuple[str, ...], style: str) -> Text:
    text = Text("“")
    for n, piece in enumerate(_MARKERS.split(words)):
        text.append(piece, style=style if n % 2 else "")
    text.append("”")
    text.append_text(_sources(sources))
    return text


_MARKERS = re.compile(r"(\[-.*?-\]|\{\+.*?\+\})")
