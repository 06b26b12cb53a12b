"""An upload corpus built with Pillow and zlib at test time (no binary fixtures): good files and hostile ones."""

from __future__ import annotations

import io
import struct
import zlib
from functools import cache

from PIL import Image, ImageCms

RED, BLUE, GREEN = (220, 20, 20), (20, 20, 220), (20, 200, 20)

EMPTY = "The file is empty. Choose the image again."
TOO_LARGE = "The file is too large: the limit is 8 MB."
NOT_IMAGE = "This file is not an image we can use. Upload a JPEG, PNG, WebP or GIF image."
DAMAGED = "This image is damaged or incomplete. Export it again and upload the new file."
TOO_MANY_PIXELS = "This image has too many pixels (the limit is 40 megapixels). Resize it and try again."


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def halves(size: tuple[int, int], left: tuple[int, ...], right: tuple[int, ...], mode: str = "RGB") -> Image.Image:
    """Left half one colour, right half another."""
    image = Image.new(mode, size, left)
    image.paste(right, (size[0] // 2, 0, size[0], size[1]))
    return image


def photo(size: tuple[int, int] = (2000, 1000)) -> Image.Image:
    """Smooth gradients (compresses like a photo, unlike noise)."""
    gradient = Image.linear_gradient("L").resize(size)
    radial = Image.radial_gradient("L").resize(size)
    return Image.merge("RGB", (gradient, radial, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))


def jpeg() -> bytes:
    return encode(photo(), "JPEG", quality=90)


def png_with_alpha() -> bytes:
    """400×300: transparent all round, an opaque green square in the middle."""
    image = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    image.paste((*GREEN, 255), (100, 50, 300, 250))
    return encode(image, "PNG")


def webp() -> bytes:
    return encode(photo((800, 600)), "WEBP", quality=90)


def animated_gif() -> bytes:
    """Two frames, blue then red: only the first one counts."""
    frames = [Image.new("RGB", (320, 180), BLUE), Image.new("RGB", (320, 180), RED)]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


SECRET_XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="SecretAuthor"/></rdf:RDF></x:xmpmeta>')


def rotated_jpeg_with_gps() -> bytes:
    """Stored 160×90, red left and blue right, EXIF orientation 6 (turn 90° clockwise to display): upright it is
    90×160, red on top and blue below. Carries GPS, camera make, XMP, an ICC profile and a comment."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "SecretCam"
    exif[0x8825] = {1: "N", 2: (33.0, 35.0, 12.5), 3: "W", 4: (7.0, 36.0, 3.0)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(halves((160, 90), RED, BLUE), "JPEG", quality=95, exif=exif.tobytes(), xmp=SECRET_XMP,
                  icc_profile=icc, comment=b"SecretComment")


def _png(width: int, height: int, rows: bytes | None = None) -> bytes:
    """A 1-bit greyscale PNG built chunk by chunk; `rows=None` streams all-black rows (never held in memory)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    if rows is None:
        compressor = zlib.compressobj(9)
        row = b"\0" * (1 + (width + 7) // 8)
        block = row * max(1, 1_000_000 // len(row))
        parts, left = [], height
        while left:
            count = min(left, len(block) // len(row))
            parts.append(compressor.compress(block[:count * len(row)]))
            left -= count
        parts.append(compressor.flush())
        data = b"".join(parts)
    else:
        data = zlib.compress(rows, 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


@cache
def bomb() -> bytes:
    """A valid 1-bit PNG of 30000×30000 (900 megapixels, ~112 MB once decoded) in about 110 KB."""
    return _png(30_000, 30_000)


@cache
def just_over_the_limit() -> bytes:
    """45 megapixels: over our 40 MP limit but under twice it, where Pillow itself would only warn."""
    return _png(9_000, 5_000)


def jpeg_declaring_30000_square() -> bytes:
    """A small real JPEG whose frame header claims 30000×30000."""
    data = bytearray(encode(Image.new("RGB", (16, 16), RED), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", 30_000, 30_000)
    return bytes(data)


def truncated_jpeg() -> bytes:
    data = encode(Image.effect_noise((300, 300), 60).convert("RGB"), "JPEG", quality=90)
    return data[: len(data) * 6 // 10]


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><img src=x onerror=alert(1)></body></html>"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"


def nine_megabytes() -> bytes:
    return b"\xff\xd8\xff\xe0" + b"\0" * (9 * 1024 * 1024)


VALID = {  # name: (filename, builder)
    "jpeg": ("photo.jpg", jpeg),
    "png-alpha": ("logo.png", png_with_alpha),
    "webp": ("picture.webp", webp),
    "gif-animated": ("anim.gif", animated_gif),
    "jpeg-exif-rotated-gps": ("phone.jpg", rotated_jpeg_with_gps),
}

REJECTED = {  # name: (filename, builder, message)
    "zero-bytes": ("empty.png", lambda: b"", EMPTY),
    "nine-megabytes": ("huge.jpg", nine_megabytes, TOO_LARGE),
    "svg": ("drawing.svg", lambda: SVG, NOT_IMAGE),
    "svg-named-png": ("drawing.png", lambda: SVG, NOT_IMAGE),
    "html-named-png": ("photo.png", lambda: HTML, NOT_IMAGE),
    "pdf": ("doc.pdf", lambda: PDF, NOT_IMAGE),
    "bmp": ("old.bmp", lambda: encode(Image.new("RGB", (8, 8), RED), "BMP"), NOT_IMAGE),
    "truncated-jpeg": ("cut.jpg", truncated_jpeg, DAMAGED),
    "truncated-png": ("cut.png", lambda: png_with_alpha()[:200], DAMAGED),
    "bomb-30000x30000-png": ("bomb.png", bomb, TOO_MANY_PIXELS),
    "jpeg-declaring-30000x30000": ("big.jpg", jpeg_declaring_30000_square, TOO_MANY_PIXELS),
    "45-megapixels": ("big.png", just_over_the_limit, TOO_MANY_PIXELS),
}
