"""Markdown written by people, rendered safely: markdown-it (no raw HTML) then nh3's allow-list."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "hr",
                "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # html=False: raw HTML in the source is shown as text, never interpreted.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render_markdown(source: str | None) -> Markup:
    """Sanitised HTML. Headings are shifted to h3/h4 so they never compete with the page's own."""
    if not source:
        return Markup("")
    html = _parser().render(source)
    html = (html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h3>").replace("</h2>", "</h3>")
            .replace("<h5>", "<h4>").replace("</h5>", "</h4>").replace("<h6>", "<h4>").replace("</h6>", "</h4>"))
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                      link_rel="nofollow noopener ugc")
    return Markup(clean)  # noqa: S704 - nh3 just sanitised it
