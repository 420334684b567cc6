"""What relations between claims give beyond the views: the contradictions ``check``
warns of, and the graph of claims that ``kursk graph`` writes.

Pure: a ledger in, problems or text out. Groups (``same-as``) are the ledger's own
(``Ledger.groups``), computed once beside status.
"""

from __future__ import annotations

import json
from typing import Any, TextIO
from xml.sax.saxutils import escape, quoteattr

from kursk_cli.errors import Problem
from kursk_cli.model import Claim, Ledger, Stance, Statement

#: Statements of one actor asserting two contradicting claims this many days apart or
#: fewer are a contradiction ``check`` warns of.
WINDOW_DAYS = 7


def contradictions(ledger: Ledger) -> list[Problem]:
    """An actor who asserts both of two contradicting claims (or claims of their groups)
    in statements dated within :data:`WINDOW_DAYS` of each other, once per actor and
    pair, at the later statement. A warning: people change their minds, and a ledger
    records it; ``check --strict`` makes it fail the run."""
    found: list[Problem] = []
    for claim in ledger.claims:
        for relation in claim.relations:
            if relation.kind != "contradicts":
                continue
            one = ledger.grouped(claim)
            other = ledger.grouped(ledger.claim_by_id[relation.claim])
            found += _both_asserted(ledger, one, other)
    return sorted(set(found))


def _both_asserted(ledger: Ledger, one: Claim, other: Claim) -> list[Problem]:
    mine: dict[str, list[Statement]] = {}
    for s in one.statements:
        if s.stance is Stance.ASSERTS:
            mine.setdefault(s.actor, []).append(s)
    found: list[Problem] = []
    warned: set[str] = set()
    for t in other.statements:
        if t.stance is not Stance.ASSERTS or t.actor in warned:
            continue
        for s in mine.get(t.actor, ()):
            if abs((s.date - t.date).days) <= WINDOW_DAYS:
                warned.add(t.actor)
                later, earlier = (t, s) if (t.date, t.where()) >= (s.date, s.where()) else (s, t)
                line, column = later.where()
                where = (f"line {earlier.where()[0]}" if earlier.file == later.file
                         else f"{earlier.file}:{earlier.where()[0]}")
                found.append(Problem(later.file, line, column, (
                    f"warning: {ledger.actor_by_id[t.actor].name} asserts '{later.claim}' "
                    f"on {later.date} and '{earlier.claim}', which it contradicts, on "
                    f"{earlier.date} ({where}), within {WINDOW_DAYS} days")))
                break
    return found


# ------------------------------------------------------------------------------ graph


def component(ledger: Ledger, ident: str) -> set[str]:
    """The claim ``ident`` and every claim related to it, directly or through others."""
    links: dict[str, set[str]] = {}
    for claim in ledger.claims:
        for relation in claim.relations:
            links.setdefault(claim.id, set()).add(relation.claim)
            links.setdefault(relation.claim, set()).add(claim.id)
    found, waiting = {ident}, [ident]
    while waiting:
        for other in links.get(waiting.pop(), ()):
            if other not in found:
                found.add(other)
                waiting.append(other)
    return found


