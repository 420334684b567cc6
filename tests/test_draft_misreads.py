"""Drafting sentences that look like speech and are not, or whose speaker sits somewhere
the rules did not look: each a misreading found by drafting reports written here.

Each test drafts a short report against a ledger that knows one person and asserts what a
reviewer sees: the statements (speaker, stance, words), the guesses beside them and the
lines left out on stderr.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import HARBOUR_HEAD as HEAD
from helpers import HARBOUR_LEDGER as LEDGER
from helpers import drafted, kursk, said

Draft = Callable[[str], dict[str, Any]]


@pytest.fixture
def draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Draft:
    """Draft a report (HEAD then ``body`` dedented) against LEDGER, then merge it into
    the ledger (a draft always merges); the fragment as data (see helpers.drafted)."""
    monkeypatch.chdir(tmp_path)
    return lambda body: drafted(tmp_path, LEDGER, HEAD + textwrap.dedent(body), merge=True)


def test_nobody_is_not_a_speaker(draft: Draft) -> None:
    found = draft("Nobody said the pier would hold. No one said the cables were cut.\n")
    # what nobody said is not anybody's statement, and no actor "Nobody" is made up
    assert said(found) == []
    assert found["actors"] is None or found["actors"] == []
    assert found["stderr"].count("left out") == 2


def test_saying_nothing_is_not_a_statement(draft: Draft) -> None:
    found = draft("The harbour police said nothing about the cables. Ardent said little "
                  "about the divers.\n")
    assert said(found) == []
    assert found["stderr"].count("'said' is not speech here") == 2


def test_answering_questions_is_not_what_was_said(draft: Draft) -> None:
    found = draft("Ardent answered questions from reporters for an hour.\n")
    assert said(found) == []
    assert "'answered' is not speech here" in found["stderr"]


def test_a_clause_after_although_is_its_own_speakers(draft: Draft) -> None:
    found = draft('The pier was "a scandal," residents said, although the council '
                  "said the piles had held.\n")
    # the council's words are never the residents'
    assert said(found) == [("council", "asserts", "the piles had held")]


def test_what_an_inquiry_found_is_the_inquirys(draft: Draft) -> None:
    found = draft("""\
        Residents said the water was dirty.

        According to the agency, the inquiry found that the divers "acted within the port rules."
        """)
    quoted = [s for s in found["statements"] if "quote" in s]
    assert [s["actor"] for s in quoted] == ["inquiry"]
    assert "# Guessed: speaker from 'the inquiry' on line 5." in found["text"]


def test_the_agency_is_never_a_group_of_people(draft: Draft) -> None:
    found = draft("""\
        Residents said the water was dirty.

        The divers had left the port, the agency said.
        """)
    assert said(found) == [("residents", "asserts", "the water was dirty"),
                           ("agency", "asserts", "The divers had left the port")]
    assert "# Guessed: speaker from 'the agency' on line 5." in found["text"]


def test_a_statement_from_a_named_body_is_that_bodys(draft: Draft) -> None:
    found = draft("""\
        Residents said the water was dirty.

        "We did not close the port," a statement from the Harbour Board read.
        """)
    assert said(found)[1:] == [("harbour-board", "denies", '"We did not close the port"')]


def test_a_denial_that_was_not_made_is_no_denial(draft: Draft) -> None:
    found = draft("Ardent did not deny that the divers had cut the cables. The harbour board "
                  "has never denied the charge.\n")
    # what a speaker did not deny is neither denied nor asserted by them
    assert said(found) == []
    assert found["stderr"].count("is not speech here") == 2


def test_asking_not_to_be_named_is_not_what_was_said(draft: Draft) -> None:
    found = draft("Residents of Lundhaven, who asked not to be named, said the pier had "
                  "sunk.\n")
    assert said(found) == [("residents-of-lundhaven", "asserts", "the pier had sunk")]


def test_words_said_again_are_drafted_once_and_the_repeat_listed(draft: Draft) -> None:
    found = draft("""\
        Ardent said the pier was shut.

        Ardent said the pier was shut.
        """)
    assert said(found) == [("ardent", "asserts", "the pier was shut")]
    # the speaker was found: the repeat is listed as one, not as a quote without a speaker
    assert found["stderr"].splitlines()[0] == (
        "report.txt:5: the same words of Mira Ardent as on line 3, drafted there, left out: "
        '"the pier was shut"')


def test_a_titled_name_before_its_role_is_the_speaker(draft: Draft) -> None:
    found = draft("Colonel Ivo Brandt, a harbour guard spokesman, said the pier was shut.\n")
    assert said(found) == [("ivo-brandt", "asserts", "the pier was shut")]
    assert found["actors"] == [{"id": "ivo-brandt", "name": "Ivo Brandt",
                                "role": "Colonel (harbour guard spokesman)",
                                "kind": "person"}]


def test_a_bare_council_is_never_a_ministry_that_spoke_last(draft: Draft) -> None:
    found = draft("""\
        The Vessby interior ministry said the pier was shut.

        The drains had worked, the council said.
        """)
    assert said(found)[1:] == [("council", "asserts", "The drains had worked")]
    assert "# Guessed: speaker from 'the council' on line 5." in found["text"]


def test_an_id_keeps_the_letters_of_a_name_accents_cannot_strip(draft: Draft) -> None:
    found = draft("Jørn Ødegård and Łucja Weiß said the pier was shut.\n")
    assert [a["id"] for a in found["actors"]] == ["jorn-odegard", "lucja-weiss"]


def test_a_new_claims_id_keeps_accented_words_whole(draft: Draft) -> None:
    found = draft("Ardent said the Ñúñez bridge at Ávila was shut.\n")
    assert [c["id"] for c in found["claims"]] == ["ardent-nunez-bridge-avila-shut"]


def test_a_word_of_no_latin_letters_leaves_no_gap_in_an_id(draft: Draft) -> None:
    found = draft("Ardent said the กขค pier was shut.\n")
    assert [c["id"] for c in found["claims"]] == ["ardent-pier-shut"]


def test_a_statement_from_a_bodys_possession_is_that_bodys(draft: Draft) -> None:
    found = draft('"We did not close the port," a statement from Vessby\'s harbour board read.\n')
    assert said(found) == [("vessby-harbour-board", "denies", '"We did not close the port"')]


def test_a_single_quoted_word_ending_in_s_closes_its_quote(draft: Draft) -> None:
    found = draft("""\
        The harbour board called the claims 'baseless' and said the divers had left.

        'The soldiers' boats were never near the pier,' Ardent said. 'Not once, not ever.'
        """)
    # the board's scare quote is never a quote running on with the report's words
    assert said(found) == [
        ("harbour-board", "denies", "the claims 'baseless'"),
        ("harbour-board", "asserts", "the divers had left"),
        ("ardent", "denies", '"The soldiers\' boats were never near the pier"'),
        ("ardent", "asserts", '"Not once, not ever."')]


def test_questioning_people_and_recalling_an_envoy_say_nothing(draft: Draft) -> None:
    found = draft("""\
        Harbour police questioned three local divers on Friday. Vessby recalled its envoy.

        The board questioned whether the pier was safe. Ardent recalled that the pier had flooded.
        """)
    assert said(found) == [("board", "asserts", "whether the pier was safe"),
                           ("ardent", "asserts", "the pier had flooded")]
    assert found["stderr"].count("is not speech here") == 2


def test_words_others_call_a_thing_are_not_the_speakers_quote(draft: Draft) -> None:
    found = draft("""\
        Fishermen call the pier "a trap for every boat in the bay," Ardent said.

        The sign on the gate read "closed until the board says otherwise," Ardent said.

        Ardent said the rule, which bans "any boat longer than ten metres," was dropped.
        """)
    # none of these quotes is Ardent's own words; the paraphrase keeps the law's
    assert said(found) == [("ardent", "asserts", 'the rule, which bans "any boat longer than '
                            'ten metres," was dropped')]
    assert found["stderr"].count("no speaker found for this quote") == 2


def test_negations_that_assert_are_not_denials(draft: Draft) -> None:
    found = draft("""\
        Ardent said there was no doubt the pier had sunk.

        Ardent said it was not false that the divers had left.

        Ardent said the crews did not hesitate to save the boats.

        Ardent said nothing could be further from the truth.
        """)
    assert said(found) == [
        ("ardent", "asserts", "there was no doubt the pier had sunk"),
        ("ardent", "asserts", "it was not false that the divers had left"),
        ("ardent", "asserts", "the crews did not hesitate to save the boats"),
        ("ardent", "asserts", "nothing could be further from the truth")]


def test_words_admitted_then_denied_are_two_statements(draft: Draft) -> None:
    found = draft("""\
        Ardent admitted the pier had sunk.

        Ardent denied the pier had sunk.
        """)
    assert said(found) == [("ardent", "qualifies", "the pier had sunk"),
                           ("ardent", "denies", "the pier had sunk")]


def test_the_same_outlet_is_the_newspaper_never_a_person(draft: Draft) -> None:
    found = draft("""\
        The Lundhaven Courier reported that the pier had sunk. Ardent said the report was wrong.

        The same outlet later said two divers had left.
        """)
    assert said(found)[2:] == [("lundhaven-courier", "asserts", "two divers had left")]
    assert [(a["id"], a["kind"]) for a in found["actors"]] == [
        ("lundhaven-courier", "organization")]


def test_according_to_in_the_middle_keeps_the_whole_sentence(draft: Draft) -> None:
    found = draft("The divers, according to Ardent, had left before midnight.\n")
    assert said(found) == [("ardent", "asserts", "The divers had left before midnight")]


def test_a_quote_in_a_paragraph_naming_nobody_is_a_guessed_speaker(draft: Draft) -> None:
    found = draft("""\
        "The pier held," Ardent said.

        "The divers left at midnight and never came back to the harbour."
        """)
    assert said(found) == [("ardent", "asserts", '"The pier held"'),
                           ("ardent", "denies", '"The divers left at midnight and never came '
                            'back to the harbour."')]
    assert "# Guessed: speaker: the last to speak, on line 3." in found["text"]


def test_a_line_separator_inside_a_quote_parts_its_words(draft: Draft) -> None:
    found = draft('"The pier\u2028sank and\x0bthe divers left," Ardent said.\n')
    assert said(found) == [("ardent", "asserts", '"The pier sank and the divers left"')]


def test_each_speaker_of_a_list_says_it(draft: Draft) -> None:
    found = draft("Ardent, Vessby and the harbour board all said the pier would reopen.\n")
    # none of them dropped, nor a speaker named "Ardent, Vessby"
    assert [a for a, _s, _w in said(found)] == ["ardent", "vessby", "harbour-board"]


def test_whom_something_was_told_is_not_what_was_said(draft: Draft) -> None:
    found = draft("""\
        Ardent told the harbour court that the divers had lied about the pier.

        Vessby told Ardent to leave the harbour.
        """)
    assert said(found) == [("ardent", "asserts", "the divers had lied about the pier"),
                           ("vessby", "asserts", "Ardent should leave the harbour")]


def test_a_wire_label_before_the_headline_is_not_the_speaker(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ledger.yaml").write_text(LEDGER, encoding="utf-8")
    (tmp_path / "report.txt").write_text(
        "UPDATE 2-Vessby says pier is safe, denies sabotage\n\n"
        "LUNDHAVEN, May 2, 2025 (Testwire) - The pier sank.\n", encoding="utf-8")
    result = kursk(["draft", "report.txt", "-l", "ledger.yaml"])
    assert result.exit_code == 0, result.output
    fragment = yaml.safe_load(result.stdout)
    assert [(s["actor"], s["paraphrase"]) for c in fragment["claims"]
            for s in c["statements"]] == [("vessby", "pier is safe"),
                                          ("vessby", "denies sabotage")]


def test_a_body_named_with_its_place_is_never_the_place(draft: Draft) -> None:
    found = draft("""\
        The harbour ministry in Lundhaven said the pier was shut.

        The port authority of Vessby said the pier was open.
        """)
    assert [a for a, _s, _w in said(found)] == ["harbour-ministry-in-lundhaven",
                                                "port-authority-of-vessby"]


def test_a_clause_is_never_a_body_named_by_what_it_is(draft: Draft) -> None:
    found = draft("The mayor, who has denied any wrongdoing, said the inquiry would report "
                  "in May.\n")
    # no actor named "Mayor said the inquiry" saying "in May"
    assert [s for s in said(found) if s[2] == "in May"] == []
    assert all("said" not in a["name"] for a in found["actors"] or [])


def test_idioms_with_a_speech_verb_report_no_speech(draft: Draft) -> None:
    found = draft("""\
        Having said that, Ardent expects the pier to reopen.

        That said, the pier stays shut. Needless to say, the divers left.
        """)
    assert said(found) == []
    assert found["stderr"].count("is not speech here") == 3
