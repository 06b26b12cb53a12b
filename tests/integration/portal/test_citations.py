"""Citing datasets: resolved live and stored by portal id; refused with a reason; kept when the portal is down."""

import pytest

from showcase.exceptions import InvalidInput
from showcase.i18n import use_locale
from showcase.portal.domain import resolve_citation, resolve_citations
from showcase.portal.tables import Dataset, DatasetTheme, Producer, Theme
from tests.support import now

pytestmark = pytest.mark.anyio


async def test_citing_by_portal_url_stores_a_bilingual_snapshot(fake_portal, portal, site):
    package = fake_portal.add("hopitaux-par-region", title="Hôpitaux par région", title_ar="المستشفيات حسب الجهة")
    dataset_id = await resolve_citation("http://portal.test/fr/dataset/hopitaux-par-region?x=1",
                                        portal=portal, site=site, now=now())
    row = await Dataset.select(Dataset.portal_id, Dataset.name, Dataset.title_fr, Dataset.title_ar, Dataset.status,
                               Dataset.producer.name, Dataset.formats, Dataset.resource_count, Dataset.licence_id
                               ).where(Dataset.id == dataset_id).first()
    assert row == {"portal_id": package["id"], "name": "hopitaux-par-region", "title_fr": "Hôpitaux par région",
                   "title_ar": "المستشفيات حسب الجهة", "status": "active",
                   "producer.name": package["organization"]["name"], "formats": "CSV", "resource_count": 1,
                   "licence_id": "odc-odbl"}
    assert await Producer.count() == 1
    themes = await DatasetTheme.select(DatasetTheme.theme.name).where(DatasetTheme.dataset == dataset_id)
    assert [t["theme.name"] for t in themes] == [g["name"] for g in package["groups"]]
    assert await Theme.count() == len(package["groups"])


async def test_citing_the_same_dataset_by_name_and_id_gives_one_snapshot(fake_portal, portal, site):
    package = fake_portal.add("ecoles-par-province")
    ids = await resolve_citations(["ecoles-par-province", package["id"], "ecoles-par-province"],
                                  portal=portal, site=site, now=now())
    assert len(ids) == 1
    assert await Dataset.count() == 1


async def test_private_deleted_and_missing_datasets_are_refused_with_a_reason(fake_portal, portal, site):
    """Messages are in the language of the person citing (English here)."""
    hidden = fake_portal.add("donnees-internes")
    fake_portal.withdrawn.add(hidden["id"])
    with pytest.raises(InvalidInput) as raised, use_locale("en"):
        await resolve_citations(["donnees-internes", "n-existe-pas"], portal=portal, site=site, now=now())
    assert raised.value.errors == {"datasets": (
        "“donnees-internes” is private or was deleted on portal.test, so it cannot be cited. "
        "portal.test has no dataset “n-existe-pas”. Check the address or the name.")}
    assert await Dataset.count() == 0


async def test_a_link_to_another_site_names_the_portal(portal, site):
    with pytest.raises(InvalidInput) as raised:
        await resolve_citation("https://www.data.gouv.fr/fr/datasets/abc/", portal=portal, site=site, now=now())
    assert "portal.test" in raised.value.errors["datasets"]


async def test_portal_down_keeps_the_citation_pending_then_sync_resolves_it(fake_portal, portal, site):
    from showcase.portal.sync import sync_portal

    package = fake_portal.add("budget-execution")
    fake_portal.down = True
    dataset_id = await resolve_citation("budget-execution", portal=portal, site=site, now=now())
    row = await Dataset.select(Dataset.status, Dataset.portal_id, Dataset.cited_key).where(Dataset.id == dataset_id).first()
    assert row == {"status": "pending", "portal_id": None, "cited_key": "budget-execution"}
    fake_portal.down = False
    _run_id, report = await sync_portal(portal=portal, now=now())
    assert report.resolved == 1
    row = await Dataset.select(Dataset.status, Dataset.portal_id, Dataset.name).where(Dataset.id == dataset_id).first()
    assert row == {"status": "active", "portal_id": package["id"], "name": "budget-execution"}


async def test_pending_citation_folds_into_an_existing_snapshot(fake_portal, portal, site):
    from showcase.portal.sync import sync_portal

    fake_portal.add("taux-de-change")
    fake_portal.down = True
    await resolve_citation("taux-de-change", portal=portal, site=site, now=now())
    fake_portal.down = False
    # Someone else cites it by id while it is up: a real snapshot now exists beside the pending one.
    await resolve_citation(fake_portal.find("taux-de-change")["id"], portal=portal, site=site, now=now())
    assert await Dataset.count() == 2
    await sync_portal(portal=portal, now=now())
    assert await Dataset.select(Dataset.name, Dataset.status) == [{"name": "taux-de-change", "status": "active"}]


async def test_demo_citations_come_from_the_bundled_snapshot_offline():
    from showcase.portal.demo import DEMO_CITATIONS, load_demo_citations
    from showcase.portal.tables import SyncRun
    from showcase.settings import get_settings

    assert get_settings().portal_is_bundled
    assert await load_demo_citations(get_settings(), now=now()) == len(DEMO_CITATIONS)
    arabic = await Dataset.select(Dataset.title_fr, Dataset.title_ar, Dataset.producer.title_ar).where(
        Dataset.name == "adad-al-atibba-hasab-al-jiha-wal-qitaa").first()
    assert arabic["title_ar"].startswith("عدد الأطباء")
    assert arabic["producer.title_ar"] != ""
    run = await SyncRun.select(SyncRun.checked, SyncRun.errors, SyncRun.calls).first()
    assert run == {"checked": len(DEMO_CITATIONS), "errors": 0, "calls": 3}
