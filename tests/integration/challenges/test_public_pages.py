"""The public challenge pages: /challenges grouped by phase in a fixed number of queries, a challenge's page
(call to action per person and phase, timeline in local time and UTC around the 2026 Ramadan clock change, the
deadline rule, texts, prizes, datasets, FAQ, updates, JSON-LD), drafts, old slugs, and the home page section."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from showcase.challenges.tables import Announcement, ChallengeSlugRedirect, Entry
from showcase.db import get_engine
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, make_team, register
from tests.integration.challenges.public_rows import make_entry, page_as
from tests.support import create_user, now

pytestmark = pytest.mark.anyio

DAY = timedelta(days=1)


def card_titles(section) -> list[str]:  # noqa: ANN001
    return [a.get_text(strip=True) for a in section.select(".challenge-card-title a")]


async def test_index_groups_published_challenges_by_phase_in_order(client):
    moment = now()
    await make_challenge(slug="open-later", phase="registration", title_fr="Ouvert, clôture dans 30 jours")
    await make_challenge(slug="open-soon", phase="submissions", title_fr="Ouvert, clôture dans 7 jours")
    await make_challenge(slug="open-first", phase="submissions", title_fr="Ouvert, clôture prolongée à 3 jours",
                         submissions_close_at=moment + 9 * DAY, deadline_override_at=moment + 3 * DAY)
    await make_challenge(slug="soon", phase="upcoming", title_fr="Bientôt, dans 2 jours")
    await make_challenge(slug="later", phase="upcoming", title_fr="Bientôt, dans 5 jours",
                         registration_opens_at=moment + 5 * DAY)
    await make_challenge(slug="screening", phase="screening", title_fr="En présélection")
    await make_challenge(slug="judging", phase="judging", title_fr="En jury")
    await make_challenge(slug="deliberation", phase="deliberation", title_fr="En délibération",
                         submissions_close_at=moment - 12 * DAY)
    await make_challenge(slug="past-old", phase="finished", title_fr="Terminé il y a 20 jours")
    await make_challenge(slug="past-new", phase="finished", title_fr="Terminé il y a 5 jours",
                         results_published_at=moment - 5 * DAY)
    await make_challenge(slug="brouillon", phase="draft", title_fr="Brouillon secret")

    page = soup((await client.get("/challenges")).text)
    groups = {section["id"]: section for section in page.select(".challenge-group")}
    assert list(groups) == ["group-open", "group-upcoming", "group-judging", "group-past"]
    assert [groups[g].select_one("h2").get_text(" ", strip=True) for g in groups] == [
        "Open 3", "Upcoming 2", "In judging 3", "Past 2"]
    assert card_titles(groups["group-open"]) == [
        "Ouvert, clôture prolongée à 3 jours", "Ouvert, clôture dans 7 jours", "Ouvert, clôture dans 30 jours"]
    assert card_titles(groups["group-upcoming"]) == ["Bientôt, dans 2 jours", "Bientôt, dans 5 jours"]
    assert card_titles(groups["group-judging"]) == ["En présélection", "En jury", "En délibération"]
    assert card_titles(groups["group-past"]) == ["Terminé il y a 5 jours", "Terminé il y a 20 jours"]
    assert "Brouillon secret" not in page.get_text()
    assert [b.get_text(strip=True) for b in groups["group-judging"].select(".phase-badge")] == [
        "Screening", "Judging", "Deliberation"]


async def test_a_card_shows_organizer_phase_countdown_prizes_tracks_and_teams(client):
    challenge = await make_challenge(slug="hack-mobilite", phase="submissions", organizer_name="Région de l'Oriental")
    for number in range(3):
        captain = await create_user(f"captain{number}@example.ma", name=f"Captain {number}")
        await make_team(challenge["id"], captain, name=f"Équipe {number}")
    card = soup((await client.get("/challenges")).text).select_one(".challenge-card")
    assert card.select_one(".challenge-card-title a")["href"] == "/challenges/hack-mobilite"
    assert card.select_one(".challenge-card-organizer").get_text(strip=True) == "Région de l'Oriental"
    assert card.select_one(".phase-badge").get_text(strip=True) == "Submissions open"
    countdown = card.select_one("[data-countdown]")
    assert countdown.select_one(".countdown-label").get_text(strip=True) == "Submission deadline"
    assert countdown["data-countdown"] == challenge["submissions_close_at"].astimezone(UTC).isoformat()
    assert countdown.select_one(".countdown-relative").get_text(strip=True) in ("in 1 week", "in 7 days")
    facts = [dd.get_text(strip=True) for dd in card.select(".challenge-card-facts dd")]
    assert facts == ["30,000\xa0MAD", "2", "3"]


async def test_phases_wait_for_screening_and_arabic_titles_show_in_arabic(client):
    challenge = await make_challenge(slug="jury", phase="judging", title_ar="تحدي الحكم")
    captain = await create_user("captain@example.ma")
    team = await make_team(challenge["id"], captain)
    await make_entry(challenge["id"], team, "Projet en attente", screening="pending")
    page = soup((await client.get("/challenges?lang=ar")).text)
    card = page.select_one("#group-judging .challenge-card")
    assert card.select_one(".challenge-card-title a").get_text(strip=True) == "تحدي الحكم"
    assert "phase-screening" in card.select_one(".phase-badge")["class"]  # judging waits for the screening


async def test_empty_index_says_so(client):
    page = soup((await client.get("/challenges")).text)
    assert page.select_one(".empty-state h2").get_text(strip=True) == "No challenge yet"


class QueryCounter:
    count = 0


@pytest.fixture
def count_queries(monkeypatch):
    counter = QueryCounter()
    engine_class = type(get_engine())
    original = engine_class.run_querystring

    async def counting(self, querystring, in_pool=False):  # noqa: ANN001, ANN202
        counter.count += 1
        return await original(self, querystring, in_pool=in_pool)

    monkeypatch.setattr(engine_class, "run_querystring", counting)
    return counter


async def index_queries(client, counter) -> int:  # noqa: ANN001
    counter.count = 0
    response = await client.get("/challenges")
    assert response.status_code == 200
    return counter.count


async def test_index_costs_the_same_queries_for_3_or_30_challenges(client, count_queries):
    phases = ("registration", "submissions", "upcoming", "screening", "judging", "finished")
    captain = await create_user("captain@example.ma")
    for number in range(3):
        challenge = await make_challenge(slug=f"c{number}", phase=phases[number % 6], datasets=(), questions=False)
        await make_team(challenge["id"], captain, name=f"Équipe {number}")
    small = await index_queries(client, count_queries)
    for number in range(3, 30):
        challenge = await make_challenge(slug=f"c{number}", phase=phases[number % 6], datasets=(), questions=False,
                                         tracks=number % 4)
        await make_team(challenge["id"], captain, name=f"Équipe {number}")
    large = await index_queries(client, count_queries)
    assert (small, large) == (4, 4)  # challenges, tracks, teams and undecided entries, each grouped once
    assert len(soup((await client.get("/challenges")).text).select(".challenge-card")) == 30


# --- a challenge's page: the call to action --------------------------------------------------------------------

PERSONAS = ("visitor", "member", "participant", "team_member", "team_member_draft", "team_member_submitted",
            "organizer", "co_organizer", "admin")
EXPECTED = {
    "registration": {
        "visitor": ["login"], "member": ["register"], "participant": ["team"], "team_member": ["team_space"],
        "team_member_draft": ["team_space"], "team_member_submitted": ["team_space"],
        "organizer": ["manage"], "co_organizer": ["manage"], "admin": ["manage"],
    },
    "submissions": {
        "visitor": ["login"], "member": ["register"], "participant": ["team"],
        "team_member": ["submit", "team_space"], "team_member_draft": ["submit", "team_space"],
        "team_member_submitted": ["update", "team_space"],
        "organizer": ["manage"], "co_organizer": ["manage"], "admin": ["manage"],
    },
    "screening": {
        "visitor": [], "member": [], "participant": [], "team_member": ["team_space"],
        "team_member_draft": ["team_space"], "team_member_submitted": ["team_space"],
        "organizer": ["manage"], "co_organizer": ["manage"], "admin": ["manage"],
    },
    "finished": {
        "visitor": ["entries"], "member": ["entries"], "participant": ["entries"],
        "team_member": ["team_space", "entries"], "team_member_draft": ["team_space", "entries"],
        "team_member_submitted": ["team_space", "entries"],
        "organizer": ["manage", "entries"], "co_organizer": ["manage", "entries"], "admin": ["manage", "entries"],
    },
}
LABELS = {"login": "Log in to register", "register": "Register", "team": "Create or join a team",
          "team_space": "Your team space", "submit": "Submit your entry", "update": "Update your entry",
          "manage": "Manage", "entries": "See the entries"}
HREFS = {"login": "/account/login?next=/challenges/hack/register", "register": "/challenges/hack/register",
         "team": "/challenges/hack/team", "team_space": "/challenges/hack/team", "submit": "/challenges/hack/submit",
         "update": "/challenges/hack/submit", "manage": "/manage/challenges/hack",
         "entries": "/challenges/hack/entries"}


async def cast(phase: str) -> dict[str, str | None]:
    """A challenge in `phase` and one person of each kind: persona -> e-mail (None for the visitor)."""
    people = {persona: f"{persona.replace('_', '-')}@example.ma" for persona in PERSONAS if persona != "visitor"}
    ids = {persona: await create_user(email, name=persona.title(), roles=("admin",) if persona == "admin" else ())
           for persona, email in people.items()}
    challenge = await make_challenge(slug="hack", phase=phase, organizer_id=ids["organizer"],
                                     co_organizer_ids=(ids["co_organizer"],), entries_public=phase == "finished")
    await register(challenge["id"], ids["participant"])
    await make_team(challenge["id"], ids["team_member"], name="Sans entrée")
    draft_team = await make_team(challenge["id"], ids["team_member_draft"], name="Brouillon")
    await make_entry(challenge["id"], draft_team, "Entrée brouillon", status="draft", screening="pending")
    if phase != "registration":
        submitted_team = await make_team(challenge["id"], ids["team_member_submitted"], name="Soumise")
        await make_entry(challenge["id"], submitted_team, "Entrée soumise")
    else:  # nothing can be submitted before submissions open: a draft
        team = await make_team(challenge["id"], ids["team_member_submitted"], name="Autre brouillon")
        await make_entry(challenge["id"], team, "Autre brouillon", status="draft", screening="pending")
    return {"visitor": None, **people}


@pytest.mark.parametrize("phase", list(EXPECTED))
async def test_each_person_sees_exactly_their_call_to_action(app, phase):
    people = await cast(phase)
    for persona, email in people.items():
        response = await page_as(app, email, "/challenges/hack")
        assert response.status_code == 200, (persona, response.status_code)
        page = soup(response.text)
        actions = page.select(".challenge-actions [data-action]")
        kinds = [a["data-action"] for a in actions]
        assert kinds == EXPECTED[phase][persona], (phase, persona, kinds)
        assert [a.get_text(strip=True) for a in actions] == [LABELS[k] for k in kinds], (phase, persona)
        assert [a["href"] for a in actions] == [HREFS[k] for k in kinds], (phase, persona)
        closed = page.select_one(".challenge-closed")
        assert (closed.get_text(strip=True) if closed else None) == (
            "Submissions are closed" if phase in ("screening", "finished") else None), (phase, persona)


async def test_upcoming_challenge_offers_no_action_yet_but_counts_down(client):
    await make_challenge(slug="hack", phase="upcoming")
    page = soup((await client.get("/challenges/hack")).text)
    assert page.select(".challenge-actions [data-action]") == []
    assert page.select_one(".countdown .countdown-label").get_text(strip=True) == "Registration opens"


# --- the timeline and the deadline rule ------------------------------------------------------------------------


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


RAMADAN = {  # Africa/Casablanca: UTC+0 during Ramadan 2026 (25 February), UTC+1 again by 25 March
    "registration_opens_at": at(2026, 1, 15, 9), "submissions_open_at": at(2026, 2, 1, 9),
    "submissions_close_at": at(2026, 2, 25, 17), "judging_opens_at": at(2026, 3, 25, 16),
    "judging_closes_at": at(2026, 4, 5, 17), "results_at": at(2026, 4, 10, 17),
    "results_published_at": at(2026, 4, 10, 17),
}


def text(element) -> str:  # noqa: ANN001
    """The element's text as read: runs of ASCII spaces and newlines made one (narrow no-break spaces kept)."""
    return re.sub(r"[ \t\n]+", " ", element.get_text()).strip()


