"""kursk draft: from a news report to a fragment of the ledger, one pattern at a time.

Every report here was written for these tests. Each test drafts a short report against a
small ledger and reads the fragment (stdout) back as YAML, the way a reviewer reads it.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from helpers import FACTS, PINNED, drafted, kursk, said
from kursk_cli.cli import app
from kursk_cli.draft import yaml_text

Write = Callable[..., Path]

LEDGER = """\
sources:
  - id: earlier-report
    title: An earlier report
    published: 2025-03-10
actors:
  - id: putin
    name: Vladimir Putin
    role: President of Russia
    affiliation: Russia
    kind: person
    aliases: [Putin]
  - id: zelenskyy
    name: Volodymyr Zelenskyy
    role: President of Ukraine
    affiliation: Ukraine
    kind: person
    aliases: [Zelenskyy]
  - id: general-staff
    name: General Staff of the Armed Forces of Ukraine
    affiliation: Ukraine
    kind: organization
    aliases: [Ukraine's general staff]
  - id: russia-defence-ministry
    name: Ministry of Defence of Russia
    affiliation: Russia
    kind: organization
    aliases: [Russian defence ministry]
claims:
  - id: encirclement
    text: Ukrainian troops in the Kursk region are encircled by Russian forces.
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-10
        source: earlier-report
        paraphrase: Ukrainian troops in the Kursk region were encircled and had to surrender.
"""

HEAD = "A headline for the test\n\nKYIV, March 14, 2025 (Testwire) - "


@pytest.fixture
def draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., dict[str, Any]]:
    """Draft a report (written after ``head``, dedented) against LEDGER; the fragment as
    data (see helpers.drafted)."""
    monkeypatch.chdir(tmp_path)
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text(LEDGER, encoding="utf-8")

    def run(body: str, *options: str, head: str = HEAD, name: str = "report.txt"
            ) -> dict[str, Any]:  # against the ledger as the test has left it
        return drafted(tmp_path, ledger.read_text(encoding="utf-8"),
                       head + textwrap.dedent(body), *options, name=name)

    return run


# ------------------------------------------------------------------------ direct quotes


def test_quote_then_speaker(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('"Our units are holding every position," Zelenskyy said.\n')
    assert said(found) == [("zelenskyy", "asserts", '"Our units are holding every position"')]


def test_said_before_the_speaker_and_typographic_marks(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("“The enemy lost dozens of vehicles overnight,” said Putin.\n")
    assert said(found) == [("putin", "asserts", '"The enemy lost dozens of vehicles overnight"')]


def test_single_quote_marks_and_apostrophes(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("'Our soldiers' lives come first, always,' Zelenskyy told reporters.\n")
    assert said(found) == [("zelenskyy", "asserts", "\"Our soldiers' lives come first, always\"")]


def test_split_quote_is_two_statements_under_one_claim(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('"The offer stands for now," Putin said. "Nobody will wait forever."\n')
    assert said(found) == [("putin", "asserts", '"The offer stands for now"'),
                           ("putin", "asserts", '"Nobody will wait forever."')]
    assert len(found["claims"]) == 1


def test_quote_introduced_by_a_colon(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Ukraine's general staff said in a statement: \"The front line in the "
                  'area has not moved."\n')
    assert said(found) == [("general-staff", "asserts",
                            '"The front line in the area has not moved."')]


def test_quote_spanning_paragraphs(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        "Our units withdrew on command and in good order.

        "No one was left behind," Zelenskyy said.
        ''')
    assert said(found) == [("zelenskyy", "asserts", '"Our units withdrew on command and in '
                            'good order. No one was left behind"')]
    assert found["statements"][0]["note"].startswith("drafted from line 3: ")


def test_paragraph_that_goes_on_quoting_the_last_speaker(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        "We will rebuild every village," Putin said.

        "Every family will get help."
        ''')
    assert [s[0] for s in said(found)] == ["putin", "putin"]


def test_scare_quotes_are_not_statements(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        Residents spoke of a so-called "buffer zone" near the border.

        Putin said the troops had fled "in disarray" from the town.
        ''')
    assert said(found) == [("putin", "asserts", 'the troops had fled "in disarray" from the town')]


def test_quotes_of_two_words_are_never_statements(draft: Callable[..., dict[str, Any]]
                                                  ) -> None:
    found = draft('''\
        Zelenskyy said: "Never again."

        "Pure fantasy," the general staff said.
        ''')
    assert said(found) == []


def test_mixed_quote_inside_reported_speech(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('Putin said the choice was "to lay down their weapons or face '
                  'destruction".\n')
    assert said(found) == [("putin", "asserts",
                            '"to lay down their weapons or face destruction"')]


def test_a_partial_quote_in_reported_speech_is_also_a_quote(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('Zelenskyy said the shelling of the station was "a crime against everyone" '
                  "and that repairs would take months.\n")
    assert said(found) == [
        ("zelenskyy", "asserts", 'the shelling of the station was "a crime against everyone" '
         "and that repairs would take months"),
        ("zelenskyy", "asserts", '"a crime against everyone"')]
    assert len(found["claims"]) == 1


def test_sentences_glued_without_a_space(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('The mayor spoke to the press.Putin said the convoy had turned back.'
                  '"Nobody crossed the river last night," Zelenskyy said.\n')
    assert said(found) == [("putin", "asserts", "the convoy had turned back"),
                           ("zelenskyy", "asserts", '"Nobody crossed the river last night"')]


def test_denial_words_in_a_quote(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('"These reports of surrender are false," the general staff said.\n')
    assert said(found) == [("general-staff", "denies",
                            '"These reports of surrender are false"')]


# ---------------------------------------------------------------------------- speakers


def test_unknown_speaker_becomes_a_new_actor_with_the_reports_role(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        "The proposal is still on the table," Kremlin spokesman Dmitry Peskov told reporters.

        Peskov said the Russian side had received no answer yet.
        ''')
    assert found["actors"] == [{"id": "dmitry-peskov", "name": "Dmitry Peskov",
                                "role": "Kremlin spokesman", "kind": "person"}]
    assert [s[0] for s in said(found)] == ["dmitry-peskov", "dmitry-peskov"]


def test_appositive_role(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Oleh Marchuk, the head of the regional administration, said two "
                  "villages had been evacuated.\n")
    assert found["actors"] == [{"id": "oleh-marchuk", "name": "Oleh Marchuk",
                                "role": "head of the regional administration",
                                "kind": "person"}]


def test_pronouns_go_to_the_right_earlier_speaker(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        Russia's defence ministry said its forces had advanced near Sudzha.

        Zelenskyy said the line was holding.

        "We expected this attack for weeks," he said.

        "The enemy units were destroyed," it said.
        ''')
    assert [s[0] for s in said(found)] == ["russia-defence-ministry", "zelenskyy", "zelenskyy",
                                           "russia-defence-ministry"]


def test_titles_and_roles_name_the_ledgers_actors(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        The Russian leader said the operation was nearly over.

        Ukraine's military said fighting went on near two villages.

        The Ukrainian president said his troops had done their duty.
        ''')
    assert [s[0] for s in said(found)] == ["putin", "general-staff", "zelenskyy"]
    assert found["actors"] == []


def test_characters_that_show_as_nothing_never_reach_the_draft(
        draft: Callable[..., dict[str, Any]]) -> None:
    # The ledger refuses them; the draft drops them, so that it merges as reviewed.
    found = draft('Putin said: "We will\u200b not\u2060 retreat\U000e0041 anywhere."\n')
    assert said(found) == [("putin", "asserts", '"We will not retreat anywhere."')]


def test_a_relative_clause_with_its_own_cue_is_a_second_statement(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        Zelenskyy, who denied that his troops were surrounded, said the withdrawal was
        orderly.

        Putin, who spoke after meeting the envoy, said the offer stood.
        ''')
    assert said(found) == [("zelenskyy", "denies", "his troops were surrounded"),
                           ("zelenskyy", "asserts", "the withdrawal was orderly"),
                           ("putin", "asserts", "the offer stood")]


def test_two_speakers_of_one_clause(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Putin and Zelenskyy said they were ready for a prisoner exchange.\n")
    assert said(found) == [("putin", "asserts", "they were ready for a prisoner exchange"),
                           ("zelenskyy", "asserts", "they were ready for a prisoner exchange")]


def test_unattributable_quote_is_left_out_and_listed(draft: Callable[..., dict[str, Any]]
                                                      ) -> None:
    found = draft('''\
        "We have nothing left to go back to," one woman said outside her house.

        Zelenskyy said the evacuation would go on.
        ''')
    assert said(found) == [("zelenskyy", "asserts", "the evacuation would go on")]
    assert found["stderr"].splitlines()[0] == (
        'report.txt:3: no speaker found for this quote, left out: "We have nothing left '
        'to go back to"')


def test_a_reply_of_a_word_or_two_is_left_out_and_listed(draft: Callable[..., dict[str, Any]]
                                                         ) -> None:
    found = draft('''\
        Asked whether the troops were surrounded, Putin said: "Yes."

        "Never," said Zelenskyy when asked the same question.

        Shelling of the "grey zone" went on overnight.

        "We will not leave our positions," said Zelenskyy when asked about the retreat.
        ''')
    assert said(found) == [("zelenskyy", "asserts", '"We will not leave our positions"')]
    assert found["stderr"].splitlines()[:3] == [
        'report.txt:3: only one word quoted from Vladimir Putin, left out: "Yes."',
        'report.txt:5: only one word quoted from Volodymyr Zelenskyy, left out: "Never"',
        # a phrase in quote marks, not a reply: listed as what it may be
        "report.txt:7: only a few words quoted and no speech verb (a scare quote or a name?), "
        'left out: "grey zone"']


# ------------------------------------------------------------------- reported speech


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Putin said that the troops would be treated according to the law.",
     ("putin", "asserts", "the troops would be treated according to the law")),
    ("Zelenskyy denied that his troops had been encircled.",
     ("zelenskyy", "denies", "his troops had been encircled")),
    ("Putin accused Ukrainian troops of attacking civilians in the region.",
     ("putin", "asserts", "Ukrainian troops of attacking civilians in the region")),
    ("Zelenskyy urged allies to send more air defence systems.",
     ("zelenskyy", "asserts", "allies should send more air defence systems")),
    ("Zelenskyy called on allies to keep up the pressure on Moscow.",
     ("zelenskyy", "asserts", "allies should keep up the pressure on Moscow")),
    ("Ukraine's general staff acknowledged that its units had pulled back.",
     ("general-staff", "qualifies", "its units had pulled back")),
    ("Zelenskyy conceded the situation near Sudzha was very difficult.",
     ("zelenskyy", "qualifies", "the situation near Sudzha was very difficult")),
    ("Putin described the incursion as a provocation by Kyiv.",
     ("putin", "asserts", "the incursion as a provocation by Kyiv")),
    ("According to the Russian defence ministry, 40 drones were shot down overnight.",
     ("russia-defence-ministry", "asserts", "According to the Russian defence ministry, 40 "
      "drones were shot down overnight")),
    ("Forty drones were shot down overnight, according to the Russian defence ministry.",
     ("russia-defence-ministry", "asserts", "Forty drones were shot down overnight")),
    ("Russian troops have taken two villages, the Russian defence ministry said.",
     ("russia-defence-ministry", "asserts", "Russian troops have taken two villages")),
    ("Zelenskyy dismissed the Russian account of the battle.",
     ("zelenskyy", "denies", "the Russian account of the battle")),
    ("The bridge at the crossing was mined, Putin said.",
     ("putin", "asserts", "The bridge at the crossing was mined")),
    ("Putin cautioned that the talks on the river crossings could still fail.",
     ("putin", "asserts", "the talks on the river crossings could still fail")),
    ("Zelenskyy has firmly rejected claims that the depot was hit.",
     ("zelenskyy", "denies", "claims that the depot was hit")),
    ("Marta Olsen had earlier said that the convoy reached the port.",
     ("marta-olsen", "asserts", "the convoy reached the port")),
    ("Putin said the story about the bridge was pure invention.",
     ("putin", "denies", "the story about the bridge was pure invention")),
], ids=["said-that", "denied", "accused", "urged", "called-on", "acknowledged", "conceded",
        "described", "according-to-first", "according-to-last", "said-after", "dismissed",
        "said-after-a-name", "more-speech-verbs", "auxiliary-and-adverb-not-in-the-name",
        "auxiliary-before-a-new-name", "rejecting-words-in-reported-speech"])
def test_reported_speech(draft: Callable[..., dict[str, Any]], sentence: str,
                         expected: tuple[str, str, str]) -> None:
    assert said(draft(sentence + "\n")) == [expected]


def test_the_statement_speaks_for_the_body_that_issued_it(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Ukraine's general staff said its units had held the line.\n\n"
                  '"Every position was held overnight," the statement said.\n')
    assert said(found)[1] == ("general-staff", "asserts", '"Every position was held overnight"')
    assert "# Guessed: speaker from 'the statement' on line 5." in found["stdout"]


def test_a_participle_goes_on_with_the_same_speaker(draft: Callable[..., dict[str, Any]]
                                                   ) -> None:
    found = draft("Putin said the bridge had been repaired, adding that trains would run "
                  "again within a week.\n")
    assert said(found) == [("putin", "asserts", "the bridge had been repaired"),
                           ("putin", "asserts", "trains would run again within a week")]


@pytest.mark.parametrize(("sentence", "actor"), [
    ('And Zelenskyy posted that "Nobody will be left behind at the river".', "zelenskyy"),
    ('"Nobody will be left behind at the river," Zelenskyy recalled.', "zelenskyy"),
    ('"Nobody will be left behind at the river," Marta Olsen, head of press at the General '
     "Staff in Kyiv, told reporters.", "marta-olsen"),
], ids=["and-first", "recalled", "long-appositive"])
def test_more_attributions_of_a_quote(draft: Callable[..., dict[str, Any]], sentence: str,
                                      actor: str) -> None:
    found = draft(sentence + "\n")
    assert said(found) == [(actor, "asserts", '"Nobody will be left behind at the river"')]


def test_a_body_named_by_its_country_is_affiliated_to_it(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Latvia's Coast Guard denied that its boats had entered the bay.\n")
    assert said(found) == [("latvia-coast-guard", "denies", "its boats had entered the bay")]
    assert found["actors"] == [{"id": "latvia-coast-guard", "name": "Latvia's Coast Guard",
                                "affiliation": "Latvia", "kind": "organization"}]


@pytest.mark.parametrize("sentence", [
    'Putin was quoted by the Tallinn Courier as saying: "The river crossing stays closed."',
    'The Tallinn Courier quoted Putin as saying: "The river crossing stays closed."',
    "Putin was quoted by the Tallinn Courier as saying the river crossing stays closed.",
], ids=["was-quoted-by", "outlet-quoted", "reported"])
def test_the_speaker_an_outlet_quotes(draft: Callable[..., dict[str, Any]], sentence: str
                                      ) -> None:
    assert [(a, s) for a, s, _w in said(draft(sentence + "\n"))] == [("putin", "asserts")]


def test_a_body_speaks_as_itself_not_as_its_spokesman(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Kremlin spokesman Dmitry Peskov said the talks would resume.\n\n"
                  "The Kremlin has rejected allegations that it ordered the strike.\n")
    assert said(found) == [
        ("dmitry-peskov", "asserts", "the talks would resume"),
        ("kremlin", "denies", "allegations that it ordered the strike")]


def test_anonymous_speakers_are_nobody(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Analysts cautioned that the ceasefire would not hold for long.\n")
    assert said(found) == []


def test_an_unnamed_group_that_says_whose_it_is_speaks(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("A depot near the lake burned overnight, Latvian officials said on Friday, "
                  "days after the talks resumed.\n")
    assert said(found) == [("latvian-officials", "asserts", "A depot near the lake burned "
                            "overnight")]
    assert found["actors"] == [{"id": "latvian-officials", "name": "Latvian officials",
                                "kind": "organization"}]


@pytest.mark.parametrize(("quote", "stance"), [
    ("That account of the night is pure fiction", "denies"),
    ("Our units took no part whatsoever in the raid", "denies"),
    ("We cannot confirm the report from the border yet", "qualifies"),
    ("It is too early to say who fired first", "qualifies"),
    ("Our units hold every position on the river", "asserts"),
    ("No patrol boat was lost in the storm that night", "denies"),
    ("This far-fetched story appeared out of nowhere", "denies"),
], ids=["fiction", "no-part", "cannot-confirm", "too-early", "plain", "no-x-was",
        "far-fetched"])
def test_stance_of_a_quote_from_its_words(draft: Callable[..., dict[str, Any]], quote: str,
                                          stance: str) -> None:
    assert said(draft(f'"{quote}," Zelenskyy said.\n')) == [("zelenskyy", stance, f'"{quote}"')]


def test_claims_rejected_by(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Russia's defence ministry said its forces had taken Sudzha, a claim "
                  "rejected by Ukraine's general staff.\n")
    assert said(found) == [("general-staff", "denies", "its forces had taken Sudzha"),
                           ("russia-defence-ministry", "asserts", "its forces had taken Sudzha")]


def test_a_denial_in_an_aside_and_an_accusation_in_a_participle(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("While accusing Ukrainian troops of shelling a school — something "
                  "Zelenskyy denies — Putin said the operation would go on.\n")
    assert said(found) == [
        ("putin", "asserts", "Ukrainian troops of shelling a school"),
        ("zelenskyy", "denies", "Ukrainian troops of shelling a school"),
        ("putin", "asserts", "the operation would go on")]


def test_acknowledged_but_said_gives_two_statements(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Zelenskyy acknowledged that the fighting was fierce but said the line "
                  "was holding.\n")
    assert said(found) == [("zelenskyy", "qualifies", "the fighting was fierce"),
                           ("zelenskyy", "asserts", "the line was holding")]


# -------------------------------------------------------------- dates, claims, notes


def test_dates_from_weekdays_and_yesterday(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        Putin said on Thursday the troops would be spared.

        Zelenskyy said yesterday that the line was holding.

        Ukraine's general staff said 13 clashes took place.
        ''')
    assert [s["date"] for s in found["statements"]] == [
        dt.date(2025, 3, 13), dt.date(2025, 3, 13), dt.date(2025, 3, 14)]


def test_statement_matching_a_claim_goes_under_it(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Ukraine's general staff denied that Ukrainian troops in the Kursk region "
                  "were encircled.\n")
    assert [(c["id"], "text" in c) for c in found["claims"]] == [("encirclement", False)]


def test_new_claim_text_is_the_sentence_with_a_comment(draft: Callable[..., dict[str, Any]],
                                                       tmp_path: Path) -> None:
    found = draft("Zelenskyy said the bridge over the river had been destroyed.\n")
    assert found["claims"][0]["text"] == (
        "Zelenskyy said the bridge over the river had been destroyed.")
    raw = kursk(["draft", str(tmp_path / "report.txt"), "-l", str(tmp_path / "ledger.yaml")])
    assert "    # New claim: the sentence the words came from. Rewrite it as one neutral " \
           "sentence.\n" in raw.stdout


def test_note_says_where_the_statement_came_from(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        Some context comes first.

        "The proposal is still on the table," Zelenskyy told reporters.
        ''')
    assert found["statements"][0]["note"] == (
        'drafted from line 5: "The proposal is still on the..." Zelenskyy told reporters.')


def test_source_from_the_dateline_and_options(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Zelenskyy said the line was holding.\n")
    assert found["sources"] == [{"id": "report", "title": "A headline for the test",
                                 "published": dt.date(2025, 3, 14), "publisher": "Testwire"}]
    given = draft("Zelenskyy said the line was holding.\n", "--source", "wire-1", "--title",
                  "Another title", "--published", "2025-03-15", "--publisher", "Wire",
                  "--url", "https://example.org/1")
    assert given["sources"] == [{"id": "wire-1", "title": "Another title",
                                 "published": dt.date(2025, 3, 15), "publisher": "Wire",
                                 "url": "https://example.org/1"}]
    assert given["statements"][0]["source"] == "wire-1"


def test_a_source_the_ledger_has_is_cited(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Zelenskyy said the line was holding.\n", "--source", "earlier-report")
    assert found["sources"] == []
    assert found["statements"][0]["source"] == "earlier-report"


def test_dateline_day_first_and_markdown(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("**Zelenskyy** said the [line](https://example.org) was holding.\n",
                  head="# A headline\n\n*KYIV, 14 March 2025* - ", name="report.md")
    assert said(found) == [("zelenskyy", "asserts", "the line was holding")]
    assert found["sources"][0]["published"] == dt.date(2025, 3, 14)


def test_html_report_scripts_dropped_entities_decoded(
        draft: Callable[..., dict[str, Any]]) -> None:
    page = """\
        <html><head><title>A page</title>
        <style>p { color: red }</style></head>
        <body><p>KYIV, March 14, 2025 (Testwire) &ndash; Officials met.</p>
        <p>&ldquo;The line is holding and we will hold it,&rdquo; Zelenskyy said.</p>
        <script>"Never a quote from a script," Zelenskyy said.</script>
        <style>"Never a quote from a style sheet," Zelenskyy said.</style>
        </body></html>
        """
    found = draft(page, head="", name="page.html")
    assert said(found) == [("zelenskyy", "asserts", '"The line is holding and we will hold it"')]
    assert found["sources"][0]["title"] == "A page"
    assert found["statements"][0]["note"].startswith("drafted from line 4: ")


def test_a_headline_attribution_is_a_statement(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Zelenskyy said the line was holding.\n", head='Zelenskyy says Kursk '
                  'operation "did what it had to do"\n\nKYIV, March 14, 2025 (Testwire) - ')
    # what is said of the operation, and the words quoted from him
    assert said(found) == [("zelenskyy", "asserts", 'Kursk operation "did what it had to do"'),
                           ("zelenskyy", "asserts", '"did what it had to do"'),
                           ("zelenskyy", "asserts", "the line was holding")]
    assert found["sources"][0]["title"] == 'Zelenskyy says Kursk operation "did what it had to do"'


@pytest.mark.parametrize(("headline", "expected"), [
    ("Putin denies troops left the river bank",
     [("putin", "denies", "troops left the river bank")]),
    ("Zelenskyy accuses Moscow of shelling the ferry",
     [("zelenskyy", "asserts", "Moscow of shelling the ferry")]),
    ("Bridge was never mined, Putin says", [("putin", "denies", "Bridge was never mined")]),
    ("Putin says convoy reached port; Zelenskyy says it turned back",
     [("putin", "asserts", "convoy reached port"), ("zelenskyy", "asserts", "it turned back")]),
    ("Putin says the talks went well, Zelenskyy wary",
     [("putin", "asserts", "the talks went well")]),
    ("[headline not in stored copy]", []),
], ids=["denies", "accuses", "says-at-the-end", "two-clauses", "someone-else-s-mood",
        "placeholder"])
def test_headline_attributions(draft: Callable[..., dict[str, Any]], headline: str,
                               expected: list[tuple[str, str, str]]) -> None:
    found = draft("The mayor spoke briefly.\n",
                  head=f"{headline}\n\nKYIV, March 14, 2025 (Testwire) - ")
    assert said(found) == expected


def test_stdin_and_output_file(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text(LEDGER, encoding="utf-8")
    report = HEAD + "Zelenskyy said the line was holding.\n"
    result = CliRunner().invoke(app, ["draft", "-", "-l", str(ledger), "-o",
                                      str(tmp_path / "draft.yaml")], input=report, env=PINNED)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"wrote {tmp_path / 'draft.yaml'}"
    written = yaml.safe_load((tmp_path / "draft.yaml").read_text(encoding="utf-8"))
    assert written["sources"][0]["id"] == "a-headline-for-the-test"


def test_names_yaml_reads_as_something_else_are_quoted_and_merge(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Speakers named Null, True and No, and a report file named 1945, give ids that bare
    YAML would read as null, booleans and a number: the draft quotes them, and merge takes
    the draft as it is."""
    monkeypatch.chdir(tmp_path)
    Path("ledger.yaml").write_text(LEDGER, encoding="utf-8")
    Path("1945.txt").write_text(HEAD + '"We will keep every road open," Null said. "Nothing '
                                'moves on the river tonight," said True. "All of us stay '
                                'where we are," No told reporters.\n', encoding="utf-8")
    drafted = kursk(["draft", "1945.txt", "-l", "ledger.yaml", "-o", "draft.yaml"])
    assert drafted.exit_code == 0, drafted.output
    merged = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert merged.exit_code == 0, merged.output
    ledger = yaml.safe_load(Path("ledger.yaml").read_text(encoding="utf-8"))
    assert [a["id"] for a in ledger["actors"]][-3:] == ["null", "true", "no"]
    assert [s["id"] for s in ledger["sources"]][-1] == "1945"
    assert [(s["actor"], s["source"]) for c in ledger["claims"][1:] for s in c["statements"]
            ] == [("null", "1945"), ("true", "1945"), ("no", "1945")]
    assert kursk(["check", "-l", "ledger.yaml"]).exit_code == 0


def test_drafting_a_merged_report_again_proposes_only_what_is_new(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("ledger.yaml").write_text(LEDGER, encoding="utf-8")
    first = '"The bridge at the river is still standing," Zelenskyy said.\n'
    Path("bridge.txt").write_text(HEAD + first, encoding="utf-8")
    assert kursk(["draft", "bridge.txt", "-l", "ledger.yaml", "-o", "one.yaml"]).exit_code == 0
    assert kursk(["merge", "one.yaml", "-l", "ledger.yaml"]).exit_code == 0
    Path("bridge.txt").write_text(HEAD + first + "\nPutin said the bridge had been destroyed "
                                  "by his forces.\n", encoding="utf-8")
    again = kursk(["draft", "bridge.txt", "-l", "ledger.yaml"])
    assert again.exit_code == 0, again.output
    fragment = yaml.safe_load(again.stdout)
    assert [(s["actor"], s.get("paraphrase")) for c in fragment["claims"]
            for s in c["statements"]] == [("putin", "the bridge had been destroyed by his forces")]
    assert again.stderr.splitlines()[-1] == (
        "drafted 1 statement (0 quoted, 1 reported) under 1 claim (0 already in the ledger), "
        "0 new actors; skipped 1 statement the ledger already holds; review it, then: "
        "kursk merge")


# ------------------------------------------------------------ what was guessed, said


def guessed(fragment: dict[str, Any]) -> list[str]:
    return [line.strip() for line in fragment["stdout"].splitlines() if "# Guessed:" in line]


def test_guesses_are_comments_saying_from_which_words(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Putin said on Thursday that the convoy had reached the northern port.\n\n"
                  "He said the second convoy would follow.\n")
    assert guessed(found) == ["# Guessed: date from 'on Thursday'.",
                              "# Guessed: speaker from 'He' on line 5."]
    assert [s["date"] for s in found["statements"]] == [dt.date(2025, 3, 13),
                                                        dt.date(2025, 3, 14)]


def test_a_claim_matched_by_its_words_says_which(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft("Putin said Ukrainian troops in the Kursk region were encircled.\n")
    assert found["statements"][0]["claim"] == "encirclement"
    assert guessed(found) == ["# Guessed: claim from the words 'Ukrainian', 'troops', "
                              "'Kursk', 'region', 'encircled'."]


@pytest.mark.parametrize(("sentence", "date", "guess"), [
    ("Putin said two days ago that the talks had stalled.", dt.date(2025, 3, 12),
     ["# Guessed: date from 'two days ago'."]),
    ("Putin said inspectors will try to reach the plant on Monday.", dt.date(2025, 3, 14),
     []),
], ids=["days-ago", "a-plan-is-no-date"])
def test_relative_dates(draft: Callable[..., dict[str, Any]], sentence: str, date: dt.date,
                        guess: list[str]) -> None:
    found = draft(sentence + "\n")
    assert [s["date"] for s in found["statements"]] == [date]
    assert guessed(found) == guess


def test_merge_carries_the_guesses_into_the_ledger_above_their_statement(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("ledger.yaml").write_text(LEDGER, encoding="utf-8")
    Path("r.txt").write_text(HEAD + "Putin said the river had risen.\n\nHe said on Monday "
                             "that the ferry had sunk.\n", encoding="utf-8")
    assert kursk(["draft", "r.txt", "-l", "ledger.yaml", "-o", "d.yaml"]).exit_code == 0
    assert "# Guessed:" in Path("d.yaml").read_text(encoding="utf-8")
    assert kursk(["merge", "d.yaml", "-l", "ledger.yaml"]).exit_code == 0
    merged = Path("ledger.yaml").read_text(encoding="utf-8")
    assert ("    statements:\n"
            "      # Guessed: speaker from 'He' on line 5.\n"
            "      # Guessed: date from 'on Monday'.\n"
            "      - actor: putin\n"
            "        stance: asserts\n"
            "        date: 2025-03-10\n") in merged
    assert merged.count("# Guessed:") == 2
    assert "# New claim:" not in merged  # (a hint for the review, not a label)


def test_sentences_with_speech_left_out_say_why(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('Officials said the road to the port was closed. The so-called "peace" '
                  "plan was shelved.\n")
    assert found["statements"] == []
    assert found["stderr"].splitlines()[:2] == [
        "report.txt:3: no speaker found before 'said', left out: \"Officials said the road "
        "to the port was closed.\"",
        'report.txt:3: only one word quoted and no speech verb (a scare quote or a name?), '
        'left out: "peace"']


# -------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(("content", "message"), [
    (b"", "report.txt: the report is empty"),
    (b"  \n\n ", "report.txt: the report is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "report.txt: not a text report (it holds binary "
     "data); give a UTF-8 text, Markdown or HTML file"),
    (b"Caf\xe9 owners said the square was quiet all week long.", "report.txt: not a text "
     "report (byte 4 is not UTF-8); give a UTF-8 text, Markdown or HTML file"),
    (b"sources:\n  - id: x\n    title: T\n", "report.txt: this looks like a ledger, not a "
     "report; kursk draft reads a news report"),
    (b"1 2 3\n4 5 6\n", "report.txt: no sentences found; kursk draft reads a news report"),
], ids=["empty", "blank", "binary", "not-utf8", "a-ledger", "no-sentences"])
def test_not_a_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes,
                      message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.txt").write_bytes(content)
    result = kursk(["draft", "report.txt", "-l", str(FACTS)])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"kursk: {message}\n")


def test_no_dateline_asks_for_published(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("A headline\n\nZelenskyy said the line was holding on all fronts.\n",
                      encoding="utf-8")
    result = kursk(["draft", str(report), "-l", str(FACTS)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "kursk: " + str(report) + ": cannot tell the day the report was published (no "
        "dateline found (like 'MOSCOW, March 14, 2025 (Reuters)')); give it with "
        "--published YYYY-MM-DD\n")
    assert kursk(["draft", str(report), "-l", str(FACTS), "--published",
                  "2025-03-14"]).exit_code == 0


def test_dateline_without_a_year(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("A headline\n\nMOSCOW, March 14 (Testwire) - Putin said the troops "
                      "would be spared.\n", encoding="utf-8")
    result = kursk(["draft", str(report), "-l", str(FACTS)])
    assert result.stderr.endswith("(the dateline 'MOSCOW, March 14 (Testwire)' gives no "
                                  "year); give it with --published YYYY-MM-DD\n")
    dated = tmp_path / "dated.txt"
    dated.write_text("A headline\nPublished 14 March 2025\n\nMOSCOW, March 14 (Testwire) - "
                     "Putin said the troops would be spared.\n", encoding="utf-8")
    found = yaml.safe_load(kursk(["draft", str(dated), "-l", str(FACTS)]).stdout)
    assert found["sources"][0]["published"] == dt.date(2025, 3, 14)


@pytest.mark.parametrize(("args", "message"), [
    (["missing.txt"], "kursk: missing.txt: no such file"),
    (["."], "kursk: .: this is a folder, not a report"),
])
def test_bad_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                       message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "R").write_text(HEAD + "Putin said the troops would be spared.\n",
                                encoding="utf-8")
    result = kursk(["draft", *args, "-l", str(FACTS)])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message + "\n")


@pytest.mark.parametrize(("args", "message"), [
    (["R", "--source", "Bad Id"], "Invalid value for '--source': must be a lowercase id "
     "(a-z, 0-9 and single hyphens), not 'Bad Id'"),
    (["R", "--url", "ftp://x"], "Invalid value for '--url': must be a web address starting "
     "with http:// or https://, not 'ftp://x'"),
])
def test_bad_options_are_command_line_mistakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "R").write_text(HEAD + "Putin said the troops would be spared.\n",
                                encoding="utf-8")
    result = kursk(["draft", *args, "-l", str(FACTS)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert message in " ".join(result.stderr.replace("│", " ").split())


def test_output_dash_is_standard_output(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(HEAD + "Putin said the troops would be spared.\n",
                                    encoding="utf-8")
    to_stdout = kursk(["draft", str(tmp_path / "r.txt"), "-l", str(FACTS)])
    dashed = kursk(["draft", str(tmp_path / "r.txt"), "-l", str(FACTS), "-o", "-"])
    assert (dashed.exit_code, dashed.stdout) == (0, to_stdout.stdout)
    assert not (tmp_path / "-").exists() and not Path("-").exists()


def test_output_never_overwrites_the_ledger(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text(LEDGER, encoding="utf-8")
    (tmp_path / "r.txt").write_text(HEAD + "Putin said the troops would be spared.\n",
                                    encoding="utf-8")
    result = kursk(["draft", str(tmp_path / "r.txt"), "-l", str(ledger), "-o", str(ledger)])
    assert result.exit_code == 1
    assert ledger.read_text(encoding="utf-8") == LEDGER


# -------------------------------------------------------------------------- rendering


@given(st.text())
def test_yaml_text_reads_back_exactly(value: str) -> None:
    assert yaml.safe_load(f"key: {yaml_text(value)}\n") == {"key": value}


def test_hostile_report_text_stays_inert(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('"[bold]Markup[/bold], a \\ backslash, a # mark: and \x1b[31m colour," '
                  "Zelenskyy said.\n")
    assert found["statements"][0]["quote"] == (
        "[bold]Markup[/bold], a \\ backslash, a # mark: and [31m colour")


def test_a_paragraph_of_more_quotes_than_placeholders(draft: Callable[..., dict[str, Any]]
                                                     ) -> None:
    """Quotes are masked by placeholder characters, of which there are 131,072: a
    paragraph holding more quotes is still read whole, to its last quote."""
    found = draft('One "x" here. ' * 140_000
                  + '"We keep every road open to the north," Putin said.\n')
    assert said(found) == [("putin", "asserts", '"We keep every road open to the north"')]


# ------------------------------------------------------------------- any report at all

_PIECES = st.sampled_from([
    "Putin", "Zelenskyy", "Kremlin spokesman Dmitry Peskov", "he", "she", "it", "they",
    "The Russian leader", "Ukraine's general staff", "the ministry", "officials", "and",
    "said", "told reporters", "denied", "accused", "of", "urged", "to", "acknowledged",
    "described", "as", "rejected by", "according to", "on Thursday", "yesterday", "that",
    "the troops", "were encircled", "Kursk", "Sumy", ",", ".", ":", ";", "—", "-", '"', "“",
    "”", "'", "‘", "’", "\n", "\n\n", "(", ")", "#", "*", "[x](y)", "<p>", "</p>", "&amp;",
    "\u202e", "\t", "\x1b", "é", "ß", "\\", "---", "- ", "claims:", "MOSCOW, March 14 ",
    "NULL", "Null", "True", "No", "Off", "~", "1945",  # names bare YAML reads otherwise
])


@settings(max_examples=300)
@given(st.lists(st.one_of(_PIECES, st.text(st.characters(
    blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=5)), max_size=60))
def test_any_report_drafts_a_fragment_that_merges_and_checks(pieces: list[str]) -> None:
    """Whatever the report, draft refuses it in one sentence or proposes a fragment that
    merges into the ledger and passes every check."""
    from kursk_cli import loader, merge, report
    from kursk_cli.draft import draft as drafted
    from kursk_cli.draft import render

    text = HEAD + " ".join(pieces)
    try:
        read = report.read(text.encode(), "r.txt")
    except report.NotAReport:
        # the one refusal this text can earn: a line that starts like a ledger's
        assert re.search(r"^claims:", text, re.M)
        return
    known, _none = loader.check_bytes(LEDGER.encode(), "ledger.yaml")
    assert known is not None
    fragment = render(drafted(read, known, source_id="r", published=dt.date(2025, 3, 14)),
                      "r.txt")
    merged = merge.merge(LEDGER, fragment, "ledger.yaml", "draft.yaml")
    found, problems = loader.check_bytes(merged.text.encode(), "ledger.yaml")
    assert problems == [], (fragment, problems)
    assert found is not None


# ------------------------------------------------------- participles, after a first cue


def test_a_participle_after_a_denial_is_its_own_statement_and_denies(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        Zelenskyy denies retreat, saying the brigades moved to prepared lines.

        Ukraine's general staff rejected the report, calling it "a story made up in Moscow."

        Putin said the bridge was cut on Monday, accusing Kyiv of sabotage.
        ''')
    assert said(found) == [
        # a denial's short object keeps its verb, to be read alone
        ("zelenskyy", "denies", "denies retreat"),
        # the reason given for a denial denies too
        ("zelenskyy", "denies", "the brigades moved to prepared lines"),
        ("general-staff", "denies", "rejected the report"),
        # what it was called, in the report's words, and the speaker's own words
        ("general-staff", "denies", 'it "a story made up in Moscow."'),
        ("general-staff", "denies", '"a story made up in Moscow."'),
        ("putin", "asserts", "Kyiv of sabotage"),
        ("putin", "asserts", "the bridge was cut on Monday"),
    ]


def test_a_double_barrelled_name_and_a_complement_partly_quoted(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        Irena Voss-Halloway, an aide to the mayor, said the council “took no part whatsoever”.

        Zelenskyy warned against "easy hopes".
        ''')
    # a scare quote of two words makes no statement of "against" alone
    names = {a["id"]: a["name"] for a in found["actors"]}
    # the complement, its subject outside the quote, and the words quoted
    assert said(found) == [("irena-voss-halloway", "denies", "the council “took no part "
                            "whatsoever”"),
                           ("irena-voss-halloway", "denies", '"took no part whatsoever"')]
    assert names["irena-voss-halloway"] == "Irena Voss-Halloway"


# ------------------------------------------------------------------- unnamed speakers


def test_witnesses_and_an_official_of_a_country_speak_as_themselves(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        Witnesses say the shelling went on all night.

        The depot burned for hours after the strike, witnesses told Testwire on Sunday.

        A Belarusian official rejected the reports that the convoy had crossed the border.

        Speaking on condition of anonymity, the official said: "No convoy crossed anywhere."

        An official said the talks would resume.
        ''')
    assert said(found) == [
        ("witnesses", "asserts", "the shelling went on all night"),
        ("witnesses", "asserts", "The depot burned for hours after the strike"),
        ("belarusian-official", "denies", "the reports that the convoy had crossed the border"),
        ("belarusian-official", "denies", '"No convoy crossed anywhere."'),
    ]
    assert [(a["id"], a["name"], a["kind"]) for a in found["actors"]] == [
        ("witnesses", "Witnesses", "organization"),
        ("belarusian-official", "Belarusian official", "organization")]
    # "an official" alone names nobody: listed, not given a made-up speaker
    assert "An official said the talks would resume." in found["stderr"]


def test_denials_in_the_words_of_reported_speech(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        Putin said no Ukrainian (UA) drone ever reached the plant.

        Zelenskyy continued to reject any role in the blast.

        Putin said the footage was faked and called the raid a mock attack.

        Zelenskyy said no fewer than 40 drones were shot down.
        ''')
    assert said(found) == [
        ("putin", "denies", "no Ukrainian (UA) drone ever reached the plant"),
        ("zelenskyy", "denies", "to reject any role in the blast"),
        ("putin", "denies", "the footage was faked"),
        ("putin", "denies", "the raid a mock attack"),
        # "no fewer than" counts; it rejects nothing
        ("zelenskyy", "asserts", "no fewer than 40 drones were shot down"),
    ]


def test_what_a_speaker_is_between_dashes_or_commas_leaves_the_speaker(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        Ukraine's general staff — a body which runs the army day to day — denied the account.

        Putin, accused of stalling the talks for months, on Monday denied delays.

        Zelenskyy, who led a team charged with reviewing the front, also rejected the report.

        Russian bloggers describe heavy losses, while Zelenskyy denies the accounts.

        The drone came from the north. Putin denies this, Testwire reports.
        ''')
    assert said(found) == [
        ("general-staff", "denies", "denied the account"),
        ("putin", "denies", "denied delays"),
        ("zelenskyy", "denies", "rejected the report"),
        ("zelenskyy", "denies", "denies the accounts"),
        ("putin", "denies", "denies this"),
    ]


def test_groups_that_speak_as_themselves_and_a_time_before_the_speaker(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        On Friday Putin and Zelenskyy declared that the talks would go on.

        On March 12 the investigators said the dam was hit by two drones.
        ''')
    assert said(found) == [
        ("putin", "asserts", "the talks would go on"),
        ("zelenskyy", "asserts", "the talks would go on"),
        ("investigators", "asserts", "the dam was hit by two drones"),
    ]


# ------------------------------------------------------- statements named by a noun


def test_a_statement_named_by_a_noun(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        Kyiv and Moscow traded barbs over claims made by a Polish border commission that
        drones had crossed into Poland twice.

        The panel upheld Zelenskyy's conclusion that the dam was hit from the east bank.

        Putin was asked about Zelenskyy's denial that any troops were encircled.
        ''')
    assert said(found) == [
        ("polish-border-commission", "asserts", "drones had crossed into Poland twice"),
        ("zelenskyy", "asserts", "the dam was hit from the east bank"),
        ("zelenskyy", "denies", "any troops were encircled"),
    ]


def test_a_speaker_after_after_and_a_charge_that_someone_denied(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        The board voiced "grave alarm" after Zelenskyy accused Russian troops of striking
        the dam — a charge that Putin denied.

        After talks in Riyadh, Putin said the offer stands.
        ''')
    assert said(found) == [
        ("zelenskyy", "asserts", "Russian troops of striking the dam"),
        # the denial in the report's words, under the claim of the charge it denies
        ("putin", "denies", "a charge that Putin denied"),
        ("putin", "asserts", "the offer stands"),
    ]
    assert found["statements"][0]["claim"] == found["statements"][1]["claim"]


def test_a_name_with_letters_beyond_ascii_is_a_person(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        Ostrian President Teodor Kovač said the ferry was hit by shellfire.

        "We know that jamming left our vessel unable to steer," he said.
        ''')
    assert said(found) == [
        ("teodor-kovac", "asserts", "the ferry was hit by shellfire"),
        ("teodor-kovac", "asserts", '"We know that jamming left our vessel unable to steer"'),
    ]
    assert [(a["name"], a["role"], a["kind"]) for a in found["actors"]] == [
        ("Teodor Kovač", "Ostrian President", "person")]


def test_speakers_named_after_the_verb_or_with_a_long_role(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        "We get no help from any foreign state at all," said unit leader, Brigadier Anton \
Reyes, speaking via an interpreter.

        "The line is holding," said a retired Polish Colonel.

        "The strike came from the south," Ilona Marsh, Director for Public Affairs at the \
Water Safety Office in the capital, told reporters.
        ''')
    assert said(found) == [
        ("anton-reyes", "denies", '"We get no help from any foreign state at all"'),
        ("retired-polish-colonel", "asserts", '"The line is holding"'),
        ("ilona-marsh", "asserts", '"The strike came from the south"'),
    ]
    assert [(a["name"], a["kind"]) for a in found["actors"]] == [
        ("Anton Reyes", "person"), ("retired Polish Colonel", "person"),
        ("Ilona Marsh", "person")]


def test_a_participle_after_the_speaker_of_what_came_first_or_before_a_quote(
        draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        There is no Russian submarine in these waters, Putin said Wednesday, rejecting \
Kyiv's allegations.

        Zelenskyy rejected the assertion online, stating, "The enemy spreads falsehoods \
every single day."

        Putin called the report "absurd" and "insulting," accusing Kyiv of staging it.

        Zelenskyy accused Moscow of stalling after Putin said the troops had left the town.
        ''')
    assert said(found) == [
        ("putin", "denies", "There is no Russian submarine in these waters"),
        ("putin", "denies", "Kyiv's allegations"),
        ("zelenskyy", "denies", "rejected the assertion online"),
        ("zelenskyy", "denies", '"The enemy spreads falsehoods every single day."'),
        ("putin", "asserts", "Kyiv of staging it"),
        ("putin", "denies", 'the report "absurd" and "insulting,"'),
        ("zelenskyy", "asserts", "Moscow of stalling"),
        ("putin", "asserts", "the troops had left the town"),
    ]


def test_negation_is_read_against_the_claim_the_statement_is_filed_under(
        draft: Callable[..., dict[str, Any]], tmp_path: Path) -> None:
    found = draft('''\
        Zelenskyy said Ukrainian troops in the Kursk region were not encircled by Russian \
forces.

        Putin said Ukrainian troops in the Kursk region were encircled and had no way out.
        ''')
    assert [(s["claim"], s["actor"], s["stance"]) for s in found["statements"]] == [
        ("encirclement", "zelenskyy", "denies"), ("encirclement", "putin", "asserts")]
    # against a claim that is itself negative, the same words agree with it
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text(LEDGER.replace("are encircled by Russian forces",
                                     "are not encircled by Russian forces"), encoding="utf-8")
    found = draft("Zelenskyy said Ukrainian troops in the Kursk region were never encircled.\n")
    assert [(s["claim"], s["stance"]) for s in found["statements"]] == [
        ("encirclement", "asserts")]


def test_quoted_by_an_outlet_as_doing_something(draft: Callable[..., dict[str, Any]]) -> None:
    found = draft('''\
        Putin was quoted by local broadcasters as ridiculing the claim of the panel that \
it had found the launch site.

        Zelenskyy was quoted by Testwire as saying the bridge still stands.
        ''')
    assert said(found) == [
        ("putin", "denies",
         "ridiculing the claim of the panel that it had found the launch site"),
        ("zelenskyy", "asserts", "the bridge still stands"),
    ]
