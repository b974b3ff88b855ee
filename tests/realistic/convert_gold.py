#!/usr/bin/env python3
"""Convert the project's older gold files (tests/gold/*.json) into the realdev gold format.

The older format is described in tests/gold/README.md; the realdev format in
../shared/realdev/CONVENTIONS.md. Converting lets ../shared/tools/score.py score the
project's own written articles (tests/corpus/ and the seeds) with the same scorer that
acceptance uses:

    python3 tests/realistic/convert_gold.py /tmp/corpus-gold --split dev,heldout
    .venv/bin/kg extract tests/corpus/ --format json --output /tmp/corpus.json
    python3 ../shared/tools/score.py /tmp/corpus.json /tmp/corpus-gold

Usage: convert_gold.py OUT_DIR [--gold-dir DIR] [--split seed,dev,heldout]

Mapping (only what maps cleanly is kept):

- ``article``: the old stem plus ``.txt`` (the corpus and seed file names).
- ``entities``: every old entity keeps its name and aliases; ``label`` becomes
  ``type``. ``titles`` and ``category`` are dropped (titles live on positions).
- Agreements become Agreement entities named by their descriptive ``name``
  (no aliases: the old format has none). ``kind``, ``status``, ``date`` and
  ``evidence`` are dropped.
- Meetings become Meeting entities. The old format has keys, not names, so a
  name is made in the realdev style from the participants' surnames, the kind
  and the place: "Shoigu-Tonoyan talks in Moscow", "Komoyedov's visit to
  Gyumri", "Papikyan-Belousov phone call"; a meeting without participants is
  named by its kind and place ("negotiations in Yerevan"). A few word-order
  variants are added as aliases. The ``meetings`` family gets each meeting's
  participants and place.
- Relations: HOLDS_POSITION -> positions [person, institution, title];
  VISITED -> visits; LOCATED_IN -> base_located; OPERATES (country -> base) ->
  base_operator [base, country]; PARTY_TO (party -> agreement) ->
  agreement_parties [agreement, party]; SIGNED -> agreement_signers
  [person, agreement]; SUPPLIED_TO -> weapon_recipient; SUPPLIED_BY and the
  ``supplier`` property of SUPPLIED_TO -> weapon_supplier; MEMBER_OF ->
  member_of. ATTENDED and HELD_IN are carried by ``meetings``.
- Dropped, having no realdev family: COVERS, PART_OF, MENTIONS, quantities,
  dates, evidence and the article date.

The old gold follows older conventions (for instance dateline agencies and
adjective-only countries are not entities, and a weapon category is an entity only
when it is supplied), so scores on converted gold are not directly comparable with
scores on ../shared/realdev/gold.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

FAMILIES = ("positions", "meetings", "visits", "base_located", "base_operator", "agreement_parties",
            "agreement_signers", "weapon_recipient", "weapon_supplier", "member_of")
#: old relation type -> (realdev family, whether start and end swap)
PAIR_FAMILIES: dict[str, tuple[str, bool]] = {
    "VISITED": ("visits", False),
    "LOCATED_IN": ("base_located", False),
    "OPERATES": ("base_operator", True),
    "PARTY_TO": ("agreement_parties", True),
    "SIGNED": ("agreement_signers", False),
    "SUPPLIED_TO": ("weapon_recipient", False),
    "SUPPLIED_BY": ("weapon_supplier", False),
    "MEMBER_OF": ("member_of", False),
}
KIND_WORDS = {"meet": "talks", "negotiate": "negotiations", "host": "meeting", "phone call": "phone call"}


def surname(person: str) -> str:
    """The last word of a person's name ("Sergei Shoigu" -> "Shoigu")."""
    return person.split()[-1] if person.split() else person


