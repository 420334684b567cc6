"""`kursk diff`: two versions of a ledger, as files or git revisions."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import MINIMAL, ROOT, kursk
from kursk_cli import history, loader

Write = Callable[..., Path]
EXAMPLES = ROOT / "examples"

#: A second claim, added to MINIMAL by the second commit.
WITHDRAWAL = """\
  - id: withdrawal
    text: Ukrainian units withdrew to new positions.
    statements:
      - actor: general-staff
        stance: asserts
        date: 2025-03-14
        source: report
        paraphrase: Units moved to better positions.
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """A git repository in a temporary folder; ``commit(text)`` writes facts.yaml and
    commits it, returning the ledger's path."""
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    folder = tmp_path / "newsroom"
    folder.mkdir()

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.name", "Test Desk")
    git("config", "user.email", "desk@example.invalid")
    git("config", "commit.gpgsign", "false")

    def commit(text: str | dict[str, str | None], message: str = "edit") -> Path:
        """Write facts.yaml (or each named file; None removes one) and commit."""
        for name, content in ({"facts.yaml": text} if isinstance(text, str)
                              else text).items():
            path = folder / name
            if content is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        git("add", "-A")
        git("commit", "-q", "-m", message)
        return folder / "facts.yaml"

    return commit


def three_commits(commit: Callable[..., Path]) -> Path:
    """First MINIMAL; then a claim added and a paraphrase reworded; then Putin's
    statement removed, so that the encirclement claim goes from disputed to denied."""
    commit(MINIMAL, "first")
    commit(MINIMAL.replace("Reports of encirclement are false.",
                           "Reports of an encirclement are false.") + WITHDRAWAL, "second")
    third = MINIMAL.replace("Reports of encirclement are false.",
                            "Reports of an encirclement are false.") + WITHDRAWAL
    start = third.index("      - actor: putin")
    end = third.index("      - actor: general-staff")
    return commit(third[:start] + third[end:], "third")


