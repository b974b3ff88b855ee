"""Extraction quality on the seeds must not drop below the floor (named entities F1 ≥ 0.95, relationships ≥ 0.85)."""

from __future__ import annotations

from pathlib import Path

from kg.evaluate import Score, evaluate, load_gold
from kg.model import Graph

GOLD = Path(__file__).resolve().parent / "gold"


def test_seed_scores_stay_above_the_floor(seed_graph: Graph) -> None:
    gold = load_gold(GOLD, [n.id for n in seed_graph.nodes_by_label("Article")])
    assert len(gold) == 5
    report = evaluate(seed_graph, gold)
    entities, relations = report.total("entities"), report.total("relations")
    assert entities.f1 >= 0.95, report.as_dict()["entities"]
    assert relations.f1 >= 0.85, report.as_dict()["relations"]


def test_scorer_counts_hits_misses_and_false_alarms(seed_graph: Graph) -> None:
    gold = load_gold(GOLD, ["002_f64b12bfd424b458"])
    entry = gold["002_f64b12bfd424b458"]
    entry.entities = [e for e in entry.entities if e.name != "Moscow"]  # one gold entity fewer → one false alarm
    entry.relations.append(entry.relations[0].model_copy(update={"end": "m9"}))  # an unmatched gold fact
    report = evaluate(seed_graph, gold)
    assert report.entities["Place"].fp == 1
    assert report.relations["ATTENDED"].fn >= 1
    perfect = Score(tp=3)
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
