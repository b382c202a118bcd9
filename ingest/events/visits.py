"""Visits of a person to a country: state, official, working visits and trips, done or planned.

Forms: "X's State visit to Y (June 2024)", "the official visit to Y by X (January 2025)", "X will pay
an official visit to Y from September 28-30", "X is preparing to visit Y", "on his official visit to
Y" (the visitor is the nearest person named before who is not from Y). The host may be "the nation" /
"the Southeast Asian country": the article's other main country. A building is not a host ("visited
the Academy"). Mentions of one visitor and host merge when their dates agree; an undated mention joins
the dated one only when there is exactly one.
"""

from __future__ import annotations

import re

from ingest.dates import DateValue
from ingest.document import DocModel, Sentence
from ingest.events.base import Meeting, Visit, status_of
from ingest.events.parties import people_at
from ingest.geo import city

_KINDS = r"state|official|working|official friendship|friendship|goodwill|courtesy|return|reciprocal|historic"
_VISIT = re.compile(rf"\b(?:(?P<kind>{_KINDS})\s+)?(?P<noun>visit|trip|tour)\s+to\s+(?:the\s+)?", re.I)
_VERB = re.compile(
    r"\b(?:visit|visits|visited|visiting|(?:will|to)\s+(?:travel|fly)\s+to|(?:travelled|traveled|flew)\s+to)"
    r"\s+(?:the\s+)?(?=[A-Z])"
)
# "X, who is in Washington for a three-day visit": the place of the stay is the host.
_STAY = re.compile(
    r"\b(?:is|was|are|were|arrived|arrives|arriving)\s+in\s+(?P<place>[A-Z])[\w'’-]*(?:\s+[A-Z][\w'’-]*)?"
    r"(?:\s+(?:on|last|this)\s+\w+(?:\s+(?:morning|afternoon|evening|night))?)?"
    rf"\s+(?:for|on)\s+(?:a|an|his|her|their)\s+(?:[\w-]+\s+){{0,2}}?(?:(?P<kind>{_KINDS})\s+)?(?:visit|trip)\b",
    re.I,
)
# "received X, who is in Brazil for talks": X stays in the host country.
_WHO_IN = re.compile(r",\s+who\s+(?:is|was|has\s+been|had\s+been)\s+(?:currently\s+)?in\s+(?=[A-Z])")
_VAGUE_HOST = re.compile(r"(?:the\s+)?(?:[A-Z][\w-]*\s+)*(?:nation|country)\b")
_POSSESSIVE_GAP = re.compile(
    r"(?:['’]s)?\s+(?:(?:first|second|third|fourth|fifth|\w+th|latest|recent|"
    rf"upcoming|first-ever|{_KINDS})\s+)*$",
    re.I,
)
_BY = re.compile(r"\bby\s+")


