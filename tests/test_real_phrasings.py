"""The phrasings of real reporting that issue 13 lists, one test per error class (sentences written for the tests).

Each test states what an analyst would put in the graph from the sentence; together they pin the general
mechanisms: supplies from the buyer's side, in lists and as plans; bases named by description; one agreement per
deal and its signers however told; meeting and visit places; coreference; organizations named by what they are.
"""

from __future__ import annotations

import hashlib

from kg.corpus import Document
from kg.extract import Extractor
from kg.extract.types import DocumentExtraction


def extract(extractor: Extractor, text: str) -> DocumentExtraction:
    doc = Document(id="t", path="t.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
    return extractor.extract(doc)


def facts(result: DocumentExtraction, rel_type: str) -> set[tuple[str, str]]:
    return {(f.start, f.end) for f in result.facts if f.type == rel_type}


def entities(result: DocumentExtraction, label: str) -> dict[str, list[str]]:
    return {e.key: e.aliases for e in result.entities if e.label == label}


# 1. supplies told from the buyer's side, as lists, or as plans
def test_supplies_from_the_buyer_side_in_lists_and_plans(extractor: Extractor) -> None:
    result = extract(extractor, (
        "Yerevan bought counter-battery radars and anti-tank missiles from Moscow last year. "
        "Russia is due to deliver the howitzers to Armenia next year. "
        "The package also includes sniper rifles and grenade launchers."))
    weapons = {"counter-battery radars", "anti-tank missiles", "howitzers", "sniper rifles", "grenade launchers"}
    assert {(w, "Armenia") for w in weapons} <= facts(result, "SUPPLIED_TO")
    assert {(w, "Russia") for w in weapons} <= facts(result, "SUPPLIED_BY")


def test_a_buyer_named_through_whose_and_a_seller_through_its_makers(extractor: Extractor) -> None:
    result = extract(extractor, (
        "Azerbaijan, whose oil revenues have paid for T-90S tanks from Russia, spends more on defence. "
        "Yerevan will also acquire TOS-1A systems from Russian manufacturers."))
    assert ("T-90", "Azerbaijan") in facts(result, "SUPPLIED_TO")  # T-90S: a variant the lexicon files under T-90
    assert ("T-90", "Armenia") not in facts(result, "SUPPLIED_TO")
    assert {("T-90", "Russia"), ("TOS-1A", "Russia")} <= facts(result, "SUPPLIED_BY")
    assert ("TOS-1A", "Armenia") in facts(result, "SUPPLIED_TO")


def test_interest_and_own_bases_are_no_transfers(extractor: Extractor) -> None:
    result = extract(extractor, (
        "The Russian garrison in Gyumri has received new T-72B3 tanks. "
        "Yerevan has also shown interest in buying Krasukha electronic warfare systems."))
    assert not facts(result, "SUPPLIED_TO")


def test_a_system_fielded_by_another_state_than_its_maker_was_supplied(extractor: Extractor) -> None:
    result = extract(extractor, "Officials said the Armenian army did not fire any Iskander missiles during the war.")
    assert ("Iskander", "Armenia") in facts(result, "SUPPLIED_TO")
    assert ("Iskander", "Russia") in facts(result, "SUPPLIED_BY")


# 2. bases named indefinitely
def test_indefinite_bases_are_the_102nd_with_place_and_operator(extractor: Extractor) -> None:
    result = extract(extractor, (
        "Russia keeps a military base near Gyumri. Russia's base in the country has about 3,000 troops."))
    assert list(entities(result, "Base")) == ["102nd Russian Military Base"]
    assert {("102nd Russian Military Base", "Gyumri"), ("102nd Russian Military Base", "Armenia")} <= facts(
        result, "LOCATED_IN")
    assert ("Russia", "102nd Russian Military Base") in facts(result, "OPERATES")


def test_facilities_are_bases_with_their_places(extractor: Extractor) -> None:
    result = extract(extractor, "Pashinyan visited the newly built Kalashnikov rifle factory in Armenia on Monday.")
    [factory] = [k for k in entities(result, "Base") if "factory" in k]
    assert (factory, "Armenia") in facts(result, "LOCATED_IN")
    assert ("Nikol Pashinyan", factory) in facts(result, "VISITED") or ("Pashinyan", factory) in facts(
        result, "VISITED")


# 3. agreements: one node per deal, signers however told
def test_one_agreement_however_named_with_signers_and_sides(extractor: Extractor) -> None:
    result = extract(extractor, (
        "Russia granted Armenia a $100 million state credit on Tuesday. "
        "The loan was signed in Moscow by Finance Minister Vardan Aramyan and Deputy Finance Minister Sergei "
        "Storchak. Aramyan signed for the Armenian side. The deal will finance arms purchases."))
    agreements = entities(result, "Agreement")
    assert len(agreements) == 1
    [key] = agreements
    assert {("Vardan Aramyan", key), ("Sergei Storchak", key)} <= facts(result, "SIGNED")
    assert {("Armenia", key), ("Russia", key)} <= facts(result, "PARTY_TO")


def test_signature_idioms_and_the_two_ministers(extractor: Extractor) -> None:
    result = extract(extractor, (
        "Russian Defense Minister Sergei Shoigu and Armenian Defense Minister Davit Tonoyan held talks in Moscow. "
        "The two ministers put their signatures to a plan of military cooperation for 2019."))
    [key] = entities(result, "Agreement")
    assert {("Sergei Shoigu", key), ("Davit Tonoyan", key)} <= facts(result, "SIGNED")


def test_the_signer_of_a_ratification_law_signed_no_agreement(extractor: Extractor) -> None:
    result = extract(extractor, (
        "President Vladimir Putin signed the federal law ratifying the Russian-Armenian agreement on the joint "
        "group of forces."))
    assert not {p for p, _ in facts(result, "SIGNED")} & {"Vladimir Putin"}


# 4. meeting and visit places and dates
def test_dateline_city_places_talks_and_visits_follow(extractor: Extractor) -> None:
    result = extract(extractor, (
        "YEREVAN, May 21. /TASS/. Russian Foreign Minister Sergey Lavrov held talks with his Armenian "
        "counterpart Ararat Mirzoyan on Wednesday."))
    assert {m for _, m in facts(result, "HELD_IN")} == {"Yerevan"}
    assert ("Sergey Lavrov", "Yerevan") in facts(result, "VISITED")
    assert ("Ararat Mirzoyan", "Yerevan") not in facts(result, "VISITED")


def test_talks_in_the_kremlin_and_trips_by_travel_verbs(extractor: Extractor) -> None:
    result = extract(extractor, (
        "Armenian Prime Minister Nikol Pashinyan flew to Moscow on Monday. "
        "Talks in the Kremlin between Pashinyan and Russian President Vladimir Putin lasted three hours."))
    assert ("Nikol Pashinyan", "Moscow") in facts(result, "VISITED")
    meetings = {m for _, m in facts(result, "HELD_IN") if m == "Moscow"}
    assert meetings == {"Moscow"}
    pairs = facts(result, "ATTENDED")
    talks = {m for p, m in pairs if p == "Vladimir Putin"}
    assert talks and all(("Nikol Pashinyan", m) in pairs for m in talks)


def test_a_delegation_arrives_and_is_received(extractor: Extractor) -> None:
    result = extract(extractor, (
        "The Russian delegation, led by Deputy Defense Minister Alexander Fomin, arrived in Yerevan on Sunday and "
        "was received by Defense Minister Suren Papikyan."))
    assert ("Alexander Fomin", "Yerevan") in facts(result, "VISITED")
    attended = facts(result, "ATTENDED")
    meeting = {m for p, m in attended if p == "Suren Papikyan"}
    assert meeting and {("Alexander Fomin", m) for m in meeting} <= attended


# 5. coreference
def test_the_countrys_new_prime_minister_and_the_ministry_spokesman(extractor: Extractor) -> None:
    result = extract(extractor, (
        "Armenia's parliament elected Nikol Pashinyan prime minister on Tuesday. Armenia has long relied on "
        "Russia. The country's new prime minister flew to Moscow on Friday and met Vladimir Putin. "
        "The Armenian Defense Ministry welcomed the visit. The ministry spokesman, Artsrun Hovannisian, said "
        "more talks would follow."))
    assert ("Nikol Pashinyan", "Moscow") in facts(result, "VISITED")
    assert ("Artsrun Hovannisian", "Armenian Defense Ministry") in facts(result, "HOLDS_POSITION")


def test_pronouns_and_plural_titles_share_offices(extractor: Extractor) -> None:
    result = extract(extractor, (
        "Defense Ministers Sergey Shoygu of Russia and Davit Tonoyan of Armenia agreed on new arms deals. "
        "General Andrei Serdyukov took the post last year. He was the commander of the Russian Airborne Forces."))
    positions = facts(result, "HOLDS_POSITION")
    assert {("Sergey Shoygu", "Russian Defense Ministry"), ("Davit Tonoyan", "Armenian Defense Ministry")} <= positions
    assert ("Andrei Serdyukov", "Russian Airborne Forces") in positions


# 6. organizations named by what they are
def test_outlets_services_and_formations_are_organizations(extractor: Extractor) -> None:
    result = extract(extractor, (
        "MOSCOW (UrduPoint News / Sputnik - 14th April, 2021) Russia's RBC business portal said the Russian border "
        "guards, the peacekeeping contingent and the combined group of forces would be reinforced, Armenia's "
        "state-run news agency reported."))
    organizations = entities(result, "Organization")
    assert {"UrduPoint News", "Sputnik", "RBC", "Armenpress", "Russian peacekeepers"} <= set(organizations)
    assert any("border" in name.lower() for name in organizations)
    assert any("joint group of forces" in name for name in organizations)


def test_armed_forces_in_general_are_no_organization(extractor: Extractor) -> None:
    result = extract(extractor, "The missiles remain in depots of Armenia's Armed Forces.")
    assert not entities(result, "Organization")


# 7. press-release phrasing: a delegation received, a variant fielded, the home outlet's own officials
def test_a_received_delegation_its_head_and_a_bare_office_of_the_home_press(extractor: Extractor) -> None:
    result = extract(extractor, (
        "Baku, May 4, AZERTAC\n"
        "Defense Minister of the Republic of Azerbaijan Zakir Hasanov on Monday received a delegation headed by "
        "Deputy Director of the Federal Service for Military-Technical Cooperation of the Russian Federation "
        "Viktor Zelentsov.\n"
        "Minister of Defense Industry Yavar Jamalov also attended the meeting."))
    meetings = [e for e in result.entities if e.label == "Meeting"]
    assert len(meetings) == 1
    assert {"Zakir Hasanov", "Viktor Zelentsov", "Yavar Jamalov"} <= set(meetings[0].props["participants"])
    assert ("Viktor Zelentsov", "Federal Service for Military-Technical Cooperation") in facts(result,
                                                                                               "HOLDS_POSITION")
    assert ("Yavar Jamalov", "Azerbaijani Ministry of Defense Industry") in facts(result, "HOLDS_POSITION")
    assert ("Viktor Zelentsov", "Baku") in facts(result, "VISITED")  # the dateline places the talks


def test_a_variant_code_is_its_own_system_and_fielding_it_means_supply(extractor: Extractor) -> None:
    result = extract(extractor, (
        "He said the Tor-M2E air defense complexes and BTR-82A armored personnel carriers had been put into "
        "service and were being operated by the Azerbaijani Army. "
        "Armenia's older Tor systems remain in use."))
    weapons = entities(result, "Weapon")
    assert "Tor-M2E" in weapons and "BTR-82A" in weapons and "BTR-80" not in weapons
    assert {("Tor-M2E", "Azerbaijan"), ("BTR-82A", "Azerbaijan")} <= facts(result, "SUPPLIED_TO")
    assert {("Tor-M2E", "Russia"), ("BTR-82A", "Russia")} <= facts(result, "SUPPLIED_BY")  # the Tor family's maker


def test_weapons_a_relative_clause_receives_under_a_loan(extractor: Extractor) -> None:
    result = extract(extractor, (
        "He said the multiple rocket launchers that Yerevan is due to receive from Moscow under a state loan "
        "would change the balance."))
    assert ("multiple rocket launchers", "Armenia") in facts(result, "SUPPLIED_TO")
    assert ("multiple rocket launchers", "Russia") in facts(result, "SUPPLIED_BY")
    parties = {country for country, _ in facts(result, "PARTY_TO")}
    assert {"Armenia", "Russia"} <= parties  # the loan the launchers come under binds both


def test_an_ambassador_received_where_he_serves_is_no_visitor(extractor: Extractor) -> None:
    result = extract(extractor, (
        "BAKU, May 4 (APA). Deputy Foreign Minister Khalaf Khalafov received Russia's ambassador Vladimir "
        "Dorokhin at the ministry."))
    assert any(e.label == "Meeting" for e in result.entities)
    assert not any(p == "Vladimir Dorokhin" for p, _ in facts(result, "VISITED"))


def test_systems_and_companies_named_before_what_they_are(extractor: Extractor) -> None:
    result = extract(extractor, (
        "\"We built it,\" said Gor Manukyan, chief designer at the Yerevan firm UAV Lab, pointing at the Krunk "
        "reconnaissance aircraft. The minister spent two hours among the stands, at a rack of locally made sniper "
        "rifles and at the Artsiv loitering munition. Yerevan has taken into service Buk-M2 air defence systems."))
    weapons = entities(result, "Weapon")
    assert {"Krunk", "Artsiv", "sniper rifles"} <= set(weapons) and "made sniper rifles" not in weapons
    assert "Krunk reconnaissance aircraft" in weapons["Krunk"]
    assert "UAV Lab" in entities(result, "Organization") and "UAV Lab" not in entities(result, "Person")
    assert ("Gor Manukyan", "UAV Lab") in facts(result, "HOLDS_POSITION")
    assert ("Buk-M2", "Armenia") in facts(result, "SUPPLIED_TO")
    assert not {w for w, _ in facts(result, "SUPPLIED_TO")} & {"Krunk", "Artsiv", "sniper rifles"}  # time spent


def test_a_byline_names_the_writer(extractor: Extractor) -> None:
    from kg.corpus import clean_text

    text, _, author, *_ = clean_text("Drone makers step out\nBy Ani Torosyan\nYerevan (AFP) - Armenia showed drones.")
    doc = Document(id="b", path="b.txt", text=text, sha256="0" * 64, author=author)
    assert "Ani Torosyan" in {e.key for e in extractor.extract(doc).entities if e.label == "Person"}


def test_a_summit_told_as_it_goes_and_the_meetings_apart_from_it(extractor: Extractor) -> None:
    result = extract(extractor, (
        "Russian President Vladimir Putin has landed in Yerevan for a one-day summit of the Eurasian Economic "
        "Union.\n"
        "Belarusian President Alexander Lukashenko arrived earlier, as did the presidents of Kazakhstan and "
        "Kyrgyzstan, Kassym-Jomart Tokayev and Sooronbay Jeenbekov.\n"
        "11:40 a.m.\n"
        "The Supreme Eurasian Economic Council has begun its sitting in a concert hall.\n"
        "Moldovan President Igor Dodon is attending as a guest.\n"
        "1:50 p.m.\n"
        "Putin and Jeenbekov met privately during a break in the proceedings.\n"
        "Tokayev called on Armenian President Armen Sarkissian at the presidential residence."))
    meetings = sorted((sorted(e.props["participants"]) for e in result.entities if e.label == "Meeting"), key=len)
    assert ["Armen Sarkissian", "Kassym-Jomart Tokayev"] in meetings
    assert ["Sooronbay Jeenbekov", "Vladimir Putin"] in meetings  # a meeting of its own, not the summit
    assert {"Vladimir Putin", "Alexander Lukashenko", "Kassym-Jomart Tokayev", "Sooronbay Jeenbekov",
            "Igor Dodon"} <= set(meetings[-1])


def test_a_hearing_members_of_factions_and_the_contracts_it_covered(extractor: Extractor) -> None:
    result = extract(extractor, (
        "YEREVAN, October 12 — Deputy Defense Minister Karen Abrahamyan told lawmakers the package of contracts "
        "signed with Russia in 2021 covered Tornado-G multiple rocket launchers and Repellent-1 anti-drone systems. "
        "Opposition lawmaker Tigran Khachikyan of the Hayastan faction asked whether the government was "
        "negotiating to buy combat drones from Iran. "
        "Defense Minister Suren Papikyan raised the delays during a phone call with his Russian counterpart last "
        "week, Abrahamyan said."))
    assert ("Tigran Khachikyan", "Hayastan faction") in facts(result, "HOLDS_POSITION")
    assert ("Karen Abrahamyan", "Russia") not in facts(result, "HOLDS_POSITION")  # not the counterpart
    parties = {country for country, _ in facts(result, "PARTY_TO")}
    assert {"Armenia", "Russia"} <= parties  # signed with Russia, in a Yerevan story
    assert {("Tornado-G", "Armenia"), ("Repellent-1", "Armenia")} <= facts(result, "SUPPLIED_TO")
    assert ("combat drones", "Iran") not in facts(result, "SUPPLIED_BY")  # only asked whether


def test_a_quoted_minister_tells_his_own_talks_and_arrival(extractor: Extractor) -> None:
    result = extract(extractor, (
        "YEREVAN, May 21. /TASS/. Russian Foreign Minister Sergey Lavrov spoke at the university.\n"
        "\"Last year my colleague was in Moscow, and now I have arrived here. Our talks today and the meeting with "
        "the President [of Armenia Vaagn Khachaturyan] were useful,\" Lavrov said.\n"
        "Later a meeting of the European Political Community, proposed by French President Emmanuel Macron, "
        "took place."))
    meetings = [sorted(e.props["participants"]) for e in result.entities if e.label == "Meeting"]
    assert ["Sergey Lavrov", "Vaagn Khachaturyan"] in meetings
    assert not any("Emmanuel Macron" in m for m in meetings)  # he proposed that meeting
    assert ("Sergey Lavrov", "Yerevan") in facts(result, "VISITED")  # "I have arrived here"


def test_offices_told_before_a_comma_after_a_name_or_near_a_body(extractor: Extractor) -> None:
    result = extract(extractor, (
        "The Azerbaijani Defense Ministry’s press secretary, Colonel Vagif Dargahli, said the army was ready. "
        "Rosoboronexport will deliver more systems, Alexander Mikheyev, the arms exporter's director general, said. "
        "The commander of the Russian peacekeeping contingent temporarily deployed in Azerbaijan’s Karabakh region, "
        "Lieutenant General Rustam Muradov, visited the centre. "
        "A CSTO mission led by Secretary General Stanislav Zas toured the border areas."))
    positions = facts(result, "HOLDS_POSITION")
    assert {("Vagif Dargahli", "Azerbaijani Defense Ministry"), ("Alexander Mikheyev", "Rosoboronexport"),
            ("Stanislav Zas", "Collective Security Treaty Organization")} <= positions
    assert any(p == "Rustam Muradov" and "peacekeep" in o for p, o in positions)


def test_signers_told_in_clefts_relative_clauses_and_by_their_roles(extractor: Extractor) -> None:
    result = extract(extractor, (
        "Russian Defense Minister Sergei Shoigu and Armenian Defense Minister Vigen Sargsyan signed the agreement "
        "on the Joint Group of Forces in Moscow in 2016. The deal complements the agreement on a joint regional "
        "air-defense system in the Caucasus, to which Shoigu and then-Defense Minister Seyran Ohanyan affixed their "
        "signatures in December 2015. "
        "It was Finance Minister Vardan Aramyan who signed the loan agreement on behalf of Yerevan."))
    agreements = {e.key: e.name for e in result.entities if e.label == "Agreement"}
    signed: dict[str, set[str]] = {}
    for person, key in facts(result, "SIGNED"):
        signed.setdefault(agreements[key], set()).add(person)
    assert len(agreements) == 3, agreements
    air = next(name for name in signed if "air-defense" in name)
    forces = next(name for name in signed if "Joint Group" in name)
    assert signed[air] == {"Sergei Shoigu", "Seyran Ohanyan"}
    assert "Seyran Ohanyan" not in signed[forces]
    assert any("Vardan Aramyan" in people for people in signed.values())


def test_the_minister_and_the_head_of_the_delegation_signed(extractor: Extractor) -> None:
    result = extract(extractor, (
        "On 17 March, Minister of Defence of the Republic of Armenia Seyran Ohanyan received the delegation of the "
        "Ministry of Defence of the Russian Federation headed by State Secretary – Deputy Minister of Defence of "
        "the Russian Federation, Army General Nikolai Pankov.\n"
        "Following the talks, the Minister and the head of the Russian delegation signed the Agreement on the Joint "
        "Use of Training Ranges."))
    assert {"Seyran Ohanyan", "Nikolai Pankov"} <= {p for p, _ in facts(result, "SIGNED")}
