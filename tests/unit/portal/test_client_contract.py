"""The client against recorded CKAN exchanges (tests/fixtures/ckan/) and realistic failures, via MockTransport."""

from __future__ import annotations

import json
import logging
import math
import uuid
from importlib.metadata import version

import httpx
import pytest

from showcase.portal.client import PortalClient, client_from_settings, default_user_agent, ids_filter
from showcase.portal.outcomes import Found, NotFound, PortalError, SearchPage, Withdrawn
from showcase.settings import Settings
from tests.unit.portal.replay import PEER_API, Recorder, answering, exchange, recorded_response, replaying

pytestmark = pytest.mark.anyio

TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.dG9rZW4"
NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
TRUNCATED = ('{"help": "http://127.0.0.1:5000/api/3/action/help_show?name=package_show", "success": true, '
             '"result": {"author": "Portail national')


class Sleeps:
    """Records the pauses between attempts instead of sleeping."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def portal(recorder: Recorder, **options) -> PortalClient:  # noqa: ANN003
    options.setdefault("backoff_base", 0)
    return PortalClient(PEER_API, options.pop("token", None), transport=recorder.transport, **options)


def result_of(name: str):  # noqa: ANN201
    return exchange(name)["body"]["result"]


def envelope(action: str, result: object) -> httpx.Response:
    body = {"help": f"http://127.0.0.1:5000/api/3/action/help_show?name={action}", "success": True, "result": result}
    return httpx.Response(200, headers={"content-type": "application/json;charset=utf-8"},
                          content=json.dumps(body, ensure_ascii=False).encode())


def assert_same_request(recorder: Recorder, name: str, index: int = 0) -> None:
    recorded = exchange(name)["request"]
    request = recorder.requests[index]
    assert request.method == recorded["method"]
    assert request.url.path == recorded["path"]
    assert recorder.params(index) == {key: str(value) for key, value in (recorded["query"] or {}).items()}


# -- package_show: the four outcomes from real recordings ----------------------------------------------


async def test_found_by_name() -> None:
    recorder = replaying("core/package_show_by_name")
    async with portal(recorder) as client:
        outcome = await client.package_show("liste-nominative-des-etablissements-hospitaliers-par-categorie")
    assert outcome == Found(result_of("core/package_show_by_name"))
    assert outcome.result["id"] == "7c56d73c-2635-429a-877a-a92baa225d11"
    assert recorder.calls == 1
    assert_same_request(recorder, "core/package_show_by_name")


async def test_found_by_id() -> None:
    recorder = replaying("core/package_show_by_id")
    async with portal(recorder) as client:
        outcome = await client.package_show("7c56d73c-2635-429a-877a-a92baa225d11")
    assert outcome == Found(result_of("core/package_show_by_id"))
    assert outcome.result["name"] == "liste-nominative-des-etablissements-hospitaliers-par-categorie"
    assert_same_request(recorder, "core/package_show_by_id")


async def test_found_with_an_arabic_title() -> None:
    recorder = replaying("core/package_show_arabic_title")
    async with portal(recorder) as client:
        outcome = await client.package_show("laihat-al-mouassasat-as-sihhiya-al-oumoumiya")
    assert outcome == Found(result_of("core/package_show_arabic_title"))
    assert outcome.result["title"] == "لائحة المؤسسات الصحية العمومية حسب الجهة"
    assert_same_request(recorder, "core/package_show_arabic_title")


async def test_private_dataset_is_withdrawn() -> None:
    recorder = replaying("core/package_show_private_anonymous_403")
    async with portal(recorder) as client:
        outcome = await client.package_show("statistiques-internes-des-urgences-2023")
    assert outcome == Withdrawn("Access denied: User  not authorized to read package d5402f13-2a4f-4bf4-8262-2fce08e76165")
    assert recorder.calls == 1  # a 4xx is never retried
    assert_same_request(recorder, "core/package_show_private_anonymous_403")


async def test_deleted_dataset_is_withdrawn() -> None:
    recorder = replaying("core/package_show_deleted_anonymous")
    async with portal(recorder) as client:
        outcome = await client.package_show("carte-sanitaire-2019")
    assert outcome == Withdrawn("Access denied: User  not authorized to read package 11e7c4d0-0132-4ecf-a542-890d9c365794")
    assert recorder.calls == 1


@pytest.mark.parametrize(("recording", "state"), [
    ("core/package_show_deleted_sysadmin", "deleted"),
    ("core/package_show_private_sysadmin_200", "private"),
])
async def test_a_token_that_can_read_a_withdrawn_dataset_still_gets_withdrawn(recording: str, state: str) -> None:
    recorder = replaying(recording)
    async with portal(recorder, token=TOKEN) as client:
        outcome = await client.package_show(exchange(recording)["request"]["query"]["id"])
    assert outcome == Withdrawn(f"the dataset is {state}")


@pytest.mark.parametrize("recording", ["core/package_show_missing_404", "core/package_show_after_purge_404"])
async def test_missing_or_purged_dataset_is_not_found(recording: str) -> None:
    recorder = replaying(recording)
    async with portal(recorder) as client:
        outcome = await client.package_show(exchange(recording)["request"]["query"]["id"])
    assert outcome == NotFound("Not found")
    assert recorder.calls == 1
    assert_same_request(recorder, recording)


async def test_empty_id_is_refused_without_a_call() -> None:
    recorder = replaying("core/package_show_by_name")
    async with portal(recorder) as client:
        outcome = await client.package_show("  ")
    assert outcome == PortalError(reason="package_show: no id or name given", status=None, retryable=False)
    assert recorder.calls == 0


# -- portal errors ----------------------------------------------------------------------------------------


async def test_solr_down_500_is_a_portal_error_after_retries() -> None:
    recorder = replaying("no-solr/package_search_500")
    async with portal(recorder) as client:
        outcome = await client.package_search(q="sante")
    assert outcome == PortalError(
        reason="package_search: Search Connection Error (HTTP 500): Unable to connect to the search server "
               "(after 4 attempts)",
        status=500, retryable=True)
    assert recorder.calls == 4
    assert recorder.params() == {"q": "sante", "rows": "20", "start": "0"}


async def test_unknown_action_bare_string_400_is_a_portal_error() -> None:
    recorder = replaying("core/unknown_action_400")
    async with portal(recorder) as client:
        outcome = await client.call("package_exists")
    assert outcome == PortalError(reason="package_exists: HTTP 400: Bad request: Action name not known: package_exists",
                                  status=400, retryable=False)
    assert recorder.calls == 1
    assert_same_request(recorder, "core/unknown_action_400")


async def test_search_error_409_is_not_retried() -> None:
    recorder = replaying("core/package_search_bad_query_409")
    async with portal(recorder) as client:
        outcome = await client.package_search(q="title:(")
    assert isinstance(outcome, PortalError)
    assert outcome.status == 409
    assert outcome.retryable is False
    assert outcome.reason.startswith("package_search: Search Error (HTTP 409): Search error: 'SOLR returned an error")
    assert recorder.calls == 1


async def test_validation_error_409_names_the_field() -> None:
    recorder = replaying("core/package_search_bad_param_409")
    async with portal(recorder) as client:
        outcome = await client.call("package_search", {"rows": "beaucoup"})
    assert outcome == PortalError(
        reason="package_search: Validation Error (HTTP 409): rows: Invalid integer; Please enter an integer value",
        status=409, retryable=False)
    assert_same_request(recorder, "core/package_search_bad_param_409")


async def test_search_query_error_400() -> None:
    recorder = replaying("core/package_search_bad_sort_400")
    async with portal(recorder) as client:
        outcome = await client.package_search(sort="metadata_modified")
    assert outcome == PortalError(
        reason="package_search: Search Query Error (HTTP 400): Search Query is invalid: 'Invalid \"sort\" parameter'",
        status=400, retryable=False)
    assert recorder.calls == 1


async def test_html_502_page_is_retried_then_a_portal_error() -> None:
    recorder = answering(httpx.Response(502, headers={"content-type": "text/html"}, content=NGINX_502.encode()))
    async with portal(recorder) as client:
        outcome = await client.package_show("tarification-des-soins-ngap")
    assert outcome == PortalError(
        reason="package_show: HTTP 502 with an HTML page instead of JSON: '<html> <head><title>502 Bad Gateway"
               "</title></head> <body> <center><h1>502 Bad Gateway</h1></center> <hr><center>nginx</center> "
               "</body> </html>' (after 4 attempts)",
        status=502, retryable=True)
    assert recorder.calls == 4


async def test_html_502_then_success_recovers() -> None:
    recorder = answering(httpx.Response(502, headers={"content-type": "text/html"}, content=NGINX_502.encode()),
                         recorded_response(exchange("core/package_show_by_name")))
    async with portal(recorder) as client:
        outcome = await client.package_show("liste-nominative-des-etablissements-hospitaliers-par-categorie")
    assert outcome == Found(result_of("core/package_show_by_name"))
    assert recorder.calls == 2


async def test_truncated_json_is_a_portal_error() -> None:
    recorder = answering(httpx.Response(200, headers={"content-type": "application/json;charset=utf-8"},
                                        content=TRUNCATED.encode()))
    async with portal(recorder) as client:
        outcome = await client.package_show("liste-nominative-des-etablissements-hospitaliers-par-categorie")
    assert outcome == PortalError(
        reason=f"package_show: HTTP 200 with truncated or malformed JSON: {TRUNCATED!r} (after 4 attempts)",
        status=200, retryable=True)
    assert recorder.calls == 4


@pytest.mark.parametrize(("status", "body", "reason"), [
    (404, "<!DOCTYPE html><html><title>Page introuvable</title></html>",
     "package_show: HTTP 404 with an HTML page instead of JSON: '<!DOCTYPE html><html><title>Page introuvable"
     "</title></html>'"),
    (403, "<html><body>Request blocked by the firewall</body></html>",
     "package_show: HTTP 403 with an HTML page instead of JSON: '<html><body>Request blocked by the firewall"
     "</body></html>'"),
    (200, "<!DOCTYPE html><html lang=\"fr\"><title>Portail</title></html>",
     "package_show: HTTP 200 with an HTML page instead of JSON: '<!DOCTYPE html><html lang=\"fr\"><title>Portail"
     "</title></html>'"),
])
async def test_html_instead_of_the_api_is_never_mistaken_for_a_missing_dataset(status: int, body: str,
                                                                                 reason: str) -> None:
    recorder = answering(httpx.Response(status, headers={"content-type": "text/html; charset=utf-8"},
                                        content=body.encode()))
    async with portal(recorder) as client:
        outcome = await client.package_show("tarification-des-soins-ngap")
    assert outcome == PortalError(reason=reason, status=status, retryable=False)
    assert recorder.calls == 1


@pytest.mark.parametrize(("body", "reason"), [
    ({"help": "h", "success": False}, "package_show: HTTP 200, success false without an error: "
                                      "'{\"help\": \"h\", \"success\": false}'"),
    ({"help": "h", "success": False, "error": {"__type": "Not Found Error", "message": "Not found"}},
     "package_show: Not Found Error (HTTP 200): Not found"),
    ({"result": {"id": "x"}}, "package_show: HTTP 200 without CKAN's envelope: '{\"result\": {\"id\": \"x\"}}'"),
    ({"help": "h", "success": True}, "package_show: HTTP 200 with an unexpected success envelope: "
                                     "'{\"help\": \"h\", \"success\": true}'"),
    (["a", "b"], "package_show: HTTP 200 without CKAN's envelope: '[\"a\", \"b\"]'"),
    ({"help": "h", "success": True, "result": ["not", "a", "package"]},
     "package_show: expected a dict result, got list"),
])
async def test_odd_envelopes_are_portal_errors(body: object, reason: str) -> None:
    recorder = answering(httpx.Response(200, headers={"content-type": "application/json"},
                                        content=json.dumps(body).encode()))
    async with portal(recorder) as client:
        outcome = await client.package_show("tarification-des-soins-ngap")
    assert outcome == PortalError(reason=reason, status=200, retryable=False)
    assert recorder.calls == 1


async def test_429_with_retry_after_waits_then_succeeds() -> None:
    sleeps = Sleeps()
    recorder = answering(httpx.Response(429, headers={"retry-after": "2", "content-type": "text/plain"},
                                        content=b"Too Many Requests"),
                         recorded_response(exchange("core/package_show_by_name")))
    async with portal(recorder, sleep=sleeps) as client:
        outcome = await client.package_show("liste-nominative-des-etablissements-hospitaliers-par-categorie")
    assert outcome == Found(result_of("core/package_show_by_name"))
    assert recorder.calls == 2
    assert sleeps.delays == [2.0]
    assert recorder.params(0) == recorder.params(1) == {
        "id": "liste-nominative-des-etablissements-hospitaliers-par-categorie"}


async def test_429_retry_after_is_capped_and_retries_are_bounded() -> None:
    sleeps = Sleeps()
    recorder = answering(httpx.Response(429, headers={"retry-after": "3600"}, content=b""))
    async with portal(recorder, sleep=sleeps, max_retries=2) as client:
        outcome = await client.package_show("tarification-des-soins-ngap")
    assert outcome == PortalError(reason="package_show: rate limited by the portal (HTTP 429) (after 3 attempts)",
                                  status=429, retryable=True)
    assert recorder.calls == 3
    assert sleeps.delays == [30.0, 30.0]


async def test_timeouts_give_a_portal_error_after_max_retries_plus_one_attempts() -> None:
    sleeps = Sleeps()
    recorder = answering(httpx.ReadTimeout("timed out"))
    async with portal(recorder, sleep=sleeps) as client:
        outcome = await client.package_show("tarification-des-soins-ngap")
    assert outcome == PortalError(
        reason="package_show: the portal did not answer in time (ReadTimeout) (after 4 attempts)",
        status=None, retryable=True)
    assert recorder.calls == 4
    assert client.requests_sent == 4
    assert sleeps.delays == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("max_retries", [0, 1, 5])
async def test_attempts_follow_max_retries(max_retries: int) -> None:
    recorder = answering(httpx.ConnectError("Connection refused"))
    async with portal(recorder, max_retries=max_retries) as client:
        outcome = await client.status_show()
    suffix = f" (after {max_retries + 1} attempts)" if max_retries else ""
    assert outcome == PortalError(
        reason=f"status_show: cannot reach the portal (ConnectError: Connection refused){suffix}",
        status=None, retryable=True)
    assert recorder.calls == max_retries + 1


async def test_backoff_is_exponential_with_jitter() -> None:
    sleeps = Sleeps()
    recorder = answering(httpx.ReadTimeout("timed out"))
    client = portal(recorder, sleep=sleeps, backoff_base=0.5)
    client._random.uniform = lambda low, high: high  # the jitter's upper bound: exact figures
    async with client:
        await client.package_show("tarification-des-soins-ngap")
    assert sleeps.delays == [0.5, 1.0, 2.0]

    sleeps.delays.clear()
    client = portal(answering(httpx.ReadTimeout("timed out")), sleep=sleeps, backoff_base=0.5)
    client._random.uniform = lambda low, high: low
    async with client:
        await client.package_show("tarification-des-soins-ngap")
    assert sleeps.delays == [0.25, 0.5, 1.0]


async def test_a_portal_error_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    recorder = replaying("no-solr/package_search_500")
    with caplog.at_level(logging.WARNING, logger="showcase.portal"):
        async with portal(recorder) as client:
            await client.package_search(q="sante")
    records = [record for record in caplog.records if record.name == "showcase.portal"]
    assert [record.getMessage() for record in records] == [
        "portal error: package_search: Search Connection Error (HTTP 500): Unable to connect to the search server "
        "(after 4 attempts) [rows=20&start=0&q=sante]"]


# -- headers, base URL, settings ---------------------------------------------------------------------------


async def test_authorization_header_is_the_raw_token() -> None:
    recorder = replaying("core/package_show_by_name")
    async with portal(recorder, token=TOKEN, user_agent=default_user_agent("http://testserver.local")) as client:
        await client.package_show("liste-nominative-des-etablissements-hospitaliers-par-categorie")
    headers = recorder.requests[0].headers
    assert headers["authorization"] == TOKEN
    assert headers["user-agent"] == f"Showcase/{version('showcase')} (+http://testserver.local; reuse gallery of data.gov.ma)"
    assert headers["accept"] == "application/json"


async def test_no_token_no_authorization_header() -> None:
    recorder = replaying("core/package_show_by_name")
    async with portal(recorder) as client:
        await client.package_show("liste-nominative-des-etablissements-hospitaliers-par-categorie")
    assert "authorization" not in recorder.requests[0].headers


@pytest.mark.parametrize("base_url", ["https://data.gov.ma/data/api/3/action/", "https://data.gov.ma/data/api/3/action"])
async def test_base_url_with_or_without_trailing_slash(base_url: str) -> None:
    recorder = replaying("core/status_show")
    async with PortalClient(base_url, None, transport=recorder.transport) as client:
        outcome = await client.status_show()
    assert outcome == Found(result_of("core/status_show"))
    assert str(recorder.requests[0].url) == "https://data.gov.ma/data/api/3/action/status_show"


async def test_client_from_settings() -> None:
    recorder = replaying("core/status_show")
    settings = Settings(portal_url="https://data.gov.ma/data/api/3/action/", portal_api_token=TOKEN,
                        base_url="https://showcase.data.gov.ma")
    async with client_from_settings(settings, transport=recorder.transport) as client:
        assert client.base_url == "https://data.gov.ma/data/api/3/action/"
        assert client.max_retries == 3
        await client.status_show()
    headers = recorder.requests[0].headers
    assert headers["authorization"] == TOKEN
    assert headers["user-agent"] == (f"Showcase/{version('showcase')} (+https://showcase.data.gov.ma; "
                                     "reuse gallery of data.gov.ma)")
    assert client._http.is_closed


async def test_aclose_closes_the_connection_pool() -> None:
    client = portal(replaying("core/status_show"))
    assert await client.status_show() == Found(result_of("core/status_show"))
    await client.aclose()
    assert client._http.is_closed


# -- search, ids, organizations, groups ----------------------------------------------------------------------


async def test_package_search_returns_a_search_page() -> None:
    recorder = replaying("core/package_search_all")
    async with portal(recorder) as client:
        outcome = await client.package_search(q="*:*", fq="groups:sante", rows=2, start=1, sort="title_string asc")
    recorded = result_of("core/package_search_all")
    assert outcome == Found(SearchPage(count=6, results=recorded["results"]))
    assert recorder.params() == {"q": "*:*", "fq": "groups:sante", "rows": "2", "start": "1",
                                 "sort": "title_string asc"}


def search_by_ids(pool: dict[str, dict]) -> Recorder:
    """A package_search that honours fq=id:("a" OR "b" ...) over `pool`, as CKAN does (rows caps the page)."""

    def respond(request: httpx.Request, index: int) -> httpx.Response:
        fq = request.url.params["fq"]
        assert fq.startswith('id:("') and fq.endswith('")')
        ids = fq[len('id:("'):-len('")')].split('" OR "')
        hits = [pool[i] for i in ids if i in pool]
        rows = int(request.url.params["rows"])
        return envelope("package_search", {"count": len(hits), "facets": {}, "results": hits[:rows], "sort": "score desc",
                                           "search_facets": {}})

    return Recorder(respond)


async def test_packages_by_ids_batches_of_100() -> None:
    public = {package["id"]: package for package in result_of("core/package_search_all")["results"]}
    private = result_of("core/package_show_private_sysadmin_200")
    deleted = result_of("core/package_show_deleted_sysadmin")
    pool = {**public, private["id"]: private, deleted["id"]: deleted}  # a sysadmin's search could return them
    unknown = [str(uuid.UUID(int=n)) for n in range(1, 243)]
    ids = [*public, private["id"], deleted["id"], *unknown]
    assert len(ids) == 250
    recorder = search_by_ids(pool)
    async with portal(recorder) as client:
        outcome = await client.packages_by_ids([*ids, ids[0], ids[5]])  # duplicates are asked once
    assert outcome == Found(public)
    assert recorder.calls == math.ceil(250 / 100) == 3
    sent = sorted((request.url.params["fq"], request.url.params["rows"], request.url.params["start"])
                  for request in recorder.requests)
    expected = sorted([('id:("' + '" OR "'.join(ids[0:100]) + '")', "100", "0"),
                       ('id:("' + '" OR "'.join(ids[100:200]) + '")', "100", "0"),
                       ('id:("' + '" OR "'.join(ids[200:250]) + '")', "50", "0")])
    assert sent == expected
    assert ids_filter(["a", "b"]) == 'id:("a" OR "b")'


@pytest.mark.parametrize("count", [1, 99, 100, 101, 1000])
async def test_packages_by_ids_makes_ceil_n_over_100_calls(count: int) -> None:
    ids = [str(uuid.UUID(int=n)) for n in range(1, count + 1)]
    pool = {i: {"id": i, "name": f"jeu-{n}", "state": "active", "private": False} for n, i in enumerate(ids)}
    recorder = search_by_ids(pool)
    async with portal(recorder) as client:
        outcome = await client.packages_by_ids(ids)
    assert outcome == Found(pool)
    assert recorder.calls == math.ceil(count / 100)


async def test_packages_by_ids_with_no_ids_makes_no_call() -> None:
    recorder = search_by_ids({})
    async with portal(recorder) as client:
        assert await client.packages_by_ids([]) == Found({})
    assert recorder.calls == 0


async def test_packages_by_ids_pages_on_when_the_portal_caps_rows() -> None:
    ids = [str(uuid.UUID(int=n)) for n in range(1, 51)]
    pool = {i: {"id": i, "name": f"jeu-{n}", "state": "active", "private": False} for n, i in enumerate(ids)}

    def respond(request: httpx.Request, index: int) -> httpx.Response:  # ckan.search.rows_max = 20
        start = int(request.url.params["start"])
        hits = list(pool.values())
        return envelope("package_search", {"count": len(hits), "results": hits[start:start + 20]})

    recorder = Recorder(respond)
    async with portal(recorder) as client:
        assert await client.packages_by_ids(ids) == Found(pool)
    assert [recorder.params(i)["start"] for i in range(recorder.calls)] == ["0", "20", "40"]


async def test_packages_by_ids_fails_when_a_batch_fails() -> None:
    ids = [str(uuid.UUID(int=n)) for n in range(1, 201)]
    solr_down = exchange("no-solr/package_search_500")

    def respond(request: httpx.Request, index: int) -> httpx.Response:
        if ids[150] in request.url.params["fq"]:
            return recorded_response(solr_down)
        return envelope("package_search", {"count": 0, "results": []})

    recorder = Recorder(respond)
    async with portal(recorder) as client:
        outcome = await client.packages_by_ids(ids)
    assert outcome == PortalError(
        reason="package_search: Search Connection Error (HTTP 500): Unable to connect to the search server "
               "(after 4 attempts)", status=500, retryable=True)
    assert recorder.calls == 1 + 4


def paged_list(action: str, items: list[dict]) -> Recorder:
    def respond(request: httpx.Request, index: int) -> httpx.Response:
        assert request.url.path == f"/api/3/action/{action}"
        offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
        return envelope(action, items[offset:offset + limit])

    return Recorder(respond)


async def test_organizations_pages_through_offsets() -> None:
    model = result_of("core/organization_list_all_fields")[0]
    organizations = [dict(model, id=str(uuid.UUID(int=n)), name=f"producteur-{n:02d}") for n in range(60)]
    recorder = paged_list("organization_list", organizations)
    async with portal(recorder) as client:
        outcome = await client.organizations()
    assert outcome == Found(organizations)
    assert [recorder.params(i) for i in range(recorder.calls)] == [
        {"all_fields": "true", "limit": "25", "offset": "0"},
        {"all_fields": "true", "limit": "25", "offset": "25"},
        {"all_fields": "true", "limit": "25", "offset": "50"},
    ]


async def test_organizations_an_exact_multiple_of_25_needs_one_empty_page() -> None:
    model = result_of("core/organization_list_all_fields")[0]
    organizations = [dict(model, id=str(uuid.UUID(int=n)), name=f"producteur-{n:02d}") for n in range(25)]
    recorder = paged_list("organization_list", organizations)
    async with portal(recorder) as client:
        assert await client.organizations() == Found(organizations)
    assert [recorder.params(i)["offset"] for i in range(recorder.calls)] == ["0", "25"]


async def test_organizations_from_the_recording() -> None:
    recorder = replaying("core/organization_list_all_fields")
    async with portal(recorder) as client:
        outcome = await client.organizations()
    assert outcome == Found(result_of("core/organization_list_all_fields"))
    assert [org["name"] for org in outcome.result] == ["anrt", "anam", "ministere-de-l-education-nationale",
                                                       "ministere-de-la-sante"]
    assert recorder.calls == 1


async def test_groups_page_through_offsets() -> None:
    model = result_of("core/group_list_all_fields")[0]
    groups = [dict(model, id=str(uuid.UUID(int=n)), name=f"theme-{n:02d}") for n in range(30)]
    recorder = paged_list("group_list", groups)
    async with portal(recorder) as client:
        outcome = await client.groups()
    assert outcome == Found(groups)
    assert [recorder.params(i) for i in range(recorder.calls)] == [
        {"all_fields": "true", "limit": "25", "offset": "0"},
        {"all_fields": "true", "limit": "25", "offset": "25"},
    ]


async def test_groups_from_the_recording() -> None:
    recorder = replaying("core/group_list_all_fields")
    async with portal(recorder) as client:
        outcome = await client.groups()
    assert outcome == Found(result_of("core/group_list_all_fields"))
    assert [group["name"] for group in outcome.result] == ["sante", "telecommunications", "education"]


async def test_a_portal_that_ignores_offset_does_not_loop_forever() -> None:
    model = result_of("core/group_list_all_fields")[0]
    groups = [dict(model, id=str(uuid.UUID(int=n)), name=f"theme-{n:02d}") for n in range(25)]
    recorder = Recorder(lambda request, index: envelope("group_list", groups))
    async with portal(recorder) as client:
        assert await client.groups() == Found(groups)
    assert recorder.calls == 2


async def test_organizations_when_solr_is_down() -> None:
    recorder = replaying("no-solr/organization_show_500")
    async with portal(recorder, max_retries=1) as client:
        outcome = await client.organizations()
    assert outcome == PortalError(
        reason="organization_list: Search Connection Error (HTTP 500): Unable to connect to the search server "
               "(after 2 attempts)", status=500, retryable=True)


async def test_status_show() -> None:
    recorder = replaying("core/status_show")
    async with portal(recorder) as client:
        outcome = await client.status_show()
    assert outcome == Found(result_of("core/status_show"))
    assert outcome.result["ckan_version"] == "2.12.0"
    assert_same_request(recorder, "core/status_show")
