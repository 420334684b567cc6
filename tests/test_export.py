"""Exports a spreadsheet, a script and a database can trust."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import FACTS, MINIMAL, ROOT, kursk
from kursk_cli import export, loader
from kursk_cli.model import Actor, ActorKind, Claim, Ledger, Source, Stance, Statement
from kursk_cli.query import Filters
from kursk_cli.rows import Table

Write = Callable[..., Path]

csv.field_size_limit(sys.maxsize)

CSV_COLUMNS = ["claim_id", "claim", "status", "actor_id", "actor", "affiliation", "stance",
               "date", "quote", "paraphrase", "source_id", "source_title", "source_url"]


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# ------------------------------------------------------------------------------ CSV


def test_csv_columns_first_in_order_and_one_row_per_statement() -> None:
    result = kursk(["export", "-l", str(FACTS)])
    assert result.exit_code == 0, result.output
    header = result.stdout.split("\r\n", 1)[0].split(",")
    assert header[:13] == CSV_COLUMNS
    assert len(read_csv(result.stdout)) == 20
    assert result.stdout_bytes.endswith(b"\r\n")
    assert result.stdout_bytes.count(b"\r\n") == 21


def test_csv_row_for_the_general_staff_denial() -> None:
    rows = read_csv(kursk(["export", "-l", str(FACTS), "--actor", "General Staff",
                           "--disputed"]).stdout)
    assert [(r["claim_id"], r["stance"], r["date"], r["quote"][:24]) for r in rows] == [
        ("kursk-encirclement", "denies", "2025-03-14", "Reports of the alleged '")]


def test_csv_filters_match_the_claims_view() -> None:
    rows = read_csv(kursk(["export", "-l", str(FACTS), "--since", "2025-03-14",
                           "--until", "2025-03-14", "--topic", "kursk",
                           "--search", "encircled"]).stdout)
    assert [(r["actor_id"], r["stance"]) for r in rows] == [
        ("trump", "asserts"), ("ukraine-general-staff", "denies"), ("zelenskyy", "qualifies")]


def test_guard_covers_every_formula_start() -> None:
    assert [export.guard(c + "x") for c in "=+-@\t\r\n"] == [
        "'=x", "'+x", "'-x", "'@x", "'\tx", "'\rx", "'\nx"]
    assert [export.guard(t) for t in ("x=1", " =1", "'=1", "")] == ["x=1", " =1", "'=1", ""]


def test_column_guard_equals_the_cell_guard() -> None:
    cells = ["=1", "a", "", "-", "x=1", "\n=", "@@", "\x00=2", "=\x00", "+"]
    for column in (cells, cells[:7], [""], ["=", "="]):
        assert list(export._guard_column(column)[0]) == [export.guard(c) for c in column]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\n"])
def test_csv_guards_formula_starts_in_every_column(write: Write, start: str) -> None:
    text = MINIMAL.replace("quote: surrender or die",
                           f"quote: {json.dumps(start + 'HYPERLINK(1)')}").replace(
        "name: Vladimir Putin", f"name: {json.dumps(start + 'Putin')}")
    rows = read_csv(kursk(["export", "-l", str(write(text))]).stdout)
    assert rows[0]["quote"] == "'" + start + "HYPERLINK(1)"
    assert rows[0]["actor"] == "'" + start + "Putin"
    assert rows[1]["actor"] == "General Staff of Ukraine"


def test_csv_leaves_everything_else_alone(write: Write) -> None:
    text = MINIMAL.replace("quote: surrender or die", "quote: \"a, \\\"b\\\"\\nc 'd' =e\"")
    rows = read_csv(kursk(["export", "-l", str(write(text))]).stdout)
    assert rows[0]["quote"] == "a, \"b\"\nc 'd' =e"


# ------------------------------------------------------------------------ -o files


def test_output_file_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = kursk(["export", "-l", str(FACTS), "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"wrote {target}\n"
    assert len(read_csv(target.read_text(encoding="utf-8"))) == 20
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_failure_while_writing_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.csv"
    target.write_text("precious\n")

    def broken(table: object, stream: io.TextIOBase) -> None:
        stream.write("half a row,")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "write_csv", broken)
    result = kursk(["export", "-l", str(FACTS), "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"kursk: cannot write {target}: No space left on device\n"
    assert target.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_interrupted_sqlite_export_leaves_nothing(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(found: Ledger, filters: Filters, path: Path) -> None:
        path.write_bytes(b"partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "write_sqlite", broken)
    result = kursk(["export", "-l", str(FACTS), "-f", "sqlite", "-o", str(tmp_path / "x.db")])
    assert result.exit_code != 0
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_write_over_the_ledger(write: Write) -> None:
    path = write(MINIMAL)
    before = path.read_bytes()
    result = kursk(["export", "-l", str(path), "-o", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"kursk: refusing to write over the ledger itself ({path})\n"
    assert path.read_bytes() == before


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "out.csv"
    result = kursk(["export", "-l", str(FACTS), "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr == (f"kursk: cannot write {target}: the folder {target.parent} does "
                             "not exist\n")


# ---------------------------------------------------------------- JSON, JSONL, SQLite


def test_json_document_shape() -> None:
    document = json.loads(kursk(["export", "-l", str(FACTS), "-f", "json"]).stdout)
    assert list(document) == ["kursk", "sources", "actors", "claims"]
    assert document["kursk"] == 1
    claim = next(c for c in document["claims"] if c["id"] == "kursk-encirclement")
    assert {k: claim[k] for k in ("status", "asserted_by", "denied_by", "qualified_by")} == {
        "status": "disputed", "asserted_by": ["putin", "trump"],
        "denied_by": ["ukraine-general-staff"], "qualified_by": ["zelenskyy"]}
    assert claim["statements"][0] == {
        "actor": "putin", "stance": "asserts", "date": "2025-03-13",
        "source": "kursk-surrender-report", "quote": None,
        "paraphrase": 'The Ukrainians were trapped and facing a choice of "surrender or die".',
        "note": None}


def test_json_keeps_where_a_source_is_archived() -> None:
    document = json.loads(kursk(["export", "-l", str(ROOT / "examples" / "wires.yaml"),
                                 "-f", "json"]).stdout)
    assert {s["id"]: s["archive"] for s in document["sources"]} == {
        "northwire": "archive/northwire.txt", "eastpress": "archive/eastpress.html"}


def test_jsonl_one_statement_per_line_with_the_csv_fields() -> None:
    lines = kursk(["export", "-l", str(FACTS), "-f", "jsonl"]).stdout.splitlines()
    assert len(lines) == 20
    first = json.loads(lines[0])
    assert list(first)[:13] == CSV_COLUMNS


def test_sqlite_tables_keys_and_disputed_view(tmp_path: Path) -> None:
    target = tmp_path / "kursk.db"
    assert kursk(["export", "-l", str(FACTS), "-f", "sqlite", "-o", str(target)]).exit_code == 0
    db = sqlite3.connect(target)
    counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("sources", "actors", "claims", "statements")]
    assert counts == [1, 9, 14, 20]
    assert [r[0] for r in db.execute("SELECT id FROM disputed_claims ORDER BY id")] == [
        "kursk-encirclement", "ukrainian-troops-crimes-against-civilians"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    keys = db.execute("PRAGMA foreign_key_list(statements)").fetchall()
    assert sorted((k[2], k[3]) for k in keys) == [("actors", "actor_id"), ("claims", "claim_id"),
                                                  ("sources", "source_id")]
    db.close()


def test_sqlite_replaces_an_existing_database_whole(tmp_path: Path) -> None:
    target = tmp_path / "kursk.db"
    for _ in range(2):
        assert kursk(["export", "-l", str(FACTS), "-f", "sqlite", "-o", str(target)]).exit_code == 0
    assert sqlite3.connect(target).execute("SELECT count(*) FROM statements").fetchone() == (20,)


# ---------------------------------------------------------------- Markdown, JSON-LD


def test_markdown_groups_by_claim_and_escapes(write: Write) -> None:
    text = MINIMAL.replace("quote: surrender or die", 'quote: "a | b <script>*x*</script>"')
    out = kursk(["export", "-l", str(write(text)), "-f", "markdown"]).stdout
    assert out.splitlines() == [
        "# Claims and who stands where",
        "",
        "## Ukrainian troops are encircled.",
        "",
        "`encirclement` · **disputed** · asserted by: Vladimir Putin · denied by: General "
        "Staff of Ukraine",
        "",
        "| Actor | Stance | Date | Words | Source |",
        "|---|---|---|---|---|",
        "| Vladimir Putin | asserts | 2025-03-13 | “a \\| b &lt;script\\>\\*x\\*&lt;/script\\>” "
        "| A report |",
        "| General Staff of Ukraine | denies | 2025-03-14 | *Reports of encirclement are "
        "false.* (paraphrase) | A report |",
    ]


def table_rows(markdown: str) -> list[list[tuple[str, str | None]]]:
    """Each body row of each table, as a renderer reads it (markdown-it, CommonMark and
    GFM tables): per cell its text and the address of the link in it, if any."""
    from markdown_it import MarkdownIt

    rows: list[list[tuple[str, str | None]]] = []
    inside_body = False
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type in ("tbody_open", "tbody_close"):
            inside_body = token.type == "tbody_open"
        elif inside_body and token.type == "tr_open":
            rows.append([])
        elif inside_body and token.type == "inline":
            text, href = "", None
            for child in token.children or []:
                if child.type == "link_open":
                    href = str(child.attrs["href"])
                elif child.type in ("text", "code_inline"):
                    text += child.content
                elif child.type == "html_inline" and child.content == "<br>":
                    text += "\n"
            rows[-1].append((text, href))
    return rows


def _lines(text: str) -> str:
    """Text as a Markdown cell shows it: each line's outer spaces dropped."""
    return "\n".join(line.strip() for line in text.splitlines())


