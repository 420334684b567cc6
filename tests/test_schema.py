"""The format is written once: the format reference's key tables (docs/format.md) and the
JSON Schema come from the table in kursk_cli/schema.py, and the schema refuses the shape
mistakes kursk does."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from helpers import FACTS, MINIMAL, ROOT, kursk
from kursk_cli import schema

SCHEMA_FILE = ROOT / "schema" / "ledger-1.schema.json"


def test_the_format_reference_is_the_table() -> None:
    reference = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    section = re.search(r"<!-- schema:start -->\n(.*?)<!-- schema:end -->", reference, re.S)
    assert section is not None
    assert section.group(1) == schema.markdown()


def test_kursk_schema_prints_the_schema_the_repository_ships() -> None:
    result = kursk(["schema"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert json.loads(result.stdout) == schema.json_schema()
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8")
    jsonschema.Draft202012Validator.check_schema(json.loads(result.stdout))


def test_the_shipped_ledger_names_its_schema_for_editors() -> None:
    first = FACTS.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/ledger-1.schema.json"
    assert (FACTS.parent / "schema" / "ledger-1.schema.json").is_file()


def errors(document: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema.json_schema())
    return sorted(error.message for error in validator.iter_errors(document))


def as_editor_reads(text: str) -> Any:
    """YAML with every scalar as text (as kursk reads it; dates stay text)."""
    return yaml.load(text, Loader=yaml.BaseLoader)  # (BaseLoader builds no objects)


def test_relations_originals_and_wikidata_are_valid() -> None:
    text = MINIMAL.replace("    statements:\n", "    relations: [same-as: x, supports: y]\n"
                           "    statements:\n").replace(
        "quote: surrender or die", "quote: x\n        original: {source: report, lang: "
        "en-GB, paraphrase: y}").replace("    name: Vladimir Putin\n",
                                         "    name: Vladimir Putin\n    wikidata: Q7747\n")
    assert errors(as_editor_reads(text)) == []


def test_the_shipped_ledger_and_a_minimal_one_are_valid() -> None:
    assert errors(as_editor_reads(FACTS.read_text(encoding="utf-8"))) == []
    assert errors(as_editor_reads(MINIMAL)) == []
    numbers = as_editor_reads("version: 1\n" + MINIMAL)
    numbers["version"] = 1  # as YAML 1.2 reads it
    assert errors(numbers) == []


BROKEN = [
    ("stance: asserts", "stnace: asserts"),              # an unknown key, a missing one
    ("stance: asserts", "stance: assert"),               # not a stance
    ("date: 2025-03-13", "date: 13.03.2025"),            # not a date
    ("quote: surrender or die", "note: x"),               # neither quote nor paraphrase
    ("quote: surrender or die",
     "quote: surrender or die\n        paraphrase: x"),  # both
    ("id: putin", "id: Putin"),                           # not an id
    ("    name: Vladimir Putin\n", ""),                   # a required key missing
    ("    statements:\n", "    status: disputed\n    statements:\n"),  # derived, never written
    ("sources:", "include: a.yaml\nsources:"),            # include is a list
    ("sources:", "version: 2\nsources:"),                 # another version
    ("    statements:\n", "    relations: [same: x]\n    statements:\n"),  # not a relation
    ("    statements:\n", "    relations: [same-as: X]\n    statements:\n"),  # not an id
    ("    name: Vladimir Putin\n", "    name: Vladimir Putin\n    wikidata: 7747\n"),
    ("quote: surrender or die", "quote: x\n        original: {source: report, lang: ru}"),
    ("quote: surrender or die",
     "quote: x\n        original: {source: report, lang: russian, quote: y}"),
]


@pytest.mark.parametrize(("old", "new"), BROKEN)
def test_shape_mistakes_kursk_refuses_the_schema_refuses_too(
        write: Any, old: str, new: str) -> None:
    text = MINIMAL.replace(old, new, 1)
    assert text != MINIMAL
    path: Path = write(text)
    assert kursk(["check", "-l", str(path), "--no-cache"]).exit_code == 1
    assert errors(as_editor_reads(text)) != []


def test_an_empty_statements_list_is_refused_by_both(write: Any) -> None:
    text = MINIMAL[: MINIMAL.index("    statements:")] + "    statements: []\n"
    assert kursk(["check", "-l", str(write(text)), "--no-cache"]).exit_code == 1
    assert errors(as_editor_reads(text)) == ["[] should be non-empty"]
