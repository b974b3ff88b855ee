"""Arms transfers: SUPPLIED_TO (recipient, quantity, supplier) and SUPPLIED_BY.

In a sentence with a supply verb (sell, supply, deliver, buy, receive …) and a weapon: the recipient is the
country after "to"/"for" or the subject of a buying verb; the supplier is the subject of a selling verb, the
country after "from"/"by", or the country adjective on the weapons ("Russian Iskander missiles").  A following
sentence that lists weapons as "these weapons" inherits the transfer.  Quantities are the number right before
the weapon ("18 Smerch launchers"; "as many TOS-1A systems" repeats it).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.context import ExtractionContext, Sentence, phrase_head
from kg.extract.entities import Mention

BUYING = frozenset({"expect", "expects", "expected", "await", "awaits", "awaited",
                    "buy", "bought", "buys", "purchase", "purchased", "acquire", "acquired", "receive", "received",
                    "obtain", "obtained", "get", "got"})
ARMED_FORCES = frozenset({"forces", "army", "troops", "military", "armed", "units"})
CONTRACT_NOUNS = frozenset({"contract", "contracts", "deal", "deals", "agreement"})
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "twelve": 12, "dozen": 12, "a dozen": 12}


@dataclass
class Transfer:
    recipient: str | None
    supplier: tuple[str, str] | None
    sentence: str
    #: every supplier the sentence names, with its token position: in "a contract with France for Caesar
    #: howitzers, and it bought rocket launchers from India" each weapon takes the nearest one
    suppliers: tuple[tuple[int, tuple[str, str]], ...] = ()

    def supplier_of(self, weapon: Mention) -> tuple[str, str] | None:
        if len(self.suppliers) < 2:
            return self.supplier
        return min(self.suppliers, key=lambda item: abs(item[0] - weapon.start))[1]


def _supply_verb(ctx: ExtractionContext, sentence: Sentence) -> Token | None:
    """The word that says weapons change hands: not a modifier ("a state export loan"), and preferably the one
    whose phrase holds a weapon."""
    candidates = [tok for tok in sentence.tokens
                  if (tok.lower_ in ctx.lex.supply_verbs or tok.lemma_.lower() in ctx.lex.supply_verbs)
                  and tok.dep_ not in ("compound", "amod")
                  and not (tok.lemma_.lower() == "provide" and any(c.lower_ == "for" for c in tok.children))
                  and not (tok.lemma_.lower() == "spend" and not _spends_money(tok))]
    # ("the memorandum provides for the overhaul of …" stipulates, it supplies nothing)
    doc = ctx.entities.doc
    weapons = [doc[m.end - 1] for m in sentence.of("Weapon")]
    governing = [tok for tok in candidates if any(tok in w.ancestors for w in weapons)]
    return (governing or candidates or [None])[0]


def _spends_money(verb: Token) -> bool:
    """"spent $200 million on tanks", "spends more on arms" — not "spent two hours among the stands"."""
    return any(c.dep_ == "prep" and c.lower_ == "on" for c in verb.children) or any(
        t.ent_type_ == "MONEY" or t.lower_ in ("money", "funds", "billion", "million") for t in verb.subtree
        if t.i > verb.i)


BUYING_LEMMAS = frozenset({"buy", "purchase", "acquire", "receive", "obtain", "get", "order", "spend", "pay", "import",
                           "acquisition", "take", "expect", "await"})
SELLING_LEMMAS = frozenset({"sell", "supply", "deliver", "provide", "transfer", "export", "ship", "offer", "send",
                            "give", "hand", "sale", "delivery", "supplies", "shipment", "consignment"})
#: nouns after "from <adjective>" that stand for the adjective's country ("from Russian manufacturers")
MAKER_NOUNS = frozenset({"manufacturers", "manufacturer", "producers", "producer", "companies", "company", "firms",
                         "industry", "suppliers", "supplier", "enterprises", "plants", "factories", "partners"})
#: words that make a supply word hypothetical: "has shown interest in buying", "is considering purchasing"
INTEREST_CUES = frozenset({"interest", "interested", "consider", "considering", "mull", "mulling", "explore",
                           "weigh", "might", "may", "could", "possibility", "option", "rumours", "rumors", "whether",
                           "denied", "deny", "denies", "reports", "claimed"})


def _country_in(ctx: ExtractionContext, tok: Token, organizations: bool = False) -> tuple[str, str] | None:
    """The country (or, with ``organizations``, the company) a phrase stands for: a country or capital, "the Armenian
    army", "Russian manufacturers", an official's country, "whose" in a relative clause (its antecedent)."""
    if tok.lower_ in ("we", "us", "our") and (country := ctx.speaker_country(tok)):
        return ("Country", country)  # "— We expect Strela-10M3 complexes in the autumn" (an Armenian minister)
    if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
        return _country_in(ctx, tok.head.head, organizations)  # "Azerbaijani officials, who have spent …"
    if tok.lower_ == "whose" or any(c.lower_ == "whose" for c in tok.children):
        node = tok.head
        while node.dep_ != "relcl" and node.head.i != node.i:
            node = node.head
        if node.dep_ == "relcl":
            return _country_in(ctx, node.head, organizations)
    for m in ctx.entities.mentions:
        if not (tok.left_edge.i <= m.start <= tok.right_edge.i):
            continue
        if organizations and m.label == "Organization" and not _media(ctx, m):
            entry = ctx.lex.entry("Organization", m.key)
            if entry is not None and entry.kind == "company":
                return ("Organization", m.key)
        country = ctx.country_of_mention(m)
        if country is not None and m.label in ("Country", "Place"):
            return ("Country", country)
        if m.label == "Person":
            info = ctx.entities.people.get(m.key)
            if info is not None and info.country:
                return ("Country", info.country)
    for t in tok.subtree:
        if t.text in ctx.lex.adjective_to_country and (t.head.lower_ in ARMED_FORCES or t.head.lower_ in MAKER_NOUNS
                                                       or t.head.i == tok.i):
            return ("Country", ctx.lex.adjective_to_country[t.text])
    return None


