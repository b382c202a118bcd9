"""Where a read runs: on the event loop when the store is in memory, in the thread pool otherwise.

FastAPI runs every plain `def` endpoint in a worker thread. For the embedded store a read is pure
Python on data in memory (well under a millisecond for the analyst queries), so the hop to a thread
costs more than the query, and under load the threads only fight for the GIL: each time the event
loop needs it back to parse or send, it waits up to the interpreter's switch interval (5 ms), which
is what made the 99th percentile explode at 16 concurrent requests. Neo4j reads wait on a socket, so
they keep their thread: many can wait at once.

`StoreRoute` wraps each synchronous GET endpoint of a router in a coroutine that makes that choice per
request, from the store (or store holder) the endpoint receives. Writes, and routers of heavy reads
(exports, analytics), keep FastAPI's default: they must never hold the event loop.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from app.api.deps import StoreHolder
from graph.embedded import EmbeddedStore

READ_METHODS = frozenset({"GET", "HEAD"})
T = TypeVar("T")


def runs_in_memory(value: object) -> bool:
    """True for the embedded store, or a holder whose store is the embedded one and is open."""
    if isinstance(value, EmbeddedStore):
        return True
    return isinstance(value, StoreHolder) and isinstance(value.opened(), EmbeddedStore)


async def call_near(in_memory: bool, call: Callable[..., T], **kwargs: Any) -> T:
    """`call(**kwargs)` inline when the store it reads is in memory, else in the thread pool."""
    if in_memory:
        return call(**kwargs)
    return await run_in_threadpool(call, **kwargs)


def dispatching(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """`endpoint` as a coroutine: called inline on in-memory data, else in the thread pool."""

    @functools.wraps(endpoint)  # FastAPI reads the signature of the wrapped function
    async def run(**kwargs: Any) -> Any:
        return await call_near(any(runs_in_memory(v) for v in kwargs.values()), endpoint, **kwargs)

    return run


class StoreRoute(APIRoute):
    """An APIRoute whose synchronous read endpoints run where `dispatching` says."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        methods = set(kwargs.get("methods") or ())
        if (
            methods
            and methods <= READ_METHODS
            and not inspect.iscoroutinefunction(endpoint)
        ):
            endpoint = dispatching(endpoint)
        super().__init__(path, endpoint, **kwargs)


def add_routes(app: FastAPI, routers: Iterable[APIRouter]) -> None:
    """Every route of `routers` on the app's own router, in order, as if each were declared on the app.

    `include_router` (FastAPI 0.16x) keeps each router as a branch that is matched again on every
    request: scope bookkeeping for every route of every router passed over, then the chosen branch
    matched a second time. In process, each router passed over cost ~6.5 us and the chosen branch ~25
    us more; GET /health, in the tenth router, took 188 us against 138 us flat, /graph/path 249 against
    205 us. An APIRouter's routes already carry its prefix, tags, responses, dependencies and route
    class (`add_api_route` applies them), so they are complete as they are. What only an include would
    add, a router's event handlers or lifespan, is not carried: the routers here have none (event
    handlers are refused). The routes are shared by every app built, and `app.dependency_overrides`
    does not reach them: give the app its store with `create_app(store=...)`.
    """
    for router in routers:
        if router.on_startup or router.on_shutdown:
            raise ValueError(f"router {router.prefix or '/'} has event handlers; include it instead")
        app.router.routes.extend(router.routes)
