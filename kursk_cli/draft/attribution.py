"""The words that attribute a statement: who, by which cue, and what they said."""

from __future__ import annotations

import functools
import re

from kursk_cli.draft.lexicon import (
    _BODIES,
    _CUE,
    _DENY,
    _ORG_WORDS,
    _QUALIFY,
    _QUOTED_FROM,
    _SAY,
)
from kursk_cli.draft.names import _trailing_name
from kursk_cli.draft.quotes import _MARK, _MARKS
from kursk_cli.draft.speakers import _Cast
from kursk_cli.draft.subjects import _subject

_LETTER = re.compile(r"[A-Za-z]")
#: A head that hands over to the quote after it: 'X said:', 'X said that', 'X denied'.
_ENDS_IN_CUE = re.compile(rf"(?:[:,]|\b(?:{_SAY}|{_DENY}|{_QUALIFY})(?:\s+that)?)\s*$")
_ACCORDING = re.compile(r"\baccording to\b", re.I)


def _direct_attribution(masked: str, quotes: list[int]) -> tuple[str | None, str]:
    """The words that attribute ``quotes`` as direct quotes (``"...," X said``, ``X said:
    "..."``, ``according to X, "..."``), if the sentence has that shape; and the words
    before the first quote."""
    first = masked.find(chr(_MARK + quotes[0]))
    last = masked.find(chr(_MARK + quotes[-1]))
    head = masked[:first].strip()
    tail = masked[last + 1:].strip()
    at_end = not _LETTER.search(tail)
    if not _LETTER.search(head):
        return _MARKS.sub(" ", masked[first + 1:]), head
    if at_end and (_ENDS_IN_CUE.search(head.rstrip("—–- ")) or _ACCORDING.search(head)):
        return head, head
    if not _CUE.search(head) and not _QUOTED_FROM.search(head + " ") and _tail_attribution(tail):
        # 'The shelling was "a crime against everyone," the mayor said.': the quote
        # closes a clause of no speech verb; the attribution after it says whose it is
        return tail, head
    return None, head


#: A document standing for whoever issued it, with no verb: '"...," a statement
#: broadcast on state radio.'
_VERBLESS = re.compile(r"(?P<doc>(?:an?|the|its|their)\s+(?:[\w’'-]+\s+){0,2}?(?:statement|"
                       r"readout|notice|communiqu[eé]|release))\b(?P<rest>[^\d]*)", re.I)


#: Who issued a document, named after it: "from the Harbour Board", "by Osterland's army".
_ISSUED_BY = re.compile(r"\s+(?:from|by|of|issued\s+by|released\s+by)\s+((?:the\s+)?[A-Z][\w’'.-]*"
                        r"(?:\s+(?:of\s+)?[A-Z][\w’'.-]*){0,4}"
                        # "Kessland's army", "Kessland's foreign ministry": the body owned
                        r"(?:(?<=['’]s)(?:\s+[a-z]+){0,2}?\s+(?:"
                        + "|".join(sorted(_BODIES | _ORG_WORDS)) + r"))?)\b")


def _tail_attribution(tail: str) -> bool:
    """Whether the words after a sentence's last quote only attribute it: a speaker and
    a speech verb in a few words (``the mayor said on Friday``, ``said the mayor``), or
    a document with no verb (``a statement posted online``)."""
    tail = tail.strip(" ,.;—–-")
    if _VERBLESS.fullmatch(tail) and not _CUE.search(tail):
        return True
    cue = _CUE.search(tail)
    if cue is None or re.search(r"\bthat\b", tail[cue.end():]):
        return False
    before = tail[: cue.start()].split()
    return len(before) <= 8 and not re.search(r"[\U000F0000-\U000FFFFF]", tail) and (
        not before or before[0][:1].isupper() or before[0].lower() in ("the", "a", "an", "he",
                                                                        "she", "it", "they"))


_LEADING = re.compile(
    r"^(?:\s*(?:,|that|also|again|on\s+\w+day(?:\s+(?:morning|afternoon|evening|night))?|"
    r"yesterday|today|in\s+(?:a|an|his|her|its|their)\s+[\w\s-]*?(?:statement|address|"
    r"interview|post|message|briefing|speech|conference|remarks)|on\s+(?:telegram|x|"
    r"social\s+media|television|state\s+television|truth\s+social)|to\s+(?:reporters|"
    r"journalists|lawmakers|parliament)|reporters|journalists|lawmakers|the\s+press|"
    r"at\s+a\s+[\w\s-]*?(?:briefing|conference|meeting)|late|earlier|later|outright|"
    r"flatly|firmly|publicly|again))\b", re.I)


def _content(after: str) -> str:
    """Reported content after a cue, adverbials and ``that`` trimmed."""
    text = after
    previous = None
    while previous != text:
        previous = text
        text = _LEADING.sub("", text, count=1).lstrip(" ,:")
    text = re.sub(r"\s*[.!?;]+$", "", text.strip())
    return text.strip(" ,")


def _tail_is_adverbial(after: str) -> bool:
    """Whether the words after a cue are only adverbials (``said on Friday.``, ``said,
    after talks in Riyadh.``): the reported content then stands before the speaker."""
    rest = _ACCORDING_FIRST.sub("", after.strip())
    rest = _WHEN_FIRST.sub("", rest)
    # "..., officials said on Thursday, days after Moscow agreed to ...": when, not what
    rest = _DAYS_AFTER.sub("", rest)
    if len(rest.split()) > 10 or _THAT.search(rest):
        return False
    return not _content(rest) or bool(_PREPOSITION_FIRST.match(rest))


