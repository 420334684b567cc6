"""The cast of a report: the ledger's actors and the new ones its speakers name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kursk_cli.draft.lexicon import (
    _ANONYMOUS,
    _BODIES,
    _CUE,
    _ORG_WORDS,
    _PERSON_ROLES,
    _PRONOUNS,
    _TITLE_WORDS,
    _WITNESSES,
)
from kursk_cli.draft.names import _capital, _fold, _name_and_role, _slug, _tokens
from kursk_cli.draft.result import NewActor
from kursk_cli.draft.subjects import _clean_subject, _speakers
from kursk_cli.model import Ledger

#: A document speaking for whoever issued it ("the statement said").
_DOCUMENT = re.compile(r"(?:its |their |the |an? )?(?:official |joint |written |same )?"
                       r"(?:statement|readout|notice|communique|release|press release)")


#: Anonymous speakers that say whose they are: "Corvenian officials", "the Veldis army's
#: sources" (a capitalised word first, a few words, the anonymous noun last).
_GROUP = re.compile(r"(?:[Tt]he\s+|[Aa]n?\s+)?[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,3}?"
                    r"\s+(?P<who>[a-z]+)")


#: The last word of a newspaper's, a broadcaster's or an agency's name.
_OUTLETS = {"times", "post", "news", "herald", "journal", "gazette", "tribune", "radio", "tv",
            "wire", "daily", "telegraph", "guardian", "observer", "press", "chronicle",
            "express", "mirror", "monitor", "courier", "dispatch", "bulletin", "inquirer",
            "record", "register", "sentinel", "examiner", "leader", "review", "weekly"}
#: People of a place: "Residents of Lundhaven", "officials in Velmora".
_PLACED = re.compile(r"(?:[Tt]he\s+)?(?P<who>[A-Za-z]+(?:\s+[a-z]+)?)\s+(?:of|from|in|at|near)\s+"
                     r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}")
#: Words of a clause, never of a body's name.
_AUXILIARIES = {"would", "will", "has", "have", "had", "was", "were", "is", "are", "did",
                "does", "do", "could", "should", "may", "might", "must", "can", "be", "been"}
#: A body named by what it is and where: "the foreign ministry in Velmora".
_BODY_OF_PLACE = re.compile(r"(?:[Tt]he\s+)?(?P<body>[a-z]+(?:\s+[a-z]+){0,2})\s+(?:of|in|at)\s+"
                            r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}")
#: An unnamed spokesperson of a named body.
_SPOKESPERSON_FOR = re.compile(r"(?:[Aa]n?|[Tt]he)\s+spokes(?:man|woman|person)\s+for\s+"
                               r"(?P<body>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,5})")


#: An organisation named by its owner: "Hesperin's", "the Kremlin's" (the owner kept).
_OWNER = re.compile(r"^([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)['’]s\s+")


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
        #: (actor, line) -> the pronoun, role or title the actor was found from there
        self.guessed: dict[tuple[str, int], str] = {}
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
            if wanted == "organization" and not self.is_body(actor_id):
                continue  # "it" is never "witnesses"
            if wanted == "any" or kind in (wanted, "any"):
                return actor_id
        return None

    def _other_body(self, actor_id: str, folded: str) -> bool:
        """Whether an actor is named as a body of another kind than ``folded`` says
        (``the council`` is never the Dorvan interior ministry)."""
        head = _fold(self.name_of(actor_id)).split()[-1:]
        return bool(head) and (head[0] in _ORG_WORDS or head[0] in _BODIES) and (
            head[0] != folded.split()[-1])

    def is_body(self, actor_id: str) -> bool:
        """Whether an actor may be a body speaking: not a person, nor a group of people
        speaking as themselves (``witnesses``, ``residents``)."""
        return self.kind_of(actor_id) != "person" and not _WITNESSES.fullmatch(
            _fold(self.name_of(actor_id)))

    def resolve(self, phrase: str, line: int) -> str | None:
        """The actor ``phrase`` names, a new actor for a named speaker the ledger does not
        know, or None for an anonymous or unknown speaker."""
        phrase = _clean_subject(phrase)
        if not phrase:
            return None
        folded = _fold(phrase)
        if folded in _PRONOUNS:
            return self._guess(self.pronoun(folded), phrase, line)
        bare = re.sub(r"^(?:the|an?)\s+", "", folded)
        if _WITNESSES.fullmatch(bare):
            # "witnesses": a group, the same one when named again
            same = next((k.id for k in self.known if bare in k.keys), None)
            return same or self._add(_capital(bare), None, "organization", line)
        placed = _PLACED.fullmatch(phrase)
        if placed is not None:
            # "Residents of Lundhaven", "officials in Velmora": people of a place, never
            # the place, nor a person named after it
            who = _fold(placed.group("who"))
            if _WITNESSES.fullmatch(who):
                same = next((k.id for k in self.known if folded in k.keys), None)
                return same or self._add(_capital(re.sub(r"^(?:the|The)\s+", "", phrase)),
                                         None, "organization", line)
            if _ANONYMOUS.fullmatch(who):
                return None
        body_of = _BODY_OF_PLACE.fullmatch(phrase)
        if body_of is not None and body_of.group("body").split()[-1] in _BODIES | _ORG_WORDS:
            # "the foreign ministry in Velmora", "the ministry of Dorvan": the body, never
            # the place, nor a person named after it
            same = next((k.id for k in self.known if folded in k.keys), None)
            return same or self._add(_capital(phrase), None, "organization", line)
        spokesperson = _SPOKESPERSON_FOR.fullmatch(phrase)
        if spokesperson is not None:
            # "a spokesperson for Osterland": unnamed, Osterland speaking through them
            count = len(self.new)
            speaks_for = self.resolve(spokesperson.group("body"), line)
            if len(self.new) > count:  # first named here: a body, never a person
                self.new[-1].kind = self.known[-1].kind = "organization"
                self.known[-1].surnames = set()
            return self._guess(speaks_for, phrase, line)
        if _ANONYMOUS.fullmatch(bare):
            if folded.startswith("the ") and not bare.endswith("s"):
                # "the official": the one a speaker named before was ("a Veldis official")
                for actor_id in reversed(self.recent):
                    spoken = self._known(actor_id)
                    if spoken is not None and _tokens(bare) <= spoken.profile:
                        return self._guess(actor_id, phrase, line)
            return None  # "analysts", "officials", "an official": nobody in particular
        if _DOCUMENT.fullmatch(bare):
            # "the statement said": the body that spoke last
            return self._guess(self.pronoun("it"), phrase, line)
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
            group = _GROUP.fullmatch(phrase)
            if group is not None and _ANONYMOUS.fullmatch(_fold(group.group("who"))):
                # "Corvenian officials", "Western intelligence sources": a body, unnamed
                return self._add(_capital(re.sub(r"^(?:an?|An?)\s+", "", phrase)), None,
                                 "organization", line)
            return None
        tokens = _tokens(phrase)
        if not tokens:
            return None
        # "the Kremlin", "the ministry": a body, never a person of it
        body = folded.split()[-1] in _ORG_WORDS
        if folded.startswith("the ") and len(tokens) <= 2:
            for actor_id in reversed(self.recent):
                spoken = self._known(actor_id)
                if spoken is not None and tokens <= spoken.profile and not (
                        body and spoken.kind == "person"):
                    return self._guess(actor_id, phrase, line)
        countries = {"russia", "ukraine", "unitedstates", "britain", "france"}
        scored = []
        for candidate in self.known:
            if not tokens <= candidate.profile:
                continue
            if (tokens <= countries or body) and candidate.kind == "person":
                continue
            scored.append((len(candidate.profile), candidate.id))
        if scored:
            return self._guess(min(scored)[1], phrase, line)
        if body and re.fullmatch(r"the [a-z]+", phrase) and self.recent and (
                self.is_body(self.recent[-1])) and not self._other_body(self.recent[-1],
                                                                         folded):
            # "the ministry", "the board" and no such body known: the last speaker, when
            # a body (by metonymy; a guess, noted), never one who spoke further back
            return self._guess(self.recent[-1], phrase, line)
        unarticled = re.sub(r"^(?:the|The|an?)\s+", "", phrase)
        if re.match(r"an?\s", phrase) and len(unarticled.split()) <= 5 and (
                _fold(unarticled.split()[-1]) in _TITLE_WORDS) and re.search(r"[A-Z]", unarticled):
            # "a retired Tavrossian Commodore": one person, known by the title alone
            return self._add(unarticled, None, "person", line)
        if unarticled[:1].isupper():
            return self._add(_capital(phrase), None, "organization", line)
        return self._described(folded, line)

    def _described(self, folded: str, line: int) -> str | None:
        """A body the report names only by what it is (``the ministry``, ``the maritime
        ministry``, ``a panel of inquirers``) and has named no other way before: a new actor of
        that name, its speaker noted as guessed; ``the same outlet`` is the body that
        spoke last (or the last speaker)."""
        words = folded.split()
        head = words[words.index("of") - 1] if "of" in words[2:] else words[-1]
        if not (2 <= len(words) <= 8 and words[0] in ("the", "a", "an") and head in _BODIES
                and all(w.isalpha() for w in words[1:])) or _CUE.search(folded) or any(
                    w in _AUXILIARIES for w in words):
            return None  # "the mayor said the inquiry": a clause, never a body's name
        if words[1] == "same":
            # a body before a person (an outlet's name may read as a person's)
            bodies = [a for a in self.recent if self.is_body(a)]
            return self._guess(bodies[-1], folded, line) if bodies else None
        actor_id = self._add(_capital(" ".join(words[1:])), None, "organization", line)
        return self._guess(actor_id, folded, line)

    def guess(self, actor_id: str, phrase: str, line: int) -> str:
        """``actor_id``, noted as found from ``phrase`` (a pronoun) on ``line``."""
        self.guessed.setdefault((actor_id, line), phrase)
        return actor_id

    def _guess(self, actor_id: str | None, phrase: str, line: int) -> str | None:
        """``actor_id``, noted as found from a pronoun, role or title (``phrase``)."""
        if actor_id is not None:
            self.guessed.setdefault((actor_id, line), phrase)
        return actor_id

    def resolve_all(self, subject: str, line: int) -> list[str]:
        """The actors of a subject naming one speaker, or two (``Putin and Trump``)."""
        return [a for a in (self.resolve(s, line) for s in _speakers(subject)) if a]

    def _known(self, actor_id: str) -> _Known | None:
        return next((k for k in self.known if k.id == actor_id), None)

    def _add(self, name: str, role: str | None, kind: str, line: int) -> str:
        if kind == "organization" and _fold(name).split()[-1] in _PERSON_ROLES:
            kind = "person"  # "the Nerassan Navy spokesperson": a person speaking for it
        if kind == "person" and len(name.split()) > 1 and _fold(name).split()[-1] in _OUTLETS:
            kind = "organization"  # "The Velmora Times": a newspaper, not a Mr Times
        # "Hesperin's Northern Command": a body of Hesperin, id hesperin-northern-command
        owner = _OWNER.match(name) if kind == "organization" or (
            _fold(name).split()[-1] in _PERSON_ROLES) else None
        base = _slug(_OWNER.sub(r"\1 ", name) if owner else name) or "actor"
        actor_id, n = base, 2
        while actor_id in self.taken:
            actor_id, n = f"{base}-{n}", n + 1
        self.taken.add(actor_id)
        self.new.append(NewActor(actor_id, name, role, kind, line,
                                 owner.group(1) if owner else None))
        surnames = {_fold(name.split()[-1])} if kind == "person" else set()
        # a lone name ("Morvath said") may be a country, an outlet or a body as well as
        # a person: "it" and "the ministry" may stand for it too
        known_kind = "any" if kind == "person" and len(name.split()) == 1 else kind
        self.known.append(_Known(actor_id, name, known_kind, {_fold(name), _fold(actor_id)},
                                 surnames,
                                 _tokens(" ".join(filter(None, (name, role))))))
        return actor_id
