"""A producer's dashboard (/producers/<name>), its CSV of reuses, and the monthly digest's subscription pages."""

from __future__ import annotations

from datetime import UTC, date
from functools import lru_cache

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_429_TOO_MANY_REQUESTS
from markupsafe import Markup

from showcase import ratelimit
from showcase.challenges.exports import to_csv
from showcase.exceptions import InvalidInput, RateLimited, TokenInvalid
from showcase.i18n import SUPPORTED, format_number, get_locale, language_name, text_direction
from showcase.i18n import gettext as _
from showcase.judging.charts import Bar, bar_chart
from showcase.portal import queries as portal_queries
from showcase.portal.tables import Producer
from showcase.reuses.constants import TYPES
from showcase.settings import get_settings
from showcase.stats import producer_digest as digest
from showcase.stats import producer_queries as queries
from showcase.stats.charts import Column, column_chart
from showcase.web import client_ip, read_form, utcnow

RANKING_CHART_ROWS = 10
CSV_FIELDS = ("reuse", "reuse_page", "dataset", "dataset_title", "published_at_utc", "type", "url")


async def _producer(name: str) -> dict:
    record = await portal_queries.find_organization(Producer, name[:100])
    if record is None:
        raise NotFoundException()
    return record


@lru_cache(maxsize=4096)
def _month_label(first_day: date, width: str, locale: str) -> str:
    from babel import dates

    if width == "short":  # under the columns: "juin 25", "يونيو 25"
        return dates.format_date(first_day, "MMM yy", locale=locale)
    return dates.format_skeleton(width, first_day, locale=locale)  # a skeleton match costs ~0.3 ms: cached


def month_label(month: queries.MonthCount, width: str = "yMMM") -> str:
    return _month_label(month.first_day, width, get_locale())


def ranking_chart(data: queries.Dashboard, producer_title: str) -> Markup | None:
    reused = [dataset for dataset in data.ranking if dataset.reuses][:RANKING_CHART_ROWS]
    if not reused:
        return None
    locale = get_locale()
    return Markup(bar_chart(  # noqa: S704 - every text is escaped by the chart
        [Bar(dataset.title(locale), dataset.reuses) for dataset in reused], chart_id="producer-ranking-chart",
        title=_("Most reused datasets of %(producer)s", producer=producer_title),
        description=_("Published reuses per dataset, for the %(count)s most reused datasets.",
                      count=format_number(len(reused))),
        rtl=text_direction(locale) == "rtl", format_value=format_number))


def months_chart(data: queries.Dashboard, producer_title: str) -> Markup | None:
    months = data.chart_months
    if not months:
        return None
    locale = get_locale()
    rtl = text_direction(locale) == "rtl"
    first, last = month_label(months[0], "yMMMM"), month_label(months[-1], "yMMMM")
    title = _("Reuses of the data of %(producer)s per month", producer=producer_title)
    description = _("Reuses published each month from %(first)s to %(last)s that cite its datasets.",
                    first=first, last=last)
    return Markup(column_chart(  # noqa: S704 - every text is escaped by the chart
        [Column(month_label(month, "short"), month.reuses, tooltip=_("%(month)s: %(count)s", month=month_label(
            month, "yMMMM"), count=format_number(month.reuses))) for month in months],
        chart_id="producer-months-chart", title=title, description=description, rtl=rtl,
        format_value=format_number, max_labels=5))


async def _dashboard_page(record: dict, *, values: dict | None = None, errors: dict | None = None,
                          status: int = 200) -> Template:
    locale = get_locale()
    named = portal_queries.Named(record["name"], record["title_fr"], record["title_ar"])
    data = await queries.dashboard(record["id"], now=utcnow())
    return Template("stats/producer.html", status_code=status, context={
        "record": named, "description": record["description"], "data": data, "types": TYPES,
        "ranking_chart": ranking_chart(data, named.title(locale)),
        "months_chart": months_chart(data, named.title(locale)), "month_label": month_label,
        "values": values or {"locale": locale}, "errors": errors or {},
        "languages": [(code, language_name(code)) for code in SUPPORTED],
    })


@get("/producers/{name:str}", name="producers:detail", include_in_schema=False)
async def producer_detail(name: FromPath[str]) -> Template:
    return await _dashboard_page(await _producer(name))