def meeting_names(meeting: dict) -> list[str]:
    """A realdev-style name for an old meeting record, followed by alias variants."""
    people = [surname(p) for p in meeting.get("participants", [])]
    kind = meeting.get("kind") or "meet"
    place = meeting.get("place")
    at = f" in {place}" if place and kind != "phone call" else ""
    if kind == "visit":
        who = " and ".join(people) or "Delegation"
        where = place or "the host country"
        return [f"{who}'s visit to {where}", f"{who} visit to {where}", f"{who}'s trip to {where}"]
    word = KIND_WORDS.get(kind, "talks")
    if not people:
        return [f"{word}{at}".strip()]
    joined = "-".join(people)
    names = [f"{joined} {word}{at}", f"{joined} {word}"]
    if len(people) == 2:
        names.append(f"{people[1]}-{people[0]} {word}")
    names.append({"phone call": f"{joined} phone conversation", "meeting": f"{joined} talks"}.get(word, f"{joined} meeting"))
    return list(dict.fromkeys(names))


def unique(name: str, taken: set[str], key: str) -> str:
    """``name``, or ``name (key)`` when another entity of the file already has it."""
    return name if name not in taken else f"{name} ({key})"


def convert(old: dict) -> dict:
    """One old gold record -> one realdev gold record."""
    entities: list[dict] = [{"type": e["label"], "name": e["name"], "aliases": list(e.get("aliases", []))}
                            for e in old.get("entities", [])]
    taken = {e["name"] for e in entities}
    refs: dict[str, str] = {e["name"]: e["name"] for e in entities}
    for agreement in old.get("agreements", []):
        name = unique(agreement["name"], taken, agreement["key"])
        taken.add(name)
        refs[agreement["key"]] = name
        entities.append({"type": "Agreement", "name": name, "aliases": []})
    relations: dict[str, list] = {family: [] for family in FAMILIES}
    for meeting in old.get("meetings", []):
        first, *variants = meeting_names(meeting)
        name = unique(first, taken, meeting["key"])
        taken.add(name)
        refs[meeting["key"]] = name
        entities.append({"type": "Meeting", "name": name, "aliases": [v for v in variants if v != name]})
        relations["meetings"].append({"meeting": name, "participants": list(meeting.get("participants", [])),
                                      "place": meeting.get("place")})
    for rel in old.get("relations", []):
        start, end = refs.get(rel["start"], rel["start"]), refs.get(rel["end"], rel["end"])
        if rel["type"] == "HOLDS_POSITION":
            relations["positions"].append([start, end, rel.get("title") or ""])
        elif rel["type"] in PAIR_FAMILIES:
            family, flip = PAIR_FAMILIES[rel["type"]]
            relations[family].append([end, start] if flip else [start, end])
        if rel["type"] == "SUPPLIED_TO" and rel.get("supplier"):
            relations["weapon_supplier"].append([start, refs.get(rel["supplier"], rel["supplier"])])
    for family in FAMILIES:
        if family != "meetings":
            relations[family] = [list(pair) for pair in dict.fromkeys(tuple(pair) for pair in relations[family])]
    return {"article": f"{old['article']}.txt", "entities": entities, "relations": relations}


def problems(gold: dict) -> list[str]:
    """Relation ends that name no entity of the file."""
    names = {e["name"] for e in gold["entities"]}
    out = []
    for family, items in gold["relations"].items():
        for item in items:
            ends = ([item["meeting"], *item["participants"], *([item["place"]] if item["place"] else [])]
                    if family == "meetings" else item[:2])
            out += [f"{family}: {end!r} is not an entity" for end in ends if end not in names]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="directory to write the converted gold files to")
    parser.add_argument("--gold-dir", type=Path, default=Path(__file__).resolve().parent.parent / "gold",
                        help="old gold directory (default: tests/gold)")
    parser.add_argument("--split", default="", help="comma-separated splits to keep: seed, dev, heldout (default: all)")
    args = parser.parse_args(argv)
    splits = {s for s in args.split.split(",") if s}
    files = sorted(args.gold_dir.glob("*.json"))
    if not files:
        print(f"error: {args.gold_dir}: no gold files", file=sys.stderr)
        return 1
    args.out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for path in files:
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            print(f"error: {path}: {exc}", file=sys.stderr)
            return 1
        if splits and old.get("split") not in splits:
            continue
        gold = convert(old)
        for problem in problems(gold):
            print(f"warning: {path.name}: {problem}", file=sys.stderr)
        (args.out_dir / path.name).write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written += 1
    print(f"wrote {written} gold files to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
