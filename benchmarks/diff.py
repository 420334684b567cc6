"""Time `kursk diff` between two large ledgers against reading the two.

    python benchmarks/diff.py                 # 100,000 claims
    python benchmarks/diff.py --claims 10000  # a quick look

The old version is generate.py's ledger; the new one is the same ledger a review
later: about 1% of claims with a statement reworded, 0.4% with a statement removed,
0.2% with a denial added, 0.1% removed, 100 claims, an actor and a source added.
First every command runs with --no-cache, so each reads and checks its files whole;
then again with the cache warm (each file read once before, untimed). Target (issue 14):
the diff takes at most twice the time of reading the two.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
from run import BIN, CACHE, HERE, Measure, _environment, ledger, run_once, show


def next_version(old: dict[str, Any]) -> dict[str, Any]:
    """The ledger a review later (deterministic; see the module's docstring)."""
    new = copy.deepcopy(old)
    claims = []
    for n, claim in enumerate(new["claims"]):
        if n % 1000 == 11:
            continue
        statements = claim["statements"]
        if n % 100 == 0:
            first = statements[0]
            key = "quote" if "quote" in first else "paraphrase"
            first[key] += " Updated."
        if n % 250 == 7 and len(statements) > 1:
            statements.pop()
        if n % 500 == 3:
            taken = {s["actor"] for s in statements}
            other = next(a["id"] for a in new["actors"] if a["id"] not in taken)
            statements.append({**statements[0], "actor": other, "stance": "denies"})
        claims.append(claim)
    source = new["sources"][-1]
    new["sources"].append({**source, "id": "source-added", "title": "An added report."})
    actor = new["actors"][-1]
    new["actors"].append({**actor, "id": "actor-added", "name": "An Added Actor"})
    for i in range(100):
        claims.append({"id": f"claim-added-{i}", "text": f"Added claim number {i}.",
                       "topics": ["kursk"],
                       "statements": [{**claims[i]["statements"][0],
                                       "source": "source-added"}]})
    new["claims"] = claims
    return new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    args = parser.parse_args()
    old = ledger(args.claims)
    new = HERE / "data" / f"ledger-{args.claims}-next.yaml"
    if not new.exists():
        print(f"generating {new} ...", file=sys.stderr)
        new.write_text(generate.to_yaml(next_version(generate.build(args.claims))),
                       encoding="utf-8")
    kursk = str(BIN / "kursk")
    env = _environment()
    for warm in (False, True):
        flag = [] if warm else ["--no-cache"]
        if warm:  # untimed: each file read once, so that its read is cached
            run_once([kursk, "check", "-l", str(old)], env)
            run_once([kursk, "check", "-l", str(new)], env)
        rows = []
        for label, command in [
            ("kursk check, old", [kursk, "check", *flag, "-l", str(old)]),
            ("kursk check, new", [kursk, "check", *flag, "-l", str(new)]),
            ("kursk diff old new", [kursk, "diff", *flag, str(old), str(new)]),
            ("kursk diff old new -f json",
             [kursk, "diff", *flag, str(old), str(new), "-f", "json"]),
        ]:
            seconds, peak, cpu = run_once(command, env)
            rows.append(Measure(label, command, seconds, peak, cpu))
        reading = Measure("reading the two (sum of the checks)", [],
                          rows[0].seconds + rows[1].seconds,
                          max(rows[0].peak_mib, rows[1].peak_mib),
                          rows[0].cpu + rows[1].cpu)
        how = "cache warm" if warm else "--no-cache"
        show(f"kursk diff between two {args.claims}-claim ledgers, {how} (one run each)",
             [*rows, reading], baseline=reading)
    summary = subprocess.run([kursk, "diff", "--no-cache", str(old), str(new), "-f", "json"],
                             capture_output=True, text=True, env=env, check=False)
    print("\nchanges found:", summary.stdout.count('"fields"'), "changed entries;",
          "exit", summary.returncode)
    shutil.rmtree(CACHE, ignore_errors=True)


if __name__ == "__main__":
    main()
