"""The README's tour is real output: every `$ kursk ...` block is run and compared."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from helpers import FACTS, ROOT, kursk

BLOCK = re.compile(r"```console\n\$ kursk (.*?)\n(.*?)```", re.S)


def blocks() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [(cmd, out) for cmd, out in BLOCK.findall(text) if "\n$ " not in out]


def test_the_readme_has_a_tour() -> None:
    commands = [cmd.split()[0] for cmd, _out in blocks()]
    assert {"claims", "show", "actor", "matrix", "actors", "check", "export", "verify",
            "variants", "timeline", "diff"} <= set(commands)


@pytest.mark.parametrize(("command", "expected"), blocks(), ids=[c for c, _o in blocks()])
def test_readme_output_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               command: str, expected: str) -> None:
    # The tour runs from the repository's root as written: every file a command names is
    # there. (It runs in a copy of what it reads, since some commands write files.)
    command, _pipe, trim = command.partition(" | ")  # only `| head -n N` or `| tail -n N`
    for word in shlex.split(command):
        if re.search(r"\.(yaml|txt|md|html)$", word):
            assert (ROOT / word).is_file(), word
    shutil.copy(FACTS, tmp_path / "facts.yaml")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    result = kursk(shlex.split(command))
    # A failing command shows what a terminal would: its output, then its messages.
    shown = (result.stdout if result.exit_code == 0 else result.output).splitlines()
    if trim:
        tool, flag, count = trim.split()
        assert (tool in ("head", "tail"), flag) == (True, "-n"), trim
        shown = shown[: int(count)] if tool == "head" else shown[-int(count):]
    assert [line.rstrip() for line in shown] == expected.splitlines()
