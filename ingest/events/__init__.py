"""Event rules over one resolved article: visits, sessions, meetings, anniversaries, partnerships."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.document import DocModel
from ingest.events.anniversaries import find_anniversaries
from ingest.events.base import Anniversary, Mechanism, Meeting, Partnership, Party, Session, Visit
from ingest.events.inferred import inferred_visits
from ingest.events.meetings import fill_places, find_meetings, merge_meetings
from ingest.events.relations import find_partnerships
from ingest.events.sessions import find_sessions
from ingest.events.visits import date_undated, find_visits


@dataclass
class Events:
    meetings: list[Meeting]
    visits: list[Visit]
    mechanisms: list[Mechanism]
    sessions: list[Session]
    anniversaries: list[Anniversary]
    partnerships: list[Partnership]


def _co_chair_meetings(sessions: list[Session]) -> list[Meeting]:
    """Co-chairs of a session meet at it (a planned meeting when the session is ahead)."""
    return [
        Meeting(
            [Party(person=p) for p in s.co_chairs],
            "co-chaired session",
            s.date,
            s.status,
            list(s.sentences),
            s.place,
            None,
            0.8,
        )
        for s in sessions
        if len(set(s.co_chairs)) >= 2
    ]


def find_events(doc: DocModel) -> Events:
    visits = find_visits(doc)
    mechanisms, sessions = find_sessions(doc, visits)
    meetings = merge_meetings(find_meetings(doc) + _co_chair_meetings(sessions))
    visits = sorted(visits + inferred_visits(doc, meetings, visits), key=lambda v: v.sentences[0])
    fill_places(doc, meetings, visits)
    date_undated(doc, visits, meetings)
    return Events(meetings, visits, mechanisms, sessions, find_anniversaries(doc), find_partnerships(doc))
