"""The fragment as ledger-format YAML for review, and the lines for stderr."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kursk_cli.draft.names import _slug
from kursk_cli.draft.result import Fragment


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
            f" ({existing} already in the ledger), {count(len(fragment.actors), 'new actor')}"
            + (f"; skipped {count(fragment.held, 'statement')} the ledger already holds"
               if fragment.held else "") + "; review it, then: kursk merge")


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


#: Words a YAML reader takes for null or a boolean when left bare (YAML 1.1, as PyYAML).
_KEYWORDS = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})


def _key(value: str) -> str:
    """An id as YAML that reads back as exactly this text: bare when it is a plain word
    (``kremlin``, ``peskov-2``), quoted when bare it would read as something else
    (``null``, ``True``, ``No``, ``~``, ``1945``, ``2025-03-14``) or not at all."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]*", value) and value.lower() not in _KEYWORDS:
        return value
    return yaml_text(value)


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
        lines += ["sources:", f"  - id: {_key(s.id)}", f"    title: {yaml_text(s.title)}",
                  f"    published: {s.published.isoformat()}"]
        if s.publisher:
            lines.append(f"    publisher: {yaml_text(s.publisher)}")
        if s.url:
            lines.append(f"    url: {yaml_text(s.url)}")
    else:
        lines.append(f"# The statements cite the ledger's source '{_comment(fragment.source_id)}'.")
        lines.append("sources: []")
    if fragment.actors:
        lines.append("actors:")
        for a in fragment.actors:
            lines.append(f"  # New actor, first named on line {a.line}: check the name and role.")
            lines += [f"  - id: {_key(a.id)}", f"    name: {yaml_text(a.name)}"]
            if a.role:
                lines.append(f"    role: {yaml_text(a.role)}")
            if a.affiliation:
                lines.append(f"    affiliation: {yaml_text(a.affiliation)}")
            lines.append(f"    kind: {a.kind}")
    else:
        lines.append("actors: []")
    if not fragment.claims:
        lines.append("claims: []")
    else:
        lines.append("claims:")
    for claim in fragment.claims:
        lines.append(f"  - id: {_key(claim.id)}")
        if claim.existing:
            lines.append(f"    # Existing claim: {_comment(claim.text)}")
            lines.append("    # kursk merge adds these statements to it.")
        else:
            lines.append("    # New claim: the sentence the words came from. Rewrite it as one "
                         "neutral sentence.")
            lines.append(f"    text: {yaml_text(claim.text)}")
        lines.append("    statements:")
        for st in claim.statements:
            lines += [f"      # Guessed: {_comment(guess)}." for guess in st.guesses]
            lines += [f"      - actor: {_key(st.actor)}", f"        stance: {st.stance.value}",
                      f"        date: {st.date.isoformat()}",
                      f"        source: {_key(fragment.source_id)}"]
            if st.quote is not None:
                lines.append(f"        quote: {yaml_text(st.quote)}")
            else:
                lines.append(f"        paraphrase: {yaml_text(st.paraphrase or '')}")
            lines.append(f"        note: {yaml_text(f'drafted from line {st.line}: {st.excerpt}')}")
    return "\n".join(lines) + "\n"


def left_out_lines(fragment: Fragment, report_name: str) -> Iterator[str]:
    """One message per quote or sentence with a speech verb left out, located at its
    line of the report."""
    for item in fragment.left_out:
        words = item.words if len(item.words) <= 70 else item.words[:67] + "..."
        yield f'{report_name}:{item.line}: {item.why}, left out: "{words}"'
