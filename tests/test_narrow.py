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

from helpers import FACTS, MINIMAL, ROOT, kursk

Write = Callable[..., Path]
WIDTHS = (20, 40, 60, 80, 100, 200)

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


_ID_PIECES = re.compile(r"[^-]*-|[^-]+")


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
    ids = {str(row[key]) for row in rows for key in ("id", "claim_id") if key in row}
    wanted: Counter[str] = Counter()
    for index, row in enumerate(rows):
        for field in fields + (once if index == 0 else []):
            wanted.update(_bare(w) for w in _words(row[field]))
    wanted.update(_bare(w) for w in _words(extra or []))
    seen = Counter(_bare(w) for line in lines for w in line.split())
    # An id may fold at its hyphens: then each of its pieces must be whole.
    pieces = Counter(p for w in seen.elements() for p in _ID_PIECES.findall(w))
    missing = {w: n - seen[w] for w, n in wanted.items()
               if cell_len(w) <= width and seen[w] < n
               and not (w in ids and all(pieces[p] >= n for p in _ID_PIECES.findall(w)))}
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
    actors = kursk(["actors", "-l", str(path)], COLUMNS="30")
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


# ------------------------------------------------- issue 19: the terminal


def _lines(args: list[str], width: int) -> list[str]:
    result = kursk(args, COLUMNS=str(width))
    assert result.exit_code == 0, result.output
    return [line.rstrip() for line in result.stdout.splitlines()]


def test_the_disputed_claims_are_a_table_at_80_columns_an_id_folded_at_its_hyphens() -> None:
    assert _lines(["claims", "--disputed", "-l", str(FACTS)], 80) == [
        "claim                    status     asserted by   denied by     latest       src",
        "─" * 80,
        "Ukrainian troops in      disputed   Vladimir      General       2025-03-14     1",
        "Russia's Kursk region               Putin,        Staff of",
        "are encircled by                    Donald        the Armed",
        "Russian forces.                     Trump         Forces of",
        "kursk-encirclement                                Ukraine",
        "Ukrainian troops in      disputed   Vladimir      Government    2025-03-14     1",
        "the Kursk region have               Putin         of Ukraine",
        "committed crimes",
        "against civilians.",
        "ukrainian-troops-",
        "crimes-against-",
        "civilians",
    ]


def test_the_disputed_claims_are_a_table_at_60_columns_the_date_and_sources_under_the_id(
) -> None:
    assert _lines(["claims", "--disputed", "-l", str(FACTS)], 60) == [
        "claim                    status     asserted by   denied by",
        "─" * 60,
        "Ukrainian troops in      disputed   Vladimir      General",
        "Russia's Kursk region               Putin,        Staff of",
        "are encircled by                    Donald        the Armed",
        "Russian forces.                     Trump         Forces of",
        "kursk-encirclement                                Ukraine",
        "latest 2025-03-14",
        "1 source",
        "Ukrainian troops in      disputed   Vladimir      Government",
        "the Kursk region have               Putin         of Ukraine",
        "committed crimes",
        "against civilians.",
        "ukrainian-troops-",
        "crimes-against-",
        "civilians",
        "latest 2025-03-14",
        "1 source",
    ]


@pytest.mark.parametrize("width", [58, 62, 65, 69, 70, 76, 77, 80, 100])
def test_the_disputed_claims_and_the_actors_are_tables_from_58_columns(width: int) -> None:
    for args in (["claims", "--disputed"], ["actors"]):
        lines = _lines([*args, "-l", str(FACTS)], width)
        assert lines[0].split()[0] in ("claim", "actor"), (width, lines)
        assert set(lines[1]) == {"─"} and len(lines[1]) <= width, (width, lines)
        assert max(map(len, lines)) <= width
    # Where the date shares a line with the count of sources, the line is whole.
    lines = _lines(["claims", "--disputed", "-l", str(FACTS)], width)
    assert "2025-03-14" in "\n".join(lines)
    assert not any(line.startswith(("latest", "1 source")) and line not in (
        "latest 2025-03-14", "1 source", "latest 2025-03-14, 1 source") for line in lines)


def test_the_disputed_claims_keep_a_legible_claim_column_and_the_date_beside_it_when_wide(
) -> None:
    narrow = _lines(["claims", "--disputed", "-l", str(FACTS)], 70)
    assert narrow[5:7] == ["forces.                                                  Ukraine",
                           "kursk-encirclement"], narrow
    assert narrow[7] == "latest 2025-03-14, 1 source"
    wide = _lines(["claims", "--disputed", "-l", str(FACTS)], 250)
    assert wide[0].split() == ["claim", "status", "asserted", "by", "denied", "by", "latest",
                               "src"]
    assert len(wide[1]) == max(map(len, wide)) < 200


def test_the_actors_are_a_table_at_80_columns_each_id_under_the_name() -> None:
    lines = _lines(["actors", "-l", str(FACTS)], 80)
    assert lines[:9] == [
        "actor                  affiliation     asserts   denies   qualifies   statements",
        "─" * 80,
        "Dmitry Medvedev        Russia                1        0           0            1",
        "medvedev",
        "Vladimir Putin         Russia                4        0           1            5",
        "putin",
        "Ministry of Defence    Russia                1        0           0            1",
        "of Russia",
        "russia-defence-",
    ]
    assert lines[9] == "ministry"


@pytest.mark.parametrize(("args", "width"), [(["claims", "--disputed"], 50), (["actors"], 40)])
def test_records_only_where_no_table_is_legible(args: list[str], width: int) -> None:
    assert _lines([*args, "-l", str(FACTS)], width)[0].startswith(("claim: ", "id: "))


