"""A view's CSV is remembered as the text written, and text read back from the cache is
written only if it is CSV as kursk writes it: inert, formula-guarded, quoted."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_cache import Write, answer, entries, framed

from helpers import MINIMAL
from kursk_cli import csvsafe, export, query
from kursk_cli.errors import ACTIVE
from kursk_cli.rows import Table

QUOTED = MINIMAL.replace("text: Ukrainian troops are encircled.",
                         "text: 'Troops, \"encircled\", said so'")

VIEWS = [["claims", "-f", "csv"], ["claims", "--disputed", "-f", "csv"], ["actors", "-f", "csv"],
         ["actor", "putin", "-f", "csv"], ["show", "encirclement", "-f", "csv"],
         ["matrix", "-f", "csv"]]


@pytest.mark.parametrize("args", VIEWS, ids=[" ".join(a) for a in VIEWS])
def test_a_views_csv_is_served_from_the_cache_as_written(write: Write, private_cache: Path,
                                                         args: list[str]) -> None:
    path = write(QUOTED)
    cold = answer([*args, "-l", str(path), "--no-cache"])
    assert answer([*args, "-l", str(path)]) == cold
    [entry] = entries(private_cache, "csv")
    assert answer([*args, "-l", str(path)]) == cold
    assert entries(private_cache, "csv") == [entry]


#: Text as an attacker who can write the cache would seal into a CSV entry, and what it
#: would do if written.
FORGED = {
    "an escape that clears the screen": "id,claim\r\nencirclement,\x1b[2J\r\n",
    "a bidirectional override": "id,claim\r\nencirclement,gnp.\u202eexe\r\n",
    "a C1 control": "id,claim\r\nencirclement,\x9b31m\r\n",
    "a formula in a cell": "id,claim\r\nencirclement,=HYPERLINK(\"x\")\r\n",
    "a formula first in a row": "id,claim\r\n@SUM(A1)\r\n",
    "a formula first of all": "-2+3,claim\r\n",
    "a formula after a tab": "id,claim\r\nx,\tcmd\r\n",
    "a formula in a quoted cell": 'id,claim\r\nx,"=1,2"\r\n',
    "a formula hidden by a bare quote": 'id,claim\r\nx,a"b,=1\r\n',
    "a quoted cell closed early": 'id,claim\r\nx,"a"=1,b\r\n',
    "a quoted cell never closed": 'id,claim\r\nx,"a,b\r\n',
    "a line feed alone": "id,claim\r\nx,y\n=1,z\r\n",
    "a carriage return alone": "id,claim\r\nx,y\r=1,z\r\n",
    "a carriage return in a quoted cell": 'id,claim\r\nx,"y\r\n=1"\r\n',
    "no end to the last row": "id,claim\r\nx,y",
    "a NUL": "id,claim\r\nx,\x00\r\n",
    "a carriage return and a line feed apart": "id,claim\r\nx,safe\rLIES\ny,z\r\n",
    "a formula after a carriage return alone": "id,claim\r\nx,y\r=1+1\nz,w\r\n",
    "a row of fewer cells": "id,claim\r\nencirclement\r\n",
    "a row of more cells": 'id,claim\r\nx,y,"z,1"\r\n',
    "an empty row": "id,claim\r\nx,y\r\n\r\n",
}


@pytest.mark.parametrize("text", FORGED.values(), ids=list(FORGED))
def test_forged_csv_in_the_cache_is_never_written(write: Write, private_cache: Path,
                                                  text: str) -> None:
    path = write(QUOTED)
    args = ["claims", "-f", "csv", "-l", str(path)]
    expected = answer([*args, "--no-cache"])
    answer(args)
    [entry] = entries(private_cache, "csv")
    entry.write_bytes(framed(entry, text.encode("utf-8", "surrogatepass")))
    assert answer(args) == expected
    assert csvsafe.sound(text.encode("utf-8", "surrogatepass")) is None


def test_a_sealed_entry_of_sound_csv_is_written_as_it_is(write: Write,
                                                         private_cache: Path) -> None:
    """The other side of the check: text that keeps the promise is served (an entry forged
    whole, consistent with itself, can answer wrongly: docs/cache.md says so)."""
    path = write(QUOTED)
    args = ["claims", "-f", "csv", "-l", str(path)]
    answer(args)
    [entry] = entries(private_cache, "csv")
    text = (",".join(query.CLAIM_HEADERS) + '\r\nx,"a, ""b""",disputed,A,B,2025-03-14,1,\r\n')
    entry.write_bytes(framed(entry, text.encode()))
    code, out, err = answer(args)
    assert (code, out.replace("\r\n", "\n"), err) == (0, text.replace("\r\n", "\n"), "")


