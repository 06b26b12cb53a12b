"""The logo pipeline on its own: formats, orientation, metadata, limits, storage."""

import hashlib
import io

import pytest
from PIL import Image

from showcase.i18n import use_locale
from showcase.media.images import ImageRejected, prepare_logo, rejection_message, write_content_addressed

LIMIT = 2 * 1024 * 1024


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_jpeg_with_gps_and_orientation_is_turned_and_stripped():
    exif = Image.Exif()
    exif[0x0112] = 8  # rotate 90° counter-clockwise to display
    exif[0x8825] = {1: "N", 2: (33.0, 35.0, 0.0)}  # GPS position
    source = Image.new("RGB", (100, 50), (0, 90, 200))
    data = _encode(source, "JPEG", exif=exif.tobytes(), quality=95)
    result = _open(prepare_logo(data, max_bytes=LIMIT))
    assert (result.format, result.size, result.mode) == ("WEBP", (256, 256), "RGBA")
    assert (dict(result.getexif()), "exif" in result.info, "icc_profile" in result.info) == ({}, False, False)
    # Upright it is 50×100: padded left and right.
    assert (result.getpixel((20, 128))[3], result.getpixel((128, 128))[3]) == (0, 255)


def test_transparency_is_kept_and_wide_images_are_padded_top_and_bottom():
    source = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    source.paste((255, 200, 0, 255), (50, 25, 150, 75))
    result = _open(prepare_logo(_encode(source, "PNG"), max_bytes=LIMIT))
    assert (result.getpixel((128, 10))[3], result.getpixel((10, 128))[3], result.getpixel((128, 128))[3]) == (0, 0, 255)


def test_palette_png_and_webp_and_gif_first_frame():
    palette = Image.new("P", (16, 16), 1)
    palette.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    red = _open(prepare_logo(_encode(palette, "PNG", transparency=0), max_bytes=LIMIT)).getpixel((128, 128))
    assert (red[0] > 240, red[1] < 10, red[2] < 10) == (True, True, True)
    webp = _encode(Image.new("RGB", (30, 30), (10, 200, 10)), "WEBP", lossless=True)
    assert _open(prepare_logo(webp, max_bytes=LIMIT)).size == (256, 256)
    frames = [Image.new("RGB", (20, 20), (0, 0, 255)), Image.new("RGB", (20, 20), (255, 0, 0))]
    gif = _encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=50)
    pixel = _open(prepare_logo(gif, max_bytes=LIMIT)).getpixel((128, 128))
    assert (pixel[0] < 40, pixel[2] > 200) == (True, True)


def _bomb() -> bytes:
    return _encode(Image.new("1", (10_000, 5_000)), "PNG", optimize=True)


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"x" * (LIMIT + 1), "too_large"),
    (b"<html><body>hello</body></html>", "not_image"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "not_image"),
    (b"%PDF-1.7\n", "not_image"),
    (_encode(Image.new("RGB", (8, 8)), "BMP"), "not_image"),
    (_encode(Image.new("RGB", (8, 8)), "TIFF"), "not_image"),
    (_encode(Image.effect_noise((200, 200), 60).convert("RGB"), "PNG")[:3000], "damaged"),
    (_encode(Image.effect_noise((200, 200), 60).convert("RGB"), "JPEG")[:2000], "damaged"),
    (_bomb(), "too_many_pixels"),
])
def test_rejections(data, reason):
    with pytest.raises(ImageRejected) as rejected:
        prepare_logo(data, max_bytes=LIMIT)
    assert rejected.value.reason == reason


def test_rejection_messages():
    with use_locale("en"):
        assert [rejection_message(reason, max_bytes=LIMIT) for reason in
                ("empty", "too_large", "not_image", "damaged", "too_many_pixels")] == [
            "The file is empty. Choose the image again.",
            "The file is too large: the limit is 2 MB.",
            "This file is not an image we can use. Upload a JPEG, PNG, WebP or GIF image.",
            "This image is damaged or incomplete. Export it again and upload the new file.",
            "This image has too many pixels (the limit is 40 megapixels). Resize it and try again.",
        ]
        assert rejection_message("too_large", max_bytes=1536 * 1024) == "The file is too large: the limit is 1.5 MB."


def test_output_is_deterministic_and_content_addressed(tmp_path):
    data = _encode(Image.new("RGB", (64, 64), (1, 2, 3)), "PNG")
    first, second = prepare_logo(data, max_bytes=LIMIT), prepare_logo(data, max_bytes=LIMIT)
    assert first == second
    relative = write_content_addressed(first, folder="logos", suffix="webp", media_root=tmp_path)
    assert relative == f"logos/{hashlib.sha256(first).hexdigest()}.webp"
    assert (tmp_path / relative).read_bytes() == first
    assert write_content_addressed(first, folder="logos", suffix="webp", media_root=tmp_path) == relative
    assert sorted(path.name for path in (tmp_path / "logos").iterdir()) == [relative.split("/")[1]]