def milestones(page) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    """milestone -> (local time with its offset, UTC), as written on the page."""
    return {li["data-milestone"]: (text(li.select_one(".challenge-time")), text(li.select_one(".time-utc")))
            for li in page.select(".challenge-timeline li")}


async def test_timeline_shows_local_time_with_its_offset_and_utc_across_ramadan(client):
    await make_challenge(slug="ramadan", phase="finished", **RAMADAN)
    page = soup((await client.get("/challenges/ramadan")).text)
    shown = milestones(page)
    assert list(shown) == ["registration_opens", "submissions_open", "submissions_close", "judging_opens",
                           "judging_closes", "results"]
    assert shown["submissions_close"] == ("Feb 25, 2026, 5:00:00\u202fPM (UTC+0)", "UTC Feb 25, 2026, 5:00:00\u202fPM")
    assert shown["judging_opens"] == ("Mar 25, 2026, 5:00:00\u202fPM (UTC+1)", "UTC Mar 25, 2026, 4:00:00\u202fPM")
    assert shown["registration_opens"] == ("Jan 15, 2026, 10:00:00\u202fAM (UTC+1)",
                                           "UTC Jan 15, 2026, 9:00:00\u202fAM")
    current = page.select_one(".challenge-timeline [aria-current=step]")
    assert current["data-milestone"] == "results"
    assert current.select_one(".milestone-now").get_text(strip=True) == "Now: Finished"
    assert page.select_one(".deadline-rule").get_text(strip=True) == (
        "Entries were accepted until Feb 25, 2026, 5:00:00\u202fPM (Africa/Casablanca, UTC+0) = "
        "Feb 25, 2026, 5:00:00\u202fPM UTC; since that second, they are refused.")


