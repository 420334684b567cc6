"""Drafting reported speech: the constructions of wire copy, in sentences written here.

Each test drafts a short report against a ledger that knows one person, and asserts what
a reviewer sees: the statements (speaker, stance, words), the guesses written beside them
and the lines left out on stderr.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import HARBOUR_HEAD as HEAD
from helpers import HARBOUR_LEDGER as LEDGER
from helpers import drafted, said

Draft = Callable[..., dict[str, Any]]


@pytest.fixture
def draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Draft:
    """Draft a report (``head``, then ``body`` dedented) against LEDGER; the fragment as
    data (see helpers.drafted)."""
    monkeypatch.chdir(tmp_path)
    return lambda body, head=HEAD: drafted(tmp_path, LEDGER, head + textwrap.dedent(body))


# ------------------------------------------------------ a complement partly in quotes


def test_a_complement_partly_quoted_is_a_paraphrase_and_a_quote(draft: Draft) -> None:
    found = draft('Ardent said the ferry tolls "were never raised this spring."\n')
    assert said(found) == [
        ("ardent", "denies", 'the ferry tolls "were never raised this spring."'),
        ("ardent", "denies", '"were never raised this spring."')]
    # both under one claim: the same words of one speaker
    assert len(found["claims"]) == 1


def test_a_short_quote_after_was_needs_its_subject(draft: Draft) -> None:
    found = draft('Ardent said the fire at the pier was "not our doing."\n')
    assert said(found) == [("ardent", "denies", 'the fire at the pier was "not our doing."'),
                           ("ardent", "denies", '"not our doing."')]


@pytest.mark.parametrize("sentence", [
    'Ardent said that "the ferry tolls were never raised this spring."',
    'Ardent said the new tariff was "a tax on every fisherman in the bay."',
], ids=["all-in-quotes", "a-subject-and-was"])
def test_a_complement_the_quote_makes_whole_is_a_quote(draft: Draft, sentence: str) -> None:
    found = draft(sentence + "\n")
    assert [(a, w[0]) for a, _s, w in said(found)] == [("ardent", '"')]


# --------------------------------------------------- a body named only by what it is


def test_a_body_named_only_by_what_it_is_speaks_as_a_guess(draft: Draft) -> None:
    found = draft('''\
        The harbour agency said on Friday that two cranes had failed.

        The agency also noted that the cranes were insured.
        ''')
    assert said(found) == [("harbour-agency", "asserts", "two cranes had failed"),
                           ("harbour-agency", "asserts", "the cranes were insured")]
    assert found["actors"] == [{"id": "harbour-agency", "name": "Harbour agency",
                                "kind": "organization"}]
    assert "# Guessed: speaker from 'the harbour agency' on line 3." in found["stdout"]
    # named before, the agency is the one that spoke: a guess from the role word
    assert "# Guessed: speaker from 'The agency' on line 5." in found["stdout"]


def test_the_same_outlet_is_the_body_that_spoke_last(draft: Draft) -> None:
    found = draft('''\
        The Lundhaven Courier reported that the pier was closed.

        The same outlet noted that the pier had been closed twice before.
        ''')
    assert said(found) == [
        ("lundhaven-courier", "asserts", "the pier was closed"),
        ("lundhaven-courier", "asserts", "the pier had been closed twice before")]
    assert "# Guessed: speaker from 'the same outlet' on line 5." in found["stdout"]


def test_the_same_agency_is_not_the_person_who_spoke_since(draft: Draft) -> None:
    found = draft('''\
        The Lundhaven Port Agency said that the pier was closed.

        Ardent said the closure would be short.

        The same agency noted that the pier had been closed twice before.
        ''')
    assert said(found)[2] == ("lundhaven-port-agency", "asserts",
                              "the pier had been closed twice before")


def test_a_body_never_named_and_nobody_before_is_left_out(draft: Draft) -> None:
    found = draft("The same outlet noted that the pier had been closed twice before.\n")
    assert said(found) == []
    assert "report.txt:3: no speaker found before 'noted'" in found["stderr"]


# -------------------------------------------------------------------- rejected by


def test_a_view_rejected_by_someone_is_their_denial(draft: Draft) -> None:
    found = draft("Ardent said the tolls were fair, a view rejected by the Fishers' Union.\n")
    assert said(found) == [("fishers-union", "denies", "the tolls were fair"),
                           ("ardent", "asserts", "the tolls were fair")]


# ----------------------------------------------------------------------- sentences


def test_a_sentence_ending_in_a_number_ends_there(draft: Draft) -> None:
    found = draft('Ardent said the pier reopened on June 5. "We lost a week of trade," '
                  "she added.\n")
    assert said(found) == [("ardent", "asserts", "the pier reopened on June 5"),
                           ("ardent", "asserts", '"We lost a week of trade"')]


# ------------------------------------------------------- a participle after a quote


def test_a_participle_after_a_quotes_attribution_goes_on(draft: Draft) -> None:
    found = draft('''\
        "The berths are open again," the harbour office said, adding that ferries would run
        on Sunday.

        "No crane was damaged in the storm," Ardent stated, refuting reports of a collapse
        at the pier.
        ''')
    assert said(found) == [
        ("harbour-office", "asserts", '"The berths are open again"'),
        ("harbour-office", "asserts", "ferries would run on Sunday"),
        ("ardent", "denies", '"No crane was damaged in the storm"'),
        ("ardent", "denies", "reports of a collapse at the pier")]


def test_demanding_goes_on_after_an_accusation(draft: Draft) -> None:
    found = draft("Ardent accused the Fishers' Union of blocking the pier, demanding that it "
                  "pay for the lost days.\n")
    assert said(found) == [("ardent", "asserts", "the Fishers' Union of blocking the pier"),
                           ("ardent", "asserts", "it pay for the lost days")]


# ---------------------------------------------------------- statements in a relative


def test_a_charge_someone_denied_is_their_denial_under_its_claim(draft: Draft) -> None:
    # (the denial found after the accusation: "he accused ..., a charge X denied" keeps
    # "he" for who spoke before)
    found = draft("Ardent accused the Fishers' Union of blocking the north pier, a charge "
                  "the Fishers' Union has denied.\n")
    assert said(found) == [
        ("ardent", "asserts", "the Fishers' Union of blocking the north pier"),
        ("fishers-union", "denies", "a charge the Fishers' Union has denied")]
    assert len(found["claims"]) == 1


def test_a_statement_told_in_a_relative_clause(draft: Draft) -> None:
    found = draft('''\
        Tomas Reyl, 61, was fined last year over a fire for which he blamed the port police.
        He was later charged on three counts he has dismissed as revenge.
        ''')
    assert said(found) == [
        ("tomas-reyl", "asserts", "for which he blamed the port police"),
        ("tomas-reyl", "denies", "counts he has dismissed as revenge")]
    # the pronoun is a guess, said where the reviewer sees it
    assert "# Guessed: speaker from 'he' on line 3." in found["stdout"]
    assert "# Guessed: speaker from 'he' on line 4." in found["stdout"]


# ------------------------------------------------------------------ present tense


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Lundhaven outlets report that two trawlers sank off the cape.",
     ("lundhaven-outlets", "asserts", "two trawlers sank off the cape")),
    ("Harbour pilots suggest the storm wall was never finished.",
     ("harbour-pilots", "denies", "the storm wall was never finished")),
], ids=["report", "suggest"])
def test_plural_speakers_in_the_present(draft: Draft, sentence: str,
                                        expected: tuple[str, str, str]) -> None:
    assert said(draft(sentence + "\n")) == [expected]


def test_blame_and_reports_as_nouns_are_no_speech(draft: Draft) -> None:
    found = draft("Lundhaven and Vessby trade blame over the closed pier.\n\n"
                  "The reports of a second closure were denied by nobody.\n")
    assert said(found) == []


# ------------------------------------------------------------------------ speakers


def test_a_pronoun_before_an_aside_is_the_speaker_before(draft: Draft) -> None:
    found = draft('''\
        Ardent said the pier was closed on Monday.

        Instead, she accused the Fishers' Union of blocking the north pier, a charge the
        Fishers' Union has denied.
        ''')
    assert said(found)[1] == ("ardent", "asserts",
                              "the Fishers' Union of blocking the north pier")


@pytest.mark.parametrize(("sentence", "actor"), [
    ("Vessby newspapers, quoting port officials, reported that the pier had flooded.",
     "vessby-newspapers"),
    ("On May 1, the office of the port directorate in the Vessby Northern District reported "
     "that the pier had flooded.", "office-of-the-port-directorate"),
    ("Following which the Lundhaven Court said that the pier had flooded.", "lundhaven-court"),
    ("The pier reopened, even as a panel of inspectors said that the pier had flooded.",
     "panel-of-inspectors"),
], ids=["quoting", "office-of-in-a-place", "following-which", "even-as-a-panel"])
def test_the_speaker_among_the_words_around_it(draft: Draft, sentence: str, actor: str
                                               ) -> None:
    found = draft(sentence + "\n")
    assert said(found) == [(actor, "asserts", "the pier had flooded")]


# -------------------------------------------------------------------- according to


def test_according_to_opening_a_sentence_is_kept_with_its_words(draft: Draft) -> None:
    found = draft("Nine fishing boats sank near the cape, according to Ardent.\n\n"
                  "According to the Lundhaven harbour office staff, nine fishing boats sank "
                  "near the cape.\n")
    # an attribution that closes the sentence is left out; one that opens it stays with
    # the words; both are filed under one claim by what was said
    assert said(found) == [
        ("ardent", "asserts", "Nine fishing boats sank near the cape"),
        ("lundhaven-harbour-office-staff", "asserts", "According to the Lundhaven harbour "
         "office staff, nine fishing boats sank near the cape")]
    assert len(found["claims"]) == 1


# ------------------------------------------------------------ more of the same verbs


def test_a_short_denial_keeps_its_auxiliary_and_adverb(draft: Draft) -> None:
    found = draft("The Fishers' Union has flatly denied the charge, saying its boats stayed "
                  "in port.\n")
    assert said(found) == [
        ("fishers-union", "denies", "has flatly denied the charge"),
        ("fishers-union", "denies", "its boats stayed in port")]


def test_not_a_single_rejects(draft: Draft) -> None:
    found = draft("Ardent insisted that not a single trawler had left the harbour.\n")
    assert said(found) == [("ardent", "denies", "not a single trawler had left the harbour")]


def test_an_outlet_quoting_someone_saying(draft: Draft) -> None:
    found = draft("The Lundhaven Post in May quoted Vessby officials saying the pier was "
                  "unsafe.\n")
    assert said(found) == [("vessby-officials", "asserts", "the pier was unsafe")]


@pytest.mark.parametrize("sentence", [
    "The Fishers' Union closed the north pier on Monday, saying the cranes were unsafe.",
    "Later, the Fishers' Union surprised the council by saying the cranes were unsafe.",
], ids=["comma", "by"])
def test_a_participle_speaks_for_its_clauses_subject(draft: Draft, sentence: str) -> None:
    found = draft(sentence + "\n")
    assert said(found) == [("fishers-union", "asserts", "the cranes were unsafe")]


# ------------------------------------------------------------ cues that say nothing


@pytest.mark.parametrize(("sentence", "cue"), [
    ("Rescue work at the pier continued for over an hour.", "continued"),
    ("Ardent posted footage of the flooded pier.", "posted"),
    ("The Fishers' Union stands accused of blocking the north pier.", "accused"),
    ("The skipper was later charged on three counts.", "charged"),
], ids=["continued-for", "posted-footage", "stands-accused", "was-later-charged"])
def test_a_cue_that_says_nothing_is_listed_not_drafted(draft: Draft, sentence: str,
                                                       cue: str) -> None:
    found = draft(sentence + "\n")
    assert said(found) == []
    assert f"report.txt:3: '{cue}' is not speech here, left out: " in found["stderr"]


def test_after_previously_saying_is_a_second_statement(draft: Draft) -> None:
    found = draft("The Vessby Ferry Line said on Friday that it was halting sailings, "
                  "after previously saying it had cut the night crossings.\n")
    assert said(found) == [("vessby-ferry-line", "asserts", "it was halting sailings"),
                           ("vessby-ferry-line", "asserts", "it had cut the night crossings")]


def test_what_the_speaker_did_next_is_not_what_they_said(draft: Draft) -> None:
    found = draft("Ardent has hinted for years that the pier would be sold, and has cut the "
                  "harbour budget since.\n")
    assert said(found) == [("ardent", "asserts", "the pier would be sold")]


# ------------------------------------------------------------- a few more shapes


def test_according_to_a_body_and_its_garbled_verb(draft: Draft) -> None:
    found = draft("According to the Harbour Board published a survey last week, nine piers "
                  "need repairs.\n")
    assert [a for a, _s, _w in said(found)] == ["harbour-board"]


def test_a_headline_that_says_and_demands(draft: Draft) -> None:
    found = draft("Ardent said the pier was closed.\n",
                  head="Vessby says Lundhaven closed its pier, demands it reopen\n\n"
                  "LUNDHAVEN, May 2, 2025 (Testwire) - ")
    assert said(found)[:2] == [("vessby", "asserts", "Lundhaven closed its pier"),
                               ("vessby", "asserts", "it reopen")]


def test_questioned_how_is_a_statement(draft: Draft) -> None:
    found = draft("Ardent questioned how the union could close a pier without a vote.\n")
    assert said(found) == [("ardent", "asserts",
                            "how the union could close a pier without a vote")]


def test_a_group_and_nobody_in_particular(draft: Draft) -> None:
    found = draft("Campaigners and observers have for years cautioned that the pier would "
                  "flood.\n")
    assert said(found) == [("campaigners", "asserts", "the pier would flood")]


def test_the_speaker_of_a_clause_after_although(draft: Draft) -> None:
    found = draft("Vessby has held back from openly accusing the union of sabotage, although "
                  "the Harbour Board has previously said the union cut the cables.\n")
    # nobody accuses: "held back from accusing"
    assert said(found) == [("harbour-board", "asserts", "the union cut the cables")]


def test_a_place_after_a_modifier_is_not_the_speaker(draft: Draft) -> None:
    found = draft("Members of the Fishers' Union, speaking in Lundhaven, Vessby, also denied "
                  "that the cables were cut.\n")
    assert [a for a, _s, _w in said(found)] == ["members-of-the-fishers-union"]


def test_present_verbs_that_are_rarely_speech_are_not_cues(draft: Draft) -> None:
    found = draft("Harbour crews maintain the pier and contend with storms every week.\n")
    assert said(found) == []
    assert "left out" not in found["stderr"]


def test_the_reports_hindsight_is_not_what_was_said(draft: Draft) -> None:
    found = draft("Fishermen reported lights moving on the water, which was later found to be "
                  "a drill by the coast guard.\n")
    assert said(found) == [("fishermen", "asserts", "lights moving on the water")]