@get("/producers/{name:str}/reuses.csv", name="producers:reuses-csv", include_in_schema=False)
async def producer_reuses_csv(name: FromPath[str]) -> Response:
    """Every published reuse citing the producer's data, one row per cited dataset (UTF-8 with a BOM, formulas
    defused as in the challenge exports)."""
    record = await _producer(name)
    base = get_settings().base_url
    rows = []
    for row in await queries.csv_rows(record["id"]):
        published = queries.as_instant(row["published_at"])
        rows.append([
            row["title_fr"] or row["title_ar"], f"{base}/reuses/{row['slug']}", row["name"] or row["cited_key"],
            row["dataset_title_fr"] or row["dataset_title_ar"],
            published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if published else "", row["type"], row["url"]])
    return Response(to_csv(CSV_FIELDS, rows), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="reuses-{record["name"]}.csv"'})


@post("/producers/{name:str}/digest", name="producers:digest-subscribe", include_in_schema=False)
async def subscribe(request: Request, name: FromPath[str]) -> Template | Redirect:
    record = await _producer(name)
    values, _files = await read_form(request)
    shown = {"email": values.get("email", "")[:254], "locale": values.get("locale", "")[:2]}
    store = request.app.stores.get("rate_limit")
    try:
        await ratelimit.hit(store, digest.SUBSCRIBE_PER_IP, client_ip(request))
        await ratelimit.hit(store, digest.SUBSCRIBE_PER_ADDRESS, shown["email"].strip().lower())
        address = await digest.subscribe(producer=record, email=shown["email"], locale=shown["locale"], now=utcnow())
    except RateLimited as exc:
        minutes = max(1, -(-exc.retry_after // 60))
        return await _dashboard_page(record, values=shown, status=HTTP_429_TOO_MANY_REQUESTS, errors={
            "email": _("Too many attempts. Try again in %(minutes)s minutes.", minutes=minutes)})
    except InvalidInput as exc:
        return await _dashboard_page(record, values=shown, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
    flash(request, _("We sent a link to %(email)s: open it to confirm the monthly digest.", email=address),
          category="success")
    return Redirect(f"/producers/{record['name']}#digest")


def _token_failure(exc: TokenInvalid) -> Template:
    message = (_("This confirmation link has expired. Subscribe again on the producer’s page.")
               if exc.reason == "expired" else
               _("This link is not valid. Check that you copied it whole, or subscribe again."))
    return Template("stats/producer_digest_link.html", status_code=400,
                    context={"step": "invalid", "message": message})


@get("/producers/digest/confirm/{token:str}", name="producers:digest-confirm", include_in_schema=False)
async def confirm_page(token: FromPath[str]) -> Template:
    """A button, not an action: mail scanners open links, and must not confirm a subscription on their own."""
    try:
        found = await digest.pending_confirmation(token=token, now=utcnow())
    except TokenInvalid as exc:
        return _token_failure(exc)
    return Template("stats/producer_digest_link.html", context={"step": "confirm", "subscription": found})


@post("/producers/digest/confirm/{token:str}", include_in_schema=False)
async def confirm(token: FromPath[str]) -> Template:
    try:
        found = await digest.confirm(token=token, now=utcnow())
    except TokenInvalid as exc:
        return _token_failure(exc)
    return Template("stats/producer_digest_link.html", context={"step": "confirmed", "subscription": found})


@get("/producers/digest/unsubscribe/{token:str}", name="producers:digest-unsubscribe", include_in_schema=False)
async def unsubscribe_page(token: FromPath[str]) -> Template:
    found = await digest.subscription_for_unsubscribe(token)
    return Template("stats/producer_digest_link.html",
                    context={"step": "unsubscribe" if found else "gone", "subscription": found})


@post("/producers/digest/unsubscribe/{token:str}", include_in_schema=False)
async def unsubscribe(token: FromPath[str]) -> Template:
    found = await digest.unsubscribe(token)
    return Template("stats/producer_digest_link.html",
                    context={"step": "unsubscribed" if found else "gone", "subscription": found})


ROUTES = [producer_detail, producer_reuses_csv, subscribe, confirm_page, confirm, unsubscribe_page, unsubscribe]
