"""APOC JSON export: the line format of ``apoc.export.json`` (one JSON object per line), read back here by
``read_apoc_json`` and into Neo4j by APOC after ``cypher/schema.cypher``::

    CALL apoc.import.json("file:///graph.json", {importIdName: "id"})

Each node line's ``id`` is the node's kg id (``person:sergey-shoygu``), not a position: APOC stores a line's
``id`` under ``importIdName`` and needs a uniqueness constraint on it for every label.  With
``importIdName: "id"`` that is kg's own unique ``id``, so the import needs no extra constraints and leaves no
``neo4jImportId`` property behind: the graph equals the one ``kg load`` writes.  (With APOC's default config,
Neo4j 5.26 refuses: "Missing constraint required for import … REQUIRE n.neo4jImportId IS UNIQUE".)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from kg.model import REL_PROP_KEYS, Graph, Relationship, _Node, node_from_properties


def graph_to_apoc_lines(graph: Graph) -> list[str]:
    """Nodes sorted by (label, id), then relationships by (type, start, end); a node line's ``id`` is its kg id,
    a relationship line's its position."""
    return list(apoc_lines(graph.sorted_nodes(), graph.sorted_relationships()))


def apoc_lines(nodes: Iterable[_Node], relationships: Iterable[Relationship]) -> Iterator[str]:
    """The lines of ``nodes`` and then ``relationships``, taken in the order given (``kg.export.stream`` gives
    them a page at a time from a database)."""
    for node in nodes:
        yield _dump({"type": "node", "id": node.id, "labels": [node.label], "properties": node.properties()})
    for number, rel in enumerate(relationships):
        yield _dump({
            "type": "relationship", "id": str(number), "label": rel.type,
            "start": {"id": rel.start, "labels": [rel.start_label]},
            "end": {"id": rel.end, "labels": [rel.end_label]},
            "properties": rel.properties(),
        })


def _dump(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write_apoc_json(graph: Graph, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(graph_to_apoc_lines(graph)) + "\n", encoding="utf-8")
    return path


def read_apoc_json(path: Path) -> Graph:
    graph = Graph()
    by_position: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if item["type"] == "node":
            node = node_from_properties(item["labels"][0], item["properties"])
            by_position[item["id"]] = node.id
            graph.nodes[node.id] = node  # type: ignore[assignment]
        else:
            props = {k: v for k, v in item["properties"].items() if k in REL_PROP_KEYS}
            rel = Relationship(type=item["label"], start_label=item["start"]["labels"][0],
                               start=by_position[item["start"]["id"]], end_label=item["end"]["labels"][0],
                               end=by_position[item["end"]["id"]], **props)
            graph.relationships[rel.key] = rel
    return graph.normalized()
