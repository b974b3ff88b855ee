"""Record files: JSON Lines, JSON (an array, or objects one after another) and CSV/TSV, one article per record.

Fields: ``text`` (required), ``id``, ``url``, ``title``, ``date``, ``source``, ``author``; other names by
``RecordFields`` (``kg … --text-field body --date-field published_at``).  Files are read as streams, one record
at a time (a 1 GB export never sits in memory).  A bad record is one ``Skipped`` naming ``file:line`` and the
reason; the records around it are still read.  A JSON file that stops being valid JSON ends there (what follows
cannot be found reliably); so does a file whose first records all lack the text field (a wrong field name).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import BaseModel, ConfigDict

from kg.corpus.document import MAX_BYTES, CorpusError, Document, Skipped, build_document
from kg.corpus.identity import normalize_url, url_id
from kg.corpus.json_stream import CHUNK, json_values
from kg.corpus.text import decode, looks_like_html
from kg.extract.dates import metadata_date

RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json", ".csv", ".tsv"})
#: a file whose first this-many records all lack the text field is given up (one line, not a million)
GIVE_UP_AFTER = 100


class RecordFields(BaseModel):
    """The field (or CSV column) names of a record's parts."""

    model_config = ConfigDict(frozen=True)

    text: str = "text"
    id: str = "id"
    url: str = "url"
    title: str = "title"
    date: str = "date"
    source: str = "source"
    author: str = "author"


Item = tuple[int, dict[str, Any] | str]  # (line, record) or (line, why the record is bad)


def iter_records(path: Path, fields: RecordFields) -> Iterator[Document | Skipped]:
    """Every record of ``path`` as a Document, or a Skipped ``file:line`` naming what is wrong with it."""
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            items = (_csv_items(handle, fields, "\t" if suffix == ".tsv" else None) if suffix in (".csv", ".tsv")
                     else _json_items(handle) if suffix == ".json" else _jsonl_items(handle))
            yield from _documents(path, items, fields)
    except OSError as exc:
        yield Skipped(str(path), f"cannot read ({exc.strerror or exc})")
    except CorpusError as exc:
        yield Skipped(str(path), exc.reason)


def _documents(path: Path, items: Iterable[Item], fields: RecordFields) -> Iterator[Document | Skipped]:
    good = missing_text = 0
    for line, item in items:
        where = f"{path}:{line}"
        if isinstance(item, str):
            yield Skipped(where, item)
            continue
        try:
            document = record_document(item, fields, path, line)
        except CorpusError as exc:
            yield Skipped(where, exc.reason)
            missing_text += fields.text not in item
            if not good and missing_text >= GIVE_UP_AFTER:
                yield Skipped(str(path), f"the first {missing_text} records have no {fields.text!r} field; "
                                         f"stopped reading (choose the text field with --text-field)")
                return
            continue
        good += 1
        yield document


def record_document(record: dict[str, Any], fields: RecordFields, path: Path, line: int) -> Document:
    """One record as a Document (``CorpusError`` with the reason when it cannot be one)."""
    where = f"{path}:{line}"
    if fields.text not in record:
        names = ", ".join(sorted(map(str, record))[:8]) or "none"
        raise CorpusError(where, f"no {fields.text!r} field (fields: {names}; choose one with --text-field)")
    text = record[fields.text]
    if not isinstance(text, str):
        raise CorpusError(where, f"{fields.text!r} is not a string")
    if not text.strip():
        raise CorpusError(where, f"{fields.text!r} is empty")
    if len(text) > MAX_BYTES:
        raise CorpusError(where, f"{fields.text!r} too large ({len(text) / 1e6:.0f} MB; "
                                 f"limit {MAX_BYTES / 1e6:.0f} MB)")
    if looks_like_html(text):  # an API that exports the article body as markup
        from kg.corpus.html import html_text

        text = html_text(text, where)
    url = _url(record.get(fields.url), fields.url, where)
    date = _date(record.get(fields.date), fields.date, where)
    given_id = record.get(fields.id)
    if isinstance(given_id, float) and given_id.is_integer():
        given_id = int(given_id)  # 12.0 from a spreadsheet
    if given_id is not None and (isinstance(given_id, bool) or not isinstance(given_id, (str, int))):
        raise CorpusError(where, f"{fields.id!r} is not a string or whole number")
    given_id = str(given_id).strip() if given_id is not None else ""
    article_id = url_id(url) if url else given_id or f"{path.stem}:{line}"
    return build_document(id=article_id, path=where, raw=text, title=_text(record.get(fields.title)),
                          author=_text(record.get(fields.author)), url=url, date=date,
                          source=_text(record.get(fields.source)))


