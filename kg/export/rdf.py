"""Turtle / JSON-LD / N-Triples export with rdflib, and the way back.

IRIs are minted from node ids under a configurable base (``<base>resource/person/sergey-shoygu``); classes and
properties live in ``<base>ontology#`` (prefix ``kg:``).  ``rdfs:label`` carries ``name``, ``skos:altLabel`` the
aliases, ``prov:wasDerivedFrom`` the source articles.  An Article carries its metadata in Dublin Core
(``dcterms:title``, ``dcterms:issued`` the publication date, ``dcterms:creator`` the author, ``dcterms:publisher``
the site) and links to the page it came from with ``schema:url``.  Relationship properties (title, quantity, evidence,
confidence, sources) are kept with standard RDF reification (an ``rdf:Statement`` per relationship, with a
deterministic IRI) rather than RDF-star: every RDF tool and rdflib's parsers read reification, whereas RDF-star
support in rdflib is partial.
"""

from __future__ import annotations

import hashlib
from collections.abc import Container, Iterator
from pathlib import Path
from urllib.parse import quote
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph as RDFGraph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from kg.export.turtle import Triple, ntriples_text, turtle_text
from kg.model import NODE_CLASSES, REL_PROP_KEYS, Graph, Relationship, _Node, node_from_properties

SCHEMA = Namespace("https://schema.org/")
FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "ntriples": "nt", "xml": "xml"}


def namespaces(base_iri: str) -> tuple[Namespace, Namespace]:
    base = base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"
    return Namespace(base + "ontology#"), Namespace(base + "resource/")


def _camel(rel_type: str) -> str:
    head, *rest = rel_type.lower().split("_")
    return head + "".join(part.title() for part in rest)


def node_iri(res: Namespace, node_id: str, label: str) -> URIRef:
    """``<res>person/sergey-shoygu``; characters an IRI may not hold (an article file named ``Talks (2).txt``, an
    article id from a URL) are percent-encoded.  Article ids have no label prefix: the whole id is used."""
    local = node_id.split(":", 1)[1] if ":" in node_id and label != "Article" else node_id
    return res[f"{label.lower()}/{quote(local, safe='')}"]


#: Article metadata in Dublin Core terms (``url`` is written as ``schema:url``, an IRI)
ARTICLE_TERMS = {"title": DCTERMS.title, "date": DCTERMS.issued, "author": DCTERMS.creator,
                 "source": DCTERMS.publisher}
DATE_PROPERTIES = ("date", "first_seen", "last_seen")


_IRI_ESCAPES = str.maketrans({c: f"%{ord(c):02X}" for c in '<>"{}|^`\\' + "".join(map(chr, range(0x21)))})


def url_iri(url: str) -> URIRef:
    """A URL as an IRI: only the characters an IRI may not hold are percent-encoded (non-ASCII letters stay)."""
    return URIRef(url.translate(_IRI_ESCAPES))


def _literal(key: str, value: Any) -> Literal:
    if key in DATE_PROPERTIES and isinstance(value, str):
        datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(value))
        return Literal(value, datatype=datatype)
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(repr(value), datatype=XSD.decimal)
    return Literal(value)


def prefixes(base_iri: str) -> dict[str, str]:
    """The prefixes exports declare: this graph's vocabulary and resources, and the standard vocabularies."""
    kg, res = namespaces(base_iri)
    return {"kg": str(kg), "res": str(res), "schema": str(SCHEMA), "prov": str(PROV), "skos": str(SKOS),
            "dcterms": str(DCTERMS), "owl": str(OWL), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD)}


def graph_to_rdf(graph: Graph, base_iri: str) -> RDFGraph:
    """``graph`` as an in-memory rdflib graph (for SPARQL, SHACL, JSON-LD and RDF/XML)."""
    rdf = RDFGraph()
    for prefix, namespace in prefixes(base_iri).items():
        rdf.bind(prefix, Namespace(namespace))
    for triple in rdf_triples(graph, base_iri):
        rdf.add(triple)
    return rdf


def rdf_triples(graph: Graph, base_iri: str) -> Iterator[Triple]:
    """Every triple of ``graph``'s RDF form, one node and one relationship at a time."""
    kg, res = namespaces(base_iri)
    articles = {n.id for n in graph.nodes_by_label("Article")}
    for node in graph.sorted_nodes():
        yield from node_triples(node, kg, res, articles)
    for rel in graph.sorted_relationships():
        yield from relationship_triples(rel, kg, res, articles)


def node_triples(node: _Node, kg: Namespace, res: Namespace, articles: Container[str]) -> Iterator[Triple]:
    """The triples of one node (``articles``: the ids of the graph's Article nodes, which sources point to)."""
    subject = node_iri(res, node.id, node.label)
    yield (subject, RDF.type, kg[node.label])
    yield (subject, RDFS.label, Literal(node.name))
    yield (subject, kg.id, Literal(node.id))
    for alias in node.aliases:
        yield (subject, SKOS.altLabel, Literal(alias))
    for source in node.sources:
        if node.label != "Article" and source in articles:
            yield (subject, PROV.wasDerivedFrom, node_iri(res, source, "Article"))
    for key, value in node.properties().items():
        if key in ("id", "name", "aliases", "sources"):
            continue
        if node.label == "Article" and key in ARTICLE_TERMS:
            yield (subject, ARTICLE_TERMS[key], _literal(key, value))
        elif node.label == "Article" and key == "url":
            yield (subject, SCHEMA.url, url_iri(value))
        else:
            for item in value if isinstance(value, list) else [value]:
                yield (subject, kg[key], _literal(key, item))


