"""Pictures (reuse illustrations): checked, cleaned, re-encoded into responsive variants, stored by content hash.

One upload becomes a folder of files, all derived from the decoded pixels only (no EXIF, GPS, XMP, ICC profile,
comment or extra frame of the upload ever reaches the disk):

    <media_root>/pictures/<key[:2]>/<key>/<variant>-<width>.<ext>

| variant | shape                         | widths     | formats     |
|---------|-------------------------------|------------|-------------|
| card    | 16:9 cover crop               | 480, 960   | WebP + JPEG |
| thumb   | 16:9 cover crop               | 240        | WebP + JPEG |
| og      | 1200×630 cover crop (exact)   | 1200       | JPEG        |
| full    | fit within 1600×1600          | 1600       | WebP + JPEG |

Names carry the nominal width so URLs can be built from the key alone (`picture_urls`). Nothing is ever
upscaled except the OpenGraph crop (always exactly 1200×630): from a small source, `card-960` holds the largest
16:9 crop the source allows (same aspect ratio, fewer pixels) and `full-1600` the source's own size.

`key` is the SHA-256 of the normalised pixels (upright, sRGB, RGB or RGBA) and of the pipeline version: the
same image stored twice, even with different metadata or container, gives the same key and reuses the files.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path

import anyio.to_thread
from PIL import Image, ImageCms, ImageOps

from showcase.exceptions import InvalidInput
from showcase.media.images import ImageRejected, _open_checked, rejection_message, write_atomically
from showcase.settings import get_settings

log = logging.getLogger(__name__)

PICTURE_MAX_BYTES = 8 * 1024 * 1024
PICTURE_MAX_PIXELS = 40_000_000
PICTURE_DIR = "pictures"
PIPELINE_VERSION = b"pictures-v1"  # change it when the variants change: new keys, new files
WEBP_QUALITY = 82
JPEG_QUALITY = 85
CARD_RATIO = (16, 9)
OG_SIZE = (1200, 630)
FULL_BOX = 1600

# Pillow's own guard (set in images.py) must not be lower than ours.
Image.MAX_IMAGE_PIXELS = max(Image.MAX_IMAGE_PIXELS or 0, PICTURE_MAX_PIXELS)

_KEY = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Variant:
    name: str
    widths: tuple[int, ...]
    formats: tuple[str, ...]  # file extensions: "webp", "jpg"
    size: tuple[int, int] | None  # the nominal size of the largest width; None when it follows the source

    def files(self) -> list[tuple[int, str]]:
        return [(width, ext) for width in self.widths for ext in self.formats]


VARIANTS: dict[str, Variant] = {
    "card": Variant("card", (480, 960), ("webp", "jpg"), (960, 540)),
    "thumb": Variant("thumb", (240,), ("webp", "jpg"), (240, 135)),
    "og": Variant("og", (1200,), ("jpg",), OG_SIZE),
    "full": Variant("full", (FULL_BOX,), ("webp", "jpg"), None),
}


@dataclass(frozen=True, slots=True)
class StoredPicture:
    key: str
    width: int  # of the upload, upright (EXIF orientation applied)
    height: int
    files: tuple[str, ...]  # paths relative to MEDIA_ROOT, e.g. "pictures/ab/ab…/card-480.webp"

    @property
    def urls(self) -> PictureUrls:
        return picture_urls(self.key)


# --- URLs (pure) -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VariantUrls:
    name: str
    webp: tuple[tuple[str, int], ...]  # (url, nominal width), smallest first; empty for og
    jpeg: tuple[tuple[str, int], ...]
    width: int | None  # for <img width height>: the nominal size; None for "full" (it follows the source)
    height: int | None

    @property
    def webp_srcset(self) -> str:
        return ", ".join(f"{url} {width}w" for url, width in self.webp)

    @property
    def jpeg_srcset(self) -> str:
        return ", ".join(f"{url} {width}w" for url, width in self.jpeg)

    def display_size(self, source_width: int | None = None, source_height: int | None = None) -> tuple[int, int] | None:
        """<img width height>: the nominal size, or for "full" the source's size fitted in 1600×1600 (None if unknown)."""
        if self.width and self.height:
            return self.width, self.height
        if not source_width or not source_height:
            return None
        scale = min(1.0, FULL_BOX / source_width, FULL_BOX / source_height)
        return max(1, round(source_width * scale)), max(1, round(source_height * scale))

    @property
    def src(self) -> str:
        """The largest JPEG: the fallback for clients that ignore srcset (and the og:image URL)."""
        return self.jpeg[-1][0]


