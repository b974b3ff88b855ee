"""Agreements (memoranda, treaties, loans, contracts, programs) with SIGNED, PARTY_TO and COVERS.

An indefinite agreement noun ("a memorandum", "a $200 million loan") starts a new agreement; a definite one
("the deal", "the Russian credit", "those contracts") refers back to the last agreement of a compatible kind in
the same article.  Status comes from the verbs around it (signed / planned / in force).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Token

from kg.extract.context import ExtractionContext, Sentence, phrase_head
from kg.extract.entities import Mention
from kg.extract.dates import resolve_date
from kg.extract.lexicon import KnownAgreement
from kg.extract.types import LocalEntity

GENERIC_KINDS = frozenset({"agreement", "memorandum", "protocol", "treaty"})
#: nouns that may refer back to an agreement of any of those kinds ("the agreement" after "a memorandum")
GENERIC_NOUNS = frozenset({"agreement", "agreements", "accord", "deal", "document", "pact"})
DEFINITE = frozenset({"the", "this", "that", "those", "these"})
SKIP_HEADS = frozenset({"sign", "signing"})
#: nouns that only ever refer back to the agreement last named ("the document", "the documents")
ANAPHORS = {"document": "the document", "documents": "the document"}
ARMS_WORDS = frozenset({"deliveries", "arms", "weapons", "supplies", "sales", "purchases"})


@dataclass
class AgreementRecord:
    key: str
    kind: str
    name: str
    status: str | None = None
    date: str | None = None
    sentences: list[str] = field(default_factory=list)
    nouns: list[Token] = field(default_factory=list)
    #: weapons named in the agreement's own phrase ("the contract for the Igla-S systems")
    weapons: set[str] = field(default_factory=set)
    #: every way the article names it ("fresh arms deals", "a number of important agreements on …")
    aliases: set[str] = field(default_factory=set)
    #: the lexicon agreement it is, when it is one ("the November 9 Statement")
    known: KnownAgreement | None = None


def _status(ctx: ExtractionContext, sentence: Sentence) -> str | None:
    text = " " + " ".join(sentence.lowers()) + " "
    if any(f" {cue} " in text for cue in ctx.lex.in_force_cues):
        return "in force"
    signed = [t for t in sentence.tokens if t.lower_ in ctx.lex.signed_verbs and not _future(t)]
    if signed or _signature_verb(sentence, []) is not None:  # also "affixed their signatures to"
        return "signed"
    if any(f" {cue} " in text for cue in ctx.lex.planned_cues):
        return "planned"
    return None


def _future(verb: Token) -> bool:
    """"will sign", "is expected to be signed", "to sign soon": the signing has not happened."""
    words = {c.lower_ for c in verb.children} | {verb.head.lower_}
    return bool(words & {"will", "would", "to", "expected", "soon", "plan", "plans", "shall"})


def _agreement_nouns(ctx: ExtractionContext, sentence: Sentence) -> list[tuple[Token, str]]:
    found = []
    organizations = {i for m in sentence.of("Organization") for i in range(m.start, m.end)}
    for tok in sentence.tokens:
        if tok.lower_ in ANAPHORS and any(c.lower_ in DEFINITE and c.dep_ == "det" for c in tok.children):
            found.append((tok, ANAPHORS[tok.lower_]))  # "The document was signed by …": the last agreement
            continue
        kind = ctx.lex.agreement_nouns.get(tok.lower_)
        if kind is None or tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in ("KG_ORG", "KG_MINISTRY") or \
                tok.i in organizations or (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in (
                    "organization", "organisation")):
            continue  # "the Collective Security Treaty Organization" is no treaty; nor "an agency overseeing arms deals"
        if tok.lower_ == "plan" and not any(c.lower_ in ("of", "for") or c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"
                                             for c in tok.children) and not _governed_by_agreement_verb(ctx, tok):
            continue  # "a plan of consultations", "a plan to deploy an observer mission"; not "plans to buy"
        if tok.lower_ == "credit" and not any(t.ent_type_ == "MONEY" or t.text in ctx.lex.adjective_to_country
                                               or t.lower_ in DEFINITE for t in tok.subtree):
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in ctx.lex.agreement_nouns:
            continue  # "a memorandum of understanding": one agreement
        if kind == "statement" and not _named_statement(tok):
            continue  # "said in a statement": no agreement
        if kind == "understanding" and not (_governed_by_agreement_verb(ctx, tok) or any(
                c.lower_ in DEFINITE for c in tok.children)):
            continue
        found.append((tok, "agreement" if kind in ("statement", "understanding") else kind))
    taken = {t.i for t, _ in found}
    for tok in sentence.tokens:  # whatever is signed is a document: "signed an act on the transfer of the checkpoint"
        if tok.i in taken or tok.pos_ != "NOUN" or tok.lower_ in NOT_AGREEMENTS or tok.i in organizations:
            continue
        head = tok.head
        signed = head.lemma_.lower() == "sign" and head.pos_ == "VERB" and (
            tok.dep_ == "dobj" or (tok.dep_ == "nsubjpass")) or (  # "put their signatures under a plan"
            tok.dep_ == "pobj" and head.lower_ in ("to", "under", "on") and head.head.lemma_.lower() in
            SIGNATURE_VERBS and any(c.lower_ in ("signatures", "signature", "names") for c in head.head.children))
        if signed and tok.lower_ not in ("it", "them", "which") and not any(
                t.lower_ in ("signatures", "signature") for t in (tok,)):
            found.append((tok, "agreement"))
    return found


CONTENT_STOP = frozenset({"the", "a", "an", "of", "on", "for", "to", "and", "in", "with", "between", "agreement",
                          "agreements", "deal", "accord", "contract", "contracts", "treaty", "protocol", "memorandum",
                          "russian", "armenian", "new", "joint", "military", "cooperation", "-"})


def _other_year(noun: Token, record: AgreementRecord) -> bool:
    years = {t.text for t in noun.subtree if re.fullmatch(r"(19|20)\d\d", t.text)}
    return bool(years) and record.date is not None and record.date[:4] not in years


def _other_subject(noun: Token, record: AgreementRecord) -> bool:
    """The noun's own "on/for/about" phrase names a subject the record's names never mention."""
    subject = [t for child in noun.children if child.dep_ == "prep" and child.lower_ in ("on", "about", "for")
               for t in child.subtree if t.is_alpha and t.lower_ not in CONTENT_STOP]
    if len(subject) < 2:
        return False
    known = {w.lower() for text in (record.name, *record.aliases) for w in re.findall(r"[\w']+", text)}
    words = {t.lower_ for t in subject}
    return len(words & known) * 2 < len(words)  # "on a joint regional air-defense system" after "on the Joint Group"


def _named_statement(tok: Token) -> bool:
    """"the November 9 Statement", "the trilateral statement", "a Russian-brokered ceasefire"."""
    if tok.lower_ in ("ceasefire", "truce"):
        return True
    return tok.text == "Statement" and tok.i > tok.sent.start or any(
        c.lower_ in ("trilateral", "tripartite", "joint") or c.ent_type_ == "DATE" for c in tok.children
        if c.i < tok.i)


def _governed_by_agreement_verb(ctx: ExtractionContext, noun: Token) -> Token | None:
    """The verb that makes the noun an agreement under discussion: "agreed on fresh arms deals", "reached a number
    of important agreements", "work out a new agreement", "signed contracts", "contracts were signed"."""
    node = noun
    for _ in range(4):
        if node.head.i == node.i:
            return None
        if node.dep_ not in ("dobj", "pobj", "nsubjpass", "nsubj", "prep", "conj", "appos", "attr", "oprd"):
            return None
        node = node.head
        if node.pos_ == "VERB" and node.lemma_.lower() in ctx.lex.agreement_verbs:
            return node
        if node.pos_ == "VERB":
            return None
    return None


