"""Fold a reviewed draft into a ledger file's text, never re-serialising YAML.

Pure: the ledger file's text and the draft's text in, the merged text out, with, for every
line of it, where it came from (so that a problem found in the merged whole is reported
at its line of the draft). New sources, actors and claims go at the end of their
sections; new statements of a claim the file has go at the end of its statements. Every
other byte of the file stays as it was: comments, order, quoting, blank lines.

Both texts are read by their layout: a top-level key at the start of a line, each entry
of a section starting with ``- `` at one indentation (as ``kursk draft`` writes them and
as the shipped ledger is written). Whatever the layout does not settle is left to the
check of the merged whole, which the command runs before writing anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from kursk_cli.errors import Problem, close_matches, did_you_mean, printable
from kursk_cli.model import Claim, Ledger, Located

SECTIONS = ("sources", "actors", "claims")

#: Review hints that ``kursk draft`` writes; they are not carried into the ledger. What it
#: guessed of a statement (``# Guessed: ...``, above the statement) is no hint but a label,
#: and goes into the ledger with the statement, like any comment of the draft's.
_HINTS = re.compile(r"\s*# (?:New actor, first named on line|Existing claim: |kursk merge adds "
                    r"these statements|New claim: the sentence|The statements cite the "
                    r"ledger's source)")
_TOP = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(.*)$")
_ID = r"""id:[ \t]*(?:"([^"\\]*)"|'([^']*)'|([^\s#'"]+))[ \t]*(?:#.*)?$"""


class MergeRefused(Exception):
    """The draft cannot be merged; every problem found, located in the draft or ledger."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class Origin:
    """Where one line of the merged text came from: ``draft`` or not, its line there, and
    how many columns it moved right when re-indented."""

    draft: bool
    line: int
    shift: int = 0


@dataclass
class Merged:
    text: str
    origins: list[Origin]
    counts: dict[str, int] = field(default_factory=dict)
    #: What changed where: (offset in the ledger's text, characters removed there, text
    #: inserted there), in order; ``text`` is the ledger's text so edited (None: a layout
    #: where that does not hold, and a diff compares the whole).
    insertions: list[tuple[int, int, str]] | None = None

    def locate(self, problem: Problem, ledger_shown: str, draft_shown: str) -> Problem:
        """A problem of the merged text, placed in the draft or the ledger file."""
        if not problem.line or problem.line > len(self.origins):
            return Problem(ledger_shown, problem.line, problem.column, problem.message)
        origin = self.origins[problem.line - 1]

        def place(found: re.Match[str]) -> str:
            number = int(found.group(1))
            if not 0 < number <= len(self.origins):
                return found.group(0)
            other = self.origins[number - 1]
            where = draft_shown if other.draft else ledger_shown
            same = other.draft == origin.draft
            return f"line {other.line}" if same else f"line {other.line} of {where}"

        message = re.sub(r"\bline (\d+)\b", place, problem.message)
        if origin.draft:
            return Problem(draft_shown, origin.line, max(1, problem.column - origin.shift),
                           message)
        return Problem(ledger_shown, origin.line, problem.column, message)


@dataclass
class _Entry:
    first: int  # index of its first line
    end: int  # index after its last line that is not blank
    lines: list[str]


@dataclass
class _Section:
    key_line: int  # index of the "claims:" line
    end: int  # index after its last content line
    indent: int | None  # columns before the "- " of its entries
    entries: list[_Entry]
    inline: bool  # "claims: []" or another value on the key's line


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _comment_within(line: str, indent: int) -> bool:
    """A comment indented at least ``indent`` columns (and not at the left margin): it
    belongs to the list or entry above it, and what is added goes after it. (A line of a
    block scalar that starts with ``#`` is deeper than the list's ``- `` too: what is
    added never lands inside one.)"""
    return line.lstrip().startswith("#") and _indent(line) >= max(indent, 1)


def _before_headings(lines: list[str], end: int, indent: int) -> int:
    """``end`` moved above the comments at the list's own column (``indent``) right above
    the line at ``end``, when that line is one they head: a top-level key, or a key at
    their column (``  # the topics`` above ``  topics:``)."""
    if end >= len(lines) or not lines[end].strip() or lines[end].lstrip().startswith("#"):
        return end
    following = lines[end]
    if following.lstrip().startswith("-") or _indent(following) not in (0, indent):
        return end  # (the next entry of a list is not a key a comment heads)
    heading = end
    while (heading > 0 and lines[heading - 1].lstrip().startswith("#")
           and _indent(lines[heading - 1]) == indent):
        heading -= 1
    while heading < end and heading > 0 and not lines[heading - 1].strip():
        heading -= 1  # (and the blank lines that set them apart)
    return heading


def _sections(lines: list[str], shown: str, problems: list[Problem]) -> dict[str, _Section]:
    """Each top-level section of a file and its entries, by layout."""
    keys = [(i, m) for i, line in enumerate(lines)
            if line[:1] not in (" ", "\t", "#", "-", "") and (m := _TOP.match(line.rstrip()))]
    found: dict[str, _Section] = {}
    for n, (i, match) in enumerate(keys):
        name = match.group(1)
        limit = keys[n + 1][0] if n + 1 < len(keys) else len(lines)
        end = i + 1
        for j in range(i + 1, limit):
            if not _blank(lines[j]) and lines[j][:1] in (" ", "\t", "-"):
                end = j + 1
        value = re.sub(r"\s+#.*$", "", match.group(2)).strip()
        section = _Section(i, end, None, [], inline=bool(value))
        if name in SECTIONS and not value:
            starts = [j for j in range(i + 1, end) if re.match(r"[ ]*- ", lines[j])]
            if starts:
                indent = _indent(lines[starts[0]])
                starts = [j for j in starts if _indent(lines[j]) == indent]
                section.indent = indent
                for j in range(end, limit):  # comments closing the list stay above
                    if _comment_within(lines[j], indent):  # what is added to it
                        end = section.end = j + 1
                end = section.end = _before_headings(lines, end, indent)
                for k, j in enumerate(starts):
                    stop = starts[k + 1] if k + 1 < len(starts) else end
                    last = stop  # (an entry ends with the comments indented inside it)
                    while (last > j + 1 and _blank(lines[last - 1])
                           and not _comment_within(lines[last - 1], indent + 1)):
                        last -= 1
                    section.entries.append(_Entry(j, last, lines[j:last]))
        if name in SECTIONS:
            found[name] = section
    return found


def _entry_id(entry: _Entry, indent: int) -> str | None:
    for k, line in enumerate(entry.lines):
        body = line[indent + 2:] if k else line[indent:]
        found = re.match(r"(?:- )?" + _ID, body) if k == 0 else re.match(_ID, body)
        if found and (k == 0 or _indent(line) == indent + 2):
            return next(g for g in found.groups() if g is not None)
    return None


def _has_key(entry: _Entry, indent: int, key: str) -> int | None:
    """The index (in the entry) of the line holding ``key`` at the entry's top level."""
    for k, line in enumerate(entry.lines):
        if k == 0 and re.match(rf"[ ]{{{indent}}}- {key}:", line):
            return 0
        if k and _indent(line) == indent + 2 and re.match(rf"[ ]*{key}:", line):
            return k
    return None


def _statements_block(lines: list[str], start: int, stop: int, key_indent: int
                      ) -> tuple[int, int | None]:
    """Where a claim's statements end (index after the last content line), and the
    indentation of their ``- ``."""
    end, item = start + 1, None
    for j in range(start + 1, stop):
        line = lines[j]
        if _blank(line):
            if item is not None and _comment_within(line, item):
                end = j + 1  # a comment on the statements stays above the new ones
            continue
        if _indent(line) <= key_indent and not line.lstrip().startswith("- "):
            break
        if _indent(line) < key_indent:
            break
        if item is None and line.lstrip().startswith("- "):
            item = _indent(line)
        end = j + 1
    return (end if item is None else _before_headings(lines, end, item)), item


def _did_you_mean(claim_id: str, known: list[str]) -> str:
    close = close_matches(claim_id, known, n=3, cutoff=0.6)
    if close:
        return did_you_mean(close)
    return ("; give the claim a 'text' to add it as a new claim, or name a claim the "
            "ledger has")


def _key_block_length(lines: list[str], key_indent: int) -> int:
    """How many of ``lines`` (those after a key's line) belong to the key: up to the next
    key of the entry."""
    for j, line in enumerate(lines):
        if not _blank(line) and (_indent(line) < key_indent or (
                _indent(line) == key_indent and not line.lstrip().startswith("- "))):
            return j
    return len(lines)


def _statement_lines(entry: _Entry, at: int, indent: int) -> list[tuple[int, str]]:
    """The lines of a draft claim's ``statements`` block (its key on the entry's line
    ``at``), numbered as in the draft, without kursk's hints or trailing blank lines."""
    block = [(entry.first + k + 1, line) for k, line in
             enumerate(entry.lines[at + 1:], start=at + 1) if not _HINTS.match(line)]
    block = block[:_key_block_length([line for _n, line in block], indent + 2)]
    while block and not block[-1][1].strip():
        block.pop()
    return block


def _items(block: list[tuple[int, str]]) -> list[str]:
    """The first line of each item of a block list: the ``- `` lines as deep as its first
    (a deeper ``- `` is inside an item: a block scalar's line, a nested list)."""
    starts = [line for _n, line in block if line.lstrip().startswith("- ")]
    return [line for line in starts if _indent(line) == _indent(starts[0])]


_Insert = tuple[int, list[tuple[int, str]], int]


def _relations(entry: _Entry, at: int, indent: int, existing: _Entry, ledger_indent: int,
               ledger_lines: list[str], draft_shown: str, ledger_shown: str,
               problems: list[Problem]) -> tuple[_Insert, int] | None:
    """The relations a draft adds to a claim the ledger has: at the end of the claim's
    ``relations:`` list, or as a new ``relations:`` key above its statements; and how
    many."""
    claim_id = _entry_id(existing, ledger_indent)
    if re.sub(r"\s+#.*$", "", entry.lines[at].split(":", 1)[1]).strip():
        problems.append(Problem(draft_shown, entry.first + at + 1, 1,
                                f"write the relations of claim '{claim_id}' as a list, each "
                                "starting with '- ' on its own line, for kursk merge to add"))
        return None
    after = entry.lines[at + 1:]
    block = [(entry.first + k + 1, line) for k, line in
             enumerate(after[:_key_block_length(after, indent + 2)], start=at + 1)
             if not _HINTS.match(line)]
    while block and not block[-1][1].strip():
        block.pop()
    items = [line for _n, line in block if line.lstrip().startswith("- ")]
    if not items:
        problems.append(Problem(draft_shown, entry.first + at + 1, 1,
                                f"claim '{claim_id}' has no relations to add"))
        return None
    draft_item = _indent(items[0])
    key_indent = ledger_indent + 2
    held = _has_key(existing, ledger_indent, "relations")
    if held is not None:
        if re.sub(r"\s+#.*$", "", existing.lines[held].split(":", 1)[1]).strip():
            problems.append(Problem(
                ledger_shown, existing.first + held + 1, 1,
                f"the relations of claim '{claim_id}' are written on one line; write them as "
                "a list for kursk merge to add to, or add the draft's by hand"))
            return None
        end, item = _statements_block(ledger_lines, existing.first + held, existing.end,
                                      key_indent)
        shift = (item if item is not None else key_indent + 2) - draft_item
        lines = _shifted([line for _n, line in block], shift)
        return (end, list(zip([n for n, _l in block], lines, strict=True)), shift), len(items)
    statements = _has_key(existing, ledger_indent, "statements")
    before = existing.first + (statements if statements is not None else 1)
    shift = key_indent + 2 - draft_item
    lines = _shifted([line for _n, line in block], shift)
    return (before, [(entry.first + at + 1, " " * key_indent + "relations:"),
                     *zip([n for n, _l in block], lines, strict=True)], shift), len(items)


def _shifted(lines: list[str], shift: int) -> list[str]:
    if shift >= 0:
        return [(" " * shift + line) if line.strip() else line for line in lines]
    return [line[-shift:] if line[: -shift].strip() == "" else line.lstrip(" ")
            for line in lines]


def merge(ledger_text: str, draft_text: str, ledger_shown: str, draft_shown: str,
          elsewhere: Mapping[str, str] | None = None,
          wanted: Callable[[str, str | None], bool] | None = None) -> Merged:
    """The ledger text with the draft folded in, or :class:`MergeRefused`. ``elsewhere``:
    the file each claim of the rest of the ledger is in, to say where to merge instead.
    ``wanted``: which of the draft's entries this file takes, asked with the section
    (``statements`` for those of a claim the ledger has) and the claim's id (for a
    source or actor, None); by default, all."""
    newline = "\r\n" if "\r\n" in ledger_text else "\n"
    ledger_lines = ledger_text.split(newline)
    if ledger_lines and ledger_lines[-1] == "":
        ledger_lines.pop()
    draft_lines = draft_text.replace("\r\n", "\n").split("\n")
    problems: list[Problem] = []
    target = _sections(ledger_lines, ledger_shown, problems)
    given = _sections(draft_lines, draft_shown, problems)
    claims_section = target.get("claims")
    claim_at: dict[str, _Entry] = {}
    if claims_section is not None and claims_section.indent is not None:
        for entry in claims_section.entries:
            claim_id = _entry_id(entry, claims_section.indent)
            if claim_id is not None:
                claim_at.setdefault(claim_id, entry)
    # (index of the ledger line to insert before, draft lines as (draft line, text), shift)
    inserts: list[tuple[int, list[tuple[int, str]], int]] = []
    appended: dict[str, list[tuple[int, str]]] = {name: [] for name in SECTIONS}
    draft_indent = {name: 0 for name in SECTIONS}
    counts = {"sources": 0, "actors": 0, "claims": 0, "statements": 0, "relations": 0}
    for name in SECTIONS:
        section = given.get(name)
        if section is None or section.indent is None:
            if section is not None and section.inline and not re.match(
                    r"\[\s*\]$", re.sub(r"\s+#.*$", "", draft_lines[section.key_line]
                                        .split(":", 1)[1]).strip()):
                problems.append(Problem(draft_shown, section.key_line + 1, 1,
                                        f"write '{name}' as a list of entries, each "
                                        "starting with '- ' on its own line"))
            continue
        draft_indent[name] = section.indent
        for entry in section.entries:
            kept = [(entry.first + k + 1, line) for k, line in enumerate(entry.lines)
                    if not _HINTS.match(line)]
            if name != "claims":
                if wanted is not None and not wanted(name, None):
                    continue
                appended[name] += [(n, line[section.indent:] if line[:section.indent].strip()
                                    == "" else line) for n, line in kept]
                counts[name] += 1
                continue
            claim_id = _entry_id(entry, section.indent)
            has_text = _has_key(entry, section.indent, "text") is not None
            new = claim_id is None or has_text
            if wanted is not None and not wanted("claims" if new else "statements", claim_id):
                continue
            statements_line = _has_key(entry, section.indent, "statements")
            if claim_id is not None and not has_text and claim_id not in claim_at:
                held = (elsewhere or {}).get(claim_id)
                problems.append(Problem(
                    draft_shown, entry.first + 1, section.indent + 3,
                    f"claim '{claim_id}' is in {held}, not in {ledger_shown}; merge the "
                    f"draft with --into {held}" if held is not None else
                    f"claim '{claim_id}' is not in {ledger_shown}"
                    + _did_you_mean(claim_id, [*claim_at, *(elsewhere or {})])))
                continue
            if claim_id is None or has_text:
                appended["claims"] += [(n, line[section.indent:] if line[:section.indent]
                                        .strip() == "" else line) for n, line in kept]
                counts["claims"] += 1
                if statements_line is not None:
                    counts["statements"] += len(_items(_statement_lines(
                        entry, statements_line, section.indent)))
                continue
            relations_line = _has_key(entry, section.indent, "relations")
            if relations_line is not None:
                assert claims_section is not None and claims_section.indent is not None
                added = _relations(entry, relations_line, section.indent, claim_at[claim_id],
                                   claims_section.indent, ledger_lines, draft_shown,
                                   ledger_shown, problems)
                if added is not None:
                    inserts.append(added[0])
                    counts["relations"] += added[1]
                if statements_line is None:
                    continue
            if statements_line is None:
                problems.append(Problem(draft_shown, entry.first + 1, section.indent + 3,
                                        f"claim '{claim_id}' has no 'statements' to add"))
                continue
            block = _statement_lines(entry, statements_line, section.indent)
            items = _items(block)
            if not items:
                problems.append(Problem(draft_shown, entry.first + statements_line + 1, 1,
                                        f"claim '{claim_id}' has no statements to add"))
                continue
            draft_item = _indent(items[0])
            existing = claim_at[claim_id]
            assert claims_section is not None and claims_section.indent is not None
            key_indent = claims_section.indent + 2
            at = _has_key(existing, claims_section.indent, "statements")
            if at is None or re.sub(r"\s+#.*$", "", existing.lines[at].split(":", 1)[1]).strip():
                problems.append(Problem(
                    ledger_shown, existing.first + (at or 0) + 1, 1,
                    f"the statements of claim '{claim_id}' are not a block list kursk merge "
                    "can add to; add the statements by hand"))
                continue
            start = existing.first + at
            end, item = _statements_block(ledger_lines, start, existing.end, key_indent)
            shift = (item if item is not None else key_indent + 2) - draft_item
            inserts.append((end, [(n, line) for n, line in zip(
                [n for n, _l in block], _shifted([line for _n, line in block], shift),
                strict=True)], shift))
            counts["statements"] += len(items)
    tail: list[tuple[int, list[tuple[int, str]], int]] = []
    edits: dict[int, tuple[int, int]] = {}  # line index -> (column, characters removed)
    for name in SECTIONS:
        if not appended[name]:
            continue
        section = target.get(name)
        empty = None if section is None or not section.inline else re.match(
            r"([A-Za-z_][\w-]*[ \t]*:)([ \t]*\[[ \t]*\])", ledger_lines[section.key_line])
        if section is not None and empty is not None:  # "claims: []" becomes "claims:"
            edits[section.key_line] = (empty.end(1), len(empty.group(2)))
        elif section is not None and section.inline:
            problems.append(Problem(ledger_shown, section.key_line + 1, 1,
                                    f"the '{name}' section is written on one line; write it "
                                    "as a list of entries to merge into it"))
            continue
        indent = section.indent if section is not None and section.indent is not None else 2
        block = [(n, (" " * indent + line) if line.strip() else line)
                 for n, line in appended[name]]
        shift = indent - draft_indent[name]
        if section is None:
            tail.append((len(ledger_lines), [(0, f"{name}:"), *block], shift))
        else:
            inserts.append((section.end, block, shift))
    if problems:
        raise MergeRefused(sorted(set(problems)))
    inserts += tail
    inserts.sort(key=lambda item: item[0])
    out: list[str] = []
    origins: list[Origin] = []
    position = 0
    def edited(j: int) -> str:
        if j not in edits:
            return ledger_lines[j]
        column, removed = edits[j]
        return ledger_lines[j][:column] + ledger_lines[j][column + removed:]

    for at, block, shift in inserts:
        for j in range(position, at):
            out.append(edited(j))
            origins.append(Origin(False, j + 1))
        position = at
        for n, line in block:
            out.append(line)
            origins.append(Origin(True, n, shift) if n else Origin(True, 1))
    for j in range(position, len(ledger_lines)):
        out.append(edited(j))
        origins.append(Origin(False, j + 1))
    ending = newline if ledger_text.endswith("\n") or inserts else ""
    text = newline.join(out) + ending
    return Merged(text, origins, counts, _insertions(ledger_text, ledger_lines, newline,
                                                     inserts, edits, text))


def _insertions(ledger_text: str, ledger_lines: list[str], newline: str,
                inserts: list[tuple[int, list[tuple[int, str]], int]],
                edits: dict[int, tuple[int, int]], text: str
                ) -> list[tuple[int, int, str]] | None:
    """The merge as edits of the ledger's text: (offset, characters removed there, text
    inserted there), in order, for a diff of the places that changed; checked against
    the merged text itself (None where they do not give it)."""
    starts = [0]
    for line in ledger_lines:
        starts.append(starts[-1] + len(line) + len(newline))
    found: list[tuple[int, int, str]] = [
        (starts[j] + column, removed, "") for j, (column, removed) in edits.items()]
    broken = False  # (the line break a last line without one gains, once)
    for at, block, _shift in inserts:
        added = "".join(line + newline for _n, line in block)
        if starts[at] <= len(ledger_text):
            found.append((starts[at], 0, added))
        else:  # after a last line without a line break
            found.append((len(ledger_text), 0, ("" if broken else newline) + added))
            broken = True
    found.sort(key=lambda edit: (edit[0], -edit[1]))
    if _applied(ledger_text, found) + newline == text:  # the line break the file gains
        found.append((len(ledger_text), 0, newline))
    return found if _applied(ledger_text, found) == text else None


def _applied(text: str, edits: list[tuple[int, int, str]]) -> str:
    pieces, position = [], 0
    for offset, removed, added in edits:
        pieces += [text[position:offset], added]
        position = offset + removed
    pieces.append(text[position:])
    return "".join(pieces)


def altered(before: str, after: str, shown: str) -> list[Problem]:
    """What reads differently in the file ``shown`` after a merge (``after``) than before
    it, besides what was added: nothing, unless the file's layout misled the text
    insertion (a block scalar ending the file without a final line break gains one).
    Each is a problem at the entry's place before the merge. The file is compared alone,
    whether or not the ledger it belongs to is sound."""
    from kursk_cli import ledger
    from kursk_cli.diff import compare, statement_key

    def entries(text: str) -> Ledger:
        read = ledger.read(text.encode("utf-8"))
        read.placed_in(shown)
        return Ledger(read.sources, read.actors, read.claims)

    changes = compare(entries(before), entries(after))
    found = []

    def refuse(entry: Located, fields: tuple[str, ...], named: str) -> None:
        how = f"change the {', '.join(fields)} of" if fields else "remove"
        found.append(Problem(entry.file, *entry.where(), f"merging would {how} the "
                             f"{named}; add the draft's entries by hand"))

    for kind, part in (("source", changes.sources), ("actor", changes.actors),
                       ("claim", changes.claims)):
        for c in part.changed:
            if (isinstance(c.old, Claim) and isinstance(c.new, Claim)
                    and c.fields == ("relations",)
                    and c.new.relations[:len(c.old.relations)] == c.old.relations):
                continue  # relations added after those the claim had: what a draft may do
            refuse(c.old, c.fields, f"{kind} '{c.old.id}'")
        for e in part.removed:
            refuse(e, (), f"{kind} '{e.id}'")
    for said in changes.statements.changed:
        refuse(said.old, said.fields, f"statement {statement_key(said.old)}")
    for gone in changes.statements.removed:
        refuse(gone, (), f"statement {statement_key(gone)}")
    return found


def _lines(text: str) -> list[str]:
    """Lines as ``diff`` and ``patch`` count them: ended by a line feed alone (a
    carriage return, form feed or line separator is a character of the line)."""
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])


