"""See the graph without installing Neo4j: one self-contained HTML file drawn by neo4j-viz.

neo4j-viz (Neo4j's Python wrapper of the Neo4j Visualization Library) ships its page template with every
script, style sheet and font inlined, so the file written here opens offline, from disk, in any browser.
Nodes are coloured and sized per label from ``cypher/style.grass``, captioned with their ``name`` and, when
clicked, list their properties and the evidence sentences (with article ids) of their relationships in the
Details panel; relationships show their type, and their own evidence when clicked.

``render_view(graph, path, title, rows)`` draws the whole graph, or only what the rows of a saved query name.
"""

from __future__ import annotations

import html
import json
import re
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from kg.grass import Grass, load_grass
from kg.model import Graph, Relationship, _Node

#: Node properties not repeated in the Details panel (``label`` is shown as its own first row; ``labels`` is
#: what neo4j-viz reads the label chips from and does not list).
_SKIP_PROPS = frozenset({"label", "labels"})
_MAX_FACTS = 60  # relationship rows listed per node in its Details panel
_MAX_SENTENCES = 2  # evidence sentences quoted per relationship row of a node's panel
_MAX_EVIDENCE = 5  # evidence sentences listed in a relationship's panel
_MAX_ITEMS = 20  # items of a list property (sources, aliases …) shown
_CANVAS_LIMIT = 5_000  # beyond this many nodes the (text-less) WebGL renderer takes over


@dataclass
class ViewSummary:
    """What ``render_view`` wrote: the file, what it shows, and how long it took."""

    path: Path
    nodes: int
    relationships: int
    labels: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    rows: int | None = None  # rows given (None: the whole graph was drawn)
    seconds: float = 0.0


# -- choosing what to draw -------------------------------------------------------------------------------------
def _strings(value: Any) -> Iterator[str]:
    """Every string inside a row value (lists and maps, such as nodes returned whole, are walked)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _strings(item)


def select_from_rows(graph: Graph, rows: list[dict[str, Any]], include_articles: bool = False,
                     include_mentions: bool = False) -> tuple[set[str], set[str]]:
    """Node ids and relationship keys that the rows of a saved query name.

    A row value names a node when it equals the node's ``name`` or ``id`` (case-insensitive).  A relationship
    is named when both its ends are named by the same row; when that row also holds relationship type names
    (a ``type(r) AS relationship`` column), only relationships of those types count.
    """
    index: dict[str, set[str]] = {}
    for node in graph.nodes.values():
        if node.label == "Article" and not include_articles:
            continue
        for key in (node.name, node.id):
            index.setdefault(key.casefold(), set()).add(node.id)
    by_pair: dict[frozenset[str], list[tuple[str, Relationship]]] = {}
    for key, rel in graph.relationships.items():
        if rel.type == "MENTIONS" and not include_mentions:
            continue
        by_pair.setdefault(frozenset((rel.start, rel.end)), []).append((key, rel))
    rel_types = {rel.type for rel in graph.relationships.values()}
    nodes: set[str] = set()
    rels: set[str] = set()
    for row in rows:
        named: set[str] = set()
        types: set[str] = set()
        for text in _strings(list(row.values())):
            named |= index.get(text.strip().casefold(), set())
            if text in rel_types:
                types.add(text)
        nodes |= named
        ordered = sorted(named)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                for key, rel in by_pair.get(frozenset((a, b)), []):
                    if not types or rel.type in types:
                        rels.add(key)
    return nodes, rels


def _select(graph: Graph, rows: list[dict[str, Any]] | None, include_articles: bool,
            include_mentions: bool) -> tuple[list[_Node], list[tuple[str, Relationship]]]:
    include_articles = include_articles or include_mentions
    if rows is None:
        nodes = [n for n in graph.sorted_nodes() if include_articles or n.label != "Article"]
        keep = {n.id for n in nodes}
        rels = [(key, rel) for key, rel in sorted(graph.relationships.items())
                if (include_mentions or rel.type != "MENTIONS") and rel.start in keep and rel.end in keep]
        return nodes, rels
    node_ids, rel_keys = select_from_rows(graph, rows, include_articles, include_mentions)
    nodes = [n for n in graph.sorted_nodes() if n.id in node_ids]
    return nodes, [(key, graph.relationships[key]) for key in sorted(rel_keys)]


# -- what the Details panel shows ------------------------------------------------------------------------------
#: the full length of list properties a graph holds only the first items of, by (node id or relationship key,
#: property): a view of a large graph reads no more than it shows (``kg.subgraph``)
Totals = dict[tuple[str, str], int]
#: list items a view needs at most (its panels show no more of any list)
VIEW_ITEMS = 20


def _owner(item: _Node | Relationship) -> str:
    """The key ``Totals`` uses for a node (its id) or a relationship (its key in ``Graph.relationships``)."""
    return item.id if isinstance(item, _Node) else str(item.key)


def _more(items: list[Any], shown: int, total: int | None = None) -> str:
    total = len(items) if total is None else total
    return f" … {total - shown:,} more" if total > shown else ""


def _text(value: Any, total: int | None = None) -> Any:
    """A property value as the panel should show it: lists joined (the panel prints arrays comma-joined), the
    first ``_MAX_ITEMS`` of a long one (a country every article names has thousands of sources)."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value[:_MAX_ITEMS]) + _more(value, _MAX_ITEMS, total)
    return value


