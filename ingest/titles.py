"""Titles and the organisations they belong to, read from a title chain in front of (or after) a name.

"Speaker of the Federation Council (Upper House) of the Federal Assembly of the Russian Federation"
gives the title "Speaker", the organisation "Federation Council" (alias "Upper House") PART_OF
"Federal Assembly", in Russia. "Deputy Prime Minister and Minister of Foreign Affairs" gives two
titles; "Russian Deputy PM" a title and a country; "RDIF CEO" a title and an organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from graph.model import fold
from ingest import lexicon
from ingest.geo import find_countries

_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,9}$")
# Titles whose "of X" names a portfolio, not an organisation: "Minister of Foreign Affairs".
_PORTFOLIO_CORES = ("Minister", "Secretary of State", "Commissioner")


@dataclass(frozen=True)
class OrgRef:
    """An organisation as named in one place: canonical name, country, parent, other names."""

    name: str
    country: str | None = None
    parent: OrgRef | None = None
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return fold(self.name)


@dataclass(frozen=True)
class TitleInfo:
    title: str
    org: OrgRef | None = None
    country: str | None = None  # the holder's country when the title tells it
    plural: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def _top_level_split(text: str, sep: re.Pattern[str]) -> list[str]:
    """Split on `sep` outside parentheses and quotes."""
    parts, depth, last = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "(“" or (ch == '"' and depth == 0)
        depth -= ch in ")”"
        depth = max(depth, 0)
        if depth == 0:
            m = sep.match(text, i)
            if m and i >= last:
                parts.append(text[last:i])
                last = m.end()
    parts.append(text[last:])
    return [p.strip() for p in parts if p.strip()]


_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_LEADING_JUNK = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "A",
        "An",
        "Also",
        "Both",
        "All",
        "Its",
        "Their",
        "His",
        "Her",
        "Our",
    ]
)


def split_of(text: str) -> list[str]:
    """Split "X of the Y of Z" into parts, keeping country names whole ("Socialist Republic of Vietnam")."""
    masked = text
    for place in find_countries(text):
        masked = masked[: place.start] + "C" * (place.end - place.start) + masked[place.end :]
    parts, last = [], 0
    for piece in _top_level_split(masked, _OF):
        start = masked.index(piece, last)
        parts.append(text[start : start + len(piece)])
        last = start + len(piece)
    return parts


def org_from_text(text: str, acronyms: dict[str, OrgRef] | None = None) -> OrgRef | None:
    """An organisation from "the Russian State Duma", "National Assembly of Vietnam", "NA" or
    "Federation Council (Upper House) of the Federal Assembly of the Russian Federation"."""
    parts = split_of(text.strip())
    country: str | None = None
    orgs: list[tuple[str, tuple[str, ...]]] = []
    for part in parts:
        part = re.sub(r"^the\s+", "", part)
        places = find_countries(part)
        if places and places[0].start == 0 and places[0].end >= len(part.rstrip(")").split("(")[0].strip()):
            country = country or places[0].code
            continue
        aliases = tuple(a.strip() for a in re.findall(r"\(([^)]*)\)", part))
        name = re.sub(r"\s*\([^)]*\)", "", part).strip()
        known = next((o for o in (acronyms or {}).values() if o.name == name), None)
        if known is not None:  # a name the article gave an acronym to: "Russian Direct Investment Fund"
            orgs.append((known.name, known.aliases))
            country = country or known.country
            continue
        if places and places[0].start == 0:  # "Russian State Duma", "Japan International ... Agency"
            country = country or places[0].code
            name = name[places[0].end :].strip() if places[0].demonym else name
        if acronyms and name in acronyms:
            found = acronyms[name]
            orgs.append((found.name, (*found.aliases, name)))
            country = country or found.country
        elif name and name[0].isupper():
            orgs.append((name, tuple(a for a in aliases if a) + ((part,) if part != name else ())))
    parent: OrgRef | None = None
    for name, aliases in reversed(orgs):
        parent = OrgRef(name, country, parent, tuple(dict.fromkeys(aliases)))
    return parent


def _is_org_like(text: str) -> bool:
    return bool(lexicon.org_head_regex().search(text)) or bool(_ACRONYM.match(text.strip()))


def _singular(title: str) -> tuple[str, bool]:
    """("Senators", True) -> ("Senator", True); titles that end in s by themselves stay."""
    cores = lexicon.data()["title_cores"]
    if title.split()[-1] in cores:
        return title, False
    for cut in (1, 2):
        if title[:-cut].split()[-1] in cores:
            return title[:-cut], True
    return title, False


_BUSINESS = re.compile(
    r"\b(?:CEO|Chief Executive(?: Officer)?|(?:General|Managing) Director|Founder|Chairman)$"
)


def _prefix_info(
    prefix: str, acronyms: dict[str, OrgRef], title: str = ""
) -> tuple[str | None, OrgRef | None]:
    """Country and organisation named before the title: "Vietnamese NA", "Federation Council"."""
    country = None
    for place in find_countries(prefix):
        country = country or place.code
        if place.demonym or not prefix[place.end :].strip():  # "Japan International ... Agency" keeps it
            prefix = prefix[: place.start] + " " * (place.end - place.start) + prefix[place.end :]
    words = prefix.split()
    while words and (not words[0][:1].isupper() or words[0] in _LEADING_JUNK or words[0].endswith("ing")):
        words.pop(0)
    org_text = " ".join(words)
    company = bool(org_text) and bool(_BUSINESS.search(title)) and not lexicon.is_vocabulary(words[-1])
    org = org_from_text(org_text, acronyms) if org_text and (_is_org_like(org_text) or company) else None
    return country, org


def parse_unit(unit: str, acronyms: dict[str, OrgRef]) -> TitleInfo | None:
    """One title with what surrounds it ("Chairman of the State Duma of the Russian Federation")."""
    m = lexicon.title_regex().search(unit)
    if m is None:
        return None
    title, plural = _singular(m.group())
    country, org = _prefix_info(unit[: m.start()], acronyms, title)
    suffix = unit[m.end() :].strip()
    for_ = re.match(r"^for\s+(.+)$", suffix)
    if for_:  # "Cabinet Secretary for Foreign Affairs": a portfolio
        title, suffix = f"{title} for {for_.group(1).strip()}", ""
    host = re.match(r"^to\s+(?:the\s+)?(.+)$", suffix)
    if host:  # "Ambassador to Russia": the country is where the post is, not the holder's
        return TitleInfo(f"{title} to {host.group(1).strip()}", org, country, plural)
    of = re.match(r"^of\s+(?:the\s+)?(.+)$", suffix)
    if of:
        rest = of.group(1)
        first = split_of(rest)[0]
        portfolio = (
            title.endswith(_PORTFOLIO_CORES)
            and not _is_org_like(first)
            and not any(p.start == 0 for p in find_countries(first))
        )
        if portfolio:
            title = f"{title} of {first}"
            rest = rest[len(first) :].strip()
            rest = re.sub(r"^of\s+(?:the\s+)?", "", rest)
        if rest:
            suffix_org = org_from_text(rest, acronyms)
            places = [p for p in find_countries(rest) if not p.demonym]
            country = (
                country
                or (suffix_org.country if suffix_org else None)
                or (places[-1].code if places else None)
            )
            org = org or suffix_org
    title = re.sub(r"\bPM\b", "Prime Minister", title)
    if org is not None and org.country is None and country is not None:
        org = replace(org, country=country)
    return TitleInfo(title, org, country, plural)


def parse_chain(chain: str, acronyms: dict[str, OrgRef] | None = None) -> list[TitleInfo]:
    """Every title of a chain: units split on top-level ", " and " and " where a new title starts."""
    acr = acronyms or {}
    pieces = _top_level_split(chain, re.compile(r",\s+|\s+and\s+|\s*&\s*"))
    units: list[str] = []
    for piece in pieces:
        starts_title = bool(lexicon.title_regex().search(piece))
        if units and not starts_title:
            units[-1] = f"{units[-1]} and {piece}" if " of " in units[-1] else units[-1]
        else:
            units.append(piece)
    return [info for unit in units if (info := parse_unit(unit, acr)) is not None]
