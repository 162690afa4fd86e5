"""Incident assembly (pipeline.py): the example article's gold, and input limits that must not crash."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from warclaims.extract.pipeline import (
    EXTRACTOR_VERSION,
    MAX_TEXT_CHARS,
    extract_article,
    extract_articles,
    extraction_json,
)
from warclaims.models import Article, Interval

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt"
EXAMPLE_GOLD = REPO / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.gold.json"


@pytest.fixture(scope="module")
def example():
    from warclaims.ingest import read_inputs

    article = next(iter(read_inputs([str(EXAMPLE)])))
    article.published = dt.date(2016, 9, 18)
    return article, extract_article(article)


def test_example_claims_match_gold(example):
    """Acceptance: the example article yields its gold claims (claimant, type, figures, quote)."""
    article, extraction = example
    gold = json.loads(EXAMPLE_GOLD.read_text(encoding="utf-8"))["incident"]
    incident = extraction.incidents[0]
    got = [
        (c.claimant, c.claimant_type, c.killed, c.injured, c.quote) for c in incident.claims
    ]
    want = [
        (
            c["claimant"],
            c["claimant_type"],
            Interval.from_dict(c["killed"]),
            Interval.from_dict(c["injured"]),
            c["quote"],
        )
        for c in gold["claims"]
    ]
    assert got == want
    for claim in incident.claims:
        start, end = claim.quote_span
        assert article.text[start:end] == claim.quote
    # who blames whom, per claim: the gold's blames (officials, the Russian army, the activists)
    assert [c.blames for c in incident.claims] == [c["blames"] for c in gold["claims"]]


def test_example_incident_fields(example):
    _, extraction = example
    incident = extraction.incidents[0]
    assert incident.killed == Interval(low=60, high=None)
    assert incident.injured == Interval(low=100, high=100)
    assert incident.victims == "combatants"
    assert incident.admin1 == "Deir ez-Zor"
    assert incident.event_type == "airstrike"
    assert incident.date == dt.date(2016, 9, 17)
    assert incident.spans["killed"][0] < incident.spans["injured"][0]
    assert extraction.extractor_version == EXTRACTOR_VERSION


def test_unattributed_figure_belongs_to_outlet():
    # FA-KES 1924058082 (trt): no source is named for the lead figure
    article = Article(
        id="1924058082",
        outlet="trt",
        title="Russian air strikes kill 10 civilians in Aleppo",
        published=dt.date(2016, 6, 8),
        text="8 Jun 2016 Russian air strikes in Aleppo Syria killed ten civilians on Tuesday.",
    )
    claim = extract_article(article).incidents[0].claims[0]
    assert (claim.claimant, claim.claimant_type, claim.killed) == ("trt", "news_outlet", Interval(low=10, high=10))


def test_headline_and_war_wide_total_are_not_claims():
    article = Article(
        id="t1",
        outlet="alaraby",
        title="Six killed in Idlib raid",
        text=(
            "Six killed in Idlib raid. An air raid killed six civilians in Idlib on Monday, activists said. "
            "The war has killed more than 320,000 people since it began in 2011."
        ),
        published=dt.date(2017, 4, 4),
    )
    claims = extract_article(article).incidents[0].claims
    assert [(c.killed, c.claimant) for c in claims] == [(Interval(low=6, high=6), "activists")]


def test_other_governorate_is_another_incident():
    # FA-KES 1923102878: the Homs bus bombing is not the Idlib strike's incident
    article = Article(
        id="t2",
        outlet="alaraby",
        text=(
            "An airstrike by Russian warplanes on Saturday killed 18 people in the rebel stronghold of "
            "Urum al-Joz in Syrias Idlib province. Also on Saturday Syrian state TV reported a bomb exploded "
            "aboard a bus near the central city of Homs killing one person and wounding 25."
        ),
        published=dt.date(2017, 4, 8),
    )
    incidents = extract_article(article).incidents
    assert incidents[0].killed == Interval(low=18, high=18)
    assert incidents[0].injured is None
    assert len(incidents) == 2 and incidents[1].index == 1


def test_empty_text_gives_no_incident():
    assert extract_article(Article(id="e", text="")).incidents == []


def test_non_english_text_gives_no_incident():
    text = "قتل 18 مدنيا في غارة جوية على إدلب يوم السبت، بحسب المرصد السوري لحقوق الإنسان."
    assert extract_article(Article(id="ar", text=text)).incidents == []


def test_no_incident_in_diplomatic_story():
    text = "The foreign ministers met in Geneva on Monday to discuss a political transition in Syria."
    assert extract_article(Article(id="d", text=text)).incidents == []


def test_contradictory_figures_in_one_sentence_keep_the_first():
    text = "An air strike killed 10 people in Idlib on Monday, or 12 people according to other reports killed."
    incident = extract_article(Article(id="c", text=text, outlet="x")).incidents[0]
    assert incident.killed == Interval(low=10, high=10)


@pytest.mark.slow
def test_one_megabyte_text_is_capped_not_crashed():
    sentence = "An air strike killed 10 people in Idlib on Monday, activists said. "
    text = sentence * (1_000_000 // len(sentence) + 1)
    extraction = extract_article(Article(id="big", text=text, outlet="x"))
    assert extraction.incidents
    spans = [c.quote_span for i in extraction.incidents for c in i.claims]
    assert max(end for _, end in spans) <= MAX_TEXT_CHARS


def test_extract_articles_keeps_input_order():
    articles = [
        Article(id=str(i), text=f"An air strike killed {n} people in Idlib on Monday.", outlet="x")
        for i, n in enumerate([3, 7, 11, 15, 19])
    ]
    out = list(extract_articles(articles, batch_size=2))
    assert [e.article_id for e in out] == ["0", "1", "2", "3", "4"]
    assert [e.incidents[0].killed.low for e in out] == [3, 7, 11, 15, 19]


def test_json_form_has_schema_keys(example):
    _, extraction = example
    data = extraction_json(extraction)
    incident = data["incidents"][0]
    for key in ("event_type", "date", "date_precision", "admin1", "place", "perpetrator", "perpetrator_text",
                "victims", "killed", "injured", "claims", "latitude", "longitude", "geo_precision",
                "confidence", "spans"):
        assert key in incident
    assert set(incident["claims"][0]) >= {"claimant", "claimant_type", "killed", "injured", "quote", "quote_span"}
    json.dumps(data)


def test_earlier_incident_is_not_the_main_one():
    # FA-KES 1924058151: the 2012 Houla massacre is background, not the 2017 strike's claim
    article = Article(
        id="t3",
        outlet="dailysabah",
        published=dt.date(2017, 4, 24),
        text=(
            "Assad regime airstrikes in the Houla region of Homs province killed five civilians and injured 15 "
            "on Sunday. The Assad regime first carried out a massacre in Houla on May 25 2012 during which 108 "
            "people were killed."
        ),
    )
    incidents = extract_article(article).incidents
    assert [c.killed for c in incidents[0].claims] == [Interval(low=5, high=5)]
    assert incidents[1].claims[0].killed == Interval(low=108, high=108)


def test_first_line_headline_without_title():
    # the example text pasted whole: its first line is the headline ("Dozens ... killed")
    article = Article(id="t4", text=EXAMPLE.read_text(encoding="utf-8"), published=dt.date(2016, 9, 18))
    assert extract_article(article).incidents[0].killed == Interval(low=60, high=None)


def test_short_english_brief_is_read_and_french_is_not():
    assert extract_article(Article(id="s", text="Five killed in Aleppo shelling.", outlet="x")).incidents
    french = "Cinq civils ont été tués dans une frappe aérienne à Alep samedi, selon l'Observatoire."
    assert extract_article(Article(id="f", text=french)).incidents == []


_ABDAH_TEXT = (
    "Saturday 23 April 2016 18:20 Abdah: Assads Bombing of Aleppo Encouraged by International Communitys "
    "Bias. At least 13 civilians mostly women and children were killed and over 30 others were wounded on "
    "Saturday when regime forces bombed a popular market in the District of Douma in Rural Damascus with "
    "heavy artillery. Activists said that at least 20 civilians including children were killed and many "
    "more wounded in intensifying aerial bombing of Aleppo on Friday by regime and Russian forces."
)


def test_headline_governorate_picks_the_main_incident():
    # FA-KES 1926479090: the article opens with a Douma market shelled on Saturday, but its
    # headline (and gold) is the bombing of Aleppo on Friday
    article = Article(
        id="t5", outlet="etilaf", published=dt.date(2016, 4, 23), text=_ABDAH_TEXT,
        title="Abdah: Assads Bombing of Aleppo Encouraged by International Communitys Bias",
    )
    incidents = extract_article(article).incidents
    assert incidents[0].admin1 == "Aleppo"
    assert incidents[0].date == dt.date(2016, 4, 22)
    assert incidents[0].killed == Interval(low=20, high=None)
    assert [i.index for i in incidents] == list(range(len(incidents)))
    assert any(i.admin1 == "Rif Dimashq" for i in incidents[1:])


def test_round_up_headline_keeps_the_first_claims_incident():
    # a headline naming two governorates (FA-KES 1965511200: "... in Damascus & Aleppo") does not
    # reorder: the first claim's incident stays the main one
    article = Article(
        id="t6", outlet="etilaf", published=dt.date(2016, 4, 23), text=_ABDAH_TEXT,
        title="Civilians killed in attacks in Aleppo and Idlib",
    )
    assert extract_article(article).incidents[0].admin1 == "Rif Dimashq"


def test_article_governorate_without_incident():
    # FA-KES 1923102855 (location hasakeh): air raids with no casualty figure give no
    # incident, but the article still reports on Hasakah
    from warclaims.extract.pipeline import extract_articles_with_governorate

    article = Article(
        id="t7", outlet="alaraby", published=dt.date(2016, 8, 19),
        title="Syrian regime bombs Kurdish fighters for second day",
        text=(
            "Syrian regime warplanes bombed Kurdish positions in the north-eastern city of Hassakeh on "
            "Friday as fighting between the two sides continued for a second day."
        ),
    )
    [(extraction, governorate)] = list(extract_articles_with_governorate([article]))
    assert extraction.incidents == []
    assert governorate == "Hasakah"
    [(_, none)] = list(extract_articles_with_governorate([Article(id="e2", text="")]))
    assert none is None


def _article(text, published=dt.date(2017, 5, 10)):
    return Article(id="bg", text=text, outlet="test", published=published)


def test_background_incident_keeps_its_own_date_never_the_articles():
    text = ("A car bomb killed 12 people in the town of Azaz on Tuesday, activists said. "
            "The blast came four years after the 2013 sarin attack on Ghouta, which killed more than "
            "1,400 people near Damascus, according to the United States. "
            "In August 2014 a barrel bomb killed 30 people in Douma, the Observatory said.")
    incidents = extract_article(_article(text)).incidents
    assert incidents[0].date == dt.date(2017, 5, 9) and incidents[0].admin1 == "Aleppo"
    recalled = {i.date_precision: i.date for i in incidents[1:]}
    assert recalled.get("year") == dt.date(2013, 1, 1)
    assert recalled.get("month") == dt.date(2014, 8, 1)
    assert all(i.date != dt.date(2017, 5, 9) for i in incidents[1:])


def test_background_incident_without_a_date_of_its_own_is_dropped():
    text = ("Shelling killed seven civilians in the town of Douma on Monday, the Observatory said. "
            "Previously, government shelling had killed 40 people in the town of Harasta, activists said.")
    incidents = extract_article(_article(text)).incidents
    assert len(incidents) == 1 and incidents[0].killed == Interval(low=7, high=7)


def test_an_article_recalling_only_an_earlier_incident_is_not_an_incident_of_today():
    text = ("The 2013 sarin attack on Ghouta killed more than 1,400 people, according to the United States. "
            "Diplomats met in Geneva on Monday to discuss the anniversary.")
    incidents = extract_article(_article(text)).incidents
    assert [(i.date, i.date_precision) for i in incidents] == [(dt.date(2013, 1, 1), "year")]


def test_a_statement_putting_the_toll_gives_the_toll_to_its_speaker():
    text = ('"We will respond," the army said in a statement, putting the death toll from the car bomb '
            'in Azaz at 12.')
    (incident,) = extract_article(_article(text)).incidents
    assert [(c.claimant, c.killed) for c in incident.claims] == [("the army", Interval(low=12, high=12))]


def test_a_sentence_opening_another_incident_does_not_join_the_one_told_not_from_gold():
    text = ("Mortar shells fired by militants on the Jamiliyeh neighborhood of Aleppo killed three civilians on "
            "Sunday, state media said. Other mortar shells fired on the Midan neighborhood injured five people. "
            "Earlier, a rocket hit a school in the same city and wounded two pupils.")
    incidents = extract_article(_article(text)).incidents
    assert incidents[0].killed == Interval(low=3, high=3) and incidents[0].injured is None
    assert {i.injured for i in incidents[1:]} >= {Interval(low=5, high=5)}


def test_the_same_incident_goes_on_after_also_and_meanwhile_not_from_gold():
    text = ("An air strike on a market in the town of Atareb killed 18 people on Monday, the Observatory said. "
            "More than 30 people were also wounded in the strike, it said. "
            "Meanwhile the civil defence said 21 people had been killed.")
    (incident, *_) = extract_article(_article(text)).incidents
    assert incident.injured == Interval(low=31, high=None)
    assert len(incident.claims) == 3


def test_a_month_of_fighting_or_weeks_of_strikes_is_no_incident_toll_not_from_gold():
    text = ("A car bomb killed six people in the town of Azaz on Tuesday, activists said. "
            "The monitor says a month of infighting in the province alone has killed nearly 300 fighters. "
            "Air strikes have killed dozens of civilians over the past several weeks, it said.")
    incidents = extract_article(_article(text)).incidents
    assert [i.killed for i in incidents] == [Interval(low=6, high=6)]
    assert [c.killed for c in incidents[0].claims] == [Interval(low=6, high=6)]


def test_page_furniture_and_further_victims_elsewhere_are_not_this_incidents_claims_not_from_gold():
    text = ("A barrel bomb killed nine people in the town of Jisr al-Shughur on Monday, the civil defence said. "
            "A further 14 people were killed in strikes on other towns of the province, it said. "
            "The blast comes two days after an attack on the same market that killed 11 people. "
            "120 Related Army Retakes Town Near Hama Dozens Killed In Raids On Idlib Villages Rebels Shell "
            "Aleppo Districts Killing Five")
    incidents = extract_article(_article(text)).incidents
    assert [c.killed for c in incidents[0].claims] == [Interval(low=9, high=9)]
    assert all(i.killed != Interval(low=120, high=120) for i in incidents)


def test_an_attributed_figure_after_an_aside_on_an_earlier_attack_is_the_main_incidents_not_from_gold():
    text = ("Dozens of people were killed in a gas attack on the town of Saraqeb on Tuesday, activists said. "
            "The worst such attack was a sarin attack in August 2013 on Ghouta that killed hundreds of civilians. "
            "The opposition coalition condemned the strike on Saraqeb. "
            "It said the planes fired missiles carrying chlorine, killing 31 people.")
    incidents = extract_article(_article(text)).incidents
    main = incidents[0]
    assert Interval(low=31, high=31) in [c.killed for c in main.claims]
    assert all(Interval(low=31, high=31) not in [c.killed for c in i.claims] for i in incidents[1:])


def test_whom_a_claimant_blames_is_read_from_its_next_words_not_from_gold():
    text = ("The Observatory said 14 civilians were killed in the town of Atareb on Monday. "
            "It blamed Russian warplanes for the raids. "
            "Local activists said 16 people died.")
    (incident, *_) = extract_article(_article(text)).incidents
    blames = {c.claimant: c.blames for c in incident.claims}
    assert blames["The Observatory"] == "russia"
    assert blames["Local activists"] is None


def test_a_running_total_of_one_side_killed_in_syria_is_no_claim_not_from_gold():
    article = Article(
        id="t-total",
        outlet="outlet",
        text=("A Turkish army drone was shot down near Afrin on Sunday killing two soldiers, the army said. "
              "It brought the total number of Turkish soldiers killed in Syria this winter to 41."),
        published=dt.date(2018, 2, 12),
    )
    claims = extract_article(article).incidents[0].claims
    assert [c.killed for c in claims] == [Interval(low=2, high=2)]


def test_a_toll_since_a_day_of_the_fighting_is_a_claim_not_from_gold():
    # "since Tuesday morning" bounds the fighting being told; "since the war began" is a war-wide total
    article = Article(
        id="t-since",
        outlet="outlet",
        text=("Fierce clashes broke out near the town of Khan Tuman on Tuesday. The monitor said 25 government "
              "soldiers and 31 rebels had been killed in the clashes since Tuesday morning. "
              "More than 400,000 people have been killed since the war began in 2011."),
        published=dt.date(2016, 5, 6),
    )
    claims = extract_article(article).incidents[0].claims
    assert [(c.claimant, c.killed) for c in claims] == [("The monitor", Interval(low=56, high=56))]


def test_a_toll_of_a_campaign_or_of_the_past_week_is_no_claim_not_from_gold():
    # a campaign or "the past week" spans many strikes: neither is the toll of the strike told
    article = Article(
        id="t-campaign",
        outlet="outlet",
        text=("Government helicopters dropped barrel bombs on a market in Maarat al-Numan on Thursday, killing "
              "nine people, a rescue worker said. More than 300 people have been killed in the air campaign "
              "against Idlib province since Sunday. The monitor said 120 civilians were recorded killed in the "
              "province during the past week."),
        published=dt.date(2016, 6, 3),
    )
    incidents = extract_article(article).incidents
    claims = [c for incident in incidents for c in incident.claims]
    assert [(c.claimant, c.killed) for c in claims] == [("a rescue worker", Interval(low=9, high=9))]


def test_the_news_not_the_earlier_attack_it_follows_not_from_gold():
    article = Article(
        id="t-after", outlet="outlet", title="Six killed in Aleppo bomb",
        text=("Four days after a car bomb killed 126 evacuees at Rashidin, another bomb struck the Salaheddin "
              "district of Aleppo on Wednesday, killing six people, state media said."),
        published=dt.date(2017, 4, 20),
    )
    incident = extract_article(article).incidents[0]
    assert (incident.place, incident.date, incident.killed) == ("Salaheddin", dt.date(2017, 4, 19),
                                                                Interval(low=6, high=6))


def _main_incident(text, published):
    return extract_article(_article(text, published)).incidents[0]


def test_a_later_sentence_dates_the_event_the_lead_only_reports_not_from_gold():
    incident = _main_incident(
        "Evidence suggests government forces were responsible for a poison gas attack that killed more than "
        "300 people, a rights group said on Tuesday. The group issued its report in New York. "
        "The chemical attack near Hama on March 30 killed more than 300 people.", dt.date(2017, 4, 20))
    assert (incident.date, incident.date_precision) == (dt.date(2017, 3, 30), "day")


def test_the_day_of_a_call_about_the_attack_does_not_date_it_not_from_gold():
    incident = _main_incident(
        "The foreign minister urged an investigation into the recent chemical attack in Syria. He made the "
        "call during phone conversations on Monday with his Russian counterpart. The officials discussed "
        "the chemical attack in the town of Saraqeb which killed at least 40 people.", dt.date(2017, 4, 20))
    assert incident.date != dt.date(2017, 4, 17)  # Monday: the call's day
    assert "date" not in incident.spans  # no day of the attack is stated


def test_people_killed_are_mixed_when_other_figures_name_civilians_and_fighters_not_from_gold():
    incident = _main_incident(
        "Airstrikes killed 25 people in the town of Kafr Nabl on Monday, activists said. "
        "The monitor said 14 civilians were killed there, and a rebel commander said nine fighters died.",
        dt.date(2016, 5, 3))
    assert (incident.killed, incident.victims) == (Interval(low=25, high=25), "mixed")


def test_also_with_another_attacker_is_another_incident_not_from_gold():
    extraction = extract_article(_article(
        "Russian air strikes on rebel-held eastern Aleppo killed 15 civilians on Thursday, the Observatory said. "
        "The group also reported eight civilians were killed on Thursday in rebel fire on the government-held west "
        "of the city. The Observatory also said the Russian strikes wounded 30 people.", dt.date(2016, 8, 26)))
    main, *others = extraction.incidents
    assert [(c.killed, c.injured) for c in main.claims] == [(Interval(low=15, high=15), None),
                                                             (None, Interval(low=30, high=30))]
    assert [(o.perpetrator, o.killed) for o in others] == [("opposition_rebels", Interval(low=8, high=8))]


def test_another_attacker_without_also_is_a_claim_on_the_same_incident_not_from_gold():
    # sources that blame different parties for one strike stay in one ledger
    main = _main_incident(
        "An air strike killed 20 people in the town of Atareb on Monday. Activists said Russian jets carried "
        "out the strike, which killed 20 civilians. State media said rebel shelling killed 20 people in the town.",
        dt.date(2017, 11, 14))
    assert len(main.claims) == 3


def _first_incident(title, text, published):
    """Return the main incident of an article with a title, as FA-KES rows come."""
    article = Article(id="t-header", outlet="outlet", title=title, text=text, published=published)
    return extract_article(article).incidents[0]


def test_the_header_run_into_the_lead_is_neither_a_toll_nor_a_claim_not_from_gold():
    # the headline (without the site's name) and a dateline run into the lead unpunctuated: the
    # headline's "7" is neither the toll nor a claim; without the header read apart, the lead's
    # claim took the headline's figure
    incident = _first_incident(
        "Car bomb kills 7 in Azaz - Site News",
        "Car bomb kills 7 in Azaz Monday 3 April 2017 At least nine people were killed by a car bomb in the "
        "town of Azaz on Sunday activists said.",
        dt.date(2017, 4, 3))
    assert incident.killed == Interval(low=9, high=None)
    assert [(c.claimant, c.killed) for c in incident.claims] == [("activists", Interval(low=9, high=None))]


def test_the_lead_after_a_headline_and_agency_dateline_keeps_its_own_wording_not_from_gold():
    # the headline says "12", the lead "at least 12": the lead's open interval is the claim
    incident = _first_incident(
        "12 Syrian troops killed in Palmyra clashes Monitor - Region - World - Ahram Online",
        "12 Syrian troops killed in Palmyra clashes Monitor AFP Tuesday 5 May 2015 At least 12 Syrian soldiers "
        "were killed on Tuesday in clashes near Palmyra a monitor said. 1940 UTC+3 The clashes went on.",
        dt.date(2015, 5, 5))
    assert [(c.claimant, c.killed) for c in incident.claims] == [("a monitor", Interval(low=12, high=None))]
    assert incident.killed == Interval(low=12, high=None)


def test_a_speaker_after_an_unpunctuated_statement_is_not_the_attack_not_from_gold():
    # the parser makes "a volley of shells ... killed six" the subject of "said"
    article = _article("A volley of shells from rebel positions killed six people and wounded 20 on Sunday in "
                       "the Mouhafaza district of Deir Ezzor city state television said.")
    (incident, *_) = extract_article(article).incidents
    assert [c.claimant for c in incident.claims] == ["state television"]


def _claimed_tolls(article):
    """Return (claimant, killed) of every claim of every incident of an article."""
    return [(c.claimant, c.killed) for incident in extract_article(article).incidents for c in incident.claims]


def _main_toll(article):
    """Return the killed interval of an article's main incident."""
    return extract_article(article).incidents[0].killed


