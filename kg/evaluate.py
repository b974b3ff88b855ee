"""Scoring extraction against hand-written gold annotations (``tests/gold/*.json``).

Entities are matched per article and label when their name sets (name + aliases, normalised for case, articles,
possessives and transliteration) intersect.  Meetings are matched by shared participants, agreements by the
facts they share.  A relationship is correct when its type and both matched endpoints equal a gold relation.
Scores are micro-averaged per label, per relationship type, and overall.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, Field

from kg.model import Graph
from kg.names import name_key

ENTITY_LABELS = ("Person", "Ministry", "Organization", "Country", "Place", "Base", "Weapon")
EVENT_LABELS = ("Meeting", "Agreement")


class GoldEntity(BaseModel):
    label: str
    name: str
    aliases: list[str] = Field(default_factory=list)


class GoldEvent(BaseModel):
    key: str
    kind: str | None = None
    date: str | None = None
    place: str | None = None
    participants: list[str] = Field(default_factory=list)
    name: str | None = None
    status: str | None = None


class GoldRelation(BaseModel):
    type: str
    start: str
    end: str


class GoldArticle(BaseModel):
    article: str
    split: str
    date: str | None = None
    entities: list[GoldEntity] = Field(default_factory=list)
    meetings: list[GoldEvent] = Field(default_factory=list)
    agreements: list[GoldEvent] = Field(default_factory=list)
    relations: list[GoldRelation] = Field(default_factory=list)


class Score(BaseModel):
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


class Report(BaseModel):
    entities: dict[str, Score] = Field(default_factory=dict)
    relations: dict[str, Score] = Field(default_factory=dict)
    errors: list[dict[str, str]] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)

    def total(self, which: str) -> Score:
        total = Score()
        for score in getattr(self, which).values():
            total.add(score)
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "entities": {k: v.as_dict() for k, v in sorted(self.entities.items())},
            "entities_micro": self.total("entities").as_dict(),
            "relations": {k: v.as_dict() for k, v in sorted(self.relations.items())},
            "relations_micro": self.total("relations").as_dict(),
            "errors": self.errors,
        }


def load_gold(directory: Path, article_ids: Iterable[str] | None = None) -> dict[str, GoldArticle]:
    wanted = set(article_ids) if article_ids is not None else None
    gold: dict[str, GoldArticle] = {}
    for path in sorted(directory.glob("*.json")):
        item = GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))
        if wanted is None or item.article in wanted:
            gold[item.article] = item
    return gold


def norm(name: str) -> str:
    name = name.replace("’", "'").replace("“", "").replace("”", "").strip()
    name = re.sub(r"^(the|The)\s+", "", name)
    name = re.sub(r"'s$", "", name)
    name = name.replace("Defence", "Defense").replace("defence", "defense")
    return name_key(name) or name.casefold()


def _names(name: str, aliases: Iterable[str]) -> set[str]:
    return {norm(n) for n in (name, *aliases) if n}


def evaluate(graph: Graph, gold: dict[str, GoldArticle]) -> Report:
    report = Report(articles=sorted(gold))
    for article_id, annotation in sorted(gold.items()):
        _score_article(graph, article_id, annotation, report)
    return report


def _score_article(graph: Graph, article_id: str, gold: GoldArticle, report: Report) -> None:
    mentioned = {r.end for r in graph.relationships.values() if r.type == "MENTIONS" and r.start == article_id}
    # offices implied by a title ("Russian Defense Minister X" → Russian Defense Ministry) count as named there
    mentioned |= {end for r in graph.relationships.values() if r.type != "MENTIONS" and article_id in r.sources
                  for end in (r.start, r.end)}
    mapping: dict[str, str] = {}  # predicted node id → gold name/key
    for label in ENTITY_LABELS:
        predicted = [graph.nodes[i] for i in sorted(mentioned) if graph.nodes[i].label == label]
        golds = [g for g in gold.entities if g.label == label]
        score = report.entities.setdefault(label, Score())
        unmatched = list(golds)
        for node in predicted:
            names = _names(node.name, node.aliases)
            hit = next((g for g in unmatched if names & _names(g.name, g.aliases)), None)
            if hit is None:
                score.fp += 1
                report.errors.append({"article": article_id, "kind": "entity-fp", "label": label, "item": node.name})
                continue
            unmatched.remove(hit)
            mapping[node.id] = hit.name
            score.tp += 1
        score.fn += len(unmatched)
        report.errors += [{"article": article_id, "kind": "entity-fn", "label": label, "item": g.name}
                          for g in unmatched]
    facts = [r for r in graph.sorted_relationships() if r.type != "MENTIONS" and article_id in r.sources]
    _match_events(graph, gold, mentioned, facts, mapping)
    gold_rels = {(r.type, r.start, r.end) for r in gold.relations}
    predicted_rels = set()
    for rel in facts:
        predicted_rels.add((rel.type, mapping.get(rel.start, "?" + rel.start), mapping.get(rel.end, "?" + rel.end)))
    for rel_type in sorted({t for t, _, _ in gold_rels | predicted_rels}):
        score = report.relations.setdefault(rel_type, Score())
        g = {r for r in gold_rels if r[0] == rel_type}
        p = {r for r in predicted_rels if r[0] == rel_type}
        score.tp += len(g & p)
        score.fp += len(p - g)
        score.fn += len(g - p)
        report.errors += [{"article": article_id, "kind": "relation-fp", "label": rel_type,
                           "item": f"{s} -> {e}"} for _, s, e in sorted(p - g)]
        report.errors += [{"article": article_id, "kind": "relation-fn", "label": rel_type,
                           "item": f"{s} -> {e}"} for _, s, e in sorted(g - p)]


def _match_events(graph: Graph, gold: GoldArticle, mentioned: set[str], facts: list[Any],
                  mapping: dict[str, str]) -> None:
    """Meetings by shared participants; agreements by the (type, other end) facts they share with gold."""
    meetings = [graph.nodes[i] for i in sorted(mentioned) if graph.nodes[i].label == "Meeting"]
    attended: dict[str, set[str]] = defaultdict(set)
    for rel in facts:
        if rel.type == "ATTENDED" and rel.start in mapping:
            attended[rel.end].add(mapping[rel.start])
    free = list(gold.meetings)
    for meeting in sorted(meetings, key=lambda m: -len(attended[m.id])):
        best = max(free, default=None, key=lambda g: (len(set(g.participants) & attended[meeting.id]),
                                                      g.kind == getattr(meeting, "kind", None)))
        if best is not None and set(best.participants) & attended[meeting.id]:
            mapping[meeting.id] = best.key
            free.remove(best)
    gold_edges: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in gold.relations:
        for a in gold.agreements:
            if r.end == a.key:
                gold_edges[a.key].add((r.type, r.start))
            if r.start == a.key:
                gold_edges[a.key].add((r.type, r.end))
    # best pairs first over all (extracted, gold) pairs, so the result does not depend on the order of ids
    pairs = []
    for node in [graph.nodes[i] for i in sorted(mentioned) if graph.nodes[i].label == "Agreement"]:
        edges = {(r.type, mapping.get(r.start, "")) for r in facts if r.end == node.id} | \
            {(r.type, mapping.get(r.end, "")) for r in facts if r.start == node.id}
        for g in gold.agreements:
            shared, same_kind = len(edges & gold_edges[g.key]), g.kind == getattr(node, "kind", None)
            if shared or same_kind:
                pairs.append((-shared, not same_kind, node.id, g.key))
    for _, _, node_id, gold_key in sorted(pairs):
        if node_id not in mapping and gold_key not in mapping.values():
            mapping[node_id] = gold_key


def render_json(report: Report) -> str:
    return json.dumps(report.as_dict(), indent=2, sort_keys=True)
