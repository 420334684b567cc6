"""Claims over time: a claim's statements as lanes by date, every claim's status changes,
and reversals (an actor who asserted a claim and later denied it, or the reverse).

Pure: a ledger and a window in, rows out. The lane chart is laid out here for a given
width (which dates fall in which column); ``render`` only draws it.

A claim's status "after a date" counts every statement of the claim up to and including
that date, whatever the window shows: ``--actor``, ``--since`` and ``--until`` choose
what is shown, never what the status was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from kursk_cli.model import Actor, Claim, Ledger, Stance, Statement, Status, status_of
from kursk_cli.rows import SYMBOLS, Cell, Table

#: The claim's status after a column, in the chart's status row.
STATUS_MARKS = {Status.ASSERTED: "+", Status.DENIED: "-", Status.DISPUTED: "±",
                Status.QUALIFIED: "~"}

#: Drawn where an actor made no statement in a column.
EMPTY = "·"


@dataclass(frozen=True)
class Window:
    """What a timeline shows: one actor's statements (an id), and a range of dates."""

    actor: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def keeps_date(self, date: dt.date) -> bool:
        return ((self.since is None or date >= self.since)
                and (self.until is None or date <= self.until))

    def keeps(self, statement: Statement) -> bool:
        return ((self.actor is None or statement.actor == self.actor)
                and self.keeps_date(statement.date))


def _by_date(statements: Iterable[Statement]) -> list[Statement]:
    """Statements in date order; statements of one day keep the ledger's order."""
    return sorted(statements, key=lambda s: s.date)


def statuses(claim: Claim) -> list[tuple[dt.date, Status]]:
    """The claim's status after each date on which it has a statement, in date order."""
    asserted = denied = False
    after: dict[dt.date, Status] = {}
    for s in _by_date(claim.statements):
        asserted = asserted or s.stance is Stance.ASSERTS
        denied = denied or s.stance is Stance.DENIES
        after[s.date] = status_of(asserted, denied)
    return list(after.items())


def _words(s: Statement) -> tuple[str, str]:
    return s.words, "quote" if s.is_quote else "paraphrase"


# ----------------------------------------------------------------------- one claim

CLAIM_HEADERS = ("date", "actor_id", "actor", "stance", "status_after", "words", "quoted",
                 "source", "claim_id")


@dataclass(frozen=True)
class Lane:
    """One actor's statements on the claim, in date order."""

    actor: Actor
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class ClaimTimeline:
    """A claim's statements in date order, one lane per actor (in order of their first
    statement), and the claim's status after each date shown. ``before`` is the status
    just before the first date shown, when earlier statements exist."""

    claim: Claim
    lanes: tuple[Lane, ...]
    statuses: tuple[tuple[dt.date, Status], ...]
    before: Status | None
    table: Table
    noun: str = "statements"


def claim_timeline(ledger: Ledger, claim: Claim, window: Window) -> ClaimTimeline:
    """The timeline of CLAIM's ``same-as`` group (every member's statements, each row
    naming its own claim, and the group's status), as ``kursk show`` shows the group."""
    claim = ledger.grouped(claim)
    shown = [s for s in _by_date(claim.statements) if window.keeps(s)]
    after = statuses(claim)
    status_on = dict(after)
    lanes: dict[str, list[Statement]] = {}
    for s in shown:
        lanes.setdefault(s.actor, []).append(s)
    dates = {s.date for s in shown}
    first = min(dates, default=None)
    before = [status for date, status in after if first is not None and date < first]
    rows = tuple(
        (s.date.isoformat(), s.actor, ledger.actor_by_id[s.actor].name, s.stance.value,
         status_on[s.date].value, *_words(s), s.source, s.claim)
        for s in shown
    )
    return ClaimTimeline(
        claim,
        tuple(Lane(ledger.actor_by_id[a], tuple(ss)) for a, ss in lanes.items()),
        tuple((date, status) for date, status in after if date in dates),
        before[-1] if before else None,
        Table(CLAIM_HEADERS, rows),
    )


# ------------------------------------------------------------------ the lane chart