async def test_timeline_in_french_marks_the_current_phase(client):
    await make_challenge(slug="ramadan", phase="finished", **RAMADAN)
    page = soup((await client.get("/challenges/ramadan?lang=fr")).text)
    shown = milestones(page)
    assert shown["submissions_close"] == ("25 févr. 2026, 17:00:00 (UTC+0)", "UTC 25 févr. 2026, 17:00:00")
    assert shown["judging_opens"] == ("25 mars 2026, 17:00:00 (UTC+1)", "UTC 25 mars 2026, 16:00:00")


async def test_deadline_rule_in_the_submissions_phase(client):
    moment = now()
    await make_challenge(slug="hack", phase="submissions", submissions_close_at=at(2035, 7, 1, 16),
                         judging_opens_at=at(2035, 7, 5, 8), judging_closes_at=at(2035, 7, 20, 17),
                         results_at=at(2035, 7, 25, 17))
    page = soup((await client.get("/challenges/hack")).text)
    assert page.select_one(".deadline-rule").get_text(strip=True) == (
        "Entries are accepted until Jul 1, 2035, 5:00:00\u202fPM (Africa/Casablanca, UTC+1) = "
        "Jul 1, 2035, 4:00:00\u202fPM UTC; from that second on, they are refused.")
    current = page.select_one(".challenge-timeline [aria-current=step]")
    assert current["data-milestone"] == "submissions_open"
    assert current.select_one(".milestone-now").get_text(strip=True) == "Now"
    assert moment < at(2035, 7, 1, 16)


