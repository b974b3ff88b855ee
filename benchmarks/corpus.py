"""A synthetic corpus of N articles for benchmarks, made by varying the seed and test articles.

Each synthetic article is one of the 17 real articles (``seeds/*.txt`` and ``tests/corpus/*.txt``) with

- **people** replaced: every person the gold annotations (``tests/gold/<stem>.json``) name in the template is
  swapped, full name and bare surname alike, for someone from an invented population of Armenian, Russian and
  Azerbaijani officials of the same nationality and sex.  People are drawn with Zipf-like popularity, so a few
  appear in hundreds of articles and most in one or two; one article in four spells its people differently
  (Sergey / Sergei, Harutyunyan / Harutyunian, Andreyev / Andreev), so entity resolution has real work to do;
- **places** replaced: secondary cities and regions (not Moscow, Yerevan or Baku, which stand for governments)
  by another city or region of the lexicon, upper-case datelines included;
- **numbers and dates** varied: quantities and money scaled, days of the month redrawn, every year of the
  article shifted by the same offset (so its dates stay consistent with each other).

Everything is deterministic for a given ``seed``.  Run as a script to write a corpus to a folder::

    python benchmarks/corpus.py 1000 /tmp/corpus1000 --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Iterable, Sequence

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIRS = (ROOT / "seeds", ROOT / "tests" / "corpus")
GOLD_DIR = ROOT / "tests" / "gold"

# -- name pools (real first names and surnames; the combinations are invented) ---------------------------------
ARMENIAN_MALE = (
    "Aram", "Armen", "Arsen", "Artak", "Artur", "Ashot", "Davit", "Edgar", "Gagik", "Garegin", "Gevorg", "Grigor",
    "Hayk", "Hovhannes", "Hrant", "Karen", "Levon", "Mher", "Movses", "Narek", "Nerses", "Norayr", "Ruben",
    "Samvel", "Sargis", "Seyran", "Suren", "Tigran", "Vahagn", "Vardan", "Vazgen", "Vigen", "Zaven", "Arayik",
    "Andranik", "Hamlet", "Onik", "Rafik", "Smbat", "Tatul")
ARMENIAN_FEMALE = ("Anahit", "Armine", "Gayane", "Hasmik", "Knarik", "Lilit", "Lusine", "Mariam", "Nune", "Shushan",
                   "Siranush", "Tatevik", "Zaruhi", "Astghik")
ARMENIAN_SURNAMES = (
    "Abrahamyan", "Arakelyan", "Aslanyan", "Avagyan", "Avetisyan", "Ayvazyan", "Babayan", "Baghdasaryan",
    "Danielyan", "Davtyan", "Galstyan", "Gasparyan", "Ghazaryan", "Grigoryan", "Hakobyan", "Hambardzumyan",
    "Harutyunyan", "Hovhannisyan", "Hovsepyan", "Karapetyan", "Khachatryan", "Manukyan", "Margaryan",
    "Martirosyan", "Melkonyan", "Minasyan", "Mirzoyan", "Mkrtchyan", "Mnatsakanyan", "Movsisyan", "Muradyan",
    "Nazaryan", "Ohanyan", "Papoyan", "Petrosyan", "Poghosyan", "Sahakyan", "Sargsyan", "Simonyan", "Stepanyan",
    "Sukiasyan", "Tadevosyan", "Tonoyan", "Torosyan", "Vardanyan", "Yeghiazaryan", "Zakaryan", "Zohrabyan",
    "Khachaturov", "Bagratyan")
RUSSIAN_MALE = (
    "Sergey", "Nikolay", "Andrey", "Dmitry", "Alexey", "Yury", "Valery", "Anatoly", "Vitaly", "Gennady",
    "Arkady", "Grigory", "Yevgeny", "Igor", "Ivan", "Oleg", "Pavel", "Boris", "Viktor", "Vladimir", "Mikhail",
    "Roman", "Denis", "Konstantin", "Maxim", "Vadim", "Stanislav", "Alexander", "Ruslan", "Leonid")
RUSSIAN_FEMALE = ("Maria", "Anna", "Yelena", "Olga", "Irina", "Tatyana", "Natalya", "Svetlana", "Valentina",
                  "Lyudmila", "Veronika", "Galina")
RUSSIAN_SURNAMES = (
    "Ivanov", "Petrov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Lebedev", "Kozlov", "Novikov", "Morozov",
    "Volkov", "Solovyov", "Vasilyev", "Zaitsev", "Pavlov", "Semyonov", "Golubev", "Vinogradov", "Bogdanov",
    "Vorobyov", "Fyodorov", "Mikhailov", "Belyaev", "Tarasov", "Belov", "Komarov", "Orlov", "Kiselyov", "Makarov",
    "Andreyev", "Kovalyov", "Ilyin", "Gusev", "Titov", "Kuzmin", "Kudryavtsev", "Baranov", "Kulikov", "Alekseyev",
    "Stepanov", "Yakovlev", "Sorokin", "Sergeyev", "Romanov", "Zakharov", "Borisov", "Korolyov", "Panov",
    "Gerasimenko", "Tkachev", "Shevtsov", "Nikitin", "Grachev", "Yermakov")
AZERBAIJANI_MALE = ("Elchin", "Ilham", "Zakir", "Vagif", "Ramiz", "Elmar", "Jeyhun", "Hikmet", "Kamran", "Rauf",
                    "Namig", "Anar", "Farid", "Rashad", "Tural", "Elnur", "Mubariz", "Vugar")
AZERBAIJANI_FEMALE = ("Leyla", "Aytan", "Gunel", "Nigar", "Sevinj", "Lala")
AZERBAIJANI_SURNAMES = ("Aliyev", "Hasanov", "Mammadov", "Huseynov", "Guliyev", "Ismayilov", "Abbasov", "Jafarov",
                        "Rzayev", "Babayev", "Gasimov", "Mustafayev", "Valiyev", "Karimov", "Nasirov", "Safarov",
                        "Bayramov", "Ahmadov", "Suleymanov", "Hajiyev")

FIRST_NAMES = {("am", "m"): ARMENIAN_MALE, ("am", "f"): ARMENIAN_FEMALE, ("ru", "m"): RUSSIAN_MALE,
               ("ru", "f"): RUSSIAN_FEMALE, ("az", "m"): AZERBAIJANI_MALE, ("az", "f"): AZERBAIJANI_FEMALE}
SURNAMES = {"am": ARMENIAN_SURNAMES, "ru": RUSSIAN_SURNAMES, "az": AZERBAIJANI_SURNAMES}

# nationality of the templates' people where the surname does not tell (Armenian surnames end in -yan / -ian)
_TEMPLATE_NATIONALITY = {"Khachaturov": "am", "Khatchaturov": "am", "Aliyev": "az", "Hasanov": "az",
                         "Dargahli": "az"}
_KEEP = {"Lukashenko", "Nazarbayev", "Rahmon"}  # heads of third states: left as they are
_FEMALE_FIRST = {"Maria", "Shushan"}

# places the templates name that may be swapped (capitals stand for governments and stay)
_ARMENIAN_CITIES = ("Gyumri", "Vanadzor", "Kapan", "Goris", "Jermuk", "Ijevan", "Armavir", "Meghri")
_FOREIGN_CITIES = ("Sochi", "Kazan", "St. Petersburg", "Rostov-on-Don", "Minsk", "Astana", "Bishkek", "Dushanbe",
                   "Tashkent", "Almaty")
_ARMENIAN_REGIONS = ("Syunik", "Tavush", "Gegharkunik")
#: the templates' places that may be swapped, and for what (capitals stand for governments and stay)
_SWAPPABLE = {"Gyumri": _ARMENIAN_CITIES, "Sochi": _FOREIGN_CITIES, "St. Petersburg": _FOREIGN_CITIES,
              "Dushanbe": _FOREIGN_CITIES, "Minsk": _FOREIGN_CITIES, "Syunik": _ARMENIAN_REGIONS}
_PLACE_ALIASES = {"St. Petersburg": ("Saint Petersburg", "St Petersburg"), "Gyumri": ("Leninakan",),
                  "Syunik": ("Syunik province", "Syunik region")}

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_NUMBERS = re.compile(
    r"(?P<dmy>\b(?P<d>\d{1,2})\.(?P<m>\d{2})\.(?P<y>(?:19|20)\d{2})\b)"                   # 14.08.2017
    r"|(?P<md>\b(?P<month>" + "|".join(_MONTHS) + r"|" + "|".join(m.upper() for m in _MONTHS) + r")"
    r" (?P<day>\d{1,2})\b(?![\d.:-]))"                                                   # May 28 / AUGUST 14
    r"|(?P<year>(?<![\w.:/,-])(?:19|20)\d{2}(?![\w:/]|\.\d))"                            # 2021 (a year)
    r"|(?P<num>(?<![\w.:/,$-])\$?\d{1,3}(?![\w.:/-]|,\d))")                              # 18, $200 (quantities)


# -- the invented population -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Person:
    """One invented official: ``variant`` is another romanisation of the same name, used in some articles."""

    pid: int
    nationality: str  # am | ru | az
    sex: str  # m | f
    first: str
    surname: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.surname}"

    def variant(self) -> tuple[str, str]:
        """Another spelling that kg's resolver should join with the usual one (transliteration or close surname)."""
        first, surname = self.first, self.surname
        if first.endswith("y") and len(first) > 3:
            first = first[:-1] + "i"  # Sergey → Sergei, Yury → Yuri
        if self.nationality == "am" and surname.endswith("yan"):
            surname = surname[:-3] + "ian"  # Harutyunyan → Harutyunian
        elif surname.endswith(("yev", "yeva")):
            surname = surname.replace("yev", "ev")  # Andreyev → Andreev, Aliyev → Aliev
        elif "yo" in surname:
            surname = surname.replace("yo", "io", 1)  # Solovyov → Soloviov
        return first, surname