def _evidence_text(rel: Relationship, totals: Totals) -> str:
    """The evidence sentences of a relationship, quoted, then the ids of the articles they come from (the first
    ``_MAX_SENTENCES`` / ``_MAX_ITEMS`` of a fact many articles state)."""
    owner = _owner(rel)
    sentences = (" ".join(f"“{s}”" for s in rel.evidence[:_MAX_SENTENCES])
                 + _more(rel.evidence, _MAX_SENTENCES, totals.get((owner, "evidence"))) or "(no evidence sentence)")
    sources = ", ".join(rel.sources[:_MAX_ITEMS]) + _more(rel.sources, _MAX_ITEMS, totals.get((owner, "sources")))
    return f"{sentences} [{sources}]" if rel.sources else sentences


def _node_properties(node: _Node, facts: list[tuple[str, Relationship, _Node | None]],
                     totals: Totals) -> dict[str, Any]:
    props: dict[str, Any] = {"labels": [node.label], "label": node.label}
    for key, value in node.properties().items():
        if key in _SKIP_PROPS or value in (None, [], ""):
            continue
        props[key] = _text(value, totals.get((node.id, key)))
    for i, (direction, rel, other) in enumerate(facts[:_MAX_FACTS], 1):
        other_name = other.name if other is not None else (rel.end if direction == "→" else rel.start)
        props[f"evidence {i}"] = f"{direction} {rel.type} {other_name} · {_evidence_text(rel, totals)}"
    if len(facts) > _MAX_FACTS:
        props["more relationships"] = f"{len(facts) - _MAX_FACTS} more not listed"
    return props


def _rel_properties(rel: Relationship, totals: Totals) -> dict[str, Any]:
    props: dict[str, Any] = {}
    owner = _owner(rel)
    for key, value in rel.properties().items():
        if key == "evidence":
            continue
        props[key] = _text(value, totals.get((owner, key)))
    for i, sentence in enumerate(rel.evidence[:_MAX_EVIDENCE], 1):
        props[f"evidence {i}"] = sentence
    evidence = totals.get((owner, "evidence"), len(rel.evidence))
    if evidence > _MAX_EVIDENCE:
        props["more evidence"] = f"{evidence - _MAX_EVIDENCE:,} more sentences not listed"
    return props


# -- the page --------------------------------------------------------------------------------------------------
#: neo4j-viz (1.11) shows a node's caption as its label in the Details panel and the overview; this makes it use
#: ``properties.labels`` when given (as Neo4j Browser would), falling back to the caption as before.
_LABELS_FROM_CAPTION = b"labels:e.caption?[e.caption]:t"
_LABELS_FROM_PROPERTY = b"labels:t.length?t:e.caption?[e.caption]:[]"
#: the data block of a graph without nodes or relationships, as neo4j-viz writes it (``json.dumps``)
_EMPTY_DATA = b'"nodes": [], "relationships": []'

_PANEL_SCRIPT = """<script>
/* kg: the first click on the graph opens neo4j-viz's Details panel, so a clicked node shows its properties and
   evidence at once (the panel can then be closed and reopened with its button, top right). */
(function () {
  var opened = false;
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (opened || !target || !target.closest || !target.closest('.ndl-graph-visualization')
        || target.closest('button, input, a, [role="menu"], [role="dialog"], .nvl-legend-row')) { return; }
    opened = true;
    setTimeout(function () {
      if (document.querySelector('.ndl-graph-visualization-drawer')) { return; }
      var button = document.querySelector('button[aria-label="Toggle graph details panel"]');
      if (button) { button.click(); }
    }, 0);
  }, true);
})();
</script>"""

