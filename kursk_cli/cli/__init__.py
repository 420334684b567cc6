"""The kursk command line: parses options, asks the core, hands the answer to one
printing function. The only package that prints, raises ``typer.Exit`` or picks an exit
code: 0 success, 1 a bad ledger or an unknown name, 2 a bad command line (Typer's own).

Rooms: ``app`` (Typer, shared options, emit), ``streams`` (stdout and stderr guards), and
the commands by family: ``views``, ``exporting``, ``archives``, ``drafting``, ``history``,
``setup``. Importing a family registers its commands."""

import os
import sys
from typing import Any

# The families register their commands on import, in help's order.
# isort: off
from kursk_cli.cli import views  # noqa: F401
from kursk_cli.cli import exporting  # noqa: F401
from kursk_cli.cli import archives  # noqa: F401
from kursk_cli.cli import setup  # noqa: F401
from kursk_cli.cli import drafting  # noqa: F401
from kursk_cli.cli import history  # noqa: F401
# isort: on
from kursk_cli.cli.app import app
from kursk_cli.cli.streams import (
    _OUTPUT_ERRORS,
    _final_failure,
    _OutputFailed,
    _say,
    _say_escaped,
    _standard_streams,
)

__all__ = ["app", "main"]


def main() -> None:
    """Run the command line (``kursk_cli.__main__`` calls it, for the console script
    and ``python -m``): the last flush of stdout happens here, where a failure is still
    a sentence rather than a traceback at exit."""
    code: Any = 0
    _standard_streams()
    try:
        app()
    except SystemExit as done:
        code = done.code
    except (KeyError, ValueError):
        # Only a shell completion request kursk cannot read (COMP_CWORD not a number,
        # COMP_WORDS missing) gets here; a shell's own requests never do.
        if not os.environ.get("_KURSK_COMPLETE"):  # (Click ignores it when empty)
            raise
        _say("kursk: cannot complete: the shell's request (COMP_WORDS, COMP_CWORD) "
             "cannot be read")
        code = 1
    except OSError as err:
        if not isinstance(err, _OutputFailed) and err.errno not in _OUTPUT_ERRORS:
            raise
        code = _final_failure(err, code)
    try:
        sys.stdout.flush()
    except OSError as err:
        code = _final_failure(err, code)
    _say_escaped()
    raise SystemExit(code)


