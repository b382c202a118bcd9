"""Resolution against a store: reuse the ids of people, organisations, anniversaries and events that
earlier articles already put there, so a second report of the same fact lands on the same node.

- People: candidates share a folded key (full name, skeleton, initial form); a candidate is taken when
  the names are compatible (ingest.names) and the countries do not contradict, and only if it is the
  only one. Its name stays (ids and names are stable), the incoming spellings become aliases.
- Organisations: same folded name and country. Anniversaries: same ordinal, year and a subject part.
- Meetings: the same participants (store.events_with_participants) with compatible dates; visits: the
  same visitor and host. An undated report joins a dated event only when exactly one fits, and the
  more precise date wins.
"""

from __future__ import annotations

from collections.abc import Callable

from graph.model import Extraction, Label, Node, PropValue, Relationship, Triple, fold
from graph.store import GraphStore
from ingest import names
from ingest.dates import DateValue

IdMap = dict[str, str]


def _str_list(value: PropValue) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _date(node: Node) -> DateValue | None:
    iso, precision = node.props.get("date"), node.props.get("date_precision")
    if not isinstance(iso, str) or precision not in ("day", "month", "year"):
        return None
    end = node.props.get("date_end")
    return DateValue(iso, precision, end if isinstance(end, str) else None)  # type: ignore[arg-type]


def _person_ok(incoming: Node, stored: Node) -> bool:
    a, b = incoming.props.get("country"), stored.props.get("country")
    if a and b and a != b:
        return False
    forms_in = [incoming.name, *incoming.aliases]
    forms_st = [stored.name, *stored.aliases]
    return any(names.compatible(names.parse(x), names.parse(y)) for x in forms_in[:1] for y in forms_st)


def _single(candidates: list[Node], own_id: str) -> Node | None:
    if any(c.id == own_id for c in candidates):
        return None
    return candidates[0] if len(candidates) == 1 else None


def _match_people(ex: Extraction, store: GraphStore, ids: IdMap) -> None:
    for node in (n for n in ex.nodes if n.label == "Person"):
        keys = _str_list(node.props.get("keys")) + [fold(node.name)]
        found = [c for c in store.find_by_keys("Person", keys) if _person_ok(node, c)]
        match = _single(found, node.id)
        if match is None:
            continue
        ids[node.id] = match.id
        fuller = names.parse(node.name).full and not names.parse(match.name).full
        node.aliases = list(dict.fromkeys([*node.aliases, node.name if not fuller else match.name]))
        node.name = node.name if fuller else match.name
        node.props["keys"] = list(dict.fromkeys(keys + _str_list(match.props.get("keys"))))


def _match_by_keys(
    ex: Extraction, store: GraphStore, label: Label, ids: IdMap, ok: Callable[[Node, Node], bool]
) -> None:
    for node in (n for n in ex.nodes if n.label == label):
        keys = _str_list(node.props.get("keys"))
        if label == "Organization" and not node.props.get("country"):
            keys.append(fold(node.name))  # named without its country: any one stored namesake
        found = [c for c in store.find_by_keys(label, keys) if ok(node, c)] if keys else []
        match = _single(found, node.id)
        if match is not None:
            ids[node.id] = match.id
            node.name = match.name
            node.props.update({k: v for k, v in match.props.items() if k == "subject"})


def _same_country(a: Node, b: Node) -> bool:
    return a.props.get("country") is None or a.props.get("country") == b.props.get("country")


def _same_anniversary(a: Node, b: Node) -> bool:
    return a.props.get("ordinal") == b.props.get("ordinal") and a.props.get("year") == b.props.get("year")


def _pick_event(node: Node, candidates: list[Node]) -> Node | None:
    """The stored event this one reports: the one dated candidate whose date agrees, else (for an
    undated side) the only candidate."""
    own = _date(node)
    others = [c for c in candidates if c.id != node.id]
    if len(others) < len(candidates):
        return None
    if own is None:
        return others[0] if len(others) == 1 else None
    dated = [c for c in others if (d := _date(c)) is not None and d.compatible(own)]
    undated = [c for c in others if _date(c) is None]
    if len(dated) == 1:
        return dated[0]
    return undated[0] if not dated and len(undated) == 1 else None


def _adopt(node: Node, stored: Node) -> None:
    """Merge props into the incoming node so the store keeps the more precise date and status."""
    own, theirs = _date(node), _date(stored)
    if theirs is not None and (own is None or len(theirs.iso) > len(own.iso)):
        for key in ("date", "date_precision", "date_end", "status"):
            if key in stored.props:
                node.props[key] = stored.props[key]
    participants = _str_list(stored.props.get("participants")) + _str_list(node.props.get("participants"))
    if participants:
        node.props["participants"] = list(dict.fromkeys(participants))
    node.name = stored.name


def _match_events(ex: Extraction, store: GraphStore, ids: IdMap) -> None:
    for node in ex.nodes:
        if node.label == "Meeting":
            people = [ids.get(p, p) for p in _str_list(node.props.get("participants"))]
            node.props["participants"] = people
            candidates = store.events_with_participants("Meeting", people[:2]) if len(people) >= 2 else []
        elif node.label == "Visit":
            visitor = ids.get(str(node.props.get("visitor")), str(node.props.get("visitor")))
            node.props["visitor"] = visitor
            candidates = [
                c
                for c in store.events_with_participants("Visit", [visitor])
                if c.props.get("host") == node.props.get("host")
            ]
        else:
            continue
        match = _pick_event(node, candidates)
        if match is not None:
            ids[node.id] = match.id
            _adopt(node, match)


def _rewrite(ex: Extraction, ids: IdMap) -> Extraction:
    nodes: dict[str, Node] = {}
    for node in ex.nodes:
        node.id = ids.get(node.id, node.id)
        known = nodes.get(node.id)
        if known is None:
            nodes[node.id] = node
        else:
            known.aliases = list(dict.fromkeys(known.aliases + node.aliases))
            known.props.update({k: v for k, v in node.props.items() if v is not None})
    rels: dict[tuple[str, str, str, str], Relationship] = {}
    for rel in ex.relationships:
        rel.start, rel.end = ids.get(rel.start, rel.start), ids.get(rel.end, rel.end)
        ident = (rel.type, rel.start, rel.end, rel.key)
        if ident in rels:
            rels[ident].evidence += [e for e in rel.evidence if e not in rels[ident].evidence]
        else:
            rels[ident] = rel
    triples = [
        t.model_copy(update={"subject": ids.get(t.subject, t.subject), "object": ids.get(t.object, t.object)})
        for t in ex.triples
    ]
    return Extraction(
        article=ex.article,
        nodes=list(nodes.values()),
        relationships=list(rels.values()),
        triples=_unique(triples),
    )


def _unique(triples: list[Triple]) -> list[Triple]:
    seen: dict[tuple[str, str, str, str], Triple] = {}
    for t in triples:
        seen.setdefault((t.subject, t.predicate, t.object, t.evidence), t)
    return list(seen.values())


def resolve_with_store(extraction: Extraction, store: GraphStore) -> Extraction:
    """A copy of the extraction whose ids reuse what the store already holds."""
    ex = extraction.model_copy(deep=True)
    ids: IdMap = {}
    _match_people(ex, store, ids)
    _match_by_keys(ex, store, "Organization", ids, _same_country)
    _match_by_keys(ex, store, "Anniversary", ids, _same_anniversary)
    _match_events(ex, store, ids)
    return _rewrite(ex, ids)
