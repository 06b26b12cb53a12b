"""Conflicts of interest: the automatic ones (team, startup, company e-mail domain), declared ones, the CSV."""

import pytest

from showcase import i18n
from showcase.challenges.tables import Entry, Team
from showcase.judging import conflicts
from showcase.judging.tables import Judge
from showcase.startups.tables import Startup, StartupMember
from tests.integration.challenges.helpers import make_challenge, make_team
from tests.support import create_user, log_in, now

pytestmark = pytest.mark.anyio


async def _judge(challenge_id: int, user_id: int) -> None:
    await Judge(challenge=challenge_id, user=user_id, key=f"{challenge_id}:{user_id}:0").save()


async def test_automatic_conflicts_and_declared_ones_with_csv(client):
    organizer = await create_user("org@agence.ma", name="Org", locale="en")
    challenge = await make_challenge(organizer_id=organizer)
    cid = challenge["id"]
    captain = await create_user("cap@ocp.ma", name="Captain")
    mate = await create_user("mate@gmail.com", name="Mate")
    other = await create_user("solo@gmail.com", name="Solo")
    startup = Startup(name="Atlas Data", slug="atlas-data")
    await startup.save()
    team_a = await make_team(cid, captain, name="Equipe A", members=(mate,))
    await Team.update({Team.startup: startup.id}).where(Team.id == team_a)
    team_b = await make_team(cid, other, name="Equipe B")
    entry_a = (await Entry.insert(Entry(challenge=cid, team=team_a)).returning(Entry.id))[0]["id"]
    entry_b = (await Entry.insert(Entry(challenge=cid, team=team_b)).returning(Entry.id))[0]["id"]
    colleague = await create_user("boss@ocp.ma", name="Colleague")  # same company domain as the captain
    investor = await create_user("vc@fund.ma", name="Investor")
    await StartupMember(startup=startup.id, user=investor, role="member").save()
    webmail = await create_user("judge@gmail.com", name="Webmail Judge")  # gmail.com shared: not a conflict
    for judge in (colleague, investor, webmail):
        await _judge(cid, judge)
    with i18n.use_locale("en"):  # the reasons are written in the reader's language
        found = await conflicts.automatic_conflicts(cid)
    assert found == [
        (colleague, entry_a, "Same e-mail domain as a team member (ocp.ma)"),
        (investor, entry_a, "Member of the entry's startup Atlas Data"),
    ]
    await conflicts.declare(cid, user_id=webmail, entry_id=entry_b, reason="Former student of the team", now=now())
    with pytest.raises(Exception) as refused, i18n.use_locale("en"):
        await conflicts.declare(cid, user_id=webmail, entry_id=entry_b, reason="  ", now=now())
    assert refused.value.errors == {"reason": "Say in a few words why you should not review this entry."}
    await log_in(client, "org@agence.ma")
    csv = await client.get("/manage/challenges/hack-mobilite/jury/conflicts.csv")
    assert csv.status_code == 200
    assert csv.text.splitlines() == [
        "entry_id,team,judge_user_id,judge,source,reason",
        f"{entry_a},Equipe A,{colleague},Colleague,automatic,Same e-mail domain as a team member (ocp.ma)",
        f"{entry_a},Equipe A,{investor},Investor,automatic,Member of the entry's startup Atlas Data",
        f"{entry_b},Equipe B,{webmail},Webmail Judge,declared,Former student of the team",
    ]


async def test_a_judge_in_the_team_is_in_conflict(client):
    challenge = await make_challenge()
    cid = challenge["id"]
    captain = await create_user("cap@gmail.com", name="Captain")
    team = await make_team(cid, captain)
    entry = (await Entry.insert(Entry(challenge=cid, team=team)).returning(Entry.id))[0]["id"]
    await _judge(cid, captain)
    with i18n.use_locale("en"):
        assert await conflicts.automatic_conflicts(cid) == [(captain, entry, "Member of the entry's team")]
    assert conflicts.is_webmail("gmx.de") and not conflicts.is_webmail("ocp.ma")
