"""Re-reading only the changed entries gives exactly what reading the whole file gives."""

from __future__ import annotations

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from helpers import FACTS, MINIMAL
from kursk_cli import cache, layout, query
from kursk_cli import ledger as reader
from kursk_cli.errors import Problem
from kursk_cli.ledger import Earlier
from kursk_cli.model import Ledger


def before_of(text: str) -> tuple[Earlier, cache.Seen]:
    """What the cache keeps of a whole read of ``text``: its entries by fingerprint, and
    its claims view."""
    data = text.encode()
    found = reader.load_bytes(data, "old.yaml")
    prints = reader.fingerprints(data, found)
    assert prints is not None
    seen = cache.Seen.of(found, query.claims(found, query.Filters()).table.rows)
    return {section: dict(zip(prints[section], getattr(found, section), strict=True))
            for section in layout.SECTIONS}, seen


def earlier_of(text: str) -> Earlier:
    return before_of(text)[0]


def raw(text: str) -> bytes:
    """The file's bytes; a lone surrogate "\\udcff" stands for the byte 0xff (not UTF-8)."""
    return text.encode("utf-8", "surrogateescape")


def whole(text: str) -> Ledger | None:
    return reader.check_bytes(raw(text), "l.yaml")[0]


def problems(text: str) -> list[Problem]:
    return reader.check_bytes(raw(text), "l.yaml")[1]


def test_an_appended_comment_reuses_every_entry_and_gives_the_same_ledger() -> None:
    text = FACTS.read_text(encoding="utf-8")
    before = earlier_of(text)
    result = reader.reread((text + "# edited\n").encode(), "l.yaml", before)
    assert result is not None and result.ledger is not None and result.problems == []
    found, prints = result.ledger, result.prints
    assert found == whole(text)
    reused = {id(entry) for entries in before.values() for entry in entries.values()}
    assert sum(id(c) in reused for c in found.claims) == len(found.claims) - 1  # the last
    assert prints == reader.fingerprints(text.encode() + b"# edited\n", found)


def test_an_edited_entry_is_read_again_and_the_rest_reused() -> None:
    edited = MINIMAL.replace("name: Vladimir Putin", "name: Vladimir V. Putin")
    before = earlier_of(MINIMAL)
    result = reader.reread(edited.encode(), "l.yaml", before)
    assert result is not None and result.ledger == whole(edited)
    assert result.ledger is not None and result.ledger.actors[0].name == "Vladimir V. Putin"
    assert result.ledger.claims[0] is next(iter(before["claims"].values()))


#: MINIMAL and three more claims, c0 to c2, each on its own lines.
THREE = MINIMAL + "".join(
    f"  - id: c{n}\n    text: Claim {n}.\n    statements:\n"
    "      - actor: putin\n        stance: asserts\n        date: 2025-03-13\n"
    f"        source: report\n        quote: words {n}\n" for n in range(3))


def _in(claim: str, old: str, new: str) -> tuple[str, str]:
    """An edit inside claim ``claim`` alone: the claim's text before and after it."""
    head = f"  - id: {claim}\n"
    body = THREE.split(head)[1].split("  - id: ")[0]
    assert old in head + body
    return head + body, (head + body).replace(old, new, 1)


@pytest.mark.parametrize("edits", [
    [_in("c1", "stance: asserts", "stance: assert")],                 # a field
    [_in("c1", "source: report", "source: nowhere")],                 # an unknown source
    [_in("c1", "stance: asserts", "stance: ass"),                     # two entries, both
     _in("c2", "quote: words 2", "quote: ''")],
    [_in("c0", "text: Claim 0.", "text: Same."),                      # same text, both new
     _in("c2", "text: Claim 2.", "text: Same.")],
    [_in("c0", "id: c0", "id: dup"), _in("c2", "id: c2", "id: dup")],  # duplicate, both new
    [_in("c1", "quote: words 1", "quote: &a words 1")],               # an anchor
    [_in("c1", "date: 2025-03-13", "date: 2025-03-15")],              # after its source
])
def test_problems_in_new_entries_alone_are_answered_as_a_whole_read_would(
        edits: list[tuple[str, str]]) -> None:
    edited = THREE
    for edit in edits:
        edited = edited.replace(*edit)
    result = reader.reread(edited.encode(), "l.yaml", earlier_of(THREE))
    assert problems(edited)  # (the edit did break the ledger)
    assert result is not None and result.ledger is None
    assert result.problems == problems(edited)


