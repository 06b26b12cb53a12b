"""Demo judging, so the judging pages have something to show on a first start (issue 6, point 12).

"Open Data Éducation 2026" (finished) gets a complete judging: three judges (one lenient, one harsh), a declared
conflict, a weighted rubric, a balanced assignment, every review submitted, a pairwise final, a public vote with
its anomalies (one burst voided), prizes, and results published with their CSV and SHA-256. "Défi Tourisme
numérique" (in judging) is part-way: the same jury, its assignment, some reviews submitted, one draft.

Everything goes through the real domain functions (criteria, assigning, reviews, rounds, pairwise, voting,
results) with the clock set to when it happened, so the audit trail is the real chain. Idempotent: a challenge
that already has criteria is left alone.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from showcase.accounts import passwords
from showcase.accounts.queries import session_user_from_row
from showcase.accounts.tables import User
from showcase.challenges import phases, queries
from showcase.challenges.access import ChallengeContext
from showcase.challenges.tables import Challenge, Entry, EntryTrack
from showcase.judging import access, assigning, audit, criteria, pairwise, results, reviews, rounds
from showcase.judging.tables import Conflict, Criterion, Judge, JudgeInvitation, JudgingSettings
from showcase.judging.vote_demo import load_demo_vote
from showcase.mail.tables import OutboxMessage

JUDGES = [  # e-mail, name, locale, leniency added to every mark
    ("ilham@example.net", "Ilham Berrada", "fr", 1.5),
    ("hassan@example.com", "حسن التازي", "ar", -2.0),
    ("zineb@example.com", "Zineb Amrani", "en", 0.0),
]
CRITERIA = [  # French, Arabic, weight, description
    ("Impact pour les usagers", "الأثر على المستعملين", 3, "Qui s’en sert, et qu’est-ce que cela change pour eux ?",
     "من يستعمله، وما الذي يغيره بالنسبة لهم؟"),
    ("Usage des données ouvertes", "استعمال البيانات المفتوحة", 2, "Les jeux du portail sont-ils au cœur du projet ?",
     "هل مجموعات بيانات البوابة في صلب المشروع؟"),
    ("Qualité de réalisation", "جودة الإنجاز", 2, "Fonctionne-t-il, est-il agréable et accessible ?",
     "هل يعمل، وهل هو سهل الاستعمال ومتاح للجميع؟"),
    ("Disponible en arabe", "متوفر بالعربية", 0, "Critère indépendant : noté, montré, hors total.",
     "معيار مستقل: ينقط ويعرض، خارج المجموع."),
]
QUALITY = {  # the team's real quality (0–10) per criterion, before each judge's leniency
    "Tawjih": (8, 9, 7, 9), "Kit pédagogique": (6, 7, 8, 6), "Écoles à portée": (7, 8, 8, 5),
    "Atlas Patrimoine": (8, 7, 8, 9), "Idée : un tableau": (5, 7, 5, 4), "Plages propres": (7, 6, 7, 6),
}
COMMENTS = {
    "fr": "Projet clair ; la démonstration montre bien l’usage réel.",
    "ar": "مشروع واضح، والعرض يبين الاستعمال الفعلي بشكل جيد.",
    "en": "Clear project; the demo shows real use well.",
}
CONFLICT = ("zineb@example.com", "Écoles à portée", "J’ai encadré le stage d’un membre de l’équipe en 2025.")


def _clock(base: datetime, days: float, hour: int = 10) -> datetime:
    return (base + timedelta(days=days)).replace(hour=hour, minute=15, second=0, microsecond=0)


async def _judges(now: datetime) -> dict[str, Any]:
    from showcase.demo import DEMO_PASSWORD

    password_hash = await passwords.hash_password(DEMO_PASSWORD)
    people = {}
    for email, name, locale, _lenience in JUDGES:
        row = await User.select().where(User.email == email).first()
        if row is None:
            await User.insert(User(email=email, name=name, locale=locale, password_hash=password_hash,
                                   email_verified_at=now - timedelta(days=200), created_at=now - timedelta(days=200)))
            row = await User.select().where(User.email == email).first()
        people[email] = session_user_from_row(row)
    return people


async def _seat(challenge: dict, judges: dict[str, Any], organizer: Any, *, when: datetime) -> None:
    """The jury, as if each judge had accepted an e-mailed invitation."""
    for email, user in judges.items():
        await JudgeInvitation.insert(JudgeInvitation(
            challenge=challenge["id"], email=email, token_hash=f"demo-{challenge['id']}-{user.id}".ljust(64, "0"),
            invited_by=organizer.id, status="accepted", created_at=when, expires_at=when + timedelta(days=14),
            responded_at=when + timedelta(hours=5)))
        await Judge.insert(Judge(challenge=challenge["id"], user=user.id, key=f"{challenge['id']}:{user.id}:0",
                                 created_at=when + timedelta(hours=5)))


async def _entries(challenge_id: int) -> dict[str, int]:
    """Eligible entries by their reuse's French title prefix (the demo's reuse titles start with it)."""
    rows = await Entry.select(Entry.id, Entry.reuse.title_fr.as_alias("title")).where(
        (Entry.challenge == challenge_id) & (Entry.status == "submitted") & (Entry.screening == "eligible"))
    return {next(prefix for prefix in QUALITY if row["title"].startswith(prefix)): row["id"] for row in rows}


async def _rubric(challenge_id: int, organizer: Any, *, when: datetime) -> list[dict]:
    for position, (name_fr, name_ar, weight, text_fr, text_ar) in enumerate(CRITERIA):
        await criteria.create(challenge_id, {
            "name_fr": name_fr, "name_ar": name_ar, "description_fr": text_fr, "description_ar": text_ar,
            "weight": str(weight), "scale_min": "0", "scale_max": "10"}, actor=organizer,
            now=when + timedelta(minutes=position))
    return await criteria.criteria_of(challenge_id)


async def _declare_conflict(challenge_id: int, judges: dict[str, Any], entries: dict[str, int], *,
                            when: datetime) -> None:
    email, prefix, reason = CONFLICT
    if prefix not in entries:
        return
    judge = judges[email]
    async with audit.judging_transaction(challenge_id):
        await Conflict.insert(Conflict(challenge=challenge_id, user=judge.id, entry=entries[prefix], source="declared",
                                       reason=reason, key=f"{entries[prefix]}:{judge.id}", created_at=when))
        await audit.append(challenge_id, action="conflict.declared", actor={"id": judge.id, "name": judge.name},
                           subject=f"entry:{entries[prefix]}", payload={"judge": judge.id}, now=when)


async def _score(challenge_id: int, round_id: int, rubric: list[dict], judges: dict[str, Any], entries: dict[str, int],
                 *, start: datetime, share: float = 1.0) -> None:
    """Each judge reviews their assigned entries: quality + leniency, kept on the scale; `share` of them submitted,
    the next one left as a draft."""
    by_id = {entry_id: prefix for prefix, entry_id in entries.items()}
    lenience = {email: bonus for email, _name, _locale, bonus in JUDGES}
    assigned = await assigning.assignments_of(round_id)
    for number, (email, judge) in enumerate(judges.items()):
        mine = sorted(row["entry"] for row in assigned if row["judge"] == judge.id)
        to_submit = round(len(mine) * share)
        for order, entry_id in enumerate(mine[:to_submit + 1] if share < 1 else mine):
            marks = QUALITY[by_id[entry_id]]
            scores = {row["id"]: float(max(0, min(10, round(marks[index] + lenience[email]))))
                      for index, row in enumerate(rubric)}
            await reviews.store_review(
                challenge_id=challenge_id, round_id=round_id, entry_id=entry_id, judge_id=judge.id, scores=scores,
                comments={}, overall_comment=COMMENTS[judge.locale], private_note="", submit=order < to_submit,
                source="web", actor={"id": judge.id, "name": judge.name},
                now=start + timedelta(days=number, hours=order * 3))


async def _context(challenge_id: int, user: Any, when: datetime) -> ChallengeContext:
    row = await Challenge.select().where(Challenge.id == challenge_id).first()
    state = await queries.challenge_state(row)
    return ChallengeContext(challenge=row, actor=await queries.actor_for(user, challenge_id), state=state,
                            phase=phases.phase(state, when), now=when)


async def _pairwise_final(challenge_id: int, judges: dict[str, Any], organizer: Any, *, when: datetime) -> None:
    """A pairwise final over the three best entries of the rubric round; each judge compares a few pairs."""
    await rounds.open_next_round(challenge_id, phase="judging", values={
        "kind": "pairwise", "size": "3", "scope": "overall", "name_fr": "Finale", "name_ar": "النهائي"},
        actor={"id": organizer.id, "name": organizer.name}, now=when)
    final = await access.current_round(challenge_id)
    rng = random.Random(challenge_id)
    for number, judge in enumerate(judges.values()):
        for step in range(3):
            screen = await pairwise.screen(final["id"], judge.id)
            if screen.current is None:
                break
            moment = when + timedelta(days=1 + number, minutes=10 * step)
            if screen.previous is None:
                await pairwise.begin(final["id"], user=judge, shown=screen.current)
                continue
            better = "current" if rng.random() < 0.5 else "previous"
            await pairwise.decide(final["id"], user=judge, better=better, previous=screen.previous,
                                  current=screen.current, now=moment)


async def _finished(challenge: dict, judges: dict[str, Any], organizer: Any, *, password_hash: str,
                    now: datetime) -> None:
    challenge_id = challenge["id"]
    opened = challenge["judging_opens_at"]
    published_at = challenge["results_published_at"]
    # Judging happens before the results exist: the stamp comes back when they are published.
    await Challenge.update({Challenge.results_published_at: None}).where(Challenge.id == challenge_id)
    await _seat(challenge, judges, organizer, when=opened - timedelta(days=6))
    entries = await _entries(challenge_id)
    await _declare_conflict(challenge_id, judges, entries, when=opened - timedelta(days=2))
    rubric = await _rubric(challenge_id, organizer, when=opened - timedelta(days=5))
    await JudgingSettings.update({JudgingSettings.feedback_to_teams: True, JudgingSettings.primary_criterion:
                                  rubric[0]["id"]}).where(JudgingSettings.challenge == challenge_id)
    first = await access.first_round(challenge_id)
    await assigning.generate(challenge_id, first, k=2, seed=2026, actor=organizer, now=_clock(opened, 0, 10))
    await _score(challenge_id, first["id"], rubric, judges, entries, start=_clock(opened, 1, 9))
    await _pairwise_final(challenge_id, judges, organizer, when=_clock(opened, 8, 9))
    await load_demo_vote(challenge_id, organizer={"id": organizer.id, "name": organizer.name},
                         password_hash=password_hash, now=now)
    deliberation = challenge["judging_closes_at"] + timedelta(days=2)
    ctx = await _context(challenge_id, organizer, deliberation)
    # The final's order first (pairwise, by mu), then the rubric round's for the entries not in the final.
    final = await access.current_round(challenge_id)
    order = [entry_id for entry_id, _mu, _sigma_sq in await pairwise.pairwise_ranking(final["id"])]
    standing_rows, _standings = await results.overall_rows(challenge_id)
    order += [row.row.entry_id for row in standing_rows if row.row.entry_id not in order]
    tracks: dict[int, list[int]] = {}
    for link in await EntryTrack.select(EntryTrack.entry, EntryTrack.track).where(
            EntryTrack.entry.is_in(list(entries.values()))).order_by(EntryTrack.id):
        tracks.setdefault(link["entry"], []).append(link["track"])
    best_by_track: dict[int, int] = {}  # entry -> the track it wins: one prize per entry, the first free track
    for entry_id in order:
        free = [track for track in tracks.get(entry_id, []) if track not in best_by_track.values()]
        if free and entry_id not in best_by_track:
            best_by_track[entry_id] = free[0]
    for entry_id, track in best_by_track.items():
        await results.set_award(ctx, {"kind": "track", "track": str(track), "entry": str(entry_id), "rank": "1",
                                      "citation": "Choisi par le jury pour son impact et sa qualité."},
                                actor=organizer, now=deliberation)
    counts = await _vote_leader(challenge_id)
    if counts is not None:
        await results.set_award(ctx, {"kind": "peoples_choice", "entry": str(counts), "rank": "1",
                                      "citation": "Le plus de votes retenus du public."}, actor=organizer,
                                now=deliberation + timedelta(minutes=5))
    publish_at = published_at or deliberation + timedelta(days=1)
    await results.publish(await _context(challenge_id, organizer, publish_at), actor=organizer, now=publish_at)


async def _vote_leader(challenge_id: int) -> int | None:
    from showcase.judging.voting import vote_counts

    counts = await vote_counts(challenge_id)
    return max(counts, key=lambda entry_id: (counts[entry_id][1], -entry_id)) if counts else None


async def _in_judging(challenge: dict, judges: dict[str, Any], organizer: Any) -> None:
    challenge_id = challenge["id"]
    opened = challenge["judging_opens_at"]
    await _seat(challenge, judges, organizer, when=opened - timedelta(days=4))
    rubric = await _rubric(challenge_id, organizer, when=opened - timedelta(days=3))
    first = await access.first_round(challenge_id)
    await assigning.generate(challenge_id, first, k=2, seed=7, actor=organizer, now=_clock(opened, 0, 11))
    await _score(challenge_id, first["id"], rubric, judges, await _entries(challenge_id), start=_clock(opened, 1, 9),
                 share=0.5)


async def load_demo_judging(*, now: datetime) -> int:
    """Judge the demo challenges that have no rubric yet; returns how many were judged."""
    from showcase.demo import DEMO_PASSWORD

    organizer_row = await User.select().where(User.email == "karim@example.org").first()
    if organizer_row is None:
        return 0
    organizer = session_user_from_row(organizer_row)
    judges = await _judges(now)
    password_hash = await passwords.hash_password(DEMO_PASSWORD)
    last_mail = (await OutboxMessage.select(OutboxMessage.id).order_by(OutboxMessage.id, ascending=False).first()
                 or {"id": 0})["id"]
    done = 0
    for slug, kind in (("open-data-education-2026", "finished"), ("defi-tourisme-numerique", "judging")):
        challenge = await Challenge.select().where(Challenge.slug == slug).first()
        if challenge is None or await Criterion.exists().where(Criterion.challenge == challenge["id"]):
            continue
        if kind == "finished":
            await _finished(challenge, judges, organizer, password_hash=password_hash, now=now)
        else:
            await _in_judging(challenge, judges, organizer)
        done += 1
    # The results e-mails of the demo are not worth sending to demo people.
    await OutboxMessage.delete().where((OutboxMessage.id > last_mail) & OutboxMessage.to_address.like("%@example.org"))
    return done
