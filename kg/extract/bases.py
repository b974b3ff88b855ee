"""Bases: LOCATED_IN and OPERATES.

- LOCATED_IN: "<base> in <place>", "<base> stationed in <place>", "<base> in the northern city of <place>",
  "<base>, near <place>";
- OPERATES: the country adjective or possessive of the base's own noun phrase ("the 102nd Russian Military Base",
  "the Russian air base in Erebuni", "Russia's base"), or "its <base>" when a country is the sentence's subject.
"""

from __future__ import annotations

from kg.extract.context import ExtractionContext, Sentence
from kg.extract.entities import Mention

LINK_WORDS = frozenset({"in", "near", "at", "outside", "the", "city", "town", "village", "region", "province", "of",
                        "stationed", "located", "based", "deployed", "situated", ",", "northern", "southern",
                        "eastern", "western", "central", "north", "south", "east", "west", "armenian", "capital",
                        "on", "outskirts", "km", "kilometers", "kilometres", "miles", "about", "some", "just",
                        "roughly", "from", "provinces", "border"})
BASE_NOUNS = frozenset({"base", "airbase", "airfield", "garrison"})


def _location(ctx: ExtractionContext, sentence: Sentence, base: Mention) -> Mention | None:
    doc = ctx.entities.doc
    for target in sentence.of("Place", "Country"):
        if target.start < base.end or target.start - base.end > 7:
            continue
        between = [t.lower_ for t in doc[base.end:target.start] if not t.like_num]
        if between and set(between) <= LINK_WORDS | {"turkish", "iranian", "azerbaijani", "georgian"} and (
                {"in", "near", "at", "outside", "of"} & set(between)):
            return target
    return None


def _place_in_name(ctx: ExtractionContext, base: Mention) -> str | None:
    words = base.text.split()
    for i, word in enumerate(words[:-1]):
        if word.lower() in ("in", "near"):
            rest = " ".join(words[i + 1:])
            if ctx.lex.entry("Place", rest) is not None:
                return rest
    return None


def _operator(ctx: ExtractionContext, sentence: Sentence, base: Mention) -> str | None:
    doc = ctx.entities.doc
    for tok in doc[base.start:base.end]:  # the base's own name: "102nd Russian Military Base"
        if tok.text in ctx.lex.adjective_to_country:
            return ctx.lex.adjective_to_country[tok.text]
    i = base.start - 1
    while i >= sentence.span.start and base.start - i <= 5:  # its noun phrase: "the Russian air base in …"
        tok = doc[i]
        if tok.text in ctx.lex.adjective_to_country:
            return ctx.lex.adjective_to_country[tok.text]
        if tok.ent_type_ == "KG_COUNTRY" and i + 1 < len(doc) and doc[i + 1].text in ("’s", "'s"):
            return tok.ent_id_ or tok.text
        if tok.lower_ == "its":
            subjects = [m for m in sentence.of("Country") if doc[m.end - 1].dep_ == "nsubj" and m.start < i]
            return subjects[0].key if subjects else None
        if tok.lower_ in ("at", "in") and i > 0 and doc[i - 1].lower_ in BASE_NOUNS:
            i -= 1  # "the Russian air base at Erebuni"
            continue
        if tok.pos_ in ("VERB", "PUNCT", "ADP") and tok.lower_ not in ("-",):
            break
        i -= 1
    return None


def extract_bases(ctx: ExtractionContext) -> None:
    first_sentence: dict[str, Sentence] = {}
    for sentence in ctx.sentences:
        for base in sentence.of("Base"):
            first_sentence.setdefault(base.key, sentence)
            target = _location(ctx, sentence, base)
            if target is not None:
                ctx.add("LOCATED_IN", ("Base", base.key), (target.label, target.key), sentence.text, 0.9,
                        "base-in-place")
            else:
                place = _place_in_name(ctx, base)
                if place:  # the base named as "the Russian military base in Gyumri"
                    ctx.add("LOCATED_IN", ("Base", base.key), ("Place", place), sentence.text, 0.85,
                            "base-name-in-place")
            operator = _operator(ctx, sentence, base)
            if operator:
                ctx.add("OPERATES", ("Country", operator), ("Base", base.key), sentence.text, 0.85, "base-name")
    for fact in ctx.entities.base_facts:  # what a facility's own phrase says ("facilities.py")
        evidence = ctx.sentences[fact.sentence].text
        if fact.type == "OPERATES":
            ctx.add("OPERATES", (fact.label, fact.key), ("Base", fact.base), evidence, fact.confidence, fact.rule)
        else:
            ctx.add("LOCATED_IN", ("Base", fact.base), (fact.label, fact.key), evidence, fact.confidence, fact.rule)
    _known_bases(ctx, first_sentence)


def _known_bases(ctx: ExtractionContext, first_sentence: dict[str, Sentence]) -> None:
    """A base the lexicon knows is where the lexicon says, and run by its operator: its country always, its city
    when the article names that city (evidence: the sentence that first names the base, and the city's)."""
    named_places = {m.key: ctx.sentences[m.sent] for m in ctx.entities.mentions if m.label == "Place"}
    for key, sentence in sorted(first_sentence.items()):
        entry = ctx.lex.entry("Base", key)
        if entry is None:
            continue
        if entry.country:
            ctx.add("OPERATES", ("Country", entry.country), ("Base", key), sentence.text, 0.6, "known-base")
        for where in entry.located:
            if ctx.lex.entry("Country", where) is not None:
                ctx.add("LOCATED_IN", ("Base", key), ("Country", where), sentence.text, 0.6, "known-base")
            elif where in named_places:
                ctx.add("LOCATED_IN", ("Base", key), ("Place", where), [sentence.text, named_places[where].text], 0.55,
                        "known-base-city")