async def test_an_extended_deadline_is_the_one_shown_and_marked(client):
    moment = now()
    await make_challenge(slug="hack", phase="submissions", submissions_close_at=moment + 2 * DAY,
                         deadline_override_at=at(2035, 7, 1, 16))
    page = soup((await client.get("/challenges/hack")).text)
    deadline = page.select_one("[data-milestone=submissions_close]")
    assert text(deadline.select_one(".challenge-time")) == "Jul 1, 2035, 5:00:00\u202fPM (UTC+1)"
    assert deadline.select_one(".badge-warning").get_text(strip=True) == "Changed by the organizers"


# --- the page's content ----------------------------------------------------------------------------------------


async def test_page_shows_texts_prizes_datasets_faq_and_public_updates(client):
    challenge = await make_challenge(
        slug="hack", phase="submissions", description_fr="Construisez des **services**.",
        faq_fr="Avant tout, lisez le règlement.\n\n## Qui peut participer ?\nToute personne majeure.\n\n"
               "## Faut-il coder ?\nNon, une **étude** suffit.", resources_fr="- [Portail](https://data.gov.ma)")
    await Announcement(challenge=challenge["id"], subject="Atelier samedi", body="Rendez-vous à **10 h**.",
                       audience="registered").save()
    await Announcement(challenge=challenge["id"], subject="Réservé aux équipes", body="Privé.",
                       audience="teams").save()
    team = await make_team(challenge["id"], await create_user("captain@example.ma"))
    await make_entry(challenge["id"], team, "Carte")
    await register(challenge["id"], await create_user("solo@example.ma"))
    page = soup((await client.get("/challenges/hack")).text)
    assert page.select_one("h1").get_text(strip=True) == "Hackathon mobilité"
    assert page.select_one(".challenge-hero .lead").get_text(strip=True) == "Des applications sur les routes du Maroc."
    assert page.select_one(".challenge-organizer bdi").get_text(strip=True) == "Agence du numérique"
    assert page.select_one("section[aria-labelledby=about-title] .prose strong").get_text() == "services"
    assert [(card.select_one(".track-name").get_text(strip=True), card.select_one(".track-amount").get_text(strip=True),
             card.select_one(".track-winners").get_text(strip=True)) for card in page.select(".track-card")] == [
        ("Piste 1", "10,000\xa0MAD", "1 winner"), ("Piste 2", "20,000\xa0MAD", "1 winner")]
    assert page.select_one(".prize-total strong").get_text(strip=True) == "30,000\xa0MAD"
    assert [a["href"] for a in page.select(".dataset-card-title a")] == [
        "/datasets/reseau-routier-classe", "/datasets/population-legale-regions-provinces-rgph-2024"]
    assert page.select_one(".dataset-card-producer").get_text(strip=True) == "Ministère de l'Équipement et de l'Eau"
    assert [d.select_one("summary").get_text(strip=True) for d in page.select(".faq details")] == [
        "Qui peut participer ?", "Faut-il coder ?"]
    assert page.select(".faq details")[1].select_one("strong").get_text() == "étude"
    assert page.select_one(".faq > .prose").get_text(strip=True) == "Avant tout, lisez le règlement."
    assert [h.get_text(strip=True) for h in page.select(".challenge-update h3")] == ["Atelier samedi"]
    assert "jury" not in page.select_one(".challenge-main").get_text().lower()
    facts = [page.select_one(f".fact-{name}").get_text(strip=True) for name in ("registrations", "teams", "entries")]
    assert facts == ["2", "1", "1"]


