"""Edges found by trying to break kursk: odd file names, the ends of the calendar, inputs
that arrive encoded, and limits that must be said rather than crash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import FACTS, MINIMAL, ROOT, kursk
from kursk_cli import cache, loader

Write = Callable[..., Path]


def test_a_file_name_that_is_not_utf8_works_with_the_cache(tmp_path: Path) -> None:
    name = os.fsdecode(b"ok\xff.yaml")
    path = tmp_path / name
    shutil.copy(FACTS, path)
    cold = kursk(["check", "-l", str(path), "--no-cache"])
    for _run in range(2):  # filling the cache, then answered by it
        warm = kursk(["check", "-l", str(path)])
        assert (warm.exit_code, warm.stdout, warm.stderr) == (
            cold.exit_code, cold.stdout, cold.stderr)
    assert warm.exit_code == 0, warm.output
    assert warm.stdout.endswith(": ok: 14 claims, 9 actors, 20 statements, 2 disputed\n")


def test_the_last_days_of_the_calendar_have_a_timeline(write: Write) -> None:
    text = MINIMAL.replace("published: 2025-03-14", "published: 9999-12-31").replace(
        "date: 2025-03-13", "date: 9999-12-30").replace("date: 2025-03-14", "date: 9999-12-31")
    result = kursk(["timeline", "encirclement", "-l", str(write(text))])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_yesterday_on_the_first_day_of_the_calendar_is_that_day(tmp_path: Path) -> None:
    report = tmp_path / "first.txt"
    report.write_text("Title\n\nKYIV, January 1, 0001 (Testwire) - Putin said yesterday "
                      "that Russian troops were massing near the border.\n", encoding="utf-8")
    result = kursk(["draft", str(report), "-l", str(FACTS)])
    assert result.exit_code == 0, result.output
    assert "date: 0001-01-01" in result.stdout


@pytest.mark.parametrize("dateline", ["KYIV, March 15, 20255 (Testwire) -",
                                      "KYIV, May 2025 (Testwire) -"])
def test_a_dateline_read_only_when_it_can_be_read_for_sure(tmp_path: Path,
                                                           dateline: str) -> None:
    report = tmp_path / "r.txt"
    report.write_text(f"Title\n\n{dateline} Putin said the troops would be spared.\n",
                      encoding="utf-8")
    result = kursk(["draft", str(report), "-l", str(FACTS)])
    assert result.exit_code == 1
    assert "give it with --published YYYY-MM-DD" in result.stderr


def test_an_actor_id_as_written_is_never_ambiguous(write: Write) -> None:
    text = MINIMAL.replace("    aliases: [Putin]\n", "    aliases: [Putin, General-Staff]\n")
    path = write(text)
    result = kursk(["actor", "general-staff", "-l", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("General Staff of Ukraine  (general-staff)")
    # A name that two actors answer to is still ambiguous.
    assert kursk(["actor", "General", "-l", str(path)]).exit_code == 1


def test_a_bidi_override_written_as_an_html_reference_stays_inert(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    page = tmp_path / "examples" / "archive" / "eastpress.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "ten days", "ten &#x202e;&#x1b;[31m days"), encoding="utf-8")
    result = kursk(["verify", "-l", str(tmp_path / "examples" / "wires.yaml")])
    assert "\u202e" not in result.output and "\x1b" not in result.output
    report = tmp_path / "r.html"
    report.write_text('<p>KYIV, March 14, 2025 (Testwire) - "We will win this war soon '
                      '&#x202e; red," Putin said.</p>', encoding="utf-8")
    drafted = kursk(["draft", str(report), "-l", str(FACTS), "--title", "A \u202e title"])
    assert drafted.exit_code == 0, drafted.output
    assert "\u202e" not in drafted.output


def test_json_ld_cannot_close_the_script_element_it_is_embedded_in(write: Write) -> None:
    path = write(MINIMAL.replace("quote: surrender or die",
                                 'quote: "</script><script>alert(1)</script> & more"'))
    result = kursk(["export", "-f", "jsonld", "-l", str(path)])
    assert result.exit_code == 0, result.output
    assert "<" not in result.stdout and ">" not in result.stdout
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in result.stdout
    import json

    texts = [c["text"] for node in json.loads(result.stdout)["@graph"]
             if node.get("@type") == "Claim" for c in node["comment"]]
    assert "</script><script>alert(1)</script> & more" in texts


def test_includes_nested_too_deep_are_a_sentence(tmp_path: Path) -> None:
    depth = loader.MAX_INCLUDE_DEPTH + 5
    (tmp_path / "f0.yaml").write_text(MINIMAL + "include: [f1.yaml]\n", encoding="utf-8")
    for n in range(1, depth):
        (tmp_path / f"f{n}.yaml").write_text(f"include: [f{n + 1}.yaml]\n", encoding="utf-8")
    (tmp_path / f"f{depth}.yaml").write_text("sources: []\n", encoding="utf-8")
    result = kursk(["check", "-l", str(tmp_path / "f0.yaml")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith(
        f"includes nested more than {loader.MAX_INCLUDE_DEPTH} files deep; include the files "
        "from fewer levels")


def test_an_empty_include_is_a_mistake(write: Write) -> None:
    path = write(MINIMAL + 'include: [""]\n')
    result = kursk(["check", "-l", str(path)])
    assert result.stderr.splitlines()[0] == f"{path}:25:11: an item of 'include' is empty"


def test_a_report_on_stdin_over_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from helpers import PINNED
    from kursk_cli.cli import app, drafting

    monkeypatch.setattr(drafting, "_MAX_REPORT", 64)
    result = CliRunner().invoke(app, ["draft", "-", "-l", str(FACTS), "--published",
                                          "2025-03-14"],
                                input="Title\n\n" + "Putin said so. " * 10, env=PINNED)
    assert result.exit_code == 1
    assert result.stderr == ("kursk: <stdin>: more than the 64 bytes kursk draft reads in "
                             "one report\n")


def test_a_closed_standard_input_is_a_sentence(tmp_path: Path) -> None:
    script = shutil.which("kursk", path=str(Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run([script, "draft", "-", "-l", str(FACTS)], capture_output=True,
                            text=True, preexec_fn=lambda: os.close(0), timeout=60, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "kursk: there is no standard input to read the report from\n"


def test_a_relative_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory({"XDG_CACHE_HOME": "relative/dir"}) == tmp_path / ".cache" / "kursk"


def test_a_quote_of_insertions_alone_is_never_verified(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    wires = tmp_path / "examples" / "wires.yaml"
    text = wires.read_text(encoding="utf-8")
    quote = "quote: We will not abandon a single resident."
    assert quote in text
    wires.write_text(text.replace(quote, 'quote: "[a] [b] [c]"', 1), encoding="utf-8")
    result = kursk(["verify", "-l", str(wires), "-f", "json"])
    assert result.exit_code == 1
    import json

    statuses = {c["words"]: c["status"] for c in json.loads(result.stdout)["quotes"]}
    assert statuses["[a] [b] [c]"] == "not found"


def test_verify_and_variants_tables_leave_no_spaces_at_line_ends() -> None:
    wires = str(ROOT / "examples" / "wires.yaml")
    for args in (["verify", "-l", wires], ["variants", "-l", wires]):
        result = kursk(args)
        assert result.stdout.strip(), args
        assert [line for line in result.stdout.splitlines() if line.endswith(" ")] == [], args
