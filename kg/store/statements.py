"""The loader's Cypher, generated from the schema in ``kg.model`` (one MERGE statement per label / pattern).

Only labels, relationship types and property names from ``kg.model`` ever reach the statement text, and they
are checked first; every value travels as a parameter.  List properties (``aliases``, ``sources``,
``titles``, ``evidence``) merge as set unions with what is already stored, and scalar properties as
``kg.model.Graph`` merges them: a stored value stays unless it is unset (the name included), ``confidence`` keeps the
higher one, ``first_seen`` / ``last_seen`` the earlier / later date.  So loading article A then article B keeps
both sources, gives what building the graph of A and B in one piece gives (``kg.stream`` loads a corpus chunk by
chunk on this), and loading the same graph twice changes nothing.  A node or relationship the MERGE creates takes
its row as it is (``ON CREATE``); only one that already exists pays for the unions (``ON MATCH``).

Relationships with an identifying property (``kg.model.REL_IDENTITY``: a HOLDS_POSITION's ``title``, a
SUPPLIED_TO's ``quantity``) MERGE on it, so one person keeps every office they held at one institution and one
weapon every quantity delivered to one country.  Cypher cannot MERGE on a null value, so the edges that lack it
(a delivery without a stated quantity) go through :func:`merge_unidentified_relationships`, which finds the edge
without the property or creates it.

Rows are positional lists, not maps: ``[key, scalar properties…, list properties…]`` in the order of
:func:`node_columns` / :func:`relationship_columns`.  A list of plain values is the cheapest parameter to encode
and for the server to parse (no key repeated per row).  Relationship rows come grouped by start node
(:func:`relationship_groups`), so each start node is looked up in the index once per batch, not once per edge.
The text is the Cypher subset both Neo4j 5 and FalkorDB run.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from typing import Any

from kg.model import (LABELS, NODE_CLASSES, REL_IDENTITY, REL_PATTERNS, REL_TYPE_PROPERTIES,
                      STATED_REL_PROPERTIES, TYPED_REL_PROPERTIES, UNSTATED_REL_TYPES, Relationship, _Node)

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_REL_IDENTITY = ("type", "start_label", "start", "end_label", "end")


def _checked(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a plain Cypher identifier: {name!r}")
    return name


@dataclass(frozen=True)
class Columns:
    """The layout of one kind of row: ``keys`` (identity) first, then ``scalars``, then ``lists``."""

    keys: tuple[str, ...]
    scalars: tuple[str, ...]
    lists: tuple[str, ...]

    def index(self, name: str) -> int:
        return (self.keys + self.scalars + self.lists).index(name)


@cache
def _columns(model: type[Any], keys: tuple[str, ...], skip: tuple[str, ...]) -> Columns:
    fields = model.model_fields
    names = sorted(name for name in fields if name not in skip and name not in keys)
    lists = tuple(_checked(n) for n in names if typing.get_origin(fields[n].annotation) is list)
    scalars = tuple(_checked(n) for n in names if n not in lists)
    return Columns(keys, scalars, lists)


def node_columns(label: str) -> Columns:
    """Row layout of ``label``: ``id``, then e.g. ``kind, name``, then ``aliases, sources``."""
    if label not in LABELS:
        raise ValueError(f"unknown node label {label!r} (known: {', '.join(LABELS)})")
    return _columns(NODE_CLASSES[label], ("id",), ("label",))


@cache
def relationship_columns(rel_type: str) -> Columns:
    """Row layout of one ``rel_type`` edge of a group: ``end`` and the identifying property (``title`` of
    HOLDS_POSITION, ``quantity`` of SUPPLIED_TO), then ``confidence``, the dates and the type's own scalars
    (``count`` of MENTIONS …), then ``evidence`` (not for MENTIONS), ``sources``."""
    if rel_type not in REL_PATTERNS:
        raise ValueError(f"unknown relationship type {rel_type!r}")
    unused = tuple(p for p in TYPED_REL_PROPERTIES if p not in REL_TYPE_PROPERTIES.get(rel_type, ()))
    unused += STATED_REL_PROPERTIES if rel_type in UNSTATED_REL_TYPES else ()
    keys = ("end", REL_IDENTITY[rel_type]) if rel_type in REL_IDENTITY else ("end",)
    return _columns(Relationship, keys, ("type", "start_label", "start", "end_label", *unused))


def _scalar_update(current: str, value: str, name: str) -> str:
    """``current = …`` for a scalar met again, as ``Graph.add_node`` / ``add_relationship`` merge it (what is
    stored came from earlier articles): the earlier first_seen, the later last_seen, the higher confidence, else
    the stored value unless it is unset."""
    if name in ("first_seen", "last_seen", "confidence"):
        better = "<" if name == "first_seen" else ">"
        return (f"{current} = CASE WHEN {current} IS NULL OR {value} {better} {current} "
                f"THEN coalesce({value}, {current}) ELSE {current} END")
    return f"{current} = coalesce({current}, {value})"


def _on_create(variable: str, columns: Columns, row: str) -> list[str]:
    first = len(columns.keys)
    names = columns.scalars + columns.lists
    sets = [f"{variable}.{name} = {row}[{first + i}]" for i, name in enumerate(names)]
    if "aliases" in columns.lists and "name" in columns.scalars:  # rows may carry every form, the name too
        sets[names.index("aliases")] = (f"{variable}.aliases = [x IN {row}[{columns.index('aliases')}] "
                                        f"WHERE x <> {row}[{columns.index('name')}]]")
    return sets


def _list_union(variable: str, name: str, value: str) -> str:
    union = f"coalesce({variable}.{name}, []) + [x IN {value} WHERE NOT x IN coalesce({variable}.{name}, [])]"
    if name == "aliases":  # a node's name is never one of its aliases (Graph.add_node)
        union = f"[y IN {union} WHERE y <> {variable}.name]"
    return f"{variable}.{name} = {union}"


def _on_match(variable: str, columns: Columns, row: str) -> list[str]:
    sets = [_scalar_update(f"{variable}.{name}", f"{row}[{columns.index(name)}]", name) for name in columns.scalars
            if name != "name"]  # the stored name stays, as in Graph.add_node
    sets += [_list_union(variable, name, f"{row}[{columns.index(name)}]") for name in columns.lists]
    return sets


def _merge_sets(variable: str, columns: Columns, row: str, update: bool) -> str:
    on_create = _on_create(variable, columns, row)
    if not update:
        return f"ON CREATE SET {', '.join(on_create)}\n"
    return (f"ON CREATE SET {', '.join(on_create)}\n"
            f"ON MATCH SET {(',' + chr(10) + '    ').join(_on_match(variable, columns, row))}\n")


def merge_nodes(label: str, update: bool = True) -> str:
    """``UNWIND $rows`` statement that MERGEs ``label`` nodes on ``id`` (rows from :func:`node_row`).

    ``update=False`` leaves out ``ON MATCH``: the statement for a database that held nothing when the load began
    (half as much to plan; the loader checks that it created every row and re-runs the batch in full if not)."""
    return (f"UNWIND $rows AS row\n"
            f"MERGE (n:{_checked(label)} {{id: row[0]}})\n"
            f"{_merge_sets('n', node_columns(label), 'row', update)}"
            f"RETURN count(*) AS written")


def _match_ends(rel_type: str, start_label: str, end_label: str) -> str:
    if rel_type not in REL_PATTERNS:
        raise ValueError(f"unknown relationship type {rel_type!r}")
    starts, ends = REL_PATTERNS[rel_type]
    if start_label not in starts or end_label not in ends:
        raise ValueError(f"{rel_type} may not join {start_label} to {end_label}")
    return (f"UNWIND $rows AS row\n"
            f"MATCH (a:{_checked(start_label)} {{id: row[0]}})\n"
            f"UNWIND row[1] AS edge\n"
            f"MATCH (b:{_checked(end_label)} {{id: edge[0]}})\n")


def merge_relationships(rel_type: str, start_label: str, end_label: str, update: bool = True) -> str:
    """``UNWIND $rows`` statement that MERGEs ``(start)-[:rel_type]->(end)`` (rows from :func:`relationship_groups`),
    on the identifying property for the types that have one (the rows must then carry it).

    Edges whose start or end node is not in the database are skipped (and not counted in ``written``).
    ``update=False`` as for :func:`merge_nodes`.
    """
    match = _match_ends(rel_type, start_label, end_label)
    identity = REL_IDENTITY.get(rel_type)
    pattern = f" {{{_checked(identity)}: edge[1]}}" if identity else ""
    return (f"{match}"
            f"MERGE (a)-[r:{_checked(rel_type)}{pattern}]->(b)\n"
            f"{_merge_sets('r', relationship_columns(rel_type), 'edge', update)}"
            f"RETURN count(*) AS written")


def merge_unidentified_relationships(rel_type: str, start_label: str, end_label: str) -> str:
    """The statement for edges of a ``REL_IDENTITY`` type whose identifying property is unknown (null): update the
    edge between the two nodes that lacks it too, or create one.  (``MERGE`` cannot match on null.)  The start node
    is write-locked before the edge is looked for, so two loads at once make one edge, not two."""
    identity = REL_IDENTITY.get(rel_type)
    if identity is None:
        raise ValueError(f"{rel_type} has no identifying property; use merge_relationships")
    columns = relationship_columns(rel_type)
    create = ", ".join(f"{name}: edge[{columns.index(name)}]" for name in columns.scalars + columns.lists)
    # `SET a.id = a.id` changes nothing but write-locks the start node first (Neo4j; FalkorDB runs one write at a
    # time anyway): two loads at once would otherwise both find no edge and both create one
    return (f"{_match_ends(rel_type, start_label, end_label)}"
            f"SET a.id = a.id\n"
            f"WITH a, b, edge\n"
            f"OPTIONAL MATCH (a)-[old:{_checked(rel_type)}]->(b) WHERE old.{_checked(identity)} IS NULL\n"
            f"WITH a, b, edge, collect(old) AS found\n"
            f"FOREACH (_ IN CASE WHEN size(found) = 0 THEN [1] ELSE [] END |\n"
            f"  CREATE (a)-[:{rel_type} {{{create}}}]->(b))\n"
            f"FOREACH (r IN found |\n  SET {(',' + chr(10) + '    ').join(_on_match('r', columns, 'edge'))})\n"
            f"RETURN count(*) AS written")


def relationship_statements(rel: Relationship) -> tuple[str, str]:
    """(statement, create-only statement) that write ``rel``'s row (see the loader)."""
    if rel.type in REL_IDENTITY and rel.identity is None:
        statement = merge_unidentified_relationships(rel.type, rel.start_label, rel.end_label)
        return statement, statement  # finding the edge without the property is the whole statement
    return (merge_relationships(rel.type, rel.start_label, rel.end_label),
            merge_relationships(rel.type, rel.start_label, rel.end_label, update=False))


