"""The challenges API: the published ones by listing group and page, one with its timeline in UTC, its entries
once the gallery is open; drafts do not exist; the OpenAPI schema describes it all."""

from datetime import UTC, datetime, timedelta

import pytest

from showcase.challenges.tables import ChallengeTheme, Registration
from showcase.portal.tables import Theme
from tests.integration.challenges.helpers import make_challenge, make_team, register
from tests.integration.challenges.public_rows import make_entry
from tests.support import create_user, now

pytestmark = pytest.mark.anyio

DAY = timedelta(days=1)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


FINISHED = {
    "registration_opens_at": at(2026, 1, 15, 9), "submissions_open_at": at(2026, 2, 1, 9),
    "submissions_close_at": at(2026, 2, 25, 17), "judging_opens_at": at(2026, 3, 25, 16),
    "judging_closes_at": at(2026, 4, 5, 17), "results_at": at(2026, 4, 10, 17),
    "results_published_at": at(2026, 4, 10, 17, 30),
}


async def test_list_groups_and_filters_published_challenges(client):
    moment = now()
    await make_challenge(slug="open", phase="submissions", title_fr="Ouvert", datasets=())
    await make_challenge(slug="upcoming", phase="upcoming", title_fr="Bientôt", datasets=())
    await make_challenge(slug="past", phase="finished", title_fr="Fini", datasets=(), **FINISHED)
    await make_challenge(slug="draft", phase="draft", title_fr="Brouillon", datasets=())
    body = (await client.get("/api/v1/challenges")).json()
    assert [(c["slug"], c["phase"], c["group"]) for c in body["data"]] == [
        ("open", "submissions", "open"), ("upcoming", "upcoming", "upcoming"), ("past", "finished", "past")]
    assert (body["page"], body["page_size"], body["total"], body["next_page"]) == (1, 20, 3, None)
    past = body["data"][2]
    assert past == {
        "slug": "past", "page": "http://testserver.local/challenges/past", "title_fr": "Fini",
        "title_ar": "هاكاثون التنقل", "summary_fr": "Des applications sur les routes du Maroc.",
        "summary_ar": "تطبيقات حول طرق المغرب.", "organizer": "Agence du numérique", "phase": "finished",
        "group": "past", "time_zone": "Africa/Casablanca", "submission_deadline": "2026-02-25T17:00:00Z",
        "next_milestone": None, "prize_total_mad": 30000, "tracks": 2, "teams": 0, "entries_public": False,
        "cover": None,
    }
    opened = body["data"][0]
    assert opened["next_milestone"]["name"] == "submissions_close"
    assert opened["next_milestone"]["at"] == opened["submission_deadline"]
    assert datetime.fromisoformat(opened["submission_deadline"]) > moment
    only_open = (await client.get("/api/v1/challenges?group=open")).json()
    assert [c["slug"] for c in only_open["data"]] == ["open"]
    assert (await client.get("/api/v1/challenges?group=nonsense")).status_code == 400


async def test_list_is_paginated(client):
    for number in range(3):
        await make_challenge(slug=f"c{number}", phase="submissions", datasets=(), questions=False,
                             submissions_close_at=now() + (number + 2) * DAY)
    first = (await client.get("/api/v1/challenges?page_size=2")).json()
    assert [c["slug"] for c in first["data"]] == ["c0", "c1"]
    assert (first["total"], first["next_page"]) == (3, "http://testserver.local/api/v1/challenges?page=2&page_size=2")
    second = (await client.get("/api/v1/challenges?page=2&page_size=2")).json()
    assert ([c["slug"] for c in second["data"]], second["next_page"]) == (["c2"], None)


async def test_one_challenge_with_timeline_in_utc_tracks_datasets_and_counts(client):
    challenge = await make_challenge(slug="education", phase="finished", faq_fr="## Qui ?\nTous.", **FINISHED)
    theme = await Theme.select(Theme.id).where(Theme.name == "transport").first()
    if theme is None:
        theme_row = Theme(portal_id="t-transport", name="transport", title_fr="Transport", title_ar="النقل")
        await theme_row.save()
        theme = {"id": theme_row.id}
    await ChallengeTheme(challenge=challenge["id"], theme=theme["id"]).save()
    captain = await create_user("captain@example.ma")
    solo = await create_user("solo@example.ma")
    team = await make_team(challenge["id"], captain)
    await register(challenge["id"], solo)
    await make_entry(challenge["id"], team, "Carte")
    body = (await client.get("/api/v1/challenges/education")).json()
    assert body["timeline"] == {
        "registration_opens_at": "2026-01-15T09:00:00Z", "submissions_open_at": "2026-02-01T09:00:00Z",
        "submissions_close_at": "2026-02-25T17:00:00Z", "submission_deadline": "2026-02-25T17:00:00Z",
        "judging_opens_at": "2026-03-25T16:00:00Z", "judging_closes_at": "2026-04-05T17:00:00Z",
        "voting_opens_at": None, "voting_closes_at": None, "results_at": "2026-04-10T17:00:00Z",
        "results_published_at": "2026-04-10T17:30:00Z",
    }
    assert (body["phase"], body["group"], body["time_zone"], body["next_milestone"]) == (
        "finished", "past", "Africa/Casablanca", None)
    assert body["tracks"] == [
        {"id": body["tracks"][0]["id"], "name_fr": "Piste 1", "name_ar": "المسار 1", "description_fr": "",
         "description_ar": "", "amount_mad": 10000, "winners": 1},
        {"id": body["tracks"][1]["id"], "name_fr": "Piste 2", "name_ar": "المسار 2", "description_fr": "",
         "description_ar": "", "amount_mad": 20000, "winners": 1}]
    assert body["prize_total_mad"] == 30000
    assert body["datasets"] == ["reseau-routier-classe", "population-legale-regions-provinces-rgph-2024"]
    assert body["themes"] == ["transport"]
    assert body["counts"] == {"registrations": 2, "teams": 1, "submitted_entries": 1}
    assert await Registration.count().where(Registration.challenge == challenge["id"]) == 2
    assert (body["title_fr"], body["faq_fr"], body["rules_fr"], body["description_ar"]) == (
        "Hackathon mobilité", "## Qui ?\nTous.", "Une équipe, une entrée.", "")
    assert (body["min_team_size"], body["max_team_size"], body["entries_public"]) == (1, 3, False)


