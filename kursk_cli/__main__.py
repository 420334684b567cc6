"""`python -m kursk_cli` runs the kursk command line."""

from kursk_cli.cli import main

main()
