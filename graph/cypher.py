"""Every Cypher statement of the Neo4j backend, as module constants or built from them.

Values always travel as `$parameters`. Labels and relationship types cannot be parameters where an index
must be used, so they enter the text only through `label()` / `rel_type()`, which accept nothing outside
graph.model.LABELS / REL_TYPES (and are therefore safe to place between backticks).

Schema, created on open with IF NOT EXISTS:
- a uniqueness constraint on `id` for every label (its backing range index serves every look-up by id);
- a range index on `name` for every label, on `date` for event labels, on Article `content_hash`, on
  `country` for people and organisations (the nodes a country filter starts from);
- a TEXT (trigram) index on `match_text` for every label. `match_text` is the node's folded keys, each
  framed by newlines, then the word forms of its name and aliases (folded words joined by one space),
  each framed by tabs: "\\nkenya-japan commission\\nkjjc\\n\\tkenya japan commission\\tkjjc\\t". Folded text
  never holds a newline or a tab (fold() collapses whitespace), so an exact key is
  `CONTAINS "\\n" + key + "\\n"`, a key prefix `CONTAINS "\\n" + q`, a name ending in some words (a surname)
  `CONTAINS " " + words + "\\t"` and a substring `CONTAINS q`: index-backed `NodeIndexContainsScan`s, which
  is what makes resolve / search / find_by_keys / list_people(q=) cheap. The word forms (`match_words`)
  and `match_text` are internal: never read back as props.
A node whose label is unknown is found by a UNION of one unique-index seek per label.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from graph.model import EVENT_LABELS, LABELS, REL_TYPES, STORE_PROPS

SEP = "\n"  # frames keys in match_text
WSEP = "\t"  # frames word forms in match_text
# `mentions` (on an Article): the ids of the nodes its extraction carried, the anchor of the reads and
# deletes that concern one article (relationships_citing, delete_article); list membership has no index.
INTERNAL = frozenset({"match_text", "match_words", "mentions"})
# Persisted node properties that `props` may never overwrite.
NODE_RESERVED = frozenset({"id", "name", "aliases"}) | STORE_PROPS | INTERNAL
REL_RESERVED = frozenset({"key", "articles", "evidence"})
# Which relationship links a participant to each event label (events_with_participants, timeline).
PARTICIPATION = {"Meeting": "PARTICIPATED_IN", "Visit": "MADE", "Session": "CO_CHAIRED"}
# Labels whose `country` prop says which country a node stands for (the participants of the model:
# people and organisations); indexed, so that a country filter starts from them.
COUNTRY_PROP_LABELS = frozenset({"Person", "Organization"})


def label(name: str) -> str:
    if name not in LABELS:
        raise ValueError(f"unknown label {name!r}")
    return f"`{name}`"


def rel_type(name: str) -> str:
    if name not in REL_TYPES:
        raise ValueError(f"unknown relationship type {name!r}")
    return f"`{name}`"


def _schema() -> dict[str, str]:
    out: dict[str, str] = {}
    for lbl in sorted(LABELS):
        low = lbl.lower()
        out[f"dg_{low}_id"] = (
            f"CREATE CONSTRAINT dg_{low}_id IF NOT EXISTS FOR (n:{label(lbl)}) REQUIRE n.id IS UNIQUE"
        )
        out[f"dg_{low}_name"] = f"CREATE INDEX dg_{low}_name IF NOT EXISTS FOR (n:{label(lbl)}) ON (n.name)"
        out[f"dg_{low}_match"] = (
            f"CREATE TEXT INDEX dg_{low}_match IF NOT EXISTS FOR (n:{label(lbl)}) ON (n.match_text)"
        )
    for lbl in sorted(EVENT_LABELS):
        out[f"dg_{lbl.lower()}_date"] = (
            f"CREATE INDEX dg_{lbl.lower()}_date IF NOT EXISTS FOR (n:{label(lbl)}) ON (n.date)"
        )
    for lbl in sorted(COUNTRY_PROP_LABELS):
        out[f"dg_{lbl.lower()}_country"] = (
            f"CREATE INDEX dg_{lbl.lower()}_country IF NOT EXISTS FOR (n:{label(lbl)}) ON (n.country)"
        )
    out["dg_article_hash"] = "CREATE INDEX dg_article_hash IF NOT EXISTS FOR (n:Article) ON (n.content_hash)"
    return out


SCHEMA = _schema()  # index or constraint name -> statement
SHOW_INDEXES = "SHOW INDEXES YIELD name, state RETURN name, state"
AWAIT_INDEXES = "CALL db.awaitIndexes(toInteger($seconds))"
PING = "RETURN 1 AS ok"


def any_node(var: str, id_expr: str, labels: frozenset[str] = LABELS) -> str:
    """`CALL { ... }` body finding a node of any of `labels` by id, one unique-index seek per label."""
    branches = (f"MATCH ({var}:{label(lbl)} {{id: {id_expr}}}) RETURN {var}" for lbl in sorted(labels))
    return " UNION ".join(branches)


# The internal match properties are nulled, not sent (GraphStore readers never see them).
NODE_MAP = "{label: head(labels(n)), props: n {.*, match_text: null, match_words: null, mentions: null}}"
REL_MAP = "{type: type(r), start: startNode(r).id, end: endNode(r).id, props: properties(r)}"

# --- writes -------------------------------------------------------------------------------------------
STORED_LABELS = f"""
UNWIND $ids AS nid
CALL (nid) {{ {any_node("n", "nid")} }}
RETURN collect([n.id, head(labels(n))]) AS labels
"""


def _insert_sorted(stored: str, new: str) -> str:
    """`stored` (a sorted, duplicate-free list, or null) with every item of `new` inserted in its place:
    the same list as sorting the distinct union, in one pass per new item and without a sort, so a hub
    cited by thousands of articles costs O(size) per write instead of a sort (and nothing is repeated)."""
    return (
        f"reduce(acc = coalesce({stored}, []), x IN {new} | "
        f"[y IN acc WHERE y < x] + [x] + [y IN acc WHERE y > x])"
    )


def _merge_node_branch(lbl: str) -> str:
    """One label's rows of `$nodes` merged; each row returns its index and node (see UPSERT)."""
    return f"""
  UNWIND coalesce($nodes.{label(lbl)}, []) AS row
  MERGE (n:{label(lbl)} {{id: row.id}})
  SET n.name = row.name,
      n.aliases = coalesce(n.aliases, []) + [x IN row.aliases WHERE NOT x IN coalesce(n.aliases, [])],
      n.keys = {_insert_sorted("n.keys", "row.keys")},
      n.match_words = {_insert_sorted("n.match_words", "row.words")},
      n.articles = {_insert_sorted("n.articles", "row.articles")}
  SET n += row.props
  SET n.match_text = $sep + reduce(s = '', k IN n.keys | s + k + $sep)
                   + $wsep + reduce(s = '', w IN n.match_words | s + w + $wsep)
  RETURN row.i AS i, n"""


