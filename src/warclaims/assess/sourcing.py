"""Sourcing signals: who the figures are attributed to, and how the article words them.

Pure functions of an article's text and its extraction; no store, no model.
"""

from __future__ import annotations

import re
from collections import Counter

from warclaims.assess.lexicon import load_lexicon
from warclaims.assess.records import Signal
from warclaims.models import CLAIMANT_TYPES, Article, ArticleExtraction, Claim

# Claimant types that speak for a party to the conflict (not independent observers).
PARTISAN_TYPES = ("government", "military", "state_media", "rebel_group")
TYPE_WORDS = {
    "government": "government officials",
    "military": "a military",
    "state_media": "state media",
    "monitor_ngo": "a monitoring group",
    "activist_local": "local activists or rescuers",
    "rebel_group": "a rebel group",
    "international_org": "an international organisation",
    "news_outlet": "the outlet itself, unattributed",
    "other": "an unclassified claimant",
}


def article_claims(extraction: ArticleExtraction | None) -> list[Claim]:
    """Return every claim of the extraction, main incident first."""
    if extraction is None:
        return []
    return [c for inc in sorted(extraction.incidents, key=lambda i: i.index) for c in inc.claims]


OWN_STAFF = re.compile(r"\b(correspondent|reporter|our|staff)\b", re.IGNORECASE)
ANONYMOUS = re.compile(r"^(an?|the)?\s*(unnamed\s+|informed\s+)?sources?$", re.IGNORECASE)


def is_named(claim: Claim, outlet: str | None) -> bool:
    """Return True when the claim is attributed to an identified source other than the outlet itself.

    Not named: no claimant; the outlet or its own staff ("SANA reporter in Aleppo"); a bare
    "the sources"; and claimants the extractor could not type ("other": often not a source at
    all but a weapon or a place read as one).
    """
    name = (claim.claimant or "").strip()
    own = (outlet or "").strip().lower()
    if not name or claim.claimant_type == "other" or ANONYMOUS.match(name):
        return False
    if claim.claimant_type == "news_outlet" and (not own or OWN_STAFF.search(name)):
        return False
    lowered = name.lower()
    return lowered != own and not (own and own in lowered and OWN_STAFF.search(name))


def word_count(text: str) -> int:
    """Return the number of whitespace-separated words (at least 1)."""
    return max(1, len(text.split()))


def sourcing_signals(article: Article, extraction: ArticleExtraction | None) -> list[Signal]:
    """Return the sourcing signals: attribution share, claimant types, and lexicon rates."""
    claims = article_claims(extraction)
    figures = [c for c in claims if c.killed is not None or c.injured is not None]
    named = [c for c in figures if is_named(c, article.outlet)]
    types = Counter(c.claimant_type for c in figures)
    out = [
        Signal(
            name="figures",
            value=float(len(figures)),
            group="sourcing",
            evidence=f"{len(figures)} casualty figure(s) stated",
        ),
        Signal(
            name="attributed_share",
            value=(len(named) / len(figures)) if figures else None,
            group="sourcing",
            evidence=(
                f"{len(named)} of {len(figures)} figure(s) attributed to an identified source"
                + (f" ({', '.join(sorted({c.claimant for c in named})[:3])})" if named else "")
            )
            if figures
            else "no casualty figure",
        ),
    ]
    for ctype in CLAIMANT_TYPES:
        names = sorted({c.claimant for c in figures if c.claimant_type == ctype and c.claimant})
        words = TYPE_WORDS[ctype]
        evidence = (f"a figure comes from {words} ({', '.join(names[:2])})" if names
                    else f"no figure comes from {words}")
        if ctype == "news_outlet":
            evidence = ("a figure is given by the outlet itself, unattributed" if names
                        else "every figure is attributed to someone other than the outlet")
        out.append(Signal(name=f"claimant_{ctype}", value=float(types.get(ctype, 0) > 0), group="sourcing",
                          evidence=evidence))
    partisan = [c for c in figures if c.claimant_type in PARTISAN_TYPES]
    who = sorted({c.claimant for c in partisan if c.claimant})
    out.append(
        Signal(
            name="partisan_share",
            value=(len(partisan) / len(figures)) if figures else None,
            group="sourcing",
            evidence=(f"{len(partisan)} of {len(figures)} figure(s) come from a party to the conflict"
                      + (f" ({', '.join(who[:2])})" if who else "")),
        )
    )
    out.extend(lexicon_signals(full_text(article)))
    return out


def full_text(article: Article) -> str:
    """Return the title and body the lexicon (and the model's text block) read."""
    return f"{article.title or ''}\n{article.text}"


def lexicon_signals(text: str) -> list[Signal]:
    """Return the per-1,000-word rates of hedging, certainty, sensational and sectarian words."""
    lex = load_lexicon()
    words = word_count(text)
    out = []
    for category, n in lex.count(text).items():
        seen = lex.matches(text, category)
        out.append(
            Signal(
                name=f"lex_{category}",
                value=1000.0 * n / words,
                group="sourcing",
                evidence=f"{n} {category} word(s)" + (f": {', '.join(seen)}" if seen else ""),
            )
        )
    return out