def test_diff_between_revisions(repo: Callable[..., Path]) -> None:
    path = three_commits(repo)
    result = kursk(["diff", "HEAD~2", "HEAD~1", "-l", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "old": "HEAD~2:facts.yaml", "new": "HEAD~1:facts.yaml", "changed": True,
        "claims": {
            "added": [{"id": "withdrawal", "text": "Ukrainian units withdrew to new positions.",
                       "status": "asserted", "statements": 1}],
            "removed": [], "changed": [], "status_changed": []},
        "statements": {
            "added": [], "removed": [],
            "changed": [{"claim": "encirclement", "actor": "general-staff",
                         "stance": "denies", "date": "2025-03-14", "source": "report",
                         "fields": ["paraphrase"],
                         "changes": {"paraphrase": {
                             "old": "Reports of encirclement are false.",
                             "new": "Reports of an encirclement are false."}}}]},
        "actors": {"added": [], "removed": [], "changed": []},
        "sources": {"added": [], "removed": [], "changed": []},
    }
    latest = kursk(["diff", "HEAD~1", "HEAD", "-l", str(path)])
    assert latest.exit_code == 0, latest.output
    assert [line.rstrip() for line in latest.stdout.splitlines()] == [
        "HEAD~1:facts.yaml → HEAD:facts.yaml",
        "claims: 1 changed status; statements: 1 removed",
        "",
        "status changed (1)",
        "  ~ encirclement  disputed → denied",
        "",
        "statements removed (1)",
        "  - encirclement: putin asserts 2025-03-13 (report)",
    ]


def test_new_defaults_to_the_working_copy_and_exit_code(
        repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    path = three_commits(repo)
    monkeypatch.chdir(path.parent)
    same = kursk(["diff", "HEAD", "--exit-code"])
    assert (same.exit_code, same.stdout) == (0, "")
    assert same.stderr == "no changes from HEAD:facts.yaml to facts.yaml\n"
    path.write_text(path.read_text().replace("name: Vladimir Putin",
                                             "name: Vladimir V. Putin"), encoding="utf-8")
    edited = kursk(["diff", "HEAD", "-f", "markdown"])
    assert edited.exit_code == 0, edited.output
    assert edited.stdout == (
        "### Ledger changes: HEAD:facts.yaml → facts.yaml\n\n"
        "actors: 1 changed\n\n"
        "**Actors changed (1)**\n\n"
        "- `putin`\n"
        "  - name: Vladimir Putin → Vladimir V. Putin\n")
    flagged = kursk(["diff", "HEAD", "--exit-code"])
    assert flagged.exit_code == 1
    assert "actors changed (1)" in flagged.stdout


def test_an_invalid_ledger_at_a_revision_is_located(repo: Callable[..., Path]) -> None:
    repo(MINIMAL.replace("stance: denies", "stance: deny"))
    path = repo(MINIMAL)
    result = kursk(["diff", "HEAD~1", "-l", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        "HEAD~1:facts.yaml:21:17: 'stance' must be asserts, denies or qualifies, not "
        "'deny'; did you mean 'denies'?\n1 problem in HEAD~1:facts.yaml\n")


def test_not_a_repository_unknown_revision_and_no_history(
        repo: Callable[..., Path], write: Write, tmp_path: Path) -> None:
    alone = write(MINIMAL)
    result = kursk(["diff", "HEAD~1", "-l", str(alone)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"kursk: {tmp_path} is not in a git repository, so 'HEAD~1' "
                             "cannot be read as a revision (nor is it a file)\n")
    path = three_commits(repo)
    unknown = kursk(["diff", "HEAD~7", "-l", str(path)])
    assert unknown.exit_code == 1
    assert unknown.stderr == (f"kursk: unknown revision 'HEAD~7' in the git repository at "
                              f"{path.parent.resolve()} (nor is it a file)\n")
    option = kursk(["diff", "-l", str(path), "--", "--output=x"])
    assert option.exit_code == 1
    assert option.stderr == "kursk: '--output=x' is not a revision\n"
    fresh = path.parent / "new.yaml"
    fresh.write_text(MINIMAL, encoding="utf-8")
    untracked = kursk(["diff", "HEAD", "-l", str(fresh)])
    assert untracked.exit_code == 1
    assert untracked.stderr == ("kursk: new.yaml is not in revision 'HEAD' (not committed "
                                "then, or under another name)\n")


def test_a_repository_with_no_commit_yet(repo: Callable[..., Path], tmp_path: Path) -> None:
    path = tmp_path / "newsroom" / "facts.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    result = kursk(["diff", "HEAD", "-l", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("kursk: unknown revision 'HEAD' in the git repository")


def test_statement_identity_and_changed_fields(write: Write) -> None:
    old = write(MINIMAL, "old.yaml")
    new = write(MINIMAL.replace("date: 2025-03-13", "date: 2025-03-12").replace(
        "paraphrase: Reports of encirclement are false.",
        "paraphrase: Reports of encirclement are untrue.\n        note: Said twice."),
        "new.yaml")
    result = kursk(["diff", str(old), str(new), "-f", "json"])
    assert result.exit_code == 0, result.output
    statements = json.loads(result.stdout)["statements"]
    putin = {"claim": "encirclement", "actor": "putin", "stance": "asserts",
             "source": "report"}
    assert statements == {
        "added": [{**putin, "date": "2025-03-12"}],
        "removed": [{**putin, "date": "2025-03-13"}],
        "changed": [{"claim": "encirclement", "actor": "general-staff", "stance": "denies",
                     "date": "2025-03-14", "source": "report",
                     "fields": ["paraphrase", "note"],
                     "changes": {"paraphrase": {"old": "Reports of encirclement are false.",
                                                "new": "Reports of encirclement are untrue."},
                                 "note": {"old": None, "new": "Said twice."}}}],
    }
    shown = kursk(["diff", str(old), str(new)])
    assert shown.stdout.splitlines()[-3:] == [
        "  ~ encirclement: general-staff denies 2025-03-14 (report)",
        "      paraphrase: Reports of encirclement are false. → Reports of encirclement "
        "are untrue.",
        "      note: (none) → Said twice.",
    ]


LONG_OLD = ("The regional governor said the bridge was damaged in the night and closed to "
            "all traffic while engineers inspect it.")
LONG_NEW = ("The regional governor said the bridge was destroyed in the night and closed "
            "to all traffic while engineers inspect it.")


def test_a_long_text_changed_is_shortened_to_the_words_that_differ(write: Write) -> None:
    old = write(MINIMAL.replace("Reports of encirclement are false.", LONG_OLD), "old.yaml")
    new = write(MINIMAL.replace("Reports of encirclement are false.", LONG_NEW), "new.yaml")
    text = kursk(["diff", str(old), str(new)], COLUMNS="200")
    assert text.stdout.splitlines()[-1] == (
        "      paraphrase: … said the bridge was [-damaged-] in the night and … → … said "
        "the bridge was {+destroyed+} in the night and …")
    markdown = kursk(["diff", str(old), str(new), "-f", "markdown"])
    assert markdown.stdout.splitlines()[-1] == (
        "  - paraphrase: … said the bridge was \\[\\-damaged\\-\\] in the night and … → … "
        "said the bridge was \\{\\+destroyed\\+\\} in the night and …")
    document = json.loads(kursk(["diff", str(old), str(new), "-f", "json"]).stdout)
    assert document["statements"]["changed"][0]["changes"] == {
        "paraphrase": {"old": LONG_OLD, "new": LONG_NEW}}


def test_changed_words_are_coloured_on_a_colour_terminal(write: Write) -> None:
    old = write(MINIMAL.replace("Reports of encirclement are false.", LONG_OLD), "old.yaml")
    new = write(MINIMAL.replace("Reports of encirclement are false.", LONG_NEW), "new.yaml")
    shown = kursk(["diff", str(old), str(new)], NO_COLOR="", FORCE_COLOR="1",
                  TERM="xterm-256color", COLUMNS="200")
    assert "\x1b[31m[-damaged-]\x1b[0m" in shown.stdout
    assert "\x1b[32m{+destroyed+}\x1b[0m" in shown.stdout


def test_two_statements_with_one_identity(write: Write) -> None:
    second = MINIMAL + """\
      - actor: putin
        stance: asserts
        date: 2025-03-13
        source: report
        quote: no way out
"""
    old = write(second, "old.yaml")
    new = write(second.replace("quote: no way out", "quote: no way out at all"), "new.yaml")
    result = kursk(["diff", str(old), str(new), "-f", "json"])
    statements = json.loads(result.stdout)["statements"]
    assert (statements["added"], statements["removed"]) == ([], [])
    assert [c["fields"] for c in statements["changed"]] == [["quote"]]


def test_markdown_keeps_ledger_text_inert(write: Write) -> None:
    old = write(MINIMAL, "old.yaml")
    new = write(MINIMAL + WITHDRAWAL.replace("Ukrainian units withdrew to new positions.",
                                             "<img src=x> *withdrew* [link](http://x)"),
                "new.yaml")
    result = kursk(["diff", str(old), str(new), "-f", "markdown"])
    assert result.exit_code == 0, result.output
    assert "- `withdrawal` &lt;img src=x\\> \\*withdrew\\* \\[link\\]\\(http://x\\) " \
        "(asserted)\n" in result.stdout


def test_the_example_ledgers() -> None:
    result = kursk(["diff", str(EXAMPLES / "week-1.yaml"), str(EXAMPLES / "week-2.yaml"),
                    "-f", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [c["id"] for c in found["claims"]["added"]] == ["tessel-ferry-sunk"]
    assert [c["id"] for c in found["claims"]["removed"]] == ["tessel-drones-downed"]
    assert found["claims"]["status_changed"] == [
        {"id": "tessel-power-cut", "from": "asserted", "to": "disputed"}]


#: MINIMAL split in two files: sources and actors in facts.yaml, which includes the
#: claims from claims/*.yaml.
ROOT_PART, _, CLAIMS_PART = MINIMAL.partition("claims:\n")
INCLUDING = ROOT_PART + "include: [claims/*.yaml]\n"


def test_included_files_are_read_at_the_same_revision(repo: Callable[..., Path]) -> None:
    repo({"facts.yaml": INCLUDING, "claims/a.yaml": "claims:\n" + CLAIMS_PART}, "split")
    repo({"claims/a.yaml": "claims:\n" + CLAIMS_PART.replace("surrender or die",
                                                               "surrender or perish"),
          "claims/b.yaml": "claims:\n" + WITHDRAWAL}, "an included file changed, one added")
    path = repo({"claims/a.yaml": None, "claims/c.yaml": "claims:\n" + CLAIMS_PART.replace(
        "surrender or die", "surrender or perish")}, "an included file renamed")
    result = kursk(["diff", "HEAD~2", "HEAD~1", "-l", str(path)])
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "HEAD~2:facts.yaml → HEAD~1:facts.yaml",
        "claims: 1 added; statements: 1 changed",
        "",
        "claims added (1)",
        "  + withdrawal  Ukrainian units withdrew to new positions.  (asserted)",
        "",
        "statements changed (1)",
        "  ~ encirclement: putin asserts 2025-03-13 (report)",
        "      quote: surrender or die → surrender or perish",
    ]
    renamed = kursk(["diff", "HEAD~1", "HEAD", "-l", str(path), "--exit-code"])
    assert (renamed.exit_code, renamed.stdout) == (0, "")
    assert renamed.stderr == "no changes from HEAD~1:facts.yaml to HEAD:facts.yaml\n"
    (path.parent / "claims" / "b.yaml").unlink()
    working = kursk(["diff", "HEAD~2", "-l", str(path), "-f", "json"])
    assert [c["id"] for c in json.loads(working.stdout)["claims"]["added"]] == []


def test_a_problem_in_an_included_file_at_a_revision_names_it(
        repo: Callable[..., Path]) -> None:
    repo({"facts.yaml": INCLUDING,
          "claims/a.yaml": "claims:\n" + CLAIMS_PART.replace("stance: denies", "stance: deny")})
    path = repo({"claims/a.yaml": "claims:\n" + CLAIMS_PART})
    result = kursk(["diff", "HEAD~1", "-l", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        "HEAD~1:claims/a.yaml:11:17: 'stance' must be asserts, denies or qualifies, not "
        "'deny'; did you mean 'denies'?\n1 problem in HEAD~1:claims/a.yaml\n")
    missing = repo({"facts.yaml": ROOT_PART + "include: [claims/a.yaml, gone.yaml]\n"})
    gone = kursk(["diff", "HEAD", "-l", str(missing)])
    assert gone.exit_code == 1
    assert gone.stderr.startswith("HEAD:facts.yaml:")
    assert "cannot include 'gone.yaml': gone.yaml is not in revision 'HEAD'" in gone.stderr


@pytest.mark.parametrize("pattern", [
    "*.yaml", "claims/*.yaml", "**/*.yaml", "claims/**/*.yaml", "c?aims/[ab].yaml",
    "claims/[!a]*.yaml", ".hidden/*.yaml", "**", "claims/2025-0[1-3]/*.yaml", "a b.yaml",
    "claims/*/*.yaml", "nothing/*.yaml", "claims/*", "claims/**", ".*/*", "**/.*",
    "./claims/*.yaml", "claims/../*.yaml",
])
def test_include_globs_match_at_a_revision_as_on_disk(repo: Callable[..., Path],
                                                       pattern: str) -> None:
    names = ["facts.yaml", "a b.yaml", ".dot.yaml", "claims/a.yaml", "claims/b.yaml",
             "claims/c.yml", "claims/.d.yaml", "claims/2025-01/x.yaml",
             "claims/2025-04/y.yaml", "claims/deep/er/z.yaml", ".hidden/h.yaml"]
    path = repo(dict.fromkeys(names, "sources: []\n"))
    folder = path.parent
    at = history.AtRevision(history.revision(folder, "HEAD"))
    # Files and folders alike, as Python's glob finds them (but for the folder "x/" that
    # "x/**" also names); a commit has no .git folder.
    python = sorted(n for n in glob.glob(pattern, root_dir=folder, recursive=True)
                    if not n.endswith("/") and not n.startswith(".git"))
    on_disk = [n for n in loader.Disk().glob(folder, pattern) if not n.startswith(".git")]
    assert at.glob(folder, pattern) == on_disk == python
    assert at.glob(folder / "claims", "*.yaml") == ["a.yaml", "b.yaml"]


def test_options_before_the_command_and_json_when_nothing_changed(
        repo: Callable[..., Path]) -> None:
    path = three_commits(repo)
    before = kursk(["-l", str(path), "diff", "HEAD~1", "HEAD", "-f", "json"])
    after = kursk(["diff", "HEAD~1", "HEAD", "-l", str(path), "-f", "json"])
    assert before.exit_code == after.exit_code == 0
    assert before.stdout == after.stdout
    same = kursk(["diff", "HEAD", "-l", str(path), "-f", "json", "--exit-code"])
    assert (same.exit_code, same.stderr) == (0, "")
    document = json.loads(same.stdout)
    assert (document["changed"], document["old"], document["new"]) == (
        False, "HEAD:facts.yaml", str(path))


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                          text=True).stdout


def test_a_partial_clone_is_never_fetched_from(repo: Callable[..., Path],
                                               tmp_path: Path) -> None:
    """Reading an old file a partial clone left out would fetch it, and a fetch runs what
    the clone's config names: kursk never lets git fetch."""
    origin = three_commits(repo).parent
    _git(origin, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--filter=blob:none", f"file://{origin}", str(clone))
    marker = tmp_path / "ran"
    hostile = tmp_path / "hostile.sh"
    hostile.write_text(f"#!/bin/sh\ntouch '{marker}'\nexec git-upload-pack \"$@\"\n",
                       encoding="utf-8")
    hostile.chmod(0o755)
    _git(clone, "config", "remote.origin.uploadpack", str(hostile))
    _git(clone, "config", "protocol.file.allow", "always")
    missing = ("kursk: HEAD~1:facts.yaml is not in this clone (kursk never fetches what a "
               "partial clone left out)\n")
    result = kursk(["diff", "HEAD~1", "-l", str(clone / "facts.yaml")])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", missing)
    assert not marker.exists()
    _git(clone, "remote", "set-url", "origin", "ssh://example.invalid/newsroom")
    _git(clone, "config", "core.sshCommand", str(hostile))
    _git(clone, "config", "protocol.ssh.allow", "always")
    over_ssh = kursk(["diff", "HEAD~2", "HEAD", "-l", str(clone / "facts.yaml")])
    assert (over_ssh.exit_code, over_ssh.stderr) == (1, missing.replace("HEAD~1", "HEAD~2"))
    assert not marker.exists()
    same = kursk(["diff", "HEAD", "-l", str(clone / "facts.yaml"), "--exit-code"])
    assert same.exit_code == 0, same.output  # what the clone holds is read as ever
    # git itself, asked the same, runs the clone's command: the test's hostile setup works.
    subprocess.run(["git", "cat-file", "blob", "HEAD~1:facts.yaml"], cwd=clone,
                   capture_output=True, check=False)
    assert marker.exists()


#: Two weeks of a ledger: the second drops the claim 'retreat' and adds 'withdrawal'.
WEEK_1 = MINIMAL + WITHDRAWAL.replace("id: withdrawal", "id: retreat")
WEEK_2 = MINIMAL + WITHDRAWAL


def test_a_symlink_is_followed_as_it_was_at_each_revision(
        repo: Callable[..., Path]) -> None:
    folder = repo({"week-1.yaml": WEEK_1, "week-2.yaml": WEEK_2}, "two weeks").parent
    ledger = folder / "facts.yaml"
    ledger.symlink_to("week-1.yaml")
    repo({}, "the ledger is week 1")
    ledger.unlink()
    ledger.symlink_to("week-2.yaml")
    repo({}, "the ledger is week 2")
    result = kursk(["diff", "HEAD~1", "HEAD", "-l", str(ledger), "-f", "json",
                    "--exit-code"])
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)
    assert (found["old"], found["new"]) == ("HEAD~1:facts.yaml", "HEAD:facts.yaml")
    assert [c["id"] for c in found["claims"]["added"]] == ["withdrawal"]
    assert [c["id"] for c in found["claims"]["removed"]] == ["retreat"]
    ledger.unlink()  # today a file: at HEAD~1 it was a link, never read as its text
    ledger.write_text(WEEK_1, encoding="utf-8")
    repo({}, "the ledger is a file")
    was_a_link = kursk(["diff", "HEAD~1", "-l", str(ledger), "-f", "json"])
    assert was_a_link.exit_code == 0, was_a_link.output
    assert [c["id"] for c in json.loads(was_a_link.stdout)["claims"]["added"]] == ["retreat"]


def test_an_included_folder_link_is_followed_as_it_was(repo: Callable[..., Path]) -> None:
    folder = repo({"facts.yaml": INCLUDING, "march/a.yaml": "claims:\n" + CLAIMS_PART,
                   "april/a.yaml": "claims:\n" + CLAIMS_PART + WITHDRAWAL}).parent
    (folder / "claims").symlink_to("march")
    repo({}, "claims of March")
    (folder / "claims").unlink()
    (folder / "claims").symlink_to("april")
    path = repo({}, "claims of April")
    result = kursk(["diff", "HEAD~1", "HEAD", "-l", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [c["id"] for c in json.loads(result.stdout)["claims"]["added"]] == ["withdrawal"]


def test_a_symlink_out_of_the_repository_or_in_a_loop_is_one_sentence(
        repo: Callable[..., Path], tmp_path: Path) -> None:
    folder = repo({"week-1.yaml": WEEK_1}).parent
    (tmp_path / "outside.yaml").write_text(WEEK_1, encoding="utf-8")
    (folder / "facts.yaml").symlink_to("../outside.yaml")
    (folder / "absolute.yaml").symlink_to(tmp_path / "outside.yaml")
    (folder / "loop.yaml").symlink_to("loop.yaml")
    repo({}, "links")
    top = folder.resolve()
    for name, message in (
            ("facts.yaml", f"facts.yaml leads out of the git repository at {top} at 'HEAD'"),
            ("absolute.yaml", f"absolute.yaml at 'HEAD' is a symbolic link out of the git "
                              f"repository at {top}"),
            ("loop.yaml", "loop.yaml at 'HEAD' goes through more than 40 symbolic links")):
        result = kursk(["diff", "HEAD", str(folder / "week-1.yaml"), "-l",
                        str(folder / name)])
        assert (result.exit_code, result.stdout) == (1, ""), result.output
        assert result.stderr == f"kursk: {message}\n"


def test_a_glob_matching_a_folder_reads_alike_on_disk_and_at_a_revision(
        repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    path = repo({"facts.yaml": ROOT_PART + "include: [claims/*]\n",
                 "claims/a.yaml": "claims:\n" + CLAIMS_PART,
                 "claims/old/b.yaml": "claims:\n" + WITHDRAWAL})
    monkeypatch.chdir(path.parent)
    on_disk = kursk(["check"])
    at_head = kursk(["diff", "HEAD", "HEAD"])
    assert (on_disk.exit_code, at_head.exit_code) == (1, 1)
    assert on_disk.stderr == ("facts.yaml:11:11: cannot include 'claims/old': this is a "
                              "folder, not a ledger file\n1 problem in facts.yaml\n")
    assert at_head.stderr == ("HEAD:facts.yaml:11:11: cannot include 'claims/old': "
                              "claims/old was a folder at 'HEAD', not a ledger file\n"
                              "1 problem in HEAD:facts.yaml\n")


def test_a_path_kursk_cannot_look_at_is_one_sentence(repo: Callable[..., Path]) -> None:
    path = three_commits(repo)
    long = "a" * 256
    result = kursk(["diff", long, "-l", str(path)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"kursk: unknown revision '{long}' in the git repository at "
                             f"{path.parent.resolve()} (nor is it a file)\n")


def test_a_folder_kursk_may_not_enter_is_one_sentence(tmp_path: Path) -> None:
    """A ledger given to diff, or the facts.yaml of the folder kursk runs in, behind a
    folder kursk may not enter: the sentence of an unreadable file, not a traceback."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "facts.yaml").write_text(MINIMAL, encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text(MINIMAL, encoding="utf-8")
    unprivileged: tuple[str, ...] = ()
    if os.geteuid() == 0:  # root enters any folder; without these capabilities it cannot
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop the override")
        unprivileged = (setpriv, "--bounding-set=-dac_override,-dac_read_search")
    env = {k: v for k, v in os.environ.items() if k not in ("KURSK_LEDGER", "FORCE_COLOR")}
    env.update(NO_COLOR="1", PYTHONPATH=str(ROOT))

    def run(where: Path, lock: str, *args: str) -> subprocess.CompletedProcess[str]:
        """kursk in ``where``, once the folder ``lock`` is locked."""
        return subprocess.run(["sh", "-c", 'chmod 0 "$1" && shift && exec "$@"', "sh", lock,
                               *unprivileged, sys.executable, "-m", "kursk_cli", *args],
                              cwd=where, env=env, capture_output=True, text=True,
                              timeout=120)

    try:
        given = run(tmp_path, "locked", "diff", "locked/facts.yaml", "-l", str(other))
        assert (given.returncode, given.stdout) == (1, "")
        assert given.stderr == ("locked/facts.yaml: permission denied: kursk may not read "
                                "this file\n")
        locked.chmod(0o700)
        here = run(locked, ".", "claims")
        assert (here.returncode, here.stdout) == (1, "")
        assert here.stderr == ("facts.yaml: permission denied: kursk may not read this "
                               "file\n")
    finally:
        locked.chmod(0o700)


def test_a_deleted_working_folder_has_no_facts_yaml(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("KURSK_LEDGER", "FORCE_COLOR")}
    env.update(NO_COLOR="1", COLUMNS="100", PYTHONPATH=str(ROOT))
    result = subprocess.run(["sh", "-c", 'rmdir "$PWD" && exec "$@"', "sh", sys.executable,
                             "-m", "kursk_cli", "actors"], cwd=gone, env=env,
                            capture_output=True, text=True, timeout=120)
    shipped = kursk(["actors", "-l", str(ROOT / "facts.yaml")], COLUMNS="100")
    assert (result.returncode, result.stderr) == (
        0, "no facts.yaml here or above; showing the example ledger; kursk init starts one\n")
    assert result.stdout == shipped.stdout


def test_two_names_of_one_file_are_told_apart_as_they_were_then(
        repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = repo({"facts.yaml": INCLUDING, "claims/a.yaml": "claims:\n" + CLAIMS_PART,
                   "claims/b.yaml": "claims:\n" + WITHDRAWAL}).parent
    (folder / "claims" / "b.yaml").unlink()
    (folder / "claims" / "b.yaml").symlink_to("a.yaml")
    repo({}, "b is a again")
    monkeypatch.chdir(folder)
    then = kursk(["diff", "HEAD~1", "HEAD~1", "--exit-code"])
    assert (then.exit_code, then.stderr) == (0, "no changes from HEAD~1:facts.yaml to "
                                                "HEAD~1:facts.yaml\n")
    now = kursk(["diff", "HEAD", "HEAD"])
    assert now.exit_code == 1
    assert now.stderr == ("HEAD:facts.yaml:11:11: 'claims/b.yaml' is already part of the "
                          "ledger (as 'claims/a.yaml'); include each file once\n"
                          "1 problem in HEAD:facts.yaml\n")


def test_a_link_from_outside_the_repository_is_followed_as_it_is(
        repo: Callable[..., Path], tmp_path: Path) -> None:
    path = three_commits(repo)
    elsewhere = tmp_path / "desk"
    elsewhere.mkdir()
    (elsewhere / "facts.yaml").symlink_to(path)
    result = kursk(["diff", "HEAD~2", "HEAD~1", "-l", str(elsewhere / "facts.yaml"),
                    "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["old"] == "HEAD~2:facts.yaml"
    assert [c["id"] for c in json.loads(result.stdout)["claims"]["added"]] == ["withdrawal"]
def test_an_entry_wraps_under_its_start_on_a_narrow_terminal() -> None:
    week = str(ROOT / "examples")
    result = kursk(["diff", f"{week}/week-1.yaml", f"{week}/week-2.yaml"], COLUMNS="40")
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    start = lines.index("claims removed (1)")
    assert lines[start + 1: start + 4] == ["  - tessel-drones-downed  Ostrian air",
                                           "    defences shot down drones over",
                                           "    Tessel."]


#: MINIMAL with a second claim that supports the first, and Putin's words as spoken.
RELATED = MINIMAL.replace("        quote: surrender or die\n", """\
        quote: surrender or die
        original:
          source: transcript
          lang: ru
          quote: сдаться или умереть
""").replace("actors:\n", """\
  - id: transcript
    title: A transcript
    published: 2025-03-13
actors:
""") + """\
  - id: holding
    text: The lines are holding.
    relations: [supports: encirclement]
    statements:
      - actor: general-staff
        stance: asserts
        date: 2025-03-14
        source: report
        quote: the lines hold
"""
#: RELATED with the relation turned round and the original's language changed.
REVISED = RELATED.replace("[supports: encirclement]", "[contradicts: encirclement]").replace(
    "lang: ru", "lang: uk")


def test_a_changed_relation_and_original_in_every_format(write: Write) -> None:
    old, new = write(RELATED, "old.yaml"), write(REVISED, "new.yaml")
    text = kursk(["diff", str(old), str(new)])
    assert text.exit_code == 0, text.output
    assert text.stdout.splitlines()[-7:] == [
        "claims changed (1)",
        "  ~ holding",
        "      relations: supports: encirclement → contradicts: encirclement",
        "",
        "statements changed (1)",
        "  ~ encirclement: putin asserts 2025-03-13 (report)",
        '      original: ru (transcript): "сдаться или умереть" → uk (transcript): '
        '"сдаться или умереть"']
    markdown = kursk(["diff", str(old), str(new), "-f", "markdown"])
    assert markdown.exit_code == 0, markdown.output
    assert markdown.stdout.splitlines()[-9:] == [
        "**Claims changed (1)**", "",
        "- `holding`",
        "  - relations: supports: encirclement → contradicts: encirclement", "",
        "**Statements changed (1)**", "",
        "- `encirclement: putin asserts 2025-03-13 (report)`",
        '  - original: ru \\(transcript\\): "сдаться или умереть" → uk \\(transcript\\): '
        '"сдаться или умереть"']
    document = kursk(["diff", str(old), str(new), "-f", "json"])
    assert document.exit_code == 0, document.output
    found = json.loads(document.stdout)
    assert found["claims"]["changed"][0]["changes"] == {"relations": {
        "old": [{"kind": "supports", "claim": "encirclement"}],
        "new": [{"kind": "contradicts", "claim": "encirclement"}]}}
    spoken = {"source": "transcript", "quote": "сдаться или умереть", "paraphrase": None}
    assert found["statements"]["changed"][0]["changes"] == {"original": {
        "old": {**spoken, "lang": "ru"}, "new": {**spoken, "lang": "uk"}}}


def test_relations_removed_and_an_original_paraphrased(write: Write) -> None:
    old = write(RELATED, "old.yaml")
    new = write(RELATED.replace("    relations: [supports: encirclement]\n", "").replace(
        "          quote: сдаться или умереть\n", "          paraphrase: он сказал сдаться\n"),
        "new.yaml")
    text = kursk(["diff", str(old), str(new)])
    assert text.exit_code == 0, text.output
    assert "      relations: supports: encirclement → (none)" in text.stdout.splitlines()
    assert text.stdout.splitlines()[-1] == (
        '      original: ru (transcript): "сдаться или умереть" → ru (transcript): он '
        "сказал сдаться")
    found = json.loads(kursk(["diff", str(old), str(new), "-f", "json"]).stdout)
    assert found["claims"]["changed"][0]["changes"] == {"relations": {
        "old": [{"kind": "supports", "claim": "encirclement"}], "new": []}}