class Scale(str, Enum):
    """How much time one column of the chart covers."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


def period(date: dt.date, scale: Scale) -> dt.date:
    """The first day of the period (of ``scale``) that holds ``date``; weeks start on
    Monday, as ISO weeks do."""
    if scale is Scale.DAY:
        return date
    if scale is Scale.WEEK:
        return date - dt.timedelta(days=date.weekday())
    if scale is Scale.MONTH:
        return date.replace(day=1)
    return date.replace(month=1, day=1)


def _next(start: dt.date, scale: Scale) -> dt.date:
    """The start of the next period; past the last day of the calendar, the last day
    (no period can start there, so no column is made for it)."""
    try:
        if scale is Scale.DAY:
            return start + dt.timedelta(days=1)
        if scale is Scale.WEEK:
            return start + dt.timedelta(days=7)
        if scale is Scale.MONTH:
            return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return dt.date(start.year + 1, 1, 1)
    except (OverflowError, ValueError):
        return dt.date.max


def _count(first: dt.date, last: dt.date, scale: Scale) -> int:
    """How many columns run from the period of ``first`` to that of ``last``."""
    a, b = period(first, scale), period(last, scale)
    if scale is Scale.DAY:
        return (b - a).days + 1
    if scale is Scale.WEEK:
        return (b - a).days // 7 + 1
    if scale is Scale.MONTH:
        return (b.year - a.year) * 12 + b.month - a.month + 1
    return b.year - a.year + 1


def label(start: dt.date, scale: Scale) -> str:
    """A column's name: 2025-03-14, 2025-W11 (ISO week), 2025-03 or 2025."""
    if scale is Scale.DAY:
        return start.isoformat()
    if scale is Scale.WEEK:
        year, week, _day = start.isocalendar()
        return f"{year}-W{week:02d}"
    if scale is Scale.MONTH:
        return start.isoformat()[:7]
    return str(start.year)


def marks(stances: Iterable[Stance]) -> str:
    """One cell: the symbol of each stance taken, each once, in order of first use."""
    return "".join(SYMBOLS[s] for s in dict.fromkeys(stances))


#: Drawn for a column in which an actor took more than one stance, when the chart
#: would not fit the width with every symbol shown.
SEVERAL = "*"


@dataclass(frozen=True)
class Chart:
    """A lane chart laid out for a width: ``starts``, each lane's cells and ``status``
    have one item per column shown.

    ``pitch`` is the characters each column takes (its marks, then spaces); ``ruler``
    names the columns, each name starting above its column where it fits; ``hidden``
    counts the earliest columns left out when even one column per year does not fit;
    ``several`` says some cells show :data:`SEVERAL` for more than one stance."""

    scale: Scale
    starts: tuple[dt.date, ...]
    ruler: str
    lanes: tuple[tuple[str, tuple[str, ...]], ...]
    status: tuple[str, ...]
    pitch: int
    name_width: int
    hidden: int
    several: bool


