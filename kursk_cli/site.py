"""A static site of the ledger: an index, a page per claim and per actor, a sources page.

The site is a function of the ledger, like the exports: :func:`pages` builds every page
as a value (its path, a key of everything it shows, and how to render it), and
:func:`publish` compares them with what the site's manifest says it wrote, rendering and
writing only pages whose key changed and whose bytes differ. Only files the manifest
lists are ever replaced or deleted; a folder holding anything else and no manifest is
refused.

Templates are Jinja2 with autoescaping on: every piece of ledger text goes into the
page as text, and a URL is a link only when it is http or https. The same ledger gives
the same bytes (no dates of building, sorted everything), so publishing sends only what
changed. No Rich, no Typer here: failures are :class:`KurskError`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kursk_cli import __version__
from kursk_cli.errors import KurskError
from kursk_cli.model import Actor, Claim, Ledger, Source, Stance, Statement, Status

#: The manifest the site writes in its folder: every file it wrote, with its key and
#: digest. Nothing it does not list is ever replaced or deleted.
MANIFEST = ".kursk-site.json"
FORMAT = 1

SIDES = ((Stance.ASSERTS, "Asserting"), (Stance.DENIES, "Denying"),
         (Stance.QUALIFIES, "Qualifying"))
#: A page path the site may write or delete: nothing else is taken from a manifest.
#: A Wikidata item as check admits it (Q and digits): only such an item becomes a link.
_WIKIDATA = re.compile(r"Q[1-9][0-9]*\Z")
_PAGE_PATH = re.compile(r"(?:(?:claims|actors)/[a-z0-9]+(?:-[a-z0-9]+)*\.html"
                        r"|index\.html|sources\.html|claims\.json|style\.css)\Z")


def safe_url(url: str | None) -> str | None:
    """``url`` when it may be a link (http or https, no space or control character);
    None otherwise, so a ``javascript:`` or ``data:`` URL is only ever shown as text."""
    if url is None:
        return None
    if not re.match(r"https?://[^\s\x00-\x1f\x7f]+\Z", url, re.I):
        return None
    return url


def wikidata_url(item: str | None) -> str | None:
    """The Wikidata page of ``item`` when it is an item's form (Q and digits); None
    otherwise, so nothing else is ever made a link."""
    if item is None or not _WIKIDATA.match(item):
        return None
    return f"https://www.wikidata.org/wiki/{item}"


def counted(number: int, noun: str) -> str:
    """``1 claim``, ``2 claims``: a count with its noun, singular where it is one."""
    return f"{number} {noun if number == 1 else noun + 's'}"


def script_json(value: Any) -> str:
    """JSON for a ``<script>`` element: ``<``, ``>`` and ``&`` as JSON escapes (the same
    text to a JSON reader), so that no ledger text can close the element, plus the two
    line separators JavaScript once took for line ends."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


# ----------------------------------------------------------------------- templates


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kursk_cli", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["script_json"] = script_json
    env.filters["wikidata_url"] = wikidata_url
    env.filters["counted"] = counted
    return env


def _template_digest() -> str:
    """What the templates and kursk's version make every page depend on."""
    digest = hashlib.sha256(__version__.encode())
    folder = resources.files("kursk_cli") / "templates"
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.is_file():
            digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()


# ------------------------------------------------------------------- page contents


def _statement_key(s: Statement) -> tuple[Any, ...]:
    """Everything of a statement a page may show, its words as spoken included."""
    o = s.original
    return (s.claim, s.actor, s.stance, s.date, s.source, s.quote, s.paraphrase, s.note,
            None if o is None else (o.source, o.lang, o.quote, o.paraphrase))


def _claim_key(c: Claim) -> tuple[Any, ...]:
    """Everything of a claim a page may show; positions are left out (an edit above a
    claim moves it without changing it)."""
    return (c.id, c.text, c.topics, [_statement_key(s) for s in c.statements])


def _actor_key(a: Actor) -> tuple[Any, ...]:
    return (a.id, a.name, a.role, a.affiliation, a.kind, a.aliases, a.wikidata)


def _source_key(s: Source) -> tuple[Any, ...]:
    return (s.id, s.title, s.published, s.publisher, s.url, s.note, s.archive, s.lang,
            s.publisher_wikidata)


