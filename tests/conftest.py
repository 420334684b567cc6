"""Fixtures: small ledgers written inline."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# No test may depend on speed: a loaded 2-core machine is slow at random moments, so
# Hypothesis never applies a deadline (one profile, for every property).
settings.register_profile("kursk", deadline=None, print_blob=True)
settings.load_profile("kursk")


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str], Path]:
    """Write a ledger (dedented) to a file and return its path."""

    def write_ledger(text: str, name: str = "ledger.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write_ledger


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache folder: never the user's, never another test's."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("KURSK_NO_CACHE", raising=False)
    return folder / "kursk"
