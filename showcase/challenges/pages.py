"""Public challenge pages: the index /challenges, a challenge, its entries gallery and an entry's page.

Who may see what is decided by access.load and rules.allowed; the reads live in listing.py (index, gallery)
and overview.py (a challenge's page).
"""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_301_MOVED_PERMANENTLY
from markupsafe import Markup

from showcase.challenges import access, constants, display, listing, overview, queries, rules
from showcase.challenges.access import ChallengeContext
from showcase.judging.jury import public_jury
from showcase.i18n import get_locale
from showcase.markdown import render_markdown
from showcase.web import utcnow

TEXT_FIELDS = ("description", "rules", "eligibility", "resources")


async def _load(request: Request, slug: str, rest: str = "") -> ChallengeContext | Redirect:
    """The challenge for this person (404 for a draft they may not see); an old slug moves for good."""
    try:
        return await access.load(request, slug)
    except NotFoundException:
        _row, moved = await queries.find_challenge(slug)
        if moved:
            return Redirect(f"/challenges/{moved}{rest}", status_code=HTTP_301_MOVED_PERMANENTLY)
        raise


def _text(challenge: dict, field: str, locale: str) -> tuple[str, str]:
    """(source, its language): the visitor's language first, the other one when that is empty."""
    first, second = ("ar", "fr") if locale == "ar" else ("fr", "ar")
    for lang in (first, second):
        if (challenge.get(f"{field}_{lang}") or "").strip():
            return challenge[f"{field}_{lang}"], lang
    return "", locale


class ChallengePagesController(Controller):
    path = "/challenges"
    include_in_schema = False

    @get("/", name="challenges:index")
    async def index(self) -> Template:
        cards = await listing.published_cards(utcnow())
        return Template("challenges/index.html", context={
            "groups": listing.grouped(cards), "group_labels": constants.LISTING_GROUP_LABELS})

    @get("/{slug:str}", name="challenges:detail")
    async def detail(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        context = await _load(request, slug)
        if isinstance(context, Redirect):
            return context
        challenge, locale = context.challenge, get_locale()
        texts = {}
        for field in TEXT_FIELDS:
            source, lang = _text(challenge, field, locale)
            texts[field] = {"html": render_markdown(source), "lang": lang}
        faq_source, faq_lang = _text(challenge, "faq", locale)
        team = None
        if context.actor.team_id is not None:
            team = await queries.team_target(challenge, context.phase, context.actor.team_id)
        tracks = await overview.prize_tracks(challenge["id"])
        base_url = request.app.state.settings.base_url
        return Template("challenges/detail.html", context={
            "challenge": challenge, "phase": context.phase, "now": context.now,
            "countdown": display.countdown(context.state, context.now),
            "milestones": overview.timeline(challenge, context.state, context.phase, context.now),
            "deadline_rule": overview.deadline_rule(context.state, challenge["time_zone"], context.now),
            "texts": texts, "faq": overview.faq(faq_source), "faq_lang": faq_lang,
            "tracks": tracks, "prize_total": listing.format_mad(sum(track.amount_mad for track in tracks)),
            "format_mad": listing.format_mad,
            "datasets": await overview.eligible_datasets(challenge["id"]),
            "themes": await overview.themes(challenge["id"]),
            "updates": await overview.updates(challenge["id"]),
            "counts": await overview.counts(challenge["id"]),
            "cta": overview.call_to_action(context, team),
            "json_ld": overview.json_ld(challenge, base_url, context.state) if context.phase != "draft" else "",
            "base_url": base_url, "jury": await public_jury(challenge),
        })

    @get("/{slug:str}/entries", name="challenges:entries")
    async def entries(self, request: Request, slug: FromPath[str], track: FromQuery[str | None] = None
                      ) -> Template | Redirect:
        context = await _load(request, slug, "/entries")
        if isinstance(context, Redirect):
            return context
        challenge = context.challenge
        preview = not challenge["entries_public"]
        if preview and not context.can("open_gallery"):  # closed: only those who could open it may preview it
            raise NotFoundException()
        tracks = await listing.tracks_of(challenge["id"])
        chosen = next((t for t in tracks if track and str(t.id) == track.strip()), None)
        cards = await listing.gallery_entries(challenge["id"], track_id=chosen.id if chosen else None)
        return Template("challenges/entries.html", context={
            "challenge": challenge, "phase": context.phase, "cards": cards, "tracks": tracks, "chosen": chosen,
            "preview": preview,
        })

    @get("/{slug:str}/entries/{entry_id:int}", name="challenges:entry")
    async def entry(self, request: Request, slug: FromPath[str], entry_id: FromPath[int]) -> Template | Redirect:
        context = await _load(request, slug, f"/entries/{entry_id}")
        if isinstance(context, Redirect):
            return context
        challenge = context.challenge
        page = await listing.entry_page(challenge["id"], entry_id)
        if page is None:
            raise NotFoundException()
        target = context.target(team_id=page.team_id, entry_status=page.status, entry_screening=page.screening)
        if not rules.allowed(context.actor, "view_entry", target):
            raise NotFoundException()
        locale = get_locale()
        description, description_lang = _text({"description_fr": page.description_fr,
                                                "description_ar": page.description_ar}, "description", locale)
        return Template("challenges/entry.html", context={
            "challenge": challenge, "phase": context.phase, "entry": page, "card": page.card,
            "public": rules.entry_is_public(target),
            "description": render_markdown(description) if description else Markup(""),
            "description_lang": description_lang,
            "datasets": await overview.cited_eligible_datasets(challenge["id"], page.reuse_id),
            "statuses": constants.ENTRY_STATUSES, "screening_labels": constants.SCREENING,
        })


ROUTES: list = [ChallengePagesController]