def _cited(claim: Claim) -> tuple[str, ...]:
    """The sources a claim's page cites: each statement's, then each original's."""
    return tuple(dict.fromkeys((*claim.sources, *(s.original.source for s in claim.statements
                                                  if s.original is not None))))


#: How a relation reads from the claim it names (as ``kursk show`` says it).
_FROM_THE_OTHER_SIDE = {"contradicts": "contradicts", "supersedes": "superseded by",
                        "supports": "supported by"}


def related(ledger: Ledger) -> dict[str, list[tuple[str, str]]]:
    """For each group (by the id naming it; a claim in no group is its own), how other
    claims stand to it, in ledger order, each (how, other claim's id): what
    ``query.related`` gives each claim, in one pass over the relations rather than one
    per claim."""
    found: dict[str, list[tuple[str, str]]] = {}
    for other in ledger.claims:
        for relation in other.relations:
            if relation.kind == "same-as":
                continue
            mine, theirs = ledger.group_of(other.id), ledger.group_of(relation.claim)
            if mine == theirs:
                continue
            found.setdefault(mine, []).append((relation.kind, relation.claim))
            found.setdefault(theirs, []).append((_FROM_THE_OTHER_SIDE[relation.kind],
                                                 other.id))
    return {group: list(dict.fromkeys(listed)) for group, listed in found.items()}


def _digest(*parts: Any) -> str:
    import msgspec

    return hashlib.sha256(msgspec.msgpack.encode(parts)).hexdigest()


@dataclass(frozen=True)
class Said:
    """A statement as a page shows it: one or more sources reporting the same words,
    notes on its wording variants, and where it first appeared (when its sources were
    published on different days)."""

    statement: Statement
    sources: tuple[Source, ...]
    variants: tuple[str, ...] = ()
    first: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Page:
    """A file of the site: where, a key of everything it shows (same key, same bytes),
    and how to make its bytes."""

    path: str
    key: str
    render: Callable[[], bytes] = field(compare=False)


@dataclass(frozen=True)
class Settings:
    title: str = "kursk ledger"
    base_url: str | None = None


def claim_order(claims: Iterable[Claim]) -> list[Claim]:
    """Disputed claims first, then the others; the latest first within each; ties keep
    the ledger's order."""
    return sorted(claims, key=lambda c: (not c.disputed, -c.latest.toordinal()))


def pages(ledger: Ledger, settings: Settings) -> list[Page]:
    """Every page of the site, in a fixed order. Rendering waits until asked. A claim of
    a ``same-as`` group shows its group (as ``kursk show`` does); the index and the actor
    pages count a group once (as ``kursk claims`` and ``kursk actor`` do)."""
    env = _environment()
    common = _template_digest(), settings.title, settings.base_url
    site = _Site(ledger, settings, env)
    by_actor: dict[str, list[Claim]] = {}
    for claim in ledger.claims_once:
        for speaker in dict.fromkeys(s.actor for s in claim.statements):
            by_actor.setdefault(speaker, []).append(claim)
    entries = site.entries()
    found: list[Page] = [
        Page("style.css", _digest(common, "css"), site.stylesheet),
        Page("index.html", _digest(common, "index", _index_key(ledger, site)), site.index),
        Page("claims.json", _digest(common, "json", entries), _bind(site.index_json, entries)),
        Page("sources.html",
             _digest(common, "sources", [_source_key(s) for s in ledger.sources],
                     [(c.id, c.text, ledger.grouped(c).status, _cited(c))
                      for c in ledger.claims]),
             site.sources),
    ]
    for claim in ledger.claims:
        shown = ledger.grouped(claim)
        key = _digest(common, "claim", claim.id, claim.text, _claim_key(shown),
                      site.also(claim), site.related_to(claim),
                      [_actor_key(ledger.actor_by_id[a])
                       for a in dict.fromkeys(s.actor for s in shown.statements)],
                      [_source_key(ledger.source_by_id[s]) for s in _cited(shown)])
        found.append(Page(f"claims/{claim.id}.html", key, _bind(site.claim, claim)))
    for actor in ledger.actors:
        theirs = by_actor.get(actor.id, [])
        mine = [s for c in theirs for s in c.statements if s.actor == actor.id]
        key = _digest(common, "actor", _actor_key(actor),
                      [(c.id, c.text, c.status,
                        [(_statement_key(s), ledger.claim_by_id[s.claim].text)
                         for s in c.statements if s.actor == actor.id]) for c in theirs],
                      [_source_key(ledger.source_by_id[s]) for s in
                       sorted({x for s in mine for x in (
                           s.source, *((s.original.source,) if s.original else ()))})])
        found.append(Page(f"actors/{actor.id}.html", key, _bind(site.actor, actor, theirs)))
    return found