def _party_cues(ctx: ExtractionContext, noun: Token) -> bool:
    """The noun's own phrase says between whom it is: "Russian-Armenian", "bilateral", "between Russia and
    Armenia", "with the Russian Specmachengineering company"."""
    for tok in noun.subtree:
        if tok.text in ctx.lex.adjective_to_country or tok.ent_type_ in ("KG_COUNTRY", "KG_ORG") and tok.i > noun.i:
            return True
        if tok.lower_ in ("bilateral", "trilateral", "tripartite", "intergovernmental", "between"):
            return True
    return False


def _known(ctx: ExtractionContext, noun: Token) -> KnownAgreement | None:
    """The lexicon agreement the noun names: an alias inside its phrase, or a hint in an article that names one of
    the agreement's context places."""
    phrase = " ".join(t.lower_ for t in noun.subtree if abs(t.i - noun.i) <= 8)  # its own words, not a long clause
    before = " ".join(t.lower_ for t in noun.doc[max(noun.sent.start, noun.i - 4):noun.i + 1])
    places = {m.key for m in ctx.entities.mentions if m.label in ("Place", "Country")}
    for known in ctx.lex.known_agreements:
        if any(alias in phrase or alias in before for alias in known.aliases):
            return known
        if set(known.context) & places and any(f" {hint} " in f" {phrase} " for hint in known.hints):
            return known
    return None


#: participles after an agreement noun that tell its signing, not what it is ("a memorandum signed by …")
SIGNING_PARTICIPLES = frozenset({"signed", "inked", "concluded", "reached", "agreed", "struck", "sealed", "initialled",
                                 "initialed", "clinched"})


