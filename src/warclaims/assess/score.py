"""Scoring one article: model probability, fixed evidence priors, label and plain-word reasons.

The learned model is weak on its own (on FA-KES it learned nothing; see MODEL_CARD.md), so two
pieces of direct evidence move the score by fixed, documented amounts on top of it:

* a toll outside the range that independent claimants give for the same incident
  (``LEDGER_WEIGHT`` log-odds per unit of log distance, capped), or inside it with
  at least two independent claimants (``AGREE_BONUS``);
* a toll outside the interval that matched reference records give (``REFERENCE_WEIGHT``), or
  inside it (``AGREE_BONUS``); half as much for a match by governorate only;

and four sourcing priors, the casualty recorders' rules of thumb (Airwars, Every Casualty):

* the share of figures attributed to an identified source (``ATTRIBUTION_WEIGHT`` around one half);
* a figure from an independent recorder (monitor, international body, local rescuers),
  ``INDEPENDENT_BONUS``, or else every figure from a party to the conflict, ``PARTISAN_PENALTY``;
* sensational wording at or above ``SENSATIONAL_RATE`` words per 1,000 and at least
  ``SENSATIONAL_MIN`` words, ``SENSATIONAL_PENALTY``.

The signals behind all of these are kept out of the learned model (``features.SHIFT_ONLY``),
so no evidence is counted twice. When nothing moves the score by ``MIN_EFFECT`` the label is
``unverifiable``: the article, its peers and its sourcing say nothing either way.

These weights are not fitted to any label (they were set before measuring); the evaluation
applies them exactly as here. Where the learned model has no signal (FA-KES) they are what
moves the score of an article no other source reports.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

from warclaims.assess.features import AssessInput, categorical_features, collect_signals, model_item
from warclaims.assess.model import ModelBundle, load_model, score_item
from warclaims.assess.records import Credibility, Reason, Signal

LEDGER_WEIGHT = 0.8
REFERENCE_WEIGHT = 1.0
AGREE_BONUS = 0.3
MAX_SHIFT = 2.0
ATTRIBUTION_WEIGHT = 0.6
INDEPENDENT_BONUS = 0.2
PARTISAN_PENALTY = 0.2
SENSATIONAL_RATE = 5.0
SENSATIONAL_MIN = 2
SENSATIONAL_PENALTY = 0.2
MAX_REASONS = 4
MIN_EFFECT = 0.05
"""Pushes under this (log-odds, about one point of probability) are not worth a reason."""
INDEPENDENT_SIGNALS = ("claimant_monitor_ngo", "claimant_international_org", "claimant_activist_local")


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def signal_map(signals: Iterable[Signal]) -> dict[str, Signal]:
    """Return the signals by name."""
    return {s.name: s for s in signals}


def evidence_shifts(signals: dict[str, Signal]) -> dict[str, float]:
    """Return the fixed log-odds shifts from ledger and reference disagreement (name -> shift)."""
    shifts: dict[str, float] = {}
    toll = signals.get("toll_outside")
    if toll is not None and toll.value is not None:
        if toll.value != 0.0:
            shifts["toll_outside"] = -min(MAX_SHIFT, LEDGER_WEIGHT * abs(toll.value))
        else:
            claimants = signals.get("independent_claimants")
            if claimants is not None and (claimants.value or 0) >= 2:
                shifts["toll_outside"] = AGREE_BONUS
    ref = signals.get("ref_outside")
    if ref is not None and ref.value is not None:
        # A match by governorate only (ref_strength 0.5) moves the score half as far.
        strength = _value(signals, "ref_strength")
        weight = 1.0 if strength is None else strength
        shifts["ref_outside"] = weight * (-min(MAX_SHIFT, REFERENCE_WEIGHT * abs(ref.value)) if ref.value != 0.0
                                          else AGREE_BONUS)
    shifts.update(sourcing_shifts(signals))
    return shifts


def _value(signals: dict[str, Signal], name: str) -> float | None:
    sig = signals.get(name)
    return None if sig is None else sig.value


def sourcing_shifts(signals: dict[str, Signal]) -> dict[str, float]:
    """Return the fixed log-odds shifts of the sourcing priors (attribution, independence, wording)."""
    shifts: dict[str, float] = {}
    share = _value(signals, "attributed_share")
    if share is not None:  # none attributed (-0.3) is also stated as a fixed reason
        shifts["attributed_share"] = ATTRIBUTION_WEIGHT * (share - 0.5)
    independent = next((n for n in INDEPENDENT_SIGNALS if _value(signals, n) == 1.0), None)
    if independent is not None:
        shifts[independent] = INDEPENDENT_BONUS
    elif _value(signals, "partisan_share") == 1.0:
        shifts["partisan_share"] = -PARTISAN_PENALTY
    if sensational_words(signals) >= SENSATIONAL_MIN and (_value(signals, "lex_sensational") or 0.0) >= SENSATIONAL_RATE:
        shifts["lex_sensational"] = -SENSATIONAL_PENALTY
    return shifts


def sensational_words(signals: dict[str, Signal]) -> int:
    """Return how many sensational words the article uses (its rate times its length)."""
    rate, log_words = _value(signals, "lex_sensational"), _value(signals, "log_words")
    if rate is None or log_words is None:
        return 0
    return round(rate * math.exp(log_words) / 1000.0)


def shifted_score(p_model: float, signals: dict[str, Signal]) -> float:
    """Return the final score: the model probability moved by the evidence shifts."""
    return apply_shifts(p_model, evidence_shifts(signals))


def apply_shifts(p_model: float, shifts: dict[str, float]) -> float:
    """Return ``p_model`` moved by the sum of ``shifts`` on the log-odds scale."""
    return _sigmoid(_logit(p_model) + sum(shifts.values()))


GROUP_WORDS = {
    "outlet": "the outlet ({value}) weighs {dir} in the training data",
    "text": "its wording resembles articles labelled {label} in the training data",
    "event_type": "reports of this event type ({value}) lean {dir} in the training data",
    "perpetrator": "reports blaming {value} lean {dir} in the training data",
    "victims": "reports of {value} victims lean {dir} in the training data",
}


UNKNOWN_WORDS = {
    "outlet": "articles of unknown outlets lean {dir} in the training data",
    "event_type": "reports with no clear event type lean {dir} in the training data",
    "perpetrator": "reports naming no perpetrator lean {dir} in the training data",
    "victims": "reports not saying who the victims were lean {dir} in the training data",
}


NOTHING_MOVED = ("nothing in the article, its sourcing or other reports moved the score from the base rate, "
                 "so it says nothing either way")


def _reason_text(group: str, effect: float, signals: dict[str, Signal], categorical: dict[str, str]) -> str:
    direction = "towards credible" if effect > 0 else "towards doubtful"
    value = categorical.get(group)
    if group in GROUP_WORDS and value in ("unknown", "none", "other"):
        return UNKNOWN_WORDS[group].format(dir=direction)
    if group in GROUP_WORDS:
        return GROUP_WORDS[group].format(value=categorical.get(group, "?").replace("_", " "), dir=direction,
                                         label="credible" if effect > 0 else "fake")
    sig = signals.get(group)
    text = sig.evidence if sig is not None and sig.evidence else group.replace("_", " ")
    if group == "attributed_share" and effect < 0 and sig is not None and sig.value:
        return f"only {text}"  # partly attributed: the share is what counts against it
    return text


SOLE_SOURCE = "no other source reports this incident; the score leans on how its figures are sourced"


def fixed_reasons(signals: dict[str, Signal]) -> list[str]:
    """Return the reasons always stated when their condition holds, whatever their weight."""
    out = []
    sole = signals.get("only_source")
    if sole is not None and sole.value == 1.0:
        out.append(SOLE_SOURCE)
    share = signals.get("attributed_share")
    if share is not None and share.value == 0.0:
        out.append("no figure is attributed to an identified source")
    fig = signals.get("figures")
    if fig is not None and fig.value == 0.0:
        out.append("the article states no casualty figure that could be checked")
    return out


def build_reasons(model_push: dict[str, float], shifts: dict[str, float], signals: dict[str, Signal],
                  categorical: dict[str, str]) -> list[Reason]:
    """Return the reasons that moved the score most, strongest first, fixed reasons included."""
    effects = dict(model_push)
    for name, shift in shifts.items():
        effects[name] = effects.get(name, 0.0) + shift
    sole = signals.get("only_source")
    if sole is not None and sole.value == 1.0:
        # With no other source every ledger signal is "unmeasured": one reason says so, with their sum.
        for name in [n for n in effects if n in signals and signals[n].group == "ledger" and n != "only_source"]:
            effects["only_source"] = effects.get("only_source", 0.0) + effects.pop(name)
    ranked = sorted(((g, e) for g, e in effects.items() if abs(e) >= MIN_EFFECT), key=lambda ge: -abs(ge[1]))
    reasons: list[Reason] = []
    seen: set[str] = set()
    for text in fixed_reasons(signals):
        group = {"no other": "only_source", "no figure": "attributed_share", "the article": "figures"}
        name = next(v for k, v in group.items() if text.startswith(k))
        reasons.append(Reason(text=text, effect=round(effects.get(name, 0.0), 4), signal=name))
        seen.update({name, "other_sources"} if name == "only_source" else {name})
    fixed = len(reasons)
    for group, effect in ranked:
        if len(reasons) - fixed >= MAX_REASONS:
            break
        if group in seen or (group == "toll_in_range" and "toll_outside" in seen):
            continue
        text = _reason_text(group, effect, signals, categorical)
        reasons.append(Reason(text=text, effect=round(effect, 4), signal=group))
        seen.add(group)
        if group == "toll_outside":
            seen.add("toll_in_range")
    if not moved(reasons):
        reasons.append(Reason(text=NOTHING_MOVED, effect=0.0, signal="base_rate"))
    return sorted(reasons, key=lambda r: -abs(r.effect))


def moved(reasons: list[Reason]) -> bool:
    """Return True when some reason moved the score by at least ``MIN_EFFECT`` log-odds."""
    return any(abs(r.effect) >= MIN_EFFECT for r in reasons)


def label_for(score: float, signals: dict[str, Signal], threshold: float, reasons: list[Reason]) -> str:
    """Return ``credible``/``doubtful`` by ``threshold``, or ``unverifiable``.

    Unverifiable: no figure and no other source, or nothing moved the score (no reason of
    ``MIN_EFFECT``), where a label would only repeat the training base rate.
    """
    fig = signals.get("figures")
    sole = signals.get("only_source")
    if fig is not None and fig.value == 0.0 and sole is not None and sole.value == 1.0:
        return "unverifiable"
    if not moved(reasons):
        return "unverifiable"
    return "credible" if score >= threshold else "doubtful"


def assess(data: AssessInput, bundle: ModelBundle | None = None) -> Credibility:
    """Return the Credibility of one article (score in [0, 1], label, reasons, signals)."""
    bundle = bundle or load_model()
    signals = collect_signals(data)
    by_name = signal_map(signals)
    item = model_item(data, signals)
    p_model, pushes = score_item(bundle, item)
    shifts = evidence_shifts(by_name)
    final = apply_shifts(p_model, shifts)
    categorical = categorical_features(data)
    reasons = build_reasons(pushes, shifts, by_name, categorical)
    return Credibility(
        article_id=data.article.id, score=round(final, 4), label=label_for(final, by_name, bundle.threshold, reasons),
        reasons=reasons, signals=signals, model_version=str(bundle.info.get("model_version", "")),
        assessed_at=dt.datetime.now(dt.UTC),
    )
