"""Relations between claims, the words as spoken, and Wikidata items: each rule with
the exact message a user sees, and each view that reads them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

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


def test_actor_names_each_statements_claim_and_group_and_prints_the_original(
        write: Write) -> None:
    rows = run(write, "actor", "putin", "-f", "csv").splitlines()
    assert rows == [
        "date,claim_id,claim,stance,words,quoted,source,original_quote,original_lang,"
        "original_source,group",
        "2025-03-10,surrounded,Kyiv's forces in Kursk are surrounded.,asserts,"
        "they are surrounded,quote,report,,,,encirclement",
        "2025-03-13,encirclement,Ukrainian troops are encircled.,asserts,surrender or die,"
        "quote,report,сдаться или умереть,ru,transcript,encirclement",
        "2025-03-13,encirclement,Ukrainian troops are encircled.,asserts,surrender or die,"
        "quote,wire,,,,encirclement",
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


def test_the_markdown_export_gives_the_words_as_spoken(write: Write) -> None:
    lines = run(write, "export", "-f", "markdown").splitlines()
    assert ("| Vladimir Putin | asserts | 2025-03-13 | “surrender or die”<br>as spoken "
            "(ru, transcript): “сдаться или умереть” | A report |") in lines
    assert ("`surrounded` · **disputed** · the same claim as `encirclement` · asserted by: "
            "Vladimir Putin · denied by: nobody") in lines


def test_json_ld_links_actors_to_wikidata(write: Write) -> None:
    import json

    graph = json.loads(run(write, "export", "-f", "jsonld"))["@graph"]
    putin = next(node for node in graph if node.get("identifier") == "putin")
    assert putin["sameAs"] == "https://www.wikidata.org/wiki/Q7747"


# ------------------------------------------------------------- check: contradictions

CONTRADICTED = RELATED.replace("""\
      - actor: general-staff
        stance: asserts
        date: 2025-03-12
        source: report
        paraphrase: The lines hold.
""", """\
      - actor: putin
        stance: asserts
        date: 2025-03-12
        source: report
        paraphrase: The lines hold.
      - actor: general-staff
        stance: asserts
        date: 2025-03-01
        source: report
        paraphrase: The lines hold.
