"""The drafting rules keep the scores they reach on the evaluation corpus.

benchmarks/draft_score.py prints the table; these floors are the figures measured when
the rules were last changed (held-out: the reports not used to develop the rules). A
change that lowers any figure fails here: raise the floor when a change raises it.
"""

from __future__ import annotations

import pytest

import draft_score

FLOORS = {
    "tuned": {"quote recall": 1.0, "quote speaker": 1.0, "quote precision": 1.0,
              "quote denials": 1.0, "reported speaker": 1.0, "reported precision": 1.0,
              "reported stance": 1.0, "dates": 1.0},
    "heldout": {"quote recall": 1.0, "quote speaker": 1.0, "quote precision": 1.0,
                "quote denials": 0.88, "reported speaker": 0.94, "reported precision": 0.93,
                "reported stance": 1.0, "dates": 0.98},
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_do_not_fall(name: str) -> None:
    figures = draft_score.score_set(name).figures()
    assert {k: v for k, v in figures.items() if v < FLOORS[name][k]} == {}


def test_the_corpus_is_as_large_as_promised() -> None:
    tallies = [draft_score.score_set(name) for name in FLOORS]
    assert sum(t.reports for t in tallies) >= 20
    assert sum(t.quotes + t.reported for t in tallies) >= 150
