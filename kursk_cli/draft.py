"""From a news report to a ledger fragment: who said what, in which words, when.

Pure: a :class:`~kursk_cli.report.Report` and a ledger in, a :class:`Fragment` out, and the
fragment rendered as ledger-format YAML text. Deterministic rules, no model and no network:

- direct quotes in straight, typographic or single marks, split by their attribution,
  introduced by a colon, or running over paragraphs; quotes of one or two words are scare
  quotes or replies (left out and listed), not statements;
- reported speech: ``X said (that) ...``, ``X denied ...``, ``X accused Y of ...``,
  ``X urged / called on Y to ...``, ``X acknowledged ...``, ``X described Y as ...``,
  ``... rejected by X``, ``according to X, ...``;
- each statement's speaker: a name, alias, title or role of the ledger's actors, a
  pronoun for the right earlier speaker, or a new actor with the role the report gives;
- its stance from the cue, its date from a weekday or ``yesterday`` in its sentence, and
  its claim from the ledger's claims when the words match one.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from kursk_cli.model import Ledger, Stance
from kursk_cli.report import Paragraph, Report

# ----------------------------------------------------------------------- the result


@dataclass(frozen=True)
class NewSource:
    id: str
    title: str
    published: dt.date
    publisher: str | None = None
    url: str | None = None


@dataclass
class NewActor:
    id: str
    name: str
    role: str | None
    kind: str  # person | organization
    line: int  # where the report first names them


@dataclass(frozen=True)
class Drafted:
    """One drafted statement (exactly one of quote and paraphrase is set)."""

    actor: str
    stance: Stance
    date: dt.date
    quote: str | None
    paraphrase: str | None
    line: int
    excerpt: str  # the report's words the statement was drafted from, shortened

    @property
    def words(self) -> str:
        return self.quote if self.quote is not None else (self.paraphrase or "")


@dataclass
class DraftClaim:
    """A claim of the fragment: an existing claim of the ledger (``existing``) that gets
    new statements, or a new claim whose text is the sentence the words came from."""

    id: str
    text: str
    existing: bool
    statements: list[Drafted] = field(default_factory=list)


@dataclass(frozen=True)
class LeftOut:
    """A quote found but not drafted, and why, for the person reviewing the draft."""

    line: int
    words: str
    why: str


@dataclass
class Fragment:
    """What ``kursk draft`` proposes: one source, the actors the ledger does not know,
    and the claims with the statements found; plus the quotes it left out (no speaker
    found, or a reply of a word or two)."""

    source: NewSource | None  # None when the statements cite a source the ledger has
    source_id: str
    actors: list[NewActor]
    claims: list[DraftClaim]
    left_out: list[LeftOut]

    @property
    def statements(self) -> list[Drafted]:
        return [s for c in self.claims for s in c.statements]


# -------------------------------------------------------------------------- lexicon

_SAY = ("said|says|say|told|tells|added|adds|wrote|writes|posted|stated|declared|"
        "announced|warned|warns|insisted|insists|claimed|argued|emphasised|emphasized|"
        "stressed|noted|explained|replied|responded|continued|asked|tweeted|predicted|"
        "promised|vowed|confirmed|suggested|reported|estimated|maintained|repeated|"
        "reiterated|assured")
_DENY = "denied|denies|deny|rejected|rejects|dismissed|dismisses|refuted|refutes|disputed"
_QUALIFY = "acknowledged|acknowledges|conceded|concedes|admitted|admits"
_ACCUSE = "accused|accuses"
_URGE = "urged|urges|called on|calls on|appealed to|pressed"
_DESCRIBE = "described|describes|called|branded|labelled|labeled"
_CUE = re.compile(rf"\b(?P<cue>{_SAY}|{_DENY}|{_QUALIFY}|{_ACCUSE}|{_URGE}|{_DESCRIBE})\b")
#: A conjunction that may open a clause of another speaker.
_JOIN = re.compile(r"(?:,\s*|\s)(?:but|and|while|whereas)\s+")
_DENY_WORDS = re.compile(rf"^(?:{_DENY})$")
#: "X, who told reporters A, said B": a speaker, a relative clause with its own cue,
#: and the sentence's cue after it.
_RELATIVE = re.compile(rf"^(?P<who>[^,]{{2,80}}?),\s+who\s+(?P<clause>[^,]+(?:,[^,]+)??),\s+"
                       rf"(?P<rest>(?:(?:also|later|then|earlier)\s+)?(?:{_SAY}|{_DENY}|"
                       rf"{_QUALIFY}|{_ACCUSE})\b.*)$", re.S)
_QUALIFY_WORDS = re.compile(rf"^(?:{_QUALIFY})$")
#: Words inside a quote that make it a denial.
_DENIAL_PHRASES = re.compile(
    r"\b(?:not true|untrue|false|falsehoods?|fabricat\w*|lies|a lie|lying|fake|baseless|"
    r"groundless|nonsense|do(?:es)? not correspond to reality|no truth|there (?:is|was|were|"
    r"are) no|never happened|did not happen|not happening)\b", re.I)

_PRONOUNS = {"he": "person", "she": "person", "it": "organization", "they": "any",
             "we": "any"}
_ANONYMOUS = re.compile(
    r"\b(?:officials?|sources?|analysts?|residents?|witness(?:es)?|wom[ae]n|m[ae]n|people|"
    r"diplomats?|experts?|observers?|bloggers?|soldiers?|someone|somebody|person|"
    r"commentators?|critics?|aides?|insiders?|spokes(?:man|woman|person) for \w+)\b")
_TITLE_WORDS = {
    "president", "prime", "minister", "foreign", "defence", "defense", "energy", "secretary",
    "state", "chief", "general", "staff", "governor", "spokesman", "spokeswoman", "envoy",
    "special", "commander", "deputy", "chairman", "head", "acting", "ombudsman", "army",
    "kremlin", "u.s.", "us", "russian", "ukrainian", "british", "french", "german", "former",
    "senator", "sen.", "gov.", "gen.", "lt.", "col.", "maj.", "mr.", "mrs.", "ms.", "dr.",
    "colonel", "major", "lieutenant", "admiral", "mayor", "ambassador", "adviser", "advisor",
    "speaker", "chancellor", "vice", "regional", "official", "top", "the", "of", "and",
    "for", "to", "in", "on", "national", "security", "council", "interior", "justice",
    "finance", "white", "house", "sumy", "kursk", "belgorod", "kharkiv", "kyiv", "moscow",
    "european", "nato", "un", "eu", "american", "america", "ukraine", "russia", "britain",
    "france", "germany", "china", "chinese", "polish", "commissioner", "director",
}
_ORG_WORDS = {"ministry", "department", "committee", "service", "staff", "office", "house",
              "council", "government", "kremlin", "emirates", "forces", "army", "guard",
              "command", "agency", "administration", "parliament", "court", "union", "nato",
              "navy", "military", "leadership", "readout", "statement", "ukraine", "russia",
              "states", "moscow", "kyiv", "washington", "commission", "bureau", "company",
              "embassy", "mission", "group", "coalition", "authorities", "directorate",
              "intelligence", "police", "prosecutor", "kingdom", "republic", "alliance",
              "organisation", "organization"}
_ABBREVIATIONS = {"u.s", "u.k", "u.n", "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj",
                  "sgt", "st", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "no", "gov",
                  "sen", "rep", "prof", "capt", "cmdr", "adm", "approx", "e.g", "i.e", "vs"}
_WEEKDAYS = {d: i for i, d in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_STOP = {
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "but", "that", "this", "these", "those", "it", "its", "is", "are", "was", "were", "be",
    "been", "being", "has", "have", "had", "he", "she", "they", "them", "their", "his", "her",
    "we", "our", "you", "i", "as", "not", "no", "will", "would", "could", "should", "can",
    "may", "might", "do", "does", "did", "said", "says", "told", "also", "into", "than",
    "then", "there", "here", "which", "who", "whom", "what", "when", "where", "while", "about",
    "after", "before", "over", "under", "up", "out", "so", "if", "very", "more", "most",
    "such", "any", "all", "some", "one", "two",
}

#: Placeholders for quotes in a paragraph's text: private-use characters, never in a report.
_MARK = 0xF0000
#: The most quotes one paragraph is read with; a longer one is read in parts of this many
#: (there are 131,072 placeholders).
_MOST_QUOTES = 0x10000


# ---------------------------------------------------------------------------- quotes


@dataclass
class _Quote:
    words: str  # what stands between the marks (a quote over paragraphs: every part)
    start: int  # offset of the opening mark in its paragraph
    end: int  # offset just after the closing mark
    closed: bool
    line: int


_DOUBLE = re.compile("[\"“”„]")


def _quotes(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of each quotation in one paragraph: typographic or straight
    double marks; where a paragraph has none, single marks (not apostrophes)."""
    found: list[tuple[int, int, bool]] = []
    if _DOUBLE.search(text):
        opening = -1
        for mark in _DOUBLE.finditer(text):
            i = mark.start()
            char = text[i]
            if opening < 0 and char in "\"“„":
                opening = i
            elif opening >= 0 and char in "\"”" and i > opening:
                found.append((opening, i + 1, True))
                opening = -1
            elif opening >= 0 and char == "“":  # a quote left open: the next one starts
                found.append((opening, i, False))
                opening = i
        if opening >= 0:
            found.append((opening, len(text), False))
        return found
    opening = -1
    for mark in re.finditer("['‘’]", text):
        i, char = mark.start(), mark.group()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if opening < 0 and char in "'‘" and not before.isalnum() and (after.isalnum()
                                                                       or after in "(["):
            opening = i
        elif opening >= 0 and char in "'’" and not before.isspace() and not after.isalnum():
            following = text[i + 1:].lstrip()[:1]
            if before == "s" and after == " " and following.islower():
                continue  # "soldiers' lives": an apostrophe
            found.append((opening, i + 1, True))
            opening = -1
    if opening >= 0:
        found.append((opening, len(text), False))
    return found