@pytest.mark.parametrize("text, tolls", [
    # "strikes have killed hundreds" counts a campaign (the active perfect)
    ("A Russian strike killed 12 people in the town of Saraqeb on Monday, activists said. "
     "Activists say government strikes on the province have killed hundreds of civilians. "
     "The monitor has recorded thousands of people killed in the province.",
     [("activists", Interval(low=12, high=12))]),
    # "thousands" in a sentence telling no attack counts a war or a campaign
    ("Barrel bombs killed nine people in the town of Anadan on Thursday, the Observatory said. "
     "Thousands of civilians died as government forces retook the east of the city, rights groups said. "
     "According to the United Nations, hundreds of thousands of civilians have been killed, most "
     "of them by government forces.",
     [("the Observatory", Interval(low=9, high=9))]),
])
def test_counts_of_a_campaign_or_a_war_are_no_incident_toll_not_from_gold(text, tolls):
    assert _claimed_tolls(_article(text)) == tolls


@pytest.mark.parametrize("text, toll", [
    # "hundreds have been killed in the attack" is a toll (the passive)
    ("Hundreds of people have been killed in a gas attack on the town of Zamalka, "
     "opposition activists said on Wednesday.", Interval(low=200, high=None)),
    # an attack's own sentence keeps its "thousands", in Syria too
    ("Thousands of people were killed when the dam burst after an air strike near Tabqa, "
     "local officials said on Friday.", Interval(low=2000, high=None)),
    ("Thousands of people were killed when a chemical attack hit the Syrian town of Zamalka on Wednesday, "
     "activists said.", Interval(low=2000, high=None)),
])
def test_a_vague_count_in_an_attacks_own_sentence_is_its_toll_not_from_gold(text, toll):
    assert _main_toll(_article(text)) == toll