@pytest.mark.parametrize(("edit", "read"), [
    # c1 takes the id of the reused claim 'encirclement' (the edited entry starts with
    # that id now): read in the first round; both read in the second
    (_in("c1", "id: c1", "id: encirclement"), ["encirclement"] * 3),
    # c1 takes the text of 'encirclement': c1 read, then both
    (_in("c1", "text: Claim 1.", "text: Ukrainian troops are encircled."),
     ["c1", "encirclement", "c1"]),
    # the actor 'general-staff' removed: nothing new to read, then 'encirclement', the
    # one claim that names them
    (("  - id: general-staff\n    name: General Staff of Ukraine\n", ""), ["encirclement"]),
    # the source now published before every reused statement: then each claim is read
    (("published: 2025-03-14", "published: 2025-03-12"),
     ["report", "report", "encirclement", "c0", "c1", "c2"]),
])
def test_problems_that_point_at_reused_entries_have_those_entries_read_again(
        monkeypatch: pytest.MonkeyPatch, edit: tuple[str, str], read: list[str]) -> None:
    edited = THREE.replace(*edit)
    assert edited != THREE and problems(edited)
    before = earlier_of(THREE)
    ids: list[str] = []  # the id of each entry read, in the order read
    real = reader._read_entry

    def spy(entry: layout.Entry, *args: object) -> bool:
        ids.append(entry.text.split(b"\n")[0].decode().removeprefix("  - id: "))
        return real(entry, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "_read_entry", spy)
    result = reader.reread(edited.encode(), "l.yaml", before)
    assert result is not None and result.ledger is None
    assert result.problems == problems(edited)
    assert ids == read


def test_a_problem_pointing_at_most_entries_is_left_to_a_whole_read() -> None:
    # Every claim names putin: removing him would mean reading every claim again.
    many = THREE + "".join(
        f"  - id: m{n}\n    text: More {n}.\n    statements:\n"
        "      - actor: putin\n        stance: asserts\n        date: 2025-03-13\n"
        f"        source: report\n        quote: words {n}\n" for n in range(200))
    edited = many.replace("  - id: putin\n    name: Vladimir Putin\n    aliases: [Putin]\n",
                          "")
    assert edited != many and problems(edited)
    assert reader.reread(edited.encode(), "l.yaml", earlier_of(many)) is None


@pytest.mark.parametrize("edit", [
    _in("c1", "quote: words 1", 'quote: "words 1'),                   # not YAML on its own
    ("claims:\n", "claims:\n  - not an entry\n"),                      # not a mapping
    ("sources:\n", "version: 2\nsources:\n"),                           # the top level
])
def test_problems_a_re_read_cannot_place_are_left_to_a_whole_read(
        edit: tuple[str, str]) -> None:
    edited = THREE.replace(*edit)
    assert edited != THREE and problems(edited)
    assert reader.reread(edited.encode(), "l.yaml", earlier_of(THREE)) is None


def test_a_cut_inside_a_quoted_text_is_not_trusted() -> None:
    # The continuation line looks like a new entry; YAML reads it as part of the text.
    tricky = MINIMAL.replace("paraphrase: Reports of encirclement are false.",
                             'paraphrase: "Reports of\n  - id: fake\n   are false."')
    found = whole(tricky)
    assert found is not None
    assert found.claims[0].statements[1].paraphrase == "Reports of - id: fake are false."
    assert reader.reread(tricky.encode(), "l.yaml", earlier_of(MINIMAL)) is None
    assert reader.fingerprints(tricky.encode(), found) is None