""")


def test_check_warns_of_an_actor_asserting_contradicting_claims(write: Write) -> None:
    path = str(write(CONTRADICTED))
    warning = ("ledger.yaml:15:9: warning: Vladimir Putin asserts 'encirclement' on 2025-03-13 "
               "and 'holding', which it contradicts, on 2025-03-12 (line 39), within 7 days")
    result = kursk(["check", "-l", path])
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"{path}: ok: 3 claims, 2 actors, 5 statements, 1 disputed "
                             "(1 same-as group counted once)\n")
    assert result.stderr == path.removesuffix("ledger.yaml") + warning + "\n"
    strict = kursk(["check", "-l", path, "--strict"])
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[-1] == (f"1 warning in {path}; --strict fails on "
                                              "warnings")


def test_asserting_contradicting_claims_weeks_apart_is_no_warning(write: Write) -> None:
    path = str(write(CONTRADICTED.replace("date: 2025-03-12", "date: 2025-02-20")))
    result = kursk(["check", "-l", path, "--strict"])
    assert (result.exit_code, result.stderr) == (0, "")


# ---------------------------------------------------------------------------- graph


def graph(write: Write, *args: str) -> str:
    text = VIEWED.replace("text: The lines are holding.",
                          'text: "The <lines> are \\"holding\\" & \\\\l] end"')
    result = kursk(["graph", *args, "-l", str(write(text))])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def test_graph_as_graphml_reads_in_networkx(write: Write, tmp_path: Path) -> None:
    import networkx

    (tmp_path / "g.graphml").write_text(graph(write, "-f", "graphml"), encoding="utf-8")
    read = networkx.read_graphml(tmp_path / "g.graphml")
    assert sorted(read.nodes) == ["encirclement", "holding", "surrounded"]
    assert read.nodes["holding"]["text"] == 'The <lines> are "holding" & \\l] end'
    assert read.nodes["surrounded"]["status"] == "disputed"
    assert read.nodes["surrounded"]["group"] == "encirclement"
    assert sorted((a, b, d["relation"]) for a, b, d in read.edges(data=True)) == [
        ("holding", "encirclement", "supersedes"), ("holding", "surrounded", "contradicts"),
        ("surrounded", "encirclement", "same-as")]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # (pydot's use of pyparsing)
def test_graph_as_dot_reads_in_pydot(write: Write) -> None:
    import pydot

    parsed = pydot.graph_from_dot_data(graph(write, "-f", "dot"))
    assert parsed is not None
    [read] = parsed
    nodes = {n.get_name().strip('"'): n for n in read.get_nodes() if n.get_name() != "node"}
    assert sorted(nodes) == ["encirclement", "holding", "surrounded"]
    assert nodes["holding"].get("label") == (
        '"The <lines> are \\"holding\\" & \\\\l] end\\nholding · asserted"')
    assert nodes["encirclement"].get("fillcolor") == '"#e6a23c"'
    assert sorted((str(e.get_source()).strip('"'), str(e.get_destination()).strip('"'),
                   str(e.get("label")).strip('"')) for e in read.get_edges()) == [
        ("holding", "encirclement", "supersedes"), ("holding", "surrounded", "contradicts"),
        ("surrounded", "encirclement", "same-as")]


def test_graph_as_mermaid_is_a_flowchart_of_nodes_and_edges(write: Write) -> None:
    import re

    lines = graph(write, "-f", "mermaid").splitlines()
    assert lines[0] == "flowchart LR"
    node = re.compile(r'  (c\d+)\["([^"\[\]<>&]*(?:<br/>)[^"\[\]<>&]*)"\]:::(\w+)\Z')
    edge = re.compile(r"  (c\d+) (-\.->|==>|-->)\|([a-z-]+)\| (c\d+)\Z")
    style = re.compile(r"  classDef \w+ fill:#[0-9a-f]{6}\Z")
    nodes = [m.groups() for m in map(node.match, lines[1:]) if m]
    edges = [m.groups() for m in map(edge.match, lines[1:]) if m]
    assert len(nodes) + len(edges) + sum(bool(style.match(x)) for x in lines[1:]) == len(
        lines) - 1, lines
    names = {ident: label.split("<br/>")[1].split(" · ")[0] for ident, label, _s in nodes}
    assert sorted((names[a], relation, names[b]) for a, _arrow, relation, b in edges) == [
        ("holding", "contradicts", "surrounded"), ("holding", "supersedes", "encirclement"),
        ("surrounded", "same-as", "encirclement")]
    assert nodes[2][1].startswith("The #60;lines#62; are #34;holding#34; #38; \\l#93; end")


def test_graph_of_one_claim_keeps_the_claims_related_to_it(write: Write) -> None:
    import json

    text = VIEWED.replace("  - id: holding\n", "  - id: alone\n    text: Alone.\n    statements:\n"
                          "      - actor: putin\n        stance: asserts\n"
                          "        date: 2025-03-10\n        source: report\n"
                          "        quote: alone\n  - id: holding\n")
    result = kursk(["graph", "surr", "-f", "json", "-l", str(write(text))])
    assert result.exit_code == 0, result.output
    assert [c["id"] for c in json.loads(result.stdout)["claims"]] == [
        "encirclement", "surrounded", "holding"]
    unknown = kursk(["graph", "nothing", "-l", str(write(text))])
    assert (unknown.exit_code, unknown.stdout) == (1, "")
    assert "no claim with id 'nothing'" in unknown.stderr


# ------------------------------------------------------------ verify: the words as spoken

#: A transcript written for this test (invented words), with «guillemets», „low-high“
#: quotes, ё and the Ukrainian apostrophe ʼ (U+02BC).
TRANSCRIPT = """\
Стенограмма встречи.
Он сказал: «Всё решено, отступать некуда».
Посадовець заявив: „Ми зʼявилися вчасно“.
"""

SPOKEN = MINIMAL.replace("        quote: surrender or die\n", """\
        quote: surrender or die
        original:
          source: transcript
          lang: ru
          quote: Все решено, отступать некуда
""").replace("        paraphrase: Reports of encirclement are false.\n", """\
        paraphrase: Reports of encirclement are false.
        original:
          source: transcript
          lang: uk
          paraphrase: Він сказав "Ми з'явилися вчасно" і пішов.
      - actor: general-staff
        stance: denies
        date: 2025-03-13
        source: report
        paraphrase: Denied it again.
        original:
          source: transcript
          lang: ru
          quote: Всё решено, отступать есть куда
""").replace("actors:\n", """\
  - id: transcript
    title: A transcript
    published: 2025-03-13
    lang: ru
    archive: transcript.txt
actors:
""")


def test_verify_checks_an_original_against_its_own_source(write: Write,
                                                           tmp_path: Path) -> None:
    import json

    (tmp_path / "transcript.txt").write_text(TRANSCRIPT, encoding="utf-8")
    path = write(SPOKEN)
    result = kursk(["verify", "-l", str(path), "-f", "json"])
    assert result.exit_code == 1, result.output
    quotes = json.loads(result.stdout)["quotes"]
    assert [(q["status"], q["source_id"], q["ledger_place"].rsplit("/", 1)[-1],
             q["archive_place"] and q["archive_place"].rsplit("/", 1)[-1], q["differences"],
             q["original"]) for q in quotes] == [
        ("no archive", "report", "ledger.yaml:24:16", None, [], False),
        # ё written as е, and guillemets in the archive
        ("verified", "transcript", "ledger.yaml:28:18", "transcript.txt:2:13", [], True),
        # ' for ʼ, " for „ “, quoted within a paraphrase
        ("verified", "transcript", "ledger.yaml:37:23", "transcript.txt:3:21", [], True),
        ("differs", "transcript", "ledger.yaml:46:18", "transcript.txt:2:35",
         ["'есть куда' where the archive has 'некуда Посадовець'"], True),
    ]


# ---------------------------------------------------------------- merge: relations added

RELATIONS_DRAFT = """\
claims:
  - id: surrounded
    relations:
      - supersedes: holding
  - id: encirclement
    relations:
      - supports: holding
    statements:
      - actor: general-staff
        stance: qualifies
        date: 2025-03-14
        source: report
        paraphrase: Partly.
