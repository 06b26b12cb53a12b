"""The open-data export: exact rows parsed back from CSV and JSON, nothing private, the manifest's SHA-256 and
row counts, atomic writes, the /open-data page and downloads (known names only), the CLI."""

import csv
import hashlib
import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from showcase.challenges.tables import Challenge, ChallengeDataset, Entry, Team, TeamMember, Track
from showcase.judging.tables import Award
from showcase.portal.service import open_portal
from showcase.portal.tables import Dataset
from showcase.settings import get_settings
from showcase.startups.tables import Startup, StartupMember
from showcase.stats import open_data
from tests.conftest import soup
from tests.integration.stats.embeds_support import POPULATION, ROADS, ReuseMaker, session_user
from tests.support import create_user

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 11, 22, 8, 30, tzinfo=UTC)
BASE = "http://testserver.local"


@pytest.fixture
async def world():
    author = await create_user("amina@example.ma", name="Amina El Idrissi")
    moderator = await create_user("moderator@example.ma", name="Salma", roles=("moderator",))
    startup = (await Startup.insert(Startup(
        name="Atlas Data", slug="atlas-data", description_fr="Cartes ouvertes.", description_ar="خرائط مفتوحة",
        region="rabat-sale-kenitra", city="Rabat", website="https://atlas.example.ma", founded_year=2021,
        team_size=4, stage="early", created_by=author)).returning(Startup.id))[0]["id"]
    await StartupMember.insert(StartupMember(startup=startup, user=author, role="owner"))
    async with open_portal(get_settings()) as portal:
        maker = ReuseMaker(portal, session_user(author, "Amina El Idrissi"),
                           session_user(moderator, "Salma", moderator=True))
        ids = {
            "map": await maker.reuse("Carte des routes", title_ar="خريطة الطرق", datasets=(ROADS, POPULATION),
                                     startup=startup),
            "viz": await maker.reuse("=Trafic", type="visualisation"),
            "old": await maker.reuse("Ancienne carte"),
            "pending": await maker.reuse("En attente", publish=False),
        }
        await maker.archive(ids["old"])
    roads = (await Dataset.select(Dataset.id, Dataset.portal_id).where(Dataset.name == ROADS).first())
    challenge = (await Challenge.insert(Challenge(
        slug="hackathon-routes", status="published", title_fr="Hackathon des routes", title_ar="هاكاثون الطرق",
        organizer_name="Agence", submissions_open_at=datetime(2026, 4, 1, tzinfo=UTC),
        submissions_close_at=datetime(2026, 5, 1, tzinfo=UTC), results_published_at=datetime(2026, 6, 1, tzinfo=UTC),
    )).returning(Challenge.id))[0]["id"]
    draft = (await Challenge.insert(Challenge(slug="brouillon", status="draft", title_fr="Brouillon")).returning(
        Challenge.id))[0]["id"]
    await ChallengeDataset.insert(ChallengeDataset(challenge=challenge, dataset=roads["id"]))
    track = (await Track.insert(Track(challenge=challenge, name_fr="Mobilité", name_ar="التنقل")).returning(
        Track.id))[0]["id"]
    team = (await Team.insert(Team(challenge=challenge, name="Les Cartographes", captain=author)).returning(
        Team.id))[0]["id"]
    await Team.insert(Team(challenge=challenge, name="Autre équipe"))
    await TeamMember.insert(TeamMember(challenge=challenge, team=team, user=author, key=f"{challenge}:{author}"))
    entry = (await Entry.insert(Entry(challenge=challenge, team=team, reuse=ids["map"], status="submitted")).returning(
        Entry.id))[0]["id"]
    await Award.insert(Award(challenge=challenge, kind="track", track=track, entry=entry, rank=1, citation="Très utile",
                             status="published", key=f"{challenge}:track:{track}:1",
                             published_at=datetime(2026, 6, 1, tzinfo=UTC)))
    draft_team = (await Team.insert(Team(challenge=draft, name="Secret")).returning(Team.id))[0]["id"]
    draft_entry = (await Entry.insert(Entry(challenge=draft, team=draft_team, status="submitted")).returning(
        Entry.id))[0]["id"]
    await Award.insert(Award(challenge=draft, kind="overall", entry=draft_entry, rank=1, status="pending",
                             key=f"{draft}:overall:0:1"))
    return {"roads_portal_id": roads["portal_id"], "entry": entry,
            "population_portal_id": (await Dataset.select(Dataset.portal_id).where(
                Dataset.name == POPULATION).first())["portal_id"]}


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


