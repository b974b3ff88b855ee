"""The graph contract of ``SCHEMA.md`` in code: node and relationship types and the ``Graph`` that holds them.

Every node has ``id`` (the MERGE key, deterministic from the canonical name), ``name``, ``aliases`` and
``sources``; each label adds its own optional properties.  Relationships carry ``sources`` (article ids),
``evidence`` (sentences as they appear in the article) and a ``confidence`` in [0, 1].
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from typing import Annotated, Any, ClassVar, Iterable, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

Label = Literal[
    "Person", "Ministry", "Organization", "Country", "Place", "Base", "Agreement", "Weapon", "Meeting", "Article"
]
RelType = Literal[
    "HOLDS_POSITION", "ATTENDED", "HELD_IN", "VISITED", "PARTY_TO", "SIGNED", "COVERS", "LOCATED_IN",
    "OPERATES", "SUPPLIED_TO", "SUPPLIED_BY", "PART_OF", "MEMBER_OF", "MENTIONS",
]

#: Allowed (start labels, end labels) per relationship type, exactly as SCHEMA.md states them.
REL_PATTERNS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "HOLDS_POSITION": (frozenset({"Person"}), frozenset({"Ministry", "Organization", "Country"})),
    "ATTENDED": (frozenset({"Person"}), frozenset({"Meeting"})),
    "HELD_IN": (frozenset({"Meeting"}), frozenset({"Place", "Base", "Country"})),  # a country: no city is said
    "VISITED": (frozenset({"Person"}), frozenset({"Place", "Base", "Country"})),
    "PARTY_TO": (frozenset({"Country", "Ministry", "Organization"}), frozenset({"Agreement"})),
    "SIGNED": (frozenset({"Person"}), frozenset({"Agreement"})),
    "COVERS": (frozenset({"Agreement"}), frozenset({"Weapon", "Base"})),
    "LOCATED_IN": (frozenset({"Base"}), frozenset({"Place", "Country"})),
    "OPERATES": (frozenset({"Country"}), frozenset({"Base"})),
    "SUPPLIED_TO": (frozenset({"Weapon"}), frozenset({"Country"})),
    "SUPPLIED_BY": (frozenset({"Weapon"}), frozenset({"Country", "Organization"})),
    "PART_OF": (frozenset({"Ministry", "Organization"}), frozenset({"Country", "Ministry", "Organization"})),
    "MEMBER_OF": (frozenset({"Country"}), frozenset({"Organization"})),
    "MENTIONS": (frozenset({"Article"}), frozenset({
        "Person", "Ministry", "Organization", "Country", "Place", "Base", "Agreement", "Weapon", "Meeting"})),
}


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphen-separated form of ``text`` used inside ids (``Sergei Shoigu`` → ``sergei-shoigu``)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "unnamed"


def make_id(label: str, name: str) -> str:
    """The deterministic MERGE key of a node: ``person:sergei-shoigu``."""
    return f"{label.lower()}:{slugify(name)}"


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    label: str
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)

    #: properties that merge as sorted set unions when two records of one node meet
    LIST_PROPS: ClassVar[tuple[str, ...]] = ("aliases", "sources")

    def properties(self) -> dict[str, Any]:
        """Database/export properties: every field but ``label``, without unset values, lists sorted."""
        props: dict[str, Any] = {}
        for key, value in self.model_dump(exclude={"label"}).items():
            if value is None or value == []:
                if key in ("aliases", "sources"):
                    props[key] = []
                continue
            props[key] = value
        return props


class Person(_Node):
    label: Literal["Person"] = "Person"
    titles: list[str] = Field(default_factory=list)
    LIST_PROPS: ClassVar[tuple[str, ...]] = ("aliases", "sources", "titles")


class Ministry(_Node):
    label: Literal["Ministry"] = "Ministry"
    country: str | None = None


class Organization(_Node):
    label: Literal["Organization"] = "Organization"
    kind: str | None = None


class Country(_Node):
    label: Literal["Country"] = "Country"


class Place(_Node):
    label: Literal["Place"] = "Place"
    kind: str | None = None


class Base(_Node):
    label: Literal["Base"] = "Base"


class Agreement(_Node):
    label: Literal["Agreement"] = "Agreement"
    kind: str | None = None
    date: str | None = None
    status: Literal["planned", "signed", "in force"] | None = None


class Weapon(_Node):
    label: Literal["Weapon"] = "Weapon"
    category: str | None = None


class Meeting(_Node):
    label: Literal["Meeting"] = "Meeting"
    kind: str | None = None
    cameo: str | None = None
    date: str | None = None
    place: str | None = None


class Article(_Node):
    """A source document.  ``id`` is the file stem of a plain-text file, else derived from the article's URL
    (``news.example.am/en/2021/05/28/talks``), else the record's own id; ``date`` is its publication date."""

    label: Literal["Article"] = "Article"
    title: str | None = None
    path: str | None = None
    sha256: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None
    source: str | None = None


