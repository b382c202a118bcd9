"""What the event rules produce, and the helpers they share: participants around a trigger, dates
near it, places, and whether the text reports the event as done or as planned."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ingest import lexicon
from ingest.dates import DateValue
from ingest.document import Sentence, org_key
from ingest.geo import city, country_code, country_names
from ingest.titles import OrgRef

ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
ORDINAL = (
    r"(?:\d{1,3}(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ])?"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|thirteenth|"
    r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|"
    r"fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth)"
)
_IN_PLACE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?([A-Z][\w'’.-]*(?:\s+(?:(?:de|da|do|del|la|el|al)\s+)?[A-Z][\w'’-]*){0,2})"
)


def ordinal_value(text: str) -> int | None:
    t = text.lower().replace(" ", "-")
    if t[:1].isdigit():
        return int(re.sub(r"\D", "", t))
    if "-" in t:
        tens, _, unit = t.partition("-")
        return _TENS.get(tens, 0) + ORDINAL_WORDS.get(unit, 0) or None
    return ORDINAL_WORDS.get(t)


@dataclass(frozen=True)
class Party:
    """A participant: a person of the article (index) or an organisation."""

    person: int | None = None
    org: OrgRef | None = None

    @property
    def key(self) -> str:
        return f"p{self.person}" if self.person is not None else f"o{org_key(self.org) if self.org else ''}"


@dataclass(frozen=True)
class PlaceRef:
    name: str
    country: str
    is_city: bool


@dataclass
class Meeting:
    parties: list[Party]
    kind: str
    date: DateValue | None
    status: str
    sentences: list[int]
    place: PlaceRef | None = None
    event: str | None = None
    confidence: float = 0.9

    def party_keys(self) -> frozenset[str]:
        return frozenset(p.key for p in self.parties)


@dataclass
class Visit:
    visitor: int
    host: str
    kind: str | None
    date: DateValue | None
    status: str
    sentences: list[int]
    confidence: float = 0.85


@dataclass
class Mechanism:
    name: str
    countries: list[str]
    aliases: list[str] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)


@dataclass
class Session:
    mechanism: Mechanism
    number: int
    date: DateValue | None
    status: str
    sentences: list[int]
    co_chairs: list[int] = field(default_factory=list)
    place: PlaceRef | None = None


@dataclass
class Anniversary:
    ordinal: int
    subject: str
    key: str  # normalised subject the id is made of
    parts: set[str]
    year: int | None
    countries: list[str]
    sentences: list[int]


@dataclass
class Partnership:
    countries: tuple[str, str]
    level: str
    sentences: list[int]


_PURPOSE = re.compile(r"\bto\s+(?:attend|co-?chair|chair|participate in|take part in|hold)\b", re.I)


def date_after(s: Sentence, pos: int, limit: int | None = None) -> DateValue | None:
    """The first resolved date after `pos` (before `limit`), else the nearest one before when what
    follows it is a purpose clause leading to `pos` ("from September 28-30 to attend the 4th session")."""
    after = [d for d in s.dates if d.start >= pos and (limit is None or d.start < limit) and d.value]
    if after:
        return after[0].value
    before = [d for d in s.dates if d.end <= pos and d.value]
    if before and _PURPOSE.search(s.text[before[-1].end : pos]) and "," not in s.text[before[-1].end : pos]:
        return before[-1].value
    return None


def status_of(s: Sentence, start: int, end: int, date: DateValue | None, base: dt.date | None) -> str:
    """Planned when the date lies after publication, occurred when it lies before; otherwise planned
    when a future marker governs the trigger."""
    if date is not None and base is not None:
        if date.first_day() > base:
            return "planned"
        if date.last_day() < base:
            return "occurred"
        # the date covers the publication day ("this year", "on Friday"): the wording decides
    window = s.text[max(0, start - 90) : end + 40]
    return "planned" if lexicon.future_regex().search(window) else "occurred"


def place_after(s: Sentence, pos: int) -> PlaceRef | None:
    """An explicit "in <City|Country>" after `pos`."""
    for m in _IN_PLACE.finditer(s.text, pos):
        words = m.group(1).split()
        if words[-1] in lexicon.data()["place_words"]:
            continue  # a venue ("the Alvorada Palace"), not a city
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n]).rstrip(".,")
            hit = city(name)
            if hit:
                return PlaceRef(hit[0], hit[1], True)
            code = country_code(name)
            if code:
                return PlaceRef(name, code, False)
    return None


def country_place(code: str) -> PlaceRef:
    return PlaceRef(country_names().get(code, code), code, False)
