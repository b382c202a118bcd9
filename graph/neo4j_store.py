"""The GraphStore on Neo4j, through the official driver: one driver per store.

A read of one statement is one auto-commit transaction, retried by graph/neo4j_read.py on the errors
and within the bounds the driver retries managed transactions (so the same store works again after a
Neo4j restart); reads of several statements (neighborhood) and every write run in `execute_read` /
`execute_write`, retried by the driver; `clear`'s batches need auto-commit transactions. All run under a
transaction timeout. Results are consumed at once and read from the records as the codec decoded them
(the statements return maps, lists and scalars only, so `Record.data()`, a recursive copy in Python,
would only cost time). A call that filters by references (list_meetings, ...) first tries the values
as ids, in the same statement that reads the page (see `_filtered_page`), so a filter by ids costs one
round trip. Node `props` are top-level Neo4j properties, so Neo4j Browser shows
them as they are; a prop named like a persisted field (cypher.NODE_RESERVED / REL_RESERVED) is not
stored. An upsert is one write transaction: one read (stored labels, article hashes), then one statement
(cypher.UPSERT) for the whole batch. Queries and the index choice: graph/cypher.py, and
graph/cypher_lists.py for the filtered lists (which index each filter starts from).
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import itertools
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from neo4j import GraphDatabase, ManagedTransaction, NotificationDisabledClassification, Record, unit_of_work
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    ConnectionPoolError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from pydantic import BaseModel, TypeAdapter

from graph import cypher as cy
from graph import cypher_lists as cl
from graph import neo4j_read
from graph.errors import InvalidExtraction, StoreUnavailable
from graph.model import (
    LABELS,
    REL_TYPES,
    Evidence,
    Extraction,
    Label,
    Node,
    Relationship,
    RelType,
    Triple,
    fold,
)
from graph.store import UpsertResult
from graph.views import (
    AnniversaryView,
    ArticleView,
    DossierFacts,
    MechanismView,
    MeetingDigest,
    MeetingFilter,
    MeetingView,
    Page,
    PersonView,
    StoreStats,
    Subgraph,
    Timeline,
    VisitFilter,
    VisitView,
)

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
Row = dict[str, Any]
Work = Callable[[ManagedTransaction], T]

ENTITY_LABELS = LABELS - {"Article"}  # what resolve and search look at when no label is given
_UNAVAILABLE_CODES = ("TransactionTimedOut", "DatabaseNotFound", "DatabaseUnavailable")
# Server-side transaction time-outs, as multiples of `timeout` (which bounds connecting and retrying):
# generous, because a cold server plans a large query slowly, and a batch of articles writes for a while.
_READ_TIMEOUT_FACTOR = 6
_WRITE_TIMEOUT_FACTOR = 24
_CHUNK = 50  # extractions per write transaction
_PAGE = 2000  # rows per export page
_CLEAR_BATCH = 10_000  # rows per transaction of clear()
_CLEAR_ATTEMPTS = 3
_WORD = re.compile(r"[a-z0-9]+")  # words of folded text, for surname look-ups
_fold = functools.lru_cache(maxsize=1 << 16)(fold)  # names recur in every article that cites them
_TRIPLES = TypeAdapter(list[Triple])


@contextlib.contextmanager
def _translated() -> Iterator[None]:
    """Report every way of Neo4j not answering as StoreUnavailable; other errors are bugs and pass."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired, ConnectionPoolError, TransientError, AuthError, OSError) as e:
        raise StoreUnavailable(f"Neo4j unavailable: {e}") from e
    except Neo4jError as exc:
        if any(code in (exc.code or "") for code in _UNAVAILABLE_CODES):
            raise StoreUnavailable(f"Neo4j unavailable: {exc}") from exc
        raise


# --- rows written by upsert ------------------------------------------------------------------------


