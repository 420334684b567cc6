"""Reported speech by cue verbs, left to right, one clause at a time."""

from __future__ import annotations

import re

from kursk_cli.draft.attribution import _content, _drop_trailing_attribution, _tail_is_adverbial
from kursk_cli.draft.findings import Context, Findings
from kursk_cli.draft.lexicon import _CUE, _DENY_WORDS, _JOIN, _URGE
from kursk_cli.draft.quotes import _MARK, _is_mark, _word_count
from kursk_cli.draft.subjects import _CLAUSE, _CLAUSE_HEAD, _REACH, _subject


def cues(findings: Findings, masked: str, at: Context) -> None:
    """Reported speech by cue verbs, left to right. A clause joined by ``but``, ``and`` or
    ``while`` with a cue of its own is a second statement: of the same speakers
    (``acknowledged A but said B``) or of the speaker it names (``said A, while Ukraine
    denied B``)."""
    # "X, accused of massacres, denied ...", "was blamed for": passive, nobody speaks
    found = [c for c in _CUE.finditer(masked) if not _NOUN_BEFORE.search(
        masked, max(c.start() - 16, 0), c.start()) or c.group("cue") not in _NOUNS]
    found = [c for c in found if not (
        _PASSIVE_AFTER.match(masked, c.end())
        and (_PASSIVE_BEFORE.search(masked, max(c.start() - 12, 0), c.start())
             or re.match(r"charged\s+with\b", masked[c.start(): c.end() + 6])))
        and not _done_to(masked, c)]
    # "posted footage", "pressed on with", "continued for an hour": no speech
    found = [c for c in found if not not_speech(masked, c)]
    index = 0
    actors: list[str] = []
    accused = False
    denied: str | None = None  # the denial cue the clause before was said with
    while index < len(found):
        cue = found[index]
        # Bounded looks around the cue: a paragraph may hold thousands of cues.
        near = masked[max(cue.start() - _REACH, 0): cue.start()]
        verb = cue.group("cue").lower()
        if not actors:
            subject = _doer(near, verb) or _subject(near)
            if subject is None:
                index += 1
                continue
            after = masked[cue.end(): cue.end() + _REACH]
            # "..., the Chancery said Wednesday, rejecting ...": the participle goes on
            going_on = _GOES_ON_TAIL.search(after)
            core = _WEEKDAY.sub("", after[: going_on.start()] if going_on else after)
            if (_tail_is_adverbial(core) or (verb == "told" and _told_whom(core))) and (
                    "," in masked[: cue.start()]):
                # "..., the ministry said on Thursday.": what was said comes first
                before = masked[: cue.start()]
                cut = before.rstrip().rfind(subject.split(",")[0])
                actors = findings.cast.resolve_all(subject, at.line)
                content = _drop_trailing_attribution(before[:cut].rstrip(" ,"))
                if actors and _word_count(content) >= 2:
                    findings.paraphrase(actors, verb, content, at)
                if actors and going_on is not None:
                    said = _shape(going_on.group("verb"), after[going_on.end():])
                    if _said_words(said, at) >= 2:
                        findings.paraphrase(actors, going_on.group("verb"), said, at)
                return
            actors = findings.cast.resolve_all(subject, at.line)
            if not actors:
                index += 1
                continue
        if not accused:
            accused = True
            accusing(findings, masked, actors, at)
        following = _next_clause(findings, masked, found, index, at.line, actors)
        if following is None:
            part, next_index, next_actors = masked[cue.end():], len(found), actors
        else:
            next_index, joint_end, next_actors = following
            part = masked[cue.end(): joint_end]
        content = _shape(verb, part)
        if denied is not None and _EXPLAINS.fullmatch(verb):
            verb = denied  # "denied X, saying Y": Y is the denial's reason, denying too
        # "denies executions", "denied this": a denial's object may be one word
        least = 1 if _DENY_WORDS.match(verb) else 2
        if content and least == 1 and _said_words(content, at) <= 3:
            # a denial's short object keeps its verb, to be read alone: "denies
            # executions", "rejected that assessment", "denied the Tiverran accusation"
            that = re.fullmatch(r"\s*(that\s+[\w’'-]+)\s*[.!?]?\s*", part)
            # with the auxiliary and adverbs before it: "has point-blank denied the claims"
            helper = _HELPER.search(masked, max(cue.start() - 40, 0), cue.start())
            said = f"{helper.group(0).strip()} {cue.group('cue')}" if helper else cue.group("cue")
            content = f"{said} {that.group(1) if that else content}"
        if (content and _said_words(content, at) >= least and not re.match(
                r"(?:who|whom|whether|if|why|how|what|when|where)\b", content, re.I)) or (
                verb in ("questioned", "wondered") and _said_words(content, at) >= 3):
            findings.paraphrase(actors, verb, content, at)
        same = following is not None and next_actors is actors
        denied = verb if same and _DENY_WORDS.match(verb) else None
        index, actors = next_index, next_actors


