"""Web archives (``.warc``, ``.warc.gz``) with warcio: every HTML response record is an article.

Its id and ``url`` come from the record's target URL; its date is the page's publication date, else the text's
dateline, else the day it was captured (``WARC-Date``).  Requests, metadata, revisits, non-HTML responses
(images, scripts, style sheets) and error pages (status other than 2xx) are passed over silently: they are not
articles.  An HTML page with no article text is one ``Skipped`` line (``file#record``); a damaged archive ends
with one line saying where, and the articles read before the damage are kept.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from kg.corpus.document import MAX_BYTES, CorpusError, Document, Skipped
from kg.corpus.html import page_document
from kg.extract.dates import metadata_date

HTML_TYPES = ("text/html", "application/xhtml+xml")


def iter_archive(path: Path) -> Iterator[Document | Skipped]:
    """The articles of one archive, in record order, and a Skipped for each HTML page that gave none."""
    number = articles = 0
    try:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                number += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode() or ""
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                if not status.startswith("2") or not content_type.startswith(HTML_TYPES):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                where = f"{path}#{number}"
                payload = record.content_stream().read(MAX_BYTES + 1)
                if len(payload) > MAX_BYTES:
                    yield Skipped(where, f"{url}: page too large (limit {MAX_BYTES / 1e6:.0f} MB)")
                    continue
                captured = metadata_date(record.rec_headers.get_header("WARC-Date") or "")
                try:
                    document = page_document(payload, path=where, fallback_id=f"{path.name}#{number}", url=url,
                                             fallback_date=captured)
                except CorpusError as exc:
                    yield Skipped(where, f"{url}: {exc.reason}")
                    continue
                articles += 1
                yield document
    except OSError as exc:
        yield Skipped(str(path), f"cannot read ({exc.strerror or exc})")
    except (ArchiveLoadFailed, zlib.error, EOFError, ValueError) as exc:
        detail = " ".join(str(exc).split())[:120] or type(exc).__name__
        yield Skipped(f"{path}#{number + 1}", f"damaged or not a WARC archive ({detail}); "
                                             f"{articles} articles read before it")
