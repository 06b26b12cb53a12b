"""Reads for the public side of challenges: the /challenges index, the home section, the entries gallery.

The phase of a challenge is computed in Python (phases.phase) from its row, so the index costs the same four
queries whatever the number of challenges: the published challenges, their tracks summed per challenge, their
teams counted per challenge, and the submitted entries still undecided per challenge (screening decides when
judging may start). The gallery costs two: its entries, then their tracks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel import numbers
from piccolo.query.functions.aggregate import Count, Sum

from showcase.challenges import display, phases
from showcase.challenges.tables import Challenge, Entry, EntryTrack, Team, TeamMember, Track
from showcase.i18n import get_locale
from showcase.portal.queries import pick

GROUP_ORDER = ("open", "upcoming", "judging", "past")
CARD_COLUMNS = (
    Challenge.id, Challenge.slug, Challenge.status, Challenge.title_fr, Challenge.title_ar, Challenge.summary_fr,
    Challenge.summary_ar, Challenge.organizer_name, Challenge.cover, Challenge.cover_alt, Challenge.time_zone,
    Challenge.entries_public, Challenge.published_at,
    *(getattr(Challenge, name) for name in phases.Timeline.__dataclass_fields__),
    *(getattr(Challenge, name) for name in phases.Overrides.__dataclass_fields__),
)
# A challenge that may still be open or upcoming: no results yet and a deadline ahead (or none set).
NOT_CLOSED = Challenge.results_published_at.is_null()


def format_mad(amount: int) -> str:
    """Prize money in Moroccan dirhams, in the reader's language: "120 000 MAD", "120,000 د.م."."""
    return numbers.format_currency(amount, "MAD", locale=get_locale(), format="#,##0\u00a0¤", currency_digits=False)


@dataclass(frozen=True, slots=True)
class ChallengeCard:
    id: int
    slug: str
    title_fr: str
    title_ar: str
    summary_fr: str
    summary_ar: str
    organizer: str
    cover: str
    cover_alt: str
    time_zone: str
    entries_public: bool
    phase: str
    group: str
    deadline: datetime | None  # the submission deadline in force
    results: datetime | None  # when the results were (or will be) published
    opens: datetime | None  # when registration opens
    countdown: dict | None  # display.countdown: the next milestone
    prize_total: int
    track_count: int
    team_count: int

    def title(self, locale: str) -> str:
        return pick(locale, self.title_fr, self.title_ar)

    def summary(self, locale: str) -> str:
        return pick(locale, self.summary_fr, self.summary_ar)

    @property
    def prize_text(self) -> str:
        return format_mad(self.prize_total)


async def _per_challenge(ids: list[int]) -> tuple[dict[int, tuple[int, int]], dict[int, int], dict[int, int]]:
    """(prize total and track count, team count, undecided submitted entries) per challenge: three GROUP BYs."""
    if not ids:
        return {}, {}, {}
    tracks = await Track.select(Track.challenge, Sum(Track.amount_mad, alias="total"), Count(alias="tracks")).where(
        Track.challenge.is_in(ids)).group_by(Track.challenge)
    teams = await Team.select(Team.challenge, Count(alias="teams")).where(Team.challenge.is_in(ids)).group_by(
        Team.challenge)
    undecided = await Entry.select(Entry.challenge, Count(alias="undecided")).where(
        Entry.challenge.is_in(ids) & (Entry.status == "submitted") & Entry.screening.is_in(["pending", "needs_info"])
    ).group_by(Entry.challenge)
    return ({row["challenge"]: (int(row["total"] or 0), row["tracks"]) for row in tracks},
            {row["challenge"]: row["teams"] for row in teams},
            {row["challenge"]: row["undecided"] for row in undecided})


def _sort_key(card: ChallengeCard) -> tuple:
    """Open: nearest deadline first. Upcoming: opening soonest first. In judging: latest deadline first.
    Past: latest results first. Unknown dates go last; the title then the id break ties."""
    def ascending(moment: datetime | None) -> float:
        return moment.timestamp() if moment else float("inf")

    def descending(moment: datetime | None) -> float:
        return -moment.timestamp() if moment else float("inf")

    moment = {"open": ascending(card.deadline), "upcoming": ascending(card.opens),
              "judging": descending(card.deadline), "past": descending(card.results or card.deadline)}[card.group]
    return moment, card.title_fr.casefold() or card.title_ar, card.id