def _female(nationality: str, surname: str) -> str:
    if nationality == "am":
        return surname
    return surname + "a"  # Ivanov → Ivanova, Aliyev → Aliyeva


def make_population(size: int, rng: random.Random) -> dict[tuple[str, str], list[Person]]:
    """``size`` distinct people, grouped by (nationality, sex); list order is popularity rank."""
    shares = (("am", "m", 0.42), ("ru", "m", 0.38), ("az", "m", 0.10), ("am", "f", 0.04), ("ru", "f", 0.04),
              ("az", "f", 0.02))
    groups: dict[tuple[str, str], list[Person]] = {}
    seen: set[str] = set()
    pid = 0
    for nationality, sex, share in shares:
        want = max(4, round(size * share))
        people: list[Person] = []
        firsts, surnames = FIRST_NAMES[(nationality, sex)], SURNAMES[nationality]
        capacity = len(firsts) * len(surnames)
        while len(people) < min(want, capacity):
            first = rng.choice(firsts)
            surname = rng.choice(surnames)
            if sex == "f":
                surname = _female(nationality, surname)
            if f"{first} {surname}" in seen:
                continue
            seen.add(f"{first} {surname}")
            people.append(Person(pid, nationality, sex, first, surname))
            pid += 1
        groups[(nationality, sex)] = people
    return groups


