"""One test per loader rule, each with the exact message a user sees."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import FACTS, MINIMAL
from kursk_cli import files, loader
from kursk_cli.errors import LedgerInvalid
from kursk_cli.model import Stance, Status

Write = Callable[..., Path]


def problems(path: Path) -> list[str]:
    found, listed = loader.check(path, "f.yaml")
    assert (found is None) == bool(listed)
    return [str(p) for p in listed]


def with_statement(extra: str) -> str:
    """MINIMAL with the first statement's quote line replaced by ``extra``."""
    return MINIMAL.replace("        quote: surrender or die\n", extra)


def test_minimal_ledger_loads_with_every_field(write: Write) -> None:
    found = loader.load(write(MINIMAL))
    claim = found.claims[0]
    assert claim.status is Status.DISPUTED
    assert [s.stance for s in claim.statements] == [Stance.ASSERTS, Stance.DENIES]
    assert claim.statements[0].date == dt.date(2025, 3, 13)
    assert claim.statements[0].quote == "surrender or die"
    assert claim.statements[1].paraphrase == "Reports of encirclement are false."
    assert found.actors[0].aliases == ("Putin",)


# ----------------------------------------------------------------- values stay text


def test_yaml_1_1_values_stay_the_text_written(write: Write) -> None:
    text = MINIMAL.replace("id: putin", "id: no").replace("actor: putin", "actor: no")
    text = text.replace("title: A report", "title: off").replace("quote: surrender or die",
                                                                 "quote: No")
    text = text.replace("text: Ukrainian troops are encircled.", "text: 20:30")
    text = text.replace("id: general-staff", "id: 0123").replace("actor: general-staff",
                                                                 "actor: \"0123\"")
    text = text.replace("id: encirclement", "id: 2025-03-14")
    found = loader.load(write(text))
    assert [a.id for a in found.actors] == ["no", "0123"]
    assert found.sources[0].title == "off"
    assert found.claims[0].id == "2025-03-14"
    assert found.claims[0].text == "20:30"
    assert found.claims[0].statements[0].quote == "No"
    assert found.claims[0].statements[1].actor == "0123"


def test_plain_and_quoted_ids_that_yaml_would_merge_are_one_id(write: Write) -> None:
    text = MINIMAL.replace("id: general-staff", "id: 0123").replace(
        "id: putin", "id: \"0123\"")
    assert problems(write(text))[0] == "f.yaml:9:9: duplicate actor id '0123' (first on line 6)"


def test_null_value_is_an_error_not_nothing(write: Write) -> None:
    text = with_statement("        quote: ~\n")
    assert problems(write(text)) == [
        "f.yaml:19:16: 'quote' has no value; write the value, in quotes if need be"]


def test_empty_quoted_text_is_an_error(write: Write) -> None:
    assert problems(write(with_statement('        quote: "  "\n'))) == [
        "f.yaml:19:16: 'quote' is empty"]


# ----------------------------------------------------------- safe loading


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!python/object/apply:os.system [echo hi]",
         "f.yaml:19:16: tag '!!python/object/apply:os.system' is not allowed; remove it "
         "(put the value in quotes if it is text)"),
        ("!!python/name:os.system x",
         "f.yaml:19:16: tag '!!python/name:os.system' is not allowed; remove it "
         "(put the value in quotes if it is text)"),
        ("!!binary aGVsbG8=",
         "f.yaml:19:16: tag '!!binary' is not allowed; remove it (put the value in quotes if "
         "it is text)"),
        ("!!timestamp 2025-03-14",
         "f.yaml:19:16: tag '!!timestamp' is not allowed; remove it (put the value in quotes "
         "if it is text)"),
        ("!x hello",
         "f.yaml:19:16: tag '!x' is not allowed; remove it (put the value in quotes if it is "
         "text)"),
    ],
)
def test_explicit_tags_are_refused(write: Write, value: str, message: str) -> None:
    assert message in problems(write(with_statement(f"        quote: {value}\n")))


def test_anchors_and_aliases_are_refused(write: Write) -> None:
    text = MINIMAL.replace("title: A report", "title: &t A report").replace(
        "quote: surrender or die", "quote: *t")
    assert problems(write(text)) == [
        "f.yaml:3:12: anchor '&t' is not allowed; write each value out in full",
        "f.yaml:19:16: alias '*t' is not allowed; write the value out in full",
    ]


