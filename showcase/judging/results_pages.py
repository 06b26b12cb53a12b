"""Results pages: the organizers' rankings and prizes (/manage/challenges/<slug>/judging/results), the public
results (/challenges/<slug>/results, its CSV and the anonymised scores), and GET /api/v1/challenges/{slug}/results.

Thin handlers: the rules live in results.py (prizes, publication), standings.py (rankings) and badges.py."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST, HTTP_403_FORBIDDEN
from markupsafe import Markup

from showcase.accounts.tables import User
from showcase.challenges import access
from showcase.challenges.access import ChallengeContext
from showcase.challenges.manage_common import EXCEPTION_HANDLERS, load_managed, tab_page
from showcase.challenges.tables import Challenge, Track
from showcase.exceptions import InvalidInput, NotAllowed, NotFound
from showcase.i18n import get_locale, text_direction
from showcase.i18n import gettext as _
from showcase.judging import results, standings, tiebreak
from showcase.judging.access import rounds_of, settings_of
from showcase.judging.criteria import criteria_of
from showcase.judging.results_chart import Pair, dumbbell_chart
from showcase.security import requires_login
from showcase.templating import localized
from showcase.web import current_user, read_form

MANAGE_TEMPLATE = "manage/challenges/judging_results.html"
PUBLIC_TEMPLATE = "judging/results.html"


def _path(ctx: ChallengeContext) -> str:
    return f"/manage/challenges/{ctx.challenge['slug']}/judging/results"


def _settings_values(settings: dict) -> dict:
    return {name: "" if settings[name] is None else str(settings[name]) for name in results.SETTINGS_FIELDS
            if name != "feedback_to_teams"} | {"feedback_to_teams": "1" if settings["feedback_to_teams"] else ""}


async def _vote_counts(challenge_id: int) -> dict[int, tuple[int, int]]:
    try:
        from showcase.judging.voting import vote_counts
    except ImportError:  # the public vote is optional
        return {}
    return await vote_counts(challenge_id)


async def _manage_page(ctx: ChallengeContext, *, round_id: int | None = None, settings_values: dict | None = None,
                       settings_errors: dict | None = None, award_values: dict | None = None,
                       award_errors: dict | None = None, status: int = HTTP_200_OK) -> Template:
    challenge_id = ctx.challenge["id"]
    rounds = await results.rubric_rounds(challenge_id)
    chosen = next((row for row in rounds if row["id"] == round_id), rounds[-1] if rounds else None)
    settings = await settings_of(challenge_id)
    found = await standings.round_standings(challenge_id, chosen["id"], settings=settings) if chosen else None
    infos = await results.entry_infos(challenge_id)
    locale = get_locale()

    def label(entry_id: int) -> str:
        info = infos.get(entry_id)
        return info.title(locale) if info else f"#{entry_id}"

    judge_names = {}
    if found and found.judge_bias:
        judge_names = {row["id"]: row["name"] for row in await User.select(User.id, User.name).where(
            User.id.is_in(list(found.judge_bias)))}
    chart = ""
    if found and found.rows:
        chart = Markup(dumbbell_chart(  # noqa: S704 - every text is escaped by the chart
            [Pair(label(row.entry_id), row.raw, row.corrected) for row in found.rows], chart_id="raw-corrected",
            title=_("Raw and corrected scores"),
            description=_("For each entry, best first: the raw score (hollow dot) and the corrected score (filled "
                          "dot). A long line means the judges’ leniency moved the entry."),
            rtl=text_direction(locale) == "rtl"))
    pairwise = []
    for row in await rounds_of(challenge_id):
        if row["kind"] == "pairwise":
            from showcase.judging.pairwise import pairwise_ranking

            pairwise.append((row, await pairwise_ranking(row["id"])))
    tracks = await Track.select().where(Track.challenge == challenge_id).order_by(Track.position)
    awards = await results.awards_of(challenge_id)
    criteria = await criteria_of(challenge_id)
    return tab_page(
        MANAGE_TEMPLATE, ctx, tab="judging", status=status, judging_section="results",
        rounds=rounds, chosen=chosen, pairwise=pairwise, standings=found, infos=infos, label=label, chart=chart,
        judge_names=judge_names, tracks=tracks, track_names={t["id"]: localized(t, "name") for t in tracks},
        awards=awards, award_label=results.award_label, kind_labels=results.KIND_LABELS,
        votes=await _vote_counts(challenge_id), criteria=criteria,
        aggregate_labels=results.AGGREGATE_LABELS, correction_labels=results.CORRECTION_LABELS,
        reliability_labels=results.RELIABILITY_LABELS, decider_labels=results.DECIDER_LABELS,
        fallback_text=results.fallback_text(found.fallback_reason) if found else "",
        unresolved=tiebreak.UNRESOLVED, top_k=standings.TOP_K, overall_places=results.OVERALL_PLACES,
        mentions=results.MENTIONS, settings=settings,
        settings_values=settings_values or _settings_values(settings), settings_errors=settings_errors or {},
        award_values=award_values or {"rank": "1"}, award_errors=award_errors or {},
        publish_problem=await results.publish_problem(ctx, awards), release=await results.release_of(challenge_id),
        entry_options=[(info.id, f"{info.title(locale)} — {info.team}") for info in infos.values()],
    )


class ResultsManageController(Controller):
    path = "/manage/challenges"
    include_in_schema = False
    guards = [requires_login]
    exception_handlers = EXCEPTION_HANDLERS  # type: ignore[assignment]

    @get("/{slug:str}/judging/results", name="manage:challenge:judging:results")
    async def page(self, request: Request, slug: FromPath[str], round: FromQuery[str | None] = None) -> Template:
        ctx = await load_managed(request, slug, results.MANAGE_ACTION)
        round_id = int(round) if round and round.isdigit() else None
        return await _manage_page(ctx, round_id=round_id)

    @post("/{slug:str}/judging/results/settings")
    async def save_settings(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await load_managed(request, slug, results.MANAGE_ACTION)
        values, _files = await read_form(request)
        try:
            changes = await results.save_settings(ctx, values, actor=current_user(request), now=ctx.now)
        except InvalidInput as exc:
            return await _manage_page(ctx, settings_values=values, settings_errors=exc.errors,
                                      status=HTTP_400_BAD_REQUEST)
        except NotAllowed as exc:
            return await _manage_page(ctx, settings_values=values, settings_errors={"aggregate": str(exc)},
                                      status=HTTP_403_FORBIDDEN)
        flash(request, _("Settings saved.") if changes else _("Nothing changed."), category="success")
        return Redirect(_path(ctx))

    @post("/{slug:str}/judging/results/awards")
    async def set_award(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await load_managed(request, slug, results.MANAGE_ACTION)
        values, _files = await read_form(request)
        try:
            await results.set_award(ctx, values, actor=current_user(request), now=ctx.now)
        except InvalidInput as exc:
            return await _manage_page(ctx, award_values=values, award_errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        except NotAllowed as exc:
            return await _manage_page(ctx, award_values=values, award_errors={"kind": str(exc)},
                                      status=HTTP_403_FORBIDDEN)
        flash(request, _("Prize decided. It stays pending until you publish the results."), category="success")
        return Redirect(_path(ctx) + "#prizes-title")

    @post("/{slug:str}/judging/results/awards/{award_id:int}/remove")
    async def remove_award(self, request: Request, slug: FromPath[str], award_id: FromPath[int]) -> Redirect:
        ctx = await load_managed(request, slug, results.MANAGE_ACTION)
        try:
            await results.remove_award(ctx, award_id, actor=current_user(request), now=ctx.now)
        except NotFound:
            raise NotFoundException() from None
        except NotAllowed as exc:
            flash(request, str(exc), category="error")
            return Redirect(_path(ctx))
        flash(request, _("Prize removed."), category="success")
        return Redirect(_path(ctx) + "#prizes-title")

    @post("/{slug:str}/judging/results/publish")
    async def publish(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await load_managed(request, slug, results.MANAGE_ACTION)
        try:
            await results.publish(ctx, actor=current_user(request), now=ctx.now)
        except NotAllowed as exc:
            flash(request, str(exc), category="error")
            return Redirect(_path(ctx) + "#publish-title")
        flash(request, _("The results are published and every team has been e-mailed."), category="success")
        return Redirect(f"/challenges/{ctx.challenge['slug']}/results")


# --- public ------------------------------------------------------------------------------------------------------


async def _public_context(request: Request, slug: str) -> tuple[ChallengeContext, bool]:
    """The challenge and whether the person sees a preview (organizers before publication); 404 otherwise."""
    ctx = await access.load(request, slug)
    if results.published(ctx.challenge):
        return ctx, False
    if ctx.can(results.MANAGE_ACTION):
        return ctx, True
    raise NotFoundException()


def _grouped(awards: list[dict]) -> list[dict]:
    """Prize sections in display order: each track (by position), overall, People's Choice, mentions."""
    sections: list[dict] = []
    for award in awards:
        key = (award["kind"], award["track"])
        if not sections or sections[-1]["key"] != key:
            sections.append({"key": key, "kind": award["kind"], "track": award, "awards": []})
        sections[-1]["awards"].append(award)
    return sections