def _frame(ctx: ExtractionContext, verb: Token) -> tuple[str | None, tuple[str, str] | None]:
    """(recipient, supplier) from the supply word's own arguments: the subject of a buying verb and its "from"
    source; the subject of a selling verb (or its "by" agent in the passive) and its "to" or indirect object; a
    supply noun's "to" and "by/from" phrases and its country adjective ("Russian deliveries to Armenia")."""
    lemma = verb.lemma_.lower()
    buying = lemma in BUYING_LEMMAS or verb.lower_ in BUYING
    recipient: str | None = None
    supplier: tuple[str, str] | None = None
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    children = list(verb.children)
    upper = verb
    while upper.dep_ in ("xcomp", "ccomp", "acomp") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in children):
        upper = upper.head  # "The Russian side promised to deliver", "that Yerevan is due to receive"
        children += [c for c in upper.children if c.dep_ == "nsubj"]
    for child in children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            found = _country_in(ctx, child, organizations=not buying)
            if found is None:
                continue
            if buying:
                recipient = recipient or (found[1] if found[0] == "Country" else None)
            elif not passive:  # a passive selling verb's subject is what is sold
                supplier = supplier or found
        elif child.dep_ == "agent":
            for obj in child.children:
                found = _country_in(ctx, obj, organizations=True)
                supplier = supplier or found
        elif child.dep_ in ("dative",) or (child.dep_ == "dobj" and not buying and _country_in(ctx, child)
                                          and child.ent_type_ in ("KG_COUNTRY", "KG_PLACE")):
            found = _country_in(ctx, child)
            if found and found[0] == "Country":
                recipient = recipient or found[1]
        elif child.dep_ == "prep" and child.lower_ in ("to", "for") and not buying:
            for obj in child.children:
                found = _country_in(ctx, obj)
                if found and found[0] == "Country":
                    recipient = recipient or found[1]
        elif child.dep_ == "prep" and child.lower_ == "from":
            for obj in child.children:
                supplier = supplier or _country_in(ctx, obj, organizations=True)
        elif child.dep_ in ("amod", "poss", "compound") and verb.pos_ == "NOUN":
            found = _country_in(ctx, child, organizations=True)
            supplier = supplier or found  # "Russian deliveries", "Rosoboronexport's shipments"
    doc = verb.doc
    if supplier is None and buying:  # "acquire … a batch of Dragunov sniper rifles from Russian manufacturers"
        objects = [c for c in children if c.dep_ == "dobj"]
        objects += [conj for o in objects for conj in o.conjuncts]
        for obj in objects:
            for prep in obj.subtree:
                if prep.dep_ == "prep" and prep.lower_ == "from" and prep.head.i != verb.i:
                    for pobj in prep.children:
                        supplier = supplier or _country_in(ctx, pobj, organizations=True)
    if not buying and recipient is None and verb.i + 1 < len(doc) and doc[verb.i + 1].ent_type_ == "KG_COUNTRY":
        recipient = doc[verb.i + 1].ent_id_ or doc[verb.i + 1].text  # "agreed to sell Armenia CAESAR howitzers"
    if verb.pos_ == "NOUN" and verb.dep_ == "dobj" and verb.head.lemma_.lower() in ("take", "accept", "await"):
        # "Azerbaijan took delivery of Mi-35M helicopters from Russia": the taker is the buyer
        for child in verb.head.children:
            if child.dep_ == "nsubj" and (found := _country_in(ctx, child)) and found[0] == "Country":
                recipient = recipient or found[1]
            if child.dep_ == "prep" and child.lower_ == "from":
                for obj in child.children:
                    supplier = supplier or _country_in(ctx, obj, organizations=True)
    return recipient, supplier


