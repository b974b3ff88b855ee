"""Reading, decoding, cleaning and de-duplicating articles.

A ``Document`` holds the *cleaned* text: web boilerplate lines dropped, repeated paragraphs collapsed, one
paragraph per line.  Every character offset produced downstream points into that cleaned text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from kg.data import read_text
from pathlib import Path
from typing import Iterable, Iterator

from pydantic import BaseModel, Field

TEXT_SUFFIXES: frozenset[str] = frozenset({".txt", ".text", ".md", ""})
MAX_BYTES = 20 * 1024 * 1024


class Document(BaseModel):
    """One cleaned article.  ``id`` is the file name stem."""

    id: str = Field(min_length=1)
    path: str
    text: str
    title: str | None = None
    author: str | None = None
    sha256: str
    dropped_lines: int = 0
    duplicate_paragraphs: int = 0


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, with a one-line reason."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class CorpusError(Exception):
    """A file could not be turned into a Document; the message is one line naming the file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.reason = reason


# -- boilerplate patterns are data (kg/data/boilerplate.txt) ---------------------------------------------------
@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    text = read_text("boilerplate.txt")
    return tuple(
        re.compile(line, re.IGNORECASE)
        for line in (raw.strip() for raw in text.splitlines())
        if line and not line.startswith("#")
    )


_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def is_boilerplate(line: str) -> bool:
    """A line that is web furniture rather than article prose."""
    stripped = line.strip()
    if not stripped:
        return False
    if any(p.fullmatch(stripped) for p in boilerplate_patterns()):
        return True
    letters = _LETTER.findall(stripped)
    # a short line written in a non-Latin script (menu labels, "accessibility links" in Armenian or Russian)
    if letters and not _LATIN.search(stripped) and len(stripped.split()) <= 8:
        return True
    return False


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _paragraph_key(paragraph: str) -> str:
    return re.sub(r"\W+", " ", paragraph.casefold()).strip()


_BYLINE = re.compile(r"(?:By|BY|Written by|Author:)\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(raw: str) -> tuple[str, str | None, str | None, int, int]:
    """Return (cleaned text, title, byline author, boilerplate lines dropped, duplicate paragraphs dropped).

    The cleaned text has one paragraph per line; the title is the first short line without final punctuation
    that precedes the body (a headline), when there is one.
    """
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    raw = _CONTROL.sub(" ", raw)  # scraping debris (bell, backspace, form feed…): never part of the prose
    kept: list[str] = []
    seen: set[str] = set()
    dropped = duplicates = 0
    author: str | None = None
    for line in raw.split("\n"):
        line = re.sub(r"[ \t]+", " ", line).strip()
        if not line:
            continue
        byline = _BYLINE.fullmatch(line)
        if byline and author is None and len(kept) <= 3:
            author = byline.group(1)
            continue
        if is_boilerplate(line):
            dropped += 1
            continue
        key = _paragraph_key(line)
        if not key:
            dropped += 1
            continue
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        kept.append(line)
    title = None
    if len(kept) > 1 and len(kept[0].split()) <= 16 and not kept[0].endswith((".", "”", '"', ":")):
        title = kept[0]
    return "\n".join(kept), title, author, dropped, duplicates


def read_document(path: Path) -> Document:
    """Read and clean one file; raise CorpusError with a one-line reason when it is not a usable article."""
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
    raw = decode(data)
    if re.search(r"<(html|body|div|p|script)\b", raw[:2000], re.IGNORECASE):
        raise CorpusError(path, "looks like an HTML page; save the article text instead")
    text, title, author, dropped, duplicates = clean_text(raw)
    if not text:
        raise CorpusError(path, "no article text after cleaning")
    return Document(
        id=path.stem,
        path=str(path),
        text=text,
        title=title,
        author=author,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        dropped_lines=dropped,
        duplicate_paragraphs=duplicates,
    )


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
                if path.suffix.lower() not in TEXT_SUFFIXES:
                    yield Skipped(str(path), f"not a text article (extension {path.suffix})")
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


def read_corpus(inputs: Iterable[Path]) -> tuple[list[Document], list[Skipped]]:
    """All readable documents (sorted by id, first path wins on a repeated id) and the inputs skipped."""
    documents: dict[str, Document] = {}
    skipped: list[Skipped] = []
    for item in iter_paths(inputs):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        try:
            doc = read_document(item)
        except CorpusError as exc:
            skipped.append(Skipped(str(item), exc.reason))
            continue
        if doc.id in documents:
            skipped.append(Skipped(str(item), f"duplicate article id {doc.id!r} (already read from "
                                              f"{documents[doc.id].path})"))
            continue
        documents[doc.id] = doc
    return [documents[k] for k in sorted(documents)], skipped
