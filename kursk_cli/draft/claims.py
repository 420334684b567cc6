"""Filing statements under claims: the ledger's when the words match, else new ones."""

from __future__ import annotations

import re
from dataclasses import replace

from kursk_cli.draft.findings import _Found
from kursk_cli.draft.lexicon import _STOP
from kursk_cli.draft.names import _fold, _slug
from kursk_cli.draft.result import DraftClaim, Drafted
from kursk_cli.model import Ledger, Stance


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
        self.words: list[set[str]] = []
        self.at: dict[str, int] = {}

    def add(self, claim_id: str, words: set[str]) -> None:
        for word in words:
            self.postings.setdefault(word, []).append(len(self.order))
        self.at[claim_id] = len(self.order)
        self.order.append(claim_id)
        self.words.append(words)

    def shared(self, claim_id: str, words: str) -> str:
        """The words of a statement that its claim has too, as the reviewer reads them."""
        claim = self.words[self.at[claim_id]]
        seen: list[str] = []
        for word in re.findall(r"[^\W_]+", words):
            if _stem(_fold(word)) in claim and word.lower() not in (w.lower() for w in seen):
                seen.append(word)
        return ", ".join(f"'{w}'" for w in seen[:6])

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


#: A negation: "not", "never", "no", "n't".
_NEGATION = re.compile(r"\b(?:not|never|no|none|neither|nor)\b|n['’]t\b", re.I)


def _scoped(statement: Drafted, denial_cue: bool, claim: str) -> Drafted:
    """A statement's stance on the claim it is filed under, its negation read against the
    claim's: "troops were not encircled" denies "troops are encircled"; "we did not
    retreat" asserts "troops did not withdraw". A denial by its cue ("denied ...") and a
    qualified statement keep their stance."""
    if denial_cue or statement.stance is Stance.QUALIFIES:
        return statement
    shared = _content_words(statement.words) & _content_words(claim)
    negated = _negates(statement.words, shared)
    if not negated and statement.stance is Stance.DENIES:
        return statement  # "fabricated", "a lie": rejects whatever the claim says
    stance = Stance.DENIES if negated != _negates(claim, shared) else Stance.ASSERTS
    return replace(statement, stance=stance)


def _negates(text: str, shared: set[str]) -> bool:
    """Whether a negation in ``text`` bears on the words it shares with a claim: one of
    them within three words after it ("were not encircled"; not "had no way out")."""
    words = re.findall(r"(?:[^\W_]|[’'])+", text)
    for at, word in enumerate(words):
        if (_NEGATION.fullmatch(word) or re.search(r"n['’]t$", word, re.I)) and any(
                _stem(_fold(w)) in shared for w in words[at + 1: at + 4]):
            return True
    return False


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
        words = _content_words(item.about or item.statement.words)
        statement = item.statement
        claim_id = last if item.follows and last else existing.match(words)
        index = existing
        if claim_id is None:
            claim_id, index = new_index.match(words), new_index
        if claim_id is not None and index is existing and not item.follows:
            statement = _scoped(statement, item.denial_cue, texts[claim_id])
        if claim_id is not None and not (item.follows and last):
            statement = replace(statement, guesses=(
                *statement.guesses,
                f"claim from the words {index.shared(claim_id, statement.words)}"))
        if claim_id is None:
            text = _unique_text(item, used_texts, tried_texts)
            base = "-".join(filter(None, (_slug(w) for w in re.findall(r"[^\W_]+", text)
                                          if w.lower() not in _STOP)))[:48].strip("-")
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
        claims[claim_id].statements.append(statement)
        last = claim_id
    ordered = [c for c in claims.values() if c.existing] + [c for c in claims.values()
                                                             if not c.existing]
    return ordered
