"""An evidence report: one self-contained HTML page an analyst can check extraction with at a glance.

Counts per label and relationship type, a dated timeline of meetings and agreements, the answer to every saved
query as a table, and per article the cleaned text with the extracted entities highlighted (spaCy's displaCy,
colours from ``cypher/style.grass``) followed by the facts that article states and their evidence.  Every value
is HTML-escaped.
"""

from __future__ import annotations

import heapq
import html
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

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


def _counts(labels: dict[str, int], types: dict[str, int]) -> str:
    label_rows, type_rows = list(labels.items()), list(types.items())
    rows = []
    for i in range(max(len(label_rows), len(type_rows))):
        left = label_rows[i] if i < len(label_rows) else ("", "")
        right = type_rows[i] if i < len(type_rows) else ("", "")
        rows.append(f"<tr><td>{left[0]}</td><td>{left[1]}</td><td>{right[0]}</td><td>{right[1]}</td></tr>")
    return ('<table class="counts"><tr><th>label</th><th>nodes</th><th>type</th><th>relationships</th></tr>'
            + "".join(rows) + "</table>")


#: the relationships that say who and where a meeting or agreement involved: type → (column, side of the other node)
_EVENT_ROLES = {"ATTENDED": ("who", "start"), "PARTY_TO": ("who", "start"), "SIGNED": ("signed by", "start"),
                "HELD_IN": ("where", "end")}


@dataclass
class Event:
    """A meeting or agreement as the timeline shows it: its own properties and, per role, the names in it."""

    id: str
    label: str
    name: str
    kind: str | None = None
    date: str | None = None
    place: str | None = None
    sources: list[str] = field(default_factory=list)
    roles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def timeline_rows(graph: Graph) -> tuple[list[dict[str, Any]], int]:
    """Meetings and agreements in date order, and how many have no date at all.

    An event's date is its own (the date the article gives it); without one, the earliest publication date of the
    articles reporting it, marked "reported"."""
    published = {a.id: a.date for a in graph.nodes_by_label("Article") if getattr(a, "date", None)}
    events = {n.id: Event(n.id, n.label, n.name, getattr(n, "kind", None), getattr(n, "date", None),
                          getattr(n, "place", None), n.sources)
              for n in graph.sorted_nodes() if n.label in ("Meeting", "Agreement")}
    for rel in graph.relationships.values():
        role = _EVENT_ROLES.get(rel.type)
        if role is not None:
            column, other = role
            event, who = (rel.end, rel.start) if other == "start" else (rel.start, rel.end)
            if event in events:
                events[event].roles[column].add(graph.nodes[who].name)
    return timeline_of(events.values(), published)


def timeline_of(events: Iterable[Event], published: dict[str, str]) -> tuple[list[dict[str, Any]], int]:
    """``timeline_rows`` of events however they were read (from a graph, or from a database: ``store_timeline``)."""
    rows, undated = [], 0
    for event in events:
        date, how = event.date, "stated"
        if not date:
            reported = sorted(published[s] for s in event.sources if s in published)
            if not reported:
                undated += 1
                continue
            date, how = reported[0], "reported"
        own = event.roles
        rows.append({"date": date, "date is": how, "event": event.name,
                     "kind": f"{event.label.lower()}: {event.kind or '–'}",
                     "who": sorted(own["who"]), "signed by": sorted(own["signed by"]),
                     "where": sorted(own["where"]) or ([event.place] if event.place else []),
                     "sources": event.sources})
    rows.sort(key=lambda r: (r["date"], r["event"]))
    return rows, undated


#: the timeline read from a database: each event with the names in its roles (``_EVENT_ROLES``)
EVENT_PAGE = 500  # events the timeline reads at a time
#: (rows, undated) of a graph's timeline, or (first rows, undated, dated in all) read from a database
Timeline = tuple[list[dict[str, Any]], int] | tuple[list[dict[str, Any]], int, int]
STORE_EVENTS = ("UNWIND $ids AS id MATCH (e:{label} {{id: id}}) RETURN e.id AS id, e.name AS name, e.kind AS kind, e.date AS date, "
                "e.place AS place, e.sources AS sources, [(p)-[:ATTENDED]->(e) | p.name] AS attended, "
                "[(p)-[:PARTY_TO]->(e) | p.name] AS parties, [(p)-[:SIGNED]->(e) | p.name] AS signers, "
                "[(e)-[:HELD_IN]->(x) | x.name] AS places")