def test_a_toll_after_a_sentence_setting_another_scene_is_that_scenes_not_from_gold():
    # "In Iraq, ... attacked X. At least 20 were killed": the toll names no place of its own
    text = ("Air strikes killed 12 civilians in the town of Saraqeb in Idlib province on Monday, activists said. "
            "In Iraq, the army said it had repelled an attack by militants on a checkpoint near Tikrit. "
            "At least 20 militants died in the fighting, an army statement said.")
    main, *others = extract_article(_article(text)).incidents
    assert [c.claimant for c in main.claims] == ["activists"]
    iraq = next(i for i in others if i.admin1 == "Iraq")
    assert [(c.claimant, c.killed) for c in iraq.claims] == [("an army statement", Interval(low=20, high=None))]
    # a place named later in a sentence sets no scene: the toll goes on with the story told
    text = ("A car bomb killed nine people in the town of Azaz on Monday, activists said. "
            "Officials said the bombing answered the army's advance near Tikrit in Iraq. "
            "Four more people later died of their wounds, the activists said.")
    main, *_ = extract_article(_article(text)).incidents
    assert [(c.claimant, c.killed) for c in main.claims] == [
        ("activists", Interval(low=9, high=9)), ("activists", Interval(low=4, high=4))]
    # the latest attack told decides: after the scene abroad, the story came back home
    text = ("Air strikes killed 12 civilians in the town of Saraqeb in Idlib province on Monday, activists said. "
            "In Iraq, the army said it had repelled an attack by militants on a checkpoint near Tikrit. "
            "Government jets also bombed a market in the town of Ariha. At least 20 people died, activists said.")
    assert all(i.admin1 != "Iraq" for i in extract_article(_article(text)).incidents)


