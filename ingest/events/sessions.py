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
from ingest.dates import DateValue
from ingest.document import DocModel, Sentence
from ingest.events.base import (
    ORDINAL,
    Mechanism,
    Session,
    Visit,
    country_place,
    date_after,
    ordinal_value,
    place_after,
    status_of,
)
from ingest.events.parties import parties_after, people_at
from ingest.geo import find_countries
from ingest.titles import org_from_text

_SESSION = re.compile(
    rf"\b(?P<ord>{ORDINAL})\s+(?:plenary\s+|regular\s+|annual\s+)?(?:meeting|session|sitting|round)\b"
    r"(?P<of>\s+of\s+(?:the\s+)?)?",
    re.I,
)
_NOT_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
_WORD = r"(?:[A-Z](?:[\w’'-]|\.(?=[\w-]))*|\d\+\d)"
_NAME = re.compile(rf"{_WORD}(?:\s+(?!{_NOT_NAME}){_WORD}|\s+(?:for|and|on|of)(?=\s+(?!{_NOT_NAME})[A-Z]))*")
# "the 17th India-Japan Foreign Ministers' Strategic Dialogue": the ordinal right before the name.
_DIRECT = re.compile(rf"\b(?P<ord>{ORDINAL})\s+(?=[A-Z0-9])")
# Heads that make a mechanism only after a country pair ("Indonesia-Australia Annual Leaders' Meeting").
_PAIR_HEADS = frozenset(["meeting", "summit", "talks"])
_BETWEEN = re.compile(
    r"\s+between\s+(?:the\s+)?(?P<a>.+?)\s+and\s+(?:the\s+)?(?P<b>.+?)"
    r"(?=[,.;?]|\s+(?:to|in|on|at|for|with|which|that|who|was|is|will)\s|$)"
)
_CO_CHAIR = re.compile(r"\bco-?chaired\s+by\b|\bco-?chair(?:s|ed)?\b(?!ing)", re.I)
_CHAIR_WITH = re.compile(r"\bco-?chair(?:s|ed)?\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?with\s+", re.I)
# Where the clause that names a session ends: what follows dates something else ("..., the first since 2023").
_CLAUSE_END = re.compile(r",\s+(?:the|who|when|where|after|since|as|a|an)\b|;|\s+since\b")


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


def _has_head(words: list[str], direct: bool, codes: list[str]) -> bool:
    heads = lexicon.mechanism_heads() | (_PAIR_HEADS if direct and len(codes) >= 2 else frozenset())
    return any(" ".join(words[i : i + 2]) in heads or w in heads for i, w in enumerate(words))


def _mechanism(
    doc: DocModel, s: Sentence, pos: int, last: Mechanism | None, direct: tuple[Mechanism, ...] | None = None
) -> tuple[Mechanism | None, int]:
    """The mechanism named at `pos` and where its name ends. `direct` (the mechanisms known so far)
    when an ordinal stands right before the name: then the name needs a country pair in front, or
    must be one already named."""
    m = _NAME.match(s.text, pos)
    if m is None:
        return None, pos
    full = re.sub(r"\s+\d\+\d$", "", m.group().strip())
    name, codes = _strip_countries(full)
    words = [w.strip("’'") for w in fold(name).split()]
    if not words or not _has_head(words, direct is not None, codes):
        return None, m.end()
    if len(words) == 1:
        return (last if direct is None else None), m.end()  # "the Committee": the one last named
    if direct is not None and len(codes) < 2 and not any(fold(x.name) == fold(name) for x in direct):
        return None, m.end()
    codes = codes or _tail_countries(s.text[m.end() :]) or list(doc.main_countries)
    aliases = [full] if full != name else []
    tail = _BETWEEN.match(s.text[m.end() :])
    if tail:
        aliases.append(f"{full}{tail.group()}".strip())
    return Mechanism(name, sorted(set(codes)), aliases, [s.index]), m.start() + len(full)


# "the 18th round of their foreign ministers' strategic dialogue": a lower-case name owned by the pair.
_OWNED = re.compile(
    r"(?:their|the two (?:countries|sides|nations)['’]?)\s+(?P<name>(?:[a-z][\w’'-]*\s+){0,4}?"
    r"(?:dialogue|commission|committee|council|mechanism|consultations?|forum))\b"
)


def _owned(doc: DocModel, s: Sentence, pos: int) -> tuple[Mechanism | None, int]:
    m = _OWNED.match(s.text, pos)
    if m is None or len(doc.main_countries) != 2:
        return None, pos
    name = " ".join(w[:1].upper() + w[1:] for w in m.group("name").split())
    return Mechanism(name, sorted(doc.main_countries), [], [s.index]), m.end()


