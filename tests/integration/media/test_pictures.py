"""Pictures through HTTP: the upload corpus never gives a 500, work runs off the loop, /media caches for a year."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass

import pytest
from litestar import Litestar, Response, post
from litestar.datastructures import UploadFile
from litestar.params import MultipartBody
from litestar.testing import AsyncTestClient
from PIL import Image

from showcase.exceptions import InvalidInput
from showcase.i18n import use_locale
from showcase.media import pictures
from showcase.media.images import media_url
from showcase.media.pictures import store_picture
from showcase.settings import get_settings
from tests.unit.media import corpus

pytestmark = pytest.mark.anyio


@dataclass
class UploadForm:
    image: UploadFile


@post("/upload", request_max_body_size=12 * 1024 * 1024)
async def upload(data: MultipartBody[UploadForm]) -> Response:
    """What a reuse form does with its file field (the page would show the message beside it)."""
    raw = await data.image.read()
    with use_locale("en"):
        try:
            stored = await store_picture(raw, filename=data.image.filename)
        except InvalidInput as exc:
            return Response({"errors": exc.errors}, status_code=400)
    return Response({"key": stored.key, "files": list(stored.files), "og": stored.urls.og_image}, status_code=201)


@pytest.fixture
async def uploader():
    app = Litestar([upload], debug=False)  # no exception handler: any unexpected error is a 500
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


CORPUS = [(name, filename, build, None) for name, (filename, build) in corpus.VALID.items()] + [
    (name, filename, build, message) for name, (filename, build, message) in corpus.REJECTED.items()]


@pytest.mark.parametrize(("name", "filename", "build", "message"), CORPUS, ids=[case[0] for case in CORPUS])
async def test_upload_corpus_never_fails_and_leaves_no_metadata(uploader, name, filename, build, message):
    content_type = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}.get(
        filename.rsplit(".", 1)[1], "application/octet-stream")
    response = await uploader.post("/upload", files={"image": (filename, build(), content_type)})
    if message is not None:
        assert (response.status_code, response.json()) == (400, {"errors": {"image": message}})
        return
    assert response.status_code == 201, response.text
    body = response.json()
    root = get_settings().media_root
    assert len(body["files"]) == 9
    for relative in body["files"]:
        raw = (root / relative).read_bytes()
        assert b"SecretCam" not in raw and b"SecretAuthor" not in raw and b"Exif\0" not in raw
        with Image.open(io.BytesIO(raw)) as image:
            assert dict(image.getexif()) == {}
            assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
    assert body["og"] == media_url(next(f for f in body["files"] if f.endswith("/og-1200.jpg")))


async def test_the_work_runs_in_a_worker_thread(monkeypatch, tmp_path):
    seen: list[int] = []
    real = pictures.store_picture_blocking

    def spy(raw: bytes, **options: object) -> pictures.StoredPicture:
        seen.append(threading.get_ident())
        return real(raw, **options)

    monkeypatch.setattr(pictures, "store_picture_blocking", spy)
    stored = await store_picture(corpus.webp(), media_root=tmp_path)
    assert seen and seen[0] != threading.get_ident()
    assert (tmp_path / stored.files[0]).is_file()
    with pytest.raises(InvalidInput) as refused:
        await store_picture(b"", field="cover", media_root=tmp_path)
    assert list(refused.value.errors) == ["cover"]
    assert len(seen) == 2


async def test_media_is_served_with_a_one_year_immutable_cache(client):
    stored = await store_picture(corpus.png_with_alpha())
    webp = next(f for f in stored.files if f.endswith("/card-480.webp"))
    jpeg = next(f for f in stored.files if f.endswith("/og-1200.jpg"))
    for relative, content_type in ((webp, "image/webp"), (jpeg, "image/jpeg")):
        response = await client.get(media_url(relative))
        assert (response.status_code, response.headers["content-type"]) == (200, content_type)
        directives = {d.strip() for d in response.headers["cache-control"].split(",")}
        assert directives == {"public", "max-age=31536000", "immutable"}
        assert response.content == (get_settings().media_root / relative).read_bytes()
    assert (await client.get("/media/pictures/00/missing/card-480.jpg")).status_code == 404