def _parts(paragraph: Paragraph) -> list[Paragraph]:
    """The paragraph, or, when it holds more quotes than there are placeholders for, its
    parts, each cut just before an opening mark and knowing its lines."""
    if len(_DOUBLE.findall(paragraph.text)) + paragraph.text.count("'") + sum(
            paragraph.text.count(c) for c in "‘’") <= _MOST_QUOTES:
        return [paragraph]
    spans = _quotes(paragraph.text)
    if len(spans) <= _MOST_QUOTES:
        return [paragraph]
    cuts = [0, *(spans[i][0] for i in range(_MOST_QUOTES, len(spans), _MOST_QUOTES)),
            len(paragraph.text)]
    parts = []
    for start, end in itertools.pairwise(cuts):
        lines = [(0, paragraph.line_at(start))] + [(at - start, line) for at, line in
                                                   paragraph.lines if start < at < end]
        parts.append(Paragraph(paragraph.text[start:end], tuple(lines)))
    return parts


def _inner(text: str, start: int, end: int, closed: bool) -> str:
    """The words between the marks; a final comma (the attribution's, which wire style puts
    inside the marks) is not part of what was said."""
    return text[start + 1: end - 1 if closed else end].strip().removesuffix(",").rstrip()


def _word_count(text: str) -> int:
    return len(re.findall(r"[\w’'-]+", text))


# ------------------------------------------------------------------------ sentences


@dataclass
class _Sentence:
    masked: str  # quotes replaced by one placeholder character each
    quotes: list[int]  # indices into the paragraph's quotes, in order
    start: int  # offset in the paragraph
    paragraph: int


def _mask(text: str, spans: list[tuple[int, int, bool]]) -> tuple[str, list[int]]:
    """The paragraph with each quote replaced by one placeholder, and for each character
    of the masked text its offset in the paragraph."""
    out: list[str] = []
    where: list[int] = []
    position = 0
    for index, (start, end, _closed) in enumerate(spans):
        out.append(text[position:start])
        where.extend(range(position, start))
        out.append(chr(_MARK + index))
        where.append(start)
        position = end
    out.append(text[position:])
    where.extend(range(position, len(text)))
    return "".join(out), where


def _is_mark(char: str) -> bool:
    return ord(char) >= _MARK


#: The first character after a sentence's end that is not a space.
_NEXT = re.compile(r"\s*(\S)")
_WORD_CHARACTER = re.compile(r"[\w.]")


def _word_before(text: str, stop: int) -> str | None:
    """The word (dots inside it kept: "U.S") that the full stop at ``stop`` ends, if the
    character there is a full stop and a word ends there."""
    if text[stop] != ".":
        return None
    start = stop
    while start > 0 and _WORD_CHARACTER.match(text, start - 1):
        start -= 1
    return text[start:stop] or None


def _sentences(masked: str, where: list[int], inners: list[str], paragraph: int
               ) -> list[_Sentence]:
    """Split a masked paragraph into sentences: after . ! ? (or a quote ending in one)
    followed by a capital, a digit or a quote; never after an abbreviation or initial."""
    cuts = [0]
    for found in re.finditer(r"[.!?]+[)\]]?(?=\s+)|[\U000F0000-\U000FFFFF](?=\s+)", masked):
        end = found.end()
        following = _NEXT.match(masked, end)  # (never a copy of the rest: one paragraph
        first = following.group(1) if following else ""  # may be a whole report)
        if not first or not (first.isupper() or first.isdigit() or _is_mark(first)):
            continue
        token = found.group(0)
        if _is_mark(token[0]):
            inner = inners[ord(token[0]) - _MARK]
            if not re.search(r"[.!?][)\]]?$", inner):
                continue
        else:
            word = _word_before(masked, found.start())
            if word and (word.lower() in _ABBREVIATIONS or len(word) == 1):
                continue
        cuts.append(end)
    cuts.append(len(masked))
    sentences = []
    for a, b in itertools.pairwise(cuts):
        piece = masked[a:b]
        stripped = piece.strip()
        if not stripped:
            continue
        lead = len(piece) - len(piece.lstrip())
        quotes = [ord(c) - _MARK for c in stripped if _is_mark(c)]
        sentences.append(_Sentence(stripped, quotes, where[a + lead] if a + lead < len(where)
                                   else 0, paragraph))
    return sentences


# ------------------------------------------------------------------------- speakers