def relationship_triples(rel: Relationship, kg: Namespace, res: Namespace,
                         articles: Container[str]) -> Iterator[Triple]:
    """The plain triple of one relationship (its subject is the start node), then its reified statement."""
    predicate = kg[_camel(rel.type)]
    s, o = node_iri(res, rel.start, rel.start_label), node_iri(res, rel.end, rel.end_label)
    yield (s, predicate, o)
    digest = hashlib.sha1(rel.key.encode("utf-8")).hexdigest()[:16]
    statement = res[f"statement/{rel.type.lower()}/{digest}"]
    yield (statement, RDF.type, RDF.Statement)
    yield (statement, RDF.subject, s)
    yield (statement, RDF.predicate, predicate)
    yield (statement, RDF.object, o)
    for key, value in rel.properties().items():
        if key == "sources":
            for source in value:
                if source in articles:
                    yield (statement, PROV.wasDerivedFrom, node_iri(res, source, "Article"))
        else:
            for item in value if isinstance(value, list) else [value]:
                yield (statement, kg[key], _literal(key, item))


def serialize(graph: Graph, base_iri: str, fmt: str = "turtle") -> str:
    """Deterministic text: the same graph gives byte-identical output (subjects, predicates, objects, N-Triples
    lines sorted).  Turtle and N-Triples are written straight from the triples (``kg.export.turtle``); JSON-LD and
    RDF/XML go through rdflib's serializers."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r} ({', '.join(FORMATS)})")
    if fmt == "turtle":
        return turtle_text(rdf_triples(graph, base_iri), prefixes(base_iri))
    if fmt == "ntriples":
        return ntriples_text(rdf_triples(graph, base_iri))
    return graph_to_rdf(graph, base_iri).serialize(format=FORMATS[fmt])


def write_rdf(graph: Graph, path: Path, base_iri: str, fmt: str = "turtle") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(serialize(graph, base_iri, fmt), encoding="utf-8")
    return path


def rdf_to_graph(rdf: RDFGraph, base_iri: str) -> Graph:
    """The inverse of ``graph_to_rdf``: typed nodes and relationships with their properties."""
    kg, res = namespaces(base_iri)
    graph = Graph()
    ids: dict[URIRef, str] = {}
    labels: dict[URIRef, str] = {}
    for subject, _, cls in rdf.triples((None, RDF.type, None)):
        label = str(cls).removeprefix(str(kg))
        if label not in NODE_CLASSES:
            continue
        node_id = str(rdf.value(subject, kg.id))
        ids[subject], labels[subject] = node_id, label
    for subject, node_id in ids.items():
        label = labels[subject]
        props: dict[str, Any] = {"id": node_id, "name": str(rdf.value(subject, RDFS.label)),
                                 "aliases": sorted(str(a) for a in rdf.objects(subject, SKOS.altLabel))}
        props["sources"] = sorted(ids[s] for s in rdf.objects(subject, PROV.wasDerivedFrom) if s in ids)
        if label == "Article":
            props["sources"] = [node_id]
            metadata = {key: rdf.value(subject, term) for key, term in ARTICLE_TERMS.items()}
            metadata["url"] = rdf.value(subject, SCHEMA.url)
            props.update({k: str(v) for k, v in metadata.items() if v is not None})
        for key, field in NODE_CLASSES[label].model_fields.items():
            if key in props or key == "label":
                continue
            values = [v.toPython() for v in rdf.objects(subject, kg[key])]
            if values:
                props[key] = sorted(str(v) for v in values) if field.annotation == list[str] else str(values[0])
        graph.nodes[node_id] = node_from_properties(label, props)  # type: ignore[assignment]
    for rel_type in ("HOLDS_POSITION", "ATTENDED", "HELD_IN", "VISITED", "PARTY_TO", "SIGNED", "COVERS", "LOCATED_IN",
                     "OPERATES", "SUPPLIED_TO", "SUPPLIED_BY", "PART_OF", "MEMBER_OF", "MENTIONS"):
        predicate = kg[_camel(rel_type)]
        for statement in rdf.subjects(RDF.predicate, predicate):
            s, o = rdf.value(statement, RDF.subject), rdf.value(statement, RDF.object)
            if s not in ids or o not in ids:
                continue
            props = {}
            for key in REL_PROP_KEYS:
                if key == "sources":
                    props[key] = sorted(ids[a] for a in rdf.objects(statement, PROV.wasDerivedFrom) if a in ids)
                    continue
                values = [v.toPython() for v in rdf.objects(statement, kg[key])]
                if not values:
                    continue
                if key == "evidence":
                    props[key] = sorted(str(v) for v in values)
                elif key in DATE_PROPERTIES:
                    props[key] = str(rdf.value(statement, kg[key]))
                elif key in ("quantity", "count"):
                    props[key] = int(values[0])
                elif key == "confidence":
                    props[key] = float(values[0])
                else:
                    props[key] = str(values[0])
            rel = Relationship(type=rel_type, start_label=labels[s], start=ids[s], end_label=labels[o], end=ids[o],
                               **props)
            graph.relationships[rel.key] = rel
    return graph.normalized()
