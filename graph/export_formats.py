"""Streaming writers of the export formats for graph tools: node-link JSON, GraphML and GEXF.

Every writer reads records from a `RecordSource` (graph/export.py builds it on a GraphStore) and writes
as it reads, so memory stays flat whatever the store's size. GraphML and GEXF (and CSV, in
graph/export_cypher.py) declare their typed
attributes before the first element, hence one schema pass over the records, then the writing pass.
Output is byte-stable: records come ordered by id and attributes in sorted order.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol
from xml.sax.saxutils import escape, quoteattr

from graph.model import PropValue

NODE_RESERVED = ("id", "label")
EDGE_RESERVED = ("source", "target", "key", "type", "rel_key", "id")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class NodeRecord:
    """A node as exported: `props` holds name, aliases, then every other property in sorted order."""

    id: str
    label: str
    props: dict[str, PropValue]


@dataclass(frozen=True, slots=True)
class EdgeRecord:
    """A relationship as exported: `props` ends with its citations `articles`, `evidence` (, `urls`)."""

    type: str
    start: str
    end: str
    key: str
    props: dict[str, PropValue]


class RecordSource(Protocol):
    """Ordered, filtered records; each call starts a new pass over the store."""

    def node_labels(self) -> list[str]: ...

    def edge_types(self) -> list[str]: ...

    def nodes(self, label: str | None = None) -> Iterator[NodeRecord]: ...

    def edges(self, rel_type: str | None = None) -> Iterator[EdgeRecord]: ...


@dataclass
class Tally:
    """What was written, by label and by relationship type."""

    nodes: Counter[str] = field(default_factory=Counter)
    edges: Counter[str] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)


# --- property types -----------------------------------------------------------------------------


def kind_of(value: PropValue) -> str | None:
    """The typed-header kind of a value: boolean, long, double, string, or one of them with []."""
    if value is None:
        return None
    if isinstance(value, list):
        kinds = {kind_of(v) for v in value}
        if not kinds:
            return "[]"
        if len(kinds) == 1 and None not in kinds:
            return f"{kinds.pop()}[]"
        return "double[]" if kinds == {"long", "double"} else "string"
    return {bool: "boolean", int: "long", float: "double"}.get(type(value), "string")


def merge_kinds(a: str | None, b: str | None) -> str | None:
    """The narrowest kind both values fit; mixed kinds fall back to string."""
    if a is None or a == b:
        return b
    if b is None:
        return a
    if "[]" in (a, b):
        other = b if a == "[]" else a
        return other if other.endswith("[]") else "string"
    if {a, b} == {"long", "double"}:
        return "double"
    if {a, b} == {"long[]", "double[]"}:
        return "double[]"
    return "string[]" if a.endswith("[]") and b.endswith("[]") else "string"


def final_kind(kind: str | None) -> str:
    return "string[]" if kind is None or kind == "[]" else kind


def as_text(value: PropValue) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def coerce(value: PropValue, kind: str) -> PropValue:
    """`value` converted to `kind` (a widened kind always accepts it)."""
    if value is None or kind_of(value) == kind:
        return value
    if kind == "double":
        return float(value)  # type: ignore[arg-type]
    if kind.endswith("[]") and isinstance(value, list):
        return value if kind == "double[]" else [as_text(v) for v in value]
    return as_text(value)


class Schema:
    """Property kinds of the node and edge records, per label / type and overall."""

    def __init__(self) -> None:
        self.by_label: dict[str, dict[str, str | None]] = {}
        self.by_type: dict[str, dict[str, str | None]] = {}

    @staticmethod
    def _add(table: dict[str, str | None], props: dict[str, PropValue]) -> None:
        for name, value in props.items():
            table[name] = merge_kinds(table.get(name), kind_of(value))

    @classmethod
    def scan(cls, source: RecordSource) -> Schema:
        schema = cls()
        for node in source.nodes():
            schema._add(schema.by_label.setdefault(node.label, {}), node.props)
        for edge in source.edges():
            schema._add(schema.by_type.setdefault(edge.type, {}), edge.props)
        return schema

    @staticmethod
    def merged(tables: dict[str, dict[str, str | None]]) -> dict[str, str]:
        out: dict[str, str | None] = {}
        for table in tables.values():
            for name, kind in table.items():
                out[name] = merge_kinds(out.get(name), kind)
        return {name: final_kind(out[name]) for name in sorted(out)}


# --- node-link JSON -----------------------------------------------------------------------------


def _dump(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def node_link_node(node: NodeRecord) -> dict[str, PropValue]:
    extra = {k: v for k, v in node.props.items() if k not in NODE_RESERVED}
    return {"id": node.id, "label": node.label, **extra}


def node_link_edge(edge: EdgeRecord) -> dict[str, PropValue]:
    """The networkx multigraph key must be unique per node pair: type plus the store's key."""
    nx_key = f"{edge.type}:{edge.key}" if edge.key else edge.type
    extra = {k: v for k, v in edge.props.items() if k not in EDGE_RESERVED}
    head: dict[str, PropValue] = {"source": edge.start, "target": edge.end, "key": nx_key}
    return {**head, "type": edge.type, "rel_key": edge.key, **extra}


def write_json(source: RecordSource, out: BinaryIO, tally: Tally) -> None:
    """networkx node-link data (`links` as D3 names them), one node or link per line."""
    out.write(b'{"directed":true,"multigraph":true,"graph":{"name":"diplograph"},\n"nodes":[')
    sep = b"\n"
    for node in source.nodes():
        out.write(sep + _dump(node_link_node(node)))
        tally.nodes[node.label] += 1
        sep = b",\n"
    out.write(b'],\n"links":[')
    sep = b"\n"
    for edge in source.edges():
        out.write(sep + _dump(node_link_edge(edge)))
        tally.edges[edge.type] += 1
        sep = b",\n"
    out.write(b"]}\n")


