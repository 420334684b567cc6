"""The cache is invisible to correctness: keyed on each file's bytes, never stale, never
running code, self-healing."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import FACTS, MINIMAL, ROOT, kursk
from kursk_cli import cache, ledger, loader
from kursk_cli.model import FileRead

Write = Callable[..., Path]


def entries(folder: Path, kind: str = "read") -> list[Path]:
    """The cache's entries of one kind: file reads, verdicts across files, answers."""
    return sorted(folder.glob(f"{kind}-*.bin")) if folder.exists() else []


def cached(folder: Path, path: Path) -> FileRead | None:
    """What the cache holds for the bytes of ``path`` (through the cache's own API)."""
    stored = cache.Cache(folder).get(hashlib.sha256(path.read_bytes()).hexdigest())
    return stored.read() if stored is not None else None


def framed(entry: Path, *payloads: bytes) -> bytes:
    """An entry as kursk writes it, with digests that hold: each part its length, the
    SHA-256 of the entry's name, the part's place and its payload, and the payload."""
    return b"".join(
        (32 + len(p)).to_bytes(4, "big")
        + hashlib.sha256(f"{entry.name}:{i}:".encode() + p).digest() + p
        for i, p in enumerate(payloads))


def parts(entry: Path) -> list[bytes]:
    """An entry's parts as written (each its digest and payload), by their lengths."""
    blob, found = entry.read_bytes(), []
    while blob:
        size = int.from_bytes(blob[:4], "big")
        found.append(blob[4:4 + size])
        blob = blob[4 + size:]
    return found


def answer(args: list[str], **env: str) -> tuple[int, str, str]:
    result = kursk(args, **env)
    return result.exit_code, result.stdout, result.stderr


def test_second_run_is_served_from_the_cache_with_the_same_output(
        write: Write, private_cache: Path) -> None:
    path = write(MINIMAL)
    first = answer(["claims", "-l", str(path)])
    assert len(entries(private_cache)) == 1
    assert cached(private_cache, path) == ledger.read(path.read_bytes())
    assert [len(entries(private_cache, kind)) for kind in ("across", "answer")] == [1, 1]
    assert answer(["claims", "-l", str(path)]) == first


def test_every_view_gives_the_same_answer_cached_and_not(private_cache: Path) -> None:
    for args in (["claims", "--disputed"], ["claims", "--topic", "KURSK"], ["claims", "-f", "csv"],
                 ["claims", "--disputed", "-f", "csv"], ["actor", "putin"],
                 ["show", "kursk-encirclement"], ["matrix"], ["actors"], ["export"],
                 ["export", "-f", "json"], ["claims", "--actor", "trump", "-f", "json"],
                 ["check"], ["check", "-f", "json"]):
        cold = answer([*args, "-l", str(FACTS), "--no-cache"])
        answer([*args, "-l", str(FACTS)])  # fills the cache
        assert answer([*args, "-l", str(FACTS)]) == cold, args
    assert len(entries(private_cache)) == 1


def test_an_edit_that_keeps_size_and_time_is_still_seen(write: Write) -> None:
    path = write(MINIMAL)
    assert answer(["check", "-l", str(path)])[1].endswith("1 disputed\n")
    info = path.stat()
    path.write_text(MINIMAL.replace("stance: denies", "stance: qualifies").replace(
        "are false.", "are no."))  # three characters longer, three shorter
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns
    assert answer(["check", "-l", str(path)])[1].endswith("0 disputed\n")


def test_a_file_with_problems_is_cached_with_them_and_reported_the_same(
        write: Write, private_cache: Path) -> None:
    path = write(MINIMAL.replace("stance: denies", "stance: deny"))
    cold = answer(["check", "-l", str(path), "--no-cache"])
    assert cold[0] == 1 and "'stance' must be asserts, denies or qualifies" in cold[2]
    assert answer(["check", "-l", str(path)]) == cold
    held = cached(private_cache, path)
    assert held is not None and held.problems  # the problems are part of the file's read
    assert answer(["check", "-l", str(path)]) == cold


@pytest.mark.parametrize("damage", [
    lambda blob: b"not a cache at all" * 100,
    lambda blob: blob[:-1],                       # cut short
    lambda blob: blob[:40] + bytes([blob[40] ^ 1]) + blob[41:],  # one bit of the payload
    lambda blob: bytes([blob[0] ^ 1]) + blob[1:],  # one bit of the digest
    lambda blob: b"",
])
def test_a_damaged_entry_is_ignored_and_rebuilt(write: Write, private_cache: Path,
                                                damage: Callable[[bytes], bytes]) -> None:
    path = write(MINIMAL)
    expected = answer(["export", "-f", "json", "-l", str(path), "--no-cache"])
    answer(["check", "-l", str(path)])
    [entry] = entries(private_cache)
    entry.write_bytes(damage(entry.read_bytes()))
    assert cached(private_cache, path) is None
    assert answer(["export", "-f", "json", "-l", str(path)]) == expected
    assert cached(private_cache, path) == ledger.read(path.read_bytes())  # written again