#: Sound CSV, but under headers no read of the view could write: of another view, or of
#: none.
OTHER_HEADERS = {"claims": (["claims", "-f", "csv"], "id,name\r\nx,y\r\n"),
                 "actors": (["actors", "-f", "csv"], ",".join(query.CLAIM_HEADERS) + "\r\n"),
                 "matrix": (["matrix", "-f", "csv"], "actor_idx,encirclement\r\nputin,'+\r\n"),
                 "show": (["show", "encirclement", "-f", "csv"], "x\r\n")}


@pytest.mark.parametrize("case", list(OTHER_HEADERS))
def test_sound_csv_under_headers_the_view_never_writes_is_not_served(
        write: Write, private_cache: Path, case: str) -> None:
    path = write(QUOTED)
    args, text = OTHER_HEADERS[case]
    args = [*args, "-l", str(path)]
    expected = answer([*args, "--no-cache"])
    answer(args)
    [entry] = entries(private_cache, "csv")
    assert csvsafe.sound(text.encode()) == text
    entry.write_bytes(framed(entry, text.encode()))
    assert answer(args) == expected


def test_every_character_that_could_act_is_refused_and_no_other() -> None:
    """Over every code point, in a cell: refused exactly where ``errors.ACTIVE`` would
    escape it, or where CSV gives it a meaning outside a quoted cell (a quote mark, a
    lone line break, a comma that makes the row wider than its header)."""
    wrong = [code for code in range(0x110000)
             if (csvsafe.sound(f"id\r\na{chr(code)}b\r\n".encode("utf-8", "surrogatepass"))
                 is None) != (ACTIVE.match(chr(code)) is not None or chr(code) in '",\r\n')]
    assert wrong == []


cells = st.one_of(st.none(), st.integers(-5, 5),
                  st.text(alphabet=st.sampled_from('ab ,"\'=+-@\t\r\n\x1b\u202e\x85é'),
                          max_size=8),
                  st.lists(st.text(alphabet="ab=-,\"", max_size=3), max_size=3).map(tuple))


@given(st.integers(1, 4).flatmap(lambda width: st.lists(
    st.tuples(*[cells] * width), min_size=1, max_size=5)))
def test_csv_as_written_is_sound(rows: list[tuple[object, ...]]) -> None:
    table = Table(tuple(f"h{n}" for n in range(len(rows[0]))), tuple(rows))  # type: ignore[arg-type]
    text = export.csv_text(table)
    assert csvsafe.sound(text.encode()) == text


#: Cells as a forger might write them, each as CSV text: those the writer could write,
#: and those it never does.
SOUND_CELLS = ["a", "", "'=1", '"a,b"', '"a""b"', '"a\nb"', "\u00e9"]
UNSOUND_CELLS = ['"\n"', "=1", "-1", "@x", "\tx", '"=1"', '"a', 'a"b', '"x"y', "\x1b",
                 "\u202e"]


def _rows(width: int) -> list[tuple[str, ...]]:
    fragments = SOUND_CELLS + UNSOUND_CELLS
    return [row for n in range(1, width + 1) for row in itertools.product(fragments, repeat=n)]


def test_text_is_sound_exactly_when_every_cell_is_and_then_reads_as_safe_cells() -> None:
    """Every text of one row of up to three such cells, or two rows of up to two: found
    sound exactly when each cell is one the writer could write and the rows are as wide,
    and then a CSV reader finds no cell that starts as a formula or holds a character
    that could act."""
    texts = [(",".join(row) + "\r\n", row, True) for row in _rows(3)]
    texts += [(",".join(one) + "\r\n" + ",".join(two) + "\r\n", one + two,
               len(one) == len(two)) for one, two in itertools.product(_rows(2), repeat=2)]
    accepted = 0
    for text, cells, even in texts:
        found = csvsafe.sound(text.encode())
        assert (found is not None) == (even and all(cell in SOUND_CELLS for cell in cells)), \
            text
        if found is None:
            continue
        accepted += 1
        for row in csv.reader(io.StringIO(found, newline=""), strict=True):
            for cell in row:
                assert not cell.startswith(csvsafe.FORMULA_STARTS), (text, cell)
                assert ACTIVE.search(cell) is None, (text, cell)
    assert 0.01 < accepted / len(texts) < 0.5


@pytest.mark.parametrize("args", VIEWS, ids=[" ".join(a) for a in VIEWS])
def test_sound_csv_under_the_views_own_headers_is_served(write: Write, private_cache: Path,
                                                         args: list[str]) -> None:
    """What the checks let through: text as each view writes it, a row added (so what is
    written is the entry's, not the view's)."""
    path = write(QUOTED)
    _code, cold, _err = answer([*args, "-l", str(path)])
    [entry] = entries(private_cache, "csv")
    header = cold.replace("\r\n", "\n").split("\n")[0]
    text = cold.replace("\n", "\r\n") if "\r\n" not in cold else cold
    text += ",".join(["x"] * (header.count(",") + 1)) + "\r\n"
    entry.write_bytes(framed(entry, text.encode()))
    assert answer([*args, "-l", str(path)]) == (0, text.replace("\r\n", "\n"), "")
