"""Small invented articles for fault and concurrency tests: a few officials of a few countries meet,
visit each other and co-chair numbered sessions, so articles overlap in people and events.

Article i depends only on (seed, i). Every name here is invented for these tests.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

# (country, adjective, capital, officials as (title, name))
FM, PM, TM = "Foreign Minister", "Prime Minister", "Trade Minister"
COUNTRIES = [
    ("Kenya", "Kenyan", "Nairobi", [(FM, "Amina Wanjiru"), (TM, "Otieno Kamau")]),
    ("Chile", "Chilean", "Santiago", [(FM, "Tomas Valdivieso"), (PM, "Ines Carrasco")]),
    ("Norway", "Norwegian", "Oslo", [(FM, "Sigrid Halvorsen"), (TM, "Eirik Moen")]),
    ("Ghana", "Ghanaian", "Accra", [(FM, "Kwabena Asante"), (PM, "Efua Boateng")]),
    ("Peru", "Peruvian", "Lima", [(FM, "Lucia Quispe"), (TM, "Rafael Huaman")]),
]
TOPICS = ["trade", "energy", "education", "agriculture", "tourism", "health"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


@dataclass(frozen=True)
class Official:
    country: str
    adjective: str
    capital: str
    title: str
    name: str

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


def _officials() -> list[Official]:
    return [Official(c, adj, cap, title, name) for c, adj, cap, people in COUNTRIES for title, name in people]


def article_text(i: int, seed: int = 0, *, date: dt.date | None = None) -> str:
    """Article i: a date line, a headline, talks, a planned visit, a session, an anniversary."""
    rng = random.Random(f"reliab:{seed}:{i}")
    host, guest = rng.sample(_officials(), 2)
    while guest.country == host.country:
        guest = rng.choice(_officials())
    day = date or dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(360))
    weekday = rng.choice(WEEKDAYS)
    topics = rng.sample(TOPICS, 3)
    number = rng.randrange(2, 12)
    ordinal = {2: "2nd", 3: "3rd"}.get(number, f"{number}th")
    years = rng.choice([20, 25, 30, 40, 50])
    lead = (
        f"{host.adjective} {host.title} {host.name} held talks with {guest.adjective} {guest.title} "
        f"{guest.name} in {host.capital} on {weekday}."
    )
    return "\n\n".join(
        [
            f" date {day.isoformat()} {lead}",
            f"{host.country}, {guest.country} agree to deepen {topics[0]} ties",
            f"{lead} The two ministers discussed cooperation in {topics[0]}, {topics[1]} and {topics[2]}.",
            f"{host.surname} said the {ordinal} session of the {host.country}-{guest.country} Joint "
            f"Commission will be held in {guest.capital} in June.",
            f"{guest.surname} is expected to pay an official visit to {host.country} next year. The two "
            f"countries will celebrate the {years}th anniversary of diplomatic relations in {day.year + 1}.",
        ]
    ) + "\n"


def write_corpus(directory: Path, count: int, seed: int = 0) -> list[Path]:
    """`count` invented articles as directory/NNN.txt; returns their paths in ingest order."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = directory / f"{i:03d}.txt"
        path.write_text(article_text(i, seed), encoding="utf-8")
        paths.append(path)
    return paths


def copy_seeds(directory: Path, names: list[str] | None = None) -> list[Path]:
    """Copies of the seed articles (all, or those whose file name starts with one of `names`)."""
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for seed in sorted(SEEDS.glob("*.txt")):
        if names is None or any(seed.name.startswith(n) for n in names):
            out.append(Path(shutil.copy(seed, directory / seed.name)))
    return out
