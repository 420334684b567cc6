"""The words drafting knows, in one place: speech verbs by what they signal, words
that reject a claim, pronouns, titles, organisations, abbreviations, stop words."""

from __future__ import annotations

import re

_SAY = ("said|says|say|saying|told|tells|telling|added|adds|adding|wrote|writes|writing|"
        "posted|stated|states|stating|declared|declares|announced|announces|warned|warns|"
        "warning|insisted|insists|insisting|claimed|claims|claiming|argued|argues|arguing|"
        "emphasised|emphasized|stressed|noted|notes|noting|explained|replied|responded|"
        "reacted|remarked|commented|continued|asked|tweeted|predicted|promised|pledged|"
        "vowed|confirmed|confirms|suggested|suggests|suggesting|reported|"
        "estimated|maintained|maintains|repeated|reiterated|assured|asserted|asserts|"
        "asserting|contended|cautioned|observed|underlined|underscored|affirmed|"
        "highlighted|hinted|disclosed|disclosing|revealed|recounted|alleged|alleges|"
        "alleging|charged|blamed|blames|blaming|credited|demanded|demands|demanding|"
        "questioned|recalled|answered|went on to say|was quoted as saying|"
        "were quoted as saying|"
        # the present, as headlines and plural speakers have it ("outlets report")
        "report|reports|suggest|blame|allege")
_DENY = ("denied|denies|deny|denying|rejected|rejects|rejecting|dismissed|dismisses|"
         "dismissing|refuted|refutes|refuting|disputed|disputes|pushed back against")
_QUALIFY = "acknowledged|acknowledges|conceded|concedes|admitted|admits"
_ACCUSE = "accused|accuses|accusing|counter-accusing"
_URGE = "urged|urges|urging|called on|calls on|calling on|appealed to|pressed"
_DESCRIBE = ("described|describes|describing|called|calls|calling|branded|brands|branding|labelled|"
             "labeled|termed")
#: A speech verb (never inside a word: "so-called" calls nothing).
_CUE = re.compile(rf"(?<![\w-])(?P<cue>{_SAY}|{_DENY}|{_QUALIFY}|{_ACCUSE}|{_URGE}|{_DESCRIBE})\b")
#: Words right before a quote that give it to someone or something else than the speaker:
#: what others call a thing ('residents call the pier "..."'), what a sign or a law says
#: ('the sign read "..."', 'a law that bans "..."'), what a crowd chanted.
_QUOTED_FROM = re.compile(r"\b(?:call(?:s|ed|ing)?|dub(?:s|bed|bing)?|nicknamed|known\s+"
                          r"(?:locally\s+|widely\s+)?as|termed|labell?ed|branded|"
                          r"read(?:s|ing)?|chant(?:s|ed|ing)?|shout(?:s|ed|ing)?|sang|"
                          r"sing(?:s|ing)?|chalked|scrawled|painted|printed|inscribed|"
                          r"ban(?:s|ned|ning)?|titled|entitled|headlined|slogan|motto|banner|"
                          r"placard|sign)\s+(?:[\w’'-]+\s+){0,4}?$", re.I)
#: A conjunction that may open a clause of another speaker.
_JOIN = re.compile(r"(?:,\s*|\s)(?:even\s+)?(?:but|and|while|whereas|as|after|before|when|"
                   r"because|although|though)\s+")
_DENY_WORDS = re.compile(rf"^(?:{_DENY})$")
#: "X, who told reporters A, said B": a speaker, a relative clause with its own cue,
#: and the sentence's cue after it.
_RELATIVE = re.compile(rf"^(?P<who>[^,]{{2,80}}?),\s+who\s+(?P<clause>[^,]+(?:,[^,]+)??),\s+"
                       rf"(?P<rest>(?:(?:also|later|then|earlier)\s+)?(?:{_SAY}|{_DENY}|"
                       rf"{_QUALIFY}|{_ACCUSE})\b.*)$", re.S)
_QUALIFY_WORDS = re.compile(rf"^(?:{_QUALIFY})$")
#: Words inside a quote, or a clause, that reject a claim: they make it a denial.
_DENIAL_PHRASES = re.compile(
    r"\b(?:not true|untrue|false|falsehoods?|fabricat\w*|lies|a lie|lying|fake|baseless|"
    r"groundless|unfounded|absurd|nonsense|fiction|invention|make-believe|fantasy|"
    r"ridiculous|laughable|smears?|slander\w*|disinformation|propaganda|"
    r"do(?:es)? not correspond to reality|no truth|there (?:is|was|were|are) no|"
    r"never happened|did not happen|not happening|no (?:evidence|proof|basis|connection|"
    r"knowledge|threat|part|role|involvement)|no trustworthy proof|took no part|"
    r"categorically|not our doing|never|did not|no \w+(?: \w+){0,4} (?:whatsoever|at all)|"
    r"far-fetched|not a single|"
    r"(?:out of|from) nowhere|wrongly|falsely|reckless|smokescreen|staged|stunt|not one|"
    r"no (?!one\b)(?:\w+ ){1,2}(?:was|were|has been|have been)|remains? intact|is intact|"
    r"faked|hoax|ploy|mock \w+|made[- ]up|^ridicul\w*|^mocking|"
    # "no Tavrossian Navy (TVN) vessel went down", "no barge ever entered the strait"
    r"no (?!(?:one|fewer|more|less|longer|later|sooner|doubt|comment)\b)[\w()’'-]+"
    r"(?: [\w()’'-]+){0,4} (?:ever )?(?:went|entered|crossed|sank|fired|took|came|\w+ed)|"
    # "continued to reject any role": a denial in the words' own first verb
    r"^to (?:deny|reject|dismiss|refute|dispute))\b", re.I)
