"""What the stages find, kept in report order: the statements, the quotes left out, and
the speaker a quote standing alone goes on quoting."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from kursk_cli.draft.attribution import _sentence_text
from kursk_cli.draft.lexicon import _DENY_WORDS, _QUOTED_DENIALS, _QUOTED_FROM
from kursk_cli.draft.quotes import _MARK, _MARKS, _is_mark, _short, _unmask, _word_count
from kursk_cli.draft.result import Drafted, LeftOut
from kursk_cli.draft.speakers import _Cast
from kursk_cli.draft.stance import _stance_of
from kursk_cli.model import Stance
from kursk_cli.report import Paragraph


@dataclass(frozen=True)
class _Found:
    """A statement found in the report, and what filing it under a claim needs."""

    statement: Drafted
    sentence: str  # the report's sentence, for a new claim's text
    follows: bool = False  # the second part of a split quote: same claim as the last
    paragraph: int = 0
    denial_cue: bool = False  # denied, rejected, dismissed...
    #: The words the statement is about, when not its own ("a charge that Kyiv denied"
    #: is about the charge): what files it under a claim.
    about: str | None = None


@dataclass(frozen=True)
class Context:
    """The sentence being read: its paragraph's quotes (``spans``, the words inside them
    ``inners``), its line, its date, a short excerpt for the note and its plain text."""

    masked: str
    inners: list[str]
    spans: list[tuple[int, int, bool]]
    paragraph: Paragraph
    line: int
    date: dt.date
    dated: str | None = None  # the words the date came from, when not the report's day

    @functools.cached_property
    def plain(self) -> str:
        """The sentence with its quotes put back."""
        return _unmask(self.masked, self.inners, self.spans, self.paragraph.text)

    @functools.cached_property
    def excerpt(self) -> str:
        """The sentence for a note, each quote cut to its first words."""
        return _short(self.masked, self.inners)


#: The words before a quote that is all that is said of them: a subject and its verb "to
#: be" ("the offer was", "the upshot was that"), when the quote stands alone (six words
#: or more; "was "not our doing"" needs its subject).
_DESCRIBED = re.compile(r"(?:[\w’'-]+\s+){1,6}(?:was|were|is|are)(?:\s+that)?", re.I)


class Findings:
    """The statements found so far, with the cast their speakers resolve to."""

    def __init__(self, cast: _Cast, published: dt.date) -> None:
        self.cast = cast
        self.published = published
        self.found: list[_Found] = []
        #: (actor, words, stance) of what was found -> the line it was found on
        self.said: dict[tuple[str, str, Stance], int] = {}
        self.left_out: list[LeftOut] = []
        #: Whom a quote standing alone goes on quoting: the last speaker, or nobody
        #: after a quote no one could be found for.
        self.current: str | None = None
        #: the line the current speaker was last found on
        self.speaker_line = 0
        self.paragraph = 0

    def add(self, actor: str, stance: Stance, date: dt.date, quote: str | None,
            paraphrase: str | None, line: int, excerpt: str, sentence: str,
            follows: bool = False, denial_cue: bool = False, dated: str | None = None,
            about: str | None = None, going_on: int | None = None
            ) -> None:
        """One statement, unless the same speaker's same words were found already; with
        what was guessed for it (its speaker from a pronoun or role named on ``line``, its
        date from the words ``dated``)."""
        words = quote if quote is not None else paraphrase
        if not words:
            return
        # the same words denied after being admitted are a second statement
        first = self.said.get((actor, words, stance))
        if first is not None:
            if first != line:
                # the report says it again: drafted once, and the reviewer told
                self.left_out.append(LeftOut(line, words, "the same words of "
                                             f"{self.cast.name_of(actor)} as on line "
                                             f"{first}, drafted there"))
            return
        self.said[(actor, words, stance)] = line
        self.cast.spoke(actor)
        self.current = actor
        self.speaker_line = line
        guesses = []
        if (named := self.cast.guessed.get((actor, line))) is not None:
            guesses.append(f"speaker from '{named}' on line {line}")
        elif going_on is not None:
            # a quote that names nobody, in a paragraph after its speaker's
            guesses.append(f"speaker: the last to speak, on line {going_on}")
        if dated is not None:
            guesses.append(f"date from '{dated}'")
        self.found.append(_Found(Drafted(actor, stance, date, quote, paraphrase, line, excerpt,
                                         tuple(guesses)),
                                 sentence, follows, self.paragraph, denial_cue, about))

    def unattributed(self, line: int, words: str) -> None:
        """A quote no speaker was found for: left out, and nobody goes on speaking."""
        self.left_out.append(LeftOut(line, words, "no speaker found for this quote"))
        self.current = None

    def paraphrase(self, actors: list[str], verb: str, content: str, at: Context,
                   about: str | None = None) -> None:
        """Reported speech of ``actors``: ``content`` (masked) is what they said; drafted
        as a quote when it is all inside quote marks or a quote that stands alone is all
        that is said of its subject (``said the offer was "an ultimatum in new clothes"``),
        else as a paraphrase and its quotes (``said those remarks "have no basis in
        fact"``)."""
        # 'said residents call the pier "a death trap"': the residents' words, not the
        # speaker's (the paraphrase keeps them)
        others = {ord(content[i]) - _MARK for i in range(len(content)) if _is_mark(content[i])
                  and _QUOTED_FROM.search(content, max(i - 60, 0), i)}
        marks = [ord(c) - _MARK for c in content if _is_mark(c)]
        if not re.search(r"[A-Za-z]", _MARKS.sub("", content)) and all(
                _word_count(at.inners[m]) < 3 for m in marks):
            return  # 'said: "Never again."': a quote of two words (a reply, left out)
        words = _unmask(content, at.inners, at.spans, at.paragraph.text).strip()
        quoted = [at.inners[m] for m in marks if _word_count(at.inners[m]) >= 3
                  and m not in others]
        quote = None
        outside = " ".join(_MARKS.sub(" ", content).split())
        if quoted and not others and (not _word_count(outside) or (
                _DESCRIBED.fullmatch(outside) and max(map(_word_count, quoted)) >= 6)):
            quote = max(quoted, key=_word_count)
        sentence = _sentence_text(at.plain)
        for actor in actors:
            if quote is not None:
                self.add(actor, _stance_of(verb, quote), at.date, quote, None, at.line,
                         at.excerpt, sentence, dated=at.dated)
            else:
                self.add(actor, _stance_of(verb, words), at.date, None, words, at.line,
                         at.excerpt, sentence, denial_cue=bool(_DENY_WORDS.match(verb)),
                         dated=at.dated, about=about)
                for part in quoted:
                    # 'said it was "sad and astonishing" that ...': the speaker's own words
                    # too, under the same claim
                    self.add(actor, _stance_of(verb, part), at.date, part, None, at.line,
                             at.excerpt, sentence, follows=True, dated=at.dated)

    def quote_stance(self, actor: str, cue: str, words: str, paragraph: int) -> Stance:
        """A quote's stance from its cue and words; a quote that follows its speaker's
        denial (``X denied ... "...," X said``) goes on denying."""
        stance = _stance_of(cue, words)
        if stance is Stance.ASSERTS and _QUOTED_DENIALS.search(words):
            return Stance.DENIES
        if stance is Stance.ASSERTS and self.found:
            last = self.found[-1]
            if (last.statement.actor == actor and last.statement.stance is Stance.DENIES
                    and last.denial_cue and paragraph - last.paragraph <= 1):
                return Stance.DENIES
        return stance
