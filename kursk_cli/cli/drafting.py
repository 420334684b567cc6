"""From a report to the ledger: kursk draft and kursk merge."""

# No `from __future__ import annotations` here: Typer reads every command's
# annotations on each run, and string annotations cost it a typing.get_type_hints
# evaluation apiece (about 15 ms a run, measured).
import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from kursk_cli import files, loader
from kursk_cli.cli.app import (
    LedgerOpt,
    NoCacheOpt,
    _Command,
    _day,
    _ledger_options,
    _named,
    _not_the_ledger,
    _open,
    _output_file,
    _summary,
    _yours,
    commands,
)
from kursk_cli.cli.streams import _friendly, _problems, _say, _say_located
from kursk_cli.errors import KurskError, LedgerInvalid, Problem, printable

# ------------------------------------------------------------- draft and merge (issue 13)

#: Reports larger than this are refused before reading: a long report is 50 kB of text.
_MAX_REPORT = 16 * 1024 * 1024


def _report_bytes(given: str) -> tuple[bytes, str]:
    """The report's bytes (``-`` is stdin) and its name for messages."""
    if given == "-":
        if sys.stdin is None:
            raise KurskError("there is no standard input to read the report from")
        data = sys.stdin.buffer.read(_MAX_REPORT + 1)
        if len(data) > _MAX_REPORT:
            raise KurskError(f"<stdin>: more than the {_MAX_REPORT:,} bytes kursk draft reads "
                             "in one report")
        return data, "<stdin>"
    try:
        return files.read_bytes(Path(given), "a report", "no such file", _MAX_REPORT), given
    except files.Unreadable as err:
        raise KurskError(f"{printable(given)}: {err}") from None

@commands.command("draft", cls=_Command)
@_friendly
def draft_command(
    ctx: typer.Context,
    report_path: Annotated[str, typer.Argument(
        metavar="REPORT", help="A news report: a UTF-8 text, Markdown or HTML file, or - "
        "for stdin.")],
    source: Annotated[str | None, typer.Option(
        "--source", metavar="TEXT",
        help="Id of the report's source entry. Default: from the file name; an "
        "id the ledger has is cited, not added.")] = None,
    title: Annotated[str | None, typer.Option(
        "--title", metavar="TEXT",
        help="The source's title. Default: the report's first line.")] = None,
    published: Annotated[dt.date | None, typer.Option(
        "--published", parser=_day, metavar="YYYY-MM-DD",
        help="Day of publication. Default: the report's dateline, when it can be read "
        "for sure.")] = None,
    publisher: Annotated[str | None, typer.Option(
        "--publisher", metavar="TEXT",
        help="The source's publisher. Default: the agency of the dateline.")]
    = None,
    url: Annotated[str | None, typer.Option(
        "--url", metavar="TEXT", help="The source's web address.")]
    = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the fragment to this file (whole or not at all) "
        "instead of stdout.", metavar="FILE", parser=_output_file)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Write over the --output file if it exists (never over a file of "
        "the ledger).")] = False,
    ledger_path: LedgerOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Draft the statements of a news report as a ledger fragment to review.

    Quotes and reported speech, each with its speaker, stance, date and claim; speakers
    the ledger does not know become new actors. Quotes left out (no speaker found, or a
    reply of a word or two) are listed on stderr. Review the fragment, then fold it in
    with kursk merge.

    Example: kursk draft report.txt -o draft.yaml
    """
    from kursk_cli import draft as drafting
    from kursk_cli import report

    # Mistakes of the command line (exit 2) before anything is read.
    if url is not None and not re.match(r"https?://\S+\Z", url):
        raise typer.BadParameter(f"must be a web address starting with http:// or https://, "
                                 f"not {printable(repr(url))}", ctx=ctx, param_hint="'--url'")
    if source is not None and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", source):
        raise typer.BadParameter(f"must be a lowercase id (a-z, 0-9 and single hyphens), "
                                 f"not {printable(repr(source))}", ctx=ctx,
                                 param_hint="'--source'")
    _yours(_ledger_options(ctx)[0], "draft")
    where = files.resolve(_ledger_options(ctx)[0])[0]
    opened = _open(ctx)
    if output is not None:  # (before any work: a draft is never made to be lost)
        _not_the_ledger(output, opened, where)
        if not force and os.path.isfile(output):
            raise KurskError(f"{printable(str(output))} exists; kursk draft writes a new "
                             "file (give --force to write over it)")
    data, name = _report_bytes(report_path)
    read = report.read(data, name)
    day = published or read.published
    if day is None:
        raise KurskError(f"{name}: cannot tell the day the report was published "
                         f"({read.undated}); give it with --published YYYY-MM-DD")
    known = opened.ledger
    source_id = source if source is not None else drafting.source_id_for(name, read.title)
    fragment = drafting.draft(read, known, source_id=source_id, published=day,
                              title=None if title is None else report.inert(title),
                              publisher=None if publisher is None else report.inert(publisher),
                              url=url)
    text = drafting.render(fragment, report.inert(name))
    for message in drafting.left_out_lines(fragment, name):
        _say_located(message)
    _say(drafting.summary(fragment))
    if output is None:
        sys.stdout.write(text)
        return
    from kursk_cli import export

    def write(stream: TextIO) -> None:
        stream.write(text)

    export.atomic_write(output, export.text_writer(write), ledger=where)
    _say(f"wrote {_named(output)}")


def _decoded(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise KurskError(f"{shown}: not UTF-8 text (byte {err.start + 1})") from None


@commands.command("merge", cls=_Command)
@_friendly
def merge_command(
    ctx: typer.Context,
    draft_path: Annotated[str, typer.Argument(
        metavar="DRAFT", help="A reviewed fragment, as kursk draft writes it.")],
    into: Annotated[Path | None, typer.Option(
        "--into", metavar="FILE",
        help="The ledger file to add to. Default: the ledger.", dir_okay=False)]
    = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print the change as a unified diff; write nothing.")] = False,
    ledger_path: LedgerOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Fold a reviewed draft into the ledger, changing nothing else in the file.

    New sources, actors and claims go at the end of their sections, new statements at the
    end of their claim's statements. The merged ledger is checked first: on any problem,
    reported at its line of the draft, nothing is written.

    Example: kursk merge draft.yaml --dry-run
    """
    ledger_path, no_cache = _ledger_options(ctx)
    use_cache = not no_cache
    root, root_shown = files.resolve(ledger_path)
    where, shown = files.resolve(into if into is not None else ledger_path)
    if into is None:
        _yours(ledger_path, "merge")
    files.read(where, shown)  # (a file that cannot be read is said so before the draft)
    if into is not None and not loader.part_of(where, root, root_shown, use_cache):
        root, root_shown = where, shown  # a file of no ledger given: a ledger of its own
    data, draft_shown = _report_bytes(draft_path)
    draft_text = _decoded(data, draft_shown)
    if dry_run:  # (nothing is written: nothing to lock)
        _merge_into(where, shown, root, root_shown, draft_text, draft_shown, dry_run,
                    Path(draft_path), into is not None, use_cache)
        return
    from kursk_cli import atomic

    def waiting(_target: Path) -> None:
        _say(f"waiting: another kursk merge is writing {printable(root_shown)}")

    try:  # (every merge into a ledger takes its main file's lock, and the file's own)
        with atomic.locked([root, where], waiting):
            _merge_into(where, shown, root, root_shown, draft_text, draft_shown, dry_run,
                        Path(draft_path), into is not None, use_cache)
    except atomic.Refused as err:
        raise KurskError(str(err)) from None