STORE_PUBLISHED = "MATCH (a:Article) WHERE a.date IS NOT NULL RETURN a.id AS id, a.date AS date"


def store_timeline(store: Any, keep: int | None = None) -> tuple[list[dict[str, Any]], int, int]:
    """``timeline_rows`` of the graph a database holds, read without the rest of it, ``EVENT_PAGE`` events at a
    time: the first ``keep`` (``TIMELINE_ROWS``) rows, the undated events, and the dated ones in all."""
    from kg.store.pages import label_ids

    keep = keep or TIMELINE_ROWS
    published = {row["id"]: row["date"] for row in store.query(STORE_PUBLISHED)}
    first: list[dict[str, Any]] = []
    undated = dated = 0
    for label in ("Agreement", "Meeting"):
        ids = label_ids(store, label)
        for i in range(0, len(ids), EVENT_PAGE):
            events = []
            for row in store.query(STORE_EVENTS.format(label=label), {"ids": ids[i:i + EVENT_PAGE]}):
                event = Event(row["id"], label, row["name"], row["kind"], row["date"], row["place"],
                              sorted(row["sources"] or []))
                event.roles["who"].update(row["attended"] + row["parties"])
                event.roles["signed by"].update(row["signers"])
                event.roles["where"].update(row["places"])
                events.append(event)
            rows, none = timeline_of(sorted(events, key=lambda e: e.id), published)
            undated, dated = undated + none, dated + len(rows)
            first = heapq.nsmallest(keep, [*first, *rows], key=lambda r: (r["date"], r["event"]))
    return first, undated, dated


TIMELINE_ROWS = 2000  # rows of the timeline a report shows at most
#: rows of each saved query's answer a run keeps for its report (`kg query NAME` prints them all): a run over
#: thousands of articles answers with tens of thousands of rows, which would sit in memory and in one page
ANSWER_ROWS = 1000


def _timeline(timeline: Timeline) -> str:
    """The timeline section: (rows, undated) of a graph, or (first rows, undated, dated) read from a database."""
    rows, undated = timeline[0], timeline[1]
    dated = timeline[2] if len(timeline) > 2 else len(rows)  # type: ignore[misc]
    note = f'<p class="muted">{undated} meetings and agreements without any date are not shown.</p>' if undated \
        else ""
    if dated > TIMELINE_ROWS:
        note += (f'<p class="muted">The first {TIMELINE_ROWS:,} of {dated:,} dated meetings and agreements are '
                 f"shown.</p>")
    return f'<div id="timeline">{_table(rows[:TIMELINE_ROWS])}{note}</div>'


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


def article_sections(graph: Graph, documents: Iterable[Document], extractions: Iterable[DocumentExtraction],
                     colours: dict[str, str]) -> Iterator[str]:
    """Each document's part of the report (sorted by id): its text with the extracted entities highlighted (when
    its extraction is given) and the facts ``graph`` has from it, with the evidence it gives."""
    by_id = {e.article.id: e for e in extractions}
    facts = _facts_by_article(graph)
    for document in sorted(documents, key=lambda d: d.id):
        extraction = by_id.get(document.id)
        heading = html.escape(document.title or document.id)
        stored = graph.nodes.get(document.id)
        about = [document.id, document.path, getattr(stored, "date", None) or document.date, document.source,
                 document.author]
        parts = [f'<div class="article" id="article-{html.escape(document.id)}"><h3>{heading}</h3>'
                 f'<p class="muted">{" · ".join(html.escape(x) for x in about if x)}'
                 + (f' · <a href="{html.escape(document.url)}">{html.escape(document.url)}</a>' if document.url
                    else "") + "</p>"]
        if extraction is not None:
            parts.append(_highlighted(document, extraction, colours))
        parts.append("<h4>Facts</h4>" + _facts(graph, document, facts.get(document.id, [])) + "</div>")
        yield "".join(parts)