@dataclass(frozen=True, slots=True)
class PictureUrls:
    key: str
    card: VariantUrls
    thumb: VariantUrls
    og: VariantUrls
    full: VariantUrls

    def __getitem__(self, variant: str) -> VariantUrls:
        if variant not in VARIANTS:
            raise KeyError(variant)
        return getattr(self, variant)

    @property
    def og_image(self) -> str:
        return self.og.src


def picture_folder(key: str) -> str:
    return f"{PICTURE_DIR}/{key[:2]}/{key}"


def variant_path(key: str, variant: str, width: int, ext: str) -> str:
    """The file's path relative to MEDIA_ROOT."""
    return f"{picture_folder(key)}/{variant}-{width}.{ext}"


def picture_urls(key: str) -> PictureUrls:
    """The /media URLs of every variant of a stored picture, from its key alone (no disk access)."""
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise ValueError(f"not a picture key: {key!r}")
    built = {}
    for name, variant in VARIANTS.items():
        urls = {ext: tuple((f"/media/{variant_path(key, name, width, ext)}", width) for width in variant.widths)
                for ext in ("webp", "jpg") if ext in variant.formats}
        width, height = variant.size or (None, None)
        built[name] = VariantUrls(name, urls.get("webp", ()), urls["jpg"], width, height)
    return PictureUrls(key=key, **built)


# --- Processing (blocking) ---------------------------------------------------------------------------------


