"""The pure parts of the Spark job (``kg.spark.resolve``), without Spark: resolving people block by block and
folding each article's contributions by key give exactly ``build_graph``'s graph, in any partition order."""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from kg.extract.types import DocumentExtraction
from kg.model import Graph
from kg.resolve import KnownPerson, build_graph, resolve_people
from kg.spark.resolve import (ResolvedPeople, contributions, fold_node, fold_relationship, known_by_block,
                              person_mentions, resolve_block)
from kg.store.pages import graph_key


def _distributed(extractions: list[DocumentExtraction], known: list[KnownPerson], seed: int) -> Graph:
    rng = random.Random(seed)
    shuffled = rng.sample(extractions, len(extractions))  # partitions see articles in any order
    blocks: dict[str, list[Any]] = defaultdict(list)
    for ex in shuffled:
        for block, mention in person_mentions(ex):
            blocks[block].append(mention)
    seeds = known_by_block(known)
    answers: dict[str, list[Any]] = defaultdict(list)
    for block, mentions in rng.sample(sorted(blocks.items()), len(blocks)):
        for article, answer in resolve_block(seeds.get(block, []), rng.sample(mentions, len(mentions))):
            answers[article].append(answer)
    grouped: dict[str, list[Any]] = defaultdict(list)
    for ex in shuffled:
        for key, call in contributions(ex, ResolvedPeople(ex.article.id, answers[ex.article.id])):
            grouped[key].append(call)
    graph = Graph()
    for key, calls in grouped.items():
        calls = rng.sample(calls, len(calls))
        if key.startswith("n|"):
            node = fold_node(calls)
            graph.nodes[node.id] = node  # type: ignore[assignment]
        else:
            rel = fold_relationship(calls)
            graph.relationships[graph_key(rel)] = rel
    return graph


def _comparable(graph: Graph) -> Graph:
    """Nodes as a load stores them: articles without sha256, aliases without the name (the statements drop it)."""
    out = graph.normalized()
    for node_id, node in list(out.nodes.items()):
        update: dict[str, Any] = {"aliases": [a for a in node.aliases if a != node.name]}
        if node.label == "Article":
            update["sha256"] = None
        out.nodes[node_id] = node.model_copy(update=update)  # type: ignore[assignment]
    return out


def test_blocks_and_folds_give_build_graph_s_graph(seed_extractions: list[DocumentExtraction]) -> None:
    expected = _comparable(build_graph(seed_extractions))
    for seed in range(3):
        assert _comparable(_distributed(seed_extractions, [], seed)) == expected


def test_stored_people_seed_their_blocks_as_they_seed_the_resolver(
        seed_extractions: list[DocumentExtraction]) -> None:
    known = [KnownPerson("person:sergei-shoigu", "Sergei Shoigu"), KnownPerson("person:yury-khachaturov",
                                                                               "Yury Khachaturov")]
    expected = _comparable(build_graph(seed_extractions, known))
    assert "person:sergei-shoigu" in expected.nodes  # the stored spelling and id won
    assert _comparable(_distributed(seed_extractions, known, 7)) == expected
    resolver = resolve_people(seed_extractions, known)
    assert resolver.id_and_name("004_87a1fec3678fcb6f", "Sergey Shoygu")[0] == "person:sergei-shoigu"
