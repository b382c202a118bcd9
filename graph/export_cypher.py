"""What exports produce for Neo4j: a Cypher script of MERGE statements that rebuilds the graph, and CSV
files in neo4j-admin import format shipped with a LOAD CSV script. Labels and types come only from the
model's allow-lists.

Both scripts first create the Neo4j backend's own schema (graph/cypher.py), then MERGE every node on
(label, id) and every relationship on (type, start, end, key): running one twice changes nothing. While
they run, nodes also carry the label `_DiplographImport` (indexed on `id`) so that relationships find
their endpoints without knowing their labels; the last statements remove it and its index. The Neo4j
backend's internal search fields (`match_text`, `match_words`) are not part of the graph and not
exported: diplograph's search does not see nodes loaded this way until they are written again. They need
auto-commit transactions (`CALL ... IN TRANSACTIONS`): run them with `cypher-shell -f FILE` or through a
driver's `session.run`, one statement per line.

CSV: one `nodes_<Label>.csv` per label (`id:ID,:LABEL,name:string,aliases:string[],...`) and one
`relationships_<TYPE>.csv` per type (`:START_ID,:END_ID,:TYPE,key:string,...`), a single global id
space. Arrays are joined by U+001F (never found in prose, so no escaping); every string is quoted, so an
empty cell is an absent value and `""` an empty string.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import BinaryIO

from graph.cypher import SCHEMA
from graph.errors import GraphError
from graph.export_formats import (
    NODE_RESERVED,
    EdgeRecord,
    NodeRecord,
    RecordSource,
    Schema,
    Tally,
    as_text,
    coerce,
    final_kind,
)
from graph.model import LABELS, REL_TYPES, PropValue

ARRAY_DELIMITER = "\x1f"  # ASCII unit separator
ARRAY_DELIMITER_ADMIN = "U+001F"  # how neo4j-admin import spells it on its command line
IMPORT_LABEL = "_DiplographImport"
CREATE_IMPORT_INDEX = "CREATE INDEX diplograph_import_id IF NOT EXISTS FOR (n:_DiplographImport) ON (n.id);"
AWAIT_INDEXES = "CALL db.awaitIndexes(300);"
MERGE_NODES = "UNWIND {rows} AS row MERGE (n:{label} {{id: row.id}}) SET n += row.p, n:_DiplographImport;"
MERGE_RELATIONSHIPS = (
    "UNWIND {rows} AS row MATCH (a:_DiplographImport {{id: row.s}}) MATCH (b:_DiplographImport {{id: row.e}})"
    " MERGE (a)-[r:{type} {{key: row.k}}]->(b) SET r += row.p;"
)
FINISH_NODES = (
    "MATCH (n:_DiplographImport) CALL (n) { REMOVE n:_DiplographImport } IN TRANSACTIONS OF 10000 ROWS;"
)
DROP_IMPORT_INDEX = "DROP INDEX diplograph_import_id IF EXISTS;"
LOAD_CSV_NODES = (
    "LOAD CSV WITH HEADERS FROM $base + '/{file}' AS row CALL (row) {{"
    " MERGE (n:{label} {{id: row.`id:ID`}}) SET n:_DiplographImport, {sets} }} IN TRANSACTIONS OF 1000 ROWS;"
)
LOAD_CSV_RELATIONSHIPS = (
    "LOAD CSV WITH HEADERS FROM $base + '/{file}' AS row CALL (row) {{"
    " MATCH (a:_DiplographImport {{id: row.`:START_ID`}}) MATCH (b:_DiplographImport {{id: row.`:END_ID`}})"
    " MERGE (a)-[r:{type} {{key: coalesce(row.`key:string`, '')}}]->(b) SET {sets}"
    " }} IN TRANSACTIONS OF 1000 ROWS;"
)
# For checking a load: what the database holds, and where LOAD CSV reads file:/// URLs from.
COUNT_NODES_BY_LABEL = "MATCH (n) RETURN head(labels(n)) AS label, count(*) AS count ORDER BY label"
COUNT_RELATIONSHIPS_BY_TYPE = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type"
EVALUATE = "RETURN {expression} AS value"  # what Neo4j Browser runs for `:param name => expression`
IMPORT_DIRECTORY = "SHOW SETTINGS YIELD name, value WHERE name = 'server.directories.import' RETURN value"

BATCH_ROWS = 100
BATCH_CHARS = 1_000_000
_SIMPLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def name(identifier: str) -> str:
    """A label, type or property name as Cypher spells it: backticks unless it is a plain word."""
    if _SIMPLE_NAME.fullmatch(identifier):
        return identifier
    return "`" + identifier.replace("`", "``") + "`"


def checked_label(label: str) -> str:
    if label not in LABELS:
        raise GraphError(f"unknown label {label!r}")
    return name(label)


def checked_type(rel_type: str) -> str:
    if rel_type not in REL_TYPES:
        raise GraphError(f"unknown relationship type {rel_type!r}")
    return name(rel_type)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char, f"\\u{ord(char):04x}")


def _string(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\u2028\u2029]", _escape, out) + '"'


def literal(value: object) -> str:
    """A Cypher literal of a property value or of a map of them; one line whatever the text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "null"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{str(k).replace('`', '``')}`: {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def _batches(rows: Iterable[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for row in rows:
        batch.append(row)
        size += len(row)
        if len(batch) >= BATCH_ROWS or size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def script_statements(script: str) -> Iterator[str]:
    """The statements of a script written here: one a line, comments skipped, `;` removed."""
    for line in script.splitlines():
        if line.strip() and not line.startswith("//"):
            yield line.rstrip().removesuffix(";")


def _list(rows: list[str]) -> str:
    return "[" + ", ".join(rows) + "]"


def _node_row(node: NodeRecord) -> str:
    props = {k: v for k, v in node.props.items() if v is not None and k != "id"}
    return f"{{id: {literal(node.id)}, p: {literal(props)}}}"


def _edge_row(edge: EdgeRecord) -> str:
    props = {k: v for k, v in edge.props.items() if v is not None and k != "key"}
    ends = f"s: {literal(edge.start)}, e: {literal(edge.end)}"
    return f"{{{ends}, k: {literal(edge.key)}, p: {literal(props)}}}"


def _prologue() -> list[str]:
    return [f"{statement};" for _, statement in sorted(SCHEMA.items())] + [CREATE_IMPORT_INDEX, AWAIT_INDEXES]


def write_cypher(source: RecordSource, out: BinaryIO, tally: Tally) -> None:
    """A script of idempotent UNWIND ... MERGE statements, one per line, nodes first."""
    out.write(b"// diplograph export: rebuilds the graph in Neo4j 5 (cypher-shell -f FILE); idempotent.\n")
    for line in _prologue():
        out.write(line.encode() + b"\n")
    for label in source.node_labels():
        cypher_label = checked_label(label)
        for batch in _batches(_node_row(n) for n in _counted_nodes(source, label, tally)):
            out.write(MERGE_NODES.format(rows=_list(batch), label=cypher_label).encode() + b"\n")
    for rel_type in source.edge_types():
        cypher_type = checked_type(rel_type)
        for batch in _batches(_edge_row(e) for e in _counted_edges(source, rel_type, tally)):
            out.write(MERGE_RELATIONSHIPS.format(rows=_list(batch), type=cypher_type).encode() + b"\n")
    out.write(f"{FINISH_NODES}\n{DROP_IMPORT_INDEX}\n".encode())


def _counted_nodes(source: RecordSource, label: str, tally: Tally) -> Iterator[NodeRecord]:
    for node in source.nodes(label):
        tally.nodes[label] += 1
        yield node


def _counted_edges(source: RecordSource, rel_type: str, tally: Tally) -> Iterator[EdgeRecord]:
    for edge in source.edges(rel_type):
        tally.edges[rel_type] += 1
        yield edge


# --- CSV in neo4j-admin import format -----------------------------------------------------------

OpenMember = Callable[[str], AbstractContextManager[BinaryIO]]


def csv_cell(value: PropValue, kind: str) -> str:
    """Strings are always quoted so that "" (an empty string) differs from an absent value."""
    value = coerce(value, kind)
    if value is None or (isinstance(value, list) and not value):
        return ""
    if isinstance(value, list):
        value = ARRAY_DELIMITER.join(as_text(v).replace(ARRAY_DELIMITER, " ") for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return '"' + str(value).replace('"', '""') + '"'


def _csv_header(names: list[str]) -> bytes:
    cells = [f'"{n}"' if any(c in n for c in ',"\n') else n for n in names]
    return (",".join(cells) + "\n").encode()


def node_columns(kinds: dict[str, str]) -> list[tuple[str, str]]:
    """(property, kind) of a node file after `id:ID` and `:LABEL`."""
    return [(name, kind) for name, kind in kinds.items() if name not in NODE_RESERVED]


def edge_columns(kinds: dict[str, str]) -> list[tuple[str, str]]:
    """(property, kind) of a relationship file after `:START_ID`, `:END_ID`, `:TYPE` (`key` first)."""
    return [("key", "string")] + [(n, k) for n, k in kinds.items() if n != "key"]


def write_csv(source: RecordSource, open_member: OpenMember, tally: Tally) -> Schema:
    """One node file per label, one relationship file per type, typed headers, one global id space."""
    schema = Schema.scan(source)
    for label in source.node_labels():
        if label not in schema.by_label:
            continue
        cols = node_columns({n: final_kind(k) for n, k in sorted(schema.by_label[label].items())})
        name = f"nodes_{label}.csv"
        with open_member(name) as out:
            out.write(_csv_header(["id:ID", ":LABEL"] + [f"{n}:{k}" for n, k in cols]))
            for node in source.nodes(label):
                cells = [csv_cell(node.id, "string"), label]
                cells += [csv_cell(node.props.get(n), k) for n, k in cols]
                out.write((",".join(cells) + "\n").encode())
                tally.nodes[label] += 1
        tally.files.append(name)
    for rel_type in source.edge_types():
        if rel_type not in schema.by_type:
            continue
        cols = edge_columns({n: final_kind(k) for n, k in sorted(schema.by_type[rel_type].items())})
        name = f"relationships_{rel_type}.csv"
        with open_member(name) as out:
            out.write(_csv_header([":START_ID", ":END_ID", ":TYPE"] + [f"{n}:{k}" for n, k in cols]))
            for edge in source.edges(rel_type):
                values = {**edge.props, "key": edge.key}
                ends = [csv_cell(edge.start, "string"), csv_cell(edge.end, "string"), rel_type]
                out.write((",".join(ends + [csv_cell(values.get(n), k) for n, k in cols]) + "\n").encode())
                tally.edges[rel_type] += 1
        tally.files.append(name)
    return schema


# --- the scripts shipped with the CSV export ----------------------------------------------------

_DELIM = literal(ARRAY_DELIMITER)
_CONVERT = {
    "string": "{v}",
    "long": "toInteger({v})",
    "double": "toFloat({v})",
    "boolean": "toBoolean({v})",
    "string[]": "split({v}, " + _DELIM + ")",
    "long[]": "[x IN split({v}, " + _DELIM + ") | toInteger(x)]",
    "double[]": "[x IN split({v}, " + _DELIM + ") | toFloat(x)]",
    "boolean[]": "[x IN split({v}, " + _DELIM + ") | toBoolean(x)]",
}


def _sets(var: str, columns: list[tuple[str, str]]) -> str:
    """`var.prop = <the cell converted to its type>, ...` for every column."""
    parts = []
    for prop, kind in columns:
        cell = "row." + name(f"{prop}:{kind}")
        parts.append(f"{var}.{name(prop)} = " + _CONVERT[kind].format(v=cell))
    return ", ".join(parts)


def load_csv_script(schema: Schema, files: list[str]) -> str:
    """LOAD CSV statements for the files of a CSV export, reading them from `$base` (a file:/// URL)."""
    lines = [
        "// Loads this CSV export into Neo4j 5 with LOAD CSV. Copy the files into the server's import",
        "// directory (CALL dbms.listConfig('server.directories.import')), set the folder, then run:",
        "//   cypher-shell --param \"base => 'file:///diplograph'\" -f load-csv.cypher",
        *_prologue(),
    ]
    for file in files:
        kind, _, rest = file.removesuffix(".csv").partition("_")
        if kind == "nodes":
            cols = node_columns({n: final_kind(k) for n, k in sorted(schema.by_label[rest].items())})
            sets = _sets("n", cols)
            lines.append(LOAD_CSV_NODES.format(file=file, label=checked_label(rest), sets=sets))
    for file in files:
        kind, _, rest = file.removesuffix(".csv").partition("_")
        if kind == "relationships":
            cols = edge_columns({n: final_kind(k) for n, k in sorted(schema.by_type[rest].items())})
            sets = _sets("r", cols[1:])
            lines.append(LOAD_CSV_RELATIONSHIPS.format(file=file, type=checked_type(rest), sets=sets))
    return "\n".join([*lines, FINISH_NODES, DROP_IMPORT_INDEX, ""])


def admin_import_command(files: list[str], database: str = "neo4j") -> str:
    """The neo4j-admin command that builds a new database from the CSV files (server stopped)."""
    args = [f"--nodes={f}" for f in files if f.startswith("nodes_")]
    args += [f"--relationships={f}" for f in files if f.startswith("relationships_")]
    return (
        "#!/bin/sh\n# Builds a new database from this CSV export; run it here with the server stopped.\n"
        f"neo4j-admin database import full {database} --overwrite-destination=true --multiline-fields=true"
        f" --array-delimiter={ARRAY_DELIMITER_ADMIN} --id-type=string \\\n  " + " \\\n  ".join(args) + "\n"
    )
