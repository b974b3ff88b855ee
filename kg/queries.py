"""Saved queries: one ``cypher/<name>.cypher`` file each, in the format Neo4j Browser favorites use.

First line ``// <name>``, then ``//`` description lines, then ``:param key => value;`` lines (Browser commands
that also give the defaults here), then the query.  Parameters given on the command line are checked against
the declared ones and converted to the type of their default before the query runs.
"""

from __future__ import annotations

import ast
import os
import re
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field

_PARAM = re.compile(r"^:param\s+(\w+)\s*=>\s*(.+?);?\s*$")


class QueryError(Exception):
    """A saved query is missing or malformed, or was given bad parameters (one-line message)."""


class SavedQuery(BaseModel):
    name: str
    description: str
    params: dict[str, Any] = Field(default_factory=dict)
    text: str
    path: str

    def bind(self, given: dict[str, str]) -> dict[str, Any]:
        """Defaults overlaid with ``given`` (strings from the command line), validated and typed."""
        unknown = sorted(set(given) - set(self.params))
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter {', '.join(unknown)} "
                             f"(it takes: {', '.join(sorted(self.params)) or 'none'})")
        bound = dict(self.params)
        for key, raw in given.items():
            default = self.params[key]
            bound[key] = _convert(self.name, key, raw, default)
        return bound


def _convert(query: str, key: str, raw: Any, default: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    try:
        if isinstance(default, bool):
            if raw.lower() not in ("true", "false"):
                raise ValueError
            return raw.lower() == "true"
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            value = float(raw)
            if key.lower().endswith("confidence") and not 0.0 <= value <= 1.0:
                raise ValueError
            return value
    except ValueError:
        raise QueryError(f"query {query!r}: parameter {key}={raw!r} is not a valid "
                         f"{'confidence in [0, 1]' if key.lower().endswith('confidence') else type(default).__name__}"
                         ) from None
    if len(raw) > 500:
        raise QueryError(f"query {query!r}: parameter {key} is longer than 500 characters")
    if key.lower().endswith("date") and raw and not _iso_day(raw):
        raise QueryError(f"query {query!r}: parameter {key}={raw!r} is not a date (YYYY-MM-DD, e.g. 2019-06-01; "
                         f"empty for today)")
    return raw


def _iso_day(text: str) -> bool:
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def parse_query(path: Path) -> SavedQuery:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0].startswith("//"):
        raise QueryError(f"{path}: first line must be '// <name>'")
    name = lines[0][2:].strip()
    description: list[str] = []
    params: dict[str, Any] = {}
    body: list[str] = []
    for line in lines[1:]:
        stripped = line.strip()
        if not body and stripped.startswith("//"):
            description.append(stripped[2:].strip())
        elif not body and stripped.startswith(":param"):
            match = _PARAM.match(stripped)
            if not match:
                raise QueryError(f"{path}: cannot read parameter line {stripped!r}")
            try:
                params[match.group(1)] = ast.literal_eval(match.group(2).strip())
            except (ValueError, SyntaxError):
                raise QueryError(f"{path}: parameter {match.group(1)} needs a literal default") from None
        elif stripped or body:
            body.append(line)
    text = "\n".join(body).strip().rstrip(";")
    if not text:
        raise QueryError(f"{path}: no query after the header")
    return SavedQuery(name=name, description=" ".join(description), params=params, text=text, path=str(path))


def queries_dir() -> Path:
    """``cypher/`` of the checkout (the package sits beside it), or ``KG_CYPHER_DIR``."""
    override = os.environ.get("KG_CYPHER_DIR")
    return Path(override) if override else Path(__file__).resolve().parent.parent / "cypher"


def load_queries(directory: Path | None = None) -> dict[str, SavedQuery]:
    """Every saved query by name (``schema.cypher`` is DDL, not a saved query)."""
    directory = directory or queries_dir()
    found: dict[str, SavedQuery] = {}
    for path in sorted(directory.glob("*.cypher")):
        if path.stem == "schema":
            continue
        query = parse_query(path)
        found[query.name] = query
    return found


class Runner(Protocol):
    def query(self, statement: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...


#: the parameter ``run_query`` adds for ``limit`` (no saved query has a LIMIT of its own: each ends in ORDER BY)
LIMIT_PARAM = "kgRowLimit"


def run_query(store: Runner, query: SavedQuery, given: dict[str, str] | None = None,
              limit: int | None = None) -> list[dict[str, Any]]:
    """The rows of ``query`` (its first ``limit`` only, cut in the database, when given)."""
    params = query.bind(given or {})
    if limit is None:
        return store.query(query.text, params)
    statement = f"{query.text.rstrip().rstrip(';')}\nLIMIT ${LIMIT_PARAM}"
    return store.query(statement, {**params, LIMIT_PARAM: int(limit)})
