"""Sentence-level view shared by the fact extractors: mentions per sentence, countries by role, evidence text."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.extract.entities import DocEntities, Mention, country_of_token, phrase_head
from kg.extract.lexicon import Lexicon
from kg.extract.types import Fact, LocalEntity


@dataclass
class Sentence:
    """One sentence: its span, its tokens and text (computed once: rules read them many times), its mentions."""

    index: int
    span: Span
    mentions: list[Mention]
    tokens: list[Token] = field(default_factory=list)
    text: str = ""
    _lowered: str = ""

    def __post_init__(self) -> None:
        self.tokens = list(self.span)
        self.text = self.span.text.strip()
        self._lowered = " " + " ".join(t.lower_ for t in self.tokens) + " "

    def of(self, *labels: str) -> list[Mention]:
        return [m for m in self.mentions if m.label in labels]

    def people(self) -> list[Mention]:
        seen: set[str] = set()
        out = []
        for m in self.of("Person"):
            if m.key not in seen:
                seen.add(m.key)
                out.append(m)
        return out

    def lowers(self) -> list[str]:
        return self._lowered.split()

    def has_phrase(self, phrase: str) -> bool:
        return f" {phrase} " in self._lowered


@dataclass
class ExtractionContext:
    """One document's mentions and the facts and extra entities the fact extractors add to it."""

    entities: DocEntities
    lex: Lexicon
    article_id: str
    article_date: str | None
    sentences: list[Sentence] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    extra: dict[tuple[str, str], LocalEntity] = field(default_factory=dict)

    @classmethod
    def build(cls, entities: DocEntities, lex: Lexicon, article_id: str, article_date: str | None
              ) -> "ExtractionContext":
        ctx = cls(entities, lex, article_id, article_date)
        by_sent: dict[int, list[Mention]] = {}
        for m in entities.mentions:
            by_sent.setdefault(m.sent, []).append(m)
        for i, span in enumerate(entities.doc.sents):
            ctx.sentences.append(Sentence(i, span, by_sent.get(i, [])))
        return ctx

    def add(self, rel_type: str, start: tuple[str, str], end: tuple[str, str], evidence: str | list[str],
            confidence: float, rule: str, **props: object) -> None:
        if start == end:
            return
        sentences = [evidence] if isinstance(evidence, str) else list(dict.fromkeys(e for e in evidence if e))
        self.facts.append(Fact(type=rel_type, start_label=start[0], start=start[1], end_label=end[0], end=end[1],
                               evidence=sentences, confidence=confidence, rule=rule,
                               props={k: v for k, v in props.items() if v is not None}))

    def country_of_mention(self, m: Mention) -> str | None:
        """The country a Country, capital, or country-bound organization mention stands for."""
        if m.label == "Country":
            return m.key
        if m.label == "Place":
            return self.lex.capital_to_country.get(m.key)
        if m.label in ("Organization", "Ministry"):
            entry = self.lex.entry(m.label, m.key)
            if entry is not None and entry.country:
                return entry.country
            props = self.entities.entity_props.get((m.label, m.key), {})
            country = props.get("country")
            return country if isinstance(country, str) else None
        return None

    def countries_in(self, sentence: Sentence, include_adjectives: bool = False) -> list[tuple[str, Token]]:
        """(country, token) for every country named, or standing behind a capital, in the sentence, in order."""
        found: list[tuple[str, Token]] = []
        for m in sentence.mentions:
            if m.label in ("Country", "Place"):
                country = self.country_of_mention(m)
                if country:
                    found.append((country, self.entities.doc[m.start]))
        if include_adjectives:
            for tok in sentence.tokens:
                if tok.ent_type_ in ("", "NORP") and tok.text in self.lex.adjective_to_country:
                    found.append((self.lex.adjective_to_country[tok.text], tok))
        return sorted(found, key=lambda pair: pair[1].i)


    def dateline_place(self) -> tuple[str, Sentence] | None:
        """The city a dateline in capitals names at the top of the article ("YEREVAN, May 21. /TASS/.",
        "MOSCOW (UrduPoint News / Sputnik - …)", "YEREVAN — …")."""
        doc = self.entities.doc
        for sentence in self.sentences[:3]:
            for m in sentence.of("Place"):
                if m.start - sentence.span.start > 1:
                    continue
                if m.text.isupper() and len(m.text) > 2:
                    return m.key, sentence
                after = doc[m.end:m.end + 2]
                if len(after) == 2 and after[0].text == "," and after[1].ent_type_ == "DATE" and \
                        sentence.span.end - m.end <= 8:
                    return m.key, sentence  # "Baku, November 15, AZERTAC": a dateline line of its own
        return None

    def speaker(self, token: Token) -> str | None:
        """Whose words a quoted token is: the one person its paragraph attributes a quote to ("…," Lavrov said)."""
        if not _in_open_quote(token):
            return None
        doc = self.entities.doc
        text = doc.text
        start = text.rfind("\n", 0, token.idx) + 1
        end = text.find("\n", token.idx)
        end = len(text) if end < 0 else end
        speakers = {m.key for m in self.entities.mentions if m.label == "Person"
                    and start <= doc[m.start].idx < end and not _in_open_quote(doc[m.start])
                    and phrase_head(doc[m.end - 1]).head.lemma_.lower() in SPEECH_VERBS}
        return next(iter(speakers)) if len(speakers) == 1 else None

    def speaker_country(self, token: Token) -> str | None:
        """The country "we"/"our" stands for: that of the person an interview answer ("— We expect …") or a quote
        with its attribution ("\"We built it,\" said X") gives the words to."""
        doc = self.entities.doc
        text = doc.text
        line_start = text.rfind("\n", 0, token.idx) + 1
        if text[line_start:line_start + 2].strip()[:1] in ("—", "–") or text[line_start:line_start + 2] == "A:":
            for m in self.entities.mentions:  # the interviewee: the first person the article gives a country
                info = self.entities.people.get(m.key) if m.label == "Person" else None
                if info is not None and info.country:
                    return info.country
            return None
        sentence = next((s for s in self.sentences if s.span.start <= token.i < s.span.end), None)
        if sentence is None or not in_quotes(token):
            return None
        speakers = [m for m in sentence.people() if not in_quotes(doc[m.start])
                    and doc[m.end - 1].head.lemma_.lower() in ("say", "tell", "add", "stress", "note")]
        info = self.entities.people.get(speakers[0].key) if len(speakers) == 1 else None
        return info.country if info is not None else None

    def home_country(self) -> str | None:
        """The country of the news outlet the article's top lines credit ("Baku, November 15, AZERTAC"), whose
        own officials it names without saying their country."""
        for sentence in self.sentences[:3]:
            for m in sentence.of("Organization"):
                entry = self.lex.entry("Organization", m.key)
                if entry is not None and entry.country and "news" in (entry.kind or ""):
                    return entry.country
        return None

    def countries_by_mentions(self) -> list[tuple[str, int]]:
        """(country, mentions) over the whole article (names, capitals, adjectives), most mentioned first."""
        mentions: dict[str, int] = {}
        for sentence in self.sentences:
            for country, _ in self.countries_in(sentence, include_adjectives=True):
                mentions[country] = mentions.get(country, 0) + 1
        return sorted(mentions.items(), key=lambda item: (-item[1], item[0]))

    def article_pair(self) -> list[str]:
        """The two countries a bilateral article is about: clearly the two most mentioned (names, capitals and
        adjectives), each at least twice and ahead of any third; else none."""
        ranked = self.countries_by_mentions()
        if len(ranked) < 2 or ranked[1][1] < 2 or (len(ranked) > 2 and ranked[2][1] >= ranked[1][1]):
            return []
        return sorted(country for country, _ in ranked[:2])


