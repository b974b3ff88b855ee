"""Plain-text articles: decoding, and the cleaning every article's text gets (whatever it was read from).

The cleaned text has web boilerplate lines dropped (patterns in ``kg/data/boilerplate.txt``, plus short lines in a
non-Latin script), a leading byline taken out as the author, repeated paragraphs collapsed, one paragraph per
line.  Every character offset produced downstream points into that cleaned text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.data import read_text


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


_HTML = re.compile(r"<(html|body|div|p|script|head|!doctype)\b", re.IGNORECASE)


def looks_like_html(raw: str) -> bool:
    """A saved web page rather than article text (the markup shows in its first 2,000 characters)."""
    return _HTML.search(raw[:2000]) is not None