class _Zipf:
    """Draws list indices with probability ∝ 1 / (rank + 1) ** s."""

    def __init__(self, n: int, s: float = 1.0) -> None:
        self.cumulative = list(accumulate(1.0 / (k + 1) ** s for k in range(n)))

    def draw(self, rng: random.Random) -> int:
        return bisect_left(self.cumulative, rng.random() * self.cumulative[-1])


# -- templates ---------------------------------------------------------------------------------------------------
@dataclass
class Template:
    stem: str
    text: str
    #: (full names and surname-only forms that refer to this person, nationality, sex) per person slot
    people: list[tuple[list[str], list[str], str, str]] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


def _nationality(surname: str) -> str | None:
    if surname in _KEEP:
        return None
    if surname in _TEMPLATE_NATIONALITY:
        return _TEMPLATE_NATIONALITY[surname]
    return "am" if surname.lower().endswith(("yan", "ian")) else "ru"


def load_templates(dirs: Sequence[Path] = TEMPLATE_DIRS, gold_dir: Path = GOLD_DIR) -> list[Template]:
    """The real articles with a gold file, each with its person slots and swappable places."""
    templates: list[Template] = []
    for directory in dirs:
        for path in sorted(directory.glob("*.txt")):
            gold_path = gold_dir / f"{path.stem}.json"
            if not gold_path.exists():
                continue
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            text = path.read_text(encoding="utf-8-sig")
            template = Template(path.stem, text)
            surname_count: dict[str, int] = {}
            people = [e for e in gold["entities"] if e["label"] == "Person"]
            for entity in people:
                surname = entity["name"].split()[-1]
                surname_count[surname] = surname_count.get(surname, 0) + 1
            for entity in people:
                forms = [entity["name"], *entity.get("aliases", [])]
                full = sorted({f for f in forms if " " in f}, key=len, reverse=True)
                bare = {f.split()[-1] for f in forms}
                # a surname two template people share ("Sargsyan") is left alone when it stands by itself
                bare = sorted(s for s in bare if surname_count.get(s, 0) <= 1)
                nationality = _nationality(entity["name"].split()[-1])
                if nationality is None:
                    continue
                sex = "f" if entity["name"].split()[0] in _FEMALE_FIRST else "m"
                template.people.append((full, bare, nationality, sex))
            template.places = [e["name"] for e in gold["entities"]
                               if e["label"] == "Place" and e["name"] in _SWAPPABLE]
            templates.append(template)
    if not templates:
        raise RuntimeError(f"no template articles with gold annotations in {', '.join(map(str, dirs))}")
    return templates


