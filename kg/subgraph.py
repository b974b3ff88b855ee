"""What the HTML view draws of a graph too large to draw whole: a bounded part chosen in the database.

A browser draws a few hundred nodes legibly; a year of news gives tens of thousands.  ``view_graph`` reads from
the store only what the page will show, and says what it left out:

- with no query, the ``limit`` most connected nodes (facts only: articles and MENTIONS left out, ties by id) and
  the relationships between them — the whole graph when it has no more nodes than that;
- with a saved query's rows, the nodes a row value names (by name or id, as ``kg.view.select_from_rows``
  matches them) and the relationships between them, the ``limit`` most connected of them when there are more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.model import LABELS, Graph
from kg.store.base import Store
from kg.store.pages import degrees, graph_key, label_counts, nodes_of, outgoing, type_counts
from kg.store.readback import read_graph

VIEW_LIMIT = 300  # nodes drawn at most
#: relationships drawn at most between the chosen nodes: the best attested (most articles) first.  Between the 300
#: most connected nodes there were 2,919 at 1,000 synthetic articles and 6,157 at 5,000 (the page's memory and the
#: browser's layout grow with them; a few thousand edges on 300 nodes is already a hairball)
VIEW_RELATIONSHIPS = 2_000

MOST_CONNECTED = ("MATCH (n)-[r]-(m) WHERE NOT n:Article AND NOT m:Article "
                  "RETURN n.id AS id, labels(n) AS labels, count(r) AS degree ORDER BY degree DESC, id LIMIT $limit")
NAMED = ("MATCH (n) WHERE NOT n:Article AND (toLower(n.name) IN $names OR toLower(n.id) IN $names) "
         "RETURN n.id AS id, labels(n) AS labels")


@dataclass
class ViewGraph:
    """The part of the graph to draw, and a sentence saying what it is and what was left out."""

    graph: Graph
    note: str | None  # None: the whole graph (or all the rows name), as kg.view says by itself


def _strings(value: Any) -> list[str]:
    from kg.view import _strings as walk

    return list(walk(value))


def _subgraph(store: Store, chosen: dict[str, str], most: int | None = None) -> tuple[Graph, int]:
    """The chosen nodes (id → label) and the relationships between them (the ``most`` stated by most articles,
    ties by key, when there are more), and how many relationships there were between them."""
    graph = Graph()
    by_label: dict[str, list[str]] = {}
    for node_id, label in sorted(chosen.items()):
        by_label.setdefault(label, []).append(node_id)
    for label, ids in sorted(by_label.items()):
        for node in nodes_of(store, label, ids):
            graph.nodes[node.id] = node  # type: ignore[assignment]
        for rel in outgoing(store, label, ids, ends=sorted(chosen)):
            if rel.type != "MENTIONS":
                graph.relationships[graph_key(rel)] = rel
    between = len(graph.relationships)
    if most is not None and between > most:
        kept = sorted(graph.relationships, key=lambda k: (-len(graph.relationships[k].sources), k))[:most]
        graph.relationships = {k: graph.relationships[k] for k in sorted(kept)}
    return graph, between


def _left_out(graph: Graph, between: int) -> str:
    """What the note says of relationships between the drawn nodes that were not drawn."""
    hidden = between - len(graph.relationships)
    return f" ({hidden:,} more between them not drawn: the best attested are)" if hidden > 0 else ""


def _label(labels: list[str] | None) -> str | None:
    return next((x for x in labels or [] if x in LABELS), None)


def view_graph(store: Store, rows: list[dict[str, Any]] | None = None, limit: int = VIEW_LIMIT) -> ViewGraph:
    """What to draw (see the module)."""
    labels, types = label_counts(store), type_counts(store)
    nodes = sum(n for label, n in labels.items() if label != "Article")
    facts = sum(n for rel_type, n in types.items() if rel_type != "MENTIONS")
    if rows is None:
        if nodes <= limit:
            return ViewGraph(read_graph(store), None)
        chosen = {r["id"]: label for r in store.query(MOST_CONNECTED, {"limit": limit})
                  if (label := _label(r["labels"])) is not None}
        graph, between = _subgraph(store, chosen, VIEW_RELATIONSHIPS)
        return ViewGraph(graph, f"The {len(graph.nodes):,} most connected of {nodes:,} nodes and "
                                f"{len(graph.relationships):,} relationships between them{_left_out(graph, between)}; "
                                f"left out: "
                                f"{nodes - len(graph.nodes):,} nodes, {facts - len(graph.relationships):,} "
                                f"relationships (and MENTIONS). `kg view --query NAME` draws one question's answer.")
    names = sorted({s.strip().casefold() for row in rows for s in _strings(list(row.values())) if s.strip()})
    named = {r["id"]: label for r in store.query(NAMED, {"names": names})
             if (label := _label(r["labels"])) is not None}
    if len(named) <= limit:
        return ViewGraph(_subgraph(store, named)[0], None)
    degree = degrees(store, named)
    kept = sorted(named, key=lambda i: (-degree.get(i, 0), i))[:limit]
    graph, between = _subgraph(store, {i: named[i] for i in kept}, VIEW_RELATIONSHIPS)
    return ViewGraph(graph, f"The {limit:,} most connected of the {len(named):,} nodes the {len(rows):,} rows of "
                            f"the query name{_left_out(graph, between)}; {len(named) - limit:,} left out.")