def _fold(text: str) -> str:
    """Lower case, accents and typographic apostrophes folded: for comparing names."""
    text = text.replace("’", "'").replace("‘", "'")
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(c))
    return text.casefold().strip()


_SYNONYMS = {
    "russian": "russia", "russia": "russia", "ukrainian": "ukraine", "ukraine": "ukraine",
    "american": "unitedstates", "u.s.": "unitedstates", "u.s": "unitedstates",
    "us": "unitedstates", "america": "unitedstates", "british": "britain", "uk": "britain",
    "french": "france", "leader": "president", "military": "armed", "army": "armed",
    "forces": "armed", "armed": "armed", "defense": "defence", "guards": "guard",
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "ministry's": "ministry",
}
_IGNORED = {"the", "a", "an", "of", "and", "s", "leadership", "command", "top", "its", "own",
            "country's", "country", "state", "head"}


def _tokens(phrase: str) -> set[str]:
    folded = _fold(phrase).replace("united states", "unitedstates")
    words = re.findall(r"[a-z][a-z.'-]*", folded)
    out = set()
    for word in words:
        word = word.removesuffix("'s").removesuffix("'").rstrip(".")
        word = _SYNONYMS.get(word, word)
        if len(word) > 3 and word.endswith("s") and word not in ("unitedstates", "forces"):
            word = word[:-1]
        if word and word not in _IGNORED:
            out.add(word)
    return out


@dataclass
class _Known:
    id: str
    name: str
    kind: str  # person | organization | any
    keys: set[str]  # folded id, name and aliases
    surnames: set[str]
    profile: set[str]  # tokens of name, role, affiliation, aliases


class _Cast:
    """The actors a report's speakers resolve to: the ledger's, then the new ones."""

    def __init__(self, ledger: Ledger) -> None:
        self.known: list[_Known] = []
        self.taken = {a.id for a in ledger.actors}
        self.new: list[NewActor] = []
        self.recent: list[str] = []  # actor ids, the latest speaker last
        for actor in ledger.actors:
            kind = actor.kind.value if actor.kind is not None else "any"
            names = (actor.name, *actor.aliases)
            surnames = {_fold(n.split()[-1]) for n in names if len(n.split()) >= 1
                        and kind != "organization" and n[:1].isupper()}
            profile = _tokens(" ".join(filter(None, (actor.name, actor.role, actor.affiliation,
                                                      *actor.aliases))))
            self.known.append(_Known(actor.id, actor.name, kind,
                                     {_fold(k) for k in (actor.id, *names)}, surnames, profile))

    def name_of(self, actor_id: str) -> str:
        """An actor's name (a new actor's as the report gives it)."""
        return next((k.name for k in self.known if k.id == actor_id), actor_id)

    def kind_of(self, actor_id: str) -> str:
        for known in self.known:
            if known.id == actor_id:
                return known.kind
        return "any"

    def spoke(self, actor_id: str) -> None:
        if actor_id in self.recent:
            self.recent.remove(actor_id)
        self.recent.append(actor_id)

    def pronoun(self, word: str) -> str | None:
        wanted = _PRONOUNS[word]
        for actor_id in reversed(self.recent):
            kind = self.kind_of(actor_id)
            if wanted == "any" or kind in (wanted, "any"):
                return actor_id
        return None

    def resolve(self, phrase: str, line: int) -> str | None:
        """The actor ``phrase`` names, a new actor for a named speaker the ledger does not
        know, or None for an anonymous or unknown speaker."""
        phrase = _clean_subject(phrase)
        if not phrase:
            return None
        folded = _fold(phrase)
        if folded in _PRONOUNS:
            return self.pronoun(folded)
        bare = re.sub(r"^the\s+", "", folded)
        for known in self.known:
            if folded in known.keys or bare in known.keys:
                return known.id
        name, role = _name_and_role(phrase)
        if name:
            surname = _fold(name.split()[-1])
            for known in self.known:
                if _fold(name) in known.keys or surname in known.surnames:
                    return known.id
            return self._add(name, role, "person", line)
        if _ANONYMOUS.search(folded) and not re.search(
                r"\b(?:ministry|staff|service|kremlin|government|committee)\b", folded):
            return None
        tokens = _tokens(phrase)
        if not tokens:
            return None
        if folded.startswith("the ") and len(tokens) <= 2:
            for actor_id in reversed(self.recent):
                spoken = self._known(actor_id)
                if spoken is not None and tokens <= spoken.profile:
                    return actor_id
        countries = {"russia", "ukraine", "unitedstates", "britain", "france"}
        scored = []
        for candidate in self.known:
            if not tokens <= candidate.profile:
                continue
            if tokens <= countries and candidate.kind == "person":
                continue
            scored.append((len(candidate.profile), candidate.id))
        if scored:
            return min(scored)[1]
        unarticled = re.sub(r"^(?:the|The)\s+", "", phrase)
        if unarticled[:1].isupper():
            return self._add(_capital(phrase), None, "organization", line)
        return None

    def _known(self, actor_id: str) -> _Known | None:
        return next((k for k in self.known if k.id == actor_id), None)

    def _add(self, name: str, role: str | None, kind: str, line: int) -> str:
        base = _slug(name) or "actor"
        actor_id, n = base, 2
        while actor_id in self.taken:
            actor_id, n = f"{base}-{n}", n + 1
        self.taken.add(actor_id)
        self.new.append(NewActor(actor_id, name, role, kind, line))
        surnames = {_fold(name.split()[-1])} if kind == "person" else set()
        self.known.append(_Known(actor_id, name, kind, {_fold(name), _fold(actor_id)}, surnames,
                                 _tokens(" ".join(filter(None, (name, role))))))
        return actor_id


def _capital(text: str) -> str:
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    return text[:1].upper() + text[1:]


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def _is_name_word(word: str) -> bool:
    return bool(re.match(r"^[A-Z][a-z'’.-]*[a-z]$", word)) and word.lower() not in _TITLE_WORDS


def _name_and_role(phrase: str) -> tuple[str | None, str | None]:
    """A person's name at the end of ``phrase`` and the descriptor before it: "Kremlin
    spokesman Dmitry Peskov" is ("Dmitry Peskov", "Kremlin spokesman"). An appositive
    ("Dmitry Peskov, the Kremlin spokesman") gives the same. No name: (None, None)."""
    parts = [p.strip() for p in re.split(r",\s*", phrase) if p.strip()]
    if len(parts) == 2:
        for name_part, role_part in (parts, parts[::-1]):
            name, before = _trailing_name(name_part)
            if name and not before:
                return name, _role(role_part)
    name, before = _trailing_name(parts[-1] if parts else phrase)
    if not name:
        return None, None
    return name, _role(before) if before else None


def _trailing_name(phrase: str) -> tuple[str | None, str]:
    words = phrase.split()
    taken: list[str] = []
    while words and _is_name_word(words[-1]):
        taken.insert(0, words.pop())
    if not taken or any(w.lower() in _ORG_WORDS for w in taken):
        return None, phrase
    if len(taken) == 1 and words and words[-1][:1].isupper() and words[-1].lower() not in (
            "the",) and words[-1].lower() in _TITLE_WORDS and _fold(words[-1]) in (
            "kremlin", "house"):
        return None, phrase
    return " ".join(taken), " ".join(words)


