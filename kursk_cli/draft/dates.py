"""The day a statement was made."""

from __future__ import annotations

import datetime as dt
import re

from kursk_cli.draft.lexicon import _WEEKDAYS


def _day(sentence: str, published: dt.date) -> dt.date:
    """The day a weekday or ``yesterday`` in the sentence points to (the latest such day
    on or before publication), else the day of publication."""
    lowered = sentence.lower()
    back = 0
    if re.search(r"\byesterday\b", lowered):
        back = 1
    elif found := re.search(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
                            lowered):
        back = (published.weekday() - _WEEKDAYS[found.group(1)]) % 7
    try:
        return published - dt.timedelta(days=back)
    except OverflowError:  # before the first day of the calendar: the report's own day
        return published