def test_alias_bomb_is_refused_without_expanding(write: Write) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
        for i in range(8)
    )
    listed = problems(write(bomb))
    assert "f.yaml:1:4: anchor '&a' is not allowed; write each value out in full" in listed
    assert "f.yaml:2:8: alias '*a' is not allowed; write the value out in full" in listed
    assert sum("alias '*" in p for p in listed) == 8 * 9


def test_a_second_document_is_refused(write: Write) -> None:
    assert problems(write(MINIMAL + "---\nsources: []\n")) == [
        "f.yaml:25:1: a second YAML document starts here ('---'); a ledger is one document"]


def test_duplicate_key_names_both_lines(write: Write) -> None:
    text = with_statement("        quote: surrender or die\n        stance: denies\n")
    assert problems(write(text)) == [
        "f.yaml:20:9: duplicate key 'stance' (first on line 16); YAML would silently keep "
        "only the last one"]


# ----------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-02-30", "f.yaml:17:15: 'date' is 2025-02-30, which is not a real date"),
        ("yesterday", "f.yaml:17:15: 'date' must be a date written YYYY-MM-DD, like "
                      "2025-03-14, not 'yesterday'"),
        ("14/03/2025", "f.yaml:17:15: 'date' must be a date written YYYY-MM-DD, like "
                       "2025-03-14, not '14/03/2025'"),
        ("2025-03-14T10:00:00", "f.yaml:17:15: 'date' must be a date written YYYY-MM-DD, like "
                                "2025-03-14, not '2025-03-14T10:00:00'"),
    ],
)
def test_dates_are_real_iso_dates(write: Write, value: str, message: str) -> None:
    text = MINIMAL.replace("date: 2025-03-13", f"date: {value}")
    assert problems(write(text)) == [message]


def test_quoted_date_is_read_as_a_date(write: Write) -> None:
    found = loader.load(write(MINIMAL.replace("date: 2025-03-13", 'date: "2025-03-13"')))
    assert found.claims[0].statements[0].date == dt.date(2025, 3, 13)


# ----------------------------------------------------------------- keys and shapes


def test_unknown_key_suggests_the_known_one(write: Write) -> None:
    text = MINIMAL.replace("stance: asserts", "stnace: asserts")
    assert problems(write(text)) == [
        "f.yaml:15:9: statement is missing 'stance'",
        "f.yaml:16:9: unknown key 'stnace' in statement; did you mean 'stance'?",
    ]


def test_unknown_stance_suggests_one(write: Write) -> None:
    text = MINIMAL.replace("stance: denies", "stance: deny")
    assert problems(write(text)) == [
        "f.yaml:21:17: 'stance' must be asserts, denies or qualifies, not 'deny'; did you "
        "mean 'denies'?"]


def test_statements_given_as_text(write: Write) -> None:
    text = MINIMAL[: MINIMAL.index("    statements:")] + "    statements: putin said so\n"
    assert problems(write(text)) == [
        "f.yaml:14:17: 'statements' must be a list of entries, each starting with '- '"]


def test_top_level_list_is_refused(write: Write) -> None:
    assert problems(write("- sources\n- actors\n")) == [
        "f.yaml:1:1: the ledger must be a mapping with the keys sources, actors and claims"]


def test_missing_top_level_keys(write: Write) -> None:
    assert problems(write("sources: []\n")) == [
        "f.yaml:1:1: the ledger is missing 'actors'",
        "f.yaml:1:1: the ledger is missing 'claims'",
    ]


def test_claim_without_statements(write: Write) -> None:
    text = MINIMAL[: MINIMAL.index("    statements:")] + "    statements: []\n"
    assert problems(write(text)) == ["f.yaml:14:17: a claim needs at least one statement"]


def test_quote_and_paraphrase_exactly_one(write: Write) -> None:
    both = with_statement("        quote: a\n        paraphrase: b\n")
    neither = with_statement("")
    assert problems(write(both)) == [
        "f.yaml:20:21: a statement has a quote or a paraphrase, not both; put the other in a "
        "second statement or the note"]
    assert problems(write(neither, "n.yaml")) == [
        "f.yaml:15:9: statement needs a 'quote' (the exact words) or a 'paraphrase' "
        "(reported speech)"]


def test_aliases_must_be_a_list(write: Write) -> None:
    text = MINIMAL.replace("aliases: [Putin]", "aliases: Putin")
    assert problems(write(text)) == ["f.yaml:8:14: 'aliases' must be a list, like aliases: "
                                     "[Putin]"]


