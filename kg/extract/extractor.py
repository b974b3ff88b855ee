"""The ``Extractor``: spaCy pipeline, lexicon and fact rules; a ``Document`` in, a ``DocumentExtraction`` out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.corpus import Document
from kg.extract.agreements import extract_agreements
from kg.extract.bases import extract_bases
from kg.extract.context import ExtractionContext
from kg.extract.dates import article_date
from kg.extract.entities import DocEntities, EntityFinder
from kg.extract.hierarchy import extract_hierarchy
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.meetings import extract_meetings, extract_visits
from kg.extract.memberships import extract_memberships
from kg.extract.pipeline import build_nlp
from kg.extract.positions import extract_positions
from kg.extract.supplies import extract_supplies
from kg.extract.whereabouts import settle_whereabouts
from kg.extract.types import UNRESOLVED, DocumentExtraction, Fact, LocalEntity
from kg.model import Article

#: verbs of using weapons: a category a sentence says is used or fired is a Weapon ("used heavy calibre weapons
#: and artillery")
USE_WORDS = frozenset({"use", "used", "using", "fire", "fired", "firing", "deploy", "deployed", "employ",
                       "employed", "shell", "shelled"})

FACT_EXTRACTORS = (extract_positions, extract_bases, extract_meetings, extract_visits, settle_whereabouts,
                   extract_agreements, extract_supplies, extract_memberships, extract_hierarchy)

class Extractor:
    """Holds the spaCy pipeline and the lexicon; turns documents into ``DocumentExtraction``s."""

    def __init__(self, model: str, lex: Lexicon | None = None, nlp: Language | None = None) -> None:
        self.lex = lex or load_lexicon()
        self.nlp = nlp or build_nlp(model, self.lex)
        self.finder = EntityFinder(self.lex)

    def extract(self, document: Document) -> DocumentExtraction:
        return self.from_doc(document, self.nlp(document.text))

    def extract_many(self, documents: Iterable[Document], n_process: int = 1,
                     batch_size: int = 16) -> Iterator[DocumentExtraction]:
        docs = list(documents)
        texts = ((d.text, d) for d in docs)
        for parsed, document in self.nlp.pipe(texts, as_tuples=True, n_process=n_process, batch_size=batch_size):
            yield self.from_doc(document, parsed)

    def from_doc(self, document: Document, doc: Doc) -> DocumentExtraction:
        date = document.date or article_date(document.text)  # the page's or record's date, else the dateline
        ents = self.finder.find(doc)
        ctx = ExtractionContext.build(ents, self.lex, document.id, date)
        for extractor in FACT_EXTRACTORS:
            extractor(ctx)
        ctx.facts = _settle_unresolved(ctx.facts, ents, self.lex, ctx.home_country())
        byline = _byline_entity(document.author, self.lex)
        if byline is not None and not any(m.label == byline.label and m.key == byline.key for m in ents.mentions):
            ctx.extra[(byline.label, byline.key)] = byline
        entities = _local_entities(ents, ctx, self.lex)  # after settling: a settled office is an entity too
        facts = ctx.facts
        entities = _drop_idle_categories(entities, ents, facts, ctx)
        known = {(e.label, e.key) for e in entities}
        facts = [f for f in facts if (f.start_label, f.start) in known and (f.end_label, f.end) in known
                 or f.end.startswith(UNRESOLVED)]
        article = Article(id=document.id, name=document.title or document.id, title=document.title,
                          path=document.path, sha256=document.sha256, date=date, sources=[document.id],
                          author=document.author, url=document.url, source=document.source)
        return DocumentExtraction(article=article, entities=entities, facts=facts)


def _local_entities(ents: DocEntities, ctx: ExtractionContext, lex: Lexicon) -> list[LocalEntity]:
    out: dict[tuple[str, str], LocalEntity] = {}
    for m in ents.mentions:
        entity = out.get((m.label, m.key))
        if entity is None:
            props = dict(ents.entity_props.get((m.label, m.key), {}))
            if m.label == "Person":
                info = ents.people.get(m.key)
                props["titles"] = list(info.titles) if info else []
                props["country"] = info.country if info else None
            entity = out[(m.label, m.key)] = LocalEntity(label=m.label, key=m.key, name=m.key, props=props)
        entity.mentions += 1
        start, end = ents.doc[m.start].idx, ents.doc[m.end - 1].idx + len(ents.doc[m.end - 1])
        entity.offsets.append((start, end))
    for key, text in ents.surface.items():
        if key in out:
            out[key].aliases = sorted(text - {out[key].name})
    for key, entity in ctx.extra.items():
        out[key] = entity
    # entities a fact introduces that were never mentioned by name (an office's country, a counterpart's ministry)
    for fact in ctx.facts:
        for label, name in ((fact.start_label, fact.start), (fact.end_label, fact.end)):
            if (label, name) not in out and not name.startswith(UNRESOLVED):
                props = {}
                if label == "Ministry":
                    props["country"] = lex.country_of_ministry(name)
                out[(label, name)] = LocalEntity(label=label, key=name, name=name, props=props)
    return [out[k] for k in sorted(out)]


def _drop_idle_categories(entities: list[LocalEntity], ents: DocEntities, facts: list[Fact],
                          ctx: ExtractionContext) -> list[LocalEntity]:
    """A weapon category ("tanks", "ammunition") is a node only where it is said to be supplied, sold, delivered
    or repaired: a fact names it, or its sentence or the one before has a supply or repair word."""
    words = ctx.lex.supply_verbs | ctx.lex.repair_words
    supply_sentences = {s.index for s in ctx.sentences
                        if any(t.lower_ in words or t.lemma_.lower() in words for t in s.tokens)}
    category_mentions = [m for m in ents.mentions if m.via == "category"]
    supported = {m.key for m in category_mentions if not _unit_type(ents.doc[m.end - 1]) and (
        {m.sent, m.sent - 1} & supply_sentences or _used(ents.doc[m.end - 1]))}
    named = {m.key for m in ents.mentions if m.label == "Weapon" and m.via != "category"}
    used = {f.end for f in facts if f.end_label == "Weapon"} | {f.start for f in facts if f.start_label == "Weapon"}
    idle = {m.key for m in category_mentions} - supported - named - used
    return [e for e in entities if not (e.label == "Weapon" and e.key in idle)]


#: nouns a category modifies when it names a kind of unit ("artillery, air defense and tanks units")
UNIT_WORDS = frozenset({"units", "unit", "battalions", "battalion", "brigades", "brigade", "regiments", "regiment",
                        "crews", "troops", "servicemen", "companies", "divisions", "forces"})


def _unit_type(token: Token) -> bool:
    group = [token, *token.conjuncts]
    return any(t.head.lower_ in UNIT_WORDS and t.dep_ in ("compound", "amod", "nmod") for t in group) or any(
        t.dep_ == "compound" and t.head.lower_ in UNIT_WORDS for t in group)


def _used(token: Token) -> bool:
    """A use verb governs the category ("Azerbaijan had used heavy calibre weapons and artillery")."""
    return any(a.lemma_.lower() in USE_WORDS or a.lower_ in USE_WORDS for a in list(token.ancestors)[:3]
               if a.pos_ == "VERB")


def _byline_entity(author: str | None, lex: Lexicon) -> LocalEntity | None:
    """The byline the cleaner took off the top ("By Ani Torosyan", "By The Associated Press"): the writer is a
    Person, an agency writing as itself an Organization."""
    if not author:
        return None
    name = author.removeprefix("The ").strip()
    for (label, key), entry in lex.entries.items():
        if label == "Organization" and name in (key, *entry.aliases):
            return LocalEntity(label="Organization", key=key, name=key)
    words = name.split()
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and (
            words[0] in lex.given_names or lex.country_of_surname(name)):
        return LocalEntity(label="Person", key=name, name=name, props={"titles": [], "country": None})
    return None


def _settle_unresolved(facts: list[Fact], ents: DocEntities, lex: Lexicon, home: str | None) -> list[Fact]:
    """An office whose country the sentence did not say takes the person's country known in this document, else
    what the surname says, else the country of the outlet whose own officials the article names bare."""
    out: list[Fact] = []
    for fact in facts:
        if fact.end.startswith(UNRESOLVED) and fact.start_label == "Person":
            person = ents.people.get(fact.start)
            country = person.country if person is not None else None
            if country is None and person is not None:
                country = lex.country_of_surname(person.name) or home  # the article never says; "-yan": Armenian
                fact = fact.model_copy(update={"confidence": min(fact.confidence, 0.5)}) if country else fact
            if country:
                fact = fact.model_copy(update={"end": lex.office(fact.end_label, fact.end[1:], country)})
        out.append(fact)
    return out
