"""Time `kursk diff` between two git revisions of a split ledger against the same two
versions read from disk, and count the git processes it runs.

    python benchmarks/history.py                          # 10,000 claims in 400 files
    python benchmarks/history.py --claims 2000 --files 50 # a quick look

generate.py's ledger, split into FILES files of claims, is committed in a new git
repository; the second commit rewords a quote in one file. The same two versions are
also copied out as folders, so that the difference is what reading git costs. Every
command runs with --no-cache (each reads and checks every file), timed in alternation.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
from run import BIN, CACHE, _environment, measure_together, show


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull,
                        "GIT_CONFIG_NOSYSTEM": "1"})


def build(work: Path, claims: int, files: int) -> Path:
    """The repository with its two commits, and the two versions as folders beside it."""
    repo = work / "repo"
    generate.write_split(generate.build(claims), repo, files)
    shutil.copytree(repo, work / "old")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "-c", "user.name=Bench", "-c", "user.email=bench@example.invalid", "add",
         "-A")
    _git(repo, "-c", "user.name=Bench", "-c", "user.email=bench@example.invalid",
         "commit", "-q", "-m", "old")
    edited = sorted((repo / "claims").iterdir())[files // 2]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("quote: ", "quote: Reworded ", 1), encoding="utf-8")
    _git(repo, "-c", "user.name=Bench", "-c", "user.email=bench@example.invalid",
         "commit", "-q", "-am", "new")
    shutil.copytree(repo, work / "new", ignore=shutil.ignore_patterns(".git"))
    return repo


def git_runs(kursk: str, repo: Path, work: Path) -> int:
    """How many times one `kursk diff HEAD~1 HEAD` runs git (a logging git first on PATH)."""
    shim, log = work / "bin", work / "git.log"
    shim.mkdir()
    real = shutil.which("git")
    (shim / "git").write_text(f'#!/bin/sh\necho x >> "{log}"\nexec "{real}" "$@"\n',
                              encoding="utf-8")
    (shim / "git").chmod(0o755)
    env = {**_environment(), "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run([kursk, "diff", "--no-cache", "HEAD~1", "HEAD", "-l",
                    str(repo / "main.yaml")], env=env, capture_output=True, check=True)
    return len(log.read_text(encoding="utf-8").splitlines())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    kursk = str(BIN / "kursk")
    with tempfile.TemporaryDirectory(prefix="kursk-bench-history-") as folder:
        work = Path(folder)
        repo = build(work, args.claims, args.files)
        rows = measure_together([
            ("kursk diff of two folders", [kursk, "diff", "--no-cache",
                                           str(work / "old" / "main.yaml"),
                                           str(work / "new" / "main.yaml")]),
            ("kursk diff HEAD~1 HEAD", [kursk, "diff", "--no-cache", "HEAD~1", "HEAD",
                                        "-l", str(repo / "main.yaml")]),
        ], args.runs)
        show(f"kursk diff of a {args.claims}-claim ledger in {args.files} files, from disk "
             f"and from git (--no-cache, {args.runs} runs each)", rows, baseline=rows[0])
        print(f"\ngit processes run by one kursk diff HEAD~1 HEAD: "
              f"{git_runs(kursk, repo, work)}")
    shutil.rmtree(CACHE, ignore_errors=True)


if __name__ == "__main__":
    main()
