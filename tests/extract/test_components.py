"""The spaCy components are factories registered under versioned names when their module is imported."""

from __future__ import annotations

import spacy
from spacy.language import Language

import warclaims.extract.components  # noqa: F401  # registers the factories
from warclaims.extract.casualties import COMPONENT_NAME, DOC_ATTR
from warclaims.extract.places import PLACES_COMPONENT, SPAN_KEY
from warclaims.extract.pipeline import build_nlp


def test_the_factories_are_registered_with_versioned_names():
    assert (PLACES_COMPONENT, COMPONENT_NAME) == ("warclaims_places_v1", "warclaims_casualties_v1")
    assert Language.has_factory(PLACES_COMPONENT) and Language.has_factory(COMPONENT_NAME)


def test_the_extraction_pipeline_adds_them_by_name_after_the_model():
    assert build_nlp().pipe_names[-2:] == [PLACES_COMPONENT, COMPONENT_NAME]


def test_a_pipeline_built_by_name_finds_places_and_casualty_figures():
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    pipe.add_pipe(PLACES_COMPONENT)
    doc = pipe("Shelling hit Jobar in Eastern Ghouta.")
    assert [span.text for span in doc.spans[SPAN_KEY]] == ["Jobar", "Eastern Ghouta"]
    parsed = build_nlp()("An air strike killed 12 civilians in Saraqeb on Monday.")
    [mention] = getattr(parsed._, DOC_ATTR)
    assert (mention.kind, mention.interval.low, mention.interval.high) == ("killed", 12, 12)
