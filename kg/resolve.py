"""Entity resolution across articles: one node per real-world thing, then the ``Graph``.

People are matched on a transliteration key (``kg/data/transliteration.yaml``): same key, or same first name and
a surname key within a small edit distance (Sargsyan / Sarkisian), or a bare surname that only one known person
carries.  Blocking on the surname's first letter keeps this linear in practice.  Everything else is keyed by
its canonical name.  Meetings and agreements get ids from what identifies them (date, participants, kind).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterable, Protocol

from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.types import UNRESOLVED, DocumentExtraction, Fact, LocalEntity
from kg.model import NODE_CLASSES, Graph, Relationship, fold_unidentified, make_id, slugify
from kg.names import name_key, surname_similarity

#: what a meeting of each kind is called in its name ("Shoygu-Tonoyan talks in Moscow")
MEETING_NOUNS = {"meet": "talks", "visit": "visit", "host": "talks", "negotiate": "negotiations",
                 "phone call": "phone call", "signing": "signing"}


@dataclass(frozen=True)
class KnownPerson:
    """A Person already in the database (for incremental loads)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass
class PersonCluster:
    key: str
    first: str | None
    surname: str
    names: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)
    countries: Counter[str] = field(default_factory=Counter)
    stored: tuple[str, str] | None = None  # (id, name) of the node already in the database

    def canonical(self) -> str:
        """The stored name, else the full-name spelling most articles use (ties: alphabetical): deterministic."""
        if self.stored is not None:
            return self.stored[1]
        full = [n for n in self.names if " " in n] or list(self.names)
        return sorted(full, key=lambda n: (-self.names[n], n))[0]


def name_parts(name: str) -> tuple[str, str | None, str]:
    """A person's name as the resolver compares it: (transliteration key, first-name key or None, surname key)."""
    key = name_key(name)
    parts = key.split()
    return key, (parts[0] if len(parts) > 1 else None), (parts[-1] if parts else key)


def resolution_block(name: str) -> str:
    """The block a person's name is resolved in (its surname key's first letter).  A name is only ever compared
    with the clusters of its own block, so blocks resolve independently: the grouping key of a distributed run."""
    return name_parts(name)[2][:1]


class PersonResolver:
    """Assigns every (article, local person name) to one cluster.  Names are compared only within their
    ``resolution_block``."""

    def __init__(self) -> None:
        self.clusters: list[PersonCluster] = []
        self.by_block: dict[str, list[PersonCluster]] = defaultdict(list)
        self.assigned: dict[tuple[str, str], PersonCluster] = {}

    def _match(self, first: str | None, surname: str) -> PersonCluster | None:
        threshold = surname_similarity()
        candidates = self.by_block[surname[:1]]
        exact = [c for c in candidates if c.surname == surname and (first is None or c.first in (None, first))]
        if len(exact) == 1 or (exact and first is not None):
            return exact[0]
        if first is None:
            return None
        close = [c for c in candidates if c.first == first
                 and SequenceMatcher(None, c.surname, surname).ratio() >= threshold]
        return close[0] if len(close) == 1 else None

    def seed(self, people: Iterable[KnownPerson]) -> None:
        """People already in the database: new mentions join them and keep their ids."""
        for person in people:
            key = name_key(person.name)
            parts = key.split()
            if not parts:
                continue
            cluster = PersonCluster(key, parts[0] if len(parts) > 1 else None, parts[-1],
                                    stored=(person.id, person.name))
            self.clusters.append(cluster)
            self.by_block[cluster.surname[:1]].append(cluster)

    def add(self, article: str, entity: LocalEntity) -> None:
        key, first, surname = name_parts(entity.name)
        cluster = self._match(first, surname)
        if cluster is None:
            cluster = PersonCluster(key, first, surname)
            self.clusters.append(cluster)
            self.by_block[surname[:1]].append(cluster)
        elif cluster.first is None and first is not None:
            cluster.first, cluster.key = first, key
        cluster.names[entity.name] += 1
        cluster.articles.add(article)
        country = entity.props.get("country")
        if isinstance(country, str):
            cluster.countries[country] += 1
        self.assigned[(article, entity.name)] = cluster

    def id_and_name(self, article: str, name: str) -> tuple[str, str]:
        cluster = self.assigned[(article, name)]
        if cluster.stored is not None:
            return cluster.stored
        canonical = cluster.canonical()
        return make_id("Person", canonical), canonical

    def country(self, article: str, name: str) -> str | None:
        cluster = self.assigned.get((article, name))
        if cluster is None or not cluster.countries:
            return None
        return cluster.countries.most_common(1)[0][0]


