"""Starting out: kursk schema (the JSON Schema of the format) and kursk init."""

# No `from __future__ import annotations` here: Typer reads every command's
# annotations on each run, and string annotations cost it a typing.get_type_hints
# evaluation apiece (about 15 ms a run, measured).
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from kursk_cli import files, loader
from kursk_cli.cli.app import _Command, commands
from kursk_cli.cli.streams import _friendly, _say
from kursk_cli.errors import KurskError, printable


@commands.command("schema", cls=_Command)
@_friendly
def schema_command() -> None:
    """Print the ledger format as a JSON Schema (draft 2020-12), for editors.

    The YAML language server (VS Code and others) completes keys and underlines mistakes
    as you type with it; kursk check remains the authority on the rest.

    Example: kursk schema > ledger.schema.json
    """
    import json

    from kursk_cli import schema

    json.dump(schema.json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")

@commands.command("init")
@_friendly
def init_command(
    folder: Annotated[Path | None, typer.Argument(
        metavar="DIR", help="Where to start the ledger (made if missing). Default: "
        "this folder.", show_default=False, file_okay=False)] = None,
) -> None:
    """Start a ledger of your own: facts.yaml with empty sections and a commented example.

    Also writes ledger.schema.json beside it, which editors read to complete keys. Never
    writes over an existing file.

    Example: kursk init my-ledger
    """
    from kursk_cli import starter

    place = folder if folder is not None else Path(".")
    target = place / "facts.yaml"
    shown = printable(str(target) if folder is not None else "facts.yaml")
    try:
        place.mkdir(parents=True, exist_ok=True)
        starter.write_new(target, starter.LEDGER)
    except starter.Exists:
        raise KurskError(f"{shown} already exists; kursk init never writes over a "
                         "ledger") from None
    except OSError as err:
        raise KurskError(f"cannot write {shown}: {err.strerror or err}") from None
    whole = loader.including(target)
    if whole is not None:  # (a new file a ledger above already reads: taken back)
        target.unlink()
        raise KurskError(f"{shown} would be read as part of the ledger "
                         f"{printable(os.path.relpath(whole))}, whose include matches it; "
                         "start a ledger of your own in a folder that ledger does not include")
    wrote = [shown]
    try:
        starter.write_new(place / starter.SCHEMA_FILE, starter.schema_text())
        wrote.append(starter.SCHEMA_FILE)
    except (starter.Exists, OSError):
        pass  # (one there already serves; the ledger does not need it)
    _say(f"wrote {' and '.join(wrote)}; next: kursk draft REPORT -o draft.yaml")
    above = files.nearest(place.resolve().parent)
    if above is not None:
        _say(f"note: {printable(os.path.relpath(above))} is a ledger above this one; in "
             f"{printable(str(place))} and the folders below it, kursk reads the new one")
