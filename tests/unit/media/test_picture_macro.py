"""templates/partials/picture.html rendered by the real environment: exact srcset, sizes and attributes."""

from __future__ import annotations

from bs4 import BeautifulSoup

from showcase.templating import get_environment

KEY = "3f" + "a1" * 31
BASE = f"/media/pictures/3f/{KEY}"
DEFAULT_SIZES = "(min-width: 60rem) 30rem, 100vw"


def _render(call: str, **context: object) -> BeautifulSoup:
    template = get_environment().from_string('{% from "partials/picture.html" import picture %}' + call)
    return BeautifulSoup(template.render(key=KEY, **context), "html.parser")


def test_card_is_the_default():
    html = _render("{{ picture(key, alt=title) }}", title='Carte "des écoles" <b>')
    picture = html.find("picture")
    assert [child.name for child in picture.children] == ["source", "img"]
    source, img = picture.find("source"), picture.find("img")
    assert source.attrs == {
        "type": "image/webp",
        "srcset": f"{BASE}/card-480.webp 480w, {BASE}/card-960.webp 960w",
        "sizes": DEFAULT_SIZES,
    }
    assert img.attrs == {
        "src": f"{BASE}/card-960.jpg",
        "srcset": f"{BASE}/card-480.jpg 480w, {BASE}/card-960.jpg 960w",
        "sizes": DEFAULT_SIZES,
        "alt": 'Carte "des écoles" <b>',  # escaped in the HTML, restored by the parser
        "width": "960",
        "height": "540",
        "loading": "lazy",
        "decoding": "async",
    }
    assert "<b>" not in str(html).replace("&lt;b&gt;", "")


def test_thumb_with_options():
    img_html = _render('{{ picture(key, "thumb", sizes="15rem", loading="eager", class="reuse-thumb") }}')
    source, img = img_html.find("source"), img_html.find("img")
    assert source["srcset"] == f"{BASE}/thumb-240.webp 240w"
    assert (img["srcset"], img["src"], img["sizes"], img["loading"], img["class"], img["width"], img["height"], img["alt"]) == (
        f"{BASE}/thumb-240.jpg 240w", f"{BASE}/thumb-240.jpg", "15rem", "eager", ["reuse-thumb"], "240", "135", "")


def test_og_is_jpeg_only():
    html = _render('{{ picture(key, "og") }}')
    assert html.find("source") is None
    img = html.find("img")
    assert (img["src"], img["srcset"], img["width"], img["height"]) == (
        f"{BASE}/og-1200.jpg", f"{BASE}/og-1200.jpg 1200w", "1200", "630")


def test_full_takes_its_size_from_the_source_when_given():
    html = _render('{{ picture(key, "full", sizes="100vw", width=4000, height=3000) }}')
    assert html.find("source")["srcset"] == f"{BASE}/full-1600.webp 1600w"
    img = html.find("img")
    assert (img["srcset"], img["width"], img["height"]) == (f"{BASE}/full-1600.jpg 1600w", "1600", "1200")
    bare = _render('{{ picture(key, "full") }}').find("img")
    assert ("width" in bare.attrs, "height" in bare.attrs) == (False, False)


def test_no_key_renders_nothing():
    assert str(_render("{{ picture(none) }}|{{ picture('') }}")) == "|"
