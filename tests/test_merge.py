"""kursk merge: a reviewed draft folded into the ledger's text, every other byte kept."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import FACTS, ROOT, kursk

CORPUS = sorted(p for p in (ROOT / "benchmarks" / "draft_corpus").glob("*/*.*")
                if p.suffix != ".yaml")

LEDGER = """\
# A small ledger, with comments and quoting that must survive a merge.
version: 1
sources:
  - id: first
    title: 'First report'   # single quotes kept
    published: 2025-03-10

actors:
  - id: putin
    name: Vladimir Putin
    aliases: [Putin]

claims:
  - id: encirclement
    text: Troops are encircled.
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-10
        source: first
        quote: surrender or die   # as printed

  - id: other
    text: Another claim.
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-10
        source: first
        paraphrase: Something else.
# the end
"""

DRAFT = """\
# Drafted by kursk draft from r.txt.
sources:
  - id: second
    title: "Second report"
    published: 2025-03-14
actors:
  # New actor, first named on line 3: check the name and role.
  - id: dmitry-peskov
    name: "Dmitry Peskov"
    role: "Kremlin spokesman"
    kind: person
claims:
  - id: encirclement
    # Existing claim: Troops are encircled.
    # kursk merge adds these statements to it.
    statements:
      - actor: dmitry-peskov
        stance: asserts
        date: 2025-03-14
        source: second
        quote: "The troops are surrounded."
  - id: talks
    # New claim: the sentence the words came from. Rewrite it as one neutral sentence.
    text: "Talks will go on."
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-13
        source: second
        paraphrase: "talks would go on"
"""


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ledger.yaml").write_text(LEDGER, encoding="utf-8")
    (tmp_path / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    return tmp_path


def only_insertions(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if it changes or removes any."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), (tag, a[i1:i2], b[j1:j2])
        if tag == "insert":
            added += b[j1:j2]
    return added


def test_merge_adds_each_entry_where_it_belongs(files: Path) -> None:
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == ("added 1 source, 1 actor, 1 claim, 2 statements to ledger.yaml: "
                             "ok: 3 claims, 2 actors, 4 statements, 0 disputed\n")
    merged = (files / "ledger.yaml").read_text(encoding="utf-8")
    assert merged == LEDGER.replace("""\
    published: 2025-03-10

actors:""", """\
    published: 2025-03-10
  - id: second
    title: "Second report"
    published: 2025-03-14

actors:""").replace("""\
    aliases: [Putin]
""", """\
    aliases: [Putin]
  - id: dmitry-peskov
    name: "Dmitry Peskov"
    role: "Kremlin spokesman"
    kind: person
""").replace("""\
        quote: surrender or die   # as printed
""", """\
        quote: surrender or die   # as printed
      - actor: dmitry-peskov
        stance: asserts
        date: 2025-03-14
        source: second
        quote: "The troops are surrounded."
""").replace("""\
        paraphrase: Something else.
""", """\
        paraphrase: Something else.
  - id: talks
    text: "Talks will go on."
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-13
        source: second
        paraphrase: "talks would go on"
