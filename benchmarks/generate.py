"""Write a realistic synthetic ledger in the v1 format, and the same data as JSON.

    python benchmarks/generate.py 100000 benchmarks/data/ledger-100k.yaml
    python benchmarks/generate.py 100000 benchmarks/data/split-100k --split 100
    python benchmarks/generate.py 10000 benchmarks/data/archived-10000.yaml --archives 100

Deterministic for a given size and seed: 2-4 statements per claim, hundreds of actors
(some with non-ASCII names), declared sources, about 40% of claims disputed, quotes and
paraphrases of news-like length. The JSON twin (same path, .json) feeds the jq peer.

With ``--archives N``, the first N sources get an ``archive:``: a saved copy of a made-up
report (every fourth one as HTML) carrying the quotes of the statements that cite it, in
typographic quotes and wrapped lines, one in fifty with a word changed, so that
``kursk verify`` has quotes to verify and some that differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import textwrap
from pathlib import Path
from typing import Any

NAMES = [
    "Volodymyr Zelenskyy",
    "Vladimir Putin",
    "Dmitry Peskov",
    "Sergey Lavrov",
    "Andriy Yermak",
    "Oleksandr Syrskyi",
    "Maria Zakharova",
    "Kaja Kallas",
    "Recep Tayyip Erdoğan",
    "Emmanuel Macron",
    "Olaf Scholz",
    "Keir Starmer",
    "Антон Геращенко",
    "Łukasz Kowalski",
    "José Álvarez",
    "Søren Ødegaard",
]
ORGS = [
    "Ministry of Defence",
    "General Staff",
    "Border Guard Service",
    "Foreign Ministry",
    "Security Council",
    "Emergency Service",
    "Governor's Office",
    "Military Intelligence",
]
PLACES = [
    "Kursk",
    "Sumy",
    "Kharkiv",
    "Donetsk",
    "Zaporizhzhia",
    "Belgorod",
    "Kherson",
    "Pokrovsk",
    "Sudzha",
    "Goncharovka",
    "Kupiansk",
    "Bakhmut",
]
WORDS = [
    "troops",
    "units",
    "forces",
    "drones",
    "strike",
    "attack",
    "village",
    "town",
    "bridge",
    "offensive",
    "ceasefire",
    "talks",
    "shelling",
    "civilians",
    "supplies",
    "reserves",
    "positions",
    "front",
    "line",
    "reconnaissance",
    "group",
    "encircled",
    "retaken",
    "repelled",
    "destroyed",
    "advanced",
    "withdrew",
]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    words.insert(rng.randrange(len(words)), rng.choice(PLACES))
    return " ".join(words).capitalize() + "."


#: The shapes a ledger can be generated in: statements a claim (fewest, most) and words
#: a quote or paraphrase holds (fewest, most). "mixed" is this generator's own; "three"
#: is the shape of the ledgers reporters keep (issue 19: 100,000 claims of three
#: statements each are 300,000 statements, about 72 MB).
SHAPES = {"mixed": ((2, 4), (5, 14)), "three": ((3, 3), (4, 12))}


def build(claims: int, seed: int = 1, shape: str = "mixed") -> dict[str, Any]:
    (fewest, most), (short, long) = SHAPES[shape]
    rng = random.Random(seed)
    n_actors = max(50, min(800, claims // 100))
    n_sources = max(10, claims // 20)
    actors = []
    for i in range(n_actors):
        if rng.random() < 0.6:
            name = f"{rng.choice(NAMES)} {i}"
            kind = "person"
        else:
            name = f"{rng.choice(ORGS)} of {rng.choice(['Ukraine', 'Russia'])} {i}"
            kind = "organization"
        actors.append(
            {
                "id": f"actor-{i}",
                "name": name,
                "affiliation": rng.choice(["Ukraine", "Russia", "United States", "Türkiye"]),
                "kind": kind,
                "aliases": [name.split()[-2]],
            }
        )
    start = dt.date(2022, 2, 24)
    sources = [
        {
            "id": f"source-{i}",
            "title": _sentence(rng, 5, 10),
            "published": (start + dt.timedelta(days=i % 1000 + 3)).isoformat(),
            "url": f"https://news.example/{i}",
        }
        for i in range(n_sources)
    ]
    out_claims = []
    for c in range(claims):
        disputed = rng.random() < 0.4
        count = rng.randint(fewest, most) if fewest != most else fewest
        stances = ["asserts", "denies"] if disputed else ["asserts"]
        while len(stances) < count:
            stances.append(rng.choice(["asserts", "qualifies"]))
        statements = []
        chosen = rng.sample(range(n_actors), count)
        for k, stance in enumerate(stances):
            source = rng.randrange(n_sources)
            published = dt.date.fromisoformat(sources[source]["published"])
            entry = {
                "actor": f"actor-{chosen[k]}",
                "stance": stance,
                "date": (published - dt.timedelta(days=rng.randint(0, 3))).isoformat(),
                "source": f"source-{source}",
            }
            entry["quote" if rng.random() < 0.6 else "paraphrase"] = _sentence(rng, short, long)
            statements.append(entry)
        out_claims.append(
            {
                "id": f"claim-{c}",
                "text": _sentence(rng, 5, 11),
                "topics": [rng.choice(PLACES).lower()],
                "statements": statements,
            }
        )
    return {"version": 1, "sources": sources, "actors": actors, "claims": out_claims}


def _scalar(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def to_yaml(ledger: dict[str, Any]) -> str:
    """The ledger in the hand-written style of facts.yaml (block lists, quoted text)."""
    lines = ["version: 1", "", "sources:"]
    for s in ledger["sources"]:
        lines += [
            f"  - id: {s['id']}",
            f"    title: {_scalar(s['title'])}",
            f"    published: {s['published']}",
            f"    url: {s['url']}",
        ]
        if "archive" in s:
            lines.append(f"    archive: {s['archive']}")
    lines += ["", "actors:"]
    for a in ledger["actors"]:
        lines += [
            f"  - id: {a['id']}",
            f"    name: {_scalar(a['name'])}",
            f"    affiliation: {a['affiliation']}",
            f"    kind: {a['kind']}",
            f"    aliases: [{_scalar(a['aliases'][0])}]",
        ]
    lines += ["", "claims:"]
    for c in ledger["claims"]:
        lines += [
            f"  - id: {c['id']}",
            f"    text: {_scalar(c['text'])}",
            f"    topics: [{c['topics'][0]}]",
            "    statements:",
        ]
        for s in c["statements"]:
            lines += [
                f"      - actor: {s['actor']}",
                f"        stance: {s['stance']}",
                f"        date: {s['date']}",
                f"        source: {s['source']}",
            ]
            key = "quote" if "quote" in s else "paraphrase"
            lines.append(f"        {key}: {_scalar(s[key])}")
    return "\n".join(lines) + "\n"


def write_split(ledger: dict[str, Any], folder: Path, files: int) -> Path:
    """The ledger as a root file of sources and actors that includes ``files`` files of
    claims (claims/0001.yaml, ...), as a ledger grown by month or topic is kept."""
    folder.mkdir(parents=True, exist_ok=True)
    claims = ledger["claims"]
    root = to_yaml({**ledger, "claims": []}).replace("version: 1\n", "version: 1\n"
                                                      "include: [claims/*.yaml]\n", 1)
    root = root[: root.rindex("claims:")]
    (folder / "claims").mkdir(exist_ok=True)
    per_file = -(-len(claims) // files)
    for n in range(files):
        part = claims[n * per_file:(n + 1) * per_file]
        text = to_yaml({"sources": [], "actors": [], "claims": part})
        (folder / "claims" / f"{n + 1:04d}.yaml").write_text(
            text[text.index("claims:"):], encoding="utf-8")
    main = folder / "main.yaml"
    main.write_text(root, encoding="utf-8")
    return main
def archives(ledger: dict[str, Any], count: int, folder: str, seed: int = 1
             ) -> dict[str, str]:
    """Saved copies of the first ``count`` sources' reports, by file name relative to
    the ledger, each source given its ``archive:``."""
    rng = random.Random(seed)
    quoted: dict[str, list[str]] = {}
    for claim in ledger["claims"]:
        for s in claim["statements"]:
            if "quote" in s:
                quoted.setdefault(s["source"], []).append(s["quote"])
    files: dict[str, str] = {}
    for source in ledger["sources"][:count]:
        paragraphs = []
        for quote in quoted.get(source["id"], []):
            words = quote.split()
            if rng.random() < 0.02:  # the report has one word other than the ledger
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            said = "“" + " ".join(words) + "”"
            paragraphs.append(f"{_sentence(rng, 6, 16)} {said}, an official said. "
                              f"{_sentence(rng, 8, 20)}")
        html = len(files) % 4 == 3
        name = f"{folder}/{source['id']}.{'html' if html else 'txt'}"
        if html:
            body = "\n".join(f"<p>{p.replace('“', '&ldquo;').replace('”', '&rdquo;')}</p>"
                              for p in paragraphs)
            text = (f"<html><head><title>{source['title']}</title><script>var x = 1;</script>"
                    f"</head><body><h1>{source['title']}</h1>\n{body}\n</body></html>\n")
        else:
            text = source["title"] + "\n\n" + "\n\n".join(
                textwrap.fill(p, 78) for p in paragraphs) + "\n"
        source["archive"] = name
        files[name] = text
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("claims", type=int)
    parser.add_argument("output", type=Path, help="a .yaml file, or with --split a folder")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--split", type=int, default=0, metavar="N",
                        help="write a folder: main.yaml (sources, actors) including N files "
                             "of claims")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="mixed",
                        help="mixed: 2-4 statements a claim (the default); three: three "
                             "statements a claim, shorter quotes (about 72 MB at 100,000 "
                             "claims)")
    parser.add_argument("--archives", type=int, default=0,
                        help="saved reports for this many sources, in OUTPUT-archive/")
    args = parser.parse_args()
    ledger = build(args.claims, args.seed, args.shape)
    if args.split:
        write_split(ledger, args.output, args.split)
        return
    args.output.parent.mkdir(parents=True, exist_ok=True)
    if args.archives:
        folder = args.output.stem + "-archive"
        for name, text in archives(ledger, args.archives, folder, args.seed).items():
            path = args.output.parent / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    args.output.write_text(to_yaml(ledger), encoding="utf-8")
    args.output.with_suffix(".json").write_text(
        json.dumps(ledger, ensure_ascii=False), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
