"""The speaker phrase before a cue verb."""

from __future__ import annotations

import functools
import re

from kursk_cli.draft.lexicon import _ANONYMOUS, _ORG_WORDS, _TITLE_WORDS, _WITNESSES
from kursk_cli.draft.names import _HONORIFICS, _fold, _trailing_name
from kursk_cli.draft.quotes import _MARKS

_ADVERBIAL_TAIL = re.compile(
    r"(?:,?\s+(?:also|again|both|earlier|later|yesterday|today|tonight|separately|then|"
    r"previously|once more|too|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)(?:\s+(?:morning|afternoon|evening|night))?|last\s+(?:week|month|night)|"
    r"in\s+a\s+statement|on\s+social\s+media|already|further|since|first|now|still|"
    r"for\s+(?:years|months|weeks|decades|days)|long|"
    r"point-blank|(?:has|have|had|would|will|could|should|may|might|must|did|does|do|"
    r"is|was|were|are|had)(?:\s+not)?|\([A-Z]{2,6}\)|,))\s*$", re.I)
#: An adverb in -ly before the verb ("X firmly denied"), in lower case (never "Kelly").
_LY_TAIL = re.compile(r"\s+[a-z]+ly$")
#: A part before a cue that says how or where someone spoke: skipped, the speaker is
#: the part before it ("The Russian leader, speaking in Moscow, said").
_MODIFIER = re.compile(
    r"^(?:in\s|at\s|on\s|by\s|after\s|before\s|for\s+(?:his|her|its|their)\s+part|"
    r"speaking\b|addressing\b|wearing\b|asked\b|writing\b|visiting\b|standing\b|"
    r"meanwhile|however|separately|also|too|in turn|earlier|later|overnight|"
    r"(?:instead|nonetheless|nevertheless|moreover|furthermore|likewise|similarly|indeed|"
    r"in (?:reply|response|addition)|quoting|citing)\b|"
    r"last\s+(?:week|month|night)|yesterday|today|"
    # "X, accused of massacres, denied ...": what X is, not who spoke
    r"(?:[a-z]+ly\s+)?[a-z]+ed\s+(?:of|by|for|with|as|from)\b)", re.I)
#: A part that is a clause of the sentence, not a speaker.
_CLAUSE = re.compile(
    r"^(?:while|when|as|even|who|which|where|although|though|something|according|but|and|so|"
    r"yet|with|without|from|during|if|because|since|that|reports?|claims?)\b", re.I)


@functools.lru_cache(maxsize=4096)
def _clean_subject(phrase: str) -> str:
    """The phrase without the adverbials, auxiliaries and punctuation around a speaker
    (cached: the same attributions come back, ``he said``)."""
    phrase = phrase.strip(" ,;:-—–")
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = _ADVERBIAL_TAIL.sub("", phrase).strip(" ,;:-—–")
        phrase = _LY_TAIL.sub("", phrase) if phrase.count(" ") else phrase
    return phrase


#: How far before a cue verb its speaker is looked for, in characters: a speaker phrase is
#: a few words, and a bounded look keeps a paragraph of many cues linear.
_REACH = 400


def _window(before: str) -> str:
    """The last ``_REACH`` characters of ``before``, from a word's start."""
    if len(before) <= _REACH:
        return before
    tail = before[-_REACH:]
    space = tail.find(" ")
    return tail[space + 1:] if space >= 0 else tail


def _subject(before: str) -> str | None:
    """The speaker phrase at the end of the words before a cue verb (``Earlier, the
    Russian defence ministry`` gives ``the Russian defence ministry``), appositives kept
    (``Dmitry Peskov, the Kremlin spokesman``), or None when there is none."""
    # Every quote is one placeholder to _subject_of, whichever quote it is (the speaker
    # is never inside one): "'...,' he said" is the same look, and the cache finds it.
    return _subject_of(_MARKS.sub(_ANY_QUOTE, _window(before)))


_ANY_QUOTE = "\U000F0000"


