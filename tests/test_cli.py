"""The command line as a user meets it: exit codes, streams, exact output."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import typer

from helpers import FACTS, MINIMAL, ROOT, kursk
from kursk_cli.cli import app

Write = Callable[..., Path]
GOLDEN = ROOT / "tests" / "golden"


# ---------------------------------------------------------------------------- check


def test_check_clean_ledger_prints_one_summary_line() -> None:
    result = kursk(["check", "-l", str(FACTS)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{FACTS}: ok: 14 claims, 9 actors, 20 statements, 2 disputed\n"
    assert result.stderr == ""


def test_check_says_one_in_the_singular(write: Write) -> None:
    path = write(MINIMAL.replace("""      - actor: general-staff
        stance: denies
        date: 2025-03-14
        source: report
        paraphrase: Reports of encirclement are false.
""", "").replace("""  - id: general-staff
    name: General Staff of Ukraine
""", ""))
    result = kursk(["check", "-l", str(path)])
    assert result.stdout == f"{path}: ok: 1 claim, 1 actor, 1 statement, 0 disputed\n"


def test_check_reports_every_problem_on_stderr(write: Write) -> None:
    path = write(MINIMAL.replace("stance: denies", "stance: deny").replace(
        "actor: putin", "actor: puttin"))
    result = kursk(["check", "-l", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:15:16: unknown actor 'puttin'; did you mean 'putin'?\n"
        f"{path}:21:17: 'stance' must be asserts, denies or qualifies, not 'deny'; did you "
        "mean 'denies'?\n"
        f"2 problems in {path}\n"
    )


def test_check_json_for_editors(write: Write) -> None:
    path = write(MINIMAL.replace("date: 2025-03-13", "date: 2025-02-30"))
    result = kursk(["check", "-l", str(path), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "ledger": str(path),
        "ok": False,
        "summary": None,
        "problems": [{"file": str(path), "line": 17, "column": 15,
                      "message": "'date' is 2025-02-30, which is not a real date"}],
        "warnings": [],
    }


def test_check_json_on_a_clean_ledger() -> None:
    result = kursk(["check", "-l", str(FACTS), "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"] == {
        "claims": 14, "actors": 9, "statements": 20, "disputed": 2, "groups": 0}


@pytest.mark.parametrize("command", ["claims", "check"])
def test_missing_ledger_is_one_sentence_and_exit_1(tmp_path: Path, command: str) -> None:
    # (a path was given: no hint to create facts.yaml, and no "1 problem" line after it)
    result = kursk([command, "-l", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: no such file\n"


@pytest.mark.parametrize("command", [["claims"], ["actor", "putin"], ["actors"],
                                     ["show", "encirclement"], ["matrix"], ["export"]])
def test_every_command_refuses_an_invalid_ledger(write: Write, command: list[str]) -> None:
    path = write(MINIMAL.replace("title: A report", "title: [a"))
    result = kursk([*command, "-l", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"{path}:4:14: a list in [ ] is not closed; add the ']'\n"
                             f"1 problem in {path}\n")


def test_ledger_from_environment(write: Write) -> None:
    path = write(MINIMAL)
    result = kursk(["check"], KURSK_LEDGER=str(path))
    assert result.stdout == f"{path}: ok: 1 claim, 2 actors, 2 statements, 1 disputed\n"


# ----------------------------------------------------- file names in messages (item 10)

#: A file name that retitles the terminal and turns the text red, if printed raw.
HOSTILE_NAME = "a\x1b]0;owned\x07\x1b[31m.yaml"
SHOWN_NAME = "a\\x1b]0;owned\\x07\\x1b[31m.yaml"


def test_check_success_line_shows_a_hostile_name_escaped(write: Write) -> None:
    path = write(MINIMAL, name=HOSTILE_NAME)
    result = kursk(["check", "-l", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"{path.parent}/{SHOWN_NAME}: ok: 1 claim, 2 actors, "
                             "2 statements, 1 disputed\n")
    # The JSON form is data, not a message: the name as it is, JSON-escaped.
    shown = json.loads(kursk(["check", "-l", str(path), "-f", "json"]).stdout)["ledger"]
    assert shown == str(path)


def test_a_newline_in_a_file_name_cannot_forge_a_problem_line(write: Write) -> None:
    path = write(MINIMAL.replace("title: A report", "title: [a"),
                 name="x.yaml:1:1: all is well\n\u202ereal.yaml")
    result = kursk(["claims", "-l", str(path)], KURSK_LEDGER="")
    shown = f"{path.parent}/x.yaml:1:1: all is well\\n\\u202ereal.yaml"
    assert result.exit_code == 1
    assert result.stderr == (f"{shown}:4:14: a list in [ ] is not closed; add the ']'\n"
                             f"1 problem in {shown}\n")


def test_written_and_cannot_write_show_a_hostile_name_escaped(tmp_path: Path) -> None:
    result = kursk(["export", "-l", str(FACTS), "-o", str(tmp_path / HOSTILE_NAME)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {tmp_path}/{SHOWN_NAME}\n"
    result = kursk(["export", "-l", str(FACTS), "-o", str(tmp_path / "no\n" / "x.csv")])
    assert result.exit_code == 1
    assert result.stderr == (f"kursk: cannot write {tmp_path}/no\\n/x.csv: the folder "
                             f"{tmp_path}/no\\n does not exist\n")


def test_bad_command_line_exits_2() -> None:
    result = kursk(["claims", "--since", "yesterday"])
    assert result.exit_code == 2
    assert "Invalid value for '--since'" in result.stderr


# ----------------------------------------------------------------------- the views


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("claims", ["claims"]),
        ("claims-disputed", ["claims", "--disputed"]),
        ("actor-putin", ["actor", "putin"]),
        ("actors", ["actors"]),
        ("show-encirclement", ["show", "kursk-encirclement"]),
        ("matrix", ["matrix"]),
    ],
)
def test_views_of_the_shipped_ledger_at_width_100(name: str, args: list[str]) -> None:
    result = kursk([*args, "-l", str(FACTS)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    assert result.stderr == ""


def test_no_command_lists_the_claims() -> None:
    result = kursk([], KURSK_LEDGER=str(FACTS))
    assert result.exit_code == 0
    assert result.stdout == (GOLDEN / "claims.txt").read_text(encoding="utf-8")


def test_tables_fit_narrow_terminals() -> None:
    for width in (60, 80, 120):
        result = kursk(["claims", "-l", str(FACTS)], COLUMNS=str(width))
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= width
        assert sum("2025-03-14" in line for line in lines) == 14


def test_claims_filters_combine() -> None:
    def ids(*extra: str) -> list[str]:
        result = kursk(["claims", "-l", str(FACTS), "-f", "csv", *extra])
        return [row["id"] for row in csv.DictReader(io.StringIO(result.stdout))]

    assert ids("--disputed") == ["kursk-encirclement", "ukrainian-troops-crimes-against-civilians"]
    assert ids("--actor", "Zelensky") == ["kursk-encirclement", "kursk-offensive-diverted-forces",
                                          "kursk-operation-fulfilled-task"]
    assert ids("--topic", "ceasefire") == ["russia-urged-to-agree-ceasefire", "war-may-end"]
    assert ids("--until", "2025-03-13") == ["kursk-encirclement"]
    assert ids("--since", "2025-03-14", "--actor", "putin", "--disputed") == [
        "ukrainian-troops-crimes-against-civilians"]
    assert ids("--search", "GÓNCHAROVKA") == ["goncharovka-retaken"]
    assert ids("--search", "terrorísm") == ["ukrainian-troops-crimes-against-civilians"]


def test_claims_as_json_are_the_same_rows() -> None:
    result = kursk(["claims", "-l", str(FACTS), "--disputed", "-f", "json"])
    assert json.loads(result.stdout) == [
        {"id": "kursk-encirclement",
         "claim": "Ukrainian troops in Russia's Kursk region are encircled by Russian forces.",
         "status": "disputed", "asserted_by": ["Vladimir Putin", "Donald Trump"],
         "denied_by": ["General Staff of the Armed Forces of Ukraine"], "latest": "2025-03-14",
         "sources": 1, "also_worded_as": []},
        {"id": "ukrainian-troops-crimes-against-civilians",
         "claim": "Ukrainian troops in the Kursk region have committed crimes against civilians.",
         "status": "disputed", "asserted_by": ["Vladimir Putin"],
         "denied_by": ["Government of Ukraine"], "latest": "2025-03-14", "sources": 1,
         "also_worded_as": []},
    ]


def test_claims_as_csv() -> None:
    result = kursk(["claims", "-l", str(FACTS), "--disputed", "-f", "csv"])
    assert result.stdout.splitlines()[:2] == [
        "id,claim,status,asserted_by,denied_by,latest,sources,also_worded_as",
        "kursk-encirclement,Ukrainian troops in Russia's Kursk region are encircled by Russian "
        "forces.,disputed,Vladimir Putin; Donald Trump,General Staff of the Armed Forces of "
        "Ukraine,2025-03-14,1,",
    ]


def test_empty_result_says_so_on_stderr_and_exits_0() -> None:
    result = kursk(["claims", "-l", str(FACTS), "--search", "no such words"])
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", "no claims match\n")


def test_limit_bounds_the_table_and_says_how_many_more() -> None:
    result = kursk(["claims", "-l", str(FACTS), "--limit", "3"])
    assert result.exit_code == 0
    assert result.stdout.count("2025-03-14") == 3
    assert result.stderr == ("… 11 more claims not shown; use --limit 0 to see all, or "
                             "--format csv\n")
    everything = kursk(["claims", "-l", str(FACTS), "--limit", "0"])
    assert everything.stdout.count("2025-03-14") == 14 and everything.stderr == ""


def test_csv_ignores_the_table_limit() -> None:
    result = kursk(["claims", "-l", str(FACTS), "--limit", "3", "-f", "csv"])
    assert len(result.stdout.splitlines()) == 15


def test_actor_by_name_alias_case_accents_and_prefix() -> None:
    for name in ("putin", "Vladimir Putin", "PUTIN", "vlad", "Putín"):
        result = kursk(["actor", name, "-l", str(FACTS), "-f", "json"])
        assert result.exit_code == 0, name
        assert {row["claim_id"] for row in json.loads(result.stdout)} >= {"kursk-encirclement"}


def test_actor_stance_filter() -> None:
    result = kursk(["actor", "putin", "--stance", "qualifies", "-l", str(FACTS), "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["claim_id"], r["quoted"]) for r in rows] == [
        ("russia-spares-surrendering-troops", "quote")]


def test_unknown_actor_suggests() -> None:
    result = kursk(["actor", "puttin", "-l", str(FACTS)])
    assert result.exit_code == 1
    assert result.stderr == "kursk: no actor called 'puttin'; did you mean 'putin'?\n"


def test_ambiguous_actor_lists_the_candidates() -> None:
    result = kursk(["actor", "ukraine", "-l", str(FACTS)])
    assert result.exit_code == 1
    assert result.stderr == (
        "kursk: 'ukraine' could mean more than one actor: ukraine-general-staff (General "
        "Staff of the Armed Forces of Ukraine), ukraine-government (Government of Ukraine), "
        "ukraine-border-guard (State Border Guard Service of Ukraine); give the id\n")


def test_unknown_claim_suggests() -> None:
    result = kursk(["show", "kursk-encirclment", "-l", str(FACTS)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "kursk: no claim with id 'kursk-encirclment'; did you mean 'kursk-encirclement'")


def test_show_as_json_groups_by_side() -> None:
    result = kursk(["show", "kursk-encirclement", "-l", str(FACTS), "-f", "json"])
    rows = json.loads(result.stdout)
    assert [(r["side"], r["actor_id"]) for r in rows] == [
        ("asserts", "putin"), ("asserts", "trump"), ("denies", "ukraine-general-staff"),
        ("qualifies", "zelenskyy")]


def test_matrix_csv_has_a_column_per_claim() -> None:
    result = kursk(["matrix", "--disputed", "-l", str(FACTS), "-f", "csv"])
    assert result.stdout.splitlines() == [
        "actor_id,kursk-encirclement,ukrainian-troops-crimes-against-civilians",
        "putin,asserts,asserts",
        "trump,asserts,",
        "ukraine-general-staff,denies,",
        "ukraine-government,,denies",
        "zelenskyy,qualifies,",
    ]


def test_matrix_leaves_out_claims_that_do_not_fit_and_says_so() -> None:
    result = kursk(["matrix", "-l", str(FACTS)], COLUMNS="40")
    assert result.exit_code == 0
    assert result.stderr == ("… 8 more claims do not fit the width; narrow with --topic or "
                             "--disputed, or use --format csv\n")
    assert max(len(line) for line in result.stdout.splitlines()) <= 40


# ----------------------------------------------------------- colour and hostile text

HOSTILE = MINIMAL.replace("name: Vladimir Putin", 'name: "[bold red]Putin[/] :warning:"').replace(
    "text: Ukrainian troops are encircled.",
    'text: "[link=file:///etc/passwd]click[/link] [/] [red"').replace(
    "quote: surrender or die", 'quote: "=cmd|\' /C calc\'!A0 [blink]x"')


def test_markup_in_the_ledger_prints_literally(write: Write) -> None:
    path = write(HOSTILE)
    for args in (["claims"], ["actor", "putin"], ["show", "encirclement"], ["matrix"],
                 ["actors"]):
        result = kursk([*args, "-l", str(path)], COLUMNS="200")
        assert result.exit_code == 0, (args, result.output)
        assert "\x1b" not in result.stdout
    claims = kursk(["claims", "-l", str(path)], COLUMNS="200").stdout
    assert "[link=file:///etc/passwd]click[/link] [/] [red" in claims
    assert "[bold red]Putin[/] :warning:" in claims
    actor = kursk(["actor", "putin", "-l", str(path)], COLUMNS="200").stdout
    assert "=cmd|' /C calc'!A0 [blink]x" in actor


def test_colour_only_on_a_terminal_without_no_color() -> None:
    args = ["claims", "--disputed", "-l", str(FACTS)]
    piped = kursk(args, NO_COLOR="")
    forced = kursk(args, NO_COLOR="", FORCE_COLOR="1", TERM="xterm-256color")
    forced_but_no_color = kursk(args, NO_COLOR="1", FORCE_COLOR="1", TERM="xterm-256color")
    assert "\x1b[" not in piped.stdout
    assert "\x1b[" in forced.stdout
    assert "\x1b[" not in forced_but_no_color.stdout


# ----------------------------------------------------------------- help and completion


def _commands() -> list[str]:
    group = typer.main.get_group(app)
    return sorted(group.commands)


def test_every_command_has_help_with_an_example() -> None:
    assert _commands() == ["actor", "actors", "check", "claims", "diff", "draft", "export",
                           "graph", "init", "matrix", "merge", "schema", "show", "site",
                           "timeline",
                           "variants", "verify"]
    for name in _commands():
        result = kursk([name, "--help"])
        assert result.exit_code == 0
        assert "Example: kursk " + name in result.stdout, name


def test_completion_offers_actor_and_claim_ids() -> None:
    result = kursk([], _KURSK_COMPLETE="complete_bash", COMP_WORDS="kursk actor pu",
                   COMP_CWORD="2", KURSK_LEDGER=str(FACTS))
    assert result.exit_code == 0
    assert result.stdout == "putin\n"
    shown = kursk([], _KURSK_COMPLETE="complete_bash", COMP_WORDS="kursk show kursk-e",
                  COMP_CWORD="2", KURSK_LEDGER=str(FACTS))
    assert shown.stdout == "kursk-encirclement\n"


def test_version() -> None:
    result = kursk(["--version"])
    assert result.stdout == "kursk 0.1.0\n"
