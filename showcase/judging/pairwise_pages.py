"""Rounds and pairwise pages.

Organizers: /manage/challenges/<slug>/judging/rounds — the rounds, opening the next one from a shortlist, and the
ranking of a pairwise round (mu with sigma, views, each judge's reliability). Judges: /judging/<slug>/compare —
the entry on screen beside the previous one, "this one is better", skip, undo; plain forms, no JavaScript.

Thin handlers: the rules are in rounds.py and pairwise.py."""

from __future__ import annotations

import math
from typing import Any

from babel import numbers
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST, HTTP_403_FORBIDDEN

from showcase.challenges.access import ChallengeContext
from showcase.challenges.manage_common import EXCEPTION_HANDLERS, load_managed, tab_page
from showcase.challenges.tables import Entry
from showcase.exceptions import InvalidInput, NotAllowed
from showcase.i18n import get_locale
from showcase.i18n import gettext as _
from showcase.i18n import ngettext
from showcase.judging import access, pairwise, rounds, workspace
from showcase.judging.access import JudgingContext
from showcase.judging.scoring_pages import load_judging
from showcase.security import requires_login
from showcase.web import current_user, read_form, utcnow

MANAGE_ACTION = "edit_challenge"
ROUNDS_TEMPLATE = "manage/challenges/judging_rounds.html"
COMPARE_TEMPLATE = "judging/compare.html"


def decimal(value: float, digits: int = 3) -> str:
    return numbers.format_decimal(value, format="0." + "0" * digits, locale=get_locale())


def _actor(request: Request) -> dict:
    user = current_user(request)
    return {"id": user.id, "name": user.name}


async def _entry_rows(entry_ids: list[int]) -> dict[int, dict]:
    if not entry_ids:
        return {}
    rows = await Entry.select(
        Entry.id, Entry.team.name.as_alias("team_name"), Entry.reuse.slug.as_alias("reuse_slug"),
        Entry.reuse.status.as_alias("reuse_status"), Entry.reuse.url.as_alias("url"),
        Entry.reuse.title_fr.as_alias("title_fr"), Entry.reuse.title_ar.as_alias("title_ar"),
        Entry.reuse.summary_fr.as_alias("summary_fr"), Entry.reuse.summary_ar.as_alias("summary_ar"),
    ).where(Entry.id.is_in(entry_ids))
    return {row["id"]: row for row in rows}


# --- Organizers: rounds ----------------------------------------------------------------------------------------


def kind_label(kind: str) -> str:
    return {"rubric": _("Rubric scoring"), "pairwise": _("Pairwise comparisons")}.get(kind, kind)


def status_label(status: str) -> str:
    return {"open": _("In progress"), "closed": _("Closed")}.get(status, status)


async def _pairwise_view(round_row: dict) -> dict:
    ranking = await pairwise.pairwise_ranking(round_row["id"])
    state = await pairwise.stored(round_row["id"])
    entries = await _entry_rows([entry for entry, _mu, _s in ranking])
    rows = []
    for position, (entry_id, mu, sigma_sq) in enumerate(ranking, start=1):
        row = entries.get(entry_id, {})
        rows.append({"position": position, "entry_id": entry_id, "label": workspace.entry_label(entry_id),
                     "title_fr": row.get("title_fr", ""), "title_ar": row.get("title_ar", ""),
                     "team": row.get("team_name", ""), "mu": decimal(mu), "sigma": decimal(math.sqrt(sigma_sq)),
                     "views": state.views.get(entry_id, 0)})
    judges = [{**judge, "reliability_text": decimal(judge["reliability"]), "alpha_text": decimal(judge["alpha"], 2),
               "beta_text": decimal(judge["beta"], 2)} for judge in await pairwise.judges_of_round(round_row["id"])]
    decisions = sum(judge["decisions"] for judge in judges)
    return {"round": round_row, "rows": rows, "judges": judges, "decisions": decisions}


async def _rounds_page(ctx: ChallengeContext, *, values: dict | None = None, errors: dict | None = None,
                       status: int = HTTP_200_OK) -> Template:
    challenge_id = ctx.challenge["id"]
    summaries = await rounds.rounds_overview(challenge_id)
    current = summaries[-1]
    latest_pairwise = next((summary.row for summary in reversed(summaries) if summary.row["kind"] == "pairwise"), None)
    return tab_page(ROUNDS_TEMPLATE, ctx, tab="judging", status=status, judging_section="rounds",
                    rounds=summaries, current=current, kind_label=kind_label, status_label=status_label,
                    pairwise_view=await _pairwise_view(latest_pairwise) if latest_pairwise else None,
                    can_open=ctx.phase == "judging" and current.row["status"] == "open",
                    kind_options=[(kind, kind_label(kind)) for kind in rounds.KINDS],
                    values=values or {"kind": "pairwise", "size": "5", "scope": "track"}, errors=errors or {})


