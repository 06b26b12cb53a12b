"""The public vote's ballot: who may vote, the window, one vote per entry or N in total, withdrawing, own team,
the shuffled order, counts hidden until the window closes, the device cookie."""

from __future__ import annotations

import asyncio
import hashlib
import re
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup

from showcase.challenges.tables import Challenge
from showcase.judging import voting
from showcase.judging.tables import Vote
from showcase.exceptions import NotAllowed
from tests.integration.judging import support
from tests.integration.judging.vote_support import DAY, context_for, vote_challenge, voter, votes_of
from tests.support import log_in, now, submit

pytestmark = pytest.mark.anyio


def ballot_path(jury) -> str:  # noqa: ANN001
    return f"/challenges/{jury.slug}/vote"


async def cast(client, jury, entry_id: int):  # noqa: ANN001, ANN201
    return await submit(client, ballot_path(jury), {"entry": str(entry_id)}, action=ballot_path(jury))


async def remove(client, jury, entry_id: int):  # noqa: ANN001, ANN201
    return await submit(client, ballot_path(jury), {"entry": str(entry_id)}, action=ballot_path(jury) + "/remove")


def cards(html: str) -> list[int]:
    return [int(li["id"].removeprefix("entry-")) for li in BeautifulSoup(html, "html.parser").select("li.vote-card")]


def counts_shown(html: str) -> dict[int, int]:
    soup = BeautifulSoup(html, "html.parser")
    return {int(li["id"].removeprefix("entry-")): int(li.select_one(".vote-count")["data-count"])
            for li in soup.select("li.vote-card") if li.select_one(".vote-count")}


def notice(html: str) -> str:
    found = BeautifulSoup(html, "html.parser").select_one(".notice-error")
    return re.sub(r"[ \t\n]+", " ", found.get_text()).strip() if found else ""


async def test_visitors_see_the_ballot_and_are_asked_to_log_in(client):
    jury = await vote_challenge()
    page = await client.get(ballot_path(jury))
    assert page.status_code == 200
    assert sorted(cards(page.text)) == sorted(jury.entries)
    assert counts_shown(page.text) == {}
    assert 'href="/account/login?next=/challenges/hack-mobilite/vote"' in page.text
    assert "Log in to vote" in page.text
    response = await submit(client, "/account/login", {"entry": str(jury.entries[0])}, action=ballot_path(jury))
    assert (response.status_code, response.headers["location"]) == (302, "/account/login?next=/challenges/hack-mobilite/vote")
    assert await votes_of(jury.challenge["id"]) == []


async def test_no_window_means_no_ballot(client):
    jury = await support.jury_with_entries(judges=1, entries=2)
    assert (await client.get(f"/challenges/{jury.slug}/vote")).status_code == 404


async def test_an_unverified_account_is_refused_with_an_explanation(client):
    jury = await vote_challenge()
    await voter("lina@example.ma", verified=False)
    await log_in(client, "lina@example.ma")
    page = await client.get(ballot_path(jury))
    assert "To vote, confirm your e-mail address" in page.text
    assert 'action="/account/verify/resend"' in page.text
    assert 'action="/challenges/hack-mobilite/vote"' not in page.text  # no vote button
    response = await cast(client, jury, jury.entries[0])
    assert response.status_code == 403
    assert notice(response.text) == "Only logged-in accounts with a confirmed e-mail address can vote."
    assert await votes_of(jury.challenge["id"]) == []


async def test_outside_the_window_voting_is_refused_with_the_dates_in_the_challenge_time_zone(client):
    jury = await vote_challenge(window="before")
    await Challenge.update({Challenge.voting_opens_at: datetime(2030, 3, 1, 9, 0, tzinfo=UTC),
                            Challenge.voting_closes_at: datetime(2030, 3, 8, 17, 30, tzinfo=UTC)}).where(
        Challenge.id == jury.challenge["id"])
    await voter("lina@example.ma")
    await log_in(client, "lina@example.ma")
    expected = ("The public vote opens on Mar 1, 2030, 10:00:00\u202fAM (UTC+1) and closes on "
                "Mar 8, 2030, 6:30:00\u202fPM (UTC+1).")
    page = await client.get(ballot_path(jury))
    assert expected in page.text
    response = await cast(client, jury, jury.entries[0])
    assert (response.status_code, notice(response.text)) == (403, expected)

    await Challenge.update({Challenge.voting_opens_at: now() - 3 * DAY,
                            Challenge.voting_closes_at: datetime(2026, 1, 10, 12, 0, tzinfo=UTC)}).where(
        Challenge.id == jury.challenge["id"])
    response = await cast(client, jury, jury.entries[0])
    assert (response.status_code, notice(response.text)) == (
        403, "The public vote closed on Jan 10, 2026, 1:00:00\u202fPM (UTC+1).")
    assert await votes_of(jury.challenge["id"]) == []