def _co_chairs(s: Sentence, start: int, end: int) -> list[int]:
    """Co-chairs: "A and B co-chaired the Nth ...", "A co-chaired the Nth ... with B", "the Nth ...,
    co-chaired by A and B"."""
    verbs = list(_CO_CHAIR.finditer(s.text))
    verb = next((c for c in reversed(verbs) if c.start() < start), verbs[0] if verbs else None)
    if verb is None:
        return []
    if "by" in verb.group():
        return [p.entity for p in people_at(s) if p.start >= verb.end() and p.entity is not None]
    chairs = [p.entity for p in people_at(s) if p.end <= verb.start() and not p.possessive]
    partner = re.match(r"\s+with\s+", s.text[end:]) if verb.start() < start else None
    if partner:
        chairs += [p.person for p in parties_after(s, end + partner.end(), orgs=False)]
    return [c for c in dict.fromkeys(chairs) if c is not None]


def _same(a: Mechanism, b: Mechanism) -> bool:
    """One mechanism: the same name, or a headline's short name that starts the full one
    ("Intergovernmental Commission" of "Intergovernmental Commission on ...") between the same countries."""
    x, y = sorted((fold(a.name), fold(b.name)), key=len)
    return x == y or (a.countries == b.countries and " " in x and y.startswith(x + " "))


def _absorb(known: Mechanism, mech: Mechanism, index: int) -> None:
    if len(mech.name) > len(known.name):
        known.aliases.append(known.name)
        known.name = mech.name
    known.aliases = list(dict.fromkeys(known.aliases + mech.aliases))
    known.sentences = sorted(set(known.sentences + [index]))


def _late_co_chairs(s: Sentence, sessions: list[Session]) -> None:
    """ "The meeting was co-chaired by A and B", "A will co-chair the dialogue with B on November 12"
    after the sentence that named the session (its date, when it had none)."""
    recent = [x for x in sessions if s.index - max(x.sentences) <= 2]
    if recent and _CO_CHAIR.search(s.text):
        chairs = _co_chairs(s, len(s.text), len(s.text))
        partner = _CHAIR_WITH.search(s.text)
        if partner and len(chairs) == 1:
            chairs += [p.person for p in parties_after(s, partner.end(), orgs=False) if p.person is not None]
        if len(chairs) >= 2:
            recent[-1].co_chairs = list(dict.fromkeys(recent[-1].co_chairs + chairs))
            if partner and recent[-1].date is None:
                recent[-1].date = date_after(s, partner.end())


def _mentions(
    doc: DocModel, s: Sentence, last: Mechanism | None, known: list[Mechanism]
) -> list[tuple[int, Mechanism, int, int]]:
    """(number, mechanism, start, end of the mechanism's name) of each numbered session in `s`."""
    out: list[tuple[int, Mechanism, int, int]] = []
    for m in _SESSION.finditer(s.text):
        number = ordinal_value(m.group("ord"))
        if m.group("of"):
            mech, end = _mechanism(doc, s, m.end(), last)
            if mech is None:
                mech, end = _owned(doc, s, m.end())
        else:
            after = s.text[m.end() : m.end() + 12]
            mech, end = (last if last and not re.match(r"\s+(?:between|with|of)\b", after) else None), m.end()
        if number is not None and mech is not None:
            out.append((number, mech, m.start(), end))
    for m in _DIRECT.finditer(s.text):
        number = ordinal_value(m.group("ord"))
        if number is None or any(start <= m.start() < end for _, _, start, end in out):
            continue
        mech, end = _mechanism(doc, s, m.end(), last, tuple(known))
        if mech is not None:
            out.append((number, mech, m.start(), end))
    return sorted(out, key=lambda x: x[2])


def _date(doc: DocModel, s: Sentence, start: int, end: int) -> DateValue | None:
    """The date after the session's name, else (for a session reported as held) the one before it."""
    stop = _CLAUSE_END.search(s.text, end)
    date = date_after(s, end, stop.start() if stop else None)
    if date is not None or lexicon.future_regex().search(s.text):
        return date
    before = [d.value for d in s.dates if d.end <= start and d.value]
    return before[-1] if before else None


def find_sessions(doc: DocModel, visits: list[Visit]) -> tuple[list[Mechanism], list[Session]]:
    mechanisms: list[Mechanism] = []
    sessions: list[Session] = []
    last: Mechanism | None = None
    for s in doc.sentences:
        found = _mentions(doc, s, last, mechanisms)
        if not found:
            _late_co_chairs(s, sessions)
        for number, mech, start, end in found:
            known = next((x for x in mechanisms if _same(x, mech)), None)
            if known is None:
                mechanisms.append(mech)
                known = mech
            elif known is not mech:
                _absorb(known, mech, s.index)
            last = known
            date = _date(doc, s, start, end)
            status = status_of(s, start, end, date, doc.article.published)
            host = next((v.host for v in visits if s.index in v.sentences), None)
            place = place_after(s, end) or (country_place(host) if host else None)
            sessions.append(Session(known, number, date, status, [s.index], _co_chairs(s, start, end), place))
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
        if s.date is not None and base is not None and s.date.first_day() > base:
            s.status = "planned"
        elif s.date is not None and base is not None and s.date.last_day() < base:
            s.status = "occurred"
    return out
