"""The embedded store's in-memory graph: adjacency dicts plus the indexes that keep queries off full
scans, and the merge rules of graph/store.py applied to it.

Nodes: `nodes[id]` is a dict with label, name, aliases, props, articles, keys, and `folded` (the folded
name and aliases, derived, not stored).
- `articles` is kept in arrival order and sorted when read (`articles(id)`): a merge appends in O(1)
  rather than re-sorting a hub's whole list; every output gives it sorted, as before.
- `keys` is sorted (a node has a handful of folded spellings).
- the long string props of PACKED_PROPS (an Article's `text` and `triples`) are held zlib-compressed
  (`Packed`); `node()` gives the strings back.
Edges: `succ[start][end][f"{type}|{key}"]` is the edge's dict, the same key dict being shared with
`pred[end][start]` (networkx's MultiDiGraph layout, without its per-call overhead). Edge dict: type,
key, props, pairs (list of (article id, sentence)), id (its EdgeId). Insertion orders are those
networkx kept, so walks break ties as they did.
Indexes: nodes by label, folded key, last name word and `country` prop; edges by type; per article
the nodes and edges it supports. Ids, article ids, sentences and short prop values are interned, so
a sentence cited by many edges is held once.
Nothing here does I/O or locking; graph/embedded.py wraps it.
"""

from __future__ import annotations

import re
import sys
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from anyascii import anyascii

from graph.errors import InvalidExtraction
from graph.model import STORE_PROPS, Evidence, Extraction, Node, PropValue, Relationship
from graph.store import UpsertResult

EdgeId = tuple[str, str, str]  # (start, end, f"{type}|{key}")
Attrs = dict[str, Any]
Pair = tuple[str, str]  # (article id, sentence)
_WORD = re.compile(r"[a-z0-9]+")

PACKED_PROPS = frozenset({"text", "triples"})  # an Article's long strings, never read by the views
PACK_MIN = 1024  # shorter strings are kept as they are
INTERN_MAX = 40  # prop values up to this length are interned (dates, statuses, kinds, roles...)
intern = sys.intern


class Packed(bytes):
    """A long string prop, zlib-compressed; `text()` gives the string back."""

    __slots__ = ()

    def text(self) -> str:
        return zlib.decompress(self).decode("utf-8")


def pack(value: str) -> Packed:
    return Packed(zlib.compress(value.encode("utf-8"), 6))


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_TRANSLITERATION: dict[str, str] = {}  # character -> anyascii of it, filled on first use


def _transliterate(m: re.Match[str]) -> str:
    char = m.group()
    ascii_ = _TRANSLITERATION.get(char)
    if ascii_ is None:
        ascii_ = _TRANSLITERATION[char] = anyascii(char)
    return ascii_


def fast_fold(text: str) -> str:
    """`graph.model.fold`, faster: anyascii maps every character on its own, so only the non-ASCII
    characters are looked up (in a cache), and `" ".join(split())` is `re.sub(r"\\s+", " ", ...)
    .strip()` (the same whitespace)."""
    if not text.isascii():
        text = _NON_ASCII.sub(_transliterate, text)
    return " ".join(text.split()).lower()


cached_fold = lru_cache(maxsize=1 << 16)(fast_fold)  # names repeat across articles


def words(folded: str) -> list[str]:
    return _WORD.findall(folded)


def folded_texts(name: str, aliases: Iterable[str]) -> tuple[str, ...]:
    """A node's searchable texts: its folded name and aliases, without repeats or empty ones."""
    return tuple(t for t in dict.fromkeys(cached_fold(x) for x in [name, *aliases]) if t)


def _merge_props(old: dict[str, PropValue], new: dict[str, PropValue]) -> dict[str, PropValue]:
    merged = dict(old)
    merged.update({k: v for k, v in new.items() if v is not None and k not in STORE_PROPS})
    return merged


def _same(old: Any, new: Any) -> bool:
    """Equal with the same types: 1 and 1.0, or True and 1, are different prop values."""
    if type(old) is not type(new) or old != new:
        return False
    return not isinstance(new, list) or all(type(x) is type(y) for x, y in zip(old, new, strict=True))