async def test_a_deadline_extension_shows_as_the_deadline_in_force(client):
    await make_challenge(slug="hack", phase="submissions", datasets=(), submissions_close_at=now() + 2 * DAY,
                         deadline_override_at=at(2035, 7, 1, 16))
    body = (await client.get("/api/v1/challenges/hack")).json()
    assert body["timeline"]["submission_deadline"] == "2035-07-01T16:00:00Z"
    assert body["next_milestone"] == {"name": "submissions_close", "at": "2035-07-01T16:00:00Z"}


async def test_drafts_and_unknown_slugs_are_404(client):
    await make_challenge(slug="secret", phase="draft", datasets=())
    for url in ("/api/v1/challenges/secret", "/api/v1/challenges/secret/entries", "/api/v1/challenges/none"):
        response = await client.get(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("application/json")


async def test_entries_are_404_until_the_gallery_opens_then_the_gallery_fields(client):
    challenge = await make_challenge(slug="hack", phase="finished", **FINISHED)
    rows = {}
    for number, (title, status, screening, tracks) in enumerate([
            ("Carte des routes", "submitted", "eligible", (0, 1)), ("Hors sujet", "submitted", "ineligible", (0,)),
            ("Brouillon", "draft", "pending", (0,)), ("Bus", "submitted", "pending", (1,))]):
        captain = await create_user(f"c{number}@example.ma")
        team = await make_team(challenge["id"], captain, name=f"Équipe {number}")
        rows[title] = await make_entry(challenge["id"], team, title, status=status, screening=screening,
                                       track_positions=tracks, reuse_status="draft" if title == "Bus" else "published")
    assert (await client.get("/api/v1/challenges/hack/entries")).status_code == 404
    from showcase.challenges.tables import Challenge

    await Challenge.update({Challenge.entries_public: True}).where(Challenge.id == challenge["id"])
    body = (await client.get("/api/v1/challenges/hack/entries")).json()
    assert [entry["title_fr"] for entry in body] == ["Carte des routes", "Bus"]
    first = body[0]
    submitted_at = first.pop("submitted_at")
    assert datetime.fromisoformat(submitted_at).tzinfo is not None and submitted_at.endswith("Z")
    tracks = first.pop("tracks")
    assert [(t["name_fr"], t["name_ar"]) for t in tracks] == [("Piste 1", "المسار 1"), ("Piste 2", "المسار 2")]
    assert first == {
        "id": rows["Carte des routes"],
        "page": f"http://testserver.local/challenges/hack/entries/{rows['Carte des routes']}",
        "team": "Équipe 0", "title_fr": "Carte des routes", "title_ar": "", "summary_fr": "Résumé de Carte des routes.",
        "summary_ar": "", "cover": None, "reuse": "http://testserver.local/reuses/carte-des-routes",
    }
    assert body[1]["reuse"] is None  # its reuse is not published
    assert "answers" not in first
    by_track = (await client.get(f"/api/v1/challenges/hack/entries?track={tracks[1]['id']}")).json()
    assert [entry["title_fr"] for entry in by_track] == ["Carte des routes", "Bus"]
    by_first = (await client.get(f"/api/v1/challenges/hack/entries?track={tracks[0]['id']}")).json()
    assert [entry["title_fr"] for entry in by_first] == ["Carte des routes"]


async def test_openapi_schema_describes_the_challenge_api(client):
    schema = (await client.get("/schema/openapi.json")).json()
    assert {"/api/v1/challenges", "/api/v1/challenges/{slug}", "/api/v1/challenges/{slug}/entries"} <= set(
        schema["paths"])
    components = schema["components"]["schemas"]
    assert {"ChallengePage", "ChallengeSummary", "ChallengeOut", "ChallengeEntryOut", "ChallengeTimeline"} <= set(
        components)
    assert set(components["ChallengeTimeline"]["properties"]) == {
        "registration_opens_at", "submissions_open_at", "submissions_close_at", "submission_deadline",
        "judging_opens_at", "judging_closes_at", "voting_opens_at", "voting_closes_at", "results_at",
        "results_published_at"}
    assert not any(path.startswith("/challenges") for path in schema["paths"])
