"""Meetings as events (ATTENDED, HELD_IN) and visits (VISITED).

A sentence with a meeting word (met, talks, visit, negotiations, phone call …) is a meeting mention; its
participants are the people in the sentence, "the two men/ministers/sides" (the last meeting's people) and
resolved pronouns.  Mentions in one article that share two participants and a kind are one meeting.  The kind
maps to a CAMEO consult code (040 consult, 041 phone, 042 visit, 043 host, 044 third-place meeting, 046
negotiate) so the graph lines up with GDELT-style event data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Token

from kg.extract.context import ExtractionContext, Sentence, future_or_planned, hypothetical, in_quotes, phrase_head
from kg.extract.dates import resolve_date
from kg.extract.lexicon import Trigger
from kg.extract.types import LocalEntity

GROUP_WORDS = frozenset({"men", "ministers", "sides", "officials", "leaders", "generals", "presidents",
                         "counterparts"})
SOLO_KINDS = frozenset({"visit", "host"})
EVENT_NOUNS = frozenset({"visit", "talks", "meeting", "trip", "negotiations", "session", "summit", "conference"})


@dataclass
class MeetingMention:
    kind: str
    cameo: str
    participants: set[str]
    sentences: list[str]
    date: str | None = None
    place: str | None = None
    place_label: str = "Place"
    place_evidence: list[str] = field(default_factory=list)  # the sentence(s) that place the meeting
    evidence_by_person: dict[str, list[str]] = field(default_factory=dict)
    #: held "on the sidelines" of another meeting: never the same event as that meeting
    sidelines: bool = False
    #: the bloc or body a summit or session is of ("a summit of the Eurasian Economic Union")
    body: str | None = None
    #: the word a summit-like event goes by ("summit", "session", "forum", "conference")
    noun: str | None = None


KIND_PRIORITY = ("phone call", "negotiate", "host")  # a signing is chosen only where no other meeting word is


def _trigger(ctx: ExtractionContext, sentence: Sentence) -> tuple[Trigger, Token] | None:
    """The sentence's meeting word: one that people are attached to ("X visited Yerevan and met with Y" → "met",
    not "The session began after …"); then a phone call, negotiation or hosting wins; two or more people with "met"
    or "talks" make a meeting even where a visit is also mentioned."""
    found = _triggers(ctx, sentence)
    if not found:
        return None
    found = [f for f in found if f[0].kind != "signing"] or found  # "after talks, they signed": the talks
    attached = [(trig, tok) for trig, tok in found if _has_people(sentence, tok)]
    if attached and len(attached) < len(found):
        found = attached
    for kind in KIND_PRIORITY:
        for trig, tok in found:
            if trig.kind == kind:
                return trig, tok
    if len(sentence.people()) >= 2:
        for trig, tok in found:
            if trig.kind == "meet":
                return trig, tok
    return found[0]


def _has_people(sentence: Sentence, trigger: Token) -> bool:
    """Whether a person is the subject, object, "with" partner or possessor of the meeting word (or of the verb a
    meeting noun is the object of: "held talks with X")."""
    doc = trigger.doc
    anchors = {trigger.i}
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "pobj"):
        anchors.add(trigger.head.i if trigger.dep_ == "dobj" else trigger.head.head.i)
    for m in sentence.people():
        tok = phrase_head(doc[m.end - 1])
        if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "poss") and tok.head.i in anchors:
            return True
        if tok.dep_ == "pobj" and tok.head.head.i in anchors:
            return True
    return False


PARTNER_PREPS = frozenset({"with", "between", "by", "among"})
#: prepositions that put a meeting word under the verb its participants are the subject of
EVENT_PREPS = frozenset({"in", "during", "over", "by", "on", "via", "at", "after", "following", "of", "throughout",
                         "amid", "for"})
#: verbs whose subject goes somewhere to meet ("X flew to Yerevan to meet Y")
TRAVEL_VERBS = frozenset({"fly", "travel", "come", "arrive", "go", "head", "visit", "leave", "return"})


#: verbs of a clause on a meeting word whose agents or subjects take part in it
TAKING_PART = frozenset({"chair", "attend", "host", "lead", "head", "hold", "join", "co-chair", "moderate",
                         "preside", "conduct", "open", "address", "involve", "bring", "gather"})


def _linked_people(sentence: Sentence, trigger: Token) -> set[str]:
    """The people the meeting word itself joins: its subject (or the subject of "held" in "held talks", of "flew"
    in "flew to Yerevan to meet"), its object, its "with/between/by" partners, its possessor or its compounds
    ("the Tonoyan-Shoygu talks") — not people the sentence names for another reason ("to discuss prosecuting
    Permyakov", "a meeting proposed by Macron")."""
    doc = trigger.doc
    while trigger.dep_ in ("compound", "amod") and trigger.head.pos_ in ("NOUN", "PROPN"):
        trigger = trigger.head  # "a telephone conversation", "phone talks"
    anchors = {trigger.i}
    verb = trigger
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubjpass"):
        verb = trigger.head  # "held talks", "talks were held"
        anchors.add(verb.i)
    if trigger.dep_ == "pobj" and trigger.head.lower_ in EVENT_PREPS:
        verb = trigger.head.head  # "urged his counterpart … in a telephone call", "spoke by phone"
        while verb.dep_ in ("pobj", "prep") and verb.head.i != verb.i and (
                verb.dep_ == "pobj" or verb.lower_ in EVENT_PREPS):
            verb = verb.head  # "signed a memorandum after two days of negotiations": the signing verb
        anchors.add(verb.i)
        if verb.dep_ in ("xcomp", "ccomp") and verb.head.pos_ == "VERB":
            anchors.add(verb.head.i)  # "urged X … to speed up deliveries, in a phone call"
    if verb.dep_ in ("xcomp", "advcl") and verb.head.lemma_.lower() in TRAVEL_VERBS:
        anchors.add(verb.head.i)  # "flew to Yerevan to meet Hovsepyan"
    for tok in list(anchors):
        for conj in doc[tok].conjuncts:  # "visited Yerevan and met with Tonoyan"
            anchors.add(conj.i)
    if trigger.dep_ == "pobj" and trigger.head.lower_ in ("at", "in"):  # "X was present at / took part in the talks"
        verb_of = trigger.head.head
        if verb_of.lemma_.lower() in ("present", "part", "participate", "take", "attend", "sit"):
            anchors.add(verb_of.i)
            if verb_of.dep_ in ("acomp", "dobj"):
                anchors.add(verb_of.head.i)
    anchors.update(c.i for c in trigger.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"
                   and c.lemma_.lower() in TAKING_PART)
    # "a session chaired by X", "talks attended by X and Y" (not "a meeting proposed by Macron")
    for tok in list(anchors):  # "held talks with X": the talks the verb holds
        anchors.update(c.i for c in doc[tok].children if c.dep_ in ("dobj", "nsubjpass") and (
            c.lower_ in EVENT_NOUNS or c.lower_ in ("conversation", "call", "consultations", "contacts")))
    for tok in list(anchors):  # "The Russian delegation, led by Sorokin, arrived … and was received by Tonoyan"
        verb_tok = doc[tok]
        while verb_tok.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb_tok.children):
            verb_tok = verb_tok.head
        for child in verb_tok.children:  # also "received a delegation headed by X"
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.lower_ in ("delegation", "team", "group",
                                                                                 "mission"):
                anchors.update(t.head.i for t in child.subtree if t.lower_ == "by" and t.head.lemma_.lower() in (
                    "lead", "head"))
    companions: set[int] = set()
    for tok in list(anchors):  # "Accompanied by A and B, X visited …": A and B came too
        for c in doc[tok].children:
            if c.lemma_.lower() in ("accompany", "join") and c.dep_ in ("advcl", "acl", "conj"):
                anchors.add(c.i)
                companions.update(t.i for t in c.subtree)
    linked: set[str] = set()
    for m in sentence.of("Person"):
        tok = phrase_head(doc[m.end - 1])
        head = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "compound", "nmod") and head.i in anchors:
            linked.add(m.key)
        elif tok.dep_ == "pobj" and head.lower_ in PARTNER_PREPS and (
                head.head.i in anchors or head.head.dep_ == "agent" and head.head.head.i in anchors
                or head.lower_ == "with" and head.head.dep_ == "dobj" and head.head.head.i in anchors
                or head.lower_ in ("between", "with") and trigger.pos_ in ("NOUN", "PROPN")
                and trigger.left_edge.i <= head.i <= trigger.right_edge.i):
            linked.add(m.key)  # also "discussed the deliveries with X", "talks in the Kremlin between A and B"
        elif tok.dep_ == "pobj" and head.dep_ == "agent" and head.head.i in anchors:
            linked.add(m.key)
        elif tok.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_.lower() == "call" and \
                head.head.i in anchors:
            linked.add(m.key)  # "Tokayev called on Armenian President Armen Sarkissian"
        elif tok.dep_ == "relcl" or (tok.dep_ in ("nsubj",) and head.dep_ == "relcl" and head.head.i in anchors):
            linked.add(m.key)
        elif m.start in companions or (trigger.dep_ in ("conj", "appos") and trigger.head.i in range(m.start, m.end)):
            linked.add(m.key)  # "Tonoyan's and Hakobian's latest talks" parsed as "Tonoyan … and … talks"
        elif any(a.i in anchors and a.dep_ == "relcl" and a.head.i == tok.i for a in doc[m.start:m.end].root.children):
            linked.add(m.key)
    for m in sentence.of("Person"):  # "X, who met Y": the noun the relative clause hangs on
        tok = phrase_head(doc[m.end - 1])
        if any(c.i in anchors and c.dep_ == "relcl" for c in tok.children):
            linked.add(m.key)
    spans: dict[str, list[range]] = {}
    for m in sentence.of("Person"):
        spans.setdefault(m.key, []).append(range(m.start, m.end))
    for _ in range(2):  # "Tonoyan's and Hakobian's talks", "A, B and C": the conjuncts of a linked name
        for m in sentence.of("Person"):
            tok = doc[m.end - 1]
            if m.key not in linked and tok.dep_ in ("conj", "poss", "appos") and any(
                    a.i in r for k in linked for r in spans[k] for a in list(tok.ancestors)[:3]):
                linked.add(m.key)  # also "A of Russia and B of Armenia", B parsed as a conjunct of Russia
    return linked


