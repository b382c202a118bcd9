"""Network analytics of who meets whom, computed with networkx on either store.

The meeting network has one node per person and an edge between two people for every Meeting they
took part in together or Session they co-chaired, weighted by how many. Planned events are left out
(nobody has met yet); `country` keeps the events where someone of that country took part; the date
range compares ISO prefixes as the exports do, and drops undated events.

The network is projected through the GraphStore API (`iter_nodes` / `iter_relationships`), so its cost
is bounded by documented limits: more than MAX_EVENTS events or MAX_LINKS person pairs is refused
with `AnalyticsTooLarge`; above EXACT_BETWEENNESS_PEOPLE people, betweenness is estimated from
BETWEENNESS_SAMPLES sampled sources (seeded, so answers repeat); greedy modularity is refused above
GREEDY_MAX_PEOPLE people (Louvain, the default, has no such limit).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Literal

import networkx as nx
from pydantic import BaseModel, Field

from graph.errors import GraphError
from graph.export import within
from graph.model import Node
from graph.store import GraphStore
from graph.views import Ref

MAX_EVENTS = 200_000
MAX_LINKS = 2_000_000
EXACT_BETWEENNESS_PEOPLE = 2_000
BETWEENNESS_SAMPLES = 500
GREEDY_MAX_PEOPLE = 20_000
EVENT_LINKS = {"Meeting": "PARTICIPATED_IN", "Session": "CO_CHAIRED"}

RankBy = Literal["degree", "betweenness", "pagerank"]
CommunityMethod = Literal["louvain", "greedy"]


class AnalyticsError(GraphError, ValueError):
    """Analytics asked of something unknown (a country that does not resolve)."""


class AnalyticsTooLarge(AnalyticsError):
    """The projected network is above the documented size limits."""


class CentralityEntry(BaseModel):
    person: Ref
    country: Ref | None = None
    meetings: int = Field(description="Meetings and sessions attended in the network.")
    counterparts: int = Field(description="Distinct people met (the node's degree).")
    degree: float = Field(description="Degree centrality: counterparts / (people - 1).")
    betweenness: float = Field(description="Share of shortest paths between others passing through.")
    pagerank: float = Field(description="PageRank on the network weighted by meeting counts.")


class CentralityReport(BaseModel):
    people: int
    links: int
    events: int
    by: RankBy
    betweenness_sampled: bool = False
    items: list[CentralityEntry]


class Community(BaseModel):
    size: int
    members: list[Ref] = Field(description="By name, then id.")
    countries: list[Ref] = Field(description="The members' countries, most represented first.")
    internal_meetings: int = Field(description="Weight of the links inside the community.")


class CommunitiesReport(BaseModel):
    method: CommunityMethod
    people: int
    links: int
    events: int
    modularity: float
    communities: list[Community]


@dataclass
class MeetingNetwork:
    """The projected network: `graph` on person ids, `attended[person]` events attended."""

    graph: nx.Graph = field(default_factory=nx.Graph)
    events: int = 0
    people: dict[str, Ref] = field(default_factory=dict)
    country_of: dict[str, Ref] = field(default_factory=dict)
    attended: Counter[str] = field(default_factory=Counter)


def _ref(node: Node) -> Ref:
    return Ref(id=node.id, name=node.name, type=node.label)


def _events(store: GraphStore, date_from: str | None, date_to: str | None) -> dict[str, list[str]]:
    """Kept event id -> the people linked to it (filled in by the caller)."""
    kept: dict[str, list[str]] = {}
    for node in store.iter_nodes(["Meeting", "Session"]):
        if node.props.get("status", "occurred") == "planned":
            continue
        date = node.props.get("date")
        if (date_from or date_to) and not within(date if isinstance(date, str) else None, date_from, date_to):
            continue
        kept[node.id] = []
        if len(kept) > MAX_EVENTS:
            raise AnalyticsTooLarge(f"more than {MAX_EVENTS} meetings; narrow the date range or country")
    return kept


def _countries(store: GraphStore, people: dict[str, Node]) -> dict[str, Ref]:
    """Each person's country: the `country` prop, else the first country they REPRESENT."""
    country_ids = {p.id: str(p.props["country"]) for p in people.values() if p.props.get("country")}
    for rel in store.iter_relationships(["REPRESENTS"]):
        if rel.start in people:
            country_ids.setdefault(rel.start, rel.end)
    names = {n.id: _ref(n) for n in store.iter_nodes(["Country"])}
    return {pid: names[cid] for pid, cid in country_ids.items() if cid in names}


def _country_id(store: GraphStore, country: str) -> str:
    ids = store.resolve(country, "Country")
    if len(ids) != 1:
        raise AnalyticsError(
            f"{country!r} names {'no' if not ids else 'several'} countries {ids or ''}".strip()
        )
    return ids[0]