class _Routes:
    """Which file of the ledger takes each entry of a draft: the statements of a claim go
    to the file that holds the claim; a new source, actor or claim to ``--into``, else to
    the file that holds that section (the main file when several do). A ledger that does
    not check as it is: everything to the one file (``--into``, else the main file)."""

    def __init__(self, primary: Path, root: Path, into: bool,
                 opened: loader.Opened | None) -> None:
        self.primary, self.into = primary, into
        self.claims: dict[str, Path] = {}
        self.sections: dict[str, Path] = {}
        self.names: dict[Path, str] = {}
        if opened is None:
            return
        real_root = Path(os.path.realpath(root))
        self.names = {path: name for name, path in opened.named.items()}
        for claim in opened.ledger.claims:
            self.claims.setdefault(claim.id, opened.named[claim.file])
        for section in ("sources", "actors", "claims"):
            holders = [opened.named[name] for name, read in opened.whole.files
                       if section in read.sections]
            self.sections[section] = (holders[0] if len(holders) == 1 or real_root not in
                                      holders else real_root) if holders else real_root

    def target(self, section: str, claim_id: str | None) -> Path:
        if section == "statements":
            return self.claims.get(claim_id or "", self.primary)
        if self.into or not self.sections:
            return self.primary
        return self.sections.get(section, self.primary)

    def candidates(self, draft_text: str) -> list[Path]:
        """The files that may take something of the draft, the main one first."""
        named = re.findall(r"id:[ \t]*[\"']?([a-z0-9-]+)", draft_text)
        found = [self.primary, *self.sections.values(),
                 *(self.claims[i] for i in named if i in self.claims)]
        return list(dict.fromkeys(found))


