"""MEMBER_OF: a country's membership of an alliance or union, as a sentence states or directly implies it.

- "<Adjective>-led <bloc>" (the Russian-led CSTO) → the leading country is a member;
- "members", "member states", "<bloc> comprises/includes/brings together …" → every country the sentence names
  is a member;
- "adherence to", "participation in", "asked the <bloc>", "within the framework of" → the subject or possessor
  country (or, for "within the framework of", the countries of the talks' adjectives: "Russian-Armenian talks").
"""

from __future__ import annotations

from kg.extract.context import ExtractionContext, Sentence
from kg.extract.entities import Mention

BLOC_KINDS = frozenset({"alliance", "economic union", "union"})
ALL_COUNTRY_CUES = ("members", "member states", "member countries", "member-states", "member nations")
ADJECTIVE_CUES = ("within the framework of",)
COMPOSITION_VERBS = frozenset({"comprise", "include", "consist", "unite", "group"})


def _blocs(ctx: ExtractionContext, sentence: Sentence) -> list[Mention]:
    return [m for m in sentence.of("Organization")
            if (entry := ctx.lex.entry("Organization", m.key)) is not None and entry.kind in BLOC_KINDS]


def _led_by(ctx: ExtractionContext, sentence: Sentence) -> list[str]:
    toks = list(sentence.span)
    return [ctx.lex.adjective_to_country[t.text] for i, t in enumerate(toks[:-2])
            if t.text in ctx.lex.adjective_to_country and toks[i + 1].text == "-" and toks[i + 2].lower_ == "led"] + \
        [ctx.lex.adjective_to_country[t.text[:-4]] for t in toks
         if t.text.endswith("-led") and t.text[:-4] in ctx.lex.adjective_to_country]


def extract_memberships(ctx: ExtractionContext) -> None:
    doc = ctx.entities.doc
    for sentence in ctx.sentences:
        blocs = _blocs(ctx, sentence)
        if not blocs:
            continue
        members: dict[str, str] = {}
        for country in _led_by(ctx, sentence):
            members[country] = "led-by"
        countries = sentence.of("Country")
        composed = any(t.lemma_.lower() in COMPOSITION_VERBS and t.pos_ == "VERB" and any(
            doc[b.end - 1].head == t and doc[b.end - 1].dep_ == "nsubj" for b in blocs) for t in sentence.span)
        if composed or any(sentence.has_phrase(cue) for cue in ALL_COUNTRY_CUES):
            for m in countries:
                members.setdefault(m.key, "member-list")
        elif any(sentence.has_phrase(cue) for cue in ADJECTIVE_CUES):
            for country, _ in ctx.countries_in(sentence, include_adjectives=True):
                members.setdefault(country, "framework")
        elif any(sentence.has_phrase(cue) for cue in ctx.lex.membership_cues):
            before = [m for m in countries if m.start < blocs[0].start]
            subjects = [m for m in before if doc[m.end - 1].dep_ in ("nsubj", "nsubjpass", "poss")]
            for m in subjects or before[:1]:
                members.setdefault(m.key, "membership-cue")
        for country, rule in sorted(members.items()):
            for bloc in blocs:
                confidence = {"member-list": 0.9, "led-by": 0.85, "membership-cue": 0.8}.get(rule, 0.7)
                ctx.add("MEMBER_OF", ("Country", country), ("Organization", bloc.key), sentence.text, confidence,
                        rule)
