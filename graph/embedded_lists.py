"""Paged, filtered lists of the embedded store.

Filters that name people, countries or places go through `resolve` (an id or any spelling); a
reference that resolves to nothing matches nothing. Candidates come from the adjacency of the
resolved nodes when a filter names one, so per-person queries never walk every event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import TypeVar

from graph.embedded_graph import MemGraph, cached_fold
from graph.embedded_query import Views, dates_overlap, int_prop, newest_first, str_prop
from graph.model import Label, Node, fold
from graph.views import (
    AnniversaryView,
    ArticleView,
    MechanismView,
    MeetingFilter,
    Page,
    PersonView,
    VisitFilter,
    VisitView,
)

T = TypeVar("T")
Resolver = Callable[[str, Label | None], list[str]]


def page(ids: Sequence[str], build: Callable[[str], T | None], limit: int, offset: int) -> Page[T]:
    """One page of `ids`, built. A plain `Page`, never `Page[T]` at run time: nothing holds a class made
    for a type variable, so every full GC pass freed it and the next call made it again (~0.7 ms)."""
    items = [
        x for x in (build(i) for i in ids[max(offset, 0) : max(offset, 0) + max(limit, 0)]) if x is not None
    ]
    return Page(items=items, total=len(ids))


class Lists:
    def __init__(self, mg: MemGraph, views: Views, resolve: Resolver) -> None:
        self.mg, self.v, self.resolve = mg, views, resolve
        # What is kept until the graph changes is kept in tuples of ids where it is only read in order:
        # the cyclic GC stops tracking a tuple of strings, where it walks a list or a set on every full
        # pass (see EmbeddedStore.warm). A country's sets stay sets: they are intersected (a dossier's
        # two countries), and rebuilding a hub's set of thousands from a tuple cost more than the walk.
        self._sorted: dict[str, tuple[int, tuple[str, ...]]] = {}
        self._per_country: dict[tuple[str, str], tuple[int, frozenset[str]]] = {}

    def by_label_newest(self, label: str) -> tuple[str, ...]:
        """All events of a label, newest first; cached until the graph changes."""
        cached = self._sorted.get(label)
        if cached is None or cached[0] != self.mg.version:
            cached = (self.mg.version, tuple(newest_first(self.mg, self.mg.by_label.get(label, ()))))
            self._sorted[label] = cached
        return cached[1]

    def _refs(self, value: str | None, label: Label | None = None) -> set[str] | None:
        return None if value is None else set(self.resolve(value, label))

    # --- meetings -------------------------------------------------------------------------------
    def members(self, countries: set[str]) -> set[str]:
        """People and organisations standing for any of the countries (prop or REPRESENTS)."""
        found = {m for c in countries for m in self.mg.by_country.get(c, ())}
        return found | {m for c in countries if self.mg.has(c) for m, _ in self.mg.into(c, "REPRESENTS")}

    def _of_countries(
        self, kind: str, countries: set[str], compute: Callable[[str], AbstractSet[str]]
    ) -> AbstractSet[str]:
        """The union of `compute(country)` over `countries`, each cached until the graph changes: a hub
        country's officials have thousands of events between them, and every dossier of that country
        starts from them. One country (the usual filter) answers its cached set itself, uncopied."""
        found: set[str] = set()
        for country in countries:
            cached = self._per_country.get((kind, country))
            if cached is None or cached[0] != self.mg.version:
                cached = self._per_country[kind, country] = (self.mg.version, frozenset(compute(country)))
            if len(countries) == 1:
                return cached[1]
            found.update(cached[1])
        return found

    def warm(self) -> None:
        """Collect every country's meetings, visits, mechanisms and anniversaries now (what every first
        dossier of a country would otherwise pay: ~4 ms for a country's meetings at 1e5)."""
        for country in self.mg.by_label.get("Country", ()):
            self.country_meetings({country})
            self.country_visits({country})
            self.mechanisms_of({country})
            self.anniversaries_of({country})

    def country_meetings(self, countries: set[str]) -> AbstractSet[str]:
        """Meetings with a participant standing for any of `countries`."""

        def of(country: str) -> set[str]:
            return self.mg.linked(self.members({country}), "PARTICIPATED_IN", "Meeting")

        return self._of_countries("Meeting", countries, of)

    def visits_to(self, countries: set[str]) -> AbstractSet[str]:
        """Visits to any of `countries` (a country's incoming edges are thousands: cached)."""
        return self._of_countries("VisitTo", countries, lambda c: self.mg.linked({c}, "TO", "Visit", False))

    def mechanisms_of(self, countries: set[str]) -> AbstractSet[str]:
        """Mechanisms between any of `countries` and another. Found among a country's incoming edges,
        thousands on a hub (everyone who represents it), for a handful of mechanisms: cached, as every
        dossier of the country asks it."""
        return self._of_countries(
            "Mechanism", countries, lambda c: self.mg.linked({c}, "BETWEEN", "Mechanism", outgoing=False)
        )

    def anniversaries_of(self, countries: set[str]) -> AbstractSet[str]:
        """Anniversaries of any of `countries`: a handful among a country's thousands of incoming edges
        (~0.2 ms a hub at 1e5, asked by every dossier of it): cached."""
        return self._of_countries(
            "Anniversary", countries, lambda c: self.mg.linked({c}, "OF", "Anniversary", outgoing=False)
        )

    def country_visits(self, countries: set[str]) -> AbstractSet[str]:
        """Visits to any of `countries`, or made by someone standing for one of them."""

        def of(country: str) -> AbstractSet[str]:
            return self.visits_to({country}) | self.mg.linked(self.members({country}), "MADE", "Visit")

        return self._of_countries("Visit", countries, of)

    def meetings(
        self, flt: MeetingFilter, limit: int, offset: int, build: Callable[[str], T | None]
    ) -> Page[T]:
        """The meetings matching `flt`, newest first, the page's ids through `build` (a view, a digest)."""
        person, with_ = self._refs(flt.person), self._refs(flt.with_)
        country = self._refs(flt.country, "Country")
        counterpart = self._refs(flt.counterpart_country, "Country")
        places = self._refs(flt.place)
        if places is not None:
            places |= {p for c in places if self.mg.has(c) for p, _ in self.mg.into(c, "LOCATED_IN")}
        candidates: AbstractSet[str] | None = None
        for found in (
            None if person is None else self.mg.linked(person, "PARTICIPATED_IN", "Meeting"),
            None if with_ is None else self.mg.linked(with_, "PARTICIPATED_IN", "Meeting"),
            None if country is None else self.country_meetings(country),
            None if counterpart is None else self.country_meetings(counterpart),
            None if places is None else self.mg.linked(places, "HELD_IN", "Meeting", outgoing=False),
        ):
            if found is not None:
                candidates = found if candidates is None else candidates & found
        ordered = self.by_label_newest("Meeting") if candidates is None else newest_first(self.mg, candidates)
        plain = (flt.status, flt.kind, flt.date_from, flt.date_to, country, counterpart) == (None,) * 6
        if plain:  # no per-meeting test left: page the (cached) order directly
            return page(ordered, build, limit, offset)

        def keep(m: str) -> bool:
            props = self.mg.attrs(m)["props"]
            if flt.status is not None and (str_prop(props, "status") or "occurred") != flt.status:
                return False
            if flt.kind is not None and str_prop(props, "kind") != flt.kind:
                return False
            if not dates_overlap(str_prop(props, "date"), None, flt.date_from, flt.date_to):
                return False
            if country is None and counterpart is None:
                return True
            return self._countries_match(self.v.participants(m), person or set(), country, counterpart)

        return page([m for m in ordered if keep(m)], build, limit, offset)

    def _countries_match(
        self,
        parts: set[str],
        person: set[str],
        country: set[str] | None,
        counterpart: set[str] | None,
    ) -> bool:
        if country is None and counterpart is None:
            return True
        of = {p: self.v.countries_of(p) for p in parts}  # remembered by Views until the graph changes
        sides = [p for p in parts if country is None or of[p] & country]
        if not sides:
            return False
        if counterpart is None:
            return True
        # "Another participant": not the filtered person, and not the one standing for `country`.
        others = [q for q in parts if q not in person and of[q] & counterpart]
        return any(q != p or country is None for q in others for p in sides)

    # --- visits ---------------------------------------------------------------------------------
    def visits(self, flt: VisitFilter, limit: int, offset: int) -> Page[VisitView]:
        visitor, host = self._refs(flt.visitor), self._refs(flt.host_country, "Country")
        country = self._refs(flt.country, "Country")
        candidates: AbstractSet[str] | None = None
        if visitor is not None:
            candidates = self.mg.linked(visitor, "MADE", "Visit")
        if host is not None:
            found = self.visits_to(host)
            candidates = found if candidates is None else candidates & found
        if country is not None:  # exactly the visits to the country or by its people
            found = self.country_visits(country)
            candidates = found if candidates is None else candidates & found
        ordered = self.by_label_newest("Visit") if candidates is None else newest_first(self.mg, candidates)

        def keep(v: str) -> bool:
            props = self.mg.attrs(v)["props"]
            if flt.status is not None and (str_prop(props, "status") or "occurred") != flt.status:
                return False
            start, end = str_prop(props, "date"), str_prop(props, "date_end")
            return dates_overlap(start, end, flt.date_from, flt.date_to)

        return page([v for v in ordered if keep(v)], self.v.visit, limit, offset)

    # --- people, mechanisms, anniversaries, nodes, articles -----------------------------------------
    def by_name(self, ids: Iterable[str]) -> list[str]:
        return sorted(ids, key=lambda i: (self.mg.attrs(i)["name"], i))

    def people(self, q: str | None, country: str | None, limit: int, offset: int) -> Page[PersonView]:
        ids: Iterable[str] = self.mg.by_label.get("Person", set())
        wanted = self._refs(country, "Country")
        if wanted is not None:
            ids = [p for p in ids if self.v.countries_of(p) & wanted]
        if q:
            needle = fold(q)
            ids = [p for p in ids if any(needle in cached_fold(t) for t in self._names(p))]
        return page(self.by_name(ids), self.v.person, limit, offset)

    def _names(self, node_id: str) -> list[str]:
        a = self.mg.attrs(node_id)
        return [a["name"], *a["aliases"]]

    def mechanisms(
        self, country: str | None, partner: str | None, limit: int, offset: int
    ) -> Page[MechanismView]:
        candidates: AbstractSet[str] | None = None
        for value in (country, partner):  # from the countries' BETWEEN edges, not a walk over them all
            wanted = self._refs(value, "Country")
            if wanted is not None:
                found = self.mechanisms_of(wanted)
                candidates = found if candidates is None else candidates & found
        ids = self.mg.by_label.get("Mechanism", set()) if candidates is None else candidates
        return page(self.by_name(ids), self.v.mechanism, limit, offset)

    def anniversaries(
        self, year: int | None, country: str | None, limit: int, offset: int
    ) -> Page[AnniversaryView]:
        ids: Iterable[str] = self.mg.by_label.get("Anniversary", set())
        wanted = self._refs(country, "Country")
        if wanted is not None:
            ids = self.anniversaries_of(wanted)
        if year is not None:
            ids = [a for a in ids if int_prop(self.mg.attrs(a)["props"], "year") == year]
        # Newest year first, undated last, then id.
        ordered = sorted(ids, key=lambda a: (-(int_prop(self.mg.attrs(a)["props"], "year") or -(10**9)), a))
        return page(ordered, self.v.anniversary, limit, offset)

    def nodes(self, label: Label, limit: int, offset: int) -> Page[Node]:
        return page(self.by_name(self.mg.by_label.get(label, set())), self.mg.node, limit, offset)

    def articles(self, limit: int, offset: int) -> Page[ArticleView]:
        ids = sorted(self.mg.by_label.get("Article", set()))
        ordered = sorted(
            ids, key=lambda a: str_prop(self.mg.attrs(a)["props"], "published") or "", reverse=True
        )
        return page(ordered, self.v.article, limit, offset)
