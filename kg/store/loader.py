"""Loading a ``Graph``: schema first, then batched ``UNWIND … MERGE`` per label, then per relationship pattern."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any, Callable, Iterator

from kg.model import LABELS, REL_IDENTITY, Graph, Relationship
from kg.store.base import Store
from kg.store.statements import merge_nodes, node_row, relationship_groups, relationship_statements


ANY_NODE = "MATCH (n) RETURN n.id AS id LIMIT 1"


@dataclass(frozen=True)
class LoadReport:
    """What one load wrote: rows MERGEd (created or matched) and batches (= transactions) run."""

    nodes: int
    relationships: int
    batches: int
    #: relationships not written because their start or end node is in neither the graph nor the database
    missing_endpoints: int = 0


def _batches(records: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(records), size):
        yield records[i:i + size]


def _writes(graph: Graph, batch_size: int) -> Iterator[tuple[str, str, list[list[Any]], int, bool]]:
    """``(statement, create-only statement, rows, records, is_relationship)`` per batch of ``batch_size`` nodes
    or relationships: nodes label by label, then relationships pattern by pattern (so every node exists before a
    relationship needs it).  Rows are built batch by batch, lazily."""
    for label, group in groupby(graph.sorted_nodes(), key=lambda n: n.label):
        statement, create_only = merge_nodes(label), merge_nodes(label, update=False)
        for nodes in _batches(list(group), batch_size):
            yield statement, create_only, [node_row(n) for n in nodes], len(nodes), False
    ordered = sorted(graph.relationships.values(), key=lambda r: (_statement_key(r), r.sort_key()))
    for _, group in groupby(ordered, key=_statement_key):
        rels = list(group)
        statement, create_only = relationship_statements(rels[0])
        for batch in _batches(rels, batch_size):
            yield statement, create_only, relationship_groups(batch), len(batch), True


def _statement_key(rel: Relationship) -> tuple[str, str, str, bool]:
    """Relationships one statement writes: same type and end labels, and (for the types with an identifying
    property) the property known or not."""
    return (rel.type, rel.start_label, rel.end_label, rel.type in REL_IDENTITY and rel.identity is None)


def load_graph(store: Store, graph: Graph, batch_size: int,
               progress: Callable[[int], None] | None = None) -> LoadReport:
    """Write ``graph`` into ``store`` idempotently: loading it twice changes nothing.

    One batch is one statement (one transaction, one round trip).  Into a database that holds nothing yet, the
    batches run without their ``ON MATCH`` unions (there is nothing to merge with, and those statements cost
    half as much to plan); a batch that still met existing nodes or relationships (another load writing at the
    same time) is run again in full, which merges what it met.
    ``progress`` is called with the number of nodes or relationships each batch wrote (attempted).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    store.apply_schema(LABELS)
    empty = not store.query(ANY_NODE)
    nodes = relationships = batches = missing = 0
    for statement, create_only, rows, records, is_relationship in _writes(graph, batch_size):
        written = store.write(create_only if empty else statement, rows)
        if empty and written.created < written.rows:
            written = store.write(statement, rows)
        batches += 1
        if is_relationship:
            relationships += written.rows
            missing += records - written.rows
        else:
            nodes += written.rows
        if progress:
            progress(records)
    return LoadReport(nodes=nodes, relationships=relationships, batches=batches, missing_endpoints=missing)