def _role(text: str) -> str | None:
    text = re.sub(r"^(?:the|The|a|an)\s+", "", text.strip(" ,"))
    text = re.sub(r"^(?:its|his|her)\s+", "", text)
    return text or None


_ADVERBIAL_TAIL = re.compile(
    r"(?:,?\s+(?:also|again|both|earlier|later|yesterday|today|tonight|separately|then|"
    r"previously|once more|too|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)(?:\s+(?:morning|afternoon|evening|night))?|last\s+(?:week|month|night)|"
    r"in\s+a\s+statement|on\s+social\s+media|,))\s*$", re.I)
#: A part before a cue that says how or where someone spoke: skipped, the speaker is
#: the part before it ("The Russian leader, speaking in Moscow, said").
_MODIFIER = re.compile(
    r"^(?:in\s|at\s|on\s|by\s|after\s|before\s|for\s+(?:his|her|its|their)\s+part|"
    r"speaking\b|addressing\b|wearing\b|asked\b|writing\b|visiting\b|standing\b|"
    r"meanwhile|however|separately|also|too|in turn|earlier|later|overnight|"
    r"last\s+(?:week|month|night)|yesterday|today)", re.I)
#: A part that is a clause of the sentence, not a speaker.
_CLAUSE = re.compile(
    r"^(?:while|when|as|who|which|where|although|though|something|according|but|and|so|"
    r"yet|with|without|from|during|if|because|since|that|reports?|claims?)\b", re.I)


def _clean_subject(phrase: str) -> str:
    phrase = phrase.strip(" ,;:-—–")
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = _ADVERBIAL_TAIL.sub("", phrase).strip(" ,;:-—–")
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
    return _subject_of(_window(before))


_SHARED = re.compile(r"^(.*\S)\s+(?:and|but)(?:\s+(?:also|then|later))?$")
_CLAUSE_HEAD = re.compile(r"^((?:[Tt]he\s+)?(?:[A-Z][\w'’.-]*\s+)*[A-Z][\w'’.-]*)\s+[a-z]")
_MARKS = re.compile(r"[\U000F0000-\U000FFFFF]")
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
    parts = [p.strip() for p in _PARTS.split(before) if p.strip()]
    while parts and _MODIFIER.match(parts[-1]):
        parts.pop()
    if not parts:
        return None
    last = parts[-1]
    if _CLAUSE.match(last):
        # "as Russian forces attempt ... and the US urges ...": the last clause's subject
        joined = re.search(r"\s(?:and|but|while|as|when)\s+((?:the\s+)?[A-Z][^,]*)$", last)
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
        if ((one[0] and not one[1]) or (two[0] and not two[1])) and (
                len(kept[-1].split()) <= 9 and len(words) <= 9):
            return pair
    subject = re.sub(r"^(?:both)\s+", "", last)
    if re.search(r"\s(?:of|to|for|the|a|an|in|on|at|by|with|from|that)$", subject):
        return None
    if len(subject.split()) > 9:
        return None
    return subject


def _subject_like(part: str) -> bool:
    """Whether a comma-separated part can name a speaker: a capital, an article or a
    pronoun first, a title (``head of the ...``) or a name at its end."""
    first = part.split()[0].lower()
    return (part[:1].isupper() or first in ("the", "a", "an", "he", "she", "it", "they", "we",
                                            "both", "its", "his", "her", "their")
            or first in _TITLE_WORDS or first in _ORG_WORDS
            or _trailing_name(part)[0] is not None)


def _speakers(subject: str) -> list[str]:
    """One speaker phrase, or two for ``Trump and Putin``."""
    two = re.match(r"^(.+?)\s+and\s+(.+)$", subject)
    if two and not re.search(r"\b(?:of|for)\b", two.group(1)) and (
            two.group(1)[:1].isupper() and two.group(2)[:1].isupper()):
        return [two.group(1), two.group(2)]
    return [subject]


# ---------------------------------------------------------------------------- dates


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


# ------------------------------------------------------------------------- drafting


@dataclass(frozen=True)
class _Found:
    """A statement found in the report, and what filing it under a claim needs."""

    statement: Drafted
    sentence: str  # the report's sentence, for a new claim's text
    follows: bool = False  # the second part of a split quote: same claim as the last
    paragraph: int = 0
    denial_cue: bool = False  # denied, rejected, dismissed...


def _direct_attribution(masked: str, quotes: list[int]) -> tuple[str | None, str]:
    """The words that attribute ``quotes`` as direct quotes (``"...," X said``, ``X said:
    "..."``, ``according to X, "..."``), if the sentence has that shape; and the words
    before the first quote."""
    first = masked.find(chr(_MARK + quotes[0]))
    last = masked.find(chr(_MARK + quotes[-1]))
    head = masked[:first].strip()
    tail = masked[last + 1:].strip()
    at_end = not re.search(r"[A-Za-z]", tail)
    if not re.search(r"[A-Za-z]", head):
        return re.sub(r"[\U000F0000-\U000FFFFF]", " ", masked[first + 1:]), head
    if at_end and (re.search(rf"(?:[:,]|\b(?:{_SAY}|{_DENY}|{_QUALIFY})(?:\s+that)?)\s*$",
                             head.rstrip("—–- ")) or re.search(r"\baccording to\b", head)):
        return head, head
    return None, head


def _unmask(masked: str, inners: list[str], spans: list[tuple[int, int, bool]],
            text: str) -> str:
    def put(match: re.Match[str]) -> str:
        start, end, _closed = spans[ord(match.group(0)) - _MARK]
        return text[start:end]

    return re.sub(r"[\U000F0000-\U000FFFFF]", put, masked)


def _short(masked: str, inners: list[str], limit: int = 110) -> str:
    """The sentence for a note: each quote cut to its first words."""

    def put(match: re.Match[str]) -> str:
        words = inners[ord(match.group(0)) - _MARK].split()
        shown = " ".join(words[:6])
        tail = inners[ord(match.group(0)) - _MARK][-1:]
        return f'"{shown}..."' if len(words) > 6 else f'"{" ".join(words)}"' if tail else '""'

    text = re.sub(r"[\U000F0000-\U000FFFFF]", put, masked)
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _stance_of(cue: str, words: str) -> Stance:
    cue = cue.lower()
    if _DENY_WORDS.match(cue):
        return Stance.DENIES
    if _QUALIFY_WORDS.match(cue):
        return Stance.QUALIFIES
    if _DENIAL_PHRASES.search(words):
        return Stance.DENIES
    return Stance.ASSERTS


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
    rest = re.sub(r"^(?:,\s*)?according to [^,.]+", "", after.strip())
    rest = re.sub(r"^\s*,\s*(?:after|before|as|when|while|following|amid|despite|in|at)\b.*$",
                  "", rest)
    if len(rest.split()) > 10 or re.search(r"\bthat\b", rest):
        return False
    return not _content(rest) or bool(re.match(
        r"\s*,?\s*(?:on|in|at|to|after|during|via|by|from|with|late|earlier|last|as|before)\b",
        rest))


