"""The dialect boundary (one test per engine side), database trouble, and SPARQL answering like Cypher."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from kg.export.rdf import graph_to_rdf
from kg.model import LABELS, Graph
from kg.queries import load_queries, run_query
from kg.store.base import StoreError
from kg.store.dialect import apply_falkordb_schema, neo4j_schema
from kg.store.embedded import EmbeddedServer
from kg.store.falkor import FalkorDBStore
from kg.store.loader import load_graph


def test_neo4j_side_uses_constraints_if_not_exists() -> None:
    statements = neo4j_schema()
    constraints = [s for s in statements if s.startswith("CREATE CONSTRAINT")]
    assert len(constraints) == len(LABELS)
    assert all("IF NOT EXISTS" in s and "REQUIRE n.id IS UNIQUE" in s for s in constraints)


def test_falkordb_side_creates_index_and_unique_constraint_twice_safely(falkor_store: FalkorDBStore) -> None:
    graph = falkor_store._graph  # the FalkorDB graph handle the dialect works on
    apply_falkordb_schema(graph, LABELS)
    apply_falkordb_schema(graph, LABELS)  # not idempotent natively: the dialect tolerates "already exists"
    constraints = graph.list_constraints()
    assert any("Person" in str(c) and "id" in str(c) for c in constraints)
    falkor_store.query("CREATE (:Person {id: 'person:x', name: 'X'})")
    with pytest.raises(StoreError):
        falkor_store.query("CREATE (:Person {id: 'person:x', name: 'Y'})")


def test_database_stopped_mid_run_is_a_clear_error(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path).start()
    pid = server.pid
    assert server.port is not None and pid is not None
    store = FalkorDBStore(server.host, server.port, server.password, "kg")
    store.query("CREATE (:Country {id: 'country:armenia', name: 'Armenia'})")
    os.kill(pid, signal.SIGKILL)
    server.stop()
    with pytest.raises(StoreError) as caught:
        store.query("MATCH (n) RETURN count(n) AS n")
    message = str(caught.value)
    assert "\n" not in message and "cannot reach FalkorDB" in message
    store.close()
    with EmbeddedServer(tmp_path) as again:  # after the fix (restart), the data is there and work goes on
        assert again.port is not None
        with FalkorDBStore(again.host, again.port, again.password, "kg") as revived:
            assert revived.query("MATCH (n) RETURN count(n) AS n")[0]["n"] == 1


def test_sparql_over_turtle_gives_the_cypher_rows(falkor_store: FalkorDBStore, seed_graph: Graph) -> None:
    load_graph(falkor_store, seed_graph, batch_size=100)
    cypher = {(row["meeting"], official) for row in run_query(falkor_store, load_queries()["officials_at_talks"])
              for official in row["officials"]}
    rdf = graph_to_rdf(seed_graph, "https://kg.example.org/")
    sparql = {(str(r.meeting), str(r.official)) for r in rdf.query("""
        PREFIX kg: <https://kg.example.org/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?meeting ?official WHERE { ?p kg:attended ?m . ?p rdfs:label ?official . ?m rdfs:label ?meeting }""")}
    assert cypher == sparql and len(cypher) > 20