async def test_faq_without_questions_is_shown_as_text(client):
    await make_challenge(slug="hack", phase="submissions", faq_fr="Écrivez-nous à **contact@example.ma**.")
    page = soup((await client.get("/challenges/hack")).text)
    assert page.select(".faq details") == []
    assert text(page.select_one(".faq .prose")) == "Écrivez-nous à contact@example.ma."


async def test_arabic_readers_get_arabic_texts_and_french_when_there_is_none(client):
    await make_challenge(slug="hack", phase="submissions", description_ar="ابنوا **خدمات**.")
    page = soup((await client.get("/challenges/hack?lang=ar")).text)
    assert page.select_one("html")["dir"] == "rtl"
    assert page.select_one("h1").get_text(strip=True) == "هاكاثون التنقل"
    about = page.select_one("section[aria-labelledby=about-title] .prose")
    assert (about["lang"], about["dir"], text(about)) == ("ar", "rtl", "ابنوا خدمات.")
    rules = page.select_one("section[aria-labelledby=rules-title] .prose")
    assert (rules["lang"], rules["dir"], rules.get_text(strip=True)) == ("fr", "ltr", "Une équipe, une entrée.")


async def test_json_ld_event_and_opengraph(client):
    await make_challenge(slug="hack", phase="submissions", title_fr="Défi </script><!--<script> & co",
                         **{name: value for name, value in RAMADAN.items() if name != "results_published_at"}
                         | {"submissions_close_at": at(2035, 7, 1, 16), "judging_opens_at": at(2035, 7, 5, 8),
                            "judging_closes_at": at(2035, 7, 20, 17), "results_at": at(2035, 7, 25, 17)})
    html = (await client.get("/challenges/hack")).text
    page = soup(html)
    script = page.select_one("script[type='application/ld+json']").string
    assert "<" not in script and ">" not in script and "&" not in script
    data = json.loads(script)
    assert data == {
        "@context": "https://schema.org", "@type": "Event", "name": "Défi </script><!--<script> & co",
        "alternateName": "هاكاثون التنقل", "description": "Des applications sur les routes du Maroc.",
        "url": "http://testserver.local/challenges/hack", "startDate": "2026-01-15T09:00:00+00:00",
        "endDate": "2035-07-25T17:00:00+00:00", "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": "http://testserver.local/challenges/hack"},
        "organizer": {"@type": "Organization", "name": "Agence du numérique"}, "inLanguage": ["fr", "ar"],
    }
    assert page.select_one("meta[property='og:title']")["content"] == "Défi </script><!--<script> & co"
    assert page.select_one("meta[property='og:url']")["content"] == "http://testserver.local/challenges/hack"
    assert page.select_one("meta[property='og:description']")["content"] == "Des applications sur les routes du Maroc."


