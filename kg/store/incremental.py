"""Incremental loading: what the database already holds, and removing one article's contribution.

Each Article stores the ``sha256`` of its cleaned text, so a re-run over a folder can skip unchanged articles,
prune and reload changed ones, and load new ones; new articles resolve against the people already stored (so
they join the existing nodes instead of forming islands).  Pruning article A deletes relationships and nodes
whose only source is A and removes A from every other ``sources`` list (a relationship kept by other articles
gets its ``first_seen`` / ``last_seen`` again from their publication dates), relationships first and the Article
node last, so an interrupted prune is completed by simply running it again.
"""

from __future__ import annotations

from kg.resolve import KnownPerson
from kg.store.base import Store

STORED_ARTICLES = "MATCH (a:Article) RETURN a.id AS id, a.sha256 AS sha256 ORDER BY id"
STORED_PEOPLE = "MATCH (p:Person) RETURN p.id AS id, p.name AS name, p.aliases AS aliases ORDER BY id"

PRUNE_STATEMENTS: tuple[tuple[str, str], ...] = (
    ("relationships deleted",
     "MATCH ()-[r]->() WHERE $article IN r.sources AND size(r.sources) = 1 DELETE r RETURN count(*) AS n"),
    ("relationships kept by other articles",
     "MATCH ()-[r]->() WHERE $article IN r.sources "
     "WITH r, [s IN r.sources WHERE s <> $article] AS rest "
     "UNWIND CASE WHEN size(rest) = 0 THEN [null] ELSE rest END AS source "
     "OPTIONAL MATCH (a:Article {id: source}) "  # one index lookup per remaining source
     "WITH r, rest, min(a.date) AS first, max(a.date) AS last "
     "SET r.sources = rest, "
     "r.first_seen = CASE WHEN type(r) = 'MENTIONS' THEN null ELSE first END, "
     "r.last_seen = CASE WHEN type(r) = 'MENTIONS' THEN null ELSE last END "
     "RETURN count(*) AS n"),
    ("nodes deleted",
     "MATCH (n) WHERE $article IN n.sources AND size(n.sources) = 1 AND NOT n:Article "
     "DETACH DELETE n RETURN count(*) AS n"),
    ("nodes kept by other articles",
     "MATCH (n) WHERE $article IN n.sources AND NOT n:Article "
     "SET n.sources = [s IN n.sources WHERE s <> $article] RETURN count(*) AS n"),
    ("article deleted", "MATCH (a:Article {id: $article}) DETACH DELETE a RETURN count(*) AS n"),
)


MARK_COMPLETE = "UNWIND $rows AS row MATCH (a:Article {id: row.id}) SET a.sha256 = row.sha256 RETURN count(*) AS written"


def mark_articles_complete(store: Store, hashes: list[dict[str, str | None]]) -> None:
    """Record each article's sha256: the last write of a load, so only a finished article counts as stored."""
    if hashes:
        store.write(MARK_COMPLETE, hashes)


def stored_articles(store: Store) -> dict[str, str | None]:
    """Article id → sha256 of what the database holds."""
    return {row["id"]: row["sha256"] for row in store.query(STORED_ARTICLES)}


def stored_people(store: Store) -> list[KnownPerson]:
    return [KnownPerson(row["id"], row["name"], tuple(row["aliases"] or ())) for row in store.query(STORED_PEOPLE)]


def prune_article(store: Store, article_id: str) -> dict[str, int]:
    """Remove one article's contribution; returns counts per step (all zero when the article is unknown)."""
    report: dict[str, int] = {}
    for what, statement in PRUNE_STATEMENTS:
        rows = store.query(statement, {"article": article_id})
        report[what] = int(rows[0]["n"]) if rows else 0
    return report
