"""Keeping snapshots fresh: batched calls, renames followed by id, withdrawals flagged, reports kept."""

import pytest

from showcase.portal.domain import resolve_citations
from showcase.portal.sync import SyncAlreadyRunning, sync_portal
from showcase.portal.tables import Dataset, DatasetAlias, SyncRun
from tests.support import now

pytestmark = pytest.mark.anyio


async def cite(fake_portal, portal, site, names):
    for name in names:
        fake_portal.add(name)
    return await resolve_citations(names, portal=portal, site=site, now=now())


async def test_sync_of_250_datasets_takes_3_searches_and_2_listings(fake_portal, portal, site):
    await cite(fake_portal, portal, site, [f"jeu-{index:03d}" for index in range(150)])
    await cite(fake_portal, portal, site, [f"jeu-{index:03d}" for index in range(150, 250)])
    fake_portal.calls.clear()
    _run_id, report = await sync_portal(portal=portal, now=now())
    assert sorted(set(fake_portal.calls)) == ["group_list", "organization_list", "package_search"]
    assert fake_portal.calls.count("package_search") == 3
    assert (report.checked, report.changed, report.withdrawn, report.missing, report.errors) == (250, 0, 0, 0, 0)


async def test_second_sync_changes_nothing(fake_portal, portal, site):
    await cite(fake_portal, portal, site, ["a-1", "a-2"])
    fake_portal.packages[fake_portal.find("a-1")["id"]]["metadata_modified"] = "2026-01-01T00:00:00.000000"
    _, first = await sync_portal(portal=portal, now=now())
    _, second = await sync_portal(portal=portal, now=now())
    assert (first.changed, second.changed) == (1, 0)


async def test_rename_on_the_portal_is_followed_and_old_name_redirects(fake_portal, portal, site, portal_client):
    [dataset_id] = await cite(fake_portal, portal, site, ["ancien-nom"])
    fake_portal.rename(fake_portal.find("ancien-nom")["id"], "nouveau-nom")
    _, report = await sync_portal(portal=portal, now=now())
    assert report.changed == 1
    assert await Dataset.select(Dataset.name).where(Dataset.id == dataset_id).first() == {"name": "nouveau-nom"}
    assert await DatasetAlias.select(DatasetAlias.old_name) == [{"old_name": "ancien-nom"}]
    response = await portal_client.get("/datasets/ancien-nom", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (301, "/datasets/nouveau-nom")


async def test_withdrawal_is_flagged_keeps_snapshot_and_reappearance_clears_it(fake_portal, portal, site, portal_client):
    [dataset_id] = await cite(fake_portal, portal, site, ["sante-publique"])
    package_id = fake_portal.find("sante-publique")["id"]
    fake_portal.withdrawn.add(package_id)
    _, report = await sync_portal(portal=portal, now=now())
    assert (report.withdrawn, report.calls) == (1, 4)  # 2 listings + 1 search + 1 package_show to tell 403 from 404
    page = await portal_client.get("/datasets/sante-publique")
    assert page.status_code == 200
    assert "This dataset is no longer public on the portal" in page.text
    fake_portal.withdrawn.discard(package_id)
    _, report = await sync_portal(portal=portal, now=now())
    assert report.reappeared == 1
    assert await Dataset.select(Dataset.status).where(Dataset.id == dataset_id).first() == {"status": "active"}


async def test_purged_dataset_becomes_missing(fake_portal, portal, site):
    [dataset_id] = await cite(fake_portal, portal, site, ["purge-moi"])
    del fake_portal.packages[fake_portal.find("purge-moi")["id"]]
    _, report = await sync_portal(portal=portal, now=now())
    assert report.missing == 1
    assert await Dataset.select(Dataset.status, Dataset.title_fr).where(Dataset.id == dataset_id).first() == {
        "status": "missing", "title_fr": "Liste nominative des établissements hospitaliers par catégorie"}


async def test_portal_down_during_sync_is_reported_and_keeps_snapshots(fake_portal, portal, site, portal_client):
    await cite(fake_portal, portal, site, ["hors-ligne"])
    fake_portal.down = True
    run_id, report = await sync_portal(portal=portal, now=now())
    assert report.errors == 3
    run = await SyncRun.select(SyncRun.status, SyncRun.errors, SyncRun.checked).where(SyncRun.id == run_id).first()
    assert run == {"status": "done", "errors": 3, "checked": 0}
    assert (await Dataset.select(Dataset.status).first()) == {"status": "active"}
    assert (await portal_client.get("/datasets/hors-ligne")).status_code == 200
    assert (await portal_client.get("/datasets")).status_code == 200


async def test_two_syncs_at_once_are_refused(fake_portal, portal, site):
    await SyncRun.insert(SyncRun(status="running", started_at=now()))
    with pytest.raises(SyncAlreadyRunning):
        await sync_portal(portal=portal, now=now())
