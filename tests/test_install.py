"""The installed package: console script, `python -m`, and the shipped ledger."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import FACTS


def test_installed_package_ships_the_top_level_facts_yaml(tmp_path: Path) -> None:
    # The installed copy, asked from a folder outside the checkout (the tests themselves
    # import the work tree, whose kursk_cli/ has no facts.yaml inside).
    probe = ("from importlib import resources; import sys; "
             "sys.stdout.buffer.write(resources.files('kursk_cli')"
             ".joinpath('facts.yaml').read_bytes())")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=_env(),
                            capture_output=True, timeout=60)
    assert result.returncode == 0, "the build must place facts.yaml inside kursk_cli/"
    assert result.stdout == FACTS.read_bytes()


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KURSK_LEDGER", "FORCE_COLOR")}
    env.update(COLUMNS="100", NO_COLOR="1")
    return env


def test_console_script_runs_the_shipped_ledger_from_any_folder(tmp_path: Path) -> None:
    script = shutil.which("kursk", path=str(Path(sys.executable).parent))
    assert script is not None, "the kursk console script is not installed"
    result = subprocess.run([script, "check"], cwd=tmp_path, env=_env(), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(": ok: 14 claims, 9 actors, 20 statements, 2 disputed\n")
    assert result.stderr == ("no facts.yaml here or above; showing the example ledger; "
                             "kursk init starts one\n")


def test_python_dash_m_and_exit_code_of_a_bad_ledger(tmp_path: Path) -> None:
    bad = tmp_path / "facts.yaml"
    bad.write_text("sources: []\nactors: []\nclaims: [\n")
    result = subprocess.run([sys.executable, "-m", "kursk_cli", "claims"], cwd=tmp_path,
                            env=_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "facts.yaml:4:1: a value is missing here\n1 problem in facts.yaml\n"
    assert "Traceback" not in result.stderr


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    from helpers import MINIMAL

    head, claim = MINIMAL.split("claims:\n")
    claims = "".join(claim.replace("id: encirclement", f"id: c{i}").replace(
        "text: Ukrainian troops are encircled.", f"text: Claim number {i}.")
        for i in range(1500))
    ledger = tmp_path / "many.yaml"
    ledger.write_text(head + "claims:\n" + claims)
    script = shutil.which("kursk", path=str(Path(sys.executable).parent))
    assert script is not None
    reader = subprocess.Popen([script, "export", "-l", str(ledger), "--no-cache"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    assert reader.stdout is not None and reader.stderr is not None
    assert reader.stdout.readline().startswith(b"claim_id,claim,status")
    reader.stdout.close()  # like `| head -1`
    assert reader.wait(timeout=60) == 0
    assert reader.stderr.read() == b""


def test_console_script_drafts_and_merges_from_any_folder(tmp_path: Path) -> None:
    script = shutil.which("kursk", path=str(Path(sys.executable).parent))
    assert script is not None, "the kursk console script is not installed"
    report = Path(__file__).resolve().parent.parent / "examples" / "sumy-report.txt"
    shutil.copy(FACTS, tmp_path / "facts.yaml")  # (draft never works on the example ledger)
    drafted = subprocess.run([script, "draft", str(report), "-o", "draft.yaml"], cwd=tmp_path,
                             env=_env(), capture_output=True, text=True, timeout=60)
    assert drafted.returncode == 0, drafted.stderr
    assert drafted.stderr.endswith("wrote draft.yaml\n")
    merged = subprocess.run([script, "merge", "draft.yaml"], cwd=tmp_path, env=_env(),
                            capture_output=True, text=True, timeout=60)
    assert merged.returncode == 0, merged.stderr
    assert merged.stderr == ("added 1 source, 1 actor, 4 claims, 7 statements to facts.yaml: "
                             "ok: 18 claims, 10 actors, 27 statements, 2 disputed\n")
