"""``kursk init``: a new ledger of nothing yet, and the schema editors read beside it.

Each file is written whole (a temporary file beside it, then linked into place) and never
over an existing file, even one that appears while kursk writes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kursk_cli import atomic, schema

#: The schema's file name beside the new ledger, which the ledger's first line names.
SCHEMA_FILE = "ledger.schema.json"

LEDGER = f"""\
# yaml-language-server: $schema={SCHEMA_FILE}
# A kursk ledger: who asserted, denied or qualified which claim, in whose words, when.
# Add to it with: kursk draft REPORT -o draft.yaml, review draft.yaml, kursk merge
# draft.yaml; then kursk check. An entry of each section, for example:
#
# sources:
#   - id: wire-2025-03-14
#     title: "The report's headline"
#     published: 2025-03-14
# actors:
#   - id: jane-doe
#     name: Jane Doe
#     kind: person
# claims:
#   - id: bridge-destroyed
#     text: The bridge at the river crossing was destroyed.
#     statements:
#       - actor: jane-doe
#         stance: asserts
#         date: 2025-03-14
#         source: wire-2025-03-14
#         quote: "The bridge is gone."
version: 1

sources: []

actors: []

claims: []
"""


class Exists(Exception):
    """The file is there already; kursk init leaves it as it is."""


def write_new(target: Path, text: str) -> None:
    """Write ``target`` whole, only if no file of that name exists (:class:`Exists`), or
    the ``OSError`` that stopped it."""
    if os.path.lexists(target):
        raise Exists(str(target))
    with atomic.temporary(target.parent) as path:
        with open(path, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(path, target)  # (never over a file: fails if one appeared meanwhile)
        except FileExistsError:
            raise Exists(str(target)) from None


def schema_text() -> str:
    return json.dumps(schema.json_schema(), ensure_ascii=False, indent=2) + "\n"