def test_text_must_not_be_a_mapping(write: Write) -> None:
    text = MINIMAL.replace("title: A report", "title: {a: b}")
    assert problems(write(text)) == ["f.yaml:3:12: 'title' must be text, not a mapping of keys"]


def test_version_other_than_1(write: Write) -> None:
    assert problems(write("version: 2\n" + MINIMAL)) == [
        "f.yaml:1:10: this kursk reads ledger format version 1, not '2'"]


def test_url_must_be_a_web_address(write: Write) -> None:
    text = MINIMAL.replace("published: 2025-03-14",
                           "published: 2025-03-14\n    url: javascript:alert(1)")
    assert problems(write(text)) == [
        "f.yaml:5:10: 'url' must be a web address starting with http:// or https://, not "
        "'javascript:alert(1)'"]


# ----------------------------------------------------------------- ids and references


def test_an_id_with_a_character_that_shows_as_nothing_is_shown_with_it_escaped(
        write: Write) -> None:
    # Else the message would read "not 'putin'; try 'putin'".
    text = MINIMAL.replace("id: putin", "id: pu\u200btin", 1)
    assert problems(write(text))[0] == (
        "f.yaml:6:9: 'id' must be a lowercase id (a-z, 0-9 and single hyphens), not "
        "'pu\\u200btin'; try 'putin'")


def test_ids_are_lowercase_slugs(write: Write) -> None:
    text = MINIMAL.replace("id: putin", "id: Putin").replace("actor: putin", "actor: Putin")
    assert problems(write(text)) == [
        "f.yaml:6:9: 'id' must be a lowercase id (a-z, 0-9 and single hyphens), not 'Putin'; "
        "try 'putin'",
        "f.yaml:15:16: 'actor' must be a lowercase id (a-z, 0-9 and single hyphens), not "
        "'Putin'; try 'putin'",
    ]


def test_lookalike_id_is_not_a_second_putin(write: Write) -> None:
    # Cyrillic "р" and a zero-width space: both would look like "putin" on screen.
    text = MINIMAL.replace("actor: putin", "actor: \"рutin\"")
    text2 = MINIMAL.replace("actor: putin", "actor: \"put\u200bin\"")
    assert problems(write(text)) == [
        "f.yaml:15:16: 'actor' must be a lowercase id (a-z, 0-9 and single hyphens), not "
        "'рutin'; did you mean 'putin'?"]
    assert problems(write(text2, "b.yaml"))[0].startswith(
        "f.yaml:15:16: 'actor' must be a lowercase id")


def test_unknown_actor_and_source_name_close_matches(write: Write) -> None:
    text = MINIMAL.replace("actor: putin", "actor: puttin").replace(
        "source: report\n        paraphrase", "source: reprot\n        paraphrase")
    assert problems(write(text)) == [
        "f.yaml:15:16: unknown actor 'puttin'; did you mean 'putin'?",
        "f.yaml:23:17: unknown source 'reprot'; did you mean 'report'?",
    ]


def test_unknown_actor_with_nothing_close(write: Write) -> None:
    text = MINIMAL.replace("actor: putin", "actor: lavrov")
    assert problems(write(text)) == ["f.yaml:15:16: unknown actor 'lavrov'; declare it under "
                                     "actors"]


def test_duplicate_claim_id_names_both_lines(write: Write) -> None:
    claim = MINIMAL[MINIMAL.index("  - id: encirclement"):]
    text = MINIMAL + claim.replace("Ukrainian troops are encircled.", "Another claim.")
    assert problems(write(text)) == [
        "f.yaml:25:9: duplicate claim id 'encirclement' (first on line 12)"]


def test_statement_after_its_source(write: Write) -> None:
    text = MINIMAL.replace("date: 2025-03-13", "date: 2025-03-15")
    assert problems(write(text)) == [
        "f.yaml:17:15: statement dated 2025-03-15 is later than its source 'report', "
        "published 2025-03-14"]


def test_repeated_statement(write: Write) -> None:
    statement = MINIMAL[MINIMAL.index("      - actor: putin"):MINIMAL.index("      - actor: gen")]
    assert problems(write(MINIMAL + statement)) == [
        "f.yaml:25:9: this statement repeats the one on line 15 of claim 'encirclement'"]


