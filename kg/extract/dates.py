"""Dates: ISO normalisation of absolute dates, relative dates resolved only against a known article date."""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                        "sunday"])}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d{2})"

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b{_YEAR}-(\d{{2}})-(\d{{2}})\b"), "ymd"),
    (re.compile(rf"\b(\d{{1,2}})[./](\d{{1,2}})[./]{_YEAR}\b"), "dmy_num"),
    (re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I), "mdy"),
    (re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I), "dmy"),
    (re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I), "my"),
    (re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*-)", re.I), "md"),
    (re.compile(rf"\b{_DAY}\s+{_MONTH}\b", re.I), "dm"),
]


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")[:3]]


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    try:
        if d is not None and m is not None:
            return date(y, m, d).isoformat()
    except ValueError:
        return None
    if m is not None:
        return f"{y:04d}-{m:02d}" if 1 <= m <= 12 else None
    return f"{y:04d}"


def absolute_date(text: str, year: int | None = None) -> str | None:
    """The ISO date an absolute expression states (``May 28, 2021`` → ``2021-05-28``); a day and month without
    a year take ``year`` when given, else nothing is returned."""
    for pattern, kind in _PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        g = m.groups()
        if kind == "ymd":
            return _iso(int(g[0]), int(g[1]), int(g[2]))
        if kind == "dmy_num":
            return _iso(int(g[2]), int(g[1]), int(g[0]))
        if kind == "mdy":
            return _iso(int(g[2]), _month(g[0]), int(g[1]))
        if kind == "dmy":
            return _iso(int(g[2]), _month(g[1]), int(g[0]))
        if kind == "my":
            return _iso(int(g[1]), _month(g[0]))
        if year is None:
            return None
        if kind == "md":
            return _iso(year, _month(g[0]), int(g[1]))
        if kind == "dm":
            return _iso(year, _month(g[1]), int(g[0]))
    m = re.fullmatch(rf"(?:in\s+)?{_YEAR}", text.strip(), re.I)
    if m:
        return m.group(1)
    return None


def resolve_date(text: str, article_date: str | None) -> str | None:
    """ISO date for a date expression; relative ones ("on Friday", "last year") only when the article date is known."""
    known = date.fromisoformat(article_date) if article_date and len(article_date) == 10 else None
    year = int(article_date[:4]) if article_date else None
    absolute = absolute_date(text, year)
    if absolute:
        if known and len(absolute) == 10 and absolute > known.isoformat() and "," not in text \
                and not re.search(_YEAR, text):
            absolute = _iso(known.year - 1, int(absolute[5:7]), int(absolute[8:10]))  # "June 14" said in January
        return absolute
    lowered = text.lower()
    if known is None:
        if year is not None and "last year" in lowered:
            return f"{year - 1:04d}"
        return None
    for name, index in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", lowered):
            delta = (known.weekday() - index) % 7
            return (known - timedelta(days=delta)).isoformat()
    if "yesterday" in lowered:
        return (known - timedelta(days=1)).isoformat()
    if re.search(r"\btoday\b", lowered):
        return known.isoformat()
    if "last year" in lowered:
        return f"{known.year - 1:04d}"
    if "this year" in lowered:
        return f"{known.year:04d}"
    if "last month" in lowered:
        first = known.replace(day=1) - timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    if "this month" in lowered:
        return f"{known.year:04d}-{known.month:02d}"
    return None


def article_date(text: str) -> str | None:
    """The date a dateline or date line at the top of an article states (full dates with a year only)."""
    for line in text.split("\n")[:4]:
        dateline = _DATELINE.match(line) or len(line.split()) <= 10
        found = absolute_date(line[:120]) if dateline else None
        if found and len(found) == 10:
            return found
    return None


#: "YEREVAN, March 3 (Reuters) -", "MOSCOW, 12.04.2019 —", "Published: 2017-11-08", "Thursday, June 7, 2018"
_DATELINE = re.compile(r"^\s*(?:[A-Z][A-Z .'-]{2,40},|(?:published|posted|updated|date|dated)\b|"
                       r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)", re.I)
