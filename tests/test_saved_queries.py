"""Every saved query on the seeds' graph, on each engine (FalkorDB here; Neo4j where Docker answers)."""

from __future__ import annotations

from typing import Any

import pytest

from kg.model import Graph
from kg.queries import QueryError, load_queries, run_query
from kg.store.base import Store
from kg.store.loader import load_graph

QUERIES = load_queries()


@pytest.fixture
def loaded(store: Store, seed_graph: Graph) -> Store:
    load_graph(store, seed_graph, batch_size=50)
    return store


def _rows(store: Store, query: str, **params: str) -> list[dict[str, Any]]:
    return run_query(store, QUERIES[query], params)


def test_the_required_queries_exist() -> None:
    assert {"officials_at_talks", "positions", "weapons_supplied", "agreements", "bases", "person_profile",
            "evidence", "office_holders"} <= set(QUERIES)
    for query in QUERIES.values():
        assert query.description and "minConfidence" in query.params


def test_officials_at_talks(loaded: Store) -> None:
    rows = _rows(loaded, "officials_at_talks")
    moscow = [r for r in rows if r["date"] == "2021-05-28"]
    assert len(moscow) == 1
    assert moscow[0]["place"] == "Moscow" and moscow[0]["kind"] == "meet" and moscow[0]["cameo"] == "040"
    assert moscow[0]["officials"] == ["Sergey Shoygu", "Vagharshak Harutiunian"]
    gerasimov = [r for r in rows if set(r["officials"]) == {"Valery Gerasimov", "Yuri Khachaturov", "Seyran Ohanian"}]
    assert len(gerasimov) == 1
    assert rows == sorted(rows, key=lambda r: (r["date"] or "", r["meeting"]))


def test_min_confidence_filters(loaded: Store) -> None:
    everything = _rows(loaded, "officials_at_talks")
    assert everything and _rows(loaded, "officials_at_talks", minConfidence="0.99") == []


def test_positions(loaded: Store) -> None:
    rows = _rows(loaded, "positions")
    khachaturov = {(r["title"], r["institution"]) for r in rows if r["person"] == "Yuri Khachaturov"}
    assert khachaturov == {("Chief of Staff", "Armenia"),  # "his Armenian counterpart": no staff is named
                           ("Secretary General", "Collective Security Treaty Organization")}
    assert {"person": "Sergey Shoygu", "title": "Defense Minister", "institution": "Russian Defense Ministry",
            "institution_type": "Ministry"}.items() <= next(r for r in rows if r["person"] == "Sergey Shoygu").items()


def test_weapons_supplied(loaded: Store) -> None:
    rows = _rows(loaded, "weapons_supplied")
    smerch = [r for r in rows if r["weapon"] == "Smerch" and r["recipient"] == "Azerbaijan"]
    assert [(r["supplier"], r["quantity"]) for r in smerch] == [("Russia", 18)]
    to_armenia = {r["weapon"] for r in rows if r["recipient"] == "Armenia"}
    assert {"Smerch", "TOS-1A"} <= to_armenia


def test_agreements(loaded: Store) -> None:
    rows = _rows(loaded, "agreements")
    memorandum = [r for r in rows if r["kind"] == "memorandum"]
    assert len(memorandum) == 1
    assert memorandum[0]["signers"] == ["Artur Baghdasarian", "Nikolay Patrushev"]
    assert memorandum[0]["status"] == "signed"
    loan = next(r for r in rows if "$200 million loan" in r["agreement"])
    assert loan["parties"] == ["Armenia", "Russia"] and {"Smerch", "TOS-1A"} <= set(loan["covers"])


def test_bases(loaded: Store) -> None:
    rows = _rows(loaded, "bases")
    found = {r["base"]: (r["located_in"], r["operated_by"]) for r in rows}
    assert found["102nd Russian Military Base"] == (["Armenia", "Gyumri"], ["Russia"])
    headquarters = next(v for k, v in found.items() if "headquarters of Russian border troops" in k)
    assert "Yerevan" in headquarters[0] and headquarters[1] == ["Russia"]


@pytest.mark.parametrize("alias", ["Shoigu", "shoygu", "Sergei Shoigu", "Sergey Shoygu"])
def test_person_profile_by_any_alias(loaded: Store, alias: str) -> None:
    rows = _rows(loaded, "person_profile", name=alias)
    assert rows and {r["person"] for r in rows} == {"Sergey Shoygu"}
    assert {"HOLDS_POSITION", "ATTENDED", "VISITED"} <= {r["relationship"] for r in rows}


def test_person_profile_by_surname_only_seen_in_a_full_name(loaded: Store) -> None:
    rows = _rows(loaded, "person_profile", name="Khatchaturov")
    assert {r["person"] for r in rows} == {"Yuri Khachaturov"}
    assert len([r for r in rows if r["relationship"] == "HOLDS_POSITION"]) == 2


def test_evidence_gives_the_sentences(loaded: Store) -> None:
    rows = _rows(loaded, "evidence", name="CSTO")
    member = [r for r in rows if r["relationship"] == "MEMBER_OF" and r["subject"] == "Armenia"]
    assert len(member) == 1
    assert any("its adherence to the Russian-led CSTO" in e for e in member[0]["evidence"])
    assert "004_87a1fec3678fcb6f" in member[0]["sources"]


def test_every_query_runs_with_its_defaults(loaded: Store) -> None:
    for query in QUERIES.values():
        rows = run_query(loaded, query)
        # the seeds carry no publication dates, so no office is dated (tests/test_facts_in_time.py dates them)
        assert rows or query.name == "office_holders", query.name


def test_hostile_parameter_is_data_not_cypher(loaded: Store) -> None:
    before = loaded.query("MATCH (n) RETURN count(n) AS n")[0]["n"]
    assert _rows(loaded, "person_profile", name="x') DETACH DELETE n //") == []
    assert loaded.query("MATCH (n) RETURN count(n) AS n")[0]["n"] == before


def test_parameters_are_validated_before_running() -> None:
    with pytest.raises(QueryError, match="has no parameter bogus"):
        QUERIES["positions"].bind({"bogus": "1"})
    with pytest.raises(QueryError, match="confidence in \\[0, 1\\]"):
        QUERIES["positions"].bind({"minConfidence": "2"})
    with pytest.raises(QueryError, match="not a valid"):
        QUERIES["positions"].bind({"minConfidence": "high"})
