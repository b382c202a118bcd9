"""Deterministic corpus of invented English news articles about bilateral diplomacy.

Each article starts with the line ` date YYYY-MM-DD` (as in seeds/), then a headline and paragraphs of
talks, visits, numbered sessions of cooperation mechanisms, anniversaries and filler. Article i depends
only on (seed, i) and the world (people, mechanisms) built from the seed, so any prefix is stable.

    python -m bench.corpus OUT_DIR --count 1000 --seed 7        # OUT_DIR/000000.txt ...
    python -m bench.corpus corpus.jsonl --count 20000           # one JSON object per line
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench import lexicon as lx
from bench import paragraphs as para
from graph.model import slug


@dataclass(frozen=True)
class Article:
    text: str  # the file body: date line, headline, paragraphs
    published: str
    title: str
    url: str

    def body(self) -> str:
        """The text without the date line (what a JSON Lines record carries)."""
        return self.text.split("\n", 1)[1].lstrip("\n")


class World:
    """Officials of every country and the cooperation mechanisms between pairs, fixed by the seed."""

    def __init__(self, seed: int = 0, people: int = 4000, mechanisms: int = 300) -> None:
        rng = random.Random(f"world:{seed}")
        self.countries = lx.countries()
        self.officials: dict[str, list[para.Official]] = {c.code: [] for c in self.countries}
        seen: set[str] = set()
        while len(seen) < people:
            country = self.countries[len(seen) % len(self.countries)]
            name = lx.person_name(rng, country.culture)
            while name in seen:  # a small culture's name space is full: add a middle initial
                first, rest = name.split(" ", 1)
                name = f"{first} {chr(65 + rng.randrange(26))}. {rest}"
            seen.add(name)
            title, org = _office(rng, country)
            self.officials[country.code].append(para.Official(name, country, title, org))
        self.mechanisms = [_mechanism(rng, self.countries) for _ in range(mechanisms)]
        self.by_pair = {frozenset((m.a.code, m.b.code)): m for m in self.mechanisms}

    def pair(self, rng: random.Random) -> tuple[lx.Country, lx.Country]:
        a, b = rng.sample(self.countries, 2)
        return a, b

    def official(self, rng: random.Random, country: lx.Country) -> para.Official:
        return rng.choice(self.officials[country.code])


def _office(rng: random.Random, country: lx.Country) -> tuple[str, str]:
    title, org = rng.choice(lx.OFFICES)
    fill = {"parliament": country.parliament, "country": country.name, "place": rng.choice(country.places)}
    return title.format(**fill), org.format(**fill)


def _mechanism(rng: random.Random, countries: tuple[lx.Country, ...]) -> para.Mechanism:
    a, b = rng.sample(countries, 2)
    return para.Mechanism(f"{a.name}-{b.name} {rng.choice(lx.MECHANISM_KINDS)}", a, b, rng.randint(1, 25))


def _published(rng: random.Random) -> dt.date:
    return dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(4200))


def article(world: World, seed: int, i: int) -> Article:
    """The i-th article of the corpus of `seed`."""
    rng = random.Random(f"article:{seed}:{i}")
    host, guest = world.pair(rng)
    if rng.random() < 0.3 and world.mechanisms:
        mech = rng.choice(world.mechanisms)
        host, guest = (mech.a, mech.b) if rng.random() < 0.5 else (mech.b, mech.a)
    else:
        mech = None
    ctx = para.Context(
        rng=rng,
        published=_published(rng),
        host=host,
        guest=guest,
        a=world.official(rng, host),
        b=world.official(rng, guest),
        others=[world.official(rng, host), world.official(rng, guest)],
        mechanism=mech or world.by_pair.get(frozenset((host.code, guest.code))),
    )
    title, paragraphs = para.compose(ctx)
    url = f"https://news.example.org/{ctx.published.isoformat()}/{slug(title)[:60].rstrip('-')}-{seed}-{i}"
    text = f" date {ctx.published.isoformat()}\n\n{title}\n\n" + "\n\n".join(paragraphs) + "\n"
    return Article(text=text, published=ctx.published.isoformat(), title=title, url=url)


def generate(count: int, seed: int = 0, people: int = 4000, mechanisms: int = 300) -> Iterator[Article]:
    """Stream `count` articles (the world is built once; each article is made on demand)."""
    world = World(seed, people=people, mechanisms=mechanisms)
    for i in range(count):
        yield article(world, seed, i)


def write(articles: Iterator[Article], out: Path) -> int:
    """Write to `out`: one JSON object per line when it ends in .jsonl, else one .txt file each."""
    n = 0
    if out.suffix == ".jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for art in articles:
                n += 1
                record = {"text": art.body(), "published": art.published, "title": art.title, "url": art.url}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return n
    out.mkdir(parents=True, exist_ok=True)
    for n, art in enumerate(articles, 1):
        (out / f"{n - 1:06d}.txt").write_text(art.text, encoding="utf-8")
    return n


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="a directory (one .txt per article) or a .jsonl file")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--people", type=int, default=4000, help="distinct invented officials")
    ap.add_argument("--mechanisms", type=int, default=300)
    args = ap.parse_args(argv)
    n = write(generate(args.count, args.seed, args.people, args.mechanisms), args.out)
    print(json.dumps({"articles": n, "out": str(args.out), "seed": args.seed}))


if __name__ == "__main__":
    main()
