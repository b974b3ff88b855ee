"""The facts the seeds must yield, and one node per real-world thing (issue: end to end)."""

from __future__ import annotations


from kg.model import Graph, Relationship


def _rels(graph: Graph, rel_type: str, start: str | None = None, end: str | None = None) -> list[Relationship]:
    return [r for r in graph.sorted_relationships() if r.type == rel_type
            and (start is None or r.start == start) and (end is None or r.end == end)]


def _person(graph: Graph, name: str) -> str:
    node = graph.find("Person", name)
    assert node is not None, f"no Person {name!r}"
    return node.id


def _meetings_of(graph: Graph, person_id: str) -> set[str]:
    return {r.end for r in _rels(graph, "ATTENDED", start=person_id)}


def test_gerasimov_khachaturov_ohanian_attended_one_meeting(seed_graph: Graph) -> None:
    shared = (_meetings_of(seed_graph, _person(seed_graph, "Gerasimov"))
              & _meetings_of(seed_graph, _person(seed_graph, "Khachaturov"))
              & _meetings_of(seed_graph, _person(seed_graph, "Ohanian")))
    assert len(shared) == 1
    meeting = seed_graph.nodes[shared.pop()]
    assert "000_a41ff8992daaa2b8" in meeting.sources


def test_baghdasarian_and_patrushev_signed_a_memorandum(seed_graph: Graph) -> None:
    signed_by = {name: {r.end for r in _rels(seed_graph, "SIGNED", start=_person(seed_graph, name))}
                 for name in ("Baghdasarian", "Patrushev")}
    common = signed_by["Baghdasarian"] & signed_by["Patrushev"]
    assert len(common) == 1
    agreement = seed_graph.nodes[common.pop()]
    assert agreement.kind == "memorandum" and agreement.status == "signed"
    evidence = _rels(seed_graph, "SIGNED", start=_person(seed_graph, "Patrushev"))[0].evidence
    assert any("signed a relevant memorandum of understanding" in e for e in evidence)


def test_shoigu_and_harutiunian_met_in_moscow_on_2021_05_28(seed_graph: Graph) -> None:
    shared = _meetings_of(seed_graph, _person(seed_graph, "Shoigu")) & \
        _meetings_of(seed_graph, _person(seed_graph, "Harutiunian"))
    dated = [seed_graph.nodes[m] for m in shared if seed_graph.nodes[m].date == "2021-05-28"]
    assert len(dated) == 1
    meeting = dated[0]
    assert [r.end for r in _rels(seed_graph, "HELD_IN", start=meeting.id)] == ["place:moscow"]
    assert meeting.kind == "meet" and meeting.cameo == "040"


def test_smerch_supplied_to_azerbaijan_by_russia(seed_graph: Graph) -> None:
    [to_azerbaijan] = _rels(seed_graph, "SUPPLIED_TO", start="weapon:smerch", end="country:azerbaijan")
    assert to_azerbaijan.quantity == 18 and to_azerbaijan.supplier == "Russia"
    assert _rels(seed_graph, "SUPPLIED_BY", start="weapon:smerch", end="country:russia")
    assert any("sold 18 Smerch launchers" in e for e in to_azerbaijan.evidence)


def test_smerch_and_tos1a_offered_to_armenia_under_the_loan(seed_graph: Graph) -> None:
    loans = [n for n in seed_graph.nodes_by_label("Agreement") if "$200 million loan" in n.name]
    assert len(loans) == 1
    covered = {r.end for r in _rels(seed_graph, "COVERS", start=loans[0].id)}
    assert {"weapon:smerch", "weapon:tos-1a"} <= covered
    for weapon in ("weapon:smerch", "weapon:tos-1a"):
        assert _rels(seed_graph, "SUPPLIED_TO", start=weapon, end="country:armenia")
    parties = {r.start for r in _rels(seed_graph, "PARTY_TO", end=loans[0].id)}
    assert parties == {"country:armenia", "country:russia"}


def test_102nd_base_in_gyumri_operated_by_russia(seed_graph: Graph) -> None:
    [base] = [b for b in seed_graph.nodes_by_label("Base") if b.name == "102nd Russian Military Base"]
    assert {"Gyumri headquarters of a Russian military base", "Russian military base in Armenia"} <= set(base.aliases)
    assert sorted(r.end for r in _rels(seed_graph, "LOCATED_IN", start=base.id)) == ["country:armenia",
                                                                                    "place:gyumri"]
    assert [r.start for r in _rels(seed_graph, "OPERATES", end=base.id)] == ["country:russia"]