# --- drafts and old slugs --------------------------------------------------------------------------------------


async def test_drafts_are_404_except_for_their_organizers_who_see_a_notice(app):
    organizer = await create_user("organizer@example.ma")
    co_organizer = await create_user("co@example.ma")
    await create_user("member@example.ma")
    await create_user("admin@example.ma", roles=("admin",))
    await make_challenge(slug="secret", phase="draft", organizer_id=organizer, co_organizer_ids=(co_organizer,))
    for email in (None, "member@example.ma"):
        for url in ("/challenges/secret", "/challenges/secret/entries"):
            assert (await page_as(app, email, url)).status_code == 404, (email, url)
    for email in ("organizer@example.ma", "co@example.ma", "admin@example.ma"):
        response = await page_as(app, email, "/challenges/secret")
        assert response.status_code == 200, email
        page = soup(response.text)
        assert text(page.select_one(".challenge-draft-notice")) == (
            "Draft. This challenge is not published: only its organizers see this page.")
        assert page.select_one("meta[name=robots]")["content"] == "noindex, nofollow"
        assert page.select("script[type='application/ld+json']") == []


async def test_an_old_slug_moves_for_good(client):
    challenge = await make_challenge(slug="hack-2026", phase="finished", entries_public=True)
    await ChallengeSlugRedirect(old_slug="hack", challenge=challenge["id"]).save()
    for old, new in (("/challenges/hack", "/challenges/hack-2026"),
                     ("/challenges/hack/entries", "/challenges/hack-2026/entries"),
                     ("/challenges/hack/entries/7", "/challenges/hack-2026/entries/7")):
        response = await client.get(old, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (301, new)
    assert (await client.get("/challenges/nothing-here")).status_code == 404


# --- the home page ---------------------------------------------------------------------------------------------


async def test_home_shows_up_to_three_open_or_upcoming_challenges(client):
    assert soup((await client.get("/")).text).select(".home-challenges") == []
    moment = now()
    await make_challenge(slug="a", phase="submissions", title_fr="Clôture dans 7 jours")
    await make_challenge(slug="b", phase="registration", title_fr="Clôture dans 30 jours")
    await make_challenge(slug="c", phase="submissions", title_fr="Clôture dans 2 jours",
                         submissions_close_at=moment + 2 * DAY)
    await make_challenge(slug="d", phase="upcoming", title_fr="Bientôt")
    await make_challenge(slug="e", phase="finished", title_fr="Fini")
    section = soup((await client.get("/")).text).select_one(".home-challenges")
    assert section.select_one("h2").get_text(strip=True) == "Open challenges"
    assert card_titles(section) == ["Clôture dans 2 jours", "Clôture dans 7 jours", "Clôture dans 30 jours"]


async def test_home_section_lists_upcoming_ones_when_few_are_open(client):
    await make_challenge(slug="a", phase="submissions", title_fr="Ouvert")
    await make_challenge(slug="d", phase="upcoming", title_fr="Bientôt")
    await make_challenge(slug="e", phase="judging", title_fr="En jury")
    section = soup((await client.get("/")).text).select_one(".home-challenges")
    assert card_titles(section) == ["Ouvert", "Bientôt"]


async def test_submitted_entries_count_is_not_confused_by_other_challenges(client):
    first = await make_challenge(slug="a", phase="judging", title_fr="Premier")
    second = await make_challenge(slug="b", phase="judging", title_fr="Second", datasets=())
    captain = await create_user("captain@example.ma")
    team = await make_team(second["id"], captain)
    await make_entry(second["id"], team, "Attente", screening="needs_info")
    page = soup((await client.get("/challenges")).text)
    badges = {card.select_one(".challenge-card-title a").get_text(strip=True): card.select_one(".phase-badge")
              .get_text(strip=True) for card in page.select(".challenge-card")}
    assert badges == {"Premier": "Judging", "Second": "Screening"}
    assert await Entry.count().where(Entry.challenge == first["id"]) == 0