def report_pieces(title: str, articles: int, labels: dict[str, int], types: dict[str, int],
                  timeline: Timeline, answers: list[tuple[SavedQuery, list[dict[str, Any]]]],
                  sections: Iterable[str], extracted: int, left_out: int = 0,
                  more: set[str] | None = None) -> Iterator[str]:
    """The report page, piece by piece (``sections``: the articles' parts, which may be read from a file;
    ``left_out``: articles extracted but not shown; ``more``: the answers of which only the first rows were
    read)."""
    yield (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
           f'<meta name="kg-articles" content="{extracted}"><style>{CSS}</style></head><body>')
    parts = [f"<h1>{html.escape(title)}</h1>", f'<p class="muted">{articles} articles in the graph</p>',
             "<h2>Counts</h2>", _counts(labels, types), "<h2>Timeline of meetings and agreements</h2>",
             _timeline(timeline), "<h2>Saved queries</h2>"]
    for query, rows in answers:
        parts.append(f"<h3>{html.escape(query.name)}</h3><p class=\"muted\">{html.escape(query.description)}</p>")
        parts.append(_table(rows))
        if query.name in (more or set()):
            parts.append(f'<p class="muted">The first {len(rows):,} rows; <code>kg query '
                         f'{html.escape(query.name)}</code> prints them all.</p>')
    parts.append("<h2>Articles</h2>")
    if left_out:
        parts.append(f'<p class="muted">The first {extracted - left_out:,} articles of this run (by id) are shown; '
                     f"{left_out:,} more were extracted and loaded. <code>kg report ARTICLES</code> shows the ones "
                     f"you name.</p>")
    yield "\n".join(parts)
    for section in sections:
        yield "\n" + section
    yield "</body></html>"


def render_report(graph: Graph, documents: Iterable[Document], extractions: Iterable[DocumentExtraction],
                  answers: list[tuple[SavedQuery, list[dict[str, Any]]]], path: Path,
                  title: str = "kg report") -> Path:
    """Write the report; ``documents``/``extractions`` are the articles extracted in this run (may be empty)."""
    extractions = list(extractions)
    sections = article_sections(graph, documents, extractions, load_grass().colours())
    pieces = report_pieces(title, len(graph.nodes_by_label("Article")), graph.label_counts(), graph.type_counts(),
                           timeline_rows(graph), answers, sections, len(extractions))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(pieces)
    return path


REPORT_ARTICLES = 1000  # articles a run's report shows at most (a browser opens the page in seconds)


class StreamedReport:
    """The report of a streaming load: each chunk's articles are rendered as the chunk is loaded (``add``, a
    ``kg.stream.ChunkHook``) into a file beside the report, and the page is put together at the end (``write``)
    with the counts and answers of the whole database."""

    def __init__(self, path: Path, limit: int = REPORT_ARTICLES) -> None:
        self.path = path
        self.limit = limit
        path.parent.mkdir(parents=True, exist_ok=True)
        self._sections_path = path.with_name(path.name + ".articles")
        self._sections = self._sections_path.open("w", encoding="utf-8")
        self._colours = load_grass().colours()
        self.extracted = 0

    def add(self, graph: Graph, documents: list[Document], extractions: list[DocumentExtraction]) -> None:
        room = max(0, self.limit - self.extracted)
        shown = {e.article.id for e in sorted(extractions, key=lambda e: e.article.id)[:room]}
        for section in article_sections(graph, [d for d in documents if d.id in shown],
                                        [e for e in extractions if e.article.id in shown], self._colours):
            self._sections.write(json.dumps(section, ensure_ascii=False) + "\n")  # one line each
        self.extracted += len(extractions)

    def write(self, articles: int, labels: dict[str, int], types: dict[str, int],
              timeline: Timeline, answers: list[tuple[SavedQuery, list[dict[str, Any]]]],
              title: str = "kg report", more: set[str] | None = None) -> Path:
        self._sections.close()
        try:
            with self._sections_path.open(encoding="utf-8") as sections, self.path.open("w", encoding="utf-8") as out:
                lines = (json.loads(line) for line in sections)
                out.writelines(report_pieces(title, articles, labels, types, timeline, answers, lines,
                                             self.extracted, max(0, self.extracted - self.limit), more))
        finally:
            self._sections_path.unlink(missing_ok=True)
        return self.path
