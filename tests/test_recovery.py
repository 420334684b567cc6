"""All problems at once: after a YAML syntax error, reading resumes at the next entry of
the same section, so one run reports every mistake, and fixing exactly what it reports
gives a ledger that checks clean."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import kursk

Write = Callable[..., Path]

BROKEN = """\
sources:
  - id: report
    title: A report
    published: 2025-03-14
actors:
  - id: putin
    name: Vladimir Putin
  - id: peskov
    name: Dmitry Peskov
    role: Kremlin spokesman: the voice
  - id: staff
    name: General Staff
claims:
  - id: one
    text: Troops are encircled.
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-13
        source: report
        quote: He said: surrender
  - id: two
    text: Claim two.
    statements:
      - actor: peskov
        stance: asserts
        date: 2025-03-13
        source: report
        quote: x
        paraphrase: y
      - actor: staff
        stance: denies
        date: 2025-03-13
        source: reprot
      - actor: Vladimir Putin
        stnace: denies
        date: 2025-03-31
        source: report
        paraphrase: z
  - id: three
    text: "Claim three
    statements:
      - actor: staff
        stance: qualifies
        date: 2025-03-14
        source: report
        quote: v
"""

REPORTED = [
    "10:28: a ': ' here that YAML reads as a new key; put the whole value in quotes",
    "21:23: a ': ' here that YAML reads as a new key; put the whole value in quotes",
    "30:21: a statement has a quote or a paraphrase, not both; put the other in a second "
    "statement or the note",
    "31:9: statement needs a 'quote' (the exact words) or a 'paraphrase' (reported speech)",
    "34:17: unknown source 'reprot'; did you mean 'report'?",
    "35:9: statement is missing 'stance'",
    "35:16: 'actor' must be a lowercase id (a-z, 0-9 and single hyphens), not "
    "'Vladimir Putin'; did you mean 'putin'?",
    "36:9: unknown key 'stnace' in statement; did you mean 'stance'?",
    "37:15: statement dated 2025-03-31 is later than its source 'report', published "
    "2025-03-14",
    "41:11: this quoted text is never closed; add the closing \" at its end",
]

#: Each reported problem, fixed as its message says.
FIXES = [
    ("role: Kremlin spokesman: the voice", 'role: "Kremlin spokesman: the voice"'),
    ("quote: He said: surrender", 'quote: "He said: surrender"'),
    ("        paraphrase: y\n", ""),
    ("        source: reprot\n", "        source: report\n        paraphrase: w\n"),
    ("actor: Vladimir Putin", "actor: putin"),
    ("stnace: denies", "stance: denies"),
    ("date: 2025-03-31", "date: 2025-03-14"),
    ('text: "Claim three\n', 'text: "Claim three"\n'),
]


def test_every_mistake_is_reported_in_one_run(write: Write) -> None:
    path = write(BROKEN)
    result = kursk(["check", "-l", str(path), "--no-cache"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{path}:{line}" for line in REPORTED] + [
        f"10 problems in {path}"]


def test_fixing_exactly_what_is_reported_checks_clean(write: Write) -> None:
    text = BROKEN
    for old, new in FIXES:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    result = kursk(["check", "-l", str(write(text)), "--no-cache"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(": ok: 3 claims, 3 actors, 5 statements, 1 disputed\n")


@pytest.mark.parametrize(("broken", "expected"), [
    # The last entry of a section breaks: reading resumes at the next section.
    ("actors:\n  - id: a\n    name: x: y\nclaims:\n  - id: c\n    text: T\n    statements:\n"
     "      - actor: a\n        stance: assert\n        date: 2025-03-14\n"
     "        source: s\n        quote: q\nsources:\n  - id: s\n    title: S\n"
     "    published: 2025-03-14\n",
     ["3:12: a ': ' here that YAML reads as a new key; put the whole value in quotes",
      "9:17: 'stance' must be asserts, denies or qualifies, not 'assert'; did you mean "
      "'asserts'?"]),
    # A syntax error outside any section's entries: nothing to resume at.
    ("version: 1: x\nsources: []\nactors: []\nclaims: []\n",
     ["1:11: a ': ' here that YAML reads as a new key; put the whole value in quotes"]),
])
def test_where_reading_resumes(write: Write, broken: str, expected: list[str]) -> None:
    path = write(broken)
    result = kursk(["check", "-l", str(path), "--no-cache"])
    assert result.stderr.splitlines()[:-1] == [f"{path}:{line}" for line in expected]