#: Words a speaker's own quote rejects a claim with, beyond those above: rejecting the
#: charges in so many words, calling the evidence forged, knowing of no such thing.
_QUOTED_DENIALS = re.compile(
    r"\b(?:rejects?|rejected|rejecting|den(?:y|ies|ied)|refutes?|refuted|dismiss(?:es|ed)?)"
    r"\s+(?:[\w’'-]+\s+){0,6}?(?:charges?|accusations?|allegations?|claims?|assertions?)\b|"
    r"\b(?:forged|doctored|debunked|trumped-up)\b|"
    r"\b(?:we|i)\s+(?:don[’']t|do\s+not)\s+know\s+of\s+any\b", re.I)
#: Words that neither affirm nor reject: the speaker holds back.
_QUALIFYING_PHRASES = re.compile(
    r"\b(?:cannot confirm|can't confirm|could not confirm|too early to say|unclear|"
    r"not clear|remains to be seen|unable to verify|cannot verify|could not verify)\b", re.I)

_PRONOUNS = {"he": "person", "she": "person", "it": "organization", "they": "any",
             "we": "any"}
_ANONYMOUS = re.compile(
    r"\b(?:officials?|sources?|analysts?|residents?|witness(?:es)?|wom[ae]n|m[ae]n|people|"
    r"diplomats?|experts?|observers?|bloggers?|soldiers?|someone|somebody|person|"
    r"nobody|no one|none|no-one|"
    r"commentators?|critics?|aides?|insiders?|spokes(?:man|woman|person) for \w+)\b")
#: Unnamed groups that speak as themselves: "witnesses said" is said by witnesses (a
#: group, drafted as such), where "officials said" names nobody in particular.
_WITNESSES = re.compile(r"(?:eye)?witnesses|residents|survivors|onlookers|villagers|"
                        r"campaigners|activists|protesters|rescuers|medics|doctors|"
                        r"investigators|inquirers|researchers|monitors|"
                        r"relief (?:agencies|workers|staff)|aid workers")
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
    "brigadier", "captain", "capt.", "sergeant", "sgt.", "corporal", "commodore", "marshal",
    "rear", "brig.", "cmdr.", "adm.", "lt", "col", "maj", "gen", "prof.", "professor",
}
#: The last word of a speaker phrase that makes it one person of a body ("the Nerassan
#: Navy spokesperson"), never the body itself.
_PERSON_ROLES = {"spokesperson", "spokesman", "spokeswoman", "minister", "secretary",
                 "ambassador", "envoy", "president", "commander", "director", "governor",
                 "mayor", "adviser", "advisor", "counsellor", "councillor",
                 "chairman", "chairwoman", "ombudsman", "premier", "chancellor", "general"}
_ORG_WORDS = {"board", "ministry", "department", "committee", "service", "staff", "office", "house",
              "council", "government", "kremlin", "emirates", "forces", "army", "guard",
              "command", "agency", "administration", "parliament", "court", "union", "nato",
              "navy", "military", "leadership", "readout", "statement", "ukraine", "russia",
              "states", "moscow", "kyiv", "washington", "commission", "bureau", "company",
              "embassy", "mission", "group", "coalition", "authorities", "directorate",
              "intelligence", "police", "prosecutor", "kingdom", "republic", "alliance",
              "organisation", "organization"}
#: Bodies a report may name only by what they are ("the ministry said", "the agency
#: reported", "the same outlet noted"): a speaker of its own, to be checked.
_BODIES = {"ministry", "agency", "office", "board", "panel", "commission", "tribunal", "court",
           "outlet", "newspaper", "paper", "broadcaster", "radio", "channel", "army", "navy",
           "military", "police", "government", "company", "firm", "department", "committee",
           "council", "bureau", "service", "directorate", "embassy", "mission", "command",
           "administration", "parliament", "assembly", "regulator", "authority", "inquiry",
           "watchdog", "network", "station", "broadcast", "article", "daily", "weekly"}
_ABBREVIATIONS = {"u.s", "u.k", "u.n", "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj",
                  "sgt", "st", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "no", "gov",
                  "sen", "rep", "prof", "capt", "cmdr", "adm", "approx", "e.g", "i.e", "vs"}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}
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


_SYNONYMS = {
    "russian": "russia", "russia": "russia", "ukrainian": "ukraine", "ukraine": "ukraine",
    "american": "unitedstates", "u.s.": "unitedstates", "u.s": "unitedstates",
    "us": "unitedstates", "america": "unitedstates", "british": "britain", "uk": "britain",
    "french": "france", "leader": "president", "military": "armed", "army": "armed",
    "forces": "armed", "armed": "armed", "defense": "defence", "guards": "guard",
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "ministry's": "ministry",
}
_IGNORED = {"the", "a", "an", "of", "and", "s", "leadership", "top", "its", "own",
            "country's", "country", "state", "head"}
