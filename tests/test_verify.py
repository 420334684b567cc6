"""kursk verify: each quote against the saved copy of the report it cites.

The reports in tests/data/verify and examples/ are written for these tests (an invented
town and people), each saved as plain text and as HTML.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import ROOT, kursk
from kursk_cli import verify

DATA = ROOT / "tests" / "data" / "verify"
EXAMPLES = ROOT / "examples"

#: Each quote of tests/data/verify/ledger.yaml: what it tests, its status, where it is in
#: the ledger, where in the text copy and in the HTML copy, how often it stands there,
#: and the differing words.
CASES = [
    ("verbatim", "verified", "23:16", "6:2", "13:11", 1, []),
    ("typographic quotes, across a line break", "verified", "28:16", "6:41", "13:55", 1, []),
    ("an ellipsis", "verified", "33:16", "6:2", "13:11", 1, []),
    ("words transposed", "differs", "38:16", "7:1", "13:93", 0,
     ["'family last' where the archive has 'last family'"]),
    ("no archive", "no archive", "43:16", None, None, 0, []),
    ("a bracketed insertion", "verified", "51:16", "9:6", "16:15", 1, []),
    ("quoted in a paraphrase", "verified", "56:21", "10:42", "17:65", 1, []),
    ("one word changed", "differs", "64:16", "12:49", "20:49", 0,
     ["'month' where the archive has 'week'"]),
    ("missing entirely", "not found", "69:16", None, None, 0, []),
    ("a typographic apostrophe", "verified", "77:16", "13:2", "21:11", 1, []),
    ("twice in the report", "verified", "82:16", "13:76", "22:8", 2, []),
]

SUMMARY = "11 quotes: 7 verified, 2 differ, 1 not found, 1 without an archive\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder holding the test reports, as the working folder."""
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("copy", ["txt", "html"])
def test_each_quote_against_a_text_and_an_html_copy(here: Path, copy: str) -> None:
    result = kursk(["verify", "-l", "ledger.yaml", "--archive-dir", copy, "--format", "json"])
    assert result.exit_code == 1, result.output
    assert result.stderr == SUMMARY
    found = json.loads(result.stdout)
    assert found["ok"] is False
    assert found["summary"] == SUMMARY.strip()
    assert found["problems"] == []
    archive = f"{copy}/report.{copy}"
    expected = [(status, f"ledger.yaml:{line}", place and f"{archive}:{place}", count, words)
                for _what, status, line, *places, count, words in CASES
                for place in [places[0] if copy == "txt" else places[1]]]
    assert [(q["status"], q["ledger_place"], q["archive_place"], q["found"], q["differences"])
            for q in found["quotes"]] == expected


def test_the_table_names_the_passage_and_the_differing_words(here: Path) -> None:
    result = kursk(["verify", "-l", "ledger.yaml", "--archive-dir", "txt"])
    assert result.exit_code == 1
    assert result.stderr == SUMMARY
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[:2] == [
        "status       quote                                                              where",
        "─" * 100,
    ]
    assert lines[2:17] == [
        "differs      “The buses will keep running until the family last has left”       "
        "ledger.yaml:38:16",
        "             keller · evacuation · report                                       "
        "txt/report.txt:7:1",
        "             'family last' where the archive has 'last family'",
        "             archive: “The buses will keep running until the last family has",
        "             left,”",
        "differs      “The water plant is out of service and repairs will take at        "
        "ledger.yaml:64:16",
        "             least a month”                                                     "
        "txt/report.txt:12:49",
        "             keller · water-plant-damaged · report",
        "             'month' where the archive has 'week'",
        "             archive: “The water plant is out of service and repairs will",
        "             take at least a week,”",
        "not found    “Repairs to the water plant have already begun.”                   "
        "ledger.yaml:69:16",
        "             keller · water-plant-damaged · report",
        "no archive   “Nobody will be left behind.”                                      "
        "ledger.yaml:43:16",
        "             keller · evacuation · radio-bulletin",
    ]
    assert lines[17].startswith("verified     “We will not abandon a single resident.”")
    assert "found 2 times" in result.stdout


