"""One statement from several outlets: shown once with all its sources; and where the
outlets' wording differs, `kursk variants` and a line in `kursk show`.

examples/wires.yaml holds two wire reports of one day, written for the tour and these
tests: one quote both carry alike, one with a word changed, one with a sentence dropped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import ROOT, kursk

WIRES = str(ROOT / "examples" / "wires.yaml")


def test_show_prints_a_statement_several_sources_report_once() -> None:
    result = kursk(["show", "-l", WIRES, "marivka-water-plant-out"])
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[3:9] == [
        "asserts (3)" + " " * 66 + "denies (0)",
        "─" * 87,  # (as wide as the content needs, not stretched to 100)
        "Anna Keller  2025-03-03" + " " * 54 + "nobody",
        "“We will not abandon a single resident.”",
        "sources: northwire, eastpress",
        "",
    ]
    assert result.stdout.count("We will not abandon") == 1


def test_show_notes_each_wording_variant_under_the_statement() -> None:
    result = kursk(["show", "-l", WIRES, "marivka-water-plant-out"])
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[9:] == [
        "Anna Keller  2025-03-03",
        "“The water plant is out of service and repairs will take at least a week.”",
        "source: northwire",
        "wording differs in eastpress: 'action' for 'service'",
        "",
        "Anna Keller  2025-03-03",
        "“The water plant is out of action and repairs will take at least a week.”",
        "source: eastpress",
        "wording differs in northwire: 'service' for 'action'",
    ]


def test_the_actor_view_merges_too_and_exports_keep_every_statement() -> None:
    result = kursk(["actor", "-l", WIRES, "keller"])
    assert result.stdout.count("We will not abandon") == 1
    assert "sources: northwire, eastpress" in result.stdout
    as_csv = kursk(["actor", "-l", WIRES, "keller", "-f", "csv"])
    assert as_csv.stdout.count("We will not abandon") == 2
    exported = list(csv.DictReader(io.StringIO(kursk(["export", "-l", WIRES]).stdout)))
    assert sorted((row["actor_id"], row["source_id"]) for row in exported) == [
        ("keller", "eastpress"), ("keller", "eastpress"), ("keller", "northwire"),
        ("keller", "northwire"), ("varga", "eastpress"), ("varga", "northwire")]


def test_the_actor_view_counts_merged_rows_against_its_limit() -> None:
    result = kursk(["actor", "-l", WIRES, "keller", "--limit", "1"])
    assert result.stdout.count("Anna Keller") == 1
    assert result.stderr == ("… 2 more statements not shown; use --limit 0 to see all, or "
                             "--format csv\n")


def test_the_claims_view_counts_the_corroborating_sources() -> None:
    result = kursk(["claims", "-l", WIRES, "-f", "csv"])
    assert [row["sources"] for row in csv.DictReader(io.StringIO(result.stdout))] == ["2", "2"]


def test_variants_side_by_side_with_plain_markers() -> None:
    result = kursk(["variants", "-l", WIRES])
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "wording                                             other wording",
        "─" * 100,
        "Anna Keller  2025-03-03  asserts",
        "marivka-water-plant-out",
        "“The water plant is out of [-service-] and          "
        "“The water plant is out of {+action+} and",
        "repairs will take at least a week.”                 repairs will take at least a week.”",
        "source: northwire                                   source: eastpress",
        "",
        "Ilya Varga  2025-03-03  denies",
        "marivka-shelled-by-dravo",
        "“Our units did not fire on civilian areas at any    "
        "“Our units did not fire on civilian areas at any",
        "time. [-We respect the rules of war.-]”             time.”",
        "source: northwire                                   source: eastpress",
    ]


def test_variants_as_csv() -> None:
    result = kursk(["variants", "-l", WIRES, "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["first_sources"], r["first_words"], r["second_sources"], r["second_words"])
            for r in rows] == [
        ("northwire", "The water plant is out of [-service-] and repairs will take at least "
         "a week.", "eastpress", "The water plant is out of {+action+} and repairs will take "
         "at least a week."),
        ("northwire", "Our units did not fire on civilian areas at any time. [-We respect the "
         "rules of war.-]", "eastpress", "Our units did not fire on civilian areas at any time."),
    ]


TWO_OUTLETS = """\
sources:
  - id: wire-a
    title: Report A
    published: 2025-03-03
  - id: wire-b
    title: Report B
    published: 2025-03-03
actors:
  - id: keller
    name: Anna Keller
claims:
  - id: buses
    text: Evacuation buses will run until every resident has left.
    statements:
      - actor: keller
        stance: asserts
        date: 2025-03-03
        source: wire-a
        quote: {first}
      - actor: keller
        stance: {stance}
        date: 2025-03-03
        source: {source}
        quote: {second}
"""


@pytest.mark.parametrize(("first", "second", "stance", "source"), [
    ("We're not leaving anyone behind.", "We’re not leaving anyone behind.", "asserts",
     "wire-b"),
    ("The buses will keep running.", "The buses will keep running.", "asserts", "wire-b"),
    ("The buses will keep running.", "The buses will keep going.", "qualifies", "wire-b"),
    ("The buses will keep running.", "Our water supply is gone for the week.", "asserts",
     "wire-b"),
    ("The buses will keep running.", "The buses will keep going.", "asserts", "wire-a"),
], ids=["typographic-only", "same-words", "other-stance", "not-close", "one-source"])
def test_not_a_variant(write: Callable[..., Path], first: str, second: str,
                       stance: str, source: str) -> None:
    ledger = write(TWO_OUTLETS.format(first=first, second=second, stance=stance,
                                      source=source))
    result = kursk(["variants", "-l", str(ledger)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ("no wording variants: no two sources quote one statement in "
                             "different words\n")


def test_one_word_different_is_a_variant(write: Callable[..., Path]) -> None:
    ledger = write(TWO_OUTLETS.format(first="The buses will keep running.",
                                      second="The buses will keep going.",
                                      stance="asserts", source="wire-b"))
    result = kursk(["variants", "-l", str(ledger), "-f", "json"])
    assert '"first_words": "The buses will keep [-running.-]"' in result.stdout
    assert '"second_words": "The buses will keep {+going.+}"' in result.stdout


def test_the_same_words_typeset_differently_are_one_statement(
        write: Callable[..., Path]) -> None:
    ledger = write(TWO_OUTLETS.format(first="We're not leaving anyone behind.",
                                      second="We’re not leaving anyone behind.",
                                      stance="asserts", source="wire-b"))
    result = kursk(["show", "-l", str(ledger), "buses"])
    assert "sources: wire-a, wire-b" in result.stdout
    assert "not leaving" in result.stdout and result.stdout.count("not leaving") == 1
