"""The records and errors the API takes and returns, for its callers (the CLI, the web app).

They are defined once, in :mod:`warclaims.models` and :mod:`warclaims.errors`; this module only
names them, so a caller of the API needs no other warclaims import. It imports nothing heavy
(no store, no spaCy): ``warclaims extract`` loads it on its cold path.
"""

from __future__ import annotations

from warclaims.errors import WARNING_CODES, E, WarclaimsError
from warclaims.models import (
    ADMIN1_SYRIA,
    CLAIMANT_TYPES,
    EVENT_TYPES,
    INCIDENT_FACTS,
    PERPETRATORS,
    VICTIM_TYPES,
    Article,
    ArticleExtraction,
    IngestFailure,
    first_known,
    format_interval,
    parse_date,
    to_dict,
)

__all__ = ["ADMIN1_SYRIA", "CLAIMANT_TYPES", "EVENT_TYPES", "INCIDENT_FACTS", "PERPETRATORS", "VICTIM_TYPES",
           "WARNING_CODES", "Article", "ArticleExtraction", "E", "IngestFailure", "WarclaimsError", "first_known",
           "format_interval", "parse_date", "to_dict"]