async def export(tmp_path):
    return await open_data.export_open_data(var_dir=tmp_path, base_url=BASE, now=NOW)


async def test_files_parse_back_with_exact_rows(world, tmp_path):
    manifest = await export(tmp_path)
    out = tmp_path / "open-data"
    reuses = read_json(out / "reuses.json")
    assert [r["slug"] for r in reuses] == ["carte-des-routes", "trafic"]
    assert reuses[0] == {
        "slug": "carte-des-routes", "type": "application", "title_fr": "Carte des routes", "title_ar": "خريطة الطرق",
        "summary_fr": "", "summary_ar": "", "url": "https://reuse-1.example.ma/",
        "page": f"{BASE}/reuses/carte-des-routes", "published_at": "2026-03-02T09:00:00Z", "startup": "atlas-data",
        "datasets": f"{ROADS}; {POPULATION}",
        "dataset_portal_ids": f"{world['roads_portal_id']}; {world['population_portal_id']}",
        "themes": "", "tags": ""}
    as_csv = read_csv(out / "reuses.csv")
    assert as_csv[0] == reuses[0]
    assert as_csv[1]["title_fr"] == "'=Trafic" and reuses[1]["title_fr"] == "=Trafic"  # formula defused in CSV only
    assert list(as_csv[0]) == [c.name for c in open_data.TABLES[0].columns]

    startups = read_json(out / "startups.json")
    assert startups == [{
        "slug": "atlas-data", "name": "Atlas Data", "description_fr": "Cartes ouvertes.", "description_ar": "خرائط مفتوحة",
        "region": "rabat-sale-kenitra", "city": "Rabat", "website": "https://atlas.example.ma", "founded_year": 2021,
        "team_size": 4, "stage": "early", "page": f"{BASE}/startups/atlas-data", "published_reuses": 1}]
    assert read_csv(out / "startups.csv")[0]["published_reuses"] == "1"

    challenges = read_json(out / "challenges.json")
    assert [(c["slug"], c["teams"], c["submitted_entries"], c["datasets"], c["results_published_at"])
            for c in challenges] == [("hackathon-routes", 2, 1, ROADS, "2026-06-01T00:00:00Z")]

    results = read_json(out / "results.json")
    assert results == [{
        "challenge": "hackathon-routes", "kind": "track", "rank": 1, "track_fr": "Mobilité", "track_ar": "التنقل",
        "entry_id": world["entry"], "team": "Les Cartographes", "reuse": "carte-des-routes",
        "reuse_title_fr": "Carte des routes", "reuse_title_ar": "خريطة الطرق",
        "reuse_page": f"{BASE}/reuses/carte-des-routes", "citation": "Très utile", "published_at": "2026-06-01T00:00:00Z"}]
    assert read_csv(out / "results.csv")[0]["team"] == "Les Cartographes"
    assert {item["name"]: item["rows"] for item in manifest["files"]} == {
        "reuses.csv": 2, "reuses.json": 2, "startups.csv": 1, "startups.json": 1, "challenges.csv": 1,
        "challenges.json": 1, "results.csv": 1, "results.json": 1, "datadictionary.json": None}


async def test_nothing_private_in_the_dumps(world, tmp_path):
    await export(tmp_path)
    for path in (tmp_path / "open-data").iterdir():
        text = path.read_text(encoding="utf-8")
        assert "@" not in text, path.name  # no e-mail address anywhere
        for private in ("Amina", "Salma", "Secret", "En attente", "Ancienne carte", "brouillon", "captain", "email"):
            assert private not in text, (path.name, private)


