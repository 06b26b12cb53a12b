"""Demo data for the public vote: voters, ordinary votes and the three kinds of anomaly the organizers' page
flags (a burst from one network, a device shared by two accounts, accounts created during the window), with
the burst voided for a reason (audited). Call it before results are published, so that the audit trail reads
in order. Idempotent: a challenge that already has votes is left alone.

    await load_demo_vote(challenge_id, organizer={"id": ..., "name": ...}, password_hash=..., now=now)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from showcase.accounts.tables import User
from showcase.challenges.tables import Challenge, Entry
from showcase.judging import anomalies
from showcase.judging.tables import Vote
from showcase.judging.voting import ELIGIBLE, device_hash, void_votes

VOTERS = 16  # votant1..16@example.org
NEW_ACCOUNTS = (15, 16)  # created during the window
SHARED_DEVICE = (3, 4)  # two accounts, one browser
BURST = (10, 11, 12, 13, 14)  # five votes for the first entry from one /24 within eight minutes
BURST_REASON = "Cinq votes en huit minutes depuis le même réseau, pour la même participation."


async def _voters(password_hash: str, *, opens_at: datetime, locale: str = "fr") -> list[int]:
    ids = []
    for number in range(1, VOTERS + 1):
        email = f"votant{number}@example.org"
        created = opens_at + timedelta(hours=number) if number in NEW_ACCOUNTS else opens_at - timedelta(days=60)
        row = await User.select(User.id).where(User.email == email).first()
        if row is None:
            rows = await User.insert(User(email=email, name=f"Votant {number}", locale=locale,
                                          password_hash=password_hash, email_verified_at=created,
                                          created_at=created)).returning(User.id)
            row = rows[0]
        ids.append(row["id"])
    return ids


async def load_demo_vote(challenge_id: int, *, organizer: dict | None, password_hash: str, now: datetime) -> int:
    """Cast the demo votes inside the challenge's voting window (clipped to `now`); returns how many."""
    if await Vote.exists().where(Vote.challenge == challenge_id):
        return 0
    challenge = await Challenge.select(Challenge.voting_opens_at, Challenge.voting_closes_at).where(
        Challenge.id == challenge_id).first()
    opens, closes = challenge["voting_opens_at"], challenge["voting_closes_at"]
    if opens is None or closes is None or opens >= now:
        return 0
    end = min(closes, now)
    entries = [row["id"] for row in await Entry.select(Entry.id).where(
        (Entry.challenge == challenge_id) & ELIGIBLE).order_by(Entry.id)]
    if not entries:
        return 0
    voters = await _voters(password_hash, opens_at=opens)
    span = (end - opens) / (VOTERS + 2)
    burst_at = opens + span * 9
    cast = 0
    for number, voter in enumerate(voters, start=1):
        if number in BURST:
            targets = [entries[0]]
            ip = f"203.0.113.{40 + number}"
            when = burst_at + timedelta(minutes=2 * (number - BURST[0]))
        else:
            first = number % len(entries)
            targets = [entries[first], entries[(first + number) % len(entries)]] if number % 3 else [entries[first]]
            ip = f"198.51.100.{number}" if number % 2 else f"2001:db8:{number:x}::1"
            when = opens + span * number
        device = device_hash("demo-shared" if number in SHARED_DEVICE else f"demo-{number}")
        for offset, entry in enumerate(dict.fromkeys(targets)):
            await Vote.insert(Vote(challenge=challenge_id, entry=entry, voter=voter, ip=ip,
                                   subnet=anomalies.subnet_of(ip), device=device, key=f"{entry}:{voter}",
                                   created_at=when + timedelta(seconds=40 * offset)))
            cast += 1
    burst_votes = [row["id"] for row in await Vote.select(Vote.id).where(
        (Vote.challenge == challenge_id) & Vote.voter.is_in([voters[number - 1] for number in BURST]))]
    await void_votes(challenge_id, organizer, vote_ids=burst_votes, reason=BURST_REASON, flag="subnet_burst",
                     now=min(end, burst_at + timedelta(hours=2)))
    return cast
