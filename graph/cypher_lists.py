"""The filtered, paged lists of the Neo4j backend: one static query text per list and anchor.

A list query is an anchor, which finds candidate nodes from the most selective filter through an index,
then one WHERE holding every filter (a filter left unset is a null parameter and keeps everything), then
the ordering and the page (graph.cypher.page). The anchor only narrows the candidates to a superset of the
answer, so every anchor gives the same items, order and total; the WHERE decides. Anchors, most selective
first, chosen by `meeting_anchor` / `visit_anchor` / ... from the parameters that are set:
- a person (`person`, `with`, `visitor`): a unique-index seek on the id, then its PARTICIPATED_IN / MADE;
- a country: the seek on the Country, its REPRESENTS people and organisations, plus those whose `country`
  prop names it (range index on `country`, see graph.cypher.COUNTRY_PROP_LABELS), then their events;
  both a country and a counterpart country (meetings, the bilateral dossier): the meetings of the first
  country's members that a member of the second also attended (the intersection, not the first side's
  whole list filtered participant by participant);
- a place: the seek on the place, the events HELD_IN it or in a place LOCATED_IN it;
- a date range (meetings): a range seek on the `date` index (the bounds below);
- nothing selective (status, kind, year, or no filter): a scan of the label.
Each text is static, so Neo4j plans it once and reuses the plan.
"""

from __future__ import annotations

from collections.abc import Mapping

from graph.cypher import (
    BY_NAME,
    COUNTRY_PROP_LABELS,
    NEWEST_FIRST,
    REL_MAP,
    anniversary_map,
    any_node,
    article_map,
    country_id,
    label,
    mechanism_map,
    meeting_digest_map,
    meeting_map,
    page,
    person_map,
    rel_type,
    visit_map,
)


# --- filters: every parameter may be null (no filter); id lists come from GraphStore.resolve ----------
def _represents(v: str, param: str) -> str:
    """`v` stands for one of the countries: its `country` prop or a REPRESENTS relationship."""
    through = f"EXISTS {{ MATCH ({v})-[:REPRESENTS]->({v}r) WHERE {v}r.id IN {param} }}"
    return f"({v}.country IN {param} OR {through})"


def _dated(start: str, end: str) -> str:
    """A partial date is a range ("2025-05" is all of May): the event's range and the bounds' overlap.
    Comparing both sides cut to the shorter length is exactly that, on ISO prefixes."""
    after = f"left({end}, size($date_from)) >= left($date_from, size({end}))"
    before = f"left({start}, size($date_to)) <= left($date_to, size({start}))"
    return (
        f"($date_from IS NULL OR ({end} IS NOT NULL AND {after}))"
        f" AND ($date_to IS NULL OR ({start} IS NOT NULL AND {before}))"
    )


_STATUS = "($status IS NULL OR coalesce(e.status, 'occurred') = $status)"
_MEETING_WHERE = f"""
WHERE {_STATUS} AND ($kind IS NULL OR e.kind = $kind) AND {_dated("e.date", "e.date")}
  AND ($person IS NULL OR EXISTS {{ MATCH (fp)-[:PARTICIPATED_IN]->(e) WHERE fp.id IN $person }})
  AND ($with IS NULL OR EXISTS {{ MATCH (fw)-[:PARTICIPATED_IN]->(e)
       WHERE fw.id IN $with AND NOT fw.id IN coalesce($person, []) }})
  AND ($country IS NULL OR EXISTS {{ MATCH (fc)-[:PARTICIPATED_IN]->(e)
       WHERE {_represents("fc", "$country")} }})
  AND ($counterpart IS NULL OR EXISTS {{ MATCH (fo)-[:PARTICIPATED_IN]->(e)
       WHERE {_represents("fo", "$counterpart")} AND NOT fo.id IN coalesce($person, [])
         AND ($country IS NULL OR EXISTS {{ MATCH (fs)-[:PARTICIPATED_IN]->(e)
              WHERE fs <> fo AND {_represents("fs", "$country")} }}) }})
  AND ($place IS NULL OR EXISTS {{ MATCH (e)-[:HELD_IN]->(fh)
       WHERE fh.id IN $place OR EXISTS {{ MATCH (fh)-[:LOCATED_IN]->(fl) WHERE fl.id IN $place }} }})
"""
_VISIT_WHERE = f"""
WHERE {_STATUS} AND {_dated("e.date", "coalesce(e.date_end, e.date)")}
  AND ($visitor IS NULL OR EXISTS {{ MATCH (fv)-[:MADE]->(e) WHERE fv.id IN $visitor }})
  AND ($host IS NULL OR EXISTS {{ MATCH (e)-[:TO]->(fh) WHERE fh.id IN $host }})
  AND ($country IS NULL OR EXISTS {{ MATCH (e)-[:TO]->(fh) WHERE fh.id IN $country }}
       OR EXISTS {{ MATCH (fv)-[:MADE]->(e) WHERE {_represents("fv", "$country")} }})
"""
_PEOPLE_WHERE = f"""
WHERE ($q IS NULL OR (e.match_text CONTAINS $q AND any(k IN e.keys WHERE k CONTAINS $q)))
  AND ($country IS NULL OR {_represents("e", "$country")})
"""
_MECHANISM_WHERE = """
WHERE ($country IS NULL OR EXISTS { MATCH (e)-[:BETWEEN]->(fc) WHERE fc.id IN $country })
  AND ($partner IS NULL OR EXISTS { MATCH (e)-[:BETWEEN]->(fp) WHERE fp.id IN $partner })
"""
_ANNIVERSARY_WHERE = """
WHERE ($year IS NULL OR e.year = $year)
  AND ($country IS NULL OR EXISTS { MATCH (e)-[:OF]->(fc) WHERE fc.id IN $country })
"""


