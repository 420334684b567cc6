"""kursk export -f parquet: one table per kind, read back with pyarrow (and DuckDB)."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import FACTS, MINIMAL, kursk

TABLES = ("claims", "statements", "actors", "sources")


def test_without_pyarrow_the_command_names_the_extra(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError(f"No module named {name!r}")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    result = kursk(["export", "-l", str(FACTS), "-f", "parquet", "-o", str(tmp_path / "pq")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("kursk: the Parquet export needs pyarrow: "
                             "pip install 'kursk[parquet]'\n")
    assert not (tmp_path / "pq").exists()


def test_parquet_needs_an_output_folder() -> None:
    result = kursk(["export", "-l", str(FACTS), "-f", "parquet"])
    assert result.exit_code == 2
    assert "parquet writes a folder of tables; give it with --output DIR" in result.stderr


def test_a_folder_is_still_no_output_for_csv(tmp_path: Path) -> None:
    result = kursk(["export", "-l", str(FACTS), "-f", "csv", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path} names a folder; give the name of a file" in result.stderr


def _export(folder: Path, ledger: Path = FACTS, *extra: str) -> None:
    result = kursk(["export", "-l", str(ledger), "-f", "parquet", "-o", str(folder), *extra])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "wrote " + ", ".join(str(folder / f"{t}.parquet")
                                                 for t in TABLES) + "\n"


def test_tables_read_back_with_their_schema(tmp_path: Path,
                                            write: Callable[..., Path]) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed: "
                             "pip install '.[parquet]' to run the Parquet tests")
    _export(tmp_path / "pq", write(MINIMAL))
    claims = pq.read_table(tmp_path / "pq" / "claims.parquet").to_pylist()
    assert claims == [{
        "claim_id": "encirclement", "text": "Ukrainian troops are encircled.",
        "status": "disputed", "topics": [], "asserted_by": ["putin"],
        "denied_by": ["general-staff"], "qualified_by": [], "latest": dt.date(2025, 3, 14),
        "statements": 2, "group": "encirclement"}]
    statements = pq.read_table(tmp_path / "pq" / "statements.parquet").to_pylist()
    assert statements == [
        {"statement_id": "encirclement/1", "claim_id": "encirclement", "position": 1,
         "actor_id": "putin", "stance": "asserts", "date": dt.date(2025, 3, 13),
         "source_id": "report", "quote": "surrender or die", "paraphrase": None, "note": None},
        {"statement_id": "encirclement/2", "claim_id": "encirclement", "position": 2,
         "actor_id": "general-staff", "stance": "denies", "date": dt.date(2025, 3, 14),
         "source_id": "report", "quote": None,
         "paraphrase": "Reports of encirclement are false.", "note": None}]
    actors = pq.read_table(tmp_path / "pq" / "actors.parquet")
    assert actors.column_names == ["actor_id", "name", "role", "affiliation", "kind", "aliases"]
    assert actors.column("aliases").to_pylist() == [["Putin"], []]
    sources = pq.read_table(tmp_path / "pq" / "sources.parquet").to_pylist()
    assert sources == [{"source_id": "report", "title": "A report",
                        "published": dt.date(2025, 3, 14), "publisher": None, "url": None,
                        "note": None, "archive": None}]


def test_statements_join_claims_in_pyarrow_and_duckdb(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed: "
                             "pip install '.[parquet]' to run the Parquet tests")
    _export(tmp_path / "pq")
    statements = pq.read_table(tmp_path / "pq" / "statements.parquet")
    claims = pq.read_table(tmp_path / "pq" / "claims.parquet").select(["claim_id", "status"])
    joined = statements.join(claims, "claim_id").group_by("status").aggregate(
        [("statement_id", "count")]).sort_by("status").to_pylist()
    assert joined == [{"status": "asserted", "statement_id_count": 14},
                      {"status": "disputed", "statement_id_count": 6}]
    duckdb = pytest.importorskip("duckdb", reason="DuckDB is not installed")
    rows = duckdb.sql(
        f"select c.status, count(*) from '{tmp_path}/pq/statements.parquet' s "
        f"join '{tmp_path}/pq/claims.parquet' c using (claim_id) "
        f"join '{tmp_path}/pq/actors.parquet' a using (actor_id) "
        "group by c.status order by c.status").fetchall()
    assert rows == [("asserted", 14), ("disputed", 6)]


def test_filters_keep_claims_and_all_their_statements(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed: "
                             "pip install '.[parquet]' to run the Parquet tests")
    _export(tmp_path / "pq", FACTS, "--disputed")
    claims = pq.read_table(tmp_path / "pq" / "claims.parquet")
    assert set(claims.column("status").to_pylist()) == {"disputed"}
    assert claims.num_rows == 2
    statements = pq.read_table(tmp_path / "pq" / "statements.parquet")
    assert set(statements.column("claim_id").to_pylist()) == set(
        claims.column("claim_id").to_pylist())
    assert statements.num_rows == sum(claims.column("statements").to_pylist())