# --- GraphML and GEXF ---------------------------------------------------------------------------

_XML_TYPES = {"boolean": "boolean", "long": "long", "double": "double"}


def xml_text(value: PropValue, kind: str) -> str:
    """Arrays become JSON text in a string attribute (neither format has a portable list type)."""
    value = coerce(value, kind)
    text = "true" if value is True else "false" if value is False else as_text(value)
    return _XML_BAD.sub("", text)


def _xml_schema(source: RecordSource) -> tuple[dict[str, str], dict[str, str]]:
    schema = Schema.scan(source)
    nodes = {k: v for k, v in Schema.merged(schema.by_label).items() if k not in (*NODE_RESERVED, "labels")}
    edges = {k: v for k, v in Schema.merged(schema.by_type).items() if k not in (*EDGE_RESERVED, "label")}
    return nodes, edges


def write_graphml(source: RecordSource, out: BinaryIO, tally: Tally) -> None:
    """GraphML as APOC writes it: node data `labels` (":Person"), edge data `label` (the type)."""
    node_kinds, edge_kinds = _xml_schema(source)
    node_keys = {"labels": ("d0", "string")} | {
        name: (f"n{i}", kind) for i, (name, kind) in enumerate(node_kinds.items(), 1)
    }
    edge_keys = {"label": ("e0", "string"), "rel_key": ("e1", "string")} | {
        name: (f"e{i}", kind) for i, (name, kind) in enumerate(edge_kinds.items(), 2)
    }
    out.write(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.'
        b'graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for domain, keys in (("node", node_keys), ("edge", edge_keys)):
        for name, (key_id, kind) in keys.items():
            xml_type = _XML_TYPES.get(kind, "string")
            attr = f"attr.name={quoteattr(name)} attr.type={quoteattr(xml_type)}"
            out.write(f'<key id="{key_id}" for="{domain}" {attr}/>\n'.encode())
    out.write(b'<graph id="G" edgedefault="directed">\n')
    for node in source.nodes():
        data = {"labels": f":{node.label}", **node.props}
        out.write(f"<node id={quoteattr(node.id)}>{_graphml_data(data, node_keys)}</node>\n".encode())
        tally.nodes[node.label] += 1
    for i, edge in enumerate(source.edges()):
        data = {"label": edge.type, "rel_key": edge.key, **edge.props}
        ends = f"source={quoteattr(edge.start)} target={quoteattr(edge.end)}"
        out.write(f'<edge id="e{i}" {ends}>{_graphml_data(data, edge_keys)}</edge>\n'.encode())
        tally.edges[edge.type] += 1
    out.write(b"</graph>\n</graphml>\n")


def _graphml_data(values: dict[str, PropValue], keys: dict[str, tuple[str, str]]) -> str:
    parts = []
    for name, (key_id, kind) in keys.items():
        value = values.get(name)
        if value is not None:
            parts.append(f'<data key="{key_id}">{escape(xml_text(value, kind))}</data>')
    return "".join(parts)


def write_gexf(source: RecordSource, out: BinaryIO, tally: Tally) -> None:
    """GEXF 1.2: node label = name (what Gephi shows), edge label = type, the rest as attvalues."""
    node_kinds, edge_kinds = _xml_schema(source)
    node_kinds = {"labels": "string"} | {k: v for k, v in node_kinds.items() if k != "name"}
    edge_kinds = {"rel_key": "string"} | edge_kinds
    out.write(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
        b'<meta><creator>diplograph</creator></meta>\n<graph defaultedgetype="directed" mode="static">\n'
    )
    for domain, kinds in (("node", node_kinds), ("edge", edge_kinds)):
        out.write(f'<attributes class="{domain}" mode="static">\n'.encode())
        for i, (name, kind) in enumerate(kinds.items()):
            xml_type = _XML_TYPES.get(kind, "string")
            out.write(f'<attribute id="{i}" title={quoteattr(name)} type="{xml_type}"/>\n'.encode())
        out.write(b"</attributes>\n")
    out.write(b"<nodes>\n")
    for node in source.nodes():
        label = quoteattr(xml_text(node.props.get("name") or node.id, "string"))
        values = _gexf_values({"labels": f":{node.label}", **node.props}, node_kinds)
        out.write(f"<node id={quoteattr(node.id)} label={label}>{values}</node>\n".encode())
        tally.nodes[node.label] += 1
    out.write(b"</nodes>\n<edges>\n")
    for i, edge in enumerate(source.edges()):
        ends = f"source={quoteattr(edge.start)} target={quoteattr(edge.end)}"
        values = _gexf_values({"rel_key": edge.key, **edge.props}, edge_kinds)
        out.write(f'<edge id="e{i}" {ends} label="{edge.type}">{values}</edge>\n'.encode())
        tally.edges[edge.type] += 1
    out.write(b"</edges>\n</graph>\n</gexf>\n")


def _gexf_values(values: dict[str, PropValue], kinds: dict[str, str]) -> str:
    parts = []
    for i, (name, kind) in enumerate(kinds.items()):
        value = values.get(name)
        if value is not None:
            parts.append(f'<attvalue for="{i}" value={quoteattr(xml_text(value, kind))}/>')
    return f"<attvalues>{''.join(parts)}</attvalues>" if parts else ""
