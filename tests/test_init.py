"""A ledger of your own: kursk init, and which ledger a command finds from a folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import FACTS, MINIMAL, kursk

REPORT = """\
KYIV, March 14 (Reuters) - Talks would go on, a spokesman said on Thursday.
"We will not stop," said Dmitry Peskov, the Kremlin spokesman.
"""

NOTE = "no facts.yaml here or above; showing the example ledger; kursk init starts one\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_init_starts_a_ledger_that_every_step_works_with(here: Path) -> None:
    result = kursk(["init"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == ("wrote facts.yaml and ledger.schema.json; next: kursk draft "
                             "REPORT -o draft.yaml\n")
    text = (here / "facts.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=ledger.schema.json\n")
    assert "\nversion: 1\n" in text
    assert json.loads((here / "ledger.schema.json").read_text(encoding="utf-8")) == \
        json.loads(kursk(["schema"]).stdout)
    assert kursk(["check"]).output == \
        "facts.yaml: ok: 0 claims, 0 actors, 0 statements, 0 disputed\n"
    (here / "report.txt").write_text(REPORT, encoding="utf-8")
    drafted = kursk(["draft", "report.txt", "--published", "2025-03-14", "-o", "draft.yaml"])
    assert drafted.exit_code == 0, drafted.output
    merged = kursk(["merge", "draft.yaml"])
    assert merged.stderr.startswith("added 1 source, 1 actor, 1 claim, 1 statement to "
                                    "facts.yaml: ok"), merged.output
    assert kursk(["check"]).output == \
        "facts.yaml: ok: 1 claim, 1 actor, 1 statement, 0 disputed\n"


def test_the_commented_example_is_a_sound_ledger(here: Path) -> None:
    kursk(["init"])
    text = (here / "facts.yaml").read_text(encoding="utf-8")
    example = "".join(re.sub(r"^# ((?:  |sources|actors|claims).*)", r"\1", line)
                      for line in text.splitlines(keepends=True) if "[]" not in line)
    (here / "example.yaml").write_text(example, encoding="utf-8")
    assert kursk(["check", "-l", "example.yaml"]).output == \
        "example.yaml: ok: 1 claim, 1 actor, 1 statement, 0 disputed\n"


def test_init_never_writes_over_a_ledger(here: Path) -> None:
    (here / "facts.yaml").write_text(MINIMAL, encoding="utf-8")
    result = kursk(["init"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("kursk: facts.yaml already exists; kursk init never writes "
                             "over a ledger\n")
    assert (here / "facts.yaml").read_text(encoding="utf-8") == MINIMAL
    assert not (here / "ledger.schema.json").exists()


def test_init_into_a_folder_makes_it_and_keeps_a_schema_there(here: Path) -> None:
    (here / "mine").mkdir()
    (here / "mine" / "ledger.schema.json").write_text("{}", encoding="utf-8")
    result = kursk(["init", "mine"])
    assert result.stderr == "wrote mine/facts.yaml; next: kursk draft REPORT -o draft.yaml\n"
    assert (here / "mine" / "ledger.schema.json").read_text(encoding="utf-8") == "{}"
    made = kursk(["init", "new/ledger"])
    assert made.exit_code == 0, made.output
    assert (here / "new" / "ledger" / "facts.yaml").is_file()


def test_the_ledger_is_found_in_the_nearest_folder_above(
        here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (here / "facts.yaml").write_text(MINIMAL, encoding="utf-8")
    deep = here / "notes" / "march"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = kursk(["check"])
    assert (result.exit_code, result.output) == (
        0, "../../facts.yaml: ok: 1 claim, 2 actors, 2 statements, 1 disputed\n")
    claims = kursk(["claims", "-f", "csv"])
    assert (claims.exit_code, claims.stderr) == (0, "")
    assert "encirclement" in claims.stdout


def test_inside_a_split_ledgers_folder_its_main_file_is_found(
        here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (here / "facts.yaml").write_text(
        "version: 1\ninclude: [claims/*.yaml]\n" + MINIMAL[:MINIMAL.index("claims:")],
        encoding="utf-8")
    (here / "claims").mkdir()
    (here / "claims" / "march.yaml").write_text(MINIMAL[MINIMAL.index("claims:"):],
                                                encoding="utf-8")
    monkeypatch.chdir(here / "claims")
    result = kursk(["check"])
    assert (result.exit_code, result.output) == (
        0, "../facts.yaml: ok: 1 claim, 2 actors, 2 statements, 1 disputed\n")


def test_with_no_ledger_here_or_above_the_example_is_shown_and_said_so(here: Path) -> None:
    result = kursk(["claims", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stderr == NOTE
    assert result.stdout == kursk(["claims", "-f", "csv", "-l", str(FACTS)]).stdout
    checked = kursk(["check"])
    assert checked.stderr == NOTE
    # Chosen, it is a ledger like any other: nothing is said.
    assert kursk(["claims", "-l", str(FACTS)]).stderr == ""
    assert kursk(["claims"], KURSK_LEDGER=str(FACTS)).stderr == ""


@pytest.mark.parametrize("command", [["draft", "report.txt", "--published", "2025-03-14"],
                                     ["merge", "draft.yaml"],
                                     ["merge", "draft.yaml", "--dry-run"]])
def test_draft_and_merge_never_work_against_the_example(here: Path,
                                                        command: list[str]) -> None:
    (here / "report.txt").write_text(REPORT, encoding="utf-8")
    (here / "draft.yaml").write_text("claims: []\n", encoding="utf-8")
    before = FACTS.read_bytes()
    result = kursk(command)
    assert (result.exit_code, result.stdout) == (1, "")
    name = command[0]
    assert result.stderr == (
        f"kursk: no facts.yaml here or above, and kursk {name} works on a ledger of your "
        "own (not the example shipped with kursk); kursk init starts one, or give one with "
        "--ledger\n")
    assert FACTS.read_bytes() == before


def test_init_inside_a_split_ledger_refuses_a_file_it_would_include(here: Path) -> None:
    (here / "facts.yaml").write_text(
        "version: 1\ninclude: [claims/*.yaml]\n" + MINIMAL[:MINIMAL.index("claims:")],
        encoding="utf-8")
    (here / "claims").mkdir()
    result = kursk(["init", "claims"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("kursk: claims/facts.yaml would be read as part of the ledger "
                             "facts.yaml, whose include matches it; start a ledger of your own "
                             "in a folder that ledger does not include\n")
    assert sorted(p.name for p in (here / "claims").iterdir()) == []


def test_init_below_another_ledger_says_which_one_it_now_hides(here: Path) -> None:
    (here / "facts.yaml").write_text(MINIMAL, encoding="utf-8")
    result = kursk(["init", "mine"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "wrote mine/facts.yaml and ledger.schema.json; next: kursk draft REPORT -o draft.yaml\n"
        "note: facts.yaml is a ledger above this one; in mine and the folders below it, "
        "kursk reads the new one\n")