def _documented_by(phrase: str) -> str:
    """Who a document speaks for: "a White House statement" is the White House."""
    phrase = re.sub(r"^(?:an?|the)\s+(?=[A-Z])", "", phrase.strip())
    return re.sub(r"(?:'s)?\s+(?:statement|readout|transcript|report|account|website|"
                  r"post|data|figures)$", "", phrase)


def _drop_trailing_attribution(text: str) -> str:
    text = re.sub(r",\s*(?:according to|as)\b[^,]*$", "", text).strip(" ,")
    # "..., a claim rejected by Kyiv", "..., an assertion Kyiv did not confirm"
    text = re.sub(r",\s+(?:an?|the)\s+(?:claim|assertion|allegation|accusation|statement|"
                  r"report)\b.*$", "", text).strip(" ,")
    # ", while Moscow played down ...", ", even as ...": a clause of someone else's
    text = re.sub(r",\s+(?:while|whereas)\s+[A-Z].*$", "", text).strip(" ,")
    return re.sub(r",\s+(?:even as|even though|although|though|despite)\b.*$", "",
                  text).strip(" ,")


class _Drafter:
    """Reads a report paragraph by paragraph, sentence by sentence, and keeps what it
    finds in order, with the speakers met so far (for pronouns and quotes that go on)."""

    def __init__(self, report: Report, ledger: Ledger, published: dt.date) -> None:
        self.report = report
        self.cast = _Cast(ledger)
        self.published = published
        self.found: list[_Found] = []
        self.said: set[tuple[str, str]] = set()  # (actor, words) of what was found
        self.left_out: list[LeftOut] = []
        #: Whom a quote standing alone goes on quoting: the last speaker, or nobody
        #: after a quote no one could be found for.
        self.current: str | None = None
        self.paragraph = 0

    # ---------------------------------------------------------------- paragraphs

    def run(self) -> None:
        carried: str | None = None  # an open quote running on into the next paragraph
        carried_line = 0
        body = list(self.report.paragraphs)
        if body and self._is_headline(body[0]):
            body = body[1:]
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
                    self._quote_alone(carried, carried_line)
                carried = None
            limit = len(text)
            if spans and not spans[-1][2] and index + 1 < len(body) and re.match(
                    "\\s*[\"“'‘]", body[index + 1].text):
                # A quote that goes on in the next paragraph (which opens with a mark).
                carried, carried_line, limit = inners[-1], lines[-1], spans[-1][0]
                spans, inners, lines = spans[:-1], inners[:-1], lines[:-1]
                head = text[:limit]
                if re.search(r"[A-Za-z]", head):
                    who = self._attribution(re.sub(r"^.*[.!?]\s+", "", head), paragraph.lines[0][1])
                    if who:
                        self.cast.spoke(who[0][0])
                        self.current = who[0][0]
            self.paragraph = index
            masked, where = _mask(text[:limit], spans)
            for sentence in _sentences(masked, where, inners, index):
                self._sentence(sentence, paragraph, spans, inners, lines)
        if carried is not None:
            self._quote_alone(carried, carried_line)

    def _is_headline(self, paragraph: Paragraph) -> bool:
        text = paragraph.text
        return (len(paragraph.lines) == 1 and not re.search(r"[.!?][\"”’']?$", text)
                and not any(p.match(text) for p in _DATELINE_START))

    def _quote_alone(self, words: str, line: int) -> None:
        if _word_count(words) < 3:
            return
        speaker = self.current
        if speaker is None:
            self._unattributed(line, words)
            return
        self._add(speaker, _stance_of("", words), self.published, words, None, line,
                  _short(f'"{words}"', []), words)

    # ----------------------------------------------------------------- sentences

    def _sentence(self, sentence: _Sentence, paragraph: Paragraph,
                  spans: list[tuple[int, int, bool]], inners: list[str], lines: list[int]
                  ) -> None:
        masked = sentence.masked
        line = paragraph.line_at(sentence.start)
        plain = _unmask(masked, inners, spans, paragraph.text)
        date = _day(re.sub(r"[\U000F0000-\U000FFFFF]", " ", masked), self.published)
        excerpt = _short(masked, inners)
        real = [q for q in sentence.quotes if _word_count(inners[q]) >= 3]
        outside = re.sub(r"[\U000F0000-\U000FFFFF]", " ", masked)
        if not re.search(r"[A-Za-z]{2,}", outside):
            # A quote standing alone: the second part of a split quote, or a paragraph
            # that goes on quoting the last speaker.
            speaker = self.current
            for q in real:
                if speaker is None:
                    self._unattributed(lines[q], inners[q])
                    continue
                last = self.found[-1].statement if self.found and \
                    self.found[-1].statement.actor == speaker else None
                self._add(speaker, _stance_of("", inners[q]),
                          last.date if last else self.published, inners[q], None, lines[q],
                          f"{excerpt} (goes on quoting line {last.line})" if last else excerpt,
                          plain, follows=last is not None)
            return
        if real and self._direct(masked, sentence, real, inners, lines, date, excerpt, plain,
                                 line):
            return
        short = [q for q in sentence.quotes if 0 < _word_count(inners[q]) < 3]
        if not real and short:
            self._short_replies(masked, short, inners, lines, line)
        self._reported(masked, inners, spans, paragraph, line, date, excerpt, plain)

    def _short_replies(self, masked: str, short: list[int], inners: list[str],
                       lines: list[int], line: int) -> None:
        """Quotes of a word or two attributed as direct quotes are (``"Never," said X``)
        replies, which mean nothing without the question the quote does not hold: left
        out, and the reviewer told, to draft them by hand."""
        attribution = _direct_attribution(masked, short)[0]
        who = self._attribution(attribution, line) if attribution is not None else None
        if who is None:
            return
        for q in short:
            count = "one word" if _word_count(inners[q]) == 1 else "two words"
            self.left_out.append(LeftOut(lines[q], inners[q], f"only {count} quoted from "
                                         + " and ".join(map(self.cast.name_of, who[0]))))

    def _direct(self, masked: str, sentence: _Sentence, real: list[int], inners: list[str],
                lines: list[int], date: dt.date, excerpt: str, plain: str, line: int) -> bool:
        """Quotes attributed by the words around them: ``"...," X said``, ``X said:
        "..."``, ``according to X, "..."``. False when the quotes sit inside reported
        speech instead (mixed quotes)."""
        attribution, head = _direct_attribution(masked, real)
        if attribution is None:
            return False
        at_start = not re.search(r"[A-Za-z]", head)
        who = self._attribution(attribution, line)
        if who is None:
            if at_start or re.search(r":\s*$", head):
                for q in real:
                    self._unattributed(lines[q], inners[q])
                return True
            return False
        actors, cue = who
        for q_index, q in enumerate(real):
            for actor in actors:
                self._add(actor, self._quote_stance(actor, cue, inners[q], sentence.paragraph),
                          date, inners[q], None, lines[q], excerpt, _sentence_text(plain),
                          follows=q_index > 0)
        return True

    def _quote_stance(self, actor: str, cue: str, words: str, paragraph: int) -> Stance:
        """A quote's stance from its cue and words; a quote that follows its speaker's
        denial (``X denied ... "...," X said``) goes on denying."""
        stance = _stance_of(cue, words)
        if stance is Stance.ASSERTS and self.found:
            last = self.found[-1]
            if (last.statement.actor == actor and last.statement.stance is Stance.DENIES
                    and last.denial_cue and paragraph - last.paragraph <= 1):
                return Stance.DENIES
        return stance

    def _attribution(self, words: str, line: int) -> tuple[list[str], str] | None:
        """The speakers an attribution names (``Kremlin spokesman Dmitry Peskov told
        reporters``, ``said Peskov``, ``according to the ministry``) and its cue verb."""
        words = words.strip(" ,.;:—–-")
        according = re.search(r"\baccording to\s+([^,.;]+)", words, re.I)
        if according and not _CUE.search(words[: according.start()]):
            actor = self.cast.resolve(_documented_by(according.group(1)), line)
            return ([actor], "") if actor else None
        cue = _CUE.search(words)
        if cue is None:
            return None
        before, after = words[: cue.start()], words[cue.end():]
        subject = _subject(before) if before.strip() else None
        if subject is None and not before.strip():
            # "said Peskov", "said one woman standing outside"
            subject = re.split(r",|\s(?:who|standing|speaking|in|at|on|after|during|when|while|"
                               r"before|as|adding)\s", after
                               )[0].strip()
        if not subject:
            return None
        actors = [a for a in (self.cast.resolve(s, line) for s in _speakers(subject)) if a]
        return (actors, cue.group("cue")) if actors else None

    def _reported(self, masked: str, inners: list[str], spans: list[tuple[int, int, bool]],
                  paragraph: Paragraph, line: int, date: dt.date, excerpt: str,
                  plain: str) -> None:
        """Reported speech: the first cue with a speaker before it gives a statement whose
        paraphrase is what was said, trimmed of the cue and its adverbials."""

        def words_of(part: str) -> str:
            return _unmask(part, inners, spans, paragraph.text).strip()

        according = re.search(r"(?:^|,\s*)according to\s+([^,.;]+?)(?:,|\.?$)", masked, re.I)
        if according:
            who = self.cast.resolve(_documented_by(according.group(1)), line)
            content = (masked[according.end():] if according.start() == 0
                       else masked[: according.start()])
            if who and _content(content):
                self._paraphrase([who], "", _content(content), masked, inners, spans,
                                 paragraph, line, date, excerpt, plain)
                return
        masked_rest = self._rejected_by(masked, inners, spans, paragraph, line, date, excerpt,
                                        plain)
        if masked_rest is None:
            return
        masked_rest = self._denied_aside(masked_rest, inners, spans, paragraph, line, date,
                                         excerpt, plain)
        relative = _RELATIVE.match(masked_rest)
        if relative:
            # "Peskov, who told reporters A, said B": two statements of one speaker;
            # "Putin, who spoke after the meeting, said B": one
            who = relative.group("who")
            if _CUE.search(relative.group("clause")):
                self._cues(f"{who} {relative.group('clause')}", inners, spans, paragraph,
                           line, date, excerpt, plain)
            masked_rest = f"{who} {relative.group('rest')}"
        self._cues(masked_rest, inners, spans, paragraph, line, date, excerpt, plain)

    def _rejected_by(self, masked: str, inners: list[str], spans: list[tuple[int, int, bool]],
                     paragraph: Paragraph, line: int, date: dt.date, excerpt: str,
                     plain: str) -> str | None:
        """``X said A, a claim rejected by Y``: Y denies A; ``The claims were dismissed by
        Y``: Y denies the claims. What is left of the sentence for its other statements
        comes back (None when nothing is)."""
        found = re.search(rf"\b(?:a|an|the)?\s*(?:claim|claims|assertion|allegation|"
                          rf"accusation|report|reports)s?\s+(?:(?:was|were)\s+)?(?:also\s+)?"
                          rf"(?P<cue>{_DENY})\s+by\s+(?P<who>[^,.;]+)", masked, re.I)
        if found is None:
            return masked
        who = self.cast.resolve(re.split(r"\s+who\b", found.group("who"))[0], line)
        before = masked[: found.start()].strip(" ,")
        if re.search(r"\b(?:was|were)\b", found.group(0)):
            content = re.sub(rf"\s+(?:were|was)\s+(?:also\s+)?(?:{_DENY}).*$", "", masked)
        elif _CUE.search(before):
            content = re.sub(rf"^.*?\b(?:{_SAY})\b\s*(?:on\s+\w+day\s*)?(?:that\s+)?", "",
                             before)
        else:
            content = before
        if who:
            self._paraphrase([who], found.group("cue"), content.strip(" ,"), masked, inners,
                             spans, paragraph, line, date, excerpt, plain)
        return masked[: found.start()] if _CUE.search(masked[: found.start()]) else None

    def _denied_aside(self, masked: str, inners: list[str], spans: list[tuple[int, int, bool]],
                      paragraph: Paragraph, line: int, date: dt.date, excerpt: str,
                      plain: str) -> str:
        """``..., which Kyiv denies``, ``— something Moscow rejects —``: a denial, by the
        speaker the aside names, of what the words before it say. The sentence comes back
        without the aside, for its other statements."""
        aside = re.search(rf"\s*(?:—|–|,|\s-\s)\s*(?:something|which|a claim|an accusation|"
                          rf"an allegation|a charge)\s+(?P<who>[A-Z][\w'’. -]*?)\s+(?:has\s+|"
                          rf"have\s+|also\s+)?(?P<cue>{_DENY})\b\s*(?:—|–|,|\s-\s)?", masked)
        if aside is None:
            return masked
        who = self.cast.resolve(aside.group("who"), line)
        before = masked[: aside.start()]
        accusing = re.search(rf"\b(?:{_ACCUSE}|accusing)\s+(.+)$", before)
        said = list(_CUE.finditer(before))
        content = (accusing.group(1) if accusing else _content(before[said[-1].end():])
                   if said else before)
        content = re.sub(r"^(?:while|after|when|as)\s+", "", content.strip(" ,"), flags=re.I)
        if who and _word_count(content) >= 2:
            self._paraphrase([who], aside.group("cue"), content, masked, inners, spans,
                             paragraph, line, date, excerpt, plain)
        return masked[: aside.start()] + ", " + masked[aside.end():].lstrip(" ,")

    def _cues(self, masked: str, inners: list[str], spans: list[tuple[int, int, bool]],
              paragraph: Paragraph, line: int, date: dt.date, excerpt: str,
              plain: str) -> None:
        """Reported speech by cue verbs, left to right. A clause joined by ``but``,
        ``and`` or ``while`` with a cue of its own is a second statement: of the same
        speakers (``acknowledged A but said B``) or of the speaker it names (``said A,
        while Ukraine denied B``)."""
        cues = list(_CUE.finditer(masked))
        index = 0
        actors: list[str] = []
        accused = False
        while index < len(cues):
            cue = cues[index]
            # Bounded looks around the cue: a paragraph may hold thousands of cues.
            near = masked[max(cue.start() - _REACH, 0): cue.start()]
            verb = cue.group("cue").lower()
            if not actors:
                subject = _subject(near)
                if subject is None:
                    index += 1
                    continue
                if _tail_is_adverbial(masked[cue.end(): cue.end() + _REACH]) and (
                        "," in masked[: cue.start()]):
                    # "..., the ministry said on Thursday.": what was said comes first
                    before = masked[: cue.start()]
                    cut = before.rstrip().rfind(subject.split(",")[0])
                    actors = self._resolve_all(subject, line)
                    content = _drop_trailing_attribution(before[:cut].rstrip(" ,"))
                    if actors and _word_count(content) >= 2:
                        self._paraphrase(actors, verb, content, masked, inners, spans,
                                         paragraph, line, date, excerpt, plain)
                    return
                actors = self._resolve_all(subject, line)
                if not actors:
                    index += 1
                    continue
            if not accused:
                accused = True
                self._accusing(masked, actors, inners, spans, paragraph, line, date, excerpt,
                               plain)
            following = self._next_clause(masked, cues, index, line, actors)
            if following is None:
                part, next_index, next_actors = masked[cue.end():], len(cues), actors
            else:
                next_index, joint_end, next_actors = following
                part = masked[cue.end(): joint_end]
            content = self._shape(verb, part)
            if content and _word_count(content) >= 2 and not re.match(
                    r"(?:who|whom|whether|if|why|how|what|when|where)\b", content, re.I):
                self._paraphrase(actors, verb, content, masked, inners, spans, paragraph, line,
                                 date, excerpt, plain)
            index, actors = next_index, next_actors

    def _accusing(self, masked: str, actors: list[str], inners: list[str],
                  spans: list[tuple[int, int, bool]], paragraph: Paragraph, line: int,
                  date: dt.date, excerpt: str, plain: str) -> None:
        """``While accusing Y of Z, X said ...``, ``X said ..., accusing Y of Z``: X
        accuses too."""
        found = re.search(r"\baccusing\s+(?P<content>[^,;—–]+?\bof\b[^,;—–]+?)\s*(?:[,;—–]|\.?$)",
                          masked)
        if found is None:
            return
        content = found.group("content")
        if re.search(r"\b(?:he|she|it|they)\s+(?:said|says)$", content):
            content = re.sub(r"\s+that\s+(?:he|she|it|they)\s+(?:said|says)$", "", content)
        self._paraphrase(actors, "accused", content.strip(), masked, inners, spans, paragraph,
                         line, date, excerpt, plain)

    def _next_clause(self, masked: str, cues: list[re.Match[str]], index: int, line: int,
                     current: list[str]) -> tuple[int, int, list[str]] | None:
        """The next cue that starts a clause of its own after ``cues[index]``: its index,
        where the content before it ends, and its speakers."""
        # The last join before each later cue, found segment by segment (a join never
        # spans a cue), so the search stays linear in the sentence.
        join: tuple[int, int] | None = None
        for other in range(index + 1, len(cues)):
            segment_start = cues[other - 1].end()
            for found in _JOIN.finditer(masked, segment_start, cues[other].start()):
                join = (found.start(), found.end())
            if join is None:
                continue
            if cues[other].start() - join[1] > _REACH:
                continue  # more than a speaker's few words
            named = masked[join[1]: cues[other].start()].strip()
            if not named or re.fullmatch(r"(?:also|again|later|then|both)", named):
                return other, join[0], current
            if len(named.split()) > 8:
                continue
            subject = _subject(named)
            if subject is None:
                continue
            actors = self._resolve_all(subject, line)
            if actors:
                return other, join[0], actors
        return None

    def _resolve_all(self, subject: str, line: int) -> list[str]:
        return [a for a in (self.cast.resolve(s, line) for s in _speakers(subject)) if a]

    def _shape(self, verb: str, after: str) -> str:
        """What was said, from the words after the cue: ``accused Y of Z`` keeps ``Y of
        Z``, ``urged Y to Z`` gives ``Y should Z``, ``described Y as Z`` keeps ``Y as Z``."""
        content = _drop_trailing_attribution(_content(after))
        if re.fullmatch(_URGE, verb):
            urged = re.match(r"^(.+?)\s+to\s+(.+)$", content)
            if urged:
                content = f"{urged.group(1)} should {urged.group(2)}"
        return content

    def _paraphrase(self, actors: list[str], verb: str, content: str, masked: str,
                    inners: list[str], spans: list[tuple[int, int, bool]],
                    paragraph: Paragraph, line: int, date: dt.date, excerpt: str,
                    plain: str) -> None:
        marks = [ord(c) - _MARK for c in content if _is_mark(c)]
        if not re.search(r"[A-Za-z]", re.sub(r"[\U000F0000-\U000FFFFF]", "", content)) and all(
                _word_count(inners[m]) < 3 for m in marks):
            return  # 'said: "Never again."': a quote of two words (see _short_replies)
        words = _unmask(content, inners, spans, paragraph.text).strip()
        quoted = [inners[m] for m in marks if _word_count(inners[m]) >= 3]
        quote = None
        if quoted and sum(_word_count(q) for q in quoted) >= 0.6 * _word_count(words):
            quote = max(quoted, key=_word_count)
        for actor in actors:
            if quote is not None:
                self._add(actor, _stance_of(verb, quote), date, quote, None, line, excerpt,
                          _sentence_text(plain))
            else:
                self._add(actor, _stance_of(verb, words if verb in ("said", "says") else ""),
                          date, None, words, line, excerpt, _sentence_text(plain),
                          denial_cue=bool(_DENY_WORDS.match(verb)))

    def _unattributed(self, line: int, words: str) -> None:
        self.left_out.append(LeftOut(line, words, "no speaker found for this quote"))
        self.current = None

    def _add(self, actor: str, stance: Stance, date: dt.date, quote: str | None,
             paraphrase: str | None, line: int, excerpt: str, sentence: str,
             follows: bool = False, denial_cue: bool = False) -> None:
        words = quote if quote is not None else paraphrase
        if not words or (actor, words) in self.said:
            return
        self.said.add((actor, words))
        self.cast.spoke(actor)
        self.current = actor
        self.found.append(_Found(Drafted(actor, stance, date, quote, paraphrase, line, excerpt),
                                 sentence, follows, self.paragraph, denial_cue))


