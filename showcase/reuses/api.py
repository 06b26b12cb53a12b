"""JSON API of reuses: read the published ones; create and update yours with a personal token."""

from __future__ import annotations

from datetime import datetime

import msgspec
from litestar import Controller, Request, Response, get, patch, post
from litestar.exceptions import NotAuthorizedException, NotFoundException, PermissionDeniedException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_400_BAD_REQUEST

from showcase.accounts.tokens import user_for_token
from showcase.exceptions import InvalidInput, NotAllowed
from showcase.media.pictures import picture_urls
from showcase.portal.service import portal_site
from showcase.portal.tables import Dataset
from showcase.reuses import domain, queries
from showcase.reuses.tables import Reuse, ReuseDataset, ReuseTag, ReuseTheme
from showcase.web import utcnow

MAX_PAGE_SIZE = 100


class DatasetRef(msgspec.Struct):
    id: str | None
    name: str
    title_fr: str
    title_ar: str
    status: str
    page: str


class StartupRef(msgspec.Struct):
    name: str
    slug: str


class ReuseOut(msgspec.Struct):
    slug: str
    page: str
    url: str
    type: str
    status: str
    title_fr: str
    title_ar: str
    summary_fr: str
    summary_ar: str
    published_at: datetime | None
    views: int
    featured: bool
    author: str
    startup: StartupRef | None
    themes: list[str]
    tags: list[str]
    datasets: list[DatasetRef]
    cover: str | None
    description_fr: str | None = None
    description_ar: str | None = None


class ReusePage(msgspec.Struct):
    data: list[ReuseOut]
    page: int
    page_size: int
    total: int
    next_page: str | None


class ReuseIn(msgspec.Struct, forbid_unknown_fields=True):
    """What a token holder sends to create or update a reuse (fields left out keep their value on PATCH)."""

    url: str | None = None
    type: str | None = None
    title_fr: str | None = None
    title_ar: str | None = None
    summary_fr: str | None = None
    summary_ar: str | None = None
    description_fr: str | None = None
    description_ar: str | None = None
    datasets: list[str] | None = None
    themes: list[str] | None = None
    tags: list[str] | None = None
    startup: str | None = None  # a startup slug you belong to
    submit: bool = False


class Problem(msgspec.Struct):
    errors: dict[str, str]


PROBLEM = {400: ResponseSpec(data_container=Problem, description="The fields to correct, with a message each")}
PUBLIC = (Reuse.status.is_in(["published", "archived"])) & Reuse.deleted_at.is_null()


async def _serialise(rows: list[dict], base: str, *, with_description: bool = False) -> list[ReuseOut]:
    """Many reuses with their datasets, themes and tags in four queries."""
    ids = [row["id"] for row in rows]
    datasets: dict[int, list[DatasetRef]] = {i: [] for i in ids}
    themes: dict[int, list[str]] = {i: [] for i in ids}
    tags: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for link in await ReuseDataset.select(
                ReuseDataset.reuse, ReuseDataset.dataset.portal_id, ReuseDataset.dataset.name,
                ReuseDataset.dataset.cited_key, ReuseDataset.dataset.title_fr, ReuseDataset.dataset.title_ar,
                ReuseDataset.dataset.status).where(ReuseDataset.reuse.is_in(ids)).order_by(ReuseDataset.position):
            key = link["dataset.name"] or link["dataset.cited_key"]
            datasets[link["reuse"]].append(DatasetRef(
                id=link["dataset.portal_id"], name=key, title_fr=link["dataset.title_fr"],
                title_ar=link["dataset.title_ar"], status=link["dataset.status"], page=f"{base}/datasets/{key}"))
        for row in await ReuseTheme.select(ReuseTheme.reuse, ReuseTheme.theme.name).where(ReuseTheme.reuse.is_in(ids)):
            themes[row["reuse"]].append(row["theme.name"])
        for row in await ReuseTag.select(ReuseTag.reuse, ReuseTag.tag).where(ReuseTag.reuse.is_in(ids)):
            tags[row["reuse"]].append(row["tag"])
    return [ReuseOut(
        slug=row["slug"], page=f"{base}/reuses/{row['slug']}", url=row["url"], type=row["type"], status=row["status"],
        title_fr=row["title_fr"], title_ar=row["title_ar"], summary_fr=row["summary_fr"], summary_ar=row["summary_ar"],
        published_at=row["published_at"], views=row["views"], featured=row["featured"], author=row["owner_name"] or "",
        startup=StartupRef(row["startup_name"], row["startup_slug"]) if row["startup_slug"] else None,
        themes=themes[row["id"]], tags=sorted(tags[row["id"]]), datasets=datasets[row["id"]],
        cover=f"{base}{picture_urls(row['cover']).og_image}" if row["cover"] else None,
        description_fr=row["description_fr"] if with_description else None,
        description_ar=row["description_ar"] if with_description else None,
    ) for row in rows]


