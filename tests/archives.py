"""Web archives written for the tests with warcio: the records a crawl of a news site holds."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass(frozen=True)
class Capture:
    """One fetched URL: what the server answered and when it was captured."""

    url: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    date: str = "2021-05-29T08:00:00Z"
    gzip_encoded: bool = False  # Content-Encoding: gzip, as servers send it
    extra_headers: list[tuple[str, str]] = field(default_factory=list)


def write_warc(path: Path, captures: list[Capture], with_requests: bool = True) -> Path:
    """A WARC (gzip-compressed per record when ``path`` ends in .gz): a warcinfo record, then per capture a
    request (optional) and its response."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        info = writer.create_warcinfo_record(path.name, {"software": "kg tests", "format": "WARC File Format 1.1"})
        writer.write_record(info)
        for capture in captures:
            if with_requests:
                request = StatusAndHeaders("GET / HTTP/1.1", [("Host", capture.url.split("/")[2])], is_http_request=True)
                writer.write_record(writer.create_warc_record(capture.url, "request", payload=io.BytesIO(b""),
                                                              http_headers=request,
                                                              warc_headers_dict={"WARC-Date": capture.date}))
            body = gzip.compress(capture.body) if capture.gzip_encoded else capture.body
            headers = [("Content-Type", capture.content_type), ("Content-Length", str(len(body))),
                       *capture.extra_headers]
            if capture.gzip_encoded:
                headers.append(("Content-Encoding", "gzip"))
            http = StatusAndHeaders(capture.status, headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(capture.url, "response", payload=io.BytesIO(body),
                                                          http_headers=http,
                                                          warc_headers_dict={"WARC-Date": capture.date}))
    return path