class People(Protocol):
    """Who each article's people are, once resolved: a ``PersonResolver`` that has seen the whole corpus, or its
    answers computed elsewhere (``kg.stream`` resolves a corpus before loading it chunk by chunk, ``kg.spark``
    per resolution block)."""

    def id_and_name(self, article: str, name: str) -> tuple[str, str]: ...

    def country(self, article: str, name: str) -> str | None: ...


def resolve_people(extractions: Iterable[DocumentExtraction],
                   known_people: Iterable[KnownPerson] = ()) -> PersonResolver:
    """Every Person mention of ``extractions`` (taken in article-id order) assigned to one cluster."""
    people = PersonResolver()
    people.seed(known_people)
    for ex in sorted(extractions, key=lambda e: e.article.id):
        for entity in ex.entities:
            if entity.label == "Person":
                people.add(ex.article.id, entity)
    return people


def build_graph(extractions: Iterable[DocumentExtraction], known_people: Iterable[KnownPerson] = (),
                people: People | None = None, graph: Graph | None = None) -> Graph:
    """Resolve all documents' entities into one node per thing and their facts into relationships.

    ``known_people`` (from the database, for incremental loads) are matched first, so a new article's "Shoigu"
    joins the stored Person instead of creating another.  ``people`` already resolved over a larger corpus
    (then ``known_people`` is not used) makes this the graph of one part of it with the ids of the whole;
    ``graph`` is filled instead of a new one.
    """
    extractions = sorted(extractions, key=lambda e: e.article.id)
    if people is None:
        people = resolve_people(extractions, known_people)
    graph = Graph() if graph is None else graph
    for ex in extractions:
        _add_document(graph, ex, people)
    return graph


def _add_document(graph: Graph, ex: DocumentExtraction, people: People) -> None:
    article_id = ex.article.id
    graph.add_node(ex.article.model_copy(deep=True))
    ids: dict[tuple[str, str], tuple[str, str]] = {}  # (label, local key) → (id, name)
    for entity in ex.entities:
        if entity.label == "Person":
            ids[("Person", entity.key)] = people.id_and_name(article_id, entity.name)
        elif entity.label not in ("Meeting", "Agreement"):
            ids[(entity.label, entity.key)] = (make_id(entity.label, entity.name), entity.name)
    for entity in ex.entities:  # events are named after the things they join, so they come second
        if entity.label == "Meeting":
            ids[("Meeting", entity.key)] = _meeting_identity(entity, ex, ids)
        elif entity.label == "Agreement":
            ids[("Agreement", entity.key)] = _agreement_identity(entity, ex, ids)
    for entity in ex.entities:
        node_id, name = ids[(entity.label, entity.key)]
        props = {k: v for k, v in entity.props.items() if k in NODE_CLASSES[entity.label].model_fields}
        if entity.label == "Meeting" and entity.props.get("place"):
            props["place"] = entity.props["place"]
        aliases = sorted({a for a in (*entity.aliases, entity.name) if a != name})
        node = NODE_CLASSES[entity.label](id=node_id, name=name, aliases=aliases, sources=[article_id], **props)
        graph.add_node(node)
        graph.add_relationship(Relationship(type="MENTIONS", start_label="Article", start=article_id,
                                            end_label=entity.label, end=node_id, sources=[article_id],
                                            confidence=1.0, count=max(entity.mentions, 1)))
    stated = [rel for fact in ex.facts if (rel := _relationship(fact, article_id, ids, people, graph))]
    for rel in fold_unidentified(stated):  # "six Tor-M2KM …", then "the Tor-M2KM systems …": one delivery
        rel.first_seen = rel.last_seen = ex.article.date  # facts in time: when the article stating it appeared
        graph.add_relationship(rel)


