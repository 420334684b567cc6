"""The day a statement was made."""

from __future__ import annotations

import datetime as dt
import re

from kursk_cli.draft.lexicon import _NUMBERS, _WEEKDAYS

_WEEKDAY = re.compile(r"\b(?:(?:last|on|this)\s+)?(monday|tuesday|wednesday|thursday|friday|"
                      r"saturday|sunday)\b", re.I)
#: Words before a weekday that make it a plan, not the day something was said.
_PLAN = re.compile(r"(?:\b(?:will|would|shall|plans?|planned|planning|due|scheduled|"
                   r"expected|intends?|hopes?|aims?)\b[^.;]{0,40}|\b(?:next|until|by|before)"
                   r"\s+)$", re.I)
_AGO = re.compile(rf"\b(\d{{1,3}}|{'|'.join(_NUMBERS)}|a)\s+(day|week)s?\s+ago\b", re.I)


def _day(sentence: str, published: dt.date) -> tuple[dt.date, str | None]:
    """The day a weekday, ``yesterday`` or ``two days ago`` in the sentence points to (the
    latest such day on or before publication), with the words it came from; else the day
    of publication and None. A weekday that names a plan (``will try on Friday``) is no
    date."""
    back, words = 0, None
    if found := re.search(r"\byesterday\b", sentence, re.I):
        back, words = 1, found.group(0)
    elif found := _AGO.search(sentence):
        count = found.group(1).lower()
        n = int(count) if count.isdigit() else 1 if count == "a" else _NUMBERS[count]
        back, words = n * (7 if found.group(2).lower() == "week" else 1), found.group(0)
    else:
        for found in _WEEKDAY.finditer(sentence):
            if not _PLAN.search(sentence, 0, found.start()):
                back = (published.weekday() - _WEEKDAYS[found.group(1).lower()]) % 7
                words = found.group(0)
                break
    try:
        return published - dt.timedelta(days=back), words
    except OverflowError:  # before the first day of the calendar: the report's own day
        return published, None