def _row(record: Any, columns: Columns) -> list[Any]:
    # plain attribute reads, not model_dump: rows are built for every node and relationship of every load
    values = record.__dict__
    row = [values[k] for k in columns.keys + columns.scalars]
    for k in columns.lists:
        items = values[k]
        row.append(list(items) if len(items) < 2 else sorted(set(items)))
    return row


def node_row(node: _Node) -> list[Any]:
    """``[id, scalar properties…, list properties de-duplicated…]`` in :func:`node_columns` order."""
    return _row(node, node_columns(node.label))


def relationship_row(rel: Relationship) -> list[Any]:
    """``[end, identity, scalar properties…, list properties de-duplicated…]`` in :func:`relationship_columns`
    order (no identity column for types without one)."""
    return _row(rel, relationship_columns(rel.type))


def relationship_groups(rels: Iterable[Relationship]) -> list[list[Any]]:
    """``[[start, [edge row, …]], …]`` for :func:`merge_relationships`: ``rels`` (sorted by start) grouped."""
    return [[start, [relationship_row(r) for r in edges]] for start, edges in groupby(rels, key=lambda r: r.start)]


def row_properties(row: list[Any], columns: Columns) -> dict[str, Any]:
    """The properties a row carries (unset scalars left out), keyed by name: what the statement stores."""
    names = columns.keys + columns.scalars + columns.lists
    return {name: value for name, value in zip(names, row) if value is not None}