def _updates(old: dict[str, Any], new: dict[str, PropValue]) -> dict[str, PropValue] | None:
    """The props `_merge_props(old, new)` would set, or None when it would change nothing."""
    if not new:
        return None
    incoming: dict[str, PropValue] = {
        k: v for k, v in new.items() if v is not None and k not in STORE_PROPS
    }
    if all(k in old and _same(old[k], v) for k, v in incoming.items()):
        return None
    return incoming


def _compact(key: str, value: Any) -> Any:
    if isinstance(value, str):
        if key in PACKED_PROPS and len(value) >= PACK_MIN:
            return pack(value)
        if len(value) <= INTERN_MAX:
            return intern(value)
    return value


def compact_props(props: dict[str, Any]) -> dict[str, Any]:
    """The same props (same order) with keys and short string values interned and the long strings
    of PACKED_PROPS packed."""
    return {intern(k): _compact(k, v) for k, v in props.items()}


def unpacked(props: dict[str, Any]) -> dict[str, Any]:
    """A copy of stored props with packed strings given back."""
    out = dict(props)
    for k in PACKED_PROPS:
        v = out.get(k)
        if isinstance(v, Packed):
            out[k] = v.text()
    return out


def _is_sorted(items: list[str]) -> bool:
    return all(a < b for a, b in zip(items, items[1:], strict=False))


