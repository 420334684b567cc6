"""List where `kursk draft` and the shared corpus's gold quotes disagree, report by report.

    .venv/bin/python benchmarks/draft_misses.py            # every report of ../shared/corpus
    .venv/bin/python benchmarks/draft_misses.py 08 14      # some of them

One line per disagreement, matched as draft_score.py matches (quotes of three words or
more): MISS (no drafted quote holds the gold one), WHO (drafted, another speaker), STANCE
(a gold denial drafted otherwise), EXTRA (a drafted quote no gold quote matches). The
figures are draft_score.py's; this says which quotes are behind them.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import draft_score
from kursk_cli.draft import Drafted
from kursk_cli.model import Ledger


def disagreements(path: Path, gold: list[dict[str, Any]]) -> list[str]:
    """The lines for one report: its gold quotes against what draft makes of it."""
    empty = Ledger(sources=(), actors=(), claims=())
    fragment = draft_score.draft_file(path, empty, dt.date(2025, 3, 14))
    drafted: list[Drafted] = [d for d in fragment.statements if d.quote is not None]
    names = {a.id: a.name for a in fragment.actors}
    used: set[int] = set()
    out = []
    for entry in gold:
        quote, speakers = str(entry["quote"]), tuple(map(str, entry["speaker"]))
        if len(draft_score._words(quote)) < 3:
            continue
        best: tuple[float, int] | None = None
        for i, d in enumerate(drafted):
            similarity = draft_score._overlap(d.quote or "", quote, True)
            if (similarity >= 0.7 or draft_score._contains(d.quote or "", quote)) and (
                    best is None or similarity > best[0]):
                best = (similarity, i)
        if best is None:
            out.append(f"MISS   {list(speakers)} :: {quote}")
            continue
        used.add(best[1])
        d = drafted[best[1]]
        if not draft_score._speaker_right(d.actor, speakers[0], fragment, empty, speakers):
            out.append(f"WHO    {list(speakers)}, drafted {names.get(d.actor, d.actor)!r} "
                       f":: {quote}")
        if entry.get("stance") == "denies" and d.stance.value != "denies":
            out.append(f"STANCE denies, drafted {d.stance.value} :: {quote}")
    out += [f"EXTRA  {names.get(d.actor, d.actor)!r} :: {d.quote}"
            for i, d in enumerate(drafted) if i not in used]
    return out


def main() -> None:
    corpus = draft_score.SHARED_CORPUS
    if not (corpus / "reports").is_dir():
        sys.exit(f"no {corpus}: nothing to compare")
    gold = yaml.safe_load((corpus / "gold.yaml").read_text(encoding="utf-8"))
    wanted = {f"report-{n}.txt" for n in sys.argv[1:]}
    for path in sorted((corpus / "reports").glob("*.txt")):
        if wanted and path.name not in wanted:
            continue
        for line in disagreements(path, gold.get(path.name) or []):
            print(f"{path.name}: {line}")


if __name__ == "__main__":
    main()