def _relationship(fact: Fact, article_id: str, ids: dict[tuple[str, str], tuple[str, str]],
                  people: People, graph: Graph) -> Relationship | None:
    start = ids.get((fact.start_label, fact.start))
    end_key = fact.end
    if end_key.startswith(UNRESOLVED):
        country = people.country(article_id, fact.start)
        if country is None:
            return None
        end_key = _lexicon().office(fact.end_label, end_key[len(UNRESOLVED):], country)
        end = (make_id(fact.end_label, end_key), end_key)
        cls = NODE_CLASSES[fact.end_label]  # added or merged: this article names it too
        extra = {"country": country} if fact.end_label == "Ministry" else {}
        graph.add_node(cls(id=end[0], name=end_key, sources=[article_id], **extra))
    else:
        end = ids.get((fact.end_label, end_key))
    if start is None or end is None:
        return None
    return Relationship(type=fact.type, start_label=fact.start_label, start=start[0], end_label=fact.end_label,
                        end=end[0], sources=[article_id], evidence=list(fact.evidence), confidence=fact.confidence,
                        title=fact.props.get("title"), quantity=fact.props.get("quantity"),
                        supplier=fact.props.get("supplier"))


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    """The lexicon, for naming offices whose country only another article gave ("?Defense Ministry")."""
    return load_lexicon()


def _surname(name: str) -> str:
    return name.split()[-1]


def _meeting_identity(entity: LocalEntity, ex: DocumentExtraction,
                      ids: dict[tuple[str, str], tuple[str, str]]) -> tuple[str, str]:
    """Id and name of a meeting: "Shoygu-Tonoyan talks in Moscow", "Patrushev's visit to Yerevan".  The id holds
    its date when known (the same talks reported by two articles are one node), else the article and the place
    (talks in Yerevan and, later, in Moscow are two)."""
    participants = sorted(ids[("Person", p)][1] for p in entity.props.get("participants", [])
                          if ("Person", p) in ids)
    kind = str(entity.props.get("kind") or "meet")
    date = entity.props.get("date")
    place = entity.props.get("place")
    anchor = str(date) if date else f"{ex.article.id}-{place}" if place else ex.article.id
    surnames = [_surname(p) for p in participants]
    node_id = f"meeting:{slugify(anchor)}-{slugify('-'.join(surnames))}-{slugify(kind)}"
    noun = MEETING_NOUNS.get(kind, kind)
    body = entity.props.get("body")
    if kind == "visit" and len(surnames) == 1:
        name = f"{surnames[0]}'s visit" + (f" to {place}" if place else "")
    elif body or (entity.props.get("cameo") == "044" and len(surnames) > 3):
        # "Eurasian Economic Union summit in Yerevan": a summit by its body, not a list of its leaders
        noun = str(entity.props.get("noun") or "summit")
        name = f"{body} {noun}" if body else noun[:1].upper() + noun[1:]
        name += f" in {place}" if place else ""
    else:
        who = "-".join(surnames)
        name = f"{who} {noun}" if who else noun[:1].upper() + noun[1:]
        name += f" in {place}" if place else ""
    return node_id, name


def _agreement_identity(entity: LocalEntity, ex: DocumentExtraction,
                        ids: dict[tuple[str, str], tuple[str, str]]) -> tuple[str, str]:
    """Id and name of an agreement: the article's own phrase, led by its parties' adjectives when the phrase does
    not name them ("Russian-Armenian agreement on joint arms production and repair"); a lexicon agreement keeps
    its name.  The id holds its date when known, so articles that date it alike share one node."""
    parties = sorted({ids[(f.start_label, f.start)][1] for f in ex.facts
                      if f.type == "PARTY_TO" and f.end == entity.key and f.start_label == "Country"
                      and (f.start_label, f.start) in ids})
    date = entity.props.get("date")
    described = entity.name
    lex = _lexicon()
    names_a_country = any(word.strip("’'s") in lex.adjective_to_country or (("Country", word) in lex.entries)
                          for word in re.split(r"[\s-]+", described))
    if parties and not entity.props.get("known") and not names_a_country:
        described = f"{'-'.join(lex.country_adjective.get(p, p) for p in parties)} {described}"
    anchor = str(date) if date else ex.article.id
    return f"agreement:{slugify(anchor)}-{slugify(described)}", described