#: Before a participle: a comma, or "by" ("surprised analysts by disclosing that ...").
_BEFORE_PARTICIPLE = re.compile(r"(?:,|\sby)\s*$")


def _doer(near: str, verb: str) -> str | None:
    """The subject of the clause a participle hangs on, when no speaker stands right
    before it: "Ystria switched off the cable, saying it needed repairs" (Ystria)."""
    comma = _BEFORE_PARTICIPLE.search(near) if _GOES_ON.fullmatch(verb) else None
    if comma is None:
        return None
    clause = re.split(r"[,;:—–]\s*|\s-\s", near[: comma.start()])[-1]
    head = _CLAUSE_HEAD.match(clause)
    return head.group(1) if head and not _CLAUSE.match(head.group(1)) else None


#: An auxiliary and adverbs right before a cue: "has point-blank", "had flatly".
_HELPER = re.compile(r"\b(?:has|have|had)(?:\s+(?:[a-z]+ly|point-blank|also|again|since|"
                     r"already|long))*\s+$")
def not_speech(masked: str, cue: re.Match[str]) -> bool:
    """Whether a cue says nothing here: ``posted footage``, ``continued for an hour``,
    ``he was later charged``, ``stands accused``."""
    return bool(_NOT_SAID.match(masked, cue.start())) or _done_to(masked, cue) or bool(
        _NEGATED.search(masked, max(cue.start() - 32, 0), cue.start())) or any(
        idiom.start() <= cue.start() and idiom.end() >= cue.end()
        for idiom in _IDIOM.finditer(masked, max(cue.start() - 24, 0), cue.end() + 16))


def _done_to(masked: str, cue: re.Match[str]) -> bool:
    """``he was later charged on three counts``: a cue in the passive is done to its
    subject, whatever follows."""
    return bool(_BE_DONE.search(masked, max(cue.start() - 24, 0), cue.start())) and not (
        cue.group("cue").endswith("ing"))


#: Cues that say nothing with the words after them.
_NOT_SAID = re.compile(r"(?:posted|posts)\s+(?:new\s+|a\s+|the\s+)?(?:footage|videos?|photos?|"
                       r"pictures?|images?|clips?)\b|pressed\s+(?:on|ahead|forward)\b|"
                       r"continued\s+(?:for|with|on|through|until|into|after|apace|unabated)\b|"
                       # "said nothing about it", "answered questions for an hour"
                       r"(?:said|says|say)\s+(?:nothing|little|no\s+more)(?=\s*(?:[.,;:!?]|$|"
                       r"\s+(?:about|on|of|to|in|at|during|when|after|before|while|for|since|"
                       r"regarding|concerning|publicly|further|yet|so\s+far|more)\b))|"
                       r"asked\s+not\s+to\s+be\s+(?:named|identified|quoted)\b|"
                       # "questioned three men", "recalled its ambassador": no speech
                       r"questioned\s+(?:him|her|them|(?:[\w-]+\s+){0,3}?(?:men|women|people|"
                       r"suspects|witnesses|residents|workers|drivers|officers|staff|crews?|"
                       r"passengers|members|divers|fishermen))\b|"
                       r"recall(?:ed|s)\s+(?!(?:that|how|when|what|why|where|being|seeing|"
                       r"hearing)\b)|"
                       r"answered\s+(?:\w+\s+)?(?:questions|calls|letters|the\s+(?:door|phone))\b")
#: Idioms with a speech verb that report no speech: "That said, ...", "Having said that,
#: ...", "needless to say", "easier said than done".
_IDIOM = re.compile(r"(?:^|[,;:]\s*)(?:that|this)\s+said\s*,|"
                    r"\bhaving\s+said\s+(?:that|this|so)\s*,|"
                    r"\b(?:needless|suffice(?:\s+it)?|so|that\s+is)\s+to\s+say\b|"
                    r"\bto\s+say\s+the\s+least\b|\beasier\s+said\b", re.I)
