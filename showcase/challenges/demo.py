"""Demo challenges for a first start, so every phase can be seen without setting anything up.

One challenge open for submissions (teams, a pending join request and invitation, draft and submitted entries),
one in judging (screened entries), one finished (results published, entries gallery open) and one upcoming.
Entries go through the real entry domain (entries.submit_entry / save_draft) with the clock set to when they
were sent, so their versions and SHA-256 receipts are the real ones. Idempotent: a challenge whose slug exists
is left alone. Needs the bundled portal snapshot (the eligible datasets come from it) and the demo people.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Any

import anyio

from showcase.accounts import passwords
from showcase.accounts.queries import session_user_from_row
from showcase.accounts.tables import User
from showcase.challenges import entries, phases
from showcase.challenges.demo_data import CHALLENGES, EXTRA_REUSES, PARTICIPANTS
from showcase.challenges.tables import (
    Challenge,
    ChallengeDataset,
    ChallengeEvent,
    ChallengeRole,
    ChallengeTheme,
    Entry,
    Question,
    Registration,
    Team,
    TeamInvitation,
    TeamMember,
    Track,
)
from showcase.challenges.teams import hash_token, member_key, new_share_seed
from showcase.mail.tables import OutboxMessage
from showcase.portal.domain import resolve_citations
from showcase.portal.tables import Theme
from showcase.reuses.tables import Reuse
from showcase.startups.tables import Startup

log = logging.getLogger(__name__)
ZONE = "Africa/Casablanca"

# Who enters what: challenge slug -> teams (name, captain, members, reuse title prefix, entry plan)
TEAMS: dict[str, list[dict[str, Any]]] = {
    "hackathon-eau-climat-2026": [
        {"name": "Goutte à goutte", "captain": "amina", "members": ["hajar"], "pending": ["mehdi"],
         "reuse": "Sqi Souss", "entry": "draft", "tracks": [0, 1],
         "answers": ["Agadir", "Les petits agriculteurs du Souss irriguent à l’aveugle : nous leur envoyons chaque "
                     "matin, par SMS, la dose d’eau conseillée selon le remplissage des barrages.", "", "40",
                     "Prototype", ["Web", "SMS"]]},
        {"name": "فريق السدود", "captain": "youssef", "members": ["omar", "fatima"], "reuse": "API Barrages",
         "entry": "submitted", "tracks": [0], "sent_days_ago": 2,
         "answers": ["الرباط", "واجهة برمجية مفتوحة تتيح للجماعات والصحفيين متابعة ملء السدود يوما بيوم.",
                     "https://video.example.org/api-barrages", "12", "Produit en service", ["Web"]]},
        {"name": "Les Hydrologues", "captain": "nadia", "members": [], "invite": "imane@example.org"},
    ],
    "defi-tourisme-numerique": [
        {"name": "Atlas Patrimoine", "captain": "salma", "members": ["sara"], "startup": "atlas-patrimoine",
         "reuse": "Atlas Patrimoine", "entry": "submitted", "tracks": [0, 1], "sent_days_ago": 14,
         "answers": ["Fès", "Des parcours audio dans la médina, en arabe, en français et en anglais."],
         "screening": "eligible"},
        {"name": "Tourisme Data Lab", "captain": "youssef", "members": ["omar"], "reuse": "Idée : un tableau",
         "entry": "submitted", "tracks": [0], "sent_days_ago": 13,
         "answers": ["Marrakech", "Un tableau de bord des nuitées pour les communes touristiques."],
         "screening": "eligible"},
        {"name": "Plages propres", "captain": "amina", "members": ["hajar", "mehdi"], "reuse": "Plages propres",
         "entry": "submitted", "tracks": [1], "sent_days_ago": 15,
         "answers": ["Tanger", "La qualité de l’eau de chaque plage avant de partir."], "screening": "eligible"},
        {"name": "Souk Tour", "captain": "rachid", "members": [], "reuse": None, "entry": "none"},
    ],
    "open-data-education-2026": [
        {"name": "Tawjih", "captain": "youssef", "members": ["omar"], "reuse": "Tawjih",
         "entry": "submitted", "tracks": [0], "sent_days_ago": 95,
         "answers": ["Casablanca", "S’orienter après le bac avec les résultats réels de chaque filière."],
         "screening": "eligible"},
        {"name": "Lycée Data", "captain": "salma", "members": ["sara"], "reuse": "Kit pédagogique",
         "entry": "submitted", "tracks": [1], "sent_days_ago": 92,
         "answers": ["Rabat", "Un kit pour apprendre les statistiques au lycée avec les données du bac."],
         "screening": "eligible"},
        {"name": "Carte scolaire", "captain": "hajar", "members": ["amina"], "reuse": "Écoles à portée",
         "entry": "submitted", "tracks": [0, 1], "sent_days_ago": 91,
         "answers": ["Meknès", "Les familles voient d’un coup d’œil les établissements proches et leurs effectifs."],
         "screening": "eligible"},
        # Screened out: the reuse is the organizer's own (its owner is not in the team).
        {"name": "Les Explorateurs", "captain": "fatima", "members": ["nadia"], "reuse": "Explorateur",
         "any_owner": True,
         "entry": "submitted", "tracks": [0], "sent_days_ago": 93,
         "answers": ["Oujda", "Explorer les résultats du bac par académie."], "screening": "ineligible",
         "reason": "Le projet a été présenté par un membre de l’équipe organisatrice."},
    ],
}


def local_instant(now: datetime, days: int, hour: int) -> datetime:
    """`days` from now at `hour`:00 in Casablanca, as a UTC instant (zoneinfo, never a fixed offset)."""
    day = phases.to_local(now, ZONE).date() + timedelta(days=days)
    return phases.to_utc(datetime(day.year, day.month, day.day, hour, 0), ZONE)


async def _people(now: datetime) -> dict[str, Any]:
    """The demo people and participants as session users, keyed by the local part of their address."""
    from showcase.demo import DEMO_PASSWORD

    missing = [spec for spec in PARTICIPANTS if not await User.exists().where(User.email == spec[0])]
    if missing:
        password_hash = await passwords.hash_password(DEMO_PASSWORD)
        for email, name, locale in missing:
            await User.insert(User(email=email, name=name, locale=locale, password_hash=password_hash,
                                   email_verified_at=now, is_organizer=email.startswith("leila@"), created_at=now))
    rows = await User.select().where(User.email.like("%@example.org"))
    return {row["email"].split("@")[0]: session_user_from_row(row) for row in rows}


async def _cover(slug: str, kind: str, art: str) -> str:
    from showcase.reuses.demo import draw_and_store_cover

    return await anyio.to_thread.run_sync(draw_and_store_cover, slug, kind, art)


async def _extra_reuses(people: dict[str, Any], *, portal: Any, site: Any, now: datetime) -> None:
    """Published reuses that demo participants made for a challenge, through the real reuse workflow."""
    from showcase.reuses import domain as reuses

    moderator = people.get("salma")
    for spec in EXTRA_REUSES:
        owner = people.get(spec["owner"])
        if owner is None or moderator is None or await Reuse.exists().where(Reuse.title_fr == spec["title_fr"]):
            continue
        values = {name: spec.get(name, "") for name in ("type", "url", "title_fr", "title_ar", "summary_fr",
                                                         "summary_ar", "description_fr", "tags")}
        values.update(datasets="\n".join(spec["datasets"]), cover_alt=spec["title_fr"])
        saved = await reuses.save_reuse(user=owner, reuse_id=None, values=values,
                                        multi={"themes": spec["themes"], "platforms": []},
                                        cover_key=await _cover(f"reuse-{spec['owner']}", *spec["cover"]),
                                        portal=portal, site=site, now=now - timedelta(days=125), submit=True)
        await reuses.apply_action(reuse_id=saved.reuse_id, user=moderator, action="publish", message="",
                                  now=now - timedelta(days=124))
        await Reuse.update({Reuse.published_at: now - timedelta(days=124), Reuse.views: 412}).where(
            Reuse.id == saved.reuse_id)


async def _create_challenge(spec: dict[str, Any], people: dict[str, Any], *, portal: Any, site: Any,
                            now: datetime) -> dict:
    timeline = {name: local_instant(now, *when) for name, when in spec["timeline"].items()}
    texts = {name: spec.get(name, "") for name in (
        "title_fr", "title_ar", "summary_fr", "summary_ar", "description_fr", "description_ar", "rules_fr",
        "rules_ar", "eligibility_fr", "eligibility_ar", "resources_fr", "resources_ar", "faq_fr", "faq_ar",
        "organizer_name")}
    published_at = timeline["registration_opens_at"] - timedelta(days=10)
    results = spec.get("results_published")
    organizer, co_organizer = people.get("karim"), people.get("leila")
    rows = await Challenge.insert(Challenge(
        slug=spec["slug"], status="published", **texts, cover=await _cover(spec["slug"], *spec["cover"][1:]),
        cover_alt=spec["title_fr"], time_zone=ZONE, min_team_size=spec["team_size"][0],
        max_team_size=spec["team_size"][1], **timeline,
        results_published_at=local_instant(now, *results) if results else None,
        entries_public=bool(spec.get("entries_public")), created_by=organizer.id if organizer else None,
        published_at=published_at, created_at=published_at - timedelta(days=7), updated_at=published_at,
    )).returning(Challenge.id)
    challenge_id = rows[0]["id"]
    for person, role in ((organizer, "organizer"), (co_organizer, "co_organizer")):
        if person is not None:
            await ChallengeRole.insert(ChallengeRole(challenge=challenge_id, user=person.id, role=role,
                                                     key=f"{challenge_id}:{person.id}"))
    themes = await Theme.select(Theme.id).where(Theme.name.is_in(spec["themes"]))
    for theme in themes:
        await ChallengeTheme.insert(ChallengeTheme(challenge=challenge_id, theme=theme["id"]))
    dataset_ids = await resolve_citations(spec["datasets"], portal=portal, site=site, now=now)
    for position, dataset_id in enumerate(dataset_ids):
        await ChallengeDataset.insert(ChallengeDataset(challenge=challenge_id, dataset=dataset_id, position=position))
    for position, track in enumerate(spec["tracks"]):
        await Track.insert(Track(challenge=challenge_id, position=position, **track))
    for position, question in enumerate(spec["questions"]):
        values = {**question, "choices": json.dumps(question.get("choices", []), ensure_ascii=False)}
        await Question.insert(Question(challenge=challenge_id, position=position, **values))
    await ChallengeEvent.insert(ChallengeEvent(challenge=challenge_id, actor=organizer.id if organizer else None,
                                               action="publish", created_at=published_at))
    return await Challenge.select().where(Challenge.id == challenge_id).first()


async def _join(challenge: dict, team_id: int, user: Any, *, status: str, when: datetime) -> None:
    key = member_key(challenge["id"], user.id)
    if not await Registration.exists().where(Registration.key == key):
        await Registration.insert(Registration(challenge=challenge["id"], user=user.id, key=key,
                                               accepted_rules_at=when, created_at=when))
    await TeamMember.insert(TeamMember(team=team_id, challenge=challenge["id"], user=user.id, key=key, status=status,
                                       joined_at=when))


async def _reuse_id(prefix: str | None, owners: list[int] | None) -> int | None:
    if not prefix:
        return None
    query = Reuse.select(Reuse.id).where(Reuse.title_fr.like(f"{prefix}%") & Reuse.deleted_at.is_null())
    if owners is not None:
        query = query.where(Reuse.owner.is_in(owners))
    row = await query.first()
    return row["id"] if row else None


def _entry_input(challenge_questions: list[dict], tracks: list[dict], plan: dict[str, Any],
                 reuse_id: int | None) -> entries.EntryInput:
    answers: dict[int, str] = {}
    for question, answer in zip(challenge_questions, plan.get("answers", [])):
        if answer:
            answers[question["id"]] = json.dumps(answer, ensure_ascii=False) if isinstance(answer, list) else answer
    return entries.EntryInput(reuse_id=reuse_id, track_ids=tuple(tracks[i]["id"] for i in plan.get("tracks", [])),
                              answers=answers)


async def _teams(challenge: dict, plans: list[dict[str, Any]], people: dict[str, Any], now: datetime) -> None:
    registered = challenge["registration_opens_at"]
    questions = await entries.questions_of(challenge["id"])
    tracks = await entries.tracks_of(challenge["id"])
    deadline = challenge["submissions_close_at"]
    for number, plan in enumerate(plans):
        captain = people.get(plan["captain"])
        members = [people[name] for name in plan["members"] if name in people]
        if captain is None:
            continue
        formed = registered + timedelta(days=1 + number, hours=3 * number)
        startup = await Startup.select(Startup.id).where(Startup.slug == plan.get("startup", "")).first()
        rows = await Team.insert(Team(challenge=challenge["id"], name=plan["name"], captain=captain.id,
                                      startup=startup["id"] if startup else None, join_token_hash=new_share_seed(),
                                      created_at=formed)).returning(Team.id)
        team_id = rows[0]["id"]
        for offset, person in enumerate([captain, *members]):
            await _join(challenge, team_id, person, status="member", when=formed + timedelta(hours=offset))
        for name in plan.get("pending", []):
            if name in people:
                await _join(challenge, team_id, people[name], status="pending", when=now - timedelta(hours=5))
        if plan.get("invite"):
            await TeamInvitation.insert(TeamInvitation(
                team=team_id, email=plan["invite"], token_hash=hash_token(f"demo-{challenge['slug']}-{team_id}"),
                invited_by=captain.id, created_at=now - timedelta(days=1), expires_at=now + timedelta(days=13)))
        owners = None if plan.get("any_owner") else [person.id for person in [captain, *members]]
        reuse_id = await _reuse_id(plan.get("reuse"), owners)
        if plan.get("entry") in (None, "none") or (plan.get("reuse") and reuse_id is None):
            continue
        form = _entry_input(questions, tracks, plan, reuse_id)
        if plan["entry"] == "draft":
            await entries.save_draft(challenge_id=challenge["id"], team_id=team_id, user=captain, form=form,
                                     questions=questions, clock=lambda: now - timedelta(hours=20))
            continue
        sent = min(deadline - timedelta(hours=2), now - timedelta(days=plan.get("sent_days_ago", 1), hours=number))
        await entries.submit_entry(challenge_id=challenge["id"], team_id=team_id, user=captain, form=form,
                                   questions=questions, clock=lambda sent=sent: sent)
        if plan.get("screening"):
            await Entry.update({Entry.screening: plan["screening"], Entry.screening_reason: plan.get("reason", ""),
                                Entry.screened_at: deadline + timedelta(days=2)}).where(Entry.team == team_id)


async def load_demo_challenges(settings: Any, *, now: datetime) -> int:
    """Create the demo challenges that do not exist yet; returns how many were created."""
    if not settings.portal_is_bundled:
        return 0
    from showcase.portal.service import open_portal, portal_site

    people = await _people(now)
    last_mail = (await OutboxMessage.select(OutboxMessage.id).order_by(OutboxMessage.id, ascending=False).first()
                 or {"id": 0})["id"]
    created = 0
    async with open_portal(settings) as portal:
        await _extra_reuses(people, portal=portal, site=portal_site(settings), now=now)
        for spec in CHALLENGES:
            if await Challenge.exists().where(Challenge.slug == spec["slug"]):
                continue
            challenge = await _create_challenge(spec, people, portal=portal, site=portal_site(settings), now=now)
            await _teams(challenge, TEAMS.get(spec["slug"], []), people, now)
            created += 1
    # Receipts of demo entries are not worth e-mailing to demo people.
    await OutboxMessage.delete().where((OutboxMessage.id > last_mail)
                                       & OutboxMessage.to_address.like("%@example.org"))
    return created
