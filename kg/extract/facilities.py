"""Bases and facilities named by description: "a Russian military base near Gyumri", "Russia's existing base in
Armenia", "the Kalashnikov assault rifles factory in Armenia", "two strongholds of the 102nd base", "the border
checkpoint", "the Alagyaz firing range of the Russian armed forces".

A noun phrase headed by a facility noun (``facility_heads`` in ``kg/data/rules.yaml``) that the text marks as
military (a modifier such as "military" or "repair", an operating country, a proper-name modifier) is a Base
mention.  Its operator is the country adjective or possessive in the phrase, the country or organization of its
"of" phrase, or the subject of "has/maintains a base"; its location the place or country of an "in/near/on the
territory of" phrase on it or on the verb it is the subject of.  A base-kind phrase whose operator and location
(or, without a location, the countries the article names) fit exactly one lexicon base stands for that base, so
"the Russian military base where he was serving" in a story about Gyumri is the 102nd Russian Military Base.
Otherwise the phrase names a new facility ("Kalashnikov assault rifles factory in Armenia").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import Entry, Lexicon

LOCATION_PREPS = frozenset({"in", "near", "at", "outside", "on", "inside", "around"})
#: verbs whose subject (or object) is placed by their own "in" phrase: "strongholds were established in Syunik"
PLACING_VERBS = frozenset({"establish", "locate", "deploy", "station", "base", "build", "open", "set", "create",
                           "situate", "position", "construct"})
HAVING_VERBS = frozenset({"have", "maintain", "operate", "keep", "run", "host", "use"})
#: facility nouns that need a particular modifier to be a facility ("firing range", "training ground")
NEEDS_MODIFIER = {"range": frozenset({"firing", "shooting", "missile", "training", "test", "testing"}),
                  "ground": frozenset({"training", "testing", "proving", "firing"}),
                  "station": frozenset({"radar", "military", "naval", "missile", "tracking", "early-warning"})}
DROPPED_WORDS = frozenset({"new", "existing", "former", "main", "only", "own", "other", "several", "two", "three",
                           "newly", "current", "large", "small", "largest", "biggest", "key"})
#: bare definite references back to the last facility of the same family ("the plant", "the facility")
#: facility nouns that are military by themselves ("Russian outposts in Syunik")
MILITARY_HEADS = frozenset({"outpost", "outposts", "stronghold", "strongholds", "checkpoint", "checkpoints",
                            "garrison", "airfield", "airbase", "barracks", "bunker", "depot", "depots", "arsenal"})
FAMILY = {"factory": "plant", "plant": "plant", "facility": "site", "facilities": "site", "site": "site",
          "base": "base", "garrison": "base"}


@dataclass
class BaseFact:
    """A LOCATED_IN or OPERATES fact a facility phrase states (or the lexicon knows of the base it names)."""

    base: str
    type: str
    label: str
    key: str
    sentence: int
    confidence: float
    rule: str


@dataclass
class FacilityMention:
    start: int
    end: int
    key: str
    surface: set[str]
    facts: list[BaseFact]


class FacilityFinder:
    """Holds the lexicon; finds the facility phrases of one parsed document."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.bases = [e for (label, _), e in lex.entries.items() if label == "Base"]

    def find(self, doc: Doc, covered: set[int], places: dict[int, tuple[str, str]],
             bases_at: dict[int, str], sents: list[int]) -> list[FacilityMention]:
        """``places`` maps token positions to (label, key) of Place/Country mentions, ``bases_at`` those of
        Base mentions already found (lexicon names)."""
        mentioned = [key if label == "Country" else self.lex.place_country(key) for label, key in places.values()]
        article_countries = {c: mentioned.count(c) for c in mentioned if c}
        out: list[FacilityMention] = []
        last_by_family: dict[str, FacilityMention] = {}
        headquarters: dict[int, tuple[str, tuple[str, str, str] | None]] = {}  # base head → (HQ phrase, place)
        for tok in doc:
            kind = self.lex.facility_heads.get(tok.lower_)
            if kind is None or tok.pos_ not in ("NOUN", "PROPN") or tok.i in covered:
                continue
            left = [t for t in tok.subtree if t.left_edge.i >= tok.left_edge.i and t.i < tok.i]
            words = {t.lower_ for t in left}
            if tok.lower_ in NEEDS_MODIFIER and not words & NEEDS_MODIFIER[tok.lower_]:
                continue
            if _bare_definite(tok, left):
                earlier = last_by_family.get(FAMILY.get(tok.lower_, ""))
                if earlier is not None and tok.lower_ not in ("base", "garrison"):  # "the base": entities.py
                    out.append(FacilityMention(tok.i - 1, tok.i + 1, earlier.key, set(), []))
                continue
            start = min([tok.i, *(t.i for t in left if t.dep_ != "det")])
            end = _phrase_end(tok)
            purpose = next((p for p in tok.head.children if p.dep_ == "prep" and p.lower_ == "for" and p.i == end),
                           None) if tok.dep_ == "dobj" else None
            if purpose is not None and purpose.right_edge.i - tok.i <= 14:
                end = purpose.right_edge.i + 1  # "open seven facilities in Armenia for maintenance and repair of …"
            raw = doc[start:end].text
            compound_place = next((places[t.i] for t in left if t.i in places and t.dep_ == "compound"
                                   and places[t.i][0] == "Place"), None)
            owned = _of_object(tok)
            if tok.lower_ == "headquarters" and owned is not None and owned.lower_ in self.lex.facility_heads:
                # "the Gyumri headquarters of a Russian military base": the base itself
                headquarters[owned.i] = (doc[start:owned.i + 1].text, (*compound_place, "in") if compound_place else None)
                continue
            if tok.lower_ == "headquarters" and any(t.ent_type_ in ("KG_MINISTRY", "KG_ORG") for t in left):
                continue  # "the Russian Defense Ministry headquarters": an office, not a military site
            operator = self._operator(tok, left, places, bases_at)
            location = self._location(tok, places) or headquarters.get(tok.i, ("", None))[1] or (
                (*compound_place, "in") if compound_place else None)
            proper = any(t.pos_ == "PROPN" and t.ent_type_ != "KG_COUNTRY" for t in left)
            military = bool(words & self.lex.facility_modifiers) or tok.lower_ in MILITARY_HEADS or any(
                t.lower_ in self.lex.facility_modifiers for t in doc[tok.i + 1:end])
            if tok.lower_ == "garrison" and operator is None:
                continue  # "the Yerevan garrison": a unit (descriptions.py), not a foreign base
            if kind in ("base", "air"):
                if not (operator or military or location):
                    continue
            elif not (military or proper) or not (operator or location or proper):
                continue
            core = _clean(doc[start:tok.i + 1])
            full = _clean(doc[start:end])
            sentence = sents[tok.i]
            resolved = self._lexicon_base(kind, operator, location, article_countries) if kind in (
                "base", "air") else None
            if resolved is not None:
                key = resolved.name
            elif kind in ("base", "air") and not (operator or location):
                continue
            else:
                key = full if location is None or location[1] in full else f"{full} {location[2]} {location[1]}"
                if operator is not None and not any(w.strip("’'s") in self.lex.adjective_to_country
                                                    for w in key.split()):
                    key = f"{self.lex.country_adjective.get(operator, operator)} {key}"  # "Russian outposts in Syunik"
                key = key[:1].upper() + key[1:]
            surface = {core, full, raw.removeprefix("the ").removeprefix("a ").removeprefix("an ")}
            if location is not None:
                surface.add(f"{core} {location[2]} {location[1]}")
            if tok.i in headquarters:
                surface.add(headquarters[tok.i][0])
            facts: list[BaseFact] = []
            if location is not None:
                facts.append(BaseFact(key, "LOCATED_IN", location[0], location[1], sentence, 0.8, "facility-phrase"))
                country = location[1] if location[0] == "Country" else self.lex.place_country(location[1])
                if country and country != location[1] and resolved is None:
                    facts.append(BaseFact(key, "LOCATED_IN", "Country", country, sentence, 0.7, "facility-country"))
            if operator is not None:
                facts.append(BaseFact(key, "OPERATES", "Country", operator, sentence, 0.8, "facility-operator"))
                if location is None and resolved is None and operator != "Russia" or (
                        location is None and resolved is None and words & {"national", "own"}):
                    # a country's own range or plant with no place said: on its territory
                    facts.append(BaseFact(key, "LOCATED_IN", "Country", operator, sentence, 0.5, "operator-home"))
            mention = FacilityMention(start, tok.i + 1, key, surface, facts)
            out.append(mention)
            last_by_family[FAMILY.get(tok.lower_, "site")] = mention
        return out

    def describe(self, doc: Doc, key: str, head: Token, places: dict[int, tuple[str, str]],
                 bases_at: dict[int, str], sentence: int) -> list[BaseFact]:
        """Operator and location of a facility the text names ("the Alagyaz training ground of the Armed Forces of
        the Russian Federation", "the base's own Alagyaz mountain training ground")."""
        left = [t for t in head.subtree if t.left_edge.i >= head.left_edge.i and t.i < head.i]
        operator = self._operator(head, left, places, bases_at)
        owner = next((bases_at[c.i] for c in head.children if c.dep_ == "poss" and c.i in bases_at), None)
        owner_entry = self.lex.entry("Base", owner) if owner else None
        if operator is None and owner_entry is not None:  # "the base's own training ground": the base's operator
            operator = owner_entry.country
        location = self._location(head, places)
        facts = []
        if location is not None:
            facts.append(BaseFact(key, "LOCATED_IN", location[0], location[1], sentence, 0.8, "facility-phrase"))
        elif owner_entry is not None and owner_entry.located:
            country = next((p for p in owner_entry.located if self.lex.entry("Country", p) is not None), None)
            if country:
                facts.append(BaseFact(key, "LOCATED_IN", "Country", country, sentence, 0.55, "owner-base"))
        if operator is not None:
            facts.append(BaseFact(key, "OPERATES", "Country", operator, sentence, 0.75, "facility-operator"))
            if location is None and owner_entry is None and operator != "Russia":
                facts.append(BaseFact(key, "LOCATED_IN", "Country", operator, sentence, 0.5, "operator-home"))
        return facts

    def _operator(self, head: Token, left: list[Token], places: dict[int, tuple[str, str]],
                  bases_at: dict[int, str]) -> str | None:
        for tok in left:
            if tok.text in self.lex.adjective_to_country:
                return self.lex.adjective_to_country[tok.text]
            if tok.dep_ == "poss" and places.get(tok.i, ("", ""))[0] == "Country":
                return places[tok.i][1]
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ != "pobj":
                        continue
                    if places.get(obj.i, ("", ""))[0] == "Country":
                        return places[obj.i][1]
                    if obj.i in bases_at and (entry := self.lex.entry("Base", bases_at[obj.i])) is not None:
                        return entry.country  # "strongholds of the 102nd Russian military base"
                    if obj.ent_type_ == "KG_ORG" and (entry := self.lex.entry("Organization", obj.ent_id_)):
                        return entry.country  # "the base of the Southern Military District"
                    adjectives = [t for t in obj.children if t.i < obj.i and t.text in self.lex.adjective_to_country]
                    if adjectives:  # "the headquarters of Russian border troops"
                        return self.lex.adjective_to_country[adjectives[0].text]
        if head.dep_ == "dobj" and head.head.lemma_.lower() in HAVING_VERBS:  # "Moscow already has a military base"
            for child in head.head.children:
                if child.dep_ == "nsubj" and child.i in places:
                    label, key = places[child.i]
                    return key if label == "Country" else self.lex.capital_to_country.get(key)
                if child.dep_ == "nsubj":  # "the Russian garrison has also kept two small outposts", "the base keeps"
                    for t in child.subtree:
                        if t.i in bases_at and (entry := self.lex.entry("Base", bases_at[t.i])) is not None:
                            return entry.country
                        if t.text in self.lex.adjective_to_country and t.head == child:
                            return self.lex.adjective_to_country[t.text]
        return None

    def _location(self, head: Token, places: dict[int, tuple[str, str]]) -> tuple[str, str, str] | None:
        """(label, key, preposition) of the place an "in/near/on the territory of" phrase gives the facility."""
        anchors = [head]
        if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() in PLACING_VERBS:
            anchors.append(head.head)
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in FAMILY:
            anchors.append(head.head.head)
        if head.dep_ == "dobj" and head.head.lemma_.lower() in HAVING_VERBS:
            anchors.append(head.head)  # "has kept two small outposts in the southern province of Syunik"
        for anchor in anchors:
            preps = [t for t in anchor.subtree if t.dep_ == "prep" and t.i > anchor.i and t.i - anchor.i <= 10
                     and not _crosses_clause(t, anchor)] if anchor is head else list(anchor.children)
            for prep in preps:
                if prep.dep_ != "prep" or prep.lower_ not in LOCATION_PREPS:
                    continue
                found = _place_below(prep, places)
                if found is not None:
                    return found[0], found[1], prep.lower_
        return None

    def _lexicon_base(self, kind: str, operator: str | None, location: tuple[str, str, str] | None,
                      article_countries: dict[str, int]) -> Entry | None:
        """The one lexicon base a generic phrase fits: same operator (when stated) and kind, at the stated place
        (a city narrows to its bases; a country, or else the countries the article names, to theirs)."""
        wanted = "air" if kind == "air" else "army"
        candidates = [e for e in self.bases if (e.kind or "army") == wanted and (operator is None or e.country == operator)]
        if location is not None:
            name = location[1]
            country = self.lex.place_country(name)
            at_place = [e for e in candidates if name in e.located]
            if at_place or operator is None:
                candidates = at_place
            else:
                candidates = [e for e in candidates if country in e.located]
        elif operator is not None:
            candidates = [e for e in candidates if set(e.located) & set(article_countries)]
            if len(candidates) > 1:  # the base in the country the article names most
                ranked = sorted(candidates, key=lambda e: -max(article_countries.get(c, 0) for c in e.located))
                best = max(article_countries.get(c, 0) for c in ranked[0].located)
                candidates = [e for e in ranked if max(article_countries.get(c, 0) for c in e.located) == best]
        else:
            return None
        return candidates[0] if len(candidates) == 1 else None


