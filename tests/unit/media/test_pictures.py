"""The picture pipeline on its own: the upload corpus, variants, orientation, metadata, idempotence, URLs."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from showcase.exceptions import InvalidInput
from showcase.i18n import use_locale
from showcase.media import pictures
from showcase.media.pictures import (
    PICTURE_MAX_BYTES,
    PICTURE_MAX_PIXELS,
    StoredPicture,
    picture_urls,
    store_picture_sync,
)
from tests.unit.media import corpus

EXPECTED_NAMES = ["card-480.jpg", "card-480.webp", "card-960.jpg", "card-960.webp", "full-1600.jpg",
                  "full-1600.webp", "og-1200.jpg", "thumb-240.jpg", "thumb-240.webp"]


def _store(data: bytes, root: Path, **options: object) -> StoredPicture:
    with use_locale("en"):
        return store_picture_sync(data, media_root=root, **options)


def _open(root: Path, stored: StoredPicture, name: str) -> Image.Image:
    (path,) = [f for f in stored.files if f.endswith("/" + name)]
    image = Image.open(root / path)
    image.load()
    return image


def _sizes(root: Path, stored: StoredPicture) -> dict[str, tuple[str, tuple[int, int]]]:
    result = {}
    for relative in stored.files:
        with Image.open(root / relative) as image:
            result[relative.rsplit("/", 1)[1]] = (image.format, image.size)
    return result


def test_limits_are_the_issue_s():
    assert (PICTURE_MAX_BYTES, PICTURE_MAX_PIXELS) == (8 * 1024 * 1024, 40_000_000)


@pytest.mark.parametrize("name", list(corpus.VALID))
def test_every_valid_format_gives_every_variant_clean(tmp_path, name):
    _, build = corpus.VALID[name]
    stored = _store(build(), tmp_path)
    assert len(stored.key) == 64
    folder = f"pictures/{stored.key[:2]}/{stored.key}"
    assert sorted(stored.files) == [f"{folder}/{n}" for n in EXPECTED_NAMES]
    assert sorted(p.name for p in (tmp_path / folder).iterdir()) == EXPECTED_NAMES  # no temporary file left
    for relative in stored.files:
        raw = (tmp_path / relative).read_bytes()
        with Image.open(io.BytesIO(raw)) as image:
            assert image.format == ("WEBP" if relative.endswith(".webp") else "JPEG")
            assert getattr(image, "n_frames", 1) == 1
            assert dict(image.getexif()) == {}
            assert sorted(k for k in image.info if k in ("exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp")) == []
        for secret in (b"Exif\0", b"SecretCam", b"SecretAuthor", b"SecretComment", b"ICC_PROFILE", b"http://ns.adobe.com",
                       b"ICCP", b"XMP "):
            assert secret not in raw, (relative, secret)


def test_variant_sizes_for_a_large_landscape(tmp_path):
    stored = _store(corpus.jpeg(), tmp_path)  # 2000×1000
    assert (stored.width, stored.height) == (2000, 1000)
    assert _sizes(tmp_path, stored) == {
        "card-480.webp": ("WEBP", (480, 270)), "card-480.jpg": ("JPEG", (480, 270)),
        "card-960.webp": ("WEBP", (960, 540)), "card-960.jpg": ("JPEG", (960, 540)),
        "thumb-240.webp": ("WEBP", (240, 135)), "thumb-240.jpg": ("JPEG", (240, 135)),
        "og-1200.jpg": ("JPEG", (1200, 630)),
        "full-1600.webp": ("WEBP", (1600, 800)), "full-1600.jpg": ("JPEG", (1600, 800)),
    }
    with _open(tmp_path, stored, "card-960.jpg") as card:
        assert card.info.get("progressive") == 1


def test_a_small_source_is_never_upscaled_except_for_opengraph(tmp_path):
    stored = _store(corpus.webp(), tmp_path)  # 800×600: its largest 16:9 crop is 800×450
    sizes = {name: size for name, (_, size) in _sizes(tmp_path, stored).items()}
    assert sizes == {
        "card-480.webp": (480, 270), "card-480.jpg": (480, 270),
        "card-960.webp": (800, 450), "card-960.jpg": (800, 450),
        "thumb-240.webp": (240, 135), "thumb-240.jpg": (240, 135),
        "og-1200.jpg": (1200, 630),
        "full-1600.webp": (800, 600), "full-1600.jpg": (800, 600),
    }


def test_portrait_full_fits_the_box(tmp_path):
    stored = _store(corpus.encode(corpus.photo((1000, 4000)), "PNG"), tmp_path)
    assert _sizes(tmp_path, stored)["full-1600.jpg"] == ("JPEG", (400, 1600))
    assert _sizes(tmp_path, stored)["card-960.jpg"] == ("JPEG", (960, 540))


def test_exif_orientation_is_applied_then_every_tag_dropped(tmp_path):
    stored = _store(corpus.rotated_jpeg_with_gps(), tmp_path)
    assert (stored.width, stored.height) == (90, 160)  # upright
    with _open(tmp_path, stored, "full-1600.jpg") as full:
        assert full.size == (90, 160)
        top, bottom = full.getpixel((45, 30)), full.getpixel((45, 130))
    assert (top[0] > 180, top[2] < 70, bottom[0] < 70, bottom[2] > 180) == (True, True, True, True)
    with _open(tmp_path, stored, "full-1600.webp") as full:
        top, bottom = full.getpixel((45, 30)), full.getpixel((45, 130))
    assert (top[0] > 180, top[2] < 70, bottom[0] < 70, bottom[2] > 180) == (True, True, True, True)


def test_transparency_kept_in_webp_and_flattened_on_white_in_jpeg(tmp_path):
    stored = _store(corpus.png_with_alpha(), tmp_path)  # 400×300, green square 200×200 in the middle
    with _open(tmp_path, stored, "full-1600.webp") as webp:
        assert webp.mode == "RGBA"
        assert (webp.getpixel((10, 10))[3], webp.getpixel((200, 150))[3]) == (0, 255)
    with _open(tmp_path, stored, "full-1600.jpg") as jpeg:
        assert jpeg.mode == "RGB"
        corner, centre = jpeg.getpixel((10, 10)), jpeg.getpixel((200, 150))
    assert min(corner) > 245
    assert (centre[0] < 60, centre[1] > 160, centre[2] < 60) == (True, True, True)
    with _open(tmp_path, stored, "og-1200.jpg") as og:
        assert og.mode == "RGB" and min(og.getpixel((5, 5))) > 245


def test_animated_gif_keeps_its_first_frame(tmp_path):
    stored = _store(corpus.animated_gif(), tmp_path)
    for name in ("full-1600.jpg", "full-1600.webp", "card-480.webp"):
        with _open(tmp_path, stored, name) as image:
            pixel = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
            assert (pixel[2] > 180, pixel[0] < 70) == (True, True), name


def test_icc_profile_is_dropped_after_conversion(tmp_path):
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    stored = _store(corpus.encode(Image.new("RGB", (64, 36), (200, 100, 50)), "PNG", icc_profile=icc), tmp_path)
    with _open(tmp_path, stored, "full-1600.webp") as image:
        assert "icc_profile" not in image.info
        assert all(abs(a - b) < 8 for a, b in zip(image.getpixel((32, 18))[:3], (200, 100, 50), strict=True))


def test_same_input_same_key_and_files_are_reused(tmp_path):
    data = corpus.jpeg()
    first = _store(data, tmp_path)
    stamps = {f: (tmp_path / f).stat().st_mtime_ns for f in first.files}
    os.utime(tmp_path / first.files[0], ns=(1, 1))  # rewriting it would change this
    second = _store(data, tmp_path)
    assert second == first
    assert (tmp_path / first.files[0]).stat().st_mtime_ns == 1
    assert {f: (tmp_path / f).stat().st_mtime_ns for f in first.files[1:]} == {f: stamps[f] for f in first.files[1:]}
    assert [p.name for p in (tmp_path / "pictures").iterdir()] == [first.key[:2]]
    assert len(list((tmp_path / "pictures").rglob("*.*"))) == 9


def test_a_missing_variant_is_rebuilt(tmp_path):
    stored = _store(corpus.webp(), tmp_path)
    (tmp_path / stored.files[0]).unlink()
    assert _store(corpus.webp(), tmp_path) == stored
    assert (tmp_path / stored.files[0]).stat().st_size > 0


def test_key_follows_the_pixels_not_the_container_or_metadata(tmp_path):
    image = corpus.halves((64, 48), corpus.RED, corpus.BLUE)
    png = _store(corpus.encode(image, "PNG"), tmp_path)
    lossless_webp = _store(corpus.encode(image, "WEBP", lossless=True), tmp_path)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    with_exif = _store(corpus.encode(image, "PNG", exif=exif.tobytes()), tmp_path)
    other = _store(corpus.encode(corpus.halves((64, 48), corpus.BLUE, corpus.RED), "PNG"), tmp_path)
    assert png.key == lossless_webp.key == with_exif.key != other.key


@pytest.mark.parametrize("name", list(corpus.REJECTED))
def test_rejections_have_one_clear_message(tmp_path, name):
    filename, build, message = corpus.REJECTED[name]
    with pytest.raises(InvalidInput) as refused:
        _store(build(), tmp_path, filename=filename)
    assert refused.value.errors == {"image": message}
    assert not (tmp_path / "pictures").exists()


def test_corpus_sizes_are_what_they_claim():
    assert len(corpus.bomb()) < 200_000
    assert len(corpus.just_over_the_limit()) < 20_000
    assert len(corpus.nine_megabytes()) > 9 * 1024 * 1024
    # Pillow's own guard refuses a 900 MP header as soon as it is opened (it raises at twice the limit).
    for data in (corpus.bomb(), corpus.jpeg_declaring_30000_square()):
        with pytest.raises(Image.DecompressionBombError):
            Image.open(io.BytesIO(data))


def test_field_name_and_language_follow_the_caller(tmp_path):
    with pytest.raises(InvalidInput) as refused, use_locale("fr"):
        store_picture_sync(b"x" * (PICTURE_MAX_BYTES + 1), field="cover", media_root=tmp_path)
    assert refused.value.errors == {"cover": "Le fichier est trop volumineux\u00a0: la limite est de 8\u00a0Mo."}


def test_disk_errors_are_not_blamed_on_the_upload(tmp_path, monkeypatch):
    def broken(target: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(pictures, "write_atomically", broken)
    with pytest.raises(PermissionError):
        _store(corpus.webp(), tmp_path)


def test_picture_urls_are_built_from_the_key_alone():
    key = "ab" + "0" * 62
    urls = picture_urls(key)
    base = f"/media/pictures/ab/{key}"
    assert urls.card.webp_srcset == f"{base}/card-480.webp 480w, {base}/card-960.webp 960w"
    assert urls.card.jpeg_srcset == f"{base}/card-480.jpg 480w, {base}/card-960.jpg 960w"
    assert (urls.card.src, urls.card.width, urls.card.height) == (f"{base}/card-960.jpg", 960, 540)
    assert (urls["thumb"].jpeg_srcset, urls.thumb.width, urls.thumb.height) == (f"{base}/thumb-240.jpg 240w", 240, 135)
    assert (urls.og.webp, urls.og_image, urls.og.display_size()) == ((), f"{base}/og-1200.jpg", (1200, 630))
    assert urls.full.webp_srcset == f"{base}/full-1600.webp 1600w"
    assert (urls.full.display_size(), urls.full.display_size(4000, 3000), urls.full.display_size(800, 600)) == (
        None, (1600, 1200), (800, 600))
    for bad in ("", "AB" + "0" * 62, "../" + "0" * 61, "0" * 63):
        with pytest.raises(ValueError):
            picture_urls(bad)
    with pytest.raises(KeyError):
        urls["poster"]


def test_stored_picture_urls_point_at_its_files(tmp_path):
    stored = _store(corpus.png_with_alpha(), tmp_path)
    urls = stored.urls
    listed = [url for v in (urls.card, urls.thumb, urls.og, urls.full) for url, _ in (*v.webp, *v.jpeg)]
    assert sorted(url.removeprefix("/media/") for url in listed) == sorted(stored.files)
