"""Entity mentions in one parsed document: lexicon entities, people (with titles), and in-document coreference.

People are found as runs of capitalised proper-noun tokens that the lexicon does not claim, accepted when the
statistical NER calls them PERSON, when a title or rank introduces them, or when they repeat the surname of a
person already accepted.  A bare surname resolves to the full name the same document gives; "the Russian
defense minister", "his counterpart" and a pronoun subject resolve to a person already mentioned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from kg.extract.descriptions import DescriptionFinder
from kg.extract.facilities import BaseFact, FacilityFinder
from kg.extract.lexicon import Lexicon
from kg.extract.pipeline import CATEGORY, MINISTRY, RULER_LABELS
from kg.extract.types import UNRESOLVED
from kg.names import name_key

MONTH_WORDS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
                         "friday", "saturday", "sunday"})
PRONOUNS = frozenset({"he", "she"})
#: words between a named system and its category noun ("Caesar self-propelled howitzers")
#: organizations whose people are not "of" them as staff ("X of TASS" reports for it, which is kept; "X of the EU")
NOT_MEMBER_KINDS = frozenset({"bloc", "alliance", "union", "economic union", "international organization",
                              "mediation group"})
#: endings of the nationality words the model tags NORP ("Dragunov" it also tags NORP is a designer's name)
DEMONYM_ENDINGS = ("an", "ish", "ese", "i", "ic", "ch", "ean")
BLOC_ADJECTIVES = frozenset({"soviet", "western", "eastern", "nato", "allied", "warsaw", "communist"})
#: kinds of organization a nearby bare title ("Secretary General") belongs to
BODY_KINDS = frozenset({"alliance", "international organization", "economic union", "union", "mediation group",
                        "council", "parliamentary committee", "government agency", "security service", "border service"})
#: nouns that introduce a company by its name right after them ("the Yerevan firm UAV Lab")
COMPANY_NOUNS = frozenset({"firm", "company", "manufacturer", "maker", "developer", "start-up", "startup",
                           "producer", "concern", "contractor", "corporation"})
#: participles that say where or how a system was made, no kind of system ("locally made sniper rifles")
MADE_WORDS = frozenset({"made", "built", "produced", "manufactured", "developed", "designed", "assembled"})
WEAPON_MODIFIERS = frozenset({"shoulder", "fired", "launched", "mounted", "transport", "assault", "utility", "strike",
                              "reconnaissance", "flamethrower", "fighter", "training", "trainer", "modernized",
                              "modernised", "upgraded", "counter", "battery", "electronic", "warfare", "portable",
                              "self", "propelled", "medium", "range", "long", "short", "portable", "anti", "tank",
                              "air", "defense", "defence", "missile", "multiple", "launch", "rocket", "man", "main",
                              "battle", "multirole", "attack", "ballistic", "armored", "armoured", "personnel",
                              "infantry", "fighting", "guided", "heavy", "light", "combat", "tactical", "unmanned",
                              "aerial", "surface", "operational"})
#: words that may come before the title in an appositive ("Valery Semerikov, the acting head of …")
LEAD_WORDS = frozenset({"the", "a", "an", "’s", "'s", "then", "former", "new", "acting", "interim", "incumbent",
                        "outgoing", "current", "first", "its", "their"})
#: nouns after a country adjective that make it the country of a nearby office ("his Armenian counterpart")
CONTEXT_NOUNS = frozenset({"counterpart", "counterparts", "opposite", "officials", "side", "delegation",
                           "colleague", "host", "hosts"})
#: last words that make a model ORG an event, and nouns after it that make it a place's modifier
EVENT_WORDS = frozenset({"games", "forum", "conference", "summit", "exercise", "exercises", "drills", "olympics",
                         "championship", "cup", "festival", "expo", "exhibition", "show"})
PLACE_NOUNS = frozenset({"road", "highway", "corridor", "pipeline", "railway", "region", "valley", "border", "river",
                         "lake", "mountains", "village", "district", "province", "airport", "street", "square"})
#: nouns a country adjective may qualify without saying whose office a title is ("Russian-made weapons")
THING_NOUNS = frozenset({"weapons", "arms", "weaponry", "equipment", "hardware", "missiles", "systems", "tanks",
                         "jets", "aircraft", "helicopters", "gas", "oil", "market", "goods", "products", "made",
                         "troops", "border", "territory", "side", "media", "press", "economy"})
#: titles of envoys, whose "to <country>" names the host country, not theirs
ENVOY_WORDS = frozenset({"ambassador", "envoy", "representative", "ambassador-designate"})
#: words that, alone or together, name no particular organization
GENERIC_ORG_WORDS = frozenset({"state", "government", "press", "service", "armed", "forces", "army", "military",
                               "ministry", "council", "committee", "office", "department", "parliament", "army's",
                               "media", "agency", "authorities", "training", "ranges", "infrastructure", "and",
                               "the", "lab", "center", "centre", "group", "union", "commission"})
#: lexicon organization kinds that are recognised (so no other rule claims the words) but are no entities
NOT_ENTITY_KINDS = frozenset({"armed forces"})
_NAME_SHAPE = re.compile(r"^[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*$")


#: a person-name run: start, end, titles, country, organization, and a spare slot
_Run = tuple[int, int, list[str], str | None, str | None, str | None]


@dataclass
class Mention:
    """One mention of an entity: token span ``[start, end)`` in the spaCy doc, the sentence it is in."""

    label: str
    key: str
    start: int
    end: int
    sent: int
    text: str
    via: str = "lexicon"


@dataclass
class PersonInfo:
    name: str
    titles: list[str] = field(default_factory=list)
    positions: list[tuple[str, str, str, Span]] = field(default_factory=list)  # (title, label, key, sentence)
    country: str | None = None


@dataclass
class DocEntities:
    """All mentions of a document, by sentence, plus what is known about its people."""

    doc: Doc
    mentions: list[Mention] = field(default_factory=list)
    people: dict[str, PersonInfo] = field(default_factory=dict)
    entity_props: dict[tuple[str, str], dict[str, object]] = field(default_factory=dict)
    surface: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    #: where facilities named by description are and who runs them (``facilities.py``)
    base_facts: list[BaseFact] = field(default_factory=list)

    def in_sentence(self, sent: int, label: str | None = None) -> list[Mention]:
        return [m for m in self.mentions if m.sent == sent and (label is None or m.label == label)]

    def add(self, mention: Mention, surface: str | None = None) -> None:
        self.mentions.append(mention)
        if surface:
            self.surface.setdefault((mention.label, mention.key), set()).add(surface)


def sentence_index(doc: Doc) -> list[int]:
    """Sentence number of every token."""
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def _strip(span: Span) -> str:
    text = span.text
    text = re.sub(r"^(the|The)\s+", "", text)
    return re.sub(r"[’']s$", "", text).strip()


#: office nouns a name can be parsed as the "of" object of ("Prime Minister of Armenia Karen Karapetyan")
OFFICE_NOUNS = frozenset({"minister", "president", "secretary", "chairman", "head", "chief", "director", "commander",
                          "ambassador", "speaker", "spokesman", "premier", "governor", "mayor", "envoy"})


def phrase_head(token: Token, through: tuple[str, ...] = ("conj", "appos", "compound")) -> Token:
    """The token a name hangs from once conjuncts, appositions and compounds are climbed ("Tonoyan" in "talks with
    Minister Davit Tonoyan and X" → the "with" object), and through a title the small model makes the name the
    "of" object of ("Prime Minister of Armenia Karen Karapetyan" parsed as Minister ← of ← Karapetyan)."""
    while True:
        while token.dep_ in through and token.head.i != token.i:
            token = token.head
        office = _office_above(token) if token.pos_ == "PROPN" else None
        if office is not None:
            token = office
            continue
        bracket = _bracket_above(token)
        if bracket is not None:
            token = bracket
            continue
        return token


def _bracket_above(token: Token) -> Token | None:
    """The word an editor's bracket explains ("the President [of Armenia Vaagn Khachaturyan]", parsed with the
    bracket hanging elsewhere): the word right before the opening bracket."""
    node = token
    for _ in range(3):
        if node.text == "[" and node.i > 0:
            before = node.doc[node.i - 1]
            return before if before.i != token.i and before.pos_ in ("PROPN", "NOUN") else None
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _office_above(token: Token) -> Token | None:
    """The capitalised office noun a name is the "of" object of, directly or through one more "of" phrase
    ("Minister of Defense of Armenia Arshak Karapetyan" parsed as Minister ← of ← Defense ← of ← Karapetyan)."""
    node = token
    for _ in range(4):  # also "Deputy Director of the Federal Service for Military-Technical Cooperation of …"
        if node.dep_ != "pobj" or node.head.lower_ not in ("of", "for"):
            return None
        node = node.head.head
        if node.lower_ in OFFICE_NOUNS and node.is_title:
            return node
        if not node.is_title:
            return None
    return None


def country_of_token(token: Token, lex: Lexicon) -> str | None:
    """The country a token names directly or by adjective/capital (``Russian`` → Russia, ``Yerevan`` → Armenia)."""
    if token.text in lex.adjective_to_country:
        return lex.adjective_to_country[token.text]
    if token.ent_type_ == "KG_COUNTRY":
        return token.ent_id_ or token.text
    return None


class EntityFinder:
    """Finds the mentions of one document; holds only the lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.title_words = lex.title_words
        self.title_phrases = sorted(lex.titles, key=len, reverse=True)
        #: the title phrases (their words, longest first) under their first word, for ``_title_alone``
        self._titles_by_first: dict[str, list[tuple[str, list[str]]]] = {}
        for phrase in self.title_phrases:
            words = phrase.split()
            self._titles_by_first.setdefault(words[0], []).append((phrase, words))
        self.descriptions = DescriptionFinder(lex)
        self.facility_finder = FacilityFinder(lex)
        self._current = DocEntities(Doc(Vocab()))  # the document being read (set by ``people``)
        self._comma_org: str | None = None
        #: offices named in the document being read that the rules do not list ("Minister of High-Tech Industry")
        self._doc_titles: dict[str, str] = {}

    def _office(self, title: str) -> str | None:
        """The institution rule of an office title (``rules.yaml``), or None for a rank or unknown title."""
        return self._doc_titles.get(title) or self.lex.titles.get(title)

    # -- lexicon entities ---------------------------------------------------------------------------------
    def lexicon_mentions(self, ents: DocEntities, sents: list[int]) -> None:
        doc = ents.doc
        for ent in doc.ents:
            label = RULER_LABELS.get(ent.label_)
            if label is None:
                continue
            key = ent.ent_id_ or ent.text
            if ent.label_ == MINISTRY and key.startswith(UNRESOLVED):
                key = self._resolve_ministry(doc, ent, key[len(UNRESOLVED):], ents, sents)
                if key is None:
                    continue
            if ent.label_ == CATEGORY:
                lead = ent.start - 1
                while lead > 0 and doc[lead].ent_type_ != "KG_WEAPON" and not _MODEL.match(doc[lead].text) and (
                        doc[lead].pos_ == "ADJ" or doc[lead].text == "-" or doc[lead].lower_ in WEAPON_MODIFIERS
                        or (len(doc[lead].text) <= 2 and doc[lead].text.isupper()
                            and not doc[lead - 1].whitespace_)):
                    lead -= 1
                if lead >= 0 and doc[lead].ent_type_ == "KG_WEAPON" and ent.start - lead <= 5:
                    continue  # "Iskander missiles", "Caesar self-propelled howitzers": the named system's head noun
                named = self._system_name(doc, lead)
                if named is not None:  # "the Krunk reconnaissance aircraft", "Tornado-G rocket launchers": a system
                    # the lexicon does not know, by its own name
                    name = re.sub(r"\s*-\s*", "-", named.text)
                    ents.add(Mention("Weapon", name, named.start, ent.end, sents[ent.start], name, "system"),
                             doc[named.start:ent.end].text)
                    ents.entity_props.setdefault(("Weapon", name), {})["category"] = \
                        self.lex.weapon_categories[key]
                    continue
                model = _model_designation(doc, lead + 1)
                if model is not None:  # "three GM200 radars", "Eleron-3 reconnaissance drones": a system the
                    # lexicon does not know
                    ents.add(Mention("Weapon", model.text, model.start, ent.end, sents[ent.start], model.text,
                                     "model"), model.text)
                    ents.entity_props.setdefault(("Weapon", model.text), {})["category"] = \
                        self.lex.weapon_categories[key]
                    continue
                qualified = self._qualified_category(doc, ent)
                if qualified is not None:  # "counter-battery radars", "Dragunov sniper rifles": as the text says
                    name = re.sub(r"\s*-\s*", "-", qualified.text)
                    if qualified[0].pos_ != "PROPN":
                        name = name[:1].lower() + name[1:]  # "Portable air defence systems" at a sentence start
                    ents.add(Mention("Weapon", name, qualified.start, ent.end, sents[ent.start],
                                     qualified.text, "category"), qualified.text)
                    ents.entity_props.setdefault(("Weapon", name), {})["category"] = \
                        self.lex.weapon_categories[key]
                    continue
                key = self.lex.weapon_categories[key]
            if label == "Organization" and (entry := self.lex.entry(label, key)) is not None and \
                    entry.kind in NOT_ENTITY_KINDS:
                continue  # "the Armenian Armed Forces": a country's military in general is no organization
            via = "category" if ent.label_ == CATEGORY else "lexicon"
            ents.add(Mention(label, key, ent.start, ent.end, sents[ent.start], ent.text, via), _strip(ent))
            self._entity_props(ents, label, key, ent)

    def _system_name(self, doc: Doc, last: int) -> Span | None:
        """The proper name a system goes by, ending at ``last`` right before its category noun ("Krunk", "Tigr-M",
        "CAESAR"): capitalised words no entity, country adjective, given name or model code claims."""
        def name_word(tok: Token) -> bool:
            return tok.pos_ == "PROPN" and (tok.is_title or (tok.is_upper and len(tok.text) >= 3)) and \
                not tok.ent_type_.startswith("KG_") and tok.ent_type_ not in ("GPE", "DATE", "LOC", "FAC", "EVENT") \
                and not (tok.ent_type_ == "NORP" and (tok.lower_.endswith(DEMONYM_ENDINGS) or tok.lower_ in
                                                      BLOC_ADJECTIVES)) and \
                tok.text not in self.lex.adjective_to_country and tok.text not in self.lex.given_names and \
                tok.lower_ not in self.title_words and tok.lower_ not in WEAPON_MODIFIERS and \
                not _MODEL.match(tok.text)
        if last < 1 or not name_word(doc[last]):
            return None
        first = last
        if first >= 2 and doc[first - 1].text == "-" and not doc[first - 1].whitespace_ and \
                not doc[first - 2].whitespace_ and name_word(doc[first - 2]):
            first -= 2  # "Tigr - M"
        before = doc[first - 1]
        if before.pos_ == "PROPN" or before.ent_type_.startswith("KG_") or before.text in ("’s", "'s") or \
                doc[first].i == doc[first].sent.start:
            return None  # "Armenian Defense Ministry drones", "Rosoboronexport's drones", a headline's first word
        return doc[first:last + 1]

    def _qualified_category(self, doc: Doc, ent: Span) -> Span | None:
        """A weapon category with its own qualifiers before it: "counter-battery radars", "large-caliber sniper
        rifles", "towed howitzers", "Dragunov sniper rifles" (not "Russian tanks", "new howitzers")."""
        start = ent.start
        while start > 0:
            tok = doc[start - 1]
            if tok.text == "-" and start > 1:
                start -= 2 if doc[start - 2].is_alpha else 1
                continue
            if tok.ent_type_.startswith("KG_") or tok.ent_type_ in ("DATE", "CARDINAL", "MONEY", "NORP") or \
                    tok.text in self.lex.adjective_to_country or not tok.is_alpha or tok.lower_ in MADE_WORDS or (
                    len(tok.text) <= 2 and tok.text.isupper()):
                break  # "Mi-35M attack helicopters": the "M" belongs to the system's name
            if (tok.pos_ == "PROPN" and tok.is_title) or tok.lower_ in self.lex.weapon_qualifiers or (
                    tok.dep_ in ("compound", "amod") and tok.pos_ in ("NOUN", "ADJ", "VERB")
                    and tok.lower_ not in ("new", "modern", "more", "other", "several", "such", "latest", "first",
                                           "additional", "further", "further", "own", "main", "key")):
                start -= 1
                continue
            break
        if start == ent.start or doc[start].text == "-":
            return None
        return doc[start:ent.end]

    def _entity_props(self, ents: DocEntities, label: str, key: str, ent: Span) -> None:
        props = ents.entity_props.setdefault((label, key), {})
        entry = self.lex.entry(label, key)
        if label == "Ministry":
            props["country"] = self.lex.country_of_ministry(key)
        elif entry is not None:
            if label in ("Organization", "Place") and entry.kind:
                props["kind"] = entry.kind
            if label == "Weapon" and entry.category:
                props["category"] = entry.category
        elif label == "Weapon" and ent.label_ == CATEGORY:
            props["category"] = key

    def _resolve_ministry(self, doc: Doc, ent: Span, ministry: str, ents: DocEntities,
                          sents: list[int]) -> str | None:
        """"the Defense Ministry": the country named nearest before it in this or the previous sentence, else the
        ministry of that kind mentioned last."""
        sent_no = sents[ent.start]
        for i in range(ent.start - 1, -1, -1):
            if sents[i] < sent_no - 1:
                break
            country = country_of_token(doc[i], self.lex) or (
                self.lex.capital_to_country.get(doc[i].text) if doc[i].ent_type_ == "KG_PLACE" else None)
            if country:
                return f"{self.lex.country_adjective.get(country, country)} {ministry}"
        earlier = [m for m in ents.mentions if m.label == "Ministry" and m.key.endswith(ministry)]
        return earlier[-1].key if earlier else None

    # -- people ---------------------------------------------------------------------------------------------
    def _is_name_token(self, token: Token) -> bool:
        if token.ent_type_ == "KG_PLACE" and token.i > 0 and token.doc[token.i - 1].text in self.lex.given_names \
                and _NAME_SHAPE.match(token.text):
            return True  # "Hrant Abovyan": a surname that is also a town's name
        if token.ent_type_ in RULER_LABELS or not _NAME_SHAPE.match(token.text):
            return False
        lower = token.lower_
        if lower in self.title_words or lower in MONTH_WORDS or token.text in self.lex.adjective_to_country or (
                lower.endswith("s") and lower[:-1] in self.title_words):
            return False
        return token.pos_ == "PROPN" or token.ent_type_ == "PERSON"

    def _given(self, doc: Doc, start: int) -> bool:
        """A given name starts here ("Sergei", "Kassym-Jomart")."""
        if doc[start].text in self.lex.given_names:
            return True
        return start + 2 < len(doc) and doc[start + 1].text == "-" and \
            doc[start:start + 3].text.replace(" ", "") in self.lex.given_names

    def _runs(self, doc: Doc) -> list[tuple[int, int]]:
        runs: list[tuple[int, int]] = []
        i = 0
        while i < len(doc):
            if self._is_name_token(doc[i]):
                j = i
                while j < len(doc) and self._is_name_token(doc[j]) and (j == i or doc[j].sent == doc[i].sent):
                    j += 1
                    if j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ and \
                            not doc[j].whitespace_ and (doc[j - 1].text in self.lex.given_names or
                                                        f"{doc[j - 1].text}-{doc[j + 1].text}" in self.lex.given_names) and \
                            self._is_name_token(doc[j + 1]):
                        j += 1  # "Kassym-Jomart Tokayev": a hyphenated given name
                if j - i <= 4:
                    runs.append((i, j))
                i = j
            else:
                i += 1
        return runs

    def _institutions(self, ents: DocEntities, runs: list[tuple[int, int]], sents: list[int]
                      ) -> list[tuple[int, int]]:
        """Runs that name an organization ("Southern Military District", "CSTO Secretariat") or a facility
        ("Kamkhud training ground") become those entities; the remaining runs are person candidates."""
        doc = ents.doc
        people_runs: list[tuple[int, int]] = []
        for start, end in runs:
            if any(m.start <= start < m.end for m in ents.mentions if m.label in ("Organization", "Ministry", "Base")):
                continue  # the "of" tail of a name just read ("Joint Group of Forces") or a description's head
            words = [t.text for t in doc[start:end]]
            after = " ".join(t.lower_ for t in doc[end:end + 3])
            base_head = next((h for h in self.lex.base_heads if (after + " ").startswith(h + " ")), None)
            if base_head and not any(w in self.lex.org_heads for w in words):
                head_end = end + len(base_head.split())
                name = doc[start:head_end].text
                ents.add(Mention("Base", name, start, head_end, sents[start], name, "pattern"), name)
                continue
            after_quote = end + 1 if end < len(doc) and doc[end].text in ("”", '"', "»") else end
            company = after_quote < len(doc) and doc[after_quote].lower_.strip(".") in self.lex.company_words and \
                not doc[start].text in self.lex.given_names
            if after_quote < len(doc) and doc[after_quote].lower_ in self.lex.group_words and doc[after_quote].is_lower \
                    and not self._given(doc, start):  # "the Hayastan faction": the group by its name and noun
                self.add_organization(ents, doc[start:after_quote + 1], sents, "pattern")
                continue
            company = company or (start > 0 and doc[start - 1].lower_ in COMPANY_NOUNS and doc[start - 1].is_lower
                                  and doc[start].text not in self.lex.given_names)  # "the Yerevan firm UAV Lab"
            if company:  # "the Russian Specmachengineering company", "“Royalsys Engineering ltd”"
                self.add_organization(ents, doc[start:end], sents, "pattern")
                continue
            if not any(w in self.lex.org_heads for w in words):
                people_runs.append((start, end))
                continue
            while end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].is_title:
                end += 2  # "Department Material-Technical Procurements"
                while end < len(doc) and self._is_name_token(doc[end]):
                    end += 1
            first = self._name_lead(doc, start)
            while end < len(doc) and doc[end].lower_ in ("of", "for", "on") and end + 1 < len(doc) and (
                    self._is_name_token(doc[end + 1]) or doc[end + 1].ent_type_ in ("KG_ORG", "KG_COUNTRY")
                    or doc[end + 1].is_title and doc[end + 1].pos_ in ("PROPN", "NOUN")):
                end += 1  # "Ministry of Foreign Affairs of X", "Institute for Security Studies" tails kept whole
                if doc[end].is_title and not self._is_name_token(doc[end]) and doc[end].ent_type_ not in (
                        "KG_ORG", "KG_COUNTRY"):
                    end += 1
                while end < len(doc) and (self._is_name_token(doc[end]) or doc[end].ent_type_ in (
                        "KG_ORG", "KG_COUNTRY") or (doc[end].lower_ == "and" and end + 1 < len(doc)
                                                   and doc[end + 1].is_title)
                                              or (doc[end].is_title and doc[end].pos_ in ("PROPN", "NOUN"))):
                    end += 1
            self.add_organization(ents, doc[first:end], sents, "pattern")
        return people_runs

    def _name_lead(self, doc: Doc, start: int) -> int:
        """Where an organization's name starts before its capitalised run: "the 98th Guards Airborne Division",
        "the Russian-Armenian University", "Russia's Investigative Committee", "the United Nations General
        Assembly", "the CSTO Secretariat", "the Yerevan-based Caucasus Institute"."""
        first = start
        sentence_start = doc[start].sent.start
        while first > sentence_start:
            tok = doc[first - 1]
            if tok.ent_type_ in ("KG_ORG", "KG_PLACE") or tok.text in self.lex.adjective_to_country or (
                    tok.is_title and tok.lower_ in self.title_words) or re.fullmatch(r"\d+(st|nd|rd|th)", tok.text):
                first -= 1
            elif tok.text == "-" and first - 2 >= sentence_start and doc[first - 2].text in self.lex.adjective_to_country:
                first -= 1
            elif tok.text in ("’s", "'s") and first - 2 >= sentence_start and doc[first - 2].ent_type_ == "KG_COUNTRY":
                first -= 2
                break
            else:
                break
        while first < start and doc[first].ent_type_ == "KG_PLACE" and doc[first + 1].text == "-":
            first += 1  # "Yerevan-based": no part of the name
        return first

    def add_organization(self, ents: DocEntities, span: Span, sents: list[int], via: str) -> None:
        """An organization found by its form, named canonically: "Investigative Committee of Armenia" and
        "Armenia's Investigative Committee" → "Armenian Investigative Committee"; what it covers is dropped
        ("United Nations" inside "United Nations General Assembly")."""
        while len(span) > 1 and span[0].lower_ in ("the", "a", "an", "-"):
            span = span[1:]
        surface = span.text
        name = surface.replace(" - ", "-").replace(" -", "-").replace("- ", "-")
        words = name.split()
        if len(words) >= 3 and words[-2] == "of" and span[-1].ent_type_ == "KG_COUNTRY":
            country = span[-1].ent_id_ or span[-1].text
            name = f"{self.lex.country_adjective.get(country, country)} {' '.join(words[:-2])}"
        elif len(span) >= 3 and span[1].text in ("’s", "'s") and span[0].ent_type_ == "KG_COUNTRY":
            country = span[0].ent_id_ or span[0].text
            name = f"{self.lex.country_adjective.get(country, country)} {span[2:].text}"
        ents.mentions = [m for m in ents.mentions if not (span.start <= m.start + (m.text.startswith(("the ", "The ")))
                                                          and m.end <= span.end)]
        ents.add(Mention("Organization", name, span.start, span.end, sents[span.start], surface, via), surface)
        ents.entity_props.setdefault(("Organization", name), {})

    def _trim_headline_names(self, doc: Doc, accepted: list[_Run], sents: list[int]) -> list[_Run]:
        """A Title-Case headline capitalises every word ("Russia Denies Pashinian’s Iskander Missile Claim"): a
        run there keeps only the words the body also uses in names, from the first such word."""
        headlines = _headline_sentences(doc)
        if not headlines:
            return accepted
        body_words = {doc[i].text for start, end, *_ in accepted if sents[start] not in headlines
                      for i in range(start, end)}
        out: list[_Run] = []
        for run in accepted:
            start, end = run[0], run[1]
            if sents[start] in headlines:
                start = next((i for i in range(start, end) if doc[i].text in body_words), end)
                if start == end:
                    continue
                run = (start, end, *run[2:])
            out.append(run)
        return out

    def _respective(self, doc: Doc, end: int) -> tuple[str, tuple[str, str]] | None:
        """", then Russia's and Armenia's defense ministers," / ", the Russian and Armenian defense ministers,": a
        plural title shared by two conjoined names, one country each, in order."""
        if end >= len(doc) or doc[end].text != ",":
            return None
        countries: list[str] = []
        words: list[Token] = []
        for tok in doc[end + 1:end + 14]:
            if tok.text in (",", ".", ";") or tok.sent != doc[end].sent:
                break
            country = country_of_token(tok, self.lex)
            if country:
                countries.append(country)
            elif tok.lower_ in self.title_words or (tok.lower_.endswith("s") and tok.lower_[:-1] in self.title_words):
                words.append(tok)
        if len(countries) != 2 or not words or not words[-1].lower_.endswith("s"):
            return None
        titles = [t for t in self._titles_in(" ".join(t.text for t in words)) if self._office(t.lower())]
        return (titles[0], (countries[0], countries[1])) if titles else None

    def _conjoined_before(self, ents: DocEntities, doc: Doc, start: int) -> str | None:
        """The person named just before "and" ahead of this name ("Anatoly Serdyukov and Seyran Ohanian")."""
        if start < 2 or doc[start - 1].lower_ != "and":
            return None
        before = [m for m in ents.mentions if m.label == "Person" and m.end == start - 1]
        return before[0].key if before else None

    def _elected_as(self, doc: Doc, start: int, end: int) -> list[str]:
        """The office a person is elected, appointed or named to, told right after the name."""
        head = phrase_head(doc[end - 1])
        verbs = ("elect", "appoint", "name", "nominate", "make", "reappoint", "confirm")
        if not ((head.dep_ == "dobj" and head.head.lemma_.lower() in verbs) or (
                start > 0 and doc[start - 1].lemma_.lower() in verbs)):
            return []
        words: list[Token] = []
        for tok in doc[end:end + 5]:
            if tok.lower_ == "as" and not words:
                continue
            if tok.lower_ in self.title_words or tok.text == "-":
                words.append(tok)
            else:
                break
        return [t for t in self._titles_in(" ".join(t.text for t in words)) if self._office(t.lower())]

    def _from_given_name(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """"Industry Hakob Arshakyan" (the tail of "Minister of High-Tech Industry"): the name starts at the
        given name inside the run."""
        if self._given(doc, start):
            return start, end
        inner = next((i for i in range(start + 1, end - 1) if self._given(doc, i) and doc[i - 1].text != "-"), None)
        return (inner, end) if inner is not None else (start, end)

    def _title_before(self, doc: Doc, start: int) -> tuple[list[str], str | None, str | None]:
        """Titles, country and organization stated just before a name ("Russian Defense Minister", "CSTO
        Secretary General", "Colonel-General"), or before a comma ahead of the rank ("The Russian ambassador to
        Armenia, Ivan Volynkin"; "The other vice-minister, General Movses Hakobian")."""
        titles, country, org, prefix_start = self._prefix_titles(doc, start)
        if not any(self._office(t.lower()) for t in titles):
            self._comma_org = None
            comma_titles, comma_country = self._title_before_comma(doc, prefix_start)
            if comma_titles:
                return [*titles, *comma_titles], comma_country or country, org or self._comma_org
        return titles, country, org

    def _minister_of(self, doc: Doc, start: int) -> tuple[str, int] | None:
        """"Minister of High-Tech Industry Hakob Arshakyan": an office of a ministry the lexicon does not list
        (registered for this document as ``ministry:Ministry of High-Tech Industry``); returns the title and
        where "Minister" stands."""
        k = start - 1
        while k > 1 and start - k <= 6 and (doc[k].is_title or doc[k].text in ("-", "and")) and \
                doc[k].lower_ not in ("minister", "ministry"):
            k -= 1
        if k == start - 1 or doc[k].lower_ != "of" or doc[k - 1].lower_ != "minister" or doc[k + 1].text == "and":
            return None
        if any(t.ent_type_.startswith("KG_") or t.ent_type_ in ("GPE", "PERSON") or t.text in self.lex.given_names
               for t in doc[k + 1:start]):
            return None  # "Finance Minister of Armenia Vardan Aramyan": a country, not a ministry's field
        field = doc[k + 1:start].text.replace(" - ", "-").replace(" -", "-").replace("- ", "-")
        if f"minister of {field.lower()}" in self.lex.titles:
            return None
        title = f"Minister of {field}"
        self._doc_titles[title.lower()] = f"ministry:Ministry of {field}"
        return title, k - 1

    def _title_of_institution(self, doc: Doc, start: int) -> tuple[str, str, int] | None:
        """"Secretary-General of the Collective Security Treaty Organization Yuri Khatchaturov", "The
        representative of the Kalashnikov concern Igor Gordienko": (title, institution key, where the title
        starts) when an office and "of <a named institution>" stand right before the name."""
        end = start
        country = next((m for m in self._current.mentions if m.end == start and m.label == "Country"), None)
        if country is not None:  # "… for Military-Technical Cooperation of the Russian Federation Viktor Zelentsov"
            k = country.start - 1
            if k > 0 and doc[k].lower_ == "the":
                k -= 1
            if k > 0 and doc[k].lower_ == "of":
                end = k
        institution = next((m for m in self._current.mentions if m.end == end and m.label in (
            "Organization", "Ministry")), None)
        if institution is None:
            return None
        k = institution.start - 1
        if k > 0 and doc[k].lower_ == "the":
            k -= 1
        if k < 1 or doc[k].lower_ != "of":
            return None
        first = k
        while first - 1 >= doc[start].sent.start and (doc[first - 1].lower_ in self.title_words or
                                                       doc[first - 1].text == "-" or
                                                       doc[first - 1].lower_ in ENVOY_WORDS):
            first -= 1
        titles = self._titles_in(doc[first:k].text)
        if not titles:
            return None
        return titles[-1], institution.key, first

    def _prefix_titles(self, doc: Doc, start: int) -> tuple[list[str], str | None, str | None, int]:
        office = self._title_of_institution(doc, start)
        if office is not None:
            title, org, first = office
            _, country, _, lead = self._prefix_titles(doc, first)
            return [title], country, org, lead
        minister = self._minister_of(doc, start)
        if minister is not None:
            title, at = minister
            before, country, org, first = self._prefix_titles(doc, at)
            return [*[t for t in before if not self._office(t.lower())], title], country, org, first
        i = start - 1
        words: list[Token] = []
        org: str | None = None
        country: str | None = None
        while i >= 0 and start - i <= 9:
            tok = doc[i]
            if tok.lower_ == "and" and not (doc[i + 1].is_title and doc[i + 1].lower_ in self.title_words
                                            and i + 1 < start):
                break  # "… of Russia and Davit Tonoyan": not "Industry and Trade Minister"
            if tok.lower_ in self.title_words or tok.text == "-" or (
                    tok.lower_.endswith("s") and tok.lower_[:-1] in self.title_words and tok.is_title):
                words.insert(0, tok)  # "Defense Ministers Sergey Shoygu of Russia and Davit Tonoyan of Armenia"
            elif tok.text in ("[", "]") or (tok.lower_ == "the" and i + 1 < start and doc[i + 1].text != "["
                                            and i > 0 and doc[i - 1].text == "["):
                pass  # "[the Armenian Foreign Minister] Ararat Mirzoyan": an editor's brackets
            elif tok.lower_ == "of" and i > 0 and (doc[i - 1].lower_ in self.title_words or (
                    doc[i - 1].text == "[" and i > 1 and doc[i - 2].lower_ in self.title_words)) and country:
                pass  # "the President [of Armenia Vaagn Khachaturyan]"
            elif tok.ent_type_ in ("KG_ORG", "KG_MINISTRY") and org is None:  # "Azerbaijani Foreign Ministry spokesman"
                org = tok.ent_id_
            elif tok.ent_type_ in ("KG_ORG", "KG_MINISTRY") and tok.ent_id_ == org:
                pass
            elif tok.text in self.lex.adjective_to_country or tok.ent_type_ == "KG_COUNTRY":
                country = country or country_of_token(tok, self.lex)
            elif tok.text in ("’s", "'s") and i > 0:
                pass
            elif tok.lower_ == "ministry" and org is None and (anaphor := self._ministry_anaphor([tok])):
                org = anaphor  # "the ministry spokesman Artsrun Hovannisian"
            elif tok.lower_ == "to" and i > 0 and doc[i - 1].lower_ in ENVOY_WORDS and not words:
                country = None  # "Russian Ambassador to Armenia X": Armenia hosts him; his country comes before
            else:
                break
            i -= 1
        return self._titles_in(" ".join(t.text for t in words)), country, org, i + 1

    def _title_before_comma(self, doc: Doc, start: int) -> tuple[list[str], str | None]:
        """"The Russian ambassador to Armenia, Ivan Volynkin" → (["Ambassador"], "Russia")."""
        if start < 2 or doc[start - 1].text != ",":
            return [], None
        sent_start = doc[start].sent.start
        office = self._office_of_org_before(doc, start - 1)
        if office is not None:  # "The commander of the Russian peacekeeping contingent temporarily deployed in …,"
            self._comma_org = office[1]
            return [office[0]], None
        window = doc[max(sent_start, start - 12):start - 1]
        verbs = [t.i for t in window if t.pos_ == "VERB"]
        if verbs:  # "a delegation headed by the company's director general, X": the title after the verb
            window = doc[verbs[-1] + 1:start - 1]
            if len(window) < 2 or window[0].lower_ != "by":
                return [], None
        words = [t.text for t in window
                 if t.lower_ in self.title_words or t.lower_.removesuffix("s") in self.title_words or t.text == "-"]
        titles = [t for t in self._titles_in(" ".join(words)) if t.lower() not in self.lex.ranks]
        if not titles or any(t.pos_ == "VERB" for t in window):
            return [], None
        self._comma_org = next((tok.ent_id_ for tok in window if tok.ent_type_ in ("KG_ORG", "KG_MINISTRY")
                                and not tok.ent_id_.startswith(UNRESOLVED)), None) or next(
            (m.key for m in self._current.mentions if m.label in ("Organization", "Ministry") and m.via != "lexicon"
             and window.start <= m.start and m.end <= window.end), None) or \
            self._ministry_anaphor(window) or \
            self._org_anaphor(window)
        country = None
        for i, tok in enumerate(window[:-1]):  # the country adjective right before the title ("Russian ambassador")
            if window[i + 1].lower_.removesuffix("s") in self.title_words and country_of_token(tok, self.lex):
                country = country_of_token(tok, self.lex)
        if country is None:  # "Deputy Minister of Defence of the Russian Federation, Army General X"
            of_country = [t for t in window if t.ent_type_ == "KG_COUNTRY" and t.head.lower_ == "of"]
            if of_country and not any(t.lower_ == "to" and t.i < of_country[0].i for t in window):
                country = of_country[0].ent_id_ or of_country[0].text
        return titles, country

    def _office_of_org_before(self, doc: Doc, comma: int) -> tuple[str, str] | None:
        """"<office> of <a named organization> [participle phrase]," right before a comma and a name: (title, org)."""
        sent_start = doc[comma].sent.start
        for k in range(comma - 1, max(sent_start, comma - 16) - 1, -1):
            tok = doc[k]
            if tok.tag_ in ("VBD", "VBZ", "VBP") or tok.text in (",", ";"):
                return None  # a clause of its own before the comma
            if tok.lower_ not in OFFICE_NOUNS or k + 1 >= comma or doc[k + 1].lower_ != "of":
                continue
            j = k + 2
            if j < comma and doc[j].lower_ == "the":
                j += 1
            org = next((m for m in self._current.mentions if m.start == j and m.label in ("Organization", "Ministry")
                        and m.end <= comma), None)
            if org is None:
                return None
            first = k
            while first - 1 >= sent_start and doc[first - 1].lower_ in self.title_words:
                first -= 1
            titles = self._titles_in(doc[first:k + 1].text)
            return (titles[-1], org.key) if titles else None
        return None

    def _ministry_anaphor(self, window: Span | list[Token]) -> str | None:
        """"The ministry spokesman, X", "the chief ministry spokesman": the ministry named last before it."""
        tokens = list(window)
        if not any(t.lower_ == "ministry" and t.ent_type_ != "KG_MINISTRY" for t in tokens):
            return None
        first = tokens[0].i
        earlier = [m for m in self._current.mentions if m.label == "Ministry" and m.start < first]
        return max(earlier, key=lambda m: m.start).key if earlier else None

    def _org_anaphor(self, window: Span) -> str | None:
        """"the company's director general" → the company named last before it (likewise agency, alliance)."""
        kinds = {"company": ("company",), "corporation": ("company",), "firm": ("company",),
                 "exporter": ("company",), "agency": ("government agency", "news agency"),
                 "alliance": ("alliance",), "bloc": ("alliance", "economic union"), "service": ("security service",)}
        for i, tok in enumerate(window[:-1]):
            if tok.lower_ in kinds and window[i + 1].text in ("’s", "'s"):
                earlier = [m for m in self._current.mentions if m.label == "Organization" and m.start < tok.i
                           and (entry := self.lex.entry("Organization", m.key)) is not None
                           and entry.kind in kinds[tok.lower_]]
                return max(earlier, key=lambda m: m.start).key if earlier else None
        return None

    def _titles_in(self, phrase: str) -> list[str]:
        """Known titles and ranks inside ``phrase``, longest first, without overlaps."""
        lowered = " " + " ".join(w[:-1] if w.endswith("ers") else w
                                 for w in phrase.lower().replace(" - ", "-").split()) + " "
        found: list[str] = []
        for candidate in [*self.title_phrases, *sorted(self.lex.ranks, key=len, reverse=True)]:
            needle = f" {candidate} "
            if needle in lowered:
                before = lowered.split(needle, 1)[0].split()
                if before and before[-1] in ("deputy", "vice") and f"deputy {candidate}" not in self.lex.titles:
                    # "Deputy Minister of Defense": the deputy's office is the same ministry
                    self._doc_titles.setdefault(f"deputy {candidate}", self._office(candidate) or "")
                    needle, candidate = f" {before[-1]} {candidate} ", f"deputy {candidate}"
                found.append(candidate)
                lowered = lowered.replace(needle, " | ")
        return [_title_case(t) for t in found]

    def _appositive(self, doc: Doc, end: int) -> tuple[list[str], str | None, str | None, str | None]:
        """", the chief of staff of Russia's armed forces," → titles, org key, org label, country."""
        if end >= len(doc) or doc[end].text != ",":
            return [], None, None, None
        clause: list[Token] = []
        for tok in doc[end + 1: end + 16]:
            if tok.text in (",", ".", ";", "(") or tok.sent != doc[end].sent:
                break
            clause.append(tok)
        if not clause or clause[0].pos_ == "VERB" or clause[0].lower_ in ("who", "which", "said", "and"):
            return [], None, None, None
        lead = 0
        while lead < len(clause) and (clause[lead].lower_ in LEAD_WORDS
                                      or clause[lead].ent_type_ in ("KG_ORG", "KG_MINISTRY", "KG_COUNTRY")
                                      or clause[lead].text in self.lex.adjective_to_country):
            lead += 1
        possessive = next((i for i, t in enumerate(clause[:5]) if t.text in ("’s", "'s")), None)
        anaphor = None
        if possessive is not None and lead <= possessive and possessive + 1 < len(clause) and \
                clause[possessive + 1].lower_ in self.title_words:
            anaphor = self._org_anaphor(clause[:possessive + 1])  # ", the arms exporter's director general,"
            lead = possessive + 1
        if lead >= len(clause) or clause[lead].lower_ not in self.title_words:
            return [], None, None, None
        organized = {i for m in self._current.mentions if m.label in ("Organization", "Ministry")
                     for i in range(m.start, m.end)}
        if any(t.ent_type_ == "PERSON" and t.i not in organized for t in clause[lead:]):
            return [], None, None, None  # "A, Armenian Defense Minister B, …": the next item of a list, not A's title
        text = " ".join(t.text for t in clause if t.ent_type_ not in ("KG_ORG", "KG_MINISTRY"))
        titles = [t for t in self._titles_in(text) if t.lower() not in self.lex.ranks] or []
        if not titles:
            return [], None, None, None
        org_key = org_label = country = None
        for tok in clause:
            if tok.ent_type_ in ("KG_ORG", "KG_MINISTRY") and org_key is None:
                org_key, org_label = tok.ent_id_, RULER_LABELS[tok.ent_type_]
            country = country or country_of_token(tok, self.lex)
        # a longer organization found by its head word ("the CSTO Secretariat") beats the lexicon's "CSTO"
        longer = [m for m in self._current.mentions if m.label == "Organization" and m.via != "lexicon"
                  and clause[0].i <= m.start and m.end <= clause[-1].i + 1]
        if longer:
            org_key, org_label = longer[0].key, "Organization"
        if org_key is None and anaphor is not None:
            org_key, org_label = anaphor, "Organization"
        return titles, org_key, org_label, country

    def people(self, ents: DocEntities, sents: list[int]) -> None:
        doc = ents.doc
        self._current = ents
        runs = self._runs(doc)
        accepted: list[tuple[int, int, list[str], str | None, str | None, str | None]] = []
        pending: list[tuple[int, int]] = []
        person_words = {t.text for t in doc if t.ent_type_ == "PERSON"}
        runs = self._institutions(ents, runs, sents)
        runs = [self._from_given_name(doc, start, end) for start, end in runs]
        for start, end in runs:
            titles, country, org = self._title_before(doc, start)
            is_person = (any(doc[i].ent_type_ == "PERSON" for i in range(start, end)) or bool(titles)
                         or (end - start >= 2 and doc[end - 1].text in person_words)
                         or (end - start >= 2 and self._given(doc, start))
                         or bool(self._appositive(doc, end)[0]))
            if is_person:
                accepted.append((start, end, titles, country, org, None))
            else:
                pending.append((start, end))
        accepted = self._trim_headline_names(doc, accepted, sents)
        full_names: dict[str, list[tuple[int, str]]] = {}  # surname → (position, full name) in reading order
        for start, end, *_ in sorted(accepted):
            if end - start >= 2:
                named = full_names.setdefault(doc[end - 1].text, [])
                named.append((start, _full_name(doc[start:end], full_names) if named else doc[start:end].text))
        for start, end in pending:  # a bare surname of someone already named ("Shoygu" tagged ORG by the model)
            if end - start == 1 and doc[start].text in full_names:
                accepted.append((start, end, [], None, None, None))
            elif end - start == 1 and (known := self.lex.known_full_name(doc[start].text)):
                # a well-known official by surname alone ("Pashinyan visited …"): the full name the lexicon gives
                full_names.setdefault(doc[start].text, []).append((-1, known))
                accepted.append((start, end, [], None, None, None))
        for start, end, *_ in accepted:  # a bare surname of a well-known official the article never names in full
            if end - start == 1 and doc[start].text not in full_names and (
                    known := self.lex.known_full_name(doc[start].text)):
                full_names[doc[start].text] = [(-1, known)]
        accepted = [a for a in accepted if not (a[1] - a[0] == 1 and doc[a[0]].text not in full_names
                                                and not a[2])]  # "Zvartnots", "Oboronprom": no name given
        ministries = {t.ent_id_ for t in doc if t.ent_type_ == "KG_MINISTRY"} | {
            m.key for m in ents.mentions if m.label == "Ministry"}
        named_tokens = {i for start, end, *_ in accepted for i in range(start, end)}
        ents.mentions = [m for m in ents.mentions if not (m.label == "Place" and m.start in named_tokens)]
        plural_titles: dict[int, list[str]] = {}  # name token → the plural title its run carries
        for start, end, titles, country, org, _ in sorted(accepted):
            if titles and start > 0 and doc[start - 1].lower_.endswith("s") and doc[start - 1].is_title:
                plural_titles[end - 1] = titles
            elif not titles and doc[end - 1].dep_ == "conj" and (
                    owner := next((a.i for a in list(doc[end - 1].ancestors)[:3] if a.i in plural_titles), None)):
                titles = plural_titles[owner]  # "Defense Ministers A of Russia and B of Armenia"
            span = doc[start:end]
            name = _full_name(span, full_names)
            info = ents.people.setdefault(name, PersonInfo(name))
            ents.add(Mention("Person", name, start, end, sents[start], span.text, via="name"), span.text)
            app_titles, app_org, app_org_label, app_country = self._appositive(doc, end)
            respective = self._respective(doc, end)
            if respective is not None:  # "A and B, then Russia's and Armenia's defense ministers,"
                title, (first_country, second_country) = respective
                app_titles, app_country = [title], second_country
                partner = self._conjoined_before(ents, doc, start)
                if partner is not None:
                    self._add_position(ents.people[partner], title, first_country, None, None, doc, start,
                                       doc[start].sent)
            if not app_titles:  # "parliament elected Nikol Pashinyan prime minister", "named X as ambassador"
                app_titles = self._elected_as(doc, start, end)
            sentence = doc[start].sent
            if country is None and org is None and end + 1 < len(doc) and doc[end].lower_ == "of":
                country = country_of_token(doc[end + 1], self.lex)  # "Deputy Defense Minister X of Azerbaijan"
            for title in titles:
                self._add_position(info, title, country, org, "Ministry" if org in ministries else "Organization",
                                   doc, start, sentence)
            for title in app_titles:
                self._add_position(info, title, app_country, app_org, app_org_label, doc, start, sentence)
            group = self._of_organization(ents, doc, end) if org is None and app_org is None else None
            if group is not None:  # "Andranik Kocharyan of the ruling Civil Contract faction", "X of Rosoboronexport"
                title = next((t for t in titles if not self._office(t.lower())), "member") if titles else "member"
                if (title, "Organization", group) not in [(t, lab, key) for t, lab, key, _ in info.positions]:
                    info.positions.append((title, "Organization", group, sentence))
            if not any(self._office(t.lower()) for t in (*titles, *app_titles)):
                self._counterpart(ents, info, doc, start, sents)

    def _of_organization(self, ents: DocEntities, doc: Doc, end: int) -> str | None:
        """The organization an "of" right after a name puts him in ("X of the ruling Civil Contract faction")."""
        if end + 1 >= len(doc) or doc[end].lower_ != "of":
            return None
        k = end + 1
        while k < len(doc) and k - end <= 3 and doc[k].lower_ in ("the", "ruling", "opposition", "governing"):
            k += 1
        return next((m.key for m in ents.mentions if m.start == k and m.label == "Organization" and not (
            (entry := self.lex.entry("Organization", m.key)) is not None and entry.kind in NOT_MEMBER_KINDS)), None)

    def _add_position(self, info: PersonInfo, title: str, country: str | None, org_key: str | None,
                      org_label: str | None, doc: Doc, start: int, sentence: Span) -> None:
        if title not in info.titles:
            info.titles.append(title)
        rule = self._office(title.lower())
        if rule is None:  # a rank: a title of the person, not an office
            return
        if country is None and org_key is None:
            # what an earlier mention said first, else who the lexicon knows him to be, else the sentence's country
            country = info.country or self.lex.country_of_person(info.name) or self._context_country(doc, start)
        target: tuple[str, str] | None = None
        if rule == "country" and org_key is not None and org_label == "Organization":
            rule = "context"  # "the president of Russia's Investigative Committee": head of that body
        if rule == "context" and org_key is None and country is None:
            org_key = self._organization_just_before(doc, start)  # "A CSTO mission led by Secretary General X"
            org_label = "Organization" if org_key else org_label
        if rule.startswith("ministry:"):
            if country:
                target = ("Ministry", f"{self.lex.country_adjective.get(country, country)} {rule[9:]}")
        elif rule == "country":
            if country:
                target = ("Country", country)
        elif rule.startswith("org:"):
            entry = self.lex.entry("Organization", org_key) if org_key else None
            country = country or (entry.country if entry else None)
            if country:
                target = ("Organization", f"{self.lex.country_adjective.get(country, country)} {rule[4:]}")
            elif org_key:
                target = (org_label or "Organization", org_key)
        elif org_key:
            target = (org_label or "Organization", org_key)
        if country:
            info.country = info.country or country
        if target is None and rule.startswith(("ministry:", "country", "org:")):
            # the office's country is not said here: resolution fills it from the person's other mentions
            label = {"m": "Ministry", "c": "Country", "o": "Organization"}[rule[0]]
            target = (label, UNRESOLVED + rule.split(":", 1)[-1])
        if target and (title, *target) not in [(t, lab, key) for t, lab, key, _ in info.positions]:
            info.positions.append((title, target[0], target[1], sentence))

    def _organization_just_before(self, doc: Doc, start: int) -> str | None:
        """The one bloc or body named a few words before a title with no institution of its own, with no one else
        named between ("A CSTO mission led by Secretary General Stanislav Zas")."""
        sent = doc[start].sent
        near = [m for m in self._current.mentions if m.label == "Organization" and sent.start <= m.start
                and m.end <= start and start - m.end <= 7]
        if len(near) != 1 or any(m.label == "Person" and near[0].end <= m.start < start for m in self._current.mentions):
            return None
        entry = self.lex.entry("Organization", near[0].key)
        return near[0].key if entry is not None and entry.kind in BODY_KINDS else None

    def _context_country(self, doc: Doc, start: int) -> str | None:
        """The country of an office whose title names none: a country adjective before it that qualifies people
        ("his Armenian counterpart, …, and Defense Minister X"), else the one country its sentence names
        ("Armenia was represented by Prime Minister X"; "Prime Minister X said Armenia paid …")."""
        sentence = doc[start].sent
        for i in range(start - 1, sentence.start - 1, -1):
            country = country_of_token(doc[i], self.lex)
            following = doc[i + 1].lower_ if i + 1 < len(doc) else ""
            if country and (following in CONTEXT_NOUNS or following in self.title_words):
                return country
        named = {tok.ent_id_ or tok.text for tok in sentence if tok.ent_type_ == "KG_COUNTRY"}
        adjectives = {self.lex.adjective_to_country[t.text] for t in sentence if t.text in self.lex.adjective_to_country
                      and not (t.head.lower_ in THING_NOUNS)}  # not "Russian-made weapons": no one's office
        capitals = {self.lex.capital_to_country[t.ent_id_] for t in sentence
                    if t.ent_type_ == "KG_PLACE" and t.ent_id_ in self.lex.capital_to_country}
        delegation = self._delegation_country(doc, start)
        if delegation:
            return delegation
        if len(named) == 1 and not (adjectives | capitals) - named:
            return next(iter(named))
        if not named and not adjectives:
            return self._host_country(doc, start, sentence)
        return None

    def _delegation_country(self, doc: Doc, start: int) -> str | None:
        """"a Russian delegation headed by Deputy Prime Minister X", "X led the Armenian delegation"."""
        name = phrase_head(doc[start])
        verb = name.head.head if name.dep_ == "pobj" and name.head.dep_ == "agent" else \
            name.head if name.dep_ == "nsubj" else None
        if verb is None or verb.lemma_.lower() not in ("head", "lead"):
            return None
        group = verb.head if verb.dep_ == "acl" else next((c for c in verb.children if c.dep_ == "dobj"), None)
        if group is None or group.lower_ not in ("delegation", "team", "group"):
            return None
        return next((country_of_token(t, self.lex) for t in group.subtree
                     if t.i < group.i and country_of_token(t, self.lex)), None)

    def _host_country(self, doc: Doc, start: int, sentence: Span) -> str | None:
        """"He held talks in Moscow with Deputy Prime Minister X": the one met *in* a capital is its host."""
        capitals = {self.lex.capital_to_country[t.ent_id_] for t in sentence
                    if t.ent_type_ == "KG_PLACE" and t.ent_id_ in self.lex.capital_to_country
                    and t.head.lower_ == "in"}
        name = phrase_head(doc[start])
        if len(capitals) != 1:
            return None
        if name.dep_ == "pobj" and name.head.lower_ == "with":
            return next(iter(capitals))
        if name.dep_ == "nsubj" and name.head.lower_ in ("received", "hosted", "welcomed"):
            return next(iter(capitals))  # "President X received in Yerevan a Russian delegation": the host
        return None

    def _counterpart(self, ents: DocEntities, info: PersonInfo, doc: Doc, start: int, sents: list[int]) -> None:
        """"met his Armenian counterpart, Yuri Khachaturov": the other party's office, in this person's country."""
        window = doc[max(0, start - 6):start]
        words = [t.lower_ for t in window]
        if "counterpart" not in words and not ("opposite" in words and "number" in words):
            return
        last = max(t.i for t in window if t.lower_ in ("counterpart", "number"))
        if any(not (t.is_punct or t.lower_ in self.title_words or t.is_title) for t in doc[last + 1:start]):
            return  # "… with his Russian counterpart last week, Abrahamyan told the hearing": not this name
        country = next((country_of_token(t, self.lex) for t in reversed(window) if country_of_token(t, self.lex)),
                       None)
        sentence_people = [m for m in ents.mentions if m.sent == sents[start] and m.label == "Person"
                           and m.key != info.name and m.start < start]
        for other in sentence_people:
            for title, label, key, _ in ents.people[other.key].positions:
                if not country:
                    continue
                adjective = self.lex.country_adjective.get(country, country)
                other_country = ents.people[other.key].country
                new_key = key
                if other_country:
                    new_key = key.replace(self.lex.country_adjective.get(other_country, other_country), adjective)
                if label in ("Country", "Organization"):
                    # "Gerasimov … met his Armenian counterpart, X": the article does not name X's staff or
                    # council, only his country
                    label, new_key = "Country", country
                if new_key != key:
                    if title not in info.titles:
                        info.titles.append(title)
                    info.country = info.country or country
                    info.positions.append((title, label, new_key, doc[start].sent))
                    return

    def qualified_weapons(self, ents: DocEntities, sents: list[int]) -> None:
        """"new “long-range and precise weapons”", "heavy calibre weapons and artillery": a kind of weapon named by
        its qualities (``weapon_qualifiers``) is a weapon category; "weapons" alone or "modern weapons" is not."""
        doc = ents.doc
        covered = {i for m in ents.mentions for i in range(m.start, m.end)}
        for tok in doc:
            if tok.lower_ not in ("weapons", "arms", "weaponry", "munitions", "missiles") or tok.pos_ != "NOUN" \
                    or tok.i in covered:
                continue
            left = [t for t in doc[tok.left_edge.i:tok.i] if t.dep_ not in ("det", "poss", "nummod", "case")
                    and t.text not in ("“", "”", '"', "new", "modern", "latest", "more")]
            words = {t.lower_ for t in left}
            joined = {f"{a.lower_}-{c.lower_}" for a, b, c in zip(left, left[1:], left[2:]) if b.text == "-"}
            if not (words | joined) & self.lex.weapon_qualifiers or any(t.pos_ in ("VERB", "PROPN") for t in left) \
                    or words & {"other", "such", "various", "these", "those", "all"}:
                continue  # "other offensive weapons": what a list leaves out, no kind of its own
            start = left[0].i if left else tok.i
            name = re.sub(r"\s*-\s*", "-", doc[start:tok.i + 1].text).replace("“", "").replace("”", "").strip()
            ents.add(Mention("Weapon", name, start, tok.i + 1, sents[start], name, "category"), name)
            ents.entity_props.setdefault(("Weapon", name), {})["category"] = name

    def facilities(self, ents: DocEntities, sents: list[int]) -> None:
        """Bases and facilities named by description (``facilities.py``)."""
        covered = {i for m in ents.mentions for i in range(m.start, m.end)}
        places = {i: (m.label, m.key) for m in ents.mentions if m.label in ("Place", "Country")
                  for i in range(m.start, m.end)}
        bases_at = {i: m.key for m in ents.mentions if m.label == "Base" for i in range(m.start, m.end)}
        for m in ents.mentions:  # facilities the text names: their operator and place from their own phrase
            if m.label == "Base" and m.via == "pattern":
                ents.base_facts.extend(self.facility_finder.describe(ents.doc, m.key, ents.doc[m.end - 1], places,
                                                                      bases_at, sents[m.start]))
        for found in self.facility_finder.find(ents.doc, covered, places, bases_at, sents):
            surface = sorted(found.surface)
            ents.add(Mention("Base", found.key, found.start, found.end, sents[found.start],
                             ents.doc[found.start:found.end].text, "facility"), surface[0] if surface else None)
            for alias in surface[1:]:
                ents.surface.setdefault(("Base", found.key), set()).add(alias)
            ents.base_facts.extend(found.facts)

    def described_organizations(self, ents: DocEntities, sents: list[int]) -> None:
        """"Russia's state arms exporter", "the peacekeeping contingent" (``descriptions.py``)."""
        covered = {i for m in ents.mentions if m.label != "Organization" for i in range(m.start, m.end)}
        named = {m.key for m in ents.mentions if m.label == "Organization"}
        for phrase, name, whole in self.descriptions.find(ents.doc, named):
            if any(i in covered for i in range(phrase.start, phrase.end)):
                continue
            ents.mentions = [m for m in ents.mentions if not (whole.start <= m.start and m.end <= whole.end)]
            ents.add(Mention("Organization", name, whole.start, whole.end, sents[whole.start], whole.text,
                             "description"), _strip(whole))
            ents.entity_props.setdefault(("Organization", name), {})
            named.add(name)

    def model_organizations(self, ents: DocEntities, sents: list[int]) -> None:
        """Organizations the statistical model finds that the lexicon does not know ("Royalsys Engineering",
        "the Armenian Special Investigative Service", "Azernews"), unless they are someone's name, a title word,
        an event ("the International Army Games") or the modifier of a place ("the Lachin-Khankendi road")."""
        doc = ents.doc
        covered = {i for m in ents.mentions for i in range(m.start, m.end)}
        names = {doc[i].text for m in ents.mentions if m.label == "Person" for i in range(m.start, m.end)}
        headlines = _headline_sentences(doc)
        for span in _credit_names(doc):  # "MOSCOW (UrduPoint News / Sputnik - 14th April, 2021)"
            if not any(t.i in covered for t in span):
                self.add_organization(ents, span, sents, "credit")
                covered.update(range(span.start, span.end))
        for ent in doc.ents:
            if ent.label_ != "ORG":
                continue
            span = ent[1:] if len(ent) > 1 and ent[0].lower_ == "the" else ent
            words = [t for t in span if t.is_alpha]
            if not words or any(t.i in covered for t in span) or any(t.text in ("’s", "'s") for t in span):
                continue
            if any(t.text in names or t.text in self.lex.given_names for t in span):
                continue
            if len(words) == 1 and (words[0].lower_ in self.title_words or words[0].lower_ in MONTH_WORDS
                                    or not words[0].text[0].isupper()):
                continue
            if all(t.lower_ in self.title_words or t.lower_ in GENERIC_ORG_WORDS for t in words) or any(
                    t.text in self.lex.adjective_to_country for t in words) and len(words) == 1:
                continue  # "Major General", "Press Service", "State", "Kazakh": no organization's name
            if span[-1].lower_ in EVENT_WORDS or (span.end < len(doc) and doc[span.end].lower_ in PLACE_NOUNS):
                continue
            if span.start > 1 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in self.title_words:
                continue  # "Minister of High-Tech Industry": part of an office's title
            if sents[span.start] in headlines:
                continue
            self.add_organization(ents, span, sents, "model")
        self._model_places(ents, sents, covered | {i for m in ents.mentions for i in range(m.start, m.end)}, names,
                           headlines)

    def company_names(self, ents: DocEntities, sents: list[int]) -> None:
        """Companies a company noun introduces by name ("the Yerevan firm UAV Lab"), before people are read: the
        model often takes such names for a person's."""
        covered = {i for m in ents.mentions for i in range(m.start, m.end)}
        for span in self._named_after_company_noun(ents.doc, covered, set()):
            self.add_organization(ents, span, sents, "described")
            covered.update(range(span.start, span.end))

    def _named_after_company_noun(self, doc: Doc, covered: set[int], names: set[str]) -> list[Span]:
        """The capitalised name a company noun introduces: "the Yerevan firm UAV Lab", "the defence company
        Garni-Ler", "drone maker Davaro"."""
        out: list[Span] = []
        for tok in doc:
            if tok.lower_ not in COMPANY_NOUNS or tok.pos_ != "NOUN" or not tok.is_lower:
                continue
            end = tok.i + 1
            while end < len(doc) and end - tok.i <= 4 and (doc[end].is_title or doc[end].is_upper and doc[end].is_alpha
                                                            or doc[end].text == "-" and not doc[end].whitespace_):
                end += 1
            while end > tok.i + 1 and doc[end - 1].text == "-":
                end -= 1
            span = doc[tok.i + 1:end]
            if not len(span) or any(t.i in covered or t.text in names or t.text in self.lex.given_names
                                    or t.lower_ in self.title_words for t in span):
                continue
            if span[0].ent_type_ in ("GPE", "NORP", "DATE") or span[0].text in self.lex.adjective_to_country:
                continue
            out.append(span)
        return out

    def _model_places(self, ents: DocEntities, sents: list[int], covered: set[int], names: set[str],
                      headlines: set[int]) -> None:
        """Towns, regions and sites the model finds that the lexicon does not know ("Dilijan", "Donetsk",
        "Transcaucasia", "the Novo-Ogaryovo residence"): Places, unless they are someone's name."""
        doc = ents.doc
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC") or sents[ent.start] in headlines:
                continue
            span = ent[1:] if len(ent) > 1 and ent[0].lower_ == "the" else ent
            while len(span) > 1 and not span[-1].is_alpha:
                span = span[:-1]
            if len(span) > 1 and span[-1].lower_ in ("presidential", "state", "government"):
                span = span[:-1]  # "the Novo-Ogaryovo Presidential [residence]"
            if any(t.i in covered or t.text in names or t.text in self.lex.given_names for t in span):
                continue
            if not span.text[:1].isupper() or len(span) > 4 or span.text.upper() == span.text and len(span.text) < 4:
                continue
            name = span.text.replace(" - ", "-").replace(" -", "-").replace("- ", "-")
            ents.add(Mention("Place", name, span.start, span.end, sents[span.start], span.text, "model"), span.text)
            ents.entity_props.setdefault(("Place", name), {})

    # -- coreference ----------------------------------------------------------------------------------------
    def coreference(self, ents: DocEntities) -> None:
        """Titles used alone ("the Armenian president") and pronoun subjects ("He said") → a named person."""
        doc = ents.doc
        people_by_sent: dict[int, list[Mention]] = {}
        for m in ents.mentions:
            if m.label == "Person":
                people_by_sent.setdefault(m.sent, []).append(m)
        covered = {i for m in ents.mentions for i in range(m.start, m.end)}
        for sent_no, sent in enumerate(doc.sents):
            # "He said …", "Between 2009 and 2013 he served as …": a pronoun subject no name precedes in its
            # sentence is the subject of the sentence before (a pronoun there too, in a chain)
            first = next((t for t in sent if t.lower_ in PRONOUNS and t.dep_ in ("nsubj", "nsubjpass")), None)
            named_before = [m for m in people_by_sent.get(sent_no, []) if first is not None and m.end <= first.i]
            if named_before and first is not None and first.head.dep_ in ("advcl", "relcl", "ccomp", "conj") and \
                    first.i not in covered:
                # "… with Russian Deputy Defense Minister Alexander Fomin when he held talks with …": the name just
                # before the clause the pronoun opens
                pronoun = Mention("Person", named_before[-1].key, first.i, first.i + 1, sent_no, first.text,
                                  "pronoun")
                ents.add(pronoun)
                people_by_sent[sent_no].append(pronoun)
            elif first is not None and not named_before and sent_no - 1 in people_by_sent:
                previous = people_by_sent[sent_no - 1]
                subjects = [m for m in previous if doc[m.end - 1].dep_ in ("nsubj", "nsubjpass")] or previous
                pronoun = Mention("Person", subjects[0].key, first.i, first.i + 1, sent_no, first.text, "pronoun")
                ents.add(pronoun)
                people_by_sent.setdefault(sent_no, []).insert(0, pronoun)
            for i in range(sent.start, sent.end):
                if doc[i].lower_ in ("his", "her") and i + 1 not in covered:
                    found = self._counterpart_alone(doc, i, ents, people_by_sent.get(sent_no, []))
                    if found:
                        name, end = found
                        ents.add(Mention("Person", name, i, end, sent_no, doc[i:end].text, "counterpart"))
                    continue
                if doc[i].lower_ != "the" or i + 1 in covered:
                    continue
                capital = self._capital_alone(doc, i)
                if capital:  # "arrived in the Russian capital": Moscow (a mention, not an alias of Moscow)
                    ents.add(Mention("Place", capital, i, i + 3, sent_no, doc[i:i + 3].text, "description"))
                    continue
                leader = self._delegation_head_alone(doc, i, ents)
                if leader:  # "the head of the Russian delegation": the one who led it
                    name, end = leader
                    ents.add(Mention("Person", name, i, end, sent_no, doc[i:end].text, "description"))
                    continue
                base = self._base_alone(doc, i, ents)
                if base:  # "The base, located in Gyumri, …": the base named last
                    ents.add(Mention("Base", base, i, i + 2, sent_no, doc[i:i + 2].text, "description"))
                    continue
                target = self._title_alone(doc, i, ents)
                if target:
                    name, end = target
                    ents.add(Mention("Person", name, i, end, sent_no, doc[i:end].text, "title"))

    def _counterpart_alone(self, doc: Doc, i: int, ents: DocEntities, here: list[Mention]
                           ) -> tuple[str, int] | None:
        """"Sargsyan held talks with his Russian counterpart." (no name follows): the one Russian in the article who
        holds an office of the sentence's subject (Sargsyan is defense minister → the Russian defense minister)."""
        if i + 2 >= len(doc) or doc[i + 2].lower_ != "counterpart" or \
                doc[i + 1].text not in self.lex.adjective_to_country:
            return None
        end = i + 3
        if end < len(doc) and (doc[end].text == "," or self._is_name_token(doc[end])):
            return None  # "his Russian counterpart, Sergei Shoigu": the appositive names him (see _counterpart)
        country = self.lex.adjective_to_country[doc[i + 1].text]
        subjects = [m for m in here if m.start < i and doc[m.end - 1].dep_ in ("nsubj", "nsubjpass")] or \
            [m for m in here if m.start < i]
        if not subjects:
            return None
        offices = {t.lower().removeprefix("former ") for t in ents.people[subjects[0].key].titles
                   if self._office(t.lower())}
        matches = [p for p in ents.people.values() if p.country == country and p.name != subjects[0].key
                   and offices & {t.lower().removeprefix("former ") for t in p.titles}]
        return (matches[0].name, end) if len(matches) == 1 else None

    def _delegation_head_alone(self, doc: Doc, i: int, ents: DocEntities) -> tuple[str, int] | None:
        """"the head of the Russian delegation" → the person a delegation was "headed by" or "led by" before."""
        if i + 3 >= len(doc) or doc[i + 1].lower_ not in ("head", "leader", "chief") or doc[i + 2].lower_ != "of":
            return None
        j = i + 3
        while j < len(doc) and j < i + 7 and doc[j].lower_ != "delegation":
            j += 1
        if j >= len(doc) or doc[j].lower_ != "delegation":
            return None
        leaders = {m.key for m in ents.mentions if m.label == "Person" and m.start < i and (
            (h := phrase_head(doc[m.end - 1])).dep_ == "pobj" and h.head.lower_ == "by"
            and h.head.head.lemma_.lower() in ("head", "lead"))}
        if not leaders:  # "the delegation … headed by State Secretary – Deputy Minister …, Army General X" (misparsed)
            for by in (t for t in doc[:i] if t.lower_ == "by" and t.head.lemma_.lower() in ("head", "lead")):
                after = [m for m in ents.mentions if m.label == "Person" and by.i < m.start <= by.i + 20
                         and doc[m.start].sent == by.sent]
                if after:
                    leaders.add(min(after, key=lambda m: m.start).key)
        return (next(iter(leaders)), j + 1) if len(leaders) == 1 else None

    def _base_alone(self, doc: Doc, i: int, ents: DocEntities) -> str | None:
        """"the base", "the base near the Turkish border" → the one base named before it (not "the base of …")."""
        if i + 1 >= len(doc) or doc[i + 1].lower_ != "base" or (i + 2 < len(doc) and doc[i + 2].lower_ == "of"):
            return None
        earlier = {m.key for m in ents.mentions if m.label == "Base" and m.start < i}
        return next(iter(earlier)) if len(earlier) == 1 else None

    def _capital_alone(self, doc: Doc, i: int) -> str | None:
        """"the Russian capital" → "Moscow"."""
        if i + 2 >= len(doc) or doc[i + 2].lower_ != "capital" or doc[i + 1].text not in self.lex.adjective_to_country:
            return None
        country = self.lex.adjective_to_country[doc[i + 1].text]
        return next((city for city, of in self.lex.capital_to_country.items() if of == country), None)

    def _title_alone(self, doc: Doc, i: int, ents: DocEntities) -> tuple[str, int] | None:
        country = None
        focus = False
        j = i + 1
        if j + 1 < len(doc) and doc[j].lower_ == "country" and doc[j + 1].text in ("’s", "'s"):
            country = _focus_country(ents, self.lex)  # "the country's new prime minister": the country the text is about
            focus = True
            j += 2
        if j < len(doc) and doc[j].text in self.lex.adjective_to_country:
            country = self.lex.adjective_to_country[doc[j].text]
            j += 1
        while j < len(doc) and doc[j].lower_ in ("new", "former", "acting", "then", "current", "incumbent",
                                                  "outgoing", "newly", "elected", "-"):
            j += 1
        if j >= len(doc):
            return None
        synonyms = self.lex.title_synonyms.get(doc[j].lower_)
        if synonyms and not (j + 1 < len(doc) and (self._is_name_token(doc[j + 1]) or doc[j + 1].lower_ == "of")):
            # "the envoy", "the Russian diplomat": the one person named before with such a title
            matches = [p for p in ents.people.values() if any(t.lower().removeprefix("former ") in synonyms
                                                               or (doc[j].lower_ == "minister" and "minister" in
                                                                   t.lower() and "deputy" not in t.lower())
                                                               for t in p.titles)
                       and (country is None or p.country in (None, country))]
            if len(matches) == 1:
                return matches[0].name, j + 1
        for phrase, words in self._titles_by_first.get(doc[j].lower_, ()):
            end = j + len(words)
            if end > len(doc) or any(doc[j + k].lower_ != word for k, word in enumerate(words)):
                continue
            if end < len(doc) and (self._is_name_token(doc[end]) or doc[end].lower_ in ("of",)):
                return None
            holders = [p for p in ents.people.values() if any(t.lower() == phrase for t in p.titles)]
            matches = [p for p in holders if country is None or p.country in (None, country)]
            if not matches and focus and len(holders) == 1:
                matches = holders  # "the country's prime minister": the one prime minister the article names
            if len(matches) == 1:
                matches[0].country = matches[0].country or (None if focus else country)
                return matches[0].name, end
            return None
        return None

    def find(self, doc: Doc) -> DocEntities:
        ents = DocEntities(doc)
        self._doc_titles = {}
        sents = sentence_index(doc)
        self.lexicon_mentions(ents, sents)
        self.company_names(ents, sents)
        self.facilities(ents, sents)
        self.described_organizations(ents, sents)  # before people: "The commander of the peacekeeping contingent, X"
        self.people(ents, sents)
        self.qualified_weapons(ents, sents)
        self.model_organizations(ents, sents)
        self.coreference(ents)
        ents.mentions.sort(key=lambda m: (m.start, m.end))
        return ents


_MODEL = re.compile(r"^(?:[A-Z]{1,4}-?\d{1,4}[A-Z]{0,3}|[A-Z][a-z]{1,9}-\d{1,4}[A-Za-z0-9]{0,4}|[A-Z][a-z]?-\d{1,3}"
                    r"[A-Z]{0,3})(?:-[A-Z0-9]{1,4})?$")


def _model_designation(doc: Doc, start: int) -> Span | None:
    """A system's model code right before its category noun ("GM200 radars", "K9 howitzers")."""
    if start == 0:
        return None
    tok = doc[start - 1]
    return doc[start - 1:start] if _MODEL.match(tok.text) and not tok.ent_type_.startswith("KG_") and \
        tok.ent_type_ not in ("DATE", "MONEY", "CARDINAL", "PERCENT") else None


def _focus_country(ents: DocEntities, lex: Lexicon) -> str | None:
    """The country an article is about: the one it names most (by name, adjective, capital or an institution of
    its), and of those the one it names first."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}

    def count(country: str | None, at: int) -> None:
        if country:
            counts[country] = counts.get(country, 0) + 1
            first.setdefault(country, at)

    for m in ents.mentions:
        if m.label == "Country":
            count(m.key, m.start)
        elif m.label == "Place":
            count(lex.capital_to_country.get(m.key), m.start)
        elif m.label == "Ministry":
            count(lex.country_of_ministry(m.key), m.start)
        elif m.label == "Organization" and (entry := lex.entry("Organization", m.key)) is not None:
            count(entry.country, m.start)
    for tok in ents.doc:
        if tok.text in lex.adjective_to_country and tok.ent_type_ in ("", "NORP"):
            count(lex.adjective_to_country[tok.text], tok.i)
    ranked = sorted(counts, key=lambda c: (-counts[c], first[c]))  # most named, then named first
    return ranked[0] if ranked else None


def _headline_sentences(doc: Doc) -> set[int]:
    """Indexes of the leading sentences written in Title Case with no closing full stop (headlines)."""
    out: set[int] = set()
    for number, sent in enumerate(doc.sents):
        if number > 1:
            break
        words = [t for t in sent if t.is_alpha and len(t.text) > 3]
        if len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.75 * len(words) and \
                not sent.text.rstrip().endswith("."):
            out.add(number)
    return out


def _credit_names(doc: Doc) -> list[Span]:
    """The outlets a dateline credits: "MOSCOW (UrduPoint News / Sputnik - 14th April, 2021)",
    "YEREVAN, May 21. /TASS/.": capitalised runs inside the parentheses or slashes after a CAPITALS place."""
    out: list[Span] = []
    for toks in [list(doc[:120])]:  # the top of the article, across sentence breaks ("MOSCOW" | "(UrduPoint …")
        for i, tok in enumerate(toks):
            if not (tok.text.isupper() and tok.ent_type_ == "KG_PLACE"):
                continue
            j = next((k for k in range(i + 1, min(i + 8, len(toks))) if toks[k].text in ("(", "/")), None)
            if j is None:
                continue
            closer = ")" if toks[j].text == "(" else "/"
            end = next((k for k in range(j + 1, min(j + 16, len(toks))) if toks[k].text == closer), None)
            if end is None:
                continue
            run: list[Token] = []
            for tok2 in [*toks[j + 1:end], None]:
                if tok2 is not None and tok2.text[:1].isupper() and tok2.is_alpha and tok2.ent_type_ != "DATE" \
                        and tok2.lower_ not in MONTH_WORDS:
                    run.append(tok2)
                    continue
                if run:
                    out.append(doc[run[0].i:run[-1].i + 1])
                run = []
            break
    return out


def _full_name(span: Span, full_names: dict[str, list[tuple[int, str]]]) -> str:
    """A bare surname → the full name last given before it (else the first given); a longer form of a name
    already seen ("Sergei Kuzhugetovich Shoigu") → that name when the first names agree."""
    surname = span[-1].text
    candidates = full_names.get(surname, [])
    if not candidates:  # another spelling of a surname already seen ("Mnatsakanian" after "Mnatsakanyan")
        key = name_key(surname)
        candidates = next((named for known, named in full_names.items() if name_key(known) == key), [])
    if len(span) == 1:
        before = [name for pos, name in candidates if pos < span.start]
        return before[-1] if before else (candidates[0][1] if candidates else span.text)
    first = span[0].text
    for _, name in candidates:
        if name.split()[0] == first and len(name.split()) < len(span):
            return name
    key = name_key(span.text)  # "Sergey Lavrov" after "Sergei Lavrov": the spelling the article used first
    earlier = [(pos, name) for pos, name in candidates if pos < span.start and name_key(name) == key]
    return min(earlier)[1] if earlier else span.text


def _title_case(title: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in title.title().split("-")).replace(" Of ", " of ") \
        .replace(" The ", " the ")
