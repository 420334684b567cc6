"""No command writes over a file of the ledger, the main file or one it includes, by any
path that leads to it; `kursk draft -o` writes a new file unless told --force."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import MINIMAL, kursk

SOURCES_AND_ACTORS = MINIMAL[: MINIMAL.index("claims:")]
CLAIMS = MINIMAL[MINIMAL.index("claims:"):]
REPORT = ("A headline for the test\n\nKYIV, March 14, 2025 (Testwire) - Putin said the "
          "troops would be spared, and he said it twice.\n")


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ledger of two files, main.yaml and claims/2025-03.yaml, in the working folder."""
    (tmp_path / "claims").mkdir()
    (tmp_path / "main.yaml").write_text("include: [claims/*.yaml]\n" + SOURCES_AND_ACTORS,
                                        encoding="utf-8")
    (tmp_path / "claims" / "2025-03.yaml").write_text(CLAIMS, encoding="utf-8")
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _link(folder: Path) -> str:
    os.symlink("claims/2025-03.yaml", folder / "link.yaml")
    return "link.yaml"


def _hard_link(folder: Path) -> str:
    os.link(folder / "claims" / "2025-03.yaml", folder / "hard.yaml")
    return "hard.yaml"


WAYS: list[tuple[str, Callable[[Path], str]]] = [
    ("as named", lambda folder: "claims/2025-03.yaml"),
    ("through ./ and ..", lambda folder: "./claims/../claims/2025-03.yaml"),
    ("by its absolute path", lambda folder: str(folder / "claims" / "2025-03.yaml")),
    ("through a symlink", _link),
    ("through a hard link", _hard_link),
]
COMMANDS = [["export"], ["export", "-f", "sqlite"], ["draft", "report.txt"],
            ["draft", "report.txt", "--force"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize(("way", "make"), WAYS, ids=[way for way, _make in WAYS])
def test_no_command_writes_over_an_included_file(
        ledger: Path, command: list[str], way: str, make: Callable[[Path], str]) -> None:
    target = make(ledger)
    before = (ledger / "claims" / "2025-03.yaml").read_bytes()
    result = kursk([*command, "-l", "main.yaml", "-o", target])
    assert result.exit_code == 1, result.output
    assert result.stderr == (f"kursk: refusing to write over {Path(target)}: it is one of the "
                             "ledger's files\n")
    assert (ledger / "claims" / "2025-03.yaml").read_bytes() == before


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_command_writes_over_the_main_file_through_a_symlink(
        ledger: Path, command: list[str]) -> None:
    os.symlink("main.yaml", ledger / "other-name.yaml")
    before = (ledger / "main.yaml").read_bytes()
    result = kursk([*command, "-l", "main.yaml", "-o", "other-name.yaml"])
    assert result.exit_code == 1, result.output
    assert result.stderr == "kursk: refusing to write over the ledger itself (other-name.yaml)\n"
    assert (ledger / "main.yaml").read_bytes() == before


def test_draft_refuses_the_ledger_before_reading_the_report(ledger: Path) -> None:
    result = kursk(["draft", "no-such-report.txt", "-l", "main.yaml", "-o", "main.yaml"])
    assert result.exit_code == 1, result.output
    assert result.stderr == "kursk: refusing to write over the ledger itself (main.yaml)\n"


def test_draft_writes_over_an_existing_file_only_with_force(ledger: Path) -> None:
    (ledger / "draft.yaml").write_text("my notes\n", encoding="utf-8")
    refused = kursk(["draft", "report.txt", "-l", "main.yaml", "-o", "draft.yaml"])
    assert refused.exit_code == 1, refused.output
    assert refused.stderr == ("kursk: draft.yaml exists; kursk draft writes a new file "
                              "(give --force to write over it)\n")
    assert (ledger / "draft.yaml").read_text(encoding="utf-8") == "my notes\n"
    forced = kursk(["draft", "report.txt", "-l", "main.yaml", "-o", "draft.yaml", "--force"])
    assert forced.exit_code == 0, forced.output
    assert forced.stderr.endswith("wrote draft.yaml\n")
    written = (ledger / "draft.yaml").read_text(encoding="utf-8")
    assert written == kursk(["draft", "report.txt", "-l", "main.yaml"]).stdout


def test_export_may_write_a_file_that_only_looks_like_a_ledger_file(ledger: Path) -> None:
    (ledger / "claims" / "notes.txt").write_text("old\n", encoding="utf-8")
    result = kursk(["export", "-l", "main.yaml", "-o", "claims/notes.txt"])
    assert result.exit_code == 0, result.output
    assert (ledger / "claims" / "notes.txt").read_text(encoding="utf-8").startswith("claim_id,")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_command_writes_a_file_an_include_would_take_into_the_ledger(
        ledger: Path, command: list[str]) -> None:
    result = kursk([*command, "-l", "main.yaml", "-o", "claims/draft.yaml"])
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "kursk: refusing to write claims/draft.yaml: the ledger's include 'claims/*.yaml' "
        "(main.yaml:1:11) would make it one of the ledger's files; write it elsewhere, for "
        "example draft.yaml\n")
    assert sorted(p.name for p in (ledger / "claims").iterdir()) == ["2025-03.yaml"]


def test_an_include_deep_in_folders_is_matched_as_the_ledger_reads_it(
        ledger: Path) -> None:
    (ledger / "main.yaml").write_text(
        "include: [claims/*.yaml, 'months/**/*.yaml', notes.yaml]\n" + SOURCES_AND_ACTORS,
        encoding="utf-8")
    (ledger / "months" / "2025" / "04").mkdir(parents=True)
    (ledger / "months" / "2025" / "04" / "a.yaml").write_text("claims: []\n", "utf-8")
    (ledger / "notes.yaml").write_text("actors: []\n", encoding="utf-8")
    assert kursk(["check", "-l", "main.yaml"]).exit_code == 0
    deep = kursk(["draft", "report.txt", "-l", "main.yaml", "-o", "months/2025/04/d.yaml"])
    assert deep.exit_code == 1, deep.output
    assert deep.stderr.startswith("kursk: refusing to write months/2025/04/d.yaml: the "
                                  "ledger's include 'months/**/*.yaml' (main.yaml:1:26)")
    assert not (ledger / "months" / "2025" / "04" / "d.yaml").exists()
    # Beside the glob's files, but not matched by it: written.
    for fine in ("months/2025/04/d.yml", "claims/draft.txt", "d.yaml"):
        result = kursk(["draft", "report.txt", "-l", "main.yaml", "-o", fine])
        assert result.exit_code == 0, result.output
        assert (ledger / fine).is_file()
    assert kursk(["check", "-l", "main.yaml"]).exit_code == 0


def test_a_ledger_whose_folder_is_all_included_sends_the_file_out_of_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "main.yaml").write_text("include: ['[n-z]*.yaml']\n" + MINIMAL, encoding="utf-8")
    (desk / "zz.yaml").write_text("claims: []\n", encoding="utf-8")
    monkeypatch.chdir(desk)
    result = kursk(["export", "-f", "json", "-l", "main.yaml", "-o", "out.yaml"])
    assert result.exit_code == 1, result.output
    assert result.stderr.endswith("write it elsewhere, for example ../out.yaml\n")
    assert not (desk / "out.yaml").exists()


def test_merge_refuses_a_draft_that_is_a_file_of_the_ledger(ledger: Path) -> None:
    before = {p: p.read_bytes() for p in (ledger / "main.yaml",
                                          ledger / "claims" / "2025-03.yaml")}
    included = kursk(["merge", "claims/2025-03.yaml", "-l", "main.yaml"])
    assert included.exit_code == 1, included.output
    assert included.stderr == ("kursk: claims/2025-03.yaml is already part of the ledger "
                               "(included by main.yaml:1); a draft is merged from outside "
                               "it\n")
    itself = kursk(["merge", "./main.yaml", "-l", "main.yaml", "--dry-run"])
    assert itself.exit_code == 1, itself.output
    assert itself.stderr == ("kursk: ./main.yaml is the ledger itself; a draft is merged "
                             "from outside it\n")
    assert {p: p.read_bytes() for p in before} == before