def _hypothetical(verb: Token) -> bool:
    """"Yerevan has shown interest in buying Krasukha systems", "is considering purchasing": no transfer yet."""
    near = [verb, *list(verb.ancestors)[:3]]
    return any(t.lower_ in INTEREST_CUES or t.lemma_.lower() in INTEREST_CUES for t in near) or any(
        c.lower_ in ("may", "might", "could") for c in verb.children) or any(
        c.dep_ == "mark" and c.lower_ in ("whether", "if") for t in near[:3] for c in t.children)
    # ("asked whether the government was negotiating to buy combat drones from Iran")


def _own_forces(ctx: ExtractionContext, verb: Token, supplier: tuple[str, str] | None) -> bool:
    """"The Russian military garrison in Gyumri has received T-72B3 tanks", "the Russian aviation group at Erebuni
    will receive helicopters": a country equipping its own forces abroad supplies no one."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    words = list(subject.subtree)
    if any(m.label == "Base" and subject.left_edge.i <= m.start <= subject.right_edge.i for m in ctx.entities.mentions):
        return True
    adjectives = {ctx.lex.adjective_to_country[t.text] for t in words if t.text in ctx.lex.adjective_to_country}
    forces = any(t.lower_ in ARMED_FORCES | {"group", "garrison", "contingent", "component", "base"} for t in words)
    return forces and bool(adjectives) and (supplier is None or supplier[1] in adjectives) or (
        subject.lower_ in ("its",) or any(t.lower_ == "its" for t in words) and forces)


def _roles(ctx: ExtractionContext, sentence: Sentence, verb: Token) -> Transfer:
    recipient, supplier = _frame(ctx, verb)
    framed = recipient is not None or supplier is not None
    buying = verb.lower_ in BUYING or verb.lemma_ in BUYING
    named_suppliers: list[tuple[int, tuple[str, str]]] = []
    for m in sentence.mentions:
        country = ctx.country_of_mention(m)
        if country is None:
            continue
        tok = ctx.entities.doc[m.end - 1]
        prev = ctx.entities.doc[m.start - 1].lower_ if m.start > 0 else ""
        prev2 = ctx.entities.doc[m.start - 2].lower_ if m.start > 1 else ""
        if framed and (recipient is not None and supplier is not None):
            break  # the supply word's own arguments said it all
        if prev in ("to", "for") or (prev in ("the",) and prev2 in ("to", "for", "supplying", "supply")):
            recipient = recipient or country
        elif not buying and tok.dep_ in ("dobj", "dative") and tok.head == verb:  # "supply Armenia with …",
            # "sold Azerbaijan T-90S tanks"
            recipient = recipient or country
        elif (prev in ("from", "by") or (prev == "with" and prev2 in CONTRACT_NOUNS)) and not _media(ctx, m):
            named = ("Country", country) if m.label != "Organization" else (m.label, m.key)
            named_suppliers.append((m.start, named))
            supplier = supplier or named
        elif tok.dep_ in ("nsubj", "nsubjpass", "poss") or m.start < verb.i:
            if buying and m.start < verb.i and prev not in ("with", "from") and not framed:
                recipient = country  # the buyer is the nearest country named before the buying verb
            elif tok.dep_ in ("nsubj", "poss") and m.label in ("Country", "Place"):
                supplier = supplier or ("Country", country)
            elif m.label == "Organization" and (e := ctx.lex.entry("Organization", m.key)) and e.kind == "company":
                supplier = supplier or ("Organization", m.key)
    if supplier is not None and supplier == ("Country", recipient):
        supplier = None  # the buyer named before a buying verb is no seller
    if recipient is None:  # "the shipment of 2,000 Konkurs missiles to Armenian forces", "to the Armenian army"
        toks = [t for t in sentence.tokens if t.lower_ != "the"]
        for a, b, c in zip(toks, toks[1:], toks[2:]):
            if a.lower_ == "to" and b.text in ctx.lex.adjective_to_country and c.lower_ in ARMED_FORCES:
                recipient = ctx.lex.adjective_to_country[b.text]
                break
    if recipient is None:  # "delivered to his troops" (Ohanian's): the possessor's country
        recipient = _possessor_country(ctx, sentence, verb)
    if recipient is None:  # "a consignment of BTR-82A carriers purchased from Russia has arrived in Armenia"
        recipient = _arrival_country(ctx, sentence)
    if buying and any(c.dep_ == "nsubj" and c.lower_ in ("it", "they") for c in verb.children):
        subjects = [ctx.country_of_mention(m) for m in sentence.mentions
                    if ctx.entities.doc[m.end - 1].dep_ == "nsubj" and ctx.country_of_mention(m)]
        recipient = subjects[0] if subjects else recipient  # "Armenia signed …, and it has bought …"
    if supplier is None:
        for tok in sentence.tokens:
            if tok.text in ctx.lex.adjective_to_country and tok.ent_type_ in ("", "NORP"):
                country = ctx.lex.adjective_to_country[tok.text]
                if country != recipient and tok.head.lower_ in (
                        "weapons", "arms", "credit", "loan", "hardware", "equipment", "missiles", "systems") or (
                        country != recipient and tok.head.ent_type_ in ("KG_WEAPON", "KG_CATEGORY")):
                    supplier = ("Country", country)
                    break
    if supplier is None and recipient is not None:
        others = [c for c, _ in ctx.countries_in(sentence) if c != recipient]
        if others:
            supplier = ("Country", others[0])
    return Transfer(recipient, supplier, sentence.text, tuple(named_suppliers))


MEDIA_KINDS = frozenset({"news agency", "news outlet", "newspaper", "broadcaster"})


def _media(ctx: ExtractionContext, m: Mention) -> bool:
    """"…, ARKA reported", "according to TASS": an outlet reports transfers, it makes none."""
    entry = ctx.lex.entry("Organization", m.key) if m.label == "Organization" else None
    return entry is not None and entry.kind in MEDIA_KINDS


def _arrival_country(ctx: ExtractionContext, sentence: Sentence) -> str | None:
    """Where weapons arrived: "… has arrived in Armenia", "… reached Azerbaijan last month"."""
    for tok in sentence.tokens:
        if tok.lemma_.lower() not in ("arrive", "reach", "land") or tok.pos_ != "VERB":
            continue
        targets = [c for c in tok.children if c.dep_ == "dobj"] + [
            o for p in tok.children if p.dep_ == "prep" and p.lower_ in ("in", "at", "to") for o in p.children]
        for target in targets:
            found = _country_in(ctx, target)
            if found and found[0] == "Country":
                return found[1]
    return None


def _possessor_country(ctx: ExtractionContext, sentence: Sentence, verb: Token) -> str | None:
    """"weapons delivered to his troops": the country of the person "his" refers to (the sentence's subject)."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "to":
            for obj in prep.children:
                if obj.lower_ in ARMED_FORCES and any(c.lower_ in ("his", "her") for c in obj.children):
                    people = [m for m in sentence.people() if m.start < obj.i]
                    info = ctx.entities.people.get(people[0].key) if people else None
                    return info.country if info is not None else None
    return None


#: verbs whose subject has the weapons it governs: fielding a system made abroad means it was supplied
HAVING_VERBS = frozenset({"have", "possess", "fire", "use", "deploy", "operate", "field", "showcase", "parade",
                          "display", "test", "launch", "keep", "station", "acquire", "receive", "get", "obtain",
                          "commission", "adopt", "induct", "take"})


def _in_service(ctx: ExtractionContext, sentence: Sentence) -> None:
    """"the Armenian army did not fire any Iskander missiles", "Armenia's Iskanders", "its Russian-made missiles":
    a country that has, fires or fields a system made in another country was supplied it by that country."""
    doc = ctx.entities.doc
    if any(t.lower_ in ctx.lex.repair_words or t.lower_ in REPAIR_HEADS for t in sentence.tokens):
        return  # "the repair of Armenia's Su-25 aircraft": what is repaired is not told as supplied
    for weapon in sentence.of("Weapon"):
        head = doc[weapon.end - 1]
        origin = ctx.lex.weapon_origin(weapon.key)
        made = next((ctx.lex.adjective_to_country[t.text.split("-")[0]] for t in head.subtree
                     if t.i < head.i and t.text.endswith(("-made", "-built", "-produced"))
                     and t.text.split("-")[0] in ctx.lex.adjective_to_country), None)
        origin = made or origin
        owner = _owner(ctx, sentence, head)
        if origin and owner and owner != origin:
            ctx.add("SUPPLIED_TO", ("Weapon", weapon.key), ("Country", owner), sentence.text, 0.6, "in-service",
                    supplier=origin)
            ctx.add("SUPPLIED_BY", ("Weapon", weapon.key), ("Country", origin), sentence.text, 0.6, "in-service")


def _owner(ctx: ExtractionContext, sentence: Sentence, head: Token) -> str | None:
    """The country whose forces have the weapon: a possessor ("Armenia's", "the Armenian army's"), or the subject of
    a having or firing verb ("the Armenian army did not fire any Iskander missiles")."""
    def country_of(tok: Token) -> str | None:
        for t in tok.subtree:
            if t.ent_type_ == "KG_COUNTRY":
                return t.ent_id_ or t.text
            if t.ent_type_ == "KG_PLACE" and t.i == tok.i and (t.ent_id_ or t.text) in ctx.lex.capital_to_country:
                return ctx.lex.capital_to_country[t.ent_id_ or t.text]  # "Yerevan has taken into service …"
            if t.text in ctx.lex.adjective_to_country and t.head.lower_ in ARMED_FORCES:
                return ctx.lex.adjective_to_country[t.text]
        return None

    node = head
    while node.head.i != node.i and (node.dep_ in ("compound", "amod", "conj") or node.dep_ in (
            "nmod", "npadvmod") and node.head.pos_ in ("NOUN", "PROPN", "ADJ")):
        node = node.head  # "the BTR-82A armored personnel carriers" (the code parsed as a modifier)
    for child in node.children:
        if child.dep_ == "poss" and child.lower_ not in ("its", "their"):
            found = country_of(child)
            if found:
                return found
    verb = node.head if node.dep_ in ("dobj", "nsubjpass") else None
    if node.dep_ == "pobj" and node.head.lower_ in ("into", "in") and node.head.head.lemma_.lower() in (
            "take", "put", "bring", "accept"):
        verb = node.head.head  # "Yerevan has taken into service Russian Iskander-E ballistic missiles" (misparsed)
    if verb is not None and any(v.lemma_.lower() in HAVING_VERBS or _into_service(v) for v in [verb, *verb.conjuncts]):
        # also "had been put into service and were being operated by the Azerbaijani Army"
        for child in [*verb.children, *(c for conj in verb.conjuncts for c in conj.children)]:
            if child.dep_ in ("nsubj",):
                return country_of(child)
            if child.dep_ == "agent":  # "… were being operated by the Azerbaijani Army"
                for obj in child.children:
                    found = country_of(obj)
                    if found:
                        return found
    return None


def _into_service(verb: Token) -> bool:
    """"put into service", "taken into service", "brought into service": fielded."""
    return any(c.dep_ == "prep" and c.lower_ in ("into", "in") and any(
        g.lower_ in ("service", "operation") for g in c.children) for c in verb.children)


def _quantity(ctx: ExtractionContext, weapon: Mention, previous: int | None) -> int | None:
    doc = ctx.entities.doc
    if weapon.start == 0:
        return None
    before = doc[weapon.start - 1]
    if before.like_num:
        try:
            return int(before.text.replace(",", ""))
        except ValueError:
            return NUMBER_WORDS.get(before.lower_)
    if before.lower_ == "many" and weapon.start > 1 and doc[weapon.start - 2].lower_ == "as":
        return previous
    return None


def _governs(verb: Token, weapon: Token) -> bool:
    """The supply word is an ancestor of the weapon, or both hang from one word ("deliveries of … and tanks")."""
    clause = verb
    while clause.dep_ in ("xcomp", "acomp") and clause.head.i != clause.i:
        clause = clause.head  # "the launchers that Yerevan is due to receive"
    if clause.dep_ in ("acl", "relcl") and (clause.head == weapon or clause.head in weapon.conjuncts
                                            or weapon in clause.head.conjuncts):
        return True  # "systems bought under the deal", "the launchers that Yerevan is due to receive"
    return verb in weapon.ancestors or verb.head in weapon.ancestors or any(
        verb in c.ancestors for c in weapon.head.children if c != weapon)


REPAIR_HEADS = frozenset({"upgrading", "upgrade", "modernizing", "modernising", "repairing", "servicing"})


def _repaired_not_supplied(ctx: ExtractionContext, weapon: Mention, verb: Token) -> bool:
    """"carry out the repair of Armenia's S-300PS systems, while spare parts would be purchased": the weapons are
    repaired, not bought."""
    ancestors = list(ctx.entities.doc[weapon.end - 1].ancestors)
    return verb not in ancestors and any(a.lower_ in ctx.lex.repair_words or a.lower_ in REPAIR_HEADS
                                         for a in ancestors)


def _complete_suppliers(ctx: ExtractionContext) -> None:
    """Suppliers the article implies: a company's state ("Rosoboronexport is preparing to deliver" → Russia too), a
    state's arms exporter named in the article (Russia's sales → Rosoboronexport), and, where no seller is said,
    the country that makes the system ("Armenia has paid for its Su-30SM fighters" → Russia)."""
    supplied_by: dict[str, set[tuple[str, str]]] = {}
    for fact in ctx.facts:
        if fact.type == "SUPPLIED_BY":
            supplied_by.setdefault(fact.start, set()).add((fact.end_label, fact.end))
    exporters = {}
    words = ctx.lex.supply_verbs | {"supplier", "suppliers", "seller", "exporter", "contractor"} | set(
        ctx.lex.concluding_verbs)  # "a contract that Rosoboronexport concluded with the Armenian Defense Ministry"
    for m in ctx.entities.mentions:
        entry = ctx.lex.entry("Organization", m.key) if m.label == "Organization" else None
        if entry is None or not entry.exporter or not entry.country:
            continue
        head = phrase_head(ctx.entities.doc[m.end - 1])
        # the exporter is said to sell: "Rosoboronexport will be the sole supplier under the deal", "… the head of
        # Rosoboronexport has said the state exporter will complete the deliveries" (not "talks with officials from
        # Rosoboronexport")
        clause = head.head if head.dep_ in ("nsubj", "nsubjpass", "poss") else None
        node = head
        for _ in range(4):  # "Anatoly Isaikin, the head of Rosoboronexport, has said the state exporter will …"
            if node.dep_ not in ("pobj", "prep", "appos") or node.head.i == node.i:
                break
            node = node.head
            if node.dep_ in ("nsubj", "nsubjpass"):
                clause = node.head
                break
        if clause is not None and any(t.lower_ in words or t.lemma_.lower() in words for t in clause.subtree):
            exporters.setdefault(entry.country, (m.key, ctx.sentences[m.sent].text, []))[2].append(m.sent)
    for fact in [f for f in ctx.facts if f.type in ("SUPPLIED_TO", "SUPPLIED_BY")]:
        weapon = fact.start
        if fact.type == "SUPPLIED_TO" and not supplied_by.get(weapon):
            origin = ctx.lex.weapon_origin(weapon)
            if origin and origin != fact.end:
                ctx.add("SUPPLIED_BY", ("Weapon", weapon), ("Country", origin), fact.evidence, 0.5, "maker")
                supplied_by.setdefault(weapon, set()).add(("Country", origin))
        if fact.type == "SUPPLIED_BY" and fact.end_label == "Organization":
            entry = ctx.lex.entry("Organization", fact.end)
            country = entry.country if entry is not None else None
            if country and ("Country", country) not in supplied_by.get(weapon, set()):
                ctx.add("SUPPLIED_BY", ("Weapon", weapon), ("Country", country), fact.evidence, 0.6,
                        "company-country")
                supplied_by.setdefault(weapon, set()).add(("Country", country))
    sentence_of = {sentence.text: sentence.index for sentence in ctx.sentences}

    def told_near(weapon: str, at: list[int]) -> bool:
        """Its supply is told in the exporter's sentence or in the three before it (the deal "under" which the
        exporter is the supplier), not in a later one about another buyer."""
        return any(a - 3 <= sentence_of.get(e, -10) <= a for a in at for f in ctx.facts if f.start == weapon
                   and f.type in ("SUPPLIED_TO", "SUPPLIED_BY") for e in f.evidence)

    for weapon, suppliers in sorted(supplied_by.items()):
        for label, country in sorted(suppliers):
            if label == "Country" and country in exporters and ("Organization", exporters[country][0]) not in \
                    suppliers and told_near(weapon, exporters[country][2]):
                evidence = [exporters[country][1], *next(f.evidence for f in ctx.facts if f.type == "SUPPLIED_BY"
                                                         and f.start == weapon and f.end == country)]
                ctx.add("SUPPLIED_BY", ("Weapon", weapon), ("Organization", exporters[country][0]), evidence, 0.5,
                        "state-exporter")


PACKAGE_NOUNS = frozenset({"package", "list", "deal", "contract", "consignment", "shipment", "batch", "order",
                           "purchase", "purchases", "delivery", "deliveries", "credit", "loan", "agreement", "tranche",
                           "supplies", "arms", "weapons", "shopping"})
LIST_VERBS = frozenset({"include", "comprise", "contain", "feature", "cover", "consist", "encompass", "involve"})


def _continues(sentence: Sentence) -> bool:
    """A sentence that goes on listing what the last transfer holds: "The package also includes …", "Also on the list
    are …", "The deal covers …"."""
    if sentence.has_phrase("on the list") or sentence.has_phrase("the list also"):
        return True
    for tok in sentence.tokens:
        if tok.lemma_.lower() in LIST_VERBS and tok.pos_ == "VERB":
            subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ in PACKAGE_NOUNS:
                return True
    return False


def extract_supplies(ctx: ExtractionContext) -> None:
    last: Transfer | None = None
    last_at = -10
    for sentence in ctx.sentences:
        _in_service(ctx, sentence)
        weapons = sentence.of("Weapon")
        verb = _supply_verb(ctx, sentence)
        transfer: Transfer | None = None
        evidence = [sentence.text]
        if verb is not None and _hypothetical(verb):
            verb = None  # "has also shown interest in buying Krasukha systems": nothing changes hands
        if verb is not None:
            transfer = _roles(ctx, sentence, verb)
            if _own_forces(ctx, verb, transfer.supplier):
                transfer, verb = None, None
            elif not (transfer.recipient or transfer.supplier) and last is not None and \
                    sentence.index - last_at <= 2:
                transfer = last  # "Portable air defence systems bought under the same deal reached the troops"
                evidence = [last.sentence, sentence.text]
        elif weapons and last is not None and (any(sentence.has_phrase(p) for p in (
                "these weapons", "of these", "those weapons", "such weapons", "these systems")) or _continues(
                sentence)):
            transfer = last  # "The package also includes sniper rifles and grenade launchers."
            evidence = [last.sentence, sentence.text]
        if verb is not None and transfer and (transfer.recipient or transfer.supplier):
            last, last_at = transfer, sentence.index
        elif last is not None and sentence.index - last_at > 2:
            last = None
        if transfer is None or not weapons:
            continue
        quantity: int | None = None
        for weapon in weapons:
            if verb is not None and _repaired_not_supplied(ctx, weapon, verb):
                continue
            if verb is not None and weapon.via == "category" and not _governs(verb, ctx.entities.doc[weapon.end - 1]):
                continue  # "tanks units … in a statement obtained by Interfax": no transfer of tanks
            quantity = _quantity(ctx, weapon, quantity)
            supplier = transfer.supplier_of(weapon)
            if transfer.recipient:
                ctx.add("SUPPLIED_TO", ("Weapon", weapon.key), ("Country", transfer.recipient), evidence, 0.75,
                        "supply-verb", quantity=quantity, supplier=supplier[1] if supplier else None)
            if supplier:
                ctx.add("SUPPLIED_BY", ("Weapon", weapon.key), supplier, evidence, 0.75, "supply-verb")
    _complete_suppliers(ctx)
    _parties_of_covering_deals(ctx)
    _supplies_under_deals(ctx)


#: kinds of agreement that sell or give what they cover (a memorandum on repairs transfers nothing)
TRANSFER_DEALS = frozenset({"contract", "deal", "loan", "credit", "purchase"})


def _supplies_under_deals(ctx: ExtractionContext) -> None:
    """A contract between two states covering a system made by one of them supplies it to the other ("the package of
    contracts signed with Russia in 2021 covered Tornado-G multiple rocket launchers" in a story about Armenia)."""
    supplied = {f.start for f in ctx.facts if f.type == "SUPPLIED_TO"}
    for cover in [f for f in ctx.facts if f.type == "COVERS" and f.end_label == "Weapon" and f.end not in supplied]:
        deal = ctx.extra.get(("Agreement", cover.start))
        if deal is None or deal.props.get("kind") not in TRANSFER_DEALS:
            continue
        words = {w.strip(".,;:()\"“”") for e in cover.evidence for w in e.lower().split()}
        if words & (set(ctx.lex.repair_words) | REPAIR_HEADS | {"overhaul", "repair", "maintenance"}):
            continue  # "a line for the overhaul and modernization of Mi-24 attack helicopters": repaired
        parties = sorted({f.start for f in ctx.facts if f.type == "PARTY_TO" and f.end == cover.start
                          and f.start_label == "Country"})
        if len(parties) != 2:
            continue
        origin = ctx.lex.weapon_origin(cover.end)
        exporters = {e.country for e in ctx.lex.entries.values() if e.exporter and e.country}
        sellers = [p for p in parties if p in exporters]
        seller = origin if origin in parties else (sellers[0] if len(sellers) == 1 else None)
        if seller is None or (origin is not None and origin not in parties):
            continue
        buyer = next(p for p in parties if p != seller)
        ctx.add("SUPPLIED_TO", ("Weapon", cover.end), ("Country", buyer), cover.evidence, 0.5, "deal-covers",
                supplier=seller)
        ctx.add("SUPPLIED_BY", ("Weapon", cover.end), ("Country", seller), cover.evidence, 0.5, "deal-covers")
        supplied.add(cover.end)


def _parties_of_covering_deals(ctx: ExtractionContext) -> None:
    """A deal a supply is told as made under binds the two states of that supply ("the launchers that Yerevan is
    due to receive from Moscow under a state loan": Russia and Armenia are parties to the loan)."""
    parties = {(f.start, f.end) for f in ctx.facts if f.type == "PARTY_TO"}
    for cover in [f for f in ctx.facts if f.type == "COVERS" and f.end_label == "Weapon"]:
        told = set(cover.evidence)
        for supply in [f for f in ctx.facts if f.type in ("SUPPLIED_TO", "SUPPLIED_BY") and f.start == cover.end
                       and f.end_label == "Country" and told & set(f.evidence)]:
            if (supply.end, cover.start) not in parties:
                parties.add((supply.end, cover.start))
                ctx.add("PARTY_TO", ("Country", supply.end), ("Agreement", cover.start),
                        [e for e in supply.evidence if e in told], 0.55, "supply-under-deal")
