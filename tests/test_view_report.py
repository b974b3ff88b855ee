"""The HTML graph view and the evidence report: self-contained files, escaped text, and — where Chromium is
installed — really rendered in a headless browser (screenshot not blank, graph and counts in the DOM)."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from headless_browser import HeadlessChromium, png_rows

from kg.corpus import Document
from kg.extract.types import DocumentExtraction
from kg.model import Country, Graph, Organization, Person, Relationship
from kg.queries import load_queries
from kg.report import render_report
from kg.view import external_loads, render_view

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
                 if p and Path(p).exists()), None)


def _hostile(seed_graph: Graph) -> Graph:
    graph = seed_graph.model_copy(deep=True)
    graph.add_node(Person(id="person:o-brien", name="O'Brien <script>alert(1)</script>", sources=["004_87a1fec3678fcb6f"]))
    graph.add_relationship(Relationship(type="VISITED", start_label="Person", start="person:o-brien",
                                        end_label="Place", end="place:moscow", sources=["004_87a1fec3678fcb6f"],
                                        evidence=["He said “</td><b>bold</b>” & left."], confidence=0.5))
    return graph


def test_view_is_self_contained_and_counts_nodes(seed_graph: Graph, tmp_path: Path) -> None:
    summary = render_view(_hostile(seed_graph), tmp_path / "graph.html", "seeds")
    page = summary.path.read_text(encoding="utf-8")
    drawn = [n for n in seed_graph.nodes.values() if n.label != "Article"]
    assert summary.nodes == len(drawn) + 1
    assert f'<meta name="kg-nodes" content="{summary.nodes}">' in page
    assert external_loads(page) == []
    assert "<script>alert(1)</script>" not in page


def _data_block(page: str) -> Any:
    found = re.search(r'<script type="application/json" id="neo4j-viz-data">(.*?)</script>', page, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_the_view_written_piece_by_piece_holds_what_neo4j_viz_renders(seed_graph: Graph, tmp_path: Path) -> None:
    from kg.view import build_visualization

    graph = _hostile(seed_graph)
    page = render_view(graph, tmp_path / "graph.html", "seeds").path.read_text(encoding="utf-8")
    whole = build_visualization(graph).render(renderer="canvas", width="100%", height="100vh", theme="light",
                                              max_allowed_nodes=10_000).data
    ours, theirs = _data_block(page), _data_block(whole)
    assert len(ours["nodes"]) > 50 and ours == theirs  # every node, relationship, option and legend entry
    assert page.count('<script type="application/json" id="neo4j-viz-data">') == 1 and page.rstrip().endswith("</html>")


def test_view_of_one_query_draws_only_its_rows(seed_graph: Graph, tmp_path: Path) -> None:
    rows = [{"base": "102nd Russian Military Base", "located_in": ["Gyumri"], "operated_by": ["Russia"]}]
    summary = render_view(seed_graph, tmp_path / "bases.html", "bases", rows)
    assert summary.nodes == 3 and summary.relationships == 2


def test_report_has_counts_answers_and_highlighted_articles(seed_graph: Graph, seed_documents: list[Document],
                                                            seed_extractions: list[DocumentExtraction],
                                                            tmp_path: Path) -> None:
    query = load_queries()["bases"]
    answers = [(query, [{"base": "102nd Russian Military Base", "located_in": ["Gyumri"],
                         "operated_by": ["Russia"], "sources": ["004_87a1fec3678fcb6f"]}])]
    path = render_report(_hostile(seed_graph), seed_documents, seed_extractions, answers, tmp_path / "r.html")
    page = path.read_text(encoding="utf-8")
    assert '<meta name="kg-articles" content="5">' in page
    assert "102nd Russian Military Base" in page and page.count('class="entity"') > 100
    assert "O&#x27;Brien &lt;script&gt;" in page and "<script>alert" not in page
    assert "&lt;/td&gt;&lt;b&gt;bold" in page and external_loads(page) == []


def test_report_lists_each_fact_under_its_articles_with_their_own_evidence(tmp_path: Path) -> None:
    graph = Graph()
    graph.add_node(Country(id="country:russia", name="Russia", sources=["a", "b"]))
    graph.add_node(Organization(id="organization:csto", name="CSTO", sources=["a", "b"]))
    said = {"a": "Russia is a member of the CSTO, the minister said.", "b": "Russia, a CSTO member, agreed."}
    graph.add_relationship(Relationship(type="MEMBER_OF", start_label="Country", start="country:russia",
                                        end_label="Organization", end="organization:csto", sources=["a", "b"],
                                        evidence=sorted(said.values()), confidence=0.9))
    documents = [Document(id=i, path=f"{i}.txt", text=f"Headline {i}\n\n{text}", sha256=i) for i, text in said.items()]
    page = render_report(graph, documents, [], [], tmp_path / "r.html").read_text(encoding="utf-8")
    sections = {i: page[page.index(f'id="article-{i}"'):] for i in said}
    sections["a"] = sections["a"][:sections["a"].index('id="article-b"')]
    for i, text in said.items():
        assert "MEMBER_OF" in sections[i] and html.escape(text) in sections[i]
        other = said["b" if i == "a" else "a"]
        assert html.escape(other) not in sections[i]


def _drawn_share(png: bytes) -> float:
    """Share of pixels in the middle of an 8-bit RGB(A) PNG that differ from its commonest colour: the graph
    area of a drawn view is far from empty, a blank page's is empty (legend and header sit at the edges)."""
    width, height, rows = png_rows(png)
    pixels = [row[x:x + 3] for y, row in enumerate(rows) if height // 4 < y < 3 * height // 4
              for x in range(3 * (width // 4), 3 * (3 * width // 4), 6)]
    background = max(set(pixels), key=pixels.count)
    return sum(1 for p in pixels if p != background) / len(pixels)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_both_pages_render_in_headless_chromium(seed_graph: Graph, seed_documents: list[Document],
                                               seed_extractions: list[DocumentExtraction], tmp_path: Path) -> None:
    assert CHROMIUM is not None
    view = render_view(seed_graph, tmp_path / "graph.html", "seeds")
    report = render_report(seed_graph, seed_documents, seed_extractions, [], tmp_path / "report.html")
    # a blank page draws nothing (0.0); the report is mostly text, so it inks less of the middle than the graph
    for page, least in ((view.path, 0.01), (report, 0.004)):
        with HeadlessChromium(CHROMIUM, tmp_path / f"profile-{page.stem}") as browser:
            browser.open(page.as_uri())
            # the graph is laid out by an animated force simulation: wait (in real time) until it is drawn
            shot = browser.screenshot_when(lambda png, least=least: _drawn_share(png) > least, seconds=90)
            (tmp_path / f"{page.stem}.png").write_bytes(shot)
            assert _drawn_share(shot) > least, page  # a drawn graph / highlighted text, not a blank page
            dom = browser.evaluate("document.documentElement.outerHTML")
            assert browser.exceptions == []
        if page == view.path:
            assert "<canvas" in dom and f'content="{view.nodes}"' in dom
        else:
            assert "kg report" in dom and 'class="entity"' in dom


def test_a_runs_report_shows_its_first_articles_and_says_how_many_more(seed_graph: Graph,
                                                                       seed_documents: list[Document],
                                                                       seed_extractions: list[DocumentExtraction],
                                                                       tmp_path: Path) -> None:
    from kg.report import StreamedReport

    report = StreamedReport(tmp_path / "report.html", limit=2)
    report.add(seed_graph, seed_documents[:3], seed_extractions[:3])  # a chunk, then another
    report.add(seed_graph, seed_documents[3:], seed_extractions[3:])
    from kg.report import timeline_rows

    page = report.write(5, seed_graph.label_counts(), seed_graph.type_counts(), timeline_rows(seed_graph),
                        []).read_text(encoding="utf-8")
    assert page.count('class="article"') == 2 and f'id="article-{seed_documents[0].id}"' in page
    assert "3 more were extracted" in page and '<meta name="kg-articles" content="5">' in page
    assert not (tmp_path / "report.html.articles").exists()


def test_a_report_keeps_the_first_rows_of_a_long_answer_and_says_where_the_rest_is(
        falkor_store: Any, seed_graph: Graph) -> None:
    from kg.cli import _answers
    from kg.queries import load_queries, run_query
    from kg.report import report_pieces
    from kg.store.loader import load_graph

    load_graph(falkor_store, seed_graph, 1000)
    seed_store = falkor_store
    query = load_queries()["positions"]
    everything = run_query(seed_store, query)
    first = run_query(seed_store, query, limit=3)
    assert len(everything) > 3 and first == everything[:3]  # cut in the database, in the query's own order
    answers, more = _answers(seed_store, [query])
    assert more == set() and answers[0][1] == everything  # fewer rows than a report keeps: all of them, no note
    page = "".join(report_pieces("kg", 1, {}, {}, ([], 0), [(query, first)], [], 1, more={"positions"}))
    assert page.count("<tr><td>") == 3
    assert "The first 3 rows; <code>kg query positions</code> prints them all." in page
    whole = "".join(report_pieces("kg", 1, {}, {}, ([], 0), [(query, everything)], [], 1))
    assert "The first" not in whole


def test_the_timeline_read_from_a_database_page_by_page_is_the_start_of_the_graphs(
        falkor_store: Any, seed_graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.report
    from kg.report import store_timeline, timeline_rows
    from kg.store.loader import load_graph

    load_graph(falkor_store, seed_graph, 1000)
    rows, undated = timeline_rows(seed_graph)
    monkeypatch.setattr(kg.report, "EVENT_PAGE", 2)  # many pages, each merged into the first rows kept
    first, undated_read, dated = store_timeline(falkor_store, keep=1)
    assert len(rows) > 1 and undated > 2 and (undated_read, dated) == (undated, len(rows))
    assert [(r["date"], r["event"]) for r in first] == [(r["date"], r["event"]) for r in rows[:1]]
