"""Score `kursk draft` against reports whose statements are known.

    .venv/bin/python benchmarks/draft_score.py            # tuned and held-out corpus
    .venv/bin/python benchmarks/draft_score.py --shared   # also ../shared/corpus

The corpus (benchmarks/draft_corpus/) holds reports written for this purpose, each with a
YAML file of the statements a careful person would draft from it. ``tuned`` is the set
the rules were developed on; ``heldout`` was written at the same time and not looked at
while tuning, so its scores are the honest ones. The shared article is scored against the
statements of the shipped facts.yaml (its actors known, its claims not). The shared
corpus (``../shared/corpus``: 25 invented reports and their gold annotations, never copied
here) is drafted against an empty ledger; a drafted speaker is right when its name matches
any of the names the gold lists for it.

A drafted statement matches an expected one when their words overlap enough (quotes:
70% of the longer's words; paraphrases: 60% of the expected words, and half of the
drafted ones). Figures:

- quote recall: expected quotes of three words or more drafted as quotes;
- quote speaker: of those, the share with the right speaker;
- quote precision: drafted quotes that are real statements of the report;
- quote denials: expected denials in quotes drafted as ``denies``;
- reported speaker: expected reported-speech statements drafted with the right speaker;
- reported precision: drafted paraphrases that are real attributed statements;
- reported stance: expected reported denials and concessions given the right stance;
- dates: matched statements with the right date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# The work tree's kursk, not an installed copy (as the tests do).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kursk_cli import loader as ledger_module
from kursk_cli import report as report_module
from kursk_cli.draft import Drafted, Fragment, draft
from kursk_cli.model import Ledger

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "draft_corpus"
FACTS = HERE.parent / "facts.yaml"
#: ``../shared`` beside the checkout (a worktree may sit a folder deeper: the nearest
#: ``shared`` folder above the repository).
SHARED_ROOT = next((p / "shared" for p in HERE.parent.parents if (p / "shared").is_dir()),
                   HERE.parent.parent / "shared")
SHARED = SHARED_ROOT / "source" / "kursk-surrender-article.txt"
SHARED_CORPUS = SHARED_ROOT / "corpus"


@dataclass(frozen=True)
class Expected:
    speaker: str
    quote: str | None
    paraphrase: str | None
    stance: str
    date: dt.date | None
    #: Any of these names of the drafted speaker is right (the shared corpus's gold).
    names: tuple[str, ...] = ()

    @property
    def words(self) -> str:
        return self.quote if self.quote is not None else (self.paraphrase or "")


@dataclass
class Tally:
    quotes: int = 0
    quotes_found: int = 0
    quotes_speaker: int = 0
    drafted_quotes: int = 0
    drafted_quotes_real: int = 0
    quote_denials: int = 0
    quote_denials_right: int = 0
    reported: int = 0
    reported_speaker: int = 0
    drafted_paraphrases: int = 0
    drafted_paraphrases_real: int = 0
    reported_stances: int = 0
    reported_stances_right: int = 0
    matched: int = 0
    dates_right: int = 0
    reports: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float]:
        def share(a: int, b: int) -> float:
            return a / b if b else 1.0

        return {
            "quote recall": share(self.quotes_found, self.quotes),
            "quote speaker": share(self.quotes_speaker, self.quotes_found),
            "quote precision": share(self.drafted_quotes_real, self.drafted_quotes),
            "quote denials": share(self.quote_denials_right, self.quote_denials),
            "reported speaker": share(self.reported_speaker, self.reported),
            "reported precision": share(self.drafted_paraphrases_real,
                                        self.drafted_paraphrases),
            "reported stance": share(self.reported_stances_right, self.reported_stances),
            "dates": share(self.dates_right, self.matched),
        }


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.replace("’", "'")).casefold()
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", folded)


def _overlap(drafted: str, expected: str, quote: bool) -> float:
    a, b = set(_words(drafted)), set(_words(expected))
    if not a or not b:
        return 0.0
    common = len(a & b)
    if quote:
        return common / max(len(a), len(b))
    return min(common / len(b), 1.0) if common / len(a) >= 0.5 else 0.0


def _contains(longer: str, shorter: str) -> bool:
    return " ".join(_words(shorter)) in " ".join(_words(longer))


def _name(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("’", "'")).casefold().strip()
    return re.sub(r"^the\s+", "", folded)


def _speaker_right(drafted_id: str, expected: str, fragment: Fragment, ledger: Ledger,
                   aliases: tuple[str, ...] = ()) -> bool:
    if drafted_id == expected:
        return True
    names = {a.id: a.name for a in fragment.actors}
    names.update({a.id: a.name for a in ledger.actors})
    if aliases:
        got = _name(names.get(drafted_id, drafted_id))
        wanted = {_name(n) for n in aliases}
        return got in wanted or any(
            got.endswith(" " + w) or w.endswith(" " + got) for w in wanted if w)
    got, want = _name(names.get(drafted_id, drafted_id)), _name(
        names.get(expected, expected))
    if expected in ledger.actor_by_id:
        return False
    return got == want or got.endswith(" " + want) or want.endswith(" " + got) or (
        len(got.split()) > 1 and len(want.split()) > 1 and got.split()[-1] == want.split()[-1])


def score_report(fragment: Fragment, expected: list[Expected], ledger: Ledger) -> Tally:
    tally = Tally(reports=1)
    drafted: list[Drafted] = fragment.statements
    pairs = []
    for i, candidate in enumerate(drafted):
        for j, e in enumerate(expected):
            quote = candidate.quote is not None and e.quote is not None
            similarity = _overlap(candidate.words, e.words, quote)
            if similarity >= (0.7 if quote else 0.6):
                right = _speaker_right(candidate.actor, e.speaker, fragment, ledger, e.names)
                pairs.append((similarity + right, i, j))
    pairs.sort(reverse=True)
    match: dict[int, int] = {}
    used: set[int] = set()
    for _similarity, i, j in pairs:
        if j not in match and i not in used:
            match[j] = i
            used.add(i)
    for j, e in enumerate(expected):
        d: Drafted | None = drafted[match[j]] if j in match else None
        right = d is not None and _speaker_right(d.actor, e.speaker, fragment, ledger, e.names)
        if d is not None and e.date is not None:
            tally.matched += 1
            tally.dates_right += d.date == e.date
        if e.quote is not None and len(_words(e.quote)) >= 3:
            tally.quotes += 1
            if d is None or d.quote is None:
                # words a longer drafted quote holds (one quote of the report that the
                # ledger keeps as two statements) were found too
                d = next((q for q in drafted if q.quote is not None
                          and _contains(q.quote, e.quote)), None)
                right = d is not None and _speaker_right(d.actor, e.speaker, fragment, ledger,
                                                         e.names)
                if d is not None:
                    used.add(drafted.index(d))
            if d is not None and d.quote is not None:
                tally.quotes_found += 1
                tally.quotes_speaker += right
            if e.stance == "denies":
                tally.quote_denials += 1
                tally.quote_denials_right += d is not None and d.stance.value == "denies"
        elif e.paraphrase is not None:
            tally.reported += 1
            tally.reported_speaker += right
            if e.stance in ("denies", "qualifies"):
                tally.reported_stances += 1
                tally.reported_stances_right += d is not None and d.stance.value == e.stance
    for i, one in enumerate(drafted):
        if one.quote is not None:
            tally.drafted_quotes += 1
            tally.drafted_quotes_real += i in used
        else:
            tally.drafted_paraphrases += 1
            tally.drafted_paraphrases_real += i in used
    return tally


def _expected(items: list[dict[str, Any]]) -> list[Expected]:
    return [Expected(str(i["speaker"]), i.get("quote"), i.get("paraphrase"), str(i["stance"]),
                     i["date"]) for i in items]


def corpus(name: str) -> list[tuple[Path, dict[str, Any]]]:
    """The reports of one corpus set, each with its expected statements."""
    found = []
    for answers in sorted((CORPUS / name).glob("*.yaml")):
        report = next(p for p in answers.parent.glob(answers.stem + ".*") if p != answers)
        found.append((report, yaml.safe_load(answers.read_text(encoding="utf-8"))))
    return found


def draft_file(path: Path, ledger: Ledger, published: dt.date | None = None) -> Fragment:
    read = report_module.read(path.read_bytes(), path.name)
    day = read.published or published
    assert day is not None, f"{path}: no dateline"
    return draft(read, ledger, source_id=path.stem, published=day)


def score_set(name: str, verbose: bool = False) -> Tally:
    ledger = ledger_module.load(FACTS)
    total = Tally()
    for path, answers in corpus(name):
        fragment = draft_file(path, ledger, answers["published"])
        tally = score_report(fragment, _expected(answers["statements"]), ledger)
        if verbose:
            print(path.name, tally.figures(), file=sys.stderr)
        total.add(tally)
    return total


def score_shared() -> Tally | None:
    """The shared article against the shipped ledger's statements: the actors of the
    ledger known, its claims not."""
    if not SHARED.is_file():
        return None
    facts = ledger_module.load(FACTS)
    known = Ledger(sources=(), actors=facts.actors, claims=())
    read = report_module.read(SHARED.read_bytes(), SHARED.name)
    fragment = draft(read, known, source_id="kursk-surrender-report",
                     published=read.published or dt.date(2025, 3, 14))
    expected = [Expected(s.actor, s.quote, s.paraphrase, s.stance.value, s.date)
                for s in facts.statements]
    return score_report(fragment, expected, known)


def score_shared_corpus(verbose: bool = False) -> Tally | None:
    """The shared corpus's reports against their gold quotes and reported statements,
    drafted against an empty ledger (its world is invented), or None without it."""
    reports = SHARED_CORPUS / "reports"
    if not reports.is_dir():
        return None
    quotes = yaml.safe_load((SHARED_CORPUS / "gold.yaml").read_text(encoding="utf-8"))
    reported = yaml.safe_load((SHARED_CORPUS / "gold-reported.yaml").read_text(
        encoding="utf-8"))
    empty = Ledger(sources=(), actors=(), claims=())
    total = Tally()
    for path in sorted(reports.glob("*.txt")):
        expected = [Expected(str(g["speaker"][0]), str(g["quote"]), None,
                             str(g.get("stance", "")), None, tuple(map(str, g["speaker"])))
                    for g in quotes.get(path.name) or []]
        expected += [Expected(str(g["speaker"][0]), None, str(g["says"]),
                              str(g.get("stance", "")), None, tuple(map(str, g["speaker"])))
                     for g in reported.get(path.name) or []]
        fragment = draft_file(path, empty, dt.date(2025, 3, 14))
        tally = score_report(fragment, expected, empty)
        if verbose:
            print(path.name, {k: round(v, 2) for k, v in tally.figures().items()},
                  file=sys.stderr)
        total.add(tally)
    return total


def table(rows: dict[str, Tally]) -> str:
    names = list(Tally().figures())
    width = max(len(n) for n in names) + 2
    out = ["figure".ljust(width) + "".join(f"{k:>12}" for k in rows)]
    for name in names:
        out.append(name.ljust(width) + "".join(
            f"{t.figures()[name]:>11.0%} " for t in rows.values()))
    out.append("reports".ljust(width) + "".join(f"{t.reports:>11} " for t in rows.values()))
    out.append("quotes".ljust(width) + "".join(f"{t.quotes:>11} " for t in rows.values()))
    out.append("reported".ljust(width) + "".join(f"{t.reported:>11} " for t in rows.values()))
    return "\n".join(out)


def long_report(words: int = 2000) -> str:
    """A report of at least ``words`` words: one headline and dateline, then the bodies
    of the corpus reports (text ones), in turn, until it is long enough."""
    paragraphs: list[str] = []
    while sum(len(p.split()) for p in paragraphs) < words:
        for path, _answers in corpus("tuned") + corpus("heldout"):
            if path.suffix != ".txt":
                continue
            body = report_module.read(path.read_bytes(), path.name).paragraphs[1:]
            paragraphs += [p.text for p in body]
            if sum(len(p.split()) for p in paragraphs) >= words:
                break
    return ("Kursk and Sumy: a long day of claims\n\nKYIV, March 14, 2025 (Northwire) - "
            + "\n\n".join(paragraphs) + "\n")


def time_draft(runs: int = 7, words: int = 2000, one_paragraph: bool = False
               ) -> tuple[int, float, float]:
    """Words of the long report, and the median and slowest wall time of `kursk draft` on
    it (a new process each run: start-up included), against the shipped ledger. With
    ``one_paragraph``, its paragraphs joined into one after the dateline (a transcript
    pasted without breaks)."""
    import statistics
    import subprocess
    import tempfile
    import time

    text = long_report(words)
    if one_paragraph:
        head, body = text.split("\n\n", 1)
        text = head + "\n\n" + " ".join(body.split("\n\n"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long-report.txt"
        path.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "kursk_cli", "draft", str(path), "-l", str(FACTS)]
        environment = {"PYTHONPATH": str(HERE.parent), "PATH": "/usr/bin:/bin",
                       "XDG_CACHE_HOME": folder}
        subprocess.run(command, check=True, capture_output=True, env=environment)  # cache
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=environment)
            times.append(time.perf_counter() - start)
    return len(text.split()), statistics.median(times), max(times)


#: Reports that made drafting quadratic (issue 22, item 10): one unit repeated.
SHAPES = {
    "said that, repeated": ("Peskov said that Zelensky said that ", ""),
    "colon and open quote, repeated": ('He emphasised: "', ""),
    "a reply per line": ('"We hold," he said.\n', ""),
    "a reply per paragraph": ('"We hold," he said.\n\n', ""),
    "a quote per line": ('"We hold the line at {n} firmly," he said.\n', ""),
    # one sentence of thousands of statements: its text was joined again for each
    "clauses of two speakers, one sentence": (
        "the council said pier {n} was shut, while the board said it was open, ", ""),
}


def shaped_report(unit: str, size: int) -> str:
    """A report of ``size`` characters: a headline, a dateline, then ``unit`` repeated
    (``{n}`` in it numbered, so each repeat differs)."""
    head = "A headline\n\nKYIV, March 14, 2025 (Northwire) - Peskov spoke.\n\n"
    parts, total, n = [head], len(head), 0
    while total < size:
        piece = unit.replace("{n}", str(n))
        parts.append(piece)
        total, n = total + len(piece), n + 1
    return "".join(parts) + "\n"


def time_shapes(size: int = 1_000_000) -> list[tuple[str, float, float]]:
    """Each shape of :data:`SHAPES` at ``size`` characters, drafted in this process:
    its name, wall time and CPU time (the machine may be shared)."""
    import time

    ledger = ledger_module.load(FACTS)
    out = []
    for name, (unit, _note) in SHAPES.items():
        read = report_module.read(shaped_report(unit, size).encode(), "shape.txt")
        wall, cpu = time.perf_counter(), time.process_time()
        draft(read, ledger, source_id="shape", published=dt.date(2025, 3, 14))
        out.append((name, time.perf_counter() - wall, time.process_time() - cpu))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", action="store_true",
                        help="also score ../shared/source and ../shared/corpus")
    parser.add_argument("--verbose", action="store_true", help="figures for each report")
    parser.add_argument("--time", action="store_true",
                        help="also time `kursk draft` on a 2,000-word report, and on "
                        "20,000 words in one paragraph")
    parser.add_argument("--tuned-only", action="store_true",
                        help="only the tuned set (while developing the rules)")
    parser.add_argument("--large", action="store_true",
                        help="only time drafting 1 MB reports of the shapes that once were "
                        "quadratic (each must take under 5 s)")
    args = parser.parse_args()
    if args.large:
        for name, wall, cpu in time_shapes():
            print(f"kursk draft, 1 MB report, {name}: {wall:.2f} s ({cpu:.2f} s CPU)")
        return
    rows = {"tuned": score_set("tuned", args.verbose)}
    if not args.tuned_only:
        rows["held-out"] = score_set("heldout", args.verbose)
    if args.shared:
        shared = score_shared()
        if shared is None:
            print(f"no {SHARED}: shared article not scored", file=sys.stderr)
        else:
            rows["shared"] = shared
        corpus_tally = score_shared_corpus(args.verbose)
        if corpus_tally is None:
            print(f"no {SHARED_CORPUS}: shared corpus not scored", file=sys.stderr)
        else:
            rows["corpus"] = corpus_tally
    print(table(rows))
    if args.time:
        for size, joined in ((2000, False), (20000, True)):
            words, median, slowest = time_draft(words=size, one_paragraph=joined)
            shape = " in one paragraph" if joined else ""
            print(f"kursk draft, {words}-word report{shape}, start-up included: median "
                  f"{median:.3f} s, slowest {slowest:.3f} s of 7 runs")


if __name__ == "__main__":
    main()
