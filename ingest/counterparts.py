"""Counterparts: the country a person serves, when the text does not say it: in an article about two
countries, someone who meets an official of one of them (and whose country is unknown) is taken to serve the
other one ("Secretary of State X met with Argentine Foreign Minister Y" in a US-Argentina readout).
Used only to place the person's titles (a position needs a country or an organisation). And the
title of a counterpart named without one: the title of the person they are the counterpart of.
"""

from __future__ import annotations

import re

from ingest.document import DocModel
from ingest.events.base import Meeting
from ingest.titles import TitleInfo


def home_countries(doc: DocModel, meetings: list[Meeting]) -> dict[int, str]:
    main = doc.main_countries
    if len(main) != 2:
        return {}
    votes: dict[int, set[str]] = {}
    for m in meetings:
        people = [p.person for p in m.parties if p.person is not None]
        if len(people) != 2:
            continue
        for me, other in (people, people[::-1]):
            theirs = doc.person_country(other)
            if doc.person_country(me) is None and theirs in main:
                votes.setdefault(me, set()).add(main[1] if theirs == main[0] else main[0])
    return {i: next(iter(found)) for i, found in votes.items() if len(found) == 1}


_FOREIGN = re.compile(r"\b(?:external affairs|foreign affairs|foreign minister|secretary of state)\b", re.I)
_COUNTERPART = re.compile(r"\bcounterpart,?\s*$")


def _as_counterpart(title: TitleInfo, country: str | None) -> TitleInfo:
    """The counterpart's post: the same title in their country; a foreign affairs post is "Foreign
    Minister" whatever it is called at home ("External Affairs Minister", "Secretary of State")."""
    name = "Foreign Minister" if _FOREIGN.search(title.title) else title.title
    return TitleInfo(name, None, country)


def inherit_counterpart_titles(doc: DocModel) -> None:
    """ "Foreign Minister X met his Chinese counterpart Y": Y, named with no title, is a foreign minister."""
    for s in doc.sentences:
        for i, m in enumerate(s.people):
            left = s.text[max(0, m.name_start - 40) : m.name_start]
            if m.titles or m.entity is None or not _COUNTERPART.search(left):
                continue
            earlier = [o for o in s.people[:i] if o.titles and not o.possessive and o.entity != m.entity]
            ref = earlier[-1] if earlier else None
            if ref is not None and not ref.titles[0].plural:
                m.titles = [_as_counterpart(ref.titles[0], m.country or doc.person_country(m.entity))]