_OVERLAY_CSS = """<style>
#kg-summary{position:fixed;left:52px;top:8px;z-index:10;max-width:min(560px,55vw);padding:6px 12px;
  background:rgba(255,255,255,.92);border:1px solid #d0d4db;border-radius:6px;font:13px/1.4 system-ui,sans-serif;
  color:#1a1c22;pointer-events:none;box-shadow:0 1px 3px rgba(0,0,0,.08)}
#kg-summary h1{font-size:14px;margin:0 0 2px;font-weight:600;overflow-wrap:anywhere}
#kg-summary p{margin:0;color:#4d5157}
</style>"""


def _page(shell: bytes, title: str, summary: ViewSummary, note: str, open_details: bool) -> bytes:
    """The neo4j-viz page ``shell`` (UTF-8, its data block still empty) with kg's title, meta tags and overlay."""
    meta = (f'<meta name="kg-nodes" content="{summary.nodes}">\n'
            f'<meta name="kg-relationships" content="{summary.relationships}">\n'
            f'<meta name="generator" content="kg view (neo4j-viz)">\n')
    page = shell.replace(_LABELS_FROM_CAPTION, _LABELS_FROM_PROPERTY, 1)
    page = page.replace(b"<head>", ("<head>\n" + meta + _OVERLAY_CSS).encode("utf-8"), 1)
    page = re.sub(rb"<title>[^<]*</title>", lambda _: f"<title>{html.escape(title)}</title>".encode("utf-8"),
                  page, count=1)
    counts = f"{summary.nodes} nodes · {summary.relationships} relationships"
    overlay = (f'<div id="kg-summary" data-kg-nodes="{summary.nodes}" '
               f'data-kg-relationships="{summary.relationships}">'
               f"<h1>{html.escape(title)}</h1><p>{html.escape(counts)}" + (f" — {html.escape(note)}" if note else "")
               + "</p><p>Click a node or relationship to see its properties and evidence.</p></div>\n"
               + (_PANEL_SCRIPT + "\n" if open_details else ""))
    body_at = page.rfind(b"</body>")
    if body_at < 0:
        raise RuntimeError("neo4j-viz produced a page without </body>")
    return page[:body_at] + overlay.encode("utf-8") + page[body_at:]


def _entity_json(entity: Any) -> bytes:
    """One node or relationship as neo4j-viz writes it into its data block (``<`` escaped: no ``</script>``)."""
    return json.dumps(entity.to_dict(), default=str).replace("<", "\\u003c").encode("ascii")


def _write_page(path: Path, page: bytes, nodes: list[Any], relationships: list[Any]) -> None:
    """Write ``page`` (``_page`` of neo4j-viz's page of an empty graph) with ``nodes`` and ``relationships`` in
    its data block, one at a time, as neo4j-viz's ``json.dumps`` of the whole graph would write them: the page is
    never held whole (its template, 4.4 MB, holds one character beyond U+FFFF, which makes every Python copy
    of it four bytes a character)."""
    at = page.find(_EMPTY_DATA)
    if at < 0 or page.find(_EMPTY_DATA, at + 1) >= 0:
        raise RuntimeError("neo4j-viz produced a page without one empty data block")
    with path.open("wb") as out:
        out.write(page[:at])
        for key, entities in ((b'"nodes": [', nodes), (b'], "relationships": [', relationships)):
            out.write(key)
            for i, entity in enumerate(entities):
                if i:
                    out.write(b", ")
                out.write(_entity_json(entity))
        out.write(b"]")
        out.write(page[at + len(_EMPTY_DATA):])