def _bind(render: Callable[..., bytes], *args: Any) -> Callable[[], bytes]:
    return lambda: render(*args)


def _index_key(ledger: Ledger, site: _Site) -> list[Any]:
    names = {a.id: (a.name, a.aliases) for a in ledger.actors}
    return [(c.id, c.text, c.topics, c.status, c.latest,
             [(s.actor, names[s.actor], s.stance) for s in c.statements], site.also(c))
            for c in ledger.claims_once]


class _Site:
    """Renders the pages of one ledger."""

    def __init__(self, ledger: Ledger, settings: Settings, env: Any) -> None:
        self.ledger = ledger
        self.settings = settings
        self.env = env
        self.templates: dict[str, Any] = {}
        self.relations = related(ledger) if ledger.groups or any(
            c.relations for c in ledger.claims) else {}

    def _render(self, name: str, path: str, **values: Any) -> bytes:
        template = self.templates.get(name)
        if template is None:
            template = self.templates[name] = self.env.get_template(name)
        depth = path.count("/")
        root = "../" * depth
        canonical = (self.settings.base_url.rstrip("/") + "/" + path
                     if self.settings.base_url else None)
        text: str = template.render(site_title=self.settings.title, root=root,
                                    canonical=canonical, Status=Status, **values)
        return text.encode("utf-8")

    def names(self, ids: Iterable[str]) -> list[Actor]:
        return [self.ledger.actor_by_id[i] for i in ids]

    def also(self, claim: Claim) -> list[tuple[str, str]]:
        """The other wordings of a claim's group, each (id, text), in ledger order."""
        by_id = self.ledger.claim_by_id
        return [(m, by_id[m].text) for m in self.ledger.groups.get(claim.id, ())
                if m != claim.id]

    def related_to(self, claim: Claim) -> list[tuple[str, str, str, str]]:
        """How other claims stand to a claim's group, each (how, id, text, the status of
        its group), as ``kursk show`` lists them."""
        ledger = self.ledger
        return [(how, ident, ledger.claim_by_id[ident].text,
                 ledger.grouped(ledger.claim_by_id[ident]).status.value)
                for how, ident in self.relations.get(ledger.group_of(claim.id), ())]

    def stylesheet(self) -> bytes:
        return (resources.files("kursk_cli") / "templates" / "style.css").read_bytes()

    def entries(self) -> list[dict[str, Any]]:
        """Every claim (a row each, as the exports keep them) with its group's status and
        the id naming its group; the groups in the index's order."""
        ledger = self.ledger
        shown = {c.id: ledger.grouped(c) for c in ledger.claims}
        ordered = sorted(ledger.claims, key=lambda c: (not shown[c.id].disputed,
                                                       -shown[c.id].latest.toordinal()))
        return [{"id": c.id, "text": c.text, "status": shown[c.id].status.value,
                 "topics": list(c.topics), "group": ledger.group_of(c.id),
                 "actors": list(dict.fromkeys(s.actor for s in c.statements)),
                 "latest": c.latest.isoformat()}
                for c in ordered]

    def index_json(self, entries: list[dict[str, Any]]) -> bytes:
        """Every claim's id, text, status, topics, group, actors and latest date, for
        tools; ``<``, ``>`` and ``&`` escaped as in the pages' scripts."""
        text = json.dumps({"claims": entries}, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"))
        for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
            text = text.replace(char, escape)
        return (text + "\n").encode("utf-8")

    def index(self) -> bytes:
        ledger = self.ledger
        listed = ledger.claims_once
        rows = [(c, self.names(c.actors_with(Stance.ASSERTS)),
                 self.names(c.actors_with(Stance.DENIES)), self.also(c))
                for c in claim_order(listed)]
        topics = sorted({t for c in ledger.claims for t in c.topics})
        speaking = {s.actor for c in ledger.claims for s in c.statements}
        actors = sorted((a for a in ledger.actors if a.id in speaking),
                        key=lambda a: (a.name.casefold(), a.id))
        names = {a.id: " ".join((a.name, *a.aliases)) for a in ledger.actors}
        search = {c.id: {"status": c.status.value, "topics": list(c.topics),
                         "actors": list(dict.fromkeys(s.actor for s in c.statements)),
                         "search": " ".join((c.text, c.id, *c.topics, *(
                             part for other in self.also(c) for part in other), *(
                             names[a] for a in dict.fromkeys(s.actor for s in c.statements))
                         )).lower()}
                  for c in listed}
        summary = {**ledger.summary, "claims": len(listed),
                   "disputed": sum(c.disputed for c in listed)}
        return self._render("index.html", "index.html", rows=rows, topics=topics,
                            actors=actors, statuses=list(Status), summary=summary,
                            search={"claims": search})

    def first_appearance(self, sources: Sequence[Source]) -> tuple[Source, ...]:
        """Where a statement several sources carry, published on different days, first
        appeared (its earliest sources), as ``kursk show`` names it; none otherwise."""
        if len(sources) < 2:
            return ()
        first = min(s.published for s in sources)
        if first == max(s.published for s in sources):
            return ()  # the same day: which came first, the ledger does not say
        return tuple(s for s in sources if s.published == first)

    def claim(self, claim: Claim) -> bytes:
        from kursk_cli import outlets, timeline

        ledger = self.ledger
        shown = ledger.grouped(claim)
        ordered = sorted(shown.statements, key=lambda s: (s.date, s.actor))
        notes: dict[int, list[str]] = {}
        merged = _reported(ordered)
        # Variants pair quotes of one actor, stance and date: most claims have none, and
        # outlets' comparison (normalised words, fuzzy ratios) is only asked when one may be.
        quoted = [(s.actor, s.stance, s.date) for s in shown.statements if s.is_quote]
        if len(set(quoted)) < len(quoted):
            for variant in outlets.variants_of(shown):
                for of in (variant.first, variant.second):
                    notes.setdefault(id(of.statement), []).append(outlets.note(variant, of))

        def said(r: Any) -> Said:
            sources = tuple(ledger.source_by_id[x] for x in r.sources)
            return Said(r.statement, sources, tuple(notes.get(id(r.statement), ())),
                        self.first_appearance(sources))

        sides = [(stance, label, [said(r) for r in merged if r.statement.stance is stance])
                 for stance, label in SIDES]
        reversals = timeline.reversals_in(shown)
        return self._render(
            "claim.html", f"claims/{claim.id}.html", claim=claim, shown=shown,
            also=self.also(claim), related=self.related_to(claim),
            sides=[side for side in sides if side[2]], actor=ledger.actor_by_id,
            source=ledger.source_by_id, wording=ledger.claim_by_id,
            reversals=reversals, svg=lanes_svg(ledger, shown),
            jsonld=script_json(claim_jsonld(ledger, claim, self.settings)),
            outlets=sum(len(said.sources) > 1 for _, _, group in sides for said in group))

    def actor(self, actor: Actor, claims: Sequence[Claim]) -> bytes:
        from kursk_cli import timeline

        groups = [(c, sorted((s for s in c.statements if s.actor == actor.id),
                             key=lambda s: s.date)) for c in claims]
        reversals = [r for c in claims for r in timeline.reversals_in(c)
                     if r.later.actor == actor.id]
        return self._render("actor.html", f"actors/{actor.id}.html", who=actor,
                            groups=groups, reversals=reversals,
                            source=self.ledger.source_by_id, wording=self.ledger.claim_by_id)

    def sources(self) -> bytes:
        ledger = self.ledger
        citing: dict[str, list[Claim]] = {}
        for claim in ledger.claims:
            for source in _cited(claim):
                citing.setdefault(source, []).append(claim)
        status = {c.id: ledger.grouped(c).status for c in ledger.claims}
        ordered = sorted(ledger.sources, key=lambda s: (s.published, s.id), reverse=True)
        return self._render("sources.html", "sources.html", sources=ordered, citing=citing,
                            status=status)


def _reported(statements: list[Statement]) -> list[Any]:
    """outlets.reported, asked only when two statements may be one reported twice (same
    actor, stance, date and kind of words); otherwise each statement stands alone."""
    from kursk_cli import outlets

    same = [(s.actor, s.stance, s.date, s.is_quote) for s in statements]
    if len(set(same)) < len(same):
        return outlets.reported(statements)
    return [outlets.Reported(s, (s.source,), (s,)) for s in statements]


# ------------------------------------------------------------------------- JSON-LD

_LD_TYPES = {"person": "Person", "organization": "Organization"}


def claim_jsonld(ledger: Ledger, claim: Claim, settings: Settings) -> dict[str, Any]:
    """A schema.org ``Claim``: its text, the actors asserting it (or its ``same-as``
    group) as ``author``, and an ``appearance`` (the source's CreativeWork) for each
    statement, whose stance and speaker it names, and for each statement's words as
    spoken (in their language). Actors and publishers with a Wikidata item name it as
    ``sameAs``; a source's language is its ``inLanguage``. No rating: kursk records, it
    does not judge."""

    def person(actor_id: str) -> dict[str, Any]:
        a = ledger.actor_by_id[actor_id]
        node = {"@type": _LD_TYPES[a.kind.value] if a.kind else "Thing", "name": a.name}
        return _same_as(node, a.wikidata)

    def work(s: Statement, source: Source, words: str, lang: str | None,
             about: str) -> dict[str, Any]:
        found: dict[str, Any] = {"@type": "CreativeWork", "name": source.title,
                                 "datePublished": source.published.isoformat(),
                                 "author": person(s.actor),
                                 "description": f"{ledger.actor_by_id[s.actor].name} "
                                                f"{s.stance.value} the claim on "
                                                f"{s.date.isoformat()}{about}",
                                 "text": words}
        if lang:
            found["inLanguage"] = lang
        if safe_url(source.url):
            found["url"] = source.url
        if source.publisher:
            found["publisher"] = _same_as({"@type": "Organization", "name": source.publisher},
                                          source.publisher_wikidata)
        return found

    shown = ledger.grouped(claim)
    appearances = []
    for s in sorted(shown.statements, key=lambda s: (s.date, s.actor)):
        source = ledger.source_by_id[s.source]
        appearances.append(work(s, source, s.words, source.lang, ""))
        if s.original is not None:
            appearances.append(work(s, ledger.source_by_id[s.original.source],
                                    s.original.words, s.original.lang, " (the words as spoken)"))
    node: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Claim", "identifier": claim.id,
        "name": claim.text, "text": claim.text, "keywords": list(shown.topics),
        "author": [person(a) for a in shown.actors_with(Stance.ASSERTS)],
        "appearance": appearances,
    }
    if settings.base_url:
        node["url"] = settings.base_url.rstrip("/") + f"/claims/{claim.id}.html"
    return node


