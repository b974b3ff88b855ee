"""Bases: LOCATED_IN from "<base> in <place>", OPERATES from the operator the base's name or a possessive states."""

from __future__ import annotations

from kg.extract.context import ExtractionContext


def extract_bases(ctx: ExtractionContext) -> None:
    doc = ctx.entities.doc
    for sentence in ctx.sentences:
        for base in sentence.of("Base"):
            after = [m for m in sentence.of("Place", "Country") if m.start == base.end + 1]
            if base.end < len(doc) and doc[base.end].lower_ in ("in", "near", "at") and after:
                target = after[0]
                ctx.add("LOCATED_IN", ("Base", base.key), (target.label, target.key), sentence.text, 0.9,
                        "base-in-place")
            operator = None
            for tok in doc[max(sentence.span.start, base.start - 2):base.end]:
                if tok.text in ctx.lex.adjective_to_country:
                    operator = ctx.lex.adjective_to_country[tok.text]
                elif tok.ent_type_ == "KG_COUNTRY" and tok.i < base.start:
                    operator = tok.ent_id_ or tok.text
            if operator:
                ctx.add("OPERATES", ("Country", operator), ("Base", base.key), sentence.text, 0.85, "base-name")