def _url(value: Any, name: str, where: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    url = normalize_url(value) if isinstance(value, str) else None
    if url is None:
        raise CorpusError(where, f"{name} {_shown(value)} is not an http(s) URL")
    return url


def _date(value: Any, name: str, where: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    date = metadata_date(value)
    if date is None:
        raise CorpusError(where, f"{name} {_shown(value)} is not a date (write it as 2021-05-28, "
                                 f"2021-05-28T09:30:00Z or 'Fri, 28 May 2021')")
    return date


def _text(value: Any) -> str | None:
    """A title, author or source as text: strings as they are, lists of them joined, numbers written out."""
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if isinstance(v, (str, int, float)) and str(v).strip())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


# -- JSON Lines --------------------------------------------------------------------------------------------------
def _lines(handle: BinaryIO) -> Iterator[tuple[int, str | None]]:
    """(line number, decoded line) for every line, None for a line longer than ``MAX_BYTES`` (skipped unread)."""
    if handle.peek(2)[:2] in (b"\xff\xfe", b"\xfe\xff"):  # type: ignore[attr-defined]
        text = io.TextIOWrapper(handle, encoding="utf-16")
        for number, line in enumerate(text, start=1):
            yield number, line if len(line) <= MAX_BYTES else None
        return
    number = 0
    while True:
        raw = handle.readline(MAX_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(CHUNK)
            yield number, None
            continue
        yield number, decode(raw)


def _json_items(handle: BinaryIO) -> Iterator[Item]:
    for line, value, error in json_values(handle, MAX_BYTES):
        yield line, error or (value if isinstance(value, dict) else f"not a JSON object ({type(value).__name__})")


def _jsonl_items(handle: BinaryIO) -> Iterator[Item]:
    for number, line in _lines(handle):
        if line is None:
            yield number, f"line longer than {MAX_BYTES / 1e6:.0f} MB"
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield number, f"not valid JSON ({exc.msg} at column {exc.colno})"
            continue
        yield number, value if isinstance(value, dict) else f"not a JSON object ({type(value).__name__})"


# -- CSV / TSV ---------------------------------------------------------------------------------------------------
def _csv_items(handle: BinaryIO, fields: RecordFields, delimiter: str | None) -> Iterator[Item]:
    lines = (line for _, line in _lines(handle) if line is not None)
    header_line = next(lines, None)
    if header_line is None:
        raise CorpusError(handle.name, "empty file")  # type: ignore[attr-defined]
    if delimiter is None:
        delimiter = max(",;\t|", key=header_line.count) if any(c in header_line for c in ",;\t|") else ","
    csv.field_size_limit(MAX_BYTES)
    rows = csv.reader(_chain(header_line, lines), delimiter=delimiter)
    header = [name.strip() for name in next(rows)]
    if fields.text not in header:
        names = ", ".join(header[:8])
        raise CorpusError(handle.name, f"no {fields.text!r} column (columns: {names}; "  # type: ignore[attr-defined]
                                       f"choose one with --text-field)")
    last = rows.line_num
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            yield last + 1, f"not valid CSV ({exc})"
            last = rows.line_num
            continue
        start, last = last + 1, rows.line_num
        if not row or row == [""]:
            continue
        if len(row) != len(header):
            yield start, f"{len(row)} fields, the header has {len(header)}"
            continue
        yield start, dict(zip(header, row))


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
