"""Creating, showing and editing a startup profile through the pages."""

import pytest

from showcase.startups.tables import Startup, StartupMember, StartupSlugRedirect
from tests.conftest import soup
from tests.integration.startups.helpers import create_startup, form, owner_client
from tests.support import create_user, log_in, submit

pytestmark = pytest.mark.anyio


async def test_create_startup_makes_creator_owner(client):
    user_id = await owner_client(client)
    response = await submit(client, "/startups/new", form())
    assert (response.status_code, response.headers["location"]) == (302, "/startups/souss-agri-data")
    row = await Startup.select(
        Startup.name, Startup.slug, Startup.region, Startup.city, Startup.website, Startup.founded_year,
        Startup.team_size, Startup.stage, Startup.logo, Startup.search_key, Startup.created_by,
    ).first()
    assert row == {
        "name": "Souss Agri Data", "slug": "souss-agri-data", "region": "souss-massa", "city": "Agadir",
        "website": "https://soussagri.ma/", "founded_year": 2021, "team_size": 7, "stage": "early", "logo": "",
        "search_key": "souss agri data", "created_by": user_id,
    }
    members = await StartupMember.select(StartupMember.user, StartupMember.role)
    assert members == [{"user": user_id, "role": "owner"}]
    page = await client.get("/startups/souss-agri-data")
    assert "Your startup&#39;s profile is online. Invite your team from the Team page." in page.text


async def test_public_page_shows_the_profile(client, other_client):
    await owner_client(client)
    slug = await create_startup(client, website="https://SoussAgri.ma/fr?x=1#top")
    page = await other_client.get(f"/startups/{slug}")
    assert page.status_code == 200
    html = soup(page.text)
    assert html.h1.get_text() == "Souss Agri Data"
    assert (html.html["lang"], html.h1["dir"]) == ("en", "auto")
    descriptions = html.select(".startup-description")
    assert [(d["lang"], d["dir"], d.select_one(".startup-description-text").get_text()) for d in descriptions] == [
        ("fr", "ltr", "Des prévisions d’irrigation pour les agriculteurs du Souss à partir des données ouvertes."),
        ("ar", "rtl", "توقعات الري لفلاحي سوس انطلاقا من البيانات المفتوحة."),
    ]
    link = html.select_one(".startup-facts a")
    assert (link["href"], link["rel"]) == ("https://soussagri.ma/fr?x=1", ["nofollow", "noopener"])
    assert [m.select_one(".member-name").get_text() for m in html.select(".member")] == ["Amina El Idrissi"]
    assert html.select_one(".startup-actions") is None  # a visitor sees no edit link


async def test_public_page_facts_have_translated_labels(client, other_client):
    await owner_client(client)
    slug = await create_startup(client)
    page = await other_client.get(f"/startups/{slug}")
    facts = {div.dt.get_text(): div.dd.get_text() for div in soup(page.text).select(".startup-facts > div")}
    assert facts == {"Region": "Souss-Massa", "City": "Agadir", "Website": "soussagri.ma", "Founded": "2021",
                     "Team size": "7 people", "Stage": "Early stage"}


async def test_missing_description_keeps_typed_values(client):
    await owner_client(client)
    response = await submit(client, "/startups/new", form(description_fr="", description_ar="  "))
    assert response.status_code == 400
    html = soup(response.text)
    errors = {p["id"]: p.get_text() for p in html.select(".field-error")}
    assert errors == {
        "f-description_fr-error": "Describe the startup in French or in Arabic (or both).",
        "f-description_ar-error": "Describe the startup in French or in Arabic (or both).",
    }
    assert html.select_one("#f-name")["value"] == "Souss Agri Data"
    assert html.select_one("#f-website")["value"] == "soussagri.ma"
    assert html.select_one("#f-region option[selected]")["value"] == "souss-massa"
    assert await Startup.count() == 0


@pytest.mark.parametrize(("field", "value", "message"), [
    ("website", "javascript:alert(1)", "Enter a web address starting with http:// or https:// (example: https://example.ma)."),
    ("website", "ftp://example.ma", "Enter a web address starting with http:// or https:// (example: https://example.ma)."),
    ("website", "not a url", "Enter a web address starting with http:// or https:// (example: https://example.ma)."),
    ("founded_year", "1899", "Enter a year between 1900 and 2026."),
    ("founded_year", "20x1", "Enter a year between 1900 and 2026."),
    ("team_size", "0", "Enter a number of people between 1 and 10000."),
    ("team_size", "10001", "Enter a number of people between 1 and 10000."),
    ("region", "paris", "Choose the region from the list."),
    ("stage", "unicorn", "Choose the stage from the list."),
    ("name", "   ", "Enter the startup's name."),
    ("slug", "new", "This address is reserved. Choose another one."),
])
async def test_bad_field_is_explained(client, field, value, message):
    await owner_client(client)
    response = await submit(client, "/startups/new", form(**{field: value}))
    assert response.status_code == 400
    errors = {p["id"]: p.get_text() for p in soup(response.text).select(".field-error")}
    expected = message.replace("2026", str(__import__("datetime").datetime.now().year))
    assert errors == {f"f-{field}-error": expected}
    assert await Startup.count() == 0