""")


def test_dry_run_prints_the_diff_and_writes_nothing(files: Path) -> None:
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("--- a/ledger.yaml\n+++ b/ledger.yaml\n@@ -4,11 +4,18 @@\n")
    assert "+  - id: talks\n" in result.stdout
    assert result.stderr == ("would add 1 source, 1 actor, 1 claim, 2 statements to "
                             "ledger.yaml; nothing written (--dry-run)\n")
    assert (files / "ledger.yaml").read_text(encoding="utf-8") == LEDGER


def test_a_draft_that_does_not_check_is_reported_in_the_draft(files: Path) -> None:
    (files / "draft.yaml").write_text(DRAFT.replace("stance: asserts\n        date: 2025-03-14",
                                                    "stance: assert\n        date: 2025-03-14")
                                      .replace("source: second\n        paraphrase",
                                               "source: secnd\n        paraphrase"),
                                      encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.exit_code == 1
    assert result.stderr == (
        "draft.yaml:18:17: 'stance' must be asserts, denies or qualifies, not 'assert'; did "
        "you mean 'asserts'?\n"
        "draft.yaml:29:17: unknown source 'secnd'; did you mean 'second'?\n"
        "2 problems in draft.yaml\n"
        "nothing written\n")
    assert (files / "ledger.yaml").read_text(encoding="utf-8") == LEDGER


def test_an_id_the_ledger_has_is_reported_at_both_places(files: Path) -> None:
    (files / "draft.yaml").write_text(DRAFT.replace("id: second", "id: first"),
                                      encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "draft.yaml:3:9: duplicate source id 'first' (first on line 4 of ledger.yaml)")
    assert (files / "ledger.yaml").read_text(encoding="utf-8") == LEDGER


def test_a_claim_id_that_does_not_exist(files: Path) -> None:
    (files / "draft.yaml").write_text(DRAFT.replace("  - id: encirclement", "  - id: encircled"),
                                      encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.exit_code == 1
    assert result.stderr == (
        "draft.yaml:13:5: claim 'encircled' is not in ledger.yaml; did you mean "
        "'encirclement'?\n"
        "1 problem in draft.yaml\n"
        "nothing written\n")
    assert (files / "ledger.yaml").read_text(encoding="utf-8") == LEDGER
    (files / "draft.yaml").write_text(DRAFT.replace("  - id: encirclement", "  - id: harbour"),
                                      encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.stderr == (
        "draft.yaml:13:5: claim 'harbour' is not in ledger.yaml; give the claim a 'text' to "
        "add it as a new claim, or name a claim the ledger has\n"
        "1 problem in draft.yaml\n"
        "nothing written\n")


def test_the_shipped_ledger_is_never_edited(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    before = FACTS.read_bytes()
    result = kursk(["merge", "draft.yaml"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("kursk: no facts.yaml here or above, and kursk merge works on a "
                             "ledger of your own (not the example shipped with kursk); kursk "
                             "init starts one, or give one with --ledger\n")
    assert FACTS.read_bytes() == before


def test_a_ledger_with_problems_is_not_written_to(files: Path) -> None:
    (files / "ledger.yaml").write_text(LEDGER.replace("quote: surrender", "quote2: surrender"),
                                       encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.exit_code == 1
    assert result.stderr == (
        "ledger.yaml:17:9: statement needs a 'quote' (the exact words) or a 'paraphrase' "
        "(reported speech)\n"
        "ledger.yaml:21:9: unknown key 'quote2' in statement; did you mean 'quote'?\n"
        "2 problems in ledger.yaml\n"
        "nothing written\n")
    (files / "draft.yaml").write_text(DRAFT.replace("source: second\n        paraphrase",
                                                    "source: secnd\n        paraphrase"),
                                      encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.stderr.endswith(
        "draft.yaml:29:17: unknown source 'secnd'; did you mean 'second'?\n"
        "3 problems: 2 in ledger.yaml, 1 in draft.yaml\n"
        "nothing written\n")


def test_crlf_ledger_missing_section_and_mode_kept(files: Path) -> None:
    crlf = LEDGER.replace("actors:\n  - id: putin\n    name: Vladimir Putin\n    aliases: "
                          "[Putin]\n\n", "").replace("actor: putin", "actor: dmitry-peskov")
    crlf = crlf.replace("\n", "\r\n")
    target = files / "ledger.yaml"
    target.write_bytes(crlf.encode())
    os.chmod(target, 0o640)
    (files / "draft.yaml").write_text(DRAFT.replace("actor: putin", "actor: dmitry-peskov"),
                                      encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "--into", "ledger.yaml"])
    assert result.exit_code == 0, result.output
    after = target.read_bytes().decode()
    added = only_insertions(crlf, after)
    assert all(line.endswith("\r\n") for line in added)
    assert after.endswith("# the end\r\nactors:\r\n  - id: dmitry-peskov\r\n"
                          '    name: "Dmitry Peskov"\r\n    role: "Kremlin spokesman"\r\n'
                          "    kind: person\r\n")
    assert os.stat(target).st_mode & 0o777 == 0o640


def reindented(ledger_item: int) -> str:
    """LEDGER with its statement items (six spaces deep) and all below them moved to
    ``ledger_item`` spaces, as another editor might indent them."""
    lines = []
    for line in LEDGER.splitlines(keepends=True):
        depth = len(line) - len(line.lstrip(" "))
        lines.append(" " * (depth + ledger_item - 6) + line.lstrip(" ") if depth >= 6 else line)
    return "".join(lines)


@pytest.mark.parametrize(("ledger_item", "expected"), [(4, "    - actor"), (8, "        - actor")],
                         ids=["narrower", "wider"])
def test_statements_indented_as_the_ledger_indents_them(files: Path, ledger_item: int,
                                                        expected: str) -> None:
    ledger = reindented(ledger_item)
    (files / "ledger.yaml").write_text(ledger, encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.exit_code == 0, result.output
    added = only_insertions(ledger, (files / "ledger.yaml").read_text(encoding="utf-8"))
    assert f"{expected}: dubious\n".replace("dubious", "dmitry-peskov") in added
    assert " " * (ledger_item + 2) + 'quote: "The troops are surrounded."\n' in added


@pytest.mark.parametrize("report", CORPUS, ids=[p.name for p in CORPUS])
def test_every_corpus_draft_merges_into_facts_and_reads_back(
        report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rendered fragment reads back through kursk's own reader, with its content."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(FACTS, "facts.yaml")
    before = Path("facts.yaml").read_text(encoding="utf-8")
    drafted = kursk(["draft", str(report), "-o", "draft.yaml"])
    assert drafted.exit_code == 0, drafted.output
    fragment: dict[str, Any] = yaml.safe_load(Path("draft.yaml").read_text(encoding="utf-8"))
    merged = kursk(["merge", "draft.yaml"])
    assert merged.exit_code == 0, merged.output
    only_insertions(before, Path("facts.yaml").read_text(encoding="utf-8"))
    exported = yaml.safe_load(kursk(["export", "-f", "json"]).stdout)
    claims = {c["id"]: c for c in exported["claims"]}
    for claim in fragment["claims"]:
        got = claims[claim["id"]]["statements"]
        for statement in claim["statements"]:
            assert {"quote": None, "paraphrase": None, "note": None, **statement,
                    "date": statement["date"].isoformat()} in got
        if "text" in claim:
            assert claims[claim["id"]]["text"] == claim["text"]
    actors = {a["id"]: a for a in exported["actors"]}
    for actor in fragment["actors"]:
        assert {k: actors[actor["id"]][k] for k in actor} == actor
    source = fragment["sources"][0]
    assert {k: v for k, v in exported["sources"][-1].items() if v is not None} == {
        **source, "published": source["published"].isoformat()}
    assert isinstance(source["published"], dt.date)


MONTH = """\
claims:
  - id: later
    text: A claim filed by month.
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-10
        source: first
        paraphrase: Said so.
