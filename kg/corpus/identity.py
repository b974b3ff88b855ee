"""Article identity from URLs: one normal form per URL, and the article id derived from it.

``normalize_url`` lower-cases scheme and host, drops default ports, fragments and tracking parameters
(``utm_*``, ``fbclid`` … via ``courlan``, trafilatura's URL library) and sorts the query, so the same page reached
as a saved file, an export record and an archive capture has one URL.  ``url_id`` is that URL without its scheme
and a leading ``www.``, with no trailing slash: ``news.example.am/en/2021/05/28/talks`` (http and https are one
article).
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

MAX_ID_LENGTH = 200


def normalize_url(value: str) -> str | None:
    """The normal form of an absolute http(s) URL (without user name or password), or None when ``value`` is
    not one."""
    import courlan  # imported on first use: commands that read no URLs do not pay for it

    value = value.strip()
    try:
        parts = urlsplit(value)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
            return None
        normal = urlsplit(courlan.normalize_url(value, strict=False))
        host = normal.netloc.rsplit("@", 1)[-1]  # no user name or password in a stored URL
    except ValueError:
        return None
    return urlunsplit((normal.scheme, host, normal.path or "/", normal.query, ""))


def url_id(url: str) -> str:
    """The article id of a normalized URL: host (no ``www.``) + path (no trailing slash) + query."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/")
    identity = host + path + (f"?{parts.query}" if parts.query else "")
    if len(identity) > MAX_ID_LENGTH:  # a very long URL: its start, and a digest that keeps it unique
        digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:12]
        identity = f"{identity[:MAX_ID_LENGTH - 13]}~{digest}"
    return identity
