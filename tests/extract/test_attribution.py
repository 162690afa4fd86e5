"""Reported speech and claimant types (attribution.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from warclaims.extract import attribution
from warclaims.extract.pipeline import build_nlp, extract_article
from warclaims.models import Article


@pytest.fixture(scope="module")
def claimants():
    nlp = build_nlp()

    def read(text: str, outlet: str | None = "outlet"):
        doc = nlp(text)
        speakers = attribution.ArticleSpeakers.of(doc, outlet)
        out = []
        for sent in doc.sents:
            out.append([(a.claimant, a.claimant_type) for a in attribution.sentence_attributions(speakers, sent)])
        return out

    return read


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("the Syrian Observatory for Human Rights", "monitor_ngo"),
        ("a monitor", "monitor_ngo"),
        ("the White Helmets", "monitor_ngo"),
        ("local activists in Deir ez-Zor", "activist_local"),
        ("Syrian opposition activists", "activist_local"),
        ("state news agency SANA", "state_media"),
        ("the Russian army", "military"),
        ("YPG spokesman Redur Xelil", "military"),
        ("a source at Aleppo Police Command", "government"),
        ("local authorities", "government"),
        ("The Syrian Coalition", "rebel_group"),
        ("MSF", "international_org"),
        ("the Daesh-linked Aamaq news agency", "other"),
        ("officials", "other"),
        ("local media", "news_outlet"),
    ],
)
def test_claimant_types_from_data_file(phrase, kind):
    assert attribution.claimant_type(phrase) == kind


def test_outlet_name_is_news_outlet():
    assert attribution.claimant_type("sana", outlet="sana") == "news_outlet"


def test_said_told_according_to(claimants):
    found = claimants(
        "Two people were killed, a source at Aleppo Police Command told SANA. "
        "Five were injured, according to the Syrian Observatory for Human Rights. "
        "The Russian army said in a statement that 60 soldiers were killed."
    )
    assert found == [
        [("a source at Aleppo Police Command", "government")],
        [("the Syrian Observatory for Human Rights", "monitor_ngo")],
        [("The Russian army", "military")],
    ]


def test_pronoun_takes_last_claimant(claimants):
    found = claimants("The Observatory reported heavy fighting. It said 40 fighters were killed.")
    assert found[1] == [("The Observatory", "monitor_ngo")]


def test_subjectless_said_after_stripped_punctuation(claimants):
    # FA-KES text lost its commas (gold 1926479296)
    found = claimants(
        "Coalition war planes carried out 10 air strikes to try to repel the assault the Syrian Observatory "
        "for Human Rights reported."
    )
    assert found[0] == [("the Syrian Observatory for Human Rights", "monitor_ngo")]


def test_two_claimants_at_once(claimants):
    # gold 1962495675
    found = claimants(
        "The observatory and the Reuters news agency said on Tuesday that at least 23 people had been killed."
    )
    assert [c for c, _ in found[0]] == ["The observatory", "the Reuters news agency"]


def test_quotation_across_sentences(claimants):
    found = claimants(
        "Speaking to ARA News, media activist Muhammad Mardoud said: “ISIS militants tightened their siege. "
        "The strikes hit inside the airport, killing 12 of them.”"
    )
    assert found[1] == [("media activist Muhammad Mardoud", "activist_local")]


def test_unattributed_sentence_has_no_claimant(claimants):
    assert claimants("Russian air strikes in Aleppo killed ten civilians on Tuesday.") == [[]]


def test_two_subjectless_claimants(claimants):
    # gold 1918398799: the figure is stated by both (two claims, one quote)
    found = claimants(
        "Airstrikes on Daesh-held villages in northern Syria killed at least 85 civilians on Tuesday as intense "
        "fighting was underway between the militants and U.S.-backed forces Syrian opposition activists and "
        "the extremist group said."
    )
    assert [c for c, _ in found[0]][-1] == "the extremist group"
    assert len(found[0]) == 2


def test_subject_who_puts_the_toll_is_the_claimant(claimants):
    """Regression (FA-KES asharqalawsat, Khan Shaykhun 2017-04-04): "X put the death toll at 58"
    was left to the outlet because "put" is also the casualty trigger."""
    [first] = claimants(
        "The Britain-based Syrian Observatory for Human Rights monitoring group put the death toll "
        "at 58 saying there were 11 children among the dead."
    )
    assert first and first[0][1] == "monitor_ngo" and "Observatory" in first[0][0]


# Claimants are speakers (issue 11): sentences written for these tests, not from the gold.

def _names(found):
    return [name for sentence in found for name, _ in sentence]


def test_speaker_after_the_verb_not_the_substance_before_it(claimants):
    found = claimants("Helicopters dropped barrels filled with chlorine said Ahmad Hassan head of the "
                      "local health directorate adding that nine people had died.")
    assert _names(found) and "chlorine" not in _names(found)[0] and "Hassan" in _names(found)[0]


def test_place_before_an_inverted_verb_is_not_the_speaker(claimants):
    found = claimants("Four children were killed when a shell hit the village of Kafr Zita said the "
                      "Syrian Observatory for Human Rights.")
    assert _names(found) == ["the Syrian Observatory for Human Rights"]


def test_photographs_speak_for_who_circulated_them(claimants):
    found = claimants("Videos posted by local activists showed at least 20 bodies in a mosque courtyard.")
    assert _names(found) == ["local activists"]


def test_a_document_nobody_made_is_no_claimant(claimants):
    assert claimants("Satellite images showed that 30 buildings were destroyed.") == [[]]


def test_participle_takes_the_subject_of_its_clause(claimants):
    found = claimants("The civil defence raised its toll for the raid on Maarat al-Numan on Sunday, "
                      "saying 11 people had died.")
    assert _names(found) == ["The civil defence"]


def test_a_day_after_the_verb_never_speaks_not_from_gold(claimants):
    # unpunctuated (as FA-KES text): the parse hangs "four" on the speaker's name
    found = claimants("Rockets hit the market in Jableh killing two people and wounding four "
                      "Latakia Governor Ibrahim Khodr said Monday.")
    assert _names(found) == ["Latakia Governor Ibrahim Khodr"]


def test_a_short_description_refers_back_to_the_claimant_named_before_not_from_gold(claimants):
    found = claimants("The Syrian Observatory for Human Rights said 12 people were killed in Saraqeb. "
                      "The monitoring group said the toll could rise. "
                      "The monitor said four more people died overnight.")
    assert _names(found) == ["The Syrian Observatory for Human Rights"] * 3
    # a description naming someone is a name of its own, not a reference back
    found = claimants("A Syrian army officer said 20 soldiers were killed. The Russian army said 30 soldiers died.")
    assert _names(found) == ["A Syrian army officer", "The Russian army"]
    # with no claimant of its kind named before, the description stays as written
    assert _names(claimants("The monitor said four people died in Saraqeb.")) == ["The monitor"]


def test_villages_read_back_from_the_verb_do_not_speak_not_from_gold(claimants):
    found = claimants("Government troops took the village of Kafr Hamra while clashes raged in Hreitan and "
                      "Anadan said the Observatory. It added that at least 9 rebels were killed.")
    assert _names(found) == ["the Observatory", "the Observatory"]


def _claimants_of_text(text: str) -> list[str]:
    """Return the claimants of the claims the whole pipeline reads from one text."""
    extraction = extract_article(Article(id="t", text=text, published=dt.date(2019, 3, 4), outlet="outlet"))
    return [c.claimant for inc in extraction.incidents for c in inc.claims]


def test_speaker_after_a_day_or_a_place_when_the_attack_is_parsed_as_subject_not_from_gold(claimants):
    # unpunctuated: the parse makes the blast the subject of "said"; the speaker is the
    # phrase before the verb, cut at the day, the place or the counted victims before it
    assert _claimants_of_text("A car bomb blast killed at least three people and wounded another seven in "
                              "the town of Jableh on Monday state television said.") == ["state television"]
    assert _claimants_of_text("Five civilians were killed by shelling on the outskirts of Daraa in southern "
                              "Syria Orient TV channel reported on Friday.") == ["Orient TV channel"]
    assert _claimants_of_text("Jets struck a field hospital in the countryside killing four nurses local "
                              "activists said Tuesday.") == ["local activists"]


def test_a_toll_that_reports_is_no_misparsed_subject_not_from_gold(claimants):
    found = _claimants_of_text("A first death toll from the shelling of the village of Kafr Nabl reported 9 "
                               "people were killed.")
    assert found == ["outlet"]


def test_who_blames_in_a_relative_clause_does_not_state_the_toll_not_from_gold(claimants):
    found = _claimants_of_text("At least 40 people died in the bombing that the opposition blames on "
                               "Russian jets.")
    assert found == ["outlet"]
    # a relative clause that holds the figure is the speaker's statement
    found = _claimants_of_text("Jets hit the market that the Observatory said killed 20 people.")
    assert found == ["the Observatory"]


def test_the_speaker_of_the_clause_holding_the_figure_states_it_not_from_gold(claimants):
    found = _claimants_of_text("State TV reported heavy damage while the health ministry said that eleven "
                               "people were killed in the raid on Douma.")
    assert found == ["the health ministry"]


def test_you_never_speaks_not_from_gold(claimants):
    assert _names(claimants("You can say 30 people died there.")) == []


def test_a_participle_without_its_own_subject_goes_on_reporting_the_outer_speaker_not_from_gold(claimants):
    found = _claimants_of_text("Activist Omar Haddad said Russian jets carried out intense raids on Mayadeen, "
                               "adding that twelve civilians were killed.")
    assert found == ["Activist Omar Haddad"]


def test_a_day_or_a_verb_the_parse_hangs_on_the_speaker_is_cut_from_the_name_not_from_gold(claimants):
    # when the speaker spoke is no part of who spoke
    found = claimants("Rebel commanders on Saturday said that government jets killed 14 fighters near Latamneh.")
    assert _names(found) == ["Rebel commanders"]
    # unpunctuated (as FA-KES text): the participle ending the statement is read into the name
    assert _names(claimants("Two civilians were killed and four wounded Al-Ikhbariya reported.")) == ["Al-Ikhbariya"]


@pytest.mark.parametrize(
    "text",
    [
        "The Syrian Observatory for Human Rights, a Britain-based monitoring group, said at least 12 people "
        "were killed in the strikes on Douma.",
        # unpunctuated: the parser makes the description a second subject of "said"
        "The Syrian Observatory for Human Rights a Britain-based monitoring group said at least 12 people "
        "were killed in the strikes on Douma.",
        # after the statement, the name and its description set off by commas
        "At least 12 people were killed in the strikes on Douma on Monday, the Syrian Observatory for Human "
        "Rights, a Britain-based monitoring group, said.",
    ],
)
def test_a_name_not_its_description_is_the_claimant_not_from_gold(claimants, text):
    assert [name.lower() for name in _names(claimants(text))] == ["the syrian observatory for human rights"]


def test_a_description_before_a_name_keeps_the_name_not_from_gold(claimants):
    found = claimants("The monitor, the Syrian Observatory for Human Rights, said 12 people were killed in Douma.")
    assert _names(found) == ["The monitor, the Syrian Observatory for Human Rights"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # unpunctuated: a place name ends the statement before the speaker read back from the verb
        ("Government forces killed 20 rebels in fighting near the rebel-held town of Al Bab local media reported.",
         "local media"),
        # the figure before the speaker's article is the toll, not part of the speaker
        ("The death toll from the car bomb in Azaz has risen to at least 40 a monitoring group said Monday.",
         "a monitoring group"),
        # a present-tense "reports" ending the sentence, tagged as a plural noun
        ("Air raids on the Shaar district killed at least 15 people on Sunday the Syrian Observatory for Human "
         "Rights reports.", "the Syrian Observatory for Human Rights"),
    ],
)
def test_a_speaker_after_unpunctuated_statement_not_from_gold(claimants, text, speaker):
    assert _names(claimants(text)) == [speaker]


def test_a_plural_noun_ending_a_sentence_is_no_speaker_not_from_gold(claimants):
    assert _names(claimants("Thirty people died in the strikes listed in hospital reports.")) == []


def test_speakers_with_a_place_after_them_not_from_gold(claimants):
    found = claimants("A suspected gas attack killed at least 40 people in the town of Saraqeb on Tuesday a war "
                      "monitor and medical workers in the area said.")
    assert _names(found) == ["a war monitor", "medical workers in the area"]


def test_a_participle_never_reads_back_a_speaker_not_from_gold(claimants):
    # the explosion (the clause's subject) cannot speak, and the evacuation point before "adding" is no speaker
    found = claimants("On Monday a car bomb killed at least 30 people near a checkpoint at the city gate adding "
                      "new fears for the truce.")
    assert _names(found) == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a town's name that goes on into an organisation's name is part of the speaker
        ("Ten civilians were killed in rocket attacks on Wednesday Aleppo Police Command said.", "Aleppo Police Command"),
        # a person named right after the town ends it too, though the tagger reads one name
        ("A helicopter struck a funeral and killed nine people in the Shaar district in Aleppo Omar Haddad told "
         "reporters.", "Omar Haddad"),
        ("A car bomb killed at least 34 people in a village in the central province of Hama state news agency "
         "SANA reported.", "state news agency SANA"),
        # a plural noun before a proper name ends the statement
        ("More than 70 people were wounded in such attacks Anadolu Agency reported.", "Anadolu Agency"),
        # a thing with a place after it is no speaker: the name after "said" is
        ("At least 20 people were killed in bomb attacks targeting the shrine in the suburbs of Damascus said the "
         "Syrian Observatory for Human Rights.", "the Syrian Observatory for Human Rights"),
    ],
)
def test_where_the_speaker_read_back_from_the_verb_begins_not_from_gold(claimants, text, speaker):
    assert _names(claimants(text)) == [speaker]


def test_more_verbs_of_reporting_name_the_speaker_not_from_gold(claimants):
    found = claimants(
        "Rebel shells killed four people in the Midan district on Monday, the governor pointed out. "
        "Six civilians were wounded in the shelling, the spokesman relayed."
    )
    assert [f[0][0] for f in found] == ["the governor", "the spokesman"]


def test_the_source_is_the_source_named_before_not_from_gold():
    # coreference of the claimant: a definite description takes the last speaker whose name holds
    # its head noun, if their kinds agree ("the monitoring group" is never a militant group)
    article = Article(
        id="t-coref", outlet="outlet", published=dt.date(2016, 10, 3),
        text=("Two people were killed when rocket shells hit the Midan neighborhood on Monday a source at Homs "
              "Police Command told SANA. The source added that five others were injured in the attack. "
              "The hard-line militant group said its fighters fired the rockets. "
              "The Syrian Observatory for Human Rights said three people were killed. "
              "The monitoring group said later that four people had died."),
    )
    claims = extract_article(article).incidents[0].claims
    named = {(c.killed.low if c.killed else None, c.injured.low if c.injured else None): c.claimant for c in claims}
    assert named[(None, 5)] == "a source at Homs Police Command"
    assert named[(4, None)] == "The Syrian Observatory for Human Rights"
    # a head noun ending in "ss" is no plural ("the witness" is not "the witne")
    article = Article(id="t-witness", outlet="outlet", published=dt.date(2016, 10, 3),
                      text=("A car bomb killed five people in the Midan neighbourhood, a witness from the district said. "
                            "The witness said five others were injured."))
    assert [c.claimant for c in extract_article(article).incidents[0].claims] == ["a witness from the district"] * 2


def test_who_released_the_figures_and_who_was_cited_speak_not_from_gold(claimants):
    found = claimants(
        "According to figures released by the health ministry 12 people were wounded in the shelling of Jaramana. "
        "State radio cited the governor as saying four people were killed in Jaramana."
    )
    assert [f[0][0] for f in found] == ["the health ministry", "the governor"]


@pytest.mark.parametrize("text, speaker", [
    # quotative inversion at the end of an unpunctuated sentence: the name after "said" speaks
    ("A mortar shell hit a school in a district loyal to President Bashar al-Assad said Hassan Omar.",
     "Hassan Omar"),
    # an absolute "with" clause is what goes on, not part of who speaks
    ("Thirty people died in Douma according to monitors with high-level diplomatic talks over the weekend "
     "failing to curb the bloodshed.", "monitors"),
    # the parser joins the attackers to the source: the agency speaks
    ("According to SANA news agency gunmen opened fire on a bus near Salamiyeh killing four people.",
     "SANA news agency"),
    # a singular source noun takes in where it is
    ("Six soldiers were killed near the airport an official at the Hama governorate said.",
     "an official at the Hama governorate"),
    # a reporting verb the tagger reads as a noun, after a source noun
    ("Three people were killed in the rocket attack on the Mezzeh district state news agency reports.",
     "state news agency"),
    ("Three people were killed in the rocket attack on Jaramana state media reports.", "state media"),
    # a short participle phrase says which group speaks; a relative clause does not
    ("Two civilians were killed in the blast in Azaz, a group tracking the violence said.",
     "a group tracking the violence"),
    ("Two people were killed in the blast, the Observatory, which monitors the conflict, said.",
     "the Observatory"),
    # a bracketed short name between the speaker and the verb
    ("Government shelling killed nine civilians near Al Bab in northern Syria the Syrian Observatory "
     "for Human Rights (SOHR) said on Friday.", "the Syrian Observatory for Human Rights"),
    # a town modifying the source's noun does not end a place phrase before it
    ("A shell killed two people in Homs a source at the Homs police command said.",
     "a source at the Homs police command"),
])
def test_speakers_in_unpunctuated_text_not_from_gold(claimants, text, speaker):
    assert [c for c, _ in claimants(text)[0]] == [speaker]


@pytest.mark.parametrize("text, speaker", [
    # a toll or information nobody is said to have made names no speaker: the outlet's own
    ("Nine civilians have been killed in Saraqeb according to the latest death toll.", None),
    ("According to initial information six people were killed and 30 injured in Jableh.", None),
    # a reporting verb of the same sentence may still name who speaks
    ("According to the latest toll, 20 people died in Saraqeb, the Observatory said.", "the Observatory"),
    # the source named on the toll states it
    ("According to an Observatory toll 40 fighters were killed in the battle for Palmyra.", "Observatory"),
])
def test_according_to_a_toll_names_its_maker_or_no_one_not_from_gold(claimants, text, speaker):
    assert [f[0][0] for f in claimants(text) if f] == ([speaker] if speaker else [])
