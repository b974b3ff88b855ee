"""Web pages: main text and metadata with trafilatura/htmldate; the seeds and test articles wrapped in page
furniture written for these tests (tests/pages.py) give the same facts as the plain texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pages import COMMENTS, COOKIE, RELATED, STYLES, Article, page

from kg.corpus import Document, read_corpus, read_document
from kg.corpus.html import page_document
from kg.extract import Extractor
from kg.extract.dates import article_date, metadata_date
from kg.model import Graph, slugify
from kg.resolve import build_graph

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def plain_documents() -> list[Document]:
    documents, skipped = read_corpus([REPO / "seeds", REPO / "tests" / "corpus"])
    assert not skipped and len(documents) == 25
    return documents


def wrapped(document: Document) -> Article:
    """The plain article as a page shows it: headline, paragraphs, its dateline's date, byline, canonical URL."""
    lines = document.text.split("\n")
    return Article(paragraphs=lines[1:] if document.title else lines, title=document.title,
                   date=article_date(document.text), author=document.author,
                   url=f"https://www.news.example.am/en/{document.id}/?utm_source=telegram")


def test_metadata_and_main_text_of_a_page(tmp_path: Path) -> None:
    article = Article(paragraphs=["Russian Defense Minister Sergei Shoigu met Armenian Defense Minister Davit "
                                  "Tonoyan in Moscow on Friday.", "They signed a plan of military cooperation."],
                      title="Shoigu and Tonoyan sign cooperation plan", date="2019-04-12", author="Anna Petrosyan",
                      url="https://www.news.example.am/en/2019/04/12/plan/")
    for style in STYLES:
        path = tmp_path / f"{style}.html"
        path.write_text(page(article, style), encoding="utf-8")
        document = read_document(path)
        assert document.id == "news.example.am/en/2019/04/12/plan", style
        assert document.url == "https://www.news.example.am/en/2019/04/12/plan/"
        assert (document.title, document.author, document.date, document.source) == (
            "Shoigu and Tonoyan sign cooperation plan", "Anna Petrosyan", "2019-04-12", "Caucasus Defense Review")
        assert document.text.split("\n")[0] == article.title  # the headline leads the text, as in a .txt
        furniture = [COOKIE, *RELATED, *(said for _, said in COMMENTS), "Share", "Subscribe", "Print version",
                     "All rights reserved", "Advertisement", "Read also", "Telegram"]
        assert not [f for f in furniture if f in document.text], style


def test_a_page_without_a_canonical_url_keeps_its_file_stem(tmp_path: Path) -> None:
    html = page(Article(paragraphs=["Armenia is a member of the Collective Security Treaty Organization."],
                        url="https://x.example/a"), "blog").replace('<link rel="canonical" href="https://x.example/a">',
                                                                    "")
    path = tmp_path / "saved page.htm"
    path.write_text(html, encoding="utf-8")
    document = read_document(path)
    assert (document.id, document.url, document.date) == ("saved page", None, None)


def test_the_date_comes_from_markup_not_from_the_prose() -> None:
    html = page(Article(paragraphs=["The treaty signed on March 16, 2010 extended the base lease until 2044."],
                        url="https://news.example.am/a"), "modern")
    assert page_document(html, path="a.html", fallback_id="a").date is None


def _facts(graph: Graph, article_id: str) -> object:
    """The graph as canonical JSON with the article's id replaced by one placeholder (a page's id comes from its
    URL, a plain file's from its name; meetings and agreements without a date are named after the article)."""
    dump = graph.normalized().model_dump()
    dump["nodes"] = {k: v for k, v in dump["nodes"].items() if v["label"] != "Article"}  # path, URL, sha256 differ
    text = json.dumps(dump, sort_keys=True, ensure_ascii=False)
    return json.loads(text.replace(article_id, "ARTICLE").replace(slugify(article_id), "ARTICLE"))


def test_wrapped_seeds_and_test_articles_give_the_same_facts(extractor: Extractor,
                                                             plain_documents: list[Document]) -> None:
    pages: list[Document] = []
    for document in plain_documents:
        for style in STYLES:
            pages.append(page_document(page(wrapped(document), style), path=f"{document.id}.{style}.html",
                                       fallback_id=document.id))
    plain = {d.id: d for d in plain_documents}
    same_text = 0
    for page_doc in pages:
        original = plain[page_doc.url.rsplit("/", 2)[-2]]  # type: ignore[union-attr]
        ours, theirs = page_doc.text.split("\n"), original.text.split("\n")
        same_text += ours == theirs
        # the only difference allowed: a date stamp of the page's own date ("07.11.2019 | 15:20") is left out
        assert [line for line in theirs if line not in ours] == [
            line for line in theirs if line not in ours and metadata_date(line.split(" ")[0]) == page_doc.date]
        assert [line for line in ours if line not in theirs] == [], page_doc.path
    assert same_text >= len(pages) * 9 // 10
    expected = {e.article.id: _facts(build_graph([e]), e.article.id) for e in extractor.extract_many(plain_documents)}
    different = []
    for page_doc, extraction in zip(pages, extractor.extract_many(pages)):
        original_id = page_doc.url.rsplit("/", 2)[-2]  # type: ignore[union-attr]
        if _facts(build_graph([extraction]), page_doc.id) != expected[original_id]:
            different.append(page_doc.path)
    assert different == []  # 25 articles x 4 page styles
