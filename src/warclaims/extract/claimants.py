"""Claimant identity: one key per independent source, however outlets write its name.

"the Syrian Observatory for Human Rights", "the Britain-based Observatory" and "SOHR"
are one claimant; "Syrian state television", "SANA" and "state media" are one; an
unattributed figure is the outlet's own claim, keyed ``outlet:NAME``.

It sits in the extract stage (the floor that names claimants) so that both the extraction's
evaluation and reconciliation (which counts each claimant once) use it without an upward import.
"""

from __future__ import annotations

import re
import unicodedata

# (key, pattern): the first pattern that matches the folded name gives the key.
_ALIASES: tuple[tuple[str, str], ...] = (
    ("sohr", r"observatory|sohr|rami abdel? rahman|abdulrahman"),
    (
        "syrian_state_media",
        r"\bsana\b|state (?:news|media|television|tv|news agency)|syrian (?:television|tv)|"
        r"ikhbariya|syrian arab news agency",
    ),
    (
        "syrian_army",
        r"syrian (?:army|military|armed forces)|general command|army command|army source|"
        r"military source",
    ),
    (
        "syrian_government",
        r"syrian (?:government|regime|foreign ministry|health ministry|ministry)|damascus government",
    ),
    (
        "russia_mod",
        r"russian (?:army|military|defen[cs]e ministry|ministry of defen[cs]e|mod)|russia's defen[cs]e|"
        r"hmeimim|konashenkov|russian reconciliation",
    ),
    ("white_helmets", r"white helmets|civil defen[cs]e"),
    ("lcc", r"local coordination committees|\blcc\b"),
    (
        "coalition",
        r"(?:us|u s|american)[- ]led coalition|coalition (?:spokesman|statement|officials?)|centcom|"
        r"combined joint task force|pentagon",
    ),
    ("turkish_military", r"turkish (?:army|military|armed forces|general staff)|\btsk\b"),
    ("anadolu", r"anadolu"),
    ("aamaq", r"aamaq|amaq"),
    ("un", r"united nations|\bun\b|unicef|ocha|who\b|world health organi[sz]ation"),
    ("msf", r"doctors without borders|\bmsf\b|medecins sans frontieres"),
    ("sams", r"syrian american medical society|\bsams\b"),
    ("vdc", r"violations documentation cent(?:er|re)|\bvdc\b"),
    ("snhr", r"syrian network for human rights|\bsnhr\b"),
    ("ypg_sdf", r"\bypg\b|\bsdf\b|syrian democratic forces|kurdish (?:forces|militia)"),
)
_COMPILED = tuple((key, re.compile(pattern)) for key, pattern in _ALIASES)
_NOISE = re.compile(
    r"\b(the|a|an|said|says|according to|britain based|uk based|london based|monitoring group|"
    r"monitor|group|local|in [a-z -]+ province)\b"
)


def fold(text: str) -> str:
    """Return ``text`` folded for matching: ASCII, lower case, punctuation as spaces."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("'s", "s").replace("’s", "s")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def claimant_key(claimant: str, claimant_type: str = "other", outlet: str | None = None) -> str:
    """Return the normalised key of a claimant (``sohr``, ``syrian_state_media``, ``outlet:reuters``...).

    An empty claimant, or one equal to the article's outlet, is the outlet's own claim.
    Unknown names fall back to their folded words without filler ("local activists in
    Deir ez-Zor" -> ``activists deir ez zor``), prefixed by the claimant type so generic
    names ("activists", "officials") from different types stay apart.
    """
    name = fold(claimant or "")
    outlet_name = fold(outlet or "")
    if not name or (outlet_name and name == outlet_name):
        return f"outlet:{outlet_name or 'unknown'}"
    for key, pattern in _COMPILED:
        if pattern.search(name):
            return key
    if claimant_type == "news_outlet":
        return f"outlet:{name}"
    rest = " ".join(_NOISE.sub(" ", name).split()) or name
    return f"{claimant_type}:{rest}"
