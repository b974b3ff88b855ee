"""The domain lexicon (``kg/data/lexicon.yaml``) and extraction rules (``kg/data/rules.yaml``) as typed data."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.data import read_text, read_yaml


@dataclass(frozen=True)
class Entry:
    """A known named thing: its label, canonical name, and the facts the lexicon states about it."""

    label: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    country: str | None = None
    category: str | None = None
    #: where a base is: its city and country ("Gyumri", "Armenia")
    located: tuple[str, ...] = ()
    #: the member states of an alliance or union, and the body an organization belongs to
    members: tuple[str, ...] = ()
    part_of: str | None = None
    #: a state arms exporter: the seller behind its country's arms sales the article tells of
    exporter: bool = False
    #: the city an institution sits in ("talks in the Kremlin" took place in Moscow)
    seat: str | None = None


@dataclass(frozen=True)
class Description:
    """Phrases that name an organization by what it is ("the state arms exporter", "the peacekeeping contingent")."""

    phrases: tuple[str, ...]
    entries: tuple[str, ...] = ()
    formation: str | None = None
    #: the state that leads the bloc the phrase describes ("the Moscow-led military bloc")
    led_by: str | None = None
    #: the states a formation of this genre belongs to when the article names none ("the peacekeepers")
    default: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownAgreement:
    """An agreement the lexicon knows, with its parties: named by an alias, or by an agreement noun whose own
    phrase holds one of its ``hints`` in an article that names one of its ``context`` places."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    date: str | None
    parties: tuple[str, ...]
    hints: tuple[str, ...]
    context: tuple[str, ...]


@dataclass(frozen=True)
class Trigger:
    kind: str
    cameo: str