#: verbs that attribute a quotation to their subject
SPEECH_VERBS = frozenset({"say", "tell", "add", "note", "stress", "state", "declare", "continue", "emphasize",
                          "emphasise", "explain", "recall", "insist", "remark", "conclude", "write"})


def _in_open_quote(token: Token) -> bool:
    """Inside a quotation its paragraph opened in an earlier sentence and has not closed yet."""
    doc = token.doc
    text = doc.text
    start = text.rfind("\n", 0, token.idx) + 1
    before = text[start:token.idx]
    straight = before.count('"') % 2 == 1
    curly = before.count("“") > before.count("”")
    return straight or curly


def in_quotes(token: Token) -> bool:
    """True when the token sits inside a quotation in its sentence."""
    opened = False
    for tok in token.sent:
        if tok.i >= token.i:
            return opened
        if tok.text in ("“", "«"):
            opened = True
        elif tok.text in ("”", "»"):
            opened = False
        elif tok.text == '"':
            opened = not opened
    return opened


def future_or_planned(sentence: Sentence, before: int) -> bool:
    """Whether the sentence frames what happens at token ``before`` as not (yet) happened."""
    words = [t.lower_ for t in sentence.tokens if t.i < before]
    text = " ".join(words)
    return any(cue in text for cue in ("due to", " will ", "plans to", "planned", "is to ", "are to ",
                                       "expected to", "would ", "scheduled")) or (words and words[-1] == "will")


HYPOTHETICAL_CUES = ("could ", "might ", "may ", "would like", "hope to", "hopes to", "hoped to", "wants to",
                     "want to", "invited", "invitation", "invite ", "proposed", "suggested", "if ", "unless ",
                     "considering", "consider ", "ruled out", "declined to", "refused to", "cancelled", "canceled",
                     "postponed", "called off")


def hypothetical(sentence: Sentence, at: int) -> bool:
    """Whether the sentence frames the event at token ``at`` as only possible, wished or called off ("invited him to
    pay an official visit", "could meet", "the visit was postponed") — unlike a planned one ("will travel to
    Gyumri", "is due to visit"), which analysts record."""
    words = " ".join(t.lower_ for t in sentence.tokens if t.i < at and t.i >= at - 8) + " "
    after = " ".join(t.lower_ for t in sentence.tokens if at < t.i <= at + 6) + " "
    return any(cue in words for cue in HYPOTHETICAL_CUES) or any(
        cue in after for cue in ("was cancelled", "was canceled", "was postponed", "was called off"))


__all__ = ["ExtractionContext", "Sentence", "country_of_token", "in_quotes", "future_or_planned", "hypothetical",
           "phrase_head"]
