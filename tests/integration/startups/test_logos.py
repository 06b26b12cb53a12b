"""Logo uploads through the create and edit forms: accepted images are cleaned; bad files are explained."""

import hashlib
import io
import os

import pytest
from PIL import Image

from showcase.settings import get_settings
from showcase.startups.tables import Startup
from tests.conftest import soup
from tests.integration.startups.helpers import create_startup, form, owner_client, png_bytes
from tests.support import submit

pytestmark = pytest.mark.anyio


async def _upload(client, data: bytes, filename: str = "logo.png", content_type: str = "image/png"):  # noqa: ANN001, ANN202
    return await submit(client, "/startups/new", form(), files={"logo": (filename, data, content_type)})


async def test_png_with_exif_orientation_becomes_clean_square_webp(client):
    await owner_client(client)
    # 40×20, red on the left half and blue on the right; EXIF says "rotate 90° clockwise to display".
    image = Image.new("RGBA", (40, 20), (255, 0, 0, 255))
    image.paste((0, 0, 255, 255), (20, 0, 40, 20))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "SecretCam"  # Make
    image.save(out, "PNG", exif=exif.tobytes())
    response = await _upload(client, out.getvalue())
    assert response.status_code == 302, response.text[:3000]

    logo = (await Startup.select(Startup.logo).first())["logo"]
    stored = (get_settings().media_root / logo).read_bytes()
    assert logo == f"logos/{hashlib.sha256(stored).hexdigest()}.webp"
    with Image.open(io.BytesIO(stored)) as result:
        assert (result.format, result.size, result.mode) == ("WEBP", (256, 256), "RGBA")
        assert dict(result.getexif()) == {}
        assert sorted(key for key in result.info if key in ("exif", "xmp", "icc_profile")) == []
        # Upright it is 20×40, so 128×256 once fitted: transparent bands left and right, red on top, blue below.
        assert result.getpixel((10, 128))[3] == 0
        assert result.getpixel((245, 128))[3] == 0
        top, bottom = result.getpixel((128, 40)), result.getpixel((128, 215))
        assert (top[0] > 200, top[2] < 50, bottom[0] < 50, bottom[2] > 200) == (True, True, True, True)
    served = await client.get(f"/media/{logo}")
    assert (served.status_code, served.headers["content-type"], served.content) == (200, "image/webp", stored)
    page = await client.get(response.headers["location"])
    assert f'src="/media/{logo}"' in page.text


def _noise_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(out, "PNG", compress_level=0)
    return out.getvalue()


def _bomb_png() -> bytes:
    """About 6 KB on disk, 10000×5000 pixels once decoded."""
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, "PNG", optimize=True)
    return out.getvalue()


REJECTIONS = [
    ("zero-byte", lambda: b"", "logo.png", "The file is empty. Choose the image again."),
    ("truncated", lambda: _noise_png(120, 120)[:20_000], "logo.png",
     "This image is damaged or incomplete. Export it again and upload the new file."),
    ("html-as-png", lambda: b"<!doctype html><html><body><script>alert(1)</script></body></html>", "logo.png",
     "This file is not an image we can use. Upload a JPEG, PNG, WebP or GIF image."),
    ("svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
     "logo.png", "This file is not an image we can use. Upload a JPEG, PNG, WebP or GIF image."),
    ("3-megabytes", lambda: _noise_png(1000, 1000), "logo.png", "The file is too large: the limit is 2 MB."),
    ("decompression-bomb", _bomb_png, "logo.png",
     "This image has too many pixels (the limit is 40 megapixels). Resize it and try again."),
    ("bmp", lambda: _bmp(), "logo.bmp", "This file is not an image we can use. Upload a JPEG, PNG, WebP or GIF image."),
]


def _bmp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "BMP")
    return out.getvalue()


@pytest.mark.parametrize(("case", "make", "filename", "message"), REJECTIONS, ids=[case[0] for case in REJECTIONS])
async def test_bad_logo_is_refused_with_its_reason(client, case, make, filename, message):
    await owner_client(client)
    data = make()
    if case == "3-megabytes":
        assert len(data) > 3_000_000
    if case == "decompression-bomb":
        assert len(data) < 20_000
    response = await _upload(client, data, filename)
    assert response.status_code == 400
    html = soup(response.text)
    assert {p["id"]: p.get_text() for p in html.select(".field-error")} == {"f-logo-error": message}
    assert html.select_one("#f-name")["value"] == "Souss Agri Data"
    assert html.select_one("#f-description_fr").get_text() == form()["description_fr"]
    assert await Startup.count() == 0
    logos = get_settings().media_root / "logos"
    assert not logos.exists() or all(path.suffix == ".webp" for path in logos.iterdir())


async def test_logo_and_field_errors_are_shown_together(client):
    await owner_client(client)
    response = await submit(client, "/startups/new", form(website="ftp://x.ma"), files={"logo": ("logo.png", b"", "image/png")})
    errors = {p["id"]: p.get_text() for p in soup(response.text).select(".field-error")}
    assert errors == {
        "f-website-error": "Enter a web address starting with http:// or https:// (example: https://example.ma).",
        "f-logo-error": "The file is empty. Choose the image again.",
    }


async def test_edit_replaces_then_removes_the_logo(client):
    await owner_client(client)
    slug = await create_startup(client)
    response = await submit(client, f"/startups/{slug}/edit", form(slug=slug),
                            files={"logo": ("logo.gif", _gif(), "image/gif")})
    assert response.status_code == 302
    logo = (await Startup.select(Startup.logo).first())["logo"]
    with Image.open(get_settings().media_root / logo) as result:
        assert (result.format, result.size, getattr(result, "n_frames", 1)) == ("WEBP", (256, 256), 1)
        assert result.getpixel((128, 128))[:3] == (0, 128, 0) or result.getpixel((128, 128))[1] > 100
    # Saving without a new file keeps the logo; ticking "remove" drops it.
    await submit(client, f"/startups/{slug}/edit", form(slug=slug))
    assert (await Startup.select(Startup.logo).first())["logo"] == logo
    await submit(client, f"/startups/{slug}/edit", {**form(slug=slug), "remove_logo": "on"})
    assert (await Startup.select(Startup.logo).first())["logo"] == ""


def _gif() -> bytes:
    """Two frames: green, then magenta. Only the first one counts."""
    frames = [Image.new("RGB", (30, 30), (0, 128, 0)), Image.new("RGB", (30, 30), (255, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


async def test_same_image_is_stored_once(client):
    await owner_client(client)
    data = png_bytes((64, 64))
    await _upload(client, data)
    await submit(client, "/startups/new", form(name="Second"), files={"logo": ("again.png", data, "image/png")})
    rows = await Startup.select(Startup.logo).order_by(Startup.id)
    assert rows[0]["logo"] == rows[1]["logo"] != ""
