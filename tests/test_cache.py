"""The cache is invisible to correctness: keyed on content, never stale, self-healing."""

from __future__ import annotations

import datetime as dt
import io
import os
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import FACTS, MINIMAL, kursk
from kursk_cli import cache, export, query
from kursk_cli.errors import LedgerInvalid
from kursk_cli.model import Actor, Claim, Ledger, Source, Stance, Statement, Status

Write = Callable[..., Path]


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.sqlite")) if folder.exists() else []


def disputed_ids(path: Path, *extra: str, **env: str) -> list[str]:
    result = kursk(["claims", "--disputed", "-f", "csv", "-l", str(path), *extra], **env)
    assert result.exit_code == 0, result.output
    return [line.split(",")[0] for line in result.stdout.splitlines()[1:]]


def test_second_run_is_served_from_the_cache_with_the_same_output(
        write: Write, private_cache: Path) -> None:
    path = write(MINIMAL)
    first = kursk(["claims", "-l", str(path)])
    assert len(cache_files(private_cache)) == 1
    second = kursk(["claims", "-l", str(path)])
    assert second.stdout == first.stdout and second.exit_code == 0
    assert cache.lookup(private_cache, path, cache.key_of(path.read_bytes())) is not None


def test_every_view_gives_the_same_answer_cached_and_not(private_cache: Path) -> None:
    for args in (["claims", "--disputed"], ["claims", "--topic", "KURSK"], ["claims", "-f", "csv"],
                 ["claims", "--disputed", "-f", "csv"], ["claims", "-t", "sumy", "-f", "csv"],
                 ["actor", "putin"],
                 ["show", "kursk-encirclement"], ["matrix"], ["actors"], ["export"],
                 ["claims", "--actor", "trump", "-f", "json"], ["check"]):
        cold = kursk([*args, "-l", str(FACTS), "--no-cache"])
        kursk([*args, "-l", str(FACTS)])  # fills the cache
        warm = kursk([*args, "-l", str(FACTS)])
        assert (warm.exit_code, warm.stdout, warm.stderr) == (
            cold.exit_code, cold.stdout, cold.stderr), args
    assert len(cache_files(private_cache)) == 1


def test_an_edit_that_keeps_size_and_time_is_still_seen(write: Write) -> None:
    path = write(MINIMAL)
    assert disputed_ids(path) == ["encirclement"]
    info = path.stat()
    path.write_text(MINIMAL.replace("stance: denies", "stance: qualifies").replace(
        "are false.", "are no."))  # three characters longer, three shorter
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns
    assert disputed_ids(path) == []


def test_invalid_ledger_is_never_cached(write: Write, private_cache: Path) -> None:
    path = write(MINIMAL.replace("stance: denies", "stance: deny"))
    assert kursk(["claims", "-l", str(path)]).exit_code == 1
    assert kursk(["check", "-l", str(path)]).exit_code == 1
    assert cache_files(private_cache) == []


def test_garbage_cache_is_ignored_and_rebuilt(write: Write, private_cache: Path) -> None:
    path = write(MINIMAL)
    disputed_ids(path)
    [cached] = cache_files(private_cache)
    cached.write_bytes(b"not a database at all" * 100)
    assert disputed_ids(path) == ["encirclement"]
    assert cache.lookup(private_cache, path, cache.key_of(path.read_bytes())) is not None


@pytest.mark.parametrize(("payload", "command"), [
    ("ledger", ["actor", "putin", "-f", "csv"]),
    ("claims:disputed", ["claims", "--disputed", "-f", "json"]),
    ("claims-csv:disputed", ["claims", "--disputed", "-f", "csv"]),
    ("claims:asserted", ["claims", "-f", "json"]),
])
def test_damaged_payload_is_detected_and_rebuilt(write: Write, private_cache: Path,
                                                 payload: str, command: list[str]) -> None:
    path = write(MINIMAL)
    expected = kursk([*command, "-l", str(path), "--no-cache"]).stdout
    disputed_ids(path)
    [cached] = cache_files(private_cache)
    with sqlite3.connect(cached) as db:
        db.execute("UPDATE blobs SET blob = ? WHERE name = ?", (b"\x00garbage", payload))
    assert kursk([*command, "-l", str(path)]).stdout == expected
    with sqlite3.connect(cached) as db:
        (blob,) = db.execute("SELECT blob FROM blobs WHERE name = ?", (payload,)).fetchone()
    assert blob != b"\x00garbage"


