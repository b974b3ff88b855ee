"""The RDF vocabulary of the export, generated from ``kg.model``: the OWL ontology and the SHACL shapes.

``python -m kg.export.vocabulary`` rewrites ``kg/export/ontology.ttl`` and ``kg/export/shapes.ttl``; a test keeps
the shipped files equal to what the model generates.  Classes align with schema.org (Person, Organization,
Place, Event, NewsArticle) and PROV-O; names are ``rdfs:label``, aliases ``skos:altLabel``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib import RDF, RDFS, XSD, BNode, Graph as RDFGraph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, SH, SKOS

from kg.export.rdf import DATE_PROPERTIES, SCHEMA, _camel, namespaces
from kg.model import NODE_CLASSES, REL_PATTERNS

DEFAULT_BASE = "https://kg.example.org/"

CLASS_DOCS: dict[str, tuple[str, list[URIRef]]] = {
    "Person": ("A named individual.", [SCHEMA.Person]),
    "Ministry": ("A government ministry.", [SCHEMA.GovernmentOrganization, SCHEMA.Organization]),
    "Organization": ("An alliance, agency, council, military staff or service, company or media outlet.",
                     [SCHEMA.Organization]),
    "Country": ("A state acting or acted upon.", [SCHEMA.Country, SCHEMA.Place]),
    "Place": ("A city, region or territory.", [SCHEMA.Place]),
    "Base": ("A military base or facility.", [SCHEMA.Place]),
    "Agreement": ("An agreement, memorandum, program, contract, loan or treaty.", [SCHEMA.CreativeWork]),
    "Weapon": ("A named weapon system, or a category said to be supplied or repaired.", [SCHEMA.Product]),
    "Meeting": ("Talks, a visit, a meeting, negotiations or a phone call.", [SCHEMA.Event]),
    "Article": ("A source document.", [SCHEMA.NewsArticle, PROV.Entity]),
}
REL_DOCS: dict[str, str] = {
    "HOLDS_POSITION": "Office held, as the article states it.",
    "ATTENDED": "Took part in talks, a visit, a meeting or a call.",
    "HELD_IN": "Where a meeting took place.",
    "VISITED": "A visit the article reports.",
    "PARTY_TO": "A party to an agreement.",
    "SIGNED": "Signed or concluded an agreement.",
    "COVERS": "What an agreement is about.",
    "LOCATED_IN": "Where a base is.",
    "OPERATES": "Whose base it is.",
    "SUPPLIED_TO": "Delivered, sold or promised to.",
    "SUPPLIED_BY": "Who supplies a weapon.",
    "PART_OF": "Institutional hierarchy.",
    "MEMBER_OF": "Membership of an alliance or union.",
    "MENTIONS": "The lexical layer: which article names what.",
}
PROPERTY_RANGES: dict[str, URIRef] = {"quantity": XSD.integer, "count": XSD.integer, "confidence": XSD.decimal}
SKIPPED_FIELDS = {"label", "id", "name", "aliases", "sources", "url"}  # an Article's url is schema:url


def _union(graph: RDFGraph, members: list[URIRef]) -> URIRef | BNode:
    if len(members) == 1:
        return members[0]
    node = BNode()
    items = BNode()
    Collection(graph, items, members)
    graph.add((node, RDF.type, OWL.Class))
    graph.add((node, OWL.unionOf, items))
    return node


def ontology(base_iri: str = DEFAULT_BASE) -> RDFGraph:
    kg, _ = namespaces(base_iri)
    g = RDFGraph()
    for prefix, ns in (("kg", kg), ("schema", SCHEMA), ("prov", PROV), ("skos", SKOS), ("dcterms", DCTERMS),
                       ("owl", OWL)):
        g.bind(prefix, ns)
    onto = URIRef(str(kg).rstrip("#"))
    g.add((onto, RDF.type, OWL.Ontology))
    g.add((onto, RDFS.label, Literal("kg: Russian–Armenian defense cooperation knowledge graph")))
    g.add((onto, RDFS.comment, Literal("Classes and properties of the kg export; generated from kg/model.py.")))
    for label, (comment, supers) in CLASS_DOCS.items():
        g.add((kg[label], RDF.type, OWL.Class))
        g.add((kg[label], RDFS.label, Literal(label)))
        g.add((kg[label], RDFS.comment, Literal(comment)))
        for sup in supers:
            g.add((kg[label], RDFS.subClassOf, sup))
    for rel_type, (starts, ends) in REL_PATTERNS.items():
        prop = kg[_camel(rel_type)]
        g.add((prop, RDF.type, OWL.ObjectProperty))
        g.add((prop, RDFS.label, Literal(rel_type)))
        g.add((prop, RDFS.comment, Literal(REL_DOCS[rel_type])))
        g.add((prop, RDFS.domain, _union(g, [kg[s] for s in sorted(starts)])))
        g.add((prop, RDFS.range, _union(g, [kg[e] for e in sorted(ends)])))
    domains: dict[str, set[str]] = {}
    for label, cls in NODE_CLASSES.items():
        for name in cls.model_fields:
            if name not in SKIPPED_FIELDS:
                domains.setdefault(name, set()).add(label)
    for name in ("evidence", "confidence", "title", "quantity", "supplier", "count", "first_seen", "last_seen"):
        domains.setdefault(name, set()).add("Statement")
    g.add((kg.id, RDF.type, OWL.DatatypeProperty))
    g.add((kg.id, RDFS.label, Literal("id")))
    g.add((kg.id, RDFS.comment, Literal("The node's stable key in the property graph (the MERGE key).")))
    g.add((kg.id, RDFS.range, XSD.string))
    for name, labels in sorted(domains.items()):
        prop = kg[name]
        g.add((prop, RDF.type, OWL.DatatypeProperty))
        g.add((prop, RDFS.label, Literal(name)))
        where = "relationship statements" if labels == {"Statement"} else ", ".join(sorted(labels))
        g.add((prop, RDFS.comment, Literal(f"The {name} property of {where}.")))
        g.add((prop, RDFS.domain, _union(g, [RDF.Statement if lab == "Statement" else kg[lab]
                                             for lab in sorted(labels)])))
        g.add((prop, RDFS.range, PROPERTY_RANGES.get(name, XSD.string if name not in DATE_PROPERTIES
                                                     else RDFS.Literal)))
    return g


def shapes(base_iri: str = DEFAULT_BASE) -> RDFGraph:
    """SHACL: every class has one rdfs:label and one kg:id; non-articles derive from an Article; each object
    property points at the classes SCHEMA.md allows; reified statements carry a confidence in [0, 1]."""
    kg, _ = namespaces(base_iri)
    g = RDFGraph()
    for prefix, ns in (("kg", kg), ("sh", SH), ("prov", PROV), ("xsd", XSD)):
        g.bind(prefix, ns)
    shape_ns = Namespace(str(kg).rstrip("#") + "/shapes#")
    for label in NODE_CLASSES:
        shape = shape_ns[label + "Shape"]
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetClass, kg[label]))
        for path, datatype in ((RDFS.label, XSD.string), (kg.id, XSD.string)):
            prop = BNode()
            g.add((shape, SH.property, prop))
            g.add((prop, SH.path, path))
            g.add((prop, SH.datatype, datatype))
            g.add((prop, SH.minCount, Literal(1)))
            g.add((prop, SH.maxCount, Literal(1)))
        if label != "Article":
            prop = BNode()
            g.add((shape, SH.property, prop))
            g.add((prop, SH.path, PROV.wasDerivedFrom))
            g.add((prop, SH["class"], kg.Article))
            g.add((prop, SH.minCount, Literal(1)))
        for rel_type, (starts, ends) in REL_PATTERNS.items():
            if label not in starts:
                continue
            prop = BNode()
            g.add((shape, SH.property, prop))
            g.add((prop, SH.path, kg[_camel(rel_type)]))
            if len(ends) == 1:
                g.add((prop, SH["class"], kg[next(iter(ends))]))
            else:
                options = []
                for end in sorted(ends):
                    option = BNode()
                    g.add((option, SH["class"], kg[end]))
                    options.append(option)
                items = BNode()
                Collection(g, items, options)
                g.add((prop, SH["or"], items))
    statement = shape_ns["StatementShape"]
    g.add((statement, RDF.type, SH.NodeShape))
    g.add((statement, SH.targetClass, RDF.Statement))
    for path in (RDF.subject, RDF.predicate, RDF.object):
        prop = BNode()
        g.add((statement, SH.property, prop))
        g.add((prop, SH.path, path))
        g.add((prop, SH.minCount, Literal(1)))
        g.add((prop, SH.maxCount, Literal(1)))
    prop = BNode()
    g.add((statement, SH.property, prop))
    g.add((prop, SH.path, kg.confidence))
    g.add((prop, SH.minInclusive, Literal(0)))
    g.add((prop, SH.maxInclusive, Literal(1)))
    g.add((prop, SH.maxCount, Literal(1)))
    return g


def load_ontology() -> RDFGraph:
    return RDFGraph().parse(data=resources.files("kg.export").joinpath("ontology.ttl").read_text("utf-8"),
                            format="turtle")


def load_shapes() -> RDFGraph:
    return RDFGraph().parse(data=resources.files("kg.export").joinpath("shapes.ttl").read_text("utf-8"),
                            format="turtle")


def validate(data: RDFGraph) -> tuple[bool, str]:
    """SHACL-validate an export (with the ontology for subclass reasoning); (conforms, readable report)."""
    import pyshacl  # a dev dependency: validation is for tests and curious users

    conforms, _, report = pyshacl.validate(data, shacl_graph=load_shapes(), ont_graph=load_ontology(),
                                           inference="none", advanced=True)
    return bool(conforms), str(report)


def main() -> None:
    here = Path(__file__).resolve().parent
    (here / "ontology.ttl").write_text(ontology().serialize(format="turtle"), encoding="utf-8")
    (here / "shapes.ttl").write_text(shapes().serialize(format="turtle"), encoding="utf-8")


if __name__ == "__main__":
    main()

