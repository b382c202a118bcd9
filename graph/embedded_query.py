"""Read models of the embedded store, built from the in-memory graph (graph/embedded_graph.py).

Orderings shared with the Neo4j backend (the contract suite checks them): refs in a view (participants,
co-chairs, countries) by id; topics by name; sources by (article id, sentence); positions by (title,
organisation id); sessions by number; lists of events newest first, undated last, then id.

Date filters treat a partial date as a range: "2025-04" runs from 2025-04-01 to 2025-04-31 (string
compare, so 31 is safe for every month), and an event is kept when its range overlaps the filter's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from graph.embedded_graph import Attrs, MemGraph
from graph.views import (
    AnniversaryView,
    ArticleView,
    MechanismView,
    MeetingDigest,
    MeetingView,
    Participant,
    PersonView,
    Position,
    Ref,
    SessionView,
    Source,
    Timeline,
    TimelineEntry,
    VisitView,
)

_START_PAD = {4: "-01-01", 7: "-01"}
_END_PAD = {4: "-12-31", 7: "-31"}


def str_prop(props: dict[str, Any], key: str) -> str | None:
    value = props.get(key)
    return None if value is None else str(value)


def int_prop(props: dict[str, Any], key: str) -> int | None:
    value = props.get(key)
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def date_range(start: str, end: str | None = None) -> tuple[str, str]:
    """First and last day of a (possibly partial) ISO date or date span, as comparable strings."""
    lo, hi = start[:10], (end or start)[:10]
    return lo + _START_PAD.get(len(lo), ""), hi + _END_PAD.get(len(hi), "")


def dates_overlap(start: str | None, end: str | None, date_from: str | None, date_to: str | None) -> bool:
    if date_from is None and date_to is None:
        return True
    if start is None:
        return False
    lo, hi = date_range(start, end)
    if date_from is not None and hi < date_range(date_from)[0]:
        return False
    return date_to is None or lo <= date_range(date_to)[1]


def newest_first(mg: MemGraph, ids: Iterable[str]) -> list[str]:
    """Newest first, undated last, ties by id (two stable sorts: id ascending, then date descending)."""
    by_id = sorted(ids)
    return sorted(by_id, key=lambda i: str_prop(mg.attrs(i)["props"], "date") or "", reverse=True)


class Views:
    """Builds the read models of single nodes."""

    def __init__(self, mg: MemGraph) -> None:
        self.mg = mg
        # countries_of and country_of, per node, until the graph changes (tuples and strings: the
        # cyclic GC leaves them alone)
        self._countries: dict[str, tuple[str, ...]] = {}
        self._country: dict[str, str | None] = {}
        self._refs: dict[str, Ref] = {}
        self._remembered_at = -1

    # --- small pieces ---------------------------------------------------------------------------
    def ref(self, node_id: str) -> Ref:
        """The node's Ref, remembered until the graph changes: the views of a page point at the same
        people, places and countries again and again, and a Ref is frozen, so one instance serves all."""
        self._forget_if_changed()
        known = self._refs.get(node_id)
        if known is None:
            a = self.mg.attrs(node_id)
            known = self._refs[node_id] = Ref(id=node_id, name=a["name"], type=a["label"])
        return known

    def refs(self, ids: Iterable[str]) -> list[Ref]:
        return [self.ref(i) for i in sorted(set(ids))]

    def targets(self, node_id: str, rel_type: str) -> list[str]:
        return sorted({end for end, _ in self.mg.out(node_id, rel_type)})

    def sources_of(self, node_id: str, rel_type: str = "REPORTED_IN") -> list[Source]:
        return self._cited(list(self.mg.out(node_id, rel_type)))

    def _cited(self, reported: Sequence[tuple[str, Attrs]]) -> list[Source]:
        """The sources of REPORTED_IN edges (end, attrs)."""
        return self.sources({tuple(p) for _, data in reported for p in data["pairs"]})

    def sources(self, pairs: Iterable[tuple[str, str]]) -> list[Source]:
        out = []
        for article_id, sentence in sorted(set(pairs)):
            props = self.mg.attrs(article_id)["props"] if self.mg.has(article_id) else {}
            out.append(
                Source(
                    article_id=article_id,
                    evidence=sentence,
                    url=str_prop(props, "url"),
                    published=str_prop(props, "published"),
                )
            )
        return out

    def first(self, ids: list[str]) -> Ref | None:
        return self.ref(ids[0]) if ids else None

    def _least(self, edges: Sequence[tuple[str, Attrs]]) -> Ref | None:
        """The Ref of the least end of (end, attrs) edges: `first(targets(...))` of edges in hand."""
        return self.ref(min(end for end, _ in edges)) if edges else None

    def place(self, node_id: str) -> Ref | None:
        return self._held(list(self.mg.out(node_id, "HELD_IN")))

    def _held(self, held: Sequence[tuple[str, Attrs]]) -> Ref | None:
        """Where an event was held, of its HELD_IN edges: a Place before a Country, then by id."""
        if not held:
            return None
        return self.ref(min((end for end, _ in held), key=lambda i: (self.mg.label(i) != "Place", i)))

    def topics(self, node_id: str) -> list[str]:
        return self._topic_names(list(self.mg.out(node_id, "DISCUSSED")))

    def _topic_names(self, discussed: Sequence[tuple[str, Attrs]]) -> list[str]:
        return sorted({self.mg.attrs(end)["name"] for end, _ in discussed})

    def countries_of(self, node_id: str) -> set[str]:
        """Countries a person or organisation stands for: its `country` prop and REPRESENTS edges.
        Remembered until the graph changes: the country filters ask it of every participant of every
        candidate meeting, and walking a busy person's edges for REPRESENTS is most of that work."""
        self._forget_if_changed()
        known = self._countries.get(node_id)
        if known is None:
            country = self.mg.attrs(node_id)["props"].get("country")
            found = {end for end, _ in self.mg.out(node_id, "REPRESENTS")}
            if isinstance(country, str) and self.mg.has(country):
                found.add(country)
            known = self._countries[node_id] = tuple(found)
        return set(known)

    def _forget_if_changed(self) -> None:
        if self._remembered_at != self.mg.version:
            self._countries.clear()
            self._country.clear()
            self._refs.clear()
            self._remembered_at = self.mg.version

    def participants(self, node_id: str, rel_type: str = "PARTICIPATED_IN") -> set[str]:
        return {start for start, _ in self.mg.into(node_id, rel_type)}

    # --- views ----------------------------------------------------------------------------------
    def person(self, person_id: str) -> PersonView | None:
        if not self.mg.is_a(person_id, "Person"):
            return None
        a = self.mg.attrs(person_id)
        country = self.country_of(person_id)
        positions = []
        for end, data in self.mg.out(person_id, "HOLDS_POSITION"):
            props = data["props"]
            positions.append(
                (
                    (str(props.get("title") or ""), end, data["key"]),
                    Position(
                        title=str(props.get("title") or ""),
                        organization=self.mg.attrs(end)["name"],
                        organization_id=end,
                        as_of=str_prop(props, "as_of"),
                        sources=self.sources(data["pairs"]),
                    ),
                )
            )
        return PersonView(
            id=person_id,
            name=a["name"],
            aliases=list(a["aliases"]),
            country=self.ref(country) if country else None,
            positions=[p for _, p in sorted(positions, key=lambda x: x[0])],
            articles=list(self.mg.articles(person_id)),
        )

    def country_of(self, person_id: str) -> str | None:
        """The country a person stands for: the `country` prop naming a Country, else REPRESENTS.
        Remembered until the graph changes (every digest asks it of every participant)."""
        self._forget_if_changed()
        if person_id in self._country:
            return self._country[person_id]
        claimed = self.mg.attrs(person_id)["props"].get("country")
        if isinstance(claimed, str) and self.mg.is_a(claimed, "Country"):
            country: str | None = claimed
        else:
            country = next(iter(self.targets(person_id, "REPRESENTS")), None)
        self._country[person_id] = country
        return country

    def participant(self, node_id: str) -> Participant:
        a = self.mg.attrs(node_id)
        country = self.country_of(node_id) if a["label"] == "Person" else None
        return Participant(id=node_id, name=a["name"], type=a["label"], country=country)

    def meeting_digest(self, meeting_id: str) -> MeetingDigest | None:
        if not self.mg.is_a(meeting_id, "Meeting"):
            return None
        a = self.mg.attrs(meeting_id)
        p = a["props"]
        return MeetingDigest(
            id=meeting_id,
            name=a["name"],
            date=str_prop(p, "date"),
            status=str_prop(p, "status") or "occurred",
            participants=[self.participant(i) for i in sorted(self.participants(meeting_id))],
        )

    def meeting(self, meeting_id: str) -> MeetingView | None:
        if not self.mg.is_a(meeting_id, "Meeting"):
            return None
        a, p = self.mg.attrs(meeting_id), self.mg.attrs(meeting_id)["props"]
        out = self.mg.out_by_type(meeting_id)
        return MeetingView(
            id=meeting_id,
            name=a["name"],
            kind=str_prop(p, "kind"),
            date=str_prop(p, "date"),
            date_precision=str_prop(p, "date_precision"),
            status=str_prop(p, "status") or "occurred",
            participants=self.refs(self.participants(meeting_id)),
            place=self._held(out.get("HELD_IN", ())),
            event=self._least(out.get("ON_SIDELINES_OF", ())),
            topics=self._topic_names(out.get("DISCUSSED", ())),
            sources=self._cited(out.get("REPORTED_IN", ())),
        )

    def visit(self, visit_id: str) -> VisitView | None:
        if not self.mg.is_a(visit_id, "Visit"):
            return None
        a, p = self.mg.attrs(visit_id), self.mg.attrs(visit_id)["props"]
        out = self.mg.out_by_type(visit_id)
        return VisitView(
            id=visit_id,
            name=a["name"],
            kind=str_prop(p, "kind"),
            visitor=self.first(sorted(self.participants(visit_id, "MADE"))),
            host_country=self._least(out.get("TO", ())),
            date=str_prop(p, "date"),
            date_end=str_prop(p, "date_end"),
            date_precision=str_prop(p, "date_precision"),
            status=str_prop(p, "status") or "occurred",
            topics=self._topic_names(out.get("DISCUSSED", ())),
            sources=self._cited(out.get("REPORTED_IN", ())),
        )

    def session(self, session_id: str) -> SessionView:
        a, p = self.mg.attrs(session_id), self.mg.attrs(session_id)["props"]
        out = self.mg.out_by_type(session_id)
        return SessionView(
            id=session_id,
            name=a["name"],
            number=int_prop(p, "number"),
            date=str_prop(p, "date"),
            date_precision=str_prop(p, "date_precision"),
            status=str_prop(p, "status") or "occurred",
            co_chairs=self.refs(self.participants(session_id, "CO_CHAIRED")),
            place=self._held(out.get("HELD_IN", ())),
            mechanism=self._least(out.get("SESSION_OF", ())),
            sources=self._cited(out.get("REPORTED_IN", ())),
        )

    def mechanism(self, mechanism_id: str) -> MechanismView | None:
        if not self.mg.is_a(mechanism_id, "Mechanism"):
            return None
        a = self.mg.attrs(mechanism_id)
        sessions = [
            self.session(s)
            for s in self.participants(mechanism_id, "SESSION_OF")
            if self.mg.is_a(s, "Session")
        ]
        sessions.sort(key=lambda s: (s.number is None, s.number or 0, s.date or "", s.id))
        return MechanismView(
            id=mechanism_id,
            name=a["name"],
            aliases=list(a["aliases"]),
            countries=self.refs(self.targets(mechanism_id, "BETWEEN")),
            sessions=sessions,
            sources=self.sources_of(mechanism_id),
        )

    def anniversary(self, anniversary_id: str) -> AnniversaryView | None:
        if not self.mg.is_a(anniversary_id, "Anniversary"):
            return None
        a, p = self.mg.attrs(anniversary_id), self.mg.attrs(anniversary_id)["props"]
        return AnniversaryView(
            id=anniversary_id,
            name=a["name"],
            ordinal=int_prop(p, "ordinal"),
            subject=str_prop(p, "subject") or "",
            year=int_prop(p, "year"),
            base_year=int_prop(p, "base_year"),
            countries=self.refs(self.targets(anniversary_id, "OF")),
            sources=self.sources_of(anniversary_id),
        )

    def article(self, article_id: str) -> ArticleView | None:
        if not self.mg.is_a(article_id, "Article"):
            return None
        a, p = self.mg.attrs(article_id), self.mg.attrs(article_id)["props"]
        return ArticleView(
            id=article_id,
            title=str_prop(p, "title") or a["name"],
            published=str_prop(p, "published"),
            source=str_prop(p, "source"),
            url=str_prop(p, "url"),
            content_hash=str_prop(p, "content_hash"),
        )

    def timeline(self, person_id: str, limit: int | None = None, offset: int = 0) -> Timeline | None:
        """GraphStore.timeline: every event is dated and ordered, only the page's entries are built."""
        if not self.mg.is_a(person_id, "Person"):
            return None
        found: list[tuple[tuple[bool, str, str], str, str, dict[str, Any]]] = []
        for rel_type, label in (("PARTICIPATED_IN", "Meeting"), ("MADE", "Visit"), ("CO_CHAIRED", "Session")):
            for event_id, data in self.mg.out(person_id, rel_type):
                if self.mg.is_a(event_id, label):
                    date = str_prop(self.mg.attrs(event_id)["props"], "date")
                    found.append(((date is None, date or "", event_id), label, rel_type, data["props"]))
        found.sort(key=lambda x: x[0])  # stable: one event's entries stay in the order they were met
        start = max(offset, 0)  # bounds as embedded_lists.page takes them
        window = found[start:] if limit is None else found[start : start + max(limit, 0)]
        entries = [self._entry(person_id, key[2], label, rel, props) for key, label, rel, props in window]
        return Timeline(person=self.ref(person_id), items=entries, total=len(found))

    def _entry(
        self, person_id: str, event_id: str, label: str, rel_type: str, props: dict[str, Any]
    ) -> TimelineEntry:
        a = self.mg.attrs(event_id)
        if label == "Visit":
            counterparts, place = [], self.first(self.targets(event_id, "TO"))
        else:
            counterparts = self.refs(self.participants(event_id, rel_type) - {person_id})
            place = self.place(event_id)
        return TimelineEntry(
            id=event_id,
            type=label,
            name=a["name"],
            date=str_prop(a["props"], "date"),
            status=str_prop(a["props"], "status") or "occurred",
            role=str_prop(props, "role"),
            counterparts=counterparts,
            place=place,
        )
