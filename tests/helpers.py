"""Shared helpers: small ledgers written inline, and the CLI run as a user runs it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner, Result

from kursk_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts.yaml"

#: A small, sound ledger that tests extend or break.
MINIMAL = """\
sources:
  - id: report
    title: A report
    published: 2025-03-14
actors:
  - id: putin
    name: Vladimir Putin
    aliases: [Putin]
  - id: general-staff
    name: General Staff of Ukraine
claims:
  - id: encirclement
    text: Ukrainian troops are encircled.
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-13
        source: report
        quote: surrender or die
      - actor: general-staff
        stance: denies
        date: 2025-03-14
        source: report
        paraphrase: Reports of encirclement are false.
"""

#: The environment every CLI test runs in: a pinned width and no colour.
PINNED = {"COLUMNS": "100", "LINES": "50", "NO_COLOR": "1", "KURSK_LEDGER": "",
          "FORCE_COLOR": "", "TERM": "dumb"}


def kursk(args: Sequence[str], **env: str) -> Result:
    """Run the CLI in-process with the pinned environment (plus ``env``)."""
    return CliRunner().invoke(app, list(args), env={**PINNED, **env})


#: A ledger that knows one person, for drafting reports about a harbour town, and the
#: head (headline and dateline) such a report starts with.
HARBOUR_LEDGER = """\
sources: []
actors:
  - id: ardent
    name: Mira Ardent
    role: Harbour minister
    kind: person
    aliases: [Ardent]
claims: []
"""

HARBOUR_HEAD = "A headline for the test\n\nLUNDHAVEN, May 2, 2025 (Testwire) - "

def drafted(folder: Path, ledger: str, report: str, *options: str, name: str = "report.txt",
            merge: bool = False) -> dict[str, Any]:
    """Draft ``report`` (written to ``folder/name``) against ``ledger`` (written to
    ``folder/ledger.yaml``), as a user runs it from ``folder`` (the caller changes there).
    The fragment as data, with ``stdout``, ``stderr`` and every statement under
    ``statements`` (its claim id added as ``claim``). With ``merge``, the draft is also
    merged into the ledger, which must take it (a draft always merges)."""
    path = folder / "ledger.yaml"
    path.write_text(ledger, encoding="utf-8")
    (folder / name).write_text(report, encoding="utf-8")
    result = kursk(["draft", name, "-l", str(path), *options])
    assert result.exit_code == 0, result.output
    fragment: dict[str, Any] = yaml.safe_load(result.stdout)
    if merge:
        (folder / "draft.yaml").write_text(result.stdout, encoding="utf-8")
        merged = kursk(["merge", "draft.yaml", "-l", str(path)])
        assert merged.exit_code == 0, merged.output
    fragment.update(text=result.stdout, stdout=result.stdout, stderr=result.stderr,
                    statements=[{"claim": c["id"], **s}
                                for c in fragment["claims"] for s in c["statements"]])
    return fragment


def said(fragment: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(actor, stance, words) of each drafted statement, quotes in marks."""
    return [(s["actor"], s["stance"], f'"{s["quote"]}"' if "quote" in s else s["paraphrase"])
            for s in fragment["statements"]]
