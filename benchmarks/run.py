"""Run kursk's performance scenarios beside their peers and print medians and ratios.

    python benchmarks/run.py                 # every scenario, 100k-claim ledger
    python benchmarks/run.py --claims 10000  # a smaller ledger, for a quick look
    python benchmarks/run.py --only verify   # kursk verify, 10k claims, 100 archives
    python benchmarks/run.py --only merge    # kursk merge and --dry-run, 10k claims
    python benchmarks/run.py --only ellipses # quotes of ten ellipses against 1 MB
    python benchmarks/run.py --only edited --claims 10000   # a quick look at one scenario

Run it with the Python of the environment kursk is installed in (the `kursk` next to
that Python is the one measured). Peers: the bare stack import, jq on the same data as
JSON, and yq on the YAML (each skipped, and said so, where not installed). Timing lives
here and never in the tests.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent

JQ_DISPUTED = (
    '.actors as $a | ($a | map({(.id): .name}) | add) as $n | .claims[] '
    '| select((.statements | any(.stance == "asserts")) and '
    '(.statements | any(.stance == "denies"))) '
    '| [.id, .text, "disputed", ([.statements[] | select(.stance == "asserts") | $n[.actor]] '
    '| unique | join("; ")), ([.statements[] | select(.stance == "denies") | $n[.actor]] '
    '| unique | join("; ")), (.statements | map(.date) | max), '
    '(.statements | map(.source) | unique | length)] | @csv'
)
DENIES = b"stance: denies"
YQ_DISPUTED = ('.claims[] | select((.statements | any(.stance == "asserts")) and '
               '(.statements | any(.stance == "denies"))) | .id')


@dataclass
class Measure:
    label: str
    command: list[str]
    seconds: float
    peak_mib: float
    #: Median CPU time (user and system) of the runs: on a shared machine, what the
    #: command itself spent, however busy the others kept the cores.
    cpu: float = 0.0


def run_once(command: list[str], env: dict[str, str],
             before: Callable[[], None] | None = None, expect: int = 0
             ) -> tuple[float, float, float]:
    """Wall time, peak resident memory and CPU time of one run (output discarded); ``before``
    prepares the run, untimed; any exit code but ``expect`` stops the benchmark."""
    if before is not None:
        before()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=env)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != expect:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"failed: {' '.join(command)}\n{error}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


CACHE = Path(tempfile.mkdtemp(prefix="kursk-bench-cache-"))


def _environment() -> dict[str, str]:
    """What every timed command runs with: no colour, a fixed width, the benchmark's own
    cache folder, and no ledger or cache setting of the caller's."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "XDG_CACHE_HOME": str(CACHE)}
    env.pop("KURSK_LEDGER", None)
    env.pop("KURSK_NO_CACHE", None)
    return env


def measure(label: str, command: list[str], runs: int, warmup: int = 1,
            before: Callable[[], None] | None = None, expect: int = 0) -> Measure:
    env = _environment()
    for _ in range(warmup):
        run_once(command, env, before, expect)
    results = [run_once(command, env, before, expect) for _ in range(runs)]
    return Measure(label, command, statistics.median(r[0] for r in results),
                   max(r[1] for r in results), statistics.median(r[2] for r in results))


def measure_together(commands: list[tuple[str, list[str]]], runs: int) -> list[Measure]:
    """Commands timed in alternation, after three warm-up runs of each."""
    env = _environment()
    results: list[list[tuple[float, float, float]]] = [[] for _ in commands]
    for turn in range(runs + 3):
        for which, (_label, command) in enumerate(commands):
            outcome = run_once(command, env)
            if turn >= 3:
                results[which].append(outcome)
    return [Measure(label, command, statistics.median(r[0] for r in result),
                    max(r[1] for r in result), statistics.median(r[2] for r in result))
            for (label, command), result in zip(commands, results, strict=True)]


#: The shape of the large ledger (``generate.py --shape``); set from ``--shape``.
SHAPE = "mixed"