def test_the_actors_counts_go_under_symbols_where_their_headers_do_not_fit() -> None:
    lines = _lines(["actors", "-l", str(FACTS)], 60)
    assert lines[:4] == [
        "actor                        affiliation     +   -   ~   all",
        "─" * 60,
        "Dmitry Medvedev              Russia          1   0   0     1",
        "medvedev",
    ]
    assert lines[-2:] == ["", "+ asserts   - denies   ~ qualifies   all: statements"]


def test_a_table_is_as_wide_as_its_content_on_a_wide_terminal(write: Write) -> None:
    path = str(write(MINIMAL))
    for args in (["claims"], ["actors"], ["show", "encirclement"], ["actor", "putin"],
                 ["variants", "-l", str(ROOT / "examples" / "wires.yaml")]):
        lines = _lines([*args, "-l", path] if args[0] != "variants" else args, 250)
        rule = next(line for line in lines if line.startswith("─"))
        assert len(rule) == max(map(len, lines)) < 200, (args, lines)


def _style_of(output: str, words: str) -> set[str]:
    """The SGR codes in force where WORDS are written in OUTPUT (a reset: none)."""
    codes = ""
    for part in re.split(r"(\x1b\[[0-9;]*m)", output):
        if part.startswith("\x1b["):
            codes = part[2:-1]
        elif words in part:
            return set(codes.split(";")) - {"0", ""}
    raise AssertionError(f"{words!r} not in {output!r}")


COLOUR = {"NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm-256color"}


def test_show_prints_names_bold_and_words_plain_on_a_colour_terminal() -> None:
    result = kursk(["show", "kursk-encirclement", "-l", str(FACTS)], **COLOUR)
    assert _style_of(result.stdout, "Vladimir Putin") == {"1"}
    assert _style_of(result.stdout, "The Ukrainians were") == {"3"}  # (a paraphrase)
    assert _style_of(result.stdout, "“Reports of the alleged") == set()


def test_reversals_print_the_stance_bold_and_the_words_plain(write: Write) -> None:
    path = write(MINIMAL + """\
      - actor: putin
        stance: denies
        date: 2025-03-14
        source: report
        quote: nobody is encircled
""")
    result = kursk(["timeline", "--reversals", "-l", str(path)], **COLOUR)
    assert result.exit_code == 0, result.output
    assert _style_of(result.stdout, "asserts  2025-03-13") == {"1"}
    assert _style_of(result.stdout, "“surrender or die”") == set()
    assert _style_of(result.stdout, "“nobody is encircled”") == set()


LONG_ID = MINIMAL.replace("id: encirclement", "id: ukrainian-troops-crimes-against-civilians")


def test_variants_never_break_a_claim_id_mid_word(write: Write) -> None:
    path = write(LONG_ID.replace("        quote: surrender or die\n", """\
        quote: surrender or die now
      - actor: putin
        stance: asserts
        date: 2025-03-13
        source: other
        quote: surrender or die today
""").replace("sources:\n", "sources:\n  - id: other\n    title: Other\n"
              "    published: 2025-03-14\n"))
    assert _lines(["variants", "-l", str(path)], 60)[3] == (
        "ukrainian-troops-crimes-against-civilians")
    lines = _lines(["variants", "-l", str(path)], 50)
    assert lines[2:6] == ["Vladimir Putin", "2025-03-13  asserts", "ukrainian-troops-crimes-",
                          "against-civilians"], lines


def test_verify_never_breaks_a_place(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder-with-a-rather-long-name"
    folder.mkdir()
    (folder / "archive").mkdir()
    (folder / "archive" / "report.txt").write_text("They said: surrender or die.\n")
    path = folder / "ledger.yaml"
    path.write_text(MINIMAL.replace("    published: 2025-03-14\n",
                                    "    published: 2025-03-14\n    archive: archive/report.txt\n"))
    result = kursk(["verify", "-l", str(path)], COLUMNS="40")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:3] == ["verified", f"{path}:20:16", f"{folder}/archive/report.txt:1:12"]


def test_the_show_header_keeps_id_with_its_value() -> None:
    lines = _lines(["show", "kursk-encirclement", "-l", str(FACTS)], 30)
    assert lines[3:6] == ["status: disputed", "id: kursk-encirclement",
                          "topics: kursk, encirclement"]


@pytest.mark.parametrize(("args", "header"), [
    (["actor", "putin"], "date         claim                   stance      words"),
    (["timeline"], "date         claim                                           from       to"),
])
def test_other_views_with_long_claim_ids_are_tables_at_80_columns(
        args: list[str], header: str) -> None:
    lines = _lines([*args, "-l", str(FACTS)], 80)
    assert header in lines[:2]


def test_a_verify_record_colours_the_status_alone() -> None:
    result = kursk(["verify", "-l", str(ROOT / "examples" / "wires.yaml")], COLUMNS="60",
                   **COLOUR)
    assert _style_of(result.stdout, "differs") == {"1", "31"}
    assert _style_of(result.stdout, "examples/wires.yaml:42:16") == set()


def test_records_and_diff_entries_style_their_labels_alone(write: Write) -> None:
    records = kursk(["claims", "-l", str(FACTS)], COLUMNS="50", **COLOUR)
    assert _style_of(records.stdout, "claim: ") == {"1"}
    assert _style_of(records.stdout, "Ukrainian troops in Russia's") == set()
    old = write(MINIMAL, "old.yaml")
    new = write(MINIMAL.replace("  - id: general-staff", "  - id: staff\n    name: Staff\n"
                                "  - id: general-staff"), "new.yaml")
    diff = kursk(["diff", str(old), str(new)], **COLOUR)
    assert _style_of(diff.stdout, "staff") == {"1"}
    assert _style_of(diff.stdout, "  Staff") == set()