API_COLUMNS = (*queries.CARD_FIELDS, Reuse.url, Reuse.description_fr, Reuse.description_ar)


async def _token_user(request: Request):  # noqa: ANN202
    header = request.headers.get("authorization", "")
    scheme, _, raw = header.partition(" ")
    user = await user_for_token(raw.strip(), now=utcnow()) if scheme.lower() == "token" else None
    if user is None:
        raise NotAuthorizedException("Send a personal API token: Authorization: Token <token>",
                                     headers={"WWW-Authenticate": 'Token realm="showcase"'})
    return user


def _form_values(body: ReuseIn, current: dict[str, object]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Map the JSON body onto the form fields the domain understands (PATCH keeps what is not sent)."""
    values = {key: str(value) for key, value in current.items() if isinstance(value, str)}
    multi = {"themes": list(current.get("themes", [])), "platforms": list(current.get("platforms", []))}
    for name in ("url", "type", "title_fr", "title_ar", "summary_fr", "summary_ar", "description_fr", "description_ar"):
        if (value := getattr(body, name)) is not None:
            values[name] = value
    if body.datasets is not None:
        values["datasets"] = "\n".join(body.datasets)
    if body.tags is not None:
        values["tags"] = ", ".join(body.tags)
    if body.themes is not None:
        multi["themes"] = list(body.themes)
    return values, multi


class ReuseApiController(Controller):
    path = "/api/v1"
    tags = ["Reuses"]

    @get("/reuses", summary="Published reuses, newest first, with the gallery's filters")
    async def list_reuses(self, request: Request, type: FromQuery[str | None] = None, theme: FromQuery[str | None] = None,
                          tag: FromQuery[str | None] = None, dataset: FromQuery[str | None] = None,
                          page: FromQuery[int] = 1, page_size: FromQuery[int] = 20) -> ReusePage:
        page, page_size = max(1, page), max(1, min(page_size, MAX_PAGE_SIZE))
        condition = (Reuse.status == "published") & Reuse.deleted_at.is_null()
        if type:
            condition &= Reuse.type == type
        if theme:
            condition &= Reuse.id.is_in(ReuseTheme.select(ReuseTheme.reuse).where(ReuseTheme.theme.name == theme))
        if tag:
            condition &= Reuse.id.is_in(ReuseTag.select(ReuseTag.reuse).where(ReuseTag.tag == tag.lower()))
        if dataset:
            condition &= Reuse.id.is_in(ReuseDataset.select(ReuseDataset.reuse).where(
                (ReuseDataset.dataset.portal_id == dataset) | (ReuseDataset.dataset.name == dataset)))
        total = await Reuse.count().where(condition)
        rows = await Reuse.select(*API_COLUMNS).where(condition).order_by(Reuse.published_at, ascending=False).order_by(
            Reuse.id).limit(page_size).offset((page - 1) * page_size)
        base = request.app.state.settings.base_url
        next_page = None
        if page * page_size < total:
            params = request.query_params.dict()
            params.update({"page": [str(page + 1)], "page_size": [str(page_size)]})
            query = "&".join(f"{key}={value}" for key, values in params.items() for value in values)
            next_page = f"{base}/api/v1/reuses?{query}"
        return ReusePage(data=await _serialise(rows, base), page=page, page_size=page_size, total=total,
                         next_page=next_page)

    @get("/reuses/{slug:str}", summary="One published reuse, descriptions included")
    async def get_reuse(self, request: Request, slug: FromPath[str]) -> ReuseOut:
        rows = await Reuse.select(*API_COLUMNS).where(PUBLIC & (Reuse.slug == slug))
        if not rows:
            raise NotFoundException("No published reuse has this slug")
        return (await _serialise(rows, request.app.state.settings.base_url, with_description=True))[0]

    @get("/datasets/{dataset_id:str}/reuses", summary="Published reuses citing a dataset (portal id or name)")
    async def dataset_reuses(self, request: Request, dataset_id: FromPath[str]) -> list[ReuseOut]:
        dataset = await Dataset.select(Dataset.id).where(
            (Dataset.portal_id == dataset_id) | (Dataset.name == dataset_id)).first()
        if dataset is None:
            return []
        rows = await Reuse.select(*API_COLUMNS).where(
            (Reuse.status == "published") & Reuse.deleted_at.is_null()
            & Reuse.id.is_in(ReuseDataset.select(ReuseDataset.reuse).where(ReuseDataset.dataset == dataset["id"]))
        ).order_by(Reuse.published_at, ascending=False).limit(200)
        return await _serialise(rows, request.app.state.settings.base_url)

    @post("/reuses", summary="Create a reuse (personal token)", status_code=HTTP_201_CREATED,
          responses=PROBLEM)
    async def create_reuse(self, request: Request, data: JSONBody[ReuseIn]) -> Response[ReuseOut | Problem]:
        user = await _token_user(request)
        values, multi = _form_values(data, {"type": "application"})
        return await self._save(request, user, None, values, multi, data, created=True)

    @patch("/reuses/{slug:str}", summary="Update one of your reuses (personal token)", responses=PROBLEM)
    async def update_reuse(self, request: Request, slug: FromPath[str], data: JSONBody[ReuseIn]) -> Response[ReuseOut | Problem]:
        user = await _token_user(request)
        found = await queries.find_reuse(slug)
        if found.reuse is None or found.reuse["deleted_at"] is not None:
            raise NotFoundException("No reuse has this slug")
        current = await queries.form_values(found.reuse)
        current["startup"] = await _startup_slug(found.reuse["startup"])
        values, multi = _form_values(data, current)
        return await self._save(request, user, found.reuse, values, multi, data, created=False)

    async def _save(self, request: Request, user, reuse, values, multi, data: ReuseIn,  # noqa: ANN001
                    *, created: bool) -> Response:
        if data.startup is not None:
            values["startup"] = data.startup
        values["startup"] = await _startup_id(values.get("startup", ""))
        try:
            saved = await domain.save_reuse(
                user=user, reuse_id=reuse["id"] if reuse else None, values=values, multi=multi,
                cover_key=reuse["cover"] if reuse else "", portal=request.app.state.portal,
                site=portal_site(request.app.state.settings), now=utcnow(), submit=data.submit)
        except InvalidInput as exc:
            return Response(Problem(errors=exc.errors), status_code=HTTP_400_BAD_REQUEST)
        except NotAllowed:
            raise PermissionDeniedException("You may not edit this reuse") from None
        rows = await Reuse.select(*API_COLUMNS).where(Reuse.id == saved.reuse_id)
        body = (await _serialise(rows, request.app.state.settings.base_url, with_description=True))[0]
        return Response(body, status_code=HTTP_201_CREATED if created else 200)


async def _startup_slug(startup_id: int | None) -> str:
    from showcase.startups.tables import Startup

    if startup_id is None:
        return ""
    row = await Startup.select(Startup.slug).where(Startup.id == startup_id).first()
    return row["slug"] if row else ""


async def _startup_id(slug: str) -> str:
    """The API names startups by slug; the form (and the domain) by id. An unknown slug stays wrong."""
    from showcase.startups.tables import Startup

    if not slug:
        return ""
    row = await Startup.select(Startup.id).where(Startup.slug == slug).first()
    return str(row["id"]) if row else "-1"
