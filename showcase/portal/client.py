"""An async client for the portal's CKAN Action API (https://data.gov.ma/data/api/3/action/).

Every public method returns an outcome from `showcase.portal.outcomes` and never raises for a portal or
network problem: a caller (the sync job, a form that resolves a citation) branches on the outcome and keeps
serving its stale snapshot when the portal fails.

How an answer is read (see /work/shared/CKAN.md and the recorded exchanges in tests/fixtures/ckan/):

* 200 + `{"success": true, "result": ...}` -> Found(result)
* 404 + `__type: "Not Found Error"` -> NotFound (never existed, or purged)
* 403 + `__type: "Authorization Error"` -> Withdrawn (private or deleted, seen anonymously)
* anything else -> PortalError: 5xx (Solr down answers 500 with an envelope), 429, timeouts, refused
  connections, the bare JSON string of a 400 ("Bad request: Action name not known: ..."), 409 validation
  and search errors, an HTML page (a proxy's 502, or a base URL that points at the web UI), truncated JSON,
  a 200 without a proper envelope. A 404 or 403 *without* CKAN's envelope is a PortalError too: it means a
  wrong base URL or a firewall, not a missing dataset, and must not make cited datasets look withdrawn.

Timeouts, connection errors, 5xx and 429 (and a truncated JSON body) are retried with exponential backoff
and jitter, at most `max_retries` times; a 429's `Retry-After` is honoured up to 30 seconds. Other 4xx are
never retried. Each final PortalError is logged once on the "showcase.portal" logger.
"""

from __future__ import annotations

import json
import logging
import math
import random
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import anyio
import httpx

from showcase.portal.outcomes import Found, NotFound, Outcome, PortalError, SearchPage, Withdrawn

logger = logging.getLogger("showcase.portal")

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=3.0)
MAX_RETRY_AFTER = 30.0  # seconds: a longer Retry-After is shortened to this
MAX_BACKOFF = 10.0  # seconds: the longest pause between two attempts, jitter included
IDS_PER_SEARCH = 100  # ids per package_search in packages_by_ids (Solr maxBooleanClauses, ckanext-showcase#145)
LIST_PAGE_SIZE = 25  # organization_list / group_list with all_fields=true return at most 25 per call
MAX_LIST_PAGES = 400  # 10,000 organizations or groups: a guard against a portal that ignores `offset`
SNIPPET = 160  # characters of an unexpected body quoted in a PortalError reason


def _package_version() -> str:
    try:
        return version("showcase")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0"


def default_user_agent(base_url: str | None = None) -> str:
    """A descriptive User-Agent so that the portal's operators know who calls and where to look."""
    where = f"+{base_url}; " if base_url else ""
    return f"Showcase/{_package_version()} ({where}reuse gallery of data.gov.ma)"


def solr_quote(value: str) -> str:
    """A Solr phrase: the value in double quotes, with backslashes and quotes escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ids_filter(ids: Sequence[str]) -> str:
    """The `fq` that selects these package ids: id:("a" OR "b" ...)."""
    return "id:(" + " OR ".join(solr_quote(i) for i in ids) + ")"


def is_public(package: dict) -> bool:
    """What CKAN shows to an anonymous visitor: an active, non-private dataset."""
    return package.get("state") == "active" and not package.get("private")


def _retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date), capped at MAX_RETRY_AFTER; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _snippet(content: bytes) -> str:
    text = content.decode("utf-8", errors="replace").strip()
    text = " ".join(text.split())
    return text[:SNIPPET] + ("…" if len(text) > SNIPPET else "")


def _error_message(error: dict) -> str:
    """CKAN's error message; a validation error has none, so its fields and messages stand in for it."""
    message = error.get("message")
    if isinstance(message, str) and message:
        return message
    fields = [f"{key}: {'; '.join(map(str, value)) if isinstance(value, list) else value}"
              for key, value in error.items() if key != "__type"]
    return ", ".join(fields)


