"""Replay recorded CKAN exchanges (tests/fixtures/ckan/) through httpx.MockTransport, and count the calls."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ckan"
PEER_API = "http://127.0.0.1:5000/api/3/action/"  # where the exchanges were recorded


def exchange(name: str) -> dict:
    """One recorded exchange: "core/package_show_by_name" -> the parsed JSON file."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def recorded_response(record: dict) -> httpx.Response:
    """The status, content type and body exactly as recorded (the body re-serialised as CKAN sends it)."""
    body = json.dumps(record["body"], ensure_ascii=False).encode("utf-8")
    return httpx.Response(record["status"], headers={"content-type": record["content_type"]}, content=body)


class Recorder:
    """A MockTransport handler that keeps every request and answers from `respond(request, index)`."""

    def __init__(self, respond: Callable[[httpx.Request, int], httpx.Response]) -> None:
        self.respond = respond
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.respond(request, len(self.requests) - 1)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    @property
    def calls(self) -> int:
        return len(self.requests)

    def params(self, index: int = 0) -> dict[str, str]:
        return dict(self.requests[index].url.params)


def replaying(*names: str) -> Recorder:
    """Answer the n-th request with the n-th recording (the last one repeats)."""
    records = [exchange(name) for name in names]
    return Recorder(lambda request, index: recorded_response(records[min(index, len(records) - 1)]))


def answering(*responses: httpx.Response | Exception) -> Recorder:
    """Answer the n-th request with the n-th response, or raise it when it is an exception (the last repeats)."""

    def respond(request: httpx.Request, index: int) -> httpx.Response:
        answer = responses[min(index, len(responses) - 1)]
        if isinstance(answer, Exception):
            raise answer
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)  # a fresh copy

    return Recorder(respond)