def _triggers(ctx: ExtractionContext, sentence: Sentence) -> list[tuple[Trigger, Token]]:
    found: list[tuple[Trigger, Token]] = []
    toks = list(sentence.tokens)
    for i, tok in enumerate(toks):
        two = f"{tok.lower_} {toks[i + 1].lower_}" if i + 1 < len(toks) else ""
        for phrase in (two, tok.lower_):
            trig = ctx.lex.meeting_triggers.get(phrase)
            if trig and tok.lower_ == "conference" and any(c.lower_ in ("news", "press") for c in tok.children):
                continue  # "told a news conference": no meeting
            if trig and (not in_quotes(tok) or _has_people(sentence, tok)):
                if phrase == "call" and not any(t.lower_ in ("phone", "telephone") for t in toks):
                    continue
                if trig.kind == "host" and tok.pos_ == "VERB" and not _receives_people(sentence, tok):
                    continue  # "welcomed the signing of …", "received the equipment" are no meetings
                found.append((trig, tok))
                break
    return found


GUEST_WORDS = frozenset({"delegation", "delegations", "guest", "guests", "counterpart", "visitor", "visitors",
                         "minister", "ministers", "president", "envoy", "ambassador", "officials", "chief", "head",
                         "lawmakers", "deputies", "parliamentarians", "members", "team"})


