"""Shared helpers: small ledgers written inline, and the CLI run as a user runs it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

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
