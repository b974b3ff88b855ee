"""Articles for the Spark job, from any Hadoop-compatible path (``file:``, ``hdfs://``, ``s3a://`` where the
cluster has that file system): Spark lists and reads the files (``binaryFile``), these functions turn one file's
bytes into documents with ``kg.corpus``'s own readers — plain text, web pages, record files (JSON Lines, JSON,
CSV/TSV) and web archives (WARC) — as ``kg run`` reads the same file from disk.

A document's ``path`` is what ``kg run`` gives for the same input: the input as typed joined with the file's place
under it (so both runs store the same Article), and the full URI for a remote file system.  The same id twice is
read once, the first copy winning in the order ``kg.corpus.iter_paths`` reads (inputs in the order given, files
sorted under each).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from kg.corpus import Document, RecordFields, Skipped, iter_documents
from kg.corpus.reader import is_article_file

#: a file's place in reading order: (input position, path parts under it)
Order = tuple[int, tuple[str, ...]]


def is_uri(given: str) -> bool:
    return "://" in given or given.startswith("file:")


def input_uri(given: str) -> str:
    """The URI Spark lists an input under: local paths made absolute (``file:/abs/path``)."""
    return given.rstrip("/") if is_uri(given) else "file:" + os.path.abspath(given)


def _local(uri: str) -> str:
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri


def user_path(given: str, file_uri: str) -> tuple[str, tuple[str, ...] | None]:
    """(the path ``kg run`` would give the file, its path parts under the input) for a file Spark found under
    ``given``; the parts are None when the file is not under it."""
    root, found = _local(input_uri(given)).rstrip("/"), _local(file_uri)
    if found == root:
        return given, ()
    if not found.startswith(root + "/"):
        return found, None
    relative = PurePosixPath(found[len(root) + 1:])
    return (found if is_uri(given) else str(Path(given) / relative)), relative.parts


def read_file(path: str, data: bytes, fields: RecordFields | None = None) -> Iterator[Document | Skipped]:
    """The articles one file holds — a text file or page one, a record file or web archive any number — or
    Skipped lines saying why not, exactly as ``kg.corpus.iter_documents`` reads the same file from disk.

    The readers read files, so the bytes go to a file of the same name in a temporary folder first; the paths in
    what they give are then the user's again."""
    name = PurePosixPath(path)
    if name.name.startswith("."):
        return
    if not is_article_file(Path(name.name)):
        yield Skipped(path, f"not an article file (extension {name.suffix})")
        return
    with tempfile.TemporaryDirectory(prefix="kg-spark-") as tmp:
        local = Path(tmp) / name.name
        local.write_bytes(data)
        for item in iter_documents(local, fields):
            if isinstance(item, Skipped):
                yield Skipped(_theirs(item.path, local, path), item.reason)
            else:
                yield item.model_copy(update={"path": _theirs(item.path, local, path)})


def _theirs(where: str, local: Path, path: str) -> str:
    """``where`` (a reader's ``file``, ``file:line`` or ``file#record``) with the temporary file's path made the
    user's."""
    return path + where[len(str(local)):] if where.startswith(str(local)) else where
