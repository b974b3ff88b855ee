"""Web archives (WARC) built here with warcio: each HTML response is an article with its target URL and date;
requests, images, error pages and revisits are passed over; damage ends the archive with one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from archives import Capture, write_warc
from warcio.archiveiterator import ArchiveIterator
from pages import Article, page

from kg.corpus import Document, Skipped, iter_corpus, read_corpus

TALKS = Article(paragraphs=["Russian Defense Minister Sergei Shoigu met Armenian Defense Minister Davit Tonoyan in "
                            "Moscow on Friday.", "The two ministers signed a plan of military cooperation."],
                title="Shoigu and Tonoyan sign cooperation plan", date="2019-04-12", author="Anna Petrosyan",
                url="https://www.news.example.am/en/2019/04/12/plan/")
UNDATED = Article(paragraphs=["Russia will deliver six Tor-M2KM air defense systems to Armenia, the ministry said on "
                              "Thursday.", "The contract was signed in Moscow."],
                  title="Russia to deliver Tor-M2KM systems", url="https://news.example.am/en/tor/")


def captures() -> list[Capture]:
    return [
        Capture("https://www.news.example.am/en/2019/04/12/plan/?utm_source=rss", page(TALKS, "modern").encode()),
        Capture("https://news.example.am/static/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
        Capture("https://news.example.am/static/site.css", b"body { color: #222 }", "text/css"),
        Capture("https://news.example.am/missing", b"<html><body><p>Page not found.</p></body></html>",
                status="404 Not Found"),
        Capture("https://news.example.am/en/tor/", page(UNDATED, "portal").encode("cp1251", "replace"),
                "text/html; charset=windows-1251", date="2017-09-22T06:10:00Z", gzip_encoded=True),
        Capture("https://news.example.am/en/menu/", b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News"
                                                    b"</a></nav></body></html>"),
    ]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_each_html_response_is_an_article_with_its_url_and_date(tmp_path: Path, name: str) -> None:
    path = write_warc(tmp_path / name, captures())
    items = list(iter_corpus([path]))
    documents = [i for i in items if isinstance(i, Document)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [d.id for d in documents] == ["news.example.am/en/2019/04/12/plan", "news.example.am/en/tor"]
    talks, tor = documents
    assert talks.url == "https://www.news.example.am/en/2019/04/12/plan/"  # the tracking parameter is gone
    assert (talks.title, talks.date, talks.author, talks.source) == (TALKS.title, "2019-04-12", "Anna Petrosyan",
                                                                     "Caucasus Defense Review")
    assert talks.text.split("\n") == [TALKS.title, *TALKS.paragraphs]
    # no date in the page and no dateline: the day it was captured
    assert (tor.date, tor.text.split("\n")[1]) == ("2017-09-22", UNDATED.paragraphs[0])
    assert talks.path == f"{path}#3" and tor.path == f"{path}#11"  # record numbers (warcinfo, request, response…)
    # the image, the style sheet, the 404 and the requests are not articles; the menu-only page is said
    assert [(s.path, s.reason) for s in skipped] == [
        (f"{path}#13", "https://news.example.am/en/menu/: no article text in the page (only menus, links or buttons)")]


def _record_spans(path: Path) -> list[tuple[int, int]]:
    """(offset, length) of every record of an archive, as stored (compressed for .gz)."""
    spans = []
    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        for record in records:
            records.read_to_end(record)
            spans.append((records.get_record_offset(), records.get_record_length()))
    return spans


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
@pytest.mark.parametrize("record,where", [(2, 0.5), (4, 0.5), (10, 0.9), (12, 0.02), (12, 0.5)])
def test_a_damaged_archive_keeps_what_was_read_before(tmp_path: Path, name: str, record: int,
                                                      where: float) -> None:
    whole = write_warc(tmp_path / name.replace("cut", "whole"), captures())
    offset, length = _record_spans(whole)[record]
    cut = tmp_path / name
    cut.write_bytes(whole.read_bytes()[: offset + max(1, int(length * where))])  # a copy that stopped part-way
    documents, skipped = read_corpus([cut])
    assert [(s.path, s.reason[:16]) for s in skipped] == [(f"{cut}#{record + 1}", "damaged archive ")]
    assert skipped[0].reason.endswith(f"; {len(documents)} articles read before it")
    complete = read_corpus([whole])[0]
    assert [(d.id, d.text) for d in documents] == [(d.id, d.text) for d in complete[:len(documents)]]
    assert len(documents) == (0 if record <= 2 else 1 if record <= 10 else 2)  # never a half-read page


def test_a_file_that_is_not_an_archive(tmp_path: Path) -> None:
    fake = tmp_path / "notes.warc"
    fake.write_text("These are my notes, not an archive.\n")
    documents, skipped = read_corpus([fake])
    assert documents == [] and [(s.path, s.reason) for s in skipped] == [
        (str(fake), "not a WARC archive (it does not start with a WARC/1.x record)")]


def test_a_url_read_as_a_page_and_from_an_archive_is_one_article(tmp_path: Path) -> None:
    (tmp_path / "saved.html").write_text(page(TALKS, "blog"), encoding="utf-8")
    write_warc(tmp_path / "crawl.warc.gz", captures()[:1])
    documents, skipped = read_corpus([tmp_path])
    assert [d.id for d in documents] == ["news.example.am/en/2019/04/12/plan"]
    assert [s.reason for s in skipped] == [
        f"duplicate article id 'news.example.am/en/2019/04/12/plan' (already read from {tmp_path / 'crawl.warc.gz'}#3)"]