def _node_row(node: Node, article_id: str) -> Row:
    extra = node.props.get("keys")
    supplied = [k for k in extra if isinstance(k, str)] if isinstance(extra, list) else []
    keys = {_fold(k) for k in [node.name, *node.aliases, *supplied]} - {""}
    props = {k: v for k, v in node.props.items() if v is not None and k not in cy.NODE_RESERVED}
    aliases = list(dict.fromkeys(node.aliases))
    word_forms = {" ".join(_WORD.findall(_fold(t))) for t in [node.name, *aliases]} - {""}
    return {
        "id": node.id,
        "name": node.name,
        "aliases": aliases,
        "keys": sorted(keys),
        "words": sorted(word_forms),
        "articles": [article_id],
        "props": props,
    }


def _merge_node_rows(old: Row | None, new: Row) -> Row:
    if old is None:
        return new
    return {
        "id": new["id"],
        "name": new["name"],
        "aliases": list(dict.fromkeys([*old["aliases"], *new["aliases"]])),
        "keys": sorted({*old["keys"], *new["keys"]}),
        "words": sorted({*old["words"], *new["words"]}),
        "articles": sorted({*old["articles"], *new["articles"]}),
        "props": {**old["props"], **new["props"]},
    }


def _rel_row(rel: Relationship, article_id: str) -> Row:
    # Evidence-less relationships are still reported by the article: an empty sentence keeps that.
    pairs = [(e.article_id, e.sentence) for e in rel.evidence] or [(article_id, "")]
    props = {k: v for k, v in rel.props.items() if v is not None and k not in cy.REL_RESERVED}
    pairs = list(dict.fromkeys(pairs))
    return {"start": rel.start, "end": rel.end, "key": rel.key, "props": props, "pairs": pairs}


def _merge_rel_rows(old: Row | None, new: Row) -> Row:
    if old is None:
        return new
    pairs = list(dict.fromkeys([*old["pairs"], *new["pairs"]]))
    return {**new, "props": {**old["props"], **new["props"]}, "pairs": pairs}