class ResultsPublicController(Controller):
    path = "/challenges"
    include_in_schema = False

    @get("/{slug:str}/results", name="challenges:results")
    async def page(self, request: Request, slug: FromPath[str]) -> Template:
        ctx, preview = await _public_context(request, slug)
        challenge_id = ctx.challenge["id"]
        awards = await results.awards_of(challenge_id)
        ranked, _latest = await results.overall_rows(challenge_id)
        return Template(PUBLIC_TEMPLATE, context={
            "challenge": ctx.challenge, "phase": ctx.phase, "preview": preview, "sections": _grouped(awards),
            "award_label": results.award_label, "kind_labels": results.KIND_LABELS,
            "totals": {item.row.entry_id: item.row for item in ranked},
            "release": await results.release_of(challenge_id), "zone": ctx.challenge["time_zone"],
        })

    @get("/{slug:str}/results.csv", name="challenges:results:csv")
    async def results_csv(self, request: Request, slug: FromPath[str]) -> Response[bytes]:
        ctx = await access.load(request, slug)
        release = await results.release_of(ctx.challenge["id"]) if results.published(ctx.challenge) else None
        if release is None:
            raise NotFoundException()
        return Response(results.release_bytes(release), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{ctx.challenge["slug"]}-results.csv"'})

    @get("/{slug:str}/results/scores.csv", name="challenges:results:scores")
    async def scores_csv(self, request: Request, slug: FromPath[str]) -> Response[bytes]:
        ctx = await access.load(request, slug)
        if not results.published(ctx.challenge):
            raise NotFoundException()
        return Response(await results.scores_csv(ctx.challenge["id"]), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{ctx.challenge["slug"]}-scores.csv"'})


# --- API ---------------------------------------------------------------------------------------------------------


class ResultAwardOut(msgspec.Struct):
    kind: str  # track, overall, peoples_choice, mention
    rank: int
    track_id: int | None
    citation: str


class ResultEntryOut(msgspec.Struct):
    entry_id: int
    team: str
    title_fr: str
    title_ar: str
    reuse: str | None  # the reuse's page, when it is published
    rank: int | None  # over the rubric rounds (a final round first); None when the entry has no review
    awards: list[ResultAwardOut]
    raw_total: float | None
    corrected_total: float | None
    interval: list[float] | None  # [low, high], 95 % bootstrap over judges, of the corrected total
    reviews: int


class ChallengeResultsOut(msgspec.Struct):
    slug: str
    page: str
    published_at: datetime
    csv: str
    sha256: str  # of the CSV's bytes as served
    scores_csv: str  # anonymised marks, open data
    aggregate: str  # mean, median, trimmed
    correction: str  # the correction applied: none, zscore, additive
    fallback_reason: str | None  # why the additive model was not applied, when it was asked for
    alpha: float | None  # Krippendorff's α (interval) of the jury
    entries: list[ResultEntryOut]


def _round6(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


class ResultsApiController(Controller):
    path = "/api/v1/challenges"
    tags = ["Challenges"]

    @get("/{slug:str}/results", summary="The published results of a challenge: prizes, and raw and corrected "
                                        "totals per entry (404 before publication)")
    async def get_results(self, request: Request, slug: FromPath[str]) -> ChallengeResultsOut:
        challenge = await Challenge.select().where((Challenge.slug == slug[:90]) & (Challenge.status == "published")
                                                   ).first()
        if challenge is None or challenge["results_published_at"] is None:
            raise NotFoundException("No published results for this challenge")
        release = await results.release_of(challenge["id"])
        if release is None:
            raise NotFoundException("No published results for this challenge")
        base = request.app.state.settings.base_url
        page = f"{base}/challenges/{challenge['slug']}/results"
        ranked, latest = await results.overall_rows(challenge["id"])
        infos = await results.entry_infos(challenge["id"])
        awards = await results.awards_of(challenge["id"])
        by_entry: dict[int, list[ResultAwardOut]] = {}
        for award in awards:
            by_entry.setdefault(award["entry"], []).append(ResultAwardOut(
                kind=award["kind"], rank=award["rank"], track_id=award["track"], citation=award["citation"]))
        rows = {item.row.entry_id: item for item in ranked}
        order = [item.row.entry_id for item in ranked] + [e for e in infos if e not in rows]
        entries = []
        for entry_id in order:
            info, item = infos.get(entry_id), rows.get(entry_id)
            if info is None:
                continue
            row = item.row if item else None
            entries.append(ResultEntryOut(
                entry_id=entry_id, team=info.team, title_fr=info.title_fr, title_ar=info.title_ar,
                reuse=f"{base}/reuses/{info.reuse_slug}" if info.reuse_published and info.reuse_slug else None,
                rank=item.rank if item else None, awards=by_entry.get(entry_id, []),
                raw_total=_round6(row.raw) if row else None, corrected_total=_round6(row.corrected) if row else None,
                interval=[_round6(row.interval[0]), _round6(row.interval[1])] if row and row.interval else None,
                reviews=row.reviews if row else 0))
        return ChallengeResultsOut(
            slug=challenge["slug"], page=page, published_at=challenge["results_published_at"].astimezone(UTC),
            csv=f"{page}.csv", sha256=release["sha256"],
            scores_csv=f"{page}/scores.csv", aggregate=latest.aggregate if latest else "mean",
            correction=latest.method if latest else "none",
            fallback_reason=(latest.fallback_reason or {}).get("code") if latest else None,
            alpha=_round6(latest.alpha) if latest else None, entries=entries)


ROUTES: list = [ResultsManageController, ResultsPublicController, ResultsApiController]