def test_markdown_keeps_a_link_whose_address_holds_a_bar(write: Write) -> None:
    url = "https://example.org/a|b\\c<d>?q=1|2"
    text = MINIMAL.replace("    published: 2025-03-14\n",
                           f"    published: 2025-03-14\n    url: {json.dumps(url)}\n")
    out = kursk(["export", "-l", str(write(text)), "-f", "markdown"]).stdout
    from markdown_it import MarkdownIt

    assert table_rows(out)[0] == [
        ("Vladimir Putin", None), ("asserts", None), ("2025-03-13", None),
        ("“surrender or die”", None),
        ("A report", MarkdownIt().normalizeLink(url)),
    ]


def test_markdown_of_nothing_says_so() -> None:
    out = kursk(["export", "-l", str(FACTS), "-f", "markdown", "--search", "zzz"]).stdout
    assert out == "# Claims and who stands where\n\nNo claims match.\n"


def test_jsonld_claims_with_authors_and_denials() -> None:
    document = json.loads(kursk(["export", "-l", str(FACTS), "-f", "jsonld"]).stdout)
    assert document["@context"] == "https://schema.org"
    nodes = {n["@id"]: n for n in document["@graph"]}
    claim = nodes["#claim-kursk-encirclement"]
    assert claim["@type"] == "Claim"
    assert claim["author"] == [{"@id": "#actor-putin"}, {"@id": "#actor-trump"}]
    assert claim["appearance"] == [{"@id": "#source-kursk-surrender-report"}]
    assert [(c["keywords"], c["author"]["@id"]) for c in claim["comment"]] == [
        ("asserts", "#actor-putin"), ("asserts", "#actor-trump"),
        ("denies", "#actor-ukraine-general-staff"), ("qualifies", "#actor-zelenskyy")]
    assert nodes["#actor-putin"]["@type"] == "Person"
    assert nodes["#actor-ukraine-general-staff"]["@type"] == "Organization"
    assert nodes["#source-kursk-surrender-report"]["datePublished"] == "2025-03-14"
    assert "reviewRating" not in json.dumps(document)


