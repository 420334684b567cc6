"""The command line's rough edges (issue 10, items 11-19): completion, options before
the command, did-you-mean, unknown topics, claim ids, help labels, exit codes."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from helpers import FACTS, MINIMAL, kursk

Write = Callable[..., Path]


def _complete(line: str, **env: str) -> str:
    """What bash completion offers for the last word of ``line`` (which may be empty)."""
    words = line.split(" ")
    result = kursk([], _KURSK_COMPLETE="complete_bash", COMP_WORDS=line,
                   COMP_CWORD=str(len(words) - 1), **env)
    assert result.exit_code == 0, result.output
    return result.stdout


# ------------------------------------------------------------------ 11: completion


def test_completion_reads_the_ledger_given_with_l(write: Write) -> None:
    other = write(MINIMAL)  # its actors: putin, general-staff; facts.yaml has no 'g...'
    assert _complete(f"kursk actor -l {other} g", KURSK_LEDGER=str(FACTS)) == "general-staff\n"
    assert _complete(f"kursk actor --ledger {other} --no-cache g",
                     KURSK_LEDGER=str(FACTS)) == "general-staff\n"
    assert _complete(f"kursk claims -l {other} --actor g",
                     KURSK_LEDGER=str(FACTS)) == "general-staff\n"
    assert _complete(f"kursk show -l {other} enc", KURSK_LEDGER=str(FACTS)) == "encirclement\n"


def test_completion_reads_the_ledger_given_before_the_command(write: Write) -> None:
    other = write(MINIMAL)
    assert _complete(f"kursk -l {other} actor g", KURSK_LEDGER=str(FACTS)) == "general-staff\n"


def test_completion_offers_names_and_aliases_of_one_word() -> None:
    assert _complete(f"kursk actor -l {FACTS} Zel") == "Zelenskyy\nZelensky\n"
    assert _complete(f"kursk claims -l {FACTS} --actor Pu") == "Putin\n"
    # Nothing typed: the ids only, not each actor twice over.
    assert _complete(f"kursk actor -l {FACTS} ").split() == [
        "putin", "trump", "zelenskyy", "medvedev", "ukraine-general-staff",
        "ukraine-government", "russia-defence-ministry", "ukraine-border-guard",
        "us-government"]


def test_completion_of_an_unreadable_ledger_offers_nothing(tmp_path: Path) -> None:
    assert _complete(f"kursk actor -l {tmp_path / 'nope.yaml'} p") == "\n"


# ------------------------------------------------- 12: options before the command


def _claim_ids(stdout: str) -> list[str]:
    return [row["id"] for row in csv.DictReader(io.StringIO(stdout))]


def test_ledger_option_before_the_command(write: Write) -> None:
    other = write(MINIMAL)
    for args in (["--ledger", str(other), "claims", "-f", "csv"],
                 ["-l", str(other), "claims", "-f", "csv"],
                 ["claims", "-l", str(other), "-f", "csv"]):
        result = kursk(args, KURSK_LEDGER=str(FACTS))
        assert result.exit_code == 0, (args, result.output)
        assert _claim_ids(result.stdout) == ["encirclement"], args
    no_command = kursk(["-l", str(other)], KURSK_LEDGER=str(FACTS))
    assert no_command.exit_code == 0, no_command.output
    assert "encirclement" in no_command.stdout and "kursk-encirclement" not in no_command.stdout
    for args, seen in ((["actor", "general-staff", "-f", "csv"], "Reports of encirclement"),
                       (["actors", "-f", "csv"], "general-staff"),
                       (["show", "encirclement", "-f", "csv"], "surrender or die"),
                       (["matrix", "-f", "csv"], "general-staff"),
                       (["export"], "surrender or die")):
        result = kursk(["-l", str(other), *args], KURSK_LEDGER=str(FACTS))
        assert result.exit_code == 0, (args, result.output)
        assert seen in result.stdout, args
    check = kursk(["-l", str(other), "check"], KURSK_LEDGER=str(FACTS))
    assert check.stdout == f"{other}: ok: 1 claims, 2 actors, 2 statements, 1 disputed\n"


def test_the_commands_own_ledger_option_wins(write: Write, tmp_path: Path) -> None:
    other = write(MINIMAL)
    missing = tmp_path / "nope.yaml"
    wins = kursk(["-l", str(missing), "claims", "-l", str(other), "-f", "csv"])
    assert wins.exit_code == 0, wins.output
    assert _claim_ids(wins.stdout) == ["encirclement"]
    loses = kursk(["-l", str(other), "claims", "-l", str(missing)])
    assert loses.exit_code == 1
    assert loses.stderr.startswith(f"{missing}: no such file")


def test_no_cache_before_the_command(write: Write, private_cache: Path) -> None:
    other = write(MINIMAL)
    assert kursk(["--no-cache", "-l", str(other), "claims"]).exit_code == 0
    assert not private_cache.exists() or not any(private_cache.iterdir())
    assert kursk(["-l", str(other), "claims"]).exit_code == 0
    assert any(private_cache.iterdir())  # (so the first run could have written one)
