"""A statement's stance from its cue and its words."""

from __future__ import annotations

import re

from kursk_cli.draft.lexicon import (
    _DENIAL_PHRASES,
    _DENY_WORDS,
    _QUALIFY_WORDS,
    _QUALIFYING_PHRASES,
)
from kursk_cli.model import Stance

#: Negations that assert: "there was no doubt that ...", "it was not false that ...",
#: "did not hesitate to ...", "had never looked better".
_ASSERTING = re.compile(r"\b(?:(?:there\s+(?:is|was|can\s+be)\s+)?no\s+doubt|"
                        r"(?:is|was|are|were)\s+not\s+(?:false|untrue|a\s+lie|baseless|"
                        r"fabricated|fiction|unfounded)|(?:did\s+not|never)\s+hesitate|"
                        r"never\s+(?:looked|been|felt|sounded|done)\s+better)\b", re.I)


def _stance_of(cue: str, words: str) -> Stance:
    cue = cue.lower()
    if _DENY_WORDS.match(cue):
        return Stance.DENIES
    if _QUALIFY_WORDS.match(cue):
        return Stance.QUALIFIES
    if _QUALIFYING_PHRASES.search(words):
        return Stance.QUALIFIES
    if _DENIAL_PHRASES.search(_ASSERTING.sub(" ", words)):
        return Stance.DENIES
    return Stance.ASSERTS
