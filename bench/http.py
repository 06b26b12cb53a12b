"""HTTP benchmark: the real app under uvicorn (one worker) on a throw-away SQLite file with the demo data.

    python bench/http.py                         # 2,000 requests per endpoint at concurrency 32
    python bench/http.py -n 5000 -c 64 --client httpx /livez /

It starts the server on a free loopback port, warms it up, then for each endpoint sends a bounded number
of requests (and stops early at --time-limit seconds) from keep-alive connections, and prints requests/s,
latency percentiles, the server's CPU time per request and its memory (VmRSS from /proc).

The default client is a minimal HTTP/1.1 client on asyncio streams: pure Python, but light enough that
the figures describe the server more than the client (httpx.AsyncClient costs the client several times
more CPU per request; try --client httpx). Client and server share this machine's cores, so compare
endpoints within one run and by server CPU ms per request: absolute req/s moves 20-40 % between runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/http.py`, this file's folder comes first on sys.path, where this very file would
# hide the standard library's `http` package from urllib, asyncio and httpx. Drop that entry first.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import asyncio
import json
import math
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ENDPOINTS = ("/livez", "/healthz", "/")
SECRET_KEY = "bench-only-secret-key-0123456789abcdefgh"  # 40 characters; never used for real data
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(var_dir: Path, port: int, *, debug: bool) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("REDIS_URL", "SMTP_URL", "HOST", "PORT", "TEST_DATABASE_URL"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=f"sqlite:///{var_dir / 'bench.sqlite'}",
        VAR_DIR=str(var_dir),
        MEDIA_ROOT=str(var_dir / "media"),
        SECRET_KEY=SECRET_KEY,
        BASE_URL=f"http://127.0.0.1:{port}",
        DEBUG="true" if debug else "false",
        MAIL_WORKER="false",  # nothing to send; keep its polling out of the figures
        PYTHONUNBUFFERED="1",
    )
    return env


def run_cli(env: dict[str, str], *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "showcase.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"`showcase {' '.join(args)}` failed:\n{done.stdout}\n{done.stderr}")


def wait_until_healthy(url: str, process: subprocess.Popen, log_path: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with code {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"/healthz did not answer 200 within {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of a process, in MB, from /proc/<pid>/status."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024  # kB -> MB
    except OSError:
        pass
    return values


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the whole process (all threads), from /proc/<pid>/stat."""
    raw = Path(f"/proc/{pid}/stat").read_text()
    fields = raw[raw.rindex(")") + 2:].split()  # the command name may contain spaces
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime (fields 14 and 15)


# --- the clients ---------------------------------------------------------------------------


