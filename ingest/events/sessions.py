"""Cooperation mechanisms and their numbered sessions, with co-chairs.

"the 25th meeting of the Vietnam-Russia Intergovernmental Committee for ..." gives the mechanism
"Intergovernmental Committee for ..." between the two countries (the country prefix, a "between A
and B" tail, or the article's two countries) and its session 25. "This is the fourth meeting of the
Committee" and "The third meeting (September 2024)" refer to the mechanism last named. "A and B will
co-chair the 4th meeting" makes them co-chairs; ingest.events.meetings turns co-chairs into a meeting.
"""

from __future__ import annotations

import re

from graph.model import fold
from ingest import lexicon
from ingest.document import DocModel, Sentence
from ingest.events.base import (
    ORDINAL,
    Mechanism,
    Session,
    Visit,
    country_place,
    date_after,
    ordinal_value,
    people_at,
    place_after,
    status_of,
)
from ingest.geo import find_countries
from ingest.titles import org_from_text

_SESSION = re.compile(
    rf"\b(?P<ord>{ORDINAL})\s+(?:plenary\s+|regular\s+|annual\s+)?(?:meeting|session|sitting|round)\b"
    r"(?P<of>\s+of\s+(?:the\s+)?)?",
    re.I,
)
_NOT_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
_NAME = re.compile(
    rf"[A-Z][\w’'-]*(?:\s+(?!{_NOT_NAME})[A-Z][\w’'-]*|\s+(?:for|and|on|of)(?=\s+(?!{_NOT_NAME})[A-Z]))*"
)
_BETWEEN = re.compile(
    r"\s+between\s+(?:the\s+)?(?P<a>.+?)\s+and\s+(?:the\s+)?(?P<b>.+?)"
    r"(?=[,.;?]|\s+(?:to|in|on|at|for|with|which|that|who|was|is|will)\s|$)"
)
_CO_CHAIR = re.compile(r"\bco-?chair(?:s|ed)?\b(?!ing)|\bco-?chaired\s+by\b", re.I)


def _strip_countries(name: str) -> tuple[str, list[str]]:
    """ "Vietnam-Russia Intergovernmental Committee" -> ("Intergovernmental Committee", [VN, RU])."""
    codes: list[str] = []
    pos = 0
    for place in find_countries(name):
        if place.start != pos:
            break
        codes.append(place.code)
        rest = re.match(r"\s*[-–—]\s*|\s+", name[place.end :])
        pos = place.end + (rest.end() if rest else 0)
    return name[pos:].strip(), codes


def _tail_countries(text: str) -> list[str]:
    m = _BETWEEN.match(text)
    if not m:
        return []
    codes = []
    for side in (m.group("a"), m.group("b")):
        places = find_countries(side)
        org = org_from_text(side)
        code = places[0].code if places else (org.country if org else None)
        if code:
            codes.append(code)
    return codes


def _mechanism(doc: DocModel, s: Sentence, pos: int, last: Mechanism | None) -> Mechanism | None:
    m = _NAME.match(s.text, pos)
    if m is None:
        return None
    full = m.group().strip()
    name, codes = _strip_countries(full)
    words = fold(name).split()
    if not words or not any(
        " ".join(words[i : i + 2]) in lexicon.mechanism_heads() or w in lexicon.mechanism_heads()
        for i, w in enumerate(words)
    ):
        return None
    if len(words) == 1:
        return last  # "the Committee": the one last named
    codes = codes or _tail_countries(s.text[m.end() :]) or list(doc.main_countries)
    aliases = [full] if full != name else []
    tail = _BETWEEN.match(s.text[m.end() :])
    if tail:
        aliases.append(f"{full}{tail.group()}".strip())
    return Mechanism(name, sorted(set(codes)), aliases, [s.index])


def _co_chairs(s: Sentence, before: int) -> list[int]:
    verb = next((c for c in _CO_CHAIR.finditer(s.text) if c.start() < before), None)
    if verb is None:
        return []
    if "by" in verb.group():
        return [p.entity for p in people_at(s) if p.start >= verb.end() and p.entity is not None]
    return [p.entity for p in people_at(s) if p.end <= verb.start() and p.entity is not None]


def _same(a: Mechanism, b: Mechanism) -> bool:
    return fold(a.name) == fold(b.name)


def find_sessions(doc: DocModel, visits: list[Visit]) -> tuple[list[Mechanism], list[Session]]:
    mechanisms: list[Mechanism] = []
    sessions: list[Session] = []
    last: Mechanism | None = None
    for s in doc.sentences:
        for m in _SESSION.finditer(s.text):
            number = ordinal_value(m.group("ord"))
            if number is None:
                continue
            if m.group("of"):
                mech = _mechanism(doc, s, m.end(), last)
            else:
                after = s.text[m.end() : m.end() + 12]
                mech = last if last and not re.match(r"\s+(?:between|with|of)\b", after) else None
            if mech is None:
                continue
            known = next((x for x in mechanisms if _same(x, mech)), None)
            if known is None:
                mechanisms.append(mech)
                known = mech
            elif known is not mech:
                known.aliases = list(dict.fromkeys(known.aliases + mech.aliases))
                known.sentences = sorted(set(known.sentences + [s.index]))
            last = known
            date = date_after(s, m.end())
            status = status_of(s, m.start(), m.end(), date, doc.article.published)
            host = next((v.host for v in visits if s.index in v.sentences), None)
            place = place_after(s, m.end()) or (country_place(host) if host else None)
            sessions.append(Session(known, number, date, status, [s.index], _co_chairs(s, m.start()), place))
    return mechanisms, _merge(sessions, doc)


def _merge(sessions: list[Session], doc: DocModel) -> list[Session]:
    out: list[Session] = []
    for s in sessions:
        twin = next((o for o in out if o.mechanism is s.mechanism and o.number == s.number), None)
        if twin is None:
            out.append(s)
            continue
        twin.date = twin.date.finer(s.date) if twin.date else s.date
        twin.sentences = sorted(set(twin.sentences + s.sentences))
        twin.co_chairs = list(dict.fromkeys(twin.co_chairs + s.co_chairs))
        twin.place = twin.place or s.place
        twin.status = "planned" if "planned" in (twin.status, s.status) else "occurred"
    base = doc.article.published
    for s in out:
        if s.date is not None and base is not None:
            s.status = "planned" if s.date.first_day() > base else "occurred"
    return out