class RoundsController(Controller):
    path = "/manage/challenges"
    include_in_schema = False
    guards = [requires_login]
    exception_handlers = EXCEPTION_HANDLERS  # type: ignore[assignment]

    @get("/{slug:str}/judging/rounds", name="manage:challenge:judging:rounds")
    async def page(self, request: Request, slug: FromPath[str]) -> Template:
        return await _rounds_page(await load_managed(request, slug, MANAGE_ACTION))

    @post("/{slug:str}/judging/rounds")
    async def open_next(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        values, _files = await read_form(request)
        try:
            row = await rounds.open_next_round(ctx.challenge["id"], phase=ctx.phase, values=values,
                                               actor=_actor(request), now=ctx.now)
        except InvalidInput as exc:
            return await _rounds_page(ctx, values=values, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        except NotAllowed as exc:
            return await _rounds_page(ctx, values=values, errors={"round": str(exc)}, status=HTTP_403_FORBIDDEN)
        flash(request, ngettext("Round %(number)s is open: %(num)s entry carried over.",
                                "Round %(number)s is open: %(num)s entries carried over.",
                                len(await rounds.round_entries(row)), number=row["position"]), category="success")
        return Redirect(f"/manage/challenges/{ctx.challenge['slug']}/judging/rounds")


# --- Judges: compare -------------------------------------------------------------------------------------------


def _refusal(jctx: JudgingContext, round_row: dict) -> str | None:
    """Why this person cannot compare entries now, or None."""
    if not jctx.is_judge:
        return _("You organize this challenge but are not on its jury: judges compare the entries here.")
    if not jctx.judging_open:
        if jctx.ctx.phase in ("deliberation", "finished"):
            return _("Judging is closed: comparisons can no longer change.")
        return _("Judging has not started yet: comparisons open once the challenge is in judging.")
    if round_row["kind"] != "pairwise":
        return _("The current round is scored with the rubric, not by comparisons.")
    if round_row["status"] != "open":
        return _("This round is closed: decisions can no longer be changed.")
    return None


async def _card(jctx: JudgingContext, row: dict | None, entry_id: int | None) -> dict | None:
    if entry_id is None or row is None:
        return None
    card = {"id": entry_id, "label": workspace.entry_label(entry_id), "title_fr": row["title_fr"] or "",
            "title_ar": row["title_ar"] or "", "summary_fr": row["summary_fr"] or "",
            "summary_ar": row["summary_ar"] or "", "url": row["url"] or "",
            "reuse_slug": row["reuse_slug"] if row["reuse_status"] == "published" else None,
            "team": None if jctx.anonymised else row["team_name"]}
    if jctx.anonymised:
        names = await workspace.entry_names(entry_id)
        for key in ("title_fr", "title_ar", "summary_fr", "summary_ar", "url"):
            card[key] = workspace.redact(card[key], names)
        card["reuse_slug"] = None  # the reuse's public page names its authors
    return card


async def _compare_page(request: Request, slug: str, *, status: int = HTTP_200_OK,
                        problem: str | None = None) -> Template:
    jctx = await load_judging(request, slug)
    round_row = await access.current_round(jctx.challenge["id"])
    refusal = _refusal(jctx, round_row)
    context: dict[str, Any] = {"challenge": jctx.challenge, "phase": jctx.ctx.phase, "jctx": jctx,
                               "round": round_row, "refusal": refusal, "problem": problem, "screen": None}
    if refusal is None:
        screen = await pairwise.screen(round_row["id"], jctx.user.id)
        rows = await _entry_rows([entry for entry in (screen.previous, screen.current) if entry is not None])
        context.update(screen=screen, previous=await _card(jctx, rows.get(screen.previous), screen.previous),
                       current=await _card(jctx, rows.get(screen.current), screen.current))
    return Template(COMPARE_TEMPLATE, status_code=status, context=context)


def _entry_field(values: dict, name: str) -> int | None:
    raw = (values.get(name) or "").strip()
    return int(raw) if raw.isdigit() else None


@get("/judging/{slug:str}/compare", name="judging:compare", guards=[requires_login], include_in_schema=False)
async def compare(request: Request, slug: FromPath[str]) -> Template:
    return await _compare_page(request, slug)


@post("/judging/{slug:str}/compare", guards=[requires_login], include_in_schema=False)
async def compare_action(request: Request, slug: FromPath[str]) -> Template | Redirect:
    jctx = await load_judging(request, slug)
    values, _files = await read_form(request)
    action = values.get("action", "")
    previous, current = _entry_field(values, "previous"), _entry_field(values, "current")
    for entry_id in (previous, current):
        if entry_id is not None:
            access.check_entry(jctx, entry_id)  # a conflicted judge: the entry does not exist for them
    round_row = await access.current_round(jctx.challenge["id"])
    refusal = _refusal(jctx, round_row)
    if refusal is not None:
        return await _compare_page(request, slug, status=HTTP_403_FORBIDDEN)
    page = f"/judging/{jctx.challenge['slug']}/compare"
    user = {"id": jctx.user.id, "name": jctx.user.name}
    now = utcnow()
    try:
        if action == "continue" and current is not None:
            await pairwise.begin(round_row["id"], user=user, shown=current)
        elif action in ("current", "previous") and previous is not None and current is not None:
            await pairwise.decide(round_row["id"], user=user, better=action, previous=previous, current=current,
                                  now=now)
        elif action == "skip" and current is not None:
            await pairwise.skip(round_row["id"], user=user, previous=previous, current=current, now=now)
        elif action == "undo":
            await pairwise.undo(round_row["id"], user=user, now=now)
            flash(request, _("Your last decision was undone: compare these two entries again."), category="success")
        else:
            return await _compare_page(request, slug, status=HTTP_400_BAD_REQUEST,
                                       problem=_("Choose one of the buttons below."))
    except pairwise.StalePair as exc:
        flash(request, str(exc), category="warning")
    except NotAllowed as exc:
        return await _compare_page(request, slug, status=HTTP_403_FORBIDDEN, problem=str(exc))
    return Redirect(page)


ROUTES: list = [RoundsController, compare, compare_action]
