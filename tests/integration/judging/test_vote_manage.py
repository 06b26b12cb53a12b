"""The organizers' public vote page: live raw and retained counts, the anomaly flags with the votes concerned,
voiding (a reason required; retained counts change; each voided vote audited without personal data)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from showcase.judging import audit, voting
from showcase.judging.tables import Vote
from tests.integration.judging import support
from tests.integration.judging.vote_support import context_for, vote_challenge, voter
from tests.support import create_user, log_in, now, submit

pytestmark = pytest.mark.anyio

MINUTE = timedelta(minutes=1)


def manage_path(jury) -> str:  # noqa: ANN001
    return f"/manage/challenges/{jury.slug}/judging/vote"


async def vote_as(jury, user_id: int, entry_index: int, *, ip: str = "192.0.2.1", device: str = "",  # noqa: ANN001
                  at=None) -> None:  # noqa: ANN001
    ctx, user = await context_for(jury.challenge["id"], user_id)
    await voting.cast(ctx, user, entry_id=jury.entries[entry_index], ip=ip, device=device, now=at or now())


def tallies(html: str) -> dict[int, tuple[int, int]]:
    soup = BeautifulSoup(html, "html.parser")
    return {int(row["data-entry"]): (int(row.select_one("[data-raw]").text), int(row.select_one("[data-retained]").text))
            for row in soup.select("tr[data-entry]")}


def flag_counts(html: str) -> dict[str, int]:
    soup = BeautifulSoup(html, "html.parser")
    return {block["data-kind"]: int(block.select_one("[data-flags]")["data-flags"])
            for block in soup.select(".vote-flag-kind")}


def groups(html: str) -> dict[str, list[int]]:
    soup = BeautifulSoup(html, "html.parser")
    return {details["data-group"]: [int(row["data-vote"]) for row in details.select("tr[data-vote]")]
            for details in soup.select("details.vote-flag")}


async def flagged_cast(jury) -> dict[str, list[int]]:  # noqa: ANN001
    """Two accounts on one device; five votes from one /24 within ten minutes; an account created in the window."""
    start = now() - 60 * MINUTE
    sara = await voter("sara@example.ma")
    youssef = await voter("youssef@example.ma")
    await vote_as(jury, sara, 1, ip="198.51.100.7", device="d" * 64, at=start)
    await vote_as(jury, youssef, 2, ip="198.51.100.200", device="d" * 64, at=start + 30 * MINUTE)
    burst = []
    for number in range(5):
        user_id = await voter(f"rafale{number}@example.ma")
        await vote_as(jury, user_id, 0, ip=f"203.0.113.{10 + number}", device=f"{number}" * 64,
                      at=start + (2 * number) * MINUTE)  # minutes 0, 2, 4, 6, 8
        burst.append(user_id)
    late = await voter("tardif@example.ma")
    await vote_as(jury, late, 0, ip="203.0.113.99", device="e" * 64, at=start + 40 * MINUTE)  # same /24, much later
    newcomer = await voter("nouveau@example.ma", created=now() - 2 * 60 * MINUTE)  # the window opened a day ago
    await vote_as(jury, newcomer, 3, ip="192.0.2.50", device="f" * 64, at=start + 50 * MINUTE)
    rows = await Vote.select(Vote.id, Vote.voter).order_by(Vote.id)
    by_voter = {row["voter"]: row["id"] for row in rows}
    return {"device": [by_voter[sara], by_voter[youssef]], "burst": [by_voter[user] for user in burst],
            "late": [by_voter[late]], "new": [by_voter[newcomer]]}


async def test_only_organizers_open_the_page(client):
    jury = await vote_challenge()
    await voter("lina@example.ma")
    await log_in(client, "lina@example.ma")
    assert (await client.get(manage_path(jury))).status_code == 403
    client.cookies.clear()
    await log_in(client, support.judge_email(0))
    assert (await client.get(manage_path(jury))).status_code == 403


async def test_organizers_see_raw_and_retained_counts_live(client):
    jury = await vote_challenge()
    for number, indexes in enumerate([(0, 1), (0,), (0, 2)]):
        user_id = await voter(f"votant{number}@example.ma")
        for index in indexes:
            await vote_as(jury, user_id, index, ip=f"192.0.2.{number}")
    await log_in(client, support.ORGANIZER)
    page = await client.get(manage_path(jury))
    assert page.status_code == 200
    e = jury.entries
    assert tallies(page.text) == {e[0]: (3, 3), e[1]: (1, 1), e[2]: (1, 1), e[3]: (0, 0)}
    soup = BeautifulSoup(page.text, "html.parser")
    assert [int(row["data-entry"]) for row in soup.select("tr[data-entry]")] == [e[0], e[1], e[2], e[3]]
    assert {dd["data-total"]: dd.text for dd in soup.select("dd[data-total]")} == {
        "raw": "5", "retained": "5", "voided": "0"}
    assert 'aria-current="page">Public vote</a>' in page.text


async def test_flags_are_exact(client):
    jury = await vote_challenge()
    ids = await flagged_cast(jury)
    await log_in(client, support.ORGANIZER)
    page = await client.get(manage_path(jury))
    assert flag_counts(page.text) == {"ip_burst": 0, "subnet_burst": 1, "new_account": 1, "shared_device": 1}
    e = jury.entries
    assert groups(page.text) == {
        f"subnet_burst|203.0.113.0/24|{e[0]}": ids["burst"],
        "new_account||": ids["new"],
        f"shared_device|{'d' * 64}|": ids["device"],
    }
    soup = BeautifulSoup(page.text, "html.parser")
    burst = soup.select_one(f'details[data-group="subnet_burst|203.0.113.0/24|{e[0]}"] summary').get_text(" ", strip=True)
    assert "203.0.113.0/24" in burst and "5 votes" in burst and "5 accounts" in burst
    device = soup.select_one(f'details[data-group="shared_device|{"d" * 64}|"] summary').get_text(" ", strip=True)
    assert "dddddddddddd" in device and "2 votes" in device and "2 accounts" in device


async def test_voiding_needs_a_reason_changes_retained_counts_and_is_audited(client):
    jury = await vote_challenge()
    ids = await flagged_cast(jury)
    e = jury.entries
    await log_in(client, support.ORGANIZER)
    group = f"subnet_burst|203.0.113.0/24|{e[0]}"
    action = manage_path(jury) + "/void"

    refused = await submit(client, manage_path(jury), {"group": group, "reason": "   "}, action=action)
    assert refused.status_code == 400
    soup = BeautifulSoup(refused.text, "html.parser")
    opened = soup.select_one(f'details[data-group="{group}"]')
    assert opened.has_attr("open")
    assert opened.select_one(".field-error").text == "Give the reason for voiding: it is kept with the vote."
    assert await voting.vote_counts(jury.challenge["id"]) == {e[0]: (6, 6), e[1]: (1, 1), e[2]: (1, 1), e[3]: (1, 1)}

    done = await submit(client, manage_path(jury), {"group": group, "reason": "Rafale depuis un même réseau"},
                        action=action)
    assert (done.status_code, done.headers["location"]) == (302, manage_path(jury))
    assert await voting.vote_counts(jury.challenge["id"]) == {e[0]: (6, 1), e[1]: (1, 1), e[2]: (1, 1), e[3]: (1, 1)}
    page = await client.get(manage_path(jury))
    assert "5 votes voided." in page.text
    assert tallies(page.text) == {e[0]: (6, 1), e[1]: (1, 1), e[2]: (1, 1), e[3]: (1, 1)}
    voided = await Vote.select(Vote.id, Vote.status, Vote.void_reason, Vote.voided_by).where(
        Vote.status == "voided").order_by(Vote.id)
    assert [(row["id"], row["void_reason"], row["voided_by"]) for row in voided] == [
        (vote_id, "Rafale depuis un même réseau", jury.organizer) for vote_id in ids["burst"]]

    events = await audit.events_of(jury.challenge["id"])
    assert [(event["action"], event["subject"], json.loads(event["payload"]), event["actor_id"]) for event in events] == [
        ("vote.voided", f"vote:{vote_id}", {"entry": e[0], "flag": "subnet_burst", "vote": vote_id}, jury.organizer)
        for vote_id in ids["burst"]]
    assert audit.verify_chain(events) == []

    # one vote by its number
    missing = await submit(client, manage_path(jury), {"vote": "#9999", "reason": "Doublon"}, action=action)
    assert missing.status_code == 400
    assert "No vote of this challenge has this number." in missing.text
    again = await submit(client, manage_path(jury), {"vote": str(ids["burst"][0]), "reason": "Doublon"}, action=action)
    assert (again.status_code, "This vote is already void." in again.text) == (400, True)
    no_reason = await submit(client, manage_path(jury), {"vote": str(ids["new"][0]), "reason": ""}, action=action)
    assert no_reason.status_code == 400
    assert f'value="{ids["new"][0]}"' in no_reason.text  # what was typed stays
    one = await submit(client, manage_path(jury), {"vote": f"#{ids['new'][0]}", "reason": "Compte créé pour l’occasion"},
                       action=action)
    assert one.status_code == 302
    assert await voting.vote_counts(jury.challenge["id"]) == {e[0]: (6, 1), e[1]: (1, 1), e[2]: (1, 1), e[3]: (1, 0)}
    last = (await audit.events_of(jury.challenge["id"]))[-1]
    assert (last["action"], json.loads(last["payload"])) == (
        "vote.voided", {"entry": e[3], "flag": "", "vote": ids["new"][0]})

    # the voided votes, latest first
    page = await client.get(manage_path(jury))
    soup = BeautifulSoup(page.text, "html.parser")
    assert [int(row["data-vote"]) for row in soup.select("section[aria-labelledby=vote-voided-title] tr[data-vote]")] == [
        ids["new"][0], *reversed(ids["burst"])]


async def test_a_voided_vote_cannot_be_withdrawn_and_still_takes_its_place(client):
    jury = await vote_challenge(votes_per_account=1)
    lina = await voter("lina@example.ma")
    await vote_as(jury, lina, 0)
    vote = await Vote.select(Vote.id).first()
    ctx, organizer = await context_for(jury.challenge["id"], jury.organizer)
    assert await voting.void(ctx, {"id": organizer.id, "name": organizer.name}, vote_ids=[vote["id"]],
                             reason="Test", now=now()) == 1
    await log_in(client, "lina@example.ma")
    page = await client.get(f"/challenges/{jury.slug}/vote")
    assert "Your vote for this entry was set aside by the organizers." in page.text
    assert "0 votes left." in page.text


async def test_admins_count_as_organizers(client):
    jury = await vote_challenge()
    await create_user("admin@example.ma", roles=("admin",))
    await log_in(client, "admin@example.ma")
    assert (await client.get(manage_path(jury))).status_code == 200
    page = await client.get(f"/challenges/{jury.slug}/vote")
    assert "You organize this challenge, so you do not vote." in page.text


async def test_the_rule_is_set_before_the_first_vote_and_audited(client):
    jury = await vote_challenge()
    await log_in(client, support.ORGANIZER)
    action = manage_path(jury) + "/settings"
    bad = await submit(client, manage_path(jury), {"mode": "total", "votes_per_account": "0"}, action=action)
    assert bad.status_code == 400
    soup = BeautifulSoup(bad.text, "html.parser")
    assert soup.select_one(".vote-settings .field-error").text == "Enter a whole number from 1 to 50."
    assert soup.select_one("#f-votes_per_account")["value"] == "0"
    done = await submit(client, manage_path(jury), {"mode": "total", "votes_per_account": "3"}, action=action)
    assert done.status_code == 302
    page = await client.get(manage_path(jury))
    assert "Each account now has 3 votes in total." in page.text
    assert "Each account has 3 votes in total." in page.text
    ctx, _user = await context_for(jury.challenge["id"], None)
    assert (await voting.ballot(ctx, None)).allowance == 3
    events = await audit.events_of(jury.challenge["id"])
    assert [(event["action"], event["subject"], json.loads(event["payload"])) for event in events] == [
        ("settings.changed", "vote", {"votes_per_account": 3})]

    lina = await voter("lina@example.ma")
    await vote_as(jury, lina, 0)
    assert 'action="/manage/challenges/hack-mobilite/judging/vote/settings"' not in (await client.get(manage_path(jury))).text
    late = await submit(client, manage_path(jury), {"mode": "per_entry"}, action=action)
    assert late.status_code == 400
    assert ("Votes have already been cast: the rule can no longer change, so that it is the same for everyone."
            in late.text)
    assert (await voting.ballot(ctx, None)).allowance == 3


async def test_votes_are_rate_limited_per_account(client):
    jury = await vote_challenge()
    await voter("lina@example.ma")
    await log_in(client, "lina@example.ma")
    path = f"/challenges/{jury.slug}/vote"
    page = await client.get(path)
    from tests.support import csrf_token

    token = csrf_token(page.text)
    statuses = []
    for number in range(voting.VOTES_PER_ACCOUNT.attempts + 1):
        action = path if number % 2 == 0 else path + "/remove"
        response = await client.post(action, data={"entry": str(jury.entries[0]), "_csrf_token": token},
                                     follow_redirects=False)
        statuses.append(response.status_code)
    assert statuses == [302] * voting.VOTES_PER_ACCOUNT.attempts + [429]
    assert "Too many votes from your account or your connection." in response.text


async def test_the_demo_vote_shows_every_flag_and_a_voided_burst(client):
    from showcase.judging.vote_demo import load_demo_vote

    jury = await vote_challenge()
    organizer = {"id": jury.organizer, "name": "Nadia Organisatrice"}
    cast = await load_demo_vote(jury.challenge["id"], organizer=organizer, password_hash="x", now=now())
    assert cast == 20
    assert await load_demo_vote(jury.challenge["id"], organizer=organizer, password_hash="x", now=now()) == 0
    e = jury.entries
    assert await voting.vote_counts(jury.challenge["id"]) == {e[0]: (9, 4), e[1]: (3, 3), e[2]: (5, 5), e[3]: (3, 3)}
    await log_in(client, support.ORGANIZER)
    page = await client.get(manage_path(jury))
    assert flag_counts(page.text) == {"ip_burst": 0, "subnet_burst": 1, "new_account": 1, "shared_device": 1}
    events = await audit.events_of(jury.challenge["id"])
    assert [event["action"] for event in events] == ["vote.voided"] * 5
    assert audit.verify_chain(events) == []