def _receives_people(sentence: Sentence, verb: Token) -> bool:
    """A host verb's object is a person or a delegation ("received Tonoyan", "hosted a Rosoboronexport
    delegation"), or the verb is passive with people around ("was received by Putin")."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    doc = verb.doc
    people = {i for m in sentence.people() for i in range(m.start, m.end)}
    return any(t.lower_ in GUEST_WORDS or t.i in people for o in objects for t in o.subtree) or (
        not objects and bool(people) and any(c.dep_ == "agent" for c in verb.children)) or (
        verb.dep_ == "acl" and doc[verb.head.i].lower_ in GUEST_WORDS)


def _group(sentence: Sentence) -> str | None:
    """"the two men", "both sides", "they" → "pair" (the last meeting of several people); "The visit/talks …" as
    subject → "event" (the last meeting of any size); else None."""
    toks = [t.lower_ for t in sentence.tokens]
    if any(toks[i] in ("two", "both") and toks[i + 1] in GROUP_WORDS for i in range(len(toks) - 1)) or any(
            t.lower_ == "they" and t.dep_ == "nsubj" for t in sentence.tokens):
        return "pair"
    if any(t.lower_ in EVENT_NOUNS and t.dep_ in ("nsubj", "nsubjpass")
           and any(c.lower_ in ("the", "this") for c in t.children) for t in sentence.tokens):
        return "event"  # "The visit included …"
    return None


ATTEND_VERBS = frozenset({"attend", "join", "chair"})


def _attendee(token: Token) -> bool:
    """"The session was attended by A, B and C" / "chaired by A": A, B and C were there."""
    for ancestor in token.ancestors:
        if ancestor.dep_ == "agent" and ancestor.head.lemma_.lower() in ATTEND_VERBS:
            return True
        if ancestor.pos_ == "VERB":
            return False
    return False


def _with_object(token: Token) -> bool:
    token = phrase_head(token)
    return token.dep_ == "pobj" and token.head.lower_ == "with"


def _event_verb(trigger: Token) -> Token:
    """The verb a meeting word hangs on: "held" for "held talks", the trigger itself when it is the verb."""
    token = trigger
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _attached_to_event(token: Token, trigger: Token, agreement_nouns: Iterable[str]) -> bool:
    """Whether a date or place phrase can belong to the meeting: not when it hangs on an agreement ("under an
    agreement signed in December 2015") or on the thing discussed ("discussed the system in the Caucasus")."""
    if trigger.left_edge.i <= token.i <= trigger.right_edge.i and trigger.pos_ != "VERB":
        return True
    verb = _event_verb(trigger)
    for ancestor in token.ancestors:
        if ancestor == verb or ancestor.lower_ in EVENT_NOUNS:  # "held talks in Moscow", "visit to Yerevan"
            return True
        if ancestor.lower_ in agreement_nouns or (ancestor.dep_ == "dobj" and ancestor.head == verb
                                                  and ancestor.lower_ not in GUEST_WORDS):
            return False
    return True


def _date(ctx: ExtractionContext, sentence: Sentence, trigger: Token) -> str | None:
    for ent in sentence.span.ents:
        if ent.label_ == "DATE" and _attached_to_event(ent.root, trigger, ctx.lex.agreement_nouns):
            found = resolve_date(ent.text, ctx.article_date)
            if found:
                return found
    return None


def _place(ctx: ExtractionContext, sentence: Sentence, trigger: Token) -> tuple[str, str] | None:
    doc = ctx.entities.doc
    candidates = sentence.of("Place", "Base")
    verb = _event_verb(trigger)
    if trigger.lower_ in VISIT_WORDS and trigger.lower_ not in ("visit", "visits", "trip"):
        found = _visit_target(sentence, trigger)  # "flew to Moscow", "arrived in Yerevan"
        if found is not None:
            return found
    for m in sentence.of("Organization"):  # "talks in the Kremlin": in Moscow
        entry = ctx.lex.entry("Organization", m.key)
        before = doc[m.start - 1].lower_ if m.start > 0 else ""
        before = doc[m.start - 2].lower_ if before == "the" and m.start > 1 else before
        if entry is not None and entry.seat and before in ("in", "at") and _attached_to_event(
                doc[m.end - 1], trigger, ctx.lex.agreement_nouns):
            return "Place", entry.seat
    if verb.dep_ == "relcl" and any(c.lower_ == "where" for c in verb.children):
        # "Muradov then travelled to Baku, where he was received by Hasanov"
        for m in candidates:
            if m.start <= verb.head.i < m.end:
                return m.label, m.key
    for m in candidates:
        start = m.start - 1 if m.start > 0 and doc[m.start - 1].lower_ == "the" else m.start
        before = doc[start - 1].lower_ if start > 0 else ""
        inside_base = any(b.end + 1 == m.start for b in sentence.of("Base"))
        if before in ("in", "at", ",") and start > sentence.span.start + 1 and not inside_base and (
                _attached_to_event(doc[m.end - 1], trigger, ctx.lex.agreement_nouns)):
            return m.label, m.key
        head = doc[m.end - 1]
        if head.dep_ == "compound" and head.head.dep_ == "dobj":
            head = head.head  # "visited the Yerevan headquarters of …"
        if head.dep_ == "dobj" and head.head.lower_ in ("visited", "visit", "visiting") or (
                before == "to" and start > 1 and doc[start - 2].lower_ in ("visit", "trip")
                and (doc[start - 2] == trigger or trigger.lower_ in ("visit", "visited", "trip"))):
            return m.label, m.key  # "visited Moscow and met …", "a visit to Gyumri", "a visit to the base"
    return None


def _split_with_objects(ctx: ExtractionContext, sentence: Sentence, participants: set[str]) -> list[set[str]]:
    """"talks with Tonoyan, official talks with Pashinyan": one meeting per meeting noun with its own "with"."""
    doc = ctx.entities.doc
    groups: list[set[str]] = []
    for tok in sentence.tokens:
        if tok.lower_ not in ("talks", "meeting", "meetings", "negotiations") or in_quotes(tok):
            continue
        partners = {m.key for m in sentence.people() if _with_object(doc[m.end - 1])
                    and _attached_to(doc[m.end - 1], tok)}
        if partners:
            groups.append(partners)
    if len(groups) < 2:
        return [participants]
    shared = participants - set().union(*groups)
    return [shared | g for g in groups]


def _attached_to(person: Token, noun: Token) -> bool:
    person = phrase_head(person)
    return person.dep_ == "pobj" and person.head.head == noun


def _delegation_leader(ctx: ExtractionContext, sentence: Sentence) -> str | None:
    """"The Armenian delegation was led by X" / "X headed the Russian delegation" → X."""
    doc = ctx.entities.doc
    for m in sentence.people():
        tok = doc[m.end - 1]
        verb = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "agent" else \
            tok.head if tok.dep_ == "nsubj" else None
        if verb is None or verb.lemma_.lower() not in ("lead", "head"):
            continue
        group = next((c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")), None)
        if group is not None and group.lower_ == "delegation":
            return m.key
    return None


def _as_did(sentence: Sentence) -> set[str]:
    """"X arrived earlier, as did the presidents of Kazakhstan and Kyrgyzstan, A and B": A and B too."""
    doc = sentence.span.doc
    out: set[str] = set()
    for tok in sentence.tokens:
        if tok.lower_ == "as" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in ("did", "have", "has", "had",
                                                                                    "were", "was"):
            out |= {m.key for m in sentence.people() if m.start > tok.i}
    return out


def _joins_the_event(token: Token) -> bool:
    """"took part in the talks", "attended the meeting": the talks already told of."""
    if not any(c.lower_ == "the" or c.dep_ == "poss" for c in token.children) or token.lower_ not in EVENT_NOUNS:
        return False
    head = token.head
    if head.lower_ in ("in", "on", "at") and head.head.lemma_.lower() in ("take", "participate", "part", "sit",
                                                                         "present"):
        return True  # "took part in the talks", "sat in on the talks", "was present at the meeting"
    return token.dep_ == "dobj" and head.lemma_.lower() in ("attend", "join")


#: sentences that far from the last one telling of a summit still add to it (live blogs interleave time stamps)
SUMMIT_WINDOW = 5
#: phrases that set a meeting apart from the larger event it happens at: a meeting of its own
APART_PHRASES = ("sidelines", "margins", "during a break", "privately", "one-on-one", "tete-a-tete", "tête-à-tête",
                 "bilateral meeting", "bilateral talks", "separate meeting", "separately")


def _body(ctx: ExtractionContext, sentence: Sentence, trigger: Token) -> str | None:
    """The organization a summit or session word is "of" ("a one-day summit of the Eurasian Economic Union", "the
    CSTO summit")."""
    doc = ctx.entities.doc
    for m in sentence.of("Organization"):
        head = phrase_head(doc[m.end - 1], ("compound",))
        if head.head == trigger and head.dep_ in ("compound", "nmod", "poss") or (
                head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head == trigger):
            return m.key
    return None


def _summit_guests(ctx: ExtractionContext, sentence: Sentence) -> set[str]:
    """"X is attending as a guest", "Y also attended": people attending with no event named (the summit on)."""
    doc = ctx.entities.doc
    out: set[str] = set()
    for m in sentence.people():
        tok = phrase_head(doc[m.end - 1])
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in ("attend", "participate") and not any(
                c.dep_ in ("dobj", "prep") and c.lower_ not in ("as",) for c in tok.head.children):
            out.add(m.key)
    return out


FIRST_PERSON = frozenset({"i", "we", "my", "our", "us", "me"})


def _first_person_speaker(ctx: ExtractionContext, trigger: Token) -> str | None:
    """The quoted speaker, when the meeting word is his own ("our talks", "my meeting with X", "we met")."""
    group = [trigger, *trigger.conjuncts]
    if trigger.dep_ == "conj":
        group.append(trigger.head)
    verbs = [t.head for t in group if t.dep_ in ("dobj", "nsubj", "nsubjpass")] + [t for t in group if t.pos_ == "VERB"]
    owned = any(c.lower_ in FIRST_PERSON and c.dep_ in ("poss", "nsubj", "nsubjpass")
                for t in [*group, *verbs] for c in t.children)
    return ctx.speaker(trigger) if owned else None


def _in_other_clause(person: Token, trigger: Token) -> bool:
    """The name sits in a clause that modifies a noun, not the meeting word's ("discussed the statement signed by
    A, B and C": A, B and C signed it, they are not at these talks)."""
    for a in person.ancestors:
        if a == trigger:
            return False
        if a.dep_ in ("acl", "relcl") and a.pos_ in ("VERB", "AUX"):
            return True
    return False


def meeting_mentions(ctx: ExtractionContext) -> list[MeetingMention]:
    mentions: list[MeetingMention] = []
    last: MeetingMention | None = None  # the last meeting of two or more people ("the two men")
    last_any: MeetingMention | None = None  # the last meeting of any size ("The visit included …")
    main_event: MeetingMention | None = None  # the last placed meeting not held on the sidelines of another
    summit: MeetingMention | None = None  # the last placed summit, session or forum (cameo 044) and where told
    summit_at = -10
    last_sentence = -2  # index of the sentence last_any came from
    for sentence in ctx.sentences:
        found = _trigger(ctx, sentence)
        if found is None:
            guests = _summit_guests(ctx, sentence)
            if guests and summit is not None and sentence.index - summit_at <= SUMMIT_WINDOW:
                summit.participants |= guests  # "Moldovan President Igor Dodon is attending as a guest"
                summit.sentences.append(sentence.text)
                summit_at = sentence.index
                continue
            leader = _delegation_leader(ctx, sentence)
            if leader and last_any is not None and sentence.index - last_sentence <= 1:
                last_any.participants.add(leader)  # "The Armenian delegation was led by X" (at those talks)
                last_any.sentences.append(sentence.text)
                last_sentence = sentence.index
            continue
        trigger, token = found
        if hypothetical(sentence, token.i):
            continue  # "invited him to pay an official visit"; planned meetings are recorded ("will meet X")
        pronoun_subject = any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON" for c in token.children)
        people = _linked_people(sentence, token) or (
            {m.key for m in sentence.people() if not _in_other_clause(ctx.entities.doc[m.end - 1], token)}
            if (token.pos_ == "VERB" and not pronoun_subject) or len(sentence.people()) == 1
            and token.dep_ not in ("nsubj", "nsubjpass", "pobj") else set())
        speaker = _first_person_speaker(ctx, token)
        if speaker is not None:  # "Both our talks at the Foreign Ministry today and the meeting with the President
            people = people | {speaker}  # [Khachaturyan] confirmed …," Lavrov said
        if last_any is not None and _joins_the_event(token):
            # "Defense Minister X, who took part in the talks, said …": one more participant of those talks
            last_any.participants |= people
            last_any.sentences.append(sentence.text)
            continue
        if summit is not None and sentence.index - summit_at <= SUMMIT_WINDOW and not people and \
                trigger.cameo == "044" and _place(ctx, sentence, token) is None:
            # "The Supreme Eurasian Economic Council has begun its sitting": the summit goes on
            summit.sentences.append(sentence.text)
            summit_at = sentence.index
            continue
        if summit is not None and sentence.index - summit_at <= SUMMIT_WINDOW and people and trigger.kind == "visit" and (
                token.pos_ == "VERB" and _place(ctx, sentence, token) is None):
            # "Lukashenko arrived earlier in the morning, as did the presidents of …", "X, who flew in for the
            # occasion": arrivals with no place of their own come to the summit just told of
            summit.participants |= people | _as_did(sentence)
            summit.sentences.append(sentence.text)
            summit_at = sentence.index
            continue
        group = _group(sentence)
        if group == "pair" and len(people) >= 2:
            group = None  # "signed by A and B after talks between the two officials": A and B, named right here
        if group == "event" and token.pos_ == "VERB" and _has_people(sentence, token):
            group = None  # "The session began after X visited Yerevan and met with Y": X and Y meet anew
        referent = last if group == "pair" else last_any if group == "event" else None
        if referent is not None:
            # a reference back ("The talks came after …", "the two men") adds only the people it is held "with"
            doc = ctx.entities.doc
            people = {m.key for m in sentence.people() if _with_object(doc[m.end - 1])
                      or _attendee(doc[m.end - 1])} | referent.participants
        if trigger.kind == "signing" and (len(_linked_people(sentence, token)) < 2 or _place(ctx, sentence, token)
                                          is None or group is not None):
            continue  # a signing is a meeting only where two named signers are placed somewhere
        if not people and referent is None and trigger.kind != "phone call":
            # "The memorandum was signed in Moscow following talks at the FSMTC headquarters.": talks whose
            # participants the next sentences name ("The Armenian delegation was led by …")
            pending = MeetingMention(trigger.kind, trigger.cameo, set(), [sentence.text],
                                     date=_date(ctx, sentence, token))
            place = _place(ctx, sentence, token)
            if place:
                pending.place_label, pending.place = place
                pending.place_evidence = [sentence.text]
            mentions.append(pending)
            last_any, last_sentence = pending, sentence.index
            continue
        if not people:
            continue
        if len(people) == 1 and referent is None and token.pos_ == "VERB" and token.lemma_.lower() in (
                "discuss", "talk"):
            continue  # "Peskov said … and discussed …": talking about something is no meeting
        if referent is not None and group == "event" and token.dep_ in ("nsubj", "nsubjpass"):
            # "The session was attended by A, B and C": more about that session, not another meeting
            referent.participants |= people
            referent.sentences.append(sentence.text)
            referent.date = referent.date or _date(ctx, sentence, token)
            place = _place(ctx, sentence, token) if referent.place is None else None
            if place:  # "The meeting took place at the Patriot Park exhibition centre"
                referent.place_label, referent.place = place
                referent.place_evidence = [sentence.text]
            continue
        sidelines = any(sentence.has_phrase(p) for p in APART_PHRASES) or (referent is not None and referent.sidelines)
        for group_people in _split_with_objects(ctx, sentence, people):
            kind, cameo = (trigger.kind, trigger.cameo) if len(group_people) < 2 or trigger.kind != "visit" \
                else ("meet", "040")
            mention = MeetingMention(kind, cameo, group_people, [sentence.text], date=_date(ctx, sentence, token),
                                     sidelines=sidelines, body=_body(ctx, sentence, token) if cameo == "044" else None,
                                     noun=token.lower_.rstrip("s") if cameo == "044" and token.pos_ == "NOUN" else None)
            place = _place(ctx, sentence, token)
            if place:
                mention.place_label, mention.place = place
                mention.place_evidence = [sentence.text]
            elif sidelines and main_event is not None and main_event.place:
                # "met on the sidelines of the summit": where the summit was
                mention.place_label, mention.place = main_event.place_label, main_event.place
                mention.place_evidence = [*main_event.place_evidence, sentence.text]
            elif referent is not None and referent.place:
                mention.place_label, mention.place = referent.place_label, referent.place
                mention.place_evidence = list(referent.place_evidence)
            mentions.append(mention)
            if not sidelines and mention.place:
                main_event = mention
            if mention.cameo == "044" and mention.place:
                summit, summit_at = mention, sentence.index
            if len(mention.participants) >= 2:
                last = mention
            if referent is None or len(group_people) >= 2:
                last_any, last_sentence = mention, sentence.index
    return mentions


def merge_mentions(mentions: list[MeetingMention]) -> list[MeetingMention]:
    """One meeting per real event: same kind family and at least two shared participants (or same lone visitor)."""
    merged: list[MeetingMention] = []
    for m in mentions:
        target = None
        for other in merged:
            same_kind = (m.kind == "phone call") == (other.kind == "phone call") and (
                m.sidelines == other.sidelines or m.participants == other.participants) \
                and not (m.place and other.place and m.place != other.place) \
                and not (m.date and other.date and m.date != other.date)  # elsewhere or another day: another one
            shared = m.participants & other.participants
            solo_visits = m.kind == other.kind == "visit" and m.participants == other.participants
            if same_kind and (len(shared) >= 2 or solo_visits or (
                    m.participants <= other.participants and len(shared) >= 1 and len(m.participants) >= 2)):
                target = other
                break
        if target is None:
            merged.append(m)
            continue
        target.participants |= m.participants
        target.sentences += [s for s in m.sentences if s not in target.sentences]
        target.date = target.date or m.date
        if target.place is None and m.place:
            target.place, target.place_label, target.place_evidence = m.place, m.place_label, m.place_evidence
        if target.kind == "meet" and m.kind not in ("meet", "signing"):
            target.kind, target.cameo = m.kind, m.cameo
        target.body = target.body or m.body
        target.noun = target.noun or m.noun
    merged = [m for m in merged if m.participants]  # talks whose participants were never named
    people_elsewhere: dict[str, int] = {}
    for m in merged:
        for p in m.participants:
            people_elsewhere[p] = people_elsewhere.get(p, 0) + 1
    return [m for m in merged if len(m.participants) >= 2 or m.kind in SOLO_KINDS
            or people_elsewhere[next(iter(m.participants))] == 1]


def extract_meetings(ctx: ExtractionContext) -> None:
    """Add Meeting entities (local keys ``m1``, ``m2`` …) with ATTENDED and HELD_IN facts."""
    for number, meeting in enumerate(merge_mentions(meeting_mentions(ctx)), start=1):
        key = f"m{number}"
        ctx.extra[("Meeting", key)] = _meeting_entity(key, meeting)
        for person in sorted(meeting.participants):
            evidence = [s for s in meeting.sentences if _names(person, s)] or meeting.sentences[:1]
            ctx.add("ATTENDED", ("Person", person), ("Meeting", key), evidence, 0.8, "meeting-sentence")
        if meeting.place and meeting.place_evidence:
            ctx.add("HELD_IN", ("Meeting", key), (meeting.place_label, meeting.place), meeting.place_evidence, 0.75,
                    "meeting-place")


def _names(person: str, sentence: str) -> bool:
    surname = person.split()[-1]
    return surname in sentence or person in sentence


def _meeting_entity(key: str, meeting: MeetingMention) -> LocalEntity:
    return LocalEntity(label="Meeting", key=key, name=key, props={
        "kind": meeting.kind, "cameo": meeting.cameo, "date": meeting.date, "place": meeting.place,
        "body": meeting.body, "noun": meeting.noun,
        "participants": sorted(meeting.participants)}, mentions=len(meeting.sentences))


VISIT_WORDS = frozenset({"left", "leave", "leaves", "departed", "heads", "headed", "visit", "visited", "visits",
                         "visiting", "trip", "trips", "arrived", "arrive", "arrives",
                         "arriving", "arrival", "flew", "fly", "flies", "flying", "travelled", "traveled", "travel",
                         "travels", "journey", "tour", "toured", "stopover"})
TARGET_PREPS = frozenset({"to", "into", "in", "at", "for"})
OFFICE_WORDS = frozenset({"head", "chief", "minister", "commander", "director", "secretary", "chairman", "president",
                          "ambassador", "envoy", "leader", "delegation"})


def extract_visits(ctx: ExtractionContext) -> None:
    """VISITED: "<person> visited <place>", "<person>'s trip to <country>", "a visit to <base>", "flew to Yerevan",
    "travelled to Baku", "the delegation, led by X, arrived in Yerevan", "arrived" or "flew in" with the dateline's
    city."""
    doc = ctx.entities.doc
    last_visitor: str | None = None
    dateline = ctx.dateline_place()
    for sentence in ctx.sentences:
        for tok in sentence.tokens:
            if tok.lower_ not in VISIT_WORDS or (in_quotes(tok) and not sentence.people()):
                continue
            if hypothetical(sentence, tok.i) or (tok.lower_ == "visiting" and tok.dep_ == "amod"):
                continue
            if tok.lower_ in ("travel", "fly", "arrive") and tok.pos_ == "VERB" and not tok.tag_.startswith("VB"):
                continue
            if tok.lower_ in ("heads", "headed") and not any(c.dep_ == "prep" and c.lower_ in (
                    "to", "for", "toward", "towards") for c in tok.children):
                continue  # "Gorik Hakobyan, who heads Armenia's National Security Service": leads, goes nowhere
            visitor = _visitor(ctx, sentence, tok)
            if visitor is None and any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in tok.children):
                visitor = ctx.speaker(tok)  # "… and now I have arrived here," Lavrov said
            clause = tok
            while clause.dep_ in ("xcomp", "ccomp", "acomp") and not any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
                clause = clause.head  # "three GM200 radars … are due to arrive"
            own_subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None) \
                if tok.pos_ == "VERB" else None
            if visitor is None and own_subject is not None and own_subject.pos_ != "PRON" and \
                    own_subject.lower_ not in GUEST_SUBJECTS and not any(
                        m.start <= own_subject.i < m.end for m in sentence.people()):
                continue  # "three GM200 radars … are due to arrive next year": things arrive, nobody visits
            if visitor is None:
                before = [m for m in sentence.people() if m.start < tok.i
                          and doc[m.end - 1].dep_ in ("nsubj", "nsubjpass", "poss", "appos", "conj")]
                governor = tok if tok.pos_ == "VERB" else tok.head
                while governor.dep_ in ("xcomp", "ccomp") and not any(
                        c.dep_ in ("nsubj", "nsubjpass") for c in governor.children):
                    governor = governor.head  # "the general is also expected to fly to Meghri"
                guests = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in GUEST_SUBJECTS
                             for c in governor.children)
                visitor = before[0].key if before else (last_visitor if _group(sentence) or guests else None)
            if visitor is None:
                continue
            last_visitor = visitor
            if any(c.lower_ in ("back", "home") for c in tok.children) or tok.lemma_.lower() == "return":
                continue  # "is scheduled to fly back to Rostov-on-Don": home, no visit
            target = _visit_target(sentence, tok)
            if target is None and tok.lemma_.lower() in ("arrive", "fly", "come") and dateline is not None and (
                    tok.lemma_.lower() == "arrive" or any(c.lower_ in ("in", "here") and c.dep_ in ("prt", "advmod")
                                                          for c in tok.children)):
                target = ("Place", dateline[0])  # "Sargsyan flew in on Monday" under a "MOSCOW, …" dateline
            if target is None:
                continue
            ctx.add("VISITED", ("Person", visitor), target, sentence.text, 0.8, "visit-verb")
            for base in _sites_seen(sentence, tok, target):  # "… to check the combat readiness of the base"
                ctx.add("VISITED", ("Person", visitor), ("Base", base), sentence.text, 0.65, "visit-site")
            for companion in _companions(ctx, sentence, tok):
                ctx.add("VISITED", ("Person", companion), target, sentence.text, 0.7, "visit-companion")
            break
        _hosted_guests(ctx, sentence)