"""

INTO_MONTH = """\
claims:
  - id: later
    statements:
      - actor: putin
        stance: denies
        date: 2025-03-10
        source: {source}
        quote: "Never said it."
"""


@pytest.mark.parametrize(("source", "outcome"), [("first", 0), ("gone", 1)])
def test_a_draft_merged_into_an_included_file_is_checked_with_the_whole_ledger(
        tmp_path: Path, source: str, outcome: int) -> None:
    root = tmp_path / "ledger.yaml"
    root.write_text(LEDGER.replace("version: 1\n", "version: 1\ninclude: [2025-03.yaml]\n"),
                    encoding="utf-8")
    month = tmp_path / "2025-03.yaml"
    month.write_text(MONTH, encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    draft.write_text(INTO_MONTH.format(source=source), encoding="utf-8")
    result = kursk(["merge", str(draft), "-l", str(root), "--into", str(month)])
    assert result.exit_code == outcome, result.output
    if outcome == 0:
        # The actor and source it names are in the root file; the claim in the month's.
        assert month.read_text(encoding="utf-8") == MONTH + (
            "      - actor: putin\n        stance: denies\n        date: 2025-03-10\n"
            "        source: first\n        quote: \"Never said it.\"\n")
        assert kursk(["check", "-l", str(root)]).exit_code == 0
    else:
        assert month.read_text(encoding="utf-8") == MONTH  # nothing written
        assert result.stderr == (
            f"{draft}:7:17: unknown source 'gone'; declare it under sources\n"
            f"1 problem in {draft}\nnothing written\n")


SEVERAL = """\
sources:
  - id: second
    title: "Second report"
    published: 2025-03-14
actors:
  - id: lavrov
    name: "Sergei Lavrov"
