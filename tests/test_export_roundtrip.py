"""Exports of the seeds' graph: Turtle parses with two independent parsers, round-trips to the same graph, is
byte-identical for the same input; APOC JSON lines round-trip; exporting from the database equals exporting
from extraction."""

from __future__ import annotations

import json

import pyoxigraph
import pytest
import rdflib

from kg.export.apoc_json import graph_to_apoc_lines, read_apoc_json, write_apoc_json
from kg.export.rdf import graph_to_rdf, rdf_to_graph, serialize
from kg.model import Graph
from kg.store.falkor import FalkorDBStore
from kg.store.loader import load_graph
from kg.store.readback import read_graph

BASE = "https://kg.example.org/"


def test_turtle_is_deterministic_and_has_no_blank_nodes(seed_graph: Graph) -> None:
    first, second = serialize(seed_graph, BASE), serialize(seed_graph.model_copy(deep=True), BASE)
    assert first == second
    parsed = rdflib.Graph().parse(data=first, format="turtle")
    assert not any(isinstance(term, rdflib.BNode) for triple in parsed for term in triple)


def test_two_independent_parsers_agree(seed_graph: Graph) -> None:
    text = serialize(seed_graph, BASE)
    with_rdflib = len(rdflib.Graph().parse(data=text, format="turtle"))
    with_oxigraph = len(list(pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)))
    assert with_rdflib == with_oxigraph > 1000


def test_turtle_round_trips_to_the_same_graph(seed_graph: Graph) -> None:
    parsed = rdflib.Graph().parse(data=serialize(seed_graph, BASE), format="turtle")
    assert rdf_to_graph(parsed, BASE) == seed_graph.normalized()


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("jsonld", "json-ld"), ("ntriples", "nt"),
                                        ("xml", "xml")])
def test_other_serializations_are_isomorphic(seed_graph: Graph, fmt: str, parser: str) -> None:
    from rdflib.compare import isomorphic

    reference = graph_to_rdf(seed_graph, BASE)
    again = rdflib.Graph().parse(data=serialize(seed_graph, BASE, fmt), format=parser)
    assert isomorphic(reference, again)


def test_provenance_and_names(seed_graph: Graph) -> None:
    rdf = graph_to_rdf(seed_graph, BASE)
    shoigu = rdflib.URIRef(BASE + "resource/person/sergey-shoygu")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    assert str(rdf.value(shoigu, rdflib.RDFS.label)) == "Sergey Shoygu"
    assert {str(a) for a in rdf.objects(shoigu, skos.altLabel)} >= {"Shoigu", "Sergei Shoigu"}
    assert len(list(rdf.objects(shoigu, prov.wasDerivedFrom))) == 3


def test_sparql_officials_at_talks_matches_cypher_rows(seed_graph: Graph) -> None:
    rdf = graph_to_rdf(seed_graph, BASE)
    rows = rdf.query("""
        PREFIX kg: <https://kg.example.org/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?meeting ?official ?date WHERE {
          ?p kg:attended ?m . ?p rdfs:label ?official . ?m rdfs:label ?meeting .
          OPTIONAL { ?m kg:date ?date }
        } ORDER BY ?meeting ?official""")
    moscow = [(str(r.official)) for r in rows if r.date is not None and str(r.date) == "2021-05-28"]
    assert moscow == ["Sergey Shoygu", "Vagharshak Harutiunian"]


def test_apoc_json_lines_round_trip(seed_graph: Graph, tmp_path: object) -> None:
    lines = graph_to_apoc_lines(seed_graph)
    items = [json.loads(line) for line in lines]
    nodes = [i for i in items if i["type"] == "node"]
    rels = [i for i in items if i["type"] == "relationship"]
    assert len(nodes) == len(seed_graph.nodes) and len(rels) == len(seed_graph.relationships)
    assert {"id", "labels", "properties"} <= set(nodes[0]) and {"label", "start", "end"} <= set(rels[0])
    path = write_apoc_json(seed_graph, tmp_path / "graph.json")  # type: ignore[operator]
    assert read_apoc_json(path) == seed_graph.normalized()
    assert graph_to_apoc_lines(seed_graph) == lines


def test_export_from_database_equals_export_from_extraction(falkor_store: FalkorDBStore,
                                                           seed_graph: Graph) -> None:
    load_graph(falkor_store, seed_graph, batch_size=100)
    from_db = read_graph(falkor_store)
    assert serialize(from_db, BASE) == serialize(seed_graph, BASE)
    assert graph_to_apoc_lines(from_db) == graph_to_apoc_lines(seed_graph.normalized())


def test_articles_with_any_file_name_get_valid_iris(seed_graph: Graph) -> None:
    from kg.model import Article, Relationship

    graph = seed_graph.model_copy(deep=True)
    odd = "Talks in Moscow (2) — final <draft>"
    graph.add_node(Article(id=odd, name=odd, sources=[odd]))
    graph.add_relationship(Relationship(type="MENTIONS", start_label="Article", start=odd, end_label="Country",
                                        end="country:armenia", sources=[odd], count=1))
    text = serialize(graph, BASE)
    parsed = rdflib.Graph().parse(data=text, format="turtle")
    assert len(list(pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE))) == len(parsed)
    assert rdf_to_graph(parsed, BASE) == graph.normalized()