def _phrase_text(noun: Token) -> str:
    """The agreement noun's phrase as a name: without leading articles and possessive pronouns, up to 14 words,
    stopping before a relative clause."""
    doc = noun.doc
    left = noun.left_edge.i
    right = noun.i
    for child in noun.children:
        if child.i > noun.i and child.dep_ in ("prep", "amod", "compound", "acl", "nummod") and \
                child.right_edge.i - left <= 16 and not (child.dep_ in ("acl", "amod") and child.lower_ in
                                                         SIGNING_PARTICIPLES):
            # (not "signed by the Russian and Turkish defense ministers on 1 December": who signed, not what)
            right = max(right, child.right_edge.i)
    words = [t for t in doc[left:right + 1] if t.text not in ("“", "”", '"') and not t.is_space]
    while words and (words[0].dep_ in ("det", "predet") or words[0].tag_ == "PRP$" or words[0].lower_ in (
            "those", "these", "nearly", "all", "certain", "most", "some")):
        words.pop(0)
    while words and (words[-1].pos_ in ("ADP", "CCONJ", "PUNCT", "PRON", "DET") or words[-1].text == ","):
        words.pop()
    text = " ".join(t.text for t in words)
    text = text.replace(" - ", "-").replace("$ ", "$").replace(" ’s", "’s").replace(" 's", "'s").replace(" ,", ",")
    return text.strip(" ,") or noun.text


def extract_agreements(ctx: ExtractionContext) -> None:
    records: list[AgreementRecord] = []
    last_record_at = -10
    previous_agreements: list[AgreementRecord] = []
    headline_records: list[AgreementRecord] = []
    for sentence in ctx.sentences:
        here: list[AgreementRecord] = []
        headline = sentence.index == 0 and not sentence.text.endswith((".", "!", "?", '"', "”", "’"))
        for noun, kind in _agreement_nouns(ctx, sentence):
            det = next((c.lower_ for c in noun.children if c.dep_ in ("det", "poss")), None)
            if any(c.dep_ == "poss" and c.ent_type_ == "DATE" for c in noun.children):
                det = "the"  # "Today's agreement": the one just told of
            plural = noun.tag_ == "NNS"
            record = None
            enclosing = next((r for r in here for n in r.nouns if n != noun and noun in n.subtree), None)
            if enclosing is not None:  # "an agreement on granting Armenia a state export credit": one deal
                record = enclosing
            if record is not None:
                pass
            elif kind == ANAPHORS.get(noun.lower_):
                if not records:
                    continue
                record = records[-1]
            elif det in DEFINITE or (det is None and noun.lower_ in ("deal", "accord", "credit")):
                record = next((r for r in reversed(records) if r.kind == kind or
                               (r.kind in GENERIC_KINDS and noun.lower_ in GENERIC_NOUNS)), None)
                if record is None and noun.lower_ in ("deal", "deals", "accord", "understandings", "understanding"):
                    record = records[-1] if records else None  # "the deal": the loan or contract told of last
            if kind in GENERIC_KINDS and (det in DEFINITE or record is None):
                # "the intergovernmental agreement on the $100 million loan", "the loan agreement": that loan
                inner = {ctx.lex.agreement_nouns.get(t.lower_) for t in noun.subtree if t != noun}
                record = next((r for r in reversed(records) if r.kind in inner - GENERIC_KINDS), record)
            own_weapons = {m.key for m in sentence.of("Weapon") if noun.left_edge.i <= m.start <= noun.right_edge.i}
            if record is not None and record.weapons and own_weapons and not own_weapons & record.weapons:
                record = None  # "The contracts for Buk-M2 … The contract for the Igla-S systems": another one
            if record is not None and (record not in here or enclosing is None) and (_other_year(noun, record) or
                                                              _other_subject(noun, record)):
                record = None  # "the 2010 accord" after a 1995 treaty; "the agreement on a joint air-defense
                # system" after the one on the joint group of forces: another agreement
            status = _status(ctx, sentence)
            if record is None and not headline:
                # the headline's "Armenia signs contract …" is the body's "Armenia has signed a contract …"
                record = next((r for r in headline_records if r.kind == kind and not _other_subject(noun, r)
                               and not _other_year(noun, r)), None)
                if record is not None:
                    headline_records.remove(record)
            known = _known(ctx, noun)
            if known is not None and (record is None or record.known not in (None, known)):
                record = next((r for r in records if r.known == known), None)
            if record is None:
                money = any(t.ent_type_ == "MONEY" for t in noun.subtree) or any(
                    t.ent_type_ == "MONEY" for t in noun.doc[max(0, noun.i - 4):noun.i])
                governed = _governed_by_agreement_verb(ctx, noun) is not None
                cues = _party_cues(ctx, noun)
                if plural and status != "signed" and not (governed or cues or known):
                    continue
                dated = any(t.ent_type_ == "DATE" and t.i < noun.i for t in noun.subtree)  # "the 2010 protocol"
                if status is None and not (money or dated or sentence.of("Weapon") or governed or cues or known):
                    continue
                subject = len([t for c in noun.children if c.dep_ == "prep" and c.lower_ in ("on", "about", "for")
                               for t in c.subtree if t.is_alpha and t.lower_ not in CONTENT_STOP]) >= 2
                if det in DEFINITE and not (money or dated or cues or known or status == "signed" or subject):
                    continue  # "the agreement" with nothing before it to refer to, and nothing to say which
                record = AgreementRecord(f"a{len(records) + 1}", kind, _phrase_text(noun), known=known)
                if known is not None:
                    record.name, record.kind, record.date = known.name, known.kind, known.date
                records.append(record)
                if headline:
                    headline_records.append(record)
            if known is not None and record.known is None:
                record.known = known
            if status and (record.status is None or status in ("signed", "in force")):
                record.status = status
            if record.status in ("signed", "in force") and record.date is None:
                record.date = next((d for e in sentence.span.ents if e.label_ == "DATE"
                                    and re.search(r"\d{4}", e.text)
                                    and (d := resolve_date(e.text, ctx.article_date))), None)
            record.nouns.append(noun)
            record.aliases.add(_phrase_text(noun))
            record.weapons |= own_weapons
            if sentence.text not in record.sentences:
                record.sentences.append(sentence.text)
            if record not in here:
                here.append(record)
        for record in here:
            _facts(ctx, sentence, record)
            if sentence.index > 0 and not sentence.of("Weapon") and any(
                    t.lower_ in ARMS_WORDS for t in sentence.tokens):  # "The arms deliveries stemmed from contracts …"
                previous = ctx.sentences[sentence.index - 1]
                for weapon in previous.of("Weapon"):
                    ctx.add("COVERS", ("Agreement", record.key), ("Weapon", weapon.key),
                            [previous.text, sentence.text], 0.6, "arms-of-previous-sentence")
        if not here and records and sentence.index - last_record_at <= 2 and _signs_without_noun(ctx, sentence):
            here.append(records[-1])  # "Tonoyan signed for the Armenian side.": the document just told of
            _facts(ctx, sentence, records[-1])
            if sentence.text not in records[-1].sentences:
                records[-1].sentences.append(sentence.text)
        if here:
            last_record_at = sentence.index
        if not here and previous_agreements and _refers_back(sentence):
            for record in previous_agreements:
                _covers(ctx, sentence, record, extra_evidence=record.sentences[-1])
        previous_agreements = here
    for record in records:
        if record.known is not None:  # the lexicon says who is bound by it (those the article names)
            named = {m.key for m in ctx.entities.mentions if m.label == "Country"}
            for country in (c for c in record.known.parties if c in named):
                ctx.add("PARTY_TO", ("Country", country), ("Agreement", record.key), record.sentences[0], 0.6,
                        "known-agreement")
    _default_parties(ctx, records)
    for record in records:
        ctx.extra[("Agreement", record.key)] = LocalEntity(
            label="Agreement", key=record.key, name=record.name, mentions=len(record.sentences),
            aliases=sorted(record.aliases - {record.name}),
            props={"kind": record.kind, "status": record.status, "date": record.date,
                   "known": record.known is not None})


