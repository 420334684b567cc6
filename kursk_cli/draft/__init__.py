"""From a news report to a ledger fragment: who said what, in which words, when.

Pure: a :class:`~kursk_cli.report.Report` and a ledger in, a :class:`Fragment` out, and the
fragment rendered as ledger-format YAML text. Deterministic rules, no model and no network:

- direct quotes in straight, typographic or single marks, split by their attribution,
  introduced by a colon, or running over paragraphs; quotes of one or two words are scare
  quotes or replies (left out and listed), not statements;
- reported speech: ``X said (that) ...``, ``X denied ...``, ``X accused Y of ...``,
  ``X urged / called on Y to ...``, ``X acknowledged ...``, ``X described Y as ...``,
  ``... rejected by X``, ``according to X, ...``, ``outlets report ...``, ``"...," X
  said, adding that ...``, ``a charge X denied``, ``for which he blamed X``;
- each statement's speaker: a name, alias, title or role of the ledger's actors, a
  pronoun for the right earlier speaker, or a new actor with the role the report gives;
- its stance from the cue, its date from a weekday or ``yesterday`` in its sentence, and
  its claim from the ledger's claims when the words match one.

The stages, each a module, values in and values out: ``quotes`` (marks and masking),
``sentences``, ``reader`` (paragraphs and sentences, in order), ``direct`` (quotes and their
attribution), ``reported`` and ``cues`` (reported speech), ``subjects`` and ``speakers`` (who
spoke), ``stance``, ``dates``, ``claims`` (filing under the ledger's claims) and ``output``
(the YAML fragment). The words they know are in ``lexicon``.
"""

from __future__ import annotations

import datetime as dt

from kursk_cli.draft import reader
from kursk_cli.draft.claims import _claims
from kursk_cli.draft.findings import Findings
from kursk_cli.draft.output import left_out_lines, render, source_id_for, summary, yaml_text
from kursk_cli.draft.result import DraftClaim, Drafted, Fragment, LeftOut, NewActor, NewSource
from kursk_cli.draft.speakers import _Cast
from kursk_cli.model import Ledger
from kursk_cli.report import Report

__all__ = ["DraftClaim", "Drafted", "Fragment", "LeftOut", "NewActor", "NewSource", "draft",
           "left_out_lines", "render", "source_id_for", "summary", "yaml_text"]


def draft(report: Report, ledger: Ledger, *, source_id: str, published: dt.date,
          title: str | None = None, publisher: str | None = None,
          url: str | None = None) -> Fragment:
    """The fragment a report proposes for ``ledger``: its statements filed under the
    ledger's claims they match, or under new claims; speakers the ledger does not know
    as new actors. A ``source_id`` the ledger already has is cited, not added again;
    a statement the ledger holds already (same actor, source and words, under whichever
    claim) is counted in ``held``, not proposed again."""
    findings = Findings(_Cast(ledger), published)
    reader.read(report, findings)
    source = None
    if source_id not in ledger.source_by_id:
        source = NewSource(source_id, title or report.title, published,
                           publisher or report.publisher, url)
    holds = {(s.actor, s.source, s.quote if s.quote is not None else s.paraphrase)
             for s in ledger.statements}
    new = [f for f in findings.found if (f.statement.actor, source_id, f.statement.words)
           not in holds]
    used = {f.statement.actor for f in new}
    actors = [a for a in findings.cast.new if a.id in used]
    return Fragment(source, source_id, actors, _claims(new, ledger),
                    sorted(findings.left_out, key=lambda item: item.line),
                    held=len(findings.found) - len(new))
