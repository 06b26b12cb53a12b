"""Judging rounds: rubric round 1 over every eligible entry, then shortlists carried to a rubric or pairwise round.

Opening the next round takes the current round's ranking — the rubric standings (`standings.round_standings`:
the rank after the published tie-break order) or the pairwise ranking (mu, best first) — keeps the top N per
track or overall, stores them as the new round's entries, closes the current round and audits both steps. Entries
the rules cannot separate at the cut are all kept: a tie is never broken silently by a shortlist. A pairwise
round needs no assignment: every judge of the challenge compares its entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from showcase.challenges.tables import EntryTrack
from showcase.exceptions import InvalidInput, NotAllowed
from showcase.i18n import gettext as _
from showcase.judging import access, audit, pairwise, standings
from showcase.judging.audit import judging_transaction
from showcase.judging.tables import Round, RoundEntry

KINDS = ("rubric", "pairwise")
SCOPES = ("track", "overall")
MAX_SHORTLIST = 500
MAX_NAME = 150


@dataclass(frozen=True, slots=True)
class Ranked:
    """An entry in the current round's ranking: its place (shared by entries the rules cannot separate) and
    its tracks."""

    entry_id: int
    rank: int
    track_ids: tuple[int, ...]


def shortlist(ranking: Sequence[Ranked], size: int, *, per_track: bool) -> list[int]:
    """The entries carried to the next round, best first: the top `size` of each track (an entry in several
    tracks counts in each) or overall. Entries tied with the last one kept are kept too. Pure.

    Per track, with no entry in any track, it is the overall top `size`."""
    if size < 1:
        return []
    if not per_track or not any(row.track_ids for row in ranking):
        groups = [list(ranking)]
    else:
        tracks = sorted({track for row in ranking for track in row.track_ids})
        groups = [[row for row in ranking if track in row.track_ids] for track in tracks]
    chosen: set[int] = set()
    for group in groups:
        ordered = sorted(group, key=lambda row: row.rank)
        if len(ordered) > size:
            cut = ordered[size - 1].rank
            ordered = [row for row in ordered if row.rank <= cut]
        chosen.update(row.entry_id for row in ordered)
    return [row.entry_id for row in sorted(ranking, key=lambda row: row.rank) if row.entry_id in chosen]


def ranked_from_pairwise(ranking: Iterable[tuple[int, float, float]],
                         tracks: Mapping[int, Sequence[int]]) -> list[Ranked]:
    """Places from a pairwise ranking (entry, mu, sigma_sq), best first: equal mu and sigma_sq share a place."""
    rows: list[Ranked] = []
    previous: tuple[float, float] | None = None
    rank = 0
    for position, (entry_id, mu, sigma_sq) in enumerate(ranking, start=1):
        if (mu, sigma_sq) != previous:
            rank = position
        previous = (mu, sigma_sq)
        rows.append(Ranked(entry_id, rank, tuple(tracks.get(entry_id, ()))))
    return rows


async def _tracks_of(entry_ids: Sequence[int]) -> dict[int, list[int]]:
    tracks: dict[int, list[int]] = {}
    if entry_ids:
        for row in await EntryTrack.select(EntryTrack.entry, EntryTrack.track).where(
                EntryTrack.entry.is_in(list(entry_ids))).order_by(EntryTrack.track):
            tracks.setdefault(row["entry"], []).append(row["track"])
    return tracks


async def round_entries(round_row: Mapping[str, Any]) -> list[int]:
    """The entries a round judges: its shortlist, or every eligible entry for round 1 (and any round without
    one)."""
    ids = [row["entry"] for row in await RoundEntry.select(RoundEntry.entry).where(
        RoundEntry.round == round_row["id"]).order_by(RoundEntry.entry)]
    if ids or round_row["shortlist_size"]:
        return ids
    return [row["id"] for row in await access.eligible_entries(round_row["challenge"])]


async def ranking_of(challenge_id: int, round_row: Mapping[str, Any]) -> list[Ranked]:
    """The round's ranking, best first, restricted to entries still eligible."""
    eligible = {row["id"] for row in await access.eligible_entries(challenge_id)}
    if round_row["kind"] == "pairwise":
        ranking = [row for row in await pairwise.pairwise_ranking(round_row["id"]) if row[0] in eligible]
        return ranked_from_pairwise(ranking, await _tracks_of([row[0] for row in ranking]))
    result = await standings.round_standings(challenge_id, round_row["id"])
    return [Ranked(row.entry_id, row.rank, tuple(row.track_ids)) for row in result.rows if row.entry_id in eligible]


@dataclass(frozen=True)
class RoundSummary:
    row: dict
    entries: int

    @property
    def current(self) -> bool:
        return self.row["status"] == "open"


