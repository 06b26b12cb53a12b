"""Reads behind the entry pages: what the form offers (questions, tracks, the team's reuses, the eligible
datasets) and what the team stored (entry, answers, tracks, versions)."""

from __future__ import annotations

from showcase.challenges import answers
from showcase.challenges.entries import EntryInput
from showcase.challenges.tables import (
    ChallengeDataset, Entry, EntryAnswer, EntryTrack, EntryVersion, Team, TeamMember,
)
from showcase.reuses.tables import Reuse, ReuseDataset


async def team_reuses(team_id: int) -> list[dict]:
    """The reuses a team may enter: owned by one of its members or by its startup; not deleted."""
    team = await Team.select(Team.startup).where(Team.id == team_id).first()
    members = TeamMember.select(TeamMember.user).where((TeamMember.team == team_id) & (TeamMember.status == "member"))
    condition = Reuse.owner.is_in(members)
    if team and team["startup"] is not None:
        condition = condition | (Reuse.startup == team["startup"])
    rows = await Reuse.select(Reuse.id, Reuse.slug, Reuse.title_fr, Reuse.title_ar, Reuse.status, Reuse.url).where(
        condition & Reuse.deleted_at.is_null()).order_by(Reuse.id, ascending=False)
    cited: dict[int, list[int]] = {row["id"]: [] for row in rows}
    if rows:
        for link in await ReuseDataset.select(ReuseDataset.reuse, ReuseDataset.dataset).where(
                ReuseDataset.reuse.is_in(list(cited))):
            cited[link["reuse"]].append(link["dataset"])
    return [{**row, "dataset_ids": cited[row["id"]]} for row in rows]


async def eligible_datasets(challenge_id: int) -> list[dict]:
    return await ChallengeDataset.select(
        ChallengeDataset.dataset.id.as_alias("id"), ChallengeDataset.dataset.name.as_alias("name"),
        ChallengeDataset.dataset.title_fr.as_alias("title_fr"), ChallengeDataset.dataset.title_ar.as_alias("title_ar"),
    ).where(ChallengeDataset.challenge == challenge_id).order_by(ChallengeDataset.position)


async def entry_of(team_id: int) -> dict | None:
    return await Entry.select().where(Entry.team == team_id).first()


async def stored_answers(entry_id: int) -> dict[int, dict]:
    return {row["question"]: row for row in await EntryAnswer.select().where(EntryAnswer.entry == entry_id)}


async def stored_track_ids(entry_id: int) -> list[int]:
    return [row["track"] for row in await EntryTrack.select(EntryTrack.track).where(EntryTrack.entry == entry_id)]


async def versions_of(entry_id: int) -> list[dict]:
    return await EntryVersion.select(
        EntryVersion.version, EntryVersion.sha256, EntryVersion.submitted_at,
        EntryVersion.submitted_by.name.as_alias("submitted_by_name"),
    ).where(EntryVersion.entry == entry_id).order_by(EntryVersion.version, ascending=False)


async def version_snapshot(entry_id: int, version: int) -> dict | None:
    return await EntryVersion.select(EntryVersion.snapshot, EntryVersion.sha256).where(
        (EntryVersion.entry == entry_id) & (EntryVersion.version == version)).first()



async def stored_input(entry_id: int) -> EntryInput:
    """An entry's stored reuse, tracks and answers, as the form would send them."""
    entry = await Entry.select(Entry.reuse).where(Entry.id == entry_id).first()
    rows = await EntryAnswer.select().where(EntryAnswer.entry == entry_id)
    return EntryInput(reuse_id=entry["reuse"], track_ids=tuple(await stored_track_ids(entry_id)),
                      answers={row["question"]: row["value"] for row in rows},
                      files={row["question"]: answers.StoredFile(row["file_key"], row["file_name"])
                             for row in rows if row["file_key"]})