# --- anchors: each ends with the candidates bound to `e`, once each --------------------------------
def _seek(param: str, var: str) -> str:
    """The nodes whose ids are in the list `param`, bound to `var`: one unique-index seek per label."""
    return f"UNWIND {param} AS {var}_id CALL ({var}_id) {{ {any_node(var, var + '_id')} }}"


def _linked_to(param: str, rel: str, lbl: str) -> str:
    """Events of `lbl` reached from the nodes named in `param` over `rel`."""
    return f"""
{_seek(param, "fn")}
MATCH (fn)-[:{rel_type(rel)}]->(e:{label(lbl)})
WITH DISTINCT e"""


def _members(param: str, v: str, labels: frozenset[str] | None = None) -> str:
    """CALL body: the nodes (of `labels`, default any) standing for a country of `param`, bound to `v`:
    REPRESENTS one of them, or a `country` prop naming one (an index seek per label that has it)."""
    where = "" if labels is None else " WHERE " + " OR ".join(f"{v}:{label(lbl)}" for lbl in sorted(labels))
    through = f"{_seek(param, v + 'c')} MATCH ({v})-[:REPRESENTS]->({v}c){where} RETURN {v}"
    prop_labels = sorted(COUNTRY_PROP_LABELS if labels is None else COUNTRY_PROP_LABELS & labels)
    by_prop = [f"MATCH ({v}:{label(lbl)}) WHERE {v}.country IN {param} RETURN {v}" for lbl in prop_labels]
    return " UNION ".join([through, *by_prop])


def _country_events(param: str, rel: str, lbl: str) -> str:
    """Events of `lbl` reached over `rel` from the people and organisations of the countries in `param`."""
    return f"""
CALL () {{ {_members(param, "fm")} }}
MATCH (fm)-[:{rel_type(rel)}]->(e:{label(lbl)})
WITH DISTINCT e"""


def _events_at(param: str, rel: str, lbl: str) -> str:
    """Events of `lbl` with a `rel` relationship to a node named in `param`."""
    return f"""
{_seek(param, "fn")}
MATCH (e:{label(lbl)})-[:{rel_type(rel)}]->(fn)
WITH DISTINCT e"""


_BILATERAL_MEETINGS = f"""
CALL () {{ {_members("$country", "fm")} }}
MATCH (fm)-[:PARTICIPATED_IN]->(ea:Meeting)
WITH collect(DISTINCT ea) AS sided
CALL () {{ {_members("$counterpart", "fk")} }}
MATCH (fk)-[:PARTICIPATED_IN]->(e:Meeting) WHERE e IN sided
WITH DISTINCT e"""

_MEETINGS_HELD_AT = f"""
{_seek("$place", "fn")}
CALL (fn) {{
  MATCH (e:Meeting)-[:HELD_IN]->(fn) RETURN e
  UNION
  MATCH (e:Meeting)-[:HELD_IN]->()-[:LOCATED_IN]->(fn) RETURN e
}}
WITH DISTINCT e"""

_VISITS_OF_COUNTRY = f"""
CALL () {{
  {_seek("$country", "fn")} MATCH (e:Visit)-[:TO]->(fn) RETURN e
  UNION
  CALL () {{ {_members("$country", "fm")} }} MATCH (fm)-[:MADE]->(e:Visit) RETURN e
}}
WITH DISTINCT e"""

_PEOPLE_OF_COUNTRY = f"""
CALL () {{ {_members("$country", "e", frozenset({"Person"}))} }}
WITH DISTINCT e"""

