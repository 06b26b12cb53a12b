"""Helpers for the startup tests: a valid form, images built with Pillow, a startup made through the pages."""

from __future__ import annotations

import io

from PIL import Image

from tests.support import create_user, log_in, submit

VALID_FORM = {
    "name": "Souss Agri Data",
    "slug": "",
    "description_fr": "Des prévisions d’irrigation pour les agriculteurs du Souss à partir des données ouvertes.",
    "description_ar": "توقعات الري لفلاحي سوس انطلاقا من البيانات المفتوحة.",
    "region": "souss-massa",
    "city": "Agadir",
    "website": "soussagri.ma",
    "founded_year": "2021",
    "team_size": "7",
    "stage": "early",
}


def form(**changes: str) -> dict[str, str]:
    return {**VALID_FORM, **changes}


def png_bytes(size: tuple[int, int] = (40, 20), *, color=(200, 30, 30, 255), exif_orientation: int | None = None) -> bytes:
    image = Image.new("RGBA", size, color)
    out = io.BytesIO()
    if exif_orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        image.save(out, "PNG", exif=exif.tobytes())
    else:
        image.save(out, "PNG")
    return out.getvalue()


async def owner_client(client, email: str = "amina@example.ma", name: str = "Amina El Idrissi", **kwargs):  # noqa: ANN001, ANN201
    user_id = await create_user(email, name=name, **kwargs)
    await log_in(client, email)
    return user_id


async def create_startup(client, **changes: str) -> str:  # noqa: ANN001
    """Create a startup through the form; return its slug."""
    response = await submit(client, "/startups/new", form(**changes))
    assert response.status_code == 302, response.text[:2000]
    return response.headers["location"].removeprefix("/startups/")
