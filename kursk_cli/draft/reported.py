"""Reported speech: ``according to X``, claims rejected by someone, denials in an aside,
a speaker's relative clause; then the cue verbs."""

from __future__ import annotations

import re

from kursk_cli.draft.attribution import _content, _documented_by, _drop_trailing_attribution
from kursk_cli.draft.cues import _GOES_ON, _said_words, _shape, cues
from kursk_cli.draft.findings import Context, Findings
from kursk_cli.draft.lexicon import _ACCUSE, _CUE, _DENY, _RELATIVE, _SAY
from kursk_cli.draft.names import _trailing_name
from kursk_cli.draft.quotes import _MARK, _word_count


def reported(findings: Findings, masked: str, at: Context) -> None:
    """Reported speech: the first cue with a speaker before it gives a statement whose
    paraphrase is what was said, trimmed of the cue and its adverbials."""
    according = re.search(r"(?:^|,\s*)according to\s+([^,.;]+?)(?:,|\.?$)", masked, re.I)
    if according:
        # "according to the commission published a report ...": the speaker, not its verb
        named = re.split(r"\s+(?=[a-z]+ed\s+(?:a|an|the|its|their)\s)", according.group(1))[0]
        who = findings.cast.resolve(_documented_by(named), at.line)
        content = (masked[according.end():] if according.start() == 0
                   else masked[: according.start()])
        if according.start() > 0 and re.search(r"[A-Za-z]", masked[according.end():]):
            # "The divers, according to Kos, had left": the sentence around the aside
            content = f"{content.rstrip(' ,')} {masked[according.end():].lstrip()}"
        if who and _content(content):
            # "According to X, A": the report's words, its attribution kept (what was said
            # stands alone when the attribution closes the sentence)
            said = (f"{masked[: according.end()].strip()} {_content(content)}"
                    if according.start() == 0 else _content(content))
            findings.paraphrase([who], "", said, at, about=_content(content))
            return
    _said_as_noun(findings, masked, at)
    rest = _rejected_by(findings, masked, at)
    if rest is None:
        return
    rest, aside = _denied_aside(rest)
    rest = _relative(findings, rest, at)
    relative = _RELATIVE.match(rest)
    if relative:
        # "Peskov, who told reporters A, said B": two statements of one speaker;
        # "Putin, who spoke after the meeting, said B": one
        who = relative.group("who")
        if _CUE.search(relative.group("clause")):
            cues(findings, f"{who} {relative.group('clause')}", at)
        rest = f"{who} {relative.group('rest')}"
    cues(findings, rest, at)
    if aside is not None:
        # after the sentence's own statements: "Instead, he accused X of A, a claim Y
        # denied" — "he" is who spoke before, never Y
        _denial_in_aside(findings, aside, at)


def _rejected_by(findings: Findings, masked: str, at: Context) -> str | None:
    """``X said A, a claim rejected by Y``: Y denies A; ``The claims were dismissed by Y``:
    Y denies the claims. What is left of the sentence for its other statements comes back
    (None when nothing is)."""
    found = re.search(rf"\b(?:a|an|the)?\s*(?:claim|claims|assertion|allegation|"
                      rf"accusation|report|reports|view|account|charge|version|"
                      rf"assessment)s?\s+(?:(?:was|were)\s+)?(?:also\s+)?"
                      rf"(?P<cue>{_DENY})\s+by\s+(?P<who>[^,.;]+)", masked, re.I)
    if found is None:
        return masked
    who = findings.cast.resolve(re.split(r"\s+who\b", found.group("who"))[0], at.line)
    before = masked[: found.start()].strip(" ,")
    if re.search(r"\b(?:was|were)\b", found.group(0)):
        content = re.sub(rf"\s+(?:were|was)\s+(?:also\s+)?(?:{_DENY}).*$", "", masked)
    elif _CUE.search(before):
        content = re.sub(rf"^.*?\b(?:{_SAY})\b\s*(?:on\s+\w+day\s*)?(?:that\s+)?", "", before)
    else:
        content = before
    if who:
        findings.paraphrase([who], found.group("cue"), content.strip(" ,"), at)
    return masked[: found.start()] if _CUE.search(masked[: found.start()]) else None


_ASIDE = re.compile(rf"\s*(?:—|–|,|\s-\s)\s*(?P<head>something|which|a claim|an accusation|"
                    rf"an allegation|a charge)\s+(?:that\s+|which\s+)?"
                    rf"(?P<who>(?:the\s+)?[A-Z][\w'’. -]*?)\s+(?:has\s+|"
                    rf"have\s+|also\s+)?(?P<cue>{_DENY})\b\s*(?:—|–|,|\s-\s)?")


def _denied_aside(masked: str) -> tuple[str, re.Match[str] | None]:
    """The sentence without its aside of denial (``..., which Kyiv denies``, ``—
    something Moscow rejects —``), for its other statements; and the aside."""
    aside = _ASIDE.search(masked)
    if aside is None:
        return masked, None
    return masked[: aside.start()] + ", " + masked[aside.end():].lstrip(" ,"), aside


