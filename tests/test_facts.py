"""The shipped ledger, facts.yaml, is sound and dated as its report says.

That its quotes stand verbatim in the report is checked by `.ci/run` against
`../shared/source`, which a plain clone does not have."""

from __future__ import annotations

from helpers import FACTS
from kursk_cli import loader
from kursk_cli.model import Stance, Status


def test_encirclement_is_disputed_by_name() -> None:
    claim = loader.load(FACTS).claim_by_id["kursk-encirclement"]
    assert claim.status is Status.DISPUTED
    assert claim.actors_with(Stance.ASSERTS) == ("putin", "trump")
    assert claim.actors_with(Stance.DENIES) == ("ukraine-general-staff",)
    assert claim.actors_with(Stance.QUALIFIES) == ("zelenskyy",)


def test_statements_fall_on_the_days_of_the_report() -> None:
    found = loader.load(FACTS)
    dates = {s.date.isoformat() for s in found.statements}
    assert dates == {"2025-03-13", "2025-03-14"}
    putin_thursday = [s for s in found.statements if s.date.isoformat() == "2025-03-13"]
    assert [(s.actor, s.claim) for s in putin_thursday] == [("putin", "kursk-encirclement")]


def test_publisher_and_url_are_left_unknown() -> None:
    source = loader.load(FACTS).sources[0]
    assert (source.publisher, source.url) == (None, None)
