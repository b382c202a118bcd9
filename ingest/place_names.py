"""Surnames that are also place names: "Albuquerque said" after "President Paulo Albuquerque".

The mention finder drops an unanchored word that names a city or country ("in Lima"), since it cannot
know the article's people. Once people are resolved, such a word is a mention of the one person whose
surname it is, unless a place preposition comes before it ("in", "to", "from").
"""

from __future__ import annotations

import re

from ingest.document import DocModel, Sentence
from ingest.geo import city, country_code
from ingest.mentions import PersonMention

_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|to|near|of|via|into|outside|around)\s*$", re.I)


def _place_surnames(doc: DocModel) -> dict[str, int]:
    """Surname -> person, for full-named people whose surname is a place name (and unique)."""
    seen: dict[str, list[int]] = {}
    for i, p in enumerate(doc.people):
        if p.name.full and (city(p.name.surname) or country_code(p.name.surname)):
            seen.setdefault(p.name.surname, []).append(i)
    return {name: found[0] for name, found in seen.items() if len(found) == 1}


def _found(s: Sentence, surname: str, index: int) -> list[PersonMention]:
    out: list[PersonMention] = []
    for m in re.finditer(rf"\b{re.escape(surname)}\b(?P<poss>['’]s\b)?", s.text):
        if any(p.start < m.end() and m.start() < p.end for p in s.people):
            continue
        if _PLACE_BEFORE.search(s.text[: m.start()]) or re.match(r"[-\w]", s.text[m.end() : m.end() + 1]):
            continue
        mention = PersonMention(s.index, m.start(), m.start(), m.end(), m.end(), surname)
        mention.entity, mention.possessive = index, bool(m.group("poss"))
        out.append(mention)
    return out


def add_place_surnames(doc: DocModel) -> None:
    """Add the mentions of people by a surname that is also a place name."""
    for surname, index in _place_surnames(doc).items():
        for s in doc.sentences:
            found = _found(s, surname, index)
            if found:
                doc.people[index].mentions.extend(found)
                s.people = sorted(s.people + found, key=lambda m: m.start)
