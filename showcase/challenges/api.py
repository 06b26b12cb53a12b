"""JSON API of challenges: the published ones, one with its timeline and tracks, and its entries once public.

Instants are ISO 8601 in UTC; `time_zone` says where the challenge shows them. Drafts do not exist here (404).
"""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
from litestar import Controller, Request, get
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import FromPath, FromQuery

from showcase.challenges import listing, overview, phases
from showcase.challenges.tables import Challenge
from showcase.media.pictures import picture_urls
from showcase.web import utcnow

MAX_PAGE_SIZE = 100
GROUPS = listing.GROUP_ORDER


class ChallengeMilestone(msgspec.Struct):
    name: str  # registration_opens, submissions_close…
    at: datetime


class ChallengeSummary(msgspec.Struct):
    slug: str
    page: str
    title_fr: str
    title_ar: str
    summary_fr: str
    summary_ar: str
    organizer: str
    phase: str
    group: str  # open, upcoming, judging, past
    time_zone: str
    submission_deadline: datetime | None
    next_milestone: ChallengeMilestone | None
    prize_total_mad: int
    tracks: int
    teams: int
    entries_public: bool
    cover: str | None


class ChallengePage(msgspec.Struct):
    data: list[ChallengeSummary]
    page: int
    page_size: int
    total: int
    next_page: str | None


class ChallengeTimeline(msgspec.Struct):
    registration_opens_at: datetime | None
    submissions_open_at: datetime | None
    submissions_close_at: datetime | None  # as planned
    submission_deadline: datetime | None  # in force (an override wins); entries accepted strictly before it
    judging_opens_at: datetime | None
    judging_closes_at: datetime | None
    voting_opens_at: datetime | None
    voting_closes_at: datetime | None
    results_at: datetime | None
    results_published_at: datetime | None


class ChallengeTrackOut(msgspec.Struct):
    id: int
    name_fr: str
    name_ar: str
    description_fr: str
    description_ar: str
    amount_mad: int
    winners: int


class ChallengeCounts(msgspec.Struct):
    registrations: int
    teams: int
    submitted_entries: int


class ChallengeOut(msgspec.Struct):
    slug: str
    page: str
    title_fr: str
    title_ar: str
    summary_fr: str
    summary_ar: str
    description_fr: str
    description_ar: str
    rules_fr: str
    rules_ar: str
    eligibility_fr: str
    eligibility_ar: str
    resources_fr: str
    resources_ar: str
    faq_fr: str
    faq_ar: str
    organizer: str
    cover: str | None
    phase: str
    group: str
    time_zone: str
    timeline: ChallengeTimeline
    next_milestone: ChallengeMilestone | None
    min_team_size: int
    max_team_size: int
    prize_total_mad: int
    tracks: list[ChallengeTrackOut]
    datasets: list[str]
    themes: list[str]
    counts: ChallengeCounts
    entries_public: bool


class ChallengeTrackRef(msgspec.Struct):
    id: int
    name_fr: str
    name_ar: str


class ChallengeEntryOut(msgspec.Struct):
    id: int
    page: str
    team: str
    title_fr: str
    title_ar: str
    summary_fr: str
    summary_ar: str
    cover: str | None
    reuse: str | None  # the reuse's page, when it is published
    tracks: list[ChallengeTrackRef]
    submitted_at: datetime | None


def _utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC) if moment else None


def _cover(base: str, key: str) -> str | None:
    return f"{base}{picture_urls(key).og_image}" if key else None


def _milestone(countdown: dict | None) -> ChallengeMilestone | None:
    return ChallengeMilestone(name=countdown["name"], at=_utc(countdown["moment"])) if countdown else None


def _summary(card: listing.ChallengeCard, base: str) -> ChallengeSummary:
    return ChallengeSummary(
        slug=card.slug, page=f"{base}/challenges/{card.slug}", title_fr=card.title_fr, title_ar=card.title_ar,
        summary_fr=card.summary_fr, summary_ar=card.summary_ar, organizer=card.organizer, phase=card.phase,
        group=card.group, time_zone=card.time_zone, submission_deadline=_utc(card.deadline),
        next_milestone=_milestone(card.countdown), prize_total_mad=card.prize_total, tracks=card.track_count,
        teams=card.team_count, entries_public=card.entries_public, cover=_cover(base, card.cover))


async def _published(slug: str) -> tuple[dict, phases.State, str, datetime]:
    """A published challenge by its current slug, its state and phase now; 404 otherwise."""
    challenge = await Challenge.select().where((Challenge.slug == slug[:90]) & (Challenge.status == "published")
                                               ).first()
    if challenge is None:
        raise NotFoundException("No published challenge has this slug")
    from showcase.challenges.queries import challenge_state

    state = await challenge_state(challenge)
    now = utcnow()
    return challenge, state, phases.phase(state, now), now