@dataclass
class Lexicon:
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    adjective_to_country: dict[str, str] = field(default_factory=dict)
    capital_to_country: dict[str, str] = field(default_factory=dict)
    country_adjective: dict[str, str] = field(default_factory=dict)
    ministries: dict[str, tuple[str, ...]] = field(default_factory=dict)
    weapon_categories: dict[str, str] = field(default_factory=dict)
    weapon_qualifiers: frozenset[str] = frozenset()
    titles: dict[str, str] = field(default_factory=dict)
    title_synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ranks: tuple[str, ...] = ()
    meeting_triggers: dict[str, Trigger] = field(default_factory=dict)
    agreement_nouns: dict[str, str] = field(default_factory=dict)
    signed_verbs: frozenset[str] = frozenset()
    agreement_verbs: frozenset[str] = frozenset()
    concluding_verbs: frozenset[str] = frozenset()
    #: agreements the lexicon knows (``agreements`` in lexicon.yaml)
    known_agreements: tuple[KnownAgreement, ...] = ()
    planned_cues: tuple[str, ...] = ()
    in_force_cues: tuple[str, ...] = ()
    supply_verbs: frozenset[str] = frozenset()
    repair_words: frozenset[str] = frozenset()
    membership_cues: tuple[str, ...] = ()
    org_heads: frozenset[str] = frozenset()
    company_words: frozenset[str] = frozenset()
    #: words after a capitalised name that make it a political group ("the Hayastan faction")
    group_words: frozenset[str] = frozenset()
    base_heads: tuple[str, ...] = ()
    facility_heads: dict[str, str] = field(default_factory=dict)
    facility_modifiers: frozenset[str] = frozenset()
    descriptions: tuple[Description, ...] = ()
    #: first names (``kg/data/given_names.txt``): a capitalised run starting with one is a person's name
    given_names: frozenset[str] = frozenset()
    #: well-known officials' states by name key (``kg/data/people.yaml``), and their full names by surname key
    known_people: dict[str, str] = field(default_factory=dict)
    known_surnames: dict[str, str] = field(default_factory=dict)

    def known_full_name(self, surname: str) -> str | None:
        """The one well-known official with this surname ("Pashinyan" → "Nikol Pashinyan"), if only one."""
        from kg.names import name_key

        return self.known_surnames.get(name_key(surname))

    def country_of_person(self, name: str) -> str | None:
        """The state a well-known official serves, whatever the spelling ("Shoigu" = "Shoygu")."""
        from kg.names import name_key

        key = name_key(name)
        if key in self.known_people:
            return self.known_people[key]
        parts = key.split()
        surname = [c for k, c in self.known_people.items() if parts and k.split()[-1] == parts[-1]]
        return surname[0] if len(set(surname)) == 1 and len(parts) == 1 else None
    #: surname endings that tell a nationality on their own ("-yan"/"-ian" are Armenian), used only when the text
    #: says nothing about a person's country
    surname_endings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def country_of_surname(self, name: str) -> str | None:
        surname = name.split()[-1].lower() if name.split() else ""
        return next((country for country, endings in self.surname_endings.items()
                     if len(surname) > 4 and surname.endswith(endings)), None)

    def place_country(self, name: str) -> str | None:
        """The country a place lies in, or the country itself."""
        if ("Country", name) in self.entries:
            return name
        entry = self.entries.get(("Place", name))
        return entry.country if entry else None

    def entry(self, label: str, name: str) -> Entry | None:
        return self.entries.get((label, name))

    def weapon_origin(self, name: str) -> str | None:
        """The country that makes a system: the lexicon's, or that of the family a variant the lexicon does not know
        belongs to ("Tor-M2E" of Tor, "Mi-17V-1" of Mi-17)."""
        entry = self.entries.get(("Weapon", name))
        if entry is not None:
            return entry.country
        best: tuple[int, str | None] = (0, None)
        for (label, family), e in self.entries.items():
            if label != "Weapon":
                continue
            for form in (family, *e.aliases):
                if len(form) > best[0] and len(form) >= 3 and name.startswith(form) and len(name) > len(form) and (
                        name[len(form)] == "-" or any(ch.isdigit() for ch in form)) and " " not in form:
                    best = (len(form), e.country)
        return best[1]

    def office(self, label: str, target: str, country: str) -> str:
        """An office named without its country, given the country: "Defense Ministry" of Russia → "Russian
        Defense Ministry"; a Country office ("President") is the country itself."""
        if label == "Country":
            return country
        return f"{self.country_adjective.get(country, country)} {target}"

    def country_of_ministry(self, name: str) -> str | None:
        """The country a ministry's canonical name starts with ("Armenian Defense Ministry" → Armenia)."""
        return next((c for c, adj in self.country_adjective.items() if name.startswith(adj + " ")), None)

    @property
    def title_words(self) -> frozenset[str]:
        """Lower-case words that belong to titles and ranks (never part of a person's name)."""
        words: set[str] = set()
        for phrase in (*self.titles, *self.ranks):
            words.update(phrase.split())
        return frozenset(words)