_DATELINE_START = [re.compile(r"^[A-Z][A-Z .'’-]+,\s")]


def _sentence_text(plain: str) -> str:
    return " ".join(plain.split())


# --------------------------------------------------------------------------- claims


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _content_words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[a-z0-9]+", _fold(text))
            if w not in _STOP and len(w) > 2}


class _Index:
    """Claims by their content words, for finding the claim a statement's words match."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.postings: dict[str, list[int]] = {}

    def add(self, claim_id: str, words: set[str]) -> None:
        for word in words:
            self.postings.setdefault(word, []).append(len(self.order))
        self.order.append(claim_id)

    def match(self, words: set[str]) -> str | None:
        """The claim whose words cover most of a statement's content words (at least 60%,
        and at least four words), the first such claim on a tie; or None."""
        if len(words) < 4:
            return None
        common: dict[int, int] = {}
        for word in words:
            for at in self.postings.get(word, ()):
                common[at] = common.get(at, 0) + 1
        best = min((-n, at) for at, n in common.items()) if common else (0, -1)
        if -best[0] < 4 or -best[0] / len(words) < 0.6:
            return None
        return self.order[best[1]]


def _unique_text(item: _Found, used: set[str], tried: dict[str, int]) -> str:
    """A new claim's text: the sentence the words came from; when another claim has that
    text (two statements of one sentence), the statement's own words. ``tried`` keeps the
    next number to try for a text (so many equal texts stay linear)."""
    if item.sentence not in used:
        return item.sentence
    words = item.statement.words.strip(" ,")
    text = words[:1].upper() + words[1:]
    text = text if re.search(r"[.!?]$", text) else text + "."
    n = tried.get(text, 2)
    candidate = text
    while candidate in used:
        candidate, n = f"{text} ({n})", n + 1
    tried[text] = n
    return candidate


def _claims(found: list[_Found], ledger: Ledger) -> list[DraftClaim]:
    existing = _Index()
    for c in ledger.claims:
        existing.add(c.id, _content_words(" ".join([c.text, *(s.words for s in c.statements)])))
    taken = {c.id for c in ledger.claims}
    texts = {c.id: c.text for c in ledger.claims}
    used_texts = set(texts.values())
    tried_texts: dict[str, int] = {}
    tried_ids: dict[str, int] = {}
    claims: dict[str, DraftClaim] = {}
    new_index = _Index()
    last: str | None = None
    for item in found:
        words = _content_words(item.statement.words)
        claim_id = last if item.follows and last else existing.match(words)
        if claim_id is None:
            claim_id = new_index.match(words)
        if claim_id is None:
            text = _unique_text(item, used_texts, tried_texts)
            base = "-".join(_slug(w) for w in re.findall(r"[A-Za-z0-9]+", text)
                            if w.lower() not in _STOP)[:48].strip("-")
            base = base.rsplit("-", 1)[0] if len(base) >= 48 and "-" in base else base
            base = base or "claim"
            claim_id, n = base, tried_ids.get(base, 2)
            while claim_id in taken:
                claim_id, n = f"{base}-{n}", n + 1
            tried_ids[base] = n
            taken.add(claim_id)
            new_index.add(claim_id, words)
            texts[claim_id] = text
            used_texts.add(text)
        if claim_id not in claims:
            claims[claim_id] = DraftClaim(claim_id, texts[claim_id],
                                          existing=claim_id in ledger.claim_by_id)
        claims[claim_id].statements.append(item.statement)
        last = claim_id
    ordered = [c for c in claims.values() if c.existing] + [c for c in claims.values()
                                                             if not c.existing]
    return ordered


# ----------------------------------------------------------------------------- API


def draft(report: Report, ledger: Ledger, *, source_id: str, published: dt.date,
          title: str | None = None, publisher: str | None = None,
          url: str | None = None) -> Fragment:
    """The fragment a report proposes for ``ledger``: its statements filed under the
    ledger's claims they match, or under new claims; speakers the ledger does not know
    as new actors. A ``source_id`` the ledger already has is cited, not added again."""
    drafter = _Drafter(report, ledger, published)
    drafter.run()
    source = None
    if source_id not in ledger.source_by_id:
        source = NewSource(source_id, title or report.title, published,
                           publisher or report.publisher, url)
    used = {f.statement.actor for f in drafter.found}
    actors = [a for a in drafter.cast.new if a.id in used]
    return Fragment(source, source_id, actors, _claims(drafter.found, ledger),
                    sorted(drafter.left_out, key=lambda item: item.line))


def source_id_for(name: str, title: str) -> str:
    """A source id from the report's file name, or from its title when read from stdin."""
    stem = re.sub(r"\.(?:txt|md|markdown|html?|text)$", "", name.rsplit("/", 1)[-1], flags=re.I)
    base = _slug(title if stem in ("<stdin>", "-", "") else stem)[:60].strip("-")
    return base or "report"


