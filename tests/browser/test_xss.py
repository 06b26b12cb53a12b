"""An XSS corpus in every text field, rendered in Chromium: no script may run, nothing may be injected.

A user name, a startup profile and a reuse carry the corpus in every field people type (titles, summaries,
Markdown descriptions with javascript:/data: links, tags, picture description, impact, addresses, the
picker's search, the moderator's message, an abuse report). It is published by a moderator, then every page
that shows it is opened and inspected.

The inspecting browsers run with `bypass_csp=True`: the Content-Security-Policy (script-src 'self') would
stop most injected scripts anyway, and these tests check that the HTML itself is safe, so an injection
would really run and set window.__xss. A last pass with the policy enforced records (and refuses) any CSP
violation, since one would mean the page tried to run something inline.

On each page: window.__xss is undefined; no dialog opened; the only <script> elements are our
/static/js files and the one JSON-LD data block; no element has an on* attribute; every <a href> starts
with http:, https:, mailto:, / or #; no URL attribute anywhere holds javascript:/vbscript:/data:text; no
<iframe>/<object>/<embed>/<base>; the template-injection probes are shown as typed (never evaluated).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    create_startup,
    error_text,
    logged_in_moderator,
    png_file,
    shot,
    signed_up_and_logged_in,
    submit_form,
    unique_email,
    wait_for_mail,
)

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__xss=1</script>"
IMG = '"><img src=x onerror="window.__xss=1">'
SVG = '<svg onload="window.__xss=1">'
A_JS = '<a href="javascript:window.__xss=1">z</a>'
ALERT = "<img src=x onerror=alert(1)>"
TEMPLATE = "Z{{7*7}}Z"  # evaluated, it would read Z49Z
TEMPLATE_BLOCK = "{% if 1 %}IFZ{% endif %}"  # evaluated, it would read IFZ alone
CONFIG = "{{ config }}"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
DATA_B64 = "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg=="

# Short enough for 120-character names: X … Y marks where it starts and ends.
SHORT = f"X {SCRIPT}{IMG}{SVG}{TEMPLATE}{RLO}Y"
# Titles (200 at most).
TITLE = f"T {SCRIPT}{IMG}{SVG}{A_JS}{TEMPLATE}{CONFIG}{RLO}Y"
# Summaries (280 at most).
SUMMARY = f"S {SCRIPT}{IMG}{SVG}{A_JS}{ALERT}{TEMPLATE}{TEMPLATE_BLOCK}{CONFIG}{RLO}Y"
PLAIN_CORPUS = f"{SCRIPT}\n{IMG}\n{SVG}\n{A_JS}\n{ALERT}\n{TEMPLATE}\n{TEMPLATE_BLOCK}\n{CONFIG}\n{RLO}gnp.exe"
MARKDOWN = f"""D **bold** {SCRIPT}

[x](javascript:window.__xss=1) ![x](javascript:window.__xss=1) [y]({DATA_B64}) ![y]({DATA_B64})