#: A cue negated: "did not deny", "has never denied", "declined to say": nothing said.
_NEGATED = re.compile(r"(?:\b(?:did|does|do|would|will|could|can|has|have|had|is|was)\s*"
                      r"(?:not|n['’]t)|\bcannot|\bnever|\b(?:refused|declined|refuses|declines)"
                      r"\s+to)(?:\s+(?:yet|publicly|openly|explicitly|directly|[a-z]+ly))?\s+$")
#: Cues that are nouns too: "the reports", "over claims made by ...".
_NOUNS = ("claims", "claim", "report", "reports", "blame")
#: "over claims made by ...", "Kaltar's claims that": the noun, not the verb.
_NOUN_BEFORE = re.compile(r"\b(?:over|of|about|on|to|with|against|the|these|those|such|a|an|"
                          r"his|her|its|their|our|any|new|earlier|similar|[\w.-]+['’]s|"
                          # "trade blame", "denied reports": the verb's object
                          r"trade|traded|trading|shift|shifted|deny|denied|denies|accept|"
                          r"accepted|take|took|lay|laid)\s+$",
                          re.I)
_PASSIVE_BEFORE = re.compile(r"(?:,|\b(?:was|were|been|being|is|are|be))\s*$")
_BE_DONE = re.compile(r"\b(?:was|were|been|being|is|are|be|stands?|stood)(?:\s+(?:later|also|then|"
                      r"again|"
                      r"not|never|[a-z]+ly))?\s+$")
_PASSIVE_AFTER = re.compile(r"\s+(?:of|for|with|by|about|to|whether|if)\b")
#: "..., witnesses told Corvex.": whom they told, not what.
_TOLD_WHOM = re.compile(r"\s*(?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}")


def _told_whom(after: str) -> bool:
    """Whether the words after ``told`` name only whom (``told Corvex on Sunday.``,
    ``told Corvex, describing ...``)."""
    whom = _TOLD_WHOM.match(after)
    if whom is None:
        return False
    rest = after[whom.end():]
    return _tail_is_adverbial(rest) or rest.lstrip().startswith(",")


def _said_words(content: str, at: Context) -> int:
    """The words of ``content``, the words of a quote of three or more counted (``said X
    "took no part whatsoever"``; a scare quote of two words adds nothing)."""
    quoted = [_word_count(at.inners[ord(c) - _MARK]) for c in content if _is_mark(c)]
    return _word_count(content) + sum(n for n in quoted if n >= 3)


def accusing(findings: Findings, masked: str, actors: list[str], at: Context) -> None:
    """``While accusing Y of Z, X said ...``, ``X said ..., accusing Y of Z``: X accuses
    too."""
    found = re.search(r"\baccusing\s+(?P<content>[^,;—–]+?\bof\b[^,;—–]+?)\s*(?:[,;—–]|\.?$)",
                      masked)
    if found is None or re.search(r"\b(?:from|without)\s+(?:[a-z]+ly\s+)?$",
                                  masked[max(found.start() - 24, 0): found.start()]):
        return  # "held back from openly accusing ...": nobody accuses
    content = found.group("content")
    if re.search(r"\b(?:he|she|it|they)\s+(?:said|says)$", content):
        content = re.sub(r"\s+that\s+(?:he|she|it|they)\s+(?:said|says)$", "", content)
    findings.paraphrase(actors, "accused", content.strip(), at)


#: Participles that go on with more of what was said ("..., adding that ..."); not
#: those that describe it ("rejected the report, calling it a fake").
_GOES_ON = re.compile(r"adding|saying|insisting|noting|stating|warning|arguing|claiming|"
                      r"stressing|asserting|suggesting|alleging|calling|branding|describing|"
                      r"labelling|labeling|terming|dismissing|rejecting|refuting|denying|"
                      r"disputing|accusing|counter-accusing|blaming|disclosing|demanding|"
                      r"urging")