def test_an_entry_whose_digest_holds_but_whose_shape_is_not_kursks_is_ignored(
        write: Write, private_cache: Path) -> None:
    import msgspec

    path = write(MINIMAL)
    expected = answer(["check", "-l", str(path), "--no-cache"])
    answer(["check", "-l", str(path)])
    [entry] = entries(private_cache)
    for forged in ({"claims": 7}, [1, 2, 3], "text", {"sources": [["x"]]}):
        payload = msgspec.msgpack.encode(forged)
        entry.write_bytes(framed(entry, payload, payload))
        assert cached(private_cache, path) is None
        assert answer(["check", "-l", str(path)]) == expected


class Planted:
    """What an attacker plants: an object whose unpickling runs code."""

    def __reduce__(self) -> tuple[Callable[..., object], tuple[str]]:
        return (Path.touch, (os.environ["KURSK_PLANTED_MARK"],))


@pytest.mark.parametrize("where", ["entry", "every-file"])
def test_a_planted_pickle_never_runs(write: Write, private_cache: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    mark = tmp_path / "code-ran"
    monkeypatch.setenv("KURSK_PLANTED_MARK", str(mark))
    path = write(MINIMAL)
    expected = answer(["export", "-f", "json", "-l", str(path), "--no-cache"])
    answer(["check", "-l", str(path)])
    payload = pickle.dumps(Planted())
    [entry] = entries(private_cache)
    # In the entry for these bytes, with a digest that holds, and in every other name.
    entry.write_bytes(framed(entry, payload, payload))
    for other in entries(private_cache, "answer") + entries(private_cache, "across"):
        other.write_bytes(framed(other, payload))
    if where == "every-file":
        for name in ("ledger.sqlite", "x.pickle", ".kursk-1.tmp"):
            (private_cache / name).write_bytes(payload)
    assert answer(["export", "-f", "json", "-l", str(path)]) == expected
    path.write_text(MINIMAL.replace("are false.", "are untrue."))  # the victim's next edit
    answer(["check", "-l", str(path)])
    assert not mark.exists()


@pytest.mark.parametrize("kind", ["read", "across", "answer"])
def test_no_byte_of_any_entry_is_served_unchecked(write: Write, private_cache: Path,
                                                  kind: str) -> None:
    """The summary, the verdict across files and every view's answer are checked against
    their digest like the reads (a one-byte change in the old cache's summary made
    `kursk check` report 7 disputed claims instead of 2)."""
    path = write(MINIMAL)
    for args in (["check"], ["claims"], ["show", "encirclement", "-f", "json"]):
        expected = answer([*args, "-l", str(path), "--no-cache"])
        answer([*args, "-l", str(path)])
        for entry in entries(private_cache, kind):
            blob = entry.read_bytes()
            for at in [*range(32, len(blob), 5), len(blob) - 1]:
                entry.write_bytes(blob[:at] + bytes([blob[at] ^ 0x04]) + blob[at + 1:])
                assert answer([*args, "-l", str(path)]) == expected, (args, at)
                entry.write_bytes(blob)


@pytest.mark.parametrize("name", ["with?question", "with#hash", "with%41percent",
                                  "with space", "mit-ümlaut-и-кириллица"])
def test_any_cache_folder_name_works(write: Write, tmp_path: Path, name: str) -> None:
    home = tmp_path / name
    path = write(MINIMAL)
    expected = answer(["check", "-l", str(path), "--no-cache"])
    assert answer(["check", "-l", str(path)], XDG_CACHE_HOME=str(home)) == expected
    [entry] = entries(home / "kursk")
    assert cached(home / "kursk", path) is not None
    entry.write_bytes(b"damaged")
    assert answer(["check", "-l", str(path)], XDG_CACHE_HOME=str(home)) == expected
    assert cached(home / "kursk", path) is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "ledger.yaml"])


