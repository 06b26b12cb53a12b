"""Who may open the entry form, change the entry, see its versions, download its PDF and withdraw it.

Team A ("Les Cartographes": Amina captain, Youssef member) has submitted an entry with a PDF. Each row is one
person; every one of them tries every action against team A's entry.
"""

from __future__ import annotations

import pytest

from showcase.challenges.tables import ChallengeRole, Entry, EntryVersion
from tests.conftest import soup
from tests.integration.challenges.entries_support import browser, entry_fields, real_pdf, setup_team
from tests.integration.challenges.helpers import make_team, register
from tests.support import create_user, csrf_token, log_in, submit

pytestmark = pytest.mark.anyio

LOGIN = "/account/login?next=/challenges/hack-mobilite/"
TEAM_SPACE = "/challenges/hack-mobilite/team"

# persona: (open the form, save/submit, versions of team A, download team A's PDF, withdraw)
MATRIX = {
    "visitor": (302, 401, 302, 404, 401),
    "member": (403, 403, 403, 404, 403),
    "participant": (303, 303, 403, 404, 403),
    "team_member": (200, 303, 200, 200, 403),
    "captain": (200, 303, 200, 200, 303),
    "other_team": (200, 303, 200, 404, 303),
    "organizer": (403, 403, 200, 200, 403),
    "co_organizer": (403, 403, 200, 200, 403),
    "admin": (403, 403, 200, 200, 403),
}
EMAILS = {"member": "omar@example.ma", "participant": "salma@example.ma", "team_member": "youssef@example.ma",
          "captain": "amina@example.ma", "other_team": "karim@example.ma", "organizer": "nadia@example.ma",
          "co_organizer": "hind@example.ma", "admin": "admin@example.ma"}


async def people(challenge_id: int) -> None:
    await create_user("omar@example.ma", name="Omar")
    salma = await create_user("salma@example.ma", name="Salma")
    await register(challenge_id, salma)
    karim = await create_user("karim@example.ma", name="Karim")
    await make_team(challenge_id, karim, name="Les Rivaux")
    await create_user("admin@example.ma", name="Admin", roles=("admin",))


@pytest.mark.parametrize("persona", list(MATRIX))
async def test_entry_permission_matrix(client, app, persona):
    organizer = await create_user("nadia@example.ma", name="Nadia")
    co_organizer = await create_user("hind@example.ma", name="Hind")
    setup = await setup_team(client, organizer_id=organizer, co_organizer_ids=(co_organizer,))
    await people(setup.challenge["id"])
    pdf_question = setup.questions["pdf"]
    pdf = real_pdf()
    response = await submit(client, setup.url, entry_fields(setup), files={
        f"q_{pdf_question}_file": ("dossier.pdf", pdf, "application/pdf")})
    assert response.status_code == 303
    entry_id = (await Entry.select(Entry.id).where(Entry.team == setup.team).first())["id"]
    expected = MATRIX[persona]

    async with await browser(app) as person:
        if persona != "visitor":
            await log_in(person, EMAILS[persona])
        token = csrf_token((await person.get("/account/login")).text)

        form = await person.get(setup.url, follow_redirects=False)
        assert form.status_code == expected[0]
        if expected[0] == 302:
            assert form.headers["location"].startswith(LOGIN)
        if expected[0] == 303:
            assert form.headers["location"] == TEAM_SPACE
        if persona == "other_team":
            assert soup(form.text).select_one(".entry-team strong").get_text(strip=True) == "Les Rivaux"

        fields = {"action": "draft", "reuse": ""}
        if persona in ("team_member", "captain"):  # the page's hidden fields keep the PDF, as in a browser
            hidden = {i["name"]: i["value"] for i in soup(form.text).select("input[type=hidden]")}
            fields = {**entry_fields(setup), **{k: v for k, v in hidden.items() if k.startswith(f"q_{pdf_question}_")}}
        change = await person.post(setup.url, data={**fields, "_csrf_token": token}, follow_redirects=False)
        assert change.status_code == expected[1]

        versions = await person.get(f"{setup.url}/versions?team={setup.team}", follow_redirects=False)
        assert versions.status_code == expected[2]
        if expected[2] == 200 and persona != "other_team":
            assert len(soup(versions.text).select(".versions-table tbody tr")) >= 1
        if persona == "other_team":  # their own entry's page, not team A's
            assert soup(versions.text).select(".versions-table") == []

        download = await person.get(f"/challenges/hack-mobilite/entries/{entry_id}/files/{pdf_question}")
        assert download.status_code == expected[3]
        if expected[3] == 200:
            assert download.content == pdf
            assert download.headers["content-type"] == "application/pdf"
            assert download.headers["content-disposition"] == (
                "attachment; filename=\"dossier.pdf\"; filename*=UTF-8''dossier.pdf")
            assert download.headers["x-content-type-options"] == "nosniff"

        withdraw = await person.post(f"{setup.url}/withdraw", data={"confirm": "yes", "_csrf_token": token},
                                     follow_redirects=False)
        assert withdraw.status_code == expected[4]

    entry = await Entry.select(Entry.status, Entry.version).where(Entry.id == entry_id).first()
    edits_team_a = persona in ("team_member", "captain")
    assert entry == {"status": "withdrawn" if persona == "captain" else "submitted", "version": 2 if edits_team_a else 1}
    assert await EntryVersion.count().where(EntryVersion.entry == entry_id) == entry["version"]


async def test_organizers_of_another_challenge_cannot_download(client, app):
    setup = await setup_team(client)
    await submit(client, setup.url, entry_fields(setup), files={
        f"q_{setup.questions['pdf']}_file": ("dossier.pdf", real_pdf(), "application/pdf")})
    entry_id = (await Entry.select(Entry.id).first())["id"]
    from tests.integration.challenges.helpers import make_challenge

    elsewhere = await make_challenge(slug="autre-defi", datasets=(), questions=False)
    stranger = await create_user("nadia@example.ma", name="Nadia")
    await ChallengeRole(challenge=elsewhere["id"], user=stranger, role="organizer",
                        key=f"{elsewhere['id']}:{stranger}").save()
    async with await browser(app) as person:
        await log_in(person, "nadia@example.ma")
        assert (await person.get(f"/challenges/hack-mobilite/entries/{entry_id}/files/{setup.questions['pdf']}")
                ).status_code == 404
        # and the entry is not reachable through the other challenge's address either
        assert (await person.get(f"/challenges/autre-defi/entries/{entry_id}/files/{setup.questions['pdf']}")
                ).status_code == 404


async def test_a_non_ascii_file_name_is_sanitised_for_the_download(client):
    setup = await setup_team(client)
    await submit(client, setup.url, entry_fields(setup, action="draft"), files={
        f"q_{setup.questions['pdf']}_file": ('C:\\Users\\x\\عرض "final".PDF', real_pdf(), "application/pdf")})
    entry_id = (await Entry.select(Entry.id).first())["id"]
    download = await client.get(f"/challenges/hack-mobilite/entries/{entry_id}/files/{setup.questions['pdf']}")
    assert download.headers["content-disposition"] == (
        "attachment; filename=\"___ final.pdf\"; filename*=UTF-8''%D8%B9%D8%B1%D8%B6%20final.pdf")
