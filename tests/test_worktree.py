"""The tests run the checkout's code, never an installed copy of kursk."""

from __future__ import annotations

from pathlib import Path

import kursk_cli
from helpers import ROOT


def test_kursk_cli_is_imported_from_the_work_tree() -> None:
    where = Path(kursk_cli.__file__).resolve()
    assert where.is_relative_to(ROOT), f"tests import {where}, not the checkout at {ROOT}"
