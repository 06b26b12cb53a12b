"""The SVG badge /badges/datasets/<id>.svg: exact text in three languages (Arabic plural forms), published reuses
only, the count following publication and archiving through the real moderation rules, safe and cacheable."""

import xml.etree.ElementTree as ET

import pytest

from showcase.i18n import use_locale
from showcase.portal.service import open_portal
from showcase.settings import get_settings
from showcase.stats import badges
from tests.integration.stats.embeds_support import POPULATION, ROADS, ReuseMaker, session_user
from tests.support import create_user

pytestmark = pytest.mark.anyio
SVG = "{http://www.w3.org/2000/svg}"

EXPECTED = {
    "en": {0: "reused 0 times", 1: "reused 1 time", 2: "reused 2 times", 3: "reused 3 times", 11: "reused 11 times",
           100: "reused 100 times"},
    "fr": {0: "réutilisé 0 fois", 1: "réutilisé 1 fois", 2: "réutilisé 2 fois", 3: "réutilisé 3 fois",
           11: "réutilisé 11 fois", 100: "réutilisé 100 fois"},
    "ar": {0: "أعيد استخدامه 0 مرة", 1: "أعيد استخدامه مرة واحدة", 2: "أعيد استخدامه مرتين",
           3: "أعيد استخدامه 3 مرات", 11: "أعيد استخدامه 11 مرة", 100: "أعيد استخدامه 100 مرة"},
}


@pytest.fixture
async def maker():
    author = await create_user("amina@example.ma", name="Amina El Idrissi")
    moderator = await create_user("moderator@example.ma", name="Salma", roles=("moderator",))
    async with open_portal(get_settings()) as portal:
        yield ReuseMaker(portal, session_user(author, "Amina El Idrissi"), session_user(moderator, "Salma", moderator=True))


def message(svg: str) -> tuple[str, str, ET.Element]:
    root = ET.fromstring(svg)
    text = root.find(f".//{SVG}text[@class='badge-message']")
    return text.text, root.find(f"{SVG}title").text, root


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_badge_text_exact_for_each_plural_form(lang):
    for count, expected in EXPECTED[lang].items():
        with use_locale(lang):
            text, title, root = message(badges.badge_svg(count))
        assert text == expected, (lang, count)
        assert title == f"Showcase: {expected}"
        assert root.get("role") == "img" and root.get("lang") == lang
        assert (root.find(f".//{SVG}text[@class='badge-message']").get("direction") == "rtl") == (lang == "ar")


async def test_badge_counts_published_reuses_and_follows_publish_and_archive(client, maker):
    async def shown(key=ROADS, lang="en"):
        response = await client.get(f"/badges/datasets/{key}.svg?lang={lang}")
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/svg+xml; charset=utf-8"
        assert sorted(response.headers["cache-control"].split(", ")) == ["max-age=300", "public"]
        assert "set-cookie" not in response.headers
        return message(response.text)[0]

    assert await shown() == "reused 0 times"  # a dataset we do not know yet: 0, not an error
    first = await maker.reuse("Carte des routes", datasets=(ROADS, POPULATION))
    pending = await maker.reuse("En attente", publish=False)
    assert await shown() == "reused 1 time"
    assert await shown(POPULATION, "ar") == "أعيد استخدامه مرة واحدة"
    await maker.publish(pending)
    assert await shown() == "reused 2 times"
    assert await shown(lang="ar") == "أعيد استخدامه مرتين"
    await maker.archive(first)
    assert await shown() == "reused 1 time"
    assert await shown(POPULATION, "fr") == "réutilisé 0 fois"
    await maker.reuse("Troisième")
    await maker.reuse("Quatrième")
    assert await shown(lang="ar") == "أعيد استخدامه 3 مرات"


async def test_badge_path_must_end_in_svg_and_is_escaped(client, maker):
    assert (await client.get(f"/badges/datasets/{ROADS}")).status_code == 404
    response = await client.get('/badges/datasets/%3Cscript%3E%22.svg?lang=%3Cx%3E')
    assert response.status_code == 200 and "<script" not in response.text and "<x>" not in response.text
    ET.fromstring(response.text)  # well-formed


def test_every_text_is_escaped(monkeypatch):
    monkeypatch.setattr(badges, "LABEL", "<a&b>")
    svg = badges.badge_svg(1)
    assert "<a&b>" not in svg and "&lt;a&amp;b&gt;" in svg
    ET.fromstring(svg)


def test_widths_grow_with_the_text_and_arabic_is_mirrored():
    with use_locale("en"):
        one = ET.fromstring(badges.badge_svg(1))
        many = ET.fromstring(badges.badge_svg(100))
    assert int(many.get("width")) > int(one.get("width"))
    with use_locale("ar"):
        arabic = ET.fromstring(badges.badge_svg(1))
    rects = arabic.findall(f"{SVG}g/{SVG}rect")
    assert float(rects[0].get("x")) > float(rects[1].get("x"))  # the label at the right in Arabic
