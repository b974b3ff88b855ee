"""The shipped ontology and SHACL shapes: complete, current, and the seeds' export conforms; a broken graph fails."""

from __future__ import annotations

import rdflib
from rdflib import OWL, RDF, RDFS
from rdflib.compare import isomorphic

from kg.export.rdf import _camel, graph_to_rdf, namespaces
from kg.export.vocabulary import load_ontology, load_shapes, ontology, shapes, validate
from kg.model import LABELS, REL_PATTERNS, Graph

BASE = "https://kg.example.org/"
KG, RES = namespaces(BASE)


def test_shipped_files_are_what_the_model_generates() -> None:
    assert isomorphic(load_ontology(), ontology())
    assert isomorphic(load_shapes(), shapes())


def test_ontology_declares_every_class_and_property() -> None:
    onto = load_ontology()
    for label in LABELS:
        assert (KG[label], RDF.type, OWL.Class) in onto
        assert onto.value(KG[label], RDFS.comment) is not None
    for rel_type in REL_PATTERNS:
        prop = KG[_camel(rel_type)]
        assert (prop, RDF.type, OWL.ObjectProperty) in onto
        assert onto.value(prop, RDFS.domain) is not None and onto.value(prop, RDFS.range) is not None
    assert (KG.Meeting, RDFS.subClassOf, rdflib.URIRef("https://schema.org/Event")) in onto


def test_seed_export_conforms(seed_graph: Graph) -> None:
    conforms, report = validate(graph_to_rdf(seed_graph, BASE))
    assert conforms, report


def test_broken_graph_fails_with_a_readable_report(seed_graph: Graph) -> None:
    rdf = graph_to_rdf(seed_graph, BASE)
    shoigu = RES["person/sergey-shoygu"]
    rdf.remove((shoigu, RDFS.label, None))  # a missing name
    rdf.add((shoigu, KG.attended, RES["country/russia"]))  # a person attending a country: wrong range
    conforms, report = validate(rdf)
    assert not conforms
    assert "sergey-shoygu" in report
    assert "rdfs:label" in report and "MinCountConstraintComponent" in report
    assert "ClassConstraintComponent" in report and "attended" in report