def _merge_rel_call(type_: str) -> str:
    """One type's rows of `$rels` merged between the nodes `ns[row.s]` and `ns[row.e]`."""
    return f"""
CALL (ns) {{
  UNWIND coalesce($rels.{rel_type(type_)}, []) AS row
  WITH row, ns[row.s] AS a, ns[row.e] AS b
  MERGE (a)-[r:{rel_type(type_)} {{key: row.key}}]->(b)
  SET r += row.props
  WITH r, row, coalesce(r.articles, []) AS arts, coalesce(r.evidence, []) AS sents
  WITH r, arts, sents, [e IN row.evidence
       WHERE none(i IN range(0, size(arts) - 1) WHERE arts[i] = e.article AND sents[i] = e.sentence)] AS fresh
  SET r.articles = arts + [e IN fresh | e.article], r.evidence = sents + [e IN fresh | e.sentence]
}}"""


def _upsert() -> str:
    """The whole write of a batch in one statement, whatever labels and types it holds (one cached plan).

    `$nodes` maps a label to rows {i, id, name, aliases, keys, words, articles, props} (each id once in the
    statement: Cypher applies a clause to every row before the next, so a repeated id would lose updates);
    `i` numbers the rows of every label from 0, so that `ns[i]` is row i's node once they are merged.
    `$rels` maps a type to rows {s, e, key, props, evidence: [{article, sentence}]}, `s` and `e` being the
    row numbers of the endpoints, each (type, s, e, key) once. `keys`, `match_words` and `articles` stay
    sorted and duplicate-free, aliases in their first-seen order; relationship evidence is appended
    without repeating an (article, sentence) pair."""
    merged = "\n  UNION ALL".join(_merge_node_branch(lbl) for lbl in sorted(LABELS))
    rels = "".join(_merge_rel_call(t) for t in sorted(REL_TYPES))
    # Planning this statement takes a second or two; its plan (index seeks under MERGE, Expand(Into)
    # between bound nodes) does not depend on the graph's size, so the cached plan is kept as the graph
    # grows instead of being planned again whenever the statistics drift (`replan=skip`).
    return f"""CYPHER replan=skip
CALL () {{{merged}
}}
WITH n ORDER BY i
WITH collect(n) AS ns{rels}
RETURN size(ns) AS written
"""