def _word_pattern(forms: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _same_case(original: str, replacement: str) -> str:
    return replacement.upper() if original.isupper() and len(original) > 1 else replacement


# -- the generator -----------------------------------------------------------------------------------------------
@dataclass
class SyntheticArticle:
    id: str
    template: str
    text: str
    people: list[int]  # population ids of the people it names (the truth for resolution)


class CorpusBuilder:
    """Deterministic synthetic articles: ``CorpusBuilder(seed).build(n)``."""

    def __init__(self, seed: int = 0, population: int | None = None,
                 templates: Sequence[Template] | None = None) -> None:
        self.seed = seed
        self.population_size = population
        self.templates = list(templates) if templates is not None else load_templates()

    def build(self, n: int) -> list[SyntheticArticle]:
        rng = random.Random(self.seed)
        # about one distinct person per article: with ~5 people an article and Zipf popularity, the head recurs
        # in hundreds of articles and the tail once or twice
        population = make_population(self.population_size or max(60, n), rng)
        zipf = {key: _Zipf(len(people)) for key, people in population.items()}
        articles: list[SyntheticArticle] = []
        for i in range(n):
            template = self.templates[i % len(self.templates)]
            text, people = self._vary(template, rng, population, zipf)
            articles.append(SyntheticArticle(f"syn{i:06d}_{template.stem[:24]}", template.stem, text, people))
        return articles

    def _vary(self, template: Template, rng: random.Random, population: dict[tuple[str, str], list[Person]],
              zipf: dict[tuple[str, str], _Zipf]) -> tuple[str, list[int]]:
        replacements: dict[str, str] = {}
        chosen: list[int] = []
        variant_spelling = rng.random() < 0.25
        for full_forms, bare_forms, nationality, sex in template.people:
            group = population[(nationality, sex)]
            for _ in range(20):
                person = group[zipf[(nationality, sex)].draw(rng)]
                if person.pid not in chosen:
                    break
            chosen.append(person.pid)
            first, surname = person.variant() if variant_spelling else (person.first, person.surname)
            for form in full_forms:
                replacements[form] = f"{first} {surname}"
            for form in bare_forms:
                replacements[form] = surname
        places: dict[str, str] = {}
        for place in template.places:
            places[place] = rng.choice(_SWAPPABLE[place])
        for place, new in list(places.items()):
            for alias in _PLACE_ALIASES.get(place, ()):
                places[alias] = new
        text = template.text
        if replacements:
            text = _word_pattern(replacements).sub(lambda m: replacements[m.group(0)], text)
        if places:
            upper = {p.upper(): v.upper() for p, v in places.items()}
            everything = {**places, **upper}
            text = _word_pattern(everything).sub(lambda m: everything[m.group(0)], text)
        text = self._numbers(text, rng)
        return text, chosen

    @staticmethod
    def _numbers(text: str, rng: random.Random) -> str:
        year_shift = rng.randint(-4, 3)

        def year(value: str) -> str:
            return str(int(value) + year_shift)

        def replace(m: re.Match[str]) -> str:
            if m.group("dmy"):
                return f"{rng.randint(1, 28):02d}.{m.group('m')}.{year(m.group('y'))}"
            if m.group("md"):
                return f"{m.group('month')} {rng.randint(1, 28)}"
            if m.group("year"):
                return year(m.group("year"))
            token = m.group("num")
            dollar = token.startswith("$")
            value = int(token.lstrip("$"))
            if value < 2:
                return token
            scaled = max(2, round(value * rng.uniform(0.5, 2.0)))
            if dollar:
                scaled = max(10, round(scaled, -1))
            return ("$" if dollar else "") + str(min(scaled, 999))
        return _NUMBERS.sub(replace, text)


def write_corpus(n: int, directory: Path, seed: int = 0, population: int | None = None) -> list[SyntheticArticle]:
    """Write ``n`` synthetic articles as ``<id>.txt`` into ``directory`` (created) and return them."""
    directory.mkdir(parents=True, exist_ok=True)
    articles = CorpusBuilder(seed, population).build(n)
    for article in articles:
        (directory / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
    return articles


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("directory", type=Path, help="output folder (created)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--population", type=int, default=None, help="distinct people (default: max(60, n))")
    args = parser.parse_args(argv)
    articles = write_corpus(args.n, args.directory, args.seed, args.population)
    people = {p for a in articles for p in a.people}
    words = sum(len(a.text.split()) for a in articles)
    print(f"wrote {len(articles)} articles ({words} words, {len(people)} distinct people) to {args.directory}")


if __name__ == "__main__":
    main()
