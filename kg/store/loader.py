"""Loading a ``Graph``: schema first, then batched ``UNWIND … MERGE`` per label, then per relationship pattern."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any, Callable, Iterator

from kg.model import LABELS, Graph
from kg.store.base import Store
from kg.store.statements import merge_nodes, merge_relationships, node_row, relationship_row


@dataclass(frozen=True)
class LoadReport:
    """What one load wrote: rows MERGEd (created or matched) and batches (= transactions) run."""

    nodes: int
    relationships: int
    batches: int
    #: relationships not written because their start or end node is in neither the graph nor the database
    missing_endpoints: int = 0


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def load_graph(store: Store, graph: Graph, batch_size: int,
               progress: Callable[[int], None] | None = None) -> LoadReport:
    """Write ``graph`` into ``store`` idempotently: loading it twice changes nothing.

    ``progress`` is called with the number of nodes or relationships each batch wrote (attempted).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    store.apply_schema(LABELS)
    nodes = relationships = batches = missing = 0
    for label, group in groupby(graph.sorted_nodes(), key=lambda n: n.label):
        statement = merge_nodes(label)
        for batch in _batches([node_row(n) for n in group], batch_size):
            nodes += store.write(statement, batch)
            batches += 1
            if progress:
                progress(len(batch))
    ordered = sorted(graph.relationships.values(), key=lambda r: (r.type, r.start_label, r.end_label, r.start, r.end))
    for (rel_type, start_label, end_label), rels in groupby(ordered, key=lambda r: (r.type, r.start_label,
                                                                                    r.end_label)):
        statement = merge_relationships(rel_type, start_label, end_label)
        for batch in _batches([relationship_row(r) for r in rels], batch_size):
            written = store.write(statement, batch)
            relationships += written
            missing += len(batch) - written
            batches += 1
            if progress:
                progress(len(batch))
    return LoadReport(nodes=nodes, relationships=relationships, batches=batches, missing_endpoints=missing)