UPSERT = _upsert()
# What an upsert reads first, in its write transaction: the stored labels of the batch's node ids (to
# refuse a node that would change label; empty `$ids` skip it) and the stored articles' content hashes.
UPSERT_CHECK = f"""
CALL () {{
  UNWIND $ids AS nid
  CALL (nid) {{ {any_node("n", "nid")} }}
  RETURN collect([n.id, head(labels(n))]) AS labels
}}
CALL () {{
  UNWIND $articles AS aid
  MATCH (a:Article {{id: aid}})
  RETURN collect([a.id, a.content_hash]) AS hashes
}}
RETURN labels, hashes
"""


# delete_article: three steps in one transaction, relationships first, then nodes, then the Article.
# An article's relationships start at the nodes it mentions (every endpoint of an extraction's
# relationships is one of its nodes), so both steps start from its `mentions` (one index seek per id).
# An Article written before `mentions` existed (or loaded from an export) has none: the _SCAN forms
# then find the same things by scanning, since list membership cannot use an index.
ARTICLE_MENTIONS = "MATCH (a:Article {id: $id}) RETURN a.mentions IS NOT NULL AS anchored"
_MENTIONED = f"""
MATCH (art:Article {{id: $id}})
UNWIND art.mentions + [art.id] AS nid
CALL (nid) {{ {any_node("n", "nid")} }}"""
_UNCITE_REL = """
WITH r, [i IN range(0, size(r.articles) - 1) WHERE r.articles[i] <> $id] AS keep
WITH r, [i IN keep | r.articles[i]] AS arts, [i IN keep | r.evidence[i]] AS sents
SET r.articles = arts, r.evidence = sents
WITH r, arts WHERE size(arts) = 0
DELETE r
"""
_UNCITE_NODE = """
SET n.articles = [x IN n.articles WHERE x <> $id]
WITH n WHERE size(n.articles) = 0
DETACH DELETE n
"""
DELETE_ARTICLE_RELS = _MENTIONED + "\nMATCH (n)-[r]->() WHERE $id IN r.articles" + _UNCITE_REL
DELETE_ARTICLE_NODES = _MENTIONED + "\nWITH n WHERE n.id <> $id" + _UNCITE_NODE
DELETE_ARTICLE_RELS_SCAN = "MATCH ()-[r]->() WHERE $id IN r.articles" + _UNCITE_REL
DELETE_ARTICLE_NODES_SCAN = "MATCH (n) WHERE $id IN n.articles" + _UNCITE_NODE
DELETE_ARTICLE_NODE = "MATCH (a:Article {id: $id}) DETACH DELETE a"
# clear: auto-commit statements, each committing every $batch rows. Relationships go first, so no
# transaction ever holds a hub node with all its relationships (that exceeded the transaction memory).
CLEAR_RELATIONSHIPS = "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF $batch ROWS"
CLEAR_NODES = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS"
IS_EMPTY = "RETURN NOT EXISTS { MATCH (n) } AS empty"

# --- look-ups -------------------------------------------------------------------------------------------
GET_NODE = f"CALL () {{ {any_node('n', '$id')} }} RETURN {NODE_MAP} AS node LIMIT 1"


@functools.cache  # built on every call of the store: the same text for the same labels
def nodes_matching(labels: frozenset[str]) -> str:
    """Nodes of `labels` whose match_text contains any needle, each once, by id (one record)."""
    body = " UNION ".join(
        f"MATCH (n:{label(lbl)}) WHERE n.match_text CONTAINS needle RETURN n" for lbl in sorted(labels)
    )
    return f"""
UNWIND $needles AS needle
CALL (needle) {{ {body} }}
WITH DISTINCT n ORDER BY n.id
RETURN collect({NODE_MAP}) AS nodes
"""


