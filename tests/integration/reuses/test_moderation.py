"""The moderation workflow through the pages: request changes, fix, publish, e-mails, reports, deletion."""

import pytest
from litestar.testing import AsyncTestClient

from showcase.reuses.tables import AbuseReport, Reuse, ReuseSlugRedirect
from tests.conftest import soup
from tests.integration.reuses.helpers import author_and_reuse, form
from tests.support import create_user, log_in, outbox, submit

pytestmark = pytest.mark.anyio


async def act(client, slug, action, message=""):
    return await submit(client, f"/reuses/{slug}", {"action": action, "message": message},
                        action=f"/reuses/{slug}/action")


async def test_request_changes_fix_and_publish(client, app):
    slug = await author_and_reuse(client)
    await create_user("moderator@example.ma", name="Salma", roles=("moderator",), locale="ar")
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as moderator:
        moderator.headers["Accept-Language"] = "en"
        await log_in(moderator, "moderator@example.ma")
        queue = soup((await moderator.get("/manage/reuses")).text)
        assert [a["href"] for a in queue.select(".reuse-card-title a")] == [f"/reuses/{slug}"]
        refused = await act(moderator, slug, "request_changes")
        assert (await Reuse.select(Reuse.status).first())["status"] == "submitted"  # a message is required
        assert refused.status_code == 302
        await act(moderator, slug, "request_changes", "Ajoutez une capture d’écran, merci.")
        assert (await Reuse.select(Reuse.status, Reuse.moderation_message).first()) == {
            "status": "changes_requested", "moderation_message": "Ajoutez une capture d’écran, merci."}
        mail = (await outbox("amina@example.ma"))[-1]
        assert (mail["template"], mail["locale"]) == ("reuse_changes_requested", "fr")
        assert "Ajoutez une capture d’écran, merci." in mail["body_text"]

        edit_page = soup((await client.get(f"/reuses/{slug}/edit")).text)
        assert "Ajoutez une capture d’écran, merci." in edit_page.select_one(".notice-warning").get_text()
        fixed = await submit(client, f"/reuses/{slug}/edit", form(title_fr="Routes du Maroc 2026"))
        assert fixed.headers["location"] == "/reuses/routes-du-maroc-2026"
        assert (await Reuse.select(Reuse.status).first())["status"] == "submitted"
        assert await ReuseSlugRedirect.select(ReuseSlugRedirect.old_slug) == [{"old_slug": "routes-du-maroc"}]
        old = await client.get("/reuses/routes-du-maroc", follow_redirects=False)
        assert (old.status_code, old.headers["location"]) == (301, "/reuses/routes-du-maroc-2026")

        await act(moderator, "routes-du-maroc-2026", "publish")
        row = await Reuse.select(Reuse.status, Reuse.published_at).first()
        assert row["status"] == "published" and row["published_at"] is not None
        assert (await outbox("amina@example.ma"))[-1]["template"] == "reuse_published"
    gallery = soup((await client.get("/reuses")).text)
    assert [a.get_text(strip=True) for a in gallery.select(".reuse-card-title a")] == ["Routes du Maroc 2026"]


async def test_text_edit_of_published_reuse_stays_online_but_new_datasets_go_back_to_review(client):
    slug = await author_and_reuse(client)
    await Reuse.update({Reuse.status: "published"}, force=True)
    await submit(client, f"/reuses/{slug}/edit", form(summary_fr="Nouveau résumé"))
    assert (await Reuse.select(Reuse.status).first())["status"] == "published"
    await submit(client, f"/reuses/{slug}/edit", form(datasets="reseau-routier-classe"))
    assert (await Reuse.select(Reuse.status).first())["status"] == "submitted"


async def test_author_cannot_publish_own_reuse(client):
    slug = await author_and_reuse(client)
    response = await act(client, slug, "publish")
    assert response.status_code == 403
    assert (await Reuse.select(Reuse.status).first())["status"] == "submitted"


async def test_deleted_reuse_answers_410(client):
    slug = await author_and_reuse(client, action="save")
    await act(client, slug, "delete")
    response = await client.get(f"/reuses/{slug}")
    assert response.status_code == 410


async def test_visitor_report_reaches_the_moderation_queue(client, app):
    slug = await author_and_reuse(client)
    await Reuse.update({Reuse.status: "published"}, force=True)
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as visitor:
        response = await submit(visitor, f"/reuses/{slug}", {"reason": "broken", "message": "Lien mort"},
                                action=f"/reuses/{slug}/report")
    assert response.status_code == 302
    assert await AbuseReport.select(AbuseReport.reason, AbuseReport.message, AbuseReport.status) == [
        {"reason": "broken", "message": "Lien mort", "status": "open"}]


async def test_views_are_counted_once_per_visitor_and_never_for_bots(client):
    slug = await author_and_reuse(client)
    await Reuse.update({Reuse.status: "published"}, force=True)
    browser = {"user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130"}
    for _ in range(3):
        await client.get(f"/reuses/{slug}", headers=browser)
    await client.get(f"/reuses/{slug}", headers={"user-agent": "Googlebot/2.1"})
    assert (await Reuse.select(Reuse.views).first())["views"] == 1


async def test_published_page_has_social_and_structured_data(client):
    slug = await author_and_reuse(client)
    await Reuse.update({Reuse.status: "published"}, force=True)
    page = soup((await client.get(f"/reuses/{slug}")).text)
    assert page.find("meta", property="og:title")["content"] == "Routes du Maroc"
    import json

    data = json.loads(page.find("script", type="application/ld+json").string)
    assert (data["@type"], data["name"], data["url"], len(data["isBasedOn"])) == (
        "SoftwareApplication", "Routes du Maroc", "https://routes.example.ma/", 2)
    link = page.select_one(".reuse-actions a.button-primary")
    assert (link["href"], link["rel"]) == ("https://routes.example.ma/", ["nofollow", "noopener"])
