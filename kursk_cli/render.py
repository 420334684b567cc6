"""Rich renderables for the terminal views. Builds and returns; never prints.

Ledger text always goes in as :class:`rich.text.Text`, never as markup, so ``[bold]``
or ``[link=...]`` in a quote prints as those characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table as RichTable
from rich.text import Text

from kursk_cli.errors import ACTIVE, inert, printable
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

if TYPE_CHECKING:  # (imported where drawn: most commands draw neither)
    from kursk_cli.diff import Diff
    from kursk_cli.outlets import Variant
    from kursk_cli.timeline import ChangesResult, Chart, ClaimTimeline, ReversalsResult
    from kursk_cli.verify import Check

_STATUS_STYLE = {
    Status.DISPUTED.value: "bold magenta",
    Status.ASSERTED.value: "",
    Status.DENIED.value: "",
    Status.QUALIFIED.value: "",
}


class Inert:
    """A renderable drawn with every character of its text that could act on a terminal
    (an escape sequence's ESC, a right-to-left override) shown escaped, whatever the
    text's origin: Rich sends the text of its segments as it is."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            if segment.control or not ACTIVE.search(segment.text):
                yield segment
            else:
                yield Segment(inert(segment.text), segment.style)


def cell(value: Cell, style: str = "") -> Text:
    """Any ledger value as inert text."""
    if value is None:
        return Text("")
    if isinstance(value, tuple):
        return Text(", ".join(value), style=style)
    return Text(str(value), style=style)


#: Columns are three characters apart: padding, the (invisible) rule, padding.
_GAP = 3


class _Column(NamedTuple):
    """A table column: its header, its share of the spare width (0: never wider than its
    widest line), whether it holds numbers (aligned right), and the least width it gets
    (besides its longest word and its header, which it always gets)."""

    header: str
    ratio: int = 0
    right: bool = False
    least: int = 0


#: A row shown as a record: one (field, value) per line.
_Record = list[tuple[str, Text]]


def _longest_word(text: Text) -> int:
    return max((cell_len(word) for word in text.plain.split()), default=0)


def _widths(columns: Sequence[_Column], rows: Sequence[Sequence[Text]],
            width: int, fill: bool = True) -> list[int] | None:
    """Each column's width in a table WIDTH wide: at least its longest word (and its
    header), so that no word that can be whole is broken; None when the columns cannot
    all hold their words. Columns without a ratio get their widest line (they are short:
    a status, a date, a count); the others share the rest by ratio, each up to its widest
    line, and if FILL, what is still left over, to fill the width."""
    least, most = [], []
    for index, column in enumerate(columns):
        cells = [row[index] for row in rows]
        least.append(max([cell_len(column.header), column.least,
                          *(_longest_word(t) for t in cells)]))
        most.append(max([least[-1], *(cell_len(line) for t in cells
                                      for line in t.plain.split("\n"))]))
    room = width - _GAP * (len(columns) - 1)
    if sum(least) > room:
        return None
    widths = list(least)
    for index, column in enumerate(columns):
        if not column.ratio:
            widths[index] += min(most[index] - widths[index], room - sum(widths))
    flexible = [i for i, c in enumerate(columns) if c.ratio]
    ratios = [columns[i].ratio for i in flexible]
    share = room - sum(widths) + sum(least[i] for i in flexible)
    spread = _spread([least[i] for i in flexible], ratios, share, [most[i] for i in flexible])
    if fill:
        spread = _add(spread, ratios, share - sum(spread))
    for i, size in zip(flexible, spread, strict=True):
        widths[i] = size
    return widths


def _spread(least: list[int], ratios: list[int], total: int, most: list[int]) -> list[int]:
    """TOTAL shared by RATIOS, each share at least LEAST and at most MOST (the shares
    then add up to less than TOTAL)."""
    out = list(least)
    settled = [False] * len(least)
    while not all(settled):
        free = [i for i, done in enumerate(settled) if not done]
        left = total - sum(out[i] for i, done in enumerate(settled) if done)
        weight = sum(ratios[i] for i in free)
        low = [i for i in free if left * ratios[i] <= least[i] * weight]
        high = [i for i in free if left * ratios[i] >= most[i] * weight]
        for i in low or high:
            out[i] = least[i] if low else most[i]
            settled[i] = True
        if not (low or high):
            for i, size in zip(free, _add([0] * len(free), [ratios[i] for i in free], left),
                               strict=True):
                out[i] = size
            break
    return out


def _add(widths: list[int], ratios: list[int], extra: int) -> list[int]:
    """WIDTHS with EXTRA added by RATIOS (what rounding leaves, one each in order)."""
    if extra <= 0 or not widths:
        return widths
    weight = sum(ratios)
    added = [extra * r // weight for r in ratios]
    for i in range(extra - sum(added)):
        added[i % len(added)] += 1
    return [w + a for w, a in zip(widths, added, strict=True)]


def _grid(columns: Sequence[_Column], rows: Sequence[Sequence[Text]],
          width: int, fill: bool = True) -> RichTable | None:
    """The rows as a table WIDTH wide (at most, unless FILL) that breaks no word, or
    None when none can."""
    widths = _widths(columns, rows, width, fill)
    if widths is None:
        return None
    table = RichTable(box=box.SIMPLE_HEAD, header_style="bold", expand=False,
                      show_lines=False, pad_edge=False, show_edge=False)
    for column, size in zip(columns, widths, strict=True):
        table.add_column(Text(column.header), width=size, overflow="fold",
                         justify="right" if column.right else "left")
    for row in rows:
        table.add_row(*row)
    return table


def _records(records: Sequence[_Record]) -> RenderableType:
    """Rows as records, like psql's expanded display: a ``field: value`` line each, a
    blank line between rows. Fits any width (only a word wider than the whole width is
    folded)."""
    lines: list[Text] = []
    for number, record in enumerate(records):
        if number:
            lines.append(Text(""))
        for field, value in record:
            line = Text(f"{field}: ", style="bold")
            line.append_text(value)
            lines.append(line)
    return Group(*lines)


def _table_or_records(columns: Sequence[_Column], rows: Sequence[Sequence[Text]],
                      records: Sequence[_Record], width: int) -> RenderableType:
    table = _grid(columns, rows, width)
    return table if table is not None else _records(records)


_CLAIM_COLUMNS = (_Column("claim", 2), _Column("status"), _Column("asserted by", 1),
                  _Column("denied by", 1), _Column("latest"), _Column("src", right=True))


def claims(result: ClaimsResult, limit: int | None, width: int) -> RenderableType:
    rows, records = [], []
    for row in result.table.rows[:limit]:
        ident, text, status, asserted, denied, latest, sources = row
        claim = cell(text)
        claim.append(f"\n{ident}", style="dim")
        shown_status = cell(status, _STATUS_STYLE.get(str(status), ""))
        rows.append([claim, shown_status, cell(asserted), cell(denied), cell(latest),
                     cell(sources)])
        records.append([("claim", cell(text)), ("id", cell(ident)), ("status", shown_status),
                        ("asserted by", cell(asserted)), ("denied by", cell(denied)),
                        ("latest", cell(latest)), ("src", cell(sources))])
    return _table_or_records(_CLAIM_COLUMNS, rows, records, width)


_ACTOR_COLUMNS = (_Column("date"), _Column("claim", 2), _Column("stance"),
                  _Column("words", 3))


def actor(result: ActorResult, limit: int | None, width: int) -> RenderableType:
    who = result.actor
    header = Text(who.name, style="bold")
    details = [x for x in (who.role, who.affiliation) if x]
    if details:
        header.append(" — " + "; ".join(details))
    header.append(f"  ({who.id})", style="dim")
    rows, records = [], []
    for date, claim_id, claim_text, stance, words, quoted, sources in result.said[:limit]:
        claim = cell(claim_text)
        claim.append(f"\n{claim_id}", style="dim")
        said = _words(str(words), quoted == "quote")
        with_source = said.copy()
        with_source.append_text(_sources(sources))
        rows.append([cell(date), claim, cell(stance), with_source])
        records.append([("date", cell(date)), ("claim", cell(claim_text)),
                        ("claim id", cell(claim_id)), ("stance", cell(stance)),
                        ("words", said), *_source_fields(sources)])
    return Group(header, _table_or_records(_ACTOR_COLUMNS, rows, records, width))


def _sources(sources: Cell) -> Text:
    """``source: x``, or ``sources: x, y`` for a statement several sources report."""
    if isinstance(sources, tuple) and len(sources) > 1:
        return Text("\nsources: " + ", ".join(sources), style="dim")
    one = sources[0] if isinstance(sources, tuple) else sources
    return Text(f"\nsource: {one}", style="dim")


def _source_fields(sources: Cell) -> list[tuple[str, Text]]:
    """The record fields for ``_sources``: ``source`` or ``sources``."""
    if isinstance(sources, tuple) and len(sources) > 1:
        return [("sources", cell(", ".join(sources)))]
    return [("source", cell(sources[0] if isinstance(sources, tuple) else sources))]


def _words(words: str, quoted: bool) -> Text:
    if quoted:
        return Text("“" + words + "”")
    text = Text(words, style="italic")
    text.append(" (paraphrase)", style="dim")
    return text


_ACTORS_COLUMNS = (_Column("id", 2), _Column("name", 3), _Column("affiliation", 2),
                   *(_Column(h, right=True)
                     for h in ("asserts", "denies", "qualifies", "statements")))


def actors(result: ActorsResult, limit: int | None, width: int) -> RenderableType:
    rows = [[cell(v) for v in row] for row in result.table.rows[:limit]]
    records = [[(column.header, value) for column, value in zip(_ACTORS_COLUMNS, row,
                                                                  strict=True)]
               for row in rows]
    return _table_or_records(_ACTORS_COLUMNS, rows, records, width)


def show(result: ShowResult, width: int) -> RenderableType:
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
    parts.append(Text(""))
    asserts, denies, qualifies = (result.sides[s] for s in Stance)
    sides = _grid((_Column(f"asserts ({len(asserts)})", 1),
                   _Column(f"denies ({len(denies)})", 1)),
                  [[_side(asserts), _side(denies)]], width)
    others = _grid((_Column(f"qualifies ({len(qualifies)})", 1),),
                   [[_side(qualifies)]], width) if qualifies else None
    if sides is None or (qualifies and others is None):
        parts.append(_records([_statement_record(row) for side in (asserts, denies, qualifies)
                               for row in side]))
        return Group(*parts)
    parts.append(sides)
    if others is not None:
        parts += [Text(""), others]
    return Group(*parts)


def _statement_record(row: tuple[Cell, ...]) -> _Record:
    side, _actor_id, name, date, _stance, words, quoted, sources, notes = row
    return [("side", cell(side)), ("actor", cell(name)), ("date", cell(date)),
            ("words", _words(str(words), quoted == "quote")), *_source_fields(sources),
            *(("wording", cell(note)) for note in (notes if isinstance(notes, tuple) else ()))]


def _side(rows: Sequence[tuple[Cell, ...]]) -> Text:
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


def matrix(result: MatrixResult, width: int, limit: int | None) -> tuple[RenderableType, int]:
    """The stance matrix, with as many claim columns as the width holds beside the
    actors' names (never breaking a word of one); returns it and the number of claims
    left out for lack of room. When not even one claim fits, each actor as a record of
    their stances, which leaves none out."""
    people = list(zip(result.actors, result.cells, strict=True))[:limit]
    names = [Text(who.name) for who, _row in people]
    marks = [[Text(symbols(c) or "·") for c in row] for _who, row in people]
    # The most claims whose columns fit beside the actors' names: as wide as the longest
    # word of one, and a third of the width if the names need it.
    longest_name = max(cell_len(t.plain) for t in [Text("actor"), *names])
    name_width = max([min(longest_name, width // 3),
                      *(_longest_word(t) for t in [Text("actor"), *names])])
    room = width - name_width
    shown = 0
    for number in range(1, len(result.claims) + 1):
        room -= _GAP + max([len(str(number)), *(m[number - 1].cell_len for m in marks)])
        if room < 0:
            break
        shown = number
    if not shown:
        return _records([
            [("actor", name), *((c.id, Text(", ".join(s.value for s in cell_)))
                                for c, cell_ in zip(result.claims, row, strict=True) if cell_)]
            for name, (_who, row) in zip(names, people, strict=True)]), 0
    columns = (_Column("actor", 1, least=name_width),
               *(_Column(str(number)) for number in range(1, shown + 1)))
    rows = [[name, *mark[:shown]] for name, mark in zip(names, marks, strict=True)]
    table = _grid(columns, rows, width, fill=False)
    assert table is not None  # (the claims shown were chosen to fit)
    for column in table.columns[1:]:
        column.justify = "center"
    legend = Text("  ".join(f"{sym} {stance.value}" for stance, sym in SYMBOLS.items()))
    legend.append("  · no statement\n")
    key = Text("\n").join(Text(f"{n:>3}  {c.id}")
                          for n, c in enumerate(result.claims[:shown], start=1))
    return Group(table, Text(""), legend, key), len(result.claims) - shown


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
    from kursk_cli.timeline import EMPTY, SEVERAL, STATUS_MARKS

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


_CHANGE_COLUMNS = (_Column("date"), _Column("claim", 1), _Column("from"), _Column("to"))


def changes(result: ChangesResult, limit: int | None, width: int) -> RenderableType:
    rows, records = [], []
    for date, ident, text, before, after in result.table.rows[:limit]:
        claim = cell(text)
        claim.append(f"\n{ident}", style="dim")
        was = cell(before or "·", "" if before else "dim")
        now = cell(after, _STATUS_STYLE.get(str(after), ""))
        rows.append([cell(date), claim, was, now])
        records.append([("date", cell(date)), ("claim", cell(text)), ("id", cell(ident)),
                        ("from", was), ("to", now)])
    return _table_or_records(_CHANGE_COLUMNS, rows, records, width)


def _statement_words(stance: str, date: str, words: str, quoted: bool) -> Text:
    said = Text(f"{stance}  {date}\n", style="bold")
    said.append_text(_words(words, quoted))
    return said


_REVERSAL_COLUMNS = (_Column("actor", 2), _Column("claim", 3), _Column("before", 4),
                     _Column("later", 4))


def reversals(result: ReversalsResult, limit: int | None, width: int) -> RenderableType:
    rows, records = [], []
    for row in result.table.rows[:limit]:
        (_actor_id, name, ident, text, stance1, date1, words1, quoted1,
         stance2, date2, words2, quoted2) = row
        claim = cell(text)
        claim.append(f"\n{ident}", style="dim")
        before = _statement_words(str(stance1), str(date1), str(words1), quoted1 == "quote")
        later = _statement_words(str(stance2), str(date2), str(words2), quoted2 == "quote")
        rows.append([cell(name), claim, before, later])
        records.append([("actor", cell(name)), ("claim", cell(text)), ("id", cell(ident)),
                        ("before", before), ("later", later)])
    return _table_or_records(_REVERSAL_COLUMNS, rows, records, width)


# ---------------------------------------------------------------------------- diff


def diff(changes: Diff, old: str, new: str) -> RenderableType:
    """What changed between two versions, git style: ``+`` added, ``-`` removed,
    ``~`` changed, a heading per kind; ledger text and names inert."""
    from kursk_cli.diff import counts, statement_key

    lines = [Text(f"{printable(old)} → {printable(new)}", style="bold"),  # (file names)
             Text(counts(changes))]

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
# ------------------------------------------------------------------------- verify


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