def test_cache_from_another_version_is_not_used(write: Write, private_cache: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(MINIMAL)
    disputed_ids(path)
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    assert cache.lookup(private_cache, path, cache.key_of(path.read_bytes())) is None


def test_no_cache_flag_and_environment_turn_it_off(write: Write, private_cache: Path) -> None:
    path = write(MINIMAL)
    assert disputed_ids(path, "--no-cache") == ["encirclement"]
    assert disputed_ids(path, KURSK_NO_CACHE="1") == ["encirclement"]
    assert kursk(["check", "--no-cache", "-l", str(path)]).exit_code == 0
    assert cache_files(private_cache) == []


def test_no_cache_does_not_read_a_cache_either(write: Write, private_cache: Path) -> None:
    path = write(MINIMAL)
    disputed_ids(path)
    [cached] = cache_files(private_cache)
    # A forged cache claiming a third claim for these exact bytes:
    forged = query.claims(cache.open_ledger(path, "x", use_cache=False).ledger,
                          query.Filters()).table.rows[0]
    import marshal
    rows = [forged, ("forged", *forged[1:])]
    blob = marshal.dumps("".join(export.csv_lines(rows)))
    with sqlite3.connect(cached) as db:
        db.execute("UPDATE blobs SET blob = ?, digest = ? WHERE name = 'claims-csv:disputed'",
                   (blob, cache._digest(blob)))
    assert disputed_ids(path) == ["encirclement", "forged"]  # the cache was read
    assert disputed_ids(path, "--no-cache") == ["encirclement"]


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
    assert disputed_ids(path, XDG_CACHE_HOME="") == ["encirclement"]


def test_unwritable_cache_folder_leaves_kursk_working(write: Write, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    path = write(MINIMAL)
    assert disputed_ids(path, XDG_CACHE_HOME=str(blocker)) == ["encirclement"]


def test_concurrent_writers_leave_one_whole_cache(write: Write, private_cache: Path) -> None:
    path = write(MINIMAL)
    found = cache.open_ledger(path, "x", use_cache=False).ledger
    key = cache.key_of(path.read_bytes())
    from kursk_cli import ledger as reader
    prints = reader.fingerprints(path.read_bytes(), found)
    assert prints is not None
    # Half of them with fingerprints, which copy blocks from the cache being replaced.
    writers = [threading.Thread(target=cache.store,
                                args=(private_cache, path, key, found, prints if n % 2 else None))
               for n in range(8)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    assert len(cache_files(private_cache)) == 1
    assert list(private_cache.glob(".kursk-*")) == []
    hit = cache.lookup(private_cache, path, key)
    assert hit is not None and hit.ledger() == found


def test_a_writer_that_died_mid_write_leaves_nothing_that_is_read(
        write: Write, private_cache: Path) -> None:
    path = write(MINIMAL)
    private_cache.mkdir(parents=True)
    (private_cache / ".kursk-abandoned.tmp").write_bytes(b"half a cache")
    assert disputed_ids(path) == ["encirclement"]
    assert disputed_ids(path) == ["encirclement"]


def test_invalid_after_valid_is_reported_not_served(write: Write) -> None:
    path = write(MINIMAL)
    assert disputed_ids(path) == ["encirclement"]
    path.write_text(MINIMAL.replace("stance: denies", "stance: deny"))
    with pytest.raises(LedgerInvalid):
        cache.open_ledger(path, "x")


# ------------------------------------------------ cached answers equal computed ones

words = st.text(st.characters(min_codepoint=32, max_codepoint=0x24F), min_size=1,
                max_size=12).filter(str.strip)


@st.composite
def small_ledgers(draw: st.DrawFn) -> Ledger:
    actors = tuple(Actor(f"a{i}", draw(words)) for i in range(3))
    source = Source("s", "t", dt.date(2025, 3, 31))
    claims = []
    for c in range(draw(st.integers(0, 6))):
        statements = tuple(
            Statement(f"c{c}", f"a{draw(st.integers(0, 2))}", draw(st.sampled_from(list(Stance))),
                      dt.date(2025, 3, draw(st.integers(1, 31))), "s", draw(words))
            for _ in range(draw(st.integers(1, 4))))
        claims.append(Claim(f"c{c}", draw(words), statements,
                            tuple(draw(st.lists(st.sampled_from(["kursk", "sumy", "Kúrsk"]),
                                                max_size=2, unique=True)))))
    return Ledger((source,), actors, tuple(claims))


@settings(max_examples=40,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(small_ledgers(), st.booleans(), st.sampled_from([None, "kursk", "KURSK", "sumy", "x"]))
def test_claims_from_the_cache_equal_claims_computed(tmp_path: Path, found: Ledger,
                                                     disputed: bool, topic: str | None) -> None:
    path = tmp_path / "l.yaml"
    path.write_bytes(b"any bytes")
    key = cache.key_of(path.read_bytes())
    cache.store(tmp_path / "c", path, key, found)
    hit = cache.lookup(tmp_path / "c", path, key)
    assert hit is not None
    loaded = cache.Loaded(path, "l.yaml", None, hit, None)
    filters = query.Filters(disputed=disputed, topic=topic)
    assert loaded.claims(filters) == query.claims(found, filters)
    both_sides = query.claims(found, query.Filters(disputed=True)).table
    written = io.StringIO(newline="")
    export.write_csv(both_sides, written)
    assert loaded.claims_csv(query.Filters(disputed=True)) == written.getvalue()
    assert loaded.claims_csv(query.Filters(disputed=True, topic="kursk")) is None
    assert loaded.claims_csv(query.Filters()) is None
    assert hit.ledger() == found


def test_streamed_digest_and_whole_bytes_give_one_key(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(MINIMAL.encode() * 50_000)  # several read chunks
    from kursk_cli import files
    assert cache._key(files.digest(path, "x")) == cache.key_of(path.read_bytes())


@pytest.mark.parametrize("target", ["file", "folder"])
def test_a_cache_others_could_write_is_not_read(write: Write, private_cache: Path,
                                                 target: str) -> None:
    path = write(MINIMAL)
    disputed_ids(path)
    [cached] = cache_files(private_cache)
    key = cache.key_of(path.read_bytes())
    assert cache.lookup(private_cache, path, key) is not None
    (cached if target == "file" else private_cache).chmod(0o777 if target == "folder"
                                                           else 0o666)
    assert cache.lookup(private_cache, path, key) is None
    assert disputed_ids(path) == ["encirclement"]


@pytest.mark.parametrize("forged", [([0], [], []), 7, ("a", "b"), ([0], [()], [("x",)], 1)])
def test_payload_of_the_wrong_shape_is_rebuilt_not_trusted(
        write: Write, private_cache: Path, forged: object) -> None:
    import marshal
    path = write(MINIMAL)
    expected = kursk(["claims", "-l", str(path), "-f", "json", "--no-cache"]).stdout
    disputed_ids(path)
    [cached] = cache_files(private_cache)
    blob = marshal.dumps(forged)  # type: ignore[arg-type]  # any marshallable value
    with sqlite3.connect(cached) as db:
        db.execute("UPDATE blobs SET blob = ?, digest = ? WHERE name = 'claims:disputed'",
                   (blob, cache._digest(blob)))
    result = kursk(["claims", "-l", str(path), "-f", "json"])
    assert (result.exit_code, result.stdout) == (0, expected)


def test_the_collector_is_paused_only_while_reading_and_caching(write: Write) -> None:
    import gc
    path = write(MINIMAL)
    assert gc.isenabled()
    cache.open_ledger(path, "x").ledger  # noqa: B018  # reads, checks, writes the cache
    cache.open_ledger(path, "x").ledger  # noqa: B018  # reads the cache
    assert gc.isenabled()
    gc.disable()
    try:
        cache.open_ledger(path, "x", use_cache=False)
        assert not gc.isenabled()  # a caller's choice is left as it was
    finally:
        gc.enable()


def test_derived_values_are_not_pickled() -> None:
    import pickle

    found = cache.open_ledger(FACTS, "facts.yaml", use_cache=False).ledger
    claim = found.claim_by_id["kursk-encirclement"]
    assert claim.status.value == "disputed" and claim.latest.isoformat() == "2025-03-14"
    copy = pickle.loads(pickle.dumps(claim))
    assert copy == claim
    assert set(vars(copy)) == {"id", "text", "statements", "topics"}
    assert set(vars(pickle.loads(pickle.dumps(found)))) == {"sources", "actors", "claims"}


# ------------------------------------------- an edited ledger: only its changes re-read


def many_claims(count: int) -> str:
    """A sound ledger of ``count`` claims, each disputed, one line of text apart."""
    claims = "".join(f"""\
  - id: claim-{n}
    text: Claim number {n} is true.
    statements:
      - actor: putin
        stance: asserts
        date: 2025-03-13
        source: report
        quote: words {n}
      - actor: general-staff
        stance: denies
        date: 2025-03-14
        source: report
        paraphrase: Claim {n} is false.
""" for n in range(count))
    return MINIMAL.split("claims:\n")[0] + "claims:\n" + claims


def block_names(cached: Path) -> set[str]:
    with closing(sqlite3.connect(cached)) as db:
        return {name for (name,) in db.execute(
            "SELECT name FROM blobs WHERE name LIKE 'block:%'")}


def spy_on_reread(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each re-read since answered (True) or left it to a whole read."""
    from kursk_cli import ledger as reader

    answers: list[bool] = []
    real = reader.reread

    def spy(*args: Any) -> Any:
        result = real(*args)
        answers.append(result is not None)
        return result

    monkeypatch.setattr(reader, "reread", spy)
    return answers


@pytest.mark.parametrize("args", [["claims", "-f", "csv"], ["claims", "--disputed", "-f", "csv"],
                                  ["show", "claim-7"], ["export", "-f", "json"], ["check"]])
def test_an_edited_ledger_answers_as_if_read_whole(write: Write, private_cache: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   args: list[str]) -> None:
    path = write(many_claims(120))
    kursk(["check", "-l", str(path)])  # the cache of the version before the edit
    answers = spy_on_reread(monkeypatch)
    path.write_text(path.read_text().replace("Claim number 7 is", "Claim number 7 was")
                    .replace("  - id: claim-90\n", "  - id: claim-90b\n"))
    cold = kursk([*args, "-l", str(path), "--no-cache"])
    warm = kursk([*args, "-l", str(path)])
    assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout,
                                                          cold.stderr)
    assert answers == [True]
    assert "was true" in kursk(["show", "claim-7", "-l", str(path)]).stdout


def test_an_edit_makes_again_only_the_rows_of_claims_it_changed(
        write: Write, private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(many_claims(120))
    disputed_ids(path)
    made: list[int] = []  # how many claims each claims view was made of
    real = query.claims

    def spy(found: Ledger, filters: query.Filters) -> query.ClaimsResult:
        made.append(len(found.claims))
        return real(found, filters)

    monkeypatch.setattr(query, "claims", spy)
    # An earlier denial moves claim-7 from the middle of the view to its start.
    path.write_text(path.read_text().replace(
        "date: 2025-03-14\n        source: report\n        paraphrase: Claim 7 is",
        "date: 2025-03-13\n        source: report\n        paraphrase: Claim 7 is"))
    warm = kursk(["claims", "-f", "csv", "-l", str(path)])
    assert made == [1]
    assert warm.stdout == kursk(["claims", "-f", "csv", "-l", str(path), "--no-cache"]).stdout
    assert warm.stdout.splitlines()[1].startswith("claim-7,")
    # A renamed actor is in every row they are on: every row is made again.
    made.clear()
    path.write_text(path.read_text().replace("name: Vladimir Putin", "name: V. Putin"))
    warm = kursk(["claims", "--disputed", "-f", "csv", "-l", str(path)])
    assert made == [120]
    assert warm.stdout == kursk(["claims", "--disputed", "-f", "csv", "-l", str(path),
                                 "--no-cache"]).stdout
    assert warm.stdout.count("V. Putin") == 120


@pytest.mark.parametrize(("edit", "answered", "first", "last"), [
    # in the edited claims alone: the re-read reports them, at their lines
    ((("source: report\n        quote: words 30", "source: reprot\n        quote: words 30"),
      ("stance: denies\n        date: 2025-03-14\n        source: report\n"
       "        paraphrase: Claim 41 ", "stance: deny\n        date: 2025-03-14\n"
       "        source: report\n        paraphrase: Claim 41 ")), True,
     "408:17: unknown source 'reprot'; did you mean 'report'?", "2 problems in"),
    # in claims not edited (the actor they all name is gone): those are read again
    ((("  - id: general-staff\n    name: General Staff of Ukraine\n", ""),), True,
     "18:16: unknown actor 'general-staff'; declare it under actors", "50 problems in"),
    # not YAML (a quote left open): left to a whole read
    ((("quote: words 30\n", 'quote: "words 30\n'),), False,
     "662:1: the file ends inside a quoted text; add the closing quote", "1 problem in"),
])
def test_an_edit_that_breaks_the_ledger_is_reported_as_a_whole_read_would(
        write: Write, private_cache: Path, monkeypatch: pytest.MonkeyPatch,
        edit: tuple[tuple[str, str], ...], answered: bool, first: str, last: str) -> None:
    path = write(many_claims(50))
    disputed_ids(path)
    answers = spy_on_reread(monkeypatch)
    text = path.read_text()
    for old, new in edit:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text)
    cold = kursk(["check", "-l", str(path), "--no-cache"])
    warm = kursk(["check", "-l", str(path)])
    assert cold.exit_code == warm.exit_code == 1
    assert warm.stderr == cold.stderr and warm.stdout == cold.stdout
    assert answers == [answered]
    *located, summary = warm.stderr.splitlines()
    assert located[0] == f"{path}:{first}"
    assert all(line.startswith(f"{path}:") for line in located)
    assert summary == f"{last} {path}"


def test_an_edit_pickles_again_only_the_blocks_it_touched(write: Write,
                                                          private_cache: Path) -> None:
    path = write(many_claims(400))
    disputed_ids(path)
    [cached] = cache_files(private_cache)
    before = block_names(cached)
    path.write_text(path.read_text().replace("Claim number 200 is", "Claim number 200 was"))
    disputed_ids(path)
    after = block_names(cached)
    assert len(before) > 5  # 400 claims make blocks of about 32
    assert 1 <= len(after - before) <= 2 and len(before - after) <= 2
    hit = cache.lookup(private_cache, path, cache.key_of(path.read_bytes()))
    assert hit is not None
    assert hit.ledger() == cache.open_ledger(path, "x", use_cache=False).ledger


def test_a_damaged_block_is_never_served_nor_reused(write: Write, private_cache: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(many_claims(100))
    disputed_ids(path)
    [cached] = cache_files(private_cache)
    with closing(sqlite3.connect(cached)) as db:
        db.execute("UPDATE blobs SET blob = ? WHERE name IN (SELECT name FROM blobs "
                   "WHERE name LIKE 'block:%' LIMIT 1)", (b"\x80\x05garbage",))
        db.commit()
    expected = kursk(["show", "claim-3", "-l", str(path), "--no-cache"]).stdout
    assert kursk(["show", "claim-3", "-l", str(path)]).stdout == expected  # rebuilt
    hit = cache.lookup(private_cache, path, cache.key_of(path.read_bytes()))
    assert hit is not None and hit.ledger() is not None  # whole again: not copied over
    with closing(sqlite3.connect(cached)) as db:
        db.execute("UPDATE blobs SET blob = ? WHERE name IN (SELECT name FROM blobs "
                   "WHERE name LIKE 'block:%' LIMIT 1)", (b"\x80\x05garbage",))
        db.commit()
    answers = spy_on_reread(monkeypatch)
    path.write_text(path.read_text() + "# edited\n")
    assert kursk(["show", "claim-3", "-l", str(path)]).stdout == expected
    assert answers == []  # nothing trusted of the damaged cache: a whole read


def test_entries_cached_by_another_version_are_not_reused(
        write: Write, private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(many_claims(40))
    disputed_ids(path)
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    assert cache.earlier(private_cache, path) is None
    answers = spy_on_reread(monkeypatch)
    copied: list[int] = []  # how many blocks each cache write was handed to take over
    real = cache.store

    def spy(*args: Any) -> cache.Computed:
        copied.append(len(args[5] or {}))
        return real(*args)

    monkeypatch.setattr(cache, "store", spy)
    path.write_text(path.read_text() + "# edited\n")
    assert disputed_ids(path)[:2] == ["claim-0", "claim-1"]
    assert answers == [] and copied == [0]  # no entry reused, no block taken over
    path.write_text(path.read_text() + "# again\n")  # now of this version: both reused
    assert disputed_ids(path)[:2] == ["claim-0", "claim-1"]
    assert answers == [True] and copied[-1] > 1


@settings(max_examples=60)
@given(small_ledgers(), st.booleans(), st.sampled_from([None, "kursk", "x"]))
def test_the_claims_view_is_the_claims_derived_values(found: Ledger, disputed: bool,
                                                      topic: str | None) -> None:
    filters = query.Filters(disputed=disputed, topic=topic)
    rows = tuple((c.id, c.text, c.status.value,
                  found.actor_names(c.actors_with(Stance.ASSERTS)),
                  found.actor_names(c.actors_with(Stance.DENIES)),
                  c.latest.isoformat(), len(c.sources))
                 for c in query.select(found, filters))
    assert query.claims(found, filters).table.rows == rows


@settings(max_examples=60)
@given(small_ledgers())
def test_the_summary_counted_from_the_views_is_the_ledgers_own(found: Ledger) -> None:
    # `check` prints it after an edit; the disputed count comes from the claims view.
    computed = cache.views(found)
    assert computed.summary == found.summary
    assert computed.summary["disputed"] == sum(c.status is Status.DISPUTED
                                               for c in found.claims)


@pytest.mark.parametrize("forged", [
    {"sources": [[0]], "actors": [b"a", b"b"], "claims": [b"c"]},   # not bytes (unhashable)
    {"sources": [b""], "actors": [b"a", b"b"], "claims": [b"c"]},   # an empty fingerprint
    {"sources": [b"a"], "actors": [b"a", b"b"]},                    # a section missing
    [b"a", b"b"],                                                   # not a mapping
])
def test_fingerprints_of_the_wrong_shape_are_not_trusted(
        write: Write, private_cache: Path, forged: object) -> None:
    import marshal
    path = write(MINIMAL)
    disputed_ids(path)
    [cached] = cache_files(private_cache)
    blob = marshal.dumps(forged)  # type: ignore[arg-type]  # any marshallable value
    with closing(sqlite3.connect(cached)) as db:
        db.execute("UPDATE blobs SET blob = ?, digest = ? WHERE name = 'entries'",
                   (blob, cache._digest(blob)))
        db.commit()
    assert cache.earlier(private_cache, path) is None
    path.write_text(MINIMAL + "# edited\n")
    result = kursk(["claims", "-l", str(path), "-f", "json"])
    expected = kursk(["claims", "-l", str(path), "-f", "json", "--no-cache"])
    assert (result.exit_code, result.stdout) == (0, expected.stdout)