async def test_one_vote_per_entry_that_can_be_withdrawn_while_open(client):
    jury = await vote_challenge()
    lina = await voter("lina@example.ma")
    await log_in(client, "lina@example.ma")
    first, second = jury.entries[0], jury.entries[1]

    response = await cast(client, jury, first)
    assert (response.status_code, response.headers["location"]) == (302, f"/challenges/hack-mobilite/vote#entry-{first}")
    cookie = next(value for value in response.headers.get_list("set-cookie") if value.startswith("showcase_device="))
    assert cookie.split("; ")[1:] == ["HttpOnly", "Max-Age=63072000", "Path=/", "SameSite=lax"]
    token = client.cookies.get("showcase_device")
    stored = await Vote.select().where(Vote.challenge == jury.challenge["id"])
    assert [(row["entry"], row["voter"], row["key"], row["status"], row["device"]) for row in stored] == [
        (first, lina, f"{first}:{lina}", "valid", hashlib.sha256(token.encode()).hexdigest())]

    again = await cast(client, jury, first)
    assert (again.status_code, notice(again.text)) == (403, "You have already voted for this entry.")
    assert (await cast(client, jury, second)).status_code == 302
    assert client.cookies.get("showcase_device") == token  # the same device keeps its cookie

    page = await client.get(ballot_path(jury))
    soup = BeautifulSoup(page.text, "html.parser")
    chosen = [int(li["id"].removeprefix("entry-")) for li in soup.select("li.vote-card-chosen")]
    assert sorted(chosen) == sorted([first, second])
    assert "You may vote for as many entries as you like, once each." in page.text

    assert (await remove(client, jury, first)).status_code == 302
    assert [row["entry"] for row in await votes_of(jury.challenge["id"])] == [second]
    gone = await remove(client, jury, first)
    assert (gone.status_code, notice(gone.text)) == (403, "You have not voted for this entry.")
    assert (await cast(client, jury, first)).status_code == 302
    assert sorted(row["entry"] for row in await votes_of(jury.challenge["id"])) == sorted([first, second])


async def test_n_votes_in_total(client):
    jury = await vote_challenge(votes_per_account=2)
    await voter("lina@example.ma")
    await log_in(client, "lina@example.ma")
    page = await client.get(ballot_path(jury))
    assert "You have 2 votes in total for the whole challenge." in page.text
    assert "2 votes left." in page.text
    assert (await cast(client, jury, jury.entries[0])).status_code == 302
    assert "1 vote left." in (await client.get(ballot_path(jury))).text
    assert (await cast(client, jury, jury.entries[1])).status_code == 302
    page = await client.get(ballot_path(jury))
    assert "0 votes left." in page.text
    assert page.text.count("No vote left: remove one to vote for this entry.") == 2
    third = await cast(client, jury, jury.entries[2])
    assert (third.status_code, notice(third.text)) == (
        403, "You have used all your votes. Remove one of them to vote for another entry.")
    assert (await remove(client, jury, jury.entries[0])).status_code == 302
    assert (await cast(client, jury, jury.entries[2])).status_code == 302
    assert sorted(row["entry"] for row in await votes_of(jury.challenge["id"])) == sorted(jury.entries[1:3])


async def test_concurrent_votes_never_go_past_n(client):
    jury = await vote_challenge(entries=6, votes_per_account=2)
    lina = await voter("lina@example.ma")
    ctx, user = await context_for(jury.challenge["id"], lina)

    async def one(entry_id: int) -> str:
        try:
            await voting.cast(ctx, user, entry_id=entry_id, ip="192.0.2.1", device="", now=now())
        except NotAllowed:
            return "refused"
        return "recorded"

    outcomes = await asyncio.gather(*(one(entry_id) for entry_id in jury.entries))
    assert sorted(outcomes) == ["recorded"] * 2 + ["refused"] * 4
    assert len(await votes_of(jury.challenge["id"])) == 2


async def test_nobody_votes_for_their_own_team(client):
    jury = await vote_challenge()
    await backdate(support.captain_email(0))
    await log_in(client, support.captain_email(0))
    page = await client.get(ballot_path(jury))
    soup = BeautifulSoup(page.text, "html.parser")
    own = soup.select_one(f"#entry-{jury.entries[0]}")
    assert "Your team’s entry: you cannot vote for it." in own.get_text()
    assert own.select("form") == []
    response = await cast(client, jury, jury.entries[0])
    assert (response.status_code, notice(response.text)) == (403, "You cannot vote for your own team’s entry.")
    assert (await cast(client, jury, jury.entries[1])).status_code == 302
    assert [row["entry"] for row in await votes_of(jury.challenge["id"])] == [jury.entries[1]]


async def backdate(email: str) -> None:
    from showcase.accounts.tables import User

    await User.update({User.created_at: now() - 30 * DAY}).where(User.email == email)


async def test_organizers_do_not_vote_and_judges_do(client):
    jury = await vote_challenge()
    await log_in(client, support.ORGANIZER)
    page = await client.get(ballot_path(jury))
    assert "You organize this challenge, so you do not vote." in page.text
    response = await cast(client, jury, jury.entries[0])
    assert (response.status_code, notice(response.text)) == (
        403, "Organizers of the challenge do not vote in its public vote.")
    client.cookies.clear()  # logged out
    await log_in(client, support.judge_email(0))
    assert (await cast(client, jury, jury.entries[0])).status_code == 302
    assert [row["voter"] for row in await votes_of(jury.challenge["id"])] == [jury.judges[0]]