def build_visualization(graph: Graph, rows: list[dict[str, Any]] | None = None, *, include_articles: bool = False,
                        include_mentions: bool = False, grass: Grass | None = None,
                        totals: Totals | None = None) -> Any:
    """The ``neo4j_viz.VisualizationGraph`` of the graph (or of what ``rows`` name), styled from style.grass
    (``totals``: the lengths of lists the graph holds only the start of)."""
    totals = totals or {}
    from neo4j_viz import Node as VizNode
    from neo4j_viz import Relationship as VizRelationship
    from neo4j_viz import VisualizationGraph

    grass = grass or load_grass()
    nodes, rels = _select(graph, rows, include_articles, include_mentions)
    shown = {n.id: n for n in nodes}
    # a node's Details list every fact about it in the graph, drawn or not (MENTIONS are not facts)
    facts: dict[str, list[tuple[str, Relationship, _Node | None]]] = {n.id: [] for n in nodes}
    for rel in graph.relationships.values():
        if rel.type == "MENTIONS":
            continue
        if rel.start in facts:
            facts[rel.start].append(("→", rel, graph.nodes.get(rel.end)))
        if rel.end in facts:
            facts[rel.end].append(("←", rel, graph.nodes.get(rel.start)))
    viz_nodes = []
    for node in nodes:
        style = grass.node(node.label)
        caption_prop = style.caption
        caption = getattr(node, caption_prop, None) if not caption_prop.startswith("<") else node.id
        if not isinstance(caption, str) or not caption:
            caption = node.name
        viz_nodes.append(VizNode(
            id=node.id, caption=caption, color=style.color,
            size=(style.diameter / 2) if style.diameter else 25,
            properties=_node_properties(node, sorted(facts[node.id], key=lambda f: (f[1].type, f[0], f[1].key)),
                                        totals)))
    viz_rels = [VizRelationship(id=key, source=rel.start, target=rel.end, caption=rel.type,
                                color=grass.relationship.color, properties=_rel_properties(rel, totals))
                for key, rel in rels if rel.start in shown and rel.end in shown]
    vg = VisualizationGraph(viz_nodes, viz_rels)
    present = Counter(n.label for n in nodes)
    vg.set_legend(nodes={label: grass.color(label) for label in sorted(present)}, visible=True)
    return vg


def render_view(graph: Graph, path: Path, title: str, rows: list[dict[str, Any]] | None = None, *,
                include_articles: bool = False, include_mentions: bool = False, grass: Grass | None = None,
                open_details: bool = True, note: str | None = None, totals: Totals | None = None) -> ViewSummary:
    """Write one self-contained, offline HTML file drawing ``graph`` (or only what ``rows`` name).

    ``rows`` are the result of a saved query (``run_query``): only the nodes whose name or id a row value
    equals, and the relationships between nodes named by one row, are drawn.  MENTIONS edges and Article nodes
    are left out unless asked for (``include_mentions`` implies ``include_articles``).  The node and
    relationship counts are in ``<meta name="kg-nodes">`` / ``<meta name="kg-relationships">`` and on
    ``#kg-summary`` (``data-kg-nodes`` / ``data-kg-relationships``).  ``note`` replaces the line saying what is
    drawn (``kg.subgraph`` draws part of a large graph and says what it left out).
    """
    started = time.perf_counter()
    vg = build_visualization(graph, rows, include_articles=include_articles, include_mentions=include_mentions,
                             grass=grass, totals=totals)
    n_nodes = len(vg.nodes)
    from neo4j_viz import Renderer, VisualizationGraph

    # the page of an empty graph with the same legend and options, the graph itself written into it (_write_page);
    # build_visualization draws only relationships between drawn nodes, so none dangles
    shell = VisualizationGraph([], [])
    shell.legend = vg.legend
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rendered = shell.render(renderer=Renderer.CANVAS if n_nodes <= _CANVAS_LIMIT else Renderer.WEB_GL,
                                width="100%", height="100vh", theme="light")
    summary = ViewSummary(
        path=Path(path), nodes=n_nodes, relationships=len(vg.relationships),
        labels=dict(sorted(Counter(str(n.properties["label"]) for n in vg.nodes).items())),
        types=dict(sorted(Counter(str(r.caption) for r in vg.relationships).items())),
        rows=None if rows is None else len(rows))
    if note is None and rows is None:
        note = "The whole graph" + ("" if include_mentions else " (MENTIONS edges left out)") + "."
    elif note is None:
        note = f"What the {len(rows or [])} row{'s' if len(rows or []) != 1 else ''} of the query name."
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_page(path, _page(rendered.data.encode("utf-8"), title, summary, note, open_details), vg.nodes,
                vg.relationships)
    summary.seconds = time.perf_counter() - started
    return summary


def external_loads(page: str) -> list[str]:
    """``<script src>``, ``<link href>`` and CSS ``@import``/``url()`` that would fetch over the network."""
    found: list[str] = []
    patterns: Iterable[str] = (
        r"""<script\b[^>]*\bsrc\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""",
        r"""<link\b[^>]*\bhref\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""",
        r"""@import\s+(?:url\()?\s*["']?((?:https?:)?//[^"')\s;]+)""",
        r"""url\(\s*["']?((?:https?:)?//[^"')\s]+)""",
    )
    for pattern in patterns:
        found.extend(m.group(1) for m in re.finditer(pattern, page, re.I))
    return found