def summary(fragment: Fragment) -> str:
    """One line on what was drafted, for stderr."""
    statements = fragment.statements
    quotes = sum(1 for s in statements if s.quote is not None)
    existing = sum(1 for c in fragment.claims if c.existing)

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (f"drafted {count(len(statements), 'statement')} ({quotes} quoted, "
            f"{len(statements) - quotes} reported) under {count(len(fragment.claims), 'claim')}"
            f" ({existing} already in the ledger), {count(len(fragment.actors), 'new actor')}; "
            "review it, then: kursk merge")


# -------------------------------------------------------------------------- render


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly ``value``."""
    out = ['"']
    for char in value:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE,
                                                              0xFFFF) or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _comment(text: str) -> str:
    """Text safe inside a YAML comment: one line, no control characters."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text)


def render(fragment: Fragment, report_name: str) -> str:
    """The fragment as ledger-format YAML, with comments for the reviewer."""
    lines = [
        f"# Drafted by kursk draft from {_comment(report_name)}. Review every entry: check",
        "# each quote against the report, each speaker, stance and date; give new claims one",
        "# neutral sentence. Then: kursk merge THIS-FILE",
    ]
    if fragment.source is not None:
        s = fragment.source
        lines += ["sources:", f"  - id: {s.id}", f"    title: {yaml_text(s.title)}",
                  f"    published: {s.published.isoformat()}"]
        if s.publisher:
            lines.append(f"    publisher: {yaml_text(s.publisher)}")
        if s.url:
            lines.append(f"    url: {yaml_text(s.url)}")
    else:
        lines.append(f"# The statements cite the ledger's source '{fragment.source_id}'.")
        lines.append("sources: []")
    if fragment.actors:
        lines.append("actors:")
        for a in fragment.actors:
            lines.append(f"  # New actor, first named on line {a.line}: check the name and role.")
            lines += [f"  - id: {a.id}", f"    name: {yaml_text(a.name)}"]
            if a.role:
                lines.append(f"    role: {yaml_text(a.role)}")
            lines.append(f"    kind: {a.kind}")
    else:
        lines.append("actors: []")
    if not fragment.claims:
        lines.append("claims: []")
    else:
        lines.append("claims:")
    for claim in fragment.claims:
        lines.append(f"  - id: {claim.id}")
        if claim.existing:
            lines.append(f"    # Existing claim: {_comment(claim.text)}")
            lines.append("    # kursk merge adds these statements to it.")
        else:
            lines.append("    # New claim: the sentence the words came from. Rewrite it as one "
                         "neutral sentence.")
            lines.append(f"    text: {yaml_text(claim.text)}")
        lines.append("    statements:")
        for st in claim.statements:
            lines += [f"      - actor: {st.actor}", f"        stance: {st.stance.value}",
                      f"        date: {st.date.isoformat()}",
                      f"        source: {fragment.source_id}"]
            if st.quote is not None:
                lines.append(f"        quote: {yaml_text(st.quote)}")
            else:
                lines.append(f"        paraphrase: {yaml_text(st.paraphrase or '')}")
            lines.append(f"        note: {yaml_text(f'drafted from line {st.line}: {st.excerpt}')}")
    return "\n".join(lines) + "\n"


def left_out_lines(fragment: Fragment, report_name: str) -> Iterator[str]:
    """One message per quote left out, located at its line of the report."""
    for item in fragment.left_out:
        words = item.words if len(item.words) <= 70 else item.words[:67] + "..."
        yield f'{report_name}:{item.line}: {item.why}, left out: "{words}"'