# ------------------------------------------------------------------ round-trips

# Text a hand-edited ledger can hold: no control characters but tab and newline.
texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029"
                  "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") | st.sampled_from(
        ["\t", "\n", "=", "+", "-", "@", ",", '"', "'"]),
    min_size=1, max_size=40,
).filter(lambda t: t.strip() != "")


@st.composite
def ledgers(draw: st.DrawFn) -> Ledger:
    source = Source("s", draw(texts), dt.date(2025, 3, 14), draw(texts | st.none()),
                    "https://example.org/a")
    people = [Actor(f"a{i}", draw(texts), draw(texts | st.none()), draw(texts | st.none()),
                    ActorKind.PERSON) for i in range(2)]
    claims = []
    for c in range(draw(st.integers(1, 3))):
        statements = []
        for i in range(draw(st.integers(1, 3))):
            quoted = draw(st.booleans())
            statements.append(Statement(
                f"c{c}", f"a{i % 2}", draw(st.sampled_from(list(Stance))),
                dt.date(2025, 3, 1 + i), "s", draw(texts) if quoted else None,
                None if quoted else draw(texts), draw(texts | st.none())))
        claims.append(Claim(f"c{c}", draw(texts), tuple(statements)))
    return Ledger((source,), tuple(people), tuple(claims))


def expected_rows(found: Ledger) -> list[tuple[str, ...]]:
    table = export.statement_table(found, Filters())
    return [tuple("" if v is None else "; ".join(v) if isinstance(v, tuple) else str(v)
                  for v in row) for row in table.rows]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers())
def test_csv_reads_back_equal_once_the_guard_is_removed(found: Ledger) -> None:
    stream = io.StringIO(newline="")
    export.write_csv(export.statement_table(found, Filters()), stream)
    back = list(csv.reader(io.StringIO(stream.getvalue(), newline="")))
    assert back[0] == list(export.STATEMENT_HEADERS)
    expected = expected_rows(found)
    assert [tuple(row) for row in back[1:]] == [tuple(export.guard(v) for v in row)
                                                for row in expected]
    # Removing the guard gives the ledger's text back. (Text that itself starts with a
    # quote mark and a formula character reads as guarded: the README says so.)
    for row, original in zip(back[1:], expected, strict=True):
        for cell, value in zip(row, original, strict=True):
            if not value.startswith("'"):
                assert export.unguard(cell) == value


