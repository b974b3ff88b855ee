"""Dates: ISO normalisation of absolute dates, relative dates resolved only against a known article date, and
the publication dates pages and records state (``metadata_date``).

An article's date is its publication date when a page, record or archive gives one, else the dateline or date
line at the top of its text (``article_date``).  Relative expressions ("on Friday", "yesterday", "last month",
"two days ago", "next week") resolve against it, as precisely as they allow (a day, else a month or year when
that is all they pin down), and are otherwise left out rather than guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

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
    return _relative(lowered, known)


_NUMBERS = {w: i for i, w in enumerate(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                        "ten", "eleven", "twelve"], start=1)} | {"a": 1, "an": 1}
_AGO = re.compile(r"\b(\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                  r"(day|week|month|year)s?\s+ago\b")
_MONTH_ALONE = re.compile(rf"^(?:in|on|since|by|until|early|late|mid-?|earlier in|later in|the end of)?\s*"
                          rf"(?:(?:early|late|mid-?)\s*)?{_MONTH}$", re.I)


def _months_back(known: date, months: int) -> tuple[int, int]:
    index = known.year * 12 + known.month - 1 - months
    return index // 12, index % 12 + 1


def _relative(lowered: str, known: date) -> str | None:
    """A relative expression resolved against the article's date ``known``."""
    ago = _AGO.search(lowered)
    if ago:
        count = int(ago.group(1)) if ago.group(1).isdigit() else _NUMBERS[ago.group(1)]
        unit = ago.group(2)
        if unit in ("day", "week"):
            return (known - timedelta(days=count * (7 if unit == "week" else 1))).isoformat()
        if unit == "month":
            y, m = _months_back(known, count)
            return f"{y:04d}-{m:02d}"
        return f"{known.year - count:04d}"
    for name, index in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", lowered):
            if re.search(rf"\bnext\s+{name}\b", lowered) or re.search(rf"\bthis\s+coming\s+{name}\b", lowered):
                return (known + timedelta(days=(index - known.weekday()) % 7 or 7)).isoformat()
            delta = (known.weekday() - index) % 7
            if re.search(rf"\blast\s+{name}\b", lowered):
                delta = delta or 7  # "last Friday" said on a Friday is a week ago
            return (known - timedelta(days=delta)).isoformat()
    if "day before yesterday" in lowered:
        return (known - timedelta(days=2)).isoformat()
    if "yesterday" in lowered:
        return (known - timedelta(days=1)).isoformat()
    if "tomorrow" in lowered:
        return (known + timedelta(days=1)).isoformat()
    if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", lowered):
        return known.isoformat()
    if re.search(r"\b(last|past|previous)\s+week\b", lowered):
        return _week_month(known - timedelta(days=7))
    if re.search(r"\b(this|earlier this|later this)\s+week\b", lowered):
        return _week_month(known)
    if re.search(r"\bnext\s+week\b", lowered):
        return _week_month(known + timedelta(days=7))
    if re.search(r"\b(last|past|previous)\s+year\b", lowered):
        return f"{known.year - 1:04d}"
    if re.search(r"\b(this|earlier this|later this|current)\s+year\b", lowered):
        return f"{known.year:04d}"
    if re.search(r"\bnext\s+year\b", lowered):
        return f"{known.year + 1:04d}"
    if re.search(r"\b(last|past|previous)\s+month\b", lowered):
        y, m = _months_back(known, 1)
        return f"{y:04d}-{m:02d}"
    if re.search(r"\b(this|earlier this|later this|current)\s+month\b", lowered):
        return f"{known.year:04d}-{known.month:02d}"
    if re.search(r"\bnext\s+month\b", lowered):
        y, m = _months_back(known, -1)
        return f"{y:04d}-{m:02d}"
    alone = _MONTH_ALONE.match(lowered.strip())
    if alone:  # "in March" said in May: this year's; said in January, last year's or next (not guessed)
        month = _month(alone.group(1))
        return f"{known.year:04d}-{month:02d}" if month <= known.month else None
    return None


def _week_month(day: date) -> str | None:
    """The month of the Monday-to-Sunday week holding ``day``, when the whole week lies in one month."""
    monday = day - timedelta(days=day.weekday())
    sunday = monday + timedelta(days=6)
    return f"{monday.year:04d}-{monday.month:02d}" if (monday.year, monday.month) == (sunday.year, sunday.month) \
        else None


_ISO_START = re.compile(r"((?:19|20)\d{2})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?=$|[T\s]|[+-]\d\d:?\d\d$|Z$)")


def metadata_date(value: object) -> str | None:
    """The ISO date of a publication date as pages, feeds and exports write it, or None when ``value`` is not one:
    ``2021-05-28``, ``2021-05-28T09:30:00+04:00``, ``2021/05/28``, ``Fri, 28 May 2021 09:30:00 GMT``,
    ``May 28, 2021``, ``28.05.2021``, ``2021-05``, ``2021``, or a Unix time in seconds or milliseconds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value >= 1e11 else value
        if not 5e8 <= seconds < 4.2e9:
            return None
        return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    iso = _ISO_START.match(text)
    if iso:
        y, m, d = (int(g) if g else None for g in iso.groups())
        return _iso(y, m, d) if (m is None or 1 <= m <= 12) else None  # type: ignore[arg-type]
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    found = absolute_date(text)
    return found if found and len(found) >= 7 else None


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
