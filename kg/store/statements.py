"""The loader's Cypher, generated from the schema in ``kg.model`` (one MERGE statement per label / pattern).

Only labels, relationship types and property names from ``kg.model`` ever reach the statement text, and they
are checked first; every value travels as a parameter.  List properties (``aliases``, ``sources``,
``titles``, ``evidence``) merge as set unions with what is already stored, scalar properties are set, so
loading article A then article B keeps both sources and loading the same graph twice changes nothing.
The text is the Cypher subset both Neo4j 5 and FalkorDB run.
"""

from __future__ import annotations

import re
import typing
from typing import Any

from kg.model import LABELS, NODE_CLASSES, REL_PATTERNS, Relationship, _Node

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_REL_IDENTITY = ("type", "start_label", "start", "end_label", "end")


def _checked(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a plain Cypher identifier: {name!r}")
    return name


def _list_fields(model: type[Any], skip: tuple[str, ...] = ()) -> tuple[str, ...]:
    fields = model.model_fields
    return tuple(sorted(name for name, info in fields.items()
                        if name not in skip and typing.get_origin(info.annotation) is list))


def node_list_properties(label: str) -> tuple[str, ...]:
    """The list-valued properties of ``label`` (merged as set unions), e.g. ``aliases, sources, titles``."""
    if label not in LABELS:
        raise ValueError(f"unknown node label {label!r} (known: {', '.join(LABELS)})")
    return _list_fields(NODE_CLASSES[label], skip=("label",))


def relationship_list_properties() -> tuple[str, ...]:
    """The list-valued relationship properties: ``evidence, sources``."""
    return _list_fields(Relationship, skip=_REL_IDENTITY)


def _union_items(variable: str, names: tuple[str, ...]) -> list[str]:
    return [f"{variable}.{_checked(p)} = coalesce({variable}.{p}, []) + "
            f"[x IN coalesce(row.lists.{p}, []) WHERE NOT x IN coalesce({variable}.{p}, [])]" for p in names]


def merge_nodes(label: str) -> str:
    """``UNWIND $rows`` statement that MERGEs ``label`` nodes on ``id`` (rows from :func:`node_row`)."""
    lists = node_list_properties(label)
    sets = ",\n    ".join(["n += row.props", *_union_items("n", lists)])
    return (f"UNWIND $rows AS row\n"
            f"MERGE (n:{_checked(label)} {{id: row.id}})\n"
            f"SET {sets}\n"
            f"RETURN count(*) AS written")


def merge_relationships(rel_type: str, start_label: str, end_label: str) -> str:
    """``UNWIND $rows`` statement that MERGEs ``(start)-[:rel_type]->(end)`` (rows from :func:`relationship_row`).

    Rows whose start or end node is not in the database are skipped (and not counted in ``written``).
    """
    if rel_type not in REL_PATTERNS:
        raise ValueError(f"unknown relationship type {rel_type!r}")
    starts, ends = REL_PATTERNS[rel_type]
    if start_label not in starts or end_label not in ends:
        raise ValueError(f"{rel_type} may not join {start_label} to {end_label}")
    sets = ",\n    ".join(["r += row.props", *_union_items("r", relationship_list_properties())])
    return (f"UNWIND $rows AS row\n"
            f"MATCH (a:{_checked(start_label)} {{id: row.start}})\n"
            f"MATCH (b:{_checked(end_label)} {{id: row.end}})\n"
            f"MERGE (a)-[r:{_checked(rel_type)}]->(b)\n"
            f"SET {sets}\n"
            f"RETURN count(*) AS written")


def _split(props: dict[str, Any], lists: tuple[str, ...], drop: tuple[str, ...]) -> dict[str, Any]:
    scalars = {k: v for k, v in props.items() if k not in lists and k not in drop and v is not None}
    for key in scalars:
        _checked(key)
    return {"props": scalars, "lists": {k: sorted(set(props.get(k) or [])) for k in lists}}


def node_row(node: _Node) -> dict[str, Any]:
    """``{"id", "props": scalar properties, "lists": list properties de-duplicated}`` for :func:`merge_nodes`."""
    props = node.properties()
    return {"id": node.id, **_split(props, node_list_properties(node.label), drop=("id",))}


def relationship_row(rel: Relationship) -> dict[str, Any]:
    """``{"start", "end", "props", "lists"}`` for :func:`merge_relationships`."""
    return {"start": rel.start, "end": rel.end,
            **_split(rel.properties(), relationship_list_properties(), drop=_REL_IDENTITY)}