def test_two_claims_with_one_text(write: Write) -> None:
    claim = MINIMAL[MINIMAL.index("  - id: encirclement"):]
    text = MINIMAL + claim.replace("id: encirclement", "id: encircled")
    assert problems(write(text)) == [
        "f.yaml:26:11: claim 'encircled' has the same text as claim 'encirclement' "
        "(first on line 12); merge their statements"]


def test_claim_texts_that_differ_only_in_case_or_spacing_are_one_text(write: Write) -> None:
    claim = MINIMAL[MINIMAL.index("  - id: encirclement"):].replace(
        "id: encirclement", "id: encircled")
    first = MINIMAL[MINIMAL.index("    text: ") + 10:].split("\n", 1)[0]
    for one, other in ((first, first.upper()), (first, first.replace(" ", "   ")),
                       ("Stra\u00dfe " + first, "STRASSE " + first)):
        text = MINIMAL.replace(first, one) + claim.replace(first, other)
        assert problems(write(text)) == [
            "f.yaml:26:11: claim 'encircled' has the same text as claim 'encirclement' "
            "(first on line 12); merge their statements"], other
    assert problems(write(MINIMAL + claim.replace(first, first + " Again"))) == []


# ------------------------------------------------------------ invisible characters


def test_escaped_control_character_in_text(write: Write) -> None:
    text = with_statement('        quote: "red \\e[31m alert"\n')
    assert problems(write(text)) == [
        "f.yaml:19:16: 'quote' contains the invisible control character U+001B; remove it"]


def test_c1_control_character_in_text(write: Write) -> None:
    text = with_statement('        quote: "csi \\x9b31m"\n')
    assert problems(write(text)) == [
        "f.yaml:19:16: 'quote' contains the invisible control character U+009B; remove it"]


def test_bidi_override_in_text(write: Write) -> None:
    text = with_statement('        quote: "abc \\u202e cba"\n')
    assert problems(write(text)) == [
        "f.yaml:19:16: 'quote' contains the invisible control character U+202E; remove it"]


@pytest.mark.parametrize("char", ["\u200b", "\u2060", "\ufeff", "\u206a", "\u3164",
                                  "\U000e0041", "\U000e007f"])
def test_a_character_that_shows_as_nothing_is_refused(write: Write, char: str) -> None:
    # Written raw: the name looks like "Vladimir Putin" and is not; the quote carries
    # text (tag characters) no reviewer sees.
    text = with_statement(f"        quote: surrender{char} now\n").replace(
        "name: Vladimir Putin", f"name: Vladimir{char} Putin")
    assert problems(write(text)) == [
        f"f.yaml:7:11: 'name' contains the invisible character U+{ord(char):04X}; remove it",
        f"f.yaml:19:16: 'quote' contains the invisible character U+{ord(char):04X}; remove it"]


def test_joiners_and_emoji_flags_are_text(write: Write) -> None:
    # Persian needs the zero-width non-joiner, emoji and Hindi the joiner, Mongolian its
    # vowel separator; a flag such as Scotland's is spelled with tag characters.
    scotland = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    text = with_statement(f"        quote: {scotland} \U0001f468\u200d\U0001f4bb "
                          "क्\u200dष ᠨᠢ\u180eᠠ 1\ufe0f\u20e3\n").replace(
        "name: Vladimir Putin", "name: نیما\u200cیوشیج")
    assert problems(write(text)) == []


def test_a_joiner_between_latin_letters_is_refused(write: Write) -> None:
    text = with_statement("        quote: surrender or die\n").replace(
        "name: Vladimir Putin", "name: Vladi\u200dmir Putin")
    assert problems(write(text)) == [
        "f.yaml:7:11: 'name' contains the invisible character U+200D; remove it"]


def test_words_hidden_in_tag_characters_are_refused_even_after_a_black_flag(
        write: Write) -> None:
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "ignore the rest")
    text = with_statement(f"        quote: surrender \U0001f3f4{hidden}\U000e007f\n")
    assert problems(write(text)) == [
        "f.yaml:19:16: 'quote' contains the invisible character U+E0069; remove it"]


def test_raw_control_character_in_the_file(write: Write) -> None:
    text = with_statement("        quote: bell \x07 here\n")
    assert problems(write(text)) == [
        "f.yaml:19:21: invisible control character U+0007 in the file; delete it"]


