"""The pure parts of the Spark job: plain functions over plain data, so executors run them and tests call them.

``kg.resolve.build_graph`` resolves people in article-id order, then adds each article's nodes and relationships
to one graph.  Distributed, the same result comes from three groupings:

1. **people by resolution block** (``kg.resolve.resolution_block``: a name is only compared within its block):
   each block's mentions, with the stored people of that block first, go through a ``PersonResolver`` in
   article-id order, which gives every (article, name) the cluster, id and country the whole corpus gives it;
2. **an article's contributions**: with its people known, an article yields exactly the ``add_node`` /
   ``add_relationship`` calls ``build_graph`` makes for it, in order (``Contributions`` records them);
3. **by node id and relationship key**: the contributions to one id, folded in (article id, call) order into an
   empty ``Graph``, make the node ``build_graph`` makes (a merge only ever reads the node it merges into).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import PrivateAttr

from kg.extract.types import DocumentExtraction, LocalEntity
from kg.model import REL_PATTERNS, Graph, Relationship, _Node
from kg.resolve import KnownPerson, PersonResolver, build_graph, resolution_block
from kg.store.pages import graph_key

#: (article id, call number, node or relationship): one add_node / add_relationship call of build_graph
Contribution = tuple[str, int, Any]
#: what a block's resolution says of one (article, name): (person id, canonical name, country or None)
Resolved = tuple[str, str, str | None]


def person_mentions(ex: DocumentExtraction) -> Iterator[tuple[str, tuple[str, int, LocalEntity]]]:
    """(block, (article id, position, entity)) for every Person entity of one article."""
    for position, entity in enumerate(ex.entities):
        if entity.label == "Person":
            yield resolution_block(entity.name), (ex.article.id, position, entity)


def known_by_block(known: Iterable[KnownPerson]) -> dict[str, list[KnownPerson]]:
    """The stored people in their blocks, in the order given (the order ``PersonResolver.seed`` sees them)."""
    blocks: dict[str, list[KnownPerson]] = {}
    for person in known:
        blocks.setdefault(resolution_block(person.name), []).append(person)
    return blocks


def resolve_block(known: list[KnownPerson],
                  mentions: Iterable[tuple[str, int, LocalEntity]]) -> Iterator[tuple[str, tuple[str, Resolved]]]:
    """(article id, (local name, (id, canonical name, country))) for every mention of one block."""
    resolver = PersonResolver()
    resolver.seed(known)
    ordered = sorted(mentions, key=lambda m: (m[0], m[1]))
    for article, _, entity in ordered:
        resolver.add(article, entity)
    for article, _, entity in ordered:
        node_id, name = resolver.id_and_name(article, entity.name)
        yield article, (entity.name, (node_id, name, resolver.country(article, entity.name)))


class ResolvedPeople:
    """``kg.resolve.People`` for one article, from its blocks' answers."""

    def __init__(self, article: str, answers: Iterable[tuple[str, Resolved]]) -> None:
        self.article = article
        self.answers = dict(answers)

    def id_and_name(self, article: str, name: str) -> tuple[str, str]:
        node_id, canonical, _ = self.answers[name]
        return node_id, canonical

    def country(self, article: str, name: str) -> str | None:
        answer = self.answers.get(name)
        return answer[2] if answer else None


class Contributions(Graph):
    """A ``Graph`` that records the calls made to it instead of merging them."""

    _calls: list[tuple[str, Any]] = PrivateAttr(default_factory=list)

    def add_node(self, node: _Node) -> _Node:
        self._calls.append((f"n|{node.id}", node))
        return node

    def add_relationship(self, rel: Relationship) -> Relationship:
        starts, ends = REL_PATTERNS[rel.type]
        if rel.start_label not in starts or rel.end_label not in ends:
            raise ValueError(f"{rel.type} may not join {rel.start_label} to {rel.end_label}")
        self._calls.append((f"r|{graph_key(rel)}", rel))
        return rel


def contributions(ex: DocumentExtraction, people: ResolvedPeople) -> list[tuple[str, Contribution]]:
    """(key, contribution) for every call ``build_graph`` makes for this article; keys ``n|<id>`` / ``r|<key>``."""
    recorder = Contributions()
    build_graph([ex], people=people, graph=recorder)
    return [(key, (ex.article.id, number, item)) for number, (key, item) in enumerate(recorder._calls)]


def fold_node(items: Iterable[Contribution]) -> _Node:
    """The node the contributions to one id make, folded in article order.  Its aliases are every form the
    articles gave, its name included when one gave it (the statements drop the stored name: ``kg.stream``)."""
    graph = Graph()
    forms: set[str] = set()
    node: _Node | None = None
    for _, _, contribution in sorted(items, key=lambda c: (c[0], c[1])):
        forms.update(contribution.aliases)
        node = graph.add_node(contribution)
    assert node is not None
    if node.label == "Article":
        return node.model_copy(update={"sha256": None})  # written last, once everything is (mark complete)
    return node.model_copy(update={"aliases": sorted(forms)}) if node.name in forms else node


def fold_relationship(items: Iterable[Contribution]) -> Relationship:
    """The relationship the contributions to one key make, folded in article order."""
    graph = Graph()
    rel: Relationship | None = None
    for _, _, contribution in sorted(items, key=lambda c: (c[0], c[1])):
        rel = graph.add_relationship(contribution)
    assert rel is not None
    return rel
