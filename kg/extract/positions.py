"""HOLDS_POSITION: offices people hold.

From titles before names ("Russian Defense Minister Sergei Shoigu"), appositives ("Artur Baghdasarian, secretary of
Armenia's National Security Council"), "his Armenian counterpart" (found in ``entities.py``), and heading verbs:
"X, who previously headed Russia's Federal Security Service" → Former Head; "X heads the Department …" → Head.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.context import ExtractionContext

CONFIDENCE = {"explicit": 0.9, "inferred": 0.7, "verb": 0.8}
HEAD_VERBS = frozenset({"head", "lead", "chair", "command", "run", "direct"})
FORMER_CUES = frozenset({"previously", "formerly", "once", "former", "earlier"})


def extract_positions(ctx: ExtractionContext) -> None:
    for info in ctx.entities.people.values():
        for title, label, key, sentence in info.positions:
            ctx.add("HOLDS_POSITION", ("Person", info.name), (label, key), sentence.text.strip(),
                    CONFIDENCE["inferred" if key.startswith("?") else "explicit"], "title", title=title)
    _heading_verbs(ctx)


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


def _heading_verbs(ctx: ExtractionContext) -> None:
    doc = ctx.entities.doc
    for sentence in ctx.sentences:
        for verb in sentence.span:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in HEAD_VERBS:
                continue
            person = _subject_person(ctx, verb)
            if person is None:
                continue
            objects = [m for m in sentence.of("Organization", "Ministry")
                       if any(doc[i].head == verb and doc[i].dep_ == "dobj" for i in range(m.start, m.end))]
            former = verb.tag_ == "VBD" and any(c.lower_ in FORMER_CUES for c in verb.children)
            for org in objects[:1]:
                ctx.add("HOLDS_POSITION", ("Person", person), (org.label, org.key), sentence.text,
                        CONFIDENCE["verb"], "heading-verb", title="Former Head" if former else "Head")
