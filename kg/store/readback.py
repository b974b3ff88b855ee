"""Reading the whole graph back out of a store into a ``Graph`` (for ``kg export --from-db``)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from kg.model import LABELS, REL_PATTERNS, REL_PROP_KEYS, Graph, Relationship, _Node, node_from_properties
from kg.store.base import Store, StoreError, one_line

READ_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
READ_RELATIONSHIPS = ("MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a) AS start_labels, a.id AS start_id, "
                      "labels(b) AS end_labels, b.id AS end_id, properties(r) AS props")


def _our_label(labels: list[str]) -> str | None:
    """The schema label of a node (nodes without one — an analyst's own annotations — are not ours)."""
    return next((label for label in labels if label in LABELS), None)


def _sorted_lists(props: dict[str, Any]) -> dict[str, Any]:
    return {k: sorted(set(v)) if isinstance(v, list) else v for k, v in props.items()}


def node_from_row(labels: list[str] | None, props: dict[str, Any] | None) -> _Node | None:
    """A stored node as its schema type (list properties sorted); None for a node outside the schema."""
    label = _our_label(labels or [])
    if label is None:
        return None
    try:
        return node_from_properties(label, _sorted_lists(props or {}))
    except ValidationError as exc:
        raise StoreError(f"a stored {label} node does not fit the schema: "
                         f"{one_line(exc.errors()[0]['loc'])} {exc.errors()[0]['msg']}") from None


def relationship_from_row(row: dict[str, Any]) -> Relationship | None:
    """A row of ``type``, ``start_labels``, ``start_id``, ``end_labels``, ``end_id``, ``props`` as a
    ``Relationship`` (lists sorted); None for one outside the schema."""
    start_label, end_label = _our_label(row["start_labels"] or []), _our_label(row["end_labels"] or [])
    pattern = REL_PATTERNS.get(row["type"])
    if (pattern is None or start_label not in pattern[0] or end_label not in pattern[1]
            or row["start_id"] is None or row["end_id"] is None):
        return None
    props = {k: v for k, v in _sorted_lists(row["props"] or {}).items() if k in REL_PROP_KEYS}
    try:
        return Relationship.model_validate({"type": row["type"], "start_label": start_label,
                                            "start": row["start_id"], "end_label": end_label,
                                            "end": row["end_id"], **props})
    except ValidationError as exc:
        raise StoreError(f"a stored {row['type']} relationship does not fit the schema: "
                         f"{exc.errors()[0]['msg']}") from None


def read_graph(store: Store) -> Graph:
    """Every schema node and relationship in ``store``, list properties sorted: equals the loaded graph's
    ``normalized()`` form.  Nodes and relationships outside the schema are left out.  (The whole graph in memory:
    ``kg.store.pages`` reads a large one a page at a time.)"""
    graph = Graph()
    for row in store.query(READ_NODES):
        node = node_from_row(row["labels"], row["props"])
        if node is not None:
            graph.nodes[node.id] = node  # type: ignore[assignment]
    for row in store.query(READ_RELATIONSHIPS):
        rel = relationship_from_row(row)
        if rel is not None:
            graph.relationships[rel.key] = rel
    return graph