def test_cache_from_another_version_is_not_used(write: Write, private_cache: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(MINIMAL)
    answer(["check", "-l", str(path)])
    assert cached(private_cache, path) is not None
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    assert cached(private_cache, path) is None


def test_no_cache_flag_and_environment_turn_it_off(write: Write, private_cache: Path) -> None:
    path = write(MINIMAL)
    assert answer(["check", "--no-cache", "-l", str(path)])[0] == 0
    assert answer(["check", "-l", str(path)], KURSK_NO_CACHE="1")[0] == 0
    assert entries(private_cache) == []


def test_no_cache_does_not_read_a_cache_either(write: Write, private_cache: Path) -> None:
    path = write(MINIMAL)
    answer(["check", "-l", str(path)])
    # Forge the entry for these exact bytes, as only this user could: it is believed...
    forged = ledger.read(MINIMAL.replace("stance: denies", "stance: asserts").encode())
    cache.Cache(private_cache).put(hashlib.sha256(path.read_bytes()).hexdigest(), forged)
    for entry in entries(private_cache, "answer"):  # (the summary remembered before)
        entry.unlink()
    assert answer(["check", "-l", str(path)])[1].endswith("0 disputed\n")
    # ...but never with --no-cache.
    assert answer(["check", "-l", str(path), "--no-cache"])[1].endswith("1 disputed\n")


def test_cache_lives_under_xdg_cache_home(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    assert cache.directory({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "kursk"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory({}) == tmp_path / ".cache" / "kursk"


def test_no_home_at_all_leaves_kursk_working(write: Write,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert cache.directory({}) is None
    path = write(MINIMAL)
    assert answer(["check", "-l", str(path)], XDG_CACHE_HOME="")[0] == 0


def test_unwritable_cache_folder_leaves_kursk_working(write: Write, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    path = write(MINIMAL)
    assert answer(["check", "-l", str(path)], XDG_CACHE_HOME=str(blocker))[0] == 0


@pytest.mark.parametrize("target", ["file", "folder"])
def test_a_cache_others_could_write_is_not_read(write: Write, private_cache: Path,
                                                target: str) -> None:
    path = write(MINIMAL)
    answer(["check", "-l", str(path)])
    [entry] = entries(private_cache)
    (entry if target == "file" else private_cache).chmod(0o777 if target == "folder" else 0o666)
    assert cached(private_cache, path) is None
    assert answer(["check", "-l", str(path)])[0] == 0


def test_a_symlinked_entry_is_not_followed(write: Write, private_cache: Path,
                                           tmp_path: Path) -> None:
    path = write(MINIMAL)
    answer(["check", "-l", str(path)])
    [entry] = entries(private_cache)
    elsewhere = tmp_path / "elsewhere"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert cached(private_cache, path) is None


def test_concurrent_writers_leave_one_whole_entry(write: Write, private_cache: Path) -> None:
    path = write(MINIMAL)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    writers = [threading.Thread(target=cache.Cache(private_cache).put,
                                args=(digest, ledger.read(data))) for _n in range(8)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    assert len(entries(private_cache)) == 1
    assert list(private_cache.glob(".kursk-*")) == []
    assert cached(private_cache, path) == ledger.read(data)


def test_temporaries_of_killed_runs_are_removed_later(write: Write,
                                                      private_cache: Path) -> None:
    path = write(MINIMAL)
    private_cache.mkdir(parents=True, mode=0o700)
    old = private_cache / ".kursk-999999-deadbeef.tmp"
    old.write_bytes(b"half an entry")
    os.utime(old, (1, 1))
    young = private_cache / ".kursk-1-0busy0ab.tmp"  # another run, writing right now
    young.write_bytes(b"being written")
    assert answer(["check", "-l", str(path)])[0] == 0
    assert not old.exists() and young.exists()


def test_invalid_after_valid_is_reported_not_served(write: Write) -> None:
    path = write(MINIMAL)
    assert answer(["check", "-l", str(path)])[0] == 0
    path.write_text(MINIMAL.replace("stance: denies", "stance: deny"))
    found, problems = loader.check(path, "x")
    assert found is None and problems[0].message.startswith("'stance' must be")


def test_the_least_recently_used_entries_go_past_the_limit(
        private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    versions = [MINIMAL.replace("are false.", f"are false {n}.").encode() for n in range(4)]
    digests = [hashlib.sha256(version).hexdigest() for version in versions]
    for n, (version, digest) in enumerate(zip(versions, digests, strict=True)):
        before = set(private_cache.glob("*.bin"))
        cache.Cache(private_cache).put(digest, ledger.read(version))  # one run each
        for written in set(private_cache.glob("*.bin")) - before:  # aged, oldest first
            os.utime(written, (1000 + n, 1000 + n))
    kept = [cache.Cache(private_cache).get(digest) is not None for digest in digests]
    assert kept == [False, False, True, True]


def test_a_file_changed_between_its_head_and_its_entries_is_never_mixed(
        write: Write, private_cache: Path) -> None:
    """The cache gave a file's head; its entries, needed later in the same run, turn out
    damaged, and the file has changed meanwhile: kursk says so rather than answer from
    two versions of the file."""
    from kursk_cli.errors import KurskError

    path = write(MINIMAL)
    answer(["check", "-l", str(path)])
    opened = loader.open_ledger(path, str(path))  # the head and the verdict, cached
    [entry] = entries(private_cache)
    entry.write_bytes(entry.read_bytes()[:-1])  # the entries damaged
    path.write_text(MINIMAL.replace("stance: denies", "stance: asserts"))
    with pytest.raises(KurskError, match=r"ledger\.yaml changed while kursk read it"):
        opened.ledger  # noqa: B018 (reading it is the act under test)


def test_an_entry_copied_under_another_name_is_not_served(write: Write,
                                                          private_cache: Path) -> None:
    path = write(MINIMAL + """\
  - id: asserted
    text: A claim only asserted.
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-13
        source: report
        quote: so it is
""")
    views = [["claims", *given, "-l", str(path)] for given in (
        ["-f", "csv"], ["--disputed", "-f", "csv"], ["-f", "json"], ["--disputed", "-f", "json"])]
    expected = [answer(view) for view in views]
    assert len(set(expected)) == 4
    answers = {entry: entry.read_bytes() for kind in ("answer", "csv")
               for entry in entries(private_cache, kind)}
    assert len(answers) == 4  # (each view's answer, or as CSV the text written)
    for entry in answers:  # each answer's bytes under every other answer's name
        for other, blob in answers.items():
            entry.write_bytes(blob)
            assert [answer(view) for view in views] == expected
            entry.write_bytes(answers[entry])
            del other


def test_a_part_that_claims_to_be_huge_is_not_read(write: Write, private_cache: Path) -> None:
    """A damaged length (4 GiB) is never trusted: under a memory limit, reading that much
    would fail with MemoryError, a traceback."""
    import os
    import resource
    import shutil
    import subprocess
    import sys

    path = write(MINIMAL)
    expected = answer(["check", "-l", str(path)])
    [entry] = entries(private_cache)
    entry.write_bytes(b"\xff\xff\xff\xf0" + entry.read_bytes()[4:])
    assert cached(private_cache, path) is None
    script = shutil.which("kursk", path=str(Path(sys.executable).parent))
    assert script is not None

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = {**os.environ, "XDG_CACHE_HOME": str(private_cache.parent), "COLUMNS": "100"}
    result = subprocess.run([script, "check", "-l", str(path)], capture_output=True,
                            text=True, env=env, preexec_fn=limited, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == expected


def test_a_question_in_bytes_that_are_not_utf8_is_answered_as_uncached(write: Write) -> None:
    import os

    path = write(MINIMAL)
    odd = os.fsdecode(b"pu\xfftin")
    for args in (["actor", odd], ["claims", "--search", odd], ["show", odd]):
        cold = answer([*args, "-l", str(path), "--no-cache"])
        assert answer([*args, "-l", str(path)]) == cold, args


def test_data_of_another_shape_is_written_under_another_name() -> None:
    import msgspec

    inner = msgspec.defstruct("Inner", [("words", str)])
    first = cache.shape(msgspec.defstruct("Outer", [("inner", inner), ("count", int)]))
    inner = msgspec.defstruct("Inner", [("words", str), ("note", str | None, None)])
    Outer = msgspec.defstruct("Outer", [("inner", inner), ("count", int)])

    assert cache.shape(Outer) != first
    assert "note" in cache.shape(Outer)
    from kursk_cli.model import FileRead, Stance

    assert all(name in cache.shape(FileRead)
               for name in ("paraphrase", "published", "aliases", "misnamed", "broken"))
    assert repr([s.value for s in Stance]) in cache.shape(FileRead)


def test_entries_a_run_has_used_are_not_pruned_by_it(
        write: Write, private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 1)
    path = write(MINIMAL)
    store = cache.Cache(private_cache)
    first = ledger.read(path.read_bytes())
    store.put("a" * 64, first)
    assert store.get("a" * 64) is not None
    store.put("b" * 64, first)  # past the limit: the oldest would go, but this run used it
    assert store.get("a" * 64) is not None and store.get("b" * 64) is not None
    assert cache.Cache(private_cache).get("a" * 64) is not None


def test_the_digest_is_sha256_whichever_implementation_computes_it() -> None:
    # Small inputs are hashed without loading OpenSSL until a budget of bytes is spent,
    # larger ones by hashlib: the digest (and so every cache key) is the same either way.
    # A fresh interpreter, so that the budget is whole when it starts.
    program = """
import sys
import zipfile
from kursk_cli import files
sizes = [0, 1, 55, 56, 64, 1000, 65536, 300000] + [100000] * 4 + [3, 0]
for number, size in enumerate(sizes):
    data = bytes((number + i) % 251 for i in range(size))
    print(files.hexdigest(data), files.digest(data).hex())
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent, check=True)
    sizes = [0, 1, 55, 56, 64, 1000, 65536, 300_000] + [100_000] * 4 + [3, 0]
    expected = []
    for number, size in enumerate(sizes):
        digest = hashlib.sha256(bytes((number + i) % 251 for i in range(size))).hexdigest()
        expected.append(f"{digest} {digest}")
    assert done.stdout.splitlines() == expected


def test_a_cache_made_by_other_code_of_the_same_version_is_not_used(
        tmp_path: Path, private_cache: Path) -> None:
    # A checkout of another commit keeps the version and FORMAT: the reads and verdicts
    # its rules cached must not be served to these rules.
    package = tmp_path / "checkout" / "kursk_cli"
    shutil.copytree(ROOT / "kursk_cli", package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    reader = package / "ledger.py"
    current = reader.read_text(encoding="utf-8")
    rule = "nothing = unseen(scalar.value)"
    assert rule in current
    older = current.replace(rule, "nothing = None")  # rules that let U+200B through
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text(MINIMAL.replace("name: Vladimir Putin", 'name: "Vladimir\\u200b Putin"'),
                      encoding="utf-8")
    assert "\\u200b" in ledger.read_text(encoding="utf-8")

    def check() -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(package.parent), "NO_COLOR": "1"}
        return subprocess.run([sys.executable, "-m", "kursk_cli", "check", "-l", str(ledger)],
                              env=env, capture_output=True, text=True, timeout=120,
                              cwd=tmp_path)

    reader.write_text(older, encoding="utf-8")
    assert check().returncode == 0  # the older rules, cached
    reader.write_text(current, encoding="utf-8")  # the checkout changes the code back
    now = check()
    assert now.returncode == 1
    assert now.stderr.startswith(f"{ledger}:7:11: 'name' contains the invisible character "
                                 "U+200B; remove it\n")


def test_kursk_run_from_a_zip_file_answers_without_its_cache(tmp_path: Path) -> None:
    # Its modules cannot be listed there, so the cache cannot know which code made an
    # entry: kursk answers from the files themselves and writes no cache.
    archive = tmp_path / "kursk.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for module in sorted((ROOT / "kursk_cli").rglob("*.py")):
            bundle.write(module, f"kursk_cli/{module.relative_to(ROOT / 'kursk_cli')}")
    env = {**os.environ, "PYTHONPATH": str(archive), "XDG_CACHE_HOME": str(tmp_path / "c"),
           "NO_COLOR": "1"}
    for _run in range(2):
        done = subprocess.run([sys.executable, "-m", "kursk_cli", "check", "-l", str(FACTS)],
                              env=env, capture_output=True, text=True, timeout=120,
                              cwd=tmp_path)
        assert (done.returncode, done.stderr) == (0, "")
        assert done.stdout.startswith(f"{FACTS}: ok: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kursk.zip"]


def test_an_editors_lock_file_beside_kursks_modules_is_no_trouble(
        tmp_path: Path, private_cache: Path) -> None:
    # Emacs marks a file being edited with a dangling symlink named ".#cli.py".
    package = tmp_path / "checkout" / "kursk_cli"
    shutil.copytree(ROOT / "kursk_cli", package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / ".#cli.py").symlink_to("someone@host.1234:1700000000")
    env = {**os.environ, "PYTHONPATH": str(package.parent), "NO_COLOR": "1"}
    for _run in range(2):
        done = subprocess.run([sys.executable, "-m", "kursk_cli", "check", "-l", str(FACTS)],
                              env=env, capture_output=True, text=True, timeout=120,
                              cwd=tmp_path)  # (not the work tree's kursk_cli)
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert any(private_cache.iterdir())  # (the cache works there)


def test_a_part_copied_to_another_place_in_its_entry_is_not_served(
        write: Write, private_cache: Path) -> None:
    # Each part is sealed with its place: a file's head copied over its entries (both
    # sealed with the entry's name) once read as a ledger of nothing.
    path = write(MINIMAL)
    whole = answer(["export", "-f", "json", "-l", str(path), "--no-cache"])
    assert answer(["export", "-f", "json", "-l", str(path)]) == whole
    for entry in entries(private_cache):
        head, _body = parts(entry)
        entry.write_bytes(b"".join(len(p).to_bytes(4, "big") + p for p in (head, head)))
    for entry in entries(private_cache, "answer") + entries(private_cache, "across"):
        entry.unlink()  # (so that the files' reads are asked for again)
    assert answer(["export", "-f", "json", "-l", str(path)]) == whole
    assert answer(["check", "-l", str(path)])[1].startswith(f"{path}: ok: 1 claim, 2 actors")


# ----------------------------------------------- forged entries (issue 22, item 8)
#
# The seal is an unkeyed SHA-256: anyone who can write the cache can recompute it. These
# tests forge entries as such a person would (a valid seal over a payload of kursk's own
# shape) and hold that what kursk then says is what a whole read says.

def forge(entry: Path, change: Callable[[Any], Any], head: Callable[[Any], Any] | None = None
          ) -> None:
    """Rewrite a read's entry: its entries (and head) changed, each sealed again.
    ``change`` is given the entries as sources, actors and claims (a ``FileRead``) and
    returns them so; they are then kept as the cache keeps them (``cache.Entries``)."""
    def entries(packed: Any) -> Any:
        held = FileRead(packed.sources, packed.actors,
                        packed.claims_built(packed.statements.columns()))
        changed = change(held)
        return cache.Entries.of(changed.sources, changed.actors, changed.claims)

    forge_packed(entry, entries, head)


def forge_packed(entry: Path, change: Callable[[Any], Any],
                 head: Callable[[Any], Any] | None = None) -> None:
    """Rewrite a read's entry as kept (``cache.Entries``, its claims and statements in
    columns), each part sealed again."""
    import msgspec

    [first, second] = parts(entry)
    held = msgspec.msgpack.decode(second[32:], type=cache.Entries)
    found = msgspec.msgpack.decode(first[32:], type=FileRead)
    entry.write_bytes(framed(
        entry, msgspec.msgpack.encode(head(found) if head else found),
        msgspec.msgpack.encode(change(held))))


def _claim(held: Any, **changed: Any) -> Any:
    import msgspec

    claim = msgspec.structs.replace(held.claims[0], **changed)
    return msgspec.structs.replace(held, claims=(claim, *held.claims[1:]))


def _statement(held: Any, **changed: Any) -> Any:
    import msgspec

    claim = held.claims[0]
    first = msgspec.structs.replace(claim.statements[0], **changed)
    return _claim(held, statements=(first, *claim.statements[1:]))


ESCAPES = "\x1b]0;owned\x07\x1b[2J\u202egnp.exe"

FORGERIES = {
    "a claim without statements": lambda h: _claim(h, statements=()),
    "escapes in a claim's text": lambda h: _claim(h, text="Troops " + ESCAPES),
    "escapes in a quote": lambda h: _statement(h, quote="surrender " + ESCAPES),
    "an actor's name that shows as nothing": lambda h: __import__("msgspec").structs.replace(
        h, actors=(__import__("msgspec").structs.replace(h.actors[0], name="\u200b"),
                   *h.actors[1:])),
    "an id that is no id": lambda h: _claim(h, id="Not An Id"),
    "a quote and a paraphrase": lambda h: _statement(h, paraphrase="both"),
    "neither quote nor paraphrase": lambda h: _statement(h, quote=None),
    "an empty title": lambda h: __import__("msgspec").structs.replace(
        h, sources=(__import__("msgspec").structs.replace(h.sources[0], title=" "),)),
}

VIEWS = [["check"], ["claims"], ["export"], ["export", "-f", "json"], ["matrix"],
         ["show", "encirclement"], ["actor", "putin"], ["actors"],
         ["timeline", "encirclement"]]


@pytest.mark.parametrize("forgery", FORGERIES, ids=list(FORGERIES))
def test_a_forged_read_is_never_served(write: Write, private_cache: Path, forgery: str) -> None:
    path = write(MINIMAL)
    answer(["check", "-l", str(path)])  # fills the cache
    [entry] = entries(private_cache)
    for args in VIEWS:
        expected = answer([*args, "-l", str(path), "--no-cache"])
        forge(entry, FORGERIES[forgery])
        assert cached(private_cache, path) is None
        assert answer([*args, "-l", str(path)]) == expected, args


def _columns(part: str, **changed: Any) -> Callable[[Any], Any]:
    """A forgery of the kept entries' claim or statement columns."""
    import msgspec

    def change(held: Any) -> Any:
        columns = getattr(held, part)
        return msgspec.structs.replace(held, **{part: msgspec.structs.replace(
            columns, **{name: value(getattr(columns, name)) for name, value in
                        changed.items()})})
    return change


#: Forgeries only the kept layout allows: columns that do not line up.
PACKED_FORGERIES = {
    "counts that add up to fewer statements": _columns("claims", counts=lambda c: [1]),
    "counts that add up to more statements": _columns("claims", counts=lambda c: [3]),
    "a claim counted with no statements": _columns(
        "claims", id=lambda c: [*c, "other"], text=lambda c: [*c, "Another claim."],
        topics=lambda c: [*c, ()], relations=lambda c: [*c, ()],
        relations_at=lambda c: [*c, ()], at=lambda c: [*c, (1, 1, 1, 1, 1, 1)],
        counts=lambda c: [*c, 0]),
    "a claim column one short": _columns("claims", text=lambda c: []),
    "a statement column one short": _columns("statements", quote=lambda c: c[:1]),
    "a statement column one long": _columns("statements", note=lambda c: [*c, "extra"]),
    # A statement's actor and source are kept as places (four bytes each, little-endian)
    # in a table of the ids, each written once.
    "an actor's place past its table": _columns(
        "statements", actor=lambda c: (5).to_bytes(4, "little") + c[4:]),
    "places cut short of a whole number": _columns("statements", source=lambda c: c[:-1]),
    "a place more than there are statements": _columns(
        "statements", source=lambda c: c + bytes(4)),
    "an actor in the table that is no id": _columns(
        "statements", actors=lambda c: ["Not An Id", *c[1:]]),
    "a source in the table with escapes": _columns(
        "statements", sources=lambda c: ["report\x1b[2J", *c[1:]]),
}


@pytest.mark.parametrize("forgery", PACKED_FORGERIES, ids=list(PACKED_FORGERIES))
def test_entries_kept_in_columns_that_do_not_line_up_are_never_served(
        write: Write, private_cache: Path, forgery: str) -> None:
    """Claims and statements are kept a column per field: columns of other lengths, or
    counts of statements that do not add up, are no read kursk made."""
    path = write(MINIMAL)
    answer(["check", "-l", str(path)])  # fills the cache
    [entry] = entries(private_cache)
    for args in (["check"], ["claims"], ["export", "-f", "json"], ["show", "encirclement"]):
        expected = answer([*args, "-l", str(path), "--no-cache"])
        forge_packed(entry, PACKED_FORGERIES[forgery])
        assert cached(private_cache, path) is None
        assert answer([*args, "-l", str(path)]) == expected, args


def test_a_statement_kept_in_columns_belongs_to_its_claim(write: Write,
                                                          private_cache: Path) -> None:
    """A statement's claim is not kept (it is the claim it is counted in), so an entry
    cannot hold a statement of another claim; a cached read is the file's read."""
    path = write(MINIMAL)
    answer(["check", "-l", str(path)])
    held = cached(private_cache, path)
    assert held is not None and held == ledger.read(path.read_bytes())
    assert [s.claim for c in held.claims for s in c.statements] == ["encirclement"] * 2


def test_a_forged_head_is_never_mixed_with_the_files_read(write: Write,
                                                          private_cache: Path) -> None:
    """A head forged to hide a file's problems, with entries that give it away: kursk
    says the cache was damaged (exit 1) rather than answer from it; then all is as read."""
    import msgspec

    path = write(MINIMAL.replace("stance: denies", "stance: deny"))
    expected = answer(["check", "-l", str(path), "--no-cache"])
    assert expected[0] == 1
    answer(["check", "-l", str(path)])
    [entry] = entries(private_cache)
    forge(entry, FORGERIES["an actor's name that shows as nothing"],
          head=lambda found: msgspec.structs.replace(found, problems=()))
    code, out, err = answer(["claims", "-l", str(path)])
    assert (code, out) == (1, "")
    assert err == (f"kursk: kursk's cache held a damaged read of {path}, now mended; run the "
                   "command again\n")
    assert answer(["check", "-l", str(path)]) == expected


@pytest.mark.parametrize("head", [
    lambda found: __import__("msgspec").structs.replace(found, sections=("nonsense",)),
    lambda found: __import__("msgspec").structs.replace(
        found, includes=(__import__("kursk_cli.model").model.Include("\x1b[2J", 1, 1),)),
])
def test_a_forged_head_is_not_served(write: Write, private_cache: Path,
                                     head: Callable[[Any], Any]) -> None:
    path = write(MINIMAL)
    expected = answer(["check", "-l", str(path), "--no-cache"])
    answer(["check", "-l", str(path)])
    [entry] = entries(private_cache)
    forge(entry, lambda held: held, head=head)
    assert cached(private_cache, path) is None
    assert answer(["check", "-l", str(path)]) == expected


def test_a_part_as_long_as_its_file_but_past_the_budget_is_not_read(
        write: Write, private_cache: Path) -> None:
    """An entry really 1.5 GiB long (sparse) whose first part says so: reading it under
    a 1 GiB memory limit would fail with MemoryError; its length is past what a read of
    this ledger can need, so nothing of it is read."""
    import resource

    path = write(MINIMAL)
    expected = answer(["check", "-l", str(path)])
    [entry] = entries(private_cache)
    size = 3 << 29
    with entry.open("wb") as handle:
        handle.write((size - 4).to_bytes(4, "big"))
        handle.truncate(size)
    script = shutil.which("kursk", path=str(Path(sys.executable).parent))
    assert script is not None

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = {**os.environ, "XDG_CACHE_HOME": str(private_cache.parent), "COLUMNS": "100",
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run([script, "check", "-l", str(path)], capture_output=True,
                            text=True, env=env, preexec_fn=limited, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == expected


def test_a_file_with_relations_and_original_words_is_served_from_the_cache(
        write: Write, private_cache: Path) -> None:
    # The checks a cached read is held to know every key the reader knows: relations, a
    # statement's original words, Wikidata items and language tags are no sign of forgery.
    text = MINIMAL.replace("    aliases: [Putin]\n", "    aliases: [Putin]\n    wikidata: Q7747\n"
                           ).replace("    published: 2025-03-14\n",
                                     "    published: 2025-03-14\n    lang: en-GB\n"
                                     "    publisher_wikidata: Q1\n").replace(
        "        quote: surrender or die\n", "        quote: surrender or die\n"
        "        original:\n          source: report\n          lang: ru\n"
        "          quote: сдаться или умереть\n") + """\
  - id: surrounded
    text: Kyiv's forces in Kursk are surrounded.
    relations:
      - same-as: encirclement
      - supports: encirclement
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-10
        source: report
        quote: they are surrounded
"""
    path = write(text)
    first = answer(["show", "surrounded", "-l", str(path)])
    assert first[0] == 0, first
    assert cached(private_cache, path) == ledger.read(path.read_bytes())
    assert answer(["show", "surrounded", "-l", str(path)]) == first


RELATED = """\
sources:
  - id: wire
    title: A wire report
    published: 2025-03-20
actors:
  - id: ana
    name: Ana Petrenko
claims:
  - id: first
    text: The first claim.
    relations:
      - same-as: second
    statements:
      - actor: ana
        stance: asserts
        date: 2025-03-14
        source: wire
        quote: "We hold the line."
        original:
          source: wire
          lang: uk
          quote: "Тримаємо лінію."
  - id: second
    text: The second claim.
    statements:
      - actor: ana
        stance: denies
        date: 2025-03-14
        source: wire
        paraphrase: "Nothing of the sort."
"""


def test_a_read_with_relations_and_an_original_is_served_from_the_cache(
        write: Write, private_cache: Path) -> None:
    """Relations and a statement's original words are what reading makes them: such a
    read is served (it was once refused as if forged, and the file read again each run),
    and a forged relation or original is not."""
    import msgspec

    from kursk_cli.model import Original, Relation

    path = write(RELATED)
    expected = answer(["claims", "-l", str(path), "--no-cache"])
    assert answer(["check", "-l", str(path)])[0] == 0
    held = cached(private_cache, path)
    assert held is not None and held == ledger.read(path.read_bytes())
    assert any(c.relations for c in held.claims)
    assert any(s.original for c in held.claims for s in c.statements)
    [entry] = entries(private_cache)

    def relation(kind: str, ident: str) -> Callable[[Any], Any]:
        def change(h: Any) -> Any:
            claims = [msgspec.structs.replace(c, relations=(Relation(kind, ident),))
                      if c.relations else c for c in h.claims]
            return msgspec.structs.replace(h, claims=tuple(claims))
        return change

    def original(**changed: Any) -> Callable[[Any], Any]:
        def change(h: Any) -> Any:
            claims = []
            for c in h.claims:
                said = tuple(msgspec.structs.replace(s, original=msgspec.structs.replace(
                    s.original, **changed)) if isinstance(s.original, Original) else s
                    for s in c.statements)
                claims.append(msgspec.structs.replace(c, statements=said))
            return msgspec.structs.replace(h, claims=tuple(claims))
        return change

    sound = entry.read_bytes()
    for forgery in (relation("friend-of", "other"), relation("supports", "Not An Id"),
                    original(quote="surrender " + ESCAPES), original(paraphrase="both"),
                    original(source="Not An Id")):
        entry.write_bytes(sound)
        forge(entry, forgery)
        assert cached(private_cache, path) is None
        assert answer(["claims", "-l", str(path)]) == expected
