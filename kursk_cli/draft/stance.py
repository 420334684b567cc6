"""A statement's stance from its cue and its words."""

from __future__ import annotations

from kursk_cli.draft.lexicon import (
    _DENIAL_PHRASES,
    _DENY_WORDS,
    _QUALIFY_WORDS,
    _QUALIFYING_PHRASES,
)
from kursk_cli.model import Stance


def _stance_of(cue: str, words: str) -> Stance:
    cue = cue.lower()
    if _DENY_WORDS.match(cue):
        return Stance.DENIES
    if _QUALIFY_WORDS.match(cue):
        return Stance.QUALIFIES
    if _QUALIFYING_PHRASES.search(words):
        return Stance.QUALIFIES
    if _DENIAL_PHRASES.search(words):
        return Stance.DENIES
    return Stance.ASSERTS
