"""The gallery /reuses: search in French, Arabic and English, facets with counts, filters, sorting, pagination,
what is never shown, and a number of SQL queries that does not grow with the number of cards."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from showcase.accounts.queries import SessionUser
from showcase.db import get_engine
from showcase.portal.service import open_portal, portal_site
from showcase.reuses import domain, gallery, search
from showcase.reuses.tables import Reuse
from showcase.settings import get_settings
from showcase.startups.tables import Startup, StartupMember
from tests.conftest import soup
from tests.support import create_user

pytestmark = pytest.mark.anyio

SCHOOLS = "etablissements-scolaires-par-cycle-secteur-et-region"  # education ministry, theme education
BAC = "resultats-de-l-examen-national-du-baccalaureat"  # education ministry
ROADS = "reseau-routier-classe"  # ministry of equipment and water
POPULATION = "population-legale-regions-provinces-rgph-2024"  # HCP
HOSPITALS = "hopitaux-publics-et-capacite-litiere-par-region"  # ministry of health
DOCTORS = "adad-al-atibba-hasab-al-jiha-wal-qitaa"  # ministry of health, Arabic title "عدد الأطباء حسب الجهة والقطاع"
DIRHAM = "cours-de-reference-du-dirham"  # Bank Al-Maghrib
EDUCATION_MINISTRY = "ministere-de-l-education-nationale-du-prescolaire-et-des-sports"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class World:
    """An author, a moderator and the portal, to create reuses through the real domain."""

    def __init__(self, portal, author: SessionUser, moderator: SessionUser) -> None:
        self.portal, self.author, self.moderator = portal, author, moderator
        self.count = 0

    async def reuse(self, title_fr: str, *, title_ar: str = "", type: str = "application", datasets=(SCHOOLS,),
                    themes=(), tags: str = "", startup: int | None = None, summary_fr: str = "",
                    description_fr: str = "", publish: bool = True) -> int:
        self.count += 1
        now = START + timedelta(days=self.count)
        values = {
            "type": type, "url": f"https://reuse-{self.count}.example.ma/", "title_fr": title_fr, "title_ar": title_ar,
            "summary_fr": summary_fr, "description_fr": description_fr or "Présentation.", "datasets": "\n".join(datasets),
            "tags": tags, "startup": str(startup or ""),
        }
        saved = await domain.save_reuse(user=self.author, reuse_id=None, values=values,
                                        multi={"themes": list(themes), "platforms": []}, cover_key="",
                                        portal=self.portal, site=portal_site(get_settings()), now=now, submit=True)
        if publish:
            await domain.apply_action(reuse_id=saved.reuse_id, user=self.moderator, action="publish", message="",
                                      now=now)
        return saved.reuse_id


def session_user(user_id: int, name: str, *, moderator: bool = False) -> SessionUser:
    return SessionUser(id=user_id, email=f"{user_id}@example.ma", name=name, locale="fr", email_verified=True,
                       is_moderator=moderator, is_organizer=False, is_admin=False)


async def make_startup(name: str, slug: str, member: int) -> int:
    rows = await Startup.insert(Startup(name=name, slug=slug)).returning(Startup.id)
    await StartupMember.insert(StartupMember(startup=rows[0]["id"], user=member, role="owner"))
    return rows[0]["id"]


@pytest.fixture(autouse=True)
def _fresh_facets():
    gallery.forget_facets()
    yield
    gallery.forget_facets()


@pytest.fixture
async def world():
    author = await create_user("amina@example.ma", name="Amina El Idrissi")
    moderator = await create_user("moderator@example.ma", name="Salma", roles=("moderator",))
    async with open_portal(get_settings()) as portal:
        yield World(portal, session_user(author, "Amina El Idrissi"), session_user(moderator, "Salma", moderator=True))


@pytest.fixture
async def eight(world):
    """Six published reuses, one awaiting review, one deleted: the counts below are counted by hand."""
    madrasa = await make_startup("Madrasa Tech", "madrasa-tech", world.author.id)
    atlas = await make_startup("Atlas Data", "atlas-data", world.author.id)
    ids = {
        "schools": await world.reuse("Carte des écoles du Maroc", title_ar="خريطة المدارس", datasets=(SCHOOLS, POPULATION),
                                     themes=("education", "population"), tags="cartes, éducation", startup=madrasa,
                                     summary_fr="Toutes les écoles sur une carte."),
        "bac": await world.reuse("Résultats du bac par région", type="visualisation", datasets=(BAC,),
                                 themes=("education",), tags="éducation"),
        "roads": await world.reuse("Routes et écoles rurales", type="article", datasets=(ROADS, SCHOOLS),
                                   themes=("transport", "education"), tags="cartes"),
        "hospitals": await world.reuse("Hospital capacity explorer", type="application",
                                       datasets=(HOSPITALS, POPULATION, DOCTORS), themes=("sante",), tags="santé, lits",
                                       startup=madrasa, summary_fr="Beds per region, explored."),
        "dirham": await world.reuse("Dirham rates API", type="api", datasets=(DIRHAM,), themes=("finance",), tags="api"),
        "population": await world.reuse("Population du Maroc en chiffres", title_ar="سكان المغرب", type="visualisation",
                                        datasets=(POPULATION,), themes=("population",), tags="démographie",
                                        startup=atlas, description_fr="Les écoles ne sont **pas** le sujet ici."),
        "draft": await world.reuse("Brouillon sur les écoles", datasets=(SCHOOLS,), themes=("education",),
                                   publish=False),
        "deleted": await world.reuse("Cartographie supprimée des écoles", datasets=(SCHOOLS,), themes=("education",)),
    }
    await domain.apply_action(reuse_id=ids["deleted"], user=world.moderator, action="delete", message="",
                              now=START + timedelta(days=30))
    return ids


async def titles(client, url: str) -> list[str]:
    response = await client.get(url)
    assert response.status_code == 200, response.text[:2000]
    return [a.get_text(strip=True) for a in soup(response.text).select(".reuse-card-title a")]


async def facet_counts(client, url: str) -> dict[str, dict[str, int]]:
    page = soup((await client.get(url)).text)
    return {facet["data-facet"]: {a["data-value"]: int(a.select_one(".facet-count").contents[0].strip())
                                  for a in facet.select(".facet-option")}
            for facet in page.select("details.facet")}


async def test_newest_first_without_search_and_only_published(client, eight):
    assert await titles(client, "/reuses") == [
        "Population du Maroc en chiffres", "Dirham rates API", "Hospital capacity explorer",
        "Routes et écoles rurales", "Résultats du bac par région", "Carte des écoles du Maroc"]
    page = soup((await client.get("/reuses")).text)
    assert page.select_one(".startup-count").get_text(strip=True) == "6 reuses"
    assert "Brouillon" not in page.get_text() and "Cartographie" not in page.get_text()


async def test_french_search_folds_accents_and_case(client, eight):
    for query in ("ecoles", "ÉCOLES", "écoles", "ecole"):
        found = await titles(client, f"/reuses?q={query}")
        assert set(found[:2]) == {"Carte des écoles du Maroc", "Routes et écoles rurales"}, query
        assert found[2:] == ["Population du Maroc en chiffres"], query  # only in its description: last
    assert await titles(client, "/reuses?q=resultats+region") == ["Résultats du bac par région"]


@pytest.mark.parametrize("query", [
    "خريطة", "خَرِيطَة", "خريـطه", "المدارس", "مدارس", "ألمدارس", "إلمدارس", "آلمدارس", "خَرِيطَةُ الْمَدَارِسِ",
])
async def test_arabic_search_ignores_harakat_tatweel_alef_forms_and_article(client, eight, query):
    assert await titles(client, f"/reuses?q={query}") == ["Carte des écoles du Maroc"]


async def test_arabic_dataset_titles_are_searchable(client, eight):
    # The cited dataset is titled "عدد الأطباء حسب الجهة والقطاع": typed without hamza nor article.
    assert await titles(client, "/reuses?q=اطباء") == ["Hospital capacity explorer"]
    assert await titles(client, "/reuses?q=سكان+المغرب") == ["Population du Maroc en chiffres"]


async def test_english_words_prefixes_and_every_word_must_match(client, eight):
    assert await titles(client, "/reuses?q=hospital+capacity") == ["Hospital capacity explorer"]
    assert await titles(client, "/reuses?q=explor") == ["Hospital capacity explorer"]
    assert await titles(client, "/reuses?q=hospital+dirham") == []
    assert await titles(client, "/reuses?q=api") == ["Dirham rates API"]


async def test_search_reaches_tags_themes_startup_and_author(client, eight):
    both = {"Carte des écoles du Maroc", "Population du Maroc en chiffres"}
    assert set(await titles(client, "/reuses?q=demographie")) == both  # theme "Population et démographie"
    assert await titles(client, "/reuses?q=lits") == ["Hospital capacity explorer"]  # a tag
    assert set(await titles(client, "/reuses?q=madrasa")) == {"Carte des écoles du Maroc", "Hospital capacity explorer"}
    assert len(await titles(client, "/reuses?q=amina+idrissi")) == 6


async def test_search_syntax_is_never_sql_nor_fts_syntax(client, eight):
    for query in ('"', "'", "ecoles\" OR \"x", "NEAR(a b)", "*", "a:*", "x' OR 1=1 --", "(", "&|!", "؟؟"):
        response = await client.get("/reuses", params={"q": query})
        assert response.status_code == 200, query


async def test_facet_counts_match_the_fixture(client, eight):
    assert await facet_counts(client, "/reuses") == {
        "type": {"application": 2, "visualisation": 2, "article": 1, "api": 1},
        "theme": {"education": 3, "population": 2, "transport": 1, "sante": 1, "finance": 1},
        "producer": {EDUCATION_MINISTRY: 3, "haut-commissariat-au-plan": 3, "ministere-de-l-equipement-et-de-l-eau": 1,
                     "ministere-de-la-sante-et-de-la-protection-sociale": 1, "bank-al-maghrib": 1},
        "dataset": {POPULATION: 3, SCHOOLS: 2, BAC: 1, ROADS: 1, HOSPITALS: 1, DOCTORS: 1, DIRHAM: 1},
        "startup": {"madrasa-tech": 2, "atlas-data": 1},
        "tag": {"cartes": 2, "éducation": 2, "santé": 1, "lits": 1, "api": 1, "démographie": 1},
    }


async def test_filters_combine_and_facets_count_without_their_own_filter(client, eight):
    url = "/reuses?type=application"
    assert set(await titles(client, url)) == {"Carte des écoles du Maroc", "Hospital capacity explorer"}
    counts = await facet_counts(client, url)
    assert counts["type"] == {"application": 2, "visualisation": 2, "article": 1, "api": 1}  # its own: unfiltered
    assert counts["theme"] == {"education": 1, "population": 1, "sante": 1}
    assert counts["startup"] == {"madrasa-tech": 2}
    assert await titles(client, "/reuses?type=application&theme=population") == ["Carte des écoles du Maroc"]
    assert set(await titles(client, "/reuses?type=application&type=visualisation")) == {
        "Carte des écoles du Maroc", "Hospital capacity explorer", "Résultats du bac par région",
        "Population du Maroc en chiffres"}
    assert await titles(client, f"/reuses?dataset={POPULATION}&startup=atlas-data") == ["Population du Maroc en chiffres"]
    assert await titles(client, f"/reuses?producer={EDUCATION_MINISTRY}&tag=cartes&q=rurales") == [
        "Routes et écoles rurales"]
    counts = await facet_counts(client, "/reuses?q=ecoles&type=article")
    assert counts["type"] == {"application": 1, "article": 1, "visualisation": 1}
    assert counts["theme"] == {"education": 1, "transport": 1}


async def test_links_carry_the_state_and_toggle_one_value(client, eight):
    page = soup((await client.get("/reuses?q=ecoles&theme=education&sort=title&page=1")).text)
    link = page.select_one('details[data-facet="type"] a[data-value="article"]')["href"]
    assert parse_qs(urlsplit(link).query) == {"q": ["ecoles"], "type": ["article"], "theme": ["education"],
                                              "sort": ["title"]}
    active = page.select_one('details[data-facet="theme"] a[data-value="education"]')
    assert active["aria-current"] == "true"
    assert parse_qs(urlsplit(active["href"]).query) == {"q": ["ecoles"], "sort": ["title"]}
    form = page.select_one("form.gallery-search")
    assert form["method"] == "get" and form.select_one("input[name=q]")["value"] == "ecoles"
    assert [(i["name"], i["value"]) for i in form.select("input[type=hidden]")] == [("theme", "education")]
    assert page.select_one(".gallery-clear")["href"] == "/reuses"
    assert [a.select_one("bdi").get_text() for a in page.select(".chip")] == ["Éducation"]
    assert parse_qs(urlsplit(page.select_one(".chip")["href"]).query) == {"q": ["ecoles"], "sort": ["title"]}


async def test_sort_orders(client, eight):
    assert await titles(client, "/reuses?sort=title") == [
        "Carte des écoles du Maroc", "Dirham rates API", "Hospital capacity explorer",
        "Population du Maroc en chiffres", "Résultats du bac par région", "Routes et écoles rurales"]
    client.headers["Accept-Language"] = "ar"
    assert await titles(client, "/reuses?sort=title") == [  # titled in Arabic first, then the others
        "خريطة المدارس", "سكان المغرب", "Dirham rates API", "Hospital capacity explorer", "Résultats du bac par région",
        "Routes et écoles rurales"]
    client.headers["Accept-Language"] = "en"
    await Reuse.update({Reuse.views: 50}).where(Reuse.id == eight["bac"])
    await Reuse.update({Reuse.views: 10}).where(Reuse.id == eight["dirham"])
    assert (await titles(client, "/reuses?sort=views"))[:3] == [
        "Résultats du bac par région", "Dirham rates API", "Population du Maroc en chiffres"]
    assert (await titles(client, "/reuses?q=ecoles&sort=newest")) == [
        "Population du Maroc en chiffres", "Routes et écoles rurales", "Carte des écoles du Maroc"]
    # relevance needs words; an unknown sort falls back to the default
    assert await titles(client, "/reuses?sort=relevance") == await titles(client, "/reuses")
    assert await titles(client, "/reuses?sort=nonsense") == await titles(client, "/reuses")


async def test_pagination(client, eight, monkeypatch):
    monkeypatch.setattr(gallery, "PER_PAGE", 2)
    pages = [await titles(client, f"/reuses?page={n}") for n in (1, 2, 3)]
    assert pages == [["Population du Maroc en chiffres", "Dirham rates API"],
                     ["Hospital capacity explorer", "Routes et écoles rurales"],
                     ["Résultats du bac par région", "Carte des écoles du Maroc"]]
    assert await titles(client, "/reuses?page=99") == pages[2]  # past the end: the last page
    page = soup((await client.get("/reuses?page=2&type=application&type=visualisation&type=article&type=api")).text)
    links = {a.get_text(strip=True): a["href"] for a in page.select(".pagination a")}
    assert parse_qs(urlsplit(links["Next"]).query)["page"] == ["3"]
    assert parse_qs(urlsplit(links["Next"]).query)["type"] == ["application", "visualisation", "article", "api"]
    assert "page" not in parse_qs(urlsplit(links["Previous"]).query)


async def test_unpublished_and_deleted_reuses_stay_out_of_the_index(client, eight, world):
    async def indexed(reuse_id):
        rows = await search._raw("SELECT COUNT(*) AS n FROM reuse_search WHERE reuse_id = {}", reuse_id)
        return rows[0]["n"]

    assert await indexed(eight["draft"]) == 0
    assert await indexed(eight["deleted"]) == 0
    assert await indexed(eight["schools"]) == 1
    assert await titles(client, "/reuses?q=brouillon") == []
    assert await titles(client, "/reuses?q=cartographie") == []
    await domain.apply_action(reuse_id=eight["schools"], user=world.moderator, action="archive", message="",
                              now=START + timedelta(days=40))
    assert await indexed(eight["schools"]) == 0
    assert await titles(client, "/reuses?q=خريطة") == []
    assert (await facet_counts(client, "/reuses?tag=cartes"))["theme"] == {"transport": 1, "education": 1}
    await domain.apply_action(reuse_id=eight["hospitals"], user=world.moderator, action="delete", message="",
                              now=START + timedelta(days=41))
    assert await titles(client, "/reuses?q=hospital") == []
    assert soup((await client.get("/reuses")).text).select_one(".startup-count").get_text(strip=True) == "4 reuses"
    if not get_settings().is_postgres:
        rows = await search._raw("SELECT COUNT(*) AS n FROM reuse_search_fts WHERE rowid IN ({}, {})",
                                 eight["schools"], eight["hospitals"])
        assert rows[0]["n"] == 0


async def test_edits_are_reindexed(client, eight, world):
    values = {"type": "application", "url": "https://reuse-1.example.ma/", "title_fr": "Atlas scolaire",
              "title_ar": "أطلس مدرسي", "description_fr": "Présentation.", "datasets": f"{SCHOOLS}\n{POPULATION}", "tags": "", "startup": ""}
    await domain.save_reuse(user=world.author, reuse_id=eight["schools"], values=values,
                            multi={"themes": ["education"], "platforms": []}, cover_key="", portal=world.portal,
                            site=portal_site(get_settings()), now=START + timedelta(days=50), submit=False)
    assert await titles(client, "/reuses?q=atlas+scolaire") == ["Atlas scolaire"]
    assert await titles(client, "/reuses?q=اطلس") == ["Atlas scolaire"]
    assert await titles(client, "/reuses?q=خريطة") == []


async def test_rebuild_index_gives_the_same_results(client, eight):
    before = await titles(client, "/reuses?q=ecoles")
    assert await search.rebuild_index() == 6
    gallery.forget_facets()
    assert await titles(client, "/reuses?q=ecoles") == before


async def test_empty_gallery_and_empty_search(client, world):
    page = soup((await client.get("/reuses")).text)
    assert "No reuse is published yet." in page.get_text()
    page = soup((await client.get("/reuses?q=nothing")).text)
    assert "No reuse matches this search." in page.get_text()


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0


@pytest.fixture
def count_queries(monkeypatch):
    counter = QueryCounter()
    engine_class = type(get_engine())
    original = engine_class.run_querystring

    async def counting(self, querystring, in_pool=False):
        counter.count += 1
        return await original(self, querystring, in_pool=in_pool)

    monkeypatch.setattr(engine_class, "run_querystring", counting)
    return counter


async def gallery_queries(client, counter, url: str) -> tuple[int, int]:
    """(queries with the facets to count, queries once they are cached)."""
    gallery.forget_facets()
    counter.count = 0
    assert (await client.get(url)).status_code == 200
    cold = counter.count
    counter.count = 0
    assert (await client.get(url)).status_code == 200
    return cold, counter.count


async def test_queries_per_page_do_not_grow_with_cards(client, world, count_queries):
    urls = ["/reuses", "/reuses?q=carte&type=application", "/reuses?sort=title&theme=education",
            f"/reuses?dataset={SCHOOLS}&sort=views"]
    for n in range(3):
        await world.reuse(f"Carte numéro {n}", datasets=(SCHOOLS, POPULATION), themes=("education", "population"),
                          tags="cartes, écoles")
    small = [await gallery_queries(client, count_queries, url) for url in urls]
    for n in range(3, 30):
        await world.reuse(f"Carte numéro {n}", datasets=(SCHOOLS, POPULATION, ROADS, BAC), themes=("education",),
                          tags="cartes, écoles, routes")
    large = [await gallery_queries(client, count_queries, url) for url in urls]
    assert small == large
    # 6 facets, then the page's cards, and the winners' badges of those cards (one query, also when cached)
    assert all(cold == 8 and warm == 2 for cold, warm in large), large
    assert len(await titles(client, "/reuses")) == 24


async def test_home_shows_featured_reuses(client, eight, world):
    await domain.apply_action(reuse_id=eight["population"], user=world.moderator, action="feature", message="",
                              now=START + timedelta(days=60))
    page = soup((await client.get("/")).text)
    section = page.select_one(".featured-reuses")
    assert [a.get_text(strip=True) for a in section.select(".reuse-card-title a")] == ["Population du Maroc en chiffres"]
