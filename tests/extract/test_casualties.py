"""Casualty relations (casualties.py): figure <-> killed/injured binding on real article sentences."""

from __future__ import annotations

import pytest

from warclaims.extract.casualties import DOC_ATTR
from warclaims.extract.pipeline import build_nlp
from warclaims.models import Interval


@pytest.fixture(scope="module")
def mentions():
    nlp = build_nlp()

    def read(sentence: str):
        doc = nlp(sentence)
        return [(m.kind, m.interval, m.victims) for m in doc._.get(DOC_ATTR)]

    return read


def iv(low, high):
    return Interval(low=low, high=high)


def test_example_lead_killed_and_injured(mentions):
    # data/examples/ara-news-deir-ez-zor-2016-09.txt, lead sentence
    found = mentions(
        "At least 60 Syrian army soldiers were killed and about 100 more were injured in airstrikes by "
        "the anti-ISIS coalition in Syria’s eastern Deir ez-Zor province, officials said on Sunday."
    )
    assert found[0] == ("killed", iv(60, None), "combatants")
    assert found[1][:2] == ("injured", iv(100, 100))


def test_subgroup_inside_total_is_not_a_figure(mentions):
    # gold 1923102878: "18 people including five children and two women" -> one figure, civilians
    found = mentions(
        "An airstrike by Russian warplanes on Saturday killed 18 people including five children and two "
        "women in the rebel stronghold of Urom al-Joz in Syrias Idlib province."
    )
    assert found == [("killed", iv(18, 18), "civilians")]


def test_sum_of_groups(mentions):
    # gold 1926479296: "45 Islamic State militants and 20 Kurdish militia fighters" -> 65
    found = mentions("It said at least 45 Islamic State militants and 20 Kurdish militia fighters had been killed.")
    assert found == [("killed", iv(65, None), "combatants")]


def test_killed_and_wounded_in_one_clause(mentions):
    # gold 1924058075 lead
    found = mentions(
        "Twin car bomb explosions in the central Syrian city of Homs on Wednesday killed at least 18 people "
        "mostly children and wounded 40 others state news agency SANA said."
    )
    assert [(k, i) for k, i, _ in found] == [("killed", iv(18, None)), ("injured", iv(40, 40))]
    assert found[0][2] == "civilians"


def test_death_toll_rose_to(mentions):
    found = mentions("The death toll rose to 18 from 15.")
    assert found == [("killed", iv(18, 18), "unknown")]


def test_put_the_toll_at(mentions):
    # gold 1918398799 (Anadolu Agency)
    found = mentions(
        "Turkeys official Anadolu Agency put the death toll at least at 85 adding that 50 civilians were "
        "also wounded in airstrikes."
    )
    assert [(k, i) for k, i, _ in found] == [("killed", iv(85, None)), ("injured", iv(50, 50))]


def test_lost_their_lives_and_claimed_the_lives(mentions):
    assert mentions("Eighteen people lost their lives.")[0][:2] == ("killed", iv(18, 18))
    # gold 1926479106
    found = mentions(
        "On April 4 a chemical weapons incident in Syrias Idlib province claimed the lives of some 80 people "
        "and inflicted harm on an additional 200 civilians."
    )
    assert [(k, i) for k, i, _ in found] == [("killed", iv(80, 80)), ("injured", iv(200, 200))]


def test_killing_and_wounding_is_a_combined_count(mentions):
    # the example article: "killing and wounding dozens of them" is neither a killed nor an injured figure
    assert mentions("The other strikes hit inside the airport killing and wounding dozens of them.") == []


def test_separate_vague_injured_does_not_hide_killed(mentions):
    # gold 1926479080
    found = mentions("At least five civilians were killed and many more wounded in the attack.")
    assert found == [("killed", iv(5, None), "civilians")]


def test_single_person_and_woman_injured(mentions):
    # gold 1965511200
    found = mentions(
        "A mortar shell fired by terrorists on al-Wafideen Camp on Saturday left a child dead and a woman injured."
    )
    assert [(k, i) for k, i, _ in found] == [("killed", iv(1, 1)), ("injured", iv(1, 1))]


def test_numbers_that_are_not_casualties(mentions):
    assert mentions("The Security Council adopted Resolution 2254 in 2015 by 15 votes.") == []
    assert mentions("The 12.7 mm gun fired at 1030 on 40 percent of the area.") == []


def test_partitive_of_the_dead_is_a_subgroup(mentions):
    # gold 1923102901: "at least 14 of the dead were rebels" is not a toll
    assert mentions("The Syrian Observatory for Human Rights said at least 14 of the dead were rebels.") == []