class RawConnection:
    """One keep-alive HTTP/1.1 connection: GET, read the status and the whole body (length or chunked)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, timeout: float) -> tuple[int, int]:
        return await asyncio.wait_for(self._get(path), timeout)

    async def _get(self, path: str) -> tuple[int, int]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nUser-Agent: showcase-bench\r\n"
            "Accept: text/html,application/json;q=0.9,*/*;q=0.8\r\nAccept-Encoding: gzip\r\n"
            "Accept-Language: fr\r\n\r\n".encode()
        )
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip().lower()
        size = 0
        if "content-length" in headers:
            size = int(headers["content-length"])
            await self.reader.readexactly(size)
        elif headers.get("transfer-encoding") == "chunked":
            while True:
                chunk = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if chunk == 0:
                    while await self.reader.readuntil(b"\r\n") != b"\r\n":
                        pass  # trailers
                    break
                size += chunk
                await self.reader.readexactly(chunk + 2)
        else:
            size = len(await self.reader.read())
            await self.close()
            return status, size
        if headers.get("connection") == "close":
            await self.close()
        return status, size

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None


class HttpxConnection:
    def __init__(self, client) -> None:  # noqa: ANN001 - an httpx.AsyncClient shared by the workers
        self.client = client

    async def get(self, path: str, timeout: float) -> tuple[int, int]:
        response = await self.client.get(path, timeout=timeout, headers={"Accept-Language": "fr"})
        return response.status_code, len(response.content)

    async def close(self) -> None:
        return None


@dataclass
class Result:
    endpoint: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float] = field(repr=False, default_factory=list)
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    response_bytes: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    stopped_early: bool = False

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return math.nan
        return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]

    @property
    def server_cpu_ms_per_request(self) -> float:
        return 1000 * self.server_cpu_s / self.requests if self.requests else math.nan

    def summary(self) -> dict:
        data = asdict(self)
        data.pop("latencies_ms")
        data.update(rps=round(self.rps, 1), p50_ms=round(self.percentile(0.50), 2),
                    p90_ms=round(self.percentile(0.90), 2), p99_ms=round(self.percentile(0.99), 2),
                    max_ms=round(max(self.latencies_ms, default=math.nan), 2),
                    server_cpu_ms_per_request=round(self.server_cpu_ms_per_request, 3))
        return data


async def hammer(port: int, url: str, path: str, *, count: int, concurrency: int, time_limit: float,
                 client_kind: str, server_pid: int | None = None, timeout: float = 10.0) -> Result:
    """Send `count` GETs from `concurrency` connections; stop issuing new ones after time_limit seconds."""
    remaining = count
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    size = 0
    stopped_early = False
    httpx_client = None
    if client_kind == "httpx":
        import httpx

        httpx_client = httpx.AsyncClient(base_url=url, limits=httpx.Limits(max_connections=concurrency,
                                                                           max_keepalive_connections=concurrency))
    connections = [HttpxConnection(httpx_client) if httpx_client else RawConnection(port) for _ in range(concurrency)]
    start = time.perf_counter()
    deadline = start + time_limit

    async def worker(connection) -> None:  # noqa: ANN001
        nonlocal remaining, errors, size, stopped_early
        while remaining > 0:
            if time.perf_counter() > deadline:
                stopped_early = True
                return
            remaining -= 1
            began = time.perf_counter()
            try:
                status, body = await connection.get(path, timeout)
            except Exception:  # noqa: BLE001 - refused, reset, timed out or garbled: an error, then a new connection
                errors += 1
                await connection.close()
                continue
            latencies.append((time.perf_counter() - began) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            size = body
            if status >= 400:
                errors += 1

    server_cpu_before = cpu_seconds(server_pid) if server_pid else 0.0
    client_cpu_before = time.process_time()
    try:
        await asyncio.gather(*(worker(connection) for connection in connections))
    finally:
        elapsed = time.perf_counter() - start
        for connection in connections:
            await connection.close()
        if httpx_client is not None:
            await httpx_client.aclose()
    return Result(
        endpoint=path, requests=len(latencies), errors=errors, seconds=elapsed, latencies_ms=latencies,
        server_cpu_s=(cpu_seconds(server_pid) - server_cpu_before) if server_pid else 0.0,
        client_cpu_s=time.process_time() - client_cpu_before, response_bytes=size, statuses=statuses,
        stopped_early=stopped_early,
    )


# --- the report ----------------------------------------------------------------------------


def print_table(results: list[Result], *, concurrency: int, client_kind: str, memory: dict[str, dict[str, float]]) -> None:
    baseline = next((r for r in results if r.endpoint == "/livez" and r.rps), None)
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover - rich is a dependency of the app
        Console = None  # noqa: N806
    headers = ["endpoint", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms",
               "server CPU ms/req", "client CPU", "bytes", "req/s vs /livez"]
    rows = []
    for r in results:
        share = f"{100 * r.rps / baseline.rps:.1f} %" if baseline else "-"
        rows.append([r.endpoint + (" (time limit)" if r.stopped_early else ""), f"{r.requests:,}", str(r.errors),
                     f"{r.rps:,.0f}", f"{r.percentile(0.5):.2f}", f"{r.percentile(0.9):.2f}",
                     f"{r.percentile(0.99):.2f}", f"{max(r.latencies_ms, default=math.nan):.2f}",
                     f"{r.server_cpu_ms_per_request:.3f}", f"{r.client_cpu_s / r.seconds:.0%}" if r.seconds else "-",
                     f"{r.response_bytes:,}", share])
    title = f"uvicorn x1, SQLite, concurrency {concurrency}, client {client_kind}"
    if Console is not None:
        table = Table(title=title)
        for index, name in enumerate(headers):
            table.add_column(name, justify="left" if index == 0 else "right")
        for row in rows:
            table.add_row(*row)
        console = Console()
        if not console.is_terminal:
            console = Console(width=160)  # rich would wrap to 80 columns in a pipe or a log
        console.print(table)
    else:  # pragma: no cover
        print(title)
        print(" | ".join(headers))
        for row in rows:
            print(" | ".join(row))
    for r in results:
        if r.statuses and set(r.statuses) != {200}:
            print(f"  {r.endpoint}: status codes {r.statuses}")
        client_share = r.client_cpu_s / r.seconds if r.seconds else 0
        if client_share > 0.85:
            print(f"  {r.endpoint}: the client used {client_share:.0%} of a core: req/s is client-bound there.")
    for stage, values in memory.items():
        rss = values.get("VmRSS", math.nan)
        peak = values.get("VmHWM", math.nan)
        print(f"server RSS {stage}: {rss:.1f} MB (peak {peak:.1f} MB)")


# --- main ------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("endpoints", nargs="*", default=list(DEFAULT_ENDPOINTS), help="paths to measure")
    parser.add_argument("-n", "--requests", type=int, default=2000, help="requests per endpoint (default 2000)")
    parser.add_argument("-c", "--concurrency", type=int, default=32, help="open connections (default 32)")
    parser.add_argument("-w", "--warmup", type=int, default=300, help="warm-up requests per endpoint (default 300)")
    parser.add_argument("-t", "--time-limit", type=float, default=60.0,
                        help="stop sending to an endpoint after this many seconds (default 60)")
    parser.add_argument("--client", choices=("raw", "httpx"), default="raw", help="HTTP client (default raw)")
    parser.add_argument("--debug", action="store_true", help="run the app with DEBUG=true")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (database, logs)")
    args = parser.parse_args(argv)
    if not 1 <= args.concurrency <= 1024 or not 1 <= args.requests <= 1_000_000 or args.warmup < 0:
        parser.error("use 1 <= concurrency <= 1024, 1 <= requests <= 1,000,000 and warmup >= 0")
    for path in args.endpoints:
        if not path.startswith("/"):
            parser.error(f"endpoints are paths on the local server, like /livez: {path!r}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    var_dir = Path(tempfile.mkdtemp(prefix="showcase-bench-"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = server_env(var_dir, port, debug=args.debug)
    log_path = var_dir / "server.log"
    process = None
    try:
        print(f"Preparing {var_dir / 'bench.sqlite'}: migrate, demo data ...", flush=True)
        run_cli(env, "migrate")
        run_cli(env, "demo")
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "showcase.app:create_app", "--factory", "--host", "127.0.0.1",
                 "--port", str(port), "--workers", "1", "--log-level", "warning", "--no-access-log"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        wait_until_healthy(url, process, log_path)
        memory = {"after start": memory_mb(process.pid)}
        print(f"Server pid {process.pid} on {url}; warming up ({args.warmup} requests per endpoint) ...", flush=True)

        async def run_all() -> list[Result]:
            for path in args.endpoints:
                if args.warmup:
                    warm = await hammer(port, url, path, count=args.warmup, concurrency=min(args.concurrency, 8),
                                        time_limit=args.time_limit, client_kind=args.client)
                    if warm.errors:
                        print(f"  warm-up {path}: {warm.errors} error(s), statuses {warm.statuses}", flush=True)
            results = []
            for path in args.endpoints:
                print(f"Measuring {path}: {args.requests} requests at concurrency {args.concurrency} ...", flush=True)
                results.append(await hammer(port, url, path, count=args.requests, concurrency=args.concurrency,
                                            time_limit=args.time_limit, client_kind=args.client,
                                            server_pid=process.pid))
            return results

        results = asyncio.run(run_all())
        memory["after the run"] = memory_mb(process.pid)
        print_table(results, concurrency=args.concurrency, client_kind=args.client, memory=memory)
        if args.json:
            print(json.dumps({"results": [r.summary() for r in results], "memory_mb": memory,
                              "concurrency": args.concurrency, "client": args.client}, indent=2))
        return 1 if any(r.errors for r in results) else 0
    finally:
        if process is not None:
            stop(process)
        if args.keep:
            print(f"Kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
