"""The extraction's spaCy components, registered with spaCy as factories with versioned names.

Importing this module registers them (``@Language.factory``), so a pipeline adds them by name::

    nlp.add_pipe("warclaims_places_v1")      # place spans in doc.spans["warclaims_places"]
    nlp.add_pipe("warclaims_casualties_v1")  # CasualtyMention list in doc._.wc_casualties

The version is part of the name: a change of a component's output is a new name. (spaCy's
registered functions are versioned ``name.v1``, but a factory name may not hold a dot.) The
components' code is in :mod:`~warclaims.extract.places` and :mod:`~warclaims.extract.casualties`.
This module imports spaCy at its top, so :func:`warclaims.extract.pipeline.build_nlp` loads it
through :func:`warclaims._lazy.require` when it builds the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from warclaims.extract import casualties, places

# A Doc parsed without the casualty component reads ``doc._.wc_casualties`` as None
# (see warclaims.extract.context), so the extension is set with the factories.
if not Doc.has_extension(casualties.DOC_ATTR):
    Doc.set_extension(casualties.DOC_ATTR, default=None)


@Language.factory(places.PLACES_COMPONENT)
def make_places(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Return the place component of ``nlp`` (its PhraseMatcher built on the pipeline's own tokenizer)."""
    return places.make_places_component(nlp, name)


@Language.factory(casualties.COMPONENT_NAME)
def make_casualties(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Return the casualty component (``doc._.wc_casualties``: the figures bound to killed or injured)."""
    return casualties.casualties_component