def _phrase_end(head: Token) -> int:
    """Where the facility's phrase ends: its "of"/"in" phrases, not a clause on it ("… guarding the border")."""
    end = head.i + 1
    for tok in head.subtree:
        if tok.i <= head.i:
            continue
        node = tok
        while node.i != head.i and node.dep_ not in ("acl", "relcl", "appos", "advcl", "punct"):
            node = node.head
        if node.i == head.i and tok.text not in (",", "(", ")"):
            end = max(end, tok.i + 1)
    return end if end - head.i <= 12 else head.i + 1


def _of_object(head: Token) -> Token | None:
    """The object of the facility noun's "of" phrase ("headquarters of [troops]")."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _bare_definite(head: Token, left: list[Token]) -> bool:
    return len(left) == 1 and left[0].lower_ in ("the", "this", "that") and not any(
        c.dep_ == "prep" for c in head.children)


def _crosses_clause(tok: Token, anchor: Token) -> bool:
    """Whether a verb stands between ``tok`` and ``anchor`` in the tree ("the base where he was serving in …")."""
    node = tok.head
    while node.i != anchor.i and node.head.i != node.i:
        if node.pos_ in ("VERB", "AUX"):
            return True
        node = node.head
    return False


def _place_below(prep: Token, places: dict[int, tuple[str, str]]) -> tuple[str, str] | None:
    """The Place/Country a preposition's object names, through "the northwest of", "the territory of"."""
    for obj in prep.children:
        if obj.dep_ != "pobj":
            continue
        for tok in obj.subtree:
            if tok.i in places:
                return places[tok.i]
    return None


def _clean(span: Span) -> str:
    """A facility's name from its phrase: no article, number, possessive or passing adjective ("the newly
    commissioned Kalashnikov assault rifles factory" → "Kalashnikov assault rifles factory")."""
    skipped: set[int] = set()
    head = span.root
    for tok in span:
        if tok.i >= head.i:
            break
        if tok.dep_ == "amod" and tok.pos_ == "VERB" or tok.dep_ in ("det", "nummod", "poss", "case", "advmod") \
                or tok.lower_ in DROPPED_WORDS:
            skipped.update(t.i for t in tok.subtree if t.i < head.i)
    words = [t for t in span if t.i not in skipped and t.text not in ("“", "”", '"', ",", "’s", "'s", "'")]
    while words and words[0].text == "-":
        words.pop(0)
    text = " ".join(t.text for t in words)
    return text.replace(" - ", "-").replace(" -", "-").replace("- ", "-").strip() or span.text