claims:
  - id: later
    statements:
      - actor: lavrov
        stance: denies
        date: 2025-03-14
        source: second
        quote: "Never said it."
  - id: encirclement
    statements:
      - actor: lavrov
        stance: asserts
        date: 2025-03-14
        source: second
        quote: "They are surrounded."
  - id: talks
    text: "Talks will go on."
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-14
        source: second
        paraphrase: "talks would go on"
"""


def test_a_draft_merged_into_a_ledger_of_several_files_goes_where_each_entry_belongs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "ledger.yaml"
    root_text = LEDGER.replace("version: 1\n", "version: 1\ninclude: [2025-03.yaml]\n")
    root.write_text(root_text, encoding="utf-8")
    month = tmp_path / "2025-03.yaml"
    month.write_text(MONTH, encoding="utf-8")
    (tmp_path / "draft.yaml").write_text(SEVERAL, encoding="utf-8")
    dry = kursk(["merge", "draft.yaml", "-l", "ledger.yaml", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.stderr == ("would add 1 source, 1 actor, 1 claim, 3 statements to ledger.yaml "
                          "and 2025-03.yaml; nothing written (--dry-run)\n")
    assert [line for line in dry.stdout.splitlines() if line.startswith(("---", "+++"))] == [
        "--- a/ledger.yaml", "+++ b/ledger.yaml", "--- a/2025-03.yaml", "+++ b/2025-03.yaml"]
    assert (root.read_text(encoding="utf-8"), month.read_text(encoding="utf-8")) == (
        root_text, MONTH)
    (tmp_path / "patched").mkdir()
    shutil.copy(root, tmp_path / "patched")
    shutil.copy(month, tmp_path / "patched")
    (tmp_path / "change.diff").write_bytes(dry.stdout_bytes)
    applied = subprocess.run(["patch", "-p1", "--quiet", "-i", str(tmp_path / "change.diff")],
                             cwd=tmp_path / "patched", capture_output=True, text=True)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ("added 1 source, 1 actor, 1 claim, 3 statements to ledger.yaml "
                             "and 2025-03.yaml: ok: 4 claims, 2 actors, 6 statements, "
                             "1 disputed\n")
    # The statement of the month's claim went to the month's file; the rest to the root.
    assert month.read_text(encoding="utf-8") == MONTH + (
        "      - actor: lavrov\n        stance: denies\n        date: 2025-03-14\n"
        "        source: second\n        quote: \"Never said it.\"\n")
    added = only_insertions(root_text, root.read_text(encoding="utf-8"))
    assert "  - id: second\n" in added and "  - id: lavrov\n" in added
    assert "  - id: talks\n" in added and "        quote: \"They are surrounded.\"\n" in added
    for name in ("ledger.yaml", "2025-03.yaml"):
        assert (tmp_path / "patched" / name).read_bytes() == (tmp_path / name).read_bytes()


def test_into_a_file_of_a_ledger_takes_the_new_entries(tmp_path: Path) -> None:
    root = tmp_path / "ledger.yaml"
    root_text = LEDGER.replace("version: 1\n", "version: 1\ninclude: [2025-03.yaml]\n")
    root.write_text(root_text, encoding="utf-8")
    month = tmp_path / "2025-03.yaml"
    month.write_text(MONTH, encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    draft.write_text(SEVERAL, encoding="utf-8")
    result = kursk(["merge", str(draft), "-l", str(root), "--into", str(month)])
    assert result.exit_code == 0, result.output
    merged = month.read_text(encoding="utf-8")
    added = only_insertions(MONTH, merged)
    assert "  - id: second\n" in added and "  - id: lavrov\n" in added
    assert "  - id: talks\n" in added and '        quote: "Never said it."\n' in added
    assert "They are surrounded" in root.read_text(encoding="utf-8")  # (its claim's file)


COMMENTED = """\
version: 1
sources:
  - id: first
    title: First report
    published: 2025-03-10
    # seen on the wire at 09:10
actors:
  - id: putin
    name: Vladimir Putin
  - id: lavrov
    name: Sergei Lavrov
  # more actors from the evening report

  # ------------------------------------------- claims
claims:
  - id: encirclement
    text: Troops are encircled.
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-10
        source: first
        quote: |
          surrender or die

          # not a comment: the last line of the quote
      # checked against the broadcast
    # the claim as the ministry worded it
  - id: other
    text: Another claim.
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-10
        source: first
        paraphrase: Something else.
