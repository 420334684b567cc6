"""The first stages: a report read paragraph by paragraph, sentence by sentence, each
sentence handed to the direct-quote and reported-speech stages."""

from __future__ import annotations

import re

from kursk_cli.draft.attribution import attribution
from kursk_cli.draft.cues import not_speech
from kursk_cli.draft.dates import _day
from kursk_cli.draft.direct import direct, only_attributes, short_replies
from kursk_cli.draft.findings import Context, Findings
from kursk_cli.draft.lexicon import _CUE
from kursk_cli.draft.quotes import (
    _MARKS,
    _inner,
    _mask,
    _parts,
    _quotes,
    _short,
    _word_count,
)
from kursk_cli.draft.reported import after_quote, reported
from kursk_cli.draft.result import LeftOut
from kursk_cli.draft.sentences import _Sentence, _sentences
from kursk_cli.draft.stance import _stance_of
from kursk_cli.report import Paragraph, Report

_DATELINE_START = [re.compile(r"^[A-Z][A-Z .'’-]+,\s")]


#: A wire service's label before a headline: "UPDATE 2-", "EXCLUSIVE-", "ANALYSIS:".
_WIRE_LABEL = re.compile(r"^\s*(?:UPDATE|WRAPUP|REFILE|CORRECTED|RPT|EXCLUSIVE|BREAKING|"
                         r"ANALYSIS|INSIGHT|FACTBOX|EXPLAINER|TIMELINE|FEATURE|URGENT|FLASH)"
                         r"(?:\s*\d+)?\s*(?:-|–|—|:)\s*")


def read(report: Report, findings: Findings) -> None:
    """Every statement of the report, into ``findings``, in the report's order."""
    carried: str | None = None  # an open quote running on into the next paragraph
    carried_line = 0
    body = list(report.paragraphs)
    if body and _is_headline(body[0]) and re.fullmatch(r"\[[^\]]*\]", body[0].text.strip()):
        body = body[1:]  # "[headline not in stored copy]": a placeholder, not words
    if body and _is_headline(body[0]):
        # A headline's clauses ("X says A; Y says B") are sentences of their own.
        headline = body[0]
        # "UPDATE 2-Osterland says ...": the wire's label, never part of a speaker's name
        # (blanked, so the words keep their places)
        text = _WIRE_LABEL.sub(lambda label: " " * len(label.group(0)), headline.text)
        body[0] = Paragraph(re.sub(r";(?= [A-Z])", ".", text), headline.lines)
    body = [part for paragraph in body for part in _parts(paragraph)]
    for index, paragraph in enumerate(body):
        text = paragraph.text
        spans = _quotes(text)
        inners = [_inner(text, s, e, c) for s, e, c in spans]
        lines = [paragraph.line_at(s) for s, _e, _c in spans]
        if carried is not None:
            if spans and spans[0][0] == 0:
                inners[0] = carried + " " + inners[0]
                lines[0] = carried_line
            else:
                _quote_alone(findings, carried, carried_line)
            carried = None
        limit = len(text)
        if spans and not spans[-1][2] and index + 1 < len(body) and re.match(
                "\\s*[\"“'‘]", body[index + 1].text):
            # A quote that goes on in the next paragraph (which opens with a mark).
            carried, carried_line, limit = inners[-1], lines[-1], spans[-1][0]
            spans, inners, lines = spans[:-1], inners[:-1], lines[:-1]
            head = text[:limit]
            if re.search(r"[A-Za-z]", head):
                last = re.sub(r"^.*[.!?]\s+", "", head)
                who = attribution(findings.cast, last, paragraph.lines[0][1])
                if who:
                    findings.cast.spoke(who[0][0])
                    findings.current = who[0][0]
                    findings.speaker_line = paragraph.lines[0][1]
                    if only_attributes(last) and (not spans or
                                                   spans[-1][1] <= limit - len(last)):
                        # "X told reporters on Monday:" is the quote's attribution, read:
                        # not a sentence of its own that said nothing
                        limit -= len(last)
        findings.paragraph = index
        masked, where = _mask(text[:limit], spans)
        for sentence in _sentences(masked, where, inners, index):
            _sentence(findings, sentence, paragraph, spans, inners, lines)
    if carried is not None:
        _quote_alone(findings, carried, carried_line)


#: "X was quoted by Reuters as saying", "TASS quoted X as saying": X said.
_QUOTED_BY = re.compile(r"\b(?:was|were)\s+quoted\s+(?:by\s+[^,.;:\U000F0000-\U000FFFFF]"
                        r"{1,60}?\s+)?as\s+(?:saying|telling\s+\w+|(?=[a-z]+ing\s))")