class MemGraph:
    """Graph data and indexes. `version` grows on every change so readers can cache derived data;
    `epoch` grows when everything is dropped; `name_changes` collects, per label, the ids whose names
    or aliases changed (added and removed nodes included) for the search index, once it has asked
    for them (`track_names`)."""

    def __init__(self) -> None:
        self.version = 0
        self.epoch = 0
        self.name_changes: dict[str, set[str]] | None = None  # None until `track_names()`
        self._reset()

    def track_names(self) -> dict[str, set[str]]:
        """Start (or go on) collecting `name_changes`; what collected so far is handed over."""
        changes = self.name_changes or {}
        self.name_changes = defaultdict(set)
        return changes

    def _renamed(self, label: str, node_id: str) -> None:
        if self.name_changes is not None:
            self.name_changes[label].add(node_id)

    def _reset(self) -> None:
        self.nodes: dict[str, Attrs] = {}
        self.succ: dict[str, dict[str, dict[str, Attrs]]] = {}
        self.pred: dict[str, dict[str, dict[str, Attrs]]] = {}
        self.by_label: dict[str, set[str]] = defaultdict(set)
        self.by_key: dict[str, set[str]] = defaultdict(set)  # folded key -> ids
        self.by_last_word: dict[str, set[str]] = defaultdict(set)  # surname look-ups
        self.by_country: dict[str, set[str]] = defaultdict(set)  # `country` prop -> ids
        self.by_type: dict[str, set[EdgeId]] = defaultdict(set)  # relationship type -> edges
        self.article_nodes: dict[str, set[str]] = defaultdict(set)
        self.article_edges: dict[str, set[EdgeId]] = defaultdict(set)
        self._indexes = {
            "label": self.by_label,
            "key": self.by_key,
            "word": self.by_last_word,
            "country": self.by_country,
        }
        self._entries: dict[str, set[tuple[str, str]]] = {}  # what each node is indexed under
        self._unsorted: set[str] = set()  # nodes whose `articles` may be out of order
        self._edge_keys: dict[tuple[str, str], tuple[str, str, str]] = {}  # (type, key) -> (ek, type, key)
        if self.name_changes is not None:
            self.name_changes = defaultdict(set)
        self.epoch += 1

    # --- reading ----------------------------------------------------------------------------
    def has(self, node_id: str) -> bool:
        return node_id in self.nodes

    def attrs(self, node_id: str) -> Attrs:
        return self.nodes[node_id]

    def label(self, node_id: str) -> str | None:
        a = self.nodes.get(node_id)
        return None if a is None else a["label"]

    def is_a(self, node_id: str, label: str) -> bool:
        return self.label(node_id) == label

    def articles(self, node_id: str) -> list[str]:
        """The node's article ids, sorted (sorted here, once, after appends out of order)."""
        arts: list[str] = self.nodes[node_id]["articles"]
        if node_id in self._unsorted:
            arts.sort()
            self._unsorted.discard(node_id)
        return arts

    def node(self, node_id: str) -> Node:
        a = self.nodes[node_id]
        props = {**unpacked(a["props"]), "articles": list(self.articles(node_id)), "keys": list(a["keys"])}
        return Node.model_construct(
            id=node_id, label=a["label"], name=a["name"], aliases=list(a["aliases"]), props=props
        )

    def out(self, node_id: str, rel_type: str) -> Iterator[tuple[str, Attrs]]:
        """(end, edge attrs) of the node's outgoing edges of one type."""
        for end, keyed in self.succ[node_id].items():
            for data in keyed.values():
                if data["type"] == rel_type:
                    yield end, data

    def out_by_type(self, node_id: str) -> dict[str, list[tuple[str, Attrs]]]:
        """The node's outgoing edges as (end, edge attrs), grouped by type: one pass for a view that
        reads several types (a meeting's place, event, topics and sources), where `out` makes one each."""
        grouped: dict[str, list[tuple[str, Attrs]]] = {}
        for end, keyed in self.succ[node_id].items():
            for data in keyed.values():
                edges = grouped.get(data["type"])
                if edges is None:
                    grouped[data["type"]] = [(end, data)]
                else:
                    edges.append((end, data))
        return grouped

    def into(self, node_id: str, rel_type: str) -> Iterator[tuple[str, Attrs]]:
        """(start, edge attrs) of the node's incoming edges of one type."""
        for start, keyed in self.pred[node_id].items():
            for data in keyed.values():
                if data["type"] == rel_type:
                    yield start, data

    def linked(self, ids: Iterable[str], rel_type: str, label: str, outgoing: bool = True) -> set[str]:
        """Nodes of `label` at the other end of a `rel_type` edge from (or, `outgoing` False, to) any of
        `ids` (unknown ids have none). The loop of `out`/`into` without their generator: the filtered
        lists call this over every meeting of a country's officials."""
        adjacency, nodes = (self.succ if outgoing else self.pred), self.nodes
        found: set[str] = set()
        for node_id in ids:
            for other, keyed in adjacency.get(node_id, {}).items():
                if (
                    other not in found
                    and nodes[other]["label"] == label
                    and any(data["type"] == rel_type for data in keyed.values())
                ):
                    found.add(other)
        return found

    def edge(self, eid: EdgeId) -> Attrs | None:
        keyed = self.succ.get(eid[0], {}).get(eid[1])
        return None if keyed is None else keyed.get(eid[2])

    def between(self, start: str, end: str) -> Iterator[Attrs]:
        """The attrs of every edge from `start` to `end`."""
        yield from self.succ.get(start, {}).get(end, {}).values()

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
        """Every edge, in networkx's order: by start node, then end node, then edge key insertion."""
        for start, nbrs in self.succ.items():
            for end, keyed in nbrs.items():
                for data in keyed.values():
                    yield start, end, data

    def edges_of_type(self, rel_type: str) -> list[EdgeId]:
        """The edges of one type, ordered by (start, end, key)."""
        return sorted(self.by_type.get(rel_type, ()))

    def edge_counts(self) -> dict[str, int]:
        return {t: len(ids) for t, ids in self.by_type.items() if ids}

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
            if any(e.article_id != aid for e in r.evidence):
                raise InvalidExtraction(
                    f"extraction {aid}: {r.type} {r.start}->{r.end} has evidence from another article"
                )

    def is_unchanged(self, ex: Extraction) -> bool:
        aid = ex.article.id
        if not self.is_a(aid, "Article"):
            return False
        stored: PropValue = self.nodes[aid]["props"].get("content_hash")
        return stored == ex.article.props.get("content_hash")

    def upsert(self, ex: Extraction, triples_json: str | None = None) -> UpsertResult:
        """Apply one validated extraction (graph/store.py steps 1-4)."""
        aid = ex.article.id
        if self.is_unchanged(ex):
            return UpsertResult(article_id=aid, status="unchanged")
        status = "updated" if self.delete_article(aid) else "created"
        aid = intern(aid)
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
        node_id = intern(n.id)
        a = self.nodes.get(node_id)
        if a is None:
            self.add_node(
                node_id,
                n.label,
                n.name,
                list(dict.fromkeys(n.aliases)),
                _merge_props({}, n.props),
                [aid],
                sorted(self._keys(n.name, n.aliases, extra)),
                index=False,
            )
            self._index(node_id)
        else:
            self._merge_into(node_id, a, n, aid, extra)

    def _merge_into(self, node_id: str, a: Attrs, n: Node, aid: str, extra: list[str]) -> None:
        """Merge into a stored node in time independent of how many articles cite it; re-index
        only when what the indexes read (names, keys, `country`) changed."""
        changed = False
        aliases = list(dict.fromkeys([*a["aliases"], *n.aliases])) if n.aliases else a["aliases"]
        if n.name != a["name"] or aliases != a["aliases"]:
            a["name"] = n.name
            a["aliases"] = aliases
            a["folded"] = folded_texts(n.name, aliases)
            self._renamed(a["label"], node_id)
            changed = True
        updates = _updates(a["props"], n.props)
        if updates is not None:
            country = a["props"].get("country")
            a["props"] = compact_props({**a["props"], **updates})
            changed = changed or a["props"].get("country") != country
        supported = self.article_nodes[aid]
        if node_id not in supported:  # the article is not yet among the node's (an O(1) test)
            arts = a["articles"]
            if arts and aid < arts[-1]:
                self._unsorted.add(node_id)
            arts.append(aid)
            supported.add(node_id)
        # The stored keys hold the folds of the stored name and aliases already: only a new name,
        # a new alias or ingest-supplied keys can add one.
        if changed or extra:
            keys = self._keys(n.name, n.aliases, extra)
            if not keys.issubset(a["keys"]):
                a["keys"] = sorted(keys.union(a["keys"]))
                changed = True
        if changed:
            self._index(node_id)

    @staticmethod
    def _keys(name: str, aliases: Iterable[str], extra: Iterable[str]) -> set[str]:
        return {k for k in (cached_fold(x) for x in [name, *aliases, *extra]) if k}

    def _merge_edge(self, r: Relationship, aid: str) -> EdgeId:
        pairs: list[Pair] = list(
            dict.fromkeys([(intern(e.article_id), intern(e.sentence)) for e in r.evidence] or [(aid, "")])
        )
        keyed = self.succ[r.start].get(r.end)
        data = None if keyed is None else keyed.get(f"{r.type}|{r.key}")
        if data is None:
            return self.add_edge(r.type, r.start, r.end, r.key, _merge_props({}, r.props), pairs)
        eid: EdgeId = data["id"]
        updates = _updates(data["props"], r.props)
        if updates is not None:
            data["props"] = {**data["props"], **updates}
        # A pair is new unless the edge already cites its article (then look at that article's pairs
        # only); so a hub edge cited by thousands of articles is not scanned on every merge.
        cited = {art for art, _ in pairs if eid in self.article_edges.get(art, ())}
        if cited:
            present = {p for p in data["pairs"] if p[0] in cited}
            pairs = [p for p in pairs if p not in present]
        data["pairs"].extend(pairs)
        for art, _ in pairs:
            self.article_edges[art].add(eid)
        return eid

    # --- raw adds (also used when loading a snapshot) ------------------------------------------
    def add_node(
        self,
        node_id: str,
        label: str,
        name: str,
        aliases: list[str],
        props: dict[str, Any],
        articles: list[str],
        keys: list[str],
        *,
        index: bool = True,
    ) -> None:
        node_id = intern(node_id)
        articles = [intern(x) for x in articles]
        self.nodes[node_id] = {
            "label": intern(label),
            "name": name,
            "aliases": aliases,
            "props": compact_props(props),
            "articles": articles,
            "keys": keys,
            "folded": folded_texts(name, aliases),  # derived: what search and the word index read
        }
        self.succ.setdefault(node_id, {})
        self.pred.setdefault(node_id, {})
        for art in articles:
            self.article_nodes[art].add(node_id)
        if not _is_sorted(articles):
            self._unsorted.add(node_id)
        self._renamed(label, node_id)
        if index:
            self._index(node_id)

    def add_edge(
        self,
        rel_type: str,
        start: str,
        end: str,
        key: str,
        props: dict[str, Any],
        pairs: list[Pair],
    ) -> EdgeId:
        if start not in self.nodes or end not in self.nodes:
            raise KeyError(f"{rel_type} {start}->{end} names a node that does not exist")
        start, end = intern(start), intern(end)
        known = self._edge_keys.get((rel_type, key))
        if known is None:
            rel_type, key = intern(rel_type), intern(key)
            known = self._edge_keys[rel_type, key] = (intern(f"{rel_type}|{key}"), rel_type, key)
        ek, rel_type, key = known
        eid: EdgeId = (start, end, ek)
        nbrs = self.succ[start]
        keyed = nbrs.get(end)
        if keyed is None:
            keyed = nbrs[end] = {}
            self.pred[end][start] = keyed
        if props:
            props = {
                intern(k): intern(v) if isinstance(v, str) and len(v) <= INTERN_MAX else v
                for k, v in props.items()
            }
        keyed[ek] = {"type": rel_type, "key": key, "props": props, "pairs": pairs, "id": eid}
        self.by_type[rel_type].add(eid)
        article_edges = self.article_edges
        for art, _ in pairs:
            article_edges[art].add(eid)
        return eid

    # --- indexes --------------------------------------------------------------------------------
    def _index_entries(self, node_id: str) -> set[tuple[str, str]]:
        a = self.nodes[node_id]
        entries = {("label", a["label"])}
        entries.update(("key", k) for k in a["keys"])
        for text in a["folded"]:
            w = words(text)
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
        if new == old:
            return
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
        for eid in self.article_edges.pop(aid, set()):
            data = self.edge(eid)
            if data is None:
                continue
            data["pairs"] = [p for p in data["pairs"] if p[0] != aid]
            if not data["pairs"]:
                self._drop_edge(eid, data)
        for node_id in self.article_nodes.pop(aid, set()):
            a = self.nodes.get(node_id)
            if a is None:
                continue
            a["articles"] = [x for x in a["articles"] if x != aid]
            if not a["articles"]:
                self._remove_node(node_id)
        self.version += 1
        return True

    def _drop_edge(self, eid: EdgeId, data: Attrs) -> None:
        start, end, ek = eid
        keyed = self.succ[start][end]
        del keyed[ek]
        if not keyed:
            del self.succ[start][end]
            del self.pred[end][start]
        typed = self.by_type.get(data["type"])
        if typed is not None:
            typed.discard(eid)
            if not typed:
                del self.by_type[data["type"]]
        for art, _ in data["pairs"]:
            cited = self.article_edges.get(art)
            if cited is not None:
                cited.discard(eid)

    def _remove_node(self, node_id: str) -> None:
        for end, keyed in list(self.succ[node_id].items()):
            for ek, data in list(keyed.items()):
                self._drop_edge((node_id, end, ek), data)
        for start, keyed in list(self.pred[node_id].items()):
            for ek, data in list(keyed.items()):
                self._drop_edge((start, node_id, ek), data)
        self._unindex(node_id)
        self._renamed(self.nodes[node_id]["label"], node_id)
        del self.nodes[node_id], self.succ[node_id], self.pred[node_id]
        self._unsorted.discard(node_id)

    def clear(self) -> None:
        self._reset()
        self.version += 1
