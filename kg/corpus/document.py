"""The boundary types of reading: a cleaned ``Document``, an input ``Skipped`` with its reason, ``CorpusError``.

``build_document`` is the one way every reader makes a Document: it cleans the text (``kg.corpus.text``), lets
the metadata a page or record gives win over what the text suggests, leads the text with the headline, and
computes the ``sha256`` the incremental load keys on.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from kg.corpus.text import clean_text

MAX_BYTES = 20 * 1024 * 1024  # one article (a file, a record, an archived page)


class Document(BaseModel):
    """One cleaned article.

    ``id`` is the file stem of a plain-text file; an article with a URL (a page's canonical URL, a record's
    ``url``, an archived page's target URL) has an id derived from it, so the same URL read twice is one article;
    a record without one uses its ``id`` field, else ``<file stem>:<line>``.  ``date`` is the publication date
    the page or record states (None: extraction looks for a dateline in the text)."""

    id: str = Field(min_length=1)
    path: str
    text: str
    title: str | None = None
    author: str | None = None
    url: str | None = None
    date: str | None = None
    source: str | None = None
    sha256: str
    dropped_lines: int = 0
    duplicate_paragraphs: int = 0


@dataclass(frozen=True)
class Skipped:
    """An input (a file, a record ``file:line``, an archive record ``file#n``) not read, with a one-line reason."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class CorpusError(Exception):
    """An input could not be turned into a Document; the message is one line naming it."""

    def __init__(self, where: Path | str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.reason = reason


def _same_line(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a.casefold()).strip() == re.sub(r"\W+", " ", b.casefold()).strip()


def build_document(*, id: str, path: str, raw: str, title: str | None = None, author: str | None = None,
                   url: str | None = None, date: str | None = None, source: str | None = None) -> Document:
    """Clean ``raw`` into a Document.  Metadata given here (from a page or record) wins over the headline and
    byline found in the text; a given title not already the first line leads the text, as a headline does in a
    plain-text article.  The sha256 covers the text and the given metadata (so an edited date counts as a
    change); a plain-text file, which gives none, keeps the sha256 of its text alone."""
    text, found_title, byline, dropped, duplicates = clean_text(raw)
    if not text:
        raise CorpusError(path, "no article text after cleaning")
    given = {k: v for k, v in (("title", title), ("author", author), ("url", url), ("date", date),
                               ("source", source)) if v}
    if title:
        title = " ".join(title.split())
        if not _same_line(text.split("\n", 1)[0], title):
            text = f"{title}\n{text}"
    content = text if not given else text + "\n\x00" + json.dumps(given, sort_keys=True, ensure_ascii=False)
    return Document(id=id, path=path, text=text, title=title or found_title, author=author or byline, url=url,
                    date=date, source=source, sha256=hashlib.sha256(content.encode("utf-8")).hexdigest(),
                    dropped_lines=dropped, duplicate_paragraphs=duplicates)


def read_bytes(path: Path) -> bytes:
    """A whole article file, checked: readable, at most ``MAX_BYTES``, not empty, not binary."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CorpusError(path, f"cannot read ({exc.strerror or exc})") from None
    if size > MAX_BYTES:
        raise CorpusError(path, f"too large ({size / 1e6:.0f} MB; limit {MAX_BYTES / 1e6:.0f} MB)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, f"cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise CorpusError(path, "empty file")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CorpusError(path, "binary file, not text")
    return data
