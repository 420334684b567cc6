"""Rich renderables for the terminal views. Builds and returns; never prints.

Ledger text always goes in as :class:`rich.text.Text`, never as markup, so ``[bold]``
or ``[link=...]`` in a quote prints as those characters.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from kursk_cli.diff import Diff, counts, statement_key
from kursk_cli.model import Actor, Source, Stance, Status
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
from kursk_cli.timeline import (
    EMPTY,
    SEVERAL,
    STATUS_MARKS,
    ChangesResult,
    Chart,
    ClaimTimeline,
    ReversalsResult,
)

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
    for date, claim_id, claim_text, stance, words, quoted, source in result.table.rows[:limit]:
        claim = cell(claim_text)
        claim.append(f"\n{claim_id}", style="dim")
        said = _words(str(words), quoted == "quote")
        said.append(f"\nsource: {source}", style="dim")
        table.add_row(cell(date), claim, cell(stance), said)
    return Group(header, table)


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
    for name, stance1, date1, stance2, date2 in result.reversals:
        parts.append(Text(f"reversal: {name} {stance1} on {date1}, {stance2} on {date2}"))
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
    for _side_name, _actor_id, name, date, _stance, words, quoted, source in rows:
        block = Text(str(name), style="bold")
        block.append(f"  {date}\n", style="dim")
        block.append_text(_words(str(words), quoted == "quote"))
        block.append(f"\nsource: {source}", style="dim")
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


# ----------------------------------------------------------------- claims over time

_MARK_STYLE = {"+": "cyan", "-": "magenta", "~": "yellow", "±": "bold magenta"}


def _mark(marks: str, pitch: int, empty: str) -> Text:
    """One cell of the lane chart, padded to the column's width; colour only adds to the
    symbols, which read the same without it."""
    text = Text()
    for symbol in marks or empty:
        text.append(symbol, style=_MARK_STYLE.get(symbol, "dim"))
    text.append(" " * (pitch - len(marks or empty)))
    return text


def _fit(name: str, width: int) -> Text:
    """A lane's name in exactly ``width`` terminal cells (wide characters counted as
    two), cut with an ellipsis when longer."""
    text = Text(name)
    text.truncate(width, overflow="ellipsis", pad=True)
    text.append(" ")
    return text


def timeline(result: ClaimTimeline, layout: Chart) -> RenderableType:
    """A claim's lane chart: a row per actor, a column per day, week, month or year,
    then the claim's status after each column, a legend and the status changes."""
    claim = result.claim
    first, last = result.statuses[0][0], result.statuses[-1][0]
    span = first.isoformat() if first == last else f"{first} to {last}"
    lines = [Text(claim.text, style="bold"),
             Text(f"{claim.id} · one column per {layout.scale.value} · {span}", style="dim"),
             Text("")]
    lines.append(Text(" " * (layout.name_width + 1) + layout.ruler, style="dim"))
    for name, cells in layout.lanes:
        lane = _fit(name, layout.name_width)
        for marks in cells:
            lane.append_text(_mark(marks, layout.pitch, EMPTY))
        lines.append(lane)
    status = _fit("status", layout.name_width)
    status.stylize("bold")
    for marks in layout.status:
        status.append_text(_mark(marks, layout.pitch, " "))
    lines.append(status)
    lines.append(Text(""))
    legend = "  ".join(f"{sym} {stance.value}" for stance, sym in SYMBOLS.items())
    several = f"  {SEVERAL} more than one" if layout.several else ""
    lines.append(Text(f"{legend}{several}  {EMPTY} no statement", style="dim"))
    lines.append(Text("status after each " + layout.scale.value + ": " + "  ".join(
        f"{sym} {status.value}" for status, sym in STATUS_MARKS.items()), style="dim"))
    steps = [f"{status.value} from {date}" for date, status in _status_steps(result)]
    if result.before is not None:
        steps.insert(0, f"{result.before.value} before {first}")
    lines.append(Text("status: " + ", then ".join(steps)))
    for line in lines[3: 5 + len(layout.lanes)]:
        line.no_wrap = True  # the chart's rows fit the width by construction
    return Group(*lines)


