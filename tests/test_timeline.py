"""`kursk timeline`: a claim's lanes by date, every claim's status changes, reversals;
and `kursk show` marking reversals."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from helpers import kursk

Write = Callable[..., Path]

#: (claim, actor, stance, date) for each statement.
Said = tuple[str, str, str, str]


def ledger(statements: Sequence[Said], claims: Sequence[tuple[str, str]] = (
        ("c", "A claim."),)) -> str:
    """A sound ledger of the given statements, each with its own paraphrase."""
    out = ["sources:", "  - id: wire", "    title: Wire", "    published: 2099-12-31",
           "actors:"]
    for actor in ("east", "west", "north"):
        out += [f"  - id: {actor}", f"    name: {actor.title()} Command"]
    out.append("claims:")
    for ident, text in claims:
        out += [f"  - id: {ident}", f"    text: {text}", "    statements:"]
        for n, (claim, actor, stance, date) in enumerate(statements):
            if claim == ident:
                out += [f"      - actor: {actor}", f"        stance: {stance}",
                        f"        date: {date}", "        source: wire",
                        f"        paraphrase: Statement {n}."]
    return "\n".join(out) + "\n"


#: Qualified, then asserted, then disputed: three changes of status (the first from
#: nothing), with statements on the same day by one actor on both sides.
THREE_CHANGES = ledger([
    ("c", "east", "qualifies", "2025-03-01"),
    ("c", "west", "asserts", "2025-03-03"),
    ("c", "east", "asserts", "2025-03-03"),
    ("c", "north", "denies", "2025-03-07"),
    ("c", "west", "denies", "2025-03-07"),
    ("c", "west", "asserts", "2025-03-07"),
])

LEGEND = ("+ asserts  - denies  ~ qualifies  · no statement\n"
          "status after each day: + asserted  - denied  ± disputed  ~ qualified\n")


def test_a_claim_whose_status_changes_three_times(write: Write) -> None:
    result = kursk(["timeline", "c", "-l", str(write(THREE_CHANGES))])
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert "\n".join(lines) + "\n" == (
        "A claim.\n"
        "c · one column per day · 2025-03-01 to 2025-03-07\n"
        "\n"
        "              2025-03-01 2025-03-02 2025-03-03 2025-03-04 2025-03-05 2025-03-06 "
        "2025-03-07\n"
        "East Command  ~          ·          +          ·          ·          ·          ·\n"
        "West Command  ·          ·          +          ·          ·          ·          -+\n"
        "North Command ·          ·          ·          ·          ·          ·          -\n"
        "status        ~          ~          +          +          +          +          ±\n"
        "\n" + LEGEND +
        "status: qualified from 2025-03-01, then asserted from 2025-03-03, then disputed from"
        " 2025-03-07\n"
    )
    assert result.stderr == ""


def test_every_claims_status_changes_by_date(write: Write) -> None:
    text = ledger([*(("c", a, s, d) for _c, a, s, d in [
        ("c", "east", "qualifies", "2025-03-01"), ("c", "west", "asserts", "2025-03-03"),
        ("c", "east", "asserts", "2025-03-05"), ("c", "north", "denies", "2025-03-07")]),
        ("d", "north", "denies", "2025-03-02")],
        claims=[("c", "A claim."), ("d", "Another claim.")])
    result = kursk(["timeline", "-l", str(write(text)), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "date,claim_id,claim,from_status,to_status",
        "2025-03-01,c,A claim.,,qualified",
        "2025-03-02,d,Another claim.,,denied",
        "2025-03-03,c,A claim.,qualified,asserted",
        "2025-03-07,c,A claim.,asserted,disputed",
    ]
    since = kursk(["timeline", "-l", str(write(text)), "--since", "2025-03-03", "-f", "csv"])
    assert since.stdout.splitlines()[1:] == ["2025-03-03,c,A claim.,qualified,asserted",
                                             "2025-03-07,c,A claim.,asserted,disputed"]
    north = kursk(["timeline", "-l", str(write(text)), "--actor", "north", "--until",
                   "2025-03-02", "-f", "csv"])
    assert north.stdout.splitlines()[1:] == ["2025-03-01,c,A claim.,,qualified",
                                             "2025-03-02,d,Another claim.,,denied"]


def test_a_window_shows_the_status_that_held_before_it(write: Write) -> None:
    path = write(THREE_CHANGES)
    result = kursk(["timeline", "c", "-l", str(path), "--since", "2025-03-02",
                    "--actor", "West", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [(r["date"], r["actor_id"], r["stance"], r["status_after"])
            for r in json.loads(result.stdout)] == [
        ("2025-03-03", "west", "asserts", "asserted"),
        ("2025-03-07", "west", "denies", "disputed"),
        ("2025-03-07", "west", "asserts", "disputed"),
    ]
    table = kursk(["timeline", "c", "-l", str(path), "--since", "2025-03-02",
                   "--actor", "west"])
    assert table.stdout.splitlines()[-1] == (
        "status: qualified before 2025-03-03, then asserted from 2025-03-03, then disputed "
        "from 2025-03-07")


def test_two_reversals_are_listed_and_marked_by_show(write: Write) -> None:
    path = write(ledger([
        ("c", "east", "asserts", "2025-03-01"),
        ("c", "east", "qualifies", "2025-03-02"),
        ("c", "east", "denies", "2025-03-04"),
        ("c", "west", "denies", "2025-03-04"),
        ("c", "east", "denies", "2025-03-05"),
        ("c", "east", "asserts", "2025-03-09"),
    ]))
    result = kursk(["timeline", "--reversals", "-l", str(path), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "actor_id,actor,claim_id,claim,from_stance,from_date,from_words,from_quoted,"
        "to_stance,to_date,to_words,to_quoted",
        "east,East Command,c,A claim.,asserts,2025-03-01,Statement 0.,paraphrase,"
        "denies,2025-03-04,Statement 2.,paraphrase",
        "east,East Command,c,A claim.,denies,2025-03-05,Statement 4.,paraphrase,"
        "asserts,2025-03-09,Statement 5.,paraphrase",
    ]
    shown = kursk(["show", "c", "-l", str(path)])
    assert shown.stdout.splitlines()[1:4] == [
        "status: disputed   id: c",
        "reversal: East Command asserts on 2025-03-01, denies on 2025-03-04",
        "reversal: East Command denies on 2025-03-05, asserts on 2025-03-09",
    ]
    later = kursk(["timeline", "c", "--reversals", "-l", str(path), "--since", "2025-03-05"])
    assert [line.rstrip() for line in later.stdout.splitlines()] == [
        # (as wide as the content needs, not stretched to the terminal's 100 columns)
        "actor          claim      before                      later",
        "─" * 79,
        "East Command   A claim.   denies  2025-03-05          asserts  2025-03-09",
        "               c          Statement 4. (paraphrase)   Statement 5. (paraphrase)",
    ]


def test_statements_on_the_same_day_never_reverse_each_other(write: Write) -> None:
    path = write(ledger([
        ("c", "east", "asserts", "2025-03-01"),
        ("c", "east", "denies", "2025-03-01"),
        ("c", "east", "asserts", "2025-03-02"),
    ]))
    result = kursk(["timeline", "--reversals", "-l", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no reversals match\n")
    shown = kursk(["show", "c", "-l", str(path)])
    assert "reversal" not in shown.stdout
    chart = kursk(["timeline", "c", "-l", str(path)])
    assert chart.stdout.splitlines()[4].rstrip() == "East Command +-         +"


def test_one_date_only(write: Write) -> None:
    path = write(ledger([("c", "east", "asserts", "2025-03-01"),
                         ("c", "west", "asserts", "2025-03-01")]))
    result = kursk(["timeline", "c", "-l", str(path)])
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "A claim.", "c · one column per day · 2025-03-01", "",
        "             2025-03-01",
        "East Command +",
        "West Command +",
        "status       +",
        "", *LEGEND.splitlines(),
        "status: asserted from 2025-03-01",
    ]


def test_a_thousand_dates_fit_80_columns(write: Write) -> None:
    first = dt.date(2024, 1, 1)
    path = write(ledger([
        ("c", ("east", "west", "north")[n % 3], ("asserts", "denies")[n % 2],
         (first + dt.timedelta(days=n)).isoformat()) for n in range(1000)]))
    result = kursk(["timeline", "c", "-l", str(path)], COLUMNS="80")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert lines[1] == "c · one column per month · 2024-01-01 to 2026-09-26"
    assert lines[3].split() == ["2024-01", "2024-05", "2024-09", "2025-01", "2025-05",
                                "2025-09", "2026-01", "2026-05"]
    assert lines[4].split() == ["East", "Command", *["*"] * 33]
    assert result.stderr == ""


def test_years_that_do_not_fit_are_the_earliest_and_are_counted(write: Write) -> None:
    path = write(ledger([("c", "east", "asserts", "1850-01-01"),
                         ("c", "west", "denies", "2025-06-01")]))
    result = kursk(["timeline", "c", "-l", str(path)], COLUMNS="80")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert lines[3].split()[-1] == "2023"
    assert lines[6].split() == ["status", *["+"] * 32, "±"]
    assert result.stderr == ("… 143 earlier years do not fit the width; narrow with "
                             "--since, or use --format csv\n")


def test_nothing_to_show_and_unknown_names(write: Write) -> None:
    path = write(ledger([("c", "east", "asserts", "2025-03-01")]))
    empty = kursk(["timeline", "c", "-l", str(path), "--actor", "west"])
    assert (empty.exit_code, empty.stdout, empty.stderr) == (0, "", "no statements match\n")
    unknown = kursk(["timeline", "d", "-l", str(path)])
    assert (unknown.exit_code, unknown.stdout) == (1, "")
    assert unknown.stderr == "kursk: no claim with id 'd'; 'kursk claims' lists them all\n"


def test_lane_names_are_inert_and_wrapped_to_the_same_width(write: Write) -> None:
    text = ledger([("c", "east", "asserts", "2025-03-01"), ("c", "west", "denies",
                                                            "2025-03-01")])
    text = text.replace("name: East Command", "name: 東部司令部東部司令部東部司令部東部司令部")
    text = text.replace("name: West Command",
                        'name: "[bold]West Command of the Northern Front Lines"')
    result = kursk(["timeline", "c", "-l", str(write(text))], COLUMNS="40")
    assert result.exit_code == 0, result.output
    # A name wraps at its spaces (a word wider than the lane is folded), never cut.
    assert [line.rstrip() for line in result.stdout.splitlines()[3:9]] == [
        "                             2025-03-01",
        "東部司令部東部司令部東部司令 +",
        "部東部司令部",
        "[bold]West Command of the    -",
        "Northern Front Lines",
        "status                       ±",
    ]


def test_a_ledger_in_several_files(tmp_path: Path) -> None:
    whole = ledger([("c", "east", "asserts", "2025-03-01"), ("c", "west", "denies",
                                                            "2025-03-02"),
                    ("c", "east", "denies", "2025-03-04")])
    root, _, claims = whole.partition("claims:\n")
    (tmp_path / "main.yaml").write_text(root + "include: [claims/*.yaml]\n", encoding="utf-8")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "march.yaml").write_text("claims:\n" + claims, encoding="utf-8")
    result = kursk(["timeline", "-l", str(tmp_path / "main.yaml"), "--reversals", "-f",
                    "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == (
        "east,East Command,c,A claim.,asserts,2025-03-01,Statement 0.,paraphrase,denies,"
        "2025-03-04,Statement 2.,paraphrase")
    changes = kursk(["timeline", "-l", str(tmp_path / "main.yaml"), "-f", "csv"])
    assert changes.stdout.splitlines()[1:] == ["2025-03-01,c,A claim.,,asserted",
                                               "2025-03-02,c,A claim.,asserted,disputed"]