def interpret(action: str, response: httpx.Response) -> Outcome:
    """Turn one HTTP response of the Action API into an outcome (no retry logic here)."""
    status = response.status_code
    content = response.content
    if status == 429:
        return PortalError(reason=f"{action}: rate limited by the portal (HTTP 429)", status=429, retryable=True)
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        content_type = response.headers.get("content-type", "")
        head = content.lstrip()[:1]
        if "html" in content_type or head == b"<":
            kind, retryable = "an HTML page instead of JSON", status >= 500
        elif head in (b"{", b"["):
            kind, retryable = "truncated or malformed JSON", True
        elif not content.strip():
            kind, retryable = "an empty body", status >= 500
        else:
            kind, retryable = "a body that is not JSON", status >= 500
        return PortalError(reason=f"{action}: HTTP {status} with {kind}: {_snippet(content)!r}",
                           status=status, retryable=retryable)
    if isinstance(data, str):  # CKAN's "Bad request: ..." answers carry no envelope
        return PortalError(reason=f"{action}: HTTP {status}: {data[:SNIPPET]}", status=status, retryable=status >= 500)
    if not isinstance(data, dict) or not isinstance(data.get("success"), bool):
        return PortalError(reason=f"{action}: HTTP {status} without CKAN's envelope: {_snippet(content)!r}",
                           status=status, retryable=status >= 500)
    if data["success"]:
        if status != 200 or "result" not in data:
            return PortalError(reason=f"{action}: HTTP {status} with an unexpected success envelope: {_snippet(content)!r}",
                               status=status, retryable=status >= 500)
        return Found(data["result"])
    error = data.get("error")
    if not isinstance(error, dict):
        return PortalError(reason=f"{action}: HTTP {status}, success false without an error: {_snippet(content)!r}",
                           status=status, retryable=status >= 500)
    error_type = error.get("__type")
    message = _error_message(error)
    if status == 404 and error_type == "Not Found Error":
        return NotFound(message)
    if status == 403 and error_type == "Authorization Error":
        return Withdrawn(message)
    return PortalError(reason=f"{action}: {error_type or 'error'} (HTTP {status}): {message[:300]}",
                       status=status, retryable=status >= 500)