def _upright_size(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    try:
        orientation = image.getexif().get(0x0112)
    except Exception:  # noqa: BLE001 - unreadable EXIF: exif_transpose will ignore it too
        orientation = None
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _needed_size(image: Image.Image) -> tuple[int, int]:
    """The smallest decode that still feeds every variant at full quality (either orientation)."""
    width, height = image.size
    scale = 0.0
    for w, h in ((width, height), (height, width)):
        scale = max(scale,
                    min(FULL_BOX / w, FULL_BOX / h),  # full
                    max(OG_SIZE[0] / w, OG_SIZE[1] / h),  # og cover
                    max(960 / w, 540 / h))  # card-960 cover
    scale = min(scale, 1.0)
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB or RGBA in sRGB, with an empty info dict (nothing of the upload is carried over)."""
    icc = image.info.get("icc_profile")
    alpha = _has_alpha(image)
    target = "RGBA" if alpha else "RGB"
    converted: Image.Image | None = None
    if icc:
        try:
            source = image if image.mode in ("RGB", "RGBA", "CMYK", "L") else image.convert(target)
            converted = ImageCms.profileToProfile(
                source, ImageCms.ImageCmsProfile(io.BytesIO(icc)), ImageCms.createProfile("sRGB"),
                renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGBA" if source.mode == "RGBA" else "RGB")
        except Exception:  # noqa: BLE001 - a broken or mismatched profile: keep the numbers as they are
            log.info("picture: ignoring an unusable ICC profile")
            converted = None
    result = converted if converted is not None else image
    if result.mode != target:
        result = result.convert(target)
    if target == "RGBA" and result.getextrema()[3][0] == 255:
        result = result.convert("RGB")  # "transparent" but fully opaque: no alpha channel to carry
    if result is image:
        result = result.copy()
    result.info = {}
    return result


def _normalise(image: Image.Image) -> Image.Image:
    try:
        upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("too_many_pixels") from None
    except Exception:  # noqa: BLE001 - unreadable EXIF: the pixels are fine, only the orientation is lost
        upright = image
    # exif_transpose leaves the ICC profile in info: read it from the original when it made a copy.
    if upright is not image and "icc_profile" in image.info:
        upright.info["icc_profile"] = image.info["icc_profile"]
    return _to_srgb(upright)


def _pixel_key(image: Image.Image) -> str:
    digest = hashlib.sha256(PIPELINE_VERSION)
    digest.update(f"|{image.mode}|{image.width}x{image.height}|".encode())
    step = max(1, 4_000_000 // max(1, image.width))  # hash in bands of ~4 M pixels: no full copy in memory
    for top in range(0, image.height, step):
        digest.update(image.crop((0, top, image.width, min(image.height, top + step))).tobytes())
    return digest.hexdigest()


def _cover(image: Image.Image, ratio: tuple[int, int], width: int) -> Image.Image:
    """A centred crop of the given ratio, `width` wide unless the source is smaller (never upscaled)."""
    crop_w = min(image.width, image.height * ratio[0] / ratio[1])
    target_w = max(1, min(width, math.floor(crop_w)))
    target_h = max(1, min(image.height, round(target_w * ratio[1] / ratio[0])))
    return ImageOps.fit(image, (target_w, target_h), Image.Resampling.LANCZOS)


def _render(image: Image.Image, variant: str, width: int) -> Image.Image:
    if variant in ("card", "thumb"):
        return _cover(image, CARD_RATIO, width)
    if variant == "og":
        return ImageOps.fit(image, OG_SIZE, Image.Resampling.LANCZOS)  # exact size, upscaled if need be
    fitted = image.copy()
    fitted.thumbnail((FULL_BOX, FULL_BOX), Image.Resampling.LANCZOS)  # never enlarges
    return fitted


def _encode(image: Image.Image, ext: str) -> bytes:
    out = io.BytesIO()
    if ext == "webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4, exact=False)
    else:
        if image.mode == "RGBA":
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        image.save(out, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
    return out.getvalue()


def store_picture_blocking(raw: bytes, *, media_root: Path | None = None) -> StoredPicture:
    """Check, normalise and store every variant; raises ImageRejected. Blocking: run it in a worker thread."""
    if not raw:
        raise ImageRejected("empty")
    if len(raw) > PICTURE_MAX_BYTES:
        raise ImageRejected("too_large")
    root = media_root or get_settings().media_root
    opened = _open_checked(raw, max_pixels=PICTURE_MAX_PIXELS, draft=_needed_size)
    try:
        with Image.open(io.BytesIO(raw)) as header:
            width, height = _upright_size(header)
        image = _normalise(opened)
        key = _pixel_key(image)
        files: list[str] = []
        for name, variant in VARIANTS.items():
            for size in variant.widths:
                rendered: Image.Image | None = None
                for ext in variant.formats:
                    relative = variant_path(key, name, size, ext)
                    files.append(relative)
                    target = root / relative
                    if target.exists():
                        continue
                    if rendered is None:
                        rendered = _render(image, name, size)
                    write_atomically(target, _encode(rendered, ext))
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("too_many_pixels") from None
    except OSError as exc:
        if isinstance(exc, (PermissionError, FileNotFoundError)) or exc.errno is not None:
            raise  # the disk, not the upload
        raise ImageRejected("damaged") from None
    except (ValueError, SyntaxError, EOFError):  # a decoder failing late is still a damaged file
        raise ImageRejected("damaged") from None
    finally:
        opened.close()
    return StoredPicture(key=key, width=width, height=height, files=tuple(files))


def _invalid(exc: ImageRejected, field: str, filename: str | None) -> InvalidInput:
    log.info("picture refused (%s): %s", exc.reason, filename or "-")
    return InvalidInput({field: rejection_message(exc.reason, max_bytes=PICTURE_MAX_BYTES, max_pixels=PICTURE_MAX_PIXELS)})


def store_picture_sync(raw: bytes, *, filename: str | None = None, field: str = "image",
                       media_root: Path | None = None) -> StoredPicture:
    """store_picture for scripts and worker threads; raises InvalidInput({field: message})."""
    try:
        return store_picture_blocking(raw, media_root=media_root)
    except ImageRejected as exc:
        raise _invalid(exc, field, filename) from None


async def store_picture(raw: bytes, *, filename: str | None = None, field: str = "image",
                        media_root: Path | None = None) -> StoredPicture:
    """Check and store an uploaded picture off the event loop; raises InvalidInput({field: message}).

    `filename` is only logged: the content decides what the file is, never its name. The message is built
    here, in the request's task, so it is in the visitor's language.
    """
    try:
        return await anyio.to_thread.run_sync(lambda: store_picture_blocking(raw, media_root=media_root))
    except ImageRejected as exc:
        raise _invalid(exc, field, filename) from None