MEETING_ANCHORS: dict[str, str] = {
    "person": _linked_to("$person", "PARTICIPATED_IN", "Meeting"),
    "with": _linked_to("$with", "PARTICIPATED_IN", "Meeting"),
    "bilateral": _BILATERAL_MEETINGS,
    "country": _country_events("$country", "PARTICIPATED_IN", "Meeting"),
    "counterpart": _country_events("$counterpart", "PARTICIPATED_IN", "Meeting"),
    "place": _MEETINGS_HELD_AT,
    # $date_lo / $date_hi: see date_bounds
    "date_from": "\nMATCH (e:Meeting) WHERE e.date >= $date_lo\nWITH e",
    "date_to": "\nMATCH (e:Meeting) WHERE e.date < $date_hi\nWITH e",
    "date_range": "\nMATCH (e:Meeting) WHERE e.date >= $date_lo AND e.date < $date_hi\nWITH e",
    "all": "\nMATCH (e:Meeting)\nWITH e",
}
VISIT_ANCHORS: dict[str, str] = {
    "visitor": _linked_to("$visitor", "MADE", "Visit"),
    "host": _events_at("$host", "TO", "Visit"),
    "country": _VISITS_OF_COUNTRY,
    "all": "\nMATCH (e:Visit)\nWITH e",
}
PEOPLE_ANCHORS: dict[str, str] = {
    "q": "\nMATCH (e:Person) WHERE e.match_text CONTAINS $q\nWITH e",
    "country": _PEOPLE_OF_COUNTRY,
    "all": "\nMATCH (e:Person)\nWITH e",
}
MECHANISM_ANCHORS: dict[str, str] = {
    "country": _events_at("$country", "BETWEEN", "Mechanism"),
    "all": "\nMATCH (e:Mechanism)\nWITH e",
}
ANNIVERSARY_ANCHORS: dict[str, str] = {
    "country": _events_at("$country", "OF", "Anniversary"),
    "all": "\nMATCH (e:Anniversary)\nWITH e",
}

_ANNIVERSARY_ORDER = "e.year IS NULL, e.year DESC, e.id"
LIST_MEETINGS = {k: page(a + _MEETING_WHERE, NEWEST_FIRST, meeting_map()) for k, a in MEETING_ANCHORS.items()}
LIST_MEETING_DIGESTS = {
    k: page(a + _MEETING_WHERE, NEWEST_FIRST, meeting_digest_map()) for k, a in MEETING_ANCHORS.items()
}
LIST_VISITS = {k: page(a + _VISIT_WHERE, NEWEST_FIRST, visit_map()) for k, a in VISIT_ANCHORS.items()}
LIST_PEOPLE = {k: page(a + _PEOPLE_WHERE, BY_NAME, person_map()) for k, a in PEOPLE_ANCHORS.items()}
LIST_MECHANISMS = {
    k: page(a + _MECHANISM_WHERE, BY_NAME, mechanism_map()) for k, a in MECHANISM_ANCHORS.items()
}
LIST_ANNIVERSARIES = {
    k: page(a + _ANNIVERSARY_WHERE, _ANNIVERSARY_ORDER, anniversary_map())
    for k, a in ANNIVERSARY_ANCHORS.items()
}
LIST_ARTICLES = page("MATCH (e:Article)", "e.published IS NULL, e.published DESC, e.id", article_map())

# The bilateral dossier's facts (GraphStore.dossier_facts) in one statement: the parts are the lists
# graph.dossier.read_facts reads, with the same filters; $country = [$a] and $counterpart = [$b] for the
# meetings (the other meeting filters null).
_ACTING = (  # the Persons who are a visit's visitor or a session's co-chair
    "[v IN visits WHERE v.visitor.type = 'Person' | v.visitor.id] + reduce(ids = [], m IN mechanisms | "
    "ids + reduce(sids = [], s IN m.sessions | sids + [c IN s.co_chairs WHERE c.type = 'Person' | c.id]))"
)


def _of_both(lbl: str, rel: str, order: str, projection: str, name: str) -> str:
    """CALL: the nodes of `lbl` with a `rel` relationship to Country $a and one to $b, as list `name`."""
    return f"""CALL () {{
  MATCH (e:{label(lbl)})-[:{rel_type(rel)}]->(:Country {{id: $a}})
  WHERE EXISTS {{ MATCH (e)-[:{rel_type(rel)}]->(fb) WHERE fb.id = $b }}
  WITH DISTINCT e ORDER BY {order} LIMIT $cap
  RETURN collect({projection}) AS {name}
}}"""