def test_a_group_that_claims_responsibility_did_it_and_does_not_state_the_toll_not_from_gold():
    article = _article("The Jund al-Aqsa group on Sunday claimed responsibility for a car bombing that killed 14 "
                       "fighters at a checkpoint near Ariha.")
    (incident, *_) = extract_article(article).incidents
    assert [c.claimant for c in incident.claims] == ["test"]  # the group owns the attack, not the figure
    article = _article("Islamic State claimed responsibility for a suicide bombing that killed 20 soldiers near "
                       "the town of Tal Abyad on Sunday.")
    (incident, *_) = extract_article(article).incidents
    assert incident.perpetrator == "isis"
    assert [c.claimant for c in incident.claims] == ["test"]


def test_a_photo_caption_in_the_lead_does_not_date_the_incident_not_from_gold():
    article = Article(
        id="t-caption", outlet="outlet", published=dt.date(2016, 12, 20),
        title="Kurd-led forces press Islamic State near Tabqa",
        text=("December 20 2016 Kurd-led forces press Islamic State near Tabqa. Kurdish-led fighters captured several "
              "villages near Tabqa killing 12 militants a monitor said. Fighters walk in Tal Samin village north of "
              "Raqqa city Syria November 19 2016. REUTERS/Staff The advance is part of a campaign to take Raqqa."),
    )
    (incident, *_) = extract_article(article).incidents
    assert incident.date == dt.date(2016, 12, 20)