def _refers_back(sentence: Sentence) -> bool:
    """"The deadliest of these weapons …", or a sentence about the agreement itself ("It covers …")."""
    if any(sentence.has_phrase(p) for p in ("these weapons", "of these", "those weapons", "such weapons",
                                            "these systems")):
        return True
    first = sentence.span[0]
    return first.lower_ == "it" and first.dep_ in ("nsubj", "nsubjpass") and first.head.lemma_.lower() in (
        "cover", "include", "envisage", "provide", "foresee", "concern", "involve", "extend", "commit")


BILATERAL = ("two sides", "both sides", "two countries", "both countries", "the sides", "two states",
             "both states", "two nations", "bilateral")


def _bilateral_pair(ctx: ExtractionContext, sentence: Sentence, nouns: list[Token] | None = None) -> list[str]:
    """"the two sides agreed …", "Russian-Armenian accord": the two countries the article is about; hyphenated
    adjectives count inside the agreement's own phrase (not "near the Armenian-Azerbaijani border")."""
    toks = list(sentence.tokens)
    if nouns is not None:
        inside = {t.i for noun in nouns for t in noun.subtree}
        toks = [t for t in toks if t.i in inside] or toks[:0]
    hyphen_pairs = [(ctx.lex.adjective_to_country[a.text], ctx.lex.adjective_to_country[c.text])
                    for a, b, c in zip(toks, toks[1:], toks[2:])
                    if b.text == "-" and a.text in ctx.lex.adjective_to_country
                    and c.text in ctx.lex.adjective_to_country]
    if hyphen_pairs:
        return sorted(set(hyphen_pairs[0]))
    if not any(sentence.has_phrase(cue) for cue in BILATERAL):
        return []
    named = sorted({country for country, _ in ctx.countries_in(sentence, include_adjectives=True)})
    if len(named) == 2:
        return named  # "servicemen from each of the two countries … signed by the Russian and Turkish ministers"
    ranked = ctx.countries_by_mentions()
    return sorted(country for country, _ in ranked[:2]) if len(ranked) >= 2 else []


