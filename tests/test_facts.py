"""The shipped ledger, facts.yaml, is sound and true to the report it was built from."""

from __future__ import annotations

import re

import pytest

from helpers import ARTICLE, FACTS
from kursk_cli import ledger
from kursk_cli.model import Stance, Status

TYPOGRAPHIC = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def plain(text: str) -> str:
    """Quote marks made ASCII and white space folded, as the ledger may write them."""
    return " ".join(text.translate(TYPOGRAPHIC).split())


@pytest.fixture(scope="module")
def article() -> str:
    if not ARTICLE.exists():
        pytest.fail(f"the source report is missing at {ARTICLE}; it ships in ../shared/source")
    return plain(ARTICLE.read_text(encoding="utf-8"))


def test_shipped_ledger_checks_clean() -> None:
    found, problems = ledger.check(FACTS)
    assert problems == []
    assert found is not None
    assert (len(found.claims), len(found.actors), len(found.statements)) == (14, 9, 20)


def test_every_quote_stands_verbatim_in_the_report(article: str) -> None:
    found = ledger.load(FACTS)
    quotes = [s.quote for s in found.statements if s.quote is not None]
    assert len(quotes) == 9
    for quote in quotes:
        assert plain(quote) in article, quote


def test_words_quoted_inside_paraphrases_stand_in_the_report(article: str) -> None:
    found = ledger.load(FACTS)
    fragments = [f for s in found.statements if s.paraphrase
                 for f in re.findall(r'"([^"]+)"', s.paraphrase)]
    assert sorted(fragments) == ["completely surrounded", "surrender or die", "terrorism",
                                 "very difficult"]
    for fragment in fragments:
        assert f'"{fragment}"' in article


def test_encirclement_is_disputed_by_name() -> None:
    claim = ledger.load(FACTS).claim_by_id["kursk-encirclement"]
    assert claim.status is Status.DISPUTED
    assert claim.actors_with(Stance.ASSERTS) == ("putin", "trump")
    assert claim.actors_with(Stance.DENIES) == ("ukraine-general-staff",)
    assert claim.actors_with(Stance.QUALIFIES) == ("zelenskyy",)


def test_statements_fall_on_the_days_of_the_report() -> None:
    found = ledger.load(FACTS)
    dates = {s.date.isoformat() for s in found.statements}
    assert dates == {"2025-03-13", "2025-03-14"}
    putin_thursday = [s for s in found.statements if s.date.isoformat() == "2025-03-13"]
    assert [(s.actor, s.claim) for s in putin_thursday] == [("putin", "kursk-encirclement")]


def test_publisher_and_url_are_left_unknown() -> None:
    source = ledger.load(FACTS).sources[0]
    assert (source.publisher, source.url) == (None, None)