def test_a_narrow_terminal_gets_one_record_per_quote(here: Path) -> None:
    result = kursk(["verify", "-l", "ledger.yaml", "--archive-dir", "txt", "--limit", "2"],
                   COLUMNS="60")
    assert result.stdout.splitlines()[:6] == [
        "differs  ledger.yaml:38:16",
        "txt/report.txt:7:1",
        "“The buses will keep running until the family last has left”",
        "keller · evacuation · report",
        "'family last' where the archive has 'last family'",
        "archive: “The buses will keep running until the last family",
    ]
    assert result.stdout.count("differs  ledger.yaml") == 2
    assert result.stderr == ("… 9 more quotes not shown; use --limit 0 to see all, or "
                             "--format json\n" + SUMMARY)


def test_locations_too_wide_for_a_table_give_records(here: Path) -> None:
    shutil.copytree(here / "txt", here / "saved-copies-of-the-reports-this-ledger-cites")
    result = kursk(["verify", "-l", "ledger.yaml", "--archive-dir",
                    "saved-copies-of-the-reports-this-ledger-cites"], COLUMNS="90")
    assert result.stdout.splitlines()[:2] == [
        "differs  ledger.yaml:38:16",
        "saved-copies-of-the-reports-this-ledger-cites/report.txt:7:1",
    ]


