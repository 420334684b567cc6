"""CI only (needs ../shared): the shipped ledger's quotes stand verbatim in its report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kursk_cli import loader

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts.yaml"
ARTICLE = ROOT.parent / "shared" / "source" / "kursk-surrender-article.txt"
TYPOGRAPHIC = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def plain(text: str) -> str:
    """Quote marks made ASCII and white space folded, as the ledger may write them."""
    return " ".join(text.translate(TYPOGRAPHIC).split())


@pytest.fixture(scope="module")
def article() -> str:
    if not ARTICLE.exists():
        pytest.fail(f"the source report is missing at {ARTICLE}; it ships in ../shared/source")
    return plain(ARTICLE.read_text(encoding="utf-8"))


def test_every_quote_stands_verbatim_in_the_report(article: str) -> None:
    found = loader.load(FACTS)
    quotes = [s.quote for s in found.statements if s.quote is not None]
    assert len(quotes) == 9
    for quote in quotes:
        assert plain(quote) in article, quote


def test_words_quoted_inside_paraphrases_stand_in_the_report(article: str) -> None:
    found = loader.load(FACTS)
    fragments = [f for s in found.statements if s.paraphrase
                 for f in re.findall(r'"([^"]+)"', s.paraphrase)]
    assert sorted(fragments) == ["completely surrounded", "surrender or die", "terrorism",
                                 "very difficult"]
    for fragment in fragments:
        assert f'"{fragment}"' in article


