"""kursk draft: direct quotes in the shapes wire copy gives them, each in a report
written for this test, drafted against a ledger that knows nobody."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import drafted, kursk

EMPTY = """\
sources: []
actors: []
claims: []
"""

HEAD = "A headline for the test\n\nHARLOW, June 2, 2025 (Testwire) - "


@pytest.fixture
def draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], dict[str, Any]]:
    """Draft a report (HEAD, then the body dedented) against an empty ledger; the
    fragment as data (see helpers.drafted)."""
    monkeypatch.chdir(tmp_path)
    return lambda body: drafted(tmp_path, EMPTY, HEAD + textwrap.dedent(body))


def quotes(fragment: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(actor, stance, quote) of each drafted quote."""
    return [(s["actor"], s["stance"], s["quote"]) for s in fragment["statements"]
            if "quote" in s]


def test_a_quote_closing_a_clause_then_its_speaker(
        draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft("The flooding of the valley was “a careless and costly blunder, a disgrace,” "
                  "Mirela Dost said.\n")
    assert quotes(found) == [("mirela-dost", "asserts",
                              "a careless and costly blunder, a disgrace")]


def test_a_quote_with_a_statement_and_no_verb(draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft("The Osterland coastguard said its cutters had left the bay. "
                  '"Our cutters are back in port and nobody is missing," a statement released '
                  "late on Sunday.\n")
    assert quotes(found) == [("osterland-coastguard", "asserts",
                              "Our cutters are back in port and nobody is missing")]
    assert "speaker from 'a statement' on line 3" in found["stdout"]


def test_the_body_a_bare_ministry_or_board_stands_for(
        draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft("""\
        Osterland denied on Monday that its engineers had opened the sluices.

        “No gate was opened by our engineers at any time,” the ministry said.

        “The sluices stayed shut all week,” the official statement said.
        """)
    assert quotes(found) == [
        ("osterland", "denies", "No gate was opened by our engineers at any time"),
        ("osterland", "asserts", "The sluices stayed shut all week")]
    assert "speaker from 'the ministry' on line 5" in found["stdout"]


def test_a_spokesperson_is_a_person_not_the_body(
        draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft("""\
        The Osterland Navy spokesperson said its crews had "returned every vessel safely."

        The Osterland Navy said that the exercise had ended. "We stand down from tonight,"
        a statement read on state radio.
        """)
    assert [(a["id"], a["kind"]) for a in found["actors"]] == [
        ("osterland-navy-spokesperson", "person"), ("osterland-navy", "organization")]
    assert quotes(found)[-1] == ("osterland-navy", "asserts", "We stand down from tonight")


def test_a_command_is_not_the_infantry_of_the_same_country(
        draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft("""\
        The Osterland infantry said it had held the ridge.

        On Monday the Osterland command announced that “our gunners brought down three
        drones over the ridge.”
        """)
    assert quotes(found) == [("osterland-command", "asserts",
                              "our gunners brought down three drones over the ridge.")]


def test_according_to_an_outlet_the_body_it_reports_speaks(
        draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft("According to Testwire, the Harbour Safety Board's review found that two "
                  'of the nine cranes were "left unchecked for a whole season."\n')
    assert quotes(found) == [("harbour-safety-board", "asserts",
                              "left unchecked for a whole season.")]


def test_a_second_attribution_between_two_quotes(
        draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft("Mirela Dost warned that “the levee will not last another winter,” the "
                  "Pell Water Board wrote, adding that it had asked for “an engineer on site "
                  "by the end of the month.”\n")
    assert quotes(found) == [
        ("mirela-dost", "asserts", "the levee will not last another winter"),
        ("pell-water-board", "asserts", "an engineer on site by the end of the month.")]


def test_quotes_in_a_participial_opener_are_the_main_speakers(
        draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft('Citing "two engineers who walked the whole levee," Mirela Dost said that '
                  "the levee had been inspected in May.\n")
    assert [(s["actor"], s.get("quote", s.get("paraphrase"))) for s in found["statements"]
            ] == [("mirela-dost", "two engineers who walked the whole levee"),
                  ("mirela-dost", "the levee had been inspected in May")]


@pytest.mark.parametrize("words", [
    "The Osterland government rejects the baseline charges made against its engineers",
    "The photographs shown at the hearing were forged by people abroad",
    "I don't know of any engineer of ours who went near the sluices",
], ids=["rejects-the-charges", "forged", "knows-of-none"])
def test_a_quote_that_rejects_the_claim_in_its_own_words(
        draft: Callable[[str], dict[str, Any]], words: str) -> None:
    found = draft(f"“{words},” Mirela Dost said.\n")
    assert quotes(found) == [("mirela-dost", "denies", words)]


def test_a_sentence_ending_in_a_number_ends_before_the_next_quote(
        draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft("Mirela Dost said the sluices were shut on June 5. “We open them again once "
                  "the river falls,” she added.\n")
    assert [(s["actor"], s.get("quote", s.get("paraphrase"))) for s in found["statements"]
            ] == [("mirela-dost", "the sluices were shut on June 5"),
                  ("mirela-dost", "We open them again once the river falls")]


def test_an_unnamed_spokesperson_speaks_for_the_body(
        draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft('"We have reached no agreement with anybody on the dam," a spokesperson '
                  "for Osterland said.\n")
    assert quotes(found) == [("osterland", "asserts",
                              "We have reached no agreement with anybody on the dam")]
    assert [(a["id"], a["kind"]) for a in found["actors"]] == [("osterland", "organization")]
    assert "speaker from 'a spokesperson for Osterland' on line 3" in found["stdout"]


def test_a_quote_over_paragraphs_after_a_colon_leaves_nothing_out(
        draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft("""\
        Mirela Dost told reporters on Monday: "Nobody here has seen water come over the top.

        "The engineers walked the whole levee on Sunday and found nothing wrong."
        """)
    assert quotes(found) == [("mirela-dost", "asserts",
                              "Nobody here has seen water come over the top. The engineers "
                              "walked the whole levee on Sunday and found nothing wrong.")]
    assert "left out" not in found["stderr"]


@pytest.mark.parametrize("headline", [
    'Dost: "The levee holds and it will hold"',
    'Dost calls levee reports "a fantasy from start to finish"',
], ids=["name-colon", "calls"])
def test_a_quote_in_a_headline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               headline: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ledger.yaml").write_text(EMPTY, encoding="utf-8")
    (tmp_path / "report.txt").write_text(
        f"{headline}\n\nHARLOW, June 2, 2025 (Testwire) - Mirela Dost, the mayor of Pell, "
        "spoke on Monday.\n", encoding="utf-8")
    result = kursk(["draft", "report.txt", "-l", "ledger.yaml"])
    assert result.exit_code == 0, result.output
    fragment = yaml.safe_load(result.stdout)
    assert [(s["actor"], s["quote"]) for c in fragment["claims"] for s in c["statements"]
            ] == [("dost", headline.split('"')[1])]


def test_a_label_before_a_colon_is_not_a_speaker(
        draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft('UPDATE: "The levee holds and it will hold."\n')
    assert quotes(found) == []
    assert "no speaker found for this quote" in found["stderr"]


def test_a_quote_inside_a_quote_with_its_own_named_speaker(
        draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft("""\
        "Colonel Ivo Brandt shouted at them, 'Leave the boats where they are,' and walked
        away," Piet Lund recalled. "He told us, 'Nobody leaves the camp tonight,' and
        drove off."
        """)
    assert quotes(found) == [
        ("piet-lund", "asserts", "Colonel Ivo Brandt shouted at them, 'Leave the boats where "
         "they are,' and walked away"),
        ("ivo-brandt", "asserts", "Leave the boats where they are"),
        ("piet-lund", "asserts", "He told us, 'Nobody leaves the camp tonight,' and drove "
         "off.")]


def test_a_named_speaker_of_a_body(draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft('"Nobody crossed the levee on Sunday night," Major General Ivo Brandt of the '
                  "Osterland army told Testwire.\n")
    assert quotes(found) == [("ivo-brandt", "asserts",
                              "Nobody crossed the levee on Sunday night")]
    assert found["actors"] == [{"id": "ivo-brandt", "name": "Ivo Brandt",
                                "role": "Major General of the Osterland army",
                                "kind": "person"}]


def test_a_bare_ministry_is_never_a_body_that_spoke_further_back(
        draft: Callable[[str], dict[str, Any]]) -> None:
    found = draft("""\
        Osterland denied on Monday that its engineers had opened the sluices.

        “The water came over the top at midnight,” Mirela Dost said.

        “No gate was opened by our engineers at any time,” the ministry said.
        """)
    speakers = [actor for actor, _stance, _words in quotes(found)]
    assert speakers[:1] == ["mirela-dost"]
    assert "osterland" not in speakers
