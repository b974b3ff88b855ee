"""Read ``cypher/style.grass`` (Neo4j Browser's style sheet): a colour, size and caption per node label.

The HTML view and report colour nodes exactly as Neo4j Browser does with that file loaded.  Only the parts they
use are read: ``node`` / ``node.<Label>`` / ``relationship`` blocks with ``color``, ``border-color``,
``text-color-internal``, ``diameter`` and ``caption``.  When the file is missing (or unreadable), a fixed
palette stands in, so rendering never depends on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

_BLOCK = re.compile(r"""(node|relationship)(?:\.([A-Za-z_][\w-]*))?\s*\{((?:'[^']*'|"[^"]*"|[^}'"])*)\}""", re.S)
_DECL = re.compile(r"""([a-z-]+)\s*:\s*((?:'[^']*'|"[^"]*"|[^;'"])+?)\s*(?:;|$)""", re.M)
_CAPTION = re.compile(r"^\{(\w+)\}$")

#: Used when ``style.grass`` is missing: the Neo4j Browser palette, one colour per label of SCHEMA.md.
FALLBACK_COLOURS: dict[str, str] = {
    "Person": "#4C8EDA", "Ministry": "#DA7194", "Organization": "#C990C0", "Country": "#F79767",
    "Place": "#57C7E3", "Base": "#8DCC93", "Agreement": "#F16667", "Weapon": "#D9C8AE", "Meeting": "#FFC454",
    "Article": "#A5ABB6",
}
DEFAULT_COLOUR = "#A5ABB6"


@dataclass(frozen=True)
class Style:
    """How one label (or relationships) is drawn."""

    color: str = DEFAULT_COLOUR
    border_color: str | None = None
    text_color: str | None = None
    diameter: float | None = None
    #: the property shown as caption (``name``), or ``<type>`` / ``<id>`` as Neo4j Browser writes them
    caption: str = "name"


@dataclass(frozen=True)
class Grass:
    """A parsed style sheet: per-label node styles over a node default, and the relationship style."""

    nodes: dict[str, Style] = field(default_factory=dict)
    node_default: Style = Style()
    relationship: Style = Style(caption="<type>")
    source: str | None = None  # the file it came from; None for the fallback palette

    def node(self, label: str) -> Style:
        return self.nodes.get(label, self.node_default)

    def color(self, label: str) -> str:
        return self.node(label).color

    def caption(self, label: str) -> str:
        return self.node(label).caption

    def colours(self) -> dict[str, str]:
        """Label → colour for every label the sheet styles."""
        return {label: style.color for label, style in self.nodes.items()}


def _style(base: Style, declarations: str) -> Style:
    values: dict[str, object] = {}
    for key, raw in _DECL.findall(declarations):
        value = raw.strip().strip("'\"")
        if key == "color":
            values["color"] = value
        elif key == "border-color":
            values["border_color"] = value
        elif key == "text-color-internal":
            values["text_color"] = value
        elif key == "diameter":
            try:
                values["diameter"] = float(value.removesuffix("px"))
            except ValueError:
                pass
        elif key == "caption":
            match = _CAPTION.match(value)
            values["caption"] = match.group(1) if match else value
    return replace(base, **values)  # type: ignore[arg-type]


def parse_grass(text: str, source: str | None = None) -> Grass:
    """Parse the text of a ``.grass`` file (unknown declarations and selectors are ignored)."""
    blocks = [(kind, label, body) for kind, label, body in _BLOCK.findall(text)]
    node_default = Style()
    relationship = Style(caption="<type>")
    for kind, label, body in blocks:
        if kind == "node" and not label:
            node_default = _style(node_default, body)
        elif kind == "relationship" and not label:
            relationship = _style(relationship, body)
    nodes: dict[str, Style] = {}
    for kind, label, body in blocks:
        if kind == "node" and label:
            nodes[label] = _style(nodes.get(label, node_default), body)
    return Grass(nodes=nodes, node_default=node_default, relationship=relationship, source=source)


def fallback_grass() -> Grass:
    return Grass(nodes={label: Style(color=colour) for label, colour in FALLBACK_COLOURS.items()}
                 | {"Article": Style(color=FALLBACK_COLOURS["Article"], caption="id")})


def grass_path() -> Path:
    """``style.grass`` beside the saved queries (``cypher/``, or ``KG_CYPHER_DIR``)."""
    from kg.queries import queries_dir

    return queries_dir() / "style.grass"


def load_grass(path: Path | None = None) -> Grass:
    """The style sheet at ``path`` (default: :func:`grass_path`); the fixed palette when it is missing."""
    path = path or grass_path()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return fallback_grass()
    grass = parse_grass(text, str(path))
    if not grass.nodes:
        return fallback_grass()
    return grass
