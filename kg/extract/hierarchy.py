"""PART_OF: institutional hierarchy a sentence states.

- "<Institution>'s <Organization>" ("the Armenian Defense Ministry's Department …", "Rostec's Rosoboronexport");
- "<Organization>, a subsidiary / part / unit / division / arm of <Institution>";
- "<Organization> of the <Institution>" when the first is a staff, department or directorate name.
"""

from __future__ import annotations

from kg.extract.context import ExtractionContext

LINK_NOUNS = frozenset({"subsidiary", "part", "unit", "division", "arm", "branch", "department", "agency",
                        "member", "affiliate", "body"})


def extract_hierarchy(ctx: ExtractionContext) -> None:
    doc = ctx.entities.doc
    for sentence in ctx.sentences:
        for unit in sentence.of("Organization"):  # "CSTO Secretariat": a body named after its parent
            parent = doc[unit.start]
            if unit.via == "pattern" and parent.ent_type_ == "KG_ORG" and parent.ent_id_ != unit.key:
                ctx.add("PART_OF", ("Organization", unit.key), ("Organization", parent.ent_id_), sentence.text, 0.8,
                        "named-after-parent")
        institutions = sentence.of("Ministry", "Organization")
        for a in institutions:
            for b in institutions:
                if a is b or a.key == b.key:
                    continue
                between = [t for t in doc[a.end:b.start]] if a.end <= b.start else None
                if between is None:
                    continue
                words = [t.lower_ for t in between]
                if words in (["’s"], ["'s"]):
                    ctx.add("PART_OF", (b.label, b.key), (a.label, a.key), sentence.text, 0.8, "possessive")
                elif words and words[0] == "," and LINK_NOUNS & set(words) and "of" in words and len(words) <= 12:
                    ctx.add("PART_OF", (a.label, a.key), (b.label, b.key), sentence.text, 0.85, "apposition")