def _ids_matching(labels: frozenset[str], needles: str, p: str) -> str:
    """Subquery body: the sorted, distinct ids of the nodes of `labels` whose match_text contains a
    needle of the list `needles`, collected as `{p}ids`."""
    body = " UNION ".join(
        f"MATCH ({p}n:{label(lbl)}) WHERE {p}n.match_text CONTAINS {p}x RETURN {p}n" for lbl in sorted(labels)
    )
    return (
        f"UNWIND {needles} AS {p}x CALL ({p}x) {{ {body} }} "
        f"WITH DISTINCT {p}n.id AS {p}id ORDER BY {p}id RETURN collect({p}id) AS {p}ids"
    )


@functools.cache
def resolve(labels: frozenset[str]) -> str:
    """GraphStore.resolve in one statement, each step only when the previous found nothing: the node
    with id $id (of any label, or of $label when given), else the nodes of `labels` whose keys hold the
    folded value ($exact needles), else those whose name words end in it ($tail needles).
    Returns `is_id` and the ids of the two other steps, `exact` and `tail`, each sorted."""
    return f"""
WITH COLLECT {{ CALL () {{ {any_node("n", "$id")} }} RETURN head(labels(n)) }} AS found
WITH size(found) > 0 AND ($label IS NULL OR $label IN found) AS is_id
CALL (is_id) {{ WITH is_id WHERE NOT is_id {_ids_matching(labels, "$exact", "e")} }}
CALL (is_id, eids) {{ WITH is_id, eids WHERE NOT is_id AND size(eids) = 0
  {_ids_matching(labels, "$tail", "t")} }}
RETURN is_id, eids AS exact, tids AS tail
"""


@functools.cache
def search_nodes(labels: frozenset[str]) -> str:
    """Search ranked exact key, key prefix, substring; then name, id (one record)."""
    body = " UNION ".join(
        f"MATCH (n:{label(lbl)}) WHERE n.match_text CONTAINS $q RETURN n" for lbl in sorted(labels)
    )
    return f"""
CALL () {{ {body} }}
WITH n, CASE WHEN n.match_text CONTAINS $exact THEN 0 WHEN n.match_text CONTAINS $prefix THEN 1 ELSE 2 END
     AS rank WHERE any(k IN n.keys WHERE k CONTAINS $q)
ORDER BY rank, n.name, n.id LIMIT $limit
RETURN collect({NODE_MAP}) AS nodes
"""


@functools.cache
def events_with_participants(lbl: str) -> str:
    """Events of `lbl` linked to every id in $ids, by id (one record); starts from the participants'
    unique-index seeks."""
    return f"""
UNWIND $ids AS pid
CALL (pid) {{ {any_node("p", "pid")} }}
MATCH (p)-[:{rel_type(PARTICIPATION[lbl])}]->(n:{label(lbl)})
WITH n, count(DISTINCT p) AS linked WHERE linked = size($ids)
WITH n ORDER BY n.id
RETURN collect({NODE_MAP}) AS nodes
"""


NEIGHBOURS = f"""
UNWIND $ids AS nid
CALL (nid) {{ {any_node("n", "nid")} }}
MATCH (n)-[r]-(m) WHERE type(r) <> 'REPORTED_IN' AND NOT m:Article
RETURN collect(DISTINCT m.id) AS ids
"""
INDUCED_SUBGRAPH = f"""
UNWIND $ids AS nid
CALL (nid) {{ {any_node("n", "nid")} }}
WITH collect(n) AS ns
RETURN [n IN ns | {NODE_MAP}] AS nodes,
       COLLECT {{ UNWIND ns AS a MATCH (a)-[r]->(b) WHERE b IN ns AND type(r) <> 'REPORTED_IN'
                 RETURN {REL_MAP} }} AS rels
"""


def shortest_path(max_hops: int) -> str:
    """One shortest undirected path; the hop bound cannot be a parameter, so it is checked to be an int."""
    if not isinstance(max_hops, int) or not 1 <= max_hops <= 32:
        raise ValueError(f"max_hops must be an int in 1..32, not {max_hops!r}")
    return _shortest_path(max_hops)


@functools.cache
def _shortest_path(max_hops: int) -> str:
    return f"""
CALL () {{ {any_node("a", "$start")} }}
CALL () {{ {any_node("b", "$end")} }}
MATCH p = shortestPath((a)-[*..{max_hops}]-(b))
WHERE all(r IN relationships(p) WHERE type(r) <> 'REPORTED_IN') AND none(n IN nodes(p) WHERE n:Article)
RETURN [n IN nodes(p) | {NODE_MAP}] AS nodes, [r IN relationships(p) | {REL_MAP}] AS rels
LIMIT 1
"""


