"""JSON API of the portal link: the dataset picker's search."""

from __future__ import annotations

import json

import msgspec
from litestar import Controller, Request, get
from litestar.params import FromQuery

from showcase.portal import queries
from showcase.portal.outcomes import Found
from showcase.portal.snapshots import package_snapshot

PICKER_LIMIT = 20
PICKER_CACHE_SECONDS = 300


class DatasetChoice(msgspec.Struct):
    id: str
    name: str
    title_fr: str
    title_ar: str
    producer: str
    status: str = "active"


class DatasetChoices(msgspec.Struct):
    source: str  # "portal": searched live; "snapshot": the portal did not answer, our snapshots did
    results: list[DatasetChoice]


def _choice_from_package(package: dict) -> DatasetChoice:
    snapshot = package_snapshot(package)
    producer = snapshot.producer or {}
    return DatasetChoice(id=snapshot.portal_id, name=snapshot.name, title_fr=snapshot.title_fr,
                         title_ar=snapshot.title_ar, producer=producer.get("title") or producer.get("name") or "")


class PortalApiController(Controller):
    path = "/api/v1/portal"
    tags = ["Portal"]

    @get("/datasets", summary="Search the portal's datasets (for the citation picker)")
    async def search(self, request: Request, q: FromQuery[str] = "") -> DatasetChoices:
        """Up to 20 public datasets of the portal matching `q`; answers from our snapshots if the portal is down."""
        query = " ".join(q.split())[:100]
        if not query:
            return DatasetChoices(source="portal", results=[])
        cache = request.app.stores.get("cache")
        key = f"picker:{query.lower()}"
        if cached := await cache.get(key):
            return msgspec.convert(json.loads(cached), DatasetChoices)
        outcome = await request.app.state.portal.package_search(q=query, rows=PICKER_LIMIT)
        if isinstance(outcome, Found):
            answer = DatasetChoices(source="portal", results=[_choice_from_package(p) for p in outcome.result.results])
            await cache.set(key, msgspec.json.encode(answer), expires_in=PICKER_CACHE_SECONDS)
            return answer
        local = await queries.list_datasets(search=query)
        return DatasetChoices(source="snapshot", results=[
            DatasetChoice(id=card.portal_id or "", name=card.name, title_fr=card.title_fr, title_ar=card.title_ar,
                          producer=card.producer.title("fr") if card.producer else "", status=card.status)
            for card in local.cards[:PICKER_LIMIT]
        ])
