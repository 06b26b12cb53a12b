"""Reads for startup pages and the home page: a fixed number of queries per page, never one per row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode, urlsplit

from showcase.accounts.tables import User
from showcase.media.images import media_url
from showcase.startups.constants import region_label, role_label, stage_label
from showcase.startups.fields import search_key
from showcase.startups.tables import REGIONS, STAGES, Startup, StartupInvitation, StartupMember, StartupSlugRedirect

PER_PAGE = 24
SEARCH_MAX = 100


@dataclass(frozen=True, slots=True)
class HomeFigures:
    startups: int
    members: int


async def home_figures() -> HomeFigures:
    return HomeFigures(startups=await Startup.count(), members=await User.count().where(User.active == True))  # noqa: E712


class _Labels:
    """Translated labels, computed when a template asks (so in the visitor's language)."""

    region: str
    stage: str
    logo: str

    @property
    def region_label(self) -> str:
        return region_label(self.region)

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage)

    @property
    def logo_url(self) -> str:
        return media_url(self.logo)


@dataclass(frozen=True, slots=True)
class StartupCard(_Labels):
    id: int
    slug: str
    name: str
    logo: str
    region: str
    city: str
    stage: str


@dataclass(frozen=True, slots=True)
class DirectoryFilters:
    q: str = ""
    region: str = ""
    stage: str = ""

    def url(self, page: int = 1) -> str:
        params = [(key, value) for key, value in (("q", self.q), ("region", self.region), ("stage", self.stage)) if value]
        if page > 1:
            params.append(("page", str(page)))
        return "/startups" + (f"?{urlencode(params)}" if params else "")

    @property
    def active(self) -> bool:
        return bool(self.q or self.region or self.stage)


@dataclass(frozen=True, slots=True)
class DirectoryPage:
    cards: list[StartupCard]
    total: int
    page: int
    filters: DirectoryFilters
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def url(self, page: int) -> str:
        return self.filters.url(page)


def parse_filters(q: str, region: str, stage: str) -> DirectoryFilters:
    """Unknown codes are ignored (an old or edited link still shows a page)."""
    return DirectoryFilters(q=" ".join(q.split())[:SEARCH_MAX], region=region if region in REGIONS else "",
                            stage=stage if stage in STAGES else "")


def parse_page(raw: str) -> int:
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 and int(raw) > 0 else 1


