"""Any text a sound ledger can hold goes through every view and export without harm."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import kursk
from kursk_cli.ledger import _marked_quote

# What a checked ledger lets through: no control characters but tab and line feed, no
# bidirectional overrides or line separators, nothing that shows as nothing (zero-width
# space, word joiner, tag characters): the loader refuses those.
REFUSED = ("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
           "\x85\ufeff\u200b\u2060\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d\u206e"
           "\u206f\ufff9\ufffa\ufffb\u3164\uffa0\u17b4\u17b5\U0001bca0\U0001bca1\U0001bca2"
           "\U0001bca3\u200c\u200d" + "".join(map(chr, range(0xE0000, 0xE0080))))
texts = st.lists(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=REFUSED)
    | st.sampled_from(["\t", "\n", "[bold]", "[/]", "[link=file:///etc/passwd]", ":warning:",
                       "=cmd|' /C calc'!A0", "|", "*", "<script>", "&amp;", "\u0301", "😀",
                       "中文", "نی\u200cما", "'", '"', ",", "--", "@", " "]),
    min_size=1, max_size=12,
).map("".join).filter(lambda t: t.strip() != "")

#: Quotes as check accepts them: not wholly inside a pair of quote marks, which are not
#: the speaker's words (check refuses those, with the fix).
quotes = texts.filter(lambda t: _marked_quote(t) is None)


def ledger_text(name: str, claim: str, quote: str, alias: str, topic_free: str) -> str:
    """A sound ledger whose free text is the given strings (JSON strings are valid
    double-quoted YAML scalars for this alphabet)."""
    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    return f"""sources:
  - id: s
    title: {q(topic_free)}
    published: 2025-03-14
    publisher: {q(name)}
actors:
  - id: a
    name: {q(name)}
    role: {q(quote)}
    aliases: [{q(alias)}]
  - id: b
    name: {q(alias + " 2")}
claims:
  - id: c
    text: {q(claim)}
    statements:
      - actor: a
        stance: asserts
        date: 2025-03-13
        source: s
        quote: {q(quote)}
        note: {q(topic_free)}
      - actor: b
        stance: denies
        date: 2025-03-14
        source: s
        paraphrase: {q(claim + " " + quote)}
"""


COMMANDS = [
    ["claims"], ["claims", "--disputed", "-f", "csv"], ["claims", "-f", "json"],
    ["actor", "a"], ["actors"], ["show", "c"], ["matrix"], ["check"],
    ["export"], ["export", "-f", "json"], ["export", "-f", "jsonl"],
    ["export", "-f", "markdown"], ["export", "-f", "jsonld"],
]


@settings(max_examples=40, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts, texts, quotes, texts, texts, st.sampled_from(["30", "80", "200"]))
def test_every_command_handles_any_sound_text(tmp_path: Path, name: str, claim: str,
                                              quote: str, alias: str, free: str,
                                              width: str) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(ledger_text(name, claim, quote, alias, free), encoding="utf-8")
    for command in COMMANDS:
        result = kursk([*command, "-l", str(path)], COLUMNS=width)
        assert result.exit_code == 0, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "\x1b" not in result.stdout, command
        assert "Traceback" not in result.stderr, command
    document = json.loads(kursk(["export", "-f", "json", "-l", str(path)]).stdout)
    assert document["claims"][0]["text"] == claim
    assert document["claims"][0]["statements"][0]["quote"] == quote


def test_a_file_name_with_escapes_never_reaches_stdout_raw(tmp_path: Path) -> None:
    # A name from outside (an include glob, a clone): ESC and a right-to-left override.
    from helpers import MINIMAL

    odd = tmp_path / "a\x1b[31m\u202e.yaml"
    odd.write_text(MINIMAL.replace("    published: 2025-03-14\n", "    published: 2025-03-14\n"
                                   "    archive: saved.txt\n"), encoding="utf-8")
    (tmp_path / "saved.txt").write_text("He said: surrender or die.\n", encoding="utf-8")
    other = tmp_path / "b.yaml"
    other.write_text(MINIMAL.replace("surrender or die", "surrender now"), encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    draft.write_text("actors:\n  - id: lavrov\n    name: Sergei Lavrov\n", encoding="utf-8")
    for args in (["diff", str(odd), str(other)], ["diff", str(odd), str(other), "-f",
                                                   "markdown"],
                 ["verify", "-l", str(odd)], ["merge", str(draft), "-l", str(odd),
                                               "--dry-run"]):
        result = kursk(args)
        assert result.exit_code in (0, 1), (args, result.output)
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout, args
        if "markdown" not in args:  # (where Markdown's own escapes come on top)
            assert "\\x1b[31m\\u202e" in result.stdout, args  # (shown, escaped)


# Text that could act, wherever it comes from: the reader refuses it in a ledger, but a
# view draws whatever it is given (a cache entry forged with its seal recomputed, a saved
# report), so each output escapes it itself.
ACTING = "a\x1b]0;owned\x07b\x1b[2J\u202egnp.exe\x9b31m\ud800c"
SHOWN = "a\\x1b]0;owned\\x07b\\x1b[2J\\u202egnp.exe\\x9b31m\\ud800c"


def test_a_view_draws_text_that_could_act_escaped() -> None:
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from kursk_cli.render import Inert

    for colour in (None, "truecolor"):
        out = io.StringIO()
        console = Console(file=out, width=200, color_system=colour, force_terminal=bool(colour))
        table = Table("claim")
        table.add_row(Text(ACTING, style="bold"))
        console.print(Inert(table))
        drawn = out.getvalue()
        # (Rich drops the bell itself.)
        assert SHOWN.replace("\\x07", "") in drawn
        assert "\x1b]" not in drawn and "\x1b[2J" not in drawn and "\u202e" not in drawn
        assert "\x9b" not in drawn and "\x07" not in drawn


def test_csv_json_and_markdown_write_text_that_could_act_escaped() -> None:
    import io

    from kursk_cli import export
    from kursk_cli.rows import Table

    assert export.csv_lines([("claim", "n"), (ACTING + "\n" + ACTING, 1)]) == [
        "claim,n\r\n", f'"{SHOWN}\n{SHOWN}",1\r\n']
    stream = io.StringIO()
    export.write_json_rows(Table(("claim",), ((ACTING,),)), stream)
    written = stream.getvalue()
    assert json.loads(written) == [{"claim": ACTING}]  # the same text to a JSON reader
    assert not any(char in written for char in "\x1b\x07\u202e\x9b\ud800")
    assert "x1b" in export.md(ACTING) and "\x1b" not in export.md(ACTING)