def _shaped(name: str, shape: str) -> str:
    """A generated file's or folder's name: the generator's own shape unmarked (as
    before there were others), any other marked."""
    return name if shape == "mixed" else f"{name}-{shape}"


def ledger(claims: int, shape: str = "mixed") -> Path:
    path = HERE / "data" / (_shaped(f"ledger-{claims}", shape) + ".yaml")
    if not path.exists():
        print(f"generating {path} ...", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(claims), str(path),
                        "--shape", shape], check=True)
    return path


def show(title: str, rows: list[Measure], baseline: Measure | None = None) -> None:
    print(f"\n### {title}\n")
    print("| what | median | CPU (user+sys) | peak memory | ratio | command |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        ratio = f"{row.seconds / baseline.seconds:.2f}x" if baseline else ""
        command = " ".join(row.command).replace("|", "\\|")
        if len(command) > 90:
            command = command[:87] + "..."
        print(f"| {row.label} | {row.seconds:.3f} s | {row.cpu:.3f} s | {row.peak_mib:.0f} MiB "
              f"| {ratio} | `{command}` |")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n(load average after: {load}; {os.cpu_count()} cores)")


SCENARIOS = ["startup", "unchanged", "edited", "single", "verify", "merge", "ellipses", "site"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=100,
                        help="files the large ledger is split into (a root of sources and "
                             "actors including them)")
    parser.add_argument("--runs", type=int, default=5, help="runs for the large ledger")
    parser.add_argument("--shape", choices=["mixed", "three"], default="mixed",
                        help="the large ledger's shape (generate.py --shape): mixed, 2-4 "
                             "statements a claim (78 MB at 100,000 claims); three, three "
                             "statements each and shorter quotes (73 MB), as issue 19 "
                             "measured")
    parser.add_argument("--only", choices=SCENARIOS, action="append",
                        help="run only these scenarios (repeatable); default: all")
    args = parser.parse_args()
    wanted = set(args.only or SCENARIOS)
    global SHAPE
    SHAPE = args.shape
    kursk = str(BIN / "kursk")
    python = sys.executable

    if "startup" in wanted:
        # Interleaved, so that a busy moment of the machine falls on both alike. The
        # baseline is what printing a Rich table must import (Rich's console, which
        # rich.table alone does not import) and Typer. kursk imports with the collector
        # paused (kursk_cli.__main__); the same imports paused are shown beside it.
        rows = measure_together([
            ("import typer, rich.console, rich.table",
             [python, "-c", "import typer, rich.console, rich.table"]),
            ("the same imports, collector paused",
             [python, "-c", "import gc; gc.disable(); import typer, rich.console, rich.table"]),
            ("kursk claims --disputed (shipped ledger)", [kursk, "claims", "--disputed"]),
            ("kursk claims --disputed --format csv (shipped ledger)",
             [kursk, "claims", "--disputed", "--format", "csv"]),
        ], runs=41)
        show("Start-up: the shipped ledger against the stack a Rich table needs", rows,
             baseline=rows[0])
    if wanted & {"unchanged", "edited"}:
        root = split_ledger(args.claims, args.files)
        if "unchanged" in wanted:
            unchanged(args, kursk, root)
        if "edited" in wanted:
            edited(args, kursk, root)
    if "single" in wanted:
        single(args, kursk, ledger(args.claims, SHAPE))
    if "verify" in wanted:
        verify(args, kursk)
    if "merge" in wanted:
        merge(args, kursk)
    if "ellipses" in wanted:
        ellipses(args, kursk)
    if "site" in wanted:
        site(args, kursk, split_ledger(args.claims, args.files))
    shutil.rmtree(CACHE, ignore_errors=True)


def split_ledger(claims: int, files: int) -> Path:
    """The large ledger as a root file including ``files`` files of claims (and its JSON
    twin, for jq)."""
    folder = HERE / "data" / _shaped(f"split-{claims}-{files}", SHAPE)
    if not (folder / "main.yaml").exists():
        print(f"generating {folder} ...", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(claims), str(folder),
                        "--split", str(files), "--shape", SHAPE], check=True)
    return folder / "main.yaml"