async def published_cards(now: datetime, *, only_not_closed: bool = False) -> list[ChallengeCard]:
    """Every published challenge as a card, with its phase at `now`, sorted within its listing group."""
    query = Challenge.select(*CARD_COLUMNS).where(Challenge.status == "published")
    if only_not_closed:
        query = query.where(NOT_CLOSED)
    rows = await query
    prizes, teams, undecided = await _per_challenge([row["id"] for row in rows])
    cards = []
    for row in rows:
        state = phases.State.from_row(row, screening_complete=not undecided.get(row["id"]))
        current = phases.phase(state, now)
        if current not in phases.LISTING_GROUPS:
            continue
        total, track_count = prizes.get(row["id"], (0, 0))
        cards.append(ChallengeCard(
            id=row["id"], slug=row["slug"], title_fr=row["title_fr"], title_ar=row["title_ar"],
            summary_fr=row["summary_fr"], summary_ar=row["summary_ar"], organizer=row["organizer_name"],
            cover=row["cover"], cover_alt=row["cover_alt"], time_zone=row["time_zone"],
            entries_public=bool(row["entries_public"]), phase=current, group=phases.LISTING_GROUPS[current],
            deadline=phases.deadline(state), results=row["results_published_at"] or row["results_at"],
            opens=row["registration_opens_at"] or row["published_at"], countdown=display.countdown(state, now),
            prize_total=total, track_count=track_count, team_count=teams.get(row["id"], 0),
        ))
    return sorted(cards, key=lambda card: (GROUP_ORDER.index(card.group), *_sort_key(card)))


def grouped(cards: list[ChallengeCard]) -> list[tuple[str, list[ChallengeCard]]]:
    """The listing groups in page order, each with its cards (already sorted); empty groups left out."""
    groups: dict[str, list[ChallengeCard]] = {name: [] for name in GROUP_ORDER}
    for card in cards:
        groups[card.group].append(card)
    return [(name, groups[name]) for name in GROUP_ORDER if groups[name]]


async def home_cards(now: datetime, limit: int = 3) -> list[ChallengeCard]:
    """For the home page: open challenges (nearest deadline first), then upcoming ones."""
    cards = await published_cards(now, only_not_closed=True)
    return [card for card in cards if card.group in ("open", "upcoming")][:limit]


# --- the entries gallery ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrackRef:
    id: int
    name_fr: str
    name_ar: str

    def name(self, locale: str) -> str:
        return pick(locale, self.name_fr, self.name_ar)


@dataclass(frozen=True, slots=True)
class EntryCard:
    id: int
    team: str
    reuse_slug: str | None
    reuse_published: bool
    title_fr: str
    title_ar: str
    summary_fr: str
    summary_ar: str
    cover: str
    cover_alt: str
    submitted_at: datetime | None
    tracks: tuple[TrackRef, ...]

    def title(self, locale: str) -> str:
        return pick(locale, self.title_fr, self.title_ar)

    def summary(self, locale: str) -> str:
        return pick(locale, self.summary_fr, self.summary_ar)


ENTRY_COLUMNS = (
    Entry.id, Entry.status, Entry.screening, Entry.submitted_at, Entry.team, Entry.team.name.as_alias("team_name"),
    Entry.reuse.slug.as_alias("reuse_slug"), Entry.reuse.status.as_alias("reuse_status"),
    Entry.reuse.deleted_at.as_alias("reuse_deleted_at"), Entry.reuse.title_fr.as_alias("title_fr"),
    Entry.reuse.title_ar.as_alias("title_ar"), Entry.reuse.summary_fr.as_alias("summary_fr"),
    Entry.reuse.summary_ar.as_alias("summary_ar"), Entry.reuse.cover.as_alias("cover"),
    Entry.reuse.cover_alt.as_alias("cover_alt"),
)
PUBLIC_ENTRY = (Entry.status == "submitted") & (Entry.screening != "ineligible")