def count_by_label() -> str:
    """Counts from the count store (one branch per label / type), zero counts left out."""
    # count() alone in its WITH: grouping by the literals would turn the count store into a scan
    parts = [
        f"MATCH (n:{label(lbl)}) WITH count(n) AS c RETURN 'node' AS kind, '{lbl}' AS name, c"
        for lbl in sorted(LABELS)
    ]
    parts += [
        f"MATCH ()-[r:{rel_type(t)}]->() WITH count(r) AS c RETURN 'rel' AS kind, '{t}' AS name, c"
        for t in sorted(REL_TYPES)
    ]
    return "CALL () { " + " UNION ALL ".join(parts) + " } WITH kind, name, c WHERE c > 0 RETURN kind, name, c"


STATS = count_by_label()


def iter_nodes_page(lbl: str) -> str:
    """Keyset page of one label ordered by id (the unique index gives the order), in one record."""
    return f"""
MATCH (n:{label(lbl)}) WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
RETURN collect({NODE_MAP}) AS nodes
"""


def iter_rels_page(type_: str) -> str:
    return f"""
MATCH (a)-[r:{rel_type(type_)}]->(b)
WITH r ORDER BY a.id, b.id, r.key SKIP $skip LIMIT $limit
RETURN collect({REL_MAP}) AS rels
"""


# Both ends bound by their index: Expand(Into) walks the side with fewer relationships.
RELS_BETWEEN = f"""
CALL () {{ {any_node("a", "$a")} }}
CALL () {{ {any_node("b", "$b")} }}
MATCH (a)-[r]-(b)
WHERE $types IS NULL OR type(r) IN $types
WITH DISTINCT r
WITH r ORDER BY type(r), startNode(r).id, endNode(r).id, r.key
RETURN collect({REL_MAP}) AS rels
"""


def list_nodes(lbl: str) -> str:
    return f"""
MATCH (n:{label(lbl)})
WITH n ORDER BY n.name, n.id
WITH collect(n) AS found
RETURN size(found) AS total, [n IN found[$offset..($offset + $limit)] | {NODE_MAP}] AS items
"""


# --- read models ----------------------------------------------------------------------------------------
# Projections build each view in one map; the variable names inside nested COLLECT subqueries carry the
# caller's prefix because an inner variable may not shadow an outer one.


def _ref(v: str) -> str:
    return f"{{id: {v}.id, name: {v}.name, type: head(labels({v}))}}"


def _one(v: str, pattern: str, order: str = "") -> str:
    """The first node matched by `pattern` (bound to `v`) as a Ref, or null."""
    return f"head(COLLECT {{ MATCH {pattern} RETURN {_ref(v)} ORDER BY {order}{v}.id }})"


def _refs(v: str, pattern: str) -> str:
    return f"COLLECT {{ MATCH {pattern} RETURN {_ref(v)} ORDER BY {v}.id }}"


def _rel_sources(r: str, p: str) -> str:
    """Rows `{p}i` -> the distinct citations (article id, sentence) of the evidence lists of relationship
    `r`, each with its article's url and date (one seek per citation), ordered."""
    return (
        f"WITH DISTINCT {r}.articles[{p}i] AS {p}aid, {r}.evidence[{p}i] AS {p}ev "
        f"OPTIONAL MATCH ({p}a:Article {{id: {p}aid}}) "
        f"RETURN {{article_id: {p}aid, evidence: {p}ev, url: {p}a.url, published: {p}a.published}} "
        f"ORDER BY {p}aid, {p}ev"
    )


def _cited(r: str, p: str) -> str:
    """The citations of one relationship, by (article id, sentence)."""
    return f"COLLECT {{ UNWIND range(0, size(coalesce({r}.articles, [])) - 1) AS {p}i {_rel_sources(r, p)} }}"


def _sources(e: str, p: str) -> str:
    """Citations of an event-like node: the evidence of its REPORTED_IN relationships."""
    return (
        f"COLLECT {{ MATCH ({e})-[{p}r:REPORTED_IN]->(:Article) "
        f"UNWIND range(0, size({p}r.articles) - 1) AS {p}i {_rel_sources(p + 'r', p)} }}"
    )


