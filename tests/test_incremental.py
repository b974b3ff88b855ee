"""Incremental loading: unchanged articles skipped, new ones joined to stored nodes, changed ones replaced, prune."""

from __future__ import annotations

from collections import Counter

from kg.app import load_incremental
from kg.corpus import Document
from kg.settings import Settings
from kg.store.falkor import FalkorDBStore
from kg.store.incremental import prune_article
from kg.store.readback import read_graph

SETTINGS = Settings(batch_size=200)


def _counts(store: FalkorDBStore) -> tuple[Counter[str], Counter[str]]:
    graph = read_graph(store)
    return Counter(n.label for n in graph.nodes.values()), Counter(r.type for r in graph.relationships.values())


def _rel_sources(store: FalkorDBStore, rel_type: str, start: str, end: str) -> list[str] | None:
    rows = store.query(f"MATCH (a {{id: $s}})-[r:{rel_type}]->(b {{id: $e}}) RETURN r.sources AS s",
                       {"s": start, "e": end})
    return sorted(rows[0]["s"]) if rows else None


def test_second_run_skips_unchanged_articles(falkor_store: FalkorDBStore, seed_documents: list[Document]) -> None:
    first = load_incremental(falkor_store, seed_documents, SETTINGS)
    assert len(first.new) == 5
    before = _counts(falkor_store)
    again = load_incremental(falkor_store, seed_documents, SETTINGS)
    assert (again.new, again.changed, len(again.unchanged)) == ([], [], 5)
    assert not again.graph.nodes and _counts(falkor_store) == before


def test_articles_added_later_join_the_existing_nodes(falkor_store: FalkorDBStore, embedded_server: object,
                                                      seed_documents: list[Document]) -> None:
    load_incremental(falkor_store, seed_documents[:3], SETTINGS)
    later = load_incremental(falkor_store, seed_documents[3:], SETTINGS)
    assert later.new == [d.id for d in seed_documents[3:]]
    people = falkor_store.query("MATCH (p:Person) WHERE any(a IN [p.name] + p.aliases WHERE a CONTAINS 'Sho') "
                                "RETURN p.id AS id, p.sources AS sources")
    assert len(people) == 1  # 004's "Sergey Shoygu" joined the Shoigu stored from 000 and 002
    assert set(people[0]["sources"]) == {"000_a41ff8992daaa2b8", "002_f64b12bfd424b458", "004_87a1fec3678fcb6f"}
    khachaturov = falkor_store.query("MATCH (p:Person)-[h:HOLDS_POSITION]->(o) WHERE p.name CONTAINS 'turov' "
                                     "RETURN p.id AS id, o.name AS org")
    assert len({r["id"] for r in khachaturov}) == 1 and len(khachaturov) == 2
    # the same label and type counts as loading all five at once
    from kg.store.falkor import FalkorDBStore as Store

    server = embedded_server
    clean = Store(server.host, server.port, server.password, "clean_incremental_compare")  # type: ignore[attr-defined]
    try:
        load_incremental(clean, seed_documents, SETTINGS)
        assert _counts(falkor_store) == _counts(clean)
    finally:
        clean.delete_graph()
        clean.close()


def test_a_changed_article_replaces_its_own_facts(falkor_store: FalkorDBStore,
                                                  seed_documents: list[Document]) -> None:
    load_incremental(falkor_store, seed_documents, SETTINGS)
    member = ("country:armenia", "organization:collective-security-treaty-organization")
    assert _rel_sources(falkor_store, "MEMBER_OF", *member) == [
        "000_a41ff8992daaa2b8", "002_f64b12bfd424b458", "004_87a1fec3678fcb6f"]
    assert _rel_sources(falkor_store, "SUPPLIED_TO", "weapon:smerch", "country:azerbaijan") == [
        "003_b0a7eba264de1349"]
    edited = []
    for doc in seed_documents:
        if doc.id == "002_f64b12bfd424b458":  # drop the sentence about asking the CSTO for help
            text = "\n".join(line for line in doc.text.split("\n") if "formally asked" not in line)
            doc = doc.model_copy(update={"text": text, "sha256": "edited-" + doc.sha256[:10]})
        if doc.id == "003_b0a7eba264de1349":  # drop the Azerbaijani arms sales
            text = "\n".join(line for line in doc.text.split("\n") if "18 Smerch" not in line)
            doc = doc.model_copy(update={"text": text, "sha256": "edited-" + doc.sha256[:10]})
        edited.append(doc)
    outcome = load_incremental(falkor_store, edited, SETTINGS)
    assert outcome.changed == ["002_f64b12bfd424b458", "003_b0a7eba264de1349"] and len(outcome.unchanged) == 3
    assert _rel_sources(falkor_store, "MEMBER_OF", *member) == [  # shrank, still there
        "000_a41ff8992daaa2b8", "004_87a1fec3678fcb6f"]
    assert _rel_sources(falkor_store, "SUPPLIED_TO", "weapon:smerch", "country:azerbaijan") is None  # gone
    assert _rel_sources(falkor_store, "SUPPLIED_TO", "weapon:smerch", "country:armenia") == ["003_b0a7eba264de1349"]


def test_prune_removes_one_articles_contribution(falkor_store: FalkorDBStore,
                                                 seed_documents: list[Document]) -> None:
    load_incremental(falkor_store, seed_documents, SETTINGS)
    report = prune_article(falkor_store, "003_b0a7eba264de1349")
    assert report["article deleted"] == 1 and report["relationships deleted"] > 10
    assert falkor_store.query("MATCH (w:Weapon {id: 'weapon:smerch'}) RETURN w.id AS id") == []
    russia = falkor_store.query("MATCH (c:Country {id: 'country:russia'}) RETURN c.sources AS s")
    assert russia and "003_b0a7eba264de1349" not in russia[0]["s"] and len(russia[0]["s"]) == 4
    leftovers = falkor_store.query("MATCH (n) WHERE '003_b0a7eba264de1349' IN n.sources RETURN count(n) AS n")
    assert leftovers[0]["n"] == 0
    again = load_incremental(falkor_store, seed_documents, SETTINGS)
    assert again.new == ["003_b0a7eba264de1349"]
    assert _rel_sources(falkor_store, "SUPPLIED_TO", "weapon:smerch", "country:azerbaijan") == [
        "003_b0a7eba264de1349"]
