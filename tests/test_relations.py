"""Relations between claims, the words as spoken, and Wikidata items: each rule with
the exact message a user sees, and each view that reads them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers import MINIMAL
from kursk_cli import loader

Write = Callable[..., Path]

#: MINIMAL plus two claims: 'surrounded' is the same as 'encirclement' (and denied by
#: an actor who asserts nothing of the first), 'holding' contradicts it.
RELATED = MINIMAL + """\
  - id: surrounded
    text: Kyiv's forces in Kursk are surrounded.
    relations:
      - same-as: encirclement
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-10
        source: report
        quote: they are surrounded
  - id: holding
    text: The lines are holding.
    relations: [contradicts: surrounded]
    statements:
      - actor: general-staff
        stance: asserts
        date: 2025-03-12
        source: report
        paraphrase: The lines hold.
"""


def problems(write: Write, text: str) -> list[str]:
    found, listed = loader.check(write(text), "f.yaml")
    assert (found is None) == bool(listed)
    return [str(p) for p in listed]


def related(*lines: str, claim: str = "holding") -> str:
    """RELATED with the relations of CLAIM replaced by LINES."""
    old = {"holding": "    relations: [contradicts: surrounded]\n",
           "surrounded": "    relations:\n      - same-as: encirclement\n"}[claim]
    return RELATED.replace(old, "    relations:\n" + "".join(f"      - {x}\n" for x in lines))


def test_a_sound_ledger_with_relations_loads(write: Write) -> None:
    found = loader.load(write(RELATED))
    assert found.groups["surrounded"] == ("encirclement", "surrounded")
    assert found.group_of("surrounded") == "encirclement"
    assert [c.id for c in found.claims_once] == ["encirclement", "holding"]


def test_a_relation_to_an_unknown_claim_suggests_the_close_one(write: Write) -> None:
    assert problems(write, related("supports: surounded")) == [
        "f.yaml:38:19: 'supports' names unknown claim 'surounded'; did you mean "
        "'surrounded'?"]


def test_a_relation_to_itself_is_refused(write: Write) -> None:
    assert problems(write, related("supports: holding")) == [
        "f.yaml:38:19: claim 'holding' cannot be related to itself; name another claim"]


def test_an_unknown_relation_suggests_the_known_ones(write: Write) -> None:
    assert problems(write, related("contradict: surrounded")) == [
        "f.yaml:38:9: unknown relation 'contradict'; a relation is same-as, contradicts, "
        "supersedes or supports; did you mean 'contradicts'?"]


def test_a_relation_must_be_one_key_and_a_claim_id(write: Write) -> None:
    assert problems(write, related("surrounded", "supports: Surrounded")) == [
        "f.yaml:38:9: each item of 'relations' must be one relation and a claim id, like "
        "same-as: other-claim",
        "f.yaml:39:19: 'supports' must be a lowercase id (a-z, 0-9 and single hyphens), "
        "not 'Surrounded'; try 'surrounded'"]


def test_same_as_written_on_both_sides_names_the_other(write: Write) -> None:
    text = related("same-as: surrounded", claim="holding")
    text = text.replace("      - same-as: encirclement\n",
                        "      - same-as: encirclement\n      - same-as: holding\n")
    assert problems(write, text) == [
        "f.yaml:39:18: claim 'surrounded' already says it is the same as 'holding' "
        "(on line 29); write 'same-as' on one side only"]


def test_contradicts_written_on_both_sides_names_the_other(write: Write) -> None:
    text = RELATED.replace("      - same-as: encirclement\n",
                           "      - same-as: encirclement\n      - contradicts: holding\n")
    assert problems(write, text) == [
        "f.yaml:38:30: claim 'surrounded' already says it contradicts 'holding' "
        "(on line 29); write 'contradicts' on one side only"]


def test_supersedes_may_not_make_a_cycle(write: Write) -> None:
    text = related("supersedes: encirclement", claim="holding").replace(
        "      - same-as: encirclement\n", "      - supersedes: holding\n")
    text = text.replace("  - id: encirclement\n",
                        "  - id: encirclement\n    relations: [supersedes: surrounded]\n")
    assert problems(write, text) == [
        "f.yaml:39:21: 'supersedes' makes a cycle: encirclement → surrounded → holding → "
        "encirclement; a later claim supersedes an earlier one, never the other way too"]


def test_claims_that_are_the_same_cannot_contradict(write: Write) -> None:
    text = RELATED.replace("      - same-as: encirclement\n",
                           "      - same-as: encirclement\n      - same-as: holding\n")
    assert problems(write, text) == [
        "f.yaml:38:30: claim 'holding' cannot contradict 'surrounded': they are marked as "
        "the same claim (same-as); remove one of the two relations"]


# ------------------------------------------------------------------ wikidata, lang, original


def test_wikidata_and_lang_are_checked_for_form(write: Write) -> None:
    text = MINIMAL.replace("    name: Vladimir Putin\n",
                           "    name: Vladimir Putin\n    wikidata: q7747\n")
    text = text.replace("    published: 2025-03-14\n", "    published: 2025-03-14\n"
                        "    lang: english\n    publisher_wikidata: Q0\n")
    assert problems(write, text) == [
        "f.yaml:5:11: 'lang' must be a BCP 47 language tag like ru, uk or en-GB, "
        "not 'english'",
        "f.yaml:6:25: 'publisher_wikidata' must be a Wikidata item, Q and digits like Q7747, "
        "not 'Q0'",
        "f.yaml:10:15: 'wikidata' must be a Wikidata item, Q and digits like Q7747, "
        "not 'q7747'"]


ORIGINAL = MINIMAL.replace("        quote: surrender or die\n", """\
        quote: surrender or die
        original:
          source: transcript
          lang: ru
          quote: сдаться или умереть
""").replace("actors:\n", """\
  - id: transcript
    title: A transcript
    published: 2025-03-13
    lang: ru
actors:
""")


def test_an_original_is_read_with_its_source_and_language(write: Write) -> None:
    found = loader.load(write(ORIGINAL))
    statement = found.claims[0].statements[0]
    assert statement.original is not None
    assert (statement.original.source, statement.original.lang, statement.original.quote) == (
        "transcript", "ru", "сдаться или умереть")
    assert found.source_by_id["transcript"].lang == "ru"


def test_an_original_needs_a_known_source_a_language_and_words(write: Write) -> None:
    text = ORIGINAL.replace("          source: transcript\n", "          source: transcrpt\n")
    text = text.replace("          quote: сдаться или умереть\n", "")
    text = text.replace("          lang: ru\n", "          lang: russian\n")
    assert problems(write, text) == [
        "f.yaml:25:11: original needs a 'quote' (the exact words as spoken) or a "
        "'paraphrase' (what was said, in that language)",
        "f.yaml:25:19: unknown source 'transcrpt'; did you mean 'transcript'?",
        "f.yaml:26:17: 'lang' must be a BCP 47 language tag like ru, uk or en-GB, "
        "not 'russian'"]
