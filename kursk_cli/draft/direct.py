"""Direct quotes attributed by the words around them, and replies of a word or two."""

from __future__ import annotations

import re

from kursk_cli.draft.attribution import (
    _direct_attribution,
    _sentence_text,
    _tail_is_adverbial,
    attribution,
)
from kursk_cli.draft.cues import _GOES_ON, cues
from kursk_cli.draft.findings import Context, Findings
from kursk_cli.draft.lexicon import _CUE, _SAY
from kursk_cli.draft.names import _fold
from kursk_cli.draft.quotes import _MARK, _MARKS, _inner, _is_mark, _quotes, _word_count
from kursk_cli.draft.result import LeftOut
from kursk_cli.draft.sentences import _Sentence
from kursk_cli.draft.stance import _stance_of


def short_replies(findings: Findings, masked: str, short: list[int], inners: list[str],
                  lines: list[int], line: int) -> None:
    """Quotes of a word or two attributed as direct quotes are (``"Never," said X``)
    replies, which mean nothing without the question the quote does not hold: left out,
    and the reviewer told, to draft them by hand."""
    words = _direct_attribution(masked, short)[0]
    who = attribution(findings.cast, words, line) if words is not None else None
    if who is None:
        return
    for q in short:
        count = "one word" if _word_count(inners[q]) == 1 else "two words"
        findings.left_out.append(LeftOut(lines[q], inners[q], f"only {count} quoted from "
                                         + " and ".join(map(findings.cast.name_of, who[0]))))


#: A name and a colon before a quote: 'Dost: "..."', 'Pell Water Board: "..."'.
_NAME_COLON = re.compile(r"((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*)\s*:")
#: A headline's label before a colon, never a speaker.
_KICKER = re.compile(r"update|breaking|watch|live|exclusive|analysis|opinion|video|photos?|"
                     r"explainer|factbox|timeline|editorial|comment|correction|q&a",
                     re.I)


def direct(findings: Findings, masked: str, sentence: _Sentence, real: list[int],
           lines: list[int], at: Context) -> bool:
    """Quotes attributed by the words around them: ``"...," X said``, ``X said: "..."``,
    ``according to X, "..."``. False when the quotes sit inside reported speech instead
    (mixed quotes)."""
    words, head = _direct_attribution(masked, real)
    if words is None:
        _participial(findings, masked, real, lines, at)
        return False
    at_start = not re.search(r"[A-Za-z]", head)
    who = attribution(findings.cast, words, at.line)
    named = _NAME_COLON.fullmatch(head) if who is None and words == head else None
    if named is not None and not _KICKER.fullmatch(named.group(1)):
        # 'Dost: "The levee holds"' (a headline's or a transcript's way): Dost said it
        actors = findings.cast.resolve_all(named.group(1), at.line)
        who = (actors, "") if actors else None
    if who is None:
        if at_start or re.search(r":\s*$", head):
            for q in real:
                findings.unattributed(lines[q], at.inners[q])
            return True
        return False
    actors, cue = who
    said = list(_CUE.finditer(words)) if words == head else []
    if len(said) >= 2 and _GOES_ON.fullmatch(said[-1].group("cue")):
        # 'X rejected the assertion online, stating: "..."': what X did first is a
        # statement too
        cues(findings, words[: said[-1].start()], at)
    speakers = _speakers_between(findings, masked, real, actors, at.line) if (
        words == head) else [actors] * len(real)
    for q_index, q in enumerate(real):
        for actor in speakers[q_index]:
            findings.add(actor, findings.quote_stance(actor, cue, at.inners[q],
                                                      sentence.paragraph),
                         at.date, at.inners[q], None, lines[q], at.excerpt,
                         _sentence_text(at.plain), follows=q_index > 0, dated=at.dated)
        _nested(findings, at.inners[q], lines[q], at)
    return True


