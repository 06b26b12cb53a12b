"""A real HTTP server on 127.0.0.1 (stdlib, in a thread) with the routes the link checker meets in the wild."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

SLOW_SECONDS = 3.0  # /slow answers after this, or as soon as the test ends


@dataclass
class Seen:
    method: str
    path: str
    host: str
    user_agent: str


@dataclass
class LoopbackServer:
    port: int
    requests: list[Seen] = field(default_factory=list)
    sni: list[str | None] = field(default_factory=list)

    def url(self, path: str, host: str = "127.0.0.1", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"


class Handler(BaseHTTPRequestHandler):
    server_version = "LinkcheckLoopback/1"

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def do_HEAD(self) -> None:
        self._route(head=True)

    def do_GET(self) -> None:
        self._route(head=False)

    def _send(self, status: int, body: bytes = b"", head: bool = False, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _route(self, *, head: bool) -> None:
        state: LoopbackServer = self.server.state  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        state.requests.append(Seen(self.command, parts.path, self.headers.get("Host", ""),
                                   self.headers.get("User-Agent", "")))
        path = parts.path
        if path == "/ok":
            self._send(200, b"hello", head)
        elif path == "/missing":
            self._send(404, b"not here", head)
        elif path == "/no-head":
            self._send(405, head=True) if head else self._send(200, b"only GET")
        elif path == "/head-hangs-up":
            if head:
                self.close_connection = True  # no response at all
            else:
                self._send(200, b"fine for GET")
        elif path == "/forbidden":
            self._send(403, b"no bots", head)
        elif path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            self._send(302, head=head, Location="/ok" if n >= 3 else f"/hop/{n + 1}")
        elif path == "/loop/a":
            self._send(302, head=head, Location="/loop/b")
        elif path == "/loop/b":
            self._send(301, head=head, Location=self.server_url("/loop/a"))
        elif path == "/redirect":
            self._send(302, head=head, Location=parse_qs(parts.query)["to"][0])
        elif path == "/slow":
            self.server.release.wait(SLOW_SECONDS)  # type: ignore[attr-defined]
            self._send(200, b"late", head)
        elif path == "/big":
            self._send_big(head)
        else:
            self._send(404, head=head)

    def server_url(self, path: str) -> str:
        return f"http://{self.headers.get('Host')}{path}"

    def _send_big(self, head: bool) -> None:
        size = 50 * 1024 * 1024
        self.send_response(200)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        if head:
            return
        try:
            for _ in range(size // 65536):
                self.wfile.write(b"x" * 65536)
        except OSError:  # the checker hung up after its 64 KB
            self.close_connection = True


def _serve(tls: ssl.SSLContext | None) -> Iterator[LoopbackServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state = LoopbackServer(port=server.server_address[1])
    server.state = state  # type: ignore[attr-defined]
    server.release = threading.Event()  # type: ignore[attr-defined]
    if tls is not None:
        tls.sni_callback = lambda sock, name, ctx: state.sni.append(name)
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.release.set()  # type: ignore[attr-defined]
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    """Plain HTTP on 127.0.0.1, an ephemeral port; nothing else is listened on or reached."""
    yield from _serve(None)


@pytest.fixture
def tls_material(tmp_path_factory: pytest.TempPathFactory) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A throwaway CA and a certificate for public.example: (server context, client context trusting the CA)."""
    from tests.integration.linkcheck.certs import make_tls_contexts

    return make_tls_contexts(tmp_path_factory.mktemp("tls"), "public.example")


@pytest.fixture
def tls_loopback(tls_material: tuple[ssl.SSLContext, ssl.SSLContext]) -> Iterator[LoopbackServer]:
    """HTTPS on 127.0.0.1 with a certificate for public.example only."""
    yield from _serve(tls_material[0])
