"""The five analyst queries of the load tests: their parameters, REST URLs and bare GraphStore calls.

A plan is drawn deterministically from a graphgen Universe, so the API run and the in-process store
run ask exactly the same questions.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from bench import common
from bench.extraction_builder import country_id
from bench.graphgen import Universe
from graph.model import fold
from graph.store import GraphStore
from graph.views import MeetingFilter

# The first four have latency targets; search is reported only.
ENDPOINTS = ("meetings_by_person", "timeline", "path", "relations", "search")
TARGETED = ENDPOINTS[:4]


@dataclass(frozen=True)
class Query:
    endpoint: str
    args: tuple[str, ...]

    def url(self) -> str:
        a = self.args
        if self.endpoint == "meetings_by_person":
            return "/meetings?" + urlencode({"person": a[0]})
        if self.endpoint == "timeline":
            return f"/people/{quote(a[0], safe='')}/timeline"
        if self.endpoint == "path":
            return "/graph/path?" + urlencode({"from": a[0], "to": a[1]})
        if self.endpoint == "relations":
            return f"/countries/{quote(a[0], safe='')}/relations/{quote(a[1], safe='')}"
        if self.endpoint == "search":
            return "/search?" + urlencode({"q": a[0]})
        return "/health"


def plan(universe: Universe, endpoint: str, n: int, seed: int = 0) -> list[Query]:
    """`n` queries of one endpoint, the same for every backend and size of the same seed."""
    rng = random.Random(f"plan:{endpoint}:{seed}")
    people, out = universe.people, []
    for _ in range(n):
        if endpoint in ("meetings_by_person", "timeline"):
            args: tuple[str, ...] = (rng.choice(people).id,)
        elif endpoint == "path":
            a, b = rng.sample(people, 2)
            args = (a.id, b.id)
        elif endpoint == "relations":
            if universe.mechanisms and rng.random() < 0.5:
                m = rng.choice(universe.mechanisms)
                pair = (m.a, m.b)
            else:
                pair = tuple(rng.sample(universe.countries, 2))  # type: ignore[assignment]
            args = (country_id(pair[0]), country_id(pair[1]))
        else:
            words = fold(rng.choice(people).name).split()
            args = (words[-1][: rng.randint(4, 8)],)
        out.append(Query(endpoint, args))
    return out


def bare_call(store: GraphStore, universe: Universe) -> dict[str, Callable[[Query], Any]]:
    """The GraphStore work behind each endpoint (what the route does after parsing its parameters)."""
    from graph.dossier import bilateral_dossier

    def relations(q: Query) -> Any:
        return bilateral_dossier(store, q.args[0], q.args[1])

    return {
        "meetings_by_person": lambda q: store.list_meetings(MeetingFilter(person=q.args[0]), limit=50),
        "timeline": lambda q: store.timeline(q.args[0], limit=50),  # the API's default page
        "path": lambda q: store.shortest_path(q.args[0], q.args[1], max_hops=6),
        "relations": relations,
        "search": lambda q: store.search(q.args[0], None, limit=20),
    }


def time_bare(store: GraphStore, universe: Universe, queries: dict[str, list[Query]], per_endpoint: int,
              budget_s: float = 60.0) -> dict[str, dict[str, float]]:  # fmt: skip
    """Latency of the bare store calls, in process, one at a time (after one warm-up call each)."""
    calls = bare_call(store, universe)
    out = {}
    for endpoint, qs in queries.items():
        call, samples = calls[endpoint], []
        call(qs[0])
        deadline = time.monotonic() + budget_s
        for q in qs[:per_endpoint]:
            started = time.perf_counter()
            call(q)
            samples.append(time.perf_counter() - started)
            if time.monotonic() > deadline:
                break
        out[endpoint] = common.latency_ms(samples)
    return out
