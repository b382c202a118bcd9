"""Name look-ups and graph walks of the embedded store.

`resolve` reads the MemGraph indexes (folded keys, last words). `search` ranks a node by the best match
of its folded name or aliases with the folded query: 0 exact, 1 prefix, 2 substring; then by name, then
id; and returns the first `limit`. It never collects every hit (a surname is a substring of every
meeting name of that person):

- per label, a LabelIndex orders the nodes by (name, id) and holds their folded texts as one string
  (`blob`, entries in that order), the texts sorted (exact and prefix ranges by bisection) and a word
  index (word -> nodes, with the words as one string to find the words containing a query part);
- each rank class is produced in (name, id) order and the classes are read in rank order, stopping at
  `limit`: a class with few candidates (<= DIRECT_MAX, counted by the sorted texts or the word index)
  is read from those candidates; a larger one by `blob.find` in name order, which stops after the
  `limit`-th hit, early because hits are dense;
- label streams are merged by (name, id). Writes do not rebuild the indexes: the MemGraph reports the
  nodes whose names changed, which are left out of the built index and ranked one by one instead,
  until there are more than DELTA_MIN (or 1/64 of the label) of them and that label is rebuilt.

Walks (`neighborhood`, `shortest_path`) never enter Article nodes, so REPORTED_IN is never followed.
Articles are only named by `resolve`/`search` when asked for with label="Article".
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Iterator
from itertools import accumulate

from graph.embedded_graph import MemGraph, words
from graph.model import Label, Node, Relationship, fold
from graph.views import Subgraph

_SEP = "\x00"
_TOP = "\U0010ffff"  # sorts after any character of a folded text
DIRECT_MAX = 2048  # candidates ranked one by one; a class with more is scanned in name order
DELTA_MIN = 256  # changed nodes ranked one by one before their label's index is rebuilt

Row = tuple[str, str]  # (name, id): the order within a rank class


def rank_of(texts: tuple[str, ...], needle: str) -> int | None:
    """0 exact, 1 prefix, 2 substring: the best over the texts; None when none contains the needle."""
    best = None
    for t in texts:
        if t == needle:
            return 0
        if t.startswith(needle):
            best = 1
        elif best is None and needle in t:
            best = 2
    return best


class LabelIndex:
    """The folded names and aliases of one label's nodes, in (name, id) order (node number j)."""

    def __init__(self, mg: MemGraph, ids: Iterable[str]) -> None:
        nodes = mg.nodes
        rows = sorted((nodes[i]["name"], i) for i in ids)
        self.names = [name for name, _ in rows]
        self.ids = [i for _, i in rows]
        self.texts: list[tuple[str, ...]] = [nodes[i]["folded"] for i in self.ids]
        parts = [t for texts in self.texts for t in texts]  # the entries, in node order
        self.owner = [j for j, texts in enumerate(self.texts) for _ in texts]  # entry -> node number
        self.starts = list(accumulate((len(t) + 1 for t in parts), initial=0))  # entry -> its separator
        self.blob = _SEP + _SEP.join(parts) if parts else ""
        order = sorted(range(len(parts)), key=parts.__getitem__)
        self.sorted_texts = [parts[e] for e in order]
        self.sorted_owner = [self.owner[e] for e in order]
        postings: dict[str, list[int]] = {}
        for j, texts in enumerate(self.texts):
            for w in (texts[0] if len(texts) == 1 else " ".join(texts)).split(" "):
                p = postings.get(w)
                if p is None:
                    postings[w] = [j]
                elif p[-1] != j:
                    p.append(j)
        self.words = sorted(postings)
        self.postings = [postings[w] for w in self.words]
        self.word_blob = _SEP + _SEP.join(self.words) if self.words else ""
        self.word_starts = list(accumulate((len(w) + 1 for w in self.words), initial=0))

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, j: int) -> Row:
        return self.names[j], self.ids[j]

    # --- the three classes, each as ascending node numbers ------------------------------------------
    def exact(self, needle: str) -> list[int]:
        lo = bisect.bisect_left(self.sorted_texts, needle)
        hi = bisect.bisect_right(self.sorted_texts, needle, lo)
        return sorted({self.sorted_owner[k] for k in range(lo, hi)})

    def prefixed(self, needle: str) -> Iterator[int]:
        lo = bisect.bisect_left(self.sorted_texts, needle)
        hi = bisect.bisect_left(self.sorted_texts, needle + _TOP, lo)
        if hi - lo <= DIRECT_MAX:
            found = {self.sorted_owner[k] for k in range(lo, hi)}
            yield from (j for j in sorted(found) if rank_of(self.texts[j], needle) == 1)
        else:
            yield from self._scan(_SEP + needle, needle, 1)

    def containing(self, needle: str) -> Iterator[int]:
        found = self._candidates(needle)
        if found is not None:
            yield from (j for j in sorted(found) if rank_of(self.texts[j], needle) == 2)
        else:
            yield from self._scan(needle, needle, 2)

    def _scan(self, pattern: str, needle: str, rank: int) -> Iterator[int]:
        """Nodes of one rank among the entries holding `pattern`, in blob (= name) order."""
        blob, starts, owner, texts = self.blob, self.starts, self.owner, self.texts
        last = -1
        pos = blob.find(pattern)
        while pos != -1:
            e = bisect.bisect_right(starts, pos) - 1
            j = owner[e]
            if j != last:
                last = j
                if rank_of(texts[j], needle) == rank:
                    yield j
            # Go on after this node's entries: its other texts cannot add another hit.
            nxt = e + 1
            while nxt < len(owner) and owner[nxt] == j:
                nxt += 1
            pos = blob.find(pattern, starts[nxt])  # starts[len(owner)] is the blob's end

    def _candidates(self, needle: str) -> set[int] | None:
        """Nodes having a word that can hold the needle (a superset of those containing it), or None
        when that is more than DIRECT_MAX postings (then scanning is cheaper)."""
        parts = needle.split(" ")
        best: list[list[int]] | None = None
        for k, part in enumerate(parts):
            if not part:
                continue
            lists: list[list[int]] | None
            if 0 < k < len(parts) - 1:  # a middle part is a whole word
                i = bisect.bisect_left(self.words, part)
                lists = [self.postings[i]] if i < len(self.words) and self.words[i] == part else []
            else:
                lists = self._words_containing(part)
            if lists is None:
                continue
            if best is None or sum(map(len, lists)) < sum(map(len, best)):
                best = lists
        if best is None:
            return None
        return {j for p in best for j in p}

    def _words_containing(self, part: str) -> list[list[int]] | None:
        lists: list[list[int]] = []
        total = 0
        blob, starts = self.word_blob, self.word_starts
        pos = blob.find(part)
        while pos != -1:
            w = bisect.bisect_right(starts, pos) - 1
            lists.append(self.postings[w])
            total += len(self.postings[w])
            if total > DIRECT_MAX:
                return None
            pos = blob.find(part, starts[w + 1])
        return lists