def _status_steps(result: ClaimTimeline) -> list[tuple[str, Status]]:
    """The dates shown on which the claim's status changed, and the status from then."""
    steps: list[tuple[str, Status]] = []
    held = result.before
    for date, status in result.statuses:
        if status is not held:
            steps.append((date.isoformat(), status))
        held = status
    return steps


def changes(result: ChangesResult, limit: int | None) -> RenderableType:
    table = _table()
    _column(table, "date", nowrap=True)
    _column(table, "claim", ratio=3)
    _column(table, "from")
    _column(table, "to")
    for date, ident, text, before, after in result.table.rows[:limit]:
        claim = cell(text)
        claim.append(f"\n{ident}", style="dim")
        table.add_row(cell(date), claim, cell(before or "·", "dim" if before else ""),
                      cell(after, _STATUS_STYLE.get(str(after), "")))
    return table


def _statement_words(stance: str, date: str, words: str, quoted: bool) -> Text:
    said = Text(f"{stance}  {date}\n", style="bold")
    said.append_text(_words(words, quoted))
    return said


def reversals(result: ReversalsResult, limit: int | None) -> RenderableType:
    table = _table()
    _column(table, "actor", ratio=2)
    _column(table, "claim", ratio=3)
    _column(table, "before", ratio=4)
    _column(table, "later", ratio=4)
    for row in result.table.rows[:limit]:
        (_actor_id, name, ident, text, stance1, date1, words1, quoted1,
         stance2, date2, words2, quoted2) = row
        claim = cell(text)
        claim.append(f"\n{ident}", style="dim")
        table.add_row(cell(name), claim,
                      _statement_words(str(stance1), str(date1), str(words1),
                                       quoted1 == "quote"),
                      _statement_words(str(stance2), str(date2), str(words2),
                                       quoted2 == "quote"))
    return table


# ---------------------------------------------------------------------------- diff


def diff(changes: Diff, old: str, new: str) -> RenderableType:
    """What changed between two versions, git style: ``+`` added, ``-`` removed,
    ``~`` changed, a heading per kind; ledger text and names inert."""
    lines = [Text(f"{old} → {new}", style="bold"), Text(counts(changes))]

    def section(title: str, sign: str, items: Sequence[Text]) -> None:
        if not items:
            return
        lines.extend([Text(""), Text(f"{title} ({len(items)})", style="bold")])
        for item in items:
            line = Text(f"  {sign} ", style=_MARK_STYLE.get(sign, ""))
            line.append_text(item)
            lines.append(line)

    def entry(ident: str, text: str, extra: str = "") -> Text:
        line = Text(ident, style="bold")
        line.append(f"  {text}")
        if extra:
            line.append(f"  {extra}", style="dim")
        return line

    section("claims added", "+", [entry(c.id, c.text, f"({c.status.value})")
                                  for c in changes.claims.added])
    section("claims removed", "-", [entry(c.id, c.text) for c in changes.claims.removed])
    section("claims changed", "~", [entry(c.new.id, ", ".join(c.fields))
                                    for c in changes.claims.changed])
    section("status changed", "~", [entry(s.claim.id, f"{s.old.value} -> {s.new.value}")
                                    for s in changes.statuses])
    section("statements added", "+", [Text(statement_key(s))
                                      for s in changes.statements.added])
    section("statements removed", "-", [Text(statement_key(s))
                                        for s in changes.statements.removed])
    section("statements changed", "~", [entry(statement_key(c.new), ", ".join(c.fields))
                                        for c in changes.statements.changed])
    for noun, part in (("actors", changes.actors), ("sources", changes.sources)):
        section(f"{noun} added", "+", [entry(e.id, _name(e)) for e in part.added])
        section(f"{noun} removed", "-", [entry(e.id, _name(e)) for e in part.removed])
        section(f"{noun} changed", "~", [entry(c.new.id, ", ".join(c.fields))
                                         for c in part.changed])
    return Group(*lines)


def _name(entry: Source | Actor) -> str:
    return entry.title if isinstance(entry, Source) else entry.name