def _place(e: str, p: str) -> str:
    # a meeting may be held in a city and in its country: the most precise one is the place
    return _one(f"{p}x", f"({e})-[:HELD_IN]->({p}x)", f"CASE WHEN {p}x:Place THEN 0 ELSE 1 END, ")


def _status(e: str) -> str:
    return f"status: coalesce({e}.status, 'occurred')"


def meeting_map(e: str = "e") -> str:
    return (
        f"{e} {{.id, .name, .kind, .date, .date_precision, {_status(e)}, "
        f"participants: {_refs('mp', f'(mp)-[:PARTICIPATED_IN]->({e})')}, "
        f"place: {_place(e, 'mh')}, event: {_one('mv', f'({e})-[:ON_SIDELINES_OF]->(mv)')}, "
        f"topics: COLLECT {{ MATCH ({e})-[:DISCUSSED]->(mt) RETURN mt.name ORDER BY mt.name }}, "
        f"sources: {_sources(e, 'ms')}}}"
    )


def _country(e: str, project: Callable[[str], str]) -> str:
    """The Country person `e` stands for (PersonView.country), through `project`: the one its `country`
    prop names, else the first it REPRESENTS."""
    return (
        f"head(COLLECT {{ MATCH (pc:Country {{id: {e}.country}}) RETURN {project('pc')} }} + "
        f"COLLECT {{ MATCH ({e})-[:REPRESENTS]->(pr:Country) RETURN {project('pr')} ORDER BY pr.id }})"
    )


def country_id(e: str) -> str:
    """The id of the Country person `e` stands for (PersonView.country), or null."""
    return _country(e, lambda v: f"{v}.id")


def meeting_digest_map(e: str = "e") -> str:
    country = f"CASE WHEN mp:Person THEN {country_id('mp')} END"
    participants = (
        f"COLLECT {{ MATCH (mp)-[:PARTICIPATED_IN]->({e}) "
        f"RETURN {{id: mp.id, name: mp.name, type: head(labels(mp)), country: {country}}} ORDER BY mp.id }}"
    )
    return f"{e} {{.id, .name, .date, {_status(e)}, participants: {participants}}}"


def visit_map(e: str = "e") -> str:
    return (
        f"{e} {{.id, .name, .kind, .date, .date_end, .date_precision, {_status(e)}, "
        f"visitor: {_one('vp', f'(vp)-[:MADE]->({e})')}, host_country: {_one('vc', f'({e})-[:TO]->(vc)')}, "
        f"topics: COLLECT {{ MATCH ({e})-[:DISCUSSED]->(vt) RETURN vt.name ORDER BY vt.name }}, "
        f"sources: {_sources(e, 'vs')}}}"
    )


def session_map(e: str = "e") -> str:
    return (
        f"{e} {{.id, .name, .number, .date, .date_precision, {_status(e)}, "
        f"co_chairs: {_refs('sp', f'(sp)-[:CO_CHAIRED]->({e})')}, place: {_place(e, 'sh')}, "
        f"mechanism: {_one('sm', f'({e})-[:SESSION_OF]->(sm)')}, sources: {_sources(e, 'ss')}}}"
    )


def mechanism_map(e: str = "e") -> str:
    return (
        f"{e} {{.id, .name, .aliases, countries: {_refs('mc', f'({e})-[:BETWEEN]->(mc)')}, "
        f"sessions: COLLECT {{ MATCH (ses:Session)-[:SESSION_OF]->({e}) "
        f"RETURN {session_map('ses')} ORDER BY ses.number, ses.date, ses.id }}, "
        f"sources: {_sources(e, 'ns')}}}"
    )


def anniversary_map(e: str = "e") -> str:
    return (
        f"{e} {{.id, .name, .ordinal, subject: coalesce({e}.subject, ''), .year, .base_year, "
        f"countries: {_refs('ac', f'({e})-[:OF]->(ac)')}, sources: {_sources(e, 'as')}}}"
    )


def person_map(e: str = "e") -> str:
    country = _country(e, _ref)
    positions = (
        f"COLLECT {{ MATCH ({e})-[ph:HOLDS_POSITION]->(po) "
        f"RETURN {{title: coalesce(ph.title, ''), organization: po.name, organization_id: po.id, "
        f"as_of: ph.as_of, sources: {_cited('ph', 'p')}}} ORDER BY coalesce(ph.title, ''), po.id, ph.key }}"
    )
    return f"{e} {{.id, .name, .aliases, country: {country}, positions: {positions}, .articles}}"


