"""The command line's rough edges (issue 10, items 11-19): completion, options before
the command, did-you-mean, unknown topics, claim ids, help labels, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

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


#: Every command, in the order help lists them.
COMMANDS = ["check", "claims", "actor", "actors", "show", "matrix", "graph", "export", "site",
            "verify", "variants", "schema", "init", "draft", "merge", "timeline", "diff"]


def test_help_and_completion_list_every_command() -> None:
    # Typer builds a command when it is looked up (a run builds the one it runs):
    # listing them must still give all of them, in order.
    helped = kursk(["--help"]).stdout
    listed = helped[helped.index("Commands:"):].splitlines()[1:]
    assert [line.split()[0] for line in listed] == COMMANDS
    assert _complete("kursk ").split() == COMMANDS
    assert _complete("kursk act") == "actor\nactors\n"


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_its_own_help(name: str) -> None:
    result = kursk([name, "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: kursk {name} [OPTIONS]")


def test_a_mistyped_command_is_told_the_command_meant() -> None:
    result = kursk(["clams", "--disputed"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "No such command 'clams'. Did you mean 'claims'?" in result.stderr


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
    assert check.stdout == f"{other}: ok: 1 claim, 2 actors, 2 statements, 1 disputed\n"


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


# ------------------------------------------------------- 13: did-you-mean, once each


@pytest.mark.parametrize(("name", "meant"), [
    ("Zelenskyi", "'zelenskyy'"),          # close to its id, alias and a second alias
    ("general-staff", "'ukraine-general-staff'"),  # close to its id, name and two aliases
])
def test_did_you_mean_names_each_actor_once(name: str, meant: str) -> None:
    result = kursk(["actor", name, "-l", str(FACTS)])
    assert result.exit_code == 1
    assert result.stderr == f"kursk: no actor called '{name}'; did you mean {meant}?\n"


# ------------------------------------------------------------ 16: unknown topics


@pytest.mark.parametrize("command", [["claims"], ["matrix"], ["export"],
                                     ["export", "-f", "json"], ["claims", "--disputed"]])
def test_an_unknown_topic_is_an_error(command: list[str]) -> None:
    for _run in ("first, cache written", "answered from the cache"):
        result = kursk([*command, "--topic", "kurks", "-l", str(FACTS)])
        assert result.exit_code == 1
        assert (result.stdout, result.stderr) == (
            "", "kursk: unknown topic 'kurks'; did you mean 'kursk'?\n")


def test_an_unknown_topic_far_from_any(write: Write) -> None:
    result = kursk(["claims", "--topic", "zzz", "-l", str(write(MINIMAL))])
    assert result.exit_code == 1
    assert result.stderr == "kursk: unknown topic 'zzz'; no claim has it\n"


def test_a_known_topic_that_matches_nothing_else_is_an_empty_answer() -> None:
    result = kursk(["claims", "--topic", "Sumy", "--disputed", "-l", str(FACTS)])
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", "no claims match\n")


# ------------------------------------------------------------------ 17: claim ids


def test_claim_ids_match_in_any_case() -> None:
    upper = kursk(["show", "KURSK-ENCIRCLEMENT", "-l", str(FACTS)])
    assert upper.exit_code == 0, upper.output
    assert upper.stdout == kursk(["show", "kursk-encirclement", "-l", str(FACTS)]).stdout
    prefix = kursk(["show", "Kursk-Encirc", "-l", str(FACTS), "-f", "csv"])
    assert prefix.exit_code == 0 and "kursk-encirclement" in prefix.stdout


@pytest.mark.parametrize(("given", "said"), [
    ("", "give a claim id; 'kursk claims' lists them all"),
    ("   ", "give a claim id; 'kursk claims' lists them all"),
    ("kursk-encirclment", "no claim with id 'kursk-encirclment'; did you mean "
                          "'kursk-encirclement'?"),
    ("zzz", "no claim with id 'zzz'; 'kursk claims' lists them all"),
])
def test_only_close_claim_ids_are_suggested(given: str, said: str) -> None:
    result = kursk(["show", given, "-l", str(FACTS)])
    assert result.exit_code == 1
    assert result.stderr == f"kursk: {said}\n"


def test_show_as_json_names_the_claim_and_its_status() -> None:
    result = kursk(["show", "kursk-encirclement", "-l", str(FACTS), "-f", "json"])
    rows = json.loads(result.stdout)
    assert {(r["claim_id"], r["claim"], r["status"]) for r in rows} == {
        ("kursk-encirclement",
         "Ukrainian troops in Russia's Kursk region are encircled by Russian forces.",
         "disputed")}
    assert len(rows) == 4


# ------------------------------------------------------------------- 19: smaller


def test_more_rows_and_columns_say_one_in_the_singular() -> None:
    result = kursk(["claims", "-l", str(FACTS), "--limit", "13"])
    assert result.stderr == ("… 1 more claim not shown; use --limit 0 to see all, or "
                             "--format csv\n")
    actor = kursk(["actor", "putin", "-l", str(FACTS), "--limit", "4"])
    assert actor.stderr == ("… 1 more statement not shown; use --limit 0 to see all, or "
                            "--format csv\n")


def test_sqlite_without_output_is_a_command_line_mistake() -> None:
    result = kursk(["export", "-f", "sqlite", "-l", str(FACTS)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.endswith("Error: Invalid value for '--format': sqlite writes a "
                                  "database file; give it with --output FILE\n")


def test_an_unreadable_ledger_exits_1_however_it_is_given(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.yaml"
    path.write_text("claims: []\n", encoding="utf-8")  # (what root, who can read it, sees)
    path.chmod(0)
    if os.geteuid() == 0:
        # Root reads any file: have the system's check say no, as it does to everyone
        # else; that check is what made --ledger exit 2 (kursk then reads the file).
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: (
            False if Path(p) == path else real(p, mode, **kw)))
    given = kursk(["claims", "-l", str(path)])
    from_environment = kursk(["claims"], KURSK_LEDGER=str(path))
    assert (given.exit_code, from_environment.exit_code) == (1, 1), given.output
    assert given.stderr == from_environment.stderr
    named = kursk(["check", str(path)])  # as a pre-commit hook names it
    assert named.exit_code == 1, named.output


def test_help_labels_are_plain_words() -> None:
    expected = {"show": "Usage: kursk show [OPTIONS] CLAIM",
                "actor": "Usage: kursk actor [OPTIONS] NAME"}
    for command in ("claims", "actor", "actors", "show", "matrix", "export", "check"):
        shown = kursk([command, "--help"]).stdout
        assert not re.search(r"[{}]|<int|<str>|<path>|<file>", shown), (command, shown)
        if command in expected:
            assert shown.startswith(expected[command]), shown
    claims = kursk(["claims", "--help"]).stdout
    for label in ("-l, --ledger FILE", "-a, --actor NAME", "-t, --topic TOPIC",
                  "-s, --search TEXT", "-n, --limit N"):
        assert label in claims, label


# ------------------------------------------------------- 14: hints that lead somewhere

#: Claims first, actors last: a hint must not depend on the order of the sections.
PESKOV = """\
claims:
  - id: talks
    text: The talks were productive.
    statements:
      - actor: {actor}
        stance: asserts
        date: 2025-03-14
        source: report
        paraphrase: Said the talks went well.