async def rounds_overview(challenge_id: int) -> list[RoundSummary]:
    """Every round of the challenge (round 1 created if need be), with how many entries it judges."""
    await access.first_round(challenge_id)
    rounds = await access.rounds_of(challenge_id)
    counts: dict[int, int] = {}
    for row in await RoundEntry.select(RoundEntry.round).where(RoundEntry.round.is_in([r["id"] for r in rounds])):
        counts[row["round"]] = counts.get(row["round"], 0) + 1
    eligible = None
    summaries = []
    for row in rounds:
        count = counts.get(row["id"], 0)
        if not count and not row["shortlist_size"]:
            if eligible is None:
                eligible = len(await access.eligible_entries(challenge_id))
            count = eligible
        summaries.append(RoundSummary(row=row, entries=count))
    return summaries


def _parse(values: Mapping[str, str]) -> tuple[str, int, str, str, str]:
    errors: dict[str, str] = {}
    kind = (values.get("kind") or "").strip()
    if kind not in KINDS:
        errors["kind"] = _("Choose rubric scoring or pairwise comparisons.")
    raw_size = (values.get("size") or "").strip()
    size = 0
    try:
        size = int(raw_size)
    except ValueError:
        errors["size"] = _("Enter a whole number of entries, for example 5.")
    else:
        if not 1 <= size <= MAX_SHORTLIST:
            errors["size"] = _("Enter a number between %(low)s and %(high)s.", low=1, high=MAX_SHORTLIST)
    scope = (values.get("scope") or "").strip()
    if scope not in SCOPES:
        errors["scope"] = _("Choose per track or overall.")
    name_fr, name_ar = (values.get("name_fr") or "").strip(), (values.get("name_ar") or "").strip()
    for field, name in (("name_fr", name_fr), ("name_ar", name_ar)):
        if len(name) > MAX_NAME:
            errors[field] = _("Keep the name under %(max)s characters.", max=MAX_NAME)
    if errors:
        raise InvalidInput(errors)
    return kind, size, scope, name_fr, name_ar


DEFAULT_NAMES = {
    "rubric": ("Évaluation — tour %(n)s", "التقييم — الدور %(n)s"),
    "pairwise": ("Finale par comparaisons", "النهائي بالمقارنات"),
}


async def open_next_round(challenge_id: int, *, phase: str, values: Mapping[str, str], actor: Mapping[str, Any],
                          now: datetime) -> dict:
    """Shortlist the current round's top entries into a new round of `kind`, close the current round, audit both.

    values: kind (rubric, pairwise), size (N), scope (track, overall), name_fr, name_ar (optional). Raises
    InvalidInput for bad values or a shortlist of fewer than two entries, NotAllowed outside judging."""
    if phase != "judging":
        raise NotAllowed(_("Rounds are opened while judging is open."))
    kind, size, scope, name_fr, name_ar = _parse(values)
    current = await access.current_round(challenge_id)
    if current["status"] != "open":
        raise NotAllowed(_("The current round is already closed."))
    carried = shortlist(await ranking_of(challenge_id, current), size, per_track=scope == "track")
    if len(carried) < 2:
        raise InvalidInput({"size": _("The shortlist would hold fewer than two entries; a round needs at least two. "
                                      "Wait for more scores or choose a larger number.")})
    position = current["position"] + 1
    french, arabic = DEFAULT_NAMES[kind]
    name_fr = name_fr or french % {"n": position}
    name_ar = name_ar or arabic % {"n": position}
    async with judging_transaction(challenge_id):
        latest = await access.current_round(challenge_id)
        if latest["id"] != current["id"] or latest["status"] != "open":
            raise NotAllowed(_("Another organizer has just opened a round. Reload the page."))
        await Round.update({Round.status: "closed", Round.closed_at: now}).where(Round.id == current["id"])
        await audit.append(challenge_id, action="round.closed", actor=actor, subject=f"round:{current['id']}",
                           now=now, payload={"round": current["id"], "position": current["position"]})
        new = Round(challenge=challenge_id, position=position, kind=kind, name_fr=name_fr, name_ar=name_ar,
                    status="open", shortlist_size=size, key=f"{challenge_id}:{position}", opened_at=now)
        await new.save()
        row = await Round.select().where(Round.id == new.id).first()
        await RoundEntry.insert(*(RoundEntry(round=row["id"], entry=entry_id, key=f"{row['id']}:{entry_id}")
                                  for entry_id in carried))
        if kind == "pairwise":
            await pairwise.start(row, carried)
        await audit.append(challenge_id, action="round.opened", actor=actor, subject=f"round:{row['id']}", now=now,
                           payload={"round": row["id"], "position": position, "kind": kind, "size": size,
                                    "scope": scope, "from_round": current["id"], "entries": carried})
    return row