def _same_as(node: dict[str, Any], item: str | None) -> dict[str, Any]:
    url = wikidata_url(item)
    if url is not None:
        node["sameAs"] = url
    return node


# --------------------------------------------------------------------- timeline SVG

_MARK = {Stance.ASSERTS: "+", Stance.DENIES: "\u2212", Stance.QUALIFIES: "~"}


@dataclass(frozen=True)
class Svg:
    """The lane chart laid out: each text and mark with its x (and each lane its y)."""

    width: int
    height: int
    label_x: int
    line_x: tuple[int, int]
    dates: list[tuple[int, str]]
    lanes: list[tuple[int, Actor, list[tuple[int, str, str]]]]
    status_y: int
    statuses: list[tuple[int, str]]


_LABEL, _PITCH, _ROW = 200, 90, 40


def lanes_svg(ledger: Ledger, claim: Claim) -> Svg:
    """The claim's statements laid out as ``kursk timeline`` draws them: a lane per actor
    (in order of their first statement), a column per date, and the claim's status after
    each date."""
    from kursk_cli import timeline

    chart = timeline.claim_timeline(ledger, claim, timeline.Window())
    dates = sorted({s.date for lane in chart.lanes for s in lane.statements})
    x = {d: _LABEL + _PITCH * n + _PITCH // 2 for n, d in enumerate(dates)}
    lanes = []
    for row, lane in enumerate(chart.lanes, 1):
        cells: dict[dt.date, list[Stance]] = {}
        for s in lane.statements:
            cells.setdefault(s.date, []).append(s.stance)
        marks = []
        for date, stances in sorted(cells.items()):
            kept = list(dict.fromkeys(stances))
            marks.append((x[date], "".join(_MARK[k] for k in kept),
                          f"{lane.actor.name} {' and '.join(k.value for k in kept)} on "
                          f"{date.isoformat()}"))
        lanes.append((_ROW * row + 24, lane.actor, marks))
    width = _LABEL + _PITCH * len(dates) + 10
    return Svg(width, _ROW * (len(lanes) + 2) + 10, _LABEL - 10, (_LABEL, width - 10),
               [(x[d], d.isoformat()) for d in dates], lanes, _ROW * (len(lanes) + 1) + 24,
               [(x[d], status.value) for d, status in chart.statuses])


# ------------------------------------------------------------------------ publishing


@dataclass(frozen=True)
class Published:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def _read_manifest(folder: Path) -> dict[str, list[str]] | None:
    """The files the site wrote (path: [key, sha256]); None when the folder has no
    manifest. A manifest that cannot be read is refused rather than guessed at."""
    path = folder / MANIFEST
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise KurskError(f"cannot read {path}: {err.strerror or err}") from None
    try:
        document = json.loads(data)
        files = document["files"]
        if document.get("format") != FORMAT or not isinstance(files, dict):
            raise ValueError
        return {p: [str(v[0]), str(v[1])] for p, v in files.items()
                if isinstance(p, str) and _PAGE_PATH.match(p)
                and isinstance(v, list) and len(v) == 2}
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        raise KurskError(f"{path}: not a manifest this kursk wrote; remove it only if the "
                         "folder holds nothing else you want kept") from None


def _manifest_bytes(entries: dict[str, list[str]]) -> bytes:
    document = {"format": FORMAT, "generator": "kursk site",
                "files": {p: entries[p] for p in sorted(entries)}}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _visible(folder: Path) -> list[str]:
    with os.scandir(folder) as entries:
        return sorted(e.name for e in entries)


def _regular_bytes(path: Path) -> bytes | None:
    """The bytes of a regular file at ``path`` (a symlink is not followed), or None."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise KurskError(f"cannot write {path}: it is not a regular file kursk wrote")
    return path.read_bytes()


def _write(folder: Path, relative: str, data: bytes) -> None:
    """Write a file whole: a temporary file of kursk's beside it, renamed over it. (One
    folder of thousands of pages: atomic.write_file's scan for stale temporaries on
    every file would cost a pass over the folder per page; publish scans once.)"""
    from kursk_cli import atomic

    target = folder / relative
    while True:
        temp = f"{target.parent}/{atomic.PREFIX}{os.getpid()}-{os.urandom(4).hex()}.tmp"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        break
    try:
        with open(fd, "wb") as stream:
            stream.write(data)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def publish(site_pages: Sequence[Page], folder: Path) -> Published:
    """Write the pages into ``folder``: a page whose key and bytes on disk are what the
    manifest recorded is left alone (not even rendered); a rendered page whose bytes
    equal the file's is not rewritten; files the old manifest lists that are no longer
    pages are deleted. Each file is written whole (a temporary file renamed over it).
    Refuses a folder that holds anything but no manifest, and a page that would replace
    a file the manifest does not list."""
    from kursk_cli import atomic

    try:
        with atomic.signals_end_cleanly():
            return _publish(site_pages, folder)
    except atomic.Refused as err:
        raise KurskError(str(err)) from None
    except OSError as err:
        where = f" {err.filename}" if err.filename else ""
        raise KurskError(f"cannot write the site in {folder}:{where} "
                         f"{err.strerror or err}") from None


def _publish(site_pages: Sequence[Page], folder: Path) -> Published:
    from kursk_cli import atomic

    if folder.exists() and not folder.is_dir():
        raise KurskError(f"cannot write the site into {folder}: it is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    old = _read_manifest(folder)
    if old is None:
        present = [n for n in _visible(folder) if not atomic.PREFIX or not
                   n.startswith(atomic.PREFIX)]
        if present:
            raise KurskError(
                f"{folder} is not empty and holds no site kursk wrote (no {MANIFEST}): "
                "give a new or empty folder, so that nothing of yours is replaced")
        old = {}
    for sub in ("claims", "actors"):
        pages_folder = folder / sub
        if os.path.islink(pages_folder) or (pages_folder.exists()
                                            and not pages_folder.is_dir()):
            raise KurskError(f"{folder / sub} is not a folder kursk made (a link or a "
                             "file): the site's pages are written only inside its folder")
        (folder / sub).mkdir(exist_ok=True)
        atomic.remove_stale(folder / sub)
    atomic.remove_stale(folder)
    wanted = {p.path for p in site_pages}
    strangers = [p for p in sorted(wanted - set(old)) if os.path.lexists(folder / p)]
    if strangers:
        shown = ", ".join(strangers[:5]) + (" and others" if len(strangers) > 5 else "")
        raise KurskError(f"{folder}: refusing to replace files the site did not write "
                         f"({shown})")
    # The manifest lists every file about to be written before any is: a build stopped
    # halfway leaves nothing the next build would not own.
    staged = {**old, **{p: old.get(p, ["", ""]) for p in wanted}}
    _write(folder, MANIFEST, _manifest_bytes(staged))
    written: list[str] = []
    unchanged: list[str] = []
    entries: dict[str, list[str]] = {}
    todo: list[Page] = []
    for page in site_pages:
        recorded = old.get(page.path)
        if recorded is not None and recorded[0] == page.key:
            before = _regular_bytes(folder / page.path)
            if before is not None and hashlib.sha256(before).hexdigest() == recorded[1]:
                entries[page.path] = recorded
                unchanged.append(page.path)
                continue
        todo.append(page)
    for path, key, digest, wrote in _render_all(todo, folder):
        entries[path] = [key, digest]
        (written if wrote else unchanged).append(path)
    removed = []
    for path in sorted(set(old) - wanted):
        target = folder / path
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            continue
        if stat.S_ISREG(info.st_mode):
            os.unlink(target)
            removed.append(path)
    _write(folder, MANIFEST, _manifest_bytes(entries))
    return Published(tuple(written), tuple(unchanged), tuple(removed))


def _render_one(page: Page, folder: Path) -> tuple[str, str, str, bool]:
    """Render a page and write it unless the file holds those bytes already: (path, key,
    digest, whether it was written)."""
    data = page.render()
    digest = hashlib.sha256(data).hexdigest()
    if _regular_bytes(folder / page.path) == data:
        return page.path, page.key, digest, False
    _write(folder, page.path, data)
    return page.path, page.key, digest, True


#: The pages a forked worker renders (inherited, never pickled: they hold closures).
_TODO: tuple[list[Page], Path] | None = None

#: Below this many pages to render, one process does it all.
PARALLEL_FROM = 400


def _render_slice(bounds: tuple[int, int]) -> list[tuple[str, str, str, bool]]:
    assert _TODO is not None
    todo, folder = _TODO
    return [_render_one(page, folder) for page in todo[bounds[0]:bounds[1]]]


def _render_all(todo: list[Page], folder: Path) -> list[tuple[str, str, str, bool]]:
    """Every page of ``todo`` rendered and written, in order; on a system that forks,
    with many pages, by one worker per processor kursk may use (rendering is pure Python,
    so threads would take turns)."""
    global _TODO
    import multiprocessing
    import sys

    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if (len(todo) < PARALLEL_FROM or workers < 2 or not sys.platform.startswith("linux")
            or "fork" not in multiprocessing.get_all_start_methods()):
        return [_render_one(page, folder) for page in todo]
    step = max(50, len(todo) // (workers * 8))
    slices = [(n, n + step) for n in range(0, len(todo), step)]
    _TODO = (todo, folder)
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, 4)) as pool:
            return [row for part in pool.imap(_render_slice, slices) for row in part]
    finally:
        _TODO = None


def build(ledger: Ledger, folder: Path, settings: Settings) -> Published:
    """The site of ``ledger`` in ``folder``."""
    return publish(pages(ledger, settings), folder)