def meeting_network(
    store: GraphStore, country: str | None = None, date_from: str | None = None, date_to: str | None = None
) -> MeetingNetwork:
    """Project the meeting network of people from the store (see the module docstring)."""
    wanted = _country_id(store, country) if country else None
    events = _events(store, date_from, date_to)
    people = {n.id: n for n in store.iter_nodes(["Person"])}
    for rel in store.iter_relationships(["PARTICIPATED_IN", "CO_CHAIRED"]):
        if rel.end in events and rel.start in people:
            events[rel.end].append(rel.start)
    net = MeetingNetwork(country_of=_countries(store, people))
    links = 0
    for attendees in events.values():
        group = sorted(set(attendees))
        if not group or (wanted and not any(_is_of(net, p, wanted) for p in group)):
            continue
        net.events += 1
        links += len(group) * (len(group) - 1) // 2
        if links > MAX_LINKS:
            raise AnalyticsTooLarge(f"more than {MAX_LINKS} pairs of people met; narrow the filters")
        net.attended.update(group)
        net.graph.add_nodes_from(group)
        for a, b in combinations(group, 2):
            weight = net.graph.get_edge_data(a, b, {"weight": 0})["weight"]
            net.graph.add_edge(a, b, weight=weight + 1)
    net.people = {pid: _ref(people[pid]) for pid in net.graph}
    return net


def _is_of(net: MeetingNetwork, person_id: str, country_id: str) -> bool:
    ref = net.country_of.get(person_id)
    return ref is not None and ref.id == country_id


def _betweenness(graph: nx.Graph) -> tuple[dict[str, float], bool]:
    n = graph.number_of_nodes()
    if n <= EXACT_BETWEENNESS_PEOPLE:
        return nx.betweenness_centrality(graph), False
    return nx.betweenness_centrality(graph, k=min(BETWEENNESS_SAMPLES, n), seed=0), True


def centrality(
    store: GraphStore,
    country: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 20,
    by: RankBy = "pagerank",
) -> CentralityReport:
    """Officials ranked by `by` (then by name and id), each with all three scores."""
    net = meeting_network(store, country, date_from, date_to)
    g = net.graph
    degree = nx.degree_centrality(g) if len(g) > 1 else dict.fromkeys(g, 0.0)
    betweenness, sampled = _betweenness(g)
    pagerank = nx.pagerank(g, weight="weight") if len(g) else {}
    scores = {"degree": degree, "betweenness": betweenness, "pagerank": pagerank}
    ranked = sorted(g, key=lambda p: (-scores[by][p], net.people[p].name, p))[:limit]
    items = [
        CentralityEntry(
            person=net.people[p],
            country=net.country_of.get(p),
            meetings=net.attended[p],
            counterparts=g.degree(p),
            degree=round(degree[p], 6),
            betweenness=round(betweenness[p], 6),
            pagerank=round(pagerank[p], 6),
        )
        for p in ranked
    ]
    return CentralityReport(
        people=len(g),
        links=g.number_of_edges(),
        events=net.events,
        by=by,
        betweenness_sampled=sampled,
        items=items,
    )


def _partition(graph: nx.Graph, method: CommunityMethod) -> list[set[str]]:
    if graph.number_of_edges() == 0:
        return [{p} for p in graph]
    if method == "greedy":
        if len(graph) > GREEDY_MAX_PEOPLE:
            raise AnalyticsTooLarge(
                f"greedy modularity is limited to {GREEDY_MAX_PEOPLE} people; use louvain"
            )
        return [set(c) for c in nx.community.greedy_modularity_communities(graph, weight="weight")]
    return [set(c) for c in nx.community.louvain_communities(graph, weight="weight", seed=0)]


def _community(net: MeetingNetwork, members: set[str]) -> Community:
    refs = sorted((net.people[p] for p in members), key=lambda r: (r.name, r.id))
    counts = Counter(net.country_of[p].id for p in members if p in net.country_of)
    by_id = {net.country_of[p].id: net.country_of[p] for p in members if p in net.country_of}
    countries = [by_id[c] for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], by_id[kv[0]].name))]
    internal = int(net.graph.subgraph(members).size(weight="weight"))
    return Community(size=len(members), members=refs, countries=countries, internal_meetings=internal)


def communities(
    store: GraphStore,
    country: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    method: CommunityMethod = "louvain",
    limit: int = 20,
    min_size: int = 2,
) -> CommunitiesReport:
    """Groups of people who meet each other more than others, largest first (`min_size` members up)."""
    net = meeting_network(store, country, date_from, date_to)
    parts = _partition(net.graph, method)
    modularity = nx.community.modularity(net.graph, parts, weight="weight") if net.graph.size() else 0.0
    found = [_community(net, members) for members in parts if len(members) >= min_size]
    found.sort(key=lambda c: (-c.size, -c.internal_meetings, c.members[0].name, c.members[0].id))
    return CommunitiesReport(
        method=method,
        people=len(net.graph),
        links=net.graph.number_of_edges(),
        events=net.events,
        modularity=round(modularity, 6),
        communities=found[:limit],
    )
