"""The demo judging: after `make run`, the finished challenge shows a complete judging with published results
and winners' badges, and the challenge in judging shows its progress part-way."""

from __future__ import annotations

import hashlib

import pytest

from showcase.challenges import queries
from showcase.challenges.tables import Challenge
from showcase.demo import load_demo
from showcase.judging import audit, pairwise
from showcase.judging.demo import load_demo_judging
from showcase.judging.tables import (
    Assignment,
    Award,
    Conflict,
    Criterion,
    Judge,
    PairwiseDecision,
    ResultsRelease,
    Review,
    Round,
    Vote,
)
from showcase.mail.tables import OutboxMessage
from tests.conftest import soup
from tests.support import now

pytestmark = pytest.mark.anyio


async def _challenge(slug: str) -> dict:
    return await Challenge.select().where(Challenge.slug == slug).first()


async def test_the_demo_judges_the_finished_challenge_completely_and_the_other_part_way(client):
    moment = now()
    assert await load_demo(now=moment) is True
    finished, judging = await _challenge("open-data-education-2026"), await _challenge("defi-tourisme-numerique")
    assert await queries.current_phase(finished, moment) == "finished"
    assert await queries.current_phase(judging, moment) == "judging"

    for challenge in (finished, judging):
        assert await Judge.count().where(Judge.challenge == challenge["id"]) == 3
        assert await Criterion.count().where(Criterion.challenge == challenge["id"]) == 4
        # k = 2 judges for each of the three eligible entries
        assert await Assignment.count().where(Assignment.challenge == challenge["id"]) == 6
    conflicts = await Conflict.select(Conflict.source, Conflict.user.email).where(Conflict.challenge == finished["id"])
    assert [(row["source"], row["user.email"]) for row in conflicts] == [("declared", "zineb@example.com")]

    reviews = await Review.select(Review.challenge, Review.status)
    statuses = {(row["challenge"], row["status"]) for row in reviews}
    assert statuses == {(finished["id"], "submitted"), (judging["id"], "submitted"), (judging["id"], "draft")}
    assert sum(row["challenge"] == finished["id"] for row in reviews) == 6
    assert sorted(row["status"] for row in reviews if row["challenge"] == judging["id"]) == ["draft"] * 3 + [
        "submitted"] * 3
    conflicted = await Conflict.select(Conflict.entry, Conflict.user).where(Conflict.challenge == finished["id"])
    assert not await Review.exists().where((Review.entry == conflicted[0]["entry"])
                                           & (Review.judge == conflicted[0]["user"]))

    rounds = await Round.select(Round.kind, Round.status).where(Round.challenge == finished["id"]).order_by(
        Round.position)
    assert [(row["kind"], row["status"]) for row in rounds] == [("rubric", "closed"), ("pairwise", "closed")]
    final = await Round.select(Round.id).where((Round.challenge == finished["id"]) & (Round.kind == "pairwise")).first()
    assert await PairwiseDecision.count().where(PairwiseDecision.round == final["id"]) > 0
    assert await pairwise.replayed(final["id"]) == await pairwise.stored(final["id"])

    votes = await Vote.select(Vote.status).where(Vote.challenge == finished["id"])
    assert sorted({row["status"] for row in votes}) == ["valid", "voided"]

    awards = await Award.select(Award.kind, Award.status).where(Award.challenge == finished["id"])
    assert sorted(row["kind"] for row in awards) == ["peoples_choice", "track", "track"]
    assert {row["status"] for row in awards} == {"published"}
    release = await ResultsRelease.select().where(ResultsRelease.challenge == finished["id"]).first()
    assert hashlib.sha256(release["csv"].encode("utf-8")).hexdigest() == release["sha256"]

    chains, events, problems = await audit.verify_all()
    assert (chains, problems) == (2, [])
    assert await OutboxMessage.count() == 0  # no results e-mailed to demo people

    page = soup((await client.get("/challenges/open-data-education-2026/results")).text)
    assert release["sha256"] in page.get_text()
    assert (await client.get("/challenges/defi-tourisme-numerique/results")).status_code == 404
    assert await load_demo_judging(now=moment) == 0  # idempotent
    assert (await audit.verify_all())[1] == events
