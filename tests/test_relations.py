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


# ------------------------------------------------------------------------------- views

from helpers import kursk  # noqa: E402

#: RELATED with an original, a second outlet a day later, and a claim superseding one.
VIEWED = RELATED.replace("        quote: surrender or die\n", """\
        quote: surrender or die
        original:
          source: transcript
          lang: ru
          quote: сдаться или умереть
      - actor: putin
        stance: asserts
        date: 2025-03-13
        source: wire
        quote: surrender or die
""").replace("actors:\n", """\
  - id: transcript
    title: A transcript
    published: 2025-03-13
    lang: ru
  - id: wire
    title: A wire
    published: 2025-03-15
actors:
""").replace("    name: Vladimir Putin\n", "    name: Vladimir Putin\n    wikidata: Q7747\n"
             ).replace("    relations: [contradicts: surrounded]\n",
                       "    relations: [contradicts: surrounded, supersedes: encirclement]\n")


def run(write: Write, *args: str, width: int = 100) -> str:
    result = kursk([*args, "-l", str(write(VIEWED))], COLUMNS=str(width))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_claims_lists_a_group_once_with_its_other_wordings(write: Write) -> None:
    assert run(write, "claims", "-f", "csv").splitlines() == [
        "id,claim,status,asserted_by,denied_by,latest,sources,also_worded_as",
        "holding,The lines are holding.,asserted,General Staff of Ukraine,,2025-03-12,1,",
        "encirclement,Ukrainian troops are encircled.,disputed,Vladimir Putin,General Staff "
        "of Ukraine,2025-03-14,2,Kyiv's forces in Kursk are surrounded.",
    ]
    table = run(write, "claims", width=200)
    assert "also worded as: Kyiv's forces in Kursk are surrounded." in table
    assert "\nsurrounded" not in table


def test_a_group_is_disputed_when_one_wording_is_asserted_and_another_denied(
        write: Write) -> None:
    # Alone, 'encirclement' is only denied and 'surrounded' only asserted.
    alone = loader.load(write(RELATED.replace(
        "    statements:\n      - actor: putin\n        stance: asserts\n"
        "        date: 2025-03-13\n", "    statements:\n      - actor: general-staff\n"
        "        stance: qualifies\n        date: 2025-03-13\n"), "alone.yaml"))
    assert alone.claim_by_id["encirclement"].status.value == "denied"
    assert alone.grouped(alone.claim_by_id["surrounded"]).status.value == "disputed"
    result = kursk(["claims", "-f", "csv", "-l", str(write(RELATED.replace(
        "    statements:\n      - actor: putin\n        stance: asserts\n"
        "        date: 2025-03-13\n", "    statements:\n      - actor: general-staff\n"
        "        stance: qualifies\n        date: 2025-03-13\n"), "alone.yaml"))])
    assert result.stdout.splitlines()[1:] == [
        "holding,The lines are holding.,asserted,General Staff of Ukraine,,2025-03-12,1,",
        "encirclement,Ukrainian troops are encircled.,disputed,Vladimir Putin,General Staff "
        "of Ukraine,2025-03-14,1,Kyiv's forces in Kursk are surrounded.",
    ]


def test_show_of_any_member_shows_the_group_and_its_relations(write: Write) -> None:
    shown = run(write, "show", "surrounded").splitlines()
    assert shown[:5] == [
        "Ukrainian troops are encircled.",
        "status: disputed   id: encirclement",
        "also worded as: Kyiv's forces in Kursk are surrounded.  (surrounded)",
        "contradicts: The lines are holding.  (holding, asserted)",
        "superseded by: The lines are holding.  (holding, asserted)",
    ]
    assert run(write, "show", "encirclement") == run(write, "show", "surrounded")
    holding = run(write, "show", "holding").splitlines()
    assert holding[2:4] == [
        "contradicts: Kyiv's forces in Kursk are surrounded.  (surrounded, disputed)",
        "supersedes: Ukrainian troops are encircled.  (encirclement, disputed)",
    ]


def test_show_prints_the_words_as_spoken_and_the_first_appearance(write: Write) -> None:
    shown = [line.rstrip() for line in run(write, "show", "encirclement").splitlines()]
    assert shown[12:17] == [
        "Vladimir Putin  2025-03-13",
        "“surrender or die”",
        "sources: report, wire",
        "first appeared: report (2025-03-14)",
        "as spoken (ru, transcript): “сдаться или умереть”",
    ]


def test_actor_counts_the_group_once_and_prints_the_original(write: Write) -> None:
    rows = run(write, "actor", "putin", "-f", "csv").splitlines()
    assert rows == [
        "date,claim_id,claim,stance,words,quoted,source,original_quote,original_lang,"
        "original_source",
        "2025-03-10,encirclement,Ukrainian troops are encircled.,asserts,they are surrounded,"
        "quote,report,,,",
        "2025-03-13,encirclement,Ukrainian troops are encircled.,asserts,surrender or die,"
        "quote,report,сдаться или умереть,ru,transcript",
        "2025-03-13,encirclement,Ukrainian troops are encircled.,asserts,surrender or die,"
        "quote,wire,,,",
    ]
    assert "as spoken (ru, transcript): “сдаться или умереть”" in " ".join(
        run(write, "actor", "putin", width=200).split())


def test_the_matrix_counts_the_group_once(write: Write) -> None:
    assert run(write, "matrix", "-f", "csv").splitlines() == [
        "actor_id,holding,encirclement",
        "general-staff,asserts,denies",
        "putin,,asserts",
    ]


def test_actors_shows_the_wikidata_item(write: Write) -> None:
    assert run(write, "actors", "-f", "csv").splitlines()[1:] == [
        "general-staff,General Staff of Ukraine,,1,1,0,2,",
        "putin,Vladimir Putin,,3,0,0,3,Q7747",
    ]
    assert "Q7747" in run(write, "actors")


def test_exports_keep_one_row_per_claim_with_its_group(write: Write) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(run(write, "export", "-f", "csv"))))
    assert [(r["claim_id"], r["group"], r["status"], r["original_quote"],
             r["original_lang"], r["original_source"]) for r in rows] == [
        ("surrounded", "encirclement", "disputed", "", "", ""),
        ("holding", "holding", "asserted", "", "", ""),
        ("encirclement", "encirclement", "disputed", "сдаться или умереть", "ru",
         "transcript"),
        ("encirclement", "encirclement", "disputed", "", "", ""),
        ("encirclement", "encirclement", "disputed", "", "", ""),
    ]


def test_json_ld_links_actors_to_wikidata(write: Write) -> None:
    import json

    graph = json.loads(run(write, "export", "-f", "jsonld"))["@graph"]
    putin = next(node for node in graph if node.get("identifier") == "putin")
    assert putin["sameAs"] == "https://www.wikidata.org/wiki/Q7747"
