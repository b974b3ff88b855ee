"""HOLDS_POSITION: offices people hold.

From titles before names ("Russian Defense Minister Sergei Shoigu"), appositives ("Artur Baghdasarian, secretary of
Armenia's National Security Council"), "his Armenian counterpart" (found in ``entities.py``), and heading verbs:
"X, who previously headed Russia's Federal Security Service" → Former Head; "X heads the Department …" → Head;
and successions: "Belousov replaced Shoigu as defence minister" → Shoigu held Belousov's office before him.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.context import ExtractionContext, Sentence

CONFIDENCE = {"explicit": 0.9, "inferred": 0.7, "verb": 0.8}
HEAD_VERBS = frozenset({"head", "lead", "chair", "command", "run", "direct"})
SUCCESSION_VERBS = frozenset({"replace", "succeed"})
FORMER_CUES = frozenset({"previously", "formerly", "once", "former", "earlier"})


def extract_positions(ctx: ExtractionContext) -> None:
    for info in ctx.entities.people.values():
        for title, label, key, sentence in info.positions:
            ctx.add("HOLDS_POSITION", ("Person", info.name), (label, key), sentence.text.strip(),
                    CONFIDENCE["inferred" if key.startswith("?") else "explicit"], "title", title=title)
    _heading_verbs(ctx)
    _successions(ctx)
    _predicate_positions(ctx)


def _subject_person(ctx: ExtractionContext, verb: Token) -> str | None:
    """The person who is the verb's subject, directly or through "who" in a relative clause."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return None
    subject = subjects[0]
    if subject.lower_ == "who" and verb.dep_ == "relcl":
        subject = verb.head
    candidates = [subject, *(t for t in subject.subtree if t.dep_ == "appos")]  # "The vice-minister, X, heads"
    for token in candidates:
        for m in ctx.entities.mentions:
            if m.label == "Person" and m.start <= token.i < m.end:
                return m.key
    return None


def _verbs(ctx: ExtractionContext, lemmas: frozenset[str], pos: tuple[str, ...] = ("VERB",)
           ) -> Iterator[tuple[Sentence, Token]]:
    """Every (sentence, verb) whose verb's lemma is one of ``lemmas``."""
    for sentence in ctx.sentences:
        for verb in sentence.tokens:
            if verb.pos_ in pos and verb.lemma_.lower() in lemmas:
                yield sentence, verb


def _heading_verbs(ctx: ExtractionContext) -> None:
    doc = ctx.entities.doc
    for sentence, verb in _verbs(ctx, HEAD_VERBS):
        person = _subject_person(ctx, verb)
        if person is None:
            continue
        objects = [m for m in sentence.of("Organization", "Ministry")
                   if any(doc[i].head == verb and doc[i].dep_ == "dobj" for i in range(m.start, m.end))]
        former = verb.tag_ == "VBD" and any(c.lower_ in FORMER_CUES for c in verb.children)
        for org in objects[:1]:
            ctx.add("HOLDS_POSITION", ("Person", person), (org.label, org.key), sentence.text,
                    CONFIDENCE["verb"], "heading-verb", title="Former Head" if former else "Head")


def _office_words(title: str) -> str:
    return title.lower().replace("defence", "defense").removeprefix("former ").strip()


def _successions(ctx: ExtractionContext) -> None:
    """"A replaced/succeeded B as <office>": B held the office A holds, at the same institution, before A."""
    doc = ctx.entities.doc
    for sentence, verb in _verbs(ctx, SUCCESSION_VERBS):
        successor = _subject_person(ctx, verb)
        office = next((" ".join(t.text for t in c.subtree) for prep in verb.children if prep.lower_ == "as"
                       for c in prep.children if c.dep_ == "pobj"), None)
        predecessor = next((m.key for m in sentence.people() if doc[m.end - 1].head == verb
                            and doc[m.end - 1].dep_ == "dobj"), None)
        if not (successor and office and predecessor) or successor == predecessor:
            continue
        for title, label, key, _ in ctx.entities.people[successor].positions:
            if not key.startswith("?") and _office_words(title) == _office_words(office):
                ctx.add("HOLDS_POSITION", ("Person", predecessor), (label, key), sentence.text, 0.7,
                        "succession", title=f"former {title}")
                break


#: verbs whose subject holds the office their predicate names: "X was the commander of …", "served as …"
PREDICATE_VERBS = frozenset({"be", "become", "remain", "serve", "work", "resign", "retire", "appoint", "name",
                             "elect", "step", "act"})


def _predicate_positions(ctx: ExtractionContext) -> None:
    """"Khatchaturov, who was the commander of the Yerevan garrison", "He was the commander of the 98th Guards
    Airborne Division", "he served as deputy commander of the Russian Airborne Forces", "after resigning as prime
    minister": the office the predicate names, at the institution of its "of" phrase (else the one its title
    implies, in the person's country)."""
    doc = ctx.entities.doc
    institutions = {i: m for m in ctx.entities.mentions if m.label in ("Organization", "Ministry", "Country")
                    for i in range(m.start, m.end)}
    for sentence, verb in _verbs(ctx, PREDICATE_VERBS, ("VERB", "AUX")):
        person = _subject_person(ctx, verb)
        if person is None and verb.dep_ in ("advcl", "pcomp", "xcomp"):  # "after resigning as prime minister"
            person = _subject_person(ctx, verb.head)
        if person is None:
            continue
        nouns = [c for c in verb.children if c.dep_ == "attr"] + [  # "… and from 2013 to 2020 as deputy commander"
            o for p in verb.subtree if p.dep_ == "prep" and p.lower_ == "as" and _same_clause(p, verb)
            for o in p.children if o.dep_ == "pobj"]
        for noun in nouns:
            title = _title_words(ctx, noun)
            if title is None:
                continue
            target = _of_institution(noun, institutions)
            rule = ctx.lex.titles.get(title.lower())
            if target is None and rule is not None:
                info = ctx.entities.people.get(person)
                country = info.country if info is not None else None
                if rule == "country" and country:
                    target = ("Country", country)
                elif rule.startswith("ministry:") and country:
                    target = ("Ministry", ctx.lex.office("Ministry", rule[9:], country))
            if target is not None:
                ctx.add("HOLDS_POSITION", ("Person", person), target, sentence.text, CONFIDENCE["verb"],
                        "predicate-title", title=title[:1].upper() + title[1:])


def _same_clause(token: Token, verb: Token) -> bool:
    """No other verb stands between ``token`` and ``verb`` in the tree."""
    node = token.head
    while node.i != verb.i:
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return False
        node = node.head
    return True


def _title_words(ctx: ExtractionContext, noun: Token) -> str | None:
    """The office a predicate noun names ("deputy commander", "prime minister"), if it is one."""
    words = [t for t in noun.subtree if t.i <= noun.i and t.dep_ in ("compound", "amod") or t.i == noun.i]
    phrase = " ".join(t.lower_ for t in words if t.lower_ not in ("former", "then", "acting", "new"))
    while phrase and phrase not in ctx.lex.titles:
        if " " not in phrase:
            return None
        phrase = phrase.split(" ", 1)[1]
    return phrase or None


def _of_institution(noun: Token, institutions: dict[int, object]) -> tuple[str, str] | None:
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                for tok in obj.subtree:
                    m = institutions.get(tok.i)
                    if m is not None:
                        return (m.label, m.key)  # type: ignore[attr-defined]
    return None
