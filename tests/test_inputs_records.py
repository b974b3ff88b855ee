"""Record files: JSON Lines, a JSON array and CSV, one article per record, read as streams; a bad record is one
line naming file:line and the reason, the others are read."""

from __future__ import annotations

import csv
import json
import tracemalloc
from itertools import islice
from pathlib import Path

import pytest

from kg.corpus import Document, RecordFields, Skipped, iter_corpus, read_corpus

TALKS = "Russian Defense Minister Sergei Shoigu met Armenian Defense Minister Davit Tonoyan in Moscow on Friday."
TOR = "Russia will deliver six Tor-M2KM air defense systems to Armenia, the ministry said.\n\nThe deal was signed."
RECORDS = [
    {"id": "a-1", "url": "https://www.news.example.am/en/talks/?utm_medium=social", "title": "Shoigu meets Tonoyan",
     "date": "2019-04-12T09:30:00+04:00", "source": "Example News", "author": "Anna Petrosyan", "text": TALKS},
    {"id": 2, "title": "Tor-M2KM deal", "date": "Thu, 21 Sep 2017 10:00:00 GMT", "text": TOR},
    {"text": "Armenia is a member of the Collective Security Treaty Organization."},
]


def _check_good(documents: list[Document], stem: str, third_line: int) -> None:
    by_id = {d.id: d for d in documents}
    assert sorted(by_id) == sorted(["news.example.am/en/talks", "2", f"{stem}:{third_line}"])
    talks = by_id["news.example.am/en/talks"]  # the URL gives the id, not the record's own id field
    assert (talks.url, talks.title, talks.date, talks.source, talks.author) == (
        "https://www.news.example.am/en/talks/", "Shoigu meets Tonoyan", "2019-04-12", "Example News",
        "Anna Petrosyan")
    assert talks.text == f"Shoigu meets Tonoyan\n{TALKS}"  # the title leads the text, as a headline does
    tor = by_id["2"]
    assert (tor.date, tor.url, tor.text) == ("2017-09-21", None, "Tor-M2KM deal\n" + TOR.replace("\n\n", "\n"))
    assert by_id[f"{stem}:{third_line}"].date is None


def test_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    documents, skipped = read_corpus([path])
    assert skipped == []
    _check_good(documents, "export", 3)
    assert {d.path for d in documents} == {f"{path}:1", f"{path}:2", f"{path}:3"}


def test_json_array_and_objects_one_after_another(tmp_path: Path) -> None:
    array = tmp_path / "array.json"
    array.write_text(json.dumps(RECORDS, indent=2), encoding="utf-8")
    documents, skipped = read_corpus([array])
    assert skipped == []
    starts = [i + 1 for i, line in enumerate(json.dumps(RECORDS, indent=2).split("\n")) if line == "  {"]
    _check_good(documents, "array", starts[2])  # the line where the third record starts
    concatenated = tmp_path / "dump.json"
    concatenated.write_text("\n".join(json.dumps(r, indent=1) for r in RECORDS), encoding="utf-8")
    assert len(read_corpus([concatenated])[0]) == 3


def test_csv_with_quoted_paragraphs_and_a_tsv(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "url", "title", "date", "source", "author", "text"])
        writer.writeheader()
        for record in RECORDS:
            writer.writerow(record)
    documents, skipped = read_corpus([path])
    assert skipped == []
    _check_good(documents, "export", 6)  # the second record's text spans three lines
    tsv = tmp_path / "export.tsv"
    tsv.write_text("text\tdate\n" + TALKS + "\t2019-04-12\n", encoding="utf-8")
    [document] = read_corpus([tsv])[0]
    assert (document.id, document.date, document.text) == ("export:2", "2019-04-12", TALKS)


def test_a_text_field_holding_markup_is_read_as_a_page_body(tmp_path: Path) -> None:
    path = tmp_path / "api.jsonl"
    body = (f"<div class='story'><p>{TALKS}</p><p>They signed a plan of military cooperation.</p>"
            f"<div class='share'><a href='#'>Share</a> <a href='#'>Tweet</a></div></div>")
    path.write_text(json.dumps({"id": 7.0, "title": "Talks", "text": body}) + "\n", encoding="utf-8")
    [document] = read_corpus([path])[0]
    assert (document.id, document.text) == ("7", f"Talks\n{TALKS}\nThey signed a plan of military cooperation.")


def test_other_field_names(tmp_path: Path) -> None:
    path = tmp_path / "api.jsonl"
    path.write_text(json.dumps({"uuid": "x1", "link": "https://news.example.am/x", "headline": "Talks",
                                "published_at": "2019-04-12", "outlet": "Example", "body": TALKS}) + "\n")
    fields = RecordFields(text="body", id="uuid", url="link", title="headline", date="published_at",
                          source="outlet")
    [document] = read_corpus([path], fields)[0]
    assert (document.id, document.title, document.date, document.source) == (
        "news.example.am/x", "Talks", "2019-04-12", "Example")
    assert [s.reason for s in read_corpus([path])[1]] == [
        "no 'text' field (fields: body, headline, link, outlet, published_at, uuid; choose one with --text-field)"]


