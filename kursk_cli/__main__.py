"""The ``kursk`` command, and ``python -m kursk_cli``."""

from kursk_cli.memory import collector_paused


def main() -> None:
    """Run the command line. Its modules and their libraries' are imported with the
    collector paused (``memory.collector_paused``): thousands of objects that live as
    long as the process, and no garbage worth a pass over them (about 5 ms of a 100 ms
    start-up, measured with ``benchmarks/run.py --only startup``)."""
    with collector_paused():
        from kursk_cli import cli
    cli.main()


if __name__ == "__main__":
    main()
