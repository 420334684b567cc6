"""Time reading malformed HTML: `kursk verify` on an archive, `kursk draft` on a report.

    python benchmarks/malformed.py                  # 1 MB and 4 MB of each shape
    python benchmarks/malformed.py --sizes 1        # 1 MB only, a quicker look
    python benchmarks/malformed.py --stdlib 120     # also html.parser itself, at most 120 s each
    python benchmarks/malformed.py --only '&amp'    # one shape (repeatable)

Each shape is repeated to the size: the ones that made the standard library's html.parser
quadratic (`<!`, `<!--`, `</`, CVE-2025-6069 and its kin), tags that never close, dense
tags and references, and an ordinary page repeated, for comparison. `kursk verify` reads
the page as the archive of a one-quote ledger (exit 1: the quote is not in it); `kursk
draft` reads it as a report (exit 1 where it has no sentences). Each figure is one run's
wall time, start-up included, and its peak memory. With `--stdlib SECONDS`, the same
pages are fed to the Python's own html.parser (in a process of its own, stopped after
SECONDS) to show what kursk no longer does.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BIN, CACHE, ROOT, Measure, _environment, run_once, show

SHAPES = ["<!", "<!--", "</", "<?", "<a ", "<a b='", "<a b=c ", "&#", "&amp", "<", "&",
          "<p>", "</div>", "<div hidden>"]

LEDGER = """\
sources:
  - id: page
    title: A page
    published: 2025-03-14
    archive: page.html
actors:
  - id: keller
    name: Anna Keller
claims:
  - id: buses
    text: The buses run.
    statements:
      - actor: keller
        stance: asserts
        date: 2025-03-14
        source: page
        quote: The buses will keep running.
"""

STDLIB = """\
import sys
from html.parser import HTMLParser
parser = HTMLParser(convert_charrefs=False)
parser.feed(open(sys.argv[1], encoding="utf-8").read())
parser.close()
"""


def page_of(shape: str, size: int) -> str:
    return shape * (size // len(shape))


def ordinary(size: int) -> str:
    one = (ROOT / "examples" / "archive" / "eastpress.html").read_text(encoding="utf-8")
    return one * (size // len(one) + 1)


def stdlib(path: Path, limit: float) -> str:
    start = time.perf_counter()
    try:
        subprocess.run([sys.executable, "-c", STDLIB, str(path)], timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f} s (stopped)"
    return f"{time.perf_counter() - start:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4], metavar="MB")
    parser.add_argument("--stdlib", type=float, default=0, metavar="SECONDS")
    parser.add_argument("--only", action="append", metavar="SHAPE",
                        help="time only this shape (as written in SHAPES, or 'ordinary')")
    args = parser.parse_args()
    kursk = str(BIN / "kursk")
    env = _environment()
    folder = Path(tempfile.mkdtemp(prefix="kursk-bench-html-"))
    (folder / "ledger.yaml").write_text(LEDGER, encoding="utf-8")
    report = folder / "page.html"
    try:
        for megabytes in args.sizes:
            size = megabytes * 1_000_000
            rows: list[Measure] = []
            parsed: list[str] = []
            pages = [*((shape, repr(shape)) for shape in SHAPES),
                     ("ordinary", "an ordinary page, repeated")]
            for shape, label in pages:
                if args.only and shape not in args.only:
                    continue
                text = ordinary(size) if shape == "ordinary" else page_of(shape, size)
                report.write_text(text, encoding="utf-8")
                for command, verb in (([kursk, "verify", "-l", str(folder / "ledger.yaml")],
                                       "verify"),
                                      ([kursk, "draft", str(report), "-l",
                                        str(folder / "ledger.yaml"), "--published",
                                        "2025-03-14"], "draft")):
                    seconds, peak, cpu = run_once(command, env, expect=1 if verb == "verify" else
                                             _draft_exit(command, env))
                    rows.append(Measure(f"{verb} {label}", command, seconds, peak, cpu))
                if args.stdlib:
                    parsed.append(f"| {label} | {stdlib(report, args.stdlib)} |")
            show(f"{megabytes} MB of HTML (one run each)", rows)
            if parsed:
                print(f"\n#### html.parser on the same pages ({sys.version.split()[0]})\n")
                print("| page | html.parser |\n|---|---|")
                print("\n".join(parsed))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(CACHE, ignore_errors=True)


def _draft_exit(command: list[str], env: dict[str, str]) -> int:
    """The exit status `kursk draft` ends with on this page (0, or 1 where the page has
    no sentences), found by an untimed run; anything else stops the benchmark."""
    code = subprocess.run(command, env=env, capture_output=True, check=False).returncode
    if code not in (0, 1):
        raise SystemExit(f"failed: {' '.join(command)} (exit {code})")
    return code


if __name__ == "__main__":
    main()