Node = Annotated[
    Union[Person, Ministry, Organization, Country, Place, Base, Agreement, Weapon, Meeting, Article],
    Field(discriminator="label"),
]
NODE_CLASSES: dict[str, type[_Node]] = {
    cls.model_fields["label"].default: cls
    for cls in (Person, Ministry, Organization, Country, Place, Base, Agreement, Weapon, Meeting, Article)
}
LABELS: tuple[str, ...] = tuple(NODE_CLASSES)


#: the properties only some relationship types carry (SCHEMA.md); every type has sources, evidence, confidence
REL_TYPE_PROPERTIES: dict[str, tuple[str, ...]] = {
    "HOLDS_POSITION": ("title",),
    "SUPPLIED_TO": ("quantity", "supplier"),
    "MENTIONS": ("count",),
}
TYPED_REL_PROPERTIES = ("title", "quantity", "supplier", "count")
#: relationship types no sentence states (the lexical layer): no ``evidence``, no ``first_seen``/``last_seen``
UNSTATED_REL_TYPES = ("MENTIONS",)
#: properties only stated facts carry: the sentences, and the publication dates of the articles stating them
STATED_REL_PROPERTIES = ("evidence", "first_seen", "last_seen")
#: the property that tells apart several edges of one type between the same two nodes: a person's offices at one
#: institution (Deputy Defense Minister, then Defense Minister) and the quantities of different deliveries
REL_IDENTITY: dict[str, str] = {"HOLDS_POSITION": "title", "SUPPLIED_TO": "quantity"}


class Relationship(BaseModel):
    """A fact edge.  Its identity is ``(type, start, end)`` plus, for HOLDS_POSITION and SUPPLIED_TO, the value of
    its identifying property (``REL_IDENTITY``: title, quantity); other properties merge across articles.
    ``first_seen`` / ``last_seen`` are the earliest and latest publication dates of the articles stating it."""

    model_config = ConfigDict(extra="forbid")

    type: RelType
    start_label: Label
    start: str
    end_label: Label
    end: str
    sources: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    title: str | None = None
    quantity: int | None = None
    supplier: str | None = None
    count: int | None = None
    first_seen: str | None = None
    last_seen: str | None = None

    @model_validator(mode="after")
    def _only_its_type_s_properties(self) -> Relationship:
        allowed = REL_TYPE_PROPERTIES.get(self.type, ())
        for name in TYPED_REL_PROPERTIES:
            if name not in allowed and getattr(self, name) is not None:
                raise ValueError(f"{self.type} relationships have no {name!r} (SCHEMA.md)")
        if self.type in UNSTATED_REL_TYPES:
            for name in STATED_REL_PROPERTIES:
                if getattr(self, name):
                    raise ValueError(f"{self.type} relationships have no {name} (no sentence states them)")
        return self

    @property
    def identity(self) -> str | int | None:
        """The value of the identifying property (``REL_IDENTITY``), None for the other types."""
        name = REL_IDENTITY.get(self.type)
        return getattr(self, name) if name else None

    @property
    def key(self) -> str:
        """The relationship's key in ``Graph.relationships``: ``rel_key`` of type, ends and identity."""
        return rel_key(self.type, self.start, self.end, self.identity)

    def sort_key(self) -> tuple[str, str, str, bool, str | int]:
        identity = self.identity
        return (self.type, self.start, self.end, identity is not None, identity if identity is not None else "")

    def properties(self) -> dict[str, Any]:
        props = self.model_dump(exclude={"type", "start_label", "start", "end_label", "end"}, exclude_none=True)
        return props


REL_PROP_KEYS: tuple[str, ...] = ("sources", "evidence", "confidence", "title", "quantity", "supplier", "count",
                                   "first_seen", "last_seen")


def _sort_lists(record: BaseModel) -> None:
    """Every list property of ``record`` sorted and de-duplicated, in place."""
    for key, value in list(record.__dict__.items()):
        if isinstance(value, list):
            setattr(record, key, sorted(set(value)))


def _union(a: list[str], b: Iterable[str]) -> list[str]:
    """``a`` (sorted, no duplicates) with the items of ``b`` it lacks inserted in order, in place.

    A binary search per new item, not a re-sort of ``a``: a country every article names gains one source per
    article, and re-sorting its whole list each time made building the graph quadratic in the corpus."""
    for item in b:
        i = bisect_left(a, item)
        if i == len(a) or a[i] != item:
            a.insert(i, item)
    return a


