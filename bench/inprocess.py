"""The API's own cost per request: the ASGI app called in process, one request at a time.

No socket, HTTP parser, server loop or client: what is left over the bare store call is FastAPI (routing,
parameters, serialisation), the middleware and the route's own work (resolving references, turning the
store's views into the API's schemas). Over HTTP one at a time (api_load's `serial`) adds uvicorn, the
loopback and wrk. The app serves the store the bare calls were timed on (`create_app(store=...)`), with
the answer cache as the server had it, and each endpoint's queries are cycled for `duration` seconds, as
wrk cycles them.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import Any
from urllib.parse import unquote, urlsplit

from app.config import Settings
from app.main import create_app
from bench import common
from bench.queries import Query
from graph import GraphStore


def scope_of(url: str) -> dict[str, Any]:
    """The ASGI scope of `GET url` (a path and query string) from a loopback client."""
    parts = urlsplit(url)
    return {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": unquote(parts.path), "raw_path": parts.path.encode(), "query_string": parts.query.encode(),
        "root_path": "", "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }  # fmt: skip


async def call(app: Any, url: str) -> int:
    """Status of `GET url` answered by the ASGI `app` (the body is read and dropped)."""
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope_of(url), receive, send)
    return status[0]


async def _time(app: Any, plans: dict[str, list[Query]], duration: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for endpoint, qs in plans.items():
        if not qs:
            continue
        await call(app, qs[0].url())  # warm-up, as the bare calls
        samples: list[float] = []
        statuses: Counter[str] = Counter()
        deadline = time.monotonic() + duration
        while not samples or time.monotonic() < deadline:  # whole passes, at least one
            for q in qs:
                started = time.perf_counter()
                statuses[str(await call(app, q.url()))] += 1
                samples.append(time.perf_counter() - started)
        latency = common.latency_ms(samples)
        out[endpoint] = {"requests": len(samples), "statuses": dict(statuses), "latency_ms": latency}
    return out


def time_app(
    store: GraphStore, plans: dict[str, list[Query]], duration: float, cache_mb: float | None = None
) -> dict[str, Any]:
    """p50 etc. of each endpoint's queries answered in process by the app over `store` (left open), its
    answer cache of `cache_mb` (None: the default), for at least one pass and about `duration` s each."""
    settings = Settings() if cache_mb is None else Settings(cache_mb=cache_mb)
    app = create_app(settings, store=store)

    async def run() -> dict[str, Any]:
        async with app.router.lifespan_context(app):
            return await _time(app, plans, duration)

    return asyncio.run(run())