@pytest.mark.parametrize("text", [
    "# \x07 before the first line\n" + MINIMAL,
    MINIMAL.replace("claims:\n", "claims:\n  # \x1b[2J between a key and its first entry\n"),
    "version: 1 # \udcff\n" + MINIMAL,
    "version: 1\n# \u2028 after the version\n" + MINIMAL,
    MINIMAL.replace("actors:\n", "# \x00 between sections\nactors:\n"),
    MINIMAL.replace("surrender or die", "surrender \x85 or die"),
])
def test_a_refused_character_anywhere_outside_reused_entries_declines(text: str) -> None:
    # A reused entry was checked with its file; everything else must be checked anew.
    assert layout.split(raw(text)) is not None
    assert reader.reread(raw(text), "l.yaml", earlier_of(MINIMAL)) is None
    assert whole(text) is None


@pytest.mark.parametrize("text", [
    MINIMAL.replace("\n", "\r"),                          # carriage returns alone
    MINIMAL.replace("Putin]", "Putin]\r\r"),              # CR CR LF: one alone
    MINIMAL.replace("A report", "A\rreport"),             # one inside a line
    MINIMAL.replace("  - id: putin", "\t- id: putin"),    # a tab at a line's start
    MINIMAL.replace("  - id: general-staff", " x\n  - id: general-staff"),  # less indented
    MINIMAL + "sources:\n  - id: again\n",                # a repeated section
    "---\n" + MINIMAL,                                    # a document marker
    "  " + MINIMAL,                                       # indented top level
    "version: |\n  1\n" + MINIMAL,                        # a version over two lines
    MINIMAL.replace("actors:\n", "actors: # none\nextra: 1\n"),  # an unknown key
    MINIMAL.replace("claims:\n", "claims:\n  -x\n"),      # '-x' is text, not an entry
    MINIMAL.replace("claims:\n", "claims:#x\n"),          # 'claims:#x' is text, not a key
    MINIMAL.replace("sources:\n", "sources:\n\n"),        # (control: plain, split)
])
def test_layouts_that_leave_doubt_are_not_split(text: str) -> None:
    plan = layout.split(text.encode())
    if text == MINIMAL.replace("sources:\n", "sources:\n\n"):
        assert plan is not None and len(plan.entries) == 4
    else:
        assert plan is None


@pytest.mark.parametrize("edit", [
    ("surrender or die", "surrender or else"),             # sound
    ("stance: denies", "stance: deny"),                    # a mistake, at its line
    ("id: general-staff", "id: staff"),                    # one in an entry not edited
])
def test_a_ledger_with_crlf_line_ends_is_re_read_too(edit: tuple[str, str]) -> None:
    windows = MINIMAL.replace("\n", "\r\n")
    plan = layout.split(windows.encode())
    assert plan is not None and len(plan.entries) == 4
    assert all(e.text.endswith(b"\r\n") for e in plan.entries)
    edited = windows.replace(*edit)
    result = reader.reread(edited.encode(), "l.yaml", earlier_of(windows))
    assert result is not None
    assert (result.ledger, result.problems) == (whole(edited), problems(edited))


def test_entries_at_column_zero_are_split_too() -> None:
    flush = MINIMAL.replace("\n  ", "\n")
    data = flush.encode()
    plan = layout.split(data)
    assert plan is not None
    assert [(e.section, data.count(b"\n", 0, e.start) + 1) for e in plan.entries] == [
        ("sources", 2), ("actors", 6), ("actors", 9), ("claims", 12)]
    assert all(data[e.start : e.start + len(e.text)] == e.text for e in plan.entries)
    assert b"".join(layout.outside(data, plan.entries)) == b"sources:\nactors:\nclaims:\n"
    result = reader.reread(flush.encode(), "l.yaml", earlier_of(MINIMAL))
    assert result is not None and result.ledger == whole(flush)


# -------------------------------------------------------- the property, on any edit

