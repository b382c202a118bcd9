"""The bilateral dossier: what the graph knows about the relations of two countries.

A store reads the facts (GraphStore.dossier_facts, one read); `compose` makes the dossier of them, the
same on every backend. `read_facts` is what those facts are, written with the GraphStore's other
methods: the embedded store answers with it, and Neo4j's one statement must give the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import TypeVar

from pydantic import BaseModel, Field

from graph.store import GraphStore
from graph.views import (
    AnniversaryView,
    DossierFacts,
    MechanismView,
    MeetingDigest,
    MeetingFilter,
    MeetingView,
    Page,
    Participant,
    Ref,
    SessionView,
    Source,
    VisitFilter,
    VisitView,
)

T = TypeVar("T")
PAGE = 500
CAP = 10_000  # a dossier is a summary; beyond this many events per list it stops reading
RECENT = 10
OFFICIALS = 5


class MechanismSummary(BaseModel):
    mechanism: Ref
    sessions: int = Field(description="Numbered sessions known.")
    latest_session: SessionView | None = Field(None, description="The last session that took place.")
    next_session: SessionView | None = Field(None, description="The first planned session.")


class UpcomingEvent(BaseModel):
    id: str
    type: str
    name: str
    date: str | None = None
    participants: list[Ref] = Field(default_factory=list)


class OfficialActivity(BaseModel):
    person: Ref
    events: int = Field(description="Bilateral meetings, visits and sessions the person took part in.")


class Dossier(BaseModel):
    a: Ref
    b: Ref
    partnership: str | None = Field(None, description="Level of the partnership (PARTNER_OF), if stated.")
    partnership_sources: list[Source] = Field(default_factory=list)
    meetings_total: int = 0
    meetings_per_year: dict[str, int] = Field(
        default_factory=dict, description="Year (or 'undated') -> count."
    )
    recent_meetings: list[MeetingView] = Field(default_factory=list, description="Newest first.")
    visits: list[VisitView] = Field(default_factory=list, description="Both directions, newest first.")
    mechanisms: list[MechanismSummary] = Field(default_factory=list)
    upcoming: list[UpcomingEvent] = Field(default_factory=list, description="Planned events, soonest first.")
    anniversaries: list[AnniversaryView] = Field(default_factory=list)
    officials_a: list[OfficialActivity] = Field(default_factory=list, description="Most active on side a.")
    officials_b: list[OfficialActivity] = Field(default_factory=list, description="Most active on side b.")


def read_all(fetch: Callable[[int, int], Page[T]], cap: int = CAP) -> list[T]:
    """Every item of a paged query, page by page (up to `cap`)."""
    items: list[T] = []
    while len(items) < cap:
        page = fetch(min(PAGE, cap - len(items)), len(items))
        items.extend(page.items)
        if not page.items or len(items) >= page.total:
            break
    return items


def _date_key(date: str | None) -> tuple[int, str]:
    return (0, date) if date else (1, "")


def _session_order(session: SessionView) -> tuple[int, tuple[int, str]]:
    return (session.number if session.number is not None else -1, _date_key(session.date))


def _newest_first(visits: Iterable[VisitView]) -> list[VisitView]:
    """Dated first, latest first, then by id (the stores' NEWEST_FIRST order)."""
    by_id = sorted(visits, key=lambda x: x.id)
    return sorted(by_id, key=lambda x: (x.date is not None, x.date or ""), reverse=True)  # stable


# --- the facts, read with the GraphStore's methods -------------------------------------------------
def _side(store: GraphStore, person_id: str, is_country: dict[str, bool]) -> str | None:
    """The country the person represents, as PersonView.country says: the node's `country` prop when
    it names a Country node, else the view's answer (from REPRESENTS). The node and the claimed
    country (`is_country` remembers them for the call: a third country's delegates recur) cost less to
    read than the whole view with positions and sources."""
    node = store.get_node(person_id)
    if node is None:
        return None
    claimed = node.props.get("country")
    if isinstance(claimed, str):
        if claimed not in is_country:
            found = store.get_node(claimed)
            is_country[claimed] = found is not None and found.label == "Country"
        if is_country[claimed]:
            return claimed
    person = store.get_person(person_id)
    return person.country.id if person and person.country else None


def person_countries(store: GraphStore, person_ids: Iterable[str]) -> dict[str, str | None]:
    """Each person's country (PersonView.country), read as cheaply as the store allows."""
    is_country: dict[str, bool] = {}
    return {pid: _side(store, pid, is_country) for pid in dict.fromkeys(person_ids)}


def _visit_page(store: GraphStore, flt: VisitFilter, limit: int, offset: int) -> Page[VisitView]:
    return store.list_visits(flt, limit=limit, offset=offset)


def _acting_people(visits: list[VisitView], mechanisms: list[MechanismView]) -> Iterable[str]:
    """The Persons who are a visit's visitor or a session's co-chair."""
    for visit in visits:
        if visit.visitor and visit.visitor.type == "Person":
            yield visit.visitor.id
    for mechanism in mechanisms:
        for session in mechanism.sessions:
            yield from (c.id for c in session.co_chairs if c.type == "Person")


def read_facts(
    store: GraphStore,
    a: str,
    b: str,
    recent: int = RECENT,
    cap: int = CAP,
    countries: Callable[[Iterable[str]], dict[str, str | None]] | None = None,
) -> DossierFacts | None:
    """GraphStore.dossier_facts written with the store's other methods (see there). `countries`: how
    the store finds people's countries (default `person_countries`), if it has a cheaper way."""
    ends = [store.get_node(a), store.get_node(b)]
    refs = [Ref(id=n.id, name=n.name, type="Country") for n in ends if n is not None and n.label == "Country"]
    if len(refs) != 2:
        return None
    flt = MeetingFilter(country=a, counterpart_country=b)
    meetings = read_all(lambda lim, off: store.list_meeting_digests(flt, limit=lim, offset=off), cap)
    whole = [view for m in meetings[: max(recent, 0)] if (view := store.get_meeting(m.id)) is not None]
    found: dict[str, VisitView] = {}
    for visitor_side, host in ((a, b), (b, a)):
        both = VisitFilter(country=visitor_side, host_country=host)
        for visit in read_all(partial(_visit_page, store, both), cap):
            found.setdefault(visit.id, visit)
    visits = _newest_first(found.values())
    mechanisms = read_all(
        lambda lim, off: store.list_mechanisms(country=a, limit=lim, offset=off, partner=b), cap
    )
    partnerships = store.relationships_between(a, b, ["PARTNER_OF"])
    cited = sorted({e.article_id for rel in partnerships for e in rel.evidence})
    anniversaries = read_all(lambda lim, off: store.list_anniversaries(country=a, limit=lim, offset=off), cap)
    return DossierFacts(
        a=refs[0],
        b=refs[1],
        meetings=meetings,
        recent=whole,
        visits=visits,
        mechanisms=mechanisms,
        partnerships=partnerships,
        articles=[art for art in map(store.get_article, cited) if art is not None],
        anniversaries=[x for x in anniversaries if b in {c.id for c in x.countries}],
        countries=(countries or partial(person_countries, store))(_acting_people(visits, mechanisms)),
    )


# --- the dossier, composed of the facts ----------------------------------------------------------
def _partnership(facts: DossierFacts) -> tuple[str | None, list[Source]]:
    articles = {art.id: art for art in facts.articles}
    for rel in facts.partnerships:
        if rel.start != rel.end:
            level = rel.props.get("level")
            sources = []
            for evidence in rel.evidence:
                article = articles.get(evidence.article_id)
                sources.append(
                    Source(
                        article_id=evidence.article_id,
                        evidence=evidence.sentence,
                        url=article.url if article else None,
                        published=article.published if article else None,
                    )
                )
            return (str(level) if level is not None else None), sources
    return None, []


def _visit_order(visits: list[VisitView]) -> list[VisitView]:
    dated = sorted((v for v in visits if v.date), key=lambda v: (v.date or "", v.id), reverse=True)
    return dated + sorted((v for v in visits if not v.date), key=lambda v: v.id)


def _summary(mechanism: MechanismView) -> MechanismSummary:
    held = [s for s in mechanism.sessions if s.status == "occurred"]
    planned = [s for s in mechanism.sessions if s.status == "planned"]
    return MechanismSummary(
        mechanism=Ref(id=mechanism.id, name=mechanism.name, type="Mechanism"),
        sessions=len(mechanism.sessions),
        latest_session=max(held, key=_session_order, default=None),
        next_session=min(planned, key=_session_order, default=None),
    )


def _plain(ref: Ref) -> Ref:
    """A Ref as such (a digest's Participant also carries its country)."""
    return ref if type(ref) is Ref else Ref(id=ref.id, name=ref.name, type=ref.type)


def _upcoming(
    meetings: list[MeetingDigest], visits: list[VisitView], mechanisms: list[MechanismView]
) -> list[UpcomingEvent]:
    events = [
        UpcomingEvent(
            id=m.id, type="Meeting", name=m.name, date=m.date, participants=list(map(_plain, m.participants))
        )
        for m in meetings
        if m.status == "planned"
    ]
    events += [
        UpcomingEvent(
            id=v.id, type="Visit", name=v.name, date=v.date, participants=[v.visitor] if v.visitor else []
        )
        for v in visits
        if v.status == "planned"
    ]
    events += [
        UpcomingEvent(id=s.id, type="Session", name=s.name, date=s.date, participants=s.co_chairs)
        for m in mechanisms
        for s in m.sessions
        if s.status == "planned"
    ]
    return sorted(events, key=lambda e: (_date_key(e.date), e.id))


def _officials(
    a: str, b: str, people: Iterable[Ref], countries: Mapping[str, str | None]
) -> tuple[list[OfficialActivity], list[OfficialActivity]]:
    """Count each person's bilateral events, then split the people by the country they represent: as a
    meeting digest's participant says, else as `countries` says."""
    counts: Counter[str] = Counter()
    refs: dict[str, Ref] = {}
    known: dict[str, str | None] = {}
    for ref in people:
        if ref.type == "Person":
            counts[ref.id] += 1
            if ref.id not in refs:  # a busy official recurs: one plain Ref each
                refs[ref.id] = _plain(ref)
            if isinstance(ref, Participant):
                known[ref.id] = ref.country
    sides: dict[str, list[OfficialActivity]] = {a: [], b: []}
    for person_id, n in sorted(counts.items(), key=lambda kv: (-kv[1], refs[kv[0]].name, kv[0])):
        if all(len(side) >= OFFICIALS for side in sides.values()):
            break  # both sides full: the people left cannot enter
        side = known[person_id] if person_id in known else countries.get(person_id)
        if side in sides and len(sides[side]) < OFFICIALS:
            sides[side].append(OfficialActivity(person=refs[person_id], events=n))
    return sides[a], sides[b]


def _participants(
    meetings: list[MeetingDigest], visits: list[VisitView], mechanisms: list[MechanismView]
) -> Iterable[Ref]:
    for meeting in meetings:
        yield from meeting.participants
    for visit in visits:
        if visit.visitor:
            yield visit.visitor
    for mechanism in mechanisms:
        for session in mechanism.sessions:
            yield from session.co_chairs


def compose(facts: DossierFacts) -> Dossier:
    """The dossier of the two countries the facts are about."""
    a, b = facts.a, facts.b
    level, sources = _partnership(facts)
    years = Counter((m.date or "")[:4] or "undated" for m in facts.meetings)
    people = _participants(facts.meetings, facts.visits, facts.mechanisms)
    officials_a, officials_b = _officials(a.id, b.id, people, facts.countries)
    return Dossier(
        a=a,
        b=b,
        partnership=level,
        partnership_sources=sources,
        meetings_total=len(facts.meetings),
        meetings_per_year=dict(sorted(years.items())),
        recent_meetings=facts.recent,
        visits=_visit_order(facts.visits),
        mechanisms=[_summary(m) for m in facts.mechanisms],
        upcoming=_upcoming(facts.meetings, facts.visits, facts.mechanisms),
        anniversaries=facts.anniversaries,
        officials_a=officials_a,
        officials_b=officials_b,
    )


def bilateral_dossier(store: GraphStore, a: str, b: str) -> Dossier | None:
    """The dossier of Countries `a` and `b` (ids), or None when either is not a Country's id."""
    facts = store.dossier_facts(a, b, recent=RECENT, cap=CAP)
    return compose(facts) if facts is not None else None