class ChallengeApiController(Controller):
    path = "/api/v1/challenges"
    tags = ["Challenges"]

    @get("/", summary="Published challenges, grouped as on /challenges (open, upcoming, judging, past)")
    async def list_challenges(self, request: Request, group: FromQuery[str | None] = None, page: FromQuery[int] = 1,
                              page_size: FromQuery[int] = 20) -> ChallengePage:
        if group is not None and group not in GROUPS:
            raise ValidationException(f"group must be one of: {', '.join(GROUPS)}")
        page, page_size = max(1, page), max(1, min(page_size, MAX_PAGE_SIZE))
        cards = await listing.published_cards(utcnow())
        if group:
            cards = [card for card in cards if card.group == group]
        base = request.app.state.settings.base_url
        shown = cards[(page - 1) * page_size:page * page_size]
        next_page = None
        if page * page_size < len(cards):
            next_page = f"{base}/api/v1/challenges?{'group=' + group + '&' if group else ''}page={page + 1}" \
                        f"&page_size={page_size}"
        return ChallengePage(data=[_summary(card, base) for card in shown], page=page, page_size=page_size,
                             total=len(cards), next_page=next_page)

    @get("/{slug:str}", summary="One published challenge: texts, timeline (UTC), phase, tracks, datasets, counts")
    async def get_challenge(self, request: Request, slug: FromPath[str]) -> ChallengeOut:
        challenge, state, current, now = await _published(slug)
        base = request.app.state.settings.base_url
        tracks = await overview.prize_tracks(challenge["id"])
        datasets = await overview.eligible_datasets(challenge["id"])
        counted = await overview.counts(challenge["id"])
        from showcase.challenges.display import countdown

        texts = {f"{field}_{lang}": challenge[f"{field}_{lang}"] for field in (
            "title", "summary", "description", "rules", "eligibility", "resources", "faq") for lang in ("fr", "ar")}
        return ChallengeOut(
            slug=challenge["slug"], page=f"{base}/challenges/{challenge['slug']}", **texts,
            organizer=challenge["organizer_name"], cover=_cover(base, challenge["cover"]), phase=current,
            group=phases.LISTING_GROUPS.get(current, current), time_zone=challenge["time_zone"],
            timeline=ChallengeTimeline(
                **{name: _utc(challenge[name]) for name in phases.Timeline.__dataclass_fields__},
                submission_deadline=_utc(phases.deadline(state)),
                results_published_at=_utc(challenge["results_published_at"])),
            next_milestone=_milestone(countdown(state, now)),
            min_team_size=challenge["min_team_size"], max_team_size=challenge["max_team_size"],
            prize_total_mad=sum(track.amount_mad for track in tracks),
            tracks=[ChallengeTrackOut(id=t.id, name_fr=t.name_fr, name_ar=t.name_ar, description_fr=t.description_fr,
                             description_ar=t.description_ar, amount_mad=t.amount_mad, winners=t.winners)
                    for t in tracks],
            datasets=[card.key for card in datasets],
            themes=[theme.name for theme in await overview.themes(challenge["id"])],
            counts=ChallengeCounts(registrations=counted.registrations, teams=counted.teams,
                          submitted_entries=counted.submitted_entries),
            entries_public=bool(challenge["entries_public"]),
        )

    @get("/{slug:str}/entries", summary="The entries gallery of a challenge, once its organizers opened it")
    async def list_entries(self, request: Request, slug: FromPath[str], track: FromQuery[int | None] = None
                           ) -> list[ChallengeEntryOut]:
        challenge, _state, _current, _now = await _published(slug)
        if not challenge["entries_public"]:
            raise NotFoundException("The entries of this challenge are not public")
        base = request.app.state.settings.base_url
        page = f"{base}/challenges/{challenge['slug']}/entries"
        return [ChallengeEntryOut(
            id=card.id, page=f"{page}/{card.id}", team=card.team, title_fr=card.title_fr, title_ar=card.title_ar,
            summary_fr=card.summary_fr, summary_ar=card.summary_ar, cover=_cover(base, card.cover),
            reuse=f"{base}/reuses/{card.reuse_slug}" if card.reuse_published else None,
            tracks=[ChallengeTrackRef(id=t.id, name_fr=t.name_fr, name_ar=t.name_ar) for t in card.tracks],
            submitted_at=_utc(card.submitted_at),
        ) for card in await listing.gallery_entries(challenge["id"], track_id=track)]


ROUTES: list = [ChallengeApiController]