TRICKY_LINES = [
    "  - id: extra", "    name: Someone", "claims:", "actors:", "sources:", "version: 1",
    "claims:#x", "actors: #x", "sources:  # x",
    "version: 2", "version: 1 # c",
    '    text: "open', '"', "# a comment", "\t- x", "  -x", "- id: flush", "---", "",
    "      - actor: putin", "        stance: asserts", "        date: 2025-03-14",
    "        source: report", "        quote: words", "    aliases: &a [x]", "    role: *a",
    "    note: |", "      a block of text", "    topics: [kursk,", "      sumy]",
    "    title: !!str tagged", "  - id: report", "   - id: odd", "    text: 'single",
    "  ' and more'", "    published: 2025-03-15", "sources: []", "  # indented comment",
    # characters a whole read refuses wherever they are, comments included
    "# bell \x07", "    note: a\x85b", "  # \u2028", "# \udcff", "    name: \x1b[31mred",
]


TOP_LINES = ["version: 2", "version: 1", 'version: "1"', "version: '1.0'", "extra: 1",
             "version: 1 # c", "# comment", "", "sources: # again", "version: no",
             "# \x07", 'version: "\udcff"', "\udcff", "version: 1 # \x0c"]


@st.composite
def edits(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["insert", "delete", "copy", "change", "replace",
                                     "reword", "reword", "reword", "top"]))
        if kind == "insert":
            lines.insert(at, draw(st.sampled_from(TRICKY_LINES)))
        elif kind == "delete" and len(lines) > 1:
            del lines[at]
        elif kind == "copy":
            lines.insert(draw(st.integers(0, len(lines))), lines[at])
        elif kind == "change" and lines[at]:
            spot = draw(st.integers(0, len(lines[at]) - 1))
            lines[at] = lines[at][:spot] + draw(st.sampled_from(
                [" ", "-", ":", '"', "'", "#", "x", "2", "", "é"])) + lines[at][spot + 1:]
        elif kind == "replace":
            lines[at] = draw(st.sampled_from(TRICKY_LINES))
        elif kind == "top":  # the top level alone: entries stay reusable
            lines.insert(0, draw(st.sampled_from(TOP_LINES)))
        elif kind == "reword" and ": " in lines[at] and not lines[at].endswith(":"):
            lines[at] += draw(st.sampled_from([" more", "-2", "1", " é", " #x", " x: y"]))
    return "\n".join(lines)


BASES = [MINIMAL, FACTS.read_text(encoding="utf-8")]
BASES += [text.replace("\n", "\r\n") for text in BASES]  # the same with CRLF line ends
BEFORE = [before_of(text) for text in BASES]


@settings(max_examples=300)
@given(st.data())
def test_reread_gives_what_a_whole_read_gives(data: st.DataObject) -> None:
    which = data.draw(st.sampled_from(range(len(BASES))))
    edited = data.draw(edits(BASES[which]))
    earlier, seen = BEFORE[which]
    result = reader.reread(raw(edited), "l.yaml", earlier)
    found = whole(edited)
    answer = "declined" if result is None else "sound" if result.ledger else "refused"
    event(f"whole read {'sound' if found else 'refused'}, reread {answer}")
    if result is not None and result.ledger is None:
        assert result.problems == problems(edited), edited
    elif result is not None:
        assert found is not None, edited
        assert result.ledger == found, edited
        prints = reader.fingerprints(raw(edited), found)
        assert prints is None or prints == result.prints
        # The views made with the earlier version's rows are those made from scratch.
        assert cache.views(result.ledger, seen) == cache.views(found), edited


def test_a_ledger_mostly_new_is_left_to_a_whole_read() -> None:
    # Reading thousands of entries one by one is slower than one whole read.
    def claims(word: str) -> str:
        return MINIMAL + "".join(
            f"  - id: c{n}\n    text: {word} {n}.\n    statements:\n"
            "      - actor: putin\n        stance: asserts\n        date: 2025-03-13\n"
            "        source: report\n        quote: q\n" for n in range(300))

    before = earlier_of(claims("Old"))
    assert reader.reread(claims("New").encode(), "l.yaml", before) is None
    assert reader.reread((claims("Old") + "# x\n").encode(), "l.yaml", before) is not None