_SHARED = re.compile(r"^(.*\S)\s+(?:and|but)(?:\s+(?:also|then|later))?$")
_CLAUSE_HEAD = re.compile(r"^((?:[Tt]he\s+)?(?:[A-Z][\w'’.-]*\s+)*[A-Z][\w'’.-]*)\s+[a-z]")
_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
#: A time leading the sentence without a comma: "On Friday", "On March 11", "Late on Monday".
_WHEN = re.compile(rf"^(?:(?:Late|Early)\s+)?(?:On|By)\s+(?:\w+day|{_MONTH}\s+\d{{1,2}}|"
                   rf"\d{{1,2}}\s+{_MONTH})(?:\s+(?:morning|afternoon|evening|night))?\s+"
                   rf"(?=[A-Z]|the\s)")
#: A clause of another speaker, joined in time or cause: "... after Kyiv (accused)".
_AFTER = re.compile(r"(?:.*\s)?(?:after|before|because|since|until|once)\s+((?:the\s+)?"
                    r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})$")
_DASHED = re.compile(r"\s+[—–]\s+(?:an?|which|who)\s+[^—–]{3,160}?(?:\s+[—–])?\s*$")
#: A place name alone, the country after a city ("Port Amaury, Hesperin").
_PLACE = re.compile(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?")
_PARTS = re.compile(r"\s*(?:,|—|–|\s-\s|;)\s*")


@functools.lru_cache(maxsize=4096)
def _subject_of(before: str) -> str | None:
    """:func:`_subject` of a bounded text (cached: attributions repeat, ``he said``)."""
    before = _clean_subject(before)
    shared = _SHARED.match(before)
    if shared:
        # "Putin thanked the troops and said ...": the clause's own subject speaks
        head = _CLAUSE_HEAD.match(shared.group(1))
        return head.group(1) if head else None
    if not before or _MARKS.search(before):
        parts = _MARKS.split(before)
        before = _clean_subject(parts[-1]) if parts else ""
        if not before:
            return None
    before = re.sub(r"^(?:And|But|So|Yet)\s+", "", before)  # "And X posted that ..."
    before = re.sub(r"^(?:Following|After)\s+which\s+", "", before)
    before = _WHEN.sub("", before)  # "On Friday Eskeland declared ..."
    after = _AFTER.fullmatch(before)
    if after is not None:
        before = after.group(1)  # "The board voiced alarm after Kyiv accused ...": Kyiv
    # "Hesperin's Northern Command — an army formation ... — denied": the appositive
    # between dashes says what the speaker is
    before = _DASHED.sub("", before) or before
    parts = [p.strip() for p in _PARTS.split(before) if p.strip()]
    if len(parts) > 2 and _MODIFIER.match(parts[-2]) and _PLACE.fullmatch(parts[-1]):
        parts.pop()  # "X, speaking in Port Amaury, Hesperin, ...": the place goes on
    while parts and (_MODIFIER.match(parts[-1]) or (
            len(parts) > 1 and re.match(r"(?:who|which)\b", parts[-1]))):
        parts.pop()  # "X, who has led the office since May, ...": X
    if not parts:
        return None
    last = parts[-1]
    if _CLAUSE.match(last):
        # "as Russian forces attempt ... and the US urges ...": the last clause's subject
        joined = re.match(r"(?:.*\s)?(?:and|but|while|whereas|as|when|although|though|"
                          r"because|since)\s+"
                          r"((?:the\s+)?[A-Z][^,]*|(?:an?|the)\s+[a-z][a-z ]*)$", last)
        if joined is None or len(joined.group(1).split()) > 6:
            return None
        last = joined.group(1)
    if not _subject_like(last):
        return None
    words = last.split()
    if len(words) > 1 and words[-1].lower() in ("he", "she", "it", "they"):
        return words[-1].lower()  # "published video it said showed ...": a relative
    kept = [p for p in parts[:-1] if not _MODIFIER.match(p)]
    if kept and not _CLAUSE.match(kept[-1]) and _subject_like(kept[-1]):
        pair = f"{kept[-1]}, {last}"
        one, two = _trailing_name(kept[-1]), _trailing_name(last)
        titled = not one[1] or all(_fold(w) in _HONORIFICS for w in one[1].split())
        if ((one[0] and titled and not any(_VERB.fullmatch(w) for w in words))
                or (two[0] and not two[1] and _role_like(kept[-1]))) and (
                len(kept[-1].split()) <= 9 and len(words) <= 14):
            return pair
    subject = re.sub(r"^(?:both)\s+", "", last)
    if re.search(r"\s(?:of|to|for|the|a|an|in|on|at|by|with|from|that)$", subject):
        return None
    if len(subject.split()) > 9:
        # "the office of the prisons directorate in the Northern Territory": where it is
        body = _WHERE.sub("", subject)
        if _DESCRIPTION.fullmatch(body) and not any(_VERB.fullmatch(w) for w in body.split()):
            subject = body
    if len(subject.split()) > 9:
        return None
    return subject


#: A body described in lower case ("the office of the prisons directorate"), not a
#: clause ("the denial comes after an article").
_DESCRIPTION = re.compile(r"(?:[Tt]he|[Aa]n?)(?:\s+(?!(?:after|before|when|while|as|since|than|"
                          r"because|and|but|that|which|who)\b)[a-z]+)+")
#: A place after a speaker phrase: "in the Northern Territory", "at Port Amaury".
_WHERE = re.compile(r"\s+(?:in|at|of)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*$")


#: A word that makes a part a clause: an auxiliary, or a verb in the past.
_VERB = re.compile(r"was|were|is|are|has|have|had|will|would|did|does|can|could|"
                   r"(?!(?:armed|united|retired|elected|appointed)$)[a-z]+ed")


def _role_like(part: str) -> bool:
    """Whether a part can be the role beside a name ("the Kremlin spokesman", "Defence
    Minister"), not a clause of its own ("The bridge was mined")."""
    words = part.split()
    if words[0].lower() in ("the", "a", "an", "its", "his", "her", "their"):
        return len(words) <= 8 and not any(_VERB.fullmatch(w) for w in words[1:])
    return all(w[:1].isupper() or w.lower() in _TITLE_WORDS or w.lower() in _ORG_WORDS
               or w.lower() in ("at", "of", "for", "in", "on", "to", "and", "the", "a", "an")
               for w in words)


def _subject_like(part: str) -> bool:
    """Whether a comma-separated part can name a speaker: a capital, an article or a
    pronoun first, a title (``head of the ...``) or a name at its end."""
    first = part.split()[0].lower()
    return (part[:1].isupper() or first in ("the", "a", "an", "he", "she", "it", "they", "we",
                                            "both", "its", "his", "her", "their")
            or first in _TITLE_WORDS or first in _ORG_WORDS
            or bool(_WITNESSES.fullmatch(" ".join(part.lower().split()[:2])))
            or bool(_WITNESSES.fullmatch(first))
            or _trailing_name(part)[0] is not None)


_TWO = re.compile(r"^(.+?)\s+and\s+(.+)$")


#: A list of speakers: "Lind, Kos and the mayor (all)".
_LIST = re.compile(r"(?P<names>[^,]+(?:,\s*[^,]+)+?),?\s+and\s+"
                   r"(?P<last>(?:the\s+)?[A-Za-z][\w’'.-]*(?:\s+(?!(?:all|both|together|jointly)\b)[\w’'.-]+){0,2}"
                   r"(?:\s+(?:all|both|together|jointly))?)")
#: One capitalised name of a list, of up to three words.
_LISTED_NAME = re.compile(r"(?!The\b)[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2}")


def _speakers(subject: str) -> list[str]:
    """One speaker phrase, two for ``Trump and Putin``, each of a list (``Lind, Kos and
    the mayor``)."""
    listed = _LIST.fullmatch(subject) if " and " in subject and "," in subject else None
    if listed is not None:
        # names before the last ("the mayor" may end it); never an appositive ("Peskov,
        # the Kremlin spokesman, and ...")
        names = [p.strip() for p in listed.group("names").split(",")]
        if all(_LISTED_NAME.fullmatch(n) for n in names):
            return [*names, re.sub(r"\s+(?:all|both|together|jointly)$", "",
                                   listed.group("last"))]
    two = _TWO.match(subject) if " and " in subject else None
    if two and not re.search(r"\b(?:of|for)\b", two.group(1)) and (
            two.group(1)[:1].isupper() and (two.group(2)[:1].isupper() or (
                _WITNESSES.fullmatch(two.group(2)) or _ANONYMOUS.fullmatch(two.group(2))))):
        # "Trump and Putin", "Campaigners and observers" (the second nobody in particular)
        return [two.group(1), two.group(2)]
    return [subject]