def unchanged(args: argparse.Namespace, kursk: str, root: Path) -> None:
    query = [kursk, "claims", "--disputed", "--format", "csv", "-l", str(root)]
    rows = [measure(f"kursk claims --disputed --format csv, unchanged ({args.claims} claims "
                    f"in {args.files} files, shape {SHAPE})", query, runs=args.runs),
            measure("kursk check, unchanged", [kursk, "check", "-l", str(root)],
                    runs=args.runs)]
    jq = shutil.which("jq")
    if jq:
        json_twin = ledger(args.claims, SHAPE).with_suffix(".json")
        rows.append(measure("jq, same query on the same data as JSON",
                            [jq, "-r", JQ_DISPUTED, str(json_twin)], runs=args.runs))
    else:
        print("\n(jq is not installed: its row is left out)")
    show("The disputed-claims query on a large, unchanged ledger (cache warm)", rows,
         baseline=rows[-1] if jq else None)


def edited(args: argparse.Namespace, kursk: str, root: Path) -> None:
    # "Just edited": before every run, untimed, one file of claims in the middle gets one
    # more comment line, so its bytes are new to the cache: it is parsed again, the other
    # files' reads come from the cache, and every rule runs over the whole ledger.
    work = CACHE / "edited"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(root.parent, work)
    main, middle = work / "main.yaml", sorted((work / "claims").glob("*.yaml"))[
        args.files // 2]
    counter = itertools.count()

    def edit() -> None:
        with open(middle, "a", encoding="utf-8") as handle:
            handle.write(f"# edit {next(counter)}\n")

    query = [kursk, "claims", "--disputed", "--format", "csv", "-l", str(main)]
    check = [kursk, "check", "-l", str(main)]
    rows = [
        measure(f"kursk check, one file of {args.files} just edited", check, runs=args.runs,
                warmup=1, before=edit),
        measure("kursk claims --disputed --format csv, one file just edited", query,
                runs=args.runs, warmup=1, before=edit),
    ]
    sound = middle.read_bytes()
    spot = sound.index(DENIES, len(sound) // 2)
    counter_bad = itertools.count()

    def mistake() -> None:
        # One statement's stance misspelt in that file: `check` reports it (exit 1).
        middle.write_bytes(sound[:spot] + b"stance: deny" + sound[spot + len(DENIES):]
                           + f"# edit {next(counter_bad)}\n".encode())

    rows.append(measure("kursk check, one file just edited with a mistake", check,
                        runs=args.runs, warmup=0, before=mistake, expect=1))
    middle.write_bytes(sound)
    show(f"A ledger of {args.claims} claims in {args.files} files (shape {SHAPE}), one file "
         "just edited",
         rows)


def single(args: argparse.Namespace, kursk: str, big: Path) -> None:
    # One file of every claim: any edit reads the whole file again; "first read" removes
    # the cache before each run.
    work = CACHE / "single.yaml"
    shutil.copy(big, work)
    counter = itertools.count()

    def edit() -> None:
        with open(work, "a", encoding="utf-8") as handle:
            handle.write(f"# edit {next(counter)}\n")

    def forget() -> None:
        edit()
        shutil.rmtree(CACHE / "kursk", ignore_errors=True)

    query = [kursk, "claims", "--disputed", "--format", "csv", "-l", str(work)]
    rows = [measure(f"kursk claims --disputed --format csv, one file of {args.claims} claims "
                    "just edited", query, runs=1, warmup=1, before=edit),
            measure("the same, first read (no cache)", query, runs=1, warmup=0,
                    before=forget)]
    yq = shutil.which("yq")
    if yq:
        rows.append(measure("yq, disputed ids on the YAML", [yq, "-r", YQ_DISPUTED, str(big)],
                            runs=1, warmup=0))
    else:
        print("\n(yq is not installed: its row is left out)")
    show("One large file, read whole", rows, baseline=rows[-1] if yq else None)


#: The verify scenario's ledger: claims, and sources with a saved report.
VERIFY_CLAIMS, VERIFY_ARCHIVES = 10_000, 100


def verify(args: argparse.Namespace, kursk: str) -> None:
    # Every quote of the ledger whose source has a saved report (a fifth of them: 100 of
    # 500 sources) is looked for in it; one in fifty differs, so kursk exits 1 and the
    # fuzzy alignment runs for those. The ledger itself comes from the cache (warm).
    path = HERE / "data" / f"archived-{VERIFY_CLAIMS}.yaml"
    if not path.exists():
        print(f"generating {path} ...", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(VERIFY_CLAIMS),
                        str(path), "--archives", str(VERIFY_ARCHIVES)], check=True)
    rows = [measure(f"kursk verify ({VERIFY_CLAIMS} claims, {VERIFY_ARCHIVES} archived "
                    "sources)", [kursk, "verify", "-l", str(path)], runs=args.runs,
                    expect=1),
            measure("kursk verify --format json", [kursk, "verify", "-l", str(path), "-f",
                                                   "json"], runs=args.runs, expect=1),
            measure("kursk check (the same ledger, for comparison)",
                    [kursk, "check", "-l", str(path)], runs=args.runs)]
    show("Checking quotes against saved reports", rows, baseline=rows[-1])


#: The merge scenario: a ledger of this many claims, and a draft of this many statements
#: added to its claims (one in three), with this many new claims.
MERGE_CLAIMS, MERGE_STATEMENTS, MERGE_NEW = 10_000, 3_000, 100


def merge_draft(ledger_text: str) -> str:
    """A reviewed draft for the ledger: a new source, statements citing it added to
    claims spread over the whole file, and new claims."""
    import re

    claims_at = ledger_text.index("\nclaims:\n")
    claim_ids = re.findall(r"^  - id: (\S+)$", ledger_text[claims_at:], re.M)
    actor = re.search(r"^  - actor: (\S+)$", ledger_text, re.M) or re.search(
        r"^      - actor: (\S+)$", ledger_text, re.M)
    assert actor is not None
    said = (f"      - actor: {actor.group(1)}\n        stance: asserts\n"
            "        date: 2025-06-01\n        source: bench-merge\n")
    lines = ["sources:", "  - id: bench-merge", '    title: "A report to merge"',
             "    published: 2025-06-01", "claims:"]
    step = max(1, len(claim_ids) // MERGE_STATEMENTS)
    for n, claim in enumerate(claim_ids[::step][:MERGE_STATEMENTS]):
        lines += [f"  - id: {claim}", "    statements:",
                  said + f'        paraphrase: "merged statement {n}"']
    for n in range(MERGE_NEW):
        lines += [f"  - id: bench-merged-{n}", f'    text: "A merged claim {n}."',
                  "    statements:", said + f'        paraphrase: "merged claim {n}"']
    return "\n".join(lines) + "\n"


def merge(args: argparse.Namespace, kursk: str) -> None:
    # The draft is merged into a fresh copy of the ledger before each run (untimed);
    # --dry-run prints the unified diff of what the merge would write.
    big = ledger(MERGE_CLAIMS)
    work = CACHE / "merge.yaml"
    draft = CACHE / "merge-draft.yaml"
    draft.write_text(merge_draft(big.read_text(encoding="utf-8")), encoding="utf-8")

    def fresh() -> None:
        shutil.copy(big, work)

    command = [kursk, "merge", str(draft), "-l", str(work)]
    rows = [measure(f"kursk merge --dry-run ({MERGE_CLAIMS} claims, {MERGE_STATEMENTS} "
                    f"statements and {MERGE_NEW} claims added)", [*command, "--dry-run"],
                    runs=args.runs, before=fresh),
            measure("kursk merge (the same, written)", command, runs=args.runs,
                    before=fresh)]
    show("Merging a draft into a large file", rows, baseline=rows[-1])

#: The ellipses scenario: a saved report of about this many bytes, and quotes with ten
#: ellipses in it (matched as one regular expression, four took minutes against 10 KB).
ELLIPSES_BYTES, ELLIPSES = 1_000_000, 10


def ellipses_ledger() -> Path:
    """A ledger of three quotes of ten ellipses each, citing one 1 MB report (ordinary
    words, "the" one in twenty): one stands in it, one lacks its last word (every part
    but the last is found, again and again), one is made of the most common word."""
    import random

    folder = HERE / "data" / "ellipses"
    path = folder / "ledger.yaml"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    common = ["the"] * 6 + ["of", "and", "a", "to", "in", "is", "was", "said", "that", "for",
                            "on", "with", "by", "as", "at"]
    rare = [f"word{n}" for n in range(2000)]
    words: list[str] = []
    size = 0
    while size < ELLIPSES_BYTES:
        word = rng.choice(common) if rng.random() < 0.4 else rng.choice(rare)
        words.append(word + ("," if rng.random() < 0.05 else ""))
        size += len(words[-1]) + 1
    picked = sorted(rng.sample(range(len(words)), ELLIPSES + 1))
    present = " ... ".join(words[n].rstrip(",") for n in picked)
    (folder / "report.txt").write_text(
        "\n".join(" ".join(words[n:n + 12]) for n in range(0, len(words), 12)) + "\n",
        encoding="utf-8")
    quotes = [present, " ... ".join(["the"] * ELLIPSES + ["xylophone"]),
              " ... ".join(["the"] * (ELLIPSES + 1))]
    statements = "".join(
        f"      - {{actor: a, stance: asserts, date: 2025-01-01, source: s, "
        f"quote: '{quote}'}}\n" for quote in quotes)
    path.write_text("sources:\n  - {id: s, title: A long report, published: 2025-01-01, "
                    "archive: report.txt}\nactors:\n  - {id: a, name: A}\nclaims:\n"
                    "  - id: c\n    text: A claim.\n    statements:\n" + statements,
                    encoding="utf-8")
    return path


def ellipses(args: argparse.Namespace, kursk: str) -> None:
    path = ellipses_ledger()
    rows = [measure(f"kursk verify (3 quotes of {ELLIPSES} ellipses, a 1 MB report)",
                    [kursk, "verify", "-l", str(path)], runs=args.runs, expect=1),
            measure("kursk check (the same ledger, for comparison)",
                    [kursk, "check", "-l", str(path)], runs=args.runs)]
    show("Quotes with many ellipses against a long report", rows, baseline=rows[-1])
def site(args: argparse.Namespace, kursk: str, root: Path) -> None:
    # kursk site on the split ledger (cache warm): a build into an empty folder, a rebuild
    # with nothing changed, and a rebuild after one claim's quote is edited (untimed,
    # before each run, in the middle file): only that claim's page and its actor's are
    # rewritten; every other page is left alone, unrendered.
    work = CACHE / "site-ledger"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(root.parent, work)
    main = work / "main.yaml"
    middle = sorted((work / "claims").glob("*.yaml"))[args.files // 2]
    out = CACHE / "site"
    sound = middle.read_bytes()
    spot = sound.index(b'quote: "', len(sound) // 2) + len(b'quote: "')
    counter = itertools.count()

    def empty() -> None:
        shutil.rmtree(out, ignore_errors=True)

    def edit() -> None:
        middle.write_bytes(sound[:spot] + f"edit {next(counter)} ".encode() + sound[spot:])

    command = [kursk, "site", "-l", str(main), "-o", str(out)]
    runs = min(args.runs, 3)
    rows = [measure(f"kursk site, {args.claims} claims into an empty folder", command,
                    runs=runs, before=empty),
            measure("kursk site, nothing changed", command, runs=runs),
            measure("kursk site, one claim's quote edited", command, runs=runs, before=edit)]
    middle.write_bytes(sound)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    show(f"A static site of {args.claims} claims ({args.files} files, cache warm; "
         f"load average after: {load})", rows)


if __name__ == "__main__":
    main()
