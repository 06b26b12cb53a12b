"""The gallery page (search, facets and sorting grow here)."""

from __future__ import annotations

from litestar import Request
from litestar.response import Template

from showcase.reuses import constants, queries
from showcase.reuses.tables import Reuse


async def gallery_page(request: Request, *, page: int) -> Template:
    page = max(1, min(page, 10_000))
    published = (Reuse.status == "published") & Reuse.deleted_at.is_null()
    total = await Reuse.count().where(published)
    cards = await queries.cards_for(Reuse.select(*queries.CARD_FIELDS).where(published).order_by(
        Reuse.published_at, ascending=False).limit(queries.PER_PAGE).offset((page - 1) * queries.PER_PAGE))
    return Template("reuses/gallery.html", context={
        "cards": cards, "total": total, "page": page, "pages": max(1, -(-total // queries.PER_PAGE)),
        "types": constants.TYPES, "page_url": lambda number: f"/reuses?page={number}" if number > 1 else "/reuses",
    })