class PortalClient:
    """The portal's Action API. Use as `async with PortalClient(url, token) as portal:` or call `aclose()`.

    `base_url` is the action base ("https://data.gov.ma/data/api/3/action/", trailing slash optional).
    `token` is sent raw in `Authorization` (CKAN does not understand "Bearer"). Tests pass an
    `httpx.MockTransport` as `transport`, `backoff_base=0`, and may pass `sleep` to record the pauses.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        max_retries: int = 3,
        concurrency: int = 4,
        backoff_base: float = 0.5,
        user_agent: str | None = None,
        sleep: Callable[[float], Awaitable[Any]] | None = None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        if concurrency < 1:
            raise ValueError("concurrency must be 1 or more")
        self.base_url = base_url.rstrip("/") + "/"
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.requests_sent = 0  # HTTP requests actually sent, retries included
        self._sleep = sleep or anyio.sleep
        self._random = random.Random()
        self._semaphore = anyio.Semaphore(concurrency)
        headers = {"User-Agent": user_agent or default_user_agent(),
                   "Accept": "application/json"}
        if token:
            headers["Authorization"] = token
        self._http = httpx.AsyncClient(base_url=self.base_url, headers=headers, timeout=timeout,
                                       transport=transport, follow_redirects=True)

    async def __aenter__(self) -> PortalClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- actions -------------------------------------------------------------------------------------

    async def status_show(self) -> Outcome:
        """Found(dict with ckan_version, extensions, locale_default, site_url, ...)."""
        outcome = await self.call("status_show")
        return self._expect(outcome, "status_show", dict)

    async def package_show(self, id_or_name: str) -> Outcome:
        """Found(package dict) for a public dataset; Withdrawn for a private, draft or deleted one (also when a
        token lets us read it); NotFound when it never existed or was purged."""
        key = (id_or_name or "").strip()
        if not key:
            return PortalError(reason="package_show: no id or name given", retryable=False)
        outcome = self._expect(await self.call("package_show", {"id": key}), "package_show", dict)
        if isinstance(outcome, Found) and not is_public(outcome.result):
            state = "private" if outcome.result.get("private") else outcome.result.get("state", "not active")
            return Withdrawn(f"the dataset is {state}")
        return outcome

    async def package_search(self, *, q: str | None = None, fq: str | None = None, rows: int = 20,
                             start: int = 0, sort: str | None = None) -> Outcome:
        """Found(SearchPage(count, results)) — anonymous searches never include private datasets."""
        params: dict[str, Any] = {"rows": rows, "start": start}
        if q is not None:
            params["q"] = q
        if fq is not None:
            params["fq"] = fq
        if sort is not None:
            params["sort"] = sort
        outcome = await self.call("package_search", params)
        if not isinstance(outcome, Found):
            return self._as_portal_error(outcome, "package_search")
        result = outcome.result
        if (not isinstance(result, dict) or not isinstance(result.get("count"), int)
                or not isinstance(result.get("results"), list)):
            return self._log(PortalError(reason="package_search: the result has no count and results list",
                                         status=200, retryable=False))
        return Found(SearchPage(count=result["count"], results=result["results"]))

    async def packages_by_ids(self, ids: Sequence[str]) -> Outcome:
        """Found({id: package}) of the public, active datasets among `ids`; ids that are missing, private or
        deleted are simply absent. One package_search per 100 ids (run up to `concurrency` at a time);
        PortalError when any of them failed."""
        wanted = list(dict.fromkeys(i.strip() for i in ids if i and i.strip()))
        batches = [wanted[i:i + IDS_PER_SEARCH] for i in range(0, len(wanted), IDS_PER_SEARCH)]
        outcomes: list[Outcome | None] = [None] * len(batches)

        async def run(index: int, batch: list[str]) -> None:
            outcomes[index] = await self._search_batch(batch)

        async with anyio.create_task_group() as group:
            for index, batch in enumerate(batches):
                group.start_soon(run, index, batch)
        found: dict[str, dict] = {}
        for outcome in outcomes:
            if not isinstance(outcome, Found):
                return outcome if isinstance(outcome, PortalError) else PortalError("packages_by_ids: no answer")
            found.update(outcome.result)
        return Found(found)

    async def organizations(self) -> Outcome:
        """Found(list of organization dicts), every page of organization_list?all_fields=true."""
        return await self._list_all("organization_list")

    async def groups(self) -> Outcome:
        """Found(list of group dicts), every page of group_list?all_fields=true."""
        return await self._list_all("group_list")

    # -- machinery -----------------------------------------------------------------------------------

    async def call(self, action: str, params: dict[str, Any] | None = None) -> Outcome:
        """GET one action with retries; the raw outcome (Found holds CKAN's `result` as is)."""
        query = {key: _param(value) for key, value in (params or {}).items()}
        attempt = 0
        while True:
            outcome, retry_after = await self._attempt(action, query)
            if not isinstance(outcome, PortalError) or not outcome.retryable or attempt >= self.max_retries:
                break
            delay = self._backoff(attempt)
            if retry_after is not None:
                delay = max(delay, retry_after)
            logger.debug("portal: %s; retry %d of %d in %.2f s", outcome.reason, attempt + 1,
                         self.max_retries, delay)
            attempt += 1
            await self._sleep(delay)
        if isinstance(outcome, PortalError):
            attempts = attempt + 1
            if attempts > 1:
                outcome = PortalError(reason=f"{outcome.reason} (after {attempts} attempts)",
                                      status=outcome.status, retryable=outcome.retryable)
            self._log(outcome, query)
        return outcome

    async def _attempt(self, action: str, query: dict[str, str]) -> tuple[Outcome, float | None]:
        async with self._semaphore:
            self.requests_sent += 1
            try:
                response = await self._http.get(action, params=query)
            except httpx.TimeoutException as exc:
                return PortalError(reason=f"{action}: the portal did not answer in time ({type(exc).__name__})",
                                   retryable=True), None
            except httpx.TransportError as exc:
                return PortalError(reason=f"{action}: cannot reach the portal ({type(exc).__name__}: {exc})",
                                   retryable=True), None
            except httpx.HTTPError as exc:  # too many redirects, an invalid URL, ...
                return PortalError(reason=f"{action}: {type(exc).__name__}: {exc}", retryable=False), None
        outcome = interpret(action, response)
        retry_after = _retry_after_seconds(response.headers.get("retry-after")) if response.status_code in (429, 503) else None
        return outcome, retry_after

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter: base * 2**attempt, scaled by a random factor in [0.5, 1]."""
        if self.backoff_base <= 0:
            return 0.0
        return min(MAX_BACKOFF, self.backoff_base * 2**attempt) * self._random.uniform(0.5, 1.0)

    async def _search_batch(self, batch: list[str]) -> Outcome:
        """One batch of packages_by_ids: normally one call; pages on if the portal caps `rows` lower."""
        wanted = set(batch)
        found: dict[str, dict] = {}
        fq = ids_filter(batch)
        start = 0
        while True:
            outcome = await self.package_search(fq=fq, rows=len(batch), start=start)
            if not isinstance(outcome, Found):
                return outcome
            page: SearchPage = outcome.result
            for package in page.results:
                if isinstance(package, dict) and package.get("id") in wanted and is_public(package):
                    found[package["id"]] = package
            start += len(page.results)
            if not page.results or start >= page.count or start >= len(batch):
                return Found(found)

    async def _list_all(self, action: str) -> Outcome:
        items: list[dict] = []
        seen: set[str] = set()
        for page_number in range(MAX_LIST_PAGES):
            outcome = await self.call(action, {"all_fields": True, "limit": LIST_PAGE_SIZE,
                                               "offset": page_number * LIST_PAGE_SIZE})
            outcome = self._expect(outcome, action, list)
            if not isinstance(outcome, Found):
                return self._as_portal_error(outcome, action)
            page = outcome.result
            fresh = [item for item in page if isinstance(item, dict) and item.get("id") not in seen]
            if page and not fresh:  # the portal ignores `offset`: stop rather than loop
                break
            for item in fresh:
                seen.add(item.get("id"))
                items.append(item)
            if len(page) < LIST_PAGE_SIZE:
                break
        return Found(items)

    def _expect(self, outcome: Outcome, action: str, kind: type) -> Outcome:
        if isinstance(outcome, Found) and not isinstance(outcome.result, kind):
            return self._log(PortalError(reason=f"{action}: expected a {kind.__name__} result, got "
                                                f"{type(outcome.result).__name__}", status=200, retryable=False))
        return outcome

    def _as_portal_error(self, outcome: Outcome, action: str) -> Outcome:
        """For searches and lists, a 403/404 is not about a dataset: the portal refused the action itself."""
        if isinstance(outcome, NotFound | Withdrawn):
            kind = "Not Found Error (HTTP 404)" if isinstance(outcome, NotFound) else "Authorization Error (HTTP 403)"
            return self._log(PortalError(reason=f"{action}: {kind}: {outcome.message}",
                                         status=404 if isinstance(outcome, NotFound) else 403, retryable=False))
        return outcome

    @staticmethod
    def _log(error: PortalError, query: dict[str, str] | None = None) -> PortalError:
        detail = ""
        if query:
            detail = " [" + "&".join(f"{k}={v}" for k, v in query.items())[:200] + "]"
        logger.warning("portal error: %s%s", error.reason, detail)
        return error


def _param(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def client_from_settings(settings: Any, transport: httpx.AsyncBaseTransport | None = None, **options: Any) -> PortalClient:
    """The client for the configured portal (PORTAL_URL, PORTAL_API_TOKEN), identifying us by BASE_URL."""
    return PortalClient(settings.portal_url, settings.portal_api_token, transport=transport,
                        user_agent=default_user_agent(settings.base_url), **options)
