"""The embedded store's snapshot records: format 2 (written and read one record at a time) and the
reader of format 1 (one JSON document, what stores written before format 2 hold).

Format 2 is JSON Lines; graph/embedded_journal.py writes the header and reads it back:

    {"format":2,"generation":N}                                          header
    ["s",text]                                                           a string of the table
    ["n",id,label,name,aliases,props,[article ref...],keys]             a node; its id joins the table
    ["e",type,start ref,end ref,key,props,[article ref,sentence ref,...]]  a relationship
    ["end",nodes,edges]                                                  last: a snapshot without it is cut

A ref is the index of a string in the table (the "s" records and the node ids, in file order): an
article id or a sentence cited by many relationships is written once, and read back as one string.
A packed prop (graph/embedded_graph.py: an Article's long `text` and `triples`) is written as
{"z": base64 of its zlib data}; props hold no other objects, so the two cannot be confused. Nodes come
sorted by id and relationships in the graph's order, as in format 1, so a reopened store holds its
adjacency in the same order (walks break ties the same way).

Format 1: {"format":1,"generation":N,"nodes":[{id,label,name,aliases,props,articles,keys}...],
"edges":[{type,start,end,key,props,pairs}...]}.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from graph.embedded_graph import MemGraph, Packed, intern

CHUNK = 2048  # records per string handed to the writer


def _props_out(props: dict[str, Any]) -> dict[str, Any]:
    if not any(isinstance(v, Packed) for v in props.values()):
        return props
    return {
        k: {"z": base64.b64encode(v).decode("ascii")} if isinstance(v, Packed) else v
        for k, v in props.items()
    }


def _props_in(props: dict[str, Any]) -> dict[str, Any]:
    for k, v in props.items():
        if isinstance(v, dict):
            props[k] = Packed(base64.b64decode(v["z"], validate=True))
    return props


def _not_json(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def line_encoder() -> Callable[[Any], str]:
    """Compact JSON with non-ASCII kept, as json.dumps(ensure_ascii=False, separators=(",", ":"))
    writes it, from json's C encoder built once (JSONEncoder.encode builds it again on every call)."""
    try:
        from _json import make_encoder
    except ImportError:  # pragma: no cover - CPython has it
        return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
    encode = make_encoder(None, _not_json, json.encoder.encode_basestring, None, ":", ",", False, False, True)
    return lambda value: "".join(encode(value, 0))


def dump(mg: MemGraph) -> Iterator[str]:
    """The records of format 2 (after the header), as chunks of whole lines; nothing is copied but
    the string table's index (one entry per distinct string). The lines are what `line_encoder`
    writes; a relationship's line is assembled from its parts (the JSON of its type and key is
    made once per pair of them)."""
    encode = line_encoder()
    quote = json.encoder.encode_basestring
    table: dict[str, int] = {}
    out: list[str] = []
    size = 0  # entries of the table so far (a string named twice counts twice, as the reader does)

    def ref(text: str) -> int:
        nonlocal size
        i = table.get(text)
        if i is None:
            i = table[text] = size
            size += 1
            out.append(f'["s",{quote(text)}]')
        return i

    for node_id in sorted(mg.nodes):
        a = mg.nodes[node_id]
        articles = [ref(x) for x in mg.articles(node_id)]
        props = _props_out(a["props"])
        out.append(encode(["n", node_id, a["label"], a["name"], a["aliases"], props, articles, a["keys"]]))
        table.setdefault(node_id, size)
        size += 1
        if len(out) >= CHUNK:
            yield "\n".join(out) + "\n"
            out.clear()
    heads: dict[str, tuple[str, str]] = {}  # edge key (type|key) -> the line around start, end
    edges = 0
    for start, end, data in mg.edges():
        refs: list[str] = []
        for pair in data["pairs"]:
            for text in pair:  # (article id, sentence)
                i = table.get(text)
                refs.append(str(ref(text) if i is None else i))
        ek = data["id"][2]
        around = heads.get(ek)
        if around is None:
            around = heads[ek] = (f'["e",{quote(data["type"])},', f",{quote(data['key'])},")
        rel_props = encode(data["props"]) if data["props"] else "{}"
        out.append(f"{around[0]}{ref(start)},{ref(end)}{around[1]}{rel_props},[{','.join(refs)}]]")
        edges += 1
        if len(out) >= CHUNK:
            yield "\n".join(out) + "\n"
            out.clear()
    out.append(encode(["end", len(mg.nodes), edges]))
    yield "\n".join(out) + "\n"


def restore(mg: MemGraph, records: Iterable[Any]) -> None:
    """Load format 2 records into an empty MemGraph. Raises ValueError (or KeyError, IndexError,
    TypeError) on a malformed or incomplete snapshot."""
    table: list[str] = []
    nodes = edges = 0
    done = False
    for rec in records:
        if done:
            raise ValueError("records after the end record")
        kind = rec[0]
        if kind == "e":
            _, rel_type, start, end, key, props, refs = rec
            if min(start, end, *refs) < 0:
                raise ValueError(f"a negative string reference in {rec!r}")
            pairs = [(table[refs[i]], table[refs[i + 1]]) for i in range(0, len(refs), 2)]
            mg.add_edge(rel_type, table[start], table[end], key, props, pairs)
            edges += 1
        elif kind == "s":
            table.append(intern(rec[1]))
        elif kind == "n":
            _, node_id, label, name, aliases, props, articles, keys = rec
            if articles and min(articles) < 0:
                raise ValueError(f"a negative string reference in {rec!r}")
            mg.add_node(node_id, label, name, aliases, _props_in(props), [table[i] for i in articles], keys)
            table.append(intern(node_id))
            nodes += 1
        elif kind == "end":
            if rec[1:] != [nodes, edges]:
                raise ValueError(f"end record counts {rec[1:]}, read {[nodes, edges]}")
            done = True
        else:
            raise ValueError(f"unknown record {kind!r}")
    if not done:
        raise ValueError("the snapshot is cut short (no end record)")
    mg.version += 1


def restore_format1(mg: MemGraph, data: dict[str, Any]) -> None:
    """Load a format 1 document, dropping each record once read (the graph holds its strings)."""
    nodes: list[Any] = data.pop("nodes")
    for i, n in enumerate(nodes):
        nodes[i] = None
        mg.add_node(n["id"], n["label"], n["name"], n["aliases"], n["props"], n["articles"], n["keys"])
    edges: list[Any] = data.pop("edges")
    for i, e in enumerate(edges):
        edges[i] = None
        pairs = [(intern(str(a)), intern(str(s))) for a, s in e["pairs"]]
        mg.add_edge(e["type"], e["start"], e["end"], e["key"], e["props"], pairs)
    mg.version += 1
