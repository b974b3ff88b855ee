"""PART_OF: a ministry or organization whose own name says which country (or ministry) it belongs to."""

from __future__ import annotations

from kg.extract.context import ExtractionContext


def extract_hierarchy(ctx: ExtractionContext) -> None:
    done: set[tuple[str, str]] = set()
    doc = ctx.entities.doc
    for sentence in ctx.sentences:
        for m in sentence.of("Ministry", "Organization"):
            if (m.label, m.key) in done:
                continue
            country = ctx.country_of_mention(m)
            span_text = doc[m.start:m.end].text
            named = country and (country in span_text or any(
                adj in span_text for adj, c in ctx.lex.adjective_to_country.items() if c == country)
                or (ctx.lex.capital_to_country.get(span_text.split(" in ")[-1]) == country))
            if named:
                done.add((m.label, m.key))
                ctx.add("PART_OF", (m.label, m.key), ("Country", country), sentence.text, 0.9, "name")