sources:
  - id: report
    title: A report
    published: 2025-03-14
actors:
  - id: kremlin-spokesman
    name: Dmitry Peskov
    aliases: [Peskov]
"""

NOT_AN_ID = "'actor' must be a lowercase id (a-z, 0-9 and single hyphens), not"


@pytest.mark.parametrize(("written", "said"), [
    ("Dmitry Peskov", f"{NOT_AN_ID} 'Dmitry Peskov'; did you mean 'kremlin-spokesman'?"),
    ("Peskov", f"{NOT_AN_ID} 'Peskov'; did you mean 'kremlin-spokesman'?"),
    ("Dmitri Peskov", f"{NOT_AN_ID} 'Dmitri Peskov'; did you mean 'kremlin-spokesman'?"),
    ("dmitry-peskov", "unknown actor 'dmitry-peskov'; did you mean 'kremlin-spokesman'?"),
    ("Maria Zakharova", f"{NOT_AN_ID} 'Maria Zakharova'; try 'maria-zakharova'"),
])
def test_an_actor_written_by_name_is_told_the_id(write: Write, written: str,
                                                 said: str) -> None:
    path = write(PESKOV.format(actor=written))
    for cache in ([], ["--no-cache"]):
        result = kursk(["check", "-l", str(path), *cache])
        assert result.exit_code == 1
        assert result.stderr == f"{path}:5:16: {said}\n1 problem in {path}\n"


def test_an_edit_to_a_cached_ledger_gets_the_same_hint(write: Write) -> None:
    path = write(PESKOV.format(actor="kremlin-spokesman"))
    assert kursk(["check", "-l", str(path)]).exit_code == 0  # cached
    path.write_text(PESKOV.format(actor="Dmitry Peskov"), encoding="utf-8")
    result = kursk(["check", "-l", str(path)])
    assert result.stderr == (f"{path}:5:16: {NOT_AN_ID} 'Dmitry Peskov'; did you mean "
                             f"'kremlin-spokesman'?\n1 problem in {path}\n")


@pytest.mark.parametrize(("key", "said"), [
    ("status", "a claim's status (disputed, asserted, denied, qualified) is derived from "
               "its statements and never written; remove it"),
    ("denied_by", "who asserts, denies or qualifies a claim is derived from its statements "
                  "and never written; remove it"),
])
def test_a_derived_key_in_a_claim_says_it_is_derived(write: Write, key: str,
                                                     said: str) -> None:
    path = write(MINIMAL.replace("    text: Ukrainian troops are encircled.\n",
                                 f"    text: Ukrainian troops are encircled.\n    {key}: x\n"))
    result = kursk(["check", "-l", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (f"{path}:14:5: unknown key '{key}' in claim; {said}\n"
                             f"1 problem in {path}\n")


DATE_OPTIONS = [["claims", "--since"], ["export", "--until"], ["draft", "-", "--published"]]


@pytest.mark.parametrize("given", ["yesterday", "14.03.2025", "2025-3", ""])
@pytest.mark.parametrize("command", DATE_OPTIONS)
def test_a_date_option_that_is_not_a_date_says_how_to_write_one(
        command: list[str], given: str) -> None:
    result = kursk([*command, given, "-l", str(FACTS)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        f"Error: Invalid value for '{command[-1]}': {given!r} is not a date; write the day "
        "as YYYY-MM-DD, for example 2025-03-14\n")


@pytest.mark.parametrize("given", ["2025-06-31", "2025-13-01", "2025-02-30"])
@pytest.mark.parametrize("command", DATE_OPTIONS)
def test_a_date_in_the_right_form_that_does_not_exist_says_so(
        command: list[str], given: str) -> None:
    result = kursk([*command, given, "-l", str(FACTS)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        f"Error: Invalid value for '{command[-1]}': {given!r} is not a real date\n")


def test_a_date_option_may_leave_out_leading_zeros() -> None:
    wanted = kursk(["claims", "-f", "csv", "--since", "2025-03-15", "-l", str(FACTS)])
    given = kursk(["claims", "-f", "csv", "--since", "2025-3-15", "-l", str(FACTS)])
    assert (given.exit_code, given.stdout) == (0, wanted.stdout)
    everything = kursk(["claims", "-f", "csv", "-l", str(FACTS)]).stdout
    assert len(wanted.stdout.splitlines()) < len(everything.splitlines())


def test_completion_offers_ids_and_names_in_any_case() -> None:
    # (the commands read ids and names in any case; so does completion)
    assert _complete(f"kursk actor -l {FACTS} ZEL") == "zelenskyy\nZelensky\n"
    assert _complete(f"kursk show -l {FACTS} KURSK-E") == "kursk-encirclement\n"
    assert _complete(f"kursk claims -l {FACTS} --topic SUM") == "sumy\n"


HELPED = ["claims", "actor", "actors", "show", "matrix", "graph", "check", "schema", "export",
          "site", "verify", "variants", "init", "draft", "merge", "timeline", "diff"]


@pytest.mark.parametrize("command", HELPED)
def test_help_writes_every_placeholder_in_one_style(command: str) -> None:
    # REPORT, DRAFT, CLAIM, FILE, DIR, TEXT, N: capitals, bare when required, [X] when not.
    result = kursk([command, "--help"], COLUMNS="200")
    assert result.exit_code == 0, result.output
    usage = result.stdout.splitlines()[0]
    assert re.fullmatch(r"Usage: \S+ \S+ \[OPTIONS\]( \[?[A-Z]+\]?(\.\.\.)?)*", usage), usage
    for line in result.stdout.splitlines():
        if option := re.match(r"\s+(-\w, )?--[\w-]+ (\S+)", line):
            assert re.fullmatch(r"[A-Z][A-Z-]*|<[a-z|]+>", option.group(2)), line
    assert not re.search(r"<(str|file|directory|path|integer)>|\{[A-Za-z]|\[(?!required)[a-z]+\]",
                         result.stdout)


def test_verify_help_does_not_offer_csv() -> None:
    result = kursk(["verify", "--help"], COLUMNS="200")
    assert "csv" not in result.stdout
