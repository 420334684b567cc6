"""A ``same-as`` group has one status and one name in every view, export and diff: the
group's status (from every member's statements) and its first claim's id. A ledger split
across files: c1 (asserted by Ann) is the same as c2 (denied by Bob), so the group is
disputed though neither claim alone is."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from helpers import kursk
from kursk_cli import diff, loader

MAIN = """\
version: 1
include: [actors.yaml, claims/*.yaml]
sources:
  - id: s1
    title: Report one
    published: 2025-03-14
"""
ACTORS = """\
actors:
  - id: ann
    name: Ann
  - id: bob
    name: Bob
"""
FIRST = """\
claims:
  - id: c1
    text: First wording.
    relations:
      - same-as: c2
    statements:
      - actor: ann
        stance: asserts
        date: 2025-03-14
        source: s1
        quote: "It happened."
"""
SECOND = """\
claims:
  - id: c2
    text: Second wording.
    statements:
      - actor: bob
        stance: denies
        date: 2025-03-14
        source: s1
        quote: "It did not."
"""
SAME_AS = "    relations:\n      - same-as: c2\n"


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    (tmp_path / "claims").mkdir()
    for name, text in (("facts.yaml", MAIN), ("actors.yaml", ACTORS),
                       ("claims/2025-01.yaml", FIRST), ("claims/2025-02.yaml", SECOND)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path / "facts.yaml"


def run(ledger: Path, *args: str) -> str:
    result = kursk([*args, "-l", str(ledger)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_actor_gives_each_statement_its_own_claim_and_the_group_beside_it(
        ledger: Path) -> None:
    assert run(ledger, "actor", "bob", "-f", "csv").splitlines() == [
        "date,claim_id,claim,stance,words,quoted,source,original_quote,original_lang,"
        "original_source,group",
        "2025-03-14,c2,Second wording.,denies,It did not.,quote,s1,,,,c1",
    ]
    table = [line.rstrip() for line in run(ledger, "actor", "bob").splitlines()]
    assert table[3:] == [
        "2025-03-14   Second wording.   denies   “It did not.”",
        "             c2                         source: s1",
        "             same as c1",
    ]


def test_check_counts_a_disputed_group_once_and_says_so(ledger: Path) -> None:
    assert run(ledger, "check") == (
        f"{ledger}: ok: 2 claims, 2 actors, 2 statements, 1 disputed "
        "(1 same-as group counted once)\n")
    assert len(run(ledger, "claims", "--disputed", "-f", "csv").splitlines()) == 2


def test_export_keeps_the_claims_of_a_disputed_group(ledger: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run(ledger, "export", "--disputed"))))
    assert [(r["claim_id"], r["status"], r["group"]) for r in rows] == [
        ("c1", "disputed", "c1"), ("c2", "disputed", "c1")]
    assert run(ledger, "export", "--disputed", "-f", "json").count('"status": "disputed"') == 2


def test_the_timeline_of_a_member_is_the_groups(ledger: Path) -> None:
    rows = run(ledger, "timeline", "c1", "-f", "csv").splitlines()
    assert rows == [
        "date,actor_id,actor,stance,status_after,words,quoted,source,claim_id",
        "2025-03-14,ann,Ann,asserts,disputed,It happened.,quote,s1,c1",
        "2025-03-14,bob,Bob,denies,disputed,It did not.,quote,s1,c2",
    ]
    assert run(ledger, "timeline", "c2", "-f", "csv").splitlines() == rows
    assert run(ledger, "timeline", "-f", "csv").splitlines()[1:] == [
        "2025-03-14,c1,First wording.,,disputed"]


def test_diff_names_the_status_changes_a_removed_same_as_makes(ledger: Path) -> None:
    old = loader.load(ledger)
    first = ledger.parent / "claims" / "2025-01.yaml"
    first.write_text(FIRST.replace(SAME_AS, ""), encoding="utf-8")
    found = diff.compare(old, loader.load(ledger))
    assert [(s.claim.id, s.old.value, s.new.value) for s in found.statuses] == [
        ("c1", "disputed", "asserted"), ("c2", "disputed", "denied")]
    assert "claims: 1 changed, 2 changed status" in diff.counts(found)


THIRD = """\
claims:
  - id: c3
    text: Third claim.
    relations: [contradicts: c1, supersedes: c2]
    statements:
      - actor: ann
        stance: qualifies
        date: 2025-03-14
        source: s1
        paraphrase: Something else.
  - id: c4
    text: Fourth claim.
    relations: [supports: c3]
    statements:
      - actor: bob
        stance: asserts
        date: 2025-03-14
        source: s1
        paraphrase: Yet more.
"""


def test_parquet_claims_have_the_groups_status_and_the_group(ledger: Path) -> None:
    from kursk_cli import parquet
    from kursk_cli.query import Filters

    claims = parquet.columns(loader.load(ledger), Filters())["claims"]
    assert list(zip(claims["claim_id"], claims["status"], claims["group"],
                    strict=True)) == [("c1", "disputed", "c1"), ("c2", "disputed", "c1")]


def test_parquet_file_has_the_group_column(ledger: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed: "
                             "pip install '.[parquet]' to run the Parquet tests")
    assert kursk(["export", "-l", str(ledger), "-f", "parquet", "-o",
                  str(tmp_path / "pq")]).exit_code == 0
    claims = pq.read_table(tmp_path / "pq" / "claims.parquet").select(
        ["claim_id", "status", "group"]).to_pylist()
    assert claims == [{"claim_id": "c1", "status": "disputed", "group": "c1"},
                      {"claim_id": "c2", "status": "disputed", "group": "c1"}]


def test_sqlite_keeps_every_kind_of_relation(ledger: Path, tmp_path: Path) -> None:
    import sqlite3

    (ledger.parent / "claims" / "2025-03.yaml").write_text(THIRD, encoding="utf-8")
    target = tmp_path / "kursk.db"
    result = kursk(["export", "-l", str(ledger), "-f", "sqlite", "-o", str(target)])
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(target)
    assert db.execute("SELECT claim_id, kind, other_id FROM relations ORDER BY rowid"
                      ).fetchall() == [("c1", "same-as", "c2"), ("c3", "contradicts", "c1"),
                                       ("c3", "supersedes", "c2"), ("c4", "supports", "c3")]
    assert db.execute("SELECT id, status, group_id FROM claims WHERE group_id = 'c1'"
                      ).fetchall() == [("c1", "disputed", "c1"), ("c2", "disputed", "c1")]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()


def test_the_sites_claims_agree_with_the_exports_on_status_and_group(
        ledger: Path, tmp_path: Path) -> None:
    import json

    result = kursk(["site", "-l", str(ledger), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    site = json.loads((tmp_path / "site" / "claims.json").read_text(encoding="utf-8"))
    rows = csv.DictReader(io.StringIO(run(ledger, "export")))
    assert sorted((c["id"], c["status"], c["group"]) for c in site["claims"]) == sorted(
        {(r["claim_id"], r["status"], r["group"]) for r in rows}) == [
        ("c1", "disputed", "c1"), ("c2", "disputed", "c1")]
    for page in ("c1", "c2"):
        text = (tmp_path / "site" / "claims" / f"{page}.html").read_text(encoding="utf-8")
        assert '<span class="status status-disputed">disputed</span>' in text


FIFTH = """\
claims:
  - id: c5
    text: Fifth wording.
    relations: [same-as: c2]
    statements:
      - actor: ann
        stance: asserts
        date: 2025-03-14
        source: s1
        paraphrase: It did.
"""


def test_diff_gives_an_added_claim_its_groups_status(ledger: Path) -> None:
    import json

    first = ledger.parent / "claims" / "2025-01.yaml"
    first.write_text(FIRST.replace(SAME_AS, ""), encoding="utf-8")
    old = loader.load(ledger)
    (ledger.parent / "claims" / "2025-05.yaml").write_text(FIFTH, encoding="utf-8")
    found = diff.compare(old, loader.load(ledger))
    assert [(s.claim.id, s.old.value, s.new.value) for s in found.statuses] == [
        ("c2", "denied", "disputed")]
    document = diff.document(found, "old", "new")
    assert [(c["id"], c["status"]) for c in document["claims"]["added"]] == [
        ("c5", "disputed")]
    assert "- `c5` Fifth wording. (disputed)" in diff.markdown(found, "old", "new")
    assert json.loads(json.dumps(document))["claims"]["status_changed"] == [
        {"id": "c2", "from": "denied", "to": "disputed"}]


def test_claims_search_finds_a_group_by_any_of_its_wordings(ledger: Path) -> None:
    assert run(ledger, "claims", "--search", "second", "-f", "csv").splitlines()[1:] == [
        "c1,First wording.,disputed,Ann,Bob,2025-03-14,1,Second wording."]
    assert run(ledger, "matrix", "--disputed", "-f", "csv").splitlines() == [
        "actor_id,c1", "ann,asserts", "bob,denies"]


def test_a_reversal_across_the_wordings_of_a_group_is_one(ledger: Path) -> None:
    second = ledger.parent / "claims" / "2025-02.yaml"
    second.write_text(SECOND.replace("actor: bob", "actor: ann"), encoding="utf-8")
    first = ledger.parent / "claims" / "2025-01.yaml"
    first.write_text(FIRST.replace("date: 2025-03-14", "date: 2025-03-13"), encoding="utf-8")
    rows = run(ledger, "timeline", "--reversals", "-f", "csv").splitlines()
    assert rows[1:] == ["ann,Ann,c1,First wording.,asserts,2025-03-13,It happened.,quote,"
                        "denies,2025-03-14,It did not.,quote"]
    assert run(ledger, "timeline", "c2", "--reversals", "-f", "csv") == "\n".join(rows) + "\n"
