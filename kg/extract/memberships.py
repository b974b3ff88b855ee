"""MEMBER_OF: a country's membership of an alliance or union, as a sentence states or directly implies it.

- "<Adjective>-led <bloc>" (the Russian-led CSTO) → the leading country is a member;
- "members", "member states", "<bloc> comprises/includes/brings together …" → every country the sentence names
  is a member;
- "adherence to", "participation in", "asked the <bloc>", "within the framework of" → the subject or possessor
  country (or, for "within the framework of", the countries of the talks' adjectives: "Russian-Armenian talks");
- for a bloc whose members the lexicon lists, a sentence that places countries in it ("the Russian-Armenian
  cooperation within the CSTO", "the CSTO's forces of six countries, including Armenia …", "the European OSCE
  members minus Russia and Belarus", "the countries … within international structures, primarily the CSTO")
  makes members of the listed countries it names, by name, adjective, capital, official, or as "the two
  countries" of a bilateral article.  A sub-body's members belong to its parent (the CSTO's rapid reaction forces).

With a member list, a country the list does not hold is never made a member, whatever the cue.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.context import ExtractionContext, Sentence, phrase_head
from kg.extract.entities import Mention
from kg.extract.lexicon import Entry

BLOC_KINDS = frozenset({"alliance", "economic union", "union"})
ALL_COUNTRY_CUES = ("members", "member states", "member countries", "member-states", "member nations")
ADJECTIVE_CUES = ("within the framework of",)
COMPOSITION_VERBS = frozenset({"comprise", "include", "consist", "unite", "group"})
#: words that, with a bloc whose members are known, place the countries of the sentence in it
CONTEXT_CUES = frozenset({"within", "framework", "member", "members", "membership", "ally", "allies", "partner",
                          "partners", "summit", "bloc", "including", "participation", "chairmanship", "presidency",
                          "led", "cooperation", "countries", "states", "integration", "forces", "adherence", "joined",
                          "session", "minus", "except", "belongs", "belong", "belonging", "leaving", "leave",
                          "quit", "quitting", "withdraw", "withdrawing", "withdrawal", "exit", "exiting"})
PAIR_CUES = ("the countries", "both countries", "two countries", "bilateral", "our countries", "the two states")


def _entry(ctx: ExtractionContext, m: Mention) -> Entry | None:
    return ctx.lex.entry("Organization", m.key)


def _blocs(ctx: ExtractionContext, sentence: Sentence) -> list[Mention]:
    return [m for m in sentence.of("Organization")
            if (entry := _entry(ctx, m)) is not None and (entry.kind in BLOC_KINDS or entry.members)]


def _led_by(ctx: ExtractionContext, sentence: Sentence) -> list[str]:
    toks = list(sentence.tokens)
    return [ctx.lex.adjective_to_country[t.text] for i, t in enumerate(toks[:-2])
            if t.text in ctx.lex.adjective_to_country and toks[i + 1].text == "-" and toks[i + 2].lower_ == "led"] + \
        [ctx.lex.adjective_to_country[t.text[:-4]] for t in toks
         if t.text.endswith("-led") and t.text[:-4] in ctx.lex.adjective_to_country]


def _target(ctx: ExtractionContext, bloc: Mention) -> tuple[str, Entry | None]:
    """The body membership is of: the bloc itself, or the parent of a sub-body (its forces, its council)."""
    entry = _entry(ctx, bloc)
    if entry is not None and entry.part_of:
        parent = ctx.lex.entry("Organization", entry.part_of)
        if parent is not None:
            return parent.name, parent
    return bloc.key, entry


RELATION_NOUNS = frozenset({"cooperation", "relations", "ties", "partnership", "integration", "interaction",
                            "dialogue", "alliance", "countries", "states", "sides", "delegations", "talks"})


def _distance(a: Token, b: Token) -> int:
    """Edges between two tokens in the dependency tree."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    common = next((t for t in up_a if t in up_b), None)
    return 99 if common is None else up_a.index(common) + up_b.index(common)


def _sentence_countries(ctx: ExtractionContext, sentence: Sentence, bloc: Token) -> set[str]:
    """The countries a sentence places near the bloc: named close to it in the tree ("Armenia, a member of the
    CSTO"), as adjectives of the relations it frames ("the Russian-Armenian cooperation within the EAEU"), by their
    officials at its summit, or as "the two countries" of a bilateral article."""
    title_words = ctx.lex.title_words
    found = set()
    for country, tok in ctx.countries_in(sentence, include_adjectives=True):
        if tok.head.lower_ in title_words:
            continue  # "French President X": X's country, not a member
        adjective = tok.text in ctx.lex.adjective_to_country
        hyphenated = tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text == "-" or tok.i > 0 and \
            tok.doc[tok.i - 1].text == "-"
        if adjective and not (tok.head.lower_ in RELATION_NOUNS or hyphenated or _distance(tok, bloc) <= 3):
            continue  # "buys Russian arms": no word on membership
        if not adjective and _distance(phrase_head(tok, ("conj", "appos")), bloc) > 6:
            continue  # (a list of countries counts from its first item)
        found.add(country)
    if any(t.lower_ in ("summit", "session", "chairmanship", "presidency") for t in sentence.tokens):
        for person in sentence.people():  # "He will raise the issue at the CSTO summit"
            info = ctx.entities.people.get(person.key)
            if info is not None and info.country:
                found.add(info.country)
    lowered = " ".join(sentence.lowers())
    if any(cue in lowered for cue in PAIR_CUES):
        found.update(ctx.article_pair())  # the two countries of a bilateral article
    return found


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
            doc[b.end - 1].head == t and doc[b.end - 1].dep_ == "nsubj" for b in blocs) for t in sentence.tokens)
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
        context = CONTEXT_CUES & {t.lower_.split("-")[-1] for t in sentence.tokens}
        confidence = {"member-list": 0.9, "led-by": 0.85, "membership-cue": 0.8, "known-member": 0.7}
        for bloc in blocs:
            target, entry = _target(ctx, bloc)
            listed = set(entry.members) if entry is not None else set()
            named = _sentence_countries(ctx, sentence, doc[bloc.end - 1]) if context else set()
            found = dict(members)
            for country in named & listed:
                found.setdefault(country, "known-member")
            for country, rule in sorted(found.items()):
                if listed and country not in listed:
                    continue  # the lexicon knows the members: "Belarus" is not in the EU
                if not listed and entry is not None and entry.kind not in BLOC_KINDS:
                    continue
                ctx.add("MEMBER_OF", ("Country", country), ("Organization", target), sentence.text,
                        confidence.get(rule, 0.7), rule)
