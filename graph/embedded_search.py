"""Name look-ups and graph walks of the embedded store.

`resolve` and `search` read the MemGraph indexes (folded keys, last words) and a name index rebuilt
lazily after writes: a sorted list for prefix matches and one joined string for substring matches,
so a search over 1e5 names is a few C-level `str.find` calls rather than a Python loop over nodes.
Walks (`neighborhood`, `shortest_path`) never enter Article nodes, so REPORTED_IN is never followed.
Articles are only named by `resolve`/`search` when asked for with label="Article".
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterator

from graph.embedded_graph import MemGraph, words
from graph.model import Label, Node, Relationship, fold
from graph.views import Subgraph

_SEP = "\x00"


class NameIndex:
    """Folded names and aliases of every node: exact, prefix and substring look-ups."""

    def __init__(self, mg: MemGraph) -> None:
        pairs = sorted(
            (fold(text), node_id)
            for node_id, a in mg.g.nodes(data=True)
            for text in dict.fromkeys([a["name"], *a["aliases"]])
        )
        self.texts = [t for t, _ in pairs]
        self.ids = [i for _, i in pairs]
        self.blob = _SEP.join(self.texts)
        self.starts: list[int] = []
        pos = 0
        for t in self.texts:
            self.starts.append(pos)
            pos += len(t) + 1

    def ranked(self, needle: str) -> dict[str, int]:
        """Node id -> best rank: 0 exact, 1 prefix, 2 substring."""
        best: dict[str, int] = {}
        i = bisect.bisect_left(self.texts, needle)
        while i < len(self.texts) and self.texts[i].startswith(needle):
            rank = 0 if self.texts[i] == needle else 1
            best[self.ids[i]] = min(rank, best.get(self.ids[i], 2))
            i += 1
        pos = self.blob.find(needle)
        while pos != -1:
            entry = bisect.bisect_right(self.starts, pos) - 1
            best.setdefault(self.ids[entry], 2)
            pos = self.blob.find(needle, pos + 1)
        return best


class Finder:
    def __init__(self, mg: MemGraph) -> None:
        self.mg = mg
        self._names: tuple[int, NameIndex] | None = None

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
            if self._label_ok(node_id, label) and any(
                words(fold(t))[-len(tail) :] == tail for t in [a["name"], *a["aliases"]]
            ):
                found.add(node_id)
        return sorted(found)

    def search(self, q: str, label: Label | None = None, limit: int = 20) -> list[Node]:
        needle = fold(q)
        if not needle or limit <= 0:
            return []
        if self._names is None or self._names[0] != self.mg.version:
            self._names = (self.mg.version, NameIndex(self.mg))
        ranked = [
            (r, self.mg.attrs(i)["name"], i)
            for i, r in self._names[1].ranked(needle).items()
            if self._label_ok(i, label)
        ]
        return [self.mg.node(i) for _, _, i in heapq.nsmallest(limit, ranked)]

    # --- walks ----------------------------------------------------------------------------------
    def _neighbours(self, node_id: str) -> Iterator[str]:
        for nbr in (*self.mg.g.succ[node_id], *self.mg.g.pred[node_id]):
            if self.mg.label(nbr) != "Article":
                yield nbr

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
            for end, keyed in self.mg.g.succ[start].items()
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
        while frontiers[0] and frontiers[1] and depth[0] + depth[1] < max_hops:
            # Grow the side with fewer edges to follow (not fewer nodes: one hub can hold 1e5 edges).
            side = 0 if self._cost(frontiers[0]) <= self._cost(frontiers[1]) else 1
            mine, other = parents[side], parents[1 - side]
            nxt: list[str] = []
            meets: list[str] = []
            for node in frontiers[side]:
                for nbr in self._neighbours(node):
                    if nbr not in mine:
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

    def _cost(self, frontier: list[str]) -> int:
        succ, pred = self.mg.g.succ, self.mg.g.pred
        return sum(len(succ[n]) + len(pred[n]) for n in frontier)

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
        options = [(d["type"], d["key"], a, b, d) for d in self.mg.g.succ[a].get(b, {}).values()]
        options += [(d["type"], d["key"], b, a, d) for d in self.mg.g.succ[b].get(a, {}).values()]
        _, _, start, end, data = min((o for o in options if o[0] != "REPORTED_IN"), key=lambda o: o[:4])
        return self.mg.relationship(start, end, data)