"""


def test_comments_closing_an_entry_or_a_list_stay_with_it(files: Path) -> None:
    # A comment indented inside an entry, or as deep as a list's "- ", belongs to what
    # is above it: what merge adds goes after it. A shallower one stays below.
    (files / "ledger.yaml").write_text(COMMENTED, encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.exit_code == 0, result.output
    merged = (files / "ledger.yaml").read_text(encoding="utf-8")
    lines = merged.splitlines()
    assert lines[lines.index("    # seen on the wire at 09:10") + 1] == "  - id: second"
    assert lines[lines.index("  # more actors from the evening report") + 1] == (
        "  - id: dmitry-peskov")  # (the draft's, after the list's own comment)
    banner = lines.index("  # ------------------------------------------- claims")
    assert lines[banner - 1: banner + 2] == ["", banner_line := lines[banner], "claims:"]
    assert banner_line.endswith("claims")  # (heads the section: stays right above it)
    checked = lines.index("      # checked against the broadcast")
    assert lines[checked - 1] == "          # not a comment: the last line of the quote"
    assert lines[checked + 1] == "      - actor: dmitry-peskov"
    assert lines[lines.index("    # the claim as the ministry worded it") + 1] == (
        "  - id: other")
    assert only_insertions(COMMENTED, merged)


def test_a_comment_heading_the_next_key_stays_above_it(files: Path) -> None:
    # Compact lists ("- " at the key's own column): a comment at that column right above
    # "topics:" heads it; a banner right above a section heads the section.
    compact = """\
version: 1
sources:
- id: first
  title: First report
  published: 2025-03-10
actors:
- id: putin
  name: Vladimir Putin
# ---------------------------- claims
claims:
- id: encirclement
  text: Troops are encircled.
  statements:
  - actor: putin
    stance: asserts
    date: 2025-03-10
    source: first
    quote: surrender or die
  # what the claim is filed under
  topics: [kursk]
"""
    (files / "ledger.yaml").write_text(compact, encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.exit_code == 0, result.output
    merged = (files / "ledger.yaml").read_text(encoding="utf-8")
    lines = merged.splitlines()
    heading = lines.index("  # what the claim is filed under")
    assert lines[heading + 1] == "  topics: [kursk]"
    assert lines[heading - 1] == '    quote: "The troops are surrounded."'
    banner = lines.index("# ---------------------------- claims")
    assert lines[banner + 1] == "claims:"
    assert lines[banner - 1] == '  kind: person'  # (the draft's new actor, above it)
    assert only_insertions(compact, merged)


def test_a_merge_that_would_change_what_the_ledger_says_writes_nothing(files: Path) -> None:
    # A block quote ending the file without a final line break: the line break the merge
    # must add before its own lines would become part of the quote. Merge only adds, so
    # it refuses, at the statement it would have changed.
    ending = LEDGER[:LEDGER.index("  - id: other")].replace(
        "        quote: surrender or die   # as printed\n",
        "        quote: |\n          surrender or die").rstrip("\n")
    assert ending.endswith("surrender or die")
    (files / "ledger.yaml").write_bytes(ending.encode("utf-8"))
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.exit_code == 1
    assert result.stderr == (
        "ledger.yaml:17:9: merging would change the quote of the statement encirclement: "
        "putin asserts 2025-03-10 (first); add the draft's entries by hand\n"
        "1 problem in ledger.yaml\nnothing written\n")
    assert (files / "ledger.yaml").read_bytes() == ending.encode("utf-8")


def test_a_draft_that_mends_the_ledger_still_may_not_change_what_is_there(
        files: Path) -> None:
    # The ledger cites a source it lacks; the draft adds it. The merged whole checks, but
    # the block quote ending the file would gain a line break: refused all the same.
    ending = LEDGER[:LEDGER.index("  - id: other")].replace(
        "        quote: surrender or die   # as printed\n",
        "        quote: |\n          surrender or die").replace(
        "        source: first\n", "        source: second\n").rstrip("\n")
    (files / "ledger.yaml").write_bytes(ending.encode("utf-8"))
    assert kursk(["check", "-l", "ledger.yaml"]).exit_code == 1  # 'second' is unknown
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])  # (the draft adds it)
    assert result.exit_code == 1
    assert "merging would change the quote of the statement encirclement" in result.stderr
    assert (files / "ledger.yaml").read_bytes() == ending.encode("utf-8")


def test_into_a_file_of_no_ledger_checks_it_as_a_ledger_of_its_own(files: Path) -> None:
    # Not a file the ledger includes: its own actors and sources are what the draft's
    # statements must name (they used to go in unchecked).
    other = files / "other.yaml"
    other.write_text(LEDGER, encoding="utf-8")
    (files / "draft.yaml").write_text(DRAFT.replace("source: second", "source: nowhere"),
                                      encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "--into", "other.yaml", "-l", str(FACTS)])
    assert result.exit_code == 1
    assert "draft.yaml:20:17: unknown source 'nowhere'; declare it under sources" in (
        result.stderr)
    assert other.read_text(encoding="utf-8") == LEDGER


def test_a_comment_closing_compact_statements_stays_above_the_next_claim(
        files: Path) -> None:
    compact = """\