def unified_diff(before: str, after: str, shown: str,
                 insertions: list[tuple[int, int, str]] | None = None, context: int = 3
                 ) -> str:
    """The change as a unified diff, as ``diff -u`` would print it (what ``patch`` and
    ``git apply`` apply). With ``insertions`` (``after`` is ``before`` with each edit
    made: at an offset, characters removed and a text inserted), only the lines around
    them are compared: the time is that of reading the file once, however large."""
    name = printable(shown)
    old_lines = _lines(before)
    # Each change: (first old line, old lines replaced, new lines) in order.
    changes: list[tuple[int, int, list[str]]] = []
    if insertions is None:
        import difflib

        new_lines = _lines(after)
        matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        changes = [(i1, i2 - i1, new_lines[j1:j2])
                   for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    else:
        changes = _changes(before, old_lines, insertions)
    if not changes:
        return ""
    out = [f"--- a/{name}\n", f"+++ b/{name}\n"]
    k = 0
    shift = 0  # new lines minus old lines before the current hunk
    while k < len(changes):
        last = k  # changes closer than twice the context share a hunk
        while (last + 1 < len(changes) and changes[last + 1][0]
               - (changes[last][0] + changes[last][1]) <= 2 * context):
            last += 1
        start = max(0, changes[k][0] - context)
        stop = min(len(old_lines), changes[last][0] + changes[last][1] + context)
        body: list[str] = []
        position = start
        new_count = 0
        for first, count, added in changes[k:last + 1]:
            body += [" " + line for line in old_lines[position:first]]
            body += ["-" + line for line in old_lines[first:first + count]]
            body += ["+" + line for line in added]
            new_count += (first - position) + len(added)
            position = first + count
        body += [" " + line for line in old_lines[position:stop]]
        new_count += stop - position
        old_count = stop - start
        new_start = start + shift
        shift += new_count - old_count
        out.append(f"@@ -{_range(start, old_count)} +{_range(new_start, new_count)} @@\n")
        out += [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                for line in body]
        k = last + 1
    return "".join(out)


def _range(start: int, count: int) -> str:
    """A hunk's range as ``diff -u`` writes it: from 1, the count left out when 1, and
    an empty range named by the line before it."""
    first = start + 1 if count else start
    return f"{first}" if count == 1 else f"{first},{count}"


def _changes(before: str, old_lines: list[str], insertions: list[tuple[int, int, str]]
             ) -> list[tuple[int, int, list[str]]]:
    """The edits as changes of whole lines: text inserted where a line starts (or at the
    end of a file that ends with a line feed) and ending with a line feed adds lines;
    any other edit changes the line it falls in."""
    import bisect

    starts = [0]
    for old in old_lines:
        starts.append(starts[-1] + len(old))
    ended = not before or before.endswith("\n")
    added_at: dict[int, list[str]] = {}
    within: dict[int, list[tuple[int, int, str]]] = {}
    for offset, removed, added in insertions:
        line = bisect.bisect_right(starts, offset) - 1
        if not removed and starts[line] == offset and added.endswith("\n") and (
                line < len(old_lines) or ended):
            added_at.setdefault(line, []).extend(_lines(added))
        else:
            line = min(line, len(old_lines) - 1)
            within.setdefault(line, []).append((offset - starts[line], removed, added))
    changes: list[tuple[int, int, list[str]]] = []
    for line in sorted(added_at.keys() | within.keys()):
        if line in added_at:
            changes.append((line, 0, added_at[line]))
        if line in within:
            old, pieces, position = old_lines[line], [], 0
            for cut, removed, added in within[line]:
                pieces += [old[position:cut], added]
                position = cut + removed
            pieces.append(old[position:])
            changes.append((line, 1, _lines("".join(pieces))))
    return changes
