"""Facts in time: relative dates against the publication date, first_seen/last_seen on every fact, a person's
offices as a career (one HOLDS_POSITION per title), one SUPPLIED_TO per quantity, who held an office on a date,
and the report's timeline — in the graph, in each database engine and in the exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import rdflib

from kg.corpus import build_document
from kg.export.apoc_json import read_apoc_json, write_apoc_json
from kg.export.rdf import graph_to_rdf, rdf_to_graph, serialize
from kg.extract import Extractor
from kg.extract.dates import resolve_date
from kg.model import Article, Country, Graph, Meeting, Ministry, Person, Relationship, Weapon
from kg.queries import QueryError, load_queries, run_query
from kg.report import render_report, timeline_rows
from kg.resolve import build_graph
from kg.store.base import Store
from kg.store.incremental import prune_article
from kg.store.loader import load_graph
from kg.store.readback import read_graph

BASE = "https://kg.example.org/"
FRIDAY = "2021-05-28"


@pytest.mark.parametrize("text,expected", [
    ("on Friday", "2021-05-28"), ("Thursday", "2021-05-27"), ("last Friday", "2021-05-21"),
    ("next Monday", "2021-05-31"), ("yesterday", "2021-05-27"), ("tomorrow", "2021-05-29"),
    ("two days ago", "2021-05-26"), ("last month", "2021-04"), ("earlier this month", "2021-05"),
    ("next month", "2021-06"), ("last year", "2020"), ("next year", "2022"), ("in March", "2021-03"),
    ("in July", None),  # July said in May: last July or the coming one? not guessed
    ("last week", "2021-05"), ("June 14", "2020-06-14"), ("May 20", "2021-05-20"), ("in 2019", "2019"),
])
def test_relative_dates_resolve_against_the_publication_date(text: str, expected: str | None) -> None:
    assert resolve_date(text, FRIDAY) == expected


def test_without_a_date_relative_expressions_stay_unresolved() -> None:
    assert resolve_date("on Friday", None) is None and resolve_date("last month", None) is None


def _meeting_dates(extractor: Extractor, **given: Any) -> list[str | None]:
    text = ("Russian Defense Minister Sergei Shoigu met his Armenian counterpart Vagharshak Harutiunian in Moscow "
            "on Friday.")
    document = build_document(id="talks", path="talks.jsonl:1", raw=given.pop("raw", text), **given)
    return [e.props.get("date") for e in extractor.extract(document).entities if e.label == "Meeting"]


def test_a_record_or_page_date_resolves_on_friday(extractor: Extractor) -> None:
    assert _meeting_dates(extractor, date=FRIDAY) == [FRIDAY]
    assert _meeting_dates(extractor) == [None]
    # a plain text's own dateline still dates it
    assert _meeting_dates(extractor, raw="MOSCOW, May 28, 2021 - Russian Defense Minister Sergei Shoigu met his "
                                         "Armenian counterpart Vagharshak Harutiunian in Moscow on Friday.") == [FRIDAY]


def test_first_and_last_seen_are_the_dates_of_the_articles_stating_a_fact(extractor: Extractor) -> None:
    text = "Armenia is a member of the Collective Security Treaty Organization."
    extractions = [extractor.extract(build_document(id=name, path=name, raw=text, date=when))
                   for name, when in (("a", "2019-03-01"), ("b", "2016-07-12"), ("c", None))]
    graph = build_graph(extractions)
    member = next(r for r in graph.relationships.values() if r.type == "MEMBER_OF")
    assert (member.sources, member.first_seen, member.last_seen) == (["a", "b", "c"], "2016-07-12", "2019-03-01")
    assert all(r.first_seen is None for r in graph.relationships.values() if r.type == "MENTIONS")


# -- a small dated graph: a career at one ministry, deliveries of different sizes -----------------------------------
def _rel(type_: str, start: Any, end: Any, article: str, when: str | None, **props: Any) -> Relationship:
    return Relationship(type=type_, start_label=start.label, start=start.id, end_label=end.label, end=end.id,
                        sources=[article], evidence=[f"{start.name} … {end.name} ({article})."], confidence=0.9,
                        first_seen=when, last_seen=when, **props)


def dated_graph(*articles: str) -> Graph:
    """Articles a1 (2015), a2 (2016), a3 (2018), a4 (2019), a5 (undated); only the facts of ``articles``."""
    when = {"a1": "2015-03-01", "a2": "2016-01-20", "a3": "2018-05-04", "a4": "2019-01-10", "a5": None}
    tonoyan = Person(id="person:davit-tonoyan", name="Davit Tonoyan")
    ohanyan = Person(id="person:seyran-ohanyan", name="Seyran Ohanyan")
    ministry = Ministry(id="ministry:armenian-defense-ministry", name="Armenian Defense Ministry", country="Armenia")
    smerch = Weapon(id="weapon:smerch", name="Smerch")
    armenia = Country(id="country:armenia", name="Armenia")
    talks = Meeting(id="meeting:2016-01-19-shoigu-ohanyan-meet", name="Shoigu-Ohanyan talks", date="2016-01-19")
    facts = {
        "a1": [_rel("HOLDS_POSITION", tonoyan, ministry, "a1", when["a1"], title="First Deputy Defense Minister"),
               _rel("HOLDS_POSITION", ohanyan, ministry, "a1", when["a1"], title="Defense Minister"),
               _rel("SUPPLIED_TO", smerch, armenia, "a1", when["a1"], quantity=18)],
        "a2": [_rel("HOLDS_POSITION", ohanyan, ministry, "a2", when["a2"], title="Defense Minister"),
               _rel("SUPPLIED_TO", smerch, armenia, "a2", when["a2"], quantity=6),
               _rel("ATTENDED", ohanyan, talks, "a2", when["a2"])],
        "a3": [_rel("HOLDS_POSITION", tonoyan, ministry, "a3", when["a3"], title="Defense Minister"),
               _rel("SUPPLIED_TO", smerch, armenia, "a3", when["a3"])],  # a delivery of unknown size
        "a4": [_rel("HOLDS_POSITION", tonoyan, ministry, "a4", when["a4"], title="Defense Minister"),
               _rel("SUPPLIED_TO", smerch, armenia, "a4", when["a4"])],
        "a5": [_rel("HOLDS_POSITION", tonoyan, ministry, "a5", None, title="Deputy Prime Minister")],
    }
    graph = Graph()
    for article in articles:
        graph.add_node(Article(id=article, name=article, date=when[article], url=f"https://news.example.am/{article}",
                               source="Example News", sources=[article]))
        for rel in facts[article]:
            for node in (tonoyan, ohanyan, ministry, smerch, armenia, talks):
                if node.id in (rel.start, rel.end):
                    graph.add_node(node.model_copy(update={"sources": [article]}))
            graph.add_relationship(rel)
    return graph


def _edges(graph: Graph, rel_type: str) -> list[tuple[Any, ...]]:
    return sorted((r.start.split(":")[1], str(r.identity) if r.identity is not None else "-", r.first_seen or "",
                   r.last_seen or "", tuple(r.sources)) for r in graph.relationships.values() if r.type == rel_type)


def test_a_career_and_several_deliveries_are_separate_edges() -> None:
    graph = dated_graph("a1", "a2", "a3", "a4", "a5")
    assert _edges(graph, "HOLDS_POSITION") == [
        ("davit-tonoyan", "Defense Minister", "2018-05-04", "2019-01-10", ("a3", "a4")),
        ("davit-tonoyan", "Deputy Prime Minister", "", "", ("a5",)),
        ("davit-tonoyan", "First Deputy Defense Minister", "2015-03-01", "2015-03-01", ("a1",)),
        ("seyran-ohanyan", "Defense Minister", "2015-03-01", "2016-01-20", ("a1", "a2"))]
    assert _edges(graph, "SUPPLIED_TO") == [
        ("smerch", "-", "2018-05-04", "2019-01-10", ("a3", "a4")),
        ("smerch", "18", "2015-03-01", "2015-03-01", ("a1",)), ("smerch", "6", "2016-01-20", "2016-01-20", ("a2",))]


def test_in_the_database_loads_stay_idempotent_and_dates_merge(store: Store) -> None:
    load_graph(store, dated_graph("a2", "a3", "a5"), batch_size=2)
    load_graph(store, dated_graph("a4", "a1"), batch_size=3)  # earlier and later facts arrive in a second load
    expected = dated_graph("a1", "a2", "a3", "a4", "a5").normalized()
    assert read_graph(store) == expected
    for articles in (("a1", "a2", "a3", "a4", "a5"), ("a3",), ("a5", "a1")):  # again: nothing changes
        load_graph(store, dated_graph(*articles), batch_size=1)
        assert read_graph(store) == expected
    rows = store.query("MATCH ()-[r:SUPPLIED_TO]->() RETURN count(r) AS n")
    assert rows == [{"n": 3}]


def test_prune_gives_a_fact_the_dates_of_the_articles_left(store: Store) -> None:
    load_graph(store, dated_graph("a1", "a2", "a3", "a4", "a5"), batch_size=100)
    prune_article(store, "a4")
    prune_article(store, "a1")
    graph = read_graph(store)
    assert _edges(graph, "HOLDS_POSITION") == [
        ("davit-tonoyan", "Defense Minister", "2018-05-04", "2018-05-04", ("a3",)),
        ("davit-tonoyan", "Deputy Prime Minister", "", "", ("a5",)),
        ("seyran-ohanyan", "Defense Minister", "2016-01-20", "2016-01-20", ("a2",))]
    expected = dated_graph("a2", "a3", "a5").normalized()
    assert graph.nodes == expected.nodes and set(graph.relationships) == set(expected.relationships)


QUERIES = load_queries()


def _holders(store: Store, day: str) -> list[tuple[str, str, str]]:
    rows = run_query(store, QUERIES["office_holders"], {"date": day} if day else {})
    return [(r["title"], r["holder"], r["date"]) for r in rows]


def test_who_held_which_office_on_a_date(store: Store) -> None:
    load_graph(store, dated_graph("a1", "a2", "a3", "a4", "a5"), batch_size=100)
    assert _holders(store, "2014-12-31") == []
    assert _holders(store, "2015-06-01") == [("Defense Minister", "Seyran Ohanyan", "2015-06-01"),
                                             ("First Deputy Defense Minister", "Davit Tonoyan", "2015-06-01")]
    # in 2018 Tonoyan is the minister: he is no longer listed as first deputy, Ohanyan's evidence is older
    assert _holders(store, "2018-06-01") == [("Defense Minister", "Davit Tonoyan", "2018-06-01")]
    today = date.today().isoformat()
    assert _holders(store, "") == [("Defense Minister", "Davit Tonoyan", today)]
    [row] = run_query(store, QUERIES["office_holders"], {"date": "2018-06-01"})
    assert {k: row[k] for k in ("institution", "institution_type", "first_seen", "last_seen")} == {
        "institution": "Armenian Defense Ministry", "institution_type": "Ministry", "first_seen": "2018-05-04",
        "last_seen": "2019-01-10"}
    with pytest.raises(QueryError, match="is not a date"):
        QUERIES["office_holders"].bind({"date": "June 2018"})


def test_positions_and_weapons_read_as_careers_and_deals(store: Store) -> None:
    load_graph(store, dated_graph("a1", "a2", "a3", "a4", "a5"), batch_size=100)
    career = [(r["title"], r["first_seen"]) for r in run_query(store, QUERIES["positions"])
              if r["person"] == "Davit Tonoyan"]
    assert career == [("Deputy Prime Minister", None), ("First Deputy Defense Minister", "2015-03-01"),
                      ("Defense Minister", "2018-05-04")]
    deals = [(r["quantity"], r["sources"]) for r in run_query(store, QUERIES["weapons_supplied"])]
    assert deals == [(None, ["a3", "a4"]), (6, ["a2"]), (18, ["a1"])]


def test_exports_keep_every_edge_and_the_article_metadata(tmp_path: Path) -> None:
    graph = dated_graph("a1", "a2", "a3", "a4", "a5")
    text = serialize(graph, BASE)
    assert rdf_to_graph(rdflib.Graph().parse(data=text, format="turtle"), BASE) == graph.normalized()
    assert read_apoc_json(write_apoc_json(graph, tmp_path / "graph.json")) == graph.normalized()
    rdf = graph_to_rdf(graph, BASE)
    article = rdflib.URIRef(BASE + "resource/article/a1")
    schema, dcterms = rdflib.Namespace("https://schema.org/"), rdflib.namespace.DCTERMS
    assert rdf.value(article, schema.url) == rdflib.URIRef("https://news.example.am/a1")
    assert str(rdf.value(article, dcterms.issued)) == "2015-03-01"
    statements = list(rdf.subjects(rdflib.RDF.predicate, rdflib.URIRef(BASE + "ontology#holdsPosition")))
    assert len(statements) == 4  # one reified statement per office, each with its own title and dates


def test_the_report_has_a_dated_timeline(tmp_path: Path) -> None:
    graph = dated_graph("a1", "a2", "a3", "a4", "a5")
    undated = Meeting(id="meeting:a3-visit", name="Tonoyan's visit", sources=["a3"])
    graph.add_node(undated)
    rows, without = timeline_rows(graph)
    assert [(r["date"], r["date is"], r["event"], r["who"]) for r in rows] == [
        ("2016-01-19", "stated", "Shoigu-Ohanyan talks", ["Seyran Ohanyan"]),
        ("2018-05-04", "reported", "Tonoyan's visit", [])]
    assert without == 0
    page = render_report(graph, [], [], [], tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Timeline of meetings and agreements" in page and page.index("2016-01-19") < page.index("2018-05-04")
