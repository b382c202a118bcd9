"""The embedded store's in-memory graph: a networkx MultiDiGraph plus the indexes that keep per-node
queries off full scans, and the merge rules of graph/store.py applied to it.

Node attributes: label, name, aliases, props, articles (sorted ids), keys (sorted folded keys).
Edge key: f"{type}|{key}"; edge attributes: type, key, props, pairs (list of (article id, sentence)).
Nothing here does I/O or locking; graph/embedded.py wraps it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import networkx as nx

from graph.errors import InvalidExtraction
from graph.model import Evidence, Extraction, Node, PropValue, Relationship, fold
from graph.store import UpsertResult

EdgeId = tuple[str, str, str]  # (start, end, f"{type}|{key}")
Attrs = dict[str, Any]
_WORD = re.compile(r"[a-z0-9]+")


cached_fold = lru_cache(maxsize=1 << 16)(fold)  # names repeat across articles; fold is the hot spot


def words(folded: str) -> list[str]:
    return _WORD.findall(folded)


def _merge_props(old: dict[str, PropValue], new: dict[str, PropValue]) -> dict[str, PropValue]:
    merged = dict(old)
    merged.update({k: v for k, v in new.items() if v is not None and k not in ("articles", "keys")})
    return merged


class MemGraph:
    """Graph data and indexes. `version` grows on every change so readers can cache derived data."""

    def __init__(self) -> None:
        self.version = 0
        self._reset()

    def _reset(self) -> None:
        self.g: Any = nx.MultiDiGraph()
        self.by_label: dict[str, set[str]] = defaultdict(set)
        self.by_key: dict[str, set[str]] = defaultdict(set)  # folded key -> ids
        self.by_last_word: dict[str, set[str]] = defaultdict(set)  # surname look-ups
        self.by_country: dict[str, set[str]] = defaultdict(set)  # `country` prop -> ids
        self.article_nodes: dict[str, set[str]] = defaultdict(set)
        self.article_edges: dict[str, set[EdgeId]] = defaultdict(set)
        self._indexes = {
            "label": self.by_label,
            "key": self.by_key,
            "word": self.by_last_word,
            "country": self.by_country,
        }
        self._entries: dict[str, set[tuple[str, str]]] = {}  # what each node is indexed under
        self._node: dict[str, Attrs] = self.g._node  # networkx's own id -> attrs dict: the fast path

    # --- reading ----------------------------------------------------------------------------
    def has(self, node_id: str) -> bool:
        return node_id in self.g

    def attrs(self, node_id: str) -> Attrs:
        return self._node[node_id]

    def label(self, node_id: str) -> str | None:
        a = self._node.get(node_id)
        return None if a is None else a["label"]

    def is_a(self, node_id: str, label: str) -> bool:
        return self.label(node_id) == label

    def node(self, node_id: str) -> Node:
        a = self.g.nodes[node_id]
        props = {**a["props"], "articles": list(a["articles"]), "keys": list(a["keys"])}
        return Node.model_construct(
            id=node_id, label=a["label"], name=a["name"], aliases=list(a["aliases"]), props=props
        )

    def out(self, node_id: str, rel_type: str) -> Iterator[tuple[str, Attrs]]:
        """(end, edge attrs) of the node's outgoing edges of one type."""
        for end, keyed in self.g.succ[node_id].items():
            for data in keyed.values():
                if data["type"] == rel_type:
                    yield end, data

    def into(self, node_id: str, rel_type: str) -> Iterator[tuple[str, Attrs]]:
        """(start, edge attrs) of the node's incoming edges of one type."""
        for start, keyed in self.g.pred[node_id].items():
            for data in keyed.values():
                if data["type"] == rel_type:
                    yield start, data

    def relationship(self, start: str, end: str, data: Attrs) -> Relationship:
        evidence = [Evidence.model_construct(article_id=a, sentence=s) for a, s in data["pairs"]]
        return Relationship.model_construct(
            type=data["type"],
            start=start,
            end=end,
            key=data["key"],
            props=dict(data["props"]),
            evidence=evidence,
        )

    def edges(self) -> Iterator[tuple[str, str, Attrs]]:
        yield from self.g.edges(data=True)

    # --- validation and upsert ----------------------------------------------------------------
    def validate(self, ex: Extraction) -> None:
        """Raise InvalidExtraction for anything that cannot be stored; changes nothing."""
        aid = ex.article.id
        if ex.article.label != "Article":
            raise InvalidExtraction(f"extraction {aid}: its article node has label {ex.article.label}")
        labels = {aid: "Article"}
        for n in ex.nodes:
            seen = labels.setdefault(n.id, n.label)
            stored = self.label(n.id)
            if seen != n.label or (stored is not None and stored != n.label):
                raise InvalidExtraction(
                    f"extraction {aid}: node {n.id} labelled both {n.label} and {stored or seen}"
                )
        if self.label(aid) not in (None, "Article"):
            raise InvalidExtraction(f"extraction {aid}: id already used by a {self.label(aid)} node")
        for r in ex.relationships:
            for end in (r.start, r.end):
                if end not in labels:
                    raise InvalidExtraction(
                        f"extraction {aid}: {r.type} {r.start}->{r.end} names unknown node {end}"
                    )

    def is_unchanged(self, ex: Extraction) -> bool:
        aid = ex.article.id
        if not self.is_a(aid, "Article"):
            return False
        stored: PropValue = self.g.nodes[aid]["props"].get("content_hash")
        return stored == ex.article.props.get("content_hash")

    def upsert(self, ex: Extraction, triples_json: str | None = None) -> UpsertResult:
        """Apply one validated extraction (graph/store.py steps 1-4)."""
        aid = ex.article.id
        if self.is_unchanged(ex):
            return UpsertResult(article_id=aid, status="unchanged")
        status = "updated" if self.delete_article(aid) else "created"
        article = ex.article
        if triples_json is not None:
            article = article.model_copy(update={"props": {**article.props, "triples": triples_json}})
        node_ids: set[str] = set()
        for n in [article, *ex.nodes]:
            self._merge_node(n, aid)
            node_ids.add(n.id)
        edge_ids = {self._merge_edge(r, aid) for r in ex.relationships}
        self.version += 1
        return UpsertResult(article_id=aid, status=status, nodes=len(node_ids), relationships=len(edge_ids))

    def _merge_node(self, n: Node, aid: str) -> None:
        incoming_keys = n.props.get("keys")
        extra = [k for k in incoming_keys if isinstance(k, str)] if isinstance(incoming_keys, list) else []
        if n.id in self.g:
            a = self.g.nodes[n.id]
            a["name"] = n.name
            a["aliases"] = list(dict.fromkeys([*a["aliases"], *n.aliases]))
            a["props"] = _merge_props(a["props"], n.props)
            a["articles"] = sorted({*a["articles"], aid})
            a["keys"] = sorted({*a["keys"], *self._keys(n.name, n.aliases, extra)})
            self.article_nodes[aid].add(n.id)
        else:
            self.add_node(
                n.id,
                n.label,
                n.name,
                list(dict.fromkeys(n.aliases)),
                _merge_props({}, n.props),
                [aid],
                sorted(self._keys(n.name, n.aliases, extra)),
                index=False,
            )
        self._index(n.id)

    @staticmethod
    def _keys(name: str, aliases: Iterable[str], extra: Iterable[str]) -> set[str]:
        return {k for k in (cached_fold(x) for x in [name, *aliases, *extra]) if k}

    def _merge_edge(self, r: Relationship, aid: str) -> EdgeId:
        ek = f"{r.type}|{r.key}"
        pairs = [(e.article_id, e.sentence) for e in r.evidence] or [(aid, "")]
        if self.g.has_edge(r.start, r.end, ek):
            data = self.g.edges[r.start, r.end, ek]
            data["props"] = _merge_props(data["props"], r.props)
            data["pairs"] = list(dict.fromkeys([*data["pairs"], *pairs]))
        else:
            self.add_edge(
                r.type, r.start, r.end, r.key, _merge_props({}, r.props), list(dict.fromkeys(pairs))
            )
        for art, _ in pairs:
            self.article_edges[art].add((r.start, r.end, ek))
        return (r.start, r.end, ek)

    # --- raw adds (also used when loading a snapshot) ------------------------------------------
    def add_node(
        self,
        node_id: str,
        label: str,
        name: str,
        aliases: list[str],
        props: dict[str, PropValue],
        articles: list[str],
        keys: list[str],
        *,
        index: bool = True,
    ) -> None:
        self.g.add_node(
            node_id, label=label, name=name, aliases=aliases, props=props, articles=articles, keys=keys
        )
        for art in articles:
            self.article_nodes[art].add(node_id)
        if index:
            self._index(node_id)

    def add_edge(
        self,
        rel_type: str,
        start: str,
        end: str,
        key: str,
        props: dict[str, PropValue],
        pairs: list[tuple[str, str]],
    ) -> None:
        ek = f"{rel_type}|{key}"
        self.g.add_edge(start, end, ek)
        self.g.edges[start, end, ek].update(type=rel_type, key=key, props=props, pairs=pairs)
        for art, _ in pairs:
            self.article_edges[art].add((start, end, ek))

    # --- indexes --------------------------------------------------------------------------------
    def _index_entries(self, node_id: str) -> set[tuple[str, str]]:
        a = self.g.nodes[node_id]
        entries = {("label", a["label"])}
        entries.update(("key", k) for k in a["keys"])
        for text in [a["name"], *a["aliases"]]:
            w = words(cached_fold(text))
            if w:
                entries.add(("word", w[-1]))
        country = a["props"].get("country")
        if isinstance(country, str):
            entries.add(("country", country))
        return entries

    def _index(self, node_id: str) -> None:
        """(Re)index a node, touching only the entries that changed since it was last indexed."""
        old = self._entries.get(node_id, set())
        new = self._index_entries(node_id)
        self._drop_entries(node_id, old - new)
        for name, value in new - old:
            self._indexes[name][value].add(node_id)
        self._entries[node_id] = new

    def _unindex(self, node_id: str) -> None:
        self._drop_entries(node_id, self._entries.pop(node_id, set()))

    def _drop_entries(self, node_id: str, entries: set[tuple[str, str]]) -> None:
        for name, value in entries:
            index = self._indexes[name]
            ids = index.get(value)
            if ids is not None:
                ids.discard(node_id)
                if not ids:
                    del index[value]

    # --- deletion -------------------------------------------------------------------------------
    def delete_article(self, aid: str) -> bool:
        if not self.is_a(aid, "Article"):
            return False
        for start, end, ek in self.article_edges.pop(aid, set()):
            if not self.g.has_edge(start, end, ek):
                continue
            data = self.g.edges[start, end, ek]
            data["pairs"] = [p for p in data["pairs"] if p[0] != aid]
            if not data["pairs"]:
                self.g.remove_edge(start, end, ek)
        for node_id in self.article_nodes.pop(aid, set()):
            if node_id not in self.g:
                continue
            a = self.g.nodes[node_id]
            a["articles"] = [x for x in a["articles"] if x != aid]
            if not a["articles"]:
                self._remove_node(node_id)
        self.version += 1
        return True

    def _remove_node(self, node_id: str) -> None:
        for start, end, ek, data in list(self.g.in_edges(node_id, keys=True, data=True)) + list(
            self.g.out_edges(node_id, keys=True, data=True)
        ):
            for art, _ in data["pairs"]:
                self.article_edges.get(art, set()).discard((start, end, ek))
        self._unindex(node_id)
        self.g.remove_node(node_id)

    def clear(self) -> None:
        self._reset()
        self.version += 1
