"""Tables at any width (issue 10, item 18): a word that fits its column is never broken,
no column vanishes without a word, no line is wider than the terminal; when the columns
cannot hold whole words, rows print as records (``field: value`` lines)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len

from helpers import FACTS, MINIMAL, kursk

Write = Callable[..., Path]
WIDTHS = (20, 40, 60, 100, 200)

#: A ledger of long words: a 31-character word in a claim, a 26-character name, a 45-
#: character id, a 52-character word in a quote (wider than a 40-column terminal).
LONG = """\
sources:
  - id: dispatch
    title: Evening dispatch
    published: 2025-05-02
actors:
  - id: regional-administration-of-the-northern-district
    name: Northernmostdistrictcouncil Administration
    affiliation: Northernmostdistrictcouncil
  - id: ministry
    name: Ministry of Transport
claims:
  - id: bridge-closed-for-counterintelligencechecks
    text: The river bridge was closed for counterintelligencescreenings overnight.
    topics: [infrastructure]
    statements:
      - actor: regional-administration-of-the-northern-district
        stance: asserts
        date: 2025-05-01
        source: dispatch
        quote: The crossing stays shut until inspectorsfinishtheirworkalongtheentirespan
      - actor: ministry
        stance: denies
        date: 2025-05-02
        source: dispatch
        paraphrase: Said the bridge had reopened to light vehicles by the morning.