def chart(timeline: ClaimTimeline, width: int) -> Chart:
    """Lay the timeline out in ``width`` characters: a name column, then one column per
    day if the days fit, else per week, per month or per year, the finest that fits.
    Within a scale, every symbol of a cell is shown if that fits, else :data:`SEVERAL`
    stands for more than one. Columns run without gaps from the first date shown to the
    last, so that distance across the chart is time."""
    names = [lane.actor.name for lane in timeline.lanes]
    longest = max(len(n) for n in [*names, "status"])
    name_width = min(longest, max(12, width // 3))
    room = max(1, width - name_width - 1)
    dates = [date for date, _status in timeline.statuses]
    first, last = dates[0], dates[-1]
    for scale in Scale:
        count = _count(first, last, scale)
        cells = _cells(timeline, scale)
        widest = max(len(c) for row in cells.values() for c in row.values())
        pitch = _pitch(count, widest, room)
        several = False
        if pitch is None and widest > 1:
            several, widest = True, 1
            pitch = _pitch(count, widest, room)
        if pitch is not None:
            break
    if pitch is None:  # not even the years fit: show the latest ones
        pitch = widest + 1
    shown = min(count, room // pitch) or 1
    starts = [period(first, scale)]
    for _ in range(count - 1):
        starts.append(_next(starts[-1], scale))
    starts = starts[count - shown:]
    names_of = [label(start, scale) for start in starts]
    if shown * (max(len(n) for n in names_of) + 1) <= room:
        pitch = max(len(n) for n in names_of) + 1  # room to name every column
    # Room the columns leave goes to the names, so that fewer are cut.
    name_width += max(0, min(room - shown * pitch, longest - name_width))
    room = width - name_width - 1
    lanes = tuple(
        (lane.actor.name,
         tuple(_shown(cells[lane.actor.id].get(start, ""), several) for start in starts))
        for lane in timeline.lanes
    )
    return Chart(scale, tuple(starts), _ruler(names_of, pitch, room), lanes,
                 _status_row(timeline, starts, scale), pitch, name_width, count - shown,
                 several)


def _pitch(count: int, widest: int, room: int) -> int | None:
    """Characters per column for ``count`` columns of ``widest`` marks in ``room``: a
    space between columns if that fits, none if marks are single and that fits."""
    gaps = (1, 0) if widest == 1 else (1,)
    return next((widest + gap for gap in gaps if count * (widest + gap) <= room), None)


def _shown(marks: str, several: bool) -> str:
    return SEVERAL if several and len(marks) > 1 else marks


def _cells(timeline: ClaimTimeline, scale: Scale) -> dict[str, dict[dt.date, str]]:
    """Each actor's marks, by the start of each period they made a statement in."""
    cells: dict[str, dict[dt.date, str]] = {}
    for lane in timeline.lanes:
        held: dict[dt.date, list[Stance]] = {}
        for s in lane.statements:
            held.setdefault(period(s.date, scale), []).append(s.stance)
        cells[lane.actor.id] = {start: marks(stances) for start, stances in held.items()}
    return cells


def _status_row(timeline: ClaimTimeline, starts: Sequence[dt.date],
                scale: Scale) -> tuple[str, ...]:
    """The claim's status at the end of each column's period (the first column holds
    the first date shown, so every column has one)."""
    row: list[str] = []
    known: Status | None = None
    pending = iter(timeline.statuses)
    upcoming = next(pending, None)
    for start in starts:
        end = _next(start, scale)
        while upcoming is not None and upcoming[0] < end:
            known = upcoming[1]
            upcoming = next(pending, None)
        row.append(STATUS_MARKS[known] if known is not None else "")
    return tuple(row)


def _ruler(names: Sequence[str], pitch: int, room: int) -> str:
    """The columns' names, each starting above its column, where it fits in ``room``
    without touching the name before."""
    ruler = ""
    for i, name in enumerate(names):
        at = i * pitch
        if at >= len(ruler) + (1 if ruler else 0) and at + len(name) <= room:
            ruler = ruler.ljust(at) + name
    return ruler


# --------------------------------------------------------------- every claim's status

CHANGE_HEADERS = ("date", "claim_id", "claim", "from_status", "to_status")


@dataclass(frozen=True)
class ChangesResult:
    """Every change of a claim's status, by date (the first status a claim takes is a
    change from nothing)."""

    table: Table
    noun: str = "status changes"


def changes(ledger: Ledger, window: Window) -> ChangesResult:
    """Status changes of every claim (the actor's claims, with ``window.actor``) dated
    within the window, by date, then claim id; a ``same-as`` group once, by its first
    claim, with the group's status."""
    rows: list[tuple[Cell, ...]] = []
    for claim in ledger.claims_once:
        if window.actor is not None and all(s.actor != window.actor
                                            for s in claim.statements):
            continue
        before: Status | None = None
        for date, status in statuses(claim):
            if status is not before and window.keeps_date(date):
                rows.append((date.isoformat(), claim.id, claim.text,
                             before.value if before is not None else None, status.value))
            before = status
    rows.sort(key=lambda row: (str(row[0]), str(row[1])))
    return ChangesResult(Table(CHANGE_HEADERS, tuple(rows)))


# ------------------------------------------------------------------------ reversals

REVERSAL_HEADERS = ("actor_id", "actor", "claim_id", "claim", "from_stance", "from_date",
                    "from_words", "from_quoted", "to_stance", "to_date", "to_words",
                    "to_quoted")


@dataclass(frozen=True)
class Reversal:
    """An actor's statement (``later``) that takes the opposite side from the one they
    last took on the claim (``earlier``)."""

    claim: Claim
    earlier: Statement
    later: Statement


def reversals_in(claim: Claim) -> list[Reversal]:
    """Every reversal on the claim, by date. A reversal is a statement that asserts a
    claim its actor denied on their last earlier day of asserting or denying it, or
    denies a claim they asserted then. Qualifying statements are passed over; statements
    on the same day are not ordered, so they never reverse each other; a day on which the
    actor both asserted and denied is reversed by neither stance."""
    found: list[Reversal] = []
    days: dict[str, dict[dt.date, list[Statement]]] = {}
    for s in _by_date(claim.statements):
        if s.stance is not Stance.QUALIFIES:
            days.setdefault(s.actor, {}).setdefault(s.date, []).append(s)
    for by_day in days.values():
        held: list[Statement] = []
        for said in by_day.values():
            # Only a stance the last day did not take reverses it: after a day of both
            # stances, neither does.
            taken = {s.stance for s in held}
            reversing = {s.stance: s for s in said if held and s.stance not in taken}
            found.extend(Reversal(claim, held[-1], s) for s in reversing.values())
            held = said
    return sorted(found, key=lambda r: (r.later.date, r.later.actor))


@dataclass(frozen=True)
class ReversalsResult:
    reversals: tuple[Reversal, ...]
    table: Table
    noun: str = "reversals"


def reversals(ledger: Ledger, claims: Sequence[Claim], window: Window) -> ReversalsResult:
    """The reversals on ``claims`` whose later statement the window keeps, by date; a
    claim of a ``same-as`` group as its group (once), as ``kursk show`` marks them."""
    groups = {ledger.group_of(c.id): ledger.grouped(c) for c in claims}
    found = sorted((r for c in groups.values() for r in reversals_in(c)
                    if window.keeps(r.later)),
                   key=lambda r: (r.later.date, r.claim.id, r.later.actor))
    rows = tuple(
        (r.later.actor, ledger.actor_by_id[r.later.actor].name, r.claim.id, r.claim.text,
         r.earlier.stance.value, r.earlier.date.isoformat(), *_words(r.earlier),
         r.later.stance.value, r.later.date.isoformat(), *_words(r.later))
        for r in found
    )
    return ReversalsResult(tuple(found), Table(REVERSAL_HEADERS, rows))