class Graph(BaseModel):
    """Nodes keyed by id and relationships keyed by ``Relationship.key``; merging is a set union."""

    model_config = ConfigDict(extra="forbid")

    nodes: dict[str, Node] = Field(default_factory=dict)
    relationships: dict[str, Relationship] = Field(default_factory=dict)

    # -- building -------------------------------------------------------------------------------------------
    def add_node(self, node: _Node) -> _Node:
        """Add ``node`` or merge it into the node with the same id; returns the stored node."""
        existing = self.nodes.get(node.id)
        if existing is None:
            _sort_lists(node)  # sorted and unique from the start, so merging can insert in order
            self.nodes[node.id] = node  # type: ignore[assignment]
            return node
        if existing.label != node.label:
            raise ValueError(f"id {node.id!r} used for both {existing.label} and {node.label}")
        for key in type(existing).model_fields:
            if key in ("label", "id", "name"):
                continue
            new = getattr(node, key)
            old = getattr(existing, key)
            if isinstance(old, list):
                setattr(existing, key, _union(old, new))
            elif old is None and new is not None:
                setattr(existing, key, new)
        if existing.name in existing.aliases:
            existing.aliases.remove(existing.name)
        return existing

    def add_relationship(self, rel: Relationship) -> Relationship:
        starts, ends = REL_PATTERNS[rel.type]
        if rel.start_label not in starts or rel.end_label not in ends:
            raise ValueError(f"{rel.type} may not join {rel.start_label} to {rel.end_label}")
        key = rel.key
        existing = self.relationships.get(key)
        if existing is None:
            _sort_lists(rel)
            self.relationships[key] = rel
            return rel
        existing.sources = _union(existing.sources, rel.sources)
        existing.evidence = _union(existing.evidence, rel.evidence)
        existing.confidence = max(existing.confidence, rel.confidence)
        if existing.supplier is None and rel.supplier is not None:
            existing.supplier = rel.supplier
        if rel.count is not None:
            existing.count = (existing.count or 0) + rel.count
        existing.first_seen = _earliest(existing.first_seen, rel.first_seen)
        existing.last_seen = _latest(existing.last_seen, rel.last_seen)
        return existing

    def merge(self, other: "Graph") -> "Graph":
        for node in other.nodes.values():
            self.add_node(node.model_copy(deep=True))
        for rel in other.relationships.values():
            self.add_relationship(rel.model_copy(deep=True))
        return self

    # -- reading --------------------------------------------------------------------------------------------
    def sorted_nodes(self) -> list[_Node]:
        return sorted(self.nodes.values(), key=lambda n: (n.label, n.id))

    def sorted_relationships(self) -> list[Relationship]:
        return sorted(self.relationships.values(), key=Relationship.sort_key)

    def nodes_by_label(self, label: str) -> list[_Node]:
        return [n for n in self.sorted_nodes() if n.label == label]

    def find(self, label: str, name: str) -> _Node | None:
        """The node of ``label`` whose name or alias equals ``name`` (case-insensitive)."""
        wanted = name.casefold()
        for node in self.sorted_nodes():
            if node.label == label and (node.name.casefold() == wanted
                                        or any(a.casefold() == wanted for a in node.aliases)):
                return node
        return None

    def label_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(n.label for n in self.nodes.values()).items()))

    def type_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(r.type for r in self.relationships.values()).items()))

    def normalized(self) -> "Graph":
        """A copy with every list property sorted and de-duplicated: the canonical form used for equality."""
        out = Graph()
        for node in self.sorted_nodes():
            copy = node.model_copy(deep=True)
            _sort_lists(copy)
            out.nodes[copy.id] = copy  # type: ignore[assignment]
        for rel in self.sorted_relationships():
            copy = rel.model_copy(deep=True)
            _sort_lists(copy)
            out.relationships[copy.key] = copy
        return out


def fold_unidentified(rels: Iterable[Relationship]) -> list[Relationship]:
    """One article's relationships, an edge that lacks its identifying property (a sentence that does not repeat
    the quantity) given the value the article states for the same type and ends, when it states exactly one;
    otherwise it stays an edge of its own (a delivery of unknown size)."""
    rels = list(rels)
    values: dict[tuple[str, str, str], set[str | int]] = {}
    for rel in rels:
        if rel.identity is not None:
            values.setdefault((rel.type, rel.start, rel.end), set()).add(rel.identity)
    out = []
    for rel in rels:
        known = values.get((rel.type, rel.start, rel.end), set())
        if rel.type in REL_IDENTITY and rel.identity is None and len(known) == 1:
            rel = rel.model_copy(update={REL_IDENTITY[rel.type]: next(iter(known))})
        out.append(rel)
    return out


def rel_key(rel_type: str, start: str, end: str, identity: str | int | None = None) -> str:
    """``start|TYPE|end``, and ``|identity`` for an edge with an identifying property set (``REL_IDENTITY``)."""
    return f"{start}|{rel_type}|{end}" if identity is None else f"{start}|{rel_type}|{end}|{identity}"


def _earliest(a: str | None, b: str | None) -> str | None:
    """The earlier of two ISO dates (either may be unknown); ISO strings order as their dates do."""
    return b if a is None else a if b is None else min(a, b)


def _latest(a: str | None, b: str | None) -> str | None:
    return b if a is None else a if b is None else max(a, b)


def node_from_properties(label: str, props: dict[str, Any]) -> _Node:
    """Rebuild a typed node from stored properties (used when reading the graph back from a database or RDF)."""
    cls = NODE_CLASSES[label]
    known = {k: v for k, v in props.items() if k in cls.model_fields and k != "label"}
    for key, value in list(known.items()):
        if isinstance(cls.model_fields[key].default_factory, type) and value is None:
            known[key] = []
    return cls(**known)