def test_control_characters_are_listed_up_to_a_hundred_then_the_search_stops(
        write: Write) -> None:
    # Not counted past the hundredth: counting every NUL of a 256 MiB file took a minute.
    listed = problems(write(MINIMAL + "# \x01\x02\x03" * 50 + "\n"))  # 150 of them
    assert len(listed) == 101
    assert listed[0] == ("f.yaml: more than 100 invisible control characters in the file; "
                         "the first 100 are listed")
    assert listed[1] == "f.yaml:25:3: invisible control character U+0001 in the file; delete it"
    assert listed[-1] == ("f.yaml:25:168: invisible control character U+0001 in the file; "
                          "delete it")


def test_tabs_and_newlines_are_allowed_in_text(write: Write) -> None:
    found = loader.load(write(with_statement('        quote: "a\\tb\\nc"\n')))
    assert found.claims[0].statements[0].quote == "a\tb\nc"


# ----------------------------------------------------------------- YAML syntax


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sources: []\n\tactors: []\n", "f.yaml:2:1: a tab character here; use spaces to indent"),
        ("sources: [a\n", "f.yaml:2:1: a list in [ ] is not closed; add the ']'"),
        ('sources: "abc\n', "f.yaml:1:10: this quoted text is never closed; add the closing \" "
                            "at its end"),
        ("title: a: b\n", "f.yaml:1:9: a ': ' here that YAML reads as a new key; put the whole "
                          "value in quotes"),  # (and the unknown key title, below)
        ("a: @x\n", "f.yaml:1:4: this character cannot start a value; put the value in quotes"),
        ('a: "\\ud800\\udc00"\n', "f.yaml:1:7: a \\u escape in double quotes that is not a "
                                 "character (half of a pair?); write the character itself"),
        ("a: " + "[" * 2000 + "]" * 2000 + "\n",
         "f.yaml:1:1003: nested too deeply; a ledger needs at most 5 levels"),
        ("".join(" " * i + f"k{i}:\n" for i in range(40)) + " " * 40 + "v\n",
         "f.yaml:33:33: nested more than 32 levels deep; a ledger needs at most 5"),
    ],
)
def test_yaml_syntax_errors_in_words(write: Write, text: str, message: str) -> None:
    found = problems(write(text))
    # What was read before the YAML broke off is checked too (all problems at once).
    assert [p for p in found if "unknown key" not in p] == [message]
    assert [p for p in found if "unknown key" in p] == (
        ["f.yaml:1:1: unknown key 'title' in the ledger"] if text.startswith("title") else [])


def test_every_problem_is_reported_in_one_run(write: Write) -> None:
    text = MINIMAL.replace("date: 2025-03-13", "date: 2025-13-01").replace(
        "stance: denies", "stance: refutes").replace("title: A report", "titel: A report")
    assert problems(write(text)) == [
        "f.yaml:2:5: source is missing 'title'",
        "f.yaml:3:5: unknown key 'titel' in source; did you mean 'title'?",
        "f.yaml:17:15: 'date' is 2025-13-01, which is not a real date",
        "f.yaml:21:17: 'stance' must be asserts, denies or qualifies, not 'refutes'",
    ]


# ----------------------------------------------------------------- the file itself


def test_missing_file(tmp_path: Path) -> None:
    assert problems(tmp_path / "nope.yaml") == [
        "f.yaml: no such file"]


def test_directory(tmp_path: Path) -> None:
    assert problems(tmp_path) == ["f.yaml: this is a folder, not a ledger file"]


def test_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert problems(fifo) == [
        "f.yaml: not an ordinary file (a pipe, device or socket); kursk reads files"]


def test_device_is_not_read_forever() -> None:
    assert problems(Path("/dev/zero")) == [
        "f.yaml: not an ordinary file (a pipe, device or socket); kursk reads files"]


def test_file_over_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 1024)
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 2000 + "\n")
    assert problems(big) == ["f.yaml: the file is 2,003 bytes, more than the 1,024 bytes "
                             "kursk reads"]