def test_counted_things_are_not_victims(mentions):
    # FA-KES 1924058083: "those killed in two attacks include 14 children" - "two" counts attacks
    found = mentions(
        "Syrian Observatory for Human Rights says those killed in two attacks include 14 children and four women."
    )
    assert all(i != Interval(low=2, high=2) for _, i, _ in found)
    # FA-KES 1923102944: "a rebel offensive" is not one rebel killed
    assert mentions("Syrian regime forces repel a rebel offensive on the city.") == []


def test_sustained_injuries(mentions):
    # FA-KES 1965511211
    found = mentions("The source added that two civilians were killed and 4 others sustained serious injuries.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(2, 2)), ("injured", iv(4, 4))]


def test_reported_injured_and_dozens_more_wounded(mentions):
    # gold 1965511177 and 1923848168
    found = mentions("Three other civilians were reported injured as a third shell fell in al-Masharqeh neighborhood.")
    assert [(k, i) for k, i, _ in found] == [("injured", iv(3, 3))]
    found = mentions(
        "There are at least 56 dead including 11 children and dozens more wounded including some in critical "
        "condition said Rami Abdel Rahman."
    )
    assert [(k, i) for k, i, _ in found] == [("killed", iv(56, None)), ("injured", iv(24, None))]


def test_single_people_coordinated_are_summed(mentions):
    # gold 1926479142: "One mother and her child" -> 2
    found = mentions("One mother and her child have died after an aerial bomb targeted their home.")
    assert found == [("killed", iv(2, 2), "civilians")]
    # gold 1923848187: "A woman and her three children as well as another child" -> 5
    found = mentions(
        "A woman and her three children as well as another child were killed when helicopters dropped a barrel bomb."
    )
    assert found == [("killed", iv(5, 5), "civilians")]


def test_gerund_noun_is_a_trigger_not_from_gold():
    from warclaims.extract.pipeline import build_nlp
    from warclaims.models import Interval

    doc = build_nlp()("The car bomb led to the killing of one person and the wounding of 12 others in Jableh.")
    found = [(m.kind, m.interval) for m in doc._.wc_casualties]
    assert ("killed", Interval(low=1, high=1)) in found and ("injured", Interval(low=12, high=12)) in found


def test_a_count_that_did_the_killing_is_not_a_toll_not_from_gold():
    from warclaims.extract.pipeline import build_nlp
    from warclaims.models import Interval

    nlp = build_nlp()
    doc = nlp("Dozens of barrel bombs killed at least 11 people in Daraya on Friday.")
    assert [(m.kind, m.interval) for m in doc._.wc_casualties] == [("killed", Interval(low=11, high=None))]
    doc = nlp("Four children died when a shell hit their school.")  # intransitive: the subject died
    assert [(m.kind, m.interval) for m in doc._.wc_casualties] == [("killed", Interval(low=4, high=4))]


def test_bare_person_noun_coordinated_with_one_counts_not_from_gold(mentions):
    assert mentions("A man and boy died when a mortar landed on their car in Jobar.") == [
        ("killed", iv(2, 2), "civilians")
    ]


def test_one_definite_person_killed_counts_one_not_from_gold(mentions):
    assert mentions("Government troops killed the rebel commander Abu Omar near Hama.") == [
        ("killed", iv(1, 1), "combatants")
    ]
    assert mentions("Opposition leader Hassan Aboud was killed in an explosion.")[0][:2] == ("killed", iv(1, 1))
    # plural or several patients are no single figure
    assert mentions("Government troops killed the commanders near Hama.") == []
    assert mentions("Gunmen killed the commander and his deputy.") == []


def test_destroying_people_is_killing_them_not_from_gold(mentions):
    assert mentions("Russian aircraft destroyed up to 40 militants near Palmyra.") == [
        ("killed", iv(None, 40), "combatants")
    ]
    assert mentions("The jets destroyed 15 armoured vehicles.") == []
    assert mentions("The army said it eliminated 25 terrorists in the countryside.")[0][:2] == ("killed", iv(25, 25))


def test_toll_subject_misparsed_as_a_clause_not_from_gold(mentions):
    found = mentions(
        "The death toll from a car bomb blast at a checkpoint guarding families displaced from "
        "eastern villages has risen to 43, the monitor said."
    )
    assert found[0][:2] == ("killed", iv(43, 43))


def test_a_figure_that_is_the_object_of_another_verb_is_not_a_toll_not_from_gold(mentions):
    # page furniture before the lead (a news site's share counters) is not a casualty figure
    assert mentions("Get short URL 0 37 Three soldiers were killed in an ambush near Deraa.") == [
        ("killed", iv(3, 3), "combatants")
    ]
    assert mentions("The shelling left 14 people dead.") == [("killed", iv(14, 14), "unknown")]


def test_toll_risen_to_read_when_the_parse_loses_the_subject_not_from_gold(mentions):
    # no commas: the parser loses the toll as the subject of "risen"
    found = mentions(
        "Reuters - The death toll in twin bombings on a crowded market in the government-held city "
        "has risen to at least 48 a medical source said on Tuesday."
    )
    assert found and found[0][:2] == ("killed", iv(48, None))
    assert mentions("The number of refugees has risen to 30 in the camp.") == []


def test_vague_count_of_a_noun_binds_through_that_noun_not_from_gold(mentions):
    assert mentions("Three soldiers were killed and a number of others wounded in the ambush.") == [
        ("killed", iv(3, 3), "combatants"),
        ("injured", iv(3, None), "unknown"),
    ]
    assert mentions("The rockets killed tens of people in the camp.")[0][:2] == ("killed", iv(20, None))
    assert mentions("Doctors treated several dozen wounded after the blast.")[0][:2] == ("injured", iv(24, None))


def test_a_figure_inside_the_attacking_phrase_is_not_a_toll_not_from_gold(mentions):
    # the walk from "one" reaches "killed" through its subject ("a strike on one of ...")
    found = mentions("Witnesses said a strike on one of the bakeries in Atareb killed nine people.")
    assert found == [("killed", iv(9, 9), "unknown")]


def test_a_figure_in_a_coordinated_clause_of_its_own_is_no_death_toll_not_from_gold(mentions):
    # the twelve did not die: their clause says something else of them
    found = mentions("Three people were killed and 12 others remain missing after the raid on Ariha.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(3, 3))]


def test_harm_next_to_the_dead_counts_as_injured_not_from_gold(mentions):
    found = mentions("Four people died and 15 others experienced breathing difficulties after the shelling of Kafr Zita.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(4, 4)), ("injured", iv(15, 15))]
    found = mentions("The gas attack killed at least 30 civilians and left scores suffering convulsions.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(30, None)), ("injured", iv(40, None))]
    found = mentions("At least 9 people were killed on Monday and dozens more received treatment for choking.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(9, None)), ("injured", iv(24, None))]
    # without a death figure beside it, a harm verb alone is no injury figure ("treated" mixes both)
    assert mentions("Doctors treated 40 people at the field hospital in Saraqeb.") == []


def test_group_joined_to_the_verb_is_summed_not_from_gold(mentions):
    # the parser hangs "as well as dozens of civilians" on the verb, not on "fighters": still one toll
    found = mentions("A rebel commander said 15 fighters who guarded the checkpoint were killed as well as "
                     "dozens of civilians.")
    assert found == [("killed", iv(39, None), "mixed")]


def test_vague_group_coordinated_through_of_is_summed_not_from_gold(mentions):
    found = mentions("Government forces killed 12 rebels as well as scores of their relatives in Harasta, "
                     "the monitor said.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(52, None))]


def test_others_of_the_same_kind_add_to_the_toll_not_from_gold(mentions):
    found = mentions("The Observatory said 14 civilians were killed in raids on Kafr Nabl while three others were "
                     "killed in the nearby village of Hass.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(17, 17))]
    # "others" with no casualty verb of their own add nothing
    found = mentions("Shells hit the market causing the death of one civilian and injury of 13 others.")
    assert ("killed", iv(14, 14)) not in [(k, i) for k, i, _ in found]
    # others of another kind stay apart: killed 3, injured 10
    found = mentions("Three people were killed and 10 others were wounded when a rocket hit the Midan district.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(3, 3)), ("injured", iv(10, 10))]


def test_partitive_aside_gives_the_victims_not_from_gold(mentions):
    found = mentions("Warplanes struck a market in the town of Saraqeb on Monday, killing 23 people, many of "
                     "them women and children, the monitor said.")
    assert found == [("killed", iv(23, 23), "civilians")]
    found = mentions("The strikes killed 40 people most of whom were rebel fighters according to the monitor.")
    assert found == [("killed", iv(40, 40), "combatants")]
    # an aside that names no people leaves the class unknown
    found = mentions("The attack killed 30 people, many of them inside the mosque.")
    assert found == [("killed", iv(30, 30), "unknown")]


def test_an_earlier_events_after_clause_gives_way_to_the_news_not_from_gold(mentions):
    found = mentions("Four days after a car bomb killed 126 evacuees at Rashidin, another bomb struck the "
                     "Salaheddin district of Aleppo on Wednesday, killing six people, state media said.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(6, 6))]
    # alone, the clause's figure is the sentence's news
    found = mentions("Residents fled the town on Monday after an airstrike killed 12 people, activists said.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(12, 12))]


def test_a_trigger_beyond_another_figure_is_that_figures_not_from_gold(mentions):
    # the parser hangs "wounded" on "civilians"; the 13 are a subgroup of the dead, the 30 the wounded
    found = mentions("The monitor said at least 20 people were killed including 13 civilians and more than 30 "
                     "wounded in the blasts.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(20, None)), ("injured", iv(31, None))]


def test_wounded_or_missing_is_no_count_of_the_wounded_not_from_gold(mentions):
    assert mentions("The toll was expected to rise because dozens of people had been wounded or were still "
                    "missing after the attack.") == []
    # "killed or died of their wounds" is one kind: still a toll
    assert [(k, i) for k, i, _ in mentions("Twelve people were killed or died of their wounds.")] == [
        ("killed", iv(12, 12))]


def test_a_counted_nouns_own_passive_verb_binds_its_figure_not_from_gold(mentions):
    # unpunctuated, the parser hangs "people" on the earlier "killed"; "were injured" is the 160's verb
    found = mentions("As well as those killed at least 160 people were injured it said.")
    assert [(k, i) for k, i, _ in found] == [("injured", iv(160, None))]
    found = mentions("One child was killed and two others were injured on Monday in the shelling.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(1, 1)), ("injured", iv(2, 2))]
    # a subgroup under "including" stays a subgroup
    found = mentions("Eleven civilians including four children were killed in the raids.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(11, 11))]


def test_figure_in_a_because_clause_is_not_the_toll_not_from_gold(mentions):
    # the figure counts the missing of the "because" clause, not the toll the main clause names
    found = mentions("Rescuers said the death toll was expected to climb because 15 residents were still missing in Jisr al-Shughur.")
    assert found == []
    found = mentions("The toll may rise as a number of people remain trapped under the rubble in Douma.")
    assert found == []
    # the clause's own trigger still reads its own figure
    found = mentions("The toll rose to 12 because three of the wounded died in hospital in Azaz.")
    assert [(k, i) for k, i, _ in found][0] == ("killed", iv(12, 12))


def test_part_of_the_dead_already_counted_is_no_toll_not_from_gold(mentions):
    # "of those killed", "the dead included", "among them": a part of a total, never a toll
    assert mentions("The monitor identified seven of those killed in Tal Rifaat as rebel fighters.") == []
    assert mentions("Those killed in the raid on Kafr Batna included nine members of one family.") == []
    found = mentions("The raids on Hraytan killed 40 fighters, among them at least six children.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(40, 40))]


def test_one_more_dies_along_with_those_counted_not_from_gold(mentions):
    found = mentions("The brigade commander was killed along with two of his aides in the raid on Tal Abyad.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(3, 3))]
    # a counted subject: the two figures are two groups of one toll, not one more
    found = mentions("Seven people were killed along with two soldiers near Tal Abyad.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(9, 9))]


@pytest.mark.parametrize("sentence, total", [
    ("At least 14 rebels were killed along with five fighters of the Nusra Front near Marea.", iv(19, None)),
    ("The strike killed 11 women together with four children in the village.", iv(15, 15)),
    # the parser hangs the second group on the first group's modifier ("from Hezbollah")
    ("The drone hit a truck near Jubata killing two men from Hezbollah and three men from the local militia.",
     iv(5, 5)),
])
def test_groups_coordinated_past_a_modifier_or_along_with_are_summed_not_from_gold(mentions, sentence, total):
    assert [(k, i) for k, i, _ in mentions(sentence)] == [("killed", total)]


def test_a_participle_with_its_own_object_does_not_take_the_figure_before_it_not_from_gold(mentions):
    # unpunctuated "killing eight people injuring 55 persons": "injuring" has its own object
    found = mentions("Rebels fired rocket shells on the Hamdaniyeh district killing six people injuring more than 30 persons.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(6, 6)), ("injured", iv(31, None))]
    found = mentions("The mortar shells claimed the lives of two children injuring nine others in Jaramana.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(2, 2)), ("injured", iv(9, 9))]


def test_a_side_that_lost_fighters_lost_them_dead_not_from_gold(mentions):
    found = mentions("Islamic State lost at least 15 fighters in the battle for the village of Arima.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(15, None))]
    assert mentions("The army lost control of three villages near Arima.") == []
    # people counted through a quantity noun
    found = mentions("The army lost dozens of soldiers in the battle for Palmyra.")
    assert [k for k, _, _ in found] == ["killed"]
    assert mentions("The army lost dozens of tanks in the battle for Palmyra.") == []


def test_leaving_people_dead_after_an_aside_binds_the_whole_not_from_gold(mentions):
    found = mentions("Barrel bombs hit the market in Darayya leaving 23 civilians – including nine children – dead.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(23, 23))]  # the nine are among the 23


def test_leaving_people_wounded_after_a_comma_aside_binds_the_whole_not_from_gold(mentions):
    # the parser hangs "wounded" on the main verb, outside the object's phrase
    found = mentions("The shelling killed four people in Douma, leaving 23 others, including nine children, wounded.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(4, 4)), ("injured", iv(23, 23))]
    found = mentions("The shelling left 23 people, including nine children, wounded.")
    assert [(k, i) for k, i, _ in found] == [("injured", iv(23, 23))]


@pytest.mark.parametrize("sentence, word, earlier", [
    # a casualty verb heading the "after" clause tells an earlier event, and where it was
    ("Four days after a car bomb killed 30 people at Jibreen, another bomb struck Sukkari.", "Jibreen", True),
    ("Four days after a car bomb killed 30 people at Jibreen, another bomb struck Sukkari.", "Sukkari", False),
    # an "after" clause that tells no casualties is the cause of the deaths told, and its place theirs
    ("A woman and a boy were killed after rebels shelled the Bab Touma district, state media said.", "Bab Touma", False),
    # an attack of its own in the main clause: the "after" clause's attack came before, even with no deaths
    ("Two days after government jets bombed a hospital in Ariha, an air strike killed 10 people in Saraqeb.",
     "Ariha", True),
])
def test_an_after_clause_is_an_earlier_event_only_when_it_tells_deaths_not_from_gold(sentence, word, earlier):
    from warclaims.extract.casualties import told_as_earlier_at

    doc = build_nlp()(sentence)
    assert told_as_earlier_at(doc, sentence.index(word)) is earlier


@pytest.mark.parametrize("sentence, expected", [
    # commas lost between two clauses: "injured" has a counted object of its own
    ("A car bomb killed 14 people injured 60 on Sunday near the bus station in Qamishli.",
     [("killed", iv(14, 14)), ("injured", iv(60, 60))]),
    ("The shelling killed at least nine civilians wounded dozens in the old quarter.",
     [("killed", iv(9, None)), ("injured", iv(24, None))]),
    # a participle with no counted object still tells what befell the figure before it
    ("The raid left 20 people killed and over 300 wounded mostly women in the camp.",
     [("killed", iv(20, 20)), ("injured", iv(301, None))]),
])
def test_a_verb_with_a_counted_object_opens_its_own_clause_not_from_gold(mentions, sentence, expected):
    assert [(k, i) for k, i, _ in mentions(sentence)] == expected


def test_a_toll_figure_the_tagger_takes_for_a_date_is_the_toll_not_from_gold(mentions):
    # spaCy's NER tags the bare "45" a DATE; as the toll's figure it counts the dead
    found = mentions("A doctor at the hospital told Reuters the death toll from the strikes was 45.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(45, 45))]
    # a year stays a year, even after a toll word
    assert mentions("The toll stood at 2015, the ministry said.") == []


def test_a_list_of_single_people_the_parser_reads_as_an_aside_is_summed_not_from_gold(mentions):
    # "a mother" hangs on "a father" as an appositive; the three died
    found = mentions("A father, a mother and a son were killed when a shell hit their home in Douma.")
    assert [(k, i) for k, i, _ in found] == [("killed", iv(3, 3))]
    # a subgroup of counted people stays inside its total
    found = mentions("At least 23 civilians, among them eight children and six women, were killed in Douma.")
    assert found[0][:2] == ("killed", iv(23, None))


def test_one_person_named_by_two_nouns_is_one_dead_not_from_gold(mentions):
    # "girl" modifies "child": one person, not a modifier counting nothing ("a rebel offensive")
    assert [(k, i) for k, i, _ in mentions("A girl child was killed by a rocket shell in Hamadaniyeh.")] == [
        ("killed", iv(1, 1))]
    assert mentions("A rebel offensive began near Hamadaniyeh.") == []
