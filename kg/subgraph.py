"""What the HTML view draws of a graph too large to draw whole: a bounded part chosen in the database.

A browser draws a few hundred nodes legibly; a year of news gives tens of thousands.  ``view_graph`` reads from
the store only what the page will show, and says what it left out:

- with no query, the ``limit`` most connected nodes (facts only: articles and MENTIONS left out, ties by id) and
  the relationships between them — the whole graph when it has no more nodes than that;
- with a saved query's rows, the nodes a row value names (by name or id, as ``kg.view.select_from_rows``
  matches them) and the relationships between them, the ``limit`` most connected of them when there are more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from kg.model import Graph
from kg.store.base import Store
from kg.store.pages import _pages, degrees, graph_key, label_counts, nodes_of, outgoing, type_counts
from kg.store.readback import _our_label, read_graph
from kg.view import VIEW_ITEMS, Totals

T = TypeVar("T", bound=Any)

VIEW_LIMIT = 300  # nodes drawn at most
#: relationships drawn at most between the chosen nodes: the best attested (most articles) first.  Between the 300
#: most connected nodes there were 2,919 at 1,000 synthetic articles and 6,157 at 5,000 (the page's memory and the
#: browser's layout grow with them; a few thousand edges on 300 nodes is already a hairball)
VIEW_RELATIONSHIPS = 2_000
PAGE_IDS = 10  # chosen nodes read at a time (a hub's full lists are in memory only while its page is read)

MOST_CONNECTED = ("MATCH (n)-[r]-(m) WHERE NOT n:Article AND NOT m:Article "
                  "RETURN n.id AS id, labels(n) AS labels, count(r) AS degree ORDER BY degree DESC, id LIMIT $limit")
NAMED = ("MATCH (n) WHERE NOT n:Article AND (toLower(n.name) IN $names OR toLower(n.id) IN $names) "
         "RETURN n.id AS id, labels(n) AS labels")


@dataclass
class ViewGraph:
    """The part of the graph to draw, and a sentence saying what it is and what was left out."""

    graph: Graph
    note: str | None  # None: the whole graph (or all the rows name), as kg.view says by itself
    totals: Totals = field(default_factory=dict)  # lists of ``graph`` cut short: their full lengths


def _strings(value: Any) -> list[str]:
    from kg.view import _strings as walk

    return list(walk(value))


def _cut(item: T, owner: str, totals: Totals) -> T:
    """``item`` with every list property longer than the view shows cut to ``VIEW_ITEMS`` (full length in
    ``totals``): a hub node or fact of a large graph has thousands of sources and sentences."""
    long = {k: v for k, v in item.__dict__.items() if isinstance(v, list) and len(v) > VIEW_ITEMS}
    for key, value in long.items():
        totals[(owner, key)] = len(value)
    return item.model_copy(update={k: v[:VIEW_ITEMS] for k, v in long.items()}) if long else item


def _subgraph(store: Store, chosen: dict[str, str], most: int | None = None,
              totals: Totals | None = None) -> tuple[Graph, int]:
    """The chosen nodes (id → label) and the relationships between them (the ``most`` stated by most articles,
    ties by key, when there are more), and how many relationships there were between them.  With ``totals``, long
    lists are cut to what the view shows as they are read (``_cut``), ``PAGE_IDS`` nodes at a time."""
    graph = Graph()
    by_label: dict[str, list[str]] = {}
    for node_id, label in sorted(chosen.items()):
        by_label.setdefault(label, []).append(node_id)
    ends = sorted(chosen)
    for label, ids in sorted(by_label.items()):
        for page in _pages(ids, PAGE_IDS):
            for node in nodes_of(store, label, page):
                graph.nodes[node.id] = node if totals is None else _cut(node, node.id, totals)  # type: ignore
            for rel in outgoing(store, label, page, ends=ends):
                if rel.type != "MENTIONS":
                    key = graph_key(rel)
                    graph.relationships[key] = rel if totals is None else _cut(rel, key, totals)
    between = len(graph.relationships)
    if most is not None and between > most:
        def attested(key: str) -> tuple[int, str]:
            rel = graph.relationships[key]
            return -(totals or {}).get((key, "sources"), len(rel.sources)), key

        kept = sorted(graph.relationships, key=attested)[:most]
        graph.relationships = {k: graph.relationships[k] for k in sorted(kept)}
    return graph, between


def _left_out(graph: Graph, between: int) -> str:
    """What the note says of relationships between the drawn nodes that were not drawn."""
    hidden = between - len(graph.relationships)
    return f" ({hidden:,} more between them not drawn: the best attested are)" if hidden > 0 else ""


def view_graph(store: Store, rows: list[dict[str, Any]] | None = None, limit: int = VIEW_LIMIT) -> ViewGraph:
    """What to draw (see the module)."""
    labels, types = label_counts(store), type_counts(store)
    nodes = sum(n for label, n in labels.items() if label != "Article")
    facts = sum(n for rel_type, n in types.items() if rel_type != "MENTIONS")
    totals: Totals = {}
    if rows is None:
        if nodes <= limit:
            return ViewGraph(read_graph(store), None)
        chosen = {r["id"]: label for r in store.query(MOST_CONNECTED, {"limit": limit})
                  if (label := _our_label(r["labels"] or [])) is not None}
        graph, between = _subgraph(store, chosen, VIEW_RELATIONSHIPS, totals)
        return ViewGraph(graph, f"The {len(graph.nodes):,} most connected of {nodes:,} nodes and "
                                f"{len(graph.relationships):,} relationships between them{_left_out(graph, between)}; "
                                f"left out: "
                                f"{nodes - len(graph.nodes):,} nodes, {facts - len(graph.relationships):,} "
                                f"relationships (and MENTIONS). `kg view --query NAME` draws one question's answer.", totals)
    names = sorted({s.strip().casefold() for row in rows for s in _strings(list(row.values())) if s.strip()})
    named = {r["id"]: label for r in store.query(NAMED, {"names": names})
             if (label := _our_label(r["labels"] or [])) is not None}
    if len(named) <= limit:
        return ViewGraph(_subgraph(store, named)[0], None)
    degree = degrees(store, named)
    kept = sorted(named, key=lambda i: (-degree.get(i, 0), i))[:limit]
    graph, between = _subgraph(store, {i: named[i] for i in kept}, VIEW_RELATIONSHIPS, totals)
    return ViewGraph(graph, f"The {limit:,} most connected of the {len(named):,} nodes the {len(rows):,} rows of "
                            f"the query name{_left_out(graph, between)}; {len(named) - limit:,} left out.", totals)