_ACCORDING_FIRST = re.compile(r"^(?:,\s*)?according to [^,.]+")
_WHEN_FIRST = re.compile(r"^\s*,\s*(?:after|before|as|when|while|following|amid|despite|in|"
                         r"at)\b.*$")
_DAYS_AFTER = re.compile(r",\s*(?:\w+\s+)?(?:days?|hours?|weeks?|months?)\s+(?:after|before)"
                         r"\b.*$")
_THAT = re.compile(r"\bthat\b")
_PREPOSITION_FIRST = re.compile(r"\s*,?\s*(?:on|in|at|to|after|during|via|by|from|with|late|"
                                r"earlier|last|as|before)\b")


#: A finding or a speech verb in the clause an "according to" opens.
_FOUND = re.compile(rf"\s(found|finds|concluded|concludes|showed|shows|{_SAY}|{_DENY})"
                    r"(?:\s+that)?\b")


def _documented_by(phrase: str) -> str:
    """Who a document speaks for: "a White House statement" is the White House."""
    phrase = re.sub(r"^(?:an?|the)\s+(?=[A-Z])", "", phrase.strip())
    owner = re.sub(r"(?:'s|’s)?\s+(?:statement|readout|transcript|report|account|website|"
                   r"post|data|figures|assessment|findings|review|study|inquiry|"
                   r"investigation|analysis|survey)$", "", phrase)
    # "the inquiry", "an investigation": no owner named, the document speaks for itself
    return phrase if re.fullmatch(r"(?:an?|the|its|their)?", owner, re.I) else owner


def _drop_trailing_attribution(text: str) -> str:
    text = re.sub(r",\s*(?:according to|as)\b[^,]*$", "", text).strip(" ,")
    # "..., Testwire reports": the outlet that carried it
    text = re.sub(r",\s+(?:[A-Z][\w.&-]*\s+){1,3}(?:reports|reported|says|said)$", "",
                  text).strip(" ,")
    # "..., a claim rejected by Kyiv", "..., an assertion Kyiv did not confirm"
    text = re.sub(r",\s+(?:an?|the)\s+(?:claim|assertion|allegation|accusation|statement|"
                  r"report|view|account|charge|version|assessment)\b.*$", "", text).strip(" ,")
    # ", while Moscow played down ...", ", even as ...": a clause of someone else's
    text = re.sub(r",\s+(?:while|whereas)\s+[A-Z].*$", "", text).strip(" ,")
    # "... as Europe weighs peacekeepers": a clause of someone else's
    text = re.sub(r"\s+as\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+[a-z]+(?:s|ed)\b.*$",
                  "", text).strip(" ,")
    # a headline's "..., Kremlin cautious", "...; Kyiv sceptical": someone else's mood
    text = re.sub(r"[,;]\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+(?:cautious|"
                  r"sceptical|skeptical|wary|silent|unmoved|doubtful)$", "", text).strip(" ,")
    return re.sub(r",\s+(?:even as|even though|although|though|despite)\b.*$", "",
                  text).strip(" ,")


@functools.lru_cache(maxsize=16)
def _sentence_text(plain: str) -> str:
    """A sentence on one line, as a new claim's text. Asked once per statement found in
    it: kept, so a sentence of thousands of statements is not joined thousands of times."""
    return " ".join(plain.split())


def attribution(cast: _Cast, words: str, line: int) -> tuple[list[str], str] | None:
    """The speakers an attribution names (``Kremlin spokesman Dmitry Peskov told
    reporters``, ``said Peskov``, ``according to the ministry``) and its cue verb."""
    words = words.strip(" ,.;:—–-")
    according = re.search(r"\baccording to\s+([^,.;]+)", words, re.I)
    if according and not _CUE.search(words[: according.start()]):
        # "According to the agency, the commission's review found that ... '...'": the
        # one the outlet reports speaks, not the outlet
        found = _FOUND.search(words, according.end())
        inner = _subject(words[according.end(): found.start()]) if found else None
        actor = cast.resolve(_documented_by(inner or according.group(1)), line)
        return ([actor], found.group(1) if inner and found else "") if actor else None
    cue = _CUE.search(words)
    verbless = _VERBLESS.fullmatch(words) if cue is None else None
    if verbless is not None:
        # '"...," a statement broadcast on state radio': whoever issued it
        document = verbless.group("doc")
        owner = _documented_by(document)
        issuer = _ISSUED_BY.match(verbless.group("rest"))
        if issuer is not None:
            # "a statement from the Harbour Board": the board's
            actor = cast.resolve(issuer.group(1), line)
        else:
            actor = cast.resolve(owner if owner[:1].isupper() else document, line)
        return ([actor], "") if actor else None
    if cue is None:
        return None
    before, after = words[: cue.start()], words[cue.end():]
    subject = _subject(before) if before.strip() else None
    if subject is None and not before.strip():
        # "said Peskov", "said one woman standing outside"
        parts = re.split(r",|\s(?:who|standing|speaking|in|at|on|after|during|when|while|"
                         r"before|as|adding)\s", after)
        subject = parts[0].strip()
        if len(parts) > 1 and subject[:1].islower() and _trailing_name(parts[1].strip())[0]:
            # "said team leader, Brigadier Tarek Obeng, speaking ...": the name after the role
            subject = parts[1].strip()
    if not subject:
        return None
    actors = cast.resolve_all(subject, line)
    return (actors, cue.group("cue")) if actors else None