#: Who a quote inside a quote is attributed to, within the outer quote: '"The colonel
#: told us, 'Nobody leaves tonight,' and left," X said'.
_NESTED_SAID = re.compile(
    rf"(?:^|[.!?;:]\s+|,\s+|\band\s+|\bthen\s+)(?P<who>(?:[Tt]he\s+|[Aa]n?\s+)?[A-Z][\w'’.-]*"
    rf"(?:\s+[\w'’.-]+){{0,4}}?)\s+(?:{_SAY}|shouted|yelled|screamed|ordered|whispered)"
    r"(?:\s+(?:at|to)\s+\w+|\s+(?:us|them|me|him|her|everyone|everybody))?,?\s*$")
_PERSONAL = frozenset({"i", "we", "you", "he", "she", "it", "they"})


def _nested(findings: Findings, words: str, line: int, at: Context) -> None:
    """A quote inside ``words`` (a quote) whose own speaker is named there, as that
    speaker's statement; one said by a pronoun (whose 'he'?) stays in the outer quote."""
    if not any(mark in words for mark in "'‘\""):
        return
    outer = findings.current
    for start, end, closed in _quotes(words):
        inner = _inner(words, start, end, closed)
        named = _NESTED_SAID.search(words, max(start - 200, 0), start) if _word_count(
            inner) >= 3 else None
        if named is None or _fold(named.group("who")) in _PERSONAL:
            continue
        for actor in findings.cast.resolve_all(named.group("who"), at.line):
            findings.add(actor, _stance_of("", inner), at.date, inner, None, line,
                         at.excerpt, _sentence_text(at.plain), follows=True, dated=at.dated)
    if outer is not None and findings.current != outer:
        findings.cast.spoke(outer)  # the outer speaker goes on speaking
        findings.current = outer


def _speakers_between(findings: Findings, masked: str, real: list[int], actors: list[str],
                      line: int) -> list[list[str]]:
    """The speakers of each quote a leading attribution opens: ``X warned that "...,"
    Y wrote, adding that it wanted "..."`` gives the quotes after Y's attribution to Y."""
    at = {ord(c) - _MARK: i for i, c in enumerate(masked) if _is_mark(c)}
    out = []
    for index, q in enumerate(real):
        if index:
            between = masked[at[real[index - 1]] + 1: at[q]]
            who = attribution(findings.cast, between, line) if re.search(
                r"[A-Za-z]{2,}\s+" + _CUE.pattern, between) else None
            if who is not None:
                actors = who[0]
        out.append(actors)
    return out


#: A sentence opened by a participle whose clause holds the quotes: 'Calling the plan
#: "a reckless gamble," the mayor said ...', 'Quoting "people close to the talks," the
#: agency reported ...'.
_OPENER = re.compile(r"[A-Z][a-z]+ing\s[^,;:.!?]*$")


def _participial(findings: Findings, masked: str, real: list[int], lines: list[int],
                 at: Context) -> None:
    """The quotes of a participial opener, drafted as the main clause's speaker's (the
    rest of the sentence is left to the reported-speech stage)."""
    last = masked.find(chr(_MARK + real[-1]))
    if not _OPENER.match(_MARKS.sub(" ", masked[:last])):
        return
    rest = masked[last + 1:].lstrip(" ,")
    cue = _CUE.search(rest)
    if cue is None or len(rest[: cue.start()].split()) > 8:
        return
    who = attribution(findings.cast, rest[: cue.end()], at.line)
    if who is None:
        return
    actors, verb = who
    for q in real:
        for actor in actors:
            findings.add(actor, findings.quote_stance(actor, verb, at.inners[q],
                                                      findings.paragraph),
                         at.date, at.inners[q], None, lines[q], at.excerpt,
                         _sentence_text(at.plain), dated=at.dated)


def only_attributes(words: str) -> bool:
    """Whether ``words`` (before a quote) only say who speaks: ``X told reporters on
    Monday:``, never ``X said the dam held and added:``."""
    cue = _CUE.search(words)
    return cue is not None and _tail_is_adverbial(words[cue.end():].rstrip(" :,—–-"))