def test_a_story_sentence_ending_with_its_date_is_no_caption_not_from_gold():
    # captions tell in the present tense; a past-tense sentence ending with a full date is the story's
    article = Article(id="t-dated", outlet="outlet", published=dt.date(2016, 11, 21),
                      text=("Russian jets struck the market of Maarat al-Numan in Idlib province on November 19, 2016. "
                            "At least 14 civilians were killed, activists said."))
    (incident, *_) = extract_article(article).incidents
    assert (incident.perpetrator, incident.date) == ("russia", dt.date(2016, 11, 19))


def test_a_share_widget_before_the_lead_is_no_part_of_its_speaker_not_from_gold():
    # a news site's share widget run into the lead made "Get" the clause's verb and the
    # ministry its object; set apart, the ministry reports the toll
    text = ("12.03.2017(updated 1400 12.03.2017) Get short URL 4512 Russias Defence Ministry has "
            "reported the destruction of a militant headquarters near Palmyra with about 40 militants killed. "
            "The ministry added that three commanders were among the dead.")
    article = Article(id="t-widget", outlet="outlet", published=dt.date(2017, 3, 12), text=text)
    claims = extract_article(article).incidents[0].claims
    assert [(c.claimant, c.killed) for c in claims][:1] == [("Russias Defence Ministry", Interval(low=40, high=40))]


def test_a_claim_of_responsibility_after_the_lead_names_the_attacker_not_from_gold():
    text = ("A car bomb exploded near a checkpoint in Qamishli on Saturday, killing at least 12 people, "
            "state media said. The blast damaged several shops. The Islamic State group claimed "
            "responsibility for the attack in a statement on its news agency.")
    article = Article(id="t-claimed", outlet="outlet", published=dt.date(2016, 7, 30), text=text)
    assert extract_article(article).incidents[0].perpetrator == "isis"
    # no one claiming it names no one
    text = text.replace("The Islamic State group claimed", "No group has claimed")
    article = Article(id="t-unclaimed", outlet="outlet", published=dt.date(2016, 7, 30), text=text)
    assert extract_article(article).incidents[0].perpetrator == "unknown"
