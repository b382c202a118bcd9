"""Synthetic graphs for API load: meetings, people, countries and mechanism sessions as Extractions.

Meetings are grouped into synthetic articles (20 per article by default); each article also reports
one numbered session of a mechanism and one visit. Participants are drawn with a Zipf-like skew (a few
officials meet a lot), so timelines range from a handful of entries to about a thousand.

    python -m bench.graphgen --store /tmp/g5 --meetings 100000            # embedded
    python -m bench.graphgen --store "$DIPLOGRAPH_STORE" --meetings 10000   # Neo4j (NEO4J_* env)
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

from bench import common
from bench import lexicon as lx
from bench.extraction_builder import ArticleBuilder
from graph.model import Extraction
from graph.store import GraphStore

ZIPF_S = 0.5


@dataclass(frozen=True)
class Sizes:
    meetings: int = 100_000
    people: int = 10_000
    countries: int = 200
    mechanisms: int = 500
    per_article: int = 20

    @classmethod
    def for_meetings(cls, meetings: int, per_article: int = 20) -> Sizes:
        """The brief's proportions: 1e5 meetings, 1e4 people, 200 countries, 500 mechanisms."""
        return cls(meetings, max(20, meetings // 10), 200, max(5, meetings // 200), per_article)

    @property
    def articles(self) -> int:
        return -(-self.meetings // self.per_article)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    country: lx.Country
    title: str


@dataclass(frozen=True)
class Mechanism:
    id: str
    name: str
    a: lx.Country
    b: lx.Country


class Universe:
    """The people, countries and mechanisms of one graph, fixed by (sizes, seed)."""

    def __init__(self, sizes: Sizes, seed: int = 0) -> None:
        self.sizes, self.seed = sizes, seed
        rng = random.Random(f"universe:{seed}")
        self.countries = lx.countries()[: sizes.countries]
        self.people = self._people(rng)
        self.by_country: dict[str, list[Person]] = {c.code: [] for c in self.countries}
        for p in self.people:
            self.by_country[p.country.code].append(p)
        weights = [1 / (rank + 1) ** ZIPF_S for rank in range(len(self.people))]
        self.cum_weights = list(itertools.accumulate(weights))
        self.mechanisms = [self._mechanism(rng, i) for i in range(sizes.mechanisms)]

    def _people(self, rng: random.Random) -> list[Person]:
        seen: set[str] = set()
        people = []
        for i in range(self.sizes.people):
            country = self.countries[i % len(self.countries)]
            name = lx.person_name(rng, country.culture)
            while name in seen:
                first, rest = name.split(" ", 1)
                name = f"{first} {chr(65 + rng.randrange(26))}. {rest}"
            seen.add(name)
            title = rng.choice(lx.OFFICES)[0].format(parliament=country.parliament, place=country.places[0])
            people.append(Person(f"person:{common.slug(name)}", name, country, title))
        return people

    def _mechanism(self, rng: random.Random, i: int) -> Mechanism:
        a, b = rng.sample(self.countries, 2)
        name = f"{a.name}-{b.name} {rng.choice(lx.MECHANISM_KINDS)}"
        return Mechanism(f"mechanism:{common.slug(name)}-{i}", name, a, b)

    def participants(self, rng: random.Random, n: int) -> list[Person]:
        chosen: dict[str, Person] = {}
        while len(chosen) < n:
            p = rng.choices(self.people, cum_weights=self.cum_weights)[0]
            chosen.setdefault(p.id, p)
        return list(chosen.values())

    def extraction(self, k: int) -> Extraction:
        """Article k: its meetings, one session and one visit."""
        rng = random.Random(f"graph:{self.seed}:{k}")
        published = dt.date(2015, 1, 1) + dt.timedelta(days=(k * 7919) % 4000)
        b = ArticleBuilder(self.article_id(k), published.isoformat(), k)
        first = k * self.sizes.per_article
        for j in range(first, min(first + self.sizes.per_article, self.sizes.meetings)):
            people = self.participants(rng, 3 if rng.random() < 0.2 else 2)
            b.meeting(j, people, published - dt.timedelta(days=rng.randrange(400)), rng)
        if self.mechanisms:
            mech = self.mechanisms[k % len(self.mechanisms)]
            chairs = [rng.choice(self.by_country[c.code] or self.people) for c in (mech.a, mech.b)]
            b.session(mech, k // len(self.mechanisms) + 1, chairs, published, rng)
        visitor = self.participants(rng, 1)[0]
        host = rng.choice([c for c in self.countries if c != visitor.country])
        b.visit(k, visitor, host, published, rng)
        return b.build()

    def extractions(self, start: int = 0) -> Iterator[Extraction]:
        for k in range(start, self.sizes.articles):
            yield self.extraction(k)

    def article_id(self, k: int) -> str:
        return f"article:synthetic-{self.seed}-{k:06d}"

    def last_article_id(self) -> str:
        return self.article_id(self.sizes.articles - 1)


SAMPLED = 16  # articles whose content is compared to decide that a store holds a universe


def holds(store: GraphStore, universe: Universe, k: int) -> bool:
    """True when the store's article k states what the universe's article k states."""
    article = store.get_article(universe.article_id(k))
    expected = universe.extraction(k).article.props["content_hash"]
    return article is not None and article.content_hash == expected


def loaded(store: GraphStore, universe: Universe) -> bool:
    """True when `store` already holds exactly this universe's graph: as many meetings and articles,
    and the first, the last and SAMPLED articles in between state what the universe's do (a graph of
    an older generator or another seed, or articles written over it, fail)."""
    counts = store.stats().nodes
    last = universe.sizes.articles - 1
    sample = sorted({0, last, *range(0, last, max(1, last // SAMPLED))})
    return (
        counts.get("Meeting") == universe.sizes.meetings
        and counts.get("Article") == universe.sizes.articles
        and all(holds(store, universe, k) for k in sample)
    )


def load(store: GraphStore, universe: Universe, batch: int = 50, start: int = 0) -> dict[str, float]:
    """Write the universe through `upsert_many` in batches; the store should be empty. The write time
    per article in the first and the last tenth of the batches shows whether writes slow down as the
    graph grows (hub nodes' lists rewritten on every write would show as a rising cost)."""
    started, per_batch, n, upsert_s = time.perf_counter(), [], 0, 0.0
    source = universe.extractions(start)
    while chunk := list(itertools.islice(source, batch)):
        t = time.perf_counter()
        store.upsert_many(chunk)
        spent = time.perf_counter() - t
        upsert_s += spent
        per_batch.append(spent / len(chunk))
        n += len(chunk)
    total = time.perf_counter() - started
    tenth = max(1, len(per_batch) // 10)
    first, last = sum(per_batch[:tenth]) / tenth, sum(per_batch[-tenth:]) / tenth
    return {"articles": n, "seconds": round(total, 2), "upsert_seconds": round(upsert_s, 2),
            "meetings_per_s": round(min(universe.sizes.meetings, n * universe.sizes.per_article) / total, 1),
            "write_ms_per_article_first_tenth": round(first * 1000, 1),
            "write_ms_per_article_last_tenth": round(last * 1000, 1)}


def resume_point(store: GraphStore, universe: Universe) -> int:
    """How many of the universe's articles an interrupted load already wrote (articles are written
    in order, each batch in one transaction), or 0 when the store holds something else."""
    n = store.stats().nodes.get("Article", 0)
    if 0 < n < universe.sizes.articles and holds(store, universe, 0) and holds(store, universe, n - 1):
        return n if store.get_node(universe.article_id(n)) is None else 0
    return 0


def ensure_loaded(store: GraphStore, universe: Universe, location: str = "") -> dict[str, object]:
    """Load the universe unless the store already holds it: an interrupted load of the same universe
    goes on where it stopped; a store holding something else is cleared first."""
    if loaded(store, universe):
        return {"reused": True}
    start = resume_point(store, universe)
    if start == 0:
        common.clear_store(store, location)
    return {"reused": False, "resumed_at": start, **load(store, universe, start=start)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", required=True, help="embedded store directory or bolt:// URI")
    ap.add_argument("--meetings", type=int, default=100_000)
    ap.add_argument("--per-article", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=50, help="extractions per upsert_many call")
    args = ap.parse_args(argv)
    universe = Universe(Sizes.for_meetings(args.meetings, args.per_article), args.seed)
    store = common.open_bench_store(args.store)
    try:
        result = ensure_loaded(store, universe, args.store)
        stats = store.stats()
    finally:
        store.close()
    common.emit("graphgen", {"store": common.backend_name(args.store), "sizes": vars(universe.sizes),
                             "seed": args.seed, "load": result, "stats": stats.model_dump()})


if __name__ == "__main__":
    main()
