"""The README and the pages under docs/ show real output: every `$ kursk ...` block in
them is run and compared. Their links lead somewhere, and the front page keeps the two
commands a fresh machine needs."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from helpers import FACTS, ROOT, kursk

BLOCK = re.compile(r"```console\n\$ kursk (.*?)\n(.*?)```", re.S)


PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def blocks() -> list[tuple[str, str, str]]:
    """(page, command, output) for every console block of the README and docs/."""
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        found += [(page.relative_to(ROOT).as_posix(), cmd, out)
                  for cmd, out in BLOCK.findall(text) if "\n$ " not in out]
    return found


def test_the_pages_have_a_tour() -> None:
    commands = [cmd.split()[0] for _page, cmd, _out in blocks()]
    assert {"claims", "show", "actor", "matrix", "actors", "check", "export", "verify",
            "variants", "timeline", "diff", "draft", "merge"} <= set(commands)
    front = {cmd.split()[0] for page, cmd, _out in blocks() if page == "README.md"}
    assert {"claims", "show", "check"} <= front


def test_the_front_page_keeps_the_two_commands_ci_runs_one_of() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/kursk"
    tests = "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/pytest"
    shown = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    assert shown[:2] == [install, tests]
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(("page", "command", "expected"), blocks(),
                         ids=[f"{p}:{c}" for p, c, _o in blocks()])
def test_readme_output_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               page: str, command: str, expected: str) -> None:
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


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives a page's headings (lowercase, punctuation dropped)."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    headings = re.findall(r"^#{1,6} (.+)$", text, re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def links() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        text = FENCE.sub("", page.read_text(encoding="utf-8"))
        found += [(page.relative_to(ROOT).as_posix(), target) for target in LINK.findall(text)
                  if not re.match(r"[a-z]+:", target)]
    return found


def test_the_pages_link_to_each_other() -> None:
    pages = {page for page, _target in links()}
    assert {"README.md", "docs/README.md"} <= pages
    # Every page under docs/ is reachable from the index.
    index = {target for page, target in links() if page == "docs/README.md"}
    assert {p.name for p in PAGES[1:] if p.name != "README.md"} <= index


@pytest.mark.parametrize(("page", "target"), links(), ids=[f"{p}->{t}" for p, t in links()])
def test_every_relative_link_leads_somewhere(page: str, target: str) -> None:
    path, _hash, anchor = target.partition("#")
    file = (ROOT / page).parent / path if path else ROOT / page
    assert file.resolve().is_file(), f"{page}: {target}: no such file"
    if anchor:
        assert anchor in anchors(file), f"{page}: {target}: no such heading"