class NameIndex:
    """Every label's LabelIndex, kept in step with the MemGraph's `name_changes`."""

    def __init__(self, mg: MemGraph) -> None:
        self.mg = mg
        self.epoch = -1
        self.built: dict[str, LabelIndex] = {}
        self.changed: dict[str, set[str]] = {}  # label -> ids changed since its index was built
        self.delta: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {}  # id -> (name, texts)

    def _sync(self) -> None:
        mg = self.mg
        if self.epoch != mg.epoch:
            self.epoch = mg.epoch
            self.built.clear()
            self.changed.clear()
            self.delta.clear()
        for label, ids in mg.track_names().items():
            if label not in self.built:
                continue  # built from the graph as it is when first searched
            self.changed.setdefault(label, set()).update(ids)
            delta = self.delta.setdefault(label, {})
            for i in ids:
                a = mg.nodes.get(i)
                if a is None:
                    delta.pop(i, None)
                else:
                    delta[i] = (a["name"], a["folded"])

    def _index(self, label: str) -> tuple[LabelIndex, set[str], dict[str, tuple[str, tuple[str, ...]]]]:
        built = self.built.get(label)
        changed = self.changed.get(label, set())
        if built is None or len(changed) > max(DELTA_MIN, len(built) // 64):
            built = self.built[label] = LabelIndex(self.mg, self.mg.by_label.get(label, ()))
            changed = self.changed[label] = set()
            self.delta[label] = {}
        return built, changed, self.delta.get(label, {})

    def warm(self, labels: Iterable[str]) -> None:
        self._sync()
        for label in labels:
            self._index(label)

    def search(self, needle: str, labels: Iterable[str], limit: int) -> list[str]:
        self._sync()
        indexes = [self._index(label) for label in sorted(labels)]
        deltas: list[list[list[Row]]] = []  # per label, per rank: the changed nodes' rows
        for _, _, delta in indexes:
            by_rank: list[list[Row]] = [[], [], []]
            for i, (name, texts) in delta.items():
                r = rank_of(texts, needle)
                if r is not None:
                    by_rank[r].append((name, i))
            for rows in by_rank:
                rows.sort()
            deltas.append(by_rank)
        found: list[str] = []
        for rank in (0, 1, 2):
            streams: list[Iterator[Row]] = []
            for (built, changed, _), by_rank in zip(indexes, deltas, strict=True):
                streams.append(self._stream(built, changed, needle, rank))
                streams.append(iter(by_rank[rank]))
            for _, node_id in heapq.merge(*streams):
                found.append(node_id)
                if len(found) >= limit:
                    return found
        return found

    @staticmethod
    def _stream(built: LabelIndex, changed: set[str], needle: str, rank: int) -> Iterator[Row]:
        js: Iterable[int]
        if rank == 0:
            js = built.exact(needle)
        elif rank == 1:
            js = built.prefixed(needle)
        else:
            js = built.containing(needle)
        for j in js:
            if not changed or built.ids[j] not in changed:
                yield built.row(j)


class Finder:
    def __init__(self, mg: MemGraph) -> None:
        self.mg = mg
        self._names = NameIndex(mg)

    def _label_ok(self, node_id: str, label: Label | None) -> bool:
        found = self.mg.label(node_id)
        return found == label if label is not None else found != "Article"

    def resolve(self, value: str, label: Label | None = None) -> list[str]:
        if self.mg.has(value) and (label is None or self.mg.is_a(value, label)):
            return [value]
        folded = fold(value)
        if not folded:
            return []
        exact = [i for i in self.mg.by_key.get(folded, ()) if self._label_ok(i, label)]
        if exact:
            return sorted(exact)
        tail = words(folded)
        if not tail:
            return []
        found = set()
        for node_id in self.mg.by_last_word.get(tail[-1], ()):
            a = self.mg.attrs(node_id)
            if self._label_ok(node_id, label) and any(words(t)[-len(tail) :] == tail for t in a["folded"]):
                found.add(node_id)
        return sorted(found)

    def warm(self) -> None:
        """Build the name index of every searchable label now rather than at the first search."""
        self._names.warm([x for x in self.mg.by_label if x != "Article"])

    def search(self, q: str, label: Label | None = None, limit: int = 20) -> list[Node]:
        needle = fold(q)
        if not needle or limit <= 0:
            return []
        labels: list[str]
        if label is not None:
            labels = [label] if label in self.mg.by_label else []
        else:
            labels = [x for x in self.mg.by_label if x != "Article"]
        if _SEP in needle:  # never in a name: the blobs cannot answer it, rank every node instead
            return [self.mg.node(i) for i in self.ranked_all(needle, labels, limit)]
        return [self.mg.node(i) for i in self._names.search(needle, labels, limit)]

    def ranked_all(self, needle: str, labels: Iterable[str], limit: int) -> list[str]:
        """The reference ranking, one node at a time (every node of the labels is looked at)."""
        rows = []
        for label in labels:
            for i in self.mg.by_label.get(label, ()):
                a = self.mg.attrs(i)
                r = rank_of(a["folded"], needle)
                if r is not None:
                    rows.append((r, a["name"], i))
        return [i for _, _, i in heapq.nsmallest(limit, rows)]

    # --- walks ----------------------------------------------------------------------------------
    def _neighbours(self, node_id: str) -> Iterator[str]:
        articles = self.mg.by_label.get("Article", set())
        for adjacent in (self.mg.succ[node_id], self.mg.pred[node_id]):
            yield from (nbr for nbr in adjacent if nbr not in articles)

    def neighborhood(self, node_id: str, depth: int = 1) -> Subgraph:
        if not self.mg.has(node_id) or self.mg.is_a(node_id, "Article"):
            return Subgraph()
        seen, frontier = {node_id}, [node_id]
        for _ in range(max(depth, 0)):
            nxt = [n for f in frontier for n in self._neighbours(f) if n not in seen]
            seen.update(nxt)
            frontier = list(dict.fromkeys(nxt))
        rels = [
            self.mg.relationship(start, end, data)
            for start in seen
            for end, keyed in self.mg.succ[start].items()
            if end in seen
            for data in keyed.values()
            if data["type"] != "REPORTED_IN"
        ]
        rels.sort(key=lambda r: (r.type, r.start, r.end, r.key))
        return Subgraph(nodes=[self.mg.node(n) for n in sorted(seen)], relationships=rels)

    def shortest_path(self, from_id: str, to_id: str, max_hops: int = 6) -> Subgraph | None:
        ends = (from_id, to_id)
        if not all(self.mg.has(n) and not self.mg.is_a(n, "Article") for n in ends):
            return None
        path = self._bfs(from_id, to_id, max_hops)
        if path is None:
            return None
        rels = [self._edge_between(a, b) for a, b in zip(path, path[1:], strict=False)]
        return Subgraph(nodes=[self.mg.node(n) for n in path], relationships=rels)

    def _bfs(self, source: str, target: str, max_hops: int) -> list[str] | None:
        """Bidirectional breadth-first search, always growing the smaller frontier."""
        if source == target:
            return [source]
        parents: tuple[dict[str, str | None], dict[str, str | None]] = ({source: None}, {target: None})
        frontiers, depth = ([source], [target]), [0, 0]
        costs: list[int | None] = [None, None]  # of a frontier not grown since its cost was counted
        while frontiers[0] and frontiers[1] and depth[0] + depth[1] < max_hops:
            # Grow the side with fewer edges to follow (not fewer nodes: one hub can hold 1e5 edges).
            side = self._cheaper(frontiers, costs)
            costs[side] = None
            mine, other = parents[side], parents[1 - side]
            nxt: list[str] = []
            meets: list[str] = []
            # The inner loop of every path query (tens of thousands of steps through a hub country at
            # 1e5 meetings): plain set and dict look-ups, no call per neighbour.
            articles, succ, pred = self.mg.by_label.get("Article", set()), self.mg.succ, self.mg.pred
            for node in frontiers[side]:
                for adjacent in (succ[node], pred[node]):
                    for nbr in adjacent:
                        if nbr not in mine and nbr not in articles:
                            mine[nbr] = node
                            nxt.append(nbr)
                            if nbr in other:
                                meets.append(nbr)
            depth[side] += 1
            frontiers = (nxt, frontiers[1]) if side == 0 else (frontiers[0], nxt)
            if meets:
                # The other side's tree is complete up to its depth, so every meeting node gives a
                # path of the same length within this level; take the smallest id for stability.
                return self._join(min(meets), parents)
        return None

    def _cheaper(self, frontiers: tuple[list[str], list[str]], costs: list[int | None]) -> int:
        """0 when frontier 0 has at most as many edges as frontier 1, else 1. The frontier of fewer
        nodes is counted first, the other only until it exceeds it (a frontier past a hub holds tens
        of thousands of nodes); exact counts are kept in `costs` for the next level."""
        small = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        count = [0, 0]
        count[small] = self._edges(frontiers[small], costs, small, None)
        count[1 - small] = self._edges(frontiers[1 - small], costs, 1 - small, count[small])
        return 0 if count[0] <= count[1] else 1

    def _edges(self, frontier: list[str], costs: list[int | None], side: int, limit: int | None) -> int:
        known = costs[side]
        if known is None:
            known, exact = self._cost(frontier, limit)
            if exact:
                costs[side] = known
        return known

    def _cost(self, frontier: list[str], limit: int | None = None) -> tuple[int, bool]:
        """Edges to follow from `frontier`, and whether that is exact: counting stops past `limit`."""
        succ, pred, total = self.mg.succ, self.mg.pred, 0
        for n in frontier:
            total += len(succ[n]) + len(pred[n])
            if limit is not None and total > limit:
                return total, False
        return total, True

    @staticmethod
    def _join(meet: str, parents: tuple[dict[str, str | None], dict[str, str | None]]) -> list[str]:
        left: list[str] = []
        node: str | None = meet
        while node is not None:
            left.append(node)
            node = parents[0][node]
        right: list[str] = []
        node = parents[1][meet]
        while node is not None:
            right.append(node)
            node = parents[1][node]
        return left[::-1] + right

    def _edge_between(self, a: str, b: str) -> Relationship:
        options = [(d["type"], d["key"], a, b, d) for d in self.mg.succ[a].get(b, {}).values()]
        options += [(d["type"], d["key"], b, a, d) for d in self.mg.succ[b].get(a, {}).values()]
        _, _, start, end, data = min((o for o in options if o[0] != "REPORTED_IN"), key=lambda o: o[:4])
        return self.mg.relationship(start, end, data)