def _host(doc: DocModel, s: Sentence, pos: int, kind: str | None) -> tuple[str | None, bool, int]:
    """(country code, vague?, end offset) of the host named at `pos`."""
    for place in s.countries:
        if place.start in (pos, pos - 4) and not place.demonym:
            return place.code, False, place.end
    vague = _VAGUE_HOST.match(s.text, pos)
    if vague:
        return None, True, vague.end()
    name = re.match(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?", s.text[pos:])
    hit = city(name.group()) if name else None
    return (hit[1], False, pos + len(name.group())) if hit and name else (None, False, pos)


def _visitor(
    doc: DocModel, s: Sentence, start: int, host_end: int, host: str | None
) -> tuple[int | None, float]:
    """The visitor: a possessive right before, "by X" after the host, else the nearest person before
    who is not from the host country."""
    people = people_at(s)
    for m in people:
        if m.end <= start and _POSSESSIVE_GAP.fullmatch(s.text[m.name_end : start]):
            return m.entity, 0.9
    before = [m for m in people if m.end <= start and (host is None or doc.person_country(m.entity) != host)]
    his = re.search(r"\b(?:his|her)\s+(?:[\w-]+\s+)?$", s.text[:start])
    if before and his and not re.search(r"\bwho\b", s.text[before[0].end : start]):
        return before[0].entity, 0.8  # "X met Y during his visit to Z": the subject, not Y
    by = _BY.search(s.text, host_end)
    if by and not re.search(r"\bvisit\b", s.text[host_end : by.start()]):
        after = [m for m in people if m.start >= by.end() and not s.text[by.end() : m.start].strip(" the")]
        if after:
            return after[0].entity, 0.9
    for m in reversed([m for m in people if m.end <= start]):
        if host is None or doc.person_country(m.entity) != host:
            return m.entity, 0.7
    return None, 0.0


def _visits_in(doc: DocModel, s: Sentence) -> list[Visit]:
    out: list[Visit] = []
    matches = [
        (m.start(), m.end(), m.group("kind"), m.group("noun").lower()) for m in _VISIT.finditer(s.text)
    ]
    matches += [(m.start(), m.end(), None, "visit") for m in _VERB.finditer(s.text)]
    matches += [(m.start(), m.start("place"), m.group("kind"), "visit") for m in _STAY.finditer(s.text)]
    matches += [(m.start(), m.end(), None, "visit") for m in _WHO_IN.finditer(s.text)]
    for start, end, kind, noun in sorted(matches):
        host, vague, host_end = _host(doc, s, end, kind)
        if host is None and not vague or (vague or noun != "visit") and not kind:
            continue  # a trip, or "the country", needs a kind ("official trip") to be a visit
        visitor, confidence = _visitor(doc, s, start, host_end, host)
        if visitor is None:
            continue
        if vague:
            host = doc.other_country(doc.person_country(visitor))
        if host is None or host == doc.person_country(visitor):
            continue
        nxt = _VISIT.search(s.text, host_end)
        dates = [
            d for d in s.dates if d.value and d.start >= host_end and (nxt is None or d.start < nxt.start())
        ]
        date = dates[0].value if dates else None
        status = status_of(s, start, end, date, doc.article.published)
        out.append(Visit(visitor, host, kind.lower() if kind else None, date, status, [s.index], confidence))
    return out


def _absorb(into: Visit, other: Visit) -> None:
    into.date = into.date.finer(other.date) if into.date else other.date
    into.sentences = sorted(set(into.sentences + other.sentences))
    into.kind = into.kind or other.kind
    into.confidence = max(into.confidence, other.confidence)


def _merge_group(group: list[Visit]) -> list[Visit]:
    """One visitor and host: dated mentions merge when their dates agree; undated ones join the dated
    visit when there is exactly one, or each other when there is none."""
    dated: list[Visit] = []
    for v in (v for v in group if v.date is not None):
        twin = next((d for d in dated if d.date and v.date and d.date.compatible(v.date)), None)
        if twin is None:
            dated.append(v)
        else:
            _absorb(twin, v)
    undated = [v for v in group if v.date is None]
    if not undated or len(dated) > 1:
        return dated
    target = dated[0] if dated else undated.pop(0)
    for v in undated:
        if not dated and v.status == "planned":
            target.status = "planned"
        _absorb(target, v)
    return [target]


def _date_from_meetings(doc: DocModel, visit: Visit, meetings: list[Meeting]) -> DateValue | None:
    """An undated visit that is going on: the date of the visitor's meetings in the article."""
    dates = [
        m.date
        for m in meetings
        if m.date
        and m.date.precision == "day"
        and m.status == "occurred"
        and any(p.person == visit.visitor for p in m.parties)
        and (m.place is None or m.place.country == visit.host)
    ]
    return min(dates, key=lambda d: d.iso) if dates else None


def find_visits(doc: DocModel) -> list[Visit]:
    found = [v for s in doc.sentences for v in _visits_in(doc, s)]
    groups: dict[tuple[int, str], list[Visit]] = {}
    for v in found:
        groups.setdefault((v.visitor, v.host), []).append(v)
    return sorted((v for g in groups.values() for v in _merge_group(g)), key=lambda v: v.sentences[0])


def date_undated(doc: DocModel, visits: list[Visit], meetings: list[Meeting]) -> None:
    for v in visits:
        if v.date is None and v.status == "occurred":
            v.date = _date_from_meetings(doc, v, meetings)