version: 1
sources:
- id: first
  title: First report
  published: 2025-03-10
- id: second
  title: Second report
  published: 2025-03-14
actors:
- id: putin
  name: Vladimir Putin
- id: dmitry-peskov
  name: Dmitry Peskov
claims:
- id: encirclement
  text: Troops are encircled.
  statements:
  - actor: putin
    stance: asserts
    date: 2025-03-10
    source: first
    quote: surrender or die
  # checked against the broadcast (the statement above)
- id: other
  text: Another claim.
  statements:
  - actor: putin
    stance: asserts
    date: 2025-03-10
    source: first
    paraphrase: Something else.
"""
    (files / "ledger.yaml").write_text(compact, encoding="utf-8")
    (files / "draft.yaml").write_text(DRAFT[DRAFT.index("claims:"):DRAFT.index("  - id: talks")],
                                      encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.exit_code == 0, result.output
    lines = (files / "ledger.yaml").read_text(encoding="utf-8").splitlines()
    checked = lines.index("  # checked against the broadcast (the statement above)")
    assert lines[checked - 1] == "    quote: surrender or die"
    assert lines[checked + 1] == "  - actor: dmitry-peskov"


def _small(ledger: str) -> str:
    """The ledger with no blank lines or comments: what is added is closer together
    than a diff's context, so hunks join."""
    return "".join(line for line in ledger.splitlines(keepends=True)
                   if line.strip() and not line.lstrip().startswith("#"))


def _claims_first(ledger: str) -> str:
    """The ledger with its claims before its sources and actors."""
    sources, claims, end = (ledger.index(key) for key in ("sources:", "claims:", "# the end"))
    return ledger[:sources] + ledger[claims:end] + ledger[sources:claims] + ledger[end:]


@pytest.mark.parametrize("layout", [
    lambda text: text,
    lambda text: text.rstrip("\n"),  # (a last line without a line break)
    lambda text: text.replace("\n", "\r\n"),
    lambda text: text.replace("\n", "\r\n").rstrip("\r\n"),
    _small,
    lambda text: _small(text).rstrip("\n"),
    lambda text: _claims_first(text),
    lambda text: _claims_first(text).rstrip("\n"),
], ids=["plain", "no-final-break", "crlf", "crlf-no-final-break", "close", "close-no-break",
        "claims-first", "claims-first-no-break"])