class _Batch:
    """Rows of consecutive extractions, merged per identity, written by one statement (cypher.UPSERT)."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Row]] = {}
        self.rels: dict[str, dict[tuple[str, str, str], Row]] = {}

    def add(self, ex: Extraction) -> None:
        aid = ex.article.id
        # The triples ride on the article, as in the embedded store, so no statement read is lost.
        triples = json.dumps(_TRIPLES.dump_python(ex.triples, mode="json"), ensure_ascii=False)
        article = ex.article.model_copy(update={"props": {**ex.article.props, "triples": triples}})
        for node in [article, *ex.nodes]:
            rows = self.nodes.setdefault(node.label, {})
            row = _node_row(node, aid)
            if node is article:  # the anchor of relationships_citing and delete_article (cypher.py)
                row["props"]["mentions"] = sorted({n.id for n in ex.nodes} - {aid})
            rows[node.id] = _merge_node_rows(rows.get(node.id), row)
        for rel in ex.relationships:
            group = self.rels.setdefault(rel.type, {})
            ident = (rel.start, rel.end, rel.key)
            group[ident] = _merge_rel_rows(group.get(ident), _rel_row(rel, aid))

    def flush(self, tx: ManagedTransaction) -> None:
        if not self.nodes:
            return
        index: dict[str, int] = {}
        nodes: dict[str, list[Row]] = {}
        for lbl, rows in self.nodes.items():
            nodes[lbl] = []
            for node_id, row in rows.items():
                index[node_id] = len(index)
                nodes[lbl].append({**row, "i": index[node_id]})
        rels = {
            type_: [
                {"s": index[start], "e": index[end], "key": key, "props": row["props"],
                 "evidence": [{"article": a, "sentence": s} for a, s in row["pairs"]]}
                for (start, end, key), row in group.items()
            ]
            for type_, group in self.rels.items()
        }  # fmt: skip
        tx.run(cy.UPSERT, nodes=nodes, rels=rels, sep=cy.SEP, wsep=cy.WSEP).consume()
        self.nodes, self.rels = {}, {}


def _validate(extractions: list[Extraction], stored: dict[str, str]) -> None:
    """Raise InvalidExtraction for anything that cannot be stored (checked before any write)."""
    seen = dict(stored)
    for ex in extractions:
        aid = ex.article.id
        if ex.article.label != "Article":
            raise InvalidExtraction(f"extraction {aid}: its article node has label {ex.article.label}")
        for node in [ex.article, *ex.nodes]:
            if node.label not in LABELS or seen.setdefault(node.id, node.label) != node.label:
                other = seen[node.id]
                raise InvalidExtraction(f"extraction {aid}: node {node.id} labelled {node.label} and {other}")
        ids = {ex.article.id, *(n.id for n in ex.nodes)}
        for rel in ex.relationships:
            what = f"{rel.type} {rel.start}->{rel.end}"
            if rel.type not in REL_TYPES or not {rel.start, rel.end} <= ids:
                raise InvalidExtraction(f"extraction {aid}: {what} names a node it does not carry")
            if any(e.article_id != aid for e in rel.evidence):
                raise InvalidExtraction(f"extraction {aid}: {what} has evidence from another article")


def _upsert_chunk(tx: ManagedTransaction, chunk: list[Extraction], validate: bool) -> list[UpsertResult]:
    """Write a chunk in one transaction: one read (stored labels when `validate`, article hashes), then
    one statement per run of articles (an article stored with another hash is deleted first)."""
    ids = sorted({n.id for ex in chunk for n in [ex.article, *ex.nodes]}) if validate else []
    articles = sorted({ex.article.id for ex in chunk})
    check = tx.run(cy.UPSERT_CHECK, ids=ids, articles=articles).single(strict=True)
    if validate:
        _validate(chunk, {node_id: lbl for node_id, lbl in check["labels"]})
    hashes = {aid: digest for aid, digest in check["hashes"]}
    batch, results = _Batch(), []
    for ex in chunk:
        aid, digest = ex.article.id, ex.article.props.get("content_hash")
        if aid in hashes and hashes[aid] == digest:
            results.append(UpsertResult(article_id=aid, status="unchanged"))
            continue
        if aid in hashes:  # an older version: what only it supported goes first
            batch.flush(tx)
            _delete_article(tx, aid)
        batch.add(ex)
        rels = {(r.type, r.start, r.end, r.key) for r in ex.relationships}
        nodes = {ex.article.id, *(n.id for n in ex.nodes)}
        status = "updated" if aid in hashes else "created"
        results.append(UpsertResult(article_id=aid, status=status, nodes=len(nodes), relationships=len(rels)))
        hashes[aid] = digest
    batch.flush(tx)
    return results


def _delete_article(tx: ManagedTransaction, article_id: str) -> bool:
    found = tx.run(cy.ARTICLE_MENTIONS, id=article_id).single()
    if found is None:
        return False
    if found["anchored"]:
        steps = (cy.DELETE_ARTICLE_RELS, cy.DELETE_ARTICLE_NODES, cy.DELETE_ARTICLE_NODE)
    else:  # written before Articles had `mentions`
        steps = (cy.DELETE_ARTICLE_RELS_SCAN, cy.DELETE_ARTICLE_NODES_SCAN, cy.DELETE_ARTICLE_NODE)
    for statement in steps:
        tx.run(statement, id=article_id).consume()
    return True


def _run_schema(tx: ManagedTransaction, statement: str, **params: Any) -> None:
    tx.run(statement, params).consume()


# --- records read back -----------------------------------------------------------------------------


def _to_node(m: Row) -> Node:
    props = dict(m["props"])
    node_id, name, aliases = props.pop("id"), props.pop("name", ""), props.pop("aliases", [])
    for internal in cy.INTERNAL:
        props.pop(internal, None)
    props = dict(sorted(props.items()))
    data = {"id": node_id, "label": m["label"], "name": name, "aliases": aliases, "props": props}
    return Node.model_validate(data)


def _to_rel(m: Row) -> Relationship:
    props = dict(m["props"])
    key, articles, sentences = props.pop("key", ""), props.pop("articles", []), props.pop("evidence", [])
    evidence = [Evidence(article_id=a, sentence=s) for a, s in zip(articles, sentences, strict=True)]
    data = {
        "type": m["type"],
        "start": m["start"],
        "end": m["end"],
        "key": key,
        "props": dict(sorted(props.items())),
        "evidence": evidence,
    }
    return Relationship.model_validate(data)


def _subgraph(node_maps: list[Row], rel_maps: list[Row]) -> Subgraph:
    nodes = sorted((_to_node(n) for n in node_maps), key=lambda n: n.id)
    rels = sorted((_to_rel(r) for r in rel_maps), key=lambda r: (r.type, r.start, r.end, r.key))
    return Subgraph(nodes=nodes, relationships=rels)


def _to_page(model: type[M], record: Record) -> Page[M]:
    """A page from a record of graph.cypher.page."""
    return Page(items=[model.model_validate(i) for i in record["items"]], total=record["total"])


_ALL = 2**62  # a LIMIT no list reaches: "every row" where Cypher needs a number
Ref = tuple[str | None, Label | None]  # a filter's value (None: unset) and the label its node must have


class Neo4jStore:
    """GraphStore on a Neo4j server. Constraints and indexes are created (if missing) on open."""

    def __init__(
        self,
        uri: str,
        *,
        user: str,
        password: str,
        database: str,
        timeout: float = 5.0,
        generation_lag: float = 0.25,
    ) -> None:
        self._database = database
        self._timeout = timeout
        self._closed = False
        self.generation_lag = generation_lag
        self._probed: tuple[float, str] | None = None  # (monotonic time, last commit) of the last probe
        self._write_counter = itertools.count(1)  # next() is atomic: writes in several threads count
        self._writes = 0  # write calls made through this store, finished or failed
        try:
            self._driver = GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=timeout,
                connection_acquisition_timeout=timeout,
                max_transaction_retry_time=timeout,
                # Labels and types that no node uses yet are normal here (an empty or young graph).
                notifications_disabled_classifications=[NotificationDisabledClassification.UNRECOGNIZED],
            )
        except (ConfigurationError, ValueError) as exc:
            raise StoreUnavailable(f"cannot use Neo4j URI {uri!r}: {exc}") from exc
        try:
            with _translated():
                self._driver.verify_connectivity()
            self._ensure_schema()
        except BaseException:
            self._driver.close()
            raise

    # --- plumbing -----------------------------------------------------------------------------
    def _execute(self, work: Work[T], *, write: bool = False) -> T:
        if self._closed:
            raise StoreUnavailable("the Neo4j store was closed")
        timeout = self._timeout * (_WRITE_TIMEOUT_FACTOR if write else _READ_TIMEOUT_FACTOR)
        unit = unit_of_work(timeout=timeout)(work)
        with _translated(), self._driver.session(database=self._database) as session:
            return session.execute_write(unit) if write else session.execute_read(unit)

    def _records(self, query: str, params: dict[str, Any]) -> list[Record]:
        """Every record of one read-only statement: one auto-commit transaction (graph/neo4j_read.py)."""
        if self._closed:
            raise StoreUnavailable("the Neo4j store was closed")
        with _translated():
            return neo4j_read.read(
                self._driver,
                self._database,
                query,
                params,
                timeout=self._timeout * _READ_TIMEOUT_FACTOR,
                retry_time=self._timeout,
            )

    def _first(self, query: str, **params: Any) -> Record | None:
        records = self._records(query, params)
        return records[0] if records else None

    def _read(self, query: str, **params: Any) -> list[Row]:
        return [dict(zip(r.keys(), r, strict=True)) for r in self._records(query, params)]

    def _ensure_schema(self) -> None:
        present = {r["name"] for r in self._read(cy.SHOW_INDEXES)}
        missing = [statement for name, statement in cy.SCHEMA.items() if name not in present]
        for statement in missing:
            try:
                self._execute(functools.partial(_run_schema, statement=statement), write=True)
            except Neo4jError as exc:  # another process created it at the same moment
                if "AlreadyExists" not in (exc.code or ""):
                    raise
        if missing:  # so that the first queries are planned with the indexes online
            wait = self._timeout * _WRITE_TIMEOUT_FACTOR * 0.8  # the procedure gives up before the tx
            with contextlib.suppress(Neo4jError):  # still populating (a large graph): usable meanwhile
                self._execute(
                    functools.partial(_run_schema, statement=cy.AWAIT_INDEXES, seconds=wait), write=True
                )

    # --- writes ---------------------------------------------------------------------------------
    def upsert(self, extraction: Extraction) -> UpsertResult:
        return self.upsert_many([extraction])[0]

    def upsert_many(self, extractions: Iterable[Extraction]) -> list[UpsertResult]:
        todo = list(extractions)
        if not todo:
            return []
        one_chunk = len(todo) <= _CHUNK
        if not one_chunk:  # the whole batch is validated before any of it is written
            ids = sorted({n.id for ex in todo for n in [ex.article, *ex.nodes]})
            (stored,) = self._records(cy.STORED_LABELS, {"ids": ids})[0]
            _validate(todo, {node_id: lbl for node_id, lbl in stored})
        results: list[UpsertResult] = []
        try:
            for start in range(0, len(todo), _CHUNK):
                chunk = todo[start : start + _CHUNK]
                # a single chunk is validated inside its write transaction: one round trip less
                work = functools.partial(_upsert_chunk, chunk=chunk, validate=one_chunk)
                results += self._execute(work, write=True)
        finally:
            self._wrote()
        return results

    def delete_article(self, article_id: str) -> bool:
        try:
            return self._execute(functools.partial(_delete_article, article_id=article_id), write=True)
        finally:
            self._wrote()

    def clear(self) -> None:
        """Relationships first, then nodes, each in auto-commit transactions of _CLEAR_BATCH rows, so that
        no transaction holds a hub with all its relationships; repeated if a write slipped in meanwhile."""
        if self._closed:
            raise StoreUnavailable("the Neo4j store was closed")
        try:
            self._clear()
        finally:
            self._wrote()

    def _clear(self) -> None:
        for _ in range(_CLEAR_ATTEMPTS):
            with _translated(), self._driver.session(database=self._database) as session:
                for statement in (cy.CLEAR_RELATIONSHIPS, cy.CLEAR_NODES):
                    session.run(statement, batch=_CLEAR_BATCH).consume()
            if self._read(cy.IS_EMPTY)[0]["empty"]:
                return
        raise StoreUnavailable("Neo4j: the database was written to while it was being cleared")

    def close(self) -> None:
        self._closed = True
        self._driver.close()

    def _wrote(self) -> None:
        self._writes = next(self._write_counter)

    def generation(self) -> str:
        """This store's own writes, and the database's last commit as probed at most `generation_lag`
        seconds ago: a write through this store changes it at once, one by another client (another API
        process, Neo4j Browser) within `generation_lag` seconds."""
        if self._closed:
            raise StoreUnavailable("the Neo4j store was closed")
        probed, now = self._probed, time.monotonic()
        if probed is None or now - probed[0] >= self.generation_lag:
            with _translated():
                commit = neo4j_read.last_commit(self._driver, self._database, timeout=self._timeout)
            probed = self._probed = (now, commit)
        return f"{self._writes}@{probed[1]}"

    # --- look-ups -------------------------------------------------------------------------------
    def ping(self) -> bool:
        try:
            return bool(self._read(cy.PING))
        except StoreUnavailable:
            return False

    def get_node(self, node_id: str) -> Node | None:
        record = self._first(cy.GET_NODE, id=node_id)
        return _to_node(record[0]) if record else None

    def _matching(self, labels: frozenset[str], needles: list[str]) -> list[Node]:
        if not needles:
            return []
        (nodes,) = self._records(cy.nodes_matching(labels), {"needles": needles})[0]
        return [_to_node(n) for n in nodes]

    def find_by_keys(self, label: Label, keys: list[str]) -> list[Node]:
        return self._matching(frozenset({label}), [cy.SEP + fold(k) + cy.SEP for k in keys if fold(k)])

    def events_with_participants(self, label: Label, participant_ids: list[str]) -> list[Node]:
        if not participant_ids or label not in cy.PARTICIPATION:
            return []
        ids = sorted(set(participant_ids))
        (nodes,) = self._records(cy.events_with_participants(label), {"ids": ids})[0]
        return [_to_node(n) for n in nodes]

    def resolve(self, value: str, label: Label | None = None) -> list[str]:
        """One statement (graph.cypher.resolve): the id itself when a node of any label (or of `label`)
        has it, else the nodes whose keys hold the folded value, else those whose name or alias ends in
        its words (a surname, "joint commission")."""
        folded = fold(value)
        tail = " ".join(_WORD.findall(folded))
        params = {
            "id": value,
            "label": label,
            "exact": [cy.SEP + folded + cy.SEP] if folded else [],
            "tail": [cy.WSEP + tail + cy.WSEP, " " + tail + cy.WSEP] if tail else [],
        }
        labels = frozenset({label}) if label else ENTITY_LABELS
        is_id, exact, tail_ids = self._records(cy.resolve(labels), params)[0]
        return [value] if is_id else list(exact or tail_ids)

    def search(self, q: str, label: Label | None = None, limit: int = 20) -> list[Node]:
        folded = fold(q)
        if not folded or limit <= 0:
            return []
        labels = frozenset({label}) if label else ENTITY_LABELS
        params = {"q": folded, "exact": cy.SEP + folded + cy.SEP, "prefix": cy.SEP + folded, "limit": limit}
        (nodes,) = self._records(cy.search_nodes(labels), params)[0]
        return [_to_node(n) for n in nodes]

    # --- analyst views ----------------------------------------------------------------------------
    def _get(self, query: str, model: type[M], node_id: str) -> M | None:
        record = self._first(query, id=node_id)
        return model.model_validate(record[0]) if record else None

    def _page_record(self, query: str, limit: int, offset: int, params: dict[str, Any]) -> Record:
        bounds = {"limit": max(limit, 0), "offset": max(offset, 0)}
        return self._records(query, {"probe": [], **params, **bounds})[0]

    def _page(self, query: str, model: type[M], limit: int, offset: int, **params: Any) -> Page[M]:
        if any(v == [] for v in params.values()):  # a filter named something that does not exist
            return Page(items=[], total=0)
        return _to_page(model, self._page_record(query, limit, offset, params))

    def _ids(self, value: str | None, label: Label | None = None) -> list[str] | None:
        """A filter's ids: None when the filter is unset, [] when it names nothing."""
        return None if value is None else self.resolve(value, label)

    def _filtered_page(
        self, query: str, model: type[M], limit: int, offset: int, refs: dict[str, Ref], **params: Any
    ) -> Page[M]:
        """A page of a list filtered by references, each an id or any spelling of a name (`refs`: query
        parameter -> (value, label its node must have, None for any)). The values are first tried as ids
        in the statement that reads the page, which also returns the labels of the nodes having them
        (`probed`, graph.cypher.page). When each value is the id of a node of the right label, resolve()
        gives [value] for each, exactly what was tried, so the page stands: one round trip. Otherwise the
        values are resolved and the page read again. `query` is the same either way: the anchor depends
        only on which filters are set."""
        tried = {name: None if value is None else [value] for name, (value, _) in refs.items()}
        wanted = {(value, label) for value, label in refs.values() if value is not None}
        probe = sorted({value for value, _ in wanted})
        record = self._page_record(query, limit, offset, {**params, **tried, "probe": probe})
        found: dict[str, str] = dict(record["probed"])
        if all(value in found and label in (None, found[value]) for value, label in wanted):
            return _to_page(model, record)
        resolved = {name: self._ids(value, label) for name, (value, label) in refs.items()}
        return self._page(query, model, limit, offset, **params, **resolved)

    def list_people(
        self, q: str | None = None, country: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page[PersonView]:
        needle = fold(q) if q else None
        query = cl.LIST_PEOPLE[cl.people_anchor(needle, None if country is None else [country])]
        refs: dict[str, Ref] = {"country": (country, "Country")}
        return self._filtered_page(query, PersonView, limit, offset, refs, q=needle)

    def get_person(self, person_id: str) -> PersonView | None:
        return self._get(cy.GET_PERSON, PersonView, person_id)

    def list_meetings(self, flt: MeetingFilter, limit: int = 50, offset: int = 0) -> Page[MeetingView]:
        return self._meetings(cl.LIST_MEETINGS, MeetingView, flt, limit, offset)

    def list_meeting_digests(
        self, flt: MeetingFilter, limit: int = 50, offset: int = 0
    ) -> Page[MeetingDigest]:
        return self._meetings(cl.LIST_MEETING_DIGESTS, MeetingDigest, flt, limit, offset)

    def _meetings(
        self, queries: dict[str, str], model: type[M], flt: MeetingFilter, limit: int, offset: int
    ) -> Page[M]:
        refs: dict[str, Ref] = {
            "person": (flt.person, None),
            "with": (flt.with_, None),
            "country": (flt.country, "Country"),
            "counterpart": (flt.counterpart_country, "Country"),
            "place": (flt.place, None),
        }
        lo, hi = cl.date_bounds(flt.date_from, flt.date_to)
        dates = {"date_from": flt.date_from, "date_to": flt.date_to, "date_lo": lo, "date_hi": hi}
        query = queries[cl.meeting_anchor({**{k: v for k, (v, _) in refs.items()}, **dates})]
        return self._filtered_page(
            query, model, limit, offset, refs, **dates, status=flt.status, kind=flt.kind
        )

    def get_meeting(self, meeting_id: str) -> MeetingView | None:
        return self._get(cy.GET_MEETING, MeetingView, meeting_id)

    def list_visits(self, flt: VisitFilter, limit: int = 50, offset: int = 0) -> Page[VisitView]:
        refs: dict[str, Ref] = {
            "visitor": (flt.visitor, None),
            "host": (flt.host_country, "Country"),
            "country": (flt.country, "Country"),
        }
        dates = {"date_from": flt.date_from, "date_to": flt.date_to}
        query = cl.LIST_VISITS[cl.visit_anchor({k: v for k, (v, _) in refs.items()})]
        return self._filtered_page(query, VisitView, limit, offset, refs, **dates, status=flt.status)

    def get_visit(self, visit_id: str) -> VisitView | None:
        return self._get(cy.GET_VISIT, VisitView, visit_id)

    def list_mechanisms(
        self, country: str | None = None, limit: int = 50, offset: int = 0, partner: str | None = None
    ) -> Page[MechanismView]:
        if country is None:  # the anchor starts from $country
            country, partner = partner, None
        query = cl.LIST_MECHANISMS[cl.country_anchor(None if country is None else [country])]
        refs: dict[str, Ref] = {"country": (country, "Country"), "partner": (partner, "Country")}
        return self._filtered_page(query, MechanismView, limit, offset, refs)

    def get_mechanism(self, mechanism_id: str) -> MechanismView | None:
        return self._get(cy.GET_MECHANISM, MechanismView, mechanism_id)

    def list_anniversaries(
        self, year: int | None = None, country: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page[AnniversaryView]:
        query = cl.LIST_ANNIVERSARIES[cl.country_anchor(None if country is None else [country])]
        refs: dict[str, Ref] = {"country": (country, "Country")}
        return self._filtered_page(query, AnniversaryView, limit, offset, refs, year=year)

    def list_nodes(self, label: Label, limit: int = 50, offset: int = 0) -> Page[Node]:
        bounds = {"limit": max(limit, 0), "offset": max(offset, 0)}
        total, items = self._records(cy.list_nodes(label), bounds)[0]
        return Page(items=[_to_node(n) for n in items], total=total)

    def list_articles(self, limit: int = 50, offset: int = 0) -> Page[ArticleView]:
        return self._page(cl.LIST_ARTICLES, ArticleView, limit, offset)

    def get_article(self, article_id: str) -> ArticleView | None:
        return self._get(cy.GET_ARTICLE, ArticleView, article_id)

    def timeline(self, person_id: str, limit: int | None = None, offset: int = 0) -> Timeline | None:
        bounds = {"limit": _ALL if limit is None else max(limit, 0), "offset": max(offset, 0)}  # as pages
        record = self._first(cy.TIMELINE, id=person_id, **bounds)
        return Timeline.model_validate(record[0]) if record else None

    # --- graph queries ----------------------------------------------------------------------------
    def neighborhood(self, node_id: str, depth: int = 1) -> Subgraph:
        def work(tx: ManagedTransaction) -> Row:
            seen, frontier = {node_id}, [node_id]
            for _ in range(max(depth, 0)):  # breadth first, one query per hop: no path explosion
                (found,) = tx.run(cy.NEIGHBOURS, ids=frontier).single(strict=True)
                frontier = [i for i in found if i not in seen]
                if not frontier:
                    break
                seen.update(frontier)
            record = tx.run(cy.INDUCED_SUBGRAPH, ids=sorted(seen)).single(strict=True)
            return {"nodes": record["nodes"], "rels": record["rels"]}

        found = self._execute(work)
        return _subgraph(found["nodes"], found["rels"])

    def shortest_path(self, from_id: str, to_id: str, max_hops: int = 6) -> Subgraph | None:
        if from_id == to_id:
            node = self.get_node(from_id)
            return Subgraph(nodes=[node]) if node is not None and node.label != "Article" else None
        record = self._first(cy.shortest_path(max_hops), start=from_id, end=to_id)
        if record is None:
            return None
        node_maps, rel_maps = record
        return Subgraph(nodes=[_to_node(n) for n in node_maps], relationships=[_to_rel(r) for r in rel_maps])

    def stats(self) -> StoreStats:
        rows = self._read(cy.STATS)
        nodes = {r["name"]: r["c"] for r in rows if r["kind"] == "node"}
        return StoreStats(nodes=nodes, relationships={r["name"]: r["c"] for r in rows if r["kind"] == "rel"})

    # --- whole graph, for exports -----------------------------------------------------------------
    def iter_nodes(self, labels: Iterable[Label] | None = None) -> Iterator[Node]:
        chosen = sorted(LABELS if labels is None else set(labels))
        # each label comes in id order from its unique index; merging them gives global id order
        yield from heapq.merge(*(self._label_nodes(lbl) for lbl in chosen), key=lambda n: n.id)

    def _label_nodes(self, label: str) -> Iterator[Node]:
        query, after = cy.iter_nodes_page(label), ""
        while True:
            (maps,) = self._records(query, {"after": after, "limit": _PAGE})[0]
            nodes = [_to_node(n) for n in maps]
            yield from nodes
            if len(maps) < _PAGE:
                return
            after = nodes[-1].id

    def relationships_citing(self, article_id: str) -> list[Relationship]:
        record = self._first(cy.RELS_CITING, id=article_id)
        if record is None:
            return []
        anchored, rels = record
        if not anchored:
            (rels,) = self._records(cy.RELS_CITING_SCAN, {"id": article_id})[0]
        return [_to_rel(r) for r in rels]

    def dossier_facts(self, a: str, b: str, recent: int = 10, cap: int = 10_000) -> DossierFacts | None:
        """One statement (graph.cypher_lists.DOSSIER): the parts graph.dossier.read_facts reads."""
        unset = dict.fromkeys(("person", "with", "status", "kind", "date_from", "date_to", "place"))
        params = {"a": a, "b": b, "country": [a], "counterpart": [b], **unset}
        record = self._first(cl.DOSSIER, **params, recent=max(recent, 0), cap=max(cap, 0))
        if record is None:
            return None
        facts = dict(record[0])
        facts["partnerships"] = [_to_rel(r) for r in facts["partnerships"]]
        facts["countries"] = dict(facts["countries"])
        return DossierFacts.model_validate(facts)

    def relationships_between(
        self, a: str, b: str, types: Iterable[RelType] | None = None
    ) -> list[Relationship]:
        wanted = None if types is None else sorted(set(types))
        (rows,) = self._records(cy.RELS_BETWEEN, {"a": a, "b": b, "types": wanted})[0]
        return [_to_rel(r) for r in rows]

    def iter_relationships(self, types: Iterable[RelType] | None = None) -> Iterator[Relationship]:
        for type_ in sorted(REL_TYPES if types is None else set(types)):
            query, skip = cy.iter_rels_page(type_), 0
            while True:
                (rows,) = self._records(query, {"skip": skip, "limit": _PAGE})[0]
                yield from (_to_rel(r) for r in rows)
                if len(rows) < _PAGE:
                    break
                skip += _PAGE
