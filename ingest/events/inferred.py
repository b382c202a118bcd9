"""Visits told by a reception: a foreign guest received in the host's country ("the Prime Minister
received in Cairo Ethiopia's Deputy Prime Minister X"). Only when the place is written in the sentence
and the guest's country is known and another one; a host of unknown country is taken to be at home.
A visit already found for the same visitor, host and status is not repeated. (Co-chairing a session
abroad is not taken as a visit: reports name such trips as visits when they are ones.)
"""

from __future__ import annotations

from ingest.document import DocModel
from ingest.events.base import Meeting, Visit


def _guests(doc: DocModel, host: int, guests: list[int], country: str) -> list[int]:
    """The guests from another country, when the host is (or may be) from the place's country."""
    if doc.person_country(host) not in (None, country):
        return []
    return [g for g in guests if doc.person_country(g) not in (None, country)]


def inferred_visits(doc: DocModel, meetings: list[Meeting], visits: list[Visit]) -> list[Visit]:
    added: list[Visit] = []
    for m in meetings:
        people = [p.person for p in m.parties if p.person is not None]
        if m.kind != "reception" or m.place is None or len(people) < 2:
            continue
        for guest in _guests(doc, people[0], people[1:], m.place.country):
            key = (guest, m.place.country, m.status)
            if not any((v.visitor, v.host, v.status) == key for v in visits + added):
                added.append(Visit(guest, m.place.country, None, m.date, m.status, list(m.sentences), 0.7))
    return added