def test_facilities_named_by_description(seed_graph: Graph) -> None:
    """"seven facilities in Armenia for maintenance and repair of military hardware", "the Yerevan headquarters of
    Russian border troops": Bases with their place and operator."""
    names = {b.name: b for b in seed_graph.nodes_by_label("Base")}
    repair = next(b for n, b in names.items() if n.startswith("Facilities in Armenia"))
    assert [r.end for r in _rels(seed_graph, "LOCATED_IN", start=repair.id)] == ["country:armenia"]
    headquarters = next(b for n, b in names.items() if "headquarters of Russian border troops" in n)
    assert "place:yerevan" in {r.end for r in _rels(seed_graph, "LOCATED_IN", start=headquarters.id)}
    assert [r.start for r in _rels(seed_graph, "OPERATES", end=headquarters.id)] == ["country:russia"]


def test_armenia_is_a_member_of_the_csto(seed_graph: Graph) -> None:
    [membership] = _rels(seed_graph, "MEMBER_OF", start="country:armenia",
                         end="organization:collective-security-treaty-organization")
    assert len(membership.sources) >= 2 and membership.evidence


def test_one_person_for_every_shoigu_spelling(seed_graph: Graph) -> None:
    people = [n for n in seed_graph.nodes_by_label("Person")
              if any(s in " ".join([n.name, *n.aliases]) for s in ("Shoigu", "Shoygu"))]
    assert len(people) == 1
    assert {"Sergey Shoygu", "Sergei Shoigu", "Shoygu", "Shoigu"} <= {people[0].name, *people[0].aliases}
    assert set(people[0].sources) == {"000_a41ff8992daaa2b8", "002_f64b12bfd424b458", "004_87a1fec3678fcb6f"}


def test_khachaturov_is_one_person_with_two_positions(seed_graph: Graph) -> None:
    people = [n for n in seed_graph.nodes_by_label("Person") if "Kha" in n.name and "turov" in n.name]
    assert len(people) == 1
    positions = {r.end: r.title for r in _rels(seed_graph, "HOLDS_POSITION", start=people[0].id)}
    assert positions == {"country:armenia": "Chief of Staff",  # "his Armenian counterpart": the staff is not named
                         "organization:collective-security-treaty-organization": "Secretary General"}


def test_bare_surnames_resolve_to_the_full_name(seed_graph: Graph) -> None:
    for surname, full in (("Gerasimov", "Valery Gerasimov"), ("Patrushev", "Nikolay Patrushev"),
                          ("Baghdasarian", "Artur Baghdasarian"), ("Harutiunian", "Vagharshak Harutiunian")):
        node = seed_graph.find("Person", surname)
        assert node is not None and node.name == full
    assert not any(" " not in n.name for n in seed_graph.nodes_by_label("Person"))


def test_one_armenian_defense_ministry(seed_graph: Graph) -> None:
    ministries = [n for n in seed_graph.nodes_by_label("Ministry") if "Armenia" in (n.country or "")]
    assert [m.name for m in ministries] == ["Armenian Defense Ministry"]
    assert "Defense Ministry in Yerevan" in ministries[0].aliases


def test_model_mislabels_are_corrected(seed_graph: Graph) -> None:
    assert seed_graph.find("Place", "Yerevan") is not None and seed_graph.find("Person", "Yerevan") is None
    assert seed_graph.find("Weapon", "Iskander") is not None and seed_graph.find("Person", "Iskander") is None
    assert seed_graph.find("Weapon", "TOS-1A") is not None
    assert seed_graph.find("Organization", "Rosoboronexport") is not None
    assert seed_graph.find("Organization", "Shoygu") is None


def test_repeated_paragraphs_do_not_inflate_mentions(seed_graph: Graph, seed_texts: dict[str, str]) -> None:
    [mentions] = _rels(seed_graph, "MENTIONS", start="000_a41ff8992daaa2b8", end=_person(seed_graph, "Gerasimov"))
    by_name = seed_texts["000_a41ff8992daaa2b8"].count("Gerasimov")
    assert by_name == 4  # the raw file names him eight times: half of it is repeated paragraphs
    assert mentions.count == by_name + 1  # plus "He was due to visit …"


def test_every_fact_has_sources_and_evidence_from_its_article(seed_graph: Graph, seed_texts: dict[str, str]) -> None:
    facts = [r for r in seed_graph.sorted_relationships() if r.type != "MENTIONS"]
    assert len(facts) > 60
    for rel in facts:
        assert rel.sources and rel.evidence and 0 < rel.confidence <= 1
        for sentence in rel.evidence:
            assert any(sentence in seed_texts[s] for s in rel.sources), (rel.key, sentence)