def article_map(e: str = "e") -> str:
    return f"{e} {{.id, title: coalesce({e}.title, {e}.name), .published, .source, .url, .content_hash}}"


PROBE = (
    f"COLLECT {{ UNWIND $probe AS probe_id CALL (probe_id) {{ {any_node('probe', 'probe_id')} }} "
    "RETURN [probe.id, head(labels(probe))] }"
)


def page(match: str, order: str, projection: str) -> str:
    """One round trip per page: the filtered, ordered list's size and the projected slice; `probed`, the
    [id, label] of the nodes whose ids are in $probe (the filter values tried as ids, see
    Neo4jStore._filtered_page)."""
    return f"""
{match}
WITH e ORDER BY {order}
WITH collect(e) AS found
WITH size(found) AS total, found[$offset..($offset + $limit)] AS slice
CALL (slice) {{ UNWIND slice AS e RETURN collect({projection}) AS items }}
RETURN total, items, {PROBE} AS probed
"""


def get_one(lbl: str, projection: str) -> str:
    return f"MATCH (e:{label(lbl)} {{id: $id}}) RETURN {projection} AS item"


NEWEST_FIRST = "e.date IS NULL, e.date DESC, e.id"
BY_NAME = "e.name, e.id"


GET_MEETING = get_one("Meeting", meeting_map())
GET_VISIT = get_one("Visit", visit_map())
GET_PERSON = get_one("Person", person_map())
GET_MECHANISM = get_one("Mechanism", mechanism_map())
GET_ARTICLE = get_one("Article", article_map())

# relationships_citing: the article's relationships, ordered as iter_relationships; `anchored` is false
# for an Article without `mentions` (see delete_article), which RELS_CITING_SCAN then answers.
_BY_IDENTITY = "ORDER BY type(r), startNode(r).id, endNode(r).id, r.key"
RELS_CITING = f"""
MATCH (art:Article {{id: $id}})
CALL (art) {{
  UNWIND coalesce(art.mentions, []) + [art.id] AS nid
  CALL (nid) {{ {any_node("n", "nid")} }}
  MATCH (n)-[r]->() WHERE $id IN r.articles
  WITH r {_BY_IDENTITY}
  RETURN collect({REL_MAP}) AS rels
}}
RETURN art.mentions IS NOT NULL AS anchored, rels
"""
RELS_CITING_SCAN = f"""
MATCH ()-[r]->() WHERE $id IN r.articles
WITH r {_BY_IDENTITY}
RETURN collect({REL_MAP}) AS rels
"""


def _others(rel: str) -> str:
    return f"COLLECT {{ MATCH (o)-[:{rel_type(rel)}]->(e) WHERE o <> p RETURN {_ref('o')} ORDER BY o.id }}"


# The events are ordered and paged before any is projected, so a page costs only its own entries'
# counterparts and places ($limit: a page's size, or more than any timeline holds for all of it).
TIMELINE = f"""
MATCH (p:Person {{id: $id}})
WITH p, COUNT {{ (p)-[:PARTICIPATED_IN]->(:Meeting) }} + COUNT {{ (p)-[:MADE]->(:Visit) }}
        + COUNT {{ (p)-[:CO_CHAIRED]->(:Session) }} AS total
RETURN {{person: {{id: p.id, name: p.name, type: 'Person'}}, total: total, items: COLLECT {{
  CALL (p) {{
    MATCH (p)-[r:PARTICIPATED_IN]->(e:Meeting) RETURN e, r
    UNION ALL
    MATCH (p)-[r:MADE]->(e:Visit) RETURN e, r
    UNION ALL
    MATCH (p)-[r:CO_CHAIRED]->(e:Session) RETURN e, r
  }}
  WITH e, r ORDER BY e.date IS NULL, e.date, e.id SKIP $offset LIMIT $limit
  RETURN {{id: e.id, type: head(labels(e)), name: e.name, date: e.date,
          status: coalesce(e.status, 'occurred'), role: r.role,
          counterparts: CASE WHEN e:Visit THEN [] WHEN e:Meeting THEN {_others("PARTICIPATED_IN")}
                        ELSE {_others("CO_CHAIRED")} END,
          place: CASE WHEN e:Visit THEN {_one("tv", "(e)-[:TO]->(tv)")} ELSE {_place("e", "te")} END}}
}}}} AS timeline
"""