async def test_slug_taken_is_refused_when_typed_and_suffixed_when_automatic(client):
    await owner_client(client)
    assert await create_startup(client) == "souss-agri-data"
    response = await submit(client, "/startups/new", form(name="Another", slug="Souss Agri Data"))
    assert response.status_code == 400
    errors = {p["id"]: p.get_text() for p in soup(response.text).select(".field-error")}
    assert errors == {"f-slug-error": "This address is already used by another startup. Choose another one."}
    assert await create_startup(client) == "souss-agri-data-2"


async def test_unverified_user_cannot_create(client):
    await create_user(verified=False)
    await log_in(client)
    page = await client.get("/startups/new")
    assert page.status_code == 403
    assert "Confirm your e-mail address before creating a startup profile." in page.text
    assert 'action="/account/verify/resend"' in page.text
    response = await submit(client, "/startups/new", form(), action="/startups/new")
    assert response.status_code == 403
    assert await Startup.count() == 0


async def test_anonymous_visitor_is_sent_to_login(client):
    response = await client.get("/startups/new", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (302, "/account/login?next=/startups/new")


async def test_edit_and_slug_rename_redirects_permanently(client):
    await owner_client(client)
    slug = await create_startup(client)
    response = await submit(client, f"/startups/{slug}/edit", form(name="Souss Agri", slug="souss-agri", city="Taroudant"))
    assert (response.status_code, response.headers["location"]) == (302, "/startups/souss-agri")
    old = await client.get("/startups/souss-agri-data", follow_redirects=False)
    assert (old.status_code, old.headers["location"]) == (301, "/startups/souss-agri")
    old_edit = await client.get("/startups/souss-agri-data/edit", follow_redirects=False)
    assert (old_edit.status_code, old_edit.headers["location"]) == (301, "/startups/souss-agri/edit")
    assert await StartupSlugRedirect.select(StartupSlugRedirect.old_slug) == [{"old_slug": "souss-agri-data"}]
    row = await Startup.select(Startup.name, Startup.city, Startup.search_key).first()
    assert row == {"name": "Souss Agri", "city": "Taroudant", "search_key": "souss agri"}

    # Going back to the first address: it is ours again, and the second one now redirects.
    await submit(client, "/startups/souss-agri/edit", form(slug="souss-agri-data"))
    back = await client.get("/startups/souss-agri", follow_redirects=False)
    assert (back.status_code, back.headers["location"]) == (301, "/startups/souss-agri-data")
    assert (await client.get("/startups/souss-agri-data")).status_code == 200
    assert await StartupSlugRedirect.select(StartupSlugRedirect.old_slug) == [{"old_slug": "souss-agri"}]


async def test_old_slug_of_another_startup_cannot_be_taken(client):
    await owner_client(client)
    slug = await create_startup(client)
    await submit(client, f"/startups/{slug}/edit", form(slug="souss-agri"))
    response = await submit(client, "/startups/new", form(name="Copycat", slug="souss-agri-data"))
    assert response.status_code == 400
    assert "This address is already used by another startup. Choose another one." in response.text


async def test_edit_errors_keep_typed_values(client):
    await owner_client(client)
    slug = await create_startup(client)
    response = await submit(client, f"/startups/{slug}/edit", form(name="Renamed", founded_year="3000"),
                            action=f"/startups/{slug}/edit")
    assert response.status_code == 400
    html = soup(response.text)
    assert html.select_one("#f-name")["value"] == "Renamed"
    assert html.select_one("#f-founded_year-error").get_text().startswith("Enter a year between 1900 and ")
    assert (await Startup.select(Startup.name).first())["name"] == "Souss Agri Data"


async def test_members_and_strangers_cannot_edit(client, other_client):
    await owner_client(client)
    slug = await create_startup(client)
    stranger = await create_user("karim@example.ma", name="Karim")
    await log_in(other_client, "karim@example.ma")
    assert (await other_client.get(f"/startups/{slug}/edit")).status_code == 403
    await StartupMember.insert(StartupMember(startup=(await Startup.select(Startup.id).first())["id"], user=stranger))
    assert (await other_client.get(f"/startups/{slug}/edit")).status_code == 403
    token_page = await other_client.get(f"/startups/{slug}")
    assert "/team" in token_page.text and f"/startups/{slug}/edit" not in token_page.text
    response = await submit(other_client, f"/startups/{slug}", form(name="Hijacked"), action=f"/startups/{slug}/edit")
    assert response.status_code == 403
    assert (await Startup.select(Startup.name).first())["name"] == "Souss Agri Data"


async def test_unknown_startup_is_404(client):
    assert (await client.get("/startups/nothing-here")).status_code == 404


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
async def test_every_page_renders_in_every_language(client, lang):
    await owner_client(client)
    slug = await create_startup(client, name="مدينتي", slug="madinati")
    await submit(client, f"/startups/{slug}/team", {"email": "friend@example.ma"}, action=f"/startups/{slug}/invitations")
    for path in ("/startups", f"/startups/{slug}", f"/startups/{slug}/edit", f"/startups/{slug}/team", "/startups/new",
                 "/account/startups", "/startups?q=x&region=oriental&stage=idea&page=2", "/invitations/unknown"):
        page = await client.get(f"{path}{'&' if '?' in path else '?'}lang={lang}")
        assert (path, page.status_code, soup(page.text).html["lang"]) == (path, 400 if "invitations" in path else 200, lang)
        assert soup(page.text).html["dir"] == ("rtl" if lang == "ar" else "ltr")