def _merge_into(where: Path, shown: str, root: Path, root_shown: str, draft_text: str,
                draft_shown: str, dry_run: bool, draft: Path, into: bool,
                use_cache: bool = True) -> None:
    """Read, check and write the ledger's files: under the lock unless nothing is
    written. Every changed file is written whole, or none is."""
    from kursk_cli import merge

    try:
        opened: loader.Opened | None = loader.open_ledger(root, root_shown, use_cache)
    except LedgerInvalid:
        opened = None
    if opened is not None and draft_shown != "<stdin>":
        _not_of_the_ledger(draft, draft_shown, opened, root)
    if opened is not None and opened.problems:
        opened = None
    primary = Path(os.path.realpath(where))
    routes = _Routes(primary, root, into, opened)
    elsewhere = ({c.id: c.file for c in opened.ledger.claims if c.file != shown}
                 if opened is not None else {})
    if opened is None:  # (the problems are said with the check of the merged whole)
        found_now, _ = loader.check(root, root_shown, use_cache)
        elsewhere = ({c.id: c.file for c in found_now.claims if c.file != shown}
                     if found_now is not None else {})
    changed: list[tuple[Path, str, bytes, merge.Merged]] = []
    refused: list[Problem] = []
    for path in routes.candidates(draft_text):
        name = shown if path == primary else routes.names.get(path, str(path))
        original = files.read(where if path == primary else path, name)
        def wanted(section: str, claim: str | None, path: Path = path) -> bool:
            return routes.target(section, claim) == path

        try:
            merged = merge.merge(_decoded(original, name), draft_text, name, draft_shown,
                                 elsewhere, wanted)
        except merge.MergeRefused as err:
            refused += [p for p in err.problems if p not in refused]
            continue
        if any(merged.counts.values()):
            changed.append((path, name, original, merged))
    if refused:
        _problems(refused)
        _say("nothing written")
        raise typer.Exit(1)
    if not changed:
        _say(f"nothing to add: {draft_shown} holds no entry {shown} lacks; nothing written")
        return
    # The whole ledger checked once, with every merged file in place of the one on disk.
    found, problems = loader.check(root, root_shown, use_cache=False, replaced={
        path: merged.text.encode("utf-8") for path, _name, _original, merged in changed})
    if found is None:
        located = {name: merged for _path, name, _original, merged in changed}
        _problems([located[p.path].locate(p, p.path, draft_shown)
                         if p.path in located else p for p in problems])
        _say("nothing written")
        raise typer.Exit(1)
    altered = [p for _path, name, original, merged in changed
               for p in merge.altered(original.decode("utf-8"), merged.text, name)]
    if altered:  # (merge only adds: a safety net under the layout rules)
        _problems(altered)
        _say("nothing written")
        raise typer.Exit(1)
    totals = {key: sum(m.counts.get(key, 0) for *_rest, m in changed)
              for key in changed[0][3].counts}
    counts = ", ".join(f"{n} {name if n != 1 else name[:-1]}" for name, n in totals.items()
                       if n)  # (only the kinds of which something was added)
    names = " and ".join(name for _path, name, _original, _merged in changed)
    if dry_run:
        for _path, name, original, merged in changed:
            sys.stdout.write(merge.unified_diff(original.decode("utf-8"), merged.text, name,
                                                merged.insertions))
        _say(f"would add {counts} to {names}; nothing written (--dry-run)")
        return
    written: list[tuple[Path, str, bytes, merge.Merged]] = []
    try:
        for path, name, original, merged in changed:
            _replace(where if path == primary else path, merged.text, draft, original)
            written.append((path, name, original, merged))
    except KurskError as err:
        for path, _name, original, merged in written:  # (whole, or none)
            _replace(where if path == primary else path, original.decode("utf-8"), draft,
                     merged.text.encode("utf-8"))
        if written:
            raise KurskError(f"{err}; {' and '.join(n for _p, n, *_r in written)} put back "
                             "as they were") from None
        raise
    summary = found.summary
    _say(f"added {counts} to {names}: ok: {_summary(summary)}")


def _not_of_the_ledger(draft: Path, shown: str, opened: loader.Opened, root: Path) -> None:
    """:class:`KurskError` when the draft is itself a file of the ledger: its entries are
    the ledger's already (merged, each would be a duplicate)."""
    real = Path(os.path.realpath(draft))
    if real not in opened.paths:
        return
    if real == Path(os.path.realpath(root)):
        raise KurskError(f"{printable(shown)} is the ledger itself; a draft is merged from "
                         "outside it")
    by = opened.included_by.get(real)
    held = f" (included by {printable(by[0])}:{by[1].line})" if by is not None else ""
    raise KurskError(f"{printable(shown)} is already part of the ledger{held}; a draft is "
                     "merged from outside it")


def _replace(target: Path, text: str, draft: Path, original: bytes) -> None:
    """Write the ledger file whole or not at all, keeping its permissions, and only if it
    still holds ``original`` (the bytes merged from) right before it is replaced."""
    import sqlite3
    import stat

    from kursk_cli import atomic

    mode = stat.S_IMODE(os.stat(target).st_mode)

    def write(path: Path) -> None:
        with open(path, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(path, mode)

    try:
        atomic.write_file(target, write, keep=draft, unchanged=original)
    except atomic.Changed as err:
        raise KurskError(f"{err}: another program wrote it; run the merge again") from None
    except atomic.Refused as err:
        raise KurskError(str(err)) from None
    except (OSError, sqlite3.Error) as err:
        raise KurskError(f"cannot write {target}: {getattr(err, 'strerror', None) or err}"
                         ) from None
