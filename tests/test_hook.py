"""The pre-commit hook: `kursk check` on the ledger files a commit changes."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import yaml

from helpers import MINIMAL, ROOT, kursk

Write = Callable[..., Path]


def test_check_takes_several_ledger_files(write: Write) -> None:
    good = write(MINIMAL, "good.yaml")
    bad = write(MINIMAL.replace("stance: denies", "stance: deny"), "bad.yaml")
    result = kursk(["check", str(good), str(bad), str(good)])
    assert result.exit_code == 1
    summary = ": ok: 1 claim, 2 actors, 2 statements, 1 disputed\n"
    assert result.stdout == f"{good}{summary}{good}{summary}"
    assert result.stderr == (
        f"{bad}:21:17: 'stance' must be asserts, denies or qualifies, not 'deny'; did you "
        f"mean 'denies'?\n1 problem in {bad}\n")
    sound = kursk(["check", str(good), str(good)])
    assert (sound.exit_code, sound.stderr) == (0, "")


def test_check_json_of_several_files_is_a_list(write: Write) -> None:
    good = write(MINIMAL, "good.yaml")
    result = kursk(["check", str(good), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{
        "ledger": str(good), "ok": True, "problems": [], "warnings": [],
        "summary": {"claims": 1, "actors": 2, "statements": 2, "disputed": 1,
                    "groups": 0}}]


def test_the_hook_runs_kursk_check_on_the_files_it_is_given() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["kursk-check"]
    hook = hooks[0]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "kursk check", "python", True)
    pattern = re.compile(hook["files"])
    assert [bool(pattern.search(p)) for p in
            ("facts.yaml", "desk/facts.yaml", "facts.yaml.bak", ".pre-commit-config.yaml",
             "myfacts.yaml")] == [True, True, False, False, False]
    # pre-commit runs the entry with the changed files appended.
    command = shlex.split(hook["entry"])
    assert command[0] == "kursk"
    result = kursk([*command[1:], str(ROOT / "facts.yaml")])
    assert result.exit_code == 0, result.output