def graph(ledger: Ledger, keep: set[str] | None = None
          ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The claims (each with its text, its status, its group's status and its group)
    and the relations between them, as written; ``keep``: only those claims."""
    nodes = [{"id": c.id, "text": c.text, "status": ledger.status(c).value,
              "group": ledger.group_of(c.id)}
             for c in ledger.claims if keep is None or c.id in keep]
    edges = [{"source": c.id, "target": r.claim, "relation": r.kind}
             for c in ledger.claims for r in c.relations
             if keep is None or c.id in keep]
    return nodes, edges


#: Graphviz colours by status (neutral hues: no status is "good").
COLOURS = {"disputed": "#e6a23c", "asserted": "#5b8def", "denied": "#9b59b6",
           "qualified": "#95a5a6"}
#: How each relation is drawn in DOT and Mermaid.
STYLES = {"same-as": "dashed", "contradicts": "bold", "supersedes": "solid",
          "supports": "dotted"}


def _dot_text(*lines: str) -> str:
    """A DOT quoted string of LINES: backslashes and quotes escaped, line breaks within
    a line as spaces (a label's escapes like \\l never act: the backslash is doubled),
    the lines joined by DOT's own line break."""
    return '"' + "\\n".join(" ".join(line.replace("\\", "\\\\").replace('"', '\\"').split())
                            for line in lines) + '"'


def write_dot(nodes: list[dict[str, str]], edges: list[dict[str, str]],
              stream: TextIO) -> None:
    lines = ["digraph claims {", "  node [shape=box, style=filled];"]
    for n in nodes:
        lines.append(f"  {_dot_text(n['id'])} [label="
                     f"{_dot_text(n['text'], n['id'] + ' · ' + n['status'])}, "
                     f"tooltip={_dot_text(n['status'])}, "
                     f"fillcolor={_dot_text(COLOURS[n['status']])}];")
    for e in edges:
        lines.append(f"  {_dot_text(e['source'])} -> {_dot_text(e['target'])} "
                     f"[label={_dot_text(e['relation'])}, style={STYLES[e['relation']]}];")
    lines.append("}")
    stream.write("\n".join(lines) + "\n")


def _mermaid_text(text: str) -> str:
    """Text inside a Mermaid quoted label: quotes and markup characters as entity
    codes (Mermaid's own escape), so that nothing in a claim acts as syntax or HTML."""
    out = []
    for char in " ".join(text.split()):
        out.append(f"#{ord(char)};" if char in '"<>&#;`[](){}|' else char)
    return "".join(out)


_ARROWS = {"same-as": "-.->", "contradicts": "==>", "supersedes": "-->", "supports": "-.->"}


def write_mermaid(nodes: list[dict[str, str]], edges: list[dict[str, str]],
                  stream: TextIO) -> None:
    """A Mermaid flowchart. Nodes are named ``c`` and their position: a claim id may be a
    word Mermaid reads as syntax (``end``)."""
    ids = {n["id"]: f"c{i}" for i, n in enumerate(nodes)}
    lines = ["flowchart LR"]
    for n in nodes:
        lines.append(f'  {ids[n["id"]]}["{_mermaid_text(n["text"])}<br/>'
                     f'{n["id"]} · {n["status"]}"]:::{n["status"]}')
    for e in edges:
        if e["source"] in ids and e["target"] in ids:
            lines.append(f'  {ids[e["source"]]} {_ARROWS[e["relation"]]}|{e["relation"]}| '
                         f'{ids[e["target"]]}')
    for status, colour in COLOURS.items():
        lines.append(f"  classDef {status} fill:{colour}")
    stream.write("\n".join(lines) + "\n")


def write_graphml(nodes: list[dict[str, str]], edges: list[dict[str, str]],
                  stream: TextIO) -> None:
    """GraphML (Gephi, yEd, networkx): every value escaped as XML text."""
    keys = (("label", "node"), ("text", "node"), ("status", "node"), ("group", "node"),
            ("relation", "edge"))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    lines += [f'  <key id="{name}" for="{kind}" attr.name="{name}" attr.type="string"/>'
              for name, kind in keys]
    lines.append('  <graph id="claims" edgedefault="directed">')
    for n in nodes:
        lines.append(f"    <node id={quoteattr(n['id'])}>")
        lines.append(f'      <data key="label">{escape(n["id"])}</data>')
        lines += [f'      <data key="{k}">{escape(n[k])}</data>'
                  for k in ("text", "status", "group")]
        lines.append("    </node>")
    for e in edges:
        lines.append(f"    <edge source={quoteattr(e['source'])} target="
                     f"{quoteattr(e['target'])}>")
        lines.append(f'      <data key="relation">{escape(e["relation"])}</data>')
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>"]
    stream.write("\n".join(lines) + "\n")


def write_json(nodes: list[dict[str, str]], edges: list[dict[str, str]],
               stream: TextIO) -> None:
    document: dict[str, Any] = {"claims": nodes, "relations": edges}
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