async def directory(filters: DirectoryFilters, *, page: int = 1, per_page: int = PER_PAGE) -> DirectoryPage:
    """One query for the page's cards and one for the count."""
    query = Startup.select(Startup.id, Startup.slug, Startup.name, Startup.logo, Startup.region, Startup.city, Startup.stage)
    count = Startup.count()
    conditions = []
    if filters.q:
        needle = search_key(filters.q).replace("%", "").replace("_", "")
        if needle:
            conditions.append(Startup.search_key.like(f"%{needle}%"))
    if filters.region:
        conditions.append(Startup.region == filters.region)
    if filters.stage:
        conditions.append(Startup.stage == filters.stage)
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    total = await count
    last_page = max(1, -(-total // per_page))
    page = min(max(1, page), last_page)
    rows = await query.order_by(Startup.created_at, Startup.id, ascending=False).limit(per_page).offset((page - 1) * per_page)
    return DirectoryPage(cards=[StartupCard(**row) for row in rows], total=total, page=page, filters=filters, per_page=per_page)


@dataclass(frozen=True, slots=True)
class Member:
    user_id: int
    name: str
    role: str
    joined_at: datetime
    email: str = ""

    @property
    def role_label(self) -> str:
        return role_label(self.role)


@dataclass(frozen=True, slots=True)
class StartupProfile(_Labels):
    id: int
    slug: str
    name: str
    logo: str
    description_fr: str
    description_ar: str
    region: str
    city: str
    website: str
    founded_year: int | None
    team_size: int | None
    stage: str
    created_at: datetime
    updated_at: datetime
    members: list[Member] = field(default_factory=list)

    @property
    def website_label(self) -> str:
        """The address without its scheme or a lone trailing slash, for display."""
        if not self.website:
            return ""
        parts = urlsplit(self.website)
        shown = parts.netloc + (parts.path if parts.path != "/" else "")
        return shown + (f"?{parts.query}" if parts.query else "")

    def role_of(self, user_id: int | None) -> str | None:
        for member in self.members:
            if member.user_id == user_id:
                return member.role
        return None

    @property
    def owners(self) -> list[Member]:
        return [member for member in self.members if member.role == "owner"]


_PROFILE_COLUMNS = (
    Startup.id, Startup.slug, Startup.name, Startup.logo, Startup.description_fr, Startup.description_ar,
    Startup.region, Startup.city, Startup.website, Startup.founded_year, Startup.team_size, Startup.stage,
    Startup.created_at, Startup.updated_at,
)


async def resolve_slug(slug: str) -> tuple[int | None, str | None]:
    """(startup id, None) for a current slug; (startup id, current slug) for an old one; (None, None) if unknown."""
    row = await Startup.select(Startup.id).where(Startup.slug == slug).first()
    if row:
        return row["id"], None
    moved = await StartupSlugRedirect.select(StartupSlugRedirect.startup.id, StartupSlugRedirect.startup.slug).where(
        StartupSlugRedirect.old_slug == slug
    ).first()
    if moved:
        return moved["startup.id"], moved["startup.slug"]
    return None, None


async def members_of(startup_id: int, *, with_email: bool = False) -> list[Member]:
    columns = [StartupMember.user.id, StartupMember.user.name, StartupMember.role, StartupMember.joined_at]
    if with_email:
        columns.append(StartupMember.user.email)
    rows = await StartupMember.select(*columns).where(StartupMember.startup == startup_id).order_by(
        StartupMember.joined_at).order_by(StartupMember.id)
    members = [Member(user_id=row["user.id"], name=row["user.name"], role=row["role"], joined_at=row["joined_at"],
                      email=row.get("user.email", "")) for row in rows]
    # Owners first, then by arrival.
    return sorted(members, key=lambda member: member.role != "owner")


async def startup_profile(startup_id: int, *, with_emails: bool = False) -> StartupProfile | None:
    """The profile and its members: two queries."""
    row = await Startup.select(*_PROFILE_COLUMNS).where(Startup.id == startup_id).first()
    if row is None:
        return None
    return StartupProfile(**row, members=await members_of(startup_id, with_email=with_emails))


async def member_role(startup_id: int, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    row = await StartupMember.select(StartupMember.role).where(
        (StartupMember.startup == startup_id) & (StartupMember.user == user_id)
    ).first()
    return row["role"] if row else None


@dataclass(frozen=True, slots=True)
class PendingInvitation:
    id: int
    email: str
    created_at: datetime
    expires_at: datetime
    invited_by_name: str | None = None
    startup_name: str = ""
    startup_slug: str = ""


async def pending_invitations(startup_id: int, *, now: datetime) -> list[PendingInvitation]:
    rows = await StartupInvitation.select(
        StartupInvitation.id, StartupInvitation.email, StartupInvitation.created_at, StartupInvitation.expires_at,
        StartupInvitation.invited_by.name,
    ).where(
        (StartupInvitation.startup == startup_id) & (StartupInvitation.status == "pending")
        & (StartupInvitation.expires_at > now)
    ).order_by(StartupInvitation.created_at, ascending=False)
    return [PendingInvitation(id=row["id"], email=row["email"], created_at=row["created_at"],
                              expires_at=row["expires_at"], invited_by_name=row["invited_by.name"]) for row in rows]


@dataclass(frozen=True, slots=True)
class Membership(_Labels):
    slug: str
    name: str
    logo: str
    region: str
    stage: str
    role: str
    joined_at: datetime

    @property
    def role_label(self) -> str:
        return role_label(self.role)


async def memberships_of(user_id: int) -> list[Membership]:
    rows = await StartupMember.select(
        StartupMember.startup.slug, StartupMember.startup.name, StartupMember.startup.logo,
        StartupMember.startup.region, StartupMember.startup.stage, StartupMember.role, StartupMember.joined_at,
    ).where(StartupMember.user == user_id).order_by(StartupMember.joined_at, ascending=False)
    return [Membership(slug=row["startup.slug"], name=row["startup.name"], logo=row["startup.logo"],
                       region=row["startup.region"], stage=row["startup.stage"], role=row["role"],
                       joined_at=row["joined_at"]) for row in rows]


async def invitations_for_email(email: str, *, now: datetime) -> list[PendingInvitation]:
    """Pending invitations addressed to this address, with their startup: one query."""
    rows = await StartupInvitation.select(
        StartupInvitation.id, StartupInvitation.email, StartupInvitation.created_at, StartupInvitation.expires_at,
        StartupInvitation.invited_by.name, StartupInvitation.startup.name, StartupInvitation.startup.slug,
    ).where(
        (StartupInvitation.email == email) & (StartupInvitation.status == "pending") & (StartupInvitation.expires_at > now)
    ).order_by(StartupInvitation.created_at, ascending=False)
    return [PendingInvitation(id=row["id"], email=row["email"], created_at=row["created_at"], expires_at=row["expires_at"],
                              invited_by_name=row["invited_by.name"], startup_name=row["startup.name"],
                              startup_slug=row["startup.slug"]) for row in rows]


def form_values(profile: StartupProfile) -> dict[str, str]:
    """A profile as the edit form shows it."""
    return {
        "name": profile.name, "slug": profile.slug, "description_fr": profile.description_fr,
        "description_ar": profile.description_ar, "region": profile.region, "city": profile.city,
        "website": profile.website, "founded_year": "" if profile.founded_year is None else str(profile.founded_year),
        "team_size": "" if profile.team_size is None else str(profile.team_size), "stage": profile.stage,
    }