"""


def _words(value: object) -> Iterator[str]:
    if isinstance(value, list):
        for item in value:
            yield from _words(item)
    elif value is not None:
        yield from str(value).split()


def _bare(word: str) -> str:
    """A word without the quotes and commas a view puts around values."""
    return word.strip("“”,")


def _check(args: list[str], fields: list[str], once: list[str], width: int,
           extra: list[str] | None = None) -> str:
    """Run a view at WIDTH; every word of FIELDS of each json row (of ONCE: of the first
    row), and of EXTRA, that is not wider than the terminal must appear whole in it."""
    table = kursk(args, COLUMNS=str(width))
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width, table.stdout
    rows = json.loads(kursk([*args, "-f", "json"]).stdout)
    wanted: Counter[str] = Counter()
    for index, row in enumerate(rows):
        for field in fields + (once if index == 0 else []):
            wanted.update(_bare(w) for w in _words(row[field]))
    wanted.update(_bare(w) for w in _words(extra or []))
    seen = Counter(_bare(w) for line in lines for w in line.split())
    missing = {w: n - seen[w] for w, n in wanted.items()
               if cell_len(w) <= width and seen[w] < n}
    assert not missing, (width, missing, table.stdout)
    return table.stdout


def _ledgers(write: Write) -> list[Path]:
    return [FACTS, write(LONG, "long.yaml")]


@pytest.mark.parametrize("width", WIDTHS)
def test_claims_at_any_width(write: Write, width: int) -> None:
    fields = ["id", "claim", "status", "asserted_by", "denied_by", "latest", "sources"]
    for path in _ledgers(write):
        for extra in ([], ["--disputed"]):
            _check(["claims", "-l", str(path), *extra], fields, [], width)


@pytest.mark.parametrize("width", WIDTHS)
def test_actor_at_any_width(write: Write, width: int) -> None:
    fields = ["date", "claim_id", "claim", "stance", "words", "source"]
    _check(["actor", "putin", "-l", str(FACTS)], fields, [], width)
    _check(["actor", "regional-administration-of-the-northern-district", "-l",
            str(write(LONG))], fields, [], width)


@pytest.mark.parametrize("width", WIDTHS)
def test_actors_at_any_width(write: Write, width: int) -> None:
    fields = ["id", "name", "affiliation", "asserts", "denies", "qualifies", "statements"]
    for path in _ledgers(write):
        _check(["actors", "-l", str(path)], fields, [], width)


@pytest.mark.parametrize("width", WIDTHS)
def test_show_at_any_width(write: Write, width: int) -> None:
    fields = ["actor", "date", "words", "source"]
    _check(["show", "kursk-encirclement", "-l", str(FACTS)], fields,
           ["claim_id", "claim", "status"], width)
    _check(["show", "bridge-closed-for-counterintelligencechecks", "-l", str(write(LONG))],
           fields, ["claim_id", "claim", "status"], width)


@pytest.mark.parametrize("width", WIDTHS)
def test_matrix_at_any_width(write: Write, width: int) -> None:
    for path in _ledgers(write):
        names = {a["id"]: a["name"] for a in json.loads(
            kursk(["actors", "-l", str(path), "-f", "json"]).stdout)}
        rows = json.loads(kursk(["matrix", "-l", str(path), "-f", "json"]).stdout)
        claims = [key for key in rows[0] if key != "actor_id"]
        result = kursk(["matrix", "-l", str(path)], COLUMNS=str(width))
        left_out = re.match(r"… (\d+) more claims? do(?:es)? not fit", result.stderr)
        shown = claims[: len(claims) - int(left_out.group(1))] if left_out else claims
        assert result.stderr == "" or left_out, result.stderr
        _check(["matrix", "-l", str(path)], [], [], width,
               extra=[names[r["actor_id"]] for r in rows] + shown)


def test_records_when_the_columns_cannot_hold_whole_words(write: Write) -> None:
    path = write(MINIMAL)
    result = kursk(["claims", "-l", str(path)], COLUMNS="40")
    assert result.stdout == (
        "claim: Ukrainian troops are encircled.\n"
        "id: encirclement\n"
        "status: disputed\n"
        "asserted by: Vladimir Putin\n"
        "denied by: General Staff of Ukraine\n"
        "latest: 2025-03-14\n"
        "src: 1\n")
    actors = kursk(["actors", "-l", str(path)], COLUMNS="40")
    assert actors.stdout == (
        "id: general-staff\nname: General Staff of Ukraine\naffiliation:\nasserts: 0\n"
        "denies: 1\nqualifies: 0\nstatements: 1\n\n"
        "id: putin\nname: Vladimir Putin\naffiliation:\nasserts: 1\ndenies: 0\n"
        "qualifies: 0\nstatements: 1\n")


def test_a_table_when_whole_words_fit(write: Write) -> None:
    result = kursk(["claims", "-l", str(write(MINIMAL))], COLUMNS="100")
    assert result.stdout == (
        "claim                             status     asserted by      denied by             "
        "latest       src\n"
        + "─" * 100 + "\n"
        "Ukrainian troops are encircled.   disputed   Vladimir Putin   General Staff of      "
        "2025-03-14     1\n"
        "encirclement                                                  Ukraine\n")


def test_a_matrix_as_records_when_not_one_claim_fits(write: Write) -> None:
    # Beside 'Northernmostdistrictcouncil' (27) no claim column fits in 28: records, each
    # claim by its id; an id wider than the terminal is the one thing folded.
    result = kursk(["matrix", "-l", str(write(LONG))], COLUMNS="28")
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == (
        "actor: Ministry of Transport\n"
        "bridge-closed-for-counterint\n"
        "elligencechecks: denies\n"
        "\n"
        "actor:\n"
        "Northernmostdistrictcouncil\n"
        "Administration\n"
        "bridge-closed-for-counterint\n"
        "elligencechecks: asserts\n", "")


# ------------------------------------------------------ 19: no trailing spaces


@pytest.mark.parametrize("args", [["claims"], ["actor", "putin"], ["actors"],
                                  ["show", "kursk-encirclement"], ["matrix"]])
def test_piped_tables_end_lines_without_spaces(args: list[str]) -> None:
    for width in (60, 100):
        result = kursk([*args, "-l", str(FACTS)], COLUMNS=str(width))
        assert result.exit_code == 0
        assert not re.search(r" $", result.stdout, re.M), result.stdout


def test_a_matrix_says_one_claim_in_the_singular() -> None:
    result = kursk(["matrix", "-l", str(FACTS)], COLUMNS="91")
    assert result.stderr == ("… 1 more claim does not fit the width; narrow with --topic or "
                             "--disputed, or use --format csv\n")
