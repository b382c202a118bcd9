"""Typed dependencies of the routes: settings, the store, the extractor, paging, the API key, and
turning a user's reference (an id or any spelling of a name) into one node id."""

from __future__ import annotations

import logging
import threading
import time
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Literal, Self, TypeVar

import pycountry
from fastapi import Depends, Header, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from app.api.params import QueryModel
from app.config import Settings, open_configured_store
from app.errors import InvalidParameter, NotFound, Unauthorized
from app.schemas import as_public
from app.security import MISSING_KEY, key_matches
from graph import GraphStore, Label, Node, StoreUnavailable, fold
from graph.embedded import EmbeddedStore
from graph.errors import GraphError
from graph.factory import is_neo4j

if TYPE_CHECKING:
    from ingest.extract import Extractor

log = logging.getLogger("diplograph.api")

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000  # beyond this a page is refused (422), not sent to the store
ENTITY_LABELS = frozenset({"Person", "Organization", "Country", "Place", "Mechanism", "Topic"})
RETRY_AFTER = 2.0  # seconds between attempts to open a store that did not answer


class StoreHolder:
    """The app's one store, opened in the lifespan; reopened on demand when it was down at start. Or a
    store opened by the caller (`store`), served as it is and left open at shutdown."""

    def __init__(self, settings: Settings, store: GraphStore | None = None) -> None:
        self.settings = settings
        neo4j = is_neo4j(settings.store) if store is None else not isinstance(store, EmbeddedStore)
        self.backend: Literal["embedded", "neo4j"] = "neo4j" if neo4j else "embedded"
        self._store: GraphStore | None = store
        self._owned = store is None
        self._lock = threading.Lock()
        self._failed_at = 0.0
        self._error = ""

    def get(self) -> GraphStore:
        with self._lock:
            if self._store is not None:
                return self._store
            if time.monotonic() - self._failed_at < RETRY_AFTER:
                raise StoreUnavailable(self._error)
            try:
                self._store = self._open()
            except GraphError as exc:
                self._failed_at, self._error = time.monotonic(), str(exc) or type(exc).__name__
                raise
            return self._store

    def opened(self) -> GraphStore | None:
        """The store if it is open (no lock: reading one attribute is atomic), else None."""
        return self._store

    def _open(self) -> GraphStore:
        return open_configured_store(self.settings)

    def start(self) -> None:
        """Open at start-up; a store that is down only makes requests answer 503 until it is up. The
        embedded store's search index is built here, not by the first search request."""
        try:
            store = self.get()
        except GraphError as exc:
            log.warning("graph store %s not available at start-up: %s", self.backend, exc)
            return
        if isinstance(store, EmbeddedStore):
            store.warm()

    def close(self) -> None:
        with self._lock:
            if self._store is not None and self._owned:
                self._store.close()
                self._store = None


