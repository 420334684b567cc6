"""Rich renderables for the terminal views. Builds and returns; never prints.

Ledger text always goes in as :class:`rich.text.Text`, never as markup, so ``[bold]``
or ``[link=...]`` in a quote prints as those characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table as RichTable
from rich.text import Text

from kursk_cli.errors import ACTIVE, inert, printable
from kursk_cli.model import Actor, Source, Stance, Status
from kursk_cli.query import (
    ActorResult,
    ActorsResult,
    ClaimsResult,
    MatrixResult,
    ShowResult,
)
from kursk_cli.rows import SYMBOLS, Cell, symbols

if TYPE_CHECKING:  # (imported where drawn: most commands draw neither)
    from kursk_cli.diff import Changed, Diff
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


def _lead(words: str, style: str) -> Text:
    """WORDS in STYLE, to be followed by text in its own style (a Text's own style would
    cover all that is appended to it)."""
    text = Text()
    text.append(words, style=style)
    return text


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


#: The pieces an id may fold into: each up to and with its hyphen.
_ID_PIECES = re.compile(r"[^-]*-|[^-]+")


def _least(text: Text, ids: frozenset[str]) -> int:
    """The narrowest a cell can be without breaking a word: its longest word, where a
    line that is one of IDS counts by its longest piece (an id may fold at its hyphens)."""
    return max((max(map(cell_len, _ID_PIECES.findall(line)), default=0)
                if line in ids else _longest_word(Text(line))
                for line in text.plain.split("\n")), default=0)


def _fold_ids(text: Text, width: int, ids: frozenset[str]) -> Text:
    """TEXT with each line that is one of IDS and wider than WIDTH folded after hyphens,
    as few times as the width allows."""
    lines = text.split("\n", allow_blank=True)
    if not any(line.plain in ids and cell_len(line.plain) > width for line in lines):
        return text
    folded: list[Text] = []
    for line in lines:
        if line.plain not in ids or cell_len(line.plain) <= width:
            folded.append(line)
            continue
        cuts, start, end = [], 0, 0
        for piece in _ID_PIECES.findall(line.plain):
            if end > start and cell_len(line.plain[start:end + len(piece)]) > width:
                cuts.append(end)
                start = end
            end += len(piece)
        folded.extend(line.divide(cuts))
    return Text("\n").join(folded)


def _widths(columns: Sequence[_Column], rows: Sequence[Sequence[Text]],
            width: int, fill: bool = False,
            ids: frozenset[str] = frozenset()) -> list[int] | None:
    """Each column's width in a table WIDTH wide: at least its longest word (and its
    header), so that no word that can be whole is broken (an id, a line of its own, may
    fold at its hyphens); None when the columns cannot all hold their words. Columns
    without a ratio get their widest line (they are short: a status, a date, a count);
    the others share the rest by ratio, each up to its widest line, and if FILL, what is
    still left over, to fill the width."""
    least, most = [], []
    for index, column in enumerate(columns):
        cells = [row[index] for row in rows]
        least.append(max([cell_len(column.header), column.least,
                          *(_least(t, ids) for t in cells)]))
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
          width: int, fill: bool = False,
          ids: frozenset[str] = frozenset()) -> RichTable | None:
    """The rows as a table at most WIDTH wide (as wide as its content needs, unless
    FILL) that breaks no word, IDS folded at their hyphens, or None when none can."""
    # An id folds only when the table cannot hold it whole.
    widths = _widths(columns, rows, width, fill) or _widths(columns, rows, width, fill, ids)
    if widths is None:
        return None
    table = RichTable(box=box.SIMPLE_HEAD, header_style="bold", expand=False,
                      show_lines=False, pad_edge=False, show_edge=False)
    for column, size in zip(columns, widths, strict=True):
        table.add_column(Text(column.header), width=size, overflow="fold",
                         justify="right" if column.right else "left")
    for row in rows:
        table.add_row(*(_fold_ids(text, size, ids) if ids else text
                        for text, size in zip(row, widths, strict=True)))
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
            line = _lead(f"{field}: ", "bold")
            line.append_text(value)
            lines.append(line)
    return Group(*lines)


def _table_or_records(columns: Sequence[_Column], rows: Sequence[Sequence[Text]],
                      records: Sequence[_Record], width: int,
                      ids: frozenset[str] = frozenset()) -> RenderableType:
    table = _grid(columns, rows, width, ids=ids)
    return table if table is not None else _records(records)


#: A claim's text is not squeezed narrower than this: below it a table is not legible.
_CLAIM_LEAST = 20
_CLAIM_COLUMNS = (_Column("claim", 2, least=_CLAIM_LEAST), _Column("status"),
                  _Column("asserted by", 1), _Column("denied by", 1), _Column("latest"),
                  _Column("src", right=True))
#: Where those do not fit: the latest date and the count of sources under the claim's id.
_CLAIM_COMPACT = (*_CLAIM_COLUMNS[:4],)


def claims(result: ClaimsResult, limit: int | None, width: int) -> RenderableType:
    """A row per claim, its id (and other wordings) under its text; where the columns do
    not fit, the latest date and the count of sources go under the id too; where even
    that table cannot hold whole words beside a legible claim column, records."""
    rows: list[list[Text]] = []
    compact: list[list[Text]] = []
    dated: list[tuple[str, str]] = []
    records: list[_Record] = []
    for row in result.table.rows[:limit]:
        ident, text, status, asserted, denied, latest, sources, also = row
        claim = cell(text)
        claim.append(f"\n{ident}", style="dim")
        for wording in also if isinstance(also, tuple) else ():
            claim.append("\nalso worded as: ", style="dim")
            claim.append(wording)
        shown_status = cell(status, _STATUS_STYLE.get(str(status), ""))
        rows.append([claim, shown_status, cell(asserted), cell(denied), cell(latest),
                     cell(sources)])
        compact.append([claim, shown_status, cell(asserted), cell(denied)])
        dated.append((cell(latest).plain, f"{sources} source" + "s" * (str(sources) != "1")))
        records.append([("claim", cell(text)), ("id", cell(ident)),
                        *(("also worded as", cell(w)) for w in
                          (also if isinstance(also, tuple) else ())),
                        ("status", shown_status),
                        ("asserted by", cell(asserted)), ("denied by", cell(denied)),
                        ("latest", cell(latest)), ("src", cell(sources))])
    ids = frozenset(str(row[0]) for row in result.table.rows[:limit])
    table = _grid(_CLAIM_COLUMNS, rows, width, ids=ids)
    if table is None:
        table = _compact(compact, dated, width, ids)
    return table if table is not None else _records(records)


def _compact(rows: list[list[Text]], dated: list[tuple[str, str]], width: int,
             ids: frozenset[str]) -> RichTable | None:
    """The claims without the latest and src columns: each claim's latest date and count
    of sources under its id, on one line where the column holds it, else on two (so
    that neither is parted from its label)."""
    def under(lines: int) -> list[list[Text]]:
        out = []
        for (claim, *rest), (latest, count) in zip(rows, dated, strict=True):
            claim = claim.copy()
            claim.append(f"\nlatest {latest}" + ("\n" if lines == 2 else ", ") + count,
                         style="dim")
            out.append([claim, *rest])
        return out

    table = _grid(_CLAIM_COMPACT, under(1), width, ids=ids)
    if table is None or all(cell_len(f"latest {a}, {b}") <= (table.columns[0].width or 0)
                            for a, b in dated):
        return table
    return _grid(_CLAIM_COMPACT, under(2), width, ids=ids)


_ACTOR_COLUMNS = (_Column("date"), _Column("claim", 2), _Column("stance"),
                  _Column("words", 3))


def actor(result: ActorResult, limit: int | None, width: int) -> RenderableType:
    who = result.actor
    header = _lead(who.name, "bold")
    details = [x for x in (who.role, who.affiliation) if x]
    if details:
        header.append(" — " + "; ".join(details))
    header.append(f"  ({who.id})", style="dim")
    rows, records = [], []
    originals = result.originals or (None,) * len(result.said)
    for (date, claim_id, claim_text, stance, words, quoted, sources, group), spoken in zip(
            result.said[:limit], originals, strict=False):
        claim = cell(claim_text)
        claim.append(f"\n{claim_id}", style="dim")
        if group != claim_id:
            claim.append(f"\nsame as {group}", style="dim")
        said = _words(str(words), quoted == "quote")
        if spoken is not None:
            said.append("\n" + spoken, style="yellow")
        with_source = said.copy()
        with_source.append_text(_sources(sources))
        rows.append([cell(date), claim, cell(stance), with_source])
        records.append([("date", cell(date)), ("claim", cell(claim_text)),
                        ("claim id", cell(claim_id)),
                        *((("same as", cell(group)),) if group != claim_id else ()),
                        ("stance", cell(stance)),
                        ("words", said), *_source_fields(sources)])
    ids = frozenset(str(row[1]) for row in result.said[:limit])
    return Group(header, _table_or_records(_ACTOR_COLUMNS, rows, records, width, ids))


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


_ACTORS_COLUMNS = (_Column("actor", 3), _Column("affiliation", 2),
                   *(_Column(h, right=True)
                     for h in ("asserts", "denies", "qualifies", "statements")))
_ACTORS_FIELDS = ("id", "name", "affiliation", "asserts", "denies", "qualifies", "statements")
#: Where the counts' headers do not fit, the matrix's symbols, with a legend.
_ACTORS_SHORT = (*_ACTORS_COLUMNS[:2],
                 *(_Column(h, right=True) for h in (*SYMBOLS.values(), "all")))


def actors(result: ActorsResult, limit: int | None, width: int) -> RenderableType:
    """A row per actor: the name with the id (and the Wikidata item) under it, as a
    claim's id is under its text, then the counts."""
    rows, records = [], []
    for ident, *values, wikidata in result.table.rows[:limit]:
        shown = [cell(v) for v in values]
        name = shown[0].copy()
        name.append(f"\n{ident}", style="dim")
        record = list(zip(_ACTORS_FIELDS, [cell(ident), *shown], strict=True))
        if wikidata is not None:
            name.append(f"\n{wikidata}", style="dim")
            record.append(("wikidata", cell(wikidata)))
        rows.append([name, *shown[1:]])
        records.append(record)
    ids = frozenset(str(row[0]) for row in result.table.rows[:limit])
    table = _grid(_ACTORS_COLUMNS, rows, width, ids=ids)
    if table is not None:
        return table
    short = _grid(_ACTORS_SHORT, rows, width, ids=ids)
    if short is None:
        return _records(records)
    legend = [Text(f"{sym} {stance.value}", style="dim") for stance, sym in SYMBOLS.items()]
    return Group(short, Text(""), _fields([*legend, Text("all: statements", style="dim")],
                                          width))


