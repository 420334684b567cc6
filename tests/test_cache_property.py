"""The property the cache lives by: over random chains of edits to a ledger of several
files, every cached answer equals a whole read with --no-cache (stdout, stderr and exit
code), a view's CSV served from the text remembered among them, and most of the ledgers
compared are valid, before and after an edit."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import kursk

MAIN = """\
# The ledger's root: its sources and actors, and its claims by month.
include: [claims/*.yaml]
sources:
  - id: wire
    title: A wire report
    published: 2025-03-20
  - id: paper
    title: A paper's report
    published: 2025-03-18
actors:
  - id: ana
    name: Ana Petrenko
    aliases: [Petrenko]
  - id: ministry
    name: Ministry of Defence
    kind: organization
"""


def claim(ident: str, words: str, stance: str = "asserts", actor: str = "ana",
          block: bool = False) -> str:
    quote = f"quote: |\n          {words}\n" if block else f"quote: \"{words}\"\n"
    return (f"  - id: {ident}\n    text: The claim called {ident}.\n    statements:\n"
            f"      - actor: {actor}\n        stance: {stance}\n        date: 2025-03-14\n"
            f"        source: wire\n        {quote}")


START = {
    "main.yaml": MAIN,
    "claims/2025-03.yaml": "claims:\n" + claim("first", "We hold the line.")
                           + claim("second", "Nothing of the sort.", "denies", "ministry"),
    "claims/2025-04.yaml": "claims:\n" + claim("third", "It is over.", block=True),
}

Files = dict[str, str]
Edit = Callable[[Files, st.DataObject], None]


def _claim_file(files: Files, data: st.DataObject) -> str:
    names = sorted(name for name in files if name.startswith("claims/"))
    return data.draw(st.sampled_from(names)) if names else "main.yaml"


def add_claim(files: Files, data: st.DataObject) -> None:
    name = _claim_file(files, data)
    # Mostly a new id (one no claim has had in this chain); now and then one taken.
    taken = sum(text.count("  - id: ") for text in files.values())
    ident = data.draw(st.sampled_from([f"new-{taken}"] * 5 + ["first"]))
    stance = data.draw(st.sampled_from(["asserts", "denies", "qualifies"]))
    body = files[name] if "claims:" in files[name] else files[name] + "claims:\n"
    if not body.endswith("\n"):
        body += "\n"
    files[name] = body + claim(ident, data.draw(st.sampled_from(["Yes.", "No.", "We won."])),
                               stance, data.draw(st.sampled_from(["ana", "ministry"])),
                               data.draw(st.booleans()))


def remove_claim(files: Files, data: st.DataObject) -> None:
    name = _claim_file(files, data)
    text = files[name]
    starts = [i for i in range(len(text)) if text.startswith("  - id: ", i)]
    if starts:
        at = data.draw(st.sampled_from(starts))
        end = text.find("  - id: ", at + 1)
        files[name] = text[:at] + (text[end:] if end != -1 else "")


def replace_words(files: Files, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(files)))
    old, new = data.draw(st.sampled_from([
        ("stance: asserts", "stance: denies"), ("stance: denies", "stance: qualifies"),
        ("Ana Petrenko", "Anna Petrenko"), ("We hold", "We still hold"),
        ("It is over.", "It is not over."), ("date: 2025-03-14", "date: 2025-03-19"),
        ("source: wire", "source: paper"), ("aliases: [Petrenko]", "aliases: [Petrenko, Ana]"),
    ]))
    files[name] = files[name].replace(old, new, 1)


def make_mistake(files: Files, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(files)))
    old, new = data.draw(st.sampled_from([
        ("published: 2025-03-18", "published: 2025-03-01"),  # a statement after its source
        ("actor: ana", "actor: anna"),  # an unknown actor
        ("kind: organization", "kind: organisation"),
        ("stance: denies", "stance: deny"),
    ]))
    files[name] = files[name].replace(old, new, 1)


def line_ends(files: Files, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(files)))
    text = files[name]
    change = data.draw(st.sampled_from(["crlf", "lf", "no-final", "final"]))
    if change == "crlf":
        files[name] = text.replace("\r\n", "\n").replace("\n", "\r\n")
    elif change == "lf":
        files[name] = text.replace("\r\n", "\n")
    elif change == "no-final":
        files[name] = text.rstrip("\r\n")
    else:
        files[name] = text + "\n"


def add_or_remove_file(files: Files, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(["claims/2025-05.yaml", "claims/2025-03.yaml",
                                      "claims/notes.txt"]))
    if name in files and len([n for n in files if n.startswith("claims/")]) > 1:
        del files[name]
    else:
        files[name] = "claims:\n" + claim("may", "A new month.", "qualifies")


def rename_file(files: Files, data: st.DataObject) -> None:
    names = sorted(n for n in files if n.startswith("claims/"))
    if names:
        old = data.draw(st.sampled_from(names))
        new = data.draw(st.sampled_from(["claims/2026-01.yaml", "claims/a.yaml",
                                         "other.yaml"]))
        if new not in files:
            files[new] = files.pop(old)


def break_syntax(files: Files, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(files)))
    text = files[name]
    kind = data.draw(st.sampled_from(["open-quote", "column-0", "char", "tab"]))
    if kind == "open-quote":  # a quoted value that runs onto a line at column 0
        files[name] = text.replace('quote: "', 'quote: "foo\nversion: 1 #"', 1)
    elif kind == "column-0":
        files[name] = text + 'version: "1" #"\n'
    elif kind == "char":
        at = data.draw(st.integers(0, len(text)))
        files[name] = text[:at] + data.draw(st.sampled_from([":", "- ", "\x07", "[", "é"])) \
            + text[at:]
    else:
        files[name] = text.replace("\n  ", "\n\t", 1)


def restore(files: Files, data: st.DataObject) -> None:
    """A file put back as it was at the start (a mistake undone, a checkout): one that
    was edited, when there is one."""
    edited = sorted(name for name in START if files.get(name) != START[name])
    name = data.draw(st.sampled_from(edited or sorted(START)))
    files[name] = START[name]


def _line_end(text: str, start: int) -> int:
    """Where the line that ``start`` is in ends, its line break included."""
    end = text.find("\n", start)
    return len(text) if end == -1 else end + 1


def relate(files: Files, data: st.DataObject) -> None:
    """A relation to another claim (or to one that is not there, or to itself)."""
    name = _claim_file(files, data)
    text = files[name]
    starts = [i for i in range(len(text)) if text.startswith("    text: ", i)]
    if starts:
        at = _line_end(text, data.draw(st.sampled_from(starts)))
        kind = data.draw(st.sampled_from(["same-as", "contradicts", "supersedes", "supports"]))
        target = data.draw(st.sampled_from(["first", "second", "third", "may", "new-9"]))
        files[name] = (text[:at].rstrip("\r\n") + "\n" + f"    relations: [{kind}: {target}]\n"
                       + text[at:])


def add_original(files: Files, data: st.DataObject) -> None:
    """The words as spoken, from the other source, under a quote."""
    name = _claim_file(files, data)
    text = files[name]
    starts = [i for i in range(len(text)) if text.startswith('        quote: "', i)]
    if starts:
        at = _line_end(text, data.draw(st.sampled_from(starts)))
        lang = data.draw(st.sampled_from(["uk", "ru", "en-GB"]))
        files[name] = (text[:at].rstrip("\r\n") + "\n        original:\n          source: paper\n"
                       f"          lang: {lang}\n          quote: Ми тримаємо\n" + text[at:])


def repeat_statement(files: Files, data: st.DataObject) -> None:
    """A claim's statement written twice (a repeat, reported by reading its file), or
    again with another date (a second statement, sound)."""
    name = _claim_file(files, data)
    text = files[name]
    starts = [i for i in range(len(text)) if text.startswith("      - actor: ", i)]
    if starts:
        at = data.draw(st.sampled_from(starts))
        ends = [end for end in (text.find("  - id: ", at), text.find("      - actor: ", at + 1))
                if end != -1]
        end = min(ends) if ends else len(text)
        block = text[at:end]
        if not block.endswith("\n"):
            block += "\n"
        if data.draw(st.booleans()):
            block = block.replace("date: 2025-03-1", "date: 2025-03-0", 1)
        files[name] = text[:end].rstrip("\r\n") + "\n" + block + text[end:]


def comment(files: Files, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(files)))
    files[name] = "# edited\n" + files[name]


EDITS: list[tuple[Edit, int]] = [
    (add_claim, 4), (remove_claim, 2), (replace_words, 4), (line_ends, 3),
    (add_or_remove_file, 2), (rename_file, 2), (comment, 3), (break_syntax, 2), (restore, 3),
    (make_mistake, 2), (relate, 3), (add_original, 2), (repeat_statement, 3),
]

COMMANDS = (["check", "-f", "json"], ["export", "-f", "json"], ["claims", "-f", "csv"],
            ["actor", "ana"], ["show", "first"], ["graph", "-f", "json"])

#: The other views a CSV is remembered for (as the text written), one drawn each step.
CSV_VIEWS = (["claims", "--disputed", "-f", "csv"], ["actors", "-f", "csv"],
             ["actor", "ana", "-f", "csv"], ["actor", "petrenko", "-f", "csv"],
             ["show", "first", "-f", "csv"], ["show", "second", "-f", "csv"],
             ["matrix", "-f", "csv"], ["matrix", "--disputed", "-f", "csv"])


def write_out(root: Path, files: Files) -> None:
    if root.exists():
        shutil.rmtree(root)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def test_cached_answers_equal_whole_reads_over_chains_of_edits(tmp_path: Path) -> None:
    tally = {"compared": 0, "valid": 0, "repeats": 0, "csv": 0}
    weighted = [edit for edit, weight in EDITS for _n in range(weight)]

    # Derandomized: the share of valid ledgers asserted below is a property of the
    # examples drawn, and random draws put it anywhere from 59% to 83% (mean 76%, in 14
    # runs): a fixed sequence makes the assertion exact instead of a matter of luck.
    @settings(max_examples=120, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(st.data())
    def chain(data: st.DataObject) -> None:
        root = tmp_path / "ledger"
        cache_home = str(tmp_path / "cache")  # one cache across the whole chain
        files = dict(START)
        for _step in range(data.draw(st.integers(1, 6))):
            data.draw(st.sampled_from(weighted))(files, data)
            write_out(root, files)
            main = str(root / "main.yaml")
            for command in (*COMMANDS, data.draw(st.sampled_from(CSV_VIEWS))):
                whole = kursk([*command, "-l", main, "--no-cache"], XDG_CACHE_HOME=cache_home)
                tally["repeats"] += command[0] == "check" and "repeats the one" in whole.stdout
                for _run in range(2):  # the run that fills the cache, and one served by it
                    cached = kursk([*command, "-l", main], XDG_CACHE_HOME=cache_home)
                    assert (cached.exit_code, cached.stdout, cached.stderr) == (
                        whole.exit_code, whole.stdout, whole.stderr), (command, files)
            tally["compared"] += 1
            tally["valid"] += kursk(["check", "-l", main, "--no-cache"]).exit_code == 0

    chain()
    # Every view's CSV is remembered as text and served from it: the chains must have
    # filled the cache with many (the runs served by them are compared above).
    tally["csv"] = len(list((tmp_path / "cache" / "kursk").glob("csv-*.bin")))
    share = tally["valid"] / tally["compared"]
    assert share >= 0.6, f"only {share:.0%} of the compared ledgers were valid"
    assert share <= 0.95, f"{share:.0%} valid: the answers with problems were hardly compared"
    # A repeated statement is found by reading its file and cached with the read: the
    # chains must compare ledgers where one is reported.
    assert tally["repeats"] >= 5, f"only {tally['repeats']} ledgers with a repeated statement"
    assert tally["csv"] >= 200, f"only {tally['csv']} CSV texts remembered"
