"""kursk: a checked, plain-text ledger of who asserted, denied or qualified what."""

__version__ = "0.1.0"
