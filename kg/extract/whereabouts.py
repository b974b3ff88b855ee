"""Where people were: visits that meetings and "in <city>" statements imply, and the places of meetings that the
sentence itself does not give.  Runs after ``meetings.py`` has made the meetings and visits of one article.

- Talks held in a city of another country than a participant's: that participant visited the city ("Tonoyan and
  Shoygu held talks in Moscow" → Tonoyan visited Moscow).
- A foreign official who speaks, arrives or is "in <city>": he visited it ("Shoygu announced in Yerevan …").
- A meeting with no place of its own, one of whose participants is on a visit told in the article, took place
  where that visit went ("Shoygu visited Armenia … The visit included talks with Tonoyan"); failing that, in the
  city of the article's dateline ("YEREVAN, May 21. /TASS/.").  Phone calls have no place.
- A visit to a country is dropped when the same person's visit to a city or base in it is told: the more
  specific place says it.
"""

from __future__ import annotations

from datetime import date as day

from kg.extract.context import ExtractionContext, Sentence, future_or_planned
from kg.extract.types import Fact

#: verbs whose subject, with "in <city>", was in that city
PRESENCE_VERBS = frozenset({"say", "announce", "tell", "state", "declare", "speak", "arrive", "be", "stay", "land",
                            "note", "stress", "emphasize", "hold", "meet", "sign", "attend", "address", "deliver"})


def settle_whereabouts(ctx: ExtractionContext) -> None:
    _visits_abroad(ctx)
    _visits_in_cities(ctx)
    _meeting_places(ctx)
    _visits_abroad(ctx)  # again: meetings the visit frame or the dateline placed
    _drop_country_visits(ctx)


def _country_of_place(ctx: ExtractionContext, label: str, key: str) -> str | None:
    if label == "Country":
        return key
    if label == "Place":
        return ctx.lex.place_country(key)
    located = [f.end for f in ctx.facts if f.type == "LOCATED_IN" and f.start == key and f.end_label == "Country"]
    return located[0] if located else None


def _person_country(ctx: ExtractionContext, name: str) -> str | None:
    """The country a person serves: as found with the name, else that of an office the article gives him, else (as
    a last resort) what the surname's ending says ("-yan": Armenian)."""
    info = ctx.entities.people.get(name)
    if info is not None and info.country:
        return info.country
    known = ctx.lex.country_of_person(name)
    if known:
        return known
    for fact in ctx.facts:
        if fact.type == "HOLDS_POSITION" and fact.start == name and not fact.end.startswith("?"):
            if fact.end_label == "Country":
                return fact.end
            country = ctx.lex.country_of_ministry(fact.end) if fact.end_label == "Ministry" else None
            entry = ctx.lex.entry("Organization", fact.end) if fact.end_label == "Organization" else None
            country = country or (entry.country if entry is not None else None)
            if country:
                return country
    return ctx.lex.country_of_surname(name)


def _participants(ctx: ExtractionContext) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for fact in ctx.facts:
        if fact.type == "ATTENDED":
            out.setdefault(fact.end, []).append(fact.start)
    return out


#: titles of people who live where they serve abroad: an ambassador received at the ministry is no visitor
POSTED_TITLES = ("ambassador", "envoy", "chargé", "charge d'affaires", "attaché", "attache", "consul")


def _posted_abroad(ctx: ExtractionContext, name: str) -> bool:
    info = ctx.entities.people.get(name)
    return info is not None and any(word in title.lower() for title in info.titles for word in POSTED_TITLES)


def _visits_abroad(ctx: ExtractionContext) -> None:
    """Participants of a meeting held in another country than theirs visited its place."""
    participants = _participants(ctx)
    for fact in [f for f in ctx.facts if f.type == "HELD_IN"]:
        meeting = ctx.extra.get(("Meeting", fact.start))
        if meeting is None or meeting.props.get("kind") == "phone call":
            continue
        where = _country_of_place(ctx, fact.end_label, fact.end)
        if where is None:
            continue
        for person in participants.get(fact.start, []):
            country = _person_country(ctx, person)
            if country is not None and country != where and not _posted_abroad(ctx, person):
                ctx.add("VISITED", ("Person", person), (fact.end_label, fact.end), fact.evidence, 0.6, "met-abroad")