def _default_parties(ctx: ExtractionContext, records: list[AgreementRecord]) -> None:
    """A ministry or company party binds its state too ("the Armenian Defense Ministry and Rosoboronexport signed
    the contract": Armenia and Russia as well).  An agreement no sentence names a party for is between the two
    countries a bilateral article is about ("The talks focused on an agreement …" in a Russian–Armenian story)."""
    for fact in [f for f in ctx.facts if f.type == "PARTY_TO" and f.start_label in ("Ministry", "Organization")]:
        if fact.start_label == "Ministry":
            country = ctx.lex.country_of_ministry(fact.start)
        else:
            entry = ctx.lex.entry("Organization", fact.start)
            country = entry.country if entry is not None and entry.kind == "company" else None
        if country:
            ctx.add("PARTY_TO", ("Country", country), ("Agreement", fact.end), fact.evidence, 0.6, "institution-state")
    with_party = {f.end for f in ctx.facts if f.type == "PARTY_TO"}
    home = ctx.countries_by_mentions()
    for record in records:  # "the contracts signed with Russia" in a story about Armenia: Armenia signed them
        countries = {f.start for f in ctx.facts if f.type == "PARTY_TO" and f.end == record.key
                     and f.start_label == "Country"}
        with_only = [f for f in ctx.facts if f.type == "PARTY_TO" and f.end == record.key and f.rule == "signed-with"]
        if len(countries) != 1 or not with_only:
            continue
        dateline = ctx.dateline_place()
        other = [c for c in (ctx.home_country(), ctx.lex.place_country(dateline[0]) if dateline else None,
                             *[c for c, n in home if n >= 2]) if c and c not in countries]
        if other:
            ctx.add("PARTY_TO", ("Country", other[0]), ("Agreement", record.key), with_only[0].evidence, 0.5,
                    "signed-with-home")
    pair = None
    for record in records:
        if record.key in with_party:
            continue
        pair = ctx.article_pair() if pair is None else pair
        for country in pair:
            ctx.add("PARTY_TO", ("Country", country), ("Agreement", record.key), record.sentences[0], 0.5,
                    "article-pair")


