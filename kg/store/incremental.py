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

#: each takes ``$articles``, a list of article ids pruned together (one pass over the graph per statement)
PRUNE_STATEMENTS: tuple[tuple[str, str], ...] = (
    ("relationships deleted",
     "MATCH ()-[r]->() WHERE any(s IN r.sources WHERE s IN $articles) AND all(s IN r.sources WHERE s IN $articles) "
     "DELETE r RETURN count(*) AS n"),
    ("relationships kept by other articles",
     "MATCH ()-[r]->() WHERE any(s IN r.sources WHERE s IN $articles) "
     "WITH r, [s IN r.sources WHERE NOT s IN $articles] AS rest "
     "UNWIND CASE WHEN size(rest) = 0 THEN [null] ELSE rest END AS source "
     "OPTIONAL MATCH (a:Article {id: source}) "  # one index lookup per remaining source
     "WITH r, rest, min(a.date) AS first, max(a.date) AS last "
     "SET r.sources = rest, "
     "r.first_seen = CASE WHEN type(r) = 'MENTIONS' THEN null ELSE first END, "
     "r.last_seen = CASE WHEN type(r) = 'MENTIONS' THEN null ELSE last END "
     "RETURN count(*) AS n"),
    ("nodes deleted",
     "MATCH (n) WHERE any(s IN n.sources WHERE s IN $articles) AND all(s IN n.sources WHERE s IN $articles) "
     "AND NOT n:Article DETACH DELETE n RETURN count(*) AS n"),
    ("nodes kept by other articles",
     "MATCH (n) WHERE any(s IN n.sources WHERE s IN $articles) AND NOT n:Article "
     "SET n.sources = [s IN n.sources WHERE NOT s IN $articles] RETURN count(*) AS n"),
    ("article deleted",
     "UNWIND $articles AS id MATCH (a:Article {id: id}) DETACH DELETE a RETURN count(*) AS n"),
)
#: articles pruned by one run of the statements
PRUNE_BATCH = 500


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
    return prune_articles(store, [article_id])


def prune_articles(store: Store, article_ids: list[str]) -> dict[str, int]:
    """Remove these articles' contribution, ``PRUNE_BATCH`` at a time; returns counts per step."""
    report: dict[str, int] = {what: 0 for what, _ in PRUNE_STATEMENTS}
    for i in range(0, len(article_ids), PRUNE_BATCH):
        batch = article_ids[i:i + PRUNE_BATCH]
        for what, statement in PRUNE_STATEMENTS:
            rows = store.query(statement, {"articles": batch})
            report[what] += int(rows[0]["n"]) if rows else 0
    return report
