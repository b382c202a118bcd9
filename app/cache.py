"""Answers to repeated reads, kept for as long as the graph they were read from.

Analyst tools ask the same questions again and again (a minister's timeline, a dossier, the path
between two officials). The answer to a GET of the data routes depends only on its URL and on the
graph, so the bytes of each 200 are kept under (path, query string) and served again while the
store's `generation()` stays the same. Any write, by this process or another (the embedded store
follows its files; Neo4j's generation is probed, see GraphStore.generation), changes the generation
and empties the cache. A hit skips routing, parameter validation, the store and serialisation.

Left out: every method but GET; paths outside `CACHED_PREFIXES` (/health must see the store as it is
now; /export streams); answers other than 200; streamed answers; answers over a sixteenth of the
budget. Each answer says which it was in `X-Cache: hit | miss` (absent: not cacheable). The budget is
per process (`DIPLOGRAPH_CACHE_MB`, 0 turns the cache off); the least recently used answers go first.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.deps import StoreHolder
from app.api.routing import call_near, runs_in_memory
from graph.errors import GraphError

log = logging.getLogger("diplograph.api")

CACHED_PREFIXES = (
    "/people",
    "/meetings",
    "/visits",
    "/mechanisms",
    "/anniversaries",
    "/countries",
    "/search",
    "/graph",
    "/articles",
    "/stats",
    "/analytics",
)
Key = tuple[str, bytes]


@dataclass(frozen=True)
class Answer:
    headers: list[tuple[bytes, bytes]]
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200  # + the objects


class AnswerCache:
    """Answers of one store generation, least recently used first, within `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_answer = max_bytes // 16
        self.generation: str | None = None
        self.size = 0
        self.hits = self.misses = 0
        self._answers: OrderedDict[Key, Answer] = OrderedDict()

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, generation: str, key: Key) -> Answer | None:
        if generation != self.generation:  # the graph changed: nothing kept can be served again
            self._answers.clear()
            self.size, self.generation = 0, generation
        answer = self._answers.get(key)
        if answer is None:
            self.misses += 1
            return None
        self.hits += 1
        self._answers.move_to_end(key)
        return answer

    def put(self, generation: str, key: Key, answer: Answer) -> None:
        """Keep `answer`, read at `generation`, unless the graph has changed since or it is too large."""
        if generation != self.generation or answer.size > self.max_answer:
            return
        old = self._answers.pop(key, None)
        if old is not None:
            self.size -= old.size
        self._answers[key] = answer
        self.size += answer.size
        while self.size > self.max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self.size -= dropped.size


def cacheable(scope: Scope) -> bool:
    path: str = scope["path"]
    return scope["method"] == "GET" and any(
        path == p or path.startswith(p + "/") for p in CACHED_PREFIXES
    )


class CachedReads:
    """ASGI middleware serving repeated GETs from an AnswerCache (see the module docstring)."""

    def __init__(self, app: ASGIApp, holder: StoreHolder, max_bytes: int) -> None:
        self.app = app
        self.holder = holder
        self.cache = AnswerCache(max_bytes)

    async def _generation(self) -> str | None:
        """The store's generation; None (do not cache) when it is not open or does not answer: the
        route then reports the problem as it does without a cache."""
        store = self.holder.opened()
        if store is None:
            return None
        try:
            return await call_near(runs_in_memory(store), store.generation)
        except GraphError as exc:
            log.debug("answer cache bypassed: %s", exc)
            return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.cache.max_bytes <= 0 or not cacheable(scope):
            await self.app(scope, receive, send)
            return
        generation = await self._generation()
        if generation is None:
            await self.app(scope, receive, send)
            return
        key: Key = (scope["path"], scope["query_string"])
        answer = self.cache.get(generation, key)
        if answer is not None:
            await send({"type": "http.response.start", "status": 200, "headers": answer.headers})
            await send({"type": "http.response.body", "body": answer.body})
            return
        await self.app(scope, receive, self._recording(send, generation, key))

    def _recording(self, send: Send, generation: str, key: Key) -> Send:
        """`send`, marking the answer a miss and keeping a copy of it if it can be served again."""
        headers: list[tuple[bytes, bytes]] | None = None
        chunks: list[bytes] = []

        async def record(message: Message) -> None:
            nonlocal headers
            if message["type"] == "http.response.start":
                if message["status"] == 200:
                    headers = [*message.get("headers", ()), (b"x-cache", b"miss")]
                    message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and headers is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    headers = None  # streamed: not kept
                else:
                    hit_headers = [(k, b"hit" if k == b"x-cache" else v) for k, v in headers]
                    self.cache.put(generation, key, Answer(hit_headers, b"".join(chunks)))
            await send(message)

        return record