def _facts(ctx: ExtractionContext, sentence: Sentence, record: AgreementRecord) -> None:
    doc = ctx.entities.doc
    nouns_here = [n for n in record.nouns if n.sent == sentence.span]
    signed_verbs = [t for t in sentence.tokens if t.lower_ in ctx.lex.signed_verbs
                    and not any(_blocked(n, t) for n in nouns_here)]
    concluding = [v for noun in nouns_here
                  if (v := _governed_by_agreement_verb(ctx, noun)) is not None
                  and v.lemma_.lower() in ctx.lex.concluding_verbs and not _future(v)]
    signature = _signature_verb(sentence, nouns_here)
    agreement = ("Agreement", record.key)
    own = {n.i for n in record.nouns}
    others = {n.i for n, _ in _agreement_nouns(ctx, sentence)} - own
    candidates = [v for v in dict.fromkeys([*concluding, *signed_verbs, *([signature] if signature else [])])
                  if not _signs_another(v, others, own)]  # "… the agreement on X, to which A and B affixed their signatures"
    if candidates:
        verb = candidates[0]
        signers: list[Mention] = []
        for v in candidates:  # "bears the signatures of A, …, and B, who signed it": both verbs tell signers
            signers += [m for m in sentence.people() if m.start < v.i and governed_by(doc[m.end - 1], v)]
            signers += [m for m in sentence.people() if m.start > v.i and _passive_agent(doc[m.end - 1], v)]
            signers += [m for m in sentence.people() if _signatory(doc[m.end - 1], v)]
            signers += [m for m in sentence.people() if _relative_subject(doc[m.end - 1], v)]
        signers = list({m.key: m for m in signers}.values())
        if not signers and any(c.dep_ == "nsubj" and c.lower_ in ("they", "both") for c in verb.children):
            signers = [m for m in sentence.people() if m.start < verb.i]  # "… held talks, after which they signed"
        if not signers and _group_subject(verb):  # "the two ministers put their names to a plan"
            signers = _last_meeting_people(ctx, sentence)
        if verb.pos_ == "VERB":
            # the parser lost (part of) the subject ("In the presence of …, Deputy Minister A and Deputy Minister B
            # inked a memorandum"): the names between the last comma before the verb and the verb, joined by "and"
            comma = max((t.i for t in sentence.tokens if t.text == "," and t.i < verb.i), default=sentence.span.start)
            between = [m for m in sentence.people() if comma < m.start < verb.i]
            joined = len(between) >= 2 and all(any(t.lower_ == "and" for t in doc[a.end:b.start]) and not any(
                t.pos_ == "VERB" for t in doc[a.end:b.start]) for a, b in zip(between, between[1:]))
            if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or (
                    joined and any(m in signers for m in between)):
                signers += [m for m in between if m not in signers]
        for side in _sides(ctx, verb):  # "… and, for the Armenian side, by Defense Minister Vigen Sargsyan"
            ctx.add("PARTY_TO", ("Country", side), agreement, sentence.text, 0.7, "signing-side")
        for label, key in _signing_offices(ctx, verb):  # "signed by the Russian and Turkish defense ministers"
            ctx.add("PARTY_TO", (label, key), agreement, sentence.text, 0.65, "signing-offices")
        for person in [] if signers else _office_holders(ctx, verb):
            ctx.add("SIGNED", ("Person", person), agreement, sentence.text, 0.6, "signers-by-office")
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        for m in sentence.of("Organization") if subject is not None else []:
            if subject.left_edge.i <= m.start <= subject.right_edge.i and \
                    "member states" in doc[subject.left_edge.i:m.start].text:
                # "The defense ministers of the member states of the CSTO signed a plan": the bloc is the party
                ctx.add("PARTY_TO", ("Organization", m.key), agreement, sentence.text, 0.65, "bloc-members")
        for m in sentence.of("Ministry", "Organization"):  # "the Armenian Defense Ministry and Rosoboronexport signed"
            head = phrase_head(doc[m.end - 1], ("conj", "compound"))
            if governed_by(doc[m.end - 1], verb) or (head.dep_ == "pobj" and head.head.dep_ == "agent"
                                                     and head.head.head == verb):
                ctx.add("PARTY_TO", (m.label, m.key), agreement, sentence.text, 0.75, "signing-institution")
        for m in sentence.mentions:  # "contracts have been signed with the Russian Specmachengineering company"
            head = phrase_head(doc[m.end - 1])
            if m.label in ("Organization", "Ministry", "Country") and head.dep_ == "pobj" and \
                    head.head.lower_ == "with" and head.head.head == verb:
                label, key = (m.label, m.key) if m.label != "Country" else ("Country", m.key)
                ctx.add("PARTY_TO", (label, key), agreement, sentence.text, 0.65, "signed-with")
        ministries_named = any(t.lower_ in ("ministries", "ministers") for t in sentence.tokens)
        for signer in signers:
            ctx.add("SIGNED", ("Person", signer.key), agreement, sentence.text, 0.85, "signer-before-verb")
            for title, label, key, _ in ctx.entities.people[signer.key].positions:
                if key.startswith("?"):
                    continue
                entry = ctx.lex.entry(label, key)
                country = key if label == "Country" else (entry.country if entry else None) or \
                    ctx.entities.entity_props.get((label, key), {}).get("country") or \
                    (ctx.lex.country_of_ministry(key) if label == "Ministry" else None)
                if label == "Ministry":  # a minister signs for his ministry and his state
                    ctx.add("PARTY_TO", (label, key), agreement, sentence.text, 0.7 if ministries_named else 0.6,
                            "signer-ministry")
                if isinstance(country, str):  # the signer's state is the party ("Armenia", not its council)
                    ctx.add("PARTY_TO", ("Country", country), agreement, sentence.text, 0.65, "signer-country")
                elif label == "Organization":
                    ctx.add("PARTY_TO", (label, key), agreement, sentence.text, 0.6, "signer-institution")
    for country, tok in ctx.countries_in(sentence, include_adjectives=True):
        if any(party_of(tok, noun) for noun in record.nouns if noun.sent == sentence.span):
            ctx.add("PARTY_TO", ("Country", country), agreement, sentence.text, 0.7, "country-governs-agreement")
        elif record.kind == "loan" and any(_loan_recipient(tok, noun) for noun in record.nouns
                                           if noun.sent == sentence.span):
            ctx.add("PARTY_TO", ("Country", country), agreement, sentence.text, 0.7, "loan-recipient")
    for country in _bilateral_pair(ctx, sentence, [n for n in record.nouns if n.sent == sentence.span]):
        ctx.add("PARTY_TO", ("Country", country), agreement, sentence.text, 0.6, "bilateral")
    for ministry in _ministries_between(ctx, sentence):
        ctx.add("PARTY_TO", ("Ministry", ministry), agreement, sentence.text, 0.7, "between")
    between = next((t for t in sentence.tokens if t.lower_ == "between"), None)
    # "signed between the Armenian Defense Ministry and Rosoboronexport"
    for m in sentence.of("Ministry", "Organization"):
        if between is not None and m.start > between.i and doc[m.end - 1].dep_ in ("conj", "pobj") and (
                m.label == "Ministry" or any(t.i == between.i for t in doc[m.end - 1].ancestors)):
            ctx.add("PARTY_TO", (m.label, m.key), agreement, sentence.text, 0.6, "between")
    _covers(ctx, sentence, record)


def _ministries_between(ctx: ExtractionContext, sentence: Sentence) -> list[str]:
    """"between the defense ministries of Armenia and Russia" / "… of both countries" → the two ministries."""
    toks = list(sentence.tokens)
    for i, tok in enumerate(toks[:-3]):
        if tok.lower_ != "between" or toks[i + 1].lower_ != "the":
            continue
        j = i + 2
        while j < len(toks) and toks[j].lower_ != "ministries":
            j += 1
        if j >= len(toks) or j - i > 4 or j + 1 >= len(toks) or toks[j + 1].lower_ != "of":
            continue
        office = " ".join(t.text.title() for t in toks[i + 2:j]) + " Ministry"
        office = next((name for name in ctx.lex.ministries if name.lower() == office.lower()), None)
        if office is None:
            continue
        tail = sentence.span.doc[toks[j + 1].i:sentence.span.end]
        countries = [c for c, t in ctx.countries_in(sentence) if t.i > toks[j + 1].i][:2]
        if len(countries) < 2 and any(w in tail.text.lower() for w in ("both countries", "two countries")):
            countries = ctx.article_pair()
        return [ctx.lex.office("Ministry", office, c) for c in countries]
    return []


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})


