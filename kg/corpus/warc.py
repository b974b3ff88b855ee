"""Web archives (``.warc``, ``.warc.gz``) with warcio: every HTML response record is an article.

Its id and ``url`` come from the record's target URL; its date is the page's publication date, else the text's
dateline, else the day it was captured (``WARC-Date``).  Requests, metadata, revisits, non-HTML responses
(images, scripts, style sheets) and error pages (status other than 2xx) are passed over silently: they are not
articles.  An HTML page with no article text is one ``Skipped`` line (``file#record``).  A damaged archive (cut
short, or garbage where a record should start) ends with one line saying where, and the articles read before the
damage are kept; a file that is no WARC at all is one line.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from kg.corpus.document import MAX_BYTES, CorpusError, Document, Skipped
from kg.corpus.html import page_document
from kg.extract.dates import metadata_date

HTML_TYPES = ("text/html", "application/xhtml+xml")
#: what warcio raises on a record it cannot parse (a cut header shows as a missing field)
_DAMAGE = (ArchiveLoadFailed, zlib.error, EOFError, ValueError, AttributeError, IndexError, KeyError)


class _Damaged(Exception):
    pass


def _starts_as_warc(head: bytes) -> bool:
    if head[:2] == b"\x1f\x8b":  # gzip: one member per record
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def iter_archive(path: Path) -> Iterator[Document | Skipped]:
    """The articles of one archive, in record order, and a Skipped for each HTML page that gave none."""
    number = articles = 0
    try:
        with path.open("rb") as handle:
            if not _starts_as_warc(handle.read(4096)):
                yield Skipped(str(path), "not a WARC archive (it does not start with a WARC/1.x record)")
                return
            handle.seek(0)
            records = ArchiveIterator(handle)
            end = 0
            for record in _records(records):
                number += 1
                if not record.rec_headers.get_header("Content-Length"):  # mandatory: a cut record header
                    raise _Damaged("a record header is cut short")
                item = _article(path, number, record)
                record.raw_stream.read()
                if record.raw_stream.limit:
                    raise _Damaged("the record is cut short")
                records.read_to_end(record)
                end = records.get_record_offset() + records.get_record_length()
                if item is not None:
                    articles += isinstance(item, Document)
                    yield item
            handle.seek(end)
            if handle.read(64).strip():
                number += 1
                raise _Damaged("what follows the last complete record is not a record")
    except OSError as exc:
        yield Skipped(str(path), f"cannot read ({exc.strerror or exc})")
    except (_Damaged, *_DAMAGE) as exc:
        detail = " ".join(str(exc).split())[:120] or type(exc).__name__
        yield Skipped(f"{path}#{number}", f"damaged archive ({detail}); {articles} articles read before it")


def _records(records: ArchiveIterator) -> Iterator[Any]:
    """warcio's records, its parse errors raised as ``_Damaged``."""
    iterator = iter(records)
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except _DAMAGE as exc:
            raise _Damaged(" ".join(str(exc).split())[:120] or type(exc).__name__) from None
        yield record


def _article(path: Path, number: int, record: Any) -> Document | Skipped | None:
    """The article an HTML response holds (a Skipped when it holds none), None for every other record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if not status.startswith("2") or not content_type.startswith(HTML_TYPES):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"{path}#{number}"
    payload = record.content_stream().read(MAX_BYTES + 1)
    if len(payload) > MAX_BYTES:
        return Skipped(where, f"{url}: page too large (limit {MAX_BYTES / 1e6:.0f} MB)")
    captured = metadata_date(record.rec_headers.get_header("WARC-Date") or "")
    try:
        return page_document(payload, path=where, fallback_id=f"{path.name}#{number}", url=url,
                             fallback_date=captured)
    except CorpusError as exc:
        return Skipped(where, f"{url}: {exc.reason}")