async def tracks_of(challenge_id: int) -> list[TrackRef]:
    rows = await Track.select(Track.id, Track.name_fr, Track.name_ar).where(Track.challenge == challenge_id).order_by(
        Track.position).order_by(Track.id)
    return [TrackRef(row["id"], row["name_fr"], row["name_ar"]) for row in rows]


def _entry_card(row: dict, tracks: tuple[TrackRef, ...]) -> EntryCard:
    reuse_live = row["reuse_slug"] is not None and row["reuse_deleted_at"] is None
    return EntryCard(
        id=row["id"], team=row["team_name"] or "", reuse_slug=row["reuse_slug"] if reuse_live else None,
        reuse_published=reuse_live and row["reuse_status"] == "published",
        title_fr=row["title_fr"] or "", title_ar=row["title_ar"] or "", summary_fr=row["summary_fr"] or "",
        summary_ar=row["summary_ar"] or "", cover=(row["cover"] or "") if reuse_live else "",
        cover_alt=row["cover_alt"] or "", submitted_at=row["submitted_at"], tracks=tracks,
    )


async def _entry_tracks(entry_ids: list[int]) -> dict[int, tuple[TrackRef, ...]]:
    if not entry_ids:
        return {}
    rows = await EntryTrack.select(EntryTrack.entry, EntryTrack.track, EntryTrack.track.name_fr,
                                   EntryTrack.track.name_ar, EntryTrack.track.position).where(
        EntryTrack.entry.is_in(entry_ids))
    rows.sort(key=lambda row: (row["track.position"], row["track"]))
    found: dict[int, list[TrackRef]] = {}
    for row in rows:
        found.setdefault(row["entry"], []).append(TrackRef(row["track"], row["track.name_fr"], row["track.name_ar"]))
    return {key: tuple(value) for key, value in found.items()}


async def gallery_entries(challenge_id: int, *, track_id: int | None = None) -> list[EntryCard]:
    """Submitted entries not screened out, first submitted first; only those competing in `track_id` if given."""
    query = Entry.select(*ENTRY_COLUMNS).where((Entry.challenge == challenge_id) & PUBLIC_ENTRY)
    if track_id is not None:
        query = query.where(Entry.id.is_in(EntryTrack.select(EntryTrack.entry).where(EntryTrack.track == track_id)))
    rows = await query.order_by(Entry.first_submitted_at).order_by(Entry.id)
    tracks = await _entry_tracks([row["id"] for row in rows])
    return [_entry_card(row, tracks.get(row["id"], ())) for row in rows]


@dataclass(frozen=True, slots=True)
class EntryPage:
    card: EntryCard
    status: str
    screening: str
    team_id: int
    members: tuple[str, ...]
    description_fr: str
    description_ar: str
    reuse_url: str
    reuse_id: int | None


async def entry_page(challenge_id: int, entry_id: int) -> EntryPage | None:
    """One entry of this challenge with what its public page shows (never the answers to custom questions)."""
    row = await Entry.select(*ENTRY_COLUMNS, Entry.reuse.as_alias("reuse_id"),
                             Entry.reuse.description_fr.as_alias("description_fr"),
                             Entry.reuse.description_ar.as_alias("description_ar"),
                             Entry.reuse.url.as_alias("reuse_url")).where(
        (Entry.challenge == challenge_id) & (Entry.id == entry_id)).first()
    if row is None:
        return None
    tracks = await _entry_tracks([row["id"]])
    members = await TeamMember.select(TeamMember.user.name.as_alias("name")).where(
        (TeamMember.team == row["team"]) & (TeamMember.status == "member")).order_by(TeamMember.joined_at).order_by(
        TeamMember.id)
    live = row["reuse_slug"] is not None and row["reuse_deleted_at"] is None
    return EntryPage(card=_entry_card(row, tracks.get(row["id"], ())), status=row["status"],
                     screening=row["screening"], team_id=row["team"], members=tuple(m["name"] for m in members),
                     description_fr=(row["description_fr"] or "") if live else "",
                     description_ar=(row["description_ar"] or "") if live else "",
                     reuse_url=(row["reuse_url"] or "") if live else "", reuse_id=row["reuse_id"] if live else None)