GUEST_SUBJECTS = frozenset({"guests", "guest", "visitor", "visitors", "delegation", "delegations", "general",
                            "minister", "commander"})
INSPECTING = frozenset({"inspect", "check", "tour", "visit", "watch", "see", "review", "examine", "attend",
                        "familiarise", "familiarize", "acquaint"})


def _sites_seen(sentence: Sentence, word: Token, target: tuple[str, str]) -> list[str]:
    """Bases a trip's purpose or programme takes in: "travel to Gyumri to check … the base", "to watch live firing
    … at the base's training ground"."""
    out = []
    for base in sentence.of("Base"):
        if ("Base", base.key) == target:
            continue
        tok = word.doc[base.end - 1]
        for ancestor in list(tok.ancestors)[:6]:
            if ancestor.lemma_.lower() in INSPECTING and ancestor.pos_ == "VERB" or (
                    ancestor.lower_ == "at" and ancestor.head.lemma_.lower() in INSPECTING):
                out.append(base.key)
                break
    return out


def _visitor(ctx: ExtractionContext, sentence: Sentence, word: Token) -> str | None:
    """Who travels: the subject of a visit verb (a resolved pronoun, the antecedent of "who", the leader of "the
    delegation, led by X"), or the possessor of a visit noun ("Shoigu's visit", "his trip", "the visit of X")."""
    doc = word.doc
    people = sentence.people()

    def person_at(tok: Token) -> str | None:
        for m in people:
            if m.start <= tok.i < m.end:
                return m.key
        return None

    owner = _possessor(sentence, word)
    if owner is not None:
        return owner
    poss = next((c for c in word.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
    if poss is not None:  # "During his trip to Baku, President Putin held talks": the sentence's subject
        subjects = [m for m in people if phrase_head(doc[m.end - 1]).dep_ == "nsubj"]
        if subjects:
            return subjects[0].key
    for prep in word.children:  # "the visit of the Armenian President to the Russian capital"
        if prep.dep_ == "prep" and prep.lower_ == "of":
            found = next((person_at(t) for t in prep.subtree if person_at(t)), None)
            if found:
                return found
    verb = word if word.pos_ in ("VERB", "AUX") else (word.head if word.dep_ in ("dobj", "pobj") else None)
    if word.dep_ == "pobj" and word.head.lower_ == "on":
        verb = word.head.head  # "X, who is in Russia on a working visit"
    while verb is not None and verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        verb = verb.head  # "… arrived in Yerevan on Sunday and was received by Tonoyan"
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
            child = verb.head
        found = person_at(phrase_head(child)) or person_at(child) or next(
            (m.key for m in people if phrase_head(doc[m.end - 1]) == child), None)
        if found:  # also "Minister of Defense of Armenia Arshak Karapetyan, who is …": the office the name is under
            return found
        for t in child.subtree:  # "The Russian delegation, led by Sorokin, arrived"
            if t.lower_ == "by" and t.head.lemma_.lower() in ("lead", "head"):
                return next((person_at(o) for o in t.subtree if person_at(o)), None)
        if child.lower_ in OFFICE_WORDS:  # "The head of the Border Service …, General Vladimir Pronichev, left for"
            return next((person_at(t) for t in child.subtree if person_at(t)), None)
    return None


def _visit_target(sentence: Sentence, word: Token) -> tuple[str, str] | None:
    """Where the visit went: the object of "visited", the "to/into/in" phrase of a travel word, else the first
    place named within eight words after it."""
    places = {i: m for m in sentence.of("Place", "Base", "Country") for i in range(m.start, m.end)}
    near_base = {i for b in sentence.of("Base") for i in range(b.start, b.end + 2)}

    def target_in(tok: Token) -> tuple[str, str] | None:
        for t in tok.subtree:  # "a visit to the 102nd base in Gyumri": the base, not the town it is in
            m = places.get(t.i)
            if m is not None and not (m.label == "Place" and m.start in near_base):
                return (m.label, m.key)
        return None

    departing = word.lemma_.lower() in ("leave", "depart", "head")
    for child in word.children:
        if child.dep_ == "dobj" and word.pos_ == "VERB" and not departing:
            found = target_in(child)
            if found:
                return found
        if child.dep_ == "prep" and child.lower_ in (("for", "to") if departing else TARGET_PREPS):
            found = target_in(child)
            if found:
                return found
    if departing:
        return None  # "left Yerevan": where he came from, not where he went
    if word.dep_ == "pobj" and word.head.lower_ == "on" and word.pos_ == "NOUN":
        for sibling in word.head.head.children:  # "who is in the Russian Federation on a working visit"
            if sibling.dep_ == "prep" and sibling.lower_ in ("in", "to") and sibling != word.head:
                found = target_in(sibling)
                if found:
                    return found
    targets = [m for m in sentence.of("Place", "Base", "Country") if word.i < m.start <= word.i + 8
               and not any(t.text in (",", ";", "(", "—") for t in word.doc[word.i + 1:m.start])]
    # (not past the clause: "arrived earlier, as did the presidents of Kazakhstan and Kyrgyzstan")
    if not targets:
        return None
    target = targets[0]
    if target.label == "Place" and any(m.label == "Base" and m.start <= target.start < m.end + 2
                                       for m in sentence.of("Base")):
        return None
    return (target.label, target.key)


def _possessor(sentence: Sentence, noun: Token) -> str | None:
    """Whose visit: "Shoigu's visit" → Shoigu; "the latter's visit" → the last person named before it,
    "the former's" → the one before that."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is None:
        return None
    people = [m for m in sentence.mentions if m.label == "Person"]
    for m in people:
        if m.start <= poss.i < m.end:
            return m.key
    earlier = [m.key for m in people if m.end <= poss.i]
    earlier = [k for i, k in enumerate(earlier) if k not in earlier[:i]]
    if poss.lower_ == "latter" and earlier:
        return earlier[-1]
    if poss.lower_ == "former" and len(earlier) >= 2:
        return earlier[-2]
    return None


def _companions(ctx: ExtractionContext, sentence: Sentence, verb: Token) -> list[str]:
    """"X visited the range together with Y" / "accompanied by Y": Y went too."""
    doc = ctx.entities.doc
    found = []
    for m in sentence.people():
        if m.start < verb.i:
            continue
        for ancestor in doc[m.end - 1].ancestors:  # "together with the commander of …, Colonel-General Y"
            if ancestor == verb:
                break
            near = {ancestor.head.lower_, *(c.lower_ for c in ancestor.children)}
            if (ancestor.lower_ == "with" and "together" in near
                    or ancestor.lower_ == "by" and ancestor.head.lower_ == "accompanied"):
                found.append(m.key)
                break
    return found


HOST_VERBS = frozenset({"hosted", "received", "welcomed"})


def _hosted_guests(ctx: ExtractionContext, sentence: Sentence) -> None:
    """"Balayan hosted a delegation headed by Mikheyev in Yerevan": the guest visited the place."""
    doc = ctx.entities.doc
    verb = next((t for t in sentence.tokens if t.lower_ in HOST_VERBS and t.pos_ == "VERB" and not in_quotes(t)), None)
    if verb is None or future_or_planned(sentence, verb.i):
        return
    hosts = [m for m in sentence.people() if m.start < verb.i]
    places = [m for m in sentence.of("Place") if m.start > verb.i and m.start > 0 and doc[m.start - 1].lower_ == "in"]
    if not hosts or not places:
        return
    for guest in sentence.people():
        if guest.start > verb.i and guest.key not in {h.key for h in hosts}:
            ctx.add("VISITED", ("Person", guest.key), ("Place", places[0].key), sentence.text, 0.65, "hosted-guest")
