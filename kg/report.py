"""An evidence report: one self-contained HTML page an analyst can check extraction with at a glance.

Counts per label and relationship type, a dated timeline of meetings and agreements, the answer to every saved
query as a table, and per article the cleaned text with the extracted entities highlighted (spaCy's displaCy,
colours from ``cypher/style.grass``) followed by the facts that article states and their evidence.  Every value
is HTML-escaped.
"""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from spacy import displacy

from kg.corpus import Document
from kg.extract.types import DocumentExtraction
from kg.grass import load_grass
from kg.model import Graph, Relationship
from kg.queries import SavedQuery

CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; color: #222; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; } h3 { margin-top: 1.6rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f4f4f6; } .counts td:nth-child(2), .counts td:nth-child(4) { text-align: right; }
.muted { color: #777; } .article { border: 1px solid #e3e3e8; border-radius: 6px; padding: .2rem 1rem 1rem; }
.entities { line-height: 2.3; }
"""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "<br>".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return html.escape(str(value))


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return '<p class="muted">(no rows)</p>'
    columns = list(rows[0])
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(row.get(c))}</td>" for c in columns) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _counts(graph: Graph) -> str:
    labels, types = list(graph.label_counts().items()), list(graph.type_counts().items())
    rows = []
    for i in range(max(len(labels), len(types))):
        left = labels[i] if i < len(labels) else ("", "")
        right = types[i] if i < len(types) else ("", "")
        rows.append(f"<tr><td>{left[0]}</td><td>{left[1]}</td><td>{right[0]}</td><td>{right[1]}</td></tr>")
    return ('<table class="counts"><tr><th>label</th><th>nodes</th><th>type</th><th>relationships</th></tr>'
            + "".join(rows) + "</table>")


#: the relationships that say who and where a meeting or agreement involved: type → (column, side of the other node)
_EVENT_ROLES = {"ATTENDED": ("who", "start"), "PARTY_TO": ("who", "start"), "SIGNED": ("signed by", "start"),
                "HELD_IN": ("where", "end")}


def timeline_rows(graph: Graph) -> tuple[list[dict[str, Any]], int]:
    """Meetings and agreements in date order, and how many have no date at all.

    An event's date is its own (the date the article gives it); without one, the earliest publication date of the
    articles reporting it, marked "reported"."""
    published = {a.id: a.date for a in graph.nodes_by_label("Article") if getattr(a, "date", None)}
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for rel in graph.relationships.values():
        role = _EVENT_ROLES.get(rel.type)
        if role is not None:
            column, other = role
            event, who = (rel.end, rel.start) if other == "start" else (rel.start, rel.end)
            roles[event][column].add(graph.nodes[who].name)
    rows, undated = [], 0
    for node in graph.sorted_nodes():
        if node.label not in ("Meeting", "Agreement"):
            continue
        date, how = getattr(node, "date", None), "stated"
        if not date:
            reported = sorted(published[s] for s in node.sources if s in published)
            if not reported:
                undated += 1
                continue
            date, how = reported[0], "reported"
        own = roles[node.id]
        rows.append({"date": date, "date is": how, "event": node.name,
                     "kind": f"{node.label.lower()}: {getattr(node, 'kind', None) or '–'}",
                     "who": sorted(own["who"]), "signed by": sorted(own["signed by"]),
                     "where": sorted(own["where"]) or ([node.place] if getattr(node, "place", None) else []),
                     "sources": node.sources})
    rows.sort(key=lambda r: (r["date"], r["event"]))
    return rows, undated


def _timeline(graph: Graph) -> str:
    rows, undated = timeline_rows(graph)
    note = f'<p class="muted">{undated} meetings and agreements without any date are not shown.</p>' if undated \
        else ""
    return f'<div id="timeline">{_table(rows)}{note}</div>'


def _highlighted(document: Document, extraction: DocumentExtraction, colours: dict[str, str]) -> str:
    spans: dict[tuple[int, int], str] = {}
    for entity in extraction.entities:
        for start, end in entity.offsets:
            spans.setdefault((start, end), entity.label)
    ents, last_end = [], -1
    for (start, end), label in sorted(spans.items()):
        if start >= last_end:  # displaCy wants non-overlapping spans
            ents.append({"start": start, "end": end, "label": label})
            last_end = end
    rendered = displacy.render({"text": document.text, "ents": ents, "title": None}, style="ent", manual=True,
                               page=False, options={"colors": colours})
    return f'<div class="entities">{rendered}</div>'


def _facts_by_article(graph: Graph) -> dict[str, list[Relationship]]:
    """Every relationship but MENTIONS under each article that states it (one pass, sorted as the graph sorts)."""
    by_article: dict[str, list[Relationship]] = defaultdict(list)
    for rel in graph.sorted_relationships():
        if rel.type != "MENTIONS":
            for source in rel.sources:
                by_article[source].append(rel)
    return by_article


def _facts(graph: Graph, document: Document, rels: list[Relationship]) -> str:
    """The article's facts with the evidence *this* article gives (a fact many articles state carries all their
    sentences; the ones found in this article's text are shown, all of them if none is found verbatim)."""
    rows = []
    for rel in rels:
        own = [sentence for sentence in rel.evidence if sentence in document.text]
        rows.append({"relationship": rel.type, "from": graph.nodes[rel.start].name, "to": graph.nodes[rel.end].name,
                     "confidence": rel.confidence, "evidence": own or rel.evidence})
    return _table(rows)


def render_report(graph: Graph, documents: Iterable[Document], extractions: Iterable[DocumentExtraction],
                  answers: list[tuple[SavedQuery, list[dict[str, Any]]]], path: Path,
                  title: str = "kg report") -> Path:
    """Write the report; ``documents``/``extractions`` are the articles extracted in this run (may be empty)."""
    colours = load_grass().colours()
    by_id = {e.article.id: e for e in extractions}
    parts = [f"<h1>{html.escape(title)}</h1>",
             f'<p class="muted">{len(graph.nodes_by_label("Article"))} articles in the graph</p>',
             "<h2>Counts</h2>", _counts(graph), "<h2>Timeline of meetings and agreements</h2>", _timeline(graph),
             "<h2>Saved queries</h2>"]
    for query, rows in answers:
        parts.append(f"<h3>{html.escape(query.name)}</h3><p class=\"muted\">{html.escape(query.description)}</p>")
        parts.append(_table(rows))
    parts.append("<h2>Articles</h2>")
    facts = _facts_by_article(graph)
    for document in sorted(documents, key=lambda d: d.id):
        extraction = by_id.get(document.id)
        heading = html.escape(document.title or document.id)
        stored = graph.nodes.get(document.id)
        about = [document.id, document.path, getattr(stored, "date", None) or document.date, document.source,
                 document.author]
        parts.append(f'<div class="article" id="article-{html.escape(document.id)}"><h3>{heading}</h3>'
                     f'<p class="muted">{" · ".join(html.escape(x) for x in about if x)}'
                     + (f' · <a href="{html.escape(document.url)}">{html.escape(document.url)}</a>' if document.url
                        else "") + "</p>")
        if extraction is not None:
            parts.append(_highlighted(document, extraction, colours))
        parts.append("<h4>Facts</h4>" + _facts(graph, document, facts.get(document.id, [])) + "</div>")
    page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta name="kg-articles" content="{len(by_id)}"><style>{CSS}</style></head><body>'
            + "\n".join(parts) + "</body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
