"""Training the credibility model from a labelled FA-KES-layout CSV (reproducibly).

Same data, same seed and same library versions give the same model: the L2 strength is
chosen by a seeded inner CV, the solver is deterministic, and the file records the data's
sha256, the versions, the extractor version, the inner-CV summary and the date.
"""

from __future__ import annotations

from pathlib import Path

from warclaims.assess.corpus import Extractor, build_inputs, read_labelled
from warclaims.assess.evaluate import cross_validate
from warclaims.assess.features import model_item
from warclaims.assess.model import MODEL_FORMAT, SEED, ModelBundle, fit_model, save_model, today, versions


def train(path: str | Path, out: str | Path | None = None, *, seed: int = SEED, extractor: Extractor | None = None,
          cache_dir: str | None = None, metrics: dict | None = None, cv_folds: int = 0) -> ModelBundle:
    """Return the model trained on the CSV at ``path``, written to ``out`` when given.

    With ``cv_folds`` > 1 the model file also records the stratified CV metrics of model and
    baseline, measured on the same extractions before the final fit.
    """
    corpus = read_labelled(path)
    inputs = build_inputs(corpus.articles, extractor, cache_dir)
    if cv_folds > 1:
        metrics = (metrics or {}) | {f"cv{cv_folds}": cross_validate(corpus, cv_folds, seed, inputs=inputs).to_dict()}
    items = [model_item(x) for x in inputs]
    bundle = fit_model(items, corpus.labels, seed)
    ext_versions = sorted({x.extraction.extractor_version for x in inputs if x.extraction is not None})
    bundle.info.update({
        "model_version": f"credibility-f{MODEL_FORMAT}-{corpus.sha256[:10]}",
        "trained": today(),
        "data_file": Path(corpus.path).name,
        "data_sha256": corpus.sha256,
        "n_train": len(corpus.labels),
        "n_credible": int(sum(corpus.labels)),
        "extractor_version": ",".join(v for v in ext_versions if v),
        "versions": versions(),
        "metrics": metrics or {},
    })
    if out is not None:
        save_model(bundle, out)
    return bundle
