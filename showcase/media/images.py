"""Uploaded images: checked with Pillow, cleaned of metadata, re-encoded, stored by content hash.

Only the re-encoded output is ever written to disk: whatever the visitor sent (EXIF, GPS position,
ICC profile, comments, trailing bytes, extra GIF frames) never reaches the media directory.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import anyio.to_thread
from PIL import Image, ImageOps, UnidentifiedImageError

from showcase.i18n import gettext as _
from showcase.settings import get_settings

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
MAX_PIXELS = 40_000_000
LOGO_SIZE = 256
LOGO_DIR = "logos"

# Pillow refuses images over twice this limit and only warns between one and two times it: both are errors here.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
warnings.simplefilter("error", Image.DecompressionBombWarning)


class ImageRejected(Exception):
    """The upload is not an image we accept; `reason` is one of the keys of `rejection_message`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def rejection_message(reason: str, *, max_bytes: int, max_pixels: int = MAX_PIXELS) -> str:
    """The sentence shown beside the file field (called in the request, so in the visitor's language)."""
    messages = {
        "empty": _("The file is empty. Choose the image again."),
        "too_large": _("The file is too large: the limit is %(size)s MB.", size=_megabytes(max_bytes)),
        "not_image": _("This file is not an image we can use. Upload a JPEG, PNG, WebP or GIF image."),
        "damaged": _("This image is damaged or incomplete. Export it again and upload the new file."),
        "too_many_pixels": _("This image has too many pixels (the limit is %(megapixels)s megapixels). Resize it and try again.",
                             megapixels=max_pixels // 1_000_000),
    }
    return messages.get(reason, messages["not_image"])


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def _open_checked(raw: bytes, *, max_pixels: int = MAX_PIXELS,
                  draft: Callable[[Image.Image], tuple[int, int] | None] | None = None) -> Image.Image:
    """Open the image and decode it fully, turning every failure into an ImageRejected reason.

    `draft(image)` may return a size: a JPEG is then decoded at the smallest DCT scale (1/2, 1/4, 1/8) that
    still covers it, which decodes every byte (so damage is still found) into far fewer pixels.
    """
    try:
        with Image.open(io.BytesIO(raw), formats=ACCEPTED_FORMATS) as probe:
            width, height = probe.size
            if width * height > max_pixels:
                raise ImageRejected("too_many_pixels")
            probe.verify()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("too_many_pixels") from None
    except UnidentifiedImageError:
        raise ImageRejected("not_image") from None
    except Exception:  # noqa: BLE001 - verify() raises SyntaxError, OSError, struct.error... on broken files
        raise ImageRejected("damaged") from None
    try:
        image = Image.open(io.BytesIO(raw), formats=ACCEPTED_FORMATS)
        image.seek(0)  # an animated GIF or WebP: its first frame
        wanted = draft(image) if draft is not None and image.format == "JPEG" else None
        if wanted is not None:
            image.draft(image.mode, wanted)
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("too_many_pixels") from None
    except Exception:  # noqa: BLE001 - truncated data only shows when the pixels are decoded
        raise ImageRejected("damaged") from None
    return image


def prepare_logo(raw: bytes, *, max_bytes: int, size: int = LOGO_SIZE) -> bytes:
    """A square WebP logo (transparent padding, EXIF orientation applied, no metadata); blocking."""
    if not raw:
        raise ImageRejected("empty")
    if len(raw) > max_bytes:
        raise ImageRejected("too_large")
    image = _open_checked(raw)
    try:
        upright = ImageOps.exif_transpose(image)
        rgba = upright.convert("RGBA")
        fitted = ImageOps.contain(rgba, (size, size), Image.Resampling.LANCZOS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("too_many_pixels") from None
    except Exception:  # noqa: BLE001 - a decoder failing late is still a damaged file
        raise ImageRejected("damaged") from None
    finally:
        image.close()
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas.paste(fitted, ((size - fitted.width) // 2, (size - fitted.height) // 2))
    out = io.BytesIO()
    # A fresh canvas carries no info: no EXIF, XMP or ICC profile is written.
    canvas.save(out, "WEBP", quality=88, method=4, exact=False)
    return out.getvalue()


def write_content_addressed(data: bytes, *, folder: str, suffix: str, media_root: Path | None = None) -> str:
    """Store bytes as <folder>/<sha256>.<suffix> under MEDIA_ROOT (atomically); return that relative path."""
    root = media_root or get_settings().media_root
    name = f"{hashlib.sha256(data).hexdigest()}.{suffix}"
    relative = f"{folder}/{name}"
    target = root / folder / name
    if not target.exists():
        write_atomically(target, data)
    return relative


def write_atomically(target: Path, data: bytes) -> None:
    """Write through a temporary file renamed into place: readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass(frozen=True, slots=True)
class PreparedImage:
    data: bytes
    folder: str
    suffix: str

    def save(self) -> str:
        return write_content_addressed(self.data, folder=self.folder, suffix=self.suffix)


async def prepare_logo_async(raw: bytes, *, max_bytes: int | None = None) -> PreparedImage:
    """prepare_logo in a worker thread (Pillow blocks); raises ImageRejected."""
    limit = max_bytes or get_settings().logo_max_bytes
    data = await anyio.to_thread.run_sync(lambda: prepare_logo(raw, max_bytes=limit))
    return PreparedImage(data=data, folder=LOGO_DIR, suffix="webp")


async def save_prepared(image: PreparedImage) -> str:
    return await anyio.to_thread.run_sync(image.save)


def media_url(relative: str) -> str:
    return f"/media/{relative}" if relative else ""
