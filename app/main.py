"""The FastAPI application: `create_app()` builds it (`uvicorn --factory app.main:create_app`).

The store is opened once, in the lifespan, and closed at shutdown; the spaCy extractor is loaded on
the first article posted. Nothing is opened at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from app.api.deps import LazyExtractor, StoreHolder
from app.api.routes import ROUTERS
from app.api.routes.system import app_version
from app.api.routing import add_routes
from app.cache import CachedReads
from app.config import Settings, get_settings
from app.errors import BodyLimit, install_error_handlers
from app.security import WriteKeyGuard
from graph import GraphStore

DESCRIPTION = (
    "A knowledge graph of diplomatic relations read from news articles: who met whom, when and where; "
    "visits; cooperation mechanisms and their sessions; anniversaries; officials' titles. Every fact "
    'cites the article and sentence it was read in. Errors answer `{"error": {"code", "message"}}`.'
)

TAGS = [
    {"name": "people", "description": "Officials, their positions, timelines and meetings."},
    {"name": "meetings", "description": "Who met whom, when and where, with sources."},
    {"name": "visits", "description": "Visits to a country, occurred or planned."},
    {"name": "mechanisms", "description": "Cooperation mechanisms and their numbered sessions."},
    {"name": "anniversaries", "description": "Anniversaries being marked."},
    {"name": "countries", "description": "Countries and bilateral dossiers."},
    {"name": "search", "description": "Entity search ignoring case and diacritics."},
    {"name": "graph", "description": "Neighbourhoods and shortest paths."},
    {"name": "articles", "description": "Articles read into the graph; post and delete them."},
    {"name": "system", "description": "Health and counts."},
]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    holder: StoreHolder = app.state.store
    await run_in_threadpool(holder.start)  # a Neo4j handshake must not block the event loop
    try:
        yield
    finally:
        await run_in_threadpool(holder.close)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app for `settings` (default: from the environment), serving the store they name, or
    `store` when given (opened by the caller, who closes it: the in-process benchmark, an embedder)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="diplograph",
        version=app_version(),
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
    )
    holder = StoreHolder(settings, store)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(CachedReads, holder=holder, max_bytes=int(settings.cache_mb * 2**20))
    # Added last, so it runs first: a write without the key is refused before its body is read.
    api_key = settings.api_key.get_secret_value() if settings.api_key else ""
    app.add_middleware(WriteKeyGuard, api_key=api_key)
    app.state.settings = settings
    app.state.store = holder
    app.state.extractor = LazyExtractor(settings.spacy_model)
    install_error_handlers(app)
    add_routes(app, ROUTERS)
    return app
