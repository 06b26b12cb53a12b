"""The public vote (People's Choice): who may vote, the window, casting and withdrawing votes, counts.

Counts are `raw` (every vote cast and not withdrawn) and `retained` (valid votes: those an organizer has not
voided). A withdrawn vote is deleted; a voided vote stays with its reason (it counts in raw, not retained).
"""

from __future__ import annotations

from showcase.judging.tables import Vote


async def vote_counts(challenge_id: int) -> dict[int, tuple[int, int]]:
    """entry id → (raw, retained) for the challenge's public vote. One query. Entries without votes are absent."""
    rows = await Vote.select(Vote.entry, Vote.status).where(Vote.challenge == challenge_id)
    counts: dict[int, list[int]] = {}
    for row in rows:
        pair = counts.setdefault(row["entry"], [0, 0])
        pair[0] += 1
        if row["status"] == "valid":
            pair[1] += 1
    return {entry: (raw, retained) for entry, (raw, retained) in counts.items()}