@settings(max_examples=200)
@given(st.lists(st.tuples(texts, texts | st.none(), st.integers(), st.lists(texts).map(tuple)),
                max_size=5))
def test_csv_is_what_the_csv_module_writes_for_guarded_cells(
        rows: list[tuple[str, str | None, int, tuple[str, ...]]]) -> None:
    table = Table(("a", "b", "c", "d"), tuple(rows))
    ours = io.StringIO(newline="")
    export.write_csv(table, ours)
    theirs = io.StringIO(newline="")
    writer = csv.writer(theirs, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows([export.guard("" if v is None else "; ".join(v) if isinstance(v, tuple)
                                   else str(v)) for v in row] for row in rows)
    assert ours.getvalue() == theirs.getvalue()


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers())
def test_json_and_jsonl_read_back_equal(found: Ledger) -> None:
    stream = io.StringIO()
    export.write_jsonl(export.statement_table(found, Filters()), stream)
    back = [json.loads(line) for line in stream.getvalue().splitlines()]
    table = export.statement_table(found, Filters())
    assert back == [{h: list(v) if isinstance(v, tuple) else v
                     for h, v in zip(table.headers, row, strict=True)} for row in table.rows]
    document = json.loads(json.dumps(export.ledger_document(found, Filters())))
    assert [c["text"] for c in document["claims"]] == [c.text for c in
                                                       sorted(found.claims, key=lambda c:
                                                              (c.latest, c.id))]
    assert sorted(s["quote"] or s["paraphrase"] for c in document["claims"]
                  for s in c["statements"]) == sorted(s.words for s in found.statements)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow,
                                                  HealthCheck.function_scoped_fixture])
@given(ledgers())
def test_sqlite_row_counts_equal_the_ledger(tmp_path: Path, found: Ledger) -> None:
    target = tmp_path / "round.db"
    target.unlink(missing_ok=True)
    export.write_sqlite(found, Filters(), target)
    db = sqlite3.connect(target)
    assert db.execute("SELECT count(*) FROM statements").fetchone()[0] == len(found.statements)
    assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == len(found.claims)
    assert sorted(r[0] for r in db.execute("SELECT coalesce(quote, paraphrase) "
                                           "FROM statements")) == sorted(
        s.words for s in found.statements)
    db.close()


def test_huge_quote_with_commas_quotes_and_newlines_survives(write: Write,
                                                               tmp_path: Path) -> None:
    quote = ('He said, "no", then\nagain ' * 8000)[:200_000]
    path = write(MINIMAL.replace("quote: surrender or die", f"quote: {json.dumps(quote)}"))
    assert len(loader.load(path).claims[0].statements[0].quote or "") == 200_000
    rows = read_csv(kursk(["export", "-l", str(path)]).stdout)
    assert rows[0]["quote"] == quote
    lines = kursk(["export", "-l", str(path), "-f", "jsonl"]).stdout.splitlines()
    assert json.loads(lines[0])["quote"] == quote
    target = tmp_path / "big.db"
    kursk(["export", "-l", str(path), "-f", "sqlite", "-o", str(target)])
    assert sqlite3.connect(target).execute(
        "SELECT quote FROM statements WHERE actor_id = 'putin'").fetchone() == (quote,)


# Web addresses as the ledger allows them (no spaces), each with a bar in it. (st.text
# would draw the punctuation hardly ever: it does not weigh the alphabet's branches.)
url_parts = st.lists(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"))
                     | st.sampled_from(list("|\\<>()[]`*_#%&\"'!")),
                     max_size=15).map("".join)
urls = st.tuples(url_parts, url_parts).map(lambda p: f"https://example.org/{p[0]}|{p[1]}")


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers(), urls)
def test_every_markdown_cell_survives_a_renderer(found: Ledger, url: str) -> None:
    from markdown_it import MarkdownIt

    old = found.sources[0]
    source = Source(old.id, old.title, old.published, old.publisher, url, old.note)
    found = Ledger((source,), found.actors, found.claims)
    stream = io.StringIO()
    export.write_markdown(found, Filters(), stream)
    expected = [
        [(_lines(found.actor_by_id[s.actor].name), None), (s.stance.value, None),
         (s.date.isoformat(), None),
         (f"“{_lines(s.quote)}”" if s.quote is not None
          else f"{_lines(s.words)} (paraphrase)", None),
         (_lines(source.title), MarkdownIt().normalizeLink(url))]
        for _claim, s in export.statements(found, Filters())]
    assert table_rows(stream.getvalue()) == expected