BAD_JSONL = [
    ('{"text": "%s"' % TALKS, "not valid JSON (Expecting ',' delimiter at column 115)"),
    ('["a list"]', "not a JSON object (list)"),
    ('{"body": "x"}', "no 'text' field (fields: body; choose one with --text-field)"),
    ('{"text": "   "}', "'text' is empty"),
    ('{"text": {"en": "x"}}', "'text' is not a string"),
    ('{"text": "%s", "date": "last Friday"}' % TALKS,
     "date 'last Friday' is not a date (write it as 2021-05-28, 2021-05-28T09:30:00Z or 'Fri, 28 May 2021')"),
    ('{"text": "%s", "url": "www.example.am/x"}' % TALKS, "url 'www.example.am/x' is not an http(s) URL"),
    ('{"text": "%s", "id": [1, 2]}' % TALKS, "'id' is not a string or whole number"),
    ('{"text": "%s", "id": "a-1"}' % TALKS, None),  # a second record with id a-1: a duplicate
]


def test_bad_records_are_one_line_each_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "scrape.jsonl"
    lines = [json.dumps({"id": "a-1", "text": TALKS})]
    for line, _ in BAD_JSONL:
        lines += [line, json.dumps({"text": f"Record after line {len(lines) + 1}: {TALKS}"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    documents, skipped = read_corpus([path])
    expected = {f"{path}:{2 + 2 * i}": reason for i, (_, reason) in enumerate(BAD_JSONL) if reason}
    expected[f"{path}:{2 + 2 * (len(BAD_JSONL) - 1)}"] = f"duplicate article id 'a-1' (already read from {path}:1)"
    assert {s.path: s.reason for s in skipped} == expected
    assert len(documents) == 1 + len(BAD_JSONL)  # the first record and every record after a bad one


def test_bad_csv_rows_and_a_broken_json_array(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f'id,text\n1,"{TALKS}"\n2,"{TALKS}",extra\n3\n4,""\n5,"{TALKS}"\n', encoding="utf-8")
    documents, skipped = read_corpus([path])
    assert [d.id for d in documents] == ["1", "5"]
    assert [(s.path, s.reason) for s in skipped] == [(f"{path}:3", "3 fields, the header has 2"),
                                                     (f"{path}:4", "1 fields, the header has 2"),
                                                     (f"{path}:5", "'text' is empty")]
    no_text = tmp_path / "other.csv"
    no_text.write_text("id,body\n1,x\n")
    assert [(s.path, s.reason) for s in read_corpus([no_text])[1]] == [
        (str(no_text), "no 'text' column (columns: id, body; choose one with --text-field)")]
    broken = tmp_path / "broken.json"
    broken.write_text(f'[\n {{"text": "{TALKS}"}},\n {{"text": "cut off\n', encoding="utf-8")
    documents, skipped = read_corpus([broken])
    assert len(documents) == 1 and [s.path for s in skipped] == [f"{broken}:3"]
    assert skipped[0].reason.startswith("not valid JSON (") and "the rest of the file is not read" in skipped[0].reason


def test_a_wrong_text_field_stops_after_the_first_hundred_records(tmp_path: Path) -> None:
    path = tmp_path / "api.jsonl"
    path.write_text("".join(json.dumps({"body": f"article {i}"}) + "\n" for i in range(10_000)))
    skipped = list(iter_corpus([path]))
    assert len(skipped) == 101 and all(isinstance(s, Skipped) for s in skipped)
    assert skipped[-1] == Skipped(str(path), "the first 100 records have no 'text' field; stopped reading "
                                             "(choose the text field with --text-field)")


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv"])
def test_large_files_stream(tmp_path: Path, suffix: str) -> None:
    """The first articles of a 40 MB export are there after reading a few MB: the file is read record by record,
    never whole (``make bench`` measures a whole pass: memory stays flat as the file grows)."""
    article = " ".join([TALKS] * 80)  # ~8 KB of text per record
    path = tmp_path / f"big{suffix}"
    records = ({"id": str(i), "text": f"{i}. {article}"} for i in range(5000))
    with path.open("w", encoding="utf-8", newline="") as handle:
        if suffix == ".csv":
            writer = csv.DictWriter(handle, fieldnames=["id", "text"])
            writer.writeheader()
            writer.writerows(records)
        elif suffix == ".json":
            handle.write("[" + ",\n".join(json.dumps(r) for r in records) + "]")
        else:
            handle.writelines(json.dumps(r) + "\n" for r in records)
    assert path.stat().st_size > 40_000_000
    tracemalloc.start()
    try:
        first = [item for item in islice(iter_corpus([path]), 20)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.id for d in first] == [str(i) for i in range(20)]
    assert peak < 5_000_000, f"peak {peak / 1e6:.1f} MB for the first 20 records of {path.stat().st_size / 1e6:.0f} MB"