def test_ballot_order_is_a_stable_shuffle_per_voter():
    entries = [11, 12, 13, 14, 15, 16, 17, 18]
    first = voting.ballot_order(entries, voter_id=5, challenge_id=1)
    assert first == voting.ballot_order(list(reversed(entries)), voter_id=5, challenge_id=1)
    assert first == [12, 11, 17, 18, 16, 13, 15, 14]
    assert voting.ballot_order(entries, voter_id=6, challenge_id=1) == [15, 16, 18, 11, 13, 14, 12, 17]
    assert voting.ballot_order(entries, voter_id=5, challenge_id=2) == [18, 13, 15, 14, 12, 17, 11, 16]


async def test_the_ballot_is_shuffled_per_voter_and_stable_never_by_popularity(client, app):
    jury = await vote_challenge(entries=8)
    lina = await voter("lina@example.ma")
    omar = await voter("omar@example.ma")
    await log_in(client, "lina@example.ma")
    lina_order = cards((await client.get(ballot_path(jury))).text)
    assert lina_order == voting.ballot_order(list(jury.entries), voter_id=lina, challenge_id=jury.challenge["id"])
    assert sorted(lina_order) == sorted(jury.entries) and lina_order != sorted(jury.entries)
    for entry_id in lina_order[-3:]:  # votes do not move entries
        assert (await cast(client, jury, entry_id)).status_code == 302
    assert cards((await client.get(ballot_path(jury))).text) == lina_order

    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=app, base_url="http://testserver.local") as other:
        other.headers["Accept-Language"] = "en"
        await log_in(other, "omar@example.ma")
        omar_order = cards((await other.get(ballot_path(jury))).text)
    assert omar_order == voting.ballot_order(list(jury.entries), voter_id=omar, challenge_id=jury.challenge["id"])
    assert sorted(omar_order) == sorted(jury.entries)
    assert omar_order != lina_order


async def test_counts_are_hidden_from_the_public_until_the_window_closes(client):
    jury = await vote_challenge()
    for number, entries in enumerate([(0, 1), (0,), (0, 2)]):
        user_id = await voter(f"votant{number}@example.ma")
        ctx, user = await context_for(jury.challenge["id"], user_id)
        for index in entries:
            await voting.cast(ctx, user, entry_id=jury.entries[index], ip=f"192.0.2.{number}", device="", now=now())
    page = await client.get(ballot_path(jury))
    assert counts_shown(page.text) == {}
    assert "vote-count" not in page.text

    await log_in(client, support.ORGANIZER)  # organizers see them live, on the ballot too
    assert counts_shown((await client.get(ballot_path(jury))).text) == {
        jury.entries[0]: 3, jury.entries[1]: 1, jury.entries[2]: 1, jury.entries[3]: 0}
    client.cookies.clear()  # logged out

    await Challenge.update({Challenge.voting_opens_at: now() - 3 * DAY, Challenge.voting_closes_at: now() - DAY}).where(
        Challenge.id == jury.challenge["id"])
    page = await client.get(ballot_path(jury))
    assert counts_shown(page.text) == {jury.entries[0]: 3, jury.entries[1]: 1, jury.entries[2]: 1, jury.entries[3]: 0}
    assert 'action="/challenges/hack-mobilite/vote"' not in page.text
    assert await voting.vote_counts(jury.challenge["id"]) == {
        jury.entries[0]: (3, 3), jury.entries[1]: (1, 1), jury.entries[2]: (1, 1)}


async def test_the_challenge_page_links_to_the_ballot_while_the_vote_is_open(client):
    jury = await vote_challenge()
    page = await client.get(f"/challenges/{jury.slug}")
    assert 'href="/challenges/hack-mobilite/vote"' in page.text
    await Challenge.update({Challenge.voting_opens_at: now() + 3 * DAY, Challenge.voting_closes_at: now() + 4 * DAY}).where(
        Challenge.id == jury.challenge["id"])
    page = await client.get(f"/challenges/{jury.slug}")
    assert 'href="/challenges/hack-mobilite/vote"' not in page.text


async def test_an_anonymised_judging_hides_team_names_from_judges_on_the_ballot(client):
    from showcase.judging.tables import JudgingSettings

    jury = await vote_challenge()
    await JudgingSettings.insert(JudgingSettings(challenge=jury.challenge["id"], anonymised=True))
    await log_in(client, support.judge_email(0))
    page = await client.get(ballot_path(jury))
    assert sorted(cards(page.text)) == sorted(jury.entries)
    # the reuse titles are "Projet <team>": the team names appear there only
    assert [name for name in support.TEAM_NAMES[:4] if page.text.count(name) != page.text.count(f"Projet {name}")] == []
    assert "Team <bdi>" not in page.text
    client.cookies.clear()
    await voter("lina@example.ma")
    await log_in(client, "lina@example.ma")
    page = await client.get(ballot_path(jury))
    assert all(f"Team <bdi>{name}</bdi>" in page.text for name in support.TEAM_NAMES[:4])
