"""Organizations named by description rather than by name: "Russia's state arms exporter" (Rosoboronexport),
"the state-run news agency", "the Russian peacekeeping contingent", "the border guards", "the combined group of
forces".  The descriptions are data (``descriptions`` in ``kg/data/lexicon.yaml``).

A description stands for a lexicon organization when the phrase's country (an adjective or possessive before it,
"Russia's", "the Armenian-Russian") or the article picks one out; a *formation* (a unit any state has) becomes
"<Adjective> <formation>" ("Russian peacekeepers") when no lexicon entry fits.  Without a country of its own, a
formation stands for the same formation named earlier in the article, or for the country that is the subject of
its clause ("Moscow … sent 2,000 troops as peacekeepers").
"""

from __future__ import annotations

import re

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from kg.extract.lexicon import Description, Lexicon


OWNER = "@"  # marks an owner that is an organization or a city, named as written ("EU", "Yerevan")


class DescriptionFinder:
    """Matches every description phrase (lower case) and says which organization it stands for."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.matcher: PhraseMatcher | None = None  # built on the first document, from its vocabulary
        self.by_key: dict[str, Description] = {}

    def _matcher(self, vocab: Vocab) -> PhraseMatcher:
        if self.matcher is None or self.matcher.vocab is not vocab:
            self.matcher = PhraseMatcher(vocab, attr="LOWER")
            for number, description in enumerate(self.lex.descriptions):
                key = f"kg_description_{number}"
                self.by_key[key] = description
                self.matcher.add(key, [Doc(vocab, words=_words(p)) for p in description.phrases])
        return self.matcher

    def find(self, doc: Doc, named_earlier: set[str]) -> list[tuple[Span, str, Span]]:
        """(phrase, organization name, the phrase with its country words) for every description in ``doc``."""
        out: list[tuple[Span, str, Span]] = []
        taken: set[int] = set()
        formations_seen: dict[str, str] = {}
        matches = sorted(self._matcher(doc.vocab)(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        for match_id, start, end in matches:
            if any(i in taken for i in range(start, end)):
                continue
            description = self.by_key[doc.vocab.strings[match_id]]
            lead, countries = self._countries_before(doc, start)
            name = self._name(description, countries, named_earlier, formations_seen, doc[start:end])
            if name is None:
                continue
            taken.update(range(start, end))
            out.append((doc[start:end], name, doc[lead:end]))
        return out

    def _countries_before(self, doc: Doc, start: int) -> tuple[int, list[str]]:
        """The owners an adjective, hyphenated adjectives or a possessive right before the phrase name (countries),
        or the organization or city named right before it ("an EU observer mission", "the Yerevan garrison")."""
        countries: list[str] = []
        i = start - 1
        if i >= 0 and doc[i].ent_type_ in ("KG_ORG", "KG_PLACE") and doc[i].ent_iob_ == "B":
            return start, [OWNER + doc[i].text]  # the owner keeps its own mention
        while i >= 0:
            tok = doc[i]
            if tok.text in self.lex.adjective_to_country:
                countries.insert(0, self.lex.adjective_to_country[tok.text])
            elif tok.text == "-" and countries:
                pass
            elif tok.text in ("’s", "'s") and i > 0 and doc[i - 1].ent_type_ == "KG_COUNTRY":
                countries.insert(0, doc[i - 1].ent_id_ or doc[i - 1].text)
                i -= 1
            elif tok.lower_ in ("state", "state-run", "state-owned", "official") and not countries:
                pass
            else:
                break
            i -= 1
        return i + 1, countries

    def _name(self, description: Description, countries: list[str], named_earlier: set[str],
              formations_seen: dict[str, str], phrase: Span) -> str | None:
        entries = [e for e in (self.lex.entry("Organization", n) for n in description.entries) if e is not None]
        if len(countries) == 1:
            fitting = [e for e in entries if e.country == countries[0] or description.led_by == countries[0]]
            if len(fitting) > 1:
                fitting = [e for e in fitting if e.name in named_earlier] or fitting[:1]
            if fitting:
                return fitting[0].name
        elif not countries:
            if len(entries) == 1 and description.formation is None and description.led_by is None:
                return entries[0].name
            mentioned = [e for e in entries if e.name in named_earlier]
            if len(mentioned) == 1:
                return mentioned[0].name
        if description.formation is None:
            return None
        if countries and countries[0].startswith(OWNER):
            return f"{countries[0][len(OWNER):]} {description.formation}"
        if countries:
            adjectives = "-".join(self.lex.country_adjective.get(c, c) for c in countries)
            name = f"{adjectives} {description.formation}"
            formations_seen[description.formation] = name
            return name
        if description.formation in formations_seen:
            return formations_seen[description.formation]
        subject = _clause_subject_country(phrase.root, self.lex)
        if subject is not None:
            name = f"{self.lex.country_adjective.get(subject, subject)} {description.formation}"
            formations_seen[description.formation] = name
            return name
        if description.default:  # "the peacekeepers" in this genre: Russia's
            name = f"{'-'.join(self.lex.country_adjective.get(c, c) for c in description.default)} " \
                   f"{description.formation}"
            formations_seen[description.formation] = name
            return name
        return None


def _clause_subject_country(token: Token, lex: Lexicon) -> str | None:
    """The country (or capital) that is the subject of the verb the phrase hangs from, through conjoined verbs."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.ent_type_ == "KG_COUNTRY":
                    return child.ent_id_ or child.text
                if child.ent_type_ == "KG_PLACE" and (child.ent_id_ or child.text) in lex.capital_to_country:
                    return lex.capital_to_country[child.ent_id_ or child.text]
                return None
        if verb.dep_ != "conj":
            return None
        verb = verb.head
    return None


def _words(phrase: str) -> list[str]:
    """The phrase as the tokenizer splits it: "state-run news agency" → state, -, run, news, agency."""
    return re.findall(r"[\w']+|[^\w\s]", phrase)