async def test_manifest_hashes_and_sizes_match_the_files(world, tmp_path):
    manifest = await export(tmp_path)
    out = tmp_path / "open-data"
    assert manifest == read_json(out / "manifest.json")
    assert manifest["generated_at"] == "2026-11-22T08:30:00Z"
    for item in manifest["files"]:
        content = (out / item["name"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == item["sha256"]
        assert len(content) == item["bytes"]
    assert sorted(p.name for p in out.iterdir()) == sorted([*open_data.FILE_NAMES])  # no temporary file left


async def test_dictionary_in_three_languages(world, tmp_path):
    await export(tmp_path)
    dictionary = read_json(tmp_path / "open-data" / "datadictionary.json")
    assert [t["name"] for t in dictionary["tables"]] == ["reuses", "startups", "challenges", "results"]
    slug = dictionary["tables"][0]["columns"][0]
    assert slug["name"] == "slug" and slug["type"] == "string"
    assert set(slug["description"]) == {"fr", "ar", "en"}
    assert slug["description"]["en"] == "Stable identifier of the reuse in Showcase addresses"
    for table in dictionary["tables"]:
        assert [c["name"] for c in table["columns"]] == list(read_json(
            tmp_path / "open-data" / f"{table['name']}.json")[0])


async def test_writes_are_atomic_and_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "open-data" / "reuses.csv"
    open_data.write_atomically(target, b"old")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(open_data.os, "replace", broken)
    with pytest.raises(OSError):
        open_data.write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["reuses.csv"]


async def test_page_lists_files_and_dictionary_and_serves_known_files_only(client, world):
    settings = get_settings()
    empty = soup((await client.get("/open-data")).text)
    assert "showcase export-open-data" in empty.select_one(".notice").get_text()
    assert (await client.get("/open-data/reuses.csv")).status_code == 404
    manifest = await open_data.export_open_data(var_dir=settings.var_dir, base_url=BASE, now=NOW)
    page = soup((await client.get("/open-data")).text)
    rows = page.select(".open-data-table")[0].select("tbody tr")
    assert [r.select_one("th").get_text(strip=True) for r in rows] == [f["name"] for f in manifest["files"]]
    assert [r.select("td")[0].get_text(strip=True) for r in rows][:2] == ["2", "2"]
    assert rows[0].select_one(".open-data-hash").get_text() == manifest["files"][0]["sha256"]
    assert "Stable identifier of the reuse in Showcase addresses" in page.get_text()
    download = await client.get("/open-data/reuses.csv")
    assert download.status_code == 200 and download.headers["content-type"] == "text/csv; charset=utf-8"
    assert "set-cookie" not in download.headers  # publicly cacheable: never with a cookie
    assert sorted(download.headers["cache-control"].split(", ")) == ["max-age=3600", "public"]
    assert hashlib.sha256(download.content).hexdigest() == manifest["files"][0]["sha256"]
    assert (await client.get("/open-data/datadictionary.json")).json()["tables"][0]["name"] == "reuses"
    (settings.var_dir / "secret").write_text("top secret")
    for bad in ("/open-data/../secret", "/open-data/..%2Fsecret", "/open-data/%2E%2E%2Fsecret", "/open-data/secret",
                "/open-data/.reuses.csv.tmp", "/open-data/%2Fetc%2Fpasswd"):
        response = await client.get(bad)
        assert response.status_code == 404, bad
        assert "top secret" not in response.text


async def test_arabic_page(client, world):
    await open_data.export_open_data(var_dir=get_settings().var_dir, base_url=BASE, now=NOW)
    page = soup((await client.get("/open-data?lang=ar")).text)
    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")


def test_cli_writes_the_files(tmp_path, monkeypatch):
    from showcase import cli

    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    result = CliRunner().invoke(cli.main, ["export-open-data"])
    assert result.exit_code == 0, result.output
    assert "reuses.csv" in result.output
    assert read_json(tmp_path / "open-data" / "manifest.json")["files"][0]["rows"] == 0


async def test_the_scheduled_job_writes_the_same_files(app, world):
    manifest = await open_data.scheduled_export(app)
    assert open_data.read_manifest(get_settings().var_dir) == manifest
