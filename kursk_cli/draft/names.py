"""Names: folding for comparison, ids, a person's name and role in a phrase."""

from __future__ import annotations

import re
import unicodedata

from kursk_cli.draft.lexicon import _IGNORED, _ORG_WORDS, _SYNONYMS, _TITLE_WORDS


def _fold(text: str) -> str:
    """Lower case, accents and typographic apostrophes folded: for comparing names."""
    text = text.replace("’", "'").replace("‘", "'")
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(c))
    return text.casefold().strip()


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


def _capital(text: str) -> str:
    text = re.sub(r"^(?:the|The|an?)\s+", "", text.strip())
    return text[:1].upper() + text[1:]


#: Letters NFKD does not take apart: "Ødegård" is odegard, never degard.
_UNSPLIT = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
                          "ß": "ss", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                          "þ": "th", "Þ": "Th", "ı": "i"})


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.translate(_UNSPLIT)).encode(
        "ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def _is_name_word(word: str) -> bool:
    # "Kolm", "Kovač", "Marchetti-Dunn" (a double-barrelled name), never "NATO"
    return bool(_NAME_WORD.match(word)) and word[:1].isupper() and all(
        part[1:] == part[1:].lower() for part in word.split("-")) and (
        word.lower() not in _TITLE_WORDS)


#: Letters (any alphabet's), apostrophes, dots and hyphens, ending in a letter.
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’.-])*[^\W\d_]$")


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
            if name and name_part is parts[0] and all(
                    _fold(w) in _HONORIFICS for w in before.split()):
                # "Colonel Mara Lind, a harbour spokeswoman": the name, not the role
                return name, _role(f"{before} ({_role(role_part)})")
    last = parts[-1] if parts else phrase
    of = _OF_BODY.match(last)
    if of is not None:
        # "Major General Ivo Brandt of the Osterland army": the full name before "of"
        name, before = _trailing_name(of.group(1))
        if name and len(name.split()) >= 2:
            return name, _role(f"{before} of {of.group(2)}" if before else of.group(2))
    name, before = _trailing_name(last)
    if not name:
        return None, None
    return name, _role(before) if before else None


#: Titles that may stand before a name whose role follows it in an appositive.
_HONORIFICS = {"colonel", "col.", "major", "maj.", "general", "gen.", "lieutenant", "lt.",
               "admiral", "captain", "capt.", "commander", "sergeant", "sgt.", "brigadier",
               "dr.", "dr", "professor", "prof.", "mr.", "mrs.", "ms.", "mr", "mrs", "ms",
               "judge", "senator", "sen.", "rev.", "father", "sister", "sheikh", "lord",
               "lady", "sir", "dame", "major-general", "lieutenant-general"}


_OF_BODY = re.compile(r"^(.*?\S)\s+(?:of|from)\s+((?:the\s+)?[A-Z].*)$")


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