def governed_by(token: Token, verb: Token) -> bool:
    """True when ``token`` is the subject (or a conjunct of the subject) of ``verb``."""
    token = phrase_head(token)
    return token.head == verb and token.dep_ in ("nsubj", "nsubjpass")


def _office_holders(ctx: ExtractionContext, verb: Token) -> list[str]:
    """"The defense ministers of the member states signed a plan": everyone the article calls a defense
    minister (not a deputy, not a former one)."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.tag_ == "NNS"), None)
    if subject is None or subject.lower_ not in ("ministers", "presidents", "leaders", "chiefs", "secretaries"):
        return []
    words = [c.lower_ for c in subject.children if c.dep_ in ("compound", "amod") and c.i < subject.i]
    office = " ".join([*words, subject.lower_[:-1]])
    return sorted(p.name for p in ctx.entities.people.values() if any(t.lower() == office for t in p.titles))


#: verbs whose subject is the borrower of the loan they govern
BORROWING_VERBS = frozenset({"spend", "use", "receive", "get", "obtain", "take", "draw", "repay", "borrow", "secure"})
SIGNATURE_VERBS = frozenset({"affix", "put", "place", "add", "bear", "carry", "set"})
GROUP_SUBJECTS = frozenset({"ministers", "men", "sides", "leaders", "officials", "generals", "presidents", "heads"})
NOT_AGREEMENTS = frozenset({"law", "decree", "bill", "order", "letter", "petition", "resolution"})


def _signs_without_noun(ctx: ExtractionContext, sentence: Sentence) -> bool:
    """A person signs, and the sentence names no document: "Tonoyan signed for the Armenian side"."""
    doc = ctx.entities.doc
    return any(t.lemma_.lower() == "sign" and t.pos_ == "VERB" and not _future(t) and any(
        phrase_head(doc[m.end - 1]).head == t for m in sentence.people()) for t in sentence.tokens)


def _blocked(noun: Token, verb: Token) -> bool:
    """The signing verb signs something else that only mentions the agreement ("Putin signed the federal law
    ratifying the agreement"): a non-agreement object stands between them."""
    if verb not in noun.ancestors:
        return False
    node = noun.head
    while node != verb:
        if node.lower_ in NOT_AGREEMENTS or (node.pos_ == "VERB" and node.lemma_.lower() not in ("sign",)):
            return True
        node = node.head
    return False


def _signature_verb(sentence: Sentence, nouns: list[Token]) -> Token | None:
    """"affixed their signatures to", "put their names to", "the agreement bears the signatures of X and Y"."""
    for tok in sentence.tokens:
        if tok.lower_ in ("signatures", "signature", "names", "autographs") and tok.dep_ in ("dobj", "pobj") and \
                tok.head.lemma_.lower() in SIGNATURE_VERBS:
            return tok.head
    return None


def _signatory(token: Token, verb: Token) -> bool:
    """X in "bears the signatures of X and Y", or in a second by-phrase of a passive signing verb ("signed by A
    and, for the Armenian side, by B")."""
    token = phrase_head(token)
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in ("signatures", "signature") \
            and token.head.head.head == verb:
        return True
    return token.dep_ == "pobj" and token.head.lower_ == "by" and token.head.head in (verb, *verb.conjuncts) \
        and verb.lemma_.lower() == "sign"


def _signs_another(verb: Token, other_nouns: set[int], own_nouns: set[int]) -> bool:
    """The signing verb is a clause on another agreement's noun than this one's ("the agreement on X, to which A
    and B affixed their signatures", however parsed)."""
    node = verb
    while node.dep_ in ("conj", "xcomp") and node.head.i != node.i:
        node = node.head
    if node.dep_ in ("relcl", "acl") and node.head.i in other_nouns:
        return True
    relative = next((t for t in verb.subtree if t.lower_ in ("which", "that") and t.i < verb.i), None)
    if relative is None:
        return False
    before = [i for i in (*other_nouns, *own_nouns) if i < relative.i]
    return bool(before) and max(before) in other_nouns


def _relative_subject(token: Token, verb: Token) -> bool:
    """X in "X, who signed it", "It was Finance Minister X who signed the agreement"."""
    if verb.dep_ != "relcl" or not any(c.dep_ == "nsubj" and c.lower_ in ("who", "that") for c in verb.children):
        return False
    return phrase_head(token) == verb.head or phrase_head(token, ("compound",)) == verb.head


def _group_subject(verb: Token) -> bool:
    return any(c.dep_ == "nsubj" and c.lower_ in GROUP_SUBJECTS for c in verb.children)


def _last_meeting_people(ctx: ExtractionContext, sentence: Sentence) -> list[Mention]:
    """The participants of the meeting this sentence or the one before tells of ("the two ministers")."""
    texts = {sentence.text, ctx.sentences[sentence.index - 1].text if sentence.index else ""}
    names = sorted({f.start for f in ctx.facts if f.type == "ATTENDED" and set(f.evidence) & texts})
    people = {m.key: m for m in ctx.entities.mentions if m.label == "Person"}
    return [people[n] for n in names if n in people]


def _signing_offices(ctx: ExtractionContext, verb: Token) -> list[tuple[str, str]]:
    """"signed by the Russian and Turkish defense ministers": those states, and the ministries their title
    names."""
    out: list[tuple[str, str]] = []
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        for obj in agent.children:
            if obj.ent_type_ or obj.lower_.rstrip("s") not in ctx.lex.title_words:
                continue
            countries = [ctx.lex.adjective_to_country[t.text] for t in obj.subtree
                         if t.text in ctx.lex.adjective_to_country]
            last_adjective = max((t.i for t in obj.subtree if t.text in ctx.lex.adjective_to_country), default=-1)
            office = " ".join(t.lower_ for t in obj.subtree if t.i > last_adjective and t.i <= obj.i).rstrip("s")
            rule = ctx.lex.titles.get(office)
            for country in countries:
                out.append(("Country", country))
                if rule and rule.startswith("ministry:"):
                    out.append(("Ministry", ctx.lex.office("Ministry", rule[9:], country)))
    return out


def _sides(ctx: ExtractionContext, verb: Token) -> list[str]:
    """"signed … for the Armenian side", "on behalf of Armenia": the side's country is a party."""
    out = []
    for tok in verb.subtree:
        if tok.lower_ == "side" and tok.head.lower_ == "for":
            out += [ctx.lex.adjective_to_country[c.text] for c in tok.children if c.text in ctx.lex.adjective_to_country]
        if tok.lower_ == "behalf" and tok.head.lower_ == "on":
            for t in tok.subtree:
                if t.ent_type_ == "KG_COUNTRY":
                    out.append(t.ent_id_ or t.text)
                elif t.ent_type_ == "KG_PLACE" and (t.ent_id_ or t.text) in ctx.lex.capital_to_country:
                    out.append(ctx.lex.capital_to_country[t.ent_id_ or t.text])
    return out


def _passive_agent(token: Token, verb: Token) -> bool:
    """"The protocol was signed by A and B" (not "… in the presence of C"): ``token`` is in the by-phrase."""
    for ancestor in token.ancestors:
        if ancestor == verb or ancestor.lower_ in ("presence", "attended", "witnessed"):
            return False
        if ancestor.dep_ == "agent" and ancestor.head == verb:
            return True
    return False


def _loan_recipient(country: Token, noun: Token) -> bool:
    """"the $200 million loan granted to Armenia", "Moscow will give Armenia a soft loan", "a loan to Armenia"."""
    if country.dep_ == "pobj" and country.head.lower_ in ("to", "for"):
        anchor = country.head.head
        return anchor == noun or anchor in noun.subtree or (noun.head == anchor and noun.dep_ in ("dobj", "nsubjpass"))
    if country.dep_ == "nsubj" and country.head.lemma_.lower() in BORROWING_VERBS:  # "Armenia will spend the credit on"
        return country.head in noun.ancestors
    return country.dep_ == "dative" and noun.head == country.head


def party_of(country: Token, noun: Token) -> bool:
    """A country is a party when it is inside the agreement's own phrase ("a loan allocated by Moscow",
    "an agreement between Armenia and Russia", "the Russian-Armenian accord") or the subject/possessor of a word
    that governs the agreement noun ("Armenia and Russia plan to work out a new agreement")."""
    if country in noun.subtree and country.dep_ in ("amod", "compound", "pobj", "nmod", "poss", "conj", "agent",
                                                     "nsubj", "nsubjpass"):
        return not (country.dep_ == "pobj" and country.head.lower_ in ("to", "against"))
    head = noun
    for _ in range(6):
        if head.head.i == head.i:
            break
        head = head.head
        for child in head.children:
            for tok in (child, *child.conjuncts):
                if tok == country and child.dep_ in SUBJECT_DEPS:
                    return True
    return False


def _covers(ctx: ExtractionContext, sentence: Sentence, record: AgreementRecord,
            extra_evidence: str | None = None) -> None:
    evidence = [extra_evidence, sentence.text] if extra_evidence else [sentence.text]
    for weapon in sentence.of("Weapon"):
        ctx.add("COVERS", ("Agreement", record.key), ("Weapon", weapon.key), [e for e in evidence if e], 0.75,
                "weapon-with-agreement")
    for base in sentence.of("Base"):
        ctx.add("COVERS", ("Agreement", record.key), ("Base", base.key), [e for e in evidence if e], 0.7,
                "base-with-agreement")
