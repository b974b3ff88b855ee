"""Finding articles in files and folders and reading each kind: plain text, web pages, record files, archives.

| kind | suffixes | one file gives | id |
|---|---|---|---|
| plain text | ``.txt`` ``.text`` ``.md``, none | one article | the file stem |
| web page | ``.html`` ``.htm`` | one article | from its canonical URL, else the file stem |
| records | ``.jsonl`` ``.ndjson`` ``.json`` ``.csv`` ``.tsv`` | one article per record | from its URL, else its id |
| web archive | ``.warc`` ``.warc.gz`` | one article per HTML response | from its target URL |

Reading is lazy (``iter_corpus``): one document at a time, so a large export or archive streams.  trafilatura and
warcio are imported only when a page or archive is read (they take a third of a second to import).  The same id
twice (the same URL as a page and as a record, or two files with one stem) is read once; the later copy is a
``Skipped`` line naming the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.corpus.document import CorpusError, Document, Skipped, build_document, read_bytes
from kg.corpus.records import RECORD_SUFFIXES, RecordFields, iter_records
from kg.corpus.text import decode, looks_like_html

TEXT_SUFFIXES: frozenset[str] = frozenset({".txt", ".text", ".md", ""})
PAGE_SUFFIXES: frozenset[str] = frozenset({".html", ".htm"})


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith((".warc", ".warc.gz"))


def is_article_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in TEXT_SUFFIXES | PAGE_SUFFIXES | RECORD_SUFFIXES or is_archive(path)


def read_document(path: Path) -> Document:
    """Read one plain-text file or web page; raise CorpusError with a one-line reason when it is not an article.

    A plain-text file keeps its file stem as id even when it turns out to hold a saved page (read as a page)."""
    from kg.corpus.html import page_document

    data = read_bytes(path)
    if path.suffix.lower() in PAGE_SUFFIXES:
        return page_document(data, path=str(path), fallback_id=path.stem)
    raw = decode(data)
    if looks_like_html(raw):
        return page_document(raw, path=str(path), fallback_id=path.stem, url_gives_id=False)
    return build_document(id=path.stem, path=str(path), raw=raw)


def iter_documents(path: Path, fields: RecordFields | None = None) -> Iterator[Document | Skipped]:
    """Every article one file holds (one for a text file or page, any number for records and archives)."""
    if path.suffix.lower() in RECORD_SUFFIXES:
        yield from iter_records(path, fields or RecordFields())
    elif is_archive(path):
        from kg.corpus.warc import iter_archive

        yield from iter_archive(path)
    else:
        try:
            yield read_document(path)
        except CorpusError as exc:
            yield Skipped(str(path), exc.reason)


def iter_paths(inputs: Iterable[Path]) -> Iterator[Path | Skipped]:
    """Expand files and folders (recursively, sorted, following no symlink loops) into article paths."""
    for root in inputs:
        if not root.exists():
            yield Skipped(str(root), "no such file or folder")
        elif root.is_dir():
            seen: set[Path] = set()
            for path in sorted(root.rglob("*")):
                if path.is_dir() or path.name.startswith("."):
                    continue
                if not is_article_file(path):
                    yield Skipped(str(path), f"not an article file (extension {path.suffix})")
                    continue
                try:
                    real = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    yield Skipped(str(path), "broken or looping symlink")
                    continue
                if real not in seen:
                    seen.add(real)
                    yield path
        else:
            yield root


def iter_corpus(inputs: Iterable[Path], fields: RecordFields | None = None) -> Iterator[Document | Skipped]:
    """Every article of ``inputs`` in reading order, and a Skipped for each input (or record) not read; an id
    already read (the first copy wins) is skipped too."""
    first: dict[str, str] = {}
    for item in iter_paths(inputs):
        if isinstance(item, Skipped):
            yield item
            continue
        for document in iter_documents(item, fields):
            if isinstance(document, Document):
                if document.id in first:
                    yield Skipped(document.path, f"duplicate article id {document.id!r} (already read from "
                                                 f"{first[document.id]})")
                    continue
                first[document.id] = document.path
            yield document


def read_corpus(inputs: Iterable[Path], fields: RecordFields | None = None) -> tuple[list[Document], list[Skipped]]:
    """All readable documents (sorted by id, first path wins on a repeated id) and the inputs skipped."""
    documents: list[Document] = []
    skipped: list[Skipped] = []
    for item in iter_corpus(inputs, fields):
        (documents if isinstance(item, Document) else skipped).append(item)  # type: ignore[arg-type]
    return sorted(documents, key=lambda d: d.id), skipped
