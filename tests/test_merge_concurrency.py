"""kursk merge run by several processes at once: each merge is whole, or says it is not."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import MINIMAL, ROOT
from kursk_cli import atomic


def draft(n: int) -> str:
    return f"""\
claims:
  - id: claim-{n}
    text: "Claim number {n}."
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-14
        source: report
        paraphrase: "number {n}"
"""


def start(folder: Path, *args: str) -> subprocess.Popen[str]:
    """The work tree's kursk in a process of its own."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "100",
           "KURSK_LEDGER": ""}
    return subprocess.Popen([sys.executable, "-m", "kursk_cli", *args], cwd=folder, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_ten_merges_at_once_keep_every_claim(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text(MINIMAL, encoding="utf-8")
    for n in range(10):
        (tmp_path / f"draft-{n}.yaml").write_text(draft(n), encoding="utf-8")
    running = [start(tmp_path, "merge", f"draft-{n}.yaml", "-l", "ledger.yaml")
               for n in range(10)]
    results = [(p.wait(timeout=300), p.communicate()) for p in running]
    for code, (out, err) in results:
        assert code == 0, err
        assert out == ""
        assert err.splitlines()[-1].startswith("added 1 claim, ")
    merged = ledger.read_text(encoding="utf-8")
    assert merged.startswith(MINIMAL)
    assert sorted(line for line in merged.splitlines() if line.startswith("  - id: claim-")) \
        == sorted(f"  - id: claim-{n}" for n in range(10))
    # (the lock file stays beside the ledger, and no temporary file does)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) \
        == [".ledger.yaml.kursk-lock"]


def test_a_merge_that_has_to_wait_says_so(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "draft.yaml").write_text(draft(1), encoding="utf-8")
    with open(tmp_path / ".ledger.yaml.kursk-lock", "w") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        process = start(tmp_path, "merge", "draft.yaml", "-l", "ledger.yaml")
        assert process.stderr is not None
        assert process.stderr.readline() == \
            "waiting: another kursk merge is writing ledger.yaml\n"
        assert ledger.read_text(encoding="utf-8") == MINIMAL
    out, err = process.communicate(timeout=300)
    assert (process.returncode, out) == (0, ""), err
    assert err.startswith("added 1 claim, 1 statement to ledger.yaml")
    assert "  - id: claim-1\n" in ledger.read_text(encoding="utf-8")


def test_a_merge_that_does_not_wait_says_nothing_of_it(tmp_path: Path) -> None:
    (tmp_path / "ledger.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "draft.yaml").write_text(draft(1), encoding="utf-8")
    out, err = start(tmp_path, "merge", "draft.yaml", "-l", "ledger.yaml").communicate(
        timeout=300)
    assert (out, err.startswith("added 1 claim")) == ("", True), err


def test_a_file_written_by_another_program_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    """The last look before the rename: a file that no longer holds the bytes it was read
    with (an editor saved it, without kursk's lock) is left as the other program wrote it."""
    target = tmp_path / "ledger.yaml"
    target.write_bytes(b"edited meanwhile\n")

    def fill(path: Path) -> None:
        path.write_bytes(b"merged\n")

    with pytest.raises(atomic.Changed, match="changed while kursk was working on it"):
        atomic.write_file(target, fill, unchanged=b"as read\n")
    assert target.read_bytes() == b"edited meanwhile\n"
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.yaml"]
    atomic.write_file(target, fill, unchanged=b"edited meanwhile\n")
    assert target.read_bytes() == b"merged\n"


def test_a_lock_that_cannot_be_taken_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "ledger.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "draft.yaml").write_text(draft(1), encoding="utf-8")
    (tmp_path / ".ledger.yaml.kursk-lock").mkdir()
    out, err = start(tmp_path, "merge", "draft.yaml", "-l", "ledger.yaml").communicate(
        timeout=300)
    assert out == ""
    assert err == ("kursk: cannot lock ledger.yaml for writing (.ledger.yaml.kursk-lock): "
                   "Is a directory\n")
    assert (tmp_path / "ledger.yaml").read_text(encoding="utf-8") == MINIMAL


@pytest.mark.parametrize("kind", ["symlink", "dangling symlink", "fifo"])
def test_a_lock_file_that_is_a_link_or_no_plain_file_is_refused(tmp_path: Path,
                                                                  kind: str) -> None:
    (tmp_path / "ledger.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "draft.yaml").write_text(draft(1), encoding="utf-8")
    lock = tmp_path / ".ledger.yaml.kursk-lock"
    elsewhere = tmp_path / "elsewhere"
    if kind == "fifo":
        os.mkfifo(lock)
    else:
        if kind == "symlink":
            elsewhere.write_text("", encoding="utf-8")
        lock.symlink_to(elsewhere)
    out, err = start(tmp_path, "merge", "draft.yaml", "-l", "ledger.yaml").communicate(
        timeout=300)
    what = "not a plain file" if kind == "fifo" else "a symbolic link"
    assert (out, err) == ("", "kursk: cannot lock ledger.yaml for writing: "
                          ".ledger.yaml.kursk-lock beside it should be kursk's lock file, a "
                          f"plain file, but is {what}; remove it and run the command again\n")
    assert (tmp_path / "ledger.yaml").read_text(encoding="utf-8") == MINIMAL
    assert elsewhere.exists() == (kind == "symlink")
