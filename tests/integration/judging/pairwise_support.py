"""Pairwise rounds for the pairwise and rounds tests: a challenge in judging (the shared cast) with a pairwise
round 2 over some of its entries, written through the real tables and `pairwise.start`."""

from __future__ import annotations

from showcase.judging import access, pairwise
from showcase.judging.audit import judging_transaction
from showcase.judging.tables import Round, RoundEntry
from tests.integration.judging.support import Jury, jury_with_entries


async def pairwise_round(jury: Jury, entries: tuple[int, ...] | None = None) -> dict:
    """Round 1 (rubric) closed and round 2 (pairwise) open over `entries` (all of the jury's by default)."""
    challenge_id = jury.challenge["id"]
    first = await access.first_round(challenge_id)
    await Round.update({Round.status: "closed"}).where(Round.id == first["id"])
    chosen = entries if entries is not None else jury.entries
    round_row = Round(challenge=challenge_id, position=2, kind="pairwise", name_fr="Finale", name_ar="النهائي",
                      key=f"{challenge_id}:2", shortlist_size=len(chosen))
    await round_row.save()
    row = await Round.select().where(Round.id == round_row.id).first()
    async with judging_transaction(challenge_id):
        for entry_id in chosen:
            await RoundEntry(round=row["id"], entry=entry_id, key=f"{row['id']}:{entry_id}").save()
        await pairwise.start(row, chosen)
    return row


async def jury_in_pairwise(*, judges: int = 3, entries: int = 4) -> tuple[Jury, dict]:
    jury = await jury_with_entries(judges=judges, entries=entries)
    return jury, await pairwise_round(jury)