def show(result: ShowResult, width: int) -> RenderableType:
    claim = result.claim
    title = Text(claim.text, style="bold")
    status = Text("status: ")
    status.append(result.status.value, style=_STATUS_STYLE[result.status.value])
    fields = [status, Text(f"id: {claim.id}", style="dim")]
    if claim.topics:
        fields.append(Text("topics: " + ", ".join(claim.topics), style="dim"))
    parts: list[RenderableType] = [title, _fields(fields, width)]
    for name, stance1, date1, stance2, date2 in result.reversals:
        parts.append(Text(f"reversal: {name} {stance1} on {date1}, {stance2} on {date2}"))
    for ident, text in result.also:
        also = Text("also worded as: ")
        also.append(text)
        also.append(f"  ({ident})", style="dim")
        parts.append(also)
    for how, ident, text, other in result.related:
        line = Text(f"{how}: ")
        line.append(text)
        line.append(f"  ({ident}, ", style="dim")
        line.append(other, style=_STATUS_STYLE.get(other, ""))
        line.append(")", style="dim")
        parts.append(line)
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


def _fields(fields: Sequence[Text], width: int) -> Text:
    """``field: value`` pieces three spaces apart, a new line before a piece that would
    not fit, so that no field is parted from its value by the terminal's wrapping."""
    line = Text()
    used = 0
    for field in fields:
        size = field.cell_len
        if used and used + 3 + size > width:
            line.append("\n")
            used = 0
        elif used:
            line.append("   ")
            used += 3
        line.append_text(field)
        used += size
    return line


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
        block = Text()
        block.append(str(name), style="bold")  # (a Text's own style would cover the block)
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
    two), padded."""
    text = Text(name)
    text.truncate(width, overflow="ellipsis", pad=True)
    text.append(" ")
    return text


def _name_lines(name: str, width: int) -> list[str]:
    """A lane's name wrapped at its spaces to lines ``width`` cells wide at most; only a
    word wider than that is folded."""
    lines: list[str] = []
    line = ""
    for word in name.split():
        while cell_len(word) > width:
            if line:
                lines.append(line)
                line = ""
            cut = max([1, *(i for i in range(len(word)) if cell_len(word[:i]) <= width)])
            lines.append(word[:cut])
            word = word[cut:]
        if line and cell_len(line) + 1 + cell_len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line or not lines else lines


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
    chart = [Text(" " * (layout.name_width + 1) + layout.ruler, style="dim")]
    for name, cells in layout.lanes:
        top, *more = _name_lines(name, layout.name_width)
        lane = _fit(top, layout.name_width)
        for marks in cells:
            lane.append_text(_mark(marks, layout.pitch, EMPTY))
        chart += [lane, *(Text(line) for line in more)]
    status = _fit("status", layout.name_width)
    status.stylize("bold")
    for marks in layout.status:
        status.append_text(_mark(marks, layout.pitch, " "))
    chart.append(status)
    for line in chart:
        line.no_wrap = True  # the chart's rows fit the width by construction
    lines += chart
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
    ids = frozenset(str(row[1]) for row in result.table.rows[:limit])
    return _table_or_records(_CHANGE_COLUMNS, rows, records, width, ids)


def _statement_words(stance: str, date: str, words: str, quoted: bool) -> Text:
    said = Text()
    said.append(f"{stance}  {date}\n", style="bold")
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
    ids = frozenset(str(row[2]) for row in result.table.rows[:limit])
    return _table_or_records(_REVERSAL_COLUMNS, rows, records, width, ids)


# ---------------------------------------------------------------------------- diff


def diff(changes: Diff, old: str, new: str) -> RenderableType:
    """What changed between two versions, git style: ``+`` added, ``-`` removed,
    ``~`` changed, a heading per kind; ledger text and names inert."""
    from kursk_cli.diff import counts, statement_key

    lines: list[RenderableType] = [
        Text(f"{printable(old)} → {printable(new)}", style="bold"),  # (file names)
        Text(counts(changes))]

    def section(title: str, sign: str, items: Sequence[Text | tuple[Text, list[Text]]]
                ) -> None:
        if not items:
            return
        lines.extend([Text(""), Text(f"{title} ({len(items)})", style="bold")])
        for item in items:
            head, fields = item if isinstance(item, tuple) else (item, [])
            line = RichTable.grid()  # (an entry's lines wrap under its start)
            line.add_column(width=4, no_wrap=True)
            line.add_column()
            line.add_row(_lead(f"  {sign} ", _MARK_STYLE.get(sign, "")), head)
            lines.append(line)
            # (a field's lines wrap under its start, not at the left edge)
            lines.extend(Padding(field, (0, 0, 0, 6)) for field in fields)

    def entry(ident: str, text: str, extra: str = "") -> Text:
        line = _lead(ident, "bold")
        line.append(f"  {text}")
        if extra:
            line.append(f"  {extra}", style="dim")
        return line

    section("claims added", "+", [entry(c.id, c.text, f"({changes.status_of(c).value})")
                                  for c in changes.claims.added])
    section("claims removed", "-", [entry(c.id, c.text) for c in changes.claims.removed])
    section("claims changed", "~", [_changed(Text(c.new.id, style="bold"), c)
                                    for c in changes.claims.changed])
    section("status changed", "~", [entry(s.claim.id, f"{s.old.value} → {s.new.value}")
                                    for s in changes.statuses])
    section("statements added", "+", [Text(statement_key(s))
                                      for s in changes.statements.added])
    section("statements removed", "-", [Text(statement_key(s))
                                        for s in changes.statements.removed])
    section("statements changed", "~", [_changed(Text(statement_key(c.new)), c)
                                        for c in changes.statements.changed])
    for noun, part in (("actors", changes.actors), ("sources", changes.sources)):
        section(f"{noun} added", "+", [entry(e.id, _name(e)) for e in part.added])
        section(f"{noun} removed", "-", [entry(e.id, _name(e)) for e in part.removed])
        section(f"{noun} changed", "~", [_changed(Text(c.new.id, style="bold"), c)
                                         for c in part.changed])
    return Group(*lines)


def _changed(head: Text, change: Changed[Any]) -> tuple[Text, list[Text]]:
    """A changed entry: its name, and a line per changed field, ``field: old → new``,
    the words that differ marked (and coloured) as ``variants`` marks them."""
    from kursk_cli.diff import field_changes

    fields = []
    for field in field_changes(change):
        line = Text(f"{field.name}: ")
        line.append_text(_diff_value(field.old, "red"))
        line.append(" → ", style="dim")
        line.append_text(_diff_value(field.new, "green"))
        fields.append(line)
    return head, fields


def _diff_value(value: str | None, style: str) -> Text:
    if value is None:
        return Text("(none)", style="dim")
    text = Text()
    for n, piece in enumerate(_MARKERS.split(value)):
        text.append(piece, style=style if n % 2 else "")
    return text


def _name(entry: Source | Actor) -> str:
    return entry.title if isinstance(entry, Source) else entry.name
# ------------------------------------------------------------------------- verify


def _table(title: str | None = None) -> RichTable:
    return RichTable(
        title=Text(title, style="bold") if title else None,
        box=box.SIMPLE_HEAD,
        header_style="bold",
        expand=False,  # (as wide as the content needs, up to the width)
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
        lines: list[RenderableType] = []
        for c in checks:
            lines += [Text("")] * bool(lines) + _verify_record(c, width)
        return Group(*lines)
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
    about = f"{s.actor} · {s.claim} · {c.source}"
    if c.original and s.original is not None:
        about += f" · as spoken ({s.original.lang})"
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


def _verify_record(c: Check, width: int) -> list[Text]:
    """A quote checked, as lines: the status and the ledger's place on one line when they
    fit, else each on its own; a place is never broken (an editor must be able to open
    it), even where it is wider than the terminal."""
    status = Text()
    status.append(c.status, style=_VERIFY_STYLE[c.status])  # (the status alone)
    places = [Text(p) for p in (c.ledger_place, c.archive_place) if p]
    if cell_len(c.status) + 2 + places[0].cell_len <= width:
        status.append("  ")
        status.append_text(places.pop(0))
    lines = [status, *places]
    for line in lines:
        line.no_wrap, line.overflow = True, "ignore"
    return [*lines, _verify_words(c)]


# ----------------------------------------------------------------------- variants


_VARIANT_COLUMNS = (_Column("wording", 1), _Column("other wording", 1))


def variants(found: Sequence[Variant], names: dict[str, str], width: int) -> RenderableType:
    """Each pair of wordings side by side, the words only one has marked: ``[-...-]`` in
    the first, ``{+...+}`` in the second (and coloured when colour is on); one under the
    other when two columns cannot hold their words."""
    rows: list[list[Text]] = []
    records: list[_Record] = []
    for v in found:
        head = Text(f"{names.get(v.actor, v.actor)}  {v.date.isoformat()}  {v.stance.value}",
                    style="bold")
        head.append(f"\n{v.claim}", style="dim")
        first = _marked(v.first_marked, v.first.sources, "red")
        second = _marked(v.second_marked, v.second.sources, "green")
        rows += [[head, Text("")], [first, second]]
        records.append([("said", head), ("wording", first), ("other wording", second)])
    ids = frozenset(v.claim for v in found)
    table = _grid(_VARIANT_COLUMNS, rows, width, ids=ids)
    if table is None:
        return _records(records)
    for number in range(1, len(table.rows), 2):
        table.rows[number].end_section = True
    return table


def _marked(words: str, sources: tuple[str, ...], style: str) -> Text:
    text = Text("“")
    for n, piece in enumerate(_MARKERS.split(words)):
        text.append(piece, style=style if n % 2 else "")
    text.append("”")
    text.append_text(_sources(sources))
    return text


_MARKERS = re.compile(r"(\[-.*?-\]|\{\+.*?\+\})")
