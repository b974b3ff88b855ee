"""Reading a large graph out of a store a page at a time, in the order ``Graph`` sorts it.

``read_graph`` (``kg.store.readback``) holds the whole graph; these read one label's ids (strings only), then the
nodes ``page`` at a time by ``id`` lookups, and the relationships leaving them ``REL_PAGE`` at a time: their keys
first (start, type, end: the 18 countries of 5,000 synthetic articles have 15,254 relationships leaving them,
evidence and all), then the relationships between ``REL_PAGE`` of those (start, end) pairs, so exports and views
of a graph of any size stream.  Ids are sorted here, in Python, not by the database: FalkorDB's indexed range
scans on strings miss rows (``WHERE n.id > $after`` on an indexed ``id`` returned one row of twelve, measured
with FalkorDB 4.16.3), and Python's order is the one the in-memory exports use, so both write the same bytes.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Any

from kg.model import LABELS, REL_PATTERNS, Relationship, _Node, rel_key
from kg.store.base import Store
from kg.store.readback import _our_label, node_from_row, relationship_from_row
from kg.store.statements import _checked

PAGE = 500  # start nodes per query
#: relationships read per query: a hub (a country, after thousands of articles) has tens of thousands leaving it
REL_PAGE = 2_000

COUNT_LABELS = "MATCH (n) RETURN labels(n) AS labels, count(n) AS n"
COUNT_TYPES = "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n"
#: templates: ``{label}`` (and ``{pattern}``, ``{where}``) filled with checked names only, values as parameters
LABEL_IDS = "MATCH (n:{label}) RETURN n.id AS id"
NODES_OF = "UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN labels(n) AS labels, properties(n) AS props"
#: the relationships leaving some nodes, as keys only: (start, type, end label) and the ends, in few rows
OUTGOING_KEYS = ("UNWIND $ids AS id MATCH (a:{label} {{id: id}})-{pattern}->(b){where} "
                 "RETURN a.id AS start, type(r) AS type, labels(b) AS end_labels, collect(DISTINCT b.id) AS ends")
#: the relationships of one type between (start, end) pairs, both ends found by their ``id`` first (the ``WITH``
#: steps make FalkorDB look the edge up between the two, not scan a hub's edges for each pair)
OUTGOING_PAIRS = ("UNWIND $pairs AS pair WITH pair.start AS s, pair.end AS e "
                  "MATCH (b:{end_label} {{id: e}}) WITH b, s MATCH (a:{label} {{id: s}}) WITH a, b "
                  "MATCH (a)-[r:{rel_type}]->(b) "
                  "RETURN type(r) AS type, labels(a) AS start_labels, a.id AS start_id, "
                  "labels(b) AS end_labels, b.id AS end_id, properties(r) AS props")
DEGREES = ("UNWIND $ids AS id MATCH (n:{label} {{id: id}})-[r]-(m) WHERE NOT m:Article "
           "RETURN n.id AS id, count(r) AS degree")


def label_ids(store: Store, label: str) -> list[str]:
    """Every ``id`` of ``label``, sorted."""
    rows = store.query(LABEL_IDS.format(label=_checked(label)))
    return sorted(row["id"] for row in rows if isinstance(row["id"], str))


def _pages(ids: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def nodes_of(store: Store, label: str, ids: list[str]) -> list[_Node]:
    """The ``label`` nodes with these ids, in the order of ``ids``."""
    rows = store.query(NODES_OF.format(label=_checked(label)), {"ids": ids})
    found = {n.id: n for n in (node_from_row(r["labels"], r["props"]) for r in rows) if n is not None}
    return [found[i] for i in ids if i in found]


#: the labels some relationship type starts from (no other label has anything leaving it)
STARTING = frozenset(label for starts, _ in REL_PATTERNS.values() for label in starts)


def _outgoing_keys(store: Store, label: str, ids: list[str], rel_type: str | None,
                   ends: list[str] | None) -> list[tuple[str, str, str, str]]:
    """The (start, type, end, end label) of the schema relationships leaving these nodes, sorted."""
    pattern = f"[r:{_checked(rel_type)}]" if rel_type else "[r]"
    where = " WHERE b.id IN $ends" if ends is not None else ""
    rows = store.query(OUTGOING_KEYS.format(label=_checked(label), pattern=pattern, where=where),
                       {"ids": ids, "ends": ends or []})
    keys: set[tuple[str, str, str, str]] = set()
    for row in rows:
        end_label = _our_label(row["end_labels"] or [])
        pattern_of = REL_PATTERNS.get(row["type"])
        if end_label is None or pattern_of is None or end_label not in pattern_of[1]:
            continue
        keys.update((row["start"], row["type"], end, end_label) for end in row["ends"] or [] if isinstance(end, str))
    return sorted(keys)


def iter_outgoing(store: Store, label: str, ids: list[str], rel_type: str | None = None,
                  ends: list[str] | None = None) -> Iterator[Relationship]:
    """The relationships (of ``rel_type``, else every type; to the nodes ``ends`` only, when given) leaving the
    ``label`` nodes with these ids, by start node and then in ``Relationship.sort_key`` order (with ``rel_type``,
    that order itself), ``REL_PAGE`` at a time: the keys are read first, then the relationships of ``REL_PAGE``
    keys."""
    if label not in STARTING:
        return
    keys = _outgoing_keys(store, label, ids, rel_type, ends)
    for i in range(0, len(keys), REL_PAGE):
        groups: dict[tuple[str, str], list[dict[str, str]]] = {}
        for start, type_, end, end_label in keys[i:i + REL_PAGE]:
            groups.setdefault((type_, end_label), []).append({"start": start, "end": end})
        rels: list[Relationship] = []
        for (type_, end_label), pairs in sorted(groups.items()):
            query = OUTGOING_PAIRS.format(label=_checked(label), rel_type=_checked(type_),
                                          end_label=_checked(end_label))
            rels += [rel for rel in (relationship_from_row(row) for row in store.query(query, {"pairs": pairs}))
                     if rel is not None]
        yield from sorted(rels, key=lambda rel: (rel.start, _rel_order(rel)))


def outgoing(store: Store, label: str, ids: list[str], rel_type: str | None = None,
             ends: list[str] | None = None) -> list[Relationship]:
    """``iter_outgoing`` as one list, sorted."""
    return sorted(iter_outgoing(store, label, ids, rel_type, ends), key=_rel_order)


def _rel_order(rel: Relationship) -> Any:
    sort_key = getattr(rel, "sort_key", None)  # a relationship's own order, where it defines one
    return sort_key() if callable(sort_key) else (rel.type, rel.start, rel.end)


def iter_nodes(store: Store, page: int | None = None) -> Iterator[_Node]:
    """Every schema node, sorted by (label, id) as ``Graph.sorted_nodes`` sorts them."""
    page = page or PAGE
    for label in sorted(LABELS):
        for ids in _pages(label_ids(store, label), page):
            yield from nodes_of(store, label, ids)


def iter_relationships(store: Store, page: int | None = None) -> Iterator[Relationship]:
    """Every schema relationship, sorted as ``Graph.sorted_relationships`` sorts them (type, start, end …)."""
    page = page or PAGE
    for rel_type in sorted(REL_PATTERNS):
        starts = sorted(REL_PATTERNS[rel_type][0])
        merged = heapq.merge(*([(i, label) for i in label_ids(store, label)] for label in starts))
        batch: list[tuple[str, str]] = []
        for item in merged:
            batch.append(item)
            if len(batch) == page:
                yield from _outgoing_sorted(store, batch, rel_type)
                batch = []
        if batch:
            yield from _outgoing_sorted(store, batch, rel_type)


def _outgoing_sorted(store: Store, batch: list[tuple[str, str]], rel_type: str) -> Iterator[Relationship]:
    by_label: dict[str, list[str]] = {}
    for node_id, label in batch:
        by_label.setdefault(label, []).append(node_id)
    return heapq.merge(*(iter_outgoing(store, label, ids, rel_type) for label, ids in by_label.items()),
                       key=_rel_order)


class _Following:
    """A stream of relationships in start order, handed out one start node at a time."""

    def __init__(self, rels: Iterator[Relationship]) -> None:
        self._rels = rels
        self._next: Relationship | None = next(rels, None)

    def of(self, start: str) -> Iterator[Relationship]:
        """The relationships leaving ``start`` (those of earlier starts not taken are passed over)."""
        while self._next is not None and self._next.start < start:
            self._next = next(self._rels, None)
        while self._next is not None and self._next.start == start:
            rel = self._next
            self._next = next(self._rels, None)
            yield rel


def iter_nodes_with_outgoing(store: Store, page: int | None = None) -> Iterator[tuple[_Node, Iterator[Relationship]]]:
    """Every schema node with the relationships leaving it (by label, then id), read as they are taken: take a
    node's relationships before the next node (a hub's may be tens of thousands)."""
    page = page or PAGE
    for label in sorted(LABELS):
        for ids in _pages(label_ids(store, label), page):
            following = _Following(iter_outgoing(store, label, ids))
            for node in nodes_of(store, label, ids):
                yield node, following.of(node.id)


def graph_key(rel: Relationship) -> str:
    """The key of ``rel`` in ``Graph.relationships``."""
    key = rel.key
    return key if isinstance(key, str) else rel_key(rel.type, rel.start, rel.end)


def degrees(store: Store, nodes: dict[str, str]) -> dict[str, int]:
    """Facts (relationships to anything but an article) of each node (id → label)."""
    by_label: dict[str, list[str]] = {}
    for node_id, label in nodes.items():
        by_label.setdefault(label, []).append(node_id)
    found: dict[str, int] = {}
    for label, ids in sorted(by_label.items()):
        rows = store.query(DEGREES.format(label=_checked(label)), {"ids": sorted(ids)})
        found.update({row["id"]: int(row["degree"]) for row in rows})
    return found


def label_counts(store: Store) -> dict[str, int]:
    """Nodes per schema label (sorted by label)."""
    counts: dict[str, int] = {}
    for row in store.query(COUNT_LABELS):
        label = _our_label(row["labels"] or [])
        if label is not None:
            counts[label] = counts.get(label, 0) + int(row["n"])
    return dict(sorted(counts.items()))


def type_counts(store: Store) -> dict[str, int]:
    """Relationships per schema type (sorted by type)."""
    return dict(sorted((row["type"], int(row["n"])) for row in store.query(COUNT_TYPES)
                       if row["type"] in REL_PATTERNS))
