"""Whatever the file holds, the loader answers with a ledger or with problems."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import MINIMAL
from kursk_cli import loader

SETTINGS = settings(max_examples=200,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def outcome(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    found, problems = loader.check(path, "f.yaml")
    assert (found is None) != (problems == [])
    for problem in problems:
        assert problem.message and problem.line >= 0 and problem.column >= 0
        assert str(problem).startswith("f.yaml:")


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    outcome(tmp_path / "x.yaml", data)


yaml_pieces = st.sampled_from([
    "sources:", "actors:", "claims:", "statements:", "- ", "  ", "    ", "\n", "id: ",
    "putin", "&a ", "*a", "!!python/object:os.system ", "!x ", "[", "]", "{", "}", ": ",
    "'", '"', "\\e", "\t", "#", "---\n", "? ", "|", ">", "2025-02-30", "no", "0123", "~",
    "stance: asserts", "date: 2025-03-14", "quote: x", ",", "\x1b", "\u202e", "é",
])


@SETTINGS
@given(st.lists(yaml_pieces, max_size=60).map("".join))
def test_arbitrary_yaml_like_text(tmp_path: Path, text: str) -> None:
    outcome(tmp_path / "x.yaml", text.encode("utf-8"))


@SETTINGS
@given(st.integers(0, len(MINIMAL) - 1), st.integers(0, 40), st.sampled_from(
    ["", " ", "\n", "- ", ": ", "[", "x", "&a ", "*a", "  ", "\t"]))
def test_one_edit_away_from_a_sound_ledger(tmp_path: Path, at: int, cut: int,
                                           insert: str) -> None:
    text = MINIMAL[:at] + insert + MINIMAL[at + cut:]
    outcome(tmp_path / "x.yaml", text.encode("utf-8"))