#: A participle that goes on after the cue's adverbials: ", rejecting ...".
_GOES_ON_TAIL = re.compile(rf",\s*(?P<verb>{_GOES_ON.pattern})\b")
#: A bare weekday after the cue ("said Wednesday"): when, not what.
_WEEKDAY = re.compile(r"^\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
#: Participles that give the reason for what was just said ("denied X, saying Y").
_EXPLAINS = re.compile(r"saying|insisting|arguing|stressing|calling|branding|describing|"
                       r"labelling|labeling|terming")
#: A cue in the present, third person, that goes on after a comma in a headline.
_PRESENT = re.compile(r"says|denies|demands|accuses|urges|insists|warns|rejects|dismisses|"
                      r"blames|adds|vows|calls on")
#: The comma right before a participle that goes on with the same speakers' words.
_PARTICIPLE = re.compile(r"(?:,|(?<=[\U000F0000-\U000FFFFF]))\s*(?:and\s+|after\s+|while\s+)?"
                         r"(?:also\s+|previously\s+|earlier\s+|first\s+)?$")


def _next_clause(findings: Findings, masked: str, cues: list[re.Match[str]], index: int,
                 line: int, current: list[str]) -> tuple[int, int, list[str]] | None:
    """The next cue that starts a clause of its own after ``cues[index]``: its index,
    where the content before it ends, and its speakers."""
    # The last join before each later cue, found segment by segment (a join never spans a
    # cue), so the search stays linear in the sentence.
    join: tuple[int, int] | None = None
    for other in range(index + 1, len(cues)):
        comma = _PARTICIPLE.search(masked, cues[other - 1].end(), cues[other].start())
        if comma is not None and (_GOES_ON.fullmatch(cues[other].group("cue")) or (
                _PRESENT.fullmatch(cues[other].group("cue")))):
            # "said A, adding that B", a headline's "says A, demands B": same speakers
            return other, comma.start(), current
        for found in _JOIN.finditer(masked, cues[other - 1].end(), cues[other].start()):
            join = (found.start(), found.end())
        if join is None or cues[other].start() - join[1] > _REACH:
            continue  # no join yet, or more than a speaker's few words after it
        named = masked[join[1]: cues[other].start()].strip()
        if not named or re.fullmatch(r"(?:also|again|later|then|both)", named):
            return other, join[0], current
        if len(named.split()) > 8:
            continue
        subject = _subject(named)
        if subject is None:
            continue
        actors = findings.cast.resolve_all(subject, line)
        if actors:
            return other, join[0], actors
    return None


#: A time or span before "that": "for years that", "in May that".
_WHEN_THAT = re.compile(r"^\s*(?:for|in|since|over|during)\s+(?:[\w-]+\s+){1,3}?(?=that\b)")
#: A clause of the speaker's own after what was said (", and has cut prices"), or the
#: report's hindsight (", which was later found to be decoys").
_DID_NEXT = re.compile(r",\s+(?:and\s+(?:has|have|had)\s+(?:also\s+)?[a-z]+(?:ed|ne|en|t)|"
                       r"which\s+(?:was|were)\s+(?:later|afterwards|subsequently)\s+"
                       r"(?:found|shown|revealed|confirmed))\b.*$")


#: Whom something was told, before what: "the court that", "reporters on Friday that".
_TOLD_THAT = re.compile(r"(?:[\w’'.-]+\s+){1,6}?that\s+")
#: An order: "Lind to leave the harbour".
_TOLD_TO = re.compile(r"((?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)?|him|her|them|"
                      r"(?:the|its|his|her|their)\s+[a-z]+)\s+to\s+(\w.+)$")


def _shape(verb: str, after: str) -> str:
    """What was said, from the words after the cue: ``accused Y of Z`` keeps ``Y of Z``,
    ``urged Y to Z`` gives ``Y should Z``, ``described Y as Z`` keeps ``Y as Z``."""
    # "said Thursday that ...", "has hinted for years that ...": when, not what
    after = _WHEN_THAT.sub("", _WEEKDAY.sub("", after))
    # "..., and has cut prices since": what the speaker did next, not what they said
    content = _drop_trailing_attribution(_content(_DID_NEXT.sub("", after)))
    if verb in ("told", "tells", "telling"):
        # "told the court that A": A, not whom it was told; "told Lind to leave": an order
        whom = _TOLD_THAT.match(content)
        if whom is not None:
            content = content[whom.end():]
        elif (ordered := _TOLD_TO.match(content)) is not None:
            content = f"{ordered.group(1)} should {ordered.group(2)}"
    if re.fullmatch(_URGE, verb):
        urged = re.match(r"^(.+?)\s+to\s+(.+)$", content)
        if urged:
            content = f"{urged.group(1)} should {urged.group(2)}"
    return content