[upper](JaVaScRiPt:window.__xss=1) [entity](javascript&#58;window.__xss=1) [tab](java\tscript:window.__xss=1)
[spaces](  javascript:window.__xss=1  ) [vb](vbscript:msgbox(1)) <javascript:window.__xss=1>
[title](https://example.ma "t\\" onmouseover=\\"window.__xss=1") [ref][evil]

{A_JS} {IMG} {SVG} {ALERT}

<details open ontoggle="window.__xss=1">d</details> <iframe src="javascript:window.__xss=1"></iframe>

`{SCRIPT}` {TEMPLATE} {TEMPLATE_BLOCK} {CONFIG} {RLO}gnp.exe

[evil]: javascript:window.__xss=1
"""
TAGS = ", ".join([SCRIPT, '"><img src=x onerror=window.__xss=1>', "<svg onload=window.__xss=1>", TEMPLATE,
                  CONFIG, f"{RLO}gnp.exe"])
EVIL_URL = 'https://xss-{n}.example.ma/?q="><script>window.__xss=1</script>'
EVIL_URL_ATTR = 'https://xss.example.ma/a"onmouseover="window.__xss=1'
PASTED_DATASET = "hopitaux-publics-et-capacite-litiere-par-region"
COVER_ALT = f"{IMG}{SCRIPT}{TEMPLATE}{RLO}"
SCREENSHOT_ALT = f"{IMG}{ALERT}{TEMPLATE_BLOCK}{RLO}"

INSPECT = r"""
() => {
  const urlAttrs = ["href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data", "background",
                    "cite", "manifest", "ping"];
  const dangerous = /^(javascript|vbscript|data:text|data:application)/i;
  const found = {onAttributes: [], badLinks: [], dangerousUrls: [], scripts: [], embeds: [], rlo: []};
  for (const el of document.querySelectorAll("*")) {
    for (const attr of Array.from(el.attributes)) {
      if (/^on/i.test(attr.name)) { found.onAttributes.push(`<${el.tagName.toLowerCase()} ${attr.name}="${attr.value}">`); }
      if (urlAttrs.includes(attr.name.toLowerCase())) {
        const squeezed = attr.value.replace(/[\s\u0000-\u001f]/g, "");
        for (const part of squeezed.split(",")) {
          if (dangerous.test(part)) { found.dangerousUrls.push(`<${el.tagName.toLowerCase()} ${attr.name}="${attr.value}">`); }
        }
      }
    }
  }
  for (const a of document.querySelectorAll("a[href], area[href]")) {
    const href = a.getAttribute("href");
    if (!/^(https?:|mailto:|\/|#)/i.test(href)) { found.badLinks.push(href); }
  }
  for (const s of document.querySelectorAll("script")) {
    found.scripts.push({src: s.getAttribute("src"), type: s.getAttribute("type"), text: s.src ? "" : s.textContent});
  }
  for (const el of document.querySelectorAll("iframe, object, embed, base, frame, frameset, applet, meta[http-equiv]")) {
    found.embeds.push(el.outerHTML.slice(0, 200));
  }
  // Where the RIGHT-TO-LEFT OVERRIDE shows, is it kept inside an element that isolates its direction?
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.data.includes("\u202e") && !node.parentElement.closest("[dir], bdi, textarea, input, option, title")) {
      found.rlo.push(node.parentElement.tagName.toLowerCase() + ": " + node.data.slice(0, 60));
    }
  }
  found.xss = typeof window.__xss === "undefined" ? null : String(window.__xss);
  found.text = document.body.innerText;
  found.values = Array.from(document.querySelectorAll("input, textarea"), el => el.value).join("\n");
  return found;
}
"""


@dataclass
class Inspector:
    """Opens pages and checks them; remembers every problem to report them all at once."""

    server_url: str
    dialogs: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rlo_outside_isolation: list[str] = field(default_factory=list)
    pages_checked: list[str] = field(default_factory=list)

    def watch(self, page) -> None:  # noqa: ANN001
        def on_dialog(dialog) -> None:  # noqa: ANN001
            self.dialogs.append(f"{page.url}: {dialog.type} {dialog.message!r}")
            dialog.dismiss()

        page.on("dialog", on_dialog)

    def check(self, page, label: str, *, expect_in_text: tuple[str, ...] = ()) -> dict:  # noqa: ANN001
        """Inspect the page as it is now (after a navigation or a form post)."""
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)  # let any onload/onerror handler that slipped through run
        found = page.evaluate(INSPECT)
        where = f"[{label}] {page.url}"
        self.pages_checked.append(where)
        if found["xss"] is not None:
            self.problems.append(f"{where}: window.__xss = {found['xss']} (a script ran)")
        for item in found["onAttributes"]:
            self.problems.append(f"{where}: event-handler attribute {item}")
        for href in found["badLinks"]:
            self.problems.append(f"{where}: link with a disallowed scheme: {href!r}")
        for item in found["dangerousUrls"]:
            self.problems.append(f"{where}: dangerous URL attribute {item}")
        for item in found["embeds"]:
            self.problems.append(f"{where}: embedding element {item}")
        ld_blocks = 0
        for script in found["scripts"]:
            if script["type"] == "application/ld+json" and not script["src"]:
                ld_blocks += 1
                try:
                    json.loads(script["text"])
                except ValueError:
                    self.problems.append(f"{where}: the JSON-LD block is not valid JSON: {script['text'][:200]!r}")
            elif not (script["src"] or "").startswith("/static/js/"):
                self.problems.append(f"{where}: foreign <script> element {script}")
        if ld_blocks > 1:
            self.problems.append(f"{where}: {ld_blocks} JSON-LD blocks")
        html = page.content()
        if "Z49Z" in html:
            self.problems.append(f"{where}: {{{{7*7}}}} was evaluated (Z49Z on the page)")
        if re.search(r"(?<!\{% if 1 %\})IFZ(?!\{% endif)", html):
            self.problems.append(f"{where}: a {{% if %}} block typed by a user was evaluated")
        if "<Config" in html or "SECRET_KEY" in html:
            self.problems.append(f"{where}: {{{{ config }}}} was evaluated")
        shown = found["text"] + "\n" + found["values"]
        for expected in expect_in_text:
            if expected not in shown:
                self.problems.append(f"{where}: {expected!r} is not shown as typed")
        self.rlo_outside_isolation += [f"{where}: {item}" for item in found["rlo"]]
        return found

    def visit(self, page, path: str, label: str, *, expect_in_text: tuple[str, ...] = ()) -> dict:  # noqa: ANN001
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        return self.check(page, label, expect_in_text=expect_in_text)

    def assert_clean(self) -> None:
        assert self.dialogs == [], "dialogs opened:\n" + "\n".join(self.dialogs)
        assert self.problems == [], f"{len(self.problems)} problem(s):\n" + "\n".join(self.problems)


def test_xss_corpus_in_every_text_field_runs_no_script_on_any_page(new_context, live_server, tmp_path: Path) -> None:  # noqa: ANN001
    n = time.time_ns() % 1_000_000
    inspector = Inspector(live_server.url)
    author = new_context(bypass_csp=True).new_page()
    moderator = new_context(bypass_csp=True).new_page()
    visitor = new_context(bypass_csp=True).new_page()
    for page in (author, moderator, visitor):
        inspector.watch(page)

    # --- the author: the corpus in their name, then a startup profile full of it ---------------------------
    author_email = unique_email("xss-author")
    signed_up_and_logged_in(author, live_server, name=SHORT, email=author_email)
    inspector.visit(author, "/account", "profile", expect_in_text=(SHORT,))

    startup_name = f"{n} {SCRIPT}{IMG}{SVG}{TEMPLATE}{RLO}"
    startup_slug = create_startup(author, name=startup_name, description_fr=f"{PLAIN_CORPUS}\n{MARKDOWN}",
                                  description_ar=f"وصف {PLAIN_CORPUS}", city=f"{SVG}{TEMPLATE}{RLO}")
    author.goto(f"/startups/{startup_slug}/edit")
    author.locator("#f-website").fill(EVIL_URL_ATTR)
    submit_form(author, f"form[action='/startups/{startup_slug}/edit'] [type=submit]")
    assert author.url.endswith(f"/startups/{startup_slug}"), f"{author.url}: {error_text(author)}"
    inspector.check(author, "startup page (member)", expect_in_text=(startup_name, SCRIPT, TEMPLATE, SHORT))
    shot(author, "xss-01-startup-page")

    # --- the reuse form: every field; the picker's search and the error page send it all back ----------------
    author.goto("/reuses/new")
    author.locator("#f-type").select_option("application")
    author.locator("#f-url").fill("javascript:window.__xss=1")  # refused: only http(s) addresses
    author.locator("#f-title_fr").fill(TITLE)
    author.locator("#f-title_ar").fill(f"ع {TITLE}")
    author.locator("#f-summary_fr").fill(SUMMARY)
    author.locator("#f-summary_ar").fill(f"م {SUMMARY}"[:280])
    author.locator("#f-description_fr").fill(MARKDOWN)
    author.locator("#f-description_ar").fill(f"وصف\n\n{MARKDOWN}")
    author.locator("#f-tags").fill(TAGS)
    author.locator("#f-cover").set_input_files(str(png_file(tmp_path)))
    author.locator("#f-cover_alt").fill(COVER_ALT)
    author.locator("#f-screenshot_1").set_input_files(str(png_file(tmp_path, "screen-1.png", (1200, 800))))
    author.locator("#f-screenshot_alt_1").fill(SCREENSHOT_ALT)
    author.locator("#f-screenshot_2").set_input_files(str(png_file(tmp_path, "screen-2.png", (800, 1200))))
    author.locator("#f-screenshot_alt_2").fill(f"{SVG}{A_JS}{CONFIG}")
    author.locator("#f-startup").select_option(index=1)  # the author's one startup
    author.locator("details.form-details summary").click()
    author.locator("input[name=platforms][value=web]").check()
    author.locator("#f-android_url").fill(EVIL_URL_ATTR)
    author.locator("#f-ios_url").fill(EVIL_URL.format(n=f"ios-{n}"))
    author.locator("#f-impact_fr").fill(PLAIN_CORPUS)
    author.locator("#f-impact_ar").fill(f"أثر {PLAIN_CORPUS}")
    author.locator("#f-datasets").fill(f"{PASTED_DATASET}\n{SCRIPT}")
    author.locator("#f-dataset_q").fill(f"{SCRIPT}{IMG}{TEMPLATE}")
    submit_form(author, "button[name=action][value=search_datasets]")
    inspector.check(author, "form after the picker's search",
                    expect_in_text=(TITLE, SUMMARY, f"{SCRIPT}{IMG}{TEMPLATE}", "[x](javascript:window.__xss=1)"))
    shot(author, "xss-02-form-after-search")

    submit_form(author, "button[name=action][value=submit]")
    assert author.url.endswith("/reuses/new"), f"the javascript: address was accepted: {author.url}"
    expect(author.locator("#f-url-error")).to_have_count(1)
    expect(author.locator("#f-datasets-error")).to_have_count(1)
    inspector.check(author, "form with errors", expect_in_text=(TITLE, SUMMARY, MARKDOWN.splitlines()[0]))
    shot(author, "xss-03-form-errors")

    author.locator("#f-url").fill(EVIL_URL.format(n=n))
    author.locator("#f-datasets").fill(PASTED_DATASET)
    submit_form(author, "button[name=action][value=submit]")
    slug_match = re.search(r"/reuses/([a-z0-9-]+)$", author.url)
    assert slug_match and slug_match.group(1) != "new", f"{author.url}: {error_text(author)}"
    slug = slug_match.group(1)
    inspector.check(author, "reuse page, submitted (author)", expect_in_text=(TITLE, SUMMARY, SCRIPT, TEMPLATE))

    # --- the moderator asks for changes with the corpus in the message --------------------------------------
    logged_in_moderator(moderator, live_server, name=f"M {SCRIPT}{TEMPLATE}")
    inspector.visit(moderator, "/manage/reuses", "moderation queue (submitted)", expect_in_text=(TITLE,))
    shot(moderator, "xss-04-moderation-queue")
    inspector.visit(moderator, f"/reuses/{slug}", "reuse page, moderator", expect_in_text=(TITLE,))
    moderator_message = f"Changes: {PLAIN_CORPUS}\n[m](javascript:window.__xss=1)"
    moderator.locator("#f-message").fill(moderator_message)
    submit_form(moderator, f"form[action='/reuses/{slug}/action'] button[value=request_changes]")
    inspector.check(moderator, "reuse page after request_changes")
    wait_for_mail(live_server, author_email, template="reuse_changes_requested")

    inspector.visit(author, f"/reuses/{slug}", "reuse page, changes requested (author)",
                    expect_in_text=(SCRIPT, IMG, "[m](javascript:window.__xss=1)"))
    shot(author, "xss-05-changes-requested")
    inspector.visit(author, f"/reuses/{slug}/edit", "edit form with the moderators' message",
                    expect_in_text=(SCRIPT, "[m](javascript:window.__xss=1)", TITLE))
    submit_form(author, "button[name=action][value=submit]")
    assert author.url.endswith(f"/reuses/{slug}"), f"{author.url}: {error_text(author)}"

    moderator.goto(f"/reuses/{slug}")
    submit_form(moderator, f"form[action='/reuses/{slug}/action'] button[value=publish]")
    expect(moderator.locator(".reuse-page > .notice")).to_have_count(0)  # published

    # --- a visitor reports it, with the corpus in the report -------------------------------------------------
    inspector.visit(visitor, f"/reuses/{slug}?lang=fr", "reuse page fr (visitor)",
                    expect_in_text=(TITLE, SUMMARY, SCRIPT, TEMPLATE, CONFIG, TEMPLATE_BLOCK))
    shot(visitor, "xss-06-reuse-page-fr")
    visitor.locator("details.report-card summary").click()
    visitor.locator("#f-report-message").fill(f"R {PLAIN_CORPUS}")
    submit_form(visitor, f"form[action='/reuses/{slug}/report'] [type=submit]")
    inspector.check(visitor, "reuse page after a report")

    # --- every page that shows it ----------------------------------------------------------------------------
    pages = [
        (visitor, f"/reuses/{slug}?lang=ar", "reuse page ar (visitor)", (f"ع {TITLE}", SCRIPT)),
        (visitor, "/reuses?lang=fr", "gallery", (TITLE,)),
        (visitor, "/reuses?q=" + quote(f"{SCRIPT}{IMG}{TEMPLATE}"), "gallery searched with the corpus", ()),
        (visitor, "/reuses?tag=" + quote(SCRIPT), "gallery filtered by a corpus tag", ()),
        (visitor, "/", "home page", ()),
        (visitor, f"/startups/{startup_slug}", "startup page (visitor)", (startup_name, SHORT)),
        (visitor, "/startups", "startups directory", (startup_name,)),
        (visitor, f"/datasets/{PASTED_DATASET}", "dataset page", (TITLE,)),
        (visitor, f"/datasets/{PASTED_DATASET}?lang=ar", "dataset page ar", (f"ع {TITLE}",)),
        (author, "/account/reuses", "my reuses", (TITLE,)),
        (author, f"/reuses/{slug}", "reuse page, published (author)", (TITLE, SHORT)),
        (author, f"/reuses/{slug}/edit", "edit form, published", (TITLE, SUMMARY)),
        (author, "/account/startups", "my startups", (startup_name,)),
        (moderator, "/manage/reuses", "moderation queue with the report", (f"R {SCRIPT}",)),
        (moderator, "/manage/reuses?status=published", "moderation queue (published)", (TITLE,)),
        (moderator, f"/reuses/{slug}?lang=ar", "reuse page ar (moderator, history)", (SHORT,)),
        (moderator, "/manage/users?q=" + quote(author_email), "users administration", (SHORT,)),
    ]
    for page, path, label, expected in pages:
        inspector.visit(page, path, label, expect_in_text=expected)
        if label in ("gallery", "reuse page ar (visitor)", "moderation queue with the report", "dataset page"):
            shot(page, "xss-07-" + re.sub(r"[^a-z0-9]+", "-", label).strip("-"))

    # Markdown links: only the harmless ones became links; javascript:/data: ones stayed text.
    visitor.goto(f"/reuses/{slug}")
    # The picture descriptions are attributes: kept whole, as typed, inside alt="…".
    expect(visitor.locator(".reuse-cover img")).to_have_attribute("alt", COVER_ALT)
    expect(visitor.locator(".screenshot-grid img")).to_have_count(2)
    expect(visitor.locator(".screenshot-grid img").first).to_have_attribute("alt", SCREENSHOT_ALT)
    expect(visitor.locator(".screenshot-grid img").nth(1)).to_have_attribute("alt", f"{SVG}{A_JS}{CONFIG}")
    description_links = visitor.locator(".reuse-description a")
    hrefs = [description_links.nth(i).get_attribute("href") for i in range(description_links.count())]
    assert all(href.startswith("https://") for href in hrefs), hrefs
    expect(visitor.locator(".reuse-description img")).to_have_count(0)

    # --- the same pages with the Content-Security-Policy enforced: no violation at all -----------------------
    enforced = new_context().new_page()
    inspector.watch(enforced)
    violations: list[str] = []
    enforced.on("console", lambda message: ("Content Security Policy" in message.text or "Refused to" in message.text)
                and violations.append(f"{enforced.url}: {message.text}"))
    for path in (f"/reuses/{slug}", f"/reuses/{slug}?lang=ar", "/reuses", f"/startups/{startup_slug}",
                 f"/datasets/{PASTED_DATASET}", "/"):
        enforced.goto(path)
        enforced.wait_for_load_state("load")
        assert enforced.evaluate("typeof window.__xss") == "undefined", path
    if violations:
        print("CSP violations recorded:\n" + "\n".join(violations))

    print(f"checked {len(inspector.pages_checked)} pages")
    if inspector.rlo_outside_isolation:
        print("U+202E shown outside an element with dir=/bdi:\n" + "\n".join(inspector.rlo_outside_isolation))
    inspector.assert_clean()
    assert violations == [], "CSP violations (a page tried to run something inline):\n" + "\n".join(violations)


def test_json_ld_cannot_be_closed_early_by_a_title(new_context, live_server) -> None:  # noqa: ANN001
    """A title (and an author's name) holding </script> stays inside the JSON-LD block, which stays valid."""
    n = time.time_ns() % 1_000_000
    inspector = Inspector(live_server.url)
    author = new_context(bypass_csp=True).new_page()
    moderator = new_context(bypass_csp=True).new_page()
    visitor = new_context(bypass_csp=True).new_page()
    for page in (author, moderator, visitor):
        inspector.watch(page)
    closing = "</script><script>window.__xss=1</script>"
    title = f"JSON-LD {n} {closing}"
    summary = f"Résumé {closing} </SCRIPT ><script>window.__xss=2</script>"
    author_name = "A </script><script>window.__xss=3</script>"

    signed_up_and_logged_in(author, live_server, name=author_name, email=unique_email("xss-jsonld"))
    author.goto("/reuses/new")
    author.locator("#f-url").fill(f"https://jsonld-{n}.example.ma/")
    author.locator("#f-title_fr").fill(title)
    author.locator("#f-summary_fr").fill(summary)
    author.locator("#f-description_fr").fill(f"Description {closing}")
    author.locator("#f-tags").fill("</script><script>window.__xss=4</script>")
    author.locator("#f-datasets").fill(PASTED_DATASET)
    submit_form(author, "button[name=action][value=submit]")
    slug_match = re.search(r"/reuses/([a-z0-9-]+)$", author.url)
    assert slug_match and slug_match.group(1) != "new", f"{author.url}: {error_text(author)}"
    slug = slug_match.group(1)

    logged_in_moderator(moderator, live_server)
    moderator.goto(f"/reuses/{slug}")
    submit_form(moderator, f"form[action='/reuses/{slug}/action'] button[value=publish]")

    for lang in ("fr", "ar"):
        inspector.visit(visitor, f"/reuses/{slug}?lang={lang}", f"JSON-LD page {lang}", expect_in_text=(title,))
        blocks = visitor.locator("script[type='application/ld+json']")
        expect(blocks).to_have_count(1)
        data = json.loads(blocks.text_content())
        assert data["name"] == title, data
        assert data["description"] == summary, data
        assert data["author"] == {"@type": "Person", "name": author_name}, data
        assert "</script>" in data["keywords"], data
        # Everything after the block is still the page: our own script, the heading, the footer.
        expect(visitor.locator("script[src^='/static/js/app.js']")).to_have_count(1)
        expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
        expect(visitor.get_by_role("contentinfo")).to_have_count(1)
    shot(visitor, "xss-08-json-ld-page")
    inspector.assert_clean()


def test_json_ld_survives_an_html_comment_opener_in_a_title(new_context, live_server) -> None:  # noqa: ANN001
    """`<!--<script>` in a title must not put the HTML tokenizer in "script data double escaped" state.

    Inside <script>, "<!--" followed by "<script" makes the parser ignore the next "</script>": the JSON-LD block
    would then swallow what follows it (the app's own <script src=app.js>) up to the next "</script>".
    Escaping "</" alone does not prevent it; "<" must be escaped too (e.g. as \\u003c).
    """
    n = time.time_ns() % 1_000_000
    author = new_context(bypass_csp=True).new_page()
    moderator = new_context(bypass_csp=True).new_page()
    visitor = new_context(bypass_csp=True).new_page()
    title = f"Commentaire {n} <!--<script>"

    signed_up_and_logged_in(author, live_server, name="Karim Alaoui", email=unique_email("xss-comment"))
    author.goto("/reuses/new")
    author.locator("#f-url").fill(f"https://comment-{n}.example.ma/")
    author.locator("#f-title_fr").fill(title)
    author.locator("#f-description_fr").fill("Une description.")
    author.locator("#f-datasets").fill(PASTED_DATASET)
    submit_form(author, "button[name=action][value=submit]")
    slug_match = re.search(r"/reuses/([a-z0-9-]+)$", author.url)
    assert slug_match and slug_match.group(1) != "new", f"{author.url}: {error_text(author)}"
    slug = slug_match.group(1)
    logged_in_moderator(moderator, live_server)
    moderator.goto(f"/reuses/{slug}")
    submit_form(moderator, f"form[action='/reuses/{slug}/action'] button[value=publish]")

    response = visitor.goto(f"/reuses/{slug}")
    assert response is not None and response.status == 200
    served = response.text()
    shot(visitor, "xss-09-json-ld-comment-opener")
    blocks = visitor.locator("script[type='application/ld+json']")
    expect(blocks).to_have_count(1)
    text = blocks.text_content()
    # BUG (showcase/reuses/pages.py, _json_ld, the final .replace("</", "<\\/")): only "</" is escaped, so the
    # title's "<!--<script>" reaches the page inside the JSON-LD element. The HTML tokenizer then enters "script
    # data double escaped" state, the block's own "</script>" no longer closes it, and it swallows the rest of
    # the document (app.js's tag and the whole <body>): the published reuse page is BLANK for every visitor.
    # Fix: escape "<" too, e.g. json.dumps(...).replace("<", "\\u003c") (also ">" and "&" for good measure).
    assert "<!--<script>" not in served.split('type="application/ld+json">', 1)[-1].split("</script>", 1)[0], (
        "the JSON-LD block holds a raw '<!--<script>': the page after it is swallowed")
    assert "/static/js/app.js" not in text, f"the JSON-LD block swallowed the rest of the page:\n{text[:600]}"
    assert json.loads(text)["name"] == title
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.locator("script[src^='/static/js/app.js']")).to_have_count(1)
    expect(visitor.get_by_role("contentinfo")).to_have_count(1)
