"""A ledger in several files: `include:` lists other ledger files, and every command
treats the whole as one ledger."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import MINIMAL, kursk

SOURCES_AND_ACTORS = MINIMAL[: MINIMAL.index("claims:")]
CLAIMS = MINIMAL[MINIMAL.index("claims:"):]

SECOND_CLAIM = """\
claims:
  - id: crimes
    text: Troops committed crimes.
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-14
        source: report
        paraphrase: Accused the troops of crimes.
"""


def lay_out(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "main.yaml"


def problems_of(main: Path) -> list[str]:
    result = kursk(["check", "-l", str(main)])
    assert result.exit_code == 1, result.output
    return result.stderr.splitlines()[:-1]


def test_a_ledger_of_several_files_reads_as_one(tmp_path: Path) -> None:
    main = lay_out(tmp_path, {
        "main.yaml": "include: [actors.yaml, claims/*.yaml]\n" + SOURCES_AND_ACTORS.replace(
            "actors:", "x-actors:").split("x-actors:")[0],
        "actors.yaml": "actors:" + SOURCES_AND_ACTORS.split("actors:")[1],
        "claims/a.yaml": CLAIMS,
        "claims/b.yaml": SECOND_CLAIM,
    })
    result = kursk(["check", "-l", str(main)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{main}: ok: 2 claims, 2 actors, 3 statements, 1 disputed\n"
    one_file = lay_out(tmp_path / "one", {"main.yaml": MINIMAL + SECOND_CLAIM[len("claims:\n"):]})
    for args in (["export", "-f", "json"], ["claims"], ["actor", "putin"]):
        assert kursk([*args, "-l", str(main)]).stdout == kursk(
            [*args, "-l", str(one_file)]).stdout, args


def test_problems_name_the_file_and_line_they_are_in(tmp_path: Path) -> None:
    main = lay_out(tmp_path, {
        "main.yaml": MINIMAL + "include: [more.yaml]\n",
        "more.yaml": SECOND_CLAIM.replace("actor: putin", "actor: puttin").replace(
            "id: crimes", "id: encirclement"),
    })
    more = os.path.join(str(tmp_path), "more.yaml")
    assert problems_of(main) == [
        f"{more}:2:9: duplicate claim id 'encirclement' (first in {main}:12)",
        f"{more}:5:16: unknown actor 'puttin'; did you mean 'putin'?",
    ]


@pytest.mark.parametrize(("files", "expected"), [
    ({"main.yaml": MINIMAL + "include: [gone.yaml]\n"},
     ["main.yaml:25:11: cannot include '{d}/gone.yaml': no such file"]),
    ({"main.yaml": MINIMAL + "include: ['*.missing']\n"},
     ["main.yaml:25:11: include '*.missing' matches no file"]),
    ({"main.yaml": MINIMAL + "include: [a.yaml]\n", "a.yaml": "include: [main.yaml]\n"},
     ["a.yaml:1:11: include loop: '{d}/main.yaml' includes this file again, directly or "
      "through other files"]),
    ({"main.yaml": MINIMAL + "include: [a.yaml, a.yaml]\n", "a.yaml": "sources: []\n"},
     ["main.yaml:25:19: '{d}/a.yaml' is already part of the ledger (as '{d}/a.yaml'); "
      "include each file once"]),
    ({"main.yaml": MINIMAL + "include: [sub]\n", "sub/x.yaml": "sources: []\n"},
     ["main.yaml:25:11: cannot include '{d}/sub': this is a folder, not a ledger file"]),
    ({"main.yaml": MINIMAL + "include: [main.yaml]\n"},
     ["main.yaml:25:11: include loop: '{d}/main.yaml' includes this file again, directly or "
      "through other files"]),
])
def test_include_mistakes_are_located(tmp_path: Path, files: dict[str, str],
                                      expected: list[str]) -> None:
    main = lay_out(tmp_path, files)
    folder = str(tmp_path)
    assert problems_of(main) == [
        (f"{folder}/" + line).format(d=folder) for line in expected]


def test_an_include_of_something_not_a_file_is_refused(tmp_path: Path) -> None:
    main = lay_out(tmp_path, {"main.yaml": MINIMAL + "include: [pipe.yaml]\n"})
    os.mkfifo(tmp_path / "pipe.yaml")
    assert problems_of(main) == [
        f"{main}:25:11: cannot include '{tmp_path}/pipe.yaml': not an ordinary file (a pipe, "
        "device or socket); kursk reads files"]


def test_a_file_may_hold_any_sections_but_the_ledger_needs_all(tmp_path: Path) -> None:
    main = lay_out(tmp_path, {"main.yaml": "include: [a.yaml]\nsources: []\n",
                              "a.yaml": "claims: []\n"})
    assert problems_of(main) == [f"{main}:1:1: the ledger is missing 'actors'"]


def test_include_must_be_a_list_of_paths(tmp_path: Path) -> None:
    main = lay_out(tmp_path, {"main.yaml": MINIMAL + "include: a.yaml\n"})
    assert problems_of(main) == [
        f"{main}:25:10: 'include' must be a list, like include: [actors.yaml, claims/*.yaml]"]


def test_the_same_actor_in_two_files_is_a_duplicate(tmp_path: Path) -> None:
    main = lay_out(tmp_path, {"main.yaml": MINIMAL + "include: [a.yaml]\n",
                              "a.yaml": "actors:\n  - id: putin\n    name: Putin again\n"})
    assert problems_of(main) == [
        f"{tmp_path}/a.yaml:2:9: duplicate actor id 'putin' (first in {main}:6)"]


def test_a_relative_ledger_names_its_included_files_relative_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lay_out(tmp_path, {"main.yaml": MINIMAL + "include: [sub/a.yaml]\n",
                       "sub/a.yaml": "actors:\n  - id: x\n    name: X\n    kind: robot\n"})
    monkeypatch.chdir(tmp_path)
    result = kursk(["check", "-l", "main.yaml"])
    assert result.stderr == ("sub/a.yaml:4:11: 'kind' must be person or organization, "
                             "not 'robot'\n1 problem in sub/a.yaml\n")


def test_a_recursive_glob_never_goes_through_symlinked_folders(tmp_path: Path) -> None:
    # Two links to the ledger's own folder made "**" search endlessly.
    main = lay_out(tmp_path, {
        "main.yaml": "include: ['claims/**/*.yaml']\n" + SOURCES_AND_ACTORS,
        "claims/2025/03/a.yaml": CLAIMS,
        "claims/.drafts/b.yaml": SECOND_CLAIM,  # (hidden: not named by the pattern)
    })
    (tmp_path / "claims" / "again").symlink_to(".")
    (tmp_path / "claims" / "up").symlink_to("..")
    result = kursk(["check", "-l", str(main)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{main}: ok: 1 claim, 2 actors, 2 statements, 1 disputed\n"


@pytest.mark.parametrize(("pattern", "said"), [
    ("/**/*.yaml", "include '/**/*.yaml' is a glob from the top of the disk; write it "
                   "relative to this file"),
    ("**/[z-a].yaml", "include '**/[z-a].yaml' is not a glob kursk can read ("),
])
def test_a_glob_kursk_will_not_search_is_a_located_problem(tmp_path: Path, pattern: str,
                                                          said: str) -> None:
    main = lay_out(tmp_path, {"main.yaml": f"include: ['{pattern}']\n" + MINIMAL})
    found = problems_of(main)  # (the reason in brackets is Python's own words)
    assert len(found) == 1 and found[0].startswith(f"{main}:1:11: {said}")


def test_an_include_outside_the_files_folder_is_refused_and_never_read(tmp_path: Path) -> None:
    # A ledger reads nothing outside its own folder: not from the top of the disk, not up
    # through '..', not through a symlink (to a folder or a file) that leads out.
    (tmp_path / "elsewhere.yaml").write_text(SECOND_CLAIM, encoding="utf-8")
    ledger = tmp_path / "ledger"
    items = ["../elsewhere.yaml", f"{tmp_path}/elsewhere.yaml", "up/elsewhere.yaml",
             "'up/*.yaml'", "'../*.yaml'", "sub/../../elsewhere.yaml", "link.yaml"]
    line = f"include: [{', '.join(items)}]\n"
    main = lay_out(ledger, {"main.yaml": MINIMAL + line})
    (ledger / "up").symlink_to("..")
    (ledger / "link.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    at = [f"{main}:25:{line.index(item) + 1}: " for item in items]
    outside = "is outside this file's folder; kursk reads nothing outside the ledger's folder"
    link = ("a symlink leads out of this file's folder; kursk reads nothing outside the "
            "ledger's folder")
    assert problems_of(main) == [
        f"{at[0]}include '../elsewhere.yaml' {outside}",
        f"{at[1]}include '{tmp_path}/elsewhere.yaml' {outside}",
        f"{at[2]}cannot include '{ledger}/up/elsewhere.yaml': {link}",
        f"{at[3]}cannot include '{ledger}/up/elsewhere.yaml': {link}",
        f"{at[4]}include '../*.yaml' {outside}",
        f"{at[5]}include 'sub/../../elsewhere.yaml' {outside}",
        f"{at[6]}cannot include '{ledger}/link.yaml': {link}",
    ]


def test_an_include_inside_the_folder_through_a_symlink_is_read(tmp_path: Path) -> None:
    main = lay_out(tmp_path, {"main.yaml": MINIMAL + "include: [here.yaml]\n",
                              "claims/more.yaml": SECOND_CLAIM})
    (tmp_path / "here.yaml").symlink_to(tmp_path / "claims" / "more.yaml")
    result = kursk(["check", "-l", str(main)])
    assert result.exit_code == 0, result.output


def test_problems_in_several_files_are_counted_by_file_by_every_command(
        tmp_path: Path) -> None:
    """check, a view and merge end the list alike: how many problems in which file."""
    (tmp_path / "main.yaml").write_text(
        "include: [actors.yaml, claims.yaml]\nsources:\n  - id: report\n    title: A report\n"
        "    published: 2025-03-14\n", encoding="utf-8")
    (tmp_path / "actors.yaml").write_text(
        "actors:\n  - id: putin\n    name: Vladimir Putin\n    kind: robot\n",
        encoding="utf-8")
    (tmp_path / "claims.yaml").write_text(
        "claims:\n  - id: c\n    text: T.\n    statements:\n      - actor: putin\n"
        "        stance: deny\n        date: 2025-03-13\n        source: report\n"
        "        quote: x\n", encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    draft.write_text("sources:\n  - id: other\n    title: Another\n    published: 2025-03-15\n",
                     encoding="utf-8")
    ledger = str(tmp_path / "main.yaml")
    actors, claims = tmp_path / "actors.yaml", tmp_path / "claims.yaml"
    for args in (["check"], ["claims"], ["merge", str(draft)]):
        result = kursk([*args, "-l", ledger])
        assert result.exit_code == 1
        counted = [line for line in result.stderr.splitlines() if " problem" in line
                   and not line.startswith(str(tmp_path))]
        assert counted == [f"2 problems: 1 in {actors}, 1 in {claims}"], (args, result.stderr)


def test_one_file_of_a_split_ledger_read_alone_names_the_ledger_it_belongs_to(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "claims").mkdir()
    head, claims = MINIMAL.split("claims:\n")
    (tmp_path / "facts.yaml").write_text("include: [claims/*.yaml]\n" + head,
                                         encoding="utf-8")
    (tmp_path / "claims" / "a.yaml").write_text("claims:\n" + claims, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    note = ("note: claims/a.yaml is one file of the ledger facts.yaml, which includes it; "
            "read the whole ledger: kursk check -l facts.yaml\n")
    for args in (["check"], ["claims"]):
        result = kursk([*args, "-l", "claims/a.yaml"])
        assert result.exit_code == 1
        assert result.stderr.startswith("claims/a.yaml:1:1: the ledger is missing 'actors'\n")
        assert result.stderr.endswith(" problems in claims/a.yaml\n" + note)
    assert kursk(["check", "-l", "facts.yaml"]).exit_code == 0
    alone = tmp_path / "claims" / "b.yaml"  # (a ledger of its own: no note)
    alone.write_text("claims:\n" + claims, encoding="utf-8")
    (tmp_path / "facts.yaml").write_text("include: [claims/a.yaml]\n" + head, encoding="utf-8")
    assert "note:" not in kursk(["check", "-l", "claims/b.yaml"]).stderr