class LazyExtractor:
    """The spaCy-backed extractor, loaded on the first article posted and kept for the app's life."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._extractor: Extractor | None = None
        self._lock = threading.Lock()

    def get(self) -> Extractor:
        with self._lock:
            if self._extractor is None:
                from ingest.extract import Extractor

                self._extractor = Extractor(model=self.model)
            return self._extractor


# The dependencies below are `async def` on purpose: FastAPI runs a plain `def` dependency in the
# thread pool, a hop that cost more than the whole query on the embedded store. They do not block:
# only opening a store that was down at start-up waits, and that goes to the thread pool.


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store_holder(request: Request) -> StoreHolder:
    holder: StoreHolder = request.app.state.store
    return holder


async def get_store(request: Request) -> GraphStore:
    holder: StoreHolder = request.app.state.store
    store = holder.opened()
    return store if store is not None else await run_in_threadpool(holder.get)


def get_extractor(request: Request) -> Extractor:
    """Called inside the POST route (not as a dependency) so that spaCy loads in its worker thread."""
    lazy: LazyExtractor = request.app.state.extractor
    return lazy.get()


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreHolderDep = Annotated[StoreHolder, Depends(get_store_holder)]
StoreDep = Annotated[GraphStore, Depends(get_store)]


async def require_api_key(
    settings: SettingsDep,
    x_api_key: Annotated[
        str | None, Header(description="Required for writes when the server sets a key.")
    ] = None,
) -> None:
    expected = settings.api_key.get_secret_value() if settings.api_key else ""
    if not key_matches(x_api_key, expected):
        raise Unauthorized(MISSING_KEY)


class Paging(QueryModel):
    """`limit` and `offset` of a list; the query models of lists add their filters to these."""

    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"Items to skip, 0 to {MAX_OFFSET}.")


def _squash(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


@lru_cache(maxsize=4096)
def _iso_code(name: str, fuzzy: bool) -> str | None:
    """ISO 3166 alpha-2 code of a country name ("Viet Nam", "Russian Federation"); fuzzy matching
    (for stored names such as "Russia") counts only when it finds a single country."""
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        pass
    if not fuzzy:
        return None
    try:
        found = pycountry.countries.search_fuzzy(name)
    except LookupError:
        return None
    return str(found[0].alpha_2) if len(found) == 1 else None


def _same_country(node: Node, want: str, code: str | None) -> bool:
    spellings = [node.name, *node.aliases]
    if want in {_squash(x) for x in spellings}:
        return True
    return code is not None and any(_iso_code(x, fuzzy=True) == code for x in spellings)


def _countries_by_spelling(store: GraphStore, value: str) -> list[str]:
    """Countries named by `value` once spaces and punctuation are ignored ("Viet Nam" = "Vietnam"),
    or with the same ISO code ("Russian Federation" = "Russia"); there are few, so all are read."""
    want, code, found, offset = _squash(value), _iso_code(value, fuzzy=False), [], 0
    while True:
        page = store.list_nodes("Country", limit=MAX_LIMIT, offset=offset)
        found += [n.id for n in page.items if _same_country(n, want, code)]
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return found


def _prefer_entities(store: GraphStore, ids: list[str]) -> list[str]:
    """Among several candidates of any label, the named things (a surname also ends meeting names)."""
    entities = [i for i in ids if (node := store.get_node(i)) is not None and node.label in ENTITY_LABELS]
    return entities if len(entities) == 1 else ids


def resolve_id(store: GraphStore, value: str, label: Label | None, what: str) -> str:
    """The one node id a reference names, or 404 (nothing) / 422 (several candidates)."""
    ids = store.resolve(value, label)
    if not ids and label == "Country":
        ids = _countries_by_spelling(store, value)
    if len(ids) > 1 and label is None:
        ids = _prefer_entities(store, ids)
    if not ids:
        raise NotFound(f"No {what} matches {value!r}.")
    if len(ids) > 1:
        shown = ", ".join(ids[:10])
        raise InvalidParameter(f"{value!r} names several {what}s ({shown}); use an id.")
    return ids[0]


ISO_PREFIX = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DATE_FROM = "Earliest date, inclusive: YYYY, YYYY-MM or YYYY-MM-DD."
DATE_TO = "Latest date, inclusive: YYYY, YYYY-MM or YYYY-MM-DD."
STATUS = "`occurred`, or `planned` (announced, scheduled, wished for)."
Status = Literal["occurred", "planned"]
# Route parameters of exports and analytics; the Dated query model has the same as fields.
DateFrom = Annotated[str | None, Query(pattern=ISO_PREFIX, description=DATE_FROM)]
DateTo = Annotated[str | None, Query(pattern=ISO_PREFIX, description=DATE_TO)]


class Dated(Paging):
    """A page of events between two dates, occurred or planned; a reversed range is refused on reading."""

    date_from: str | None = Field(None, pattern=ISO_PREFIX, description=DATE_FROM)
    date_to: str | None = Field(None, pattern=ISO_PREFIX, description=DATE_TO)
    status: Status | None = Field(None, description=STATUS)

    @classmethod
    def read(cls, request: Request) -> Self:
        query = super().read(request)
        check_date_range(query.date_from, query.date_to)
        return query


def check_date_range(date_from: str | None, date_to: str | None) -> None:
    if date_from and date_to and date_from[: len(date_to)] > date_to:
        raise InvalidParameter(f"date_from {date_from} is after date_to {date_to}.")


M = TypeVar("M", bound=BaseModel)


def one_or_404(cls: type[M], view: BaseModel | None, what: str, ident: str) -> M:
    """A store's single view as the API schema `cls`, or a 404 naming the id that matched nothing."""
    if view is None:
        raise NotFound(f"No {what} has id {ident!r}.")
    return as_public(cls, view)