def _denial_in_aside(findings: Findings, aside: re.Match[str], at: Context) -> None:
    """An aside of denial: a denial, by the speaker the aside names, of what the words
    before it say (``..., a claim Kyiv denied``: in those words, filed under the claim of
    what it denies)."""
    masked = aside.string
    who = findings.cast.resolve(aside.group("who"), at.line)
    before = masked[: aside.start()]
    accusing = re.search(rf"\b(?:{_ACCUSE}|accusing)\s+(.+)$", before)
    said = list(_CUE.finditer(before))
    content = (accusing.group(1) if accusing else _content(before[said[-1].end():])
               if said else before)
    content = re.sub(r"^(?:while|after|when|as)\s+", "", content.strip(" ,"), flags=re.I)
    about = None
    if aside.group("head")[:2] == "a ":
        content, about = masked[aside.start("head"): aside.end("cue")], content
    if who and _word_count(about or content) >= 2:
        findings.paraphrase([who], aside.group("cue"), content, at, about=about)


_WHO = r"(?:he|she|they|it|(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})"
#: Statements told in a relative clause: "an attack for which he blamed the army",
#: "counts he has dismissed as political", "a charge that Kyiv denied".
_RELATIVE_SAID = re.compile(
    rf"\b(?:(?:for|of|over|about)\s+which|(?:claims?|charges?|counts?|accusations?|"
    rf"allegations?|reports?|accounts?)(?:\s+(?:that|which))?)\s+(?P<who>{_WHO})\s+"
    rf"(?:has\s+|have\s+|had\s+)?(?:also\s+|long\s+|repeatedly\s+)?"
    rf"(?P<cue>{_DENY}|{_ACCUSE}|blamed|blames)\b(?P<rest>[^,.;:—–]*)")


#: A person's name opening a sentence, before a comma or a verb in lower case.
_OPENING_NAME = re.compile(r"((?:[A-Z][\w’'.-]*\s+){0,3}?[A-Z][\w’'.-]*),?\s+(?=[a-z0-9])")


def _relative(findings: Findings, masked: str, at: Context) -> str:
    """A statement told in a relative clause (``an attack for which he blamed the army``,
    ``counts he has dismissed as political``): its speaker said it, in the report's
    words from the relative on; a denial when its cue denies. The sentence comes back
    without the statements found, for its other statements."""
    rest = masked
    for found in reversed(list(_RELATIVE_SAID.finditer(masked))):
        if found.group("cue") in ("accused", "accuses") and " of " not in found.group("rest"):
            continue  # "charges he accused" is no statement
        who = findings.cast.resolve(found.group("who"), at.line)
        opening = _OPENING_NAME.match(masked)
        if found.group("who") in ("he", "she") and opening and (
                _trailing_name(opening.group(1)) == (opening.group(1), "")
                and opening.group(1).lower() not in ("he", "she", "the")):
            # "Smith, 52, was jailed in May over a raid for which he blamed the army":
            # the person the sentence is about
            named = findings.cast.resolve(opening.group(1), at.line)
            who = findings.cast.guess(named, found.group("who"), at.line) if named else who
        if who is not None:
            findings.paraphrase([who], found.group("cue"), found.group(0).strip(), at)
            rest = rest[: found.start()] + rest[found.end():]
    return rest


_NOUN = (r"claims?|conclusions?|assertions?|allegations?|accusations?|charges?|findings?|"
         r"contention|insistence|denials?|warnings?|estimates?")
#: "Kaltar's conclusion that ...", "Ines Salvadó's claims that ...": the owner said it.
_OWNED = re.compile(rf"(?P<who>(?:[A-Z][\w’'.-]*\s+){{0,4}}[A-Z][\w.-]*)['’]s\s+"
                    rf"(?P<noun>{_NOUN})\s+that\s+(?P<content>[^;]+)")
#: "claims made by a parliamentary commission that ...": whoever made them said it.
_MADE_BY = re.compile(rf"\b(?P<noun>{_NOUN})\s+(?:made|issued|put forward|levell?ed|"
                      rf"published|voiced|raised)\s+by\s+(?P<who>[^,;]{{2,80}}?)\s+that\s+"
                      rf"(?P<content>[^;]+)")


def _said_as_noun(findings: Findings, masked: str, at: Context) -> None:
    """Statements named by a noun: ``X's conclusion that A``, ``claims made by X that A``:
    X said A (denied it, for ``X's denial that A``)."""
    found = _OWNED.search(masked) or _MADE_BY.search(masked)
    if found is None:
        return
    who = findings.cast.resolve(found.group("who"), at.line)
    content = _drop_trailing_attribution(_content(found.group("content")))
    if who and _word_count(content) >= 3:
        verb = "denied" if found.group("noun").startswith("denial") else "claimed"
        findings.paraphrase([who], verb, content, at)


#: A participle going on after a quote's attribution: '"...," X said, adding that ...'.
_GOING_ON = re.compile(rf",\s*(?:while\s+|and\s+)?(?:also\s+)?(?P<verb>{_GOES_ON.pattern})\b")


def after_quote(findings: Findings, masked: str, quote: int, at: Context) -> None:
    """``"...," X said, adding that A``, ``"...," the ministry stated, refuting B``: the
    quote's speaker (the last one found) said A, or denied B, too."""
    tail = masked[masked.find(chr(_MARK + quote)) + 1:]
    found = _GOING_ON.search(tail)
    if findings.current is None or found is None or not _CUE.search(tail, 0, found.start()):
        return
    verb = found.group("verb")
    content = _shape(verb, tail[found.end():])
    if _said_words(content, at) >= 2:
        findings.paraphrase([findings.current], verb, content, at)