@pytest.mark.parametrize("tool", ["patch", "git"])
def test_the_dry_run_diff_applies_to_give_what_the_merge_writes(
        files: Path, layout: Any, tool: str) -> None:
    ledger = layout(LEDGER)
    (files / "ledger.yaml").write_bytes(ledger.encode("utf-8"))
    dry = kursk(["merge", "draft.yaml", "-l", "ledger.yaml", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert (files / "ledger.yaml").read_bytes() == ledger.encode("utf-8")
    patched = files / "patched"
    patched.mkdir()
    (patched / "ledger.yaml").write_bytes(ledger.encode("utf-8"))
    (files / "change.diff").write_bytes(dry.stdout_bytes)
    change = str(files / "change.diff")
    command = (["patch", "-p1", "--quiet", "--force", "-i", change] if tool == "patch"
               else ["git", "apply", change])
    applied = subprocess.run(command, cwd=patched, capture_output=True, text=True)
    assert applied.returncode == 0, applied.stdout + applied.stderr + dry.stdout
    merged = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert merged.exit_code == 0, merged.output
    assert (patched / "ledger.yaml").read_bytes() == (files / "ledger.yaml").read_bytes()
    assert (files / "ledger.yaml").read_bytes() != ledger.encode("utf-8")
    # Only the places that changed: each run of added lines, 3 lines either side.
    body = [line[:1] for line in dry.stdout.splitlines()[2:]]
    runs = sum(1 for k, mark in enumerate(body) if mark in "+-" and body[k - 1] not in "+-")
    assert 0 < body.count(" ") <= 6 * runs


REPORT = """\
KYIV, March 14 (Reuters) - Talks would go on, a spokesman said on Thursday.
"We will not stop," said Dmitry Peskov, the Kremlin spokesman.
"""

SPELLINGS = {
    "empty file": "",
    "comments only": "# My ledger.\n",
    "bare sections": "version: 1\nsources:\nactors:\nclaims:\n",
    "empty lists": "version: 1\nsources: []\nactors: []  # none yet\nclaims: []\n",
}


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_ledger_of_nothing_yet_works_with_every_command(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          spelling: str) -> None:
    monkeypatch.chdir(tmp_path)
    empty = SPELLINGS[spelling]
    (tmp_path / "facts.yaml").write_text(empty, encoding="utf-8")
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    checked = kursk(["check"])
    assert (checked.exit_code, checked.output) == (
        0, "facts.yaml: ok: 0 claims, 0 actors, 0 statements, 0 disputed\n")
    for view in (["claims"], ["actors"], ["matrix"], ["claims", "--format", "json"]):
        shown = kursk(view)
        assert shown.exit_code == 0, (view, shown.output)
    exported = kursk(["export", "-f", "csv"])
    assert (exported.exit_code, exported.stdout.count("\n")) == (0, 1), exported.output
    drafted = kursk(["draft", "report.txt", "--published", "2025-03-14", "-o", "draft.yaml"])
    assert drafted.exit_code == 0, drafted.output
    dry = kursk(["merge", "draft.yaml", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert (tmp_path / "facts.yaml").read_text(encoding="utf-8") == empty
    (tmp_path / "change.diff").write_bytes(dry.stdout_bytes)
    (tmp_path / "patched").mkdir()
    (tmp_path / "patched" / "facts.yaml").write_text(empty, encoding="utf-8")
    applied = subprocess.run(["patch", "-p1", "--quiet", "-i", str(tmp_path / "change.diff")],
                             cwd=tmp_path / "patched", capture_output=True, text=True)
    assert applied.returncode == 0, applied.stdout + applied.stderr + dry.stdout
    merged = kursk(["merge", "draft.yaml"])
    assert merged.exit_code == 0, merged.output
    assert merged.stderr == ("added 1 source, 1 actor, 1 claim, 1 statement to facts.yaml: ok: "
                             "1 claim, 1 actor, 1 statement, 0 disputed\n")
    after = (tmp_path / "facts.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "patched" / "facts.yaml").read_text(encoding="utf-8") == after
    only_insertions(empty.replace(" []", ""), after)  # (and "[]" taken away)
    assert "  - id: dmitry-peskov\n" in after
    assert kursk(["actors"]).stdout.count("dmitry-peskov") == 1


@pytest.mark.parametrize("draft", ["", "# Drafted by kursk draft: nothing found.\n",
                                   "sources: []\nactors: []\nclaims: []\n", "claims:\n"])
@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_a_draft_with_nothing_new_has_nothing_to_add(files: Path, draft: str,
                                                     dry_run: list[str]) -> None:
    (files / "draft.yaml").write_text(draft, encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml", *dry_run])
    assert (result.exit_code, result.stdout) == (0, ""), result.output
    assert result.stderr == ("nothing to add: draft.yaml holds no entry ledger.yaml lacks; "
                             "nothing written\n")
    assert (files / "ledger.yaml").read_text(encoding="utf-8") == LEDGER


@pytest.mark.parametrize("where", ["before", "after"])
def test_merge_reads_no_cache_with_no_cache_given_before_or_after_it(
        files: Path, private_cache: Path, where: str) -> None:
    args = ["merge", "draft.yaml", "-l", "ledger.yaml"]
    result = kursk(["--no-cache", *args] if where == "before" else [*args, "--no-cache"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("added 1 source, 1 actor, 1 claim, 2 statements to ")
    assert not private_cache.exists() or list(private_cache.iterdir()) == []
    # (without it, merge writes the cache, so the above could see it: here refusing the
    # draft merged already)
    assert kursk([*args, "--dry-run"]).stderr.endswith("nothing written\n")
    assert list(private_cache.iterdir()) != []


# ------------------------------------------- rule 6: a merged guess keeps its label

GUESSED = DRAFT.replace("""\
    statements:
      - actor: dmitry-peskov
""", """\
    statements:
      # Guessed: speaker from 'he' on line 3.
      # Guessed: date from 'on Friday'.
      - actor: dmitry-peskov
""").replace("""\
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-13
""", """\
    statements:
      # Guessed: date from 'yesterday'.
      - actor: putin
        stance: asserts
        date: 2025-03-13
""")


@pytest.mark.parametrize("ledger_item", [4, 6, 8])
def test_a_guess_goes_into_the_ledger_above_its_statement_as_deep_as_it(
        files: Path, ledger_item: int) -> None:
    ledger = reindented(ledger_item)
    (files / "ledger.yaml").write_text(ledger, encoding="utf-8")
    (files / "draft.yaml").write_text(GUESSED, encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.exit_code == 0, result.output
    merged = (files / "ledger.yaml").read_text(encoding="utf-8")
    at = " " * ledger_item
    added = only_insertions(ledger, merged)
    assert added[7:14] == [
        f"{at}# Guessed: speaker from 'he' on line 3.\n",
        f"{at}# Guessed: date from 'on Friday'.\n",
        f"{at}- actor: dmitry-peskov\n",
        f"{at}  stance: asserts\n",
        f"{at}  date: 2025-03-14\n",
        f"{at}  source: second\n",
        f'{at}  quote: "The troops are surrounded."\n',
    ]
    # A new claim is taken as the draft writes it, its guess with it; the hints for the
    # review (new actor, existing claim, new claim) stay out.
    assert added[14:] == [
        "  - id: talks\n",
        '    text: "Talks will go on."\n',
        "    statements:\n",
        "      # Guessed: date from 'yesterday'.\n",
        "      - actor: putin\n",
        "        stance: asserts\n",
        "        date: 2025-03-13\n",
        "        source: second\n",
        '        paraphrase: "talks would go on"\n',
    ]
    assert not [line for line in added[:7] if "#" in line]


def test_the_dry_run_diff_shows_the_guesses_it_writes(files: Path) -> None:
    (files / "draft.yaml").write_text(GUESSED, encoding="utf-8")
    dry = kursk(["merge", "draft.yaml", "-l", "ledger.yaml", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert (files / "ledger.yaml").read_text(encoding="utf-8") == LEDGER
    assert [line for line in dry.stdout.splitlines() if "Guessed" in line] == [
        "+      # Guessed: speaker from 'he' on line 3.",
        "+      # Guessed: date from 'on Friday'.",
        "+      # Guessed: date from 'yesterday'.",
    ]
    patched = files / "patched"
    patched.mkdir()
    (patched / "ledger.yaml").write_text(LEDGER, encoding="utf-8")
    (files / "change.diff").write_bytes(dry.stdout_bytes)
    applied = subprocess.run(["patch", "-p1", "--quiet", "--force", "-i",
                              str(files / "change.diff")], cwd=patched, capture_output=True,
                             text=True)
    assert applied.returncode == 0, applied.stdout + applied.stderr + dry.stdout
    assert kursk(["merge", "draft.yaml", "-l", "ledger.yaml"]).exit_code == 0
    assert (patched / "ledger.yaml").read_bytes() == (files / "ledger.yaml").read_bytes()


def test_a_refused_merge_with_guesses_writes_nothing(files: Path) -> None:
    (files / "draft.yaml").write_text(GUESSED.replace("source: second", "source: third"),
                                      encoding="utf-8")
    result = kursk(["merge", "draft.yaml", "-l", "ledger.yaml"])
    assert result.exit_code == 1
    assert result.stderr.endswith("nothing written\n")
    assert (files / "ledger.yaml").read_text(encoding="utf-8") == LEDGER
    assert not [p.name for p in files.iterdir() if p.name.endswith(".tmp")]