_OUTLET_QUOTED = re.compile(r"\b(?:[A-Z][\w.&-]*\s+){1,4}(?:(?:in|on|last)\s+\w+\s+)?quoted\s+"
                            r"(?P<who>[^,.;:\U000F0000-\U000FFFFF]{2,80}?)\s+(?:as\s+)?saying\b")


def _quoted_as(masked: str) -> str:
    """The sentence with an agency's quoting turned into the speaker's saying: whoever
    was quoted is the speaker, not the outlet that quoted them."""
    if "quoted" not in masked:
        return masked
    # "was quoted by TASS as ridiculing the claim": said, "ridiculing the claim"
    masked = _QUOTED_BY.sub(lambda found: "said" if found.group(0).endswith(
        ("saying", "g")) or re.search(r"telling\s+\w+$", found.group(0)) else "said ", masked)
    return _OUTLET_QUOTED.sub(lambda found: f"{found.group('who')} said", masked)


def _is_headline(paragraph: Paragraph) -> bool:
    text = paragraph.text
    return (len(paragraph.lines) == 1 and not re.search(r"[.!?][\"”’']?$", text)
            and not any(p.match(text) for p in _DATELINE_START))


def _quote_alone(findings: Findings, words: str, line: int) -> None:
    if _word_count(words) < 3:
        return
    speaker = findings.current
    if speaker is None:
        findings.unattributed(line, words)
        return
    findings.add(speaker, _stance_of("", words), findings.published, words, None, line,
                 _short(f'"{words}"', []), words, going_on=findings.speaker_line)


def _sentence(findings: Findings, sentence: _Sentence, paragraph: Paragraph,
              spans: list[tuple[int, int, bool]], inners: list[str], lines: list[int]) -> None:
    """The statements of one sentence; a sentence with a quote or a speech verb that gives
    none is listed as left out, with why."""
    found, left = len(findings.found), len(findings.left_out)
    _statements(findings, sentence, paragraph, spans, inners, lines)
    if len(findings.found) > found or len(findings.left_out) > left:
        return
    line = paragraph.line_at(sentence.start)
    outside = _MARKS.sub(" ", sentence.masked)
    quoted = [inners[q] for q in sentence.quotes if inners[q]]
    cue = _CUE.search(outside)
    if any(_word_count(q) >= 3 for q in quoted):
        why = "no speaker found for this quote"
    elif cue is not None and not_speech(outside, cue):
        why = f"'{cue.group('cue')}' is not speech here"
    elif cue is not None and re.search(r"[A-Za-z]", outside[: cue.start()]):
        why = f"no speaker found before '{cue.group('cue')}'"
    elif cue is not None:
        why = f"nothing said after '{cue.group('cue')}'"
    elif quoted:
        count = "one word" if all(_word_count(q) == 1 for q in quoted) else "a few words"
        findings.left_out.append(LeftOut(line, quoted[0], f"only {count} quoted and no "
                                         "speech verb (a scare quote or a name?)"))
        return
    else:
        return
    findings.left_out.append(LeftOut(line, _short(sentence.masked, inners), why))


def _statements(findings: Findings, sentence: _Sentence, paragraph: Paragraph,
                spans: list[tuple[int, int, bool]], inners: list[str], lines: list[int]
                ) -> None:
    masked = _quoted_as(sentence.masked)
    outside = _MARKS.sub(" ", masked)
    date, dated = _day(outside, findings.published)
    at = Context(masked, inners, spans, paragraph, paragraph.line_at(sentence.start), date,
                 dated)
    real = [q for q in sentence.quotes if _word_count(inners[q]) >= 3]
    if not re.search(r"[A-Za-z]{2,}", outside):
        # A quote standing alone: the second part of a split quote, or a paragraph that
        # goes on quoting the last speaker.
        speaker = findings.current
        for q in real:
            if speaker is None:
                findings.unattributed(lines[q], inners[q])
                continue
            last = findings.found[-1].statement if findings.found and \
                findings.found[-1].statement.actor == speaker else None
            # a paragraph of its own names nobody: whose it is, is a guess
            own = bool(findings.found) and findings.found[-1].paragraph == findings.paragraph
            findings.add(speaker, _stance_of("", inners[q]),
                         last.date if last else findings.published, inners[q], None, lines[q],
                         f"{at.excerpt} (goes on quoting line {last.line})" if last
                         else at.excerpt, at.plain, follows=last is not None,
                         going_on=None if last and own else findings.speaker_line)
        return
    if real and direct(findings, masked, sentence, real, lines, at):
        after_quote(findings, masked, real[-1], at)
        return
    short = [q for q in sentence.quotes if 0 < _word_count(inners[q]) < 3]
    if not real and short:
        short_replies(findings, masked, short, inners, lines, at.line)
    reported(findings, masked, at)
