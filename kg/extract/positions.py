"""HOLDS_POSITION: offices people hold, from titles before names, appositives and "his counterpart"."""

from __future__ import annotations

from kg.extract.context import ExtractionContext

CONFIDENCE = {"explicit": 0.9, "inferred": 0.7}


def extract_positions(ctx: ExtractionContext) -> None:
    for info in ctx.entities.people.values():
        for title, label, key, sentence in info.positions:
            ctx.add("HOLDS_POSITION", ("Person", info.name), (label, key), sentence.text.strip(),
                    CONFIDENCE["inferred" if key.startswith("?") else "explicit"], "title", title=title)