"""


def test_a_draft_may_add_relations_to_claims_the_ledger_has(write: Write) -> None:
    ledger = write(RELATED)
    draft = write(RELATIONS_DRAFT, "draft.yaml")
    result = kursk(["merge", str(draft), "-l", str(ledger)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("added 1 statement, 2 relations to ")
    assert ledger.read_text(encoding="utf-8") == RELATED.replace("""\
    text: Ukrainian troops are encircled.
""", """\
    text: Ukrainian troops are encircled.
    relations:
      - supports: holding
""").replace("""\
        paraphrase: Reports of encirclement are false.
""", """\
        paraphrase: Reports of encirclement are false.
      - actor: general-staff
        stance: qualifies
        date: 2025-03-14
        source: report
        paraphrase: Partly.
""").replace("""\
      - same-as: encirclement
""", """\
      - same-as: encirclement
      - supersedes: holding
""")


def test_a_new_claims_relations_and_topics_are_not_counted_as_statements(
        write: Write) -> None:
    ledger = write(RELATED)
    draft = write("""\
claims:
  - id: retreat
    text: The troops pulled back.
    topics:
      - kursk
      - front
    relations:
      - contradicts: holding
      - supports: encirclement
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-14
        source: report
        quote: |
          - they ran
          - they left
""", "draft.yaml")
    result = kursk(["merge", str(draft), "-l", str(ledger)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"added 1 claim, 1 statement to {ledger}: ok: 4 claims, "
                             "2 actors, 5 statements, 1 disputed (1 same-as group counted once)\n")


def test_relations_and_statements_merged_into_two_files_are_summed(tmp_path: Path) -> None:
    main = tmp_path / "facts.yaml"
    main.write_text("version: 1\ninclude: [claims/*.yaml]\n" + MINIMAL.split("claims:")[0],
                    encoding="utf-8")
    (tmp_path / "claims").mkdir()
    first, second = tmp_path / "claims" / "a.yaml", tmp_path / "claims" / "b.yaml"
    first.write_text("claims:" + MINIMAL.split("claims:")[1], encoding="utf-8")
    second.write_text(RELATED.replace(MINIMAL, "claims:\n"), encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    draft.write_text("""\
claims:
  - id: encirclement
    relations:
      - supports: holding
  - id: holding
    statements:
      - actor: putin
        stance: denies
        date: 2025-03-14
        source: report
        paraphrase: They hold nothing.
""", encoding="utf-8")
    result = kursk(["merge", str(draft), "-l", str(main)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"added 1 statement, 1 relation to {first} and {second}: ok: "
                             "3 claims, 2 actors, 5 statements, 2 disputed "
                             "(1 same-as group counted once)\n")


def test_relations_written_on_one_line_are_not_merged_into(write: Write) -> None:
    ledger = write(RELATED)
    draft = write("claims:\n  - id: holding\n    relations:\n      - supports: encirclement\n",
                  "draft.yaml")
    result = kursk(["merge", str(draft), "-l", str(ledger)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{ledger}:37:1: the relations of claim 'holding' are written on one line; write "
        "them as a list for kursk merge to add to, or add the draft's by hand\n"
        f"1 problem in {ledger}\nnothing written\n")
    assert ledger.read_text(encoding="utf-8") == RELATED


# -------------------------------------------------------------------------------- diff


def test_diff_names_a_changed_relation_and_a_changed_original(write: Write) -> None:
    from kursk_cli import diff

    old_text = ORIGINAL.replace("  - id: encirclement\n", "  - id: encirclement\n"
                                "    relations: [supports: other]\n") + OTHER
    new_text = ORIGINAL.replace("          quote: сдаться или умереть\n",
                                "          quote: сдавайтесь или умрите\n").replace(
        "  - id: encirclement\n", "  - id: encirclement\n    relations: [contradicts: other]\n"
    ) + OTHER
    old = loader.load(write(old_text, "old.yaml"))
    found = diff.compare(old, loader.load(write(new_text, "new.yaml")))
    assert [(c.new.id, c.fields) for c in found.claims.changed] == [
        ("encirclement", ("relations",))]
    assert [(diff.statement_key(c.new), c.fields) for c in found.statements.changed] == [
        ("encirclement: putin asserts 2025-03-13 (report)", ("original",))]
    # Lines moved, nothing changed: where a relation is written is not a change.
    moved = loader.load(write(old_text.replace("claims:\n", "claims:\n# moved\n\n"),
                              "moved.yaml"))
    assert not diff.compare(old, moved).changed


OTHER = """\
  - id: other
    text: Another claim.
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-13
        source: report
        quote: other words
"""
