"""MEMBER_OF: a country's membership of (or adherence to, or appeal as a member to) an alliance or union."""

from __future__ import annotations

from kg.extract.context import ExtractionContext

BLOC_KINDS = frozenset({"alliance", "economic union", "union"})


def extract_memberships(ctx: ExtractionContext) -> None:
    for sentence in ctx.sentences:
        blocs = [m for m in sentence.of("Organization")
                 if (entry := ctx.lex.entry("Organization", m.key)) is not None and entry.kind in BLOC_KINDS]
        if not blocs or not any(sentence.has_phrase(cue) for cue in ctx.lex.membership_cues):
            continue
        countries = [m for m in sentence.of("Country") if m.start < blocs[0].start]
        subjects = [m for m in countries if ctx.entities.doc[m.end - 1].dep_ in ("nsubj", "nsubjpass", "poss")]
        members = subjects or countries[:1]
        for country in members:
            for bloc in blocs:
                ctx.add("MEMBER_OF", ("Country", country.key), ("Organization", bloc.key), sentence.text, 0.8,
                        "membership-cue")