DOSSIER = f"""
MATCH (ca:Country {{id: $a}}), (cb:Country {{id: $b}})
CALL () {{
  {MEETING_ANCHORS["bilateral"]}
  {_MEETING_WHERE}
  WITH e ORDER BY {NEWEST_FIRST} LIMIT $cap
  RETURN collect(e) AS met
}}
CALL (met) {{ UNWIND met AS e RETURN collect({meeting_digest_map()}) AS meetings }}
CALL (met) {{ UNWIND met[0..$recent] AS e RETURN collect({meeting_map()}) AS recent }}
CALL () {{
  UNWIND [[$a, $b], [$b, $a]] AS way
  CALL (way) {{
    MATCH (e:Visit)-[:TO]->(:Country {{id: way[1]}})
    WHERE EXISTS {{ MATCH (e)-[:TO]->(fh) WHERE fh.id = way[0] }}
       OR EXISTS {{ MATCH (fv)-[:MADE]->(e) WHERE fv.country = way[0]
                    OR EXISTS {{ MATCH (fv)-[:REPRESENTS]->(fr) WHERE fr.id = way[0] }} }}
    WITH DISTINCT e ORDER BY {NEWEST_FIRST} LIMIT $cap
    RETURN e
  }}
  WITH DISTINCT e ORDER BY {NEWEST_FIRST}
  RETURN collect({visit_map()}) AS visits
}}
{_of_both("Mechanism", "BETWEEN", BY_NAME, mechanism_map(), "mechanisms")}
CALL (ca, cb) {{
  MATCH (ca)-[r:PARTNER_OF]-(cb)
  WITH DISTINCT r ORDER BY type(r), startNode(r).id, endNode(r).id, r.key
  WITH collect(r) AS rels
  RETURN [r IN rels | {REL_MAP}] AS partnerships, COLLECT {{
    UNWIND rels AS r UNWIND r.articles AS aid WITH DISTINCT aid
    MATCH (e:Article {{id: aid}}) RETURN {article_map()} ORDER BY e.id
  }} AS articles
}}
{_of_both("Anniversary", "OF", _ANNIVERSARY_ORDER, anniversary_map(), "anniversaries")}
CALL (visits, mechanisms) {{
  UNWIND {_ACTING} AS pid
  WITH DISTINCT pid
  MATCH (p:Person {{id: pid}})
  RETURN collect([pid, {country_id("p")}]) AS countries
}}
RETURN {{a: {{id: ca.id, name: ca.name, type: 'Country'}}, b: {{id: cb.id, name: cb.name, type: 'Country'}},
        meetings: meetings, recent: recent, visits: visits, mechanisms: mechanisms,
        partnerships: partnerships, articles: articles, anniversaries: anniversaries,
        countries: countries}} AS facts
"""

_MAX_CHAR = 0x10FFFF


def date_bounds(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """Index range bounds that keep every event the date filters of `_dated` keep: `lo <= date < hi`.

    Stored dates are ISO prefixes of at least a year ("2025", "2025-05", "2025-05-03"). An event d passes
    date_from f when d and f agree up to the shorter length or d is later there; so d >= f[:4] (a prefix
    of f sorts before f). It passes date_to t when d is earlier than t there or d starts with t (or t
    with d), so d < t with its last character incremented. None: no bound on that side."""
    lo = date_from[:4] if date_from is not None else None
    hi = None
    if date_to and ord(date_to[-1]) < _MAX_CHAR:
        hi = date_to[:-1] + chr(ord(date_to[-1]) + 1)
    elif date_to is not None:  # "" keeps every dated event; so does a bound ending in the last code point
        lo = lo if lo is not None else ""
    return lo, hi


def meeting_anchor(params: Mapping[str, object]) -> str:
    """The most selective anchor the set filters allow (params as Neo4jStore.list_meetings builds them)."""
    for name in ("person", "with"):
        if params.get(name) is not None:
            return name
    if params.get("country") is not None and params.get("counterpart") is not None:
        return "bilateral"
    for name in ("country", "counterpart", "place"):
        if params.get(name) is not None:
            return name
    lo, hi = params.get("date_lo"), params.get("date_hi")
    if lo is not None and hi is not None:
        return "date_range"
    if lo is not None:
        return "date_from"
    return "date_to" if hi is not None else "all"


def visit_anchor(params: Mapping[str, object]) -> str:
    for name in ("visitor", "host", "country"):
        if params.get(name) is not None:
            return name
    return "all"


def people_anchor(q: str | None, country: list[str] | None) -> str:
    return "q" if q is not None else "country" if country is not None else "all"


def country_anchor(country: list[str] | None) -> str:
    return "all" if country is None else "country"