def load_lexicon() -> Lexicon:
    """Read both data files into a ``Lexicon``."""
    data = read_yaml("lexicon.yaml")
    rules = read_yaml("rules.yaml")
    lex = Lexicon()
    for name, info in (data.get("countries") or {}).items():
        info = info or {}
        lex.entries[("Country", name)] = Entry("Country", name, tuple(info.get("aliases", [])))
        adjectives = info.get("adjectives", [])
        for adj in (*adjectives, *info.get("demonyms", [])):
            lex.adjective_to_country[adj] = name
        if adjectives:
            lex.country_adjective[name] = adjectives[0]
        if info.get("capital"):
            lex.capital_to_country[info["capital"]] = name
    for name, info in (data.get("places") or {}).items():
        info = info or {}
        lex.entries[("Place", name)] = Entry("Place", name, tuple(info.get("aliases", [])), kind=info.get("kind"),
                                             country=info.get("country"))
    for capital, country in lex.capital_to_country.items():  # every capital is a city, listed or not
        if ("Place", capital) not in lex.entries:
            lex.entries[("Place", capital)] = Entry("Place", capital, kind="city", country=country)
    for name, info in (data.get("organizations") or {}).items():
        info = info or {}
        lex.entries[("Organization", name)] = Entry("Organization", name, tuple(info.get("aliases", [])),
                                                    kind=info.get("kind"), country=info.get("country"),
                                                    members=tuple(info.get("members", [])),
                                                    part_of=info.get("part_of"),
                                                    exporter=bool(info.get("exporter")), seat=info.get("seat"))
    for name, info in (data.get("bases") or {}).items():
        info = info or {}
        lex.entries[("Base", name)] = Entry("Base", name, tuple(info.get("aliases", [])), kind=info.get("kind"),
                                            country=info.get("operator"), located=tuple(info.get("located", [])))
    for name, info in (data.get("weapons") or {}).items():
        info = info or {}
        lex.entries[("Weapon", name)] = Entry("Weapon", name, tuple(info.get("aliases", [])),
                                              category=info.get("category"), country=info.get("origin"))
    lex.descriptions = tuple(Description(tuple(d["phrases"]), tuple(d.get("entries", ())), d.get("formation"),
                                         d.get("led_by"), tuple(d.get("default", ())))
                             for d in data.get("descriptions") or ())
    lex.ministries = {name: tuple((info or {}).get("aliases", [])) for name, info in data["ministries"].items()}
    lex.weapon_categories = dict(data.get("weapon_categories") or {})
    lex.weapon_qualifiers = frozenset(data.get("weapon_qualifiers") or ())
    lex.titles = {}
    for title, rule in rules["titles"].items():  # "minister of defence" as well as "minister of defense"
        lex.titles[title] = rule
        lex.titles.setdefault(title.replace("defense", "defence"), rule)
    lex.title_synonyms = {word: tuple(titles) for word, titles in (rules.get("title_synonyms") or {}).items()}
    lex.ranks = tuple(rules["ranks"])
    lex.meeting_triggers = {k: Trigger(**v) for k, v in rules["meeting_triggers"].items()}
    lex.agreement_nouns = dict(rules["agreement_nouns"])
    lex.signed_verbs = frozenset(rules["signed_verbs"])
    lex.agreement_verbs = frozenset(rules["agreement_verbs"])
    lex.concluding_verbs = frozenset(rules["concluding_verbs"])
    lex.known_agreements = tuple(KnownAgreement(name, tuple(info.get("aliases", [])), info.get("kind", "agreement"),
                                                str(info["date"]) if info.get("date") else None,
                                                tuple(info.get("parties", [])),
                                                tuple(info.get("hints", [])), tuple(info.get("context", [])))
                                 for name, info in (data.get("agreements") or {}).items())
    lex.planned_cues = tuple(rules["planned_cues"])
    lex.in_force_cues = tuple(rules["in_force_cues"])
    lex.supply_verbs = frozenset(rules["supply_verbs"])
    lex.repair_words = frozenset(rules["repair_words"])
    lex.membership_cues = tuple(rules["membership_cues"])
    lex.org_heads = frozenset(rules["org_heads"])
    lex.company_words = frozenset(rules["company_words"])
    lex.group_words = frozenset(rules.get("group_words", []))
    lex.facility_heads = dict(rules["facility_heads"])
    lex.facility_modifiers = frozenset(rules["facility_modifiers"])
    lex.base_heads = tuple(sorted(rules["base_heads"], key=len, reverse=True))
    lex.given_names = frozenset(line.strip() for line in read_text("given_names.txt").splitlines()
                                if line.strip() and not line.startswith("#"))
    from kg.names import name_key

    known = read_yaml("people.yaml") or {}
    lex.known_people = {name_key(person): country for country, people in known.items() for person in people}
    by_surname: dict[str, set[str]] = {}
    for people in known.values():
        for person in people:
            by_surname.setdefault(name_key(person).split()[-1], set()).add(person)
    lex.known_surnames = {key: next(iter(names)) for key, names in by_surname.items() if len(names) == 1}
    lex.surname_endings = {country: tuple(endings) for country, endings in rules["surname_endings"].items()}
    return lex