def test_a_file_one_byte_over_256_mib_is_refused_with_exact_sizes(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as sparse:  # a hole: no disk space used
        sparse.truncate(256 * 1024 * 1024 + 1)
    assert problems(big) == ["f.yaml: the file is 268,435,457 bytes, more than the "
                             "268,435,456 bytes kursk reads"]


def test_a_file_that_fails_to_read_is_one_sentence() -> None:
    # /proc/self/mem looks like an ordinary empty file, but reading it fails (EIO).
    assert problems(Path("/proc/self/mem")) == [
        "f.yaml: cannot read the file: Input/output error"]


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "u16.yaml"
    path.write_bytes(MINIMAL.encode("utf-16"))
    assert problems(path) == ["f.yaml: the file is UTF-16 text; save it as UTF-8 in your editor"]


def test_entries_that_are_not_mappings(write: Write) -> None:
    text = MINIMAL.replace("      - actor: general-staff",
                           "      - [x]\n      - actor: general-staff")
    assert problems(write(text)) == [
        "f.yaml:20:9: each entry under 'statements' must be a statement with keys "
        "(like 'actor: ...'), not a list"]


def test_complex_key_and_a_bare_section(write: Write) -> None:
    # A bare "sources:" is a section of no entries, as "sources: []" is.
    assert problems(write("? [a]\n: b\nsources:\nactors: []\nclaims: []\n")) == [
        "f.yaml:1:3: a key must be a plain name, not a list or mapping",
    ]


def test_not_utf8_says_where(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("sources: []\nactors:\n  - name: Zelens\u0161kyy\n".encode("latin-1",
                                                                               "replace"))
    path.write_bytes(b"sources: []\nactors:\n  - name: Zelens\xe9kyy\n")
    assert problems(path) == ["f.yaml:3:17: the file is not UTF-8 text (byte 0xe9 here); save "
                              "it as UTF-8 in your editor"]


@pytest.mark.parametrize("text", ["", "\n  \n", "# nothing yet\n\n# more\n",
                                  "sources:\nactors:\nclaims:\n",
                                  "sources: []\nactors: []\nclaims: []\n",
                                  "version: 1\nsources:\nactors: []\nclaims:  # none yet\n"])
def test_a_ledger_of_nothing_yet_has_no_problem(write: Write, text: str) -> None:
    """An empty file, one of comments only, and sections written bare or as [] are
    all a ledger of no entries."""
    assert problems(write(text)) == []


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert loader.load(path).claims[0].id == "encirclement"


def test_load_raises_with_every_problem(write: Write) -> None:
    with pytest.raises(LedgerInvalid) as caught:
        loader.load(write(MINIMAL.replace("actor: putin", "actor: x")), "f.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "f.yaml:15:16: unknown actor 'x'; declare it under actors"]


def test_checking_never_changes_the_file(write: Write) -> None:
    path = write(MINIMAL.replace("stance: asserts", "stance: nope"))
    before = path.read_bytes(), path.stat().st_mtime_ns
    problems(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# ----------------------------------------------------------------- which ledger


def test_resolve_order(tmp_path: Path) -> None:
    given = tmp_path / "given.yaml"
    assert files.resolve(given, {"KURSK_LEDGER": "env.yaml"}, tmp_path) == (given, str(given))
    assert files.resolve(None, {"KURSK_LEDGER": "env.yaml"}, tmp_path) == (
        Path("env.yaml"), "env.yaml")
    assert files.resolve(None, {}, tmp_path)[0] == files.shipped_ledger()
    (tmp_path / "facts.yaml").write_text(MINIMAL)
    assert files.resolve(None, {}, tmp_path) == (tmp_path / "facts.yaml", "facts.yaml")


def test_one_misspelt_id_used_many_times_is_suggested_once(
        write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    from kursk_cli import rules
    from kursk_cli.errors import close_matches as real

    # A spy, because nothing a user sees shows it: the messages are the same whether the
    # search runs once or 100,000 times; only the time differs, and tests never time.
    calls: list[str] = []

    def counting(word: str, choices: list[str], n: int, cutoff: float) -> list[str]:
        calls.append(word)
        return real(word, choices, n, cutoff)

    monkeypatch.setattr(rules, "close_matches", counting)
    statement = MINIMAL[MINIMAL.index("      - actor: putin"):MINIMAL.index("      - actor: gen")]
    many = "".join(statement.replace("actor: putin", "actor: puttin").replace(
        "date: 2025-03-13", f"date: 2025-03-{day:02d}") for day in range(1, 11))
    listed = problems(write(MINIMAL + many))
    assert len(listed) == 10
    assert all(p.endswith("unknown actor 'puttin'; did you mean 'putin'?") for p in listed)
    assert calls == ["puttin"]


# ------------------------------------------------ issue 19: messages that lead to the fix


def test_a_key_indented_one_space_too_far_says_so(write: Write) -> None:
    path = write(MINIMAL.replace("    title: A report", "     title: A report"))
    assert problems(path) == ["f.yaml:3:6: this line is indented further than the keys "
                              "around it; line its key up with theirs"]


def test_a_colon_inside_a_value_still_says_to_quote_it(write: Write) -> None:
    path = write(MINIMAL.replace("quote: surrender or die", "quote: he said: surrender"))
    assert problems(path) == ["f.yaml:19:23: a ': ' here that YAML reads as a new key; put "
                              "the whole value in quotes"]


def test_double_quotes_inside_a_double_quoted_value(write: Write) -> None:
    path = write(MINIMAL.replace("quote: surrender or die",
                                 'quote: "spent "two days" telling"'))
    assert problems(path) == [
        "f.yaml:19:23: this \" ends the quoted value, but the words go on; to keep \" inside "
        "the words, put the value in single quotes ('...') instead, or write each \" inside "
        "as \\\""]
    fixed = MINIMAL.replace("quote: surrender or die", "quote: 'spent \"two days\" telling'")
    assert problems(write(fixed)) == []


def test_a_single_quote_inside_a_single_quoted_value(write: Write) -> None:
    path = write(MINIMAL.replace("quote: surrender or die", "quote: 'it's over'"))
    assert problems(path) == [
        "f.yaml:19:19: this ' ends the quoted value, but the words go on; to keep ' inside "
        "the words, write each ' inside as '', or put the value in double quotes instead"]


@pytest.mark.parametrize("mark", ['"', "'"])
def test_an_unclosed_quote_is_located_at_its_opening_mark(write: Write, mark: str) -> None:
    path = write(MINIMAL.replace("quote: surrender or die", f"quote: {mark}surrender or die"))
    assert problems(path) == [f"f.yaml:19:16: this quoted text is never closed; add the "
                              f"closing {mark} at its end"]


@pytest.mark.parametrize("claim", ["kursk-encirclement", "war-may-end"])  # (first, last)
@pytest.mark.parametrize(("written", "column"), [("    id: ", 5), ("  id: ", 3)])
def test_a_claim_without_its_dash_is_one_problem_at_its_line(
        write: Write, claim: str, written: str, column: int) -> None:
    text = FACTS.read_text(encoding="utf-8")
    line = text.split("\n").index(f"  - id: {claim}") + 1
    path = write(text.replace(f"  - id: {claim}\n", f"{written}{claim}\n"))
    assert problems(path) == [f"f.yaml:{line}:{column}: this entry of 'claims' has no '- ' "
                              "before its 'id:'; start it with '- ' as the entries around "
                              "it do"]


def test_an_id_after_the_first_key_of_an_entry_is_no_mistake(write: Write) -> None:
    path = write(MINIMAL.replace("  - id: putin\n    name: Vladimir Putin\n",
                                 "  - name: Vladimir Putin\n    id: putin\n"))
    assert problems(path) == []


@pytest.mark.parametrize("quote", ["“surrender or die”", "«surrender or die»",
                                   "„surrender or die“", "'\"surrender or die\"'"])
def test_a_quote_inside_quote_marks_is_reported_with_the_fix(write: Write,
                                                             quote: str) -> None:
    path = write(MINIMAL.replace("quote: surrender or die", f"quote: {quote}"))
    marks = quote.strip("'")
    assert problems(path) == [
        f"f.yaml:19:16: the quote is inside quote marks ({marks[0]}...{marks[-1]}), which "
        "are not the speaker's words; write the words alone (kursk adds its own marks where "
        "it shows them)"]


def test_quote_marks_around_part_of_a_quote_are_words(write: Write) -> None:
    path = write(MINIMAL.replace("quote: surrender or die",
                                 "quote: “Surrender” is the word, or “die”"))
    assert problems(path) == []


def test_a_list_item_indented_one_space_too_far_says_so(write: Write) -> None:
    path = write(MINIMAL.replace("      - actor: general-staff", "       - actor: general-staff"))
    assert problems(path) == ["f.yaml:20:8: this list item is indented further than the "
                              "items around it; line its '- ' up with theirs"]
    # (the entry before it was read whole: it is not declared a second time)
    second = write(MINIMAL.replace("actors:\n", "   - id: other\n    title: B\n"
                                   "    published: 2025-03-14\nactors:\n"), "g.yaml")
    assert problems(second) == ["f.yaml:5:4: this list item is indented further than the "
                                "items around it; line its '- ' up with theirs"]