def _visits_in_cities(ctx: ExtractionContext) -> None:
    """"Shoygu announced in Yerevan …", "Mirzoyan was in Moscow": a foreign official in a city visited it."""
    doc = ctx.entities.doc
    for sentence in ctx.sentences:
        places = {i: m for m in sentence.of("Place") for i in range(m.start, m.end)}
        if not places:
            continue
        for person in sentence.people():
            subject = doc[person.end - 1]
            if subject.dep_ not in ("nsubj", "nsubjpass") or subject.head.lemma_.lower() not in PRESENCE_VERBS:
                continue
            verb = subject.head
            for prep in verb.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("in", "at"):
                    continue
                place = next((places[c.i] for c in prep.children if c.dep_ == "pobj" and c.i in places), None)
                if place is None:
                    continue
                country = _person_country(ctx, person.key)
                where = ctx.lex.place_country(place.key)
                if country is not None and where is not None and country != where and not _posted_abroad(
                        ctx, person.key):
                    ctx.add("VISITED", ("Person", person.key), ("Place", place.key), sentence.text, 0.6,
                            "present-abroad")


def _meeting_places(ctx: ExtractionContext) -> None:
    placed = {f.start for f in ctx.facts if f.type == "HELD_IN"}
    participants = _participants(ctx)
    sentence_of = {s.text: s.index for s in ctx.sentences}
    visits: dict[str, list[Fact]] = {}
    for fact in ctx.facts:
        if fact.type == "VISITED":
            visits.setdefault(fact.start, []).append(fact)
    for targets in visits.values():  # the visit told first is the trip; later ones are its stops
        targets.sort(key=lambda f: (min(sentence_of.get(e, 10 ** 6) for e in f.evidence), f.end_label == "Base"))
    dateline = ctx.dateline_place()
    for (label, key), meeting in sorted(ctx.extra.items()):
        if label != "Meeting" or key in placed or meeting.props.get("kind") == "phone call":
            continue
        people = participants.get(key, [])
        trip = next((visits[p][0] for p in people if visits.get(p)), None)
        if trip is not None:
            told = [sentence_of.get(e, -1) for f in ctx.facts if f.type == "ATTENDED" and f.end == key
                    for e in f.evidence]
            evidence = [*trip.evidence, *[f.evidence[0] for f in ctx.facts
                                          if f.type == "ATTENDED" and f.end == key][:1]]
            label, where = trip.end_label, trip.end
            trip_at = min(sentence_of.get(e, 10 ** 6) for e in trip.evidence)
            planned = trip_at < len(ctx.sentences) and future_or_planned(ctx.sentences[trip_at], 10 ** 9)
            later = planned and trip_at > min(told, default=-1)  # a stop the trip is yet to make
            country = _country_of_place(ctx, label, where) if later and label != "Country" else None
            if country is not None:  # "… talks … He was due to visit the Gyumri headquarters": a later stop of a
                label, where = "Country", country  # trip to Armenia, not where the talks were
            if label == "Base" and len(people) > 1:  # talks during a trip that took in a base: in its town
                city = next((f.end for f in ctx.facts if f.type == "LOCATED_IN" and f.start == where
                             and f.end_label == "Place"), None)
                label, where = ("Place", city) if city else (label, where)
            _place(ctx, key, label, where, evidence, 0.55, "visit-frame")
        elif dateline is not None and people and meeting.props.get("kind") != "signing" and _recent(
                ctx, meeting.props.get("date")):  # not a treaty signed years before, told in passing
            evidence = [dateline[1].text, *[f.evidence[0] for f in ctx.facts
                                            if f.type == "ATTENDED" and f.end == key][:1]]
            _place(ctx, key, "Place", dateline[0], evidence, 0.45, "dateline")


def _recent(ctx: ExtractionContext, date: object) -> bool:
    """An undated meeting, or one dated within a week of the article's own date."""
    if not isinstance(date, str) or not date:
        return True
    if not ctx.article_date:
        return False
    try:
        return abs((day.fromisoformat(date[:10]) - day.fromisoformat(ctx.article_date[:10])).days) <= 7
    except ValueError:
        return date[:7] == ctx.article_date[:7]


def _place(ctx: ExtractionContext, meeting: str, label: str, place: str, evidence: list[str], confidence: float,
           rule: str) -> None:
    ctx.add("HELD_IN", ("Meeting", meeting), (label, place), evidence, confidence, rule)
    ctx.extra[("Meeting", meeting)].props["place"] = place


def _drop_country_visits(ctx: ExtractionContext) -> None:
    specific = {(f.start, _country_of_place(ctx, f.end_label, f.end)) for f in ctx.facts
                if f.type == "VISITED" and f.end_label != "Country"}
    ctx.facts = [f for f in ctx.facts if not (f.type == "VISITED" and f.end_label == "Country"
                                              and (f.start, f.end) in specific)]