def test_all_verified_exits_0_and_strict_fails_on_a_quote_without_archive(here: Path) -> None:
    ledger = here / "ledger.yaml"
    text = ledger.read_text(encoding="utf-8")
    for wrong, right in [("until the family last has left", "until the last"),
                         ("a month", "a week"),
                         ("Repairs to the water plant have already begun.", "Every day")]:
        text = text.replace(wrong, right)
    ledger.write_text(text, encoding="utf-8")
    result = kursk(["verify", "-l", "ledger.yaml", "--archive-dir", "html"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "11 quotes: 10 verified, 1 without an archive\n"
    strict = kursk(["verify", "-l", "ledger.yaml", "--archive-dir", "html", "--strict"])
    assert strict.exit_code == 1
    assert strict.stdout == result.stdout
    assert strict.stderr == result.stderr


def test_without_any_archive_every_quote_is_without_one(here: Path) -> None:
    result = kursk(["verify", "-l", "ledger.yaml", "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr == "11 quotes: 11 without an archive\n"
    assert {q["status"] for q in json.loads(result.stdout)["quotes"]} == {"no archive"}


def test_an_archive_dir_that_is_not_a_folder_is_a_command_line_error(here: Path) -> None:
    result = kursk(["verify", "-l", "ledger.yaml", "--archive-dir", "nowhere"])
    assert result.exit_code == 2
    assert "'nowhere' does not exist" in result.stderr


# ---------------------------------------------------------------- the archive: key

LEDGER = """\
sources:
  - id: report
    title: Evacuation buses to run until last family leaves
    published: 2025-03-03
    archive: {archive}
actors:
  - id: keller
    name: Anna Keller
claims:
  - id: evacuation
    text: Evacuation buses will run until every resident has left Marivka.
    statements:
      - actor: keller
        stance: asserts
        date: 2025-03-03
        source: report
        quote: We will not abandon a single resident.
"""


def test_an_archive_key_is_relative_to_the_file_that_declares_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "wires" / "saved").mkdir(parents=True)
    shutil.copy(DATA / "html" / "report.html", tmp_path / "wires" / "saved" / "buses.html")
    (tmp_path / "wires" / "report.yaml").write_text(
        LEDGER.format(archive="saved/buses.html"), encoding="utf-8")
    (tmp_path / "main.yaml").write_text("include: [wires/report.yaml]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = kursk(["verify", "-l", "main.yaml", "--archive-dir", "."])
    assert result.exit_code == 0, result.output
    assert "wires/report.yaml:17:16" in result.stdout
    assert "wires/saved/buses.html:13:11" in result.stdout
    assert result.stderr == "1 quote: 1 verified\n"


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: None, "ledger.yaml:5:14: archive 'saved/report.txt' of source 'report': "
                     "no such file"),
    (lambda p: p.write_text("", encoding="utf-8"),
     "ledger.yaml:5:14: archive 'saved/report.txt' of source 'report': the file is empty"),
    (lambda p: p.write_bytes("Keller said “We will\n".encode() + b"not abandon \xe9a\n"),
     "saved/report.txt:2:13: not UTF-8 text (byte 0xe9 here); save it as UTF-8"),
    (lambda p: p.mkdir(),
     "ledger.yaml:5:14: archive 'saved/report.txt' of source 'report': this is a folder, "
     "not a saved report"),
], ids=["missing", "empty", "not-utf8", "folder"])
def test_an_archive_that_cannot_be_read_is_a_located_error(
        write: Callable[..., Path], make: Callable[[Path], object], message: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = write(LEDGER.format(archive="saved/report.txt"))
    (ledger.parent / "saved").mkdir()
    make(ledger.parent / "saved" / "report.txt")
    monkeypatch.chdir(ledger.parent)
    result = kursk(["verify", "-l", "ledger.yaml"])
    assert result.exit_code == 1
    assert result.stderr == f"{message}\n1 quote: 1 without an archive\n"
    assert "Traceback" not in result.output


def test_an_unreadable_copy_in_the_archive_dir_is_located_there(
        write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = write(LEDGER.replace("    archive: {archive}\n", ""))
    (ledger.parent / "copies").mkdir()
    (ledger.parent / "copies" / "report.md").write_text(" \n", encoding="utf-8")
    monkeypatch.chdir(ledger.parent)
    result = kursk(["verify", "-l", "ledger.yaml", "--archive-dir", "copies"])
    assert result.exit_code == 1
    assert result.stderr == ("copies/report.md: archive of source 'report': the file is "
                             "empty\n1 quote: 1 without an archive\n")


def test_a_markdown_copy_is_read_as_text(write: Callable[..., Path],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = write(LEDGER.replace("    archive: {archive}\n", ""))
    (ledger.parent / "copies").mkdir()
    (ledger.parent / "copies" / "report.md").write_text(
        "# Buses\n\n> We will not abandon a single resident.\n", encoding="utf-8")
    monkeypatch.chdir(ledger.parent)
    result = kursk(["verify", "-l", "ledger.yaml", "--archive-dir", "copies"])
    assert result.exit_code == 0
    assert "copies/report.md:3:3" in result.stdout


def test_hostile_text_in_an_archive_stays_inert(write: Callable[..., Path],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = write(LEDGER.format(archive="report.txt"))
    (ledger.parent / "report.txt").write_text(
        "Keller said: \x1b[2J“We will not [bold red]abandon[/] a single resident,”"
        "\x1b]8;;http://x\x07 she said.\n", encoding="utf-8")
    monkeypatch.chdir(ledger.parent)
    result = kursk(["verify", "-l", "ledger.yaml"], NO_COLOR="", TERM="xterm-256color")
    assert result.exit_code == 1
    assert "'abandon' where the archive has 'bold red]abandon[/'" in result.stdout
    assert "[bold red]abandon[/] a single" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    as_json = kursk(["verify", "-l", "ledger.yaml", "-f", "json"])
    assert "\x1b" not in as_json.stdout


# --------------------------------------------------------------- the shipped example


def test_the_example_wires_verify_but_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES)
    result = kursk(["verify", "-l", "wires.yaml", "-f", "json"])
    assert result.exit_code == 1
    assert result.stderr == "6 quotes: 5 verified, 1 differs\n"
    differs = [q for q in json.loads(result.stdout)["quotes"] if q["status"] == "differs"]
    assert [(q["ledger_place"], q["archive_place"], q["differences"]) for q in differs] == [
        ("wires.yaml:42:16", "archive/eastpress.html:11:72",
         ["'a week' where the archive has 'ten days'"])]


# ------------------------------------------------------------------- normalising

TYPESET = "ab .,-—–‐“”‘’\"' \u00a0\u00ad\u200b\n\t…xé"


@given(st.text(alphabet=st.sampled_from(TYPESET), max_size=40))
def test_normalised_text_points_back_at_the_characters_it_comes_from(text: str) -> None:
    normal, index = verify.normalise(text)
    assert len(index) == len(normal)
    assert list(index) == sorted(index)
    for char, at in zip(normal, index, strict=True):
        source = text[at]
        expected = {"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "‐": "-",
                    "…": "."}.get(source, " " if source.isspace() else source)
        assert char == expected, (text, normal, index)
    assert "  " not in normal and "\u00ad" not in normal and normal == normal.strip()
    assert verify.normalise(normal)[0] == normal  # normalising twice changes nothing


# ------------------------------------------------- an archive outside the ledger's folder

SECRET = "We will not abandon a single resident.\nPASSWORD=hunter2\n"
OUTSIDE = ("it is outside the folder of the ledger file that names it (symlinks followed); "
           "kursk reads nothing outside the ledger's folder")


@pytest.mark.parametrize("archive", ["../secret.env", "/proc/self/environ", "up/secret.env",
                                     "link.txt", "sub/../../secret.env"])
def test_an_archive_outside_the_ledgers_folder_is_a_problem_and_never_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, archive: str) -> None:
    (tmp_path / "secret.env").write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "ledger"
    folder.mkdir()
    (folder / "up").symlink_to("..")
    (folder / "link.txt").symlink_to(tmp_path / "secret.env")
    value = archive  # (as written in the ledger)
    (folder / "ledger.yaml").write_text(LEDGER.format(archive=value), encoding="utf-8")
    monkeypatch.chdir(folder)
    written = not (value.startswith("/") or "../" in value)  # (else the reader refuses it)
    said = (f"ledger.yaml:5:14: archive '{value}' of source 'report': {OUTSIDE}"
            if written else f"ledger.yaml:5:14: 'archive' must be a path inside this file's "
            f"folder, not '{value}'; kursk reads nothing outside the ledger's folder")
    for command in (["check"], ["verify"], ["verify", "--format", "json"]):
        result = kursk([*command, "-l", "ledger.yaml"])
        assert result.exit_code == 1, result.output
        assert "hunter2" not in result.output and "verified" not in result.output
        assert said in result.output.splitlines()
        if command == ["verify"] and written:
            assert result.stderr == f"{said}\n1 quote: 1 without an archive\n"


def test_a_copy_in_the_archive_dir_that_links_out_of_it_is_never_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "secret.env").write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "ledger"
    (folder / "copies").mkdir(parents=True)
    (folder / "copies" / "report.txt").symlink_to(tmp_path / "secret.env")
    (folder / "ledger.yaml").write_text(LEDGER.replace("    archive: {archive}\n", ""),
                                        encoding="utf-8")
    monkeypatch.chdir(folder)
    result = kursk(["verify", "-l", "ledger.yaml", "--archive-dir", "copies"])
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "copies/report.txt: archive of source 'report': it is outside the --archive-dir "
        "folder (symlinks followed); kursk reads nothing outside it\n"
        "1 quote: 1 without an archive\n")
    assert "hunter2" not in result.output


def test_an_archive_inside_the_folder_through_a_symlink_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "saved").mkdir()
    (tmp_path / "saved" / "copy.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "saved" / "copy.txt")
    (tmp_path / "ledger.yaml").write_text(LEDGER.format(archive="link.txt"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert kursk(["check", "-l", "ledger.yaml"]).exit_code == 0
    result = kursk(["verify", "-l", "ledger.yaml"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "1 quote: 1 verified\n"


# ------------------------------------------------------- text a browser does not show

QUOTE = "We will not abandon a single resident."


def _page_around(part: str) -> str:
    return (f"<html><head><title>{QUOTE}</title></head><body>\n<h1>Buses</h1>\n"
            f"<p>Keller spoke to the press on Monday.</p>\n{part}\n<p>Shown.</p>\n"
            "</body></html>\n")


@pytest.mark.parametrize("part", [
    f"<!-- {QUOTE}",  # a comment never closed: the rest of the page
    f"<!-- {QUOTE} -->",
    f"<script>'{QUOTE}'</script>",
    f"<style>/* {QUOTE} */</style>",
    f"<template><p>{QUOTE}</p></template>",
    f"<noscript>{QUOTE}</noscript>",
    f"<p hidden>{QUOTE}</p>",
    f'<div style="display: none">{QUOTE}</div>',
    f"<dialog>{QUOTE}</dialog>",
    f"<textarea hidden>{QUOTE}</textarea>",
    f"<p>{QUOTE}</p>",  # (shown: the one verified)
])
def test_a_quote_in_text_a_browser_does_not_show_is_not_verified(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: str) -> None:
    (tmp_path / "report.html").write_text(_page_around(part), encoding="utf-8")
    (tmp_path / "ledger.yaml").write_text(LEDGER.format(archive="report.html"),
                                          encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = kursk(["verify", "-l", "ledger.yaml", "--format", "json"])
    status = "verified" if part == f"<p>{QUOTE}</p>" else "not found"
    assert [q["status"] for q in json.loads(result.stdout)["quotes"]] == [status]
    assert result.exit_code == (0 if status == "verified" else 1), result.output
